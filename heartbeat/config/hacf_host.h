// The ha.cf checks that depend on the machine heartbeat runs on: the local
// node name, users and groups (apiauth, respawn), network interfaces and
// serial devices (media), resolvable host names, executables, /etc/services.
// The checks are pure functions of a HostFacts value; gather_host_facts() is
// the thin part that asks the system, about the names the config mentions.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "heartbeat/config/diagnostic.h"
#include "heartbeat/config/ha_cf.h"
#include "heartbeat/plumb/paths.h"

namespace ha::hb {

enum class PathKind { kMissing, kRegular, kDirectory, kCharDevice, kOther };

struct PathFacts {
    PathKind kind = PathKind::kMissing;
    bool executable = false;
};

struct HostFacts {
    // Of the names the configuration mentions, those that exist. Names that
    // start with a digit are numeric ids and need no lookup (heartbeat atoi()s
    // them).
    std::set<std::string, std::less<>> users;
    std::set<std::string, std::less<>> groups;
    std::set<std::string, std::less<>> interfaces;
    std::set<std::string, std::less<>> resolvable_hosts;
    std::map<std::string, PathFacts, std::less<>> paths;
    std::map<int, std::string> udp_services;  // port -> service name (/etc/services)
    std::optional<int> ha_cluster_port;       // the "ha-cluster/udp" service, if listed
    bool haresources_exists = false;
};

// Fills the values heartbeat takes from the machine: the default udpport
// (ha-cluster/udp from /etc/services, else 694) and the ports of bcast/ucast
// media that were read before any udpport line.
void apply_host_defaults(HaCf& cfg, const HostFacts& facts);

// The local node must be a `node` of ha.cf (unless autojoin any). Pure.
Diagnostics check_local_node(const HaCf& cfg, std::string_view local_node,
                             std::string_view filename);

// Checks `cfg` (parsed from `filename`) against the facts, all but the local
// node name. Pure.
Diagnostics check_ha_cf_host(const HaCf& cfg, const HostFacts& facts, std::string_view filename);

// The local node name as heartbeat chooses it: HA_NODENAME (ours) when set,
// else the first line of /etc/ha.d/nodeinfo when non-empty, else uname -n;
// lower-cased.
std::string choose_local_node(std::string_view env_nodename, std::string_view nodeinfo_text,
                              std::string_view uname_name);

// Asks the system (environment, uname, nodeinfo under `paths`).
std::string gather_local_node(const Paths& paths);
// Asks the system about everything `cfg` mentions. haresources is looked up
// under `paths`; program, device and directory paths are used as written.
HostFacts gather_host_facts(const HaCf& cfg, const Paths& paths);

}  // namespace ha::hb
