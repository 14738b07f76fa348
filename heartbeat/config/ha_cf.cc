// ha.cf lexing, directive dispatch and the simple option directives.
// See doc/config-files.md for the rules implemented here.
#include "heartbeat/config/ha_cf.h"

#include <algorithm>
#include <array>
#include <unordered_map>

#include "heartbeat/config/hacf_keywords.h"
#include "heartbeat/config/hacf_parser.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb {

using detail::HaCfParser;
namespace k = hacf;

std::optional<std::string> HaCf::parameter(std::string_view name) const {
    auto it = parameters.find(name);
    if (it == parameters.end()) return std::nullopt;
    return it->second;
}

bool HaCf::has_node(std::string_view name) const {
    return std::any_of(nodes.begin(), nodes.end(),
                       [&](const std::string& n) { return iequals(n, name); });
}

const ApiAuth* HaCf::find_apiauth(std::string_view client) const {
    for (const auto& a : apiauth)
        if (a.client == client) return &a;
    return nullptr;
}

namespace detail {

namespace {

constexpr std::string_view kWhitespace = " \t\n\r\f\v";
constexpr std::string_view kDelims = ", \t\n\r\f\v";

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string suggestion(std::string_view directive) {
    std::string_view best;
    size_t best_d = 3;
    for (const auto& d : ha_cf_directives()) {
        if (iequals(d.name, directive))
            return " (directive names are case-sensitive: '" + std::string(d.name) + "')";
        size_t dist = edit_distance(directive, d.name);
        if (dist < best_d) {
            best_d = dist;
            best = d.name;
        }
    }
    if (best.empty()) return "";
    return " (did you mean '" + std::string(best) + "'?)";
}

}  // namespace

AtoiValue atoi_like(std::string_view t) {
    AtoiValue out;
    size_t i = 0;
    while (i < t.size() && kWhitespace.find(t[i]) != std::string_view::npos)
        ++i;
    bool neg = false;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) neg = t[i++] == '-';
    size_t digits_start = i;
    long long v = 0;
    for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
        if (v < 1'000'000'000'000LL) v = v * 10 + (t[i] - '0');
    }
    out.value = neg ? -v : v;
    out.clean = i > digits_start && i == t.size();
    return out;
}

void HaCfParser::parse_line(std::string_view raw, int line) {
    if (raw.size() > kMaxHaCfLine) {
        sink_.warning(line, "line is longer than " + std::to_string(kMaxHaCfLine) +
                                " bytes; heartbeat reads the rest as a new line");
    }
    std::string_view s = raw;
    size_t start = s.find_first_not_of(kWhitespace);
    if (start == std::string_view::npos) return;
    s.remove_prefix(start);
    if (size_t hash = s.find('#'); hash != std::string_view::npos) s = s.substr(0, hash);
    if (size_t eol = s.find_first_of("\r\n"); eol != std::string_view::npos) s = s.substr(0, eol);
    if (s.empty()) return;

    size_t dirlen = std::min(s.find_first_of(kWhitespace), s.size());
    std::string_view directive = s.substr(0, dirlen);
    std::string_view rest = s.substr(dirlen);
    size_t skip = rest.find_first_not_of(kDelims);
    rest = skip == std::string_view::npos ? std::string_view() : rest.substr(skip);

    if (directive == k::kUdpAlias) {
        sink_.warning(line, "directive 'udp' is obsolete and treated as 'bcast'");
        directive = k::kBcast;
    }
    const auto& map = DirectiveTable::get();
    auto it = map.find(directive);
    if (it == map.end()) {
        sink_.error(line,
                    "Illegal directive [" + printable(directive) + "]" + suggestion(directive));
        return;
    }
    if (it->second.line) {
        (this->*(it->second.line))(rest, line);
        return;
    }
    const DirectiveInfo* info = find_ha_cf_directive(directive);
    bool any = false;
    for (const std::string& token : split_tokens(rest, kDelims)) {
        any = true;
        if ((this->*(it->second.option))(token, line) && info && info->recorded)
            record(directive, token, line);
    }
    if (!any) {
        if (info && info->kind == DirectiveKind::kMediaToken) media_ignored_ = true;
        sink_.warning(line, "'" + std::string(directive) + "' without a value is ignored");
    }
}

void HaCfParser::record(std::string_view directive, std::string_view value, int line) {
    cfg_.parameters[std::string(directive)] = std::string(value);
    cfg_.parameter_lines[std::string(directive)] = line;
    if (directive == k::kCrm) {
        cfg_.parameters[std::string(k::kPacemaker)] = std::string(value);
        cfg_.parameter_lines[std::string(k::kPacemaker)] = line;
    }
}

std::optional<bool> HaCfParser::boolean(std::string_view directive, std::string_view v, int line) {
    auto b = parse_bool(v);
    if (!b) {
        sink_.error(line, "invalid " + std::string(directive) + " value '" + printable(v) +
                              "': expected a boolean (true/false, on/off, yes/no, y/n, 1/0)");
    }
    return b;
}

std::optional<Millis> HaCfParser::time_value(std::string_view directive, std::string_view v,
                                             int line) {
    auto t = parse_hb_time(v);
    if (!t) {
        sink_.error(line, "invalid " + std::string(directive) + " value '" + printable(v) +
                              "': expected a time such as 10 (seconds), 500ms or 1.5");
    }
    return t;
}

std::optional<long long> HaCfParser::integer(std::string_view directive, std::string_view v,
                                             int line, long long min, long long max) {
    AtoiValue a = atoi_like(v);
    if (a.value < min || a.value > max) {
        sink_.error(line, "invalid " + std::string(directive) + " value '" + printable(v) +
                              "': expected an integer in " + std::to_string(min) + ".." +
                              std::to_string(max));
        return std::nullopt;
    }
    if (!a.clean) {
        sink_.warning(line, std::string(directive) + " value '" + printable(v) +
                                "' is not a plain number; heartbeat reads it as " +
                                std::to_string(a.value));
    }
    return a.value;
}

// ---- simple directives ----------------------------------------------------

bool HaCfParser::set_node(std::string_view v, int line) {
    return add_node_name(v, line);
}

bool HaCfParser::set_cluster(std::string_view v, int) {
    cfg_.cluster = std::string(v);
    return true;
}

bool HaCfParser::set_quorum_server(std::string_view v, int line) {
    cfg_.quorum_server = std::string(v);
    cfg_.cluster = std::string(v);
    record(k::kCluster, v, line);
    return true;
}

bool HaCfParser::set_hopfudge(std::string_view v, int line) {
    auto n = integer(k::kHopfudge, v, line, 0, 255);
    if (n) cfg_.hopfudge = static_cast<int>(*n);
    return n.has_value();
}

bool HaCfParser::set_keepalive(std::string_view v, int line) {
    auto t = time_value(k::kKeepalive, v, line);
    if (!t) return false;
    if (t->count() <= 0) {
        sink_.error(line, "keepalive must be greater than 0 (got '" + printable(v) + "')");
        return false;
    }
    cfg_.keepalive = *t;
    return true;
}

bool HaCfParser::set_deadtime(std::string_view v, int line) {
    auto t = time_value(k::kDeadtime, v, line);
    if (t) cfg_.deadtime = *t;
    return t.has_value();
}

bool HaCfParser::set_deadping(std::string_view v, int line) {
    auto t = time_value(k::kDeadping, v, line);
    if (t) {
        cfg_.deadping = *t;
        cfg_.deadping_given = true;
    }
    return t.has_value();
}

bool HaCfParser::set_initdead(std::string_view v, int line) {
    auto t = time_value(k::kInitdead, v, line);
    if (t) {
        cfg_.initdead = *t;
        cfg_.initdead_given = true;
    }
    return t.has_value();
}

bool HaCfParser::set_warntime(std::string_view v, int line) {
    auto t = time_value(k::kWarntime, v, line);
    if (!t) return false;
    if (t->count() <= 0) {
        sink_.error(line, "warntime must be greater than 0 (got '" + printable(v) + "')");
        return false;
    }
    cfg_.warntime = *t;
    cfg_.warntime_given = true;
    return true;
}

bool HaCfParser::set_watchdog(std::string_view v, int line) {
    if (cfg_.watchdog) {
        sink_.error(line, "watchdog device given more than once");
        return false;
    }
    cfg_.watchdog = std::string(v);
    return true;
}

bool HaCfParser::set_baud(std::string_view v, int line) {
    static constexpr std::array<int, 7> kRates = {9600,   19200,  38400, 57600,
                                                  115200, 230400, 460800};
    if (baud_given_) {
        sink_.error(line, "baud given more than once");
        return false;
    }
    baud_given_ = true;
    AtoiValue a = atoi_like(v);
    if (std::find(kRates.begin(), kRates.end(), a.value) == kRates.end()) {
        sink_.error(line, "invalid baud rate '" + printable(v) +
                              "': expected 9600, 19200, 38400, 57600, 115200, 230400 or 460800");
        return false;
    }
    if (!a.clean) {
        sink_.warning(line, "baud value '" + printable(v) +
                                "' is not a plain number; heartbeat reads it as " +
                                std::to_string(a.value));
    }
    if (first_serial_line_ > 0) {
        sink_.warning(line, "baud must precede the serial media: the serial link(s) from line " +
                                std::to_string(first_serial_line_) + " keep " +
                                std::to_string(serial_baud_.value_or(cfg_.baud)) + " baud");
    }
    cfg_.baud = static_cast<int>(a.value);
    return true;
}

bool HaCfParser::set_udpport(std::string_view v, int line) {
    AtoiValue a = atoi_like(v);
    if (a.value <= 0) {
        sink_.error(line, "invalid udpport '" + printable(v) + "': expected a port number > 0");
        return false;
    }
    if (!a.clean) {
        sink_.warning(line, "udpport value '" + printable(v) +
                                "' is not a plain number; heartbeat reads it as " +
                                std::to_string(a.value));
    }
    if (a.value > 65535) {
        sink_.warning(line, "udpport " + std::to_string(a.value) +
                                " is above 65535; heartbeat truncates it to " +
                                std::to_string(a.value & 0xffff));
    }
    if (first_udp_medium_line_ > 0) {
        sink_.warning(line, "udpport must precede the bcast/ucast media: the media from line " +
                                std::to_string(first_udp_medium_line_) +
                                " keep the port in force when they were read");
    }
    cfg_.udpport = static_cast<int>(a.value & 0xffff);
    cfg_.udpport_given = true;
    return true;
}

}  // namespace detail
}  // namespace ha::hb
