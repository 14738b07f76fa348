#include "heartbeat/config/haresources.h"

#include <algorithm>
#include <map>

#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace {

constexpr std::string_view kIpScript = "IPaddr";
constexpr std::string_view kArgSep = "::";

// "10.0.0.1" or "10.0.0.1/..." : four dot-separated digit groups first.
bool looks_like_ip(std::string_view token) {
    std::string_view addr = token.substr(0, token.find('/'));
    int dots = 0;
    bool digit = false;
    for (char c : addr) {
        if (c == '.') {
            if (!digit) return false;
            ++dots;
            digit = false;
        } else if (c >= '0' && c <= '9') {
            digit = true;
        } else {
            return false;
        }
    }
    return dots == 3 && digit;
}

bool valid_ipv4(std::string_view token) {
    std::string_view addr = token.substr(0, token.find('/'));
    for (const std::string& octet : split_tokens(addr, ".")) {
        if (octet.size() > 3 || std::stoi(octet) > 255) return false;
    }
    return true;
}

}  // namespace

std::optional<HaResource> parse_resource_token(std::string_view token) {
    if (token.empty()) return std::nullopt;
    HaResource r;
    r.token = std::string(token);
    if (looks_like_ip(token)) {
        r.name = std::string(kIpScript);
        r.args = {std::string(token)};
        return r;
    }
    size_t sep = token.find(kArgSep);
    r.name = std::string(token.substr(0, sep));
    if (r.name.empty()) return std::nullopt;
    while (sep != std::string_view::npos) {
        size_t start = sep + kArgSep.size();
        sep = token.find(kArgSep, start);
        r.args.emplace_back(token.substr(start, sep == std::string_view::npos ? sep : sep - start));
    }
    return r;
}

HaresourcesResult parse_haresources(std::string_view text, std::string_view filename) {
    HaresourcesResult out;
    DiagnosticSink sink{std::string(filename)};
    std::map<std::string, int> keys;  // group key -> line

    std::string logical;
    int logical_line = 0;
    int line = 0;
    size_t pos = 0;
    auto flush = [&]() {
        std::vector<std::string> tokens = split_tokens(logical, " \t\r\f\v");
        logical.clear();
        if (tokens.empty()) return;
        ResourceGroup g;
        g.node = to_lower(tokens.front());
        g.line = logical_line;
        for (size_t i = 1; i < tokens.size(); ++i) {
            auto r = parse_resource_token(tokens[i]);
            if (!r) {
                sink.error(logical_line, "resource [" + printable(tokens[i]) +
                                             "] has no script name (expected Name or "
                                             "Name::arg1::arg2)");
                continue;
            }
            if (r->name.find('/') != std::string::npos) {
                sink.warning(logical_line, "resource script name [" + printable(r->name) +
                                               "] contains '/'; scripts are looked up by name in "
                                               "/etc/ha.d/resource.d and /etc/init.d");
            }
            if (r->name == kIpScript && !r->args.empty() && looks_like_ip(r->args.front()) &&
                !valid_ipv4(r->args.front())) {
                sink.warning(logical_line, "[" + printable(r->args.front()) +
                                               "] is not a valid IPv4 address; IPaddr will fail "
                                               "when the group starts");
            }
            g.resources.push_back(std::move(*r));
        }
        if (tokens.size() == 1) {
            sink.warning(logical_line,
                         "node " + printable(g.node) + " is listed without resources");
        } else if (g.resources.empty()) {
            // Every resource was malformed: already reported.
        } else if (auto [it, fresh] = keys.emplace(g.key(), logical_line); !fresh) {
            sink.warning(logical_line, "group key [" + printable(g.key()) +
                                           "] is also the first resource of the group on line " +
                                           std::to_string(it->second));
        }
        out.groups.push_back(std::move(g));
    };

    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        size_t end = nl == std::string_view::npos ? text.size() : nl;
        std::string_view raw = text.substr(pos, end - pos);
        pos = end + 1;
        ++line;
        if (size_t hash = raw.find('#'); hash != std::string_view::npos) raw = raw.substr(0, hash);
        while (!raw.empty() && (raw.back() == '\r' || raw.back() == ' ' || raw.back() == '\t'))
            raw.remove_suffix(1);
        bool continued = !raw.empty() && raw.back() == '\\';
        if (continued) raw.remove_suffix(1);
        if (logical.empty()) logical_line = line;
        logical += ' ';
        logical += raw;
        if (!continued) flush();
    }
    if (!trim(logical).empty()) {
        sink.warning(logical_line, "the last line ends with a backslash continuation");
        flush();
    }
    out.diagnostics = std::move(sink).take();
    return out;
}

Diagnostics check_haresources_nodes(const std::vector<ResourceGroup>& groups, const HaCf& cfg,
                                    std::string_view filename) {
    DiagnosticSink sink{std::string(filename)};
    for (const ResourceGroup& g : groups) {
        if (cfg.has_node(g.node)) continue;
        bool ping = std::any_of(cfg.ping_nodes.begin(), cfg.ping_nodes.end(),
                                [&](const PingNode& p) { return p.name == g.node; });
        if (ping) {
            sink.warning(g.line, "preferred node [" + printable(g.node) +
                                     "] is a ping node; it can never run resources");
        } else {
            sink.error(g.line, "Bad nodename [" + printable(g.node) +
                                   "]: the preferred node must be a node of ha.cf");
        }
    }
    return std::move(sink).take();
}

}  // namespace ha::hb
