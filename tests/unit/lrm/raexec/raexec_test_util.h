// Helpers for the raexec tests: a node root in a TempDir holding test agents
// at the standard places, and a config that finds them there.
#pragma once

#include <fstream>
#include <map>
#include <string>

#include "lrm/raexec/ra_exec.h"
#include "tests/support/test_env.h"

namespace ha::lrm::test {

// A fake HA_ROOT: <root>/etc/ha.d/resource.d, <root>/etc/init.d,
// <root>/usr/lib/ocf/resource.d/<provider>.
class AgentRoot {
  public:
    AgentRoot() : paths_(dir_.path()) {}

    const std::string& path() const { return dir_.path(); }
    std::string file(const std::string& name) const { return dir_.file(name); }
    std::string ocf_root() const { return paths_.resolve(kDefaultOcfRoot); }

    // Writes a /bin/sh script; returns its path.
    std::string heartbeat_agent(const std::string& name, const std::string& body, int mode = 0755) {
        return write(paths_.resolve(kResourceDir) + "/" + name, body, mode);
    }
    std::string lsb_agent(const std::string& name, const std::string& body, int mode = 0755) {
        return write(paths_.resolve(kInitDir) + "/" + name, body, mode);
    }
    std::string ocf_agent(const std::string& provider, const std::string& name,
                          const std::string& body, int mode = 0755) {
        return write(ocf_root() + "/resource.d/" + provider + "/" + name, body, mode);
    }

    // Agents under this root only (no fallback to the real /usr/lib/ocf),
    // inheriting a small fixed environment.
    RaExecConfig config() const {
        RaExecConfig c;
        c.dirs = AgentDirs::standard(paths_, ocf_root());
        c.base_env = {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"LC_ALL", "C"}};
        return c;
    }

  private:
    static std::string write(const std::string& path, const std::string& body, int mode) {
        ha::test::write_file(path, "#!/bin/sh\n" + body, mode);
        return path;
    }

    ha::test::TempDir dir_;
    Paths paths_;
};

// KEY=VALUE lines (as `env` prints them) into a map; multi-line values keep
// only their first line, enough for the variables tests look at.
inline std::map<std::string, std::string> read_env_dump(const std::string& path) {
    std::map<std::string, std::string> env;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq != std::string::npos && eq > 0) env.emplace(line.substr(0, eq), line.substr(eq + 1));
    }
    return env;
}

}  // namespace ha::lrm::test
