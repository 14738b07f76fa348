// ResourceManager: heartbeat 3.0.6's v1 resource-group tool
// (/usr/share/heartbeat/ResourceManager), for the scripts that call it
// (mach_down, req_resource, rc.d/*, the init script). Same subcommands,
// output and exit codes as Debian's shell script; resource scripts run
// through the agent runner (lrm::run_op_sync, heartbeat class).
// See doc/resource-manager.md.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <regex.h>
#include <sys/wait.h>
#include <unistd.h>

#include "heartbeat/config/haresources.h"
#include "heartbeat/plumb/log.h"
#include "heartbeat/plumb/log_sinks.h"
#include "heartbeat/plumb/paths.h"
#include "heartbeat/plumb/strings.h"
#include "lrm/raexec/agent_dirs.h"
#include "lrm/raexec/ra_exec.h"

namespace {

using ha::hb::HaResource;
using ha::hb::ResourceGroup;

constexpr int kNotRunning = 3;  // we_own_resource's "program is stopped"
// The script has no timeout; one that hangs for an hour is given up.
constexpr ha::Millis kScriptTimeout{3600 * 1000};
constexpr unsigned kStandbyDelaySec = 30;

std::string env_or(const char* name, const std::string& fallback = "") {
    const char* v = std::getenv(name);
    return v ? std::string(v) : fallback;
}

const ha::log::Logger& logger() {
    static const ha::log::Logger l("ResourceManager");
    return l;
}

// ha_log's routing (ocf-shellfuncs): stdin a tty -> stderr only; else
// $HA_LOGFILE and/or syslog ($HA_LOGFACILITY), stderr when neither, and
// $HA_DEBUGLOG unless our stderr already goes there.
void setup_logging(const std::string& node, bool stderr_is_debuglog) {
    using namespace ha::log;
    LogConfig cfg;
    cfg.program = "ResourceManager";
    cfg.node = node;
    std::string debug = env_or("HA_debug");
    bool debugging = !debug.empty() && debug != "0";
    std::vector<std::shared_ptr<Sink>> sinks;
    if (::isatty(0)) {
        sinks.push_back(std::make_shared<StderrSink>(cfg));
    } else {
        std::string logfile = env_or("HA_LOGFILE");
        std::string facility = env_or("HA_LOGFACILITY");
        if (facility == "none") facility.clear();
        std::string debuglog = env_or("HA_DEBUGLOG");
        if (!logfile.empty())
            sinks.push_back(std::make_shared<FileSink>(logfile, cfg, Level::kInfo));
        if (!facility.empty()) {
            int fac = facility_from_name(facility);
            if (fac >= 0) sinks.push_back(std::make_shared<SyslogSink>(cfg.program, fac));
        }
        if (logfile.empty() && facility.empty()) sinks.push_back(std::make_shared<StderrSink>(cfg));
        if (!debuglog.empty() && debuglog != "/dev/null" && debuglog != logfile &&
            !stderr_is_debuglog) {
            sinks.push_back(std::make_shared<FileSink>(debuglog, cfg, Level::kDebug));
        }
    }
    Router::instance().set_sinks(std::move(sinks));
    Router::instance().set_level(debugging ? Level::kDebug : Level::kInfo);
}

// One haresources line as ipres prints it after the node: "tok1 tok2 ".
std::string resource_list(const ResourceGroup& g) {
    std::string s;
    for (const HaResource& r : g.resources)
        s += r.token + " ";
    return s;
}

std::string group_line(const ResourceGroup& g) {
    std::string s = g.node;
    for (const HaResource& r : g.resources)
        s += " " + r.token;
    return s;
}

class ResourceManager {
  public:
    ResourceManager(std::string argv0, std::string local_node, std::vector<ResourceGroup> groups)
        : argv0_(std::move(argv0)), local_(std::move(local_node)), groups_(std::move(groups)) {
        auto max = ha::parse_int(env_or("HA_STOPRETRYMAX", "10"));
        stop_retry_max_ = max ? static_cast<int>(*max) : 10;
    }

    int listkeys(const std::string& pattern) const;
    int ourkeys(bool ours) const;
    int status(const std::string& token);
    int takegroup(const std::string& key);
    int givegroup(const std::string& key);
    int statgroup(const std::string& key);
    int verifyallidle();

  private:
    const ResourceGroup* find_group(const std::string& key) const;
    bool we_own(const HaResource& r);
    int doscript(const HaResource& r, ha::lrm::OpName op);
    int giveup(const ResourceGroup& g);
    void schedule_standby(const ResourceGroup& g) const;
    std::string script_path(const HaResource& r) const;

    std::string argv0_;
    std::string local_;
    std::vector<ResourceGroup> groups_;
    int stop_retry_max_ = 10;
    ha::lrm::RaExecConfig config_ = ha::lrm::RaExecConfig::from_environment();
};

// `grep -i "^NODE "` over the lines: NODE is an extended regular expression.
int ResourceManager::listkeys(const std::string& pattern) const {
    regex_t re;
    std::string full = "^" + pattern + " ";
    if (::regcomp(&re, full.c_str(), REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0) {
        std::fprintf(stderr, "%s: invalid node pattern '%s'\n", argv0_.c_str(), pattern.c_str());
        return 0;  // the script's pipeline ends in cut: still 0
    }
    for (const ResourceGroup& g : groups_) {
        std::string line = g.node + " " + resource_list(g);
        if (::regexec(&re, line.c_str(), 0, nullptr, 0) == 0) std::printf("%s\n", g.key().c_str());
    }
    ::regfree(&re);
    return 0;
}

int ResourceManager::ourkeys(bool ours) const {
    for (const ResourceGroup& g : groups_) {
        if ((g.node == local_) == ours) std::printf("%s\n", resource_list(g).c_str());
    }
    return 0;
}

// ipresline: the group holding KEY as one of its resources; the one keyed
// by KEY first.
const ResourceGroup* ResourceManager::find_group(const std::string& key) const {
    for (const ResourceGroup& g : groups_) {
        if (!key.empty() && g.key() == key) return &g;
    }
    for (const ResourceGroup& g : groups_) {
        for (const HaResource& r : g.resources) {
            if (!key.empty() && r.token == key) return &g;
        }
    }
    return nullptr;
}

std::string ResourceManager::script_path(const HaResource& r) const {
    auto spec = ha::lrm::ResourceSpec::heartbeat(r.token, r.name, r.args);
    auto where = ha::lrm::locate_agent(spec, config_.dirs);
    return where ? where->path : std::string();
}

bool ResourceManager::we_own(const HaResource& r) {
    auto spec = ha::lrm::ResourceSpec::heartbeat(r.token, r.name, r.args);
    ha::lrm::OpOptions opts;
    opts.timeout = kScriptTimeout;
    ha::lrm::OpResult res = ha::lrm::run_op_sync(spec, ha::lrm::OpName::kStatus, opts, config_);
    std::fputs(res.error_output.c_str(), stderr);
    if (res.status == ha::lrm::ExecStatus::kNotInstalled) {
        logger().err("Cannot locate resource script " + r.name);
        return false;
    }
    return res.status == ha::lrm::ExecStatus::kDone && res.rc == ha::lrm::OcfRc::kSuccess;
}

int ResourceManager::doscript(const HaResource& r, ha::lrm::OpName op) {
    std::string path = script_path(r);
    if (path.empty()) {
        logger().err("Cannot locate resource script " + r.name);
        return 1;
    }
    std::string cmd = path;
    for (const std::string& a : r.args)
        cmd += " " + a;
    cmd += " ";
    cmd += ha::lrm::agent_op_word(ha::lrm::RscClass::kHeartbeat, op);
    logger().info("Running " + cmd);
    logger().debug("Starting " + cmd);
    auto spec = ha::lrm::ResourceSpec::heartbeat(r.token, r.name, r.args);
    ha::lrm::OpOptions opts;
    opts.timeout = kScriptTimeout;
    ha::lrm::OpResult res = ha::lrm::run_op_sync(spec, op, opts, config_);
    std::fputs(res.output.c_str(), stdout);
    std::fflush(stdout);
    std::fputs(res.error_output.c_str(), stderr);
    int rc = res.exit_code;
    if (rc < 0) {
        logger().err(cmd + ": " + ha::lrm::describe(res));
        rc = 1;
    }
    logger().debug(cmd + " done. RC=" + std::to_string(rc));
    if (rc != 0) logger().err("Return code " + std::to_string(rc) + " from " + path);
    return rc;
}

int ResourceManager::status(const std::string& token) {
    auto r = ha::hb::parse_resource_token(token);
    if (!r) {
        logger().err("Cannot locate resource script " + token);
        return kNotRunning;
    }
    return we_own(*r) ? 0 : kNotRunning;
}

int ResourceManager::giveup(const ResourceGroup& g) {
    logger().info("Releasing resource group: " + group_line(g));
    int rc = 0;
    for (auto it = g.resources.rbegin(); it != g.resources.rend(); ++it) {
        const HaResource& r = *it;
        int retries = 0;
        int rc1 = doscript(r, ha::lrm::OpName::kStop);
        while (rc1 != 0 && (stop_retry_max_ <= 0 || retries < stop_retry_max_)) {
            std::this_thread::sleep_for(std::chrono::seconds(1));
            ++retries;
            logger().info("Retrying failed stop operation [" + r.token + "]");
            rc1 = doscript(r, ha::lrm::OpName::kStop);
        }
        if (rc1 == 0) continue;
        if (we_own(r)) {
            rc = rc1;
            // heartbeat kills itself and reboots here; we leave that to the
            // administrator (doc/resource-manager.md).
            logger().crit("Resource STOP failure. Reboot required!");
            logger().crit("Not rebooting: " + r.token + " is still running; stop it by hand");
        } else {
            logger().err("Resource script for " + r.token + " probably not LSB-compliant.");
            logger().warning("it (" + r.token + ") MUST succeed on a stop when already stopped");
            logger().warning("Machine reboot narrowly avoided!");
        }
    }
    return rc;
}

// The script runs `hb_standby local|foreign` 30 s after a failed start so
// the peer can take the group. It tested the failed resource against whole
// ourkeys lines (which end in a blank) and so always said "foreign"; we ask
// for the set the group belongs to.
void ResourceManager::schedule_standby(const ResourceGroup& g) const {
    std::string path = env_or("HA_NOARCHBIN", "/usr/share/heartbeat") + "/hb_standby";
    const char* type = g.node == local_ ? "local" : "foreign";
    if (::access(path.c_str(), X_OK) != 0) {
        logger().warning("Cannot run " + path + "; no hb_standby " + type + " will follow");
        return;
    }
    logger().info("Running " + path + " " + type + " in " + std::to_string(kStandbyDelaySec) +
                  " seconds");
    std::fflush(stdout);
    std::fflush(stderr);
    pid_t child = ::fork();
    if (child == 0) {
        ::setsid();
        if (::fork() == 0) {
            ::sleep(kStandbyDelaySec);
            ::execl(path.c_str(), path.c_str(), type, static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::_exit(0);
    }
    if (child > 0) ::waitpid(child, nullptr, 0);
}

int ResourceManager::takegroup(const std::string& key) {
    const ResourceGroup* g = find_group(key);
    if (!g) return 0;
    logger().info("Acquiring resource group: " + group_line(*g));
    for (const HaResource& r : g->resources) {
        if (we_own(r)) continue;
        int rc = doscript(r, ha::lrm::OpName::kStart);
        if (rc == 0) continue;
        logger().crit("Giving up resources due to failure of " + r.token);
        giveup(*g);
        schedule_standby(*g);
        return rc;
    }
    return 0;
}

int ResourceManager::givegroup(const std::string& key) {
    const ResourceGroup* g = find_group(key);
    return g ? giveup(*g) : 0;
}

int ResourceManager::statgroup(const std::string& key) {
    const ResourceGroup* g = find_group(key);
    std::optional<bool> all_held;  // nullopt: no resource looked at yet
    if (g) {
        for (const HaResource& r : g->resources) {
            bool held = we_own(r);
            if (all_held && *all_held != held) {
                std::printf("SOME\n");
                return 0;
            }
            all_held = held;
        }
    }
    std::printf("%s\n", all_held && *all_held ? "ALL" : "NONE");
    return 0;
}

int ResourceManager::verifyallidle() {
    int rc = 0;
    for (const ResourceGroup& g : groups_) {
        if (g.resources.empty() || !we_own(g.resources.front())) continue;
        const std::string& rsc = g.key();
        logger().crit("Resource " + rsc + " is active, and should not be!");
        logger().crit("Non-idle resources can affect data integrity!");
        logger().info("If you don't know what this means, then get help!");
        logger().info("Read the docs and/or source to " + argv0_ + " for more details.");
        std::fprintf(stderr,
                     "CRITICAL: Resource %s is active, and should not be!\n"
                     "CRITICAL: Non-idle resources can affect data integrity!\n"
                     "info: If you don't know what this means, then get help!\n"
                     "info: Read the docs and/or the source to %s for more details.\n",
                     rsc.c_str(), argv0_.c_str());
        ++rc;
    }
    if (rc != 0) {
        logger().crit("Non-idle resources will affect resource takeback!");
        logger().crit("Non-idle resources may affect data integrity!");
    }
    return rc & 0xff;
}

std::vector<ResourceGroup> load_groups(const ha::Paths& paths) {
    std::ifstream in(paths.haresources());
    if (!in) return {};
    std::stringstream ss;
    ss << in.rdbuf();
    return ha::hb::parse_haresources(ss.str(), paths.haresources()).groups;
}

// takegroup, givegroup and statgroup send everything to $HA_DEBUGLOG, as
// the script's `>>$HA_DEBUGLOG 2>&1` does (when it is set).
bool redirect_to_debuglog(const std::string& argv0) {
    std::string debuglog = env_or("HA_DEBUGLOG");
    if (debuglog.empty()) return true;
    int fd = ::open(debuglog.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        std::fprintf(stderr, "%s: cannot create %s\n", argv0.c_str(), debuglog.c_str());
        return false;
    }
    std::fflush(stdout);
    std::fflush(stderr);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::close(fd);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::string argv0 = argc > 0 ? argv[0] : "ResourceManager";
    std::string cmd = argc > 1 ? argv[1] : "";
    std::string arg = argc > 2 ? argv[2] : "";
    bool to_debuglog = cmd == "takegroup" || cmd == "givegroup" || cmd == "statgroup";
    if (to_debuglog && !redirect_to_debuglog(argv0)) return 2;

    ha::Paths paths = ha::Paths::from_environment();
    std::string node = ha::local_node_name();
    setup_logging(node, to_debuglog && !env_or("HA_DEBUGLOG").empty());
    ResourceManager rm(argv0, node, load_groups(paths));

    if (cmd == "listkeys") return rm.listkeys(arg);
    if (cmd == "allkeys") return rm.listkeys(".*");
    if (cmd == "ourkeys") return rm.ourkeys(true);
    if (cmd == "otherkeys") return rm.ourkeys(false);
    if (cmd == "status") return rm.status(arg);
    if (cmd == "givegroup") return rm.givegroup(arg);
    if (cmd == "takegroup") return rm.takegroup(arg);
    if (cmd == "statgroup") return rm.statgroup(arg);
    if (cmd == "verifyallidle") return rm.verifyallidle();
    std::fprintf(stderr,
                 "usage: %s listkeys machine | takegroup key | givegroup key|status resource\n\n",
                 argv0.c_str());
    return 1;
}
