#include "heartbeat/tools/wiredump_pcap.h"

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

namespace ha::hb {
namespace {

void put16be(std::string& s, uint16_t v) {
    s += char(v >> 8);
    s += char(v & 0xff);
}

void put32(std::string& s, uint32_t v, bool big) {
    for (int i = 0; i < 4; ++i)
        s += char(big ? (v >> (24 - 8 * i)) & 0xff : (v >> (8 * i)) & 0xff);
}

std::string file_header(uint32_t link, bool big = false, uint32_t magic = 0xa1b2c3d4) {
    std::string h;
    put32(h, magic, big);
    put16be(h, 0);  // version bytes: not checked
    put16be(h, 0);
    put32(h, 0, big);
    put32(h, 0, big);
    put32(h, 65535, big);
    put32(h, link, big);
    return h;
}

std::string record(const std::string& frame, bool big = false) {
    std::string r;
    put32(r, 1, big);
    put32(r, 2, big);
    put32(r, uint32_t(frame.size()), big);
    put32(r, uint32_t(frame.size()), big);
    return r + frame;
}

std::string udp(uint16_t sport, uint16_t dport, const std::string& payload) {
    std::string u;
    put16be(u, sport);
    put16be(u, dport);
    put16be(u, uint16_t(8 + payload.size()));
    put16be(u, 0);
    return u + payload;
}

std::string ipv4(const std::string& l4, uint16_t frag = 0, uint8_t proto = 17) {
    std::string ip;
    ip += char(0x45);
    ip += char(0);
    put16be(ip, uint16_t(20 + l4.size()));
    put16be(ip, 0);
    put16be(ip, frag);
    ip += char(64);
    ip += char(proto);
    put16be(ip, 0);
    ip += std::string("\x0a\x63\x00\x0c", 4);  // 10.99.0.12
    ip += std::string("\x0a\x63\x00\xff", 4);  // 10.99.0.255
    return ip + l4;
}

std::string ipv6(const std::string& l4, uint8_t next = 17) {
    std::string ip;
    ip += char(0x60);
    ip += std::string(3, '\0');
    put16be(ip, uint16_t(l4.size()));
    ip += char(next);
    ip += char(64);
    std::string src(16, '\0'), dst(16, '\0');
    src[0] = char(0xfe), src[1] = char(0x80), src[15] = 1;
    dst[0] = char(0xff), dst[1] = 2, dst[15] = 1;
    return ip + src + dst + l4;
}

std::string ether(uint16_t type, const std::string& l3, bool vlan = false) {
    std::string f(12, '\x11');
    if (vlan) {
        put16be(f, 0x8100);
        put16be(f, 42);
    }
    put16be(f, type);
    return f + l3;
}

TEST(WiredumpPcap, EthernetIpv4UdpToOrFromPort) {
    std::string file = file_header(1);
    file += record(ether(0x0800, ipv4(udp(38644, 694, "hello"))));
    file += record(ether(0x0800, ipv4(udp(694, 5000, "reply"))));
    file += record(ether(0x0800, ipv4(udp(1000, 2000, "other"))));
    file += record(ether(0x0806, std::string(28, '\0')));  // ARP
    file += record(ether(0x0800, ipv4(udp(1, 694, "vlan")), true));
    auto scan = scan_pcap_udp(file, 694);
    ASSERT_TRUE(scan.is_ok()) << scan.status().to_string();
    EXPECT_EQ(scan->records, 5u);
    ASSERT_EQ(scan->packets.size(), 3u);
    EXPECT_EQ(scan->packets[0].number, 1u);
    EXPECT_EQ(scan->packets[0].src, "10.99.0.12");
    EXPECT_EQ(scan->packets[0].dst, "10.99.0.255");
    EXPECT_EQ(scan->packets[0].sport, 38644);
    EXPECT_EQ(scan->packets[0].payload, "hello");
    EXPECT_EQ(scan->packets[1].payload, "reply");
    EXPECT_EQ(scan->packets[2].number, 5u);
    EXPECT_EQ(scan->packets[2].payload, "vlan");
}

TEST(WiredumpPcap, BigEndianNanosecondFileWithEthernetPadding) {
    std::string frame = ether(0x0800, ipv4(udp(1, 694, "x"))) + std::string(20, '\0');
    std::string file = file_header(1, true, 0xa1b23c4d) + record(frame, true);
    auto scan = scan_pcap_udp(file, 694);
    ASSERT_TRUE(scan.is_ok());
    ASSERT_EQ(scan->packets.size(), 1u);
    EXPECT_EQ(scan->packets[0].payload, "x");
}

TEST(WiredumpPcap, LinuxCookedAndIpv6) {
    std::string sll(14, '\0');
    put16be(sll, 0x86dd);
    std::string file = file_header(113) + record(sll + ipv6(udp(1, 694, "six")));
    auto scan = scan_pcap_udp(file, 694);
    ASSERT_TRUE(scan.is_ok());
    ASSERT_EQ(scan->packets.size(), 1u);
    EXPECT_EQ(scan->packets[0].src, "fe80::1");
    EXPECT_EQ(scan->packets[0].dst, "ff02::1");
    EXPECT_EQ(scan->packets[0].payload, "six");
    // An IPv6 hop-by-hop header in front of UDP.
    std::string hbh = std::string(1, char(17)) + std::string(7, '\0');
    file = file_header(101) + record(ipv6(hbh + udp(1, 694, "ext"), 0));
    scan = scan_pcap_udp(file, 694);
    ASSERT_TRUE(scan.is_ok());
    ASSERT_EQ(scan->packets.size(), 1u);
    EXPECT_EQ(scan->packets[0].payload, "ext");
}

TEST(WiredumpPcap, FragmentsAndTruncationAreReported) {
    std::string file = file_header(1);
    file += record(ether(0x0800, ipv4(udp(1, 694, "frag"), 0x2000)));
    std::string cut = ether(0x0800, ipv4(udp(1, 694, "0123456789")));
    cut.resize(cut.size() - 4);
    file += record(cut);
    auto scan = scan_pcap_udp(file, 694);
    ASSERT_TRUE(scan.is_ok());
    ASSERT_EQ(scan->notes.size(), 1u);
    EXPECT_NE(scan->notes[0].find("fragment"), std::string::npos);
    ASSERT_EQ(scan->packets.size(), 1u);
    EXPECT_TRUE(scan->packets[0].truncated);
    EXPECT_EQ(scan->packets[0].payload, "012345");
}

TEST(WiredumpPcap, RejectsWhatIsNotPcap) {
    EXPECT_FALSE(scan_pcap_udp("short", 694).is_ok());
    EXPECT_FALSE(scan_pcap_udp(std::string(24, 'x'), 694).is_ok());
    EXPECT_EQ(scan_pcap_udp(file_header(105), 694).status().code(), ErrorCode::kUnsupported);
    std::string file = file_header(1) + record(ether(0x0800, ipv4(udp(1, 694, "x"))));
    EXPECT_FALSE(scan_pcap_udp(file.substr(0, file.size() - 1), 694).is_ok());
    EXPECT_FALSE(scan_pcap_udp(file + "abc", 694).is_ok());
    auto empty = scan_pcap_udp(file_header(1), 694);
    ASSERT_TRUE(empty.is_ok());
    EXPECT_EQ(empty->records, 0u);
}

}  // namespace
}  // namespace ha::hb
