// OCF resource-agent meta-data (ra-api-1.dtd, reference lrm-ocf.md 2.5):
// what `<agent> meta-data` prints, read into parameters and actions. Lenient
// where real agents vary (missing descriptions, no <parameters>, extra
// elements), strict where a value would be misread (a parameter or action
// without a name, a timeout that is not a duration); every error names the
// source, line and element.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heartbeat/plumb/duration.h"
#include "heartbeat/plumb/status.h"
#include "lrm/lib/lrm_types.h"

namespace ha::lrm {

struct RaParameter {
    std::string name;
    bool required = false;
    bool unique = false;
    std::optional<bool> reloadable;  // Pacemaker 2.x `reloadable`; absent in 1.0 agents
    bool deprecated = false;         // `deprecated="1"` or a <deprecated/> child
    std::string type = "string";     // <content type=...>: string, integer, boolean, time...
    std::optional<std::string> default_value;
    std::string shortdesc;  // trimmed; the lang="en" one when there are several
    std::string longdesc;
    int line = 0;
};

struct RaAction {
    std::string name;          // as written; may be one we do not run ("recover", "usage")
    std::optional<OpName> op;  // name as an OpName, when it is one
    std::optional<Millis> timeout;
    std::optional<Millis> interval;
    std::optional<Millis> start_delay;
    std::optional<int> depth;  // OCF_CHECK_LEVEL for monitor
    std::string role;          // "Master", "Slave", "Promoted"... or ""
    int line = 0;
};

struct RaMetadata {
    std::string name;         // <resource-agent name=...>
    std::string version;      // <resource-agent version=...>, the agent's own
    std::string api_version;  // <version>, the OCF API version ("1.0")
    std::string shortdesc;
    std::string longdesc;
    std::vector<RaParameter> parameters;
    std::vector<RaAction> actions;

    const RaParameter* parameter(std::string_view wanted) const;
    // The first action named `wanted`; with `interval`, the one with that
    // interval (monitors often appear once per role or depth).
    const RaAction* action(std::string_view wanted,
                           std::optional<Millis> interval = std::nullopt) const;
};

// `source` names the document in errors ("ocf:heartbeat:IPaddr2 meta-data").
Result<RaMetadata> parse_ocf_metadata(std::string_view xml, std::string_view source);

}  // namespace ha::lrm
