#include "heartbeat/config/hacf_dump.h"

#include <cstdio>

#include "heartbeat/config/hacf_keywords.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace {

constexpr int kNameWidth = 24;

void row(std::string& out, std::string_view name, const std::string& value,
         const std::string& note = "") {
    std::string line(name);
    if (line.size() < kNameWidth) line.resize(kNameWidth, ' ');
    line += ' ';
    line += value;
    if (!note.empty()) {
        if (line.size() < 48) line.resize(48, ' ');
        line += "  # " + note;
    }
    out += line + "\n";
}

bool is_time_directive(std::string_view n) {
    return n == hacf::kKeepalive || n == hacf::kDeadtime || n == hacf::kWarntime ||
           n == hacf::kInitdead || n == hacf::kDeadping || n == hacf::kConnLogdTime;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

void media_rows(std::string& out, const HaCf& cfg) {
    for (const Medium& m : cfg.media) {
        const char* type = medium_type_name(m.type);
        switch (m.type) {
            case MediumType::kBcast:
                row(out, type, m.dev, "port " + std::to_string(m.port));
                break;
            case MediumType::kUcast:
            case MediumType::kUcast6:
                row(out, type, m.dev + " " + m.address, "port " + std::to_string(m.port));
                break;
            case MediumType::kMcast:
            case MediumType::kMcast6:
                row(out, type,
                    m.dev + " " + m.address + " " + std::to_string(m.port) + " " +
                        std::to_string(m.ttl) + " " + (m.loop ? "1" : "0"));
                break;
            case MediumType::kSerial:
                row(out, type, m.dev, std::to_string(m.baud) + " baud");
                break;
        }
    }
    for (const PingNode& p : cfg.ping_nodes) {
        switch (p.type) {
            case PingType::kPing:
                row(out, hacf::kPing, p.hosts.front());
                break;
            case PingType::kPing6:
                row(out, hacf::kPing6, p.hosts.front());
                break;
            case PingType::kPingGroup:
                row(out, hacf::kPingGroup, p.name + " " + join(p.hosts, " "));
                break;
        }
    }
}

}  // namespace

std::string format_effective_ha_cf(const HaCf& cfg) {
    std::string out =
        "# Effective ha.cf: directive, value as recorded (cl_status hbparameter),\n"
        "# defaults filled in\n";
    for (const DirectiveInfo& d : ha_cf_directives()) {
        if (!d.recorded || d.name == hacf::kCrm) continue;
        auto value = cfg.parameter(d.name);
        if (!value) {
            std::string note = "not set";
            if (d.name == hacf::kCrmDaemonDir)
                note = "not set: " + std::string(hacf::kDefaultCrmDaemonDir);
            if (d.name == hacf::kCrmdSpawnsPengine)
                note = std::string("not set: ") + (cfg.crmd_spawns_pengine ? "true" : "false");
            row(out, "#" + std::string(d.name), "", note);
            continue;
        }
        std::string note = cfg.parameter_lines.count(d.name) ? "" : "default";
        if (is_time_directive(d.name)) {
            if (auto t = parse_hb_time(*value); t && format_ms(*t) != *value) {
                note += note.empty() ? "" : ", ";
                note += format_ms(*t);
            }
        }
        row(out, d.name, *value, note);
    }
    out += "# Nodes and media\n";
    for (const auto& n : cfg.nodes)
        row(out, hacf::kNode, n);
    media_rows(out, cfg);
    out += "# API authorisations and child processes\n";
    for (const ApiAuth& a : cfg.apiauth) {
        std::string v = a.client;
        if (!a.uids.empty()) v += " uid=" + join(a.uids, ",");
        if (!a.gids.empty()) v += " gid=" + join(a.gids, ",");
        row(out, hacf::kApiauth, v,
            a.builtin ? (a.line ? "implied by pacemaker" : "built-in") : "");
    }
    for (const ChildProcess& c : cfg.children) {
        row(out, c.failfast ? hacf::kFailfast : hacf::kRespawn, c.user + " " + c.command,
            c.builtin ? "started by pacemaker mode" : "");
    }
    for (const StonithDevice& s : cfg.stonith) {
        if (s.host.empty()) {
            row(out, hacf::kStonith, s.type + " " + s.config_file);
        } else {
            size_t n = split_tokens(s.params).size();
            row(out, hacf::kStonithHost, s.host + " " + s.type,
                std::to_string(n) + " parameter(s) not shown");
        }
    }
    for (const EnvVar& e : cfg.env)
        row(out, hacf::kEnv, e.name + "=" + e.value, "HA_" + e.name);
    return out;
}

}  // namespace ha::hb
