#include "lrm/raexec/agent_dirs.h"

#include <cstdlib>

#include <sys/stat.h>
#include <unistd.h>

namespace ha::lrm {

namespace {

enum class FileState { kMissing, kNotExecutable, kExecutable };

// ResourceManager's `[ -f $f -a -x $f ]`: a regular file (after symlinks)
// that we may execute.
FileState probe(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return FileState::kMissing;
    if (!S_ISREG(st.st_mode) || ::access(path.c_str(), X_OK) != 0) {
        return FileState::kNotExecutable;
    }
    return FileState::kExecutable;
}

std::string join(const std::vector<std::string>& items) {
    std::string s;
    for (const auto& i : items)
        s += (s.empty() ? "" : ", ") + i;
    return s;
}

}  // namespace

AgentDirs AgentDirs::standard(const Paths& paths, std::string_view ocf_root_env) {
    AgentDirs d;
    d.heartbeat = {paths.resolve(kResourceDir), paths.resolve(kInitDir)};
    d.lsb = {paths.resolve(kInitDir)};
    if (!ocf_root_env.empty()) {
        d.ocf_roots = {std::string(ocf_root_env)};
    } else {
        d.ocf_roots = {paths.resolve(kDefaultOcfRoot)};
        if (!paths.root().empty()) d.ocf_roots.emplace_back(kDefaultOcfRoot);
    }
    return d;
}

AgentDirs AgentDirs::from_environment() {
    const char* ocf_root = std::getenv("OCF_ROOT");
    return standard(Paths::from_environment(), ocf_root ? ocf_root : "");
}

Result<AgentLocation> locate_agent(const ResourceSpec& rsc, const AgentDirs& dirs) {
    std::vector<std::string> candidates;
    std::vector<std::string> roots;  // parallel to candidates, OCF only
    switch (rsc.rsc_class) {
        case RscClass::kHeartbeat:
            for (const auto& d : dirs.heartbeat)
                candidates.push_back(d + "/" + rsc.type);
            break;
        case RscClass::kLsb:
            for (const auto& d : dirs.lsb)
                candidates.push_back(d + "/" + rsc.type);
            break;
        case RscClass::kOcf:
            for (const auto& r : dirs.ocf_roots) {
                candidates.push_back(r + "/resource.d/" + rsc.provider + "/" + rsc.type);
                roots.push_back(r);
            }
            break;
        case RscClass::kStonith:
            return Status(ErrorCode::kUnsupported, "stonith agents are run by the fencing daemon");
    }
    std::vector<std::string> not_executable;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        FileState s = probe(candidates[i]);
        if (s == FileState::kExecutable) {
            return AgentLocation{candidates[i], i < roots.size() ? roots[i] : std::string()};
        }
        if (s == FileState::kNotExecutable) not_executable.push_back(candidates[i]);
    }
    if (!not_executable.empty()) {
        return Status(ErrorCode::kPermission,
                      join(not_executable) + ": not an executable regular file");
    }
    return Status(ErrorCode::kNotFound, "no such agent: " + join(candidates));
}

}  // namespace ha::lrm
