// rtnetlink messages for the built-in IP address agent (doc/agents.md
// "Built-in agents"), and the gratuitous ARP frame it sends: building
// requests and parsing replies as bytes, so every field is testable without
// a socket. The I/O is in rtnl_socket.h. IPv4 only.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "heartbeat/plumb/status.h"
#include "lrm/raexec/ipaddr_params.h"

namespace ha::lrm {

using Bytes = std::vector<std::uint8_t>;
using Mac = std::array<std::uint8_t, 6>;

// An IPv4 address on an interface, as RTM_NEWADDR reports it.
struct AddrEntry {
    int ifindex = 0;
    int prefix = 0;
    Ipv4 local{};       // IFA_LOCAL, else IFA_ADDRESS (what `ip addr` prints)
    std::string label;  // IFA_LABEL
};

// RTM_NEWADDR (create, exclusive) or RTM_DELADDR for `ip/prefix` on
// `ifindex`, with IFA_LOCAL and IFA_ADDRESS set as iproute2 does, plus
// IFA_BROADCAST and IFA_LABEL when given. Asks for an ack.
Bytes nl_addr_request(bool add, std::uint32_t seq, int ifindex, const Ipv4& ip, int prefix,
                      const std::optional<Ipv4>& broadcast, const std::string& label);
// RTM_NEWLINK setting IFF_UP on `ifindex` (`ip link set dev up`), with ack.
Bytes nl_link_up_request(std::uint32_t seq, int ifindex);
// RTM_GETADDR / RTM_GETROUTE dumps of the AF_INET family.
Bytes nl_getaddr_dump(std::uint32_t seq);
Bytes nl_getroute_dump(std::uint32_t seq);

// What the replies to one request said; parse_nl_reply accumulates into it.
struct NlReply {
    std::vector<AddrEntry> addrs;
    std::vector<RouteEntry> routes;
    bool done = false;         // NLMSG_DONE, or the ack/error of a request
    std::optional<int> error;  // an NLMSG_ERROR: 0 = ack, else the errno (positive)
};

// Parses one datagram from the kernel; messages with another sequence number
// are skipped. kInvalid when a header or attribute runs past the data.
Status parse_nl_reply(std::span<const std::uint8_t> data, std::uint32_t seq, NlReply& into);

// A gratuitous ARP request for `ip` from `mac` (sender and target address
// both `ip`, broadcast destination), padded to the 60-byte Ethernet minimum:
// the frame ipaddr-funcs' builtin sender and `arping -U` put on the wire.
std::array<std::uint8_t, 60> garp_frame(const Mac& mac, const Ipv4& ip);

}  // namespace ha::lrm
