#include "lrm/raexec/ipaddr_params.h"

#include <climits>

#include "heartbeat/plumb/strings.h"

namespace ha::lrm {

namespace {

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// ocf_is_decimal and > 0, within int.
std::optional<int> positive_decimal(std::string_view s) {
    if (!all_digits(s)) return std::nullopt;
    auto v = parse_int(s);
    if (!v || *v <= 0 || *v > INT_MAX) return std::nullopt;
    return static_cast<int>(*v);
}

std::uint32_t to_u32(const Ipv4& a) {
    return (std::uint32_t{a[0]} << 24) | (std::uint32_t{a[1]} << 16) | (std::uint32_t{a[2]} << 8) |
           std::uint32_t{a[3]};
}

Ipv4 from_u32(std::uint32_t v) {
    return Ipv4{static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
                static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

std::uint32_t mask_of(int prefix) {
    return prefix <= 0 ? 0u : prefix >= 32 ? 0xffffffffu : ~(0xffffffffu >> prefix);
}

IpAddrFailure lookup_failure(std::string reason, OcfRc rc = OcfRc::kErrConfigured) {
    return IpAddrFailure{IpAddrFailure::Kind::kLookup, rc, std::move(reason)};
}

}  // namespace

std::optional<Ipv4> parse_ipv4(std::string_view text) {
    Ipv4 out{};
    std::size_t start = 0;
    for (int i = 0; i < 4; ++i) {
        std::size_t dot = text.find('.', start);
        if ((i < 3) != (dot != std::string_view::npos)) return std::nullopt;
        std::string_view part = text.substr(start, i < 3 ? dot - start : std::string_view::npos);
        if (!all_digits(part) || part.size() > 3) return std::nullopt;
        auto v = parse_int(part);
        if (!v || *v > 255 || (i == 0 && *v < 1)) return std::nullopt;
        out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(*v);
        start = dot + 1;
    }
    return out;
}

std::string ipv4_text(const Ipv4& a) {
    return std::to_string(a[0]) + "." + std::to_string(a[1]) + "." + std::to_string(a[2]) + "." +
           std::to_string(a[3]);
}

std::optional<int> parse_ipv4_prefix(std::string_view text) {
    if (all_digits(text)) {
        auto v = parse_int(text);
        if (text.size() > 3 || !v || *v < 1 || *v > 32) return std::nullopt;
        return static_cast<int>(*v);
    }
    auto mask = parse_ipv4(text);
    if (!mask) return std::nullopt;
    std::uint32_t m = to_u32(*mask);
    int bits = 0;
    while (bits < 32 && (m & (0x80000000u >> bits)))
        ++bits;
    if (bits == 0 || m != mask_of(bits)) return std::nullopt;
    return bits;
}

Ipv4 ipv4_broadcast(const Ipv4& addr, int prefix) {
    return from_u32(to_u32(addr) | ~mask_of(prefix));
}

bool ipv4_in_prefix(const Ipv4& addr, const Ipv4& net, int prefix) {
    return ((to_u32(addr) ^ to_u32(net)) & mask_of(prefix)) == 0;
}

void split_ip_arg(std::string_view arg, IpAddrParams& into) {
    std::vector<std::string> f;
    std::size_t start = 0;
    while (true) {
        std::size_t slash = arg.find('/', start);
        f.emplace_back(arg.substr(start, slash == std::string_view::npos ? slash : slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    f.resize(std::max<std::size_t>(f.size(), 4));
    into.ip = f[0];
    if (!f[1].empty()) into.cidr_netmask = f[1];
    if (f[2].empty()) return;
    if (f[2][0] >= '0' && f[2][0] <= '9') {
        into.broadcast = f[2];
        return;
    }
    into.nic = f[2];
    if (!f[3].empty()) into.broadcast = f[3];
}

std::optional<IpAddrParams> builtin_ipaddr_params(const ResourceSpec& rsc) {
    IpAddrParams p;
    if (rsc.rsc_class == RscClass::kHeartbeat) {
        if (rsc.type != "IPaddr2" && rsc.type != "IPaddr") return std::nullopt;
        std::vector<std::string> args = positional_args(rsc.params);
        if (args.size() != 1) return std::nullopt;  // the script prints its usage
        p.hb_name = rsc.type;
        p.lvs_support = rsc.type == "IPaddr2";
        split_ip_arg(args[0], p);
    } else if (rsc.rsc_class == RscClass::kOcf) {
        if (rsc.provider != "heartbeat" || rsc.type != "IPaddr2") return std::nullopt;
        for (const auto& [name, value] : rsc.params) {
            if (name == "ip")
                p.ip = value;
            else if (name == "nic")
                p.nic = value;
            else if (name == "cidr_netmask")
                p.cidr_netmask = value;
            else if (name == "broadcast")
                p.broadcast = value;
            else if (name == "iflabel")
                p.iflabel = value;
            else if (name == "arp_count")
                p.arp_count = value;
            else if (name == "arp_interval")
                p.arp_interval = value;
            else if (name == "lvs_support" && parse_bool(value) == false)
                continue;
            else if (name != "netmask")
                return std::nullopt;
        }
        // The agent's alias: netmask when cidr_netmask is not given.
        auto nm = rsc.params.find("netmask");
        if (p.cidr_netmask.empty() && nm != rsc.params.end()) p.cidr_netmask = nm->second;
        if (p.arp_count.empty()) p.arp_count = "5";
        if (p.arp_interval.empty()) p.arp_interval = "200";
    } else {
        return std::nullopt;
    }
    if (p.ip.find(':') != std::string::npos) return std::nullopt;  // IPv6: the script
    return p;
}

std::optional<Ipv4> IpAddrConfig::broadcast() const {
    if (brd.empty() || brd == "-") return std::nullopt;
    if (brd == "+") return ipv4_broadcast(ip, prefix);
    return parse_ipv4(brd);
}

std::variant<IpAddrConfig, IpAddrFailure> check_ipaddr_params(const IpAddrParams& params) {
    if (params.ip.empty()) {
        return IpAddrFailure{IpAddrFailure::Kind::kMandatory, OcfRc::kErrConfigured,
                             "IP address (the ip parameter) is mandatory"};
    }
    IpAddrConfig c;
    auto ip = parse_ipv4(params.ip);
    if (!ip) return lookup_failure("IP address [" + params.ip + "] not valid.");
    c.ip = *ip;
    c.nic = params.nic;
    c.label = params.iflabel;
    c.iflabel = params.iflabel;
    if (auto colon = c.nic.find(':'); colon != std::string::npos) {
        if (c.label.empty()) c.label = c.nic.substr(colon + 1);
        c.nic.resize(colon);
    }
    if (!params.cidr_netmask.empty()) {
        auto prefix = parse_ipv4_prefix(params.cidr_netmask);
        if (!prefix) {
            return lookup_failure("Invalid netmask specification [" + params.cidr_netmask + "].");
        }
        c.prefix = *prefix;
    }
    c.brd = params.broadcast;
    if (!c.brd.empty() && c.brd != "+" && c.brd != "-" && !parse_ipv4(c.brd)) {
        return lookup_failure("Invalid broadcast address [" + c.brd + "].");
    }
    if (!c.label.empty()) c.label = c.nic.empty() ? "" : c.nic + ":" + c.label;
    auto count = positive_decimal(params.arp_count);
    if (!count) return lookup_failure("Invalid arp_count [" + params.arp_count + "]");
    auto interval = positive_decimal(params.arp_interval);
    if (!interval) return lookup_failure("Invalid arp_interval [" + params.arp_interval + "]");
    c.arp_count = *count;
    c.arp_interval_ms = *interval;
    return c;
}

std::optional<RouteEntry> pick_connected_route(const std::vector<RouteEntry>& routes,
                                               const Ipv4& ip, int want_ifindex) {
    constexpr int kMainTable = 254;  // RT_TABLE_MAIN
    constexpr int kScopeLink = 253;  // RT_SCOPE_LINK
    constexpr int kUnicast = 1;      // RTN_UNICAST
    std::optional<RouteEntry> best;
    for (const RouteEntry& r : routes) {
        // `ip -o route list match` prints host routes without "/32" and the
        // default route as "default": ipf_find_route skips both.
        if (r.table != kMainTable || r.scope != kScopeLink || r.type != kUnicast) continue;
        if (r.dst_len < 1 || r.dst_len > 31 || r.oif == 0) continue;
        if (want_ifindex != 0 && r.oif != want_ifindex) continue;
        if (!ipv4_in_prefix(ip, r.dst, r.dst_len)) continue;
        if (!best || r.dst_len > best->dst_len) best = r;
    }
    return best;
}

std::optional<IpAddrFailure> finish_ipaddr_config(IpAddrConfig& c, bool looked_up) {
    if (looked_up && !c.iflabel.empty()) c.label = c.nic + ":" + c.iflabel;
    if (c.label.size() > 15) {
        return lookup_failure("Interface label [" + c.label +
                              "] exceeds maximum character limit of 15");
    }
    if (c.brd.empty() && c.prefix <= 30) c.brd = "+";
    return std::nullopt;
}

std::string hto_rc_text(int rc) {
    switch (rc) {
        case 1:
            return "Generic error";
        case 2:
            return "Illegal argument";
        case 3:
            return "Function unimplemented";
        case 4:
            return "User had insufficient privilege";
        case 5:
            return "Program is not installed";
        case 6:
            return "Program is not configured";
        default:
            return "Unknown error: " + std::to_string(rc);
    }
}

}  // namespace ha::lrm
