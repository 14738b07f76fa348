// Root test: the built-in IP address agent against the real kernel, in a
// private network namespace (unshare) with a veth pair vipa/vipb, through
// RaExec as the v1 resource manager calls it. The agent scripts in the node
// root fail if run, so every pass here is the built-in one. Skips, saying
// so, when not root or when namespaces or iproute2 are unavailable.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include "heartbeat/plumb/fd_util.h"
#include "lrm/raexec/ra_exec.h"
#include "tests/unit/lrm/raexec/raexec_test_util.h"

namespace ha::lrm {
namespace {

std::string shell(const std::string& cmd) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return out;
    char buf[512];
    while (std::fgets(buf, sizeof buf, p))
        out += buf;
    ::pclose(p);
    return out;
}

class BuiltinIpAddrNetns : public ::testing::Test {
  protected:
    void SetUp() override {
        if (::geteuid() != 0) {
            GTEST_SKIP() << "*** needs root (a private network namespace); the kernel test of "
                            "the built-in IP address agent did NOT run";
        }
        if (::unshare(CLONE_NEWNET) != 0) {
            GTEST_SKIP() << "*** unshare(CLONE_NEWNET) failed: " << std::strerror(errno)
                         << "; the kernel test of the built-in IP address agent did NOT run";
        }
        if (std::system("ip link add vipa type veth peer name vipb && ip link set vipa up && "
                        "ip link set vipb up && ip addr add 10.77.0.1/24 dev vipa") != 0) {
            GTEST_SKIP() << "*** cannot build a veth pair with iproute2 (ip); the kernel test "
                            "of the built-in IP address agent did NOT run";
        }
        // Scripts that fail loudly: the built-in agent must answer instead.
        root_.heartbeat_agent("IPaddr2", "echo 'ERROR: the script ran'; exit 1\n");
        root_.ocf_agent("heartbeat", "IPaddr2", "echo 'the script ran' >&2; exit 1\n");
    }

    OpResult run(const ResourceSpec& rsc, OpName op) {
        RaExecConfig config = root_.config();
        config.base_env["HA_RSCTMP"] = root_.file("rsctmp");
        return run_op_sync(rsc, op, {}, config);
    }
    std::string addrs() { return shell("ip -o -4 addr show dev vipa"); }

    test::AgentRoot root_;
};

// Every ARP frame arriving at vipb within `wait`.
std::vector<std::vector<std::uint8_t>> arp_frames(int fd, std::chrono::milliseconds wait) {
    std::vector<std::vector<std::uint8_t>> frames;
    auto end = std::chrono::steady_clock::now() + wait;
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            end - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
        std::vector<std::uint8_t> buf(2048);
        ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
        if (n <= 0) break;
        buf.resize(static_cast<std::size_t>(n));
        frames.push_back(std::move(buf));
    }
    return frames;
}

TEST_F(BuiltinIpAddrNetns, HeartbeatIPaddr2StartStatusStop) {
    auto vip =
        ResourceSpec::heartbeat("IPaddr2::10.77.0.5/24/vipa", "IPaddr2", {"10.77.0.5/24/vipa"});
    OpResult probe = run(vip, OpName::kStatus);
    EXPECT_EQ(probe.rc, OcfRc::kNotRunning) << describe(probe) << probe.output;

    auto t0 = std::chrono::steady_clock::now();
    OpResult start = run(vip, OpName::kStart);
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - t0);
    ASSERT_TRUE(start.succeeded()) << describe(start) << start.output << start.error_output;
    EXPECT_EQ(start.output, "INFO: IPaddr2 Success\n");
    EXPECT_NE(addrs().find("inet 10.77.0.5/24 brd 10.77.0.255 scope global secondary vipa"),
              std::string::npos)
        << addrs();
    std::printf("start through run_op_sync: %lld ms, of which the op %lld ms\n",
                static_cast<long long>(took.count()),
                static_cast<long long>(start.duration.count()));

    // The rest of the ARP series goes on in a detached process that names
    // itself in the script's pidfile; a stop (here: in another RaExec) ends it.
    std::string pidfile = root_.file("rsctmp/send_arp-10.77.0.5");
    std::string line = ha::test::read_file(pidfile);
    long sender = std::atol(line.c_str());
    EXPECT_GT(sender, 1) << line;
    EXPECT_NE(line.find(' '), std::string::npos) << line;  // "<pid> <comm>"

    EXPECT_EQ(run(vip, OpName::kStart).rc, OcfRc::kSuccess);  // idempotent
    OpResult st = run(vip, OpName::kStatus);
    EXPECT_EQ(st.rc, OcfRc::kSuccess);
    EXPECT_EQ(st.output, "INFO: IPaddr2 Running OK\n");

    EXPECT_TRUE(run(vip, OpName::kStop).succeeded());
    EXPECT_EQ(addrs().find("10.77.0.5"), std::string::npos) << addrs();
    EXPECT_NE(::access(pidfile.c_str(), F_OK), 0);
    bool gone = false;
    for (int i = 0; i < 20 && !gone; ++i) {  // well before the series would end
        std::string stat = shell("cat /proc/" + std::to_string(sender) + "/stat 2>/dev/null");
        gone = stat.empty() || stat.find(") Z") != std::string::npos;
        if (!gone) ::usleep(10000);
    }
    EXPECT_TRUE(gone) << "the detached ARP sender " << sender << " still runs";
    EXPECT_TRUE(run(vip, OpName::kStop).succeeded());  // absent: still fine
    EXPECT_EQ(run(vip, OpName::kStatus).rc, OcfRc::kNotRunning);
}

TEST_F(BuiltinIpAddrNetns, OcfStartSendsGratuitousArp) {
    io::UniqueFd fd(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ARP)));
    ASSERT_TRUE(fd.valid()) << std::strerror(errno);
    sockaddr_ll at{};
    at.sll_family = AF_PACKET;
    at.sll_protocol = htons(ETH_P_ARP);
    at.sll_ifindex = static_cast<int>(::if_nametoindex("vipb"));
    ASSERT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&at), sizeof at), 0);

    // No nic, no netmask: both from the connected route of vipa; a label.
    auto vip = ResourceSpec::ocf(
        "vip", "heartbeat", "IPaddr2",
        {{"ip", "10.77.0.6"}, {"iflabel", "v"}, {"arp_count", "3"}, {"arp_interval", "20"}});
    OpResult start = run(vip, OpName::kStart);
    ASSERT_TRUE(start.succeeded()) << describe(start) << start.error_output;
    EXPECT_NE(addrs().find("inet 10.77.0.6/24 brd 10.77.0.255 scope global secondary vipa:v"),
              std::string::npos)
        << addrs();
    auto frames = arp_frames(fd.get(), std::chrono::milliseconds(300));
    // (sysfs still shows the first namespace: ask iproute2.)
    std::string mac =
        shell("ip -o link show vipa | sed -n 's|.*link/ether \\([0-9a-f:]*\\).*|\\1|p'");
    int garp = 0;
    for (const auto& f : frames) {
        if (f.size() < 42 || f[21] != 1) continue;  // ARP request
        const std::uint8_t want_ip[4] = {10, 77, 0, 6};
        if (std::memcmp(&f[28], want_ip, 4) == 0 && std::memcmp(&f[38], want_ip, 4) == 0) {
            char m[18];
            std::snprintf(m, sizeof m, "%02x:%02x:%02x:%02x:%02x:%02x", f[22], f[23], f[24], f[25],
                          f[26], f[27]);
            EXPECT_EQ(mac.substr(0, 17), std::string(m));
            ++garp;
        }
    }
    EXPECT_EQ(garp, 3);

    OpResult status = run(vip, OpName::kStatus);
    EXPECT_EQ(status.rc, OcfRc::kSuccess);
    EXPECT_EQ(status.output, "running\n");
    EXPECT_TRUE(run(vip, OpName::kStop).succeeded());
    EXPECT_EQ(run(vip, OpName::kMonitor).rc, OcfRc::kNotRunning);
}

TEST_F(BuiltinIpAddrNetns, ErrorsFromTheKernelSide) {
    auto nonic = ResourceSpec::heartbeat("r", "IPaddr2", {"10.77.0.7/24/nosuch0"});
    OpResult r = run(nonic, OpName::kStart);
    EXPECT_EQ(r.rc, OcfRc::kErrConfigured);
    EXPECT_EQ(r.exit_reason, "Invalid interface name [nosuch0]: no such device");

    auto noroute = ResourceSpec::ocf("vip", "heartbeat", "IPaddr2", {{"ip", "10.78.0.7"}});
    OpResult n = run(noroute, OpName::kStart);
    EXPECT_EQ(n.rc, OcfRc::kErrGeneric);
    EXPECT_EQ(run(noroute, OpName::kMonitor).rc, OcfRc::kNotRunning);
}

}  // namespace
}  // namespace ha::lrm
