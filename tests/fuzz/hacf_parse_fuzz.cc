// Fuzz target for the configuration parsers: ha.cf, authkeys and haresources
// are read from files an operator (or a careless script) writes. Whatever the
// bytes, parsing must not crash, every diagnostic must name a line that
// exists, and the checks and printers that follow a parse must cope with the
// result. The input is split into three parts at lines "--": ha.cf, authkeys,
// haresources; every part is also parsed as each of the three formats.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "heartbeat/config/authkeys.h"
#include "heartbeat/config/ha_cf.h"
#include "heartbeat/config/hacf_dump.h"
#include "heartbeat/config/hacf_host.h"
#include "heartbeat/config/haresources.h"

namespace {

using namespace ha::hb;

void check(bool ok) {
    if (!ok) std::abort();
}

int line_count(std::string_view text) {
    return static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
}

void check_lines(const Diagnostics& diags, std::string_view text) {
    const int lines = line_count(text);
    for (const Diagnostic& d : diags)
        check(d.line >= 0 && d.line <= lines && !d.message.empty());
}

HaCf exercise_hacf(std::string_view text) {
    HaCfResult r = parse_ha_cf(text, "ha.cf");
    check_lines(r.diagnostics, text);
    const HaCf& c = r.config;
    check(c.media.size() <= kMaxMedia);
    check(c.nodes.size() + c.ping_nodes.size() <= kMaxNodes);
    check(c.keepalive.count() > 0 || !r.valid());
    if (r.valid()) {
        check(c.deadtime > 2 * c.keepalive && c.initdead >= c.deadtime);
        check(!c.media.empty() || !c.ping_nodes.empty());
    }
    for (const auto& name : {"keepalive", "deadtime", "warntime", "initdead", "deadping"})
        check(c.parameter(name).has_value());
    (void)format_effective_ha_cf(c);
    HostFacts facts;  // an empty machine: no users, interfaces, names
    facts.ha_cluster_port = 694;
    HaCf copy = c;
    apply_host_defaults(copy, facts);
    check_lines(check_ha_cf_host(copy, facts, "ha.cf"), text);
    check_lines(check_local_node(copy, "node1", "ha.cf"), text);
    return copy;
}

void exercise_authkeys(std::string_view text) {
    AuthkeysResult r = parse_authkeys_text(text, "authkeys");
    check_lines(r.diagnostics, text);
    if (r.valid()) check(r.config.active_slot() != nullptr);
}

void exercise_haresources(std::string_view text, const HaCf& cfg) {
    HaresourcesResult r = parse_haresources(text, "haresources");
    check_lines(r.diagnostics, text);
    for (const auto& g : r.groups)
        check(g.line >= 1 && g.line <= line_count(text));
    check_lines(check_haresources_nodes(r.groups, cfg, "haresources"), text);
}

std::vector<std::string_view> split_parts(std::string_view in) {
    std::vector<std::string_view> parts;
    size_t pos = 0;
    while (parts.size() < 2) {
        size_t sep = in.find("\n--\n", pos);
        if (sep == std::string_view::npos) break;
        parts.push_back(in.substr(pos, sep + 1 - pos));
        pos = sep + 4;
    }
    parts.push_back(in.substr(pos));
    while (parts.size() < 3)
        parts.push_back(std::string_view());
    return parts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    auto parts = split_parts(in);
    HaCf cfg = exercise_hacf(parts[0]);
    exercise_authkeys(parts[1]);
    exercise_haresources(parts[2], cfg);
    if (parts[1].empty() && parts[2].empty()) {
        // One undivided input: read it as each format.
        exercise_authkeys(in);
        exercise_haresources(in, cfg);
    }
    return 0;
}
