// ha.cf media and ping nodes: argument parsing and validation, the udpport
// and baud order rules (values cached by the plugins at their first line).
#include <gtest/gtest.h>

#include "heartbeat/config/ha_cf.h"
#include "tests/unit/heartbeat/config/hacf_test_util.h"

namespace ha::hb {
namespace {

using test::parse;

std::string nodes(std::string_view media) {
    return "node n1 n2\nauto_failback on\n" + std::string(media);
}

TEST(HaCfMedia, McastAllFields) {
    auto r = parse(nodes("mcast eth0 225.0.0.1 694 1 0\n"));
    EXPECT_CLEAN(r);
    ASSERT_EQ(r.config.media.size(), 1u);
    const Medium& m = r.config.media[0];
    EXPECT_EQ(m.type, MediumType::kMcast);
    EXPECT_EQ(m.dev, "eth0");
    EXPECT_EQ(m.name(), "eth0");
    EXPECT_EQ(m.address, "225.0.0.1");
    EXPECT_EQ(m.port, 694);
    EXPECT_EQ(m.ttl, 1);
    EXPECT_FALSE(m.loop);
    EXPECT_EQ(m.line, 3);
}

TEST(HaCfMedia, McastMissingFieldsNameTheField) {
    EXPECT_ERROR(parse(nodes("mcast eth0\n")), 3, "mcast [eth0] missing mcast address");
    EXPECT_ERROR(parse(nodes("mcast eth0 225.0.0.1\n")), 3, "missing port");
    EXPECT_ERROR(parse(nodes("mcast eth0 225.0.0.1 694\n")), 3, "missing ttl");
    EXPECT_ERROR(parse(nodes("mcast eth0 225.0.0.1 694 1\n")), 3, "missing loop");
}

TEST(HaCfMedia, McastRangesAreChecked) {
    EXPECT_ERROR(parse(nodes("mcast eth0 10.0.0.1 694 1 0\n")), 3,
                 "bad addr [10.0.0.1]: not an IPv4 multicast address");
    EXPECT_ERROR(parse(nodes("mcast eth0 225.1 694 1 0\n")), 3, "bad addr [225.1]");
    EXPECT_ERROR(parse(nodes("mcast eth0 225.0.0.1 0 1 0\n")), 3, "invalid mcast port value '0'");
    EXPECT_ERROR(parse(nodes("mcast eth0 225.0.0.1 694 5 0\n")), 3,
                 "invalid mcast ttl value '5': expected an integer in 0..4");
    EXPECT_ERROR(parse(nodes("mcast eth0 225.0.0.1 694 1 2\n")), 3, "invalid mcast loop value");
    EXPECT_VALID(parse(nodes("mcast eth0 239.255.255.255 65535 4 1\n")));
}

TEST(HaCfMedia, McastExtraArgumentsAreIgnoredWithAWarning) {
    auto r = parse(nodes("mcast eth0 225.0.0.1 694 1 0 extra\n"));
    EXPECT_VALID(r);
    EXPECT_WARNING(r, 3, "extra arguments ignored: extra");
}

TEST(HaCfMedia, McastIgnoresUdpport) {
    auto r = parse(nodes("udpport 700\nmcast eth0 225.0.0.1 694 1 0\n"));
    EXPECT_EQ(r.config.media.at(0).port, 694);
}

TEST(HaCfMedia, Mcast6) {
    auto r = parse(nodes("mcast6 eth0 ff12::1:2:3:4 694 1 0\n"));
    EXPECT_CLEAN(r);
    const Medium& m = r.config.media.at(0);
    EXPECT_EQ(m.type, MediumType::kMcast6);
    EXPECT_EQ(m.address, "ff12::1:2:3:4");
    EXPECT_EQ(m.ttl, 1);
    EXPECT_ERROR(parse(nodes("mcast6 eth0 fe80::1 694 1 0\n")), 3, "not an IPv6 multicast address");
    EXPECT_ERROR(parse(nodes("mcast6 eth0 ff12::1 694 9 0\n")), 3, "invalid mcast6 hops value");
}

TEST(HaCfMedia, UcastOnePeerPerLine) {
    auto r = parse(nodes("ucast eth0 10.0.0.2\nucast eth0 peer.example.com\n"));
    EXPECT_CLEAN(r);
    ASSERT_EQ(r.config.media.size(), 2u);
    EXPECT_EQ(r.config.media[0].address, "10.0.0.2");
    EXPECT_EQ(r.config.media[1].address, "peer.example.com");
    EXPECT_EQ(r.config.media[0].name(), r.config.media[1].name());  // same link name
    auto extra = parse(nodes("ucast eth0 10.0.0.2 10.0.0.3\n"));
    EXPECT_WARNING(extra, 3, "one peer per line; ignored: 10.0.0.3");
    EXPECT_EQ(extra.config.media.size(), 1u);
}

TEST(HaCfMedia, UcastNeedsAValidPeer) {
    EXPECT_ERROR(parse(nodes("ucast eth0\n")), 3,
                 "ucast: [eth0] missing target IP address/hostname");
    EXPECT_ERROR(parse(nodes("ucast eth0 10.0.0.300\n")), 3, "bad target [10.0.0.300]");
    EXPECT_ERROR(parse(nodes("ucast eth0 bad!name\n")), 3, "bad target [bad!name]");
}

TEST(HaCfMedia, Ucast6) {
    auto r = parse(nodes("ucast6 eth0 fe80::2%eth0\nucast6 eth1 2001:db8::7\n"));
    EXPECT_CLEAN(r);
    EXPECT_EQ(r.config.media.at(0).type, MediumType::kUcast6);
    EXPECT_ERROR(parse(nodes("ucast6 eth0\n")), 3, "missing ucast6 address");
    EXPECT_ERROR(parse(nodes("ucast6 eth0 ::zz::\n")), 3, "bad addr [::zz::]");
}

TEST(HaCfMedia, UdpportInForceAtFirstLinePerMediumType) {
    // The bcast plugin caches the port at its first line; the ucast plugin at
    // its own first line (after the udpport change).
    auto r =
        parse(nodes("udpport 700\nbcast eth0\nudpport 800\nbcast eth1\nucast eth0 10.0.0.2\n"));
    EXPECT_VALID(r);
    ASSERT_EQ(r.config.media.size(), 3u);
    EXPECT_EQ(r.config.media[0].port, 700);
    EXPECT_EQ(r.config.media[1].port, 700);
    EXPECT_EQ(r.config.media[2].port, 800);
    EXPECT_FALSE(r.config.media[0].port_is_default);
    EXPECT_EQ(r.config.udpport, 800);
    EXPECT_EQ(r.config.parameter("udpport"), "800");
    EXPECT_WARNING(r, 5, "udpport must precede the bcast/ucast media");
}

TEST(HaCfMedia, UdpportBeforeMediaGivesNoWarning) {
    auto r = parse(nodes("udpport 700\nbcast eth0\n"));
    EXPECT_CLEAN(r);
    EXPECT_EQ(r.config.media[0].port, 700);
}

TEST(HaCfMedia, MediaBeforeAnyUdpportUseTheDefaultPort) {
    auto r = parse(nodes("bcast eth0\n"));
    EXPECT_EQ(r.config.media[0].port, 694);
    EXPECT_TRUE(r.config.media[0].port_is_default);
    EXPECT_FALSE(r.config.udpport_given);
}

TEST(HaCfMedia, UdpportValues) {
    EXPECT_ERROR(parse(nodes("bcast eth0\nudpport 0\n")), 4, "invalid udpport '0'");
    EXPECT_ERROR(parse(nodes("bcast eth0\nudpport abc\n")), 4, "invalid udpport 'abc'");
    auto big = parse(nodes("udpport 70000\nbcast eth0\n"));
    EXPECT_VALID(big);
    EXPECT_WARNING(big, 3, "udpport 70000 is above 65535; heartbeat truncates it to 4464");
}

TEST(HaCfMedia, SerialUsesTheBaudInForceAndNeedsAFullPath) {
    auto r = parse(nodes("baud 38400\nserial /dev/ttyS0 /dev/ttyS1\n"));
    EXPECT_CLEAN(r);
    ASSERT_EQ(r.config.media.size(), 2u);
    EXPECT_EQ(r.config.media[1].type, MediumType::kSerial);
    EXPECT_EQ(r.config.media[1].baud, 38400);
    EXPECT_ERROR(parse(nodes("serial ttyS0\n")), 3, "serial port 'ttyS0' is not a full path name");
}

TEST(HaCfMedia, BaudAfterSerialKeepsTheOldRateWithAWarning) {
    auto r = parse(nodes("serial /dev/ttyS0\nbaud 9600\n"));
    EXPECT_VALID(r);
    EXPECT_EQ(r.config.media[0].baud, 19200);
    EXPECT_EQ(r.config.baud, 9600);
    EXPECT_WARNING(r, 4, "baud must precede the serial media");
}

TEST(HaCfMedia, BaudValuesAndRepetition) {
    EXPECT_ERROR(parse(nodes("bcast eth0\nbaud 12345\n")), 4, "invalid baud rate '12345'");
    auto twice = parse(nodes("bcast eth0\nbaud 19200\nbaud 19200\n"));
    EXPECT_INVALID(twice);
    EXPECT_ERROR(twice, 5, "baud given more than once");
}

TEST(HaCfMedia, PingNodes) {
    auto r =
        parse(nodes("bcast eth0\nping 10.0.0.254 GW.example.com\nping6 2001:db8::1\n"
                    "ping_group group1 10.0.0.1 10.0.0.2\n"));
    EXPECT_CLEAN(r);
    ASSERT_EQ(r.config.ping_nodes.size(), 4u);
    EXPECT_EQ(r.config.ping_nodes[1].name, "gw.example.com");
    EXPECT_EQ(r.config.ping_nodes[2].type, PingType::kPing6);
    const PingNode& g = r.config.ping_nodes[3];
    EXPECT_EQ(g.type, PingType::kPingGroup);
    EXPECT_EQ(g.name, "group1");
    EXPECT_EQ(g.hosts, (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
    EXPECT_EQ(r.config.nodes.size(), 2u);  // ping nodes are not normal nodes
}

TEST(HaCfMedia, BadPingNodes) {
    EXPECT_ERROR(parse(nodes("bcast eth0\nping 10.0.0.300\n")), 4, "ping: '10.0.0.300'");
    EXPECT_ERROR(parse(nodes("bcast eth0\nping_group g1\n")), 4, "ping_group g1 lists no hosts");
}

TEST(HaCfMedia, NoMediaIsAnError) {
    auto r = parse("node n1\nauto_failback on\n");
    EXPECT_INVALID(r);
    EXPECT_ERROR(r, 0, "No heartbeat media defined");
    // Heartbeat counts ping nodes as media: it starts, but hears no peer.
    auto only_ping = parse("node n1\nauto_failback on\nping 10.0.0.1\n");
    EXPECT_VALID(only_ping);
    EXPECT_WARNING(only_ping, 0, "only ping media defined");
}

TEST(HaCfMedia, BareMediaLinesAreIgnored) {
    auto r = parse(nodes("bcast\nmcast\nucast\nping\nbcast eth0\n"));
    EXPECT_VALID(r);
    EXPECT_EQ(r.config.media.size(), 1u);
    EXPECT_WARNING(r, 3, "'bcast' without a value is ignored");
    EXPECT_WARNING(r, 4, "'mcast' without arguments is ignored");
    auto alone = parse(nodes("bcast\n"));
    EXPECT_ERROR(alone, 0, "media lines without arguments are ignored");
}

TEST(HaCfMedia, AtMost64Media) {
    std::string text = nodes("");
    for (int i = 0; i < 65; ++i)
        text += "bcast eth" + std::to_string(i) + "\n";
    auto r = parse(text);
    EXPECT_EQ(r.config.media.size(), kMaxMedia);
    EXPECT_ERROR(r, 67, "too many media: at most 64");
}

TEST(HaCfMedia, AtMost100NodesIncludingPingNodes) {
    std::string text = nodes("bcast eth0\nping 10.0.0.1\n");
    for (int i = 0; i < 100; ++i)
        text += "node n" + std::to_string(i + 10) + "\n";
    auto r = parse(text);
    EXPECT_ERROR(r, -1, "too many nodes: at most 100");
    EXPECT_EQ(r.config.nodes.size() + r.config.ping_nodes.size(), kMaxNodes);
}

}  // namespace
}  // namespace ha::hb
