#include "heartbeat/plumb/paths.h"

#include <sys/utsname.h>

#include <cstdlib>

#include "heartbeat/plumb/strings.h"

namespace ha {

Paths::Paths(std::string root) : root_(std::move(root)) {
    while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
    if (root_ == "/") root_.clear();
}

Paths Paths::from_environment() {
    const char* r = std::getenv("HA_ROOT");
    return Paths(r ? r : "");
}

std::string Paths::resolve(std::string_view absolute) const {
    if (absolute.empty() || absolute.front() != '/') return std::string(absolute);
    if (root_.empty()) return std::string(absolute);
    if (starts_with(absolute, root_ + "/")) return std::string(absolute);  // already resolved
    return root_ + std::string(absolute);
}

std::string choose_node_name(std::string_view env_nodename, std::string_view uname_name) {
    std::string_view chosen = trim(env_nodename).empty() ? uname_name : trim(env_nodename);
    return to_lower(chosen);
}

std::string local_node_name() {
    const char* env = std::getenv("HA_NODENAME");
    struct utsname u {};
    std::string uname_name = ::uname(&u) == 0 ? u.nodename : "localhost";
    return choose_node_name(env ? env : "", uname_name);
}

}  // namespace ha
