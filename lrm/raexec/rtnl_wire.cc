#include "lrm/raexec/rtnl_wire.h"

#include <cstddef>
#include <cstring>

#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

namespace ha::lrm {

namespace {

template <typename T>
void put(Bytes& b, const T& value) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(&value);
    b.insert(b.end(), p, p + sizeof(T));
}

void pad4(Bytes& b) {
    while (b.size() % 4 != 0)
        b.push_back(0);
}

void put_attr(Bytes& b, std::uint16_t type, const void* data, std::size_t len) {
    rtattr a{};
    a.rta_len = static_cast<unsigned short>(RTA_LENGTH(len));
    a.rta_type = type;
    put(b, a);
    const auto* p = static_cast<const std::uint8_t*>(data);
    b.insert(b.end(), p, p + len);
    pad4(b);
}

// A message: header (length patched by finish), then the family header.
Bytes start_msg(std::uint16_t type, std::uint16_t flags, std::uint32_t seq) {
    nlmsghdr h{};
    h.nlmsg_type = type;
    h.nlmsg_flags = flags;
    h.nlmsg_seq = seq;
    Bytes b;
    put(b, h);
    return b;
}

Bytes finish(Bytes b) {
    auto len = static_cast<std::uint32_t>(b.size());
    std::memcpy(b.data() + offsetof(nlmsghdr, nlmsg_len), &len, sizeof len);
    return b;
}

template <typename T>
T read_at(std::span<const std::uint8_t> data, std::size_t off) {
    T v{};
    std::memcpy(&v, data.data() + off, sizeof(T));
    return v;
}

// Walks the attributes in data[off, end): fn(type, payload span).
template <typename Fn>
Status for_each_attr(std::span<const std::uint8_t> data, std::size_t off, std::size_t end, Fn fn) {
    while (off + sizeof(rtattr) <= end) {
        auto a = read_at<rtattr>(data, off);
        if (a.rta_len < sizeof(rtattr) || off + a.rta_len > end) {
            return Status(ErrorCode::kInvalid, "netlink: attribute runs past its message");
        }
        fn(a.rta_type, data.subspan(off + RTA_LENGTH(0), a.rta_len - RTA_LENGTH(0)));
        off += RTA_ALIGN(a.rta_len);
    }
    return Status::ok();
}

Ipv4 to_ipv4(std::span<const std::uint8_t> p) {
    Ipv4 v{};
    if (p.size() >= 4) std::memcpy(v.data(), p.data(), 4);
    return v;
}

Status parse_addr(std::span<const std::uint8_t> data, std::size_t off, std::size_t end,
                  NlReply& into) {
    if (off + sizeof(ifaddrmsg) > end)
        return Status(ErrorCode::kInvalid, "netlink: short ifaddrmsg");
    auto m = read_at<ifaddrmsg>(data, off);
    if (m.ifa_family != AF_INET) return Status::ok();
    AddrEntry e;
    e.ifindex = static_cast<int>(m.ifa_index);
    e.prefix = m.ifa_prefixlen;
    std::optional<Ipv4> local, address;
    HA_RETURN_IF_ERROR(for_each_attr(data, off + NLMSG_ALIGN(sizeof(ifaddrmsg)), end,
                                     [&](std::uint16_t type, std::span<const std::uint8_t> p) {
                                         if (type == IFA_LOCAL && p.size() >= 4) local = to_ipv4(p);
                                         if (type == IFA_ADDRESS && p.size() >= 4)
                                             address = to_ipv4(p);
                                         if (type == IFA_LABEL) {
                                             std::string s(reinterpret_cast<const char*>(p.data()),
                                                           p.size());
                                             e.label = s.substr(0, s.find('\0'));
                                         }
                                     }));
    if (!local && !address) return Status::ok();
    e.local = local ? *local : *address;
    into.addrs.push_back(std::move(e));
    return Status::ok();
}

Status parse_route(std::span<const std::uint8_t> data, std::size_t off, std::size_t end,
                   NlReply& into) {
    if (off + sizeof(rtmsg) > end) return Status(ErrorCode::kInvalid, "netlink: short rtmsg");
    auto m = read_at<rtmsg>(data, off);
    if (m.rtm_family != AF_INET) return Status::ok();
    RouteEntry r;
    r.dst_len = m.rtm_dst_len;
    r.table = m.rtm_table;
    r.scope = m.rtm_scope;
    r.type = m.rtm_type;
    HA_RETURN_IF_ERROR(for_each_attr(data, off + NLMSG_ALIGN(sizeof(rtmsg)), end,
                                     [&](std::uint16_t type, std::span<const std::uint8_t> p) {
                                         if (type == RTA_DST) r.dst = to_ipv4(p);
                                         if (type == RTA_OIF && p.size() >= 4)
                                             r.oif = read_at<int>(p, 0);
                                         if (type == RTA_TABLE && p.size() >= 4)
                                             r.table =
                                                 static_cast<int>(read_at<std::uint32_t>(p, 0));
                                     }));
    into.routes.push_back(r);
    return Status::ok();
}

}  // namespace

Bytes nl_addr_request(bool add, std::uint32_t seq, int ifindex, const Ipv4& ip, int prefix,
                      const std::optional<Ipv4>& broadcast, const std::string& label) {
    std::uint16_t flags = NLM_F_REQUEST | NLM_F_ACK;
    if (add) flags |= NLM_F_CREATE | NLM_F_EXCL;
    Bytes b = start_msg(add ? RTM_NEWADDR : RTM_DELADDR, flags, seq);
    ifaddrmsg m{};
    m.ifa_family = AF_INET;
    m.ifa_prefixlen = static_cast<unsigned char>(prefix);
    m.ifa_index = static_cast<unsigned>(ifindex);
    put(b, m);
    pad4(b);
    put_attr(b, IFA_LOCAL, ip.data(), 4);
    put_attr(b, IFA_ADDRESS, ip.data(), 4);
    if (broadcast) put_attr(b, IFA_BROADCAST, broadcast->data(), 4);
    if (!label.empty()) put_attr(b, IFA_LABEL, label.c_str(), label.size() + 1);
    return finish(std::move(b));
}

Bytes nl_link_up_request(std::uint32_t seq, int ifindex) {
    Bytes b = start_msg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
    ifinfomsg m{};
    m.ifi_family = AF_UNSPEC;
    m.ifi_index = ifindex;
    m.ifi_flags = IFF_UP;
    m.ifi_change = IFF_UP;
    put(b, m);
    pad4(b);
    return finish(std::move(b));
}

Bytes nl_getaddr_dump(std::uint32_t seq) {
    Bytes b = start_msg(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, seq);
    ifaddrmsg m{};
    m.ifa_family = AF_INET;
    put(b, m);
    pad4(b);
    return finish(std::move(b));
}

Bytes nl_getroute_dump(std::uint32_t seq) {
    Bytes b = start_msg(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, seq);
    rtmsg m{};
    m.rtm_family = AF_INET;
    put(b, m);
    pad4(b);
    return finish(std::move(b));
}

Status parse_nl_reply(std::span<const std::uint8_t> data, std::uint32_t seq, NlReply& into) {
    std::size_t off = 0;
    while (off + sizeof(nlmsghdr) <= data.size()) {
        auto h = read_at<nlmsghdr>(data, off);
        if (h.nlmsg_len < sizeof(nlmsghdr) || off + h.nlmsg_len > data.size()) {
            return Status(ErrorCode::kInvalid, "netlink: message runs past the datagram");
        }
        std::size_t body = off + NLMSG_HDRLEN;
        std::size_t end = off + h.nlmsg_len;
        if (h.nlmsg_seq == seq) {
            if (h.nlmsg_type == NLMSG_DONE) {
                into.done = true;
            } else if (h.nlmsg_type == NLMSG_ERROR) {
                if (body + sizeof(int) > end)
                    return Status(ErrorCode::kInvalid, "netlink: short error");
                into.error = -read_at<int>(data, body);
                into.done = true;
            } else if (h.nlmsg_type == RTM_NEWADDR) {
                HA_RETURN_IF_ERROR(parse_addr(data, body, end, into));
            } else if (h.nlmsg_type == RTM_NEWROUTE) {
                HA_RETURN_IF_ERROR(parse_route(data, body, end, into));
            }
        }
        off += NLMSG_ALIGN(h.nlmsg_len);
    }
    return Status::ok();
}

std::array<std::uint8_t, 60> garp_frame(const Mac& mac, const Ipv4& ip) {
    std::array<std::uint8_t, 60> f{};
    std::size_t o = 0;
    auto bytes = [&](const std::uint8_t* p, std::size_t n) {
        std::memcpy(f.data() + o, p, n);
        o += n;
    };
    auto u16 = [&](std::uint16_t v) {
        f[o++] = static_cast<std::uint8_t>(v >> 8);
        f[o++] = static_cast<std::uint8_t>(v);
    };
    const Mac bcast{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    bytes(bcast.data(), 6);  // destination
    bytes(mac.data(), 6);    // source
    u16(0x0806);             // ETH_P_ARP
    u16(1);                  // hardware: Ethernet
    u16(0x0800);             // protocol: IPv4
    f[o++] = 6;              // hardware address length
    f[o++] = 4;              // protocol address length
    u16(1);                  // ARP request
    bytes(mac.data(), 6);    // sender hardware address
    bytes(ip.data(), 4);     // sender protocol address
    o += 6;                  // target hardware address: zero
    bytes(ip.data(), 4);     // target protocol address = sender: gratuitous
    return f;
}

}  // namespace ha::lrm
