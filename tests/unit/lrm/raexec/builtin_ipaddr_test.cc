// The built-in IP address agent on a fake host: the IPaddr2 script's
// results for every action, the heartbeat wrappers' output, the error
// codes, and the background gratuitous ARP series on a real MainLoop.
#include "lrm/raexec/builtin_ipaddr.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "lrm/raexec/builtin_agents.h"
#include "lrm/raexec/ra_exec.h"
#include "tests/unit/lrm/raexec/raexec_test_util.h"

namespace ha::lrm {
namespace {

// eth0 (#2) on 10.0.0.0/24 and lo (#1); records what the agent changes.
class FakeIpHost final : public IpHost {
  public:
    std::vector<AddrEntry> addr_list{{1, 8, Ipv4{127, 0, 0, 1}, "lo"},
                                     {2, 24, Ipv4{10, 0, 0, 1}, "eth0"}};
    std::vector<RouteEntry> route_list{{Ipv4{10, 0, 0, 0}, 24, 2, 254, 253, 1}};
    bool root = true;
    Status add_result = Status::ok();
    int link_ups = 0;
    std::vector<std::string> files;
    std::vector<std::vector<std::uint8_t>> frames;
    std::optional<Ipv4> last_brd;
    std::string last_label;

    Result<int> ifindex(const std::string& nic) override {
        if (nic == "lo") return 1;
        if (nic == "eth0") return 2;
        return Status(ErrorCode::kNotFound, "interface " + nic + ": No such device");
    }
    Result<std::string> ifname(int idx) override {
        if (idx == 1) return std::string("lo");
        if (idx == 2) return std::string("eth0");
        return Status(ErrorCode::kNotFound, "no such interface");
    }
    Result<std::vector<AddrEntry>> addrs() override { return addr_list; }
    Result<std::vector<RouteEntry>> routes() override { return route_list; }
    Status add_addr(int idx, const Ipv4& ip, int prefix, const std::optional<Ipv4>& brd,
                    const std::string& label) override {
        if (!add_result.is_ok()) return add_result;
        addr_list.push_back({idx, prefix, ip, label});
        last_brd = brd;
        last_label = label;
        return Status::ok();
    }
    Status del_addr(int idx, const Ipv4& ip, int prefix) override {
        for (auto it = addr_list.begin(); it != addr_list.end(); ++it) {
            if (it->ifindex == idx && it->local == ip && it->prefix == prefix) {
                addr_list.erase(it);
                return Status::ok();
            }
        }
        return Status(ErrorCode::kIo, "RTM_DELADDR: Cannot assign requested address");
    }
    Status link_up(int) override {
        ++link_ups;
        return Status::ok();
    }
    Result<Mac> mac(const std::string&) override { return Mac{2, 0, 0, 0, 0, 1}; }
    Status send_frame(int, std::span<const std::uint8_t> f) override {
        frames.emplace_back(f.begin(), f.end());
        return Status::ok();
    }
    bool is_root() override { return root; }
    bool file_exists(const std::string& path) override {
        return std::find(files.begin(), files.end(), path) != files.end();
    }

    bool has(const Ipv4& ip, int idx = 2) const {
        for (const auto& a : addr_list)
            if (a.ifindex == idx && a.local == ip) return true;
        return false;
    }
};

const Ipv4 kVip{10, 0, 0, 5};

IpAddrParams hb_params(const std::string& arg, const std::string& type = "IPaddr2") {
    return *builtin_ipaddr_params(ResourceSpec::heartbeat("r", type, {arg}));
}

IpAddrParams ocf_params(Params p) {
    return *builtin_ipaddr_params(ResourceSpec::ocf("vip", "heartbeat", "IPaddr2", std::move(p)));
}

OpResult run(FakeIpHost& host, const IpAddrParams& p, OpName op) {
    auto o = run_builtin_ipaddr(host, p, op, HbStatusRule::kResourceManager, "/rsctmp");
    EXPECT_TRUE(o);
    return o ? o->result : OpResult{};
}

TEST(BuiltinIpAddr, HeartbeatStartStatusStopCycle) {
    FakeIpHost host;
    IpAddrParams p = hb_params("10.0.0.5/24/eth0");

    OpResult st = run(host, p, OpName::kStatus);
    EXPECT_EQ(st.rc, OcfRc::kNotRunning);
    EXPECT_EQ(st.output, "INFO: IPaddr2 Resource is stopped (not running)\n");
    EXPECT_EQ(st.exit_code, 3);

    auto start = run_builtin_ipaddr(host, p, OpName::kStart, HbStatusRule::kResourceManager, "");
    ASSERT_TRUE(start);
    EXPECT_TRUE(start->result.succeeded());
    EXPECT_EQ(start->result.output, "INFO: IPaddr2 Success\n");
    EXPECT_TRUE(host.has(kVip));
    EXPECT_EQ(host.last_brd, (Ipv4{10, 0, 0, 255}));  // brd + below /31
    EXPECT_EQ(host.link_ups, 1);
    ASSERT_TRUE(start->garp);
    EXPECT_EQ(start->garp->ifindex, 2);
    EXPECT_EQ(start->garp->count, 5);
    EXPECT_EQ(start->garp->interval, Millis(200));

    OpResult running = run(host, p, OpName::kStatus);
    EXPECT_EQ(running.rc, OcfRc::kSuccess);
    EXPECT_EQ(running.output, "INFO: IPaddr2 Running OK\n");
    EXPECT_EQ(running.exit_code, 0);
    EXPECT_EQ(run(host, p, OpName::kMonitor).rc, OcfRc::kSuccess);

    // Start again: idempotent, nothing added, no ARP.
    auto again = run_builtin_ipaddr(host, p, OpName::kStart, HbStatusRule::kResourceManager, "");
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->result.succeeded());
    EXPECT_FALSE(again->garp);
    EXPECT_EQ(host.addr_list.size(), 3u);

    EXPECT_TRUE(run(host, p, OpName::kStop).succeeded());
    EXPECT_FALSE(host.has(kVip));
    // Stop again: nothing there, still success.
    OpResult stop2 = run(host, p, OpName::kStop);
    EXPECT_TRUE(stop2.succeeded());
    EXPECT_EQ(stop2.output, "INFO: IPaddr2 Success\n");
}

TEST(BuiltinIpAddr, OcfStatusPrintsRunningOrStopped) {
    FakeIpHost host;
    IpAddrParams p = ocf_params({{"ip", "10.0.0.5"}, {"cidr_netmask", "24"}, {"nic", "eth0"}});
    OpResult st = run(host, p, OpName::kStatus);
    EXPECT_EQ(st.rc, OcfRc::kNotRunning);
    EXPECT_EQ(st.exit_code, 7);
    EXPECT_EQ(st.output, "stopped\n");
    EXPECT_EQ(run(host, p, OpName::kMonitor).rc, OcfRc::kNotRunning);
    EXPECT_TRUE(run(host, p, OpName::kStart).succeeded());
    EXPECT_EQ(run(host, p, OpName::kStatus).output, "running\n");
    EXPECT_EQ(run(host, p, OpName::kMonitor).rc, OcfRc::kSuccess);
}

TEST(BuiltinIpAddr, NicAndPrefixFromTheRoutingTable) {
    FakeIpHost host;
    IpAddrParams p = ocf_params({{"ip", "10.0.0.5"}, {"iflabel", "vip"}});
    EXPECT_TRUE(run(host, p, OpName::kStart).succeeded());
    ASSERT_TRUE(host.has(kVip));
    EXPECT_EQ(host.addr_list.back().prefix, 24);
    EXPECT_EQ(host.last_label, "eth0:vip");

    IpAddrParams off = ocf_params({{"ip", "192.168.7.5"}});
    OpResult r = run(host, off, OpName::kStart);
    EXPECT_EQ(r.rc, OcfRc::kErrGeneric);
    EXPECT_EQ(r.exit_reason,
              "Unable to find nic or netmask for [192.168.7.5] in the routing table");
    EXPECT_EQ(run(host, off, OpName::kMonitor).rc, OcfRc::kNotRunning);
    EXPECT_TRUE(run(host, off, OpName::kStop).succeeded());
}

TEST(BuiltinIpAddr, ConfigurationErrorsPerAction) {
    FakeIpHost host;
    IpAddrParams bad = hb_params("10.0.0.256/24/eth0");
    OpResult start = run(host, bad, OpName::kStart);
    EXPECT_EQ(start.rc, OcfRc::kErrConfigured);
    EXPECT_EQ(start.exit_code, 6);
    EXPECT_EQ(start.output, "ERROR: IPaddr2 Program is not configured\n");
    EXPECT_EQ(start.exit_reason, "IP address [10.0.0.256] not valid.");
    EXPECT_EQ(run(host, bad, OpName::kStatus).rc, OcfRc::kNotRunning);
    EXPECT_TRUE(run(host, bad, OpName::kStop).succeeded());

    IpAddrParams nonic = hb_params("10.0.0.5/24/eth9");
    OpResult ns = run(host, nonic, OpName::kStart);
    EXPECT_EQ(ns.rc, OcfRc::kErrConfigured);
    EXPECT_EQ(ns.exit_reason, "Invalid interface name [eth9]: no such device");
    EXPECT_TRUE(run(host, nonic, OpName::kStop).succeeded());

    IpAddrParams empty = ocf_params({{"nic", "eth0"}});
    EXPECT_EQ(run(host, empty, OpName::kStart).rc, OcfRc::kErrConfigured);
    EXPECT_EQ(run(host, empty, OpName::kMonitor).rc, OcfRc::kErrConfigured);
    EXPECT_TRUE(run(host, empty, OpName::kStop).succeeded());
}

TEST(BuiltinIpAddr, PermissionErrors) {
    FakeIpHost host;
    host.root = false;
    IpAddrParams p = hb_params("10.0.0.5/24/eth0");
    OpResult start = run(host, p, OpName::kStart);
    EXPECT_EQ(start.rc, OcfRc::kErrPerm);
    EXPECT_EQ(start.exit_reason, "You must be root for start operation.");
    EXPECT_EQ(start.output, "ERROR: IPaddr2 User had insufficient privilege\n");
    EXPECT_EQ(run(host, p, OpName::kStop).rc, OcfRc::kErrPerm);
    EXPECT_EQ(run(host, p, OpName::kStatus).rc, OcfRc::kNotRunning);  // probes need no root

    FakeIpHost denied;
    denied.add_result = Status(ErrorCode::kPermission, "RTM_NEWADDR: Operation not permitted");
    EXPECT_EQ(run(denied, p, OpName::kStart).rc, OcfRc::kErrPerm);
    FakeIpHost broken;
    broken.add_result = Status(ErrorCode::kIo, "RTM_NEWADDR: No buffer space available");
    OpResult b = run(broken, p, OpName::kStart);
    EXPECT_EQ(b.rc, OcfRc::kErrGeneric);
    EXPECT_EQ(b.exit_reason,
              "Failed to add 10.0.0.5/24 to eth0: RTM_NEWADDR: No buffer space available");
}

TEST(BuiltinIpAddr, LvsSupportLeftToTheScript) {
    FakeIpHost host;
    host.addr_list.push_back({1, 32, kVip, "lo"});
    IpAddrParams p = hb_params("10.0.0.5/24/eth0");
    EXPECT_FALSE(run_builtin_ipaddr(host, p, OpName::kStart, HbStatusRule::kResourceManager, "/t"));
    // IPaddr has no lvs_support: the copy on lo does not matter.
    EXPECT_TRUE(run(host, hb_params("10.0.0.5/24/eth0", "IPaddr"), OpName::kStart).succeeded());

    FakeIpHost marked;
    marked.files.push_back("/t/IPaddr2-lo-10.0.0.5");
    EXPECT_FALSE(
        run_builtin_ipaddr(marked, p, OpName::kStop, HbStatusRule::kResourceManager, "/t"));
}

TEST(BuiltinIpAddr, NoArpOnLoopback) {
    FakeIpHost host;
    auto o = run_builtin_ipaddr(host, hb_params("10.0.0.5/32/lo"), OpName::kStart,
                                HbStatusRule::kResourceManager, "");
    ASSERT_TRUE(o);
    EXPECT_TRUE(o->result.succeeded());
    EXPECT_FALSE(o->garp);
}

TEST(BuiltinAgents, ArpSeriesInTheBackground) {
    io::MainLoop loop;
    auto owned = std::make_unique<FakeIpHost>();
    FakeIpHost& host = *owned;
    BuiltinAgents agents(loop, std::move(owned));
    auto rsc = ResourceSpec::ocf("vip", "heartbeat", "IPaddr2",
                                 {{"ip", "10.0.0.5"}, {"arp_count", "3"}, {"arp_interval", "5"}});
    auto r = agents.run(rsc, OpName::kStart, {}, {});
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->succeeded());
    EXPECT_EQ(host.frames.size(), 1u);  // the first at once
    EXPECT_EQ(agents.arp_pending(), 1u);
    ASSERT_TRUE(loop.run_until([&] { return agents.arp_pending() == 0; }, Millis(5000)));
    ASSERT_EQ(host.frames.size(), 3u);
    auto want = garp_frame(Mac{2, 0, 0, 0, 0, 1}, kVip);
    EXPECT_EQ(host.frames[2], std::vector<std::uint8_t>(want.begin(), want.end()));

    // A stop ends a series still running.
    auto slow = ResourceSpec::ocf("vip", "heartbeat", "IPaddr2",
                                  {{"ip", "10.0.0.5"}, {"arp_interval", "10000"}});
    ASSERT_TRUE(agents.run(slow, OpName::kStop, {}, {}));
    ASSERT_TRUE(agents.run(slow, OpName::kStart, {}, {}));
    EXPECT_EQ(agents.arp_pending(), 1u);
    ASSERT_TRUE(agents.run(slow, OpName::kStop, {}, {}));
    EXPECT_EQ(agents.arp_pending(), 0u);
}

TEST(BuiltinAgents, SwitchAndCoverage) {
    EXPECT_TRUE(BuiltinAgents::enabled({}, {}));
    EXPECT_FALSE(BuiltinAgents::enabled({{kBuiltinAgentsEnv, "0"}}, {}));
    EXPECT_FALSE(BuiltinAgents::enabled({}, {{kBuiltinAgentsEnv, "no"}}));
    EXPECT_TRUE(BuiltinAgents::enabled({{kBuiltinAgentsEnv, "0"}}, {{kBuiltinAgentsEnv, "1"}}));

    io::MainLoop loop;
    BuiltinAgents agents(loop, std::make_unique<FakeIpHost>());
    auto vip = ResourceSpec::heartbeat("r", "IPaddr2", {"10.0.0.5/24/eth0"});
    EXPECT_TRUE(agents.run(vip, OpName::kStatus, {}, {}));
    EXPECT_FALSE(agents.run(vip, OpName::kStatus, {}, {{kBuiltinAgentsEnv, "off"}}));
    EXPECT_FALSE(agents.run(vip, OpName::kMetaData, {}, {}));
    EXPECT_FALSE(agents.run(ResourceSpec::heartbeat("r", "Dummy", {}), OpName::kStart, {}, {}));
}

// Through RaExec: the script is found but not run (it would leave a mark);
// with HA_BUILTIN_AGENTS=0 it runs.
TEST(BuiltinAgents, RaExecRunsTheBuiltinInsteadOfTheScript) {
    test::AgentRoot root;
    std::string mark = root.file("ran");
    root.heartbeat_agent("IPaddr2",
                         "echo \"$2\" >> '" + mark + "'\necho 'INFO: script Running OK'\n");
    auto rsc = ResourceSpec::heartbeat("r", "IPaddr2", {"10.0.0.5/24/nosuchnic0"});
    RaExecConfig config = root.config();

    OpResult r = run_op_sync(rsc, OpName::kStatus, {}, config);
    EXPECT_EQ(r.status, ExecStatus::kDone);
    EXPECT_EQ(r.rc, OcfRc::kNotRunning);
    EXPECT_EQ(r.output, "INFO: IPaddr2 Resource is stopped (not running)\n");
    EXPECT_FALSE(::access(mark.c_str(), F_OK) == 0);

    config.base_env[kBuiltinAgentsEnv] = "0";
    OpResult s = run_op_sync(rsc, OpName::kStatus, {}, config);
    EXPECT_EQ(s.rc, OcfRc::kSuccess);
    EXPECT_EQ(ha::test::read_file(mark), "status\n");

    // No script: not installed, built-in or not.
    test::AgentRoot empty;
    OpResult n = run_op_sync(rsc, OpName::kStatus, {}, empty.config());
    EXPECT_EQ(n.status, ExecStatus::kNotInstalled);
}

}  // namespace
}  // namespace ha::lrm
