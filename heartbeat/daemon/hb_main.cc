// heartbeat: the messaging daemon's entry point. Parses the command line and
// either talks to a running daemon (-k, -s, -r) or starts one. All logic
// lives in HbDaemon and the libraries; this only wires.
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <thread>

#include <signal.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "heartbeat/config/config_load.h"
#include "heartbeat/daemon/hb_daemon.h"
#include "heartbeat/daemon/hb_options.h"
#include "heartbeat/daemon/hb_state_files.h"
#include "heartbeat/plumb/log_sinks.h"
#include "heartbeat/plumb/paths.h"

namespace {

using namespace ha;
using namespace ha::hb;

constexpr const char* kVersion = "3.0.6 (heartbeat-ng 0.1.0)";
constexpr int kExitNotConfigured = 6;  // LSB: what heartbeat 3.0.6 returns on a bad config
constexpr int kExitNotRunning = 3;     // LSB status: not running

// `heartbeat -D` / `-W`: the directives that have a built-in default.
std::string format_defaults(bool wiki) {
    std::string out;
    char line[256];
    if (wiki) {
        out += "||Directive||Default||Description||\n";
    } else {
        std::snprintf(line, sizeof line, "%-24s %-9s %s\n", "Directive", "Default", "Description");
        out += line;
        out += std::string(80, '-') + "\n";
    }
    for (const auto& d : ha_cf_directives()) {
        if (!d.default_value) continue;
        if (wiki) {
            out +=
                "||" + std::string(d.name) + "||" + d.default_value + "||" + d.explanation + "||\n";
        } else {
            std::snprintf(line, sizeof line, "%-24s %-9s %s\n", std::string(d.name).c_str(),
                          d.default_value, d.explanation);
            out += line;
        }
    }
    return out;
}

std::string uname_n() {
    struct utsname u {};
    return ::uname(&u) == 0 ? u.nodename : "localhost";
}

int do_status(const Paths& paths) {
    auto pid = read_live_pid(paths.resolve("/var/run/heartbeat.pid"));
    if (!pid) {
        std::cout << "heartbeat is stopped. No process" << std::endl;
        return kExitNotRunning;
    }
    std::cout << "heartbeat OK [pid " << *pid << " et al] is running on " << uname_n() << " ["
              << local_node_name() << "]..." << std::endl;
    return 0;
}

int do_kill(const Paths& paths) {
    std::string pidfile = paths.resolve("/var/run/heartbeat.pid");
    auto pid = read_live_pid(pidfile);
    if (!pid) {
        std::cout << "INFO: Heartbeat already stopped." << std::endl;
        return 0;
    }
    if (::kill(*pid, SIGTERM) < 0) {
        std::cerr << "ERROR: cannot signal heartbeat (pid " << *pid << "): " << std::strerror(errno)
                  << std::endl;
        return 1;
    }
    // Wait for it to finish its graceful shutdown.
    for (int i = 0; i < 1200; ++i) {
        if (::kill(*pid, 0) < 0 && errno == ESRCH) return 0;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::cerr << "ERROR: heartbeat (pid " << *pid << ") did not stop within 60 s" << std::endl;
    return 1;
}

NodeConfig load_or_report(const Paths& paths) {
    NodeConfig cfg = load_node_config(paths, local_node_name());
    for (const auto& d : cfg.diagnostics)
        std::cerr << format_diagnostic(d) << std::endl;
    return cfg;
}

int do_reload(const Paths& paths) {
    NodeConfig cfg = load_or_report(paths);
    if (!cfg.valid()) {
        std::cerr << "ERROR: Configuration error, heartbeat not reloaded." << std::endl;
        return kExitNotConfigured;
    }
    auto pid = read_live_pid(paths.resolve("/var/run/heartbeat.pid"));
    if (!pid) return -1;  // not running: start it, as heartbeat -r does
    if (::kill(*pid, SIGHUP) < 0) return 1;
    std::cout << "Signalled heartbeat to reread its configuration." << std::endl;
    return 0;
}

log::LogConfig log_config(const NodeConfig& cfg, const HbOptions& opts) {
    log::LogConfig lc;
    lc.program = "heartbeat";
    lc.node = uname_n();
    lc.logfile = cfg.hacf.logfile.value_or("");
    lc.debugfile = cfg.hacf.debugfile.value_or("");
    lc.logfacility = cfg.hacf.logfacility.value_or("");
    lc.debug_level = cfg.hacf.debug + opts.debug;
    lc.syslogmsgfmt = cfg.hacf.syslogmsgfmt;
    lc.to_stderr = opts.foreground;
    return lc;
}

// Without -f heartbeat goes to the background: the parent returns once the
// daemon is set up (0) or failed (its error), as init scripts expect.
int daemonize_and_run(const Paths& paths, NodeConfig cfg, const HbOptions& opts) {
    int ready[2] = {-1, -1};
    if (!opts.foreground) {
        if (::pipe(ready) < 0) return 1;
        pid_t pid = ::fork();
        if (pid < 0) return 1;
        if (pid > 0) {
            ::close(ready[1]);
            char status = 1;
            ssize_t n = ::read(ready[0], &status, 1);
            return n == 1 ? status : 1;
        }
        ::close(ready[0]);
        ::setsid();
        FILE* devnull = std::fopen("/dev/null", "r+");
        if (devnull) {
            ::dup2(::fileno(devnull), 0);
            ::dup2(::fileno(devnull), 1);
            ::dup2(::fileno(devnull), 2);
            std::fclose(devnull);
        }
    }
    auto report = [&](char status) {
        if (ready[1] >= 0) {
            (void)!::write(ready[1], &status, 1);
            ::close(ready[1]);
            ready[1] = -1;
        }
    };
    Status ls = log::configure_logging(log_config(cfg, opts));
    if (!ls) {
        std::cerr << "ERROR: " << ls.to_string() << std::endl;
        report(kExitNotConfigured);
        return kExitNotConfigured;
    }
    auto daemon = HbDaemon::create(paths, std::move(cfg), opts);
    if (!daemon) {
        log::Logger("hb").err("Heartbeat not started: " + daemon.status().to_string());
        std::cerr << "ERROR: Heartbeat not started: " << daemon.status().to_string() << std::endl;
        report(1);
        return 1;
    }
    report(0);
    return (*daemon)->run();
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    auto parsed = parse_hb_options(args);
    if (!parsed) {
        std::cerr << argv[0] << ": " << parsed.status().to_string() << "\n" << hb_usage(argv[0]);
        return 2;
    }
    const HbOptions& opts = *parsed;
    Paths paths = Paths::from_environment();
    ::umask(022);

    switch (opts.action) {
        case HbAction::kVersion:
            std::cout << kVersion << std::endl;
            return 0;
        case HbAction::kStatus:
            return do_status(paths);
        case HbAction::kKill:
            return do_kill(paths);
        case HbAction::kDefaults:
        case HbAction::kWikiDefaults:
            std::cout << format_defaults(opts.action == HbAction::kWikiDefaults);
            return 0;
        case HbAction::kReload: {
            int rc = do_reload(paths);
            if (rc >= 0) return rc;
            break;  // nothing running: start
        }
        case HbAction::kRun:
            break;
    }

    NodeConfig cfg = load_or_report(paths);
    if (!cfg.valid()) {
        std::cerr << "ERROR: Configuration error, heartbeat not started." << std::endl;
        return kExitNotConfigured;
    }
    return daemonize_and_run(paths, std::move(cfg), opts);
}
