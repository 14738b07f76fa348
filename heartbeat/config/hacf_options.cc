// ha.cf option directives beyond the basic ones: logging, failback, realtime,
// Pacemaker mode and what it implies (API authorisations, the daemons
// heartbeat starts), join policy, compression, environment, Pacemaker
// pass-through booleans.
#include <algorithm>
#include <array>

#include "heartbeat/config/hacf_keywords.h"
#include "heartbeat/config/hacf_parser.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb::detail {

namespace k = hacf;

namespace {

std::optional<CrmMode> crm_mode_from(std::string_view v) {
    if (auto b = parse_bool(v)) return *b ? CrmMode::kOn : CrmMode::kOff;
    if (iequals(v, k::kRespawnMode)) return CrmMode::kRespawn;
    if (iequals(v, k::kMinimal) || iequals(v, k::kManual)) return CrmMode::kMinimal;
    if (iequals(v, k::kCcmOnly)) return CrmMode::kCcmOnly;
    if (iequals(v, k::kValgrind)) return CrmMode::kValgrind;
    return std::nullopt;
}

}  // namespace

bool HaCfParser::set_pacemaker(std::string_view v, int line) {
    if (pacemaker_line_ > 0) {
        sink_.error(line, "pacemaker/crm directive used multiple times (first on line " +
                              std::to_string(pacemaker_line_) + ")");
        return false;
    }
    auto mode = crm_mode_from(v);
    if (!mode) {
        sink_.error(line, "invalid pacemaker/crm value '" + printable(v) +
                              "': expected on, off, respawn, minimal, manual, ccm-only or "
                              "valgrind");
        return false;
    }
    pacemaker_line_ = line;
    cfg_.crm = *mode;
    if (cfg_.crm != CrmMode::kOff) add_pacemaker_entries();
    return true;
}

void HaCfParser::add_pacemaker_entries() {
    const int line = pacemaker_line_;
    const bool minimal = cfg_.crm == CrmMode::kMinimal;
    const bool ccm_only = cfg_.crm == CrmMode::kCcmOnly;
    const bool failfast =
        cfg_.crm == CrmMode::kOn || cfg_.crm == CrmMode::kRespawn || cfg_.crm == CrmMode::kValgrind;
    const std::string user(k::kClusterUser);

    auto auth = [&](const char* client, const std::string& uid) {
        ApiAuth a;
        a.client = client;
        a.uids = {uid};
        a.builtin = true;
        a.line = line;
        add_apiauth(std::move(a), line, "implied by pacemaker");
    };
    auto child = [&](const char* program, const std::string& runas, bool ff) {
        ChildProcess c;
        c.user = runas;
        c.command = program;
        c.path = split_tokens(program).front();
        c.failfast = ff;
        c.builtin = true;
        c.line = line;
        cfg_.children.push_back(std::move(c));
    };

    if (!ccm_only) {
        auth("cib", user);
        auth("crmd", user);
        if (!minimal) {
            auth("stonithd", "root");
            auth("stonith-ng", "root");
            auth("attrd", user);
            auth("pingd", "root");
        }
    }
    child("ccm", user, failfast);
    if (ccm_only) return;
    child("cib", user, failfast);
    if (!minimal) child("stonithd", "root", false);
    child("lrmd -r", "root", false);
    if (!minimal) child("attrd", user, false);
    if (!minimal && !cfg_.crmd_spawns_pengine) child("pengine", user, failfast);
    child("crmd", user, failfast);
}

bool HaCfParser::set_crm_daemon_dir(std::string_view v, int line) {
    if (pacemaker_line_ > 0) {
        if (cfg_.crm != CrmMode::kOff) {
            sink_.error(line, "crm_daemon_dir must come before the pacemaker/crm directive (line " +
                                  std::to_string(pacemaker_line_) + ")");
            return false;
        }
        sink_.warning(line, "crm_daemon_dir after the pacemaker/crm directive (line " +
                                std::to_string(pacemaker_line_) + ") has no effect");
    }
    cfg_.crm_daemon_dir = std::string(v);
    return true;
}

bool HaCfParser::set_crmd_spawns_pengine(std::string_view v, int line) {
    auto b = boolean(k::kCrmdSpawnsPengine, v, line);
    if (!b) return false;
    if (pacemaker_line_ > 0) {
        if (cfg_.crm != CrmMode::kOff) {
            sink_.error(line,
                        "crmd_spawns_pengine must come before the pacemaker/crm directive (line " +
                            std::to_string(pacemaker_line_) + ")");
            return false;
        }
        sink_.warning(line, "crmd_spawns_pengine after the pacemaker/crm directive (line " +
                                std::to_string(pacemaker_line_) + ") has no effect");
    }
    cfg_.crmd_spawns_pengine = *b;
    return true;
}

bool HaCfParser::set_autojoin(std::string_view v, int line) {
    if (iequals(v, k::kNone)) {
        cfg_.autojoin = Autojoin::kNone;
    } else if (iequals(v, k::kOther)) {
        cfg_.autojoin = Autojoin::kOther;
    } else if (iequals(v, k::kAny)) {
        cfg_.autojoin = Autojoin::kAny;
    } else {
        sink_.error(line,
                    "invalid autojoin value '" + printable(v) + "': expected none, other or any");
        return false;
    }
    return true;
}

bool HaCfParser::set_uuidfrom(std::string_view v, int line) {
    if (v == k::kFile || v == k::kNodename) {
        cfg_.uuid_from_nodename = v == k::kNodename;
        return true;
    }
    sink_.error(line, "invalid uuidfrom value '" + printable(v) + "': expected file or nodename");
    return false;
}

bool HaCfParser::set_compression(std::string_view v, int line) {
    if (v == k::kZlib || v == k::kBz2) {
        cfg_.compression = std::string(v);
        return true;
    }
    sink_.error(line, "unknown compression module '" + printable(v) + "': expected zlib or bz2");
    return false;
}

bool HaCfParser::set_compression_threshold(std::string_view v, int line) {
    // Heartbeat multiplies by 1024 into an int.
    auto n = integer(k::kCompressionThreshold, v, line, 1, 2097151);
    if (n) cfg_.compression_threshold_kb = static_cast<int>(*n);
    return n.has_value();
}

bool HaCfParser::set_traditional_compression(std::string_view v, int line) {
    auto b = boolean(k::kTraditionalCompression, v, line);
    if (b) cfg_.traditional_compression = *b;
    return b.has_value();
}

bool HaCfParser::set_env(std::string_view v, int line) {
    size_t eq = v.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        sink_.error(line, "invalid env value '" + printable(v) +
                              "': expected NAME=value (note: commas split values)");
        return false;
    }
    cfg_.env.push_back(EnvVar{std::string(v.substr(0, eq)), std::string(v.substr(eq + 1)), line});
    return true;
}

bool HaCfParser::set_max_rexmit_delay(std::string_view v, int line) {
    auto n = integer(k::kMaxRexmitDelay, v, line, 1, 86'400'000);
    if (n) cfg_.max_rexmit_delay = Millis(*n);
    return n.has_value();
}

bool HaCfParser::set_record_config_changes(std::string_view v, int line) {
    auto b = boolean(k::kRecordConfigChanges, v, line);
    if (b) cfg_.record_config_changes = *b;
    return b.has_value();
}

bool HaCfParser::set_record_pengine_inputs(std::string_view v, int line) {
    auto b = boolean(k::kRecordPengineInputs, v, line);
    if (b) cfg_.record_pengine_inputs = *b;
    return b.has_value();
}

bool HaCfParser::set_enable_config_writes(std::string_view v, int line) {
    auto b = boolean(k::kEnableConfigWrites, v, line);
    if (b) cfg_.enable_config_writes = *b;
    return b.has_value();
}

bool HaCfParser::set_memreserve(std::string_view v, int line) {
    auto n = integer(k::kMemreserve, v, line, 1, 1'000'000'000);
    if (n) cfg_.memreserve_kb = static_cast<int>(*n);
    return n.has_value();
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

}  // namespace ha::hb::detail
