// ha.cf media directives (bcast, mcast, mcast6, ucast, ucast6, serial, ping,
// ping6, ping_group). Only what can be decided from the text is checked
// here; interfaces, devices and host names are checked against the machine
// in hacf_host.cc.
#include <algorithm>
#include <cctype>

#include <arpa/inet.h>

#include "heartbeat/config/hacf_keywords.h"
#include "heartbeat/config/hacf_parser.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb::detail {

namespace k = hacf;

namespace {

constexpr std::string_view kWhitespace = " \t\n\r\f\v";

std::string join_from(const std::vector<std::string>& tokens, size_t from) {
    std::string out;
    for (size_t i = from; i < tokens.size(); ++i) {
        if (!out.empty()) out += ' ';
        out += tokens[i];
    }
    return out;
}

}  // namespace

bool is_ipv4_literal(std::string_view s) {
    if (s.empty() || s.size() > 15) return false;
    std::string buf(s);
    in_addr a{};
    return ::inet_pton(AF_INET, buf.c_str(), &a) == 1;
}

bool is_ipv6_literal(std::string_view s) {
    if (s.empty() || s.size() > 45) return false;
    std::string buf(s);
    in6_addr a{};
    return ::inet_pton(AF_INET6, buf.c_str(), &a) == 1;
}

bool is_plausible_hostname(std::string_view s) {
    if (s.empty() || s.size() > 253) return false;
    bool all_numeric = true;
    for (char c : s) {
        unsigned char u = static_cast<unsigned char>(c);
        if (!std::isalnum(u) && c != '-' && c != '.' && c != '_') return false;
        if (!std::isdigit(u) && c != '.') all_numeric = false;
    }
    // Digits and dots only: must then be a real dotted quad (10.0.0.300 is not).
    return !all_numeric || is_ipv4_literal(s);
}

bool HaCfParser::node_room(int line) {
    if (node_count() < kMaxNodes) return true;
    sink_.error(line,
                "too many nodes: at most " + std::to_string(kMaxNodes) + " (ping nodes included)");
    return false;
}

bool HaCfParser::add_node_name(std::string_view name, int line) {
    if (!node_room(line)) return false;
    std::string lower = to_lower(name);
    auto same = [&](const std::string& n) { return n == lower; };
    bool dup = std::any_of(cfg_.nodes.begin(), cfg_.nodes.end(), same) ||
               std::any_of(cfg_.ping_nodes.begin(), cfg_.ping_nodes.end(),
                           [&](const PingNode& p) { return p.name == lower; });
    if (dup) {
        sink_.warning(line, "node '" + printable(lower) +
                                "' is listed more than once; heartbeat then never gives it its "
                                "resources");
    }
    cfg_.nodes.push_back(std::move(lower));
    return true;
}

int HaCfParser::cached_udpport(MediumType type, bool* is_default) {
    std::optional<int>* cache = &bcast_port_;
    bool* cache_default = &bcast_port_default_;
    if (type == MediumType::kUcast) {
        cache = &ucast_port_;
        cache_default = &ucast_port_default_;
    } else if (type == MediumType::kUcast6) {
        cache = &ucast6_port_;
        cache_default = &ucast6_port_default_;
    }
    if (!cache->has_value()) {
        *cache = cfg_.udpport_given ? cfg_.udpport : hacf::kDefaultUdpPort;
        *cache_default = !cfg_.udpport_given;
    }
    *is_default = *cache_default;
    return **cache;
}

bool HaCfParser::add_medium(Medium m, int line) {
    if (cfg_.media.size() >= kMaxMedia) {
        sink_.error(line, "too many media: at most " + std::to_string(kMaxMedia));
        return false;
    }
    m.line = line;
    if (m.type == MediumType::kBcast || m.type == MediumType::kUcast ||
        m.type == MediumType::kUcast6) {
        m.port = cached_udpport(m.type, &m.port_is_default);
        if (first_udp_medium_line_ == 0) first_udp_medium_line_ = line;
    }
    cfg_.media.push_back(std::move(m));
    return true;
}

// ---- per-token media ------------------------------------------------------

bool HaCfParser::add_bcast(std::string_view v, int line) {
    Medium m;
    m.type = MediumType::kBcast;
    m.dev = std::string(v);
    return add_medium(std::move(m), line);
}

bool HaCfParser::add_serial(std::string_view v, int line) {
    if (v.front() != '/') {
        sink_.error(line, "serial port '" + printable(v) + "' is not a full path name");
        return false;
    }
    if (!serial_baud_) serial_baud_ = cfg_.baud;
    if (first_serial_line_ == 0) first_serial_line_ = line;
    Medium m;
    m.type = MediumType::kSerial;
    m.dev = std::string(v);
    m.baud = *serial_baud_;
    return add_medium(std::move(m), line);
}

bool HaCfParser::add_ping(std::string_view v, int line) {
    if (!is_plausible_hostname(v)) {
        sink_.error(line, "ping: '" + printable(v) + "' is not an IPv4 address or host name");
        return false;
    }
    if (!node_room(line)) return false;
    cfg_.ping_nodes.push_back(PingNode{PingType::kPing, to_lower(v), {std::string(v)}, line});
    return true;
}

bool HaCfParser::add_ping6(std::string_view v, int line) {
    if (!is_ipv6_literal(v) && !is_plausible_hostname(v)) {
        sink_.error(line, "ping6: '" + printable(v) + "' is not an IPv6 address or host name");
        return false;
    }
    if (!node_room(line)) return false;
    cfg_.ping_nodes.push_back(PingNode{PingType::kPing6, to_lower(v), {std::string(v)}, line});
    return true;
}

// ---- line-parsed media ----------------------------------------------------

void HaCfParser::parse_mcast(std::string_view rest, int line) {
    std::vector<std::string> t = split_tokens(rest, kWhitespace);
    if (t.empty()) {
        media_ignored_ = true;
        sink_.warning(line, "'mcast' without arguments is ignored");
        return;
    }
    const std::string where = "mcast [" + printable(t[0]) + "]";
    static const char* kFields[] = {"device", "mcast address", "port", "ttl", "loop"};
    if (t.size() < 5) {
        sink_.error(line, where + " missing " + kFields[t.size()] +
                              " (expected: mcast DEV GROUP PORT TTL LOOP)");
        return;
    }
    in_addr group{};
    std::string g = t[1];
    if (::inet_pton(AF_INET, g.c_str(), &group) != 1 || (ntohl(group.s_addr) >> 28) != 0xe) {
        sink_.error(line, where + " bad addr [" + printable(g) +
                              "]: not an IPv4 multicast address (224.0.0.0-239.255.255.255)");
        return;
    }
    auto port = integer("mcast port", t[2], line, 1, 65535);
    auto ttl = integer("mcast ttl", t[3], line, 0, 4);
    auto loop = integer("mcast loop", t[4], line, 0, 1);
    if (!port || !ttl || !loop) return;
    if (t.size() > 5) {
        sink_.warning(line, where + " extra arguments ignored: " + printable(join_from(t, 5)));
    }
    Medium m;
    m.type = MediumType::kMcast;
    m.dev = t[0];
    m.address = g;
    m.port = static_cast<int>(*port);
    m.ttl = static_cast<int>(*ttl);
    m.loop = *loop != 0;
    add_medium(std::move(m), line);
}

void HaCfParser::parse_mcast6(std::string_view rest, int line) {
    std::vector<std::string> t = split_tokens(rest, kWhitespace);
    if (t.empty()) {
        media_ignored_ = true;
        sink_.warning(line, "'mcast6' without arguments is ignored");
        return;
    }
    const std::string where = "mcast6 [" + printable(t[0]) + "]";
    static const char* kFields[] = {"device", "mcast6 address", "port", "hops", "loop"};
    if (t.size() < 5) {
        sink_.error(line, where + " missing " + kFields[t.size()] +
                              " (expected: mcast6 DEV GROUP PORT HOPS LOOP)");
        return;
    }
    in6_addr group{};
    const std::string& g = t[1];
    if (::inet_pton(AF_INET6, g.c_str(), &group) != 1 || group.s6_addr[0] != 0xff) {
        sink_.error(line, where + " bad addr [" + printable(g) +
                              "]: not an IPv6 multicast address (ff00::/8)");
        return;
    }
    auto port = integer("mcast6 port", t[2], line, 1, 65535);
    auto hops = integer("mcast6 hops", t[3], line, 0, 4);
    auto loop = integer("mcast6 loop", t[4], line, 0, 1);
    if (!port || !hops || !loop) return;
    if (t.size() > 5) {
        sink_.warning(line, where + " extra arguments ignored: " + printable(join_from(t, 5)));
    }
    Medium m;
    m.type = MediumType::kMcast6;
    m.dev = t[0];
    m.address = g;
    m.port = static_cast<int>(*port);
    m.ttl = static_cast<int>(*hops);
    m.loop = *loop != 0;
    add_medium(std::move(m), line);
}

void HaCfParser::parse_ucast(std::string_view rest, int line) {
    std::vector<std::string> t = split_tokens(rest, kWhitespace);
    if (t.empty()) {
        media_ignored_ = true;
        sink_.warning(line, "'ucast' without arguments is ignored");
        return;
    }
    if (t.size() < 2) {
        sink_.error(line, "ucast: [" + printable(t[0]) + "] missing target IP address/hostname");
        return;
    }
    if (!is_plausible_hostname(t[1])) {
        sink_.error(line, "ucast: [" + printable(t[0]) + "] bad target [" + printable(t[1]) +
                              "]: not an IPv4 address or host name");
        return;
    }
    if (t.size() > 2) {
        sink_.warning(line,
                      "ucast takes one peer per line; ignored: " + printable(join_from(t, 2)));
    }
    Medium m;
    m.type = MediumType::kUcast;
    m.dev = t[0];
    m.address = t[1];
    add_medium(std::move(m), line);
}

void HaCfParser::parse_ucast6(std::string_view rest, int line) {
    std::vector<std::string> t = split_tokens(rest, kWhitespace);
    if (t.empty()) {
        media_ignored_ = true;
        sink_.warning(line, "'ucast6' without arguments is ignored");
        return;
    }
    if (t.size() < 2) {
        sink_.error(line, "ucast6 [" + printable(t[0]) + "] missing ucast6 address");
        return;
    }
    std::string_view addr = t[1];
    std::string_view bare = addr.substr(0, addr.find('%'));  // fe80::1%eth0
    if (!is_ipv6_literal(bare) && !is_plausible_hostname(addr)) {
        sink_.error(line, "ucast6 [" + printable(t[0]) + "] bad addr [" + printable(addr) +
                              "]: not an IPv6 address or host name");
        return;
    }
    if (t.size() > 2) {
        sink_.warning(line,
                      "ucast6 takes one peer per line; ignored: " + printable(join_from(t, 2)));
    }
    Medium m;
    m.type = MediumType::kUcast6;
    m.dev = t[0];
    m.address = t[1];
    add_medium(std::move(m), line);
}

void HaCfParser::parse_ping_group(std::string_view rest, int line) {
    std::vector<std::string> t = split_tokens(rest, kWhitespace);
    if (t.empty()) {
        media_ignored_ = true;
        sink_.warning(line, "'ping_group' without arguments is ignored");
        return;
    }
    if (t.size() < 2) {
        sink_.error(line, "ping_group " + printable(t[0]) + " lists no hosts");
        return;
    }
    for (size_t i = 1; i < t.size(); ++i) {
        if (!is_plausible_hostname(t[i])) {
            sink_.error(line, "ping_group " + printable(t[0]) + ": '" + printable(t[i]) +
                                  "' is not an IPv4 address or host name");
            return;
        }
    }
    if (!node_room(line)) return;
    PingNode p{PingType::kPingGroup, to_lower(t[0]), {}, line};
    p.hosts.assign(t.begin() + 1, t.end());
    cfg_.ping_nodes.push_back(std::move(p));
}

}  // namespace ha::hb::detail
