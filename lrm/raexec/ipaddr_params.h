// The configuration side of the built-in IP address agent
// (doc/agents.md "Built-in agents"): which resources it may run in-process
// and what their parameters mean, checked in the order and with the exit
// codes of resource.d/ocf/heartbeat/IPaddr2 (ip_init) and of the
// heartbeat-class wrappers (hto_split_ip_arg in resource.d/heartbeat/
// hto-mapfuncs). Pure: kernel lookups (interface, routes) are the caller's.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "lrm/lib/lrm_types.h"
#include "lrm/lib/op_result.h"

namespace ha::lrm {

using Ipv4 = std::array<std::uint8_t, 4>;  // network byte order

// Dotted quad as ipaddr-funcs' ipf_valid_address accepts it: four decimal
// octets of at most 3 digits, each <= 255, the first >= 1.
std::optional<Ipv4> parse_ipv4(std::string_view text);
std::string ipv4_text(const Ipv4& addr);
// A prefix length 1..32, or a contiguous dotted mask (ipf_cidr).
std::optional<int> parse_ipv4_prefix(std::string_view text);
// addr | ~mask(prefix): what `ip addr add ... brd +` sets.
Ipv4 ipv4_broadcast(const Ipv4& addr, int prefix);
bool ipv4_in_prefix(const Ipv4& addr, const Ipv4& net, int prefix);

// What the IPaddr2 agent would see as OCF_RESKEY_*, for a resource the
// built-in agent runs.
struct IpAddrParams {
    // heartbeat class: the script name used in its messages ("IPaddr2",
    // "IPaddr"); empty for the OCF class.
    std::string hb_name;
    std::string ip, nic, cidr_netmask, broadcast, iflabel;
    bool lvs_support = false;
    std::string arp_count = "5";       // OCF_RESKEY_arp_count_default
    std::string arp_interval = "200";  // ms, OCF_RESKEY_arp_interval_default
};

// hto_split_ip_arg: ip[/netmaskbits[/interface[:label][/broadcast]]]; a
// third field starting with a digit is the broadcast address.
void split_ip_arg(std::string_view arg, IpAddrParams& into);

// The parameters of `rsc` when the built-in agent can run it: heartbeat-class
// IPaddr2 (lvs_support on) or IPaddr with exactly one argument, or
// ocf:heartbeat:IPaddr2 whose parameters are among ip, nic, cidr_netmask,
// netmask, broadcast, iflabel, arp_count, arp_interval and lvs_support=false.
// nullopt otherwise, and for IPv6 addresses: the script runs those.
std::optional<IpAddrParams> builtin_ipaddr_params(const ResourceSpec& rsc);

// A configuration the agent refuses, and how each action reports it.
struct IpAddrFailure {
    enum class Kind {
        kMandatory,  // no ip: stop succeeds, everything else fails with rc
        kLookup,     // ip_lookup_failed: stop succeeds, monitor/status say
                     // "not running", start fails with rc
        kFatal,      // every action fails with rc (not root for start/stop)
    };
    Kind kind = Kind::kLookup;
    OcfRc rc = OcfRc::kErrConfigured;
    std::string reason;
};

struct IpAddrConfig {
    Ipv4 ip{};
    std::string nic;      // base interface; "" until found from the routes
    int prefix = 0;       // 0 until found from the routes
    std::string brd;      // "", "+", "-" or a dotted quad
    std::string label;    // "nic:label" or ""
    std::string iflabel;  // the iflabel parameter, for the label after a route lookup
    int arp_count = 5;
    int arp_interval_ms = 200;

    // The broadcast address to set, if any (after resolve_ipaddr_config).
    std::optional<Ipv4> broadcast() const;
};

// The syntax checks of ip_init, in its order.
std::variant<IpAddrConfig, IpAddrFailure> check_ipaddr_params(const IpAddrParams& params);

// An IPv4 route of the main table, as RTM_GETROUTE reports it.
struct RouteEntry {
    Ipv4 dst{};
    int dst_len = 0;
    int oif = 0;
    int table = 0;
    int scope = 0;
    int type = 0;
};

// ipf_find_route: the most specific connected (scope link) unicast route of
// the main table, shorter than a host route, covering `ip`, through
// `want_ifindex` when that is not 0.
std::optional<RouteEntry> pick_connected_route(const std::vector<RouteEntry>& routes,
                                               const Ipv4& ip, int want_ifindex);

// The rest of ip_init once nic and prefix are known (`looked_up` when a
// route lookup filled them in, which re-derives the label): the label, its
// length check, the default broadcast. nullopt when fine.
std::optional<IpAddrFailure> finish_ipaddr_config(IpAddrConfig& config, bool looked_up);

// hto-mapfuncs' words for an OCF exit code ("Generic error" ...).
std::string hto_rc_text(int rc);

}  // namespace ha::lrm
