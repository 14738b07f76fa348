// The built-in IP address agent's configuration: which resources it takes,
// the argument split of the heartbeat wrappers, and ip_init's checks.
#include "lrm/raexec/ipaddr_params.h"

#include <gtest/gtest.h>

namespace ha::lrm {
namespace {

IpAddrConfig config_of(const IpAddrParams& p) {
    auto c = check_ipaddr_params(p);
    EXPECT_TRUE(std::holds_alternative<IpAddrConfig>(c)) << std::get<IpAddrFailure>(c).reason;
    return std::holds_alternative<IpAddrConfig>(c) ? std::get<IpAddrConfig>(c) : IpAddrConfig{};
}

IpAddrFailure failure_of(const IpAddrParams& p) {
    auto c = check_ipaddr_params(p);
    EXPECT_TRUE(std::holds_alternative<IpAddrFailure>(c));
    return std::holds_alternative<IpAddrFailure>(c) ? std::get<IpAddrFailure>(c) : IpAddrFailure{};
}

IpAddrParams ip(const std::string& addr) {
    IpAddrParams p;
    p.ip = addr;
    return p;
}

TEST(Ipv4, ParsesDottedQuadsAsIpfValidAddress) {
    EXPECT_EQ(parse_ipv4("10.0.0.5"), (Ipv4{10, 0, 0, 5}));
    EXPECT_EQ(parse_ipv4("255.255.255.255"), (Ipv4{255, 255, 255, 255}));
    for (const char* bad :
         {"", "0.1.2.3", "10.0.0", "10.0.0.5.6", "10.0.0.256", "10..0.5", ".10.0.0", "10.0.0.",
          "10.0.0.0005", "10.0.0.x", "+1.0.0.1", " 1.2.3.4"}) {
        EXPECT_FALSE(parse_ipv4(bad)) << bad;
    }
    EXPECT_EQ(ipv4_text(Ipv4{192, 168, 1, 200}), "192.168.1.200");
}

TEST(Ipv4, PrefixesAsIpfCidr) {
    EXPECT_EQ(parse_ipv4_prefix("24"), 24);
    EXPECT_EQ(parse_ipv4_prefix("32"), 32);
    EXPECT_EQ(parse_ipv4_prefix("255.255.255.0"), 24);
    EXPECT_EQ(parse_ipv4_prefix("255.255.254.0"), 23);
    EXPECT_EQ(parse_ipv4_prefix("255.255.255.255"), 32);
    for (const char* bad : {"0", "33", "0024", "-1", "255.0.255.0", "0.0.0.0", "24x", ""}) {
        EXPECT_FALSE(parse_ipv4_prefix(bad)) << bad;
    }
    EXPECT_EQ(ipv4_broadcast(Ipv4{10, 1, 2, 3}, 24), (Ipv4{10, 1, 2, 255}));
    EXPECT_EQ(ipv4_broadcast(Ipv4{10, 1, 2, 3}, 12), (Ipv4{10, 15, 255, 255}));
    EXPECT_TRUE(ipv4_in_prefix(Ipv4{10, 1, 2, 3}, Ipv4{10, 1, 0, 0}, 16));
    EXPECT_FALSE(ipv4_in_prefix(Ipv4{10, 2, 2, 3}, Ipv4{10, 1, 0, 0}, 16));
}

TEST(SplitIpArg, FieldsAsHtoSplitIpArg) {
    IpAddrParams p;
    split_ip_arg("10.0.0.5/24/eth0:vip/10.0.0.255", p);
    EXPECT_EQ(p.ip, "10.0.0.5");
    EXPECT_EQ(p.cidr_netmask, "24");
    EXPECT_EQ(p.nic, "eth0:vip");
    EXPECT_EQ(p.broadcast, "10.0.0.255");

    IpAddrParams q;  // a third field starting with a digit is the broadcast
    split_ip_arg("10.0.0.5/24/10.0.0.127", q);
    EXPECT_EQ(q.nic, "");
    EXPECT_EQ(q.broadcast, "10.0.0.127");

    IpAddrParams r;
    split_ip_arg("10.0.0.5", r);
    EXPECT_EQ(r.ip, "10.0.0.5");
    EXPECT_EQ(r.cidr_netmask, "");
    EXPECT_EQ(r.nic, "");

    IpAddrParams s;  // an empty field is no value
    split_ip_arg("10.0.0.5//eth1", s);
    EXPECT_EQ(s.cidr_netmask, "");
    EXPECT_EQ(s.nic, "eth1");
}

TEST(BuiltinParams, HeartbeatWrappers) {
    auto p = builtin_ipaddr_params(ResourceSpec::heartbeat("r", "IPaddr2", {"10.0.0.5/24/eth0"}));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->hb_name, "IPaddr2");
    EXPECT_TRUE(p->lvs_support);  // the wrapper turns it on
    EXPECT_EQ(p->nic, "eth0");
    EXPECT_EQ(p->arp_count, "5");
    EXPECT_EQ(p->arp_interval, "200");

    auto q = builtin_ipaddr_params(ResourceSpec::heartbeat("r", "IPaddr", {"10.0.0.5"}));
    ASSERT_TRUE(q);
    EXPECT_EQ(q->hb_name, "IPaddr");
    EXPECT_FALSE(q->lvs_support);

    // The script's business: usage errors, IPv6, other agents.
    EXPECT_FALSE(builtin_ipaddr_params(ResourceSpec::heartbeat("r", "IPaddr2", {})));
    EXPECT_FALSE(builtin_ipaddr_params(ResourceSpec::heartbeat("r", "IPaddr2", {"a", "b"})));
    EXPECT_FALSE(builtin_ipaddr_params(ResourceSpec::heartbeat("r", "IPaddr2", {"fd00::5/64"})));
    EXPECT_FALSE(builtin_ipaddr_params(ResourceSpec::heartbeat("r", "IPsrcaddr", {"10.0.0.5"})));
}

TEST(BuiltinParams, OcfOnlyWithPlainParameters) {
    auto p = builtin_ipaddr_params(ResourceSpec::ocf(
        "vip", "heartbeat", "IPaddr2",
        {{"ip", "10.0.0.5"}, {"netmask", "24"}, {"nic", "eth0"}, {"lvs_support", "false"}}));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->hb_name, "");
    EXPECT_EQ(p->cidr_netmask, "24");  // the netmask alias
    EXPECT_FALSE(p->lvs_support);

    auto q = builtin_ipaddr_params(
        ResourceSpec::ocf("vip", "heartbeat", "IPaddr2",
                          {{"ip", "10.0.0.5"}, {"cidr_netmask", "16"}, {"netmask", "24"}}));
    ASSERT_TRUE(q);
    EXPECT_EQ(q->cidr_netmask, "16");

    EXPECT_FALSE(builtin_ipaddr_params(ResourceSpec::ocf(
        "vip", "heartbeat", "IPaddr2", {{"ip", "10.0.0.5"}, {"lvs_support", "true"}})));
    EXPECT_FALSE(builtin_ipaddr_params(ResourceSpec::ocf(
        "vip", "heartbeat", "IPaddr2", {{"ip", "10.0.0.5"}, {"clusterip_hash", "x"}})));
    EXPECT_FALSE(
        builtin_ipaddr_params(ResourceSpec::ocf("vip", "other", "IPaddr2", {{"ip", "10.0.0.5"}})));
    EXPECT_FALSE(builtin_ipaddr_params(ResourceSpec::lsb("vip", "IPaddr2")));
}

TEST(CheckParams, GoodConfiguration) {
    IpAddrParams p = ip("10.0.0.5");
    p.nic = "eth0:vip";
    p.cidr_netmask = "255.255.255.0";
    IpAddrConfig c = config_of(p);
    EXPECT_EQ(c.ip, (Ipv4{10, 0, 0, 5}));
    EXPECT_EQ(c.nic, "eth0");
    EXPECT_EQ(c.label, "eth0:vip");
    EXPECT_EQ(c.prefix, 24);
    EXPECT_EQ(c.arp_count, 5);
    EXPECT_EQ(c.arp_interval_ms, 200);
    EXPECT_FALSE(finish_ipaddr_config(c, false));
    EXPECT_EQ(c.brd, "+");
    EXPECT_EQ(c.broadcast(), (Ipv4{10, 0, 0, 255}));
}

TEST(CheckParams, FailuresAndTheirCodes) {
    IpAddrFailure none = failure_of(ip(""));
    EXPECT_EQ(none.kind, IpAddrFailure::Kind::kMandatory);
    EXPECT_EQ(none.rc, OcfRc::kErrConfigured);

    IpAddrFailure bad = failure_of(ip("10.0.0.300"));
    EXPECT_EQ(bad.kind, IpAddrFailure::Kind::kLookup);
    EXPECT_EQ(bad.rc, OcfRc::kErrConfigured);
    EXPECT_EQ(bad.reason, "IP address [10.0.0.300] not valid.");

    IpAddrParams m = ip("10.0.0.5");
    m.cidr_netmask = "40";
    EXPECT_EQ(failure_of(m).reason, "Invalid netmask specification [40].");
    IpAddrParams b = ip("10.0.0.5");
    b.broadcast = "10.0.0";
    EXPECT_EQ(failure_of(b).reason, "Invalid broadcast address [10.0.0].");
    IpAddrParams a = ip("10.0.0.5");
    a.arp_count = "0";
    EXPECT_EQ(failure_of(a).reason, "Invalid arp_count [0]");
    a.arp_count = "3";
    a.arp_interval = "1s";
    EXPECT_EQ(failure_of(a).reason, "Invalid arp_interval [1s]");
}

TEST(CheckParams, LabelsAndBroadcastAsIpInit) {
    IpAddrParams p = ip("10.0.0.5");
    p.iflabel = "vip";  // no nic yet: the label waits for the route lookup
    IpAddrConfig c = config_of(p);
    EXPECT_EQ(c.label, "");
    c.nic = "eth1";
    c.prefix = 31;
    EXPECT_FALSE(finish_ipaddr_config(c, true));
    EXPECT_EQ(c.label, "eth1:vip");
    EXPECT_EQ(c.brd, "");  // no default broadcast above /30
    EXPECT_FALSE(c.broadcast());

    IpAddrParams l = ip("10.0.0.5");
    l.nic = "eth0";
    l.cidr_netmask = "24";
    l.iflabel = "averylonglabel";
    l.broadcast = "-";
    IpAddrConfig lc = config_of(l);
    auto f = finish_ipaddr_config(lc, false);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->rc, OcfRc::kErrConfigured);
    EXPECT_EQ(f->reason,
              "Interface label [eth0:averylonglabel] exceeds maximum character limit of 15");
}

TEST(PickRoute, MostSpecificConnectedRoute) {
    constexpr int kMain = 254, kLink = 253, kUniverse = 0, kUnicast = 1;
    std::vector<RouteEntry> routes = {
        {Ipv4{0, 0, 0, 0}, 0, 2, kMain, kUniverse, kUnicast},  // default via a gateway
        {Ipv4{10, 0, 0, 0}, 8, 2, kMain, kLink, kUnicast},
        {Ipv4{10, 0, 0, 0}, 24, 3, kMain, kLink, kUnicast},
        {Ipv4{10, 0, 0, 5}, 32, 4, kMain, kLink, kUnicast},  // host route: skipped
        {Ipv4{10, 0, 0, 0}, 28, 5, 255, kLink, kUnicast},    // not the main table
        {Ipv4{10, 0, 0, 0}, 30, 6, kMain, kLink, 3},         // not unicast
    };
    auto best = pick_connected_route(routes, Ipv4{10, 0, 0, 5}, 0);
    ASSERT_TRUE(best);
    EXPECT_EQ(best->oif, 3);
    EXPECT_EQ(best->dst_len, 24);
    auto on2 = pick_connected_route(routes, Ipv4{10, 0, 0, 5}, 2);
    ASSERT_TRUE(on2);
    EXPECT_EQ(on2->dst_len, 8);
    EXPECT_FALSE(pick_connected_route(routes, Ipv4{192, 168, 0, 1}, 0));
    EXPECT_FALSE(pick_connected_route(routes, Ipv4{10, 0, 0, 5}, 7));
}

TEST(HtoRcText, Words) {
    EXPECT_EQ(hto_rc_text(1), "Generic error");
    EXPECT_EQ(hto_rc_text(4), "User had insufficient privilege");
    EXPECT_EQ(hto_rc_text(6), "Program is not configured");
    EXPECT_EQ(hto_rc_text(9), "Unknown error: 9");
}

}  // namespace
}  // namespace ha::lrm
