#include "heartbeat/config/config_load.h"

#include <algorithm>
#include <climits>
#include <fstream>
#include <optional>
#include <sstream>

#include "heartbeat/config/hacf_dump.h"
#include "heartbeat/config/hacf_host.h"

namespace ha::hb {

namespace {

std::optional<std::string> slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void append(Diagnostics& to, Diagnostics from) {
    for (auto& d : from)
        to.push_back(std::move(d));
}

// Within each file: numbered lines in order, then the file-level problems;
// files stay in the order they were read.
void sort_by_line(Diagnostics& diags) {
    auto key = [](const Diagnostic& d) { return d.line > 0 ? d.line : INT_MAX; };
    auto file_begin = diags.begin();
    while (file_begin != diags.end()) {
        auto file_end = std::find_if(file_begin, diags.end(), [&](const Diagnostic& d) {
            return d.file != file_begin->file;
        });
        std::stable_sort(file_begin, file_end,
                         [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
        file_begin = file_end;
    }
}

}  // namespace

NodeConfig load_node_config(const Paths& paths, const std::string& local_node,
                            const ConfigLoadOptions& options) {
    NodeConfig out;
    out.local_node = local_node;
    const std::string hacf_path = paths.ha_cf();
    auto text = slurp(hacf_path);
    if (!text) {
        out.diagnostics.push_back(
            Diagnostic{hacf_path, 0, Severity::kError, "Cannot open config file"});
        return out;
    }
    HaCfResult parsed = parse_ha_cf(*text, hacf_path);
    out.hacf = std::move(parsed.config);
    append(out.diagnostics, std::move(parsed.diagnostics));
    append(out.diagnostics, check_local_node(out.hacf, local_node, hacf_path));
    if (options.host_checks) {
        HostFacts facts = gather_host_facts(out.hacf, paths);
        apply_host_defaults(out.hacf, facts);
        append(out.diagnostics, check_ha_cf_host(out.hacf, facts, hacf_path));
    }

    AuthkeysResult auth = parse_authkeys_file(paths.authkeys());
    out.auth = auth.config;
    append(out.diagnostics, std::move(auth.diagnostics));

    if (out.hacf.v1_mode()) {
        const std::string res_path = paths.haresources();
        auto res_text = slurp(res_path);
        if (!res_text) {
            out.diagnostics.push_back(
                Diagnostic{res_path, 0, Severity::kError,
                           "Cannot open resources file (required when pacemaker is off)"});
        } else {
            HaresourcesResult res = parse_haresources(*res_text, res_path);
            out.haresources_read = true;
            append(out.diagnostics, std::move(res.diagnostics));
            append(out.diagnostics, check_haresources_nodes(res.groups, out.hacf, res_path));
            out.resources = std::move(res.groups);
        }
    }
    sort_by_line(out.diagnostics);
    return out;
}

std::string format_node_config(const NodeConfig& config) {
    std::string out = "# Local node: " + config.local_node + "\n";
    out += format_effective_ha_cf(config.hacf);
    out += "# authkeys\n";
    if (const AuthSlot* s = config.auth.active_slot()) {
        out += "auth " + std::to_string(config.auth.active) + "  # " + auth_method_name(s->method) +
               " (key not shown)\n";
    }
    for (int i = 0; i < kMaxAuthSlots; ++i) {
        if (const AuthSlot* s = config.auth.slot(i))
            out += "# slot " + std::to_string(i) + ": " + auth_method_name(s->method) + "\n";
    }
    if (config.haresources_read) {
        out += "# haresources (v1 resource groups)\n";
        for (const ResourceGroup& g : config.resources) {
            std::string line = g.node;
            for (const HaResource& r : g.resources) {
                line += " " + r.name;
                for (const auto& a : r.args)
                    line += "::" + a;
            }
            out += line + "\n";
        }
    }
    return out;
}

}  // namespace ha::hb
