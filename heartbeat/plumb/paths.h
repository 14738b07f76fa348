// Where a node's files live. Every absolute path of the stack (/etc/ha.d,
// /var/lib/heartbeat, /var/run/heartbeat, /usr/lib/ocf ...) is resolved under
// HA_ROOT when it is set, so many nodes can run on one machine; the node name
// is HA_NODENAME when set, else `uname -n`, lower-cased as heartbeat does.
#pragma once

#include <string>
#include <string_view>

namespace ha {

class Paths {
public:
    // Root "" means the real file system.
    explicit Paths(std::string root = "");
    // Reads HA_ROOT from the environment.
    static Paths from_environment();

    const std::string& root() const { return root_; }
    // "/etc/ha.d/ha.cf" -> "<root>/etc/ha.d/ha.cf". Relative paths are returned unchanged.
    std::string resolve(std::string_view absolute) const;

    std::string ha_dir() const { return resolve(kHaDir); }
    std::string ha_cf() const { return resolve(kHaCf); }
    std::string authkeys() const { return resolve(kAuthkeys); }
    std::string haresources() const { return resolve(kHaresources); }
    std::string state_dir() const { return resolve(kStateDir); }
    std::string run_dir() const { return resolve(kRunDir); }

    static constexpr std::string_view kHaDir = "/etc/ha.d";
    static constexpr std::string_view kHaCf = "/etc/ha.d/ha.cf";
    static constexpr std::string_view kAuthkeys = "/etc/ha.d/authkeys";
    static constexpr std::string_view kHaresources = "/etc/ha.d/haresources";
    static constexpr std::string_view kNodeinfo = "/etc/ha.d/nodeinfo";
    static constexpr std::string_view kStateDir = "/var/lib/heartbeat";
    static constexpr std::string_view kRunDir = "/var/run/heartbeat";

private:
    std::string root_;
};

// The local node name: `env_nodename` when non-empty, else `uname_name`;
// lower-cased.
std::string choose_node_name(std::string_view env_nodename, std::string_view uname_name);
// choose_node_name(getenv("HA_NODENAME"), uname -n).
std::string local_node_name();

}  // namespace ha
