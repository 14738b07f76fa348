// Loading the whole heartbeat configuration of one node: ha.cf, authkeys and
// (in v1 mode) haresources, with the checks heartbeat 3.0.6 makes at start-up
// plus our warnings. Shared by ha_checkconf and the daemon's start-up.
#pragma once

#include <string>
#include <vector>

#include "heartbeat/config/authkeys.h"
#include "heartbeat/config/ha_cf.h"
#include "heartbeat/config/haresources.h"
#include "heartbeat/plumb/paths.h"

namespace ha::hb {

struct ConfigLoadOptions {
    // Check against this machine (users, interfaces, devices, host names,
    // /etc/services). Off: only what the files themselves say.
    bool host_checks = true;
};

struct NodeConfig {
    std::string local_node;
    HaCf hacf;
    AuthConfig auth;
    std::vector<ResourceGroup> resources;  // v1 mode only
    bool haresources_read = false;
    Diagnostics diagnostics;  // all files, in file order
    bool valid() const { return !has_errors(diagnostics); }
};

// Reads <root>/etc/ha.d/{ha.cf,authkeys,haresources}. haresources is required
// and checked in v1 mode (pacemaker off) only, as heartbeat does.
NodeConfig load_node_config(const Paths& paths, const std::string& local_node,
                            const ConfigLoadOptions& options = {});

// The effective configuration of all files, for ha_checkconf. No key
// material is printed.
std::string format_node_config(const NodeConfig& config);

}  // namespace ha::hb
