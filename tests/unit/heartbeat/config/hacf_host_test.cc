// Host-dependent ha.cf checks, driven by hand-made HostFacts (no system
// lookups), plus the local node name choice.
#include "heartbeat/config/hacf_host.h"

#include <gtest/gtest.h>

#include "tests/unit/heartbeat/config/hacf_test_util.h"

namespace ha::hb {
namespace {

struct Checked {
    Diagnostics diagnostics;
};

// Facts under which test::valid_hacf() plus `extra` is fine on node n1.
HostFacts good_facts() {
    HostFacts f;
    f.interfaces = {"eth0", "eth1"};
    f.users = {"hacluster", "root"};
    f.groups = {"haclient"};
    f.resolvable_hosts = {"peer.example.com"};
    f.paths["/usr/lib/heartbeat/ipfail"] = {PathKind::kRegular, true};
    f.paths["/dev/ttyS0"] = {PathKind::kCharDevice, false};
    return f;
}

Checked check(std::string_view extra, const HostFacts& facts = good_facts()) {
    auto r = test::parse(test::valid_hacf(extra));
    EXPECT_VALID(r);
    return Checked{check_ha_cf_host(r.config, facts, "ha.cf")};
}

TEST(HaCfHost, GoodConfigurationHasNoProblems) {
    auto c = check(
        "respawn hacluster /usr/lib/heartbeat/ipfail\napiauth x uid=root gid=haclient\n"
        "ucast eth1 peer.example.com\nserial /dev/ttyS0\nping 10.0.0.1\n");
    EXPECT_CLEAN(c);
}

TEST(HaCfHost, LocalNodeMustBeListed) {
    auto r = test::parse(test::valid_hacf());
    EXPECT_TRUE(check_local_node(r.config, "n2", "ha.cf").empty());
    Checked c{check_local_node(r.config, "other", "ha.cf")};
    EXPECT_ERROR(c, 0, "Current node [other] not in configuration");
    auto any = test::parse("bcast eth0\nautojoin any\ncrm on\n");
    EXPECT_TRUE(check_local_node(any.config, "other", "ha.cf").empty());
}

TEST(HaCfHost, ApiauthUsersAndGroupsMustExist) {
    auto c = check("apiauth mon uid=nobody42 gid=nogroup42,haclient\napiauth num uid=1001\n");
    EXPECT_ERROR(c, 4, "apiauth mon: user 'nobody42' does not exist");
    EXPECT_ERROR(c, 4, "apiauth mon: group 'nogroup42' does not exist");
    EXPECT_EQ(c.diagnostics.size(), 2u) << test::dump(c.diagnostics);  // numeric ids need no lookup
}

TEST(HaCfHost, BuiltinApiauthDefaultsAreNotChecked) {
    HostFacts f = good_facts();
    f.users.clear();
    f.groups.clear();
    EXPECT_CLEAN(check("", f));
}

TEST(HaCfHost, PacemakerEntriesNeedTheClusterUser) {
    HostFacts f = good_facts();
    f.users = {"root"};
    auto c = check("crm respawn\n", f);
    EXPECT_ERROR(c, 4, "apiauth cib: user 'hacluster' does not exist");
    EXPECT_ERROR(c, 4, "pacemaker child ccm: user 'hacluster' does not exist");
}

TEST(HaCfHost, RespawnUserAndProgram) {
    auto c = check("respawn nobody42 /usr/lib/heartbeat/ipfail\nfailfast root /bin/missing\n");
    EXPECT_ERROR(c, 4, "respawn: user 'nobody42' does not exist");
    EXPECT_ERROR(c, 5, "failfast: command [/bin/missing] is not executable");
    HostFacts f = good_facts();
    f.paths["/etc/notexec"] = {PathKind::kRegular, false};
    EXPECT_ERROR(check("respawn root /etc/notexec\n", f), 4, "is not executable");
}

TEST(HaCfHost, MediaInterfacesMustExist) {
    auto c = check("bcast eth9\nmcast eth8 225.0.0.1 694 1 0\nucast eth7 10.0.0.2\n");
    EXPECT_ERROR(c, 4, "bcast eth9: network interface [eth9] does not exist");
    EXPECT_ERROR(c, 5, "mcast eth8: network interface [eth8] does not exist");
    // Heartbeat 3.0.6 starts with a ucast on a missing interface.
    EXPECT_WARNING(c, 6, "ucast: interface [eth7] does not exist");
    EXPECT_FALSE(test::has_diag(c.diagnostics, Severity::kError, 6, ""))
        << test::dump(c.diagnostics);
}

TEST(HaCfHost, SerialDevices) {
    HostFacts f = good_facts();
    f.paths["/dev/notatty"] = {PathKind::kRegular, false};
    auto c = check("serial /dev/ttyS9 /dev/notatty\n", f);
    EXPECT_ERROR(c, 4, "Nonexistent serial port [/dev/ttyS9]");
    EXPECT_ERROR(c, 4, "Serial port [/dev/notatty] is not a char device");
}

TEST(HaCfHost, HostNamesMustResolve) {
    auto c = check("ucast eth0 nowhere.invalid\nping gw.invalid 10.0.0.1\n");
    EXPECT_ERROR(c, 4, "cannot resolve host name 'nowhere.invalid'");
    EXPECT_ERROR(c, 5, "ping node gw.invalid: cannot resolve host name 'gw.invalid'");
    EXPECT_EQ(c.diagnostics.size(), 2u) << test::dump(c.diagnostics);
}

TEST(HaCfHost, UdpportReservedForAnotherServiceWarns) {
    HostFacts f = good_facts();
    f.udp_services[80] = "http";
    f.udp_services[694] = "ha-cluster";
    EXPECT_WARNING(check("udpport 80\n", f), 4, "reserved for service \"http\"");
    EXPECT_CLEAN(check("udpport 694\n", f));
}

TEST(HaCfHost, WatchdogCorerootAndHaresources) {
    HostFacts f = good_facts();
    f.haresources_exists = true;
    auto c = check("watchdog /dev/watchdog\ncoreroot /var/cores\ncrm on\n", f);
    EXPECT_WARNING(c, 4, "watchdog device [/dev/watchdog] does not exist");
    EXPECT_WARNING(c, 5, "coreroot [/var/cores] is not a directory");
    EXPECT_WARNING(c, 6, "haresources exists but is not used");
    EXPECT_FALSE(has_errors(c.diagnostics)) << test::dump(c.diagnostics);
}

TEST(HaCfHost, ApplyHostDefaultsTakesTheServicePort) {
    auto r = test::parse(
        "node n1\nauto_failback on\nbcast eth0\nudpport 800\nbcast eth1\n"
        "ucast eth0 10.0.0.2\n");
    HostFacts f;
    f.ha_cluster_port = 1694;
    apply_host_defaults(r.config, f);
    EXPECT_EQ(r.config.media[0].port, 1694);  // read before udpport: plugin default
    EXPECT_EQ(r.config.media[1].port, 1694);
    EXPECT_EQ(r.config.media[2].port, 800);
    EXPECT_EQ(r.config.udpport, 800);

    auto d = test::parse(test::valid_hacf());
    apply_host_defaults(d.config, f);
    EXPECT_EQ(d.config.udpport, 1694);
    EXPECT_EQ(d.config.parameter("udpport"), "1694");
    EXPECT_EQ(d.config.media[0].port, 1694);
    HostFacts none;
    apply_host_defaults(d.config, none);
    EXPECT_EQ(d.config.udpport, 694);
}

TEST(HaCfHost, ChooseLocalNode) {
    EXPECT_EQ(choose_local_node("Node1", "other\n", "host"), "node1");
    EXPECT_EQ(choose_local_node("", "Alpha\nBeta\n", "host"), "alpha");
    EXPECT_EQ(choose_local_node("", "  \n", "MyHost"), "myhost");
    EXPECT_EQ(choose_local_node("  ", "", "h"), "h");
}

}  // namespace
}  // namespace ha::hb
