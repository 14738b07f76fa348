// What heartbeat does after the last line of ha.cf: built-in API
// authorisations, defaults for every directive not given (computed ones
// included: warntime, initdead, deadping, udpport, use_logd), and the
// cross-checks that refuse a configuration (media and nodes present,
// deadtime vs keepalive, initdead, logging, autojoin in v1 mode).
#include "heartbeat/config/hacf_keywords.h"
#include "heartbeat/config/hacf_parser.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace k = hacf;

namespace detail {

namespace {

std::string ms(Millis m) {
    return format_ms(m);
}

}  // namespace

void HaCfParser::add_builtin_apiauth() {
    struct Builtin {
        const char* client;
        std::vector<std::string> uids;
        std::vector<std::string> gids;
    };
    const std::string user(k::kClusterUser), group(k::kClusterGroup);
    const Builtin builtins[] = {
        {"ipfail", {user}, {}},          {"ccm", {user}, {}},         {"ping", {}, {group}},
        {"lha-snmpagent", {"root"}, {}}, {"anon", {"root"}, {group}},
    };
    for (const Builtin& b : builtins) {
        if (cfg_.find_apiauth(b.client)) continue;
        cfg_.apiauth.push_back(ApiAuth{b.client, b.uids, b.gids, true, 0});
    }
}

void HaCfParser::fill_defaults() {
    for (const DirectiveInfo& d : ha_cf_directives()) {
        if (!d.default_value || cfg_.parameters.count(d.name)) continue;
        cfg_.parameters[std::string(d.name)] = d.default_value;
    }
    if (!cfg_.parameters.count(k::kDebug)) cfg_.parameters[std::string(k::kDebug)] = "0";
    if (!cfg_.udpport_given) {
        cfg_.udpport = k::kDefaultUdpPort;
        cfg_.parameters[std::string(k::kUdpport)] = std::to_string(cfg_.udpport);
    }
}

void HaCfParser::check_timing() {
    auto line_of = [&](std::string_view name) {
        auto it = cfg_.parameter_lines.find(name);
        return it == cfg_.parameter_lines.end() ? 0 : it->second;
    };
    if (!cfg_.warntime_given) {
        cfg_.warntime = Millis(cfg_.deadtime.count() / 2);
        cfg_.parameters[std::string(k::kWarntime)] = ms(cfg_.warntime);
    }
    if (cfg_.deadtime.count() <= 2 * cfg_.keepalive.count()) {
        int line = line_of(k::kDeadtime) ? line_of(k::kDeadtime) : line_of(k::kKeepalive);
        sink_.error(line, "deadtime (" + ms(cfg_.deadtime) +
                              ") must be more than twice keepalive (" + ms(cfg_.keepalive) + ")");
    }
    if (!cfg_.initdead_given) {
        if (cfg_.deadtime.count() > 10000) {
            cfg_.initdead = cfg_.deadtime;
        } else if (cfg_.deadtime.count() < 6000) {
            cfg_.initdead = Millis(12000);
        } else {
            cfg_.initdead = 2 * cfg_.deadtime;
        }
        cfg_.parameters[std::string(k::kInitdead)] = ms(cfg_.initdead);
    }
    if (cfg_.initdead < cfg_.deadtime) {
        int line = line_of(k::kInitdead) ? line_of(k::kInitdead) : line_of(k::kDeadtime);
        sink_.error(line, "initdead (" + ms(cfg_.initdead) + ") is smaller than deadtime (" +
                              ms(cfg_.deadtime) + ")");
    } else if (cfg_.initdead.count() < 10000) {
        sink_.warning(line_of(k::kInitdead),
                      "initdead (" + ms(cfg_.initdead) +
                          ") may be too small: it should be >= deadtime and >= 10 seconds to "
                          "allow for slow network start-up");
    }
    if (!cfg_.deadping_given) {
        cfg_.deadping = cfg_.deadtime;
        cfg_.parameters[std::string(k::kDeadping)] = ms(cfg_.deadping);
    } else if (cfg_.deadping.count() <= 2 * cfg_.keepalive.count()) {
        sink_.error(line_of(k::kDeadping), "deadping (" + ms(cfg_.deadping) +
                                               ") must be more than twice keepalive (" +
                                               ms(cfg_.keepalive) + ")");
    }
    if (cfg_.warntime_given && cfg_.warntime >= cfg_.deadtime) {
        sink_.warning(line_of(k::kWarntime), "warntime (" + ms(cfg_.warntime) +
                                                 ") is not below deadtime (" + ms(cfg_.deadtime) +
                                                 "): late-heartbeat warnings will never be given");
    }
}

void HaCfParser::check_logging() {
    const bool facility = cfg_.logfacility && *cfg_.logfacility != k::kNone;
    if (!cfg_.logfile && !cfg_.debugfile && !facility) {
        if (!use_logd_given_) {
            cfg_.use_logd = true;
            cfg_.parameters[std::string(k::kUseLogd)] = "yes";
        } else if (!use_logd_value_) {
            auto it = cfg_.parameter_lines.find(k::kUseLogd);
            sink_.error(it == cfg_.parameter_lines.end() ? 0 : it->second,
                        "no logging configured (logfile, debugfile, logfacility) and use_logd "
                        "is off");
        } else {
            cfg_.use_logd = true;
        }
        return;
    }
    cfg_.use_logd = use_logd_given_ && use_logd_value_;
}

HaCfResult HaCfParser::finish() {
    auto line_of = [&](std::string_view name) {
        auto it = cfg_.parameter_lines.find(name);
        return it == cfg_.parameter_lines.end() ? 0 : it->second;
    };
    add_builtin_apiauth();
    fill_defaults();
    if (cfg_.media.empty() && !cfg_.ping_nodes.empty()) {
        // Heartbeat counts ping nodes as media, so it starts, deaf to its peers.
        sink_.warning(0, "only ping media defined: this node cannot hear other cluster nodes");
    } else if (cfg_.media.empty()) {
        sink_.error(0, media_ignored_ ? "No heartbeat media defined (media lines without "
                                        "arguments are ignored)"
                                      : "No heartbeat media defined (bcast, mcast, mcast6, ucast, "
                                        "ucast6 or serial)");
    }
    if (cfg_.nodes.empty() && cfg_.autojoin != Autojoin::kAny) {
        sink_.error(0, "no nodes defined (node directive)");
    }
    check_timing();
    if (cfg_.auto_failback == AutoFailback::kLegacy && cfg_.v1_mode()) {
        sink_.warning(line_of(k::kAutoFailback),
                      "deprecated 'legacy' auto_failback selected; please use 'auto_failback "
                      "on' (or off), which also enables hb_standby");
    }
    check_logging();
    if (cfg_.v1_mode() && cfg_.autojoin != Autojoin::kNone) {
        sink_.error(line_of(k::kAutojoin),
                    "autojoin other/any conflicts with haresources (v1) resource management; "
                    "unset autojoin or enable pacemaker");
    }
    return HaCfResult{std::move(cfg_), std::move(sink_).take()};
}

}  // namespace detail

HaCfResult parse_ha_cf(std::string_view text, std::string_view filename) {
    detail::HaCfParser parser(filename);
    int line = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        size_t end = nl == std::string_view::npos ? text.size() : nl;
        parser.parse_line(text.substr(pos, end - pos), ++line);
        pos = end + 1;
    }
    return parser.finish();
}

}  // namespace ha::hb
