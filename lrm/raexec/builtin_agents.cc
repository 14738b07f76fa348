#include "lrm/raexec/builtin_agents.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "heartbeat/plumb/log.h"
#include "heartbeat/plumb/strings.h"

namespace ha::lrm {

namespace {

const log::Logger& logger() {
    static const log::Logger l("lrm");
    return l;
}

const std::string* lookup(const Env& base, const Env& extra, const std::string& name) {
    if (auto it = extra.find(name); it != extra.end()) return &it->second;
    if (auto it = base.find(name); it != base.end()) return &it->second;
    return nullptr;
}

std::string read_small_file(const std::string& path) {
    std::ifstream in(path);
    std::string text;
    std::getline(in, text);
    return text;
}

// This process's name as /proc shows it ("heartbeat", "ResourceManager").
std::string own_comm() {
    return read_small_file("/proc/self/comm");
}

// ipf_kill_arp's job: ends the background sender named in `pidfile`. Ours
// write "<pid> <comm>" and must still have that comm; the script's write
// "<pid>" of an arping or python3 (checked on its command line).
void kill_arp_sender(const std::string& pidfile) {
    std::istringstream line(read_small_file(pidfile));
    long pid = 0;
    std::string comm;
    if (!(line >> pid) || pid <= 1) return;
    line >> comm;
    std::string proc = "/proc/" + std::to_string(pid);
    bool ours = !comm.empty() && read_small_file(proc + "/comm") == comm;
    std::string cmdline = read_small_file(proc + "/cmdline");
    bool script = comm.empty() && (cmdline.find("arping") != std::string::npos ||
                                   cmdline.find("python3") != std::string::npos);
    if ((ours || script) && ::kill(static_cast<pid_t>(pid), SIGTERM) == 0) {
        logger().info("Stopped the ARP sender " + std::to_string(pid) + " | " + pidfile);
    }
    ::unlink(pidfile.c_str());
}

}  // namespace

struct BuiltinAgents::Series {
    GarpPlan plan;
    std::string pidfile;  // where a detached sender names itself
    std::array<std::uint8_t, 60> frame{};
    int sent = 0;
    io::TimerId timer{};
};

BuiltinAgents::BuiltinAgents(io::MainLoop& loop, std::unique_ptr<IpHost> host)
    : loop_(loop), host_(std::move(host)) {}

BuiltinAgents::~BuiltinAgents() {
    for (auto& [key, s] : arp_)
        if (s->timer) loop_.remove(s->timer);
}

bool BuiltinAgents::enabled(const Env& base_env, const Env& extra_env) {
    const std::string* v = lookup(base_env, extra_env, kBuiltinAgentsEnv);
    return v == nullptr || v->empty() || parse_bool(*v).value_or(true);
}

std::optional<OpResult> BuiltinAgents::run(const ResourceSpec& rsc, OpName op,
                                           const OpOptions& options, const Env& base_env) {
    if (op != OpName::kStart && op != OpName::kStop && op != OpName::kStatus &&
        op != OpName::kMonitor) {
        return std::nullopt;
    }
    if (!enabled(base_env, options.extra_env)) return std::nullopt;
    auto params = builtin_ipaddr_params(rsc);
    if (!params) return std::nullopt;

    std::string rsctmp;
    if (const std::string* t = lookup(base_env, options.extra_env, "HA_RSCTMP"); t && !t->empty()) {
        rsctmp = *t;
    } else {
        const std::string* root = lookup(base_env, options.extra_env, "HA_ROOT");
        rsctmp = (root ? *root : std::string()) + "/run/resource-agents";
    }
    std::string pidfile;
    if (auto ip = parse_ipv4(params->ip)) {
        pidfile = rsctmp + "/send_arp-" + ipv4_text(*ip);
        if (op == OpName::kStop) {
            stop_arp(ipv4_text(*ip));
            kill_arp_sender(pidfile);
        }
    }

    auto t0 = std::chrono::steady_clock::now();
    auto outcome = run_builtin_ipaddr(*host_, *params, op, options.hb_status_rule, rsctmp);
    if (!outcome) return std::nullopt;
    outcome->result.duration =
        std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - t0);
    if (outcome->garp && outcome->garp->count > 0) start_arp(*outcome->garp, pidfile);
    return std::move(outcome->result);
}

std::size_t BuiltinAgents::detach_arp() {
    if (arp_.empty()) return 0;
    std::vector<Series> series;
    for (auto& [key, s] : arp_) {
        if (s->timer) loop_.remove(s->timer);
        series.push_back(*s);
    }
    std::size_t n = arp_.size();
    arp_.clear();
    std::string comm = own_comm();
    pid_t child = ::fork();
    if (child < 0) {
        logger().warning("Cannot fork the gratuitous ARP sender: " +
                         std::string(std::strerror(errno)));
        return 0;
    }
    if (child > 0) {
        int ws = 0;
        while (::waitpid(child, &ws, 0) < 0 && errno == EINTR) {
        }
        return n;
    }
    // The child: fork again and leave, so init adopts the sender.
    if (::fork() != 0) ::_exit(0);
    std::string me = std::to_string(::getpid()) + " " + comm + "\n";
    for (const Series& s : series) {
        std::string dir = s.pidfile.substr(0, s.pidfile.rfind('/'));
        ::mkdir(dir.c_str(), 0755);  // as the script's mkdir -p; errors: no pidfile
        std::ofstream(s.pidfile) << me;
    }
    LinuxIpHost host;
    using Clock = std::chrono::steady_clock;
    std::vector<Clock::time_point> next(series.size(), Clock::now());
    for (std::size_t i = 0; i < series.size(); ++i)
        next[i] += series[i].plan.interval;
    while (true) {
        std::size_t pick = series.size();
        for (std::size_t i = 0; i < series.size(); ++i)
            if (series[i].sent < series[i].plan.count &&
                (pick == series.size() || next[i] < next[pick]))
                pick = i;
        if (pick == series.size()) break;
        std::this_thread::sleep_until(next[pick]);
        (void)host.send_frame(series[pick].plan.ifindex, series[pick].frame);
        ++series[pick].sent;
        next[pick] += series[pick].plan.interval;
    }
    for (const Series& s : series)
        if (read_small_file(s.pidfile) + "\n" == me) ::unlink(s.pidfile.c_str());
    ::_exit(0);
}

void BuiltinAgents::start_arp(const GarpPlan& plan, const std::string& pidfile) {
    std::string key = ipv4_text(plan.ip);
    stop_arp(key);
    auto mac = host_->mac(plan.nic);
    if (!mac.is_ok()) {
        logger().warning("No gratuitous ARP for " + key + " on " + plan.nic + ": " +
                         mac.status().message());
        return;
    }
    auto s = std::make_unique<Series>();
    s->plan = plan;
    s->pidfile = pidfile;
    s->frame = garp_frame(*mac, plan.ip);
    logger().info("Sending " + std::to_string(plan.count) + " gratuitous ARP for " + key + " on " +
                  plan.nic + " | built-in, every " + std::to_string(plan.interval.count()) + "ms");
    arp_[key] = std::move(s);
    send_next(key);
}

void BuiltinAgents::stop_arp(const std::string& key) {
    auto it = arp_.find(key);
    if (it == arp_.end()) return;
    if (it->second->timer) loop_.remove(it->second->timer);
    arp_.erase(it);
}

void BuiltinAgents::send_next(const std::string& key) {
    auto it = arp_.find(key);
    if (it == arp_.end()) return;
    Series& s = *it->second;
    s.timer = {};
    Status st = host_->send_frame(s.plan.ifindex, s.frame);
    if (!st.is_ok()) {
        logger().warning("Sending gratuitous ARP for " + key + " on " + s.plan.nic +
                         " failed: " + st.message());
    }
    if (++s.sent >= s.plan.count) {
        arp_.erase(it);
        return;
    }
    s.timer = loop_.add_timer(s.plan.interval, [this, key] { send_next(key); });
}

}  // namespace ha::lrm
