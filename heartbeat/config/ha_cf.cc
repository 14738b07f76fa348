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

const char* medium_type_name(MediumType t) {
    switch (t) {
        case MediumType::kBcast:
            return "bcast";
        case MediumType::kMcast:
            return "mcast";
        case MediumType::kMcast6:
            return "mcast6";
        case MediumType::kUcast:
            return "ucast";
        case MediumType::kUcast6:
            return "ucast6";
        case MediumType::kSerial:
            return "serial";
    }
    return "?";
}

const std::vector<DirectiveInfo>& ha_cf_directives() {
    using K = DirectiveKind;
    static const std::vector<DirectiveInfo> table = {
        {k::kNode, K::kOption, false, nullptr, "cluster node"},
        {k::kCluster, K::kOption, true, "linux-ha", "the name of cluster"},
        {k::kQuorumServer, K::kOption, true, nullptr, "quorum server"},
        {k::kHopfudge, K::kOption, true, "1", "# of hops above cluster size"},
        {k::kKeepalive, K::kOption, true, "1000ms", "keepalive time"},
        {k::kDeadtime, K::kOption, true, "30000ms", "node deadtime"},
        {k::kDeadping, K::kOption, true, nullptr, "ping deadtime"},
        {k::kInitdead, K::kOption, true, nullptr, "initial deadtime"},
        {k::kWarntime, K::kOption, true, nullptr, "warning time"},
        {k::kWatchdog, K::kOption, true, nullptr, "watchdog device"},
        {k::kBaud, K::kOption, true, "19200", "baud rate"},
        {k::kUdpport, K::kOption, true, nullptr, "UDP port number"},
        {k::kLogfacility, K::kOption, true, nullptr, "syslog log facility"},
        {k::kLogfile, K::kOption, true, nullptr, "log file"},
        {k::kDebugfile, K::kOption, true, nullptr, "debug file"},
        {k::kNiceFailback, K::kOption, false, nullptr, "obsolete: use auto_failback"},
        {k::kAutoFailback, K::kOption, true, "legacy", "auto failback"},
        {k::kRtprio, K::kOption, true, nullptr, "realtime priority"},
        {k::kHbgenmethod, K::kOption, true, "file", "protocol generation computation method"},
        {k::kRealtime, K::kOption, true, "true", "enable realtime behavior?"},
        {k::kDebug, K::kOption, true, nullptr, "debug level"},
        {k::kNormalpoll, K::kOption, true, nullptr, "use system poll(2) (not in Debian 3.0.6)"},
        {k::kMsgfmt, K::kOption, true, "classic", "message format in the wire"},
        {k::kUseLogd, K::kOption, true, nullptr, "use logging daemon"},
        {k::kConnLogdTime, K::kOption, true, "60", "the interval to reconnect to logd"},
        {k::kUseApphbd, K::kOption, false, nullptr, "register with apphbd"},
        {k::kLogBadpack, K::kOption, true, "true", "warn about bad packets"},
        {k::kSyslogmsgfmt, K::kOption, true, "true", "log to files in syslog format"},
        {k::kCoredumps, K::kOption, true, "true", "enable Linux-HA core dumps"},
        {k::kCoreroot, K::kOption, true, nullptr, "set root directory of core dump area"},
        {k::kCrmDaemonDir, K::kOption, true, nullptr, "location for Pacemaker daemons"},
        {k::kCrmdSpawnsPengine, K::kOption, true, nullptr, "crmd starts the pengine itself"},
        {k::kPacemaker, K::kOption, true, "false", "enable Pacemaker resource management"},
        {k::kCrm, K::kOption, true, nullptr, "historical alias for 'pacemaker'"},
        {k::kAutojoin, K::kOption, true, "none", "set automatic join mode/style"},
        {k::kUuidfrom, K::kOption, true, "file", "set the source for uuid"},
        {k::kCompression, K::kOption, true, "zlib", "set compression module"},
        {k::kCompressionThreshold, K::kOption, true, "2", "set compression threshold"},
        {k::kTraditionalCompression, K::kOption, true, "no", "set traditional_compression"},
        {k::kEnv, K::kOption, false, nullptr, "set environment variable"},
        {k::kMaxRexmitDelay, K::kOption, true, "250", "set the maximum rexmit delay time"},
        {k::kRecordConfigChanges, K::kOption, true, "on",
         "record changes to the cib (valid only with: pacemaker on)"},
        {k::kRecordPengineInputs, K::kOption, true, "on",
         "record the input used by the policy engine (valid only with: pacemaker on)"},
        {k::kEnableConfigWrites, K::kOption, true, "on",
         "write configuration changes to disk (valid only with: pacemaker on)"},
        {k::kMemreserve, K::kOption, true, "6500", "number of kbytes to preallocate in heartbeat"},
        {k::kStonith, K::kWholeLine, false, nullptr, "v1 STONITH device"},
        {k::kStonithHost, K::kWholeLine, false, nullptr, "v1 STONITH device for a host"},
        {k::kApiauth, K::kWholeLine, false, nullptr, "API client authorisation"},
        {k::kRespawn, K::kWholeLine, false, nullptr, "respawned child process"},
        {k::kFailfast, K::kWholeLine, false, nullptr, "child process the node cannot live without"},
        {k::kBcast, K::kMediaToken, false, nullptr, "UDP/IP broadcast"},
        {k::kSerial, K::kMediaToken, false, nullptr, "serial ring"},
        {k::kPing, K::kMediaToken, false, nullptr, "ping membership"},
        {k::kPing6, K::kMediaToken, false, nullptr, "ping6 membership"},
        {k::kMcast, K::kMediaLine, false, nullptr, "UDP/IP multicast"},
        {k::kMcast6, K::kMediaLine, false, nullptr, "UDP/IPv6 multicast"},
        {k::kUcast, K::kMediaLine, false, nullptr, "UDP/IP unicast"},
        {k::kUcast6, K::kMediaLine, false, nullptr, "UDP/IPv6 unicast"},
        {k::kPingGroup, K::kMediaLine, false, nullptr, "ping group membership"},
    };
    return table;
}

const DirectiveInfo* find_ha_cf_directive(std::string_view name) {
    for (const auto& d : ha_cf_directives())
        if (d.name == name) return &d;
    return nullptr;
}

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

struct DirectiveTable {
    struct Handlers {
        HaCfParser::OptionHandler option = nullptr;
        HaCfParser::LineHandler line = nullptr;
    };
    static const std::unordered_map<std::string_view, Handlers>& get() {
        using P = HaCfParser;
        static const std::unordered_map<std::string_view, Handlers> map = {
            {k::kNode, {&P::set_node}},
            {k::kCluster, {&P::set_cluster}},
            {k::kQuorumServer, {&P::set_quorum_server}},
            {k::kHopfudge, {&P::set_hopfudge}},
            {k::kKeepalive, {&P::set_keepalive}},
            {k::kDeadtime, {&P::set_deadtime}},
            {k::kDeadping, {&P::set_deadping}},
            {k::kInitdead, {&P::set_initdead}},
            {k::kWarntime, {&P::set_warntime}},
            {k::kWatchdog, {&P::set_watchdog}},
            {k::kBaud, {&P::set_baud}},
            {k::kUdpport, {&P::set_udpport}},
            {k::kLogfacility, {&P::set_logfacility}},
            {k::kLogfile, {&P::set_logfile}},
            {k::kDebugfile, {&P::set_debugfile}},
            {k::kNiceFailback, {&P::set_nice_failback}},
            {k::kAutoFailback, {&P::set_auto_failback}},
            {k::kRtprio, {&P::set_rtprio}},
            {k::kHbgenmethod, {&P::set_hbgenmethod}},
            {k::kRealtime, {&P::set_realtime}},
            {k::kDebug, {&P::set_debug}},
            {k::kNormalpoll, {&P::set_normalpoll}},
            {k::kMsgfmt, {&P::set_msgfmt}},
            {k::kUseLogd, {&P::set_use_logd}},
            {k::kConnLogdTime, {&P::set_conn_logd_time}},
            {k::kUseApphbd, {&P::set_use_apphbd}},
            {k::kLogBadpack, {&P::set_log_badpack}},
            {k::kSyslogmsgfmt, {&P::set_syslogmsgfmt}},
            {k::kCoredumps, {&P::set_coredumps}},
            {k::kCoreroot, {&P::set_coreroot}},
            {k::kCrmDaemonDir, {&P::set_crm_daemon_dir}},
            {k::kCrmdSpawnsPengine, {&P::set_crmd_spawns_pengine}},
            {k::kPacemaker, {&P::set_pacemaker}},
            {k::kCrm, {&P::set_pacemaker}},
            {k::kAutojoin, {&P::set_autojoin}},
            {k::kUuidfrom, {&P::set_uuidfrom}},
            {k::kCompression, {&P::set_compression}},
            {k::kCompressionThreshold, {&P::set_compression_threshold}},
            {k::kTraditionalCompression, {&P::set_traditional_compression}},
            {k::kEnv, {&P::set_env}},
            {k::kMaxRexmitDelay, {&P::set_max_rexmit_delay}},
            {k::kRecordConfigChanges, {&P::set_record_config_changes}},
            {k::kRecordPengineInputs, {&P::set_record_pengine_inputs}},
            {k::kEnableConfigWrites, {&P::set_enable_config_writes}},
            {k::kMemreserve, {&P::set_memreserve}},
            {k::kBcast, {&P::add_bcast}},
            {k::kSerial, {&P::add_serial}},
            {k::kPing, {&P::add_ping}},
            {k::kPing6, {&P::add_ping6}},
            {k::kStonith, {nullptr, &P::parse_stonith}},
            {k::kStonithHost, {nullptr, &P::parse_stonith_host}},
            {k::kApiauth, {nullptr, &P::parse_apiauth}},
            {k::kRespawn, {nullptr, &P::parse_respawn}},
            {k::kFailfast, {nullptr, &P::parse_failfast}},
            {k::kMcast, {nullptr, &P::parse_mcast}},
            {k::kMcast6, {nullptr, &P::parse_mcast6}},
            {k::kUcast, {nullptr, &P::parse_ucast}},
            {k::kUcast6, {nullptr, &P::parse_ucast6}},
            {k::kPingGroup, {nullptr, &P::parse_ping_group}},
        };
        return map;
    }
};

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

bool HaCfParser::set_logfacility(std::string_view v, int line) {
    static constexpr std::array<std::string_view, 23> kFacilities = {
        "none",   "auth",   "authpriv", "cron",   "daemon", "ftp",    "kern",   "lpr",
        "mail",   "news",   "security", "syslog", "user",   "uucp",   "local0", "local1",
        "local2", "local3", "local4",   "local5", "local6", "local7", "mark"};
    if (std::find(kFacilities.begin(), kFacilities.end(), v) == kFacilities.end()) {
        sink_.error(line, "invalid logfacility '" + printable(v) +
                              "': expected a syslog facility such as daemon or local0..local7, "
                              "or none");
        return false;
    }
    cfg_.logfacility = std::string(v);
    logfacility_line_ = line;
    return true;
}

bool HaCfParser::set_logfile(std::string_view v, int) {
    cfg_.logfile = std::string(v);
    return true;
}

bool HaCfParser::set_debugfile(std::string_view v, int) {
    cfg_.debugfile = std::string(v);
    return true;
}

bool HaCfParser::set_nice_failback(std::string_view v, int line) {
    auto b = boolean(k::kNiceFailback, v, line);
    if (!b) return false;
    if (nice_failback_) {
        cfg_.auto_failback = AutoFailback::kOff;
        sink_.warning(line, "nice_failback is obsolete; heartbeat treats 'nice_failback " +
                                printable(v) + "' here as 'auto_failback off'");
    } else {
        cfg_.auto_failback = AutoFailback::kLegacy;
        sink_.warning(line, "nice_failback is obsolete; heartbeat treats 'nice_failback " +
                                printable(v) +
                                "' as 'auto_failback legacy' (use auto_failback on|off)");
    }
    return true;
}

bool HaCfParser::set_auto_failback(std::string_view v, int line) {
    if (auto b = parse_bool(v)) {
        cfg_.auto_failback = *b ? AutoFailback::kOn : AutoFailback::kOff;
        nice_failback_ = true;
        return true;
    }
    if (iequals(v, k::kLegacy)) {
        cfg_.auto_failback = AutoFailback::kLegacy;
        nice_failback_ = false;
        return true;
    }
    sink_.error(line,
                "invalid auto_failback value '" + printable(v) + "': expected on, off or legacy");
    return false;
}

bool HaCfParser::set_rtprio(std::string_view v, int line) {
    auto n = integer(k::kRtprio, v, line, 1, 99);  // SCHED_FIFO range on Linux
    if (n) cfg_.rtprio = static_cast<int>(*n);
    return n.has_value();
}

bool HaCfParser::set_hbgenmethod(std::string_view v, int line) {
    if (v == k::kFile || v == k::kTime) {
        cfg_.generation_from_time = v == k::kTime;
        return true;
    }
    sink_.error(line, "Illegal hb generation method [" + printable(v) + "]: expected file or time");
    return false;
}

bool HaCfParser::set_realtime(std::string_view v, int line) {
    auto b = boolean(k::kRealtime, v, line);
    if (b) cfg_.realtime = *b;
    return b.has_value();
}

bool HaCfParser::set_debug(std::string_view v, int line) {
    auto n = integer(k::kDebug, v, line, 0, 255);
    if (n) cfg_.debug = static_cast<int>(*n);
    return n.has_value();
}

bool HaCfParser::set_normalpoll(std::string_view v, int line) {
    auto b = boolean(k::kNormalpoll, v, line);
    if (!b) return false;
    cfg_.normalpoll = *b;
    sink_.warning(line,
                  "normalpoll is unknown to Debian's heartbeat 3.0.6 (which refuses the "
                  "file); it has no effect here");
    return true;
}

bool HaCfParser::set_msgfmt(std::string_view v, int line) {
    if (v == k::kClassic || v == k::kNetstring) {
        cfg_.msgfmt = v == k::kClassic ? MsgFmt::kClassic : MsgFmt::kNetstring;
        return true;
    }
    sink_.error(line, "invalid msgfmt '" + printable(v) + "': expected classic or netstring");
    return false;
}

bool HaCfParser::set_use_logd(std::string_view v, int line) {
    auto b = boolean(k::kUseLogd, v, line);
    if (!b) return false;
    use_logd_given_ = true;
    use_logd_value_ = *b;
    return true;
}

bool HaCfParser::set_conn_logd_time(std::string_view v, int line) {
    auto t = time_value(k::kConnLogdTime, v, line);
    if (!t) return false;
    if (t->count() <= 0) {
        sink_.error(line, "conn_logd_time must be greater than 0");
        return false;
    }
    cfg_.conn_logd_time = *t;
    return true;
}

bool HaCfParser::set_use_apphbd(std::string_view v, int line) {
    auto b = boolean(k::kUseApphbd, v, line);
    if (b) cfg_.use_apphbd = *b;
    return b.has_value();
}

bool HaCfParser::set_log_badpack(std::string_view v, int line) {
    auto b = boolean(k::kLogBadpack, v, line);
    if (b) cfg_.log_badpack = *b;
    return b.has_value();
}

bool HaCfParser::set_syslogmsgfmt(std::string_view v, int line) {
    auto b = boolean(k::kSyslogmsgfmt, v, line);
    if (b) cfg_.syslogmsgfmt = *b;
    return b.has_value();
}

bool HaCfParser::set_coredumps(std::string_view v, int line) {
    auto b = boolean(k::kCoredumps, v, line);
    if (b) cfg_.coredumps = *b;
    return b.has_value();
}

bool HaCfParser::set_coreroot(std::string_view v, int) {
    cfg_.coreroot = std::string(v);
    return true;
}

}  // namespace detail
}  // namespace ha::hb
