// rtnetlink requests and replies of the built-in IP address agent, byte by
// byte, and its gratuitous ARP frame.
#include "lrm/raexec/rtnl_wire.h"

#include <cstring>

#include <gtest/gtest.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

namespace ha::lrm {
namespace {

template <typename T>
T at(const Bytes& b, std::size_t off) {
    T v{};
    std::memcpy(&v, b.data() + off, sizeof(T));
    return v;
}

// attribute type -> payload, of a message whose family header is `hdr` bytes.
std::map<int, Bytes> attrs_of(const Bytes& b, std::size_t hdr) {
    std::map<int, Bytes> out;
    std::size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(hdr);
    while (off + sizeof(rtattr) <= b.size()) {
        auto a = at<rtattr>(b, off);
        out[a.rta_type] = Bytes(b.begin() + static_cast<long>(off + RTA_LENGTH(0)),
                                b.begin() + static_cast<long>(off + a.rta_len));
        off += RTA_ALIGN(a.rta_len);
    }
    return out;
}

template <typename T>
void append(Bytes& b, const T& v) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
    b.insert(b.end(), p, p + sizeof(T));
}

void append_attr(Bytes& b, std::uint16_t type, const void* data, std::size_t len) {
    rtattr a{};
    a.rta_len = static_cast<unsigned short>(RTA_LENGTH(len));
    a.rta_type = type;
    append(b, a);
    const auto* p = static_cast<const std::uint8_t*>(data);
    b.insert(b.end(), p, p + len);
    while (b.size() % 4)
        b.push_back(0);
}

// One kernel message: header with `seq`, then body.
void append_msg(Bytes& out, std::uint16_t type, std::uint32_t seq, const Bytes& body) {
    nlmsghdr h{};
    h.nlmsg_len = static_cast<std::uint32_t>(NLMSG_HDRLEN + body.size());
    h.nlmsg_type = type;
    h.nlmsg_seq = seq;
    append(out, h);
    out.insert(out.end(), body.begin(), body.end());
    while (out.size() % 4)
        out.push_back(0);
}

Bytes addr_body(int ifindex, int prefix, const Ipv4& local, const char* label) {
    Bytes b;
    ifaddrmsg m{};
    m.ifa_family = AF_INET;
    m.ifa_prefixlen = static_cast<unsigned char>(prefix);
    m.ifa_index = static_cast<unsigned>(ifindex);
    append(b, m);
    append_attr(b, IFA_ADDRESS, local.data(), 4);
    append_attr(b, IFA_LOCAL, local.data(), 4);
    append_attr(b, IFA_LABEL, label, std::strlen(label) + 1);
    return b;
}

TEST(RtnlWire, AddRequestCarriesAddressBroadcastAndLabel) {
    Bytes b = nl_addr_request(true, 42, 7, Ipv4{10, 0, 0, 5}, 24, Ipv4{10, 0, 0, 255}, "eth0:vip");
    auto h = at<nlmsghdr>(b, 0);
    EXPECT_EQ(h.nlmsg_len, b.size());
    EXPECT_EQ(h.nlmsg_type, RTM_NEWADDR);
    EXPECT_EQ(h.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    EXPECT_EQ(h.nlmsg_seq, 42u);
    auto m = at<ifaddrmsg>(b, NLMSG_HDRLEN);
    EXPECT_EQ(m.ifa_family, AF_INET);
    EXPECT_EQ(m.ifa_prefixlen, 24);
    EXPECT_EQ(m.ifa_index, 7u);
    auto a = attrs_of(b, sizeof(ifaddrmsg));
    EXPECT_EQ(a[IFA_LOCAL], (Bytes{10, 0, 0, 5}));
    EXPECT_EQ(a[IFA_ADDRESS], (Bytes{10, 0, 0, 5}));
    EXPECT_EQ(a[IFA_BROADCAST], (Bytes{10, 0, 0, 255}));
    EXPECT_EQ(std::string(a[IFA_LABEL].begin(), a[IFA_LABEL].end()), std::string("eth0:vip\0", 9));
}

TEST(RtnlWire, DeleteRequestHasNoBroadcastOrLabel) {
    Bytes b = nl_addr_request(false, 3, 2, Ipv4{192, 168, 1, 1}, 16, std::nullopt, "");
    auto h = at<nlmsghdr>(b, 0);
    EXPECT_EQ(h.nlmsg_type, RTM_DELADDR);
    EXPECT_EQ(h.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
    auto a = attrs_of(b, sizeof(ifaddrmsg));
    EXPECT_EQ(a.size(), 2u);
    EXPECT_EQ(a[IFA_LOCAL], (Bytes{192, 168, 1, 1}));
}

TEST(RtnlWire, LinkUpAndDumps) {
    Bytes up = nl_link_up_request(5, 9);
    EXPECT_EQ(at<nlmsghdr>(up, 0).nlmsg_type, RTM_NEWLINK);
    auto li = at<ifinfomsg>(up, NLMSG_HDRLEN);
    EXPECT_EQ(li.ifi_index, 9);
    EXPECT_EQ(li.ifi_flags & IFF_UP, static_cast<unsigned>(IFF_UP));
    EXPECT_EQ(li.ifi_change, static_cast<unsigned>(IFF_UP));

    Bytes ga = nl_getaddr_dump(6);
    EXPECT_EQ(at<nlmsghdr>(ga, 0).nlmsg_type, RTM_GETADDR);
    EXPECT_EQ(at<nlmsghdr>(ga, 0).nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
    EXPECT_EQ(at<ifaddrmsg>(ga, NLMSG_HDRLEN).ifa_family, AF_INET);
    Bytes gr = nl_getroute_dump(7);
    EXPECT_EQ(at<nlmsghdr>(gr, 0).nlmsg_type, RTM_GETROUTE);
    EXPECT_EQ(at<rtmsg>(gr, NLMSG_HDRLEN).rtm_family, AF_INET);
}

TEST(RtnlWire, ParsesAddressesRoutesAndDone) {
    Bytes d;
    append_msg(d, RTM_NEWADDR, 11, addr_body(2, 24, Ipv4{10, 0, 0, 5}, "eth0"));
    append_msg(d, RTM_NEWADDR, 99, addr_body(3, 8, Ipv4{127, 0, 0, 1}, "lo"));  // other seq
    Bytes rb;
    rtmsg rm{};
    rm.rtm_family = AF_INET;
    rm.rtm_dst_len = 24;
    rm.rtm_table = RT_TABLE_MAIN;
    rm.rtm_scope = RT_SCOPE_LINK;
    rm.rtm_type = RTN_UNICAST;
    append(rb, rm);
    std::uint8_t dst[4] = {10, 0, 0, 0};
    append_attr(rb, RTA_DST, dst, 4);
    int oif = 2;
    append_attr(rb, RTA_OIF, &oif, 4);
    append_msg(d, RTM_NEWROUTE, 11, rb);
    append_msg(d, NLMSG_DONE, 11, Bytes(4, 0));

    NlReply r;
    ASSERT_TRUE(parse_nl_reply(d, 11, r).is_ok());
    EXPECT_TRUE(r.done);
    EXPECT_FALSE(r.error);
    ASSERT_EQ(r.addrs.size(), 1u);
    EXPECT_EQ(r.addrs[0].ifindex, 2);
    EXPECT_EQ(r.addrs[0].prefix, 24);
    EXPECT_EQ(r.addrs[0].local, (Ipv4{10, 0, 0, 5}));
    EXPECT_EQ(r.addrs[0].label, "eth0");
    ASSERT_EQ(r.routes.size(), 1u);
    EXPECT_EQ(r.routes[0].dst, (Ipv4{10, 0, 0, 0}));
    EXPECT_EQ(r.routes[0].dst_len, 24);
    EXPECT_EQ(r.routes[0].oif, 2);
    EXPECT_EQ(r.routes[0].table, RT_TABLE_MAIN);
    EXPECT_EQ(r.routes[0].scope, RT_SCOPE_LINK);
}

TEST(RtnlWire, ParsesAcksAndErrors) {
    Bytes ack;
    nlmsgerr ok{};
    Bytes okb;
    append(okb, ok);
    append_msg(ack, NLMSG_ERROR, 4, okb);
    NlReply r;
    ASSERT_TRUE(parse_nl_reply(ack, 4, r).is_ok());
    EXPECT_TRUE(r.done);
    EXPECT_EQ(r.error, 0);

    Bytes err;
    nlmsgerr perm{};
    perm.error = -EPERM;
    Bytes pb;
    append(pb, perm);
    append_msg(err, NLMSG_ERROR, 5, pb);
    NlReply e;
    ASSERT_TRUE(parse_nl_reply(err, 5, e).is_ok());
    EXPECT_EQ(e.error, EPERM);
}

TEST(RtnlWire, TruncatedDataIsAnErrorNotACrash) {
    Bytes d;
    append_msg(d, RTM_NEWADDR, 1, addr_body(2, 24, Ipv4{10, 0, 0, 5}, "eth0"));
    for (std::size_t cut = 1; cut < d.size(); ++cut) {
        Bytes part(d.begin(), d.begin() + static_cast<long>(cut));
        NlReply r;
        Status st = parse_nl_reply(part, 1, r);
        if (cut >= sizeof(nlmsghdr)) {
            EXPECT_FALSE(st.is_ok()) << cut;
        }
    }
    // A header claiming more than the datagram holds.
    Bytes bad = d;
    std::uint32_t len = static_cast<std::uint32_t>(d.size() + 100);
    std::memcpy(bad.data(), &len, 4);
    NlReply r;
    EXPECT_FALSE(parse_nl_reply(bad, 1, r).is_ok());
}

TEST(GarpFrame, GratuitousRequestPaddedTo60Bytes) {
    Mac mac{0x02, 0x11, 0x22, 0x33, 0x44, 0x55};
    auto f = garp_frame(mac, Ipv4{10, 0, 0, 5});
    const std::array<std::uint8_t, 42> head = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff,               // broadcast
        0x02, 0x11, 0x22, 0x33, 0x44, 0x55,               // from us
        0x08, 0x06,                                       // ARP
        0x00, 0x01, 0x08, 0x00, 6,    4,                  // Ethernet / IPv4
        0x00, 0x01,                                       // request
        0x02, 0x11, 0x22, 0x33, 0x44, 0x55, 10, 0, 0, 5,  // sender
        0,    0,    0,    0,    0,    0,    10, 0, 0, 5,  // target: the same address
    };
    EXPECT_TRUE(std::equal(head.begin(), head.end(), f.begin()));
    for (std::size_t i = head.size(); i < f.size(); ++i)
        EXPECT_EQ(f[i], 0) << i;
}

}  // namespace
}  // namespace ha::lrm
