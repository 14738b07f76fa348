// ha.cf option directives beyond the basic ones: Pacemaker mode and what it
// implies (API authorisations, the daemons heartbeat starts), join policy,
// compression, environment, Pacemaker pass-through booleans.
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

}  // namespace ha::hb::detail
