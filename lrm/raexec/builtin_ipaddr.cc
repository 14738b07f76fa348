#include "lrm/raexec/builtin_ipaddr.h"

#include <variant>

#include "heartbeat/plumb/log.h"

namespace ha::lrm {

namespace {

const log::Logger& logger() {
    static const log::Logger l("lrm");
    return l;
}

// What the OCF agent itself did: its exit code, its stdout (status only),
// its ocf_exit_reason.
struct AgentRun {
    int rc = 0;
    std::string out;
    std::string exit_reason;
    std::optional<GarpPlan> garp;
};

AgentRun exit_with(OcfRc rc, std::string reason = {}) {
    return AgentRun{to_int(rc), {}, std::move(reason), std::nullopt};
}

OcfRc rc_of_status(const Status& st) {
    return st.code() == ErrorCode::kPermission ? OcfRc::kErrPerm : OcfRc::kErrGeneric;
}

class Runner {
  public:
    Runner(IpHost& host, const IpAddrParams& p, OpName op, std::string rsctmp)
        : host_(host), p_(p), op_(op), rsctmp_(std::move(rsctmp)) {}

    // nullopt: the script must run.
    std::optional<AgentRun> run();

  private:
    bool probe() const { return op_ == OpName::kMonitor || op_ == OpName::kStatus; }
    AgentRun failed(const IpAddrFailure& f);
    std::optional<AgentRun> start(const IpAddrConfig& c, int ifindex,
                                  const std::optional<AddrEntry>& served);
    AgentRun stop(const IpAddrConfig& c, int ifindex, const std::optional<AddrEntry>& served);

    IpHost& host_;
    const IpAddrParams& p_;
    OpName op_;
    std::string rsctmp_;
};

AgentRun Runner::failed(const IpAddrFailure& f) {
    using Kind = IpAddrFailure::Kind;
    if (f.kind != Kind::kFatal && op_ == OpName::kStop) {
        logger().warning(f.reason + " | built-in IPaddr2 stop: nothing to do");
        return exit_with(OcfRc::kSuccess);
    }
    if (f.kind == Kind::kLookup && probe()) {
        logger().info(f.reason);
        AgentRun r = exit_with(OcfRc::kNotRunning);
        if (op_ == OpName::kStatus) r.out = "stopped\n";
        return r;
    }
    return exit_with(f.rc, f.reason);
}

std::optional<AgentRun> Runner::run() {
    // The heartbeat IPaddr2 wrapper's lvs_support: a copy of the address on
    // lo is the script's business (it keeps a marker in HA_RSCTMP).
    if (p_.lvs_support && op_ == OpName::kStop &&
        host_.file_exists(rsctmp_ + "/IPaddr2-lo-" + p_.ip)) {
        return std::nullopt;
    }
    auto checked = check_ipaddr_params(p_);
    if (auto* f = std::get_if<IpAddrFailure>(&checked);
        f && f->kind == IpAddrFailure::Kind::kMandatory) {
        return failed(*f);
    }
    if ((op_ == OpName::kStart || op_ == OpName::kStop) && !host_.is_root()) {
        return failed(
            IpAddrFailure{IpAddrFailure::Kind::kFatal, OcfRc::kErrPerm,
                          std::string("You must be root for ") + op_name(op_) + " operation."});
    }
    if (auto* f = std::get_if<IpAddrFailure>(&checked)) return failed(*f);
    IpAddrConfig c = std::get<IpAddrConfig>(std::move(checked));

    int ifindex = 0;
    if (!c.nic.empty()) {
        auto idx = host_.ifindex(c.nic);
        if (!idx.is_ok()) {
            return failed(IpAddrFailure{IpAddrFailure::Kind::kLookup, OcfRc::kErrConfigured,
                                        "Invalid interface name [" + c.nic + "]: no such device"});
        }
        ifindex = *idx;
    }
    bool looked_up = c.nic.empty() || c.prefix == 0;
    if (looked_up) {
        auto routes = host_.routes();
        if (!routes.is_ok()) return exit_with(OcfRc::kErrGeneric, routes.status().message());
        auto route = pick_connected_route(*routes, c.ip, ifindex);
        std::optional<std::string> name;
        if (route && c.nic.empty()) {
            auto n = host_.ifname(route->oif);
            if (n.is_ok()) name = *n;
        }
        if (!route || (c.nic.empty() && !name)) {
            return failed(IpAddrFailure{
                IpAddrFailure::Kind::kLookup, OcfRc::kErrGeneric,
                "Unable to find nic or netmask for [" + p_.ip + "] in the routing table"});
        }
        if (c.nic.empty()) {
            c.nic = *name;
            ifindex = route->oif;
        }
        if (c.prefix == 0) c.prefix = route->dst_len;
    }
    if (auto f = finish_ipaddr_config(c, looked_up)) return failed(*f);

    auto addrs = host_.addrs();
    if (!addrs.is_ok()) return exit_with(OcfRc::kErrGeneric, addrs.status().message());
    std::optional<AddrEntry> served;
    for (const AddrEntry& a : *addrs)
        if (a.ifindex == ifindex && a.local == c.ip) served = a;

    switch (op_) {
        case OpName::kStart:
            if (p_.lvs_support) {
                auto lo = host_.ifindex("lo");
                for (const AddrEntry& a : *addrs) {
                    if (!served && lo.is_ok() && a.ifindex == *lo && a.local == c.ip &&
                        a.prefix == 32) {
                        return std::nullopt;
                    }
                }
            }
            return start(c, ifindex, served);
        case OpName::kStop:
            return stop(c, ifindex, served);
        case OpName::kStatus: {
            AgentRun r = exit_with(served ? OcfRc::kSuccess : OcfRc::kNotRunning);
            r.out = served ? "running\n" : "stopped\n";
            return r;
        }
        default:
            return exit_with(served ? OcfRc::kSuccess : OcfRc::kNotRunning);
    }
}

std::optional<AgentRun> Runner::start(const IpAddrConfig& c, int ifindex,
                                      const std::optional<AddrEntry>& served) {
    std::string what = ipv4_text(c.ip) + "/" + std::to_string(c.prefix);
    if (served) {
        logger().info(ipv4_text(c.ip) + " is already on " + c.nic);
        return exit_with(OcfRc::kSuccess);
    }
    logger().info("Adding inet address " + what + " to device " + c.nic + " | built-in");
    Status st = host_.add_addr(ifindex, c.ip, c.prefix, c.broadcast(), c.label);
    if (!st.is_ok() && st.code() != ErrorCode::kInvalid) {  // kInvalid: EEXIST, a race
        return exit_with(rc_of_status(st),
                         "Failed to add " + what + " to " + c.nic + ": " + st.message());
    }
    if (Status up = host_.link_up(ifindex); !up.is_ok()) {
        return exit_with(rc_of_status(up), "Failed to bring " + c.nic + " up: " + up.message());
    }
    AgentRun r = exit_with(OcfRc::kSuccess);
    if (c.nic.rfind("lo", 0) != 0) {
        r.garp = GarpPlan{ifindex, c.nic, c.ip, c.arp_count, Millis(c.arp_interval_ms)};
    }
    return r;
}

AgentRun Runner::stop(const IpAddrConfig& c, int ifindex, const std::optional<AddrEntry>& served) {
    if (!served) return exit_with(OcfRc::kSuccess);
    std::string cur = ipv4_text(served->local) + "/" + std::to_string(served->prefix);
    logger().info("Removing " + cur + " from " + c.nic + " | built-in");
    Status st = host_.del_addr(ifindex, served->local, served->prefix);
    if (!st.is_ok()) {
        return exit_with(rc_of_status(st), "Unable to remove IP [" + p_.ip + "] from interface [" +
                                               c.nic + "]: " + st.message());
    }
    return exit_with(OcfRc::kSuccess);
}

// hto-mapfuncs' ra_execocf around the agent's answer.
void wrap_heartbeat(const IpAddrParams& p, OpName op, HbStatusRule rule, const AgentRun& a,
                    OpResult& r) {
    const std::string& n = p.hb_name;
    bool probe = op == OpName::kStatus || op == OpName::kMonitor;
    std::string line;
    if (probe) {
        if (a.rc == 0)
            line = "INFO: " + n + " Running OK";
        else if (a.rc == 7)
            line = "INFO: " + n + " Resource is stopped (not running)";
        else
            line = "ERROR: " + n + " " + hto_rc_text(a.rc) + " (not running)";
    } else if (a.rc == 0) {
        line = "INFO: " + n + " Success";
    } else if (a.rc == 7) {
        line = "ERROR: " + n + " " + op_name(op) + ": resource not running";
    } else {
        line = "ERROR: " + n + " " + hto_rc_text(a.rc);
    }
    r.output = line + "\n";
    // The LRM runs `status` for both; the script's status exit code is LSB's.
    if (probe) {
        r.exit_code = a.rc == 0 ? 0 : a.rc == 7 ? 3 : 1;
        r.rc = heartbeat_status_from_output(r.output, rule);
    } else {
        r.exit_code = a.rc > 7 ? 1 : a.rc;
        r.rc = heartbeat_exit_to_rc(r.exit_code);
    }
}

}  // namespace

std::optional<IpAddrOutcome> run_builtin_ipaddr(IpHost& host, const IpAddrParams& params, OpName op,
                                                HbStatusRule rule, const std::string& rsctmp) {
    bool hb = !params.hb_name.empty();
    // A heartbeat-class status is the OCF agent's monitor.
    OpName agent_op = hb && op == OpName::kStatus ? OpName::kMonitor : op;
    std::optional<AgentRun> a = Runner(host, params, agent_op, rsctmp).run();
    if (!a) return std::nullopt;
    IpAddrOutcome o;
    OpResult& r = o.result;
    r.status = ExecStatus::kDone;
    if (!a->exit_reason.empty()) {
        r.exit_reason = a->exit_reason;
        r.error_output = "ocf-exit-reason:" + a->exit_reason + "\n";
    }
    if (hb) {
        wrap_heartbeat(params, op, rule, *a, r);
    } else {
        r.exit_code = a->rc;
        r.rc = ocf_exit_to_rc(a->rc);
        r.output = a->out;
    }
    o.garp = a->garp;
    return o;
}

}  // namespace ha::lrm
