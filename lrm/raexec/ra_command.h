// How one operation becomes a command line and an environment, per class
// (doc/lrm-raexec.md, reference lrm-ocf.md 1-4):
//   ocf        <agent> <op>; instance attributes as OCF_RESKEY_<name>, the
//              OCF_* identity variables and OCF_RESKEY_CRM_meta_* as
//              Pacemaker sets them
//   lsb        <script> <op>, monitor runs `status`
//   heartbeat  <script> [arg1 .. argN] <op>, monitor runs `status`; args are
//              the parameters named 1, 2, ... (haresources `Type::a1::a2`)
// Pure: the agent's path comes from locate_agent.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heartbeat/plumb/duration.h"
#include "heartbeat/plumb/status.h"
#include "lrm/lib/lrm_types.h"
#include "lrm/lib/rc_mapping.h"
#include "lrm/raexec/agent_dirs.h"

namespace ha::lrm {

using Env = std::map<std::string, std::string>;

// Heartbeat's default-action-timeout; every op has a timeout.
inline constexpr Millis kDefaultOpTimeout{20000};
// cluster-glue's lrmd: SIGTERM at the timeout, SIGKILL 5 s later.
inline constexpr Millis kDefaultKillGrace{5000};
inline constexpr std::size_t kDefaultMaxOutput = 64 * 1024;
// meta-data is read whole; big agents print tens of KiB.
inline constexpr std::size_t kDefaultMaxMetadataOutput = 1024 * 1024;

struct OpOptions {
    std::optional<Millis> timeout{};  // nullopt or <= 0: kDefaultOpTimeout
    Millis interval{0};               // recurring interval; 0 for one-shot ops and probes
    // Further CRM_meta_* values ("clone_max", "notify_type", "migrate_target"...),
    // named without the prefix; dashes become underscores.
    Params meta{};
    // Added to every agent's environment, over the inherited one (the v1
    // resource manager passes HA_* here).
    Env extra_env{};
    Millis kill_grace = kDefaultKillGrace;    // SIGTERM to SIGKILL after a timeout
    std::optional<std::size_t> max_output{};  // per stream; nullopt: per-op default
    HbStatusRule hb_status_rule = HbStatusRule::kResourceManager;

    Millis effective_timeout() const {
        return timeout && *timeout > Millis(0) ? *timeout : kDefaultOpTimeout;
    }
};

// The word the agent receives for `op` in `rsc_class` ("status" for an LSB
// or heartbeat-class monitor).
std::string agent_op_word(RscClass rsc_class, OpName op);

struct AgentCommand {
    std::vector<std::string> argv;
    Env env;  // the complete environment
};

// Builds the command for `op` on `rsc` found at `where`. `base_env` is the
// environment agents inherit; instance variables in it (OCF_RESKEY_*,
// OCF_RESOURCE_*, OCF_CHECK_LEVEL) are dropped so one resource's settings
// never leak into another's. PATH defaults to /usr/sbin:/usr/bin:/sbin:/bin.
AgentCommand build_command(const ResourceSpec& rsc, OpName op, const OpOptions& options,
                           const AgentLocation& where, const Env& base_env);

// Our own environment, for base_env.
Env inherited_environment();

}  // namespace ha::lrm
