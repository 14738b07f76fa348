// Where agents of each class live and how one is found (doc/lrm-raexec.md):
//   heartbeat  <root>/etc/ha.d/resource.d/<type>, then <root>/etc/init.d/<type>
//              (ResourceManager's scriptpath: the first executable file wins)
//   lsb        <root>/etc/init.d/<type>
//   ocf        <OCF_ROOT>/resource.d/<provider>/<type>
// <root> is HA_ROOT (ha::Paths). OCF_ROOT, when set in our environment, is
// used as is; otherwise <root>/usr/lib/ocf is searched and then, when HA_ROOT
// is set, the real /usr/lib/ocf, so the distribution's agents (Debian's
// resource-agents) run unchanged beside per-node test agents. An agent is
// told the OCF_ROOT it was found under.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "heartbeat/plumb/paths.h"
#include "heartbeat/plumb/status.h"
#include "lrm/lib/lrm_types.h"

namespace ha::lrm {

inline constexpr std::string_view kResourceDir = "/etc/ha.d/resource.d";
inline constexpr std::string_view kInitDir = "/etc/init.d";
inline constexpr std::string_view kDefaultOcfRoot = "/usr/lib/ocf";

struct AgentDirs {
    std::vector<std::string> heartbeat;  // searched in order
    std::vector<std::string> lsb;
    std::vector<std::string> ocf_roots;  // OCF_ROOT candidates, in order

    // The layout above for `paths`; `ocf_root_env` is $OCF_ROOT ("" = unset).
    static AgentDirs standard(const Paths& paths, std::string_view ocf_root_env = {});
    // standard(Paths::from_environment(), getenv("OCF_ROOT")).
    static AgentDirs from_environment();
};

struct AgentLocation {
    std::string path;      // the agent to execute
    std::string ocf_root;  // OCF class: the root it was found under, else ""
};

// Finds the agent of `rsc` (which must have passed validate()). Errors:
// kNotFound naming every place looked at; kPermission when the only
// candidates found are not executable regular files.
Result<AgentLocation> locate_agent(const ResourceSpec& rsc, const AgentDirs& dirs);

}  // namespace ha::lrm
