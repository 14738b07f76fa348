// haresources2cib: converts a v1 configuration (haresources, plus ha.cf's
// nodes and auto_failback) into a Pacemaker CIB (doc/resource-manager.md,
// reference heartbeat-messaging.md 6.7). Each haresources line becomes a
// group (a lone resource a primitive) with a location constraint preferring
// the line's node; IPaddr/IPaddr2 become ocf:heartbeat:IPaddr2, other
// scripts heartbeat-class primitives with positional attributes 1, 2, ...
// Exit codes: 0 written, 1 errors (nothing written), 2 usage.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "heartbeat/config/ha_cf.h"
#include "heartbeat/config/haresources.h"
#include "heartbeat/plumb/paths.h"
#include "heartbeat/plumb/strings.h"

namespace {

using ha::hb::HaResource;
using ha::hb::ResourceGroup;

constexpr int kExitOk = 0;
constexpr int kExitErrors = 1;
constexpr int kExitUsage = 2;
constexpr std::string_view kCibFile = "/var/lib/heartbeat/crm/cib.xml";
constexpr std::string_view kLocationScore = "100";
constexpr std::string_view kMonitorInterval = "120s";
constexpr std::string_view kMonitorTimeout = "60s";

void usage(std::FILE* out) {
    std::fputs(
        "Usage: haresources2cib [--stdout] [--no-monitor] [-c ha.cf] [haresources]\n"
        "Converts heartbeat's haresources (and ha.cf's nodes and auto_failback) into a\n"
        "Pacemaker CIB.\n"
        "\n"
        "  --stdout          print the CIB instead of writing "
        "/var/lib/heartbeat/crm/cib.xml\n"
        "                    (under $HA_ROOT); an existing cib.xml is never overwritten\n"
        "  --no-monitor      no monitor operations (default: every 120s, timeout 60s)\n"
        "  -c, --config FILE ha.cf to read (default: /etc/ha.d/ha.cf under $HA_ROOT)\n"
        "  -h, --help        show this help\n"
        "\n"
        "Exit status: 0 converted, 1 errors (nothing written), 2 usage error.\n",
        out);
}

std::optional<std::string> slurp(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string xml_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// Characters allowed in an XML ID: letters, digits, '_', '-', '.'; others
// become '_'.
std::string id_chars(std::string_view s) {
    std::string out;
    for (char c : s) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.';
        out += ok ? c : '_';
    }
    return out;
}

// A whole XML ID: id_chars, not starting with a digit, '-' or '.'.
std::string xml_id(std::string_view s) {
    std::string out = id_chars(s);
    if (out.empty() ||
        !((out[0] >= 'a' && out[0] <= 'z') || (out[0] >= 'A' && out[0] <= 'Z') || out[0] == '_')) {
        out.insert(out.begin(), '_');
    }
    return out;
}

// "255.255.255.0" -> "24"; digits pass through; nullopt otherwise.
std::optional<std::string> cidr_netmask(const std::string& mask) {
    if (mask.find('.') == std::string::npos) {
        auto n = ha::parse_int(mask);
        if (!n || *n < 0 || *n > 32) return std::nullopt;
        return mask;
    }
    std::vector<std::string> parts = ha::split_tokens(mask, ".");
    if (parts.size() != 4) return std::nullopt;
    uint32_t bits = 0;
    for (const std::string& p : parts) {
        auto n = ha::parse_int(p);
        if (!n || *n < 0 || *n > 255) return std::nullopt;
        bits = (bits << 8) | static_cast<uint32_t>(*n);
    }
    int len = 0;
    while (len < 32 && (bits & (0x80000000u >> len)))
        ++len;
    if (len < 32 && (bits << len) != 0) return std::nullopt;  // not contiguous
    return std::to_string(len);
}

struct Attr {
    std::string name, value;
};

struct Primitive {
    std::string id, cls, provider, type;
    std::vector<Attr> attrs;
};

class Converter {
  public:
    explicit Converter(bool monitor) : monitor_(monitor) {}

    // False (with messages on stderr) when a resource cannot be converted.
    bool convert(const std::vector<ResourceGroup>& groups, ha::hb::AutoFailback failback);
    const std::string& xml() const { return xml_; }

  private:
    std::optional<Primitive> primitive(const HaResource& r, int index);
    std::string unique(std::string id);
    void emit_primitive(const Primitive& p, const std::string& indent, std::string& out) const;

    bool monitor_;
    std::set<std::string> ids_;
    std::string xml_;
};

std::string Converter::unique(std::string id) {
    std::string candidate = id;
    for (int n = 2; ids_.count(candidate); ++n)
        candidate = id + "_" + std::to_string(n);
    ids_.insert(candidate);
    return candidate;
}

std::optional<Primitive> Converter::primitive(const HaResource& r, int index) {
    Primitive p;
    if (r.name == "IPaddr" || r.name == "IPaddr2") {
        if (r.args.empty()) {
            std::fprintf(stderr, "haresources2cib: %s: no IP address\n", r.token.c_str());
            return std::nullopt;
        }
        if (r.args.size() > 1) {
            std::fprintf(stderr, "haresources2cib: %s: arguments after the first ignored\n",
                         r.token.c_str());
        }
        // ip[/netmask[/nic[/broadcast]]], as heartbeat's IPaddr wrapper reads it.
        std::vector<std::string> f;
        std::string spec = r.args.front();
        for (size_t start = 0;;) {
            size_t slash = spec.find('/', start);
            f.push_back(spec.substr(start, slash - start));
            if (slash == std::string::npos) break;
            start = slash + 1;
        }
        if (f[0].empty()) {
            std::fprintf(stderr, "haresources2cib: %s: no IP address\n", r.token.c_str());
            return std::nullopt;
        }
        p.cls = "ocf";
        p.provider = "heartbeat";
        p.type = "IPaddr2";
        std::string base = xml_id(r.name + "_" + f[0]);
        for (char& c : base)
            c = c == '.' ? '_' : c;
        p.id = unique(base);
        p.attrs.push_back({"ip", f[0]});
        if (f.size() > 1 && !f[1].empty()) {
            auto cidr = cidr_netmask(f[1]);
            if (!cidr) {
                std::fprintf(stderr, "haresources2cib: %s: bad netmask [%s]\n", r.token.c_str(),
                             f[1].c_str());
                return std::nullopt;
            }
            p.attrs.push_back({"cidr_netmask", *cidr});
        }
        if (f.size() > 2 && !f[2].empty()) {
            size_t colon = f[2].find(':');
            p.attrs.push_back({"nic", f[2].substr(0, colon)});
            if (colon != std::string::npos && colon + 1 < f[2].size()) {
                p.attrs.push_back({"iflabel", f[2].substr(colon + 1)});
            }
        }
        if (f.size() > 3 && !f[3].empty()) p.attrs.push_back({"broadcast", f[3]});
        return p;
    }
    p.cls = "heartbeat";
    p.type = r.name;
    p.id = unique(xml_id(r.name + "_" + std::to_string(index)));
    for (size_t i = 0; i < r.args.size(); ++i)
        p.attrs.push_back({std::to_string(i + 1), r.args[i]});
    return p;
}

void Converter::emit_primitive(const Primitive& p, const std::string& in, std::string& out) const {
    out += in + "<primitive id=\"" + p.id + "\" class=\"" + p.cls + "\"";
    if (!p.provider.empty()) out += " provider=\"" + p.provider + "\"";
    out += " type=\"" + xml_escape(p.type) + "\">\n";
    if (!p.attrs.empty()) {
        std::string ia = p.id + "-instance_attributes";
        out += in + "  <instance_attributes id=\"" + ia + "\">\n";
        for (const Attr& a : p.attrs) {
            out += in + "    <nvpair id=\"" + ia + "-" + id_chars(a.name) + "\" name=\"" +
                   xml_escape(a.name) + "\" value=\"" + xml_escape(a.value) + "\"/>\n";
        }
        out += in + "  </instance_attributes>\n";
    }
    if (monitor_) {
        out += in + "  <operations>\n";
        out += in + "    <op id=\"" + p.id + "-monitor-" + std::string(kMonitorInterval) +
               "\" name=\"monitor\" interval=\"" + std::string(kMonitorInterval) + "\" timeout=\"" +
               std::string(kMonitorTimeout) + "\"/>\n";
        out += in + "  </operations>\n";
    }
    out += in + "</primitive>\n";
}

bool Converter::convert(const std::vector<ResourceGroup>& groups, ha::hb::AutoFailback failback) {
    std::string resources, constraints;
    bool ok = true;
    int index = 0, group_no = 0;
    for (const ResourceGroup& g : groups) {
        if (g.resources.empty()) continue;
        std::vector<Primitive> prims;
        for (const HaResource& r : g.resources) {
            auto p = primitive(r, ++index);
            if (!p) {
                ok = false;
                continue;
            }
            prims.push_back(std::move(*p));
        }
        if (prims.empty()) continue;
        std::string rsc_id;
        if (prims.size() == 1) {
            rsc_id = prims.front().id;
            emit_primitive(prims.front(), "      ", resources);
        } else {
            rsc_id = unique("group_" + std::to_string(++group_no));
            resources += "      <group id=\"" + rsc_id + "\">\n";
            for (const Primitive& p : prims)
                emit_primitive(p, "        ", resources);
            resources += "      </group>\n";
        }
        constraints += "      <rsc_location id=\"" + unique("location_" + rsc_id) + "\" rsc=\"" +
                       rsc_id + "\" node=\"" + xml_escape(g.node) + "\" score=\"" +
                       std::string(kLocationScore) + "\"/>\n";
    }
    // auto_failback off: resources stay where they run; on/legacy: they
    // return to their preferred node.
    const char* stickiness = failback == ha::hb::AutoFailback::kOff ? "INFINITY" : "0";
    xml_ =
        "<?xml version=\"1.0\"?>\n"
        "<cib validate-with=\"pacemaker-3.0\" epoch=\"1\" num_updates=\"0\" admin_epoch=\"0\">\n"
        "  <configuration>\n"
        "    <crm_config>\n"
        "      <cluster_property_set id=\"cib-bootstrap-options\">\n"
        "        <nvpair id=\"cib-bootstrap-options-stonith-enabled\" name=\"stonith-enabled\" "
        "value=\"false\"/>\n"
        "        <nvpair id=\"cib-bootstrap-options-no-quorum-policy\" name=\"no-quorum-policy\" "
        "value=\"ignore\"/>\n"
        "      </cluster_property_set>\n"
        "    </crm_config>\n"
        "    <nodes/>\n";
    xml_ += resources.empty() ? "    <resources/>\n"
                              : "    <resources>\n" + resources + "    </resources>\n";
    xml_ += constraints.empty() ? "    <constraints/>\n"
                                : "    <constraints>\n" + constraints + "    </constraints>\n";
    xml_ += std::string(
                "    <rsc_defaults>\n"
                "      <meta_attributes id=\"rsc-options\">\n"
                "        <nvpair id=\"rsc-options-resource-stickiness\" "
                "name=\"resource-stickiness\" value=\"") +
            stickiness +
            "\"/>\n"
            "      </meta_attributes>\n"
            "    </rsc_defaults>\n"
            "  </configuration>\n"
            "  <status/>\n"
            "</cib>\n";
    return ok;
}

// Creates the missing directories of `path` (0750).
void make_parents(const std::string& path) {
    for (size_t pos = path.find('/', 1); pos != std::string::npos; pos = path.find('/', pos + 1)) {
        ::mkdir(path.substr(0, pos).c_str(), 0750);
    }
}

int write_new_file(const std::string& path, const std::string& text) {
    make_parents(path);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) {
            std::fprintf(stderr, "haresources2cib: %s exists; not overwriting it\n", path.c_str());
        } else {
            std::fprintf(stderr, "haresources2cib: %s: %s\n", path.c_str(), std::strerror(errno));
        }
        return kExitErrors;
    }
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            std::fprintf(stderr, "haresources2cib: %s: %s\n", path.c_str(), std::strerror(errno));
            ::close(fd);
            ::unlink(path.c_str());
            return kExitErrors;
        }
        done += static_cast<size_t>(n);
    }
    ::close(fd);
    std::fprintf(stderr, "haresources2cib: wrote %s\n", path.c_str());
    return kExitOk;
}

void print_diagnostics(const ha::hb::Diagnostics& diags) {
    for (const auto& d : diags)
        std::fprintf(stderr, "%s\n", ha::hb::format_diagnostic(d).c_str());
}

}  // namespace

int main(int argc, char** argv) {
    ha::Paths paths = ha::Paths::from_environment();
    bool to_stdout = false, monitor = true, hacf_given = false;
    std::string hacf_path = paths.ha_cf(), haresources_path = paths.haresources();
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            usage(stdout);
            return kExitOk;
        } else if (arg == "--stdout") {
            to_stdout = true;
        } else if (arg == "--no-monitor") {
            monitor = false;
        } else if ((arg == "-c" || arg == "--config") && i + 1 < argc) {
            hacf_path = argv[++i];
            hacf_given = true;
        } else if (!arg.empty() && arg[0] == '-') {
            std::fprintf(stderr, "haresources2cib: unknown argument '%s'\n", arg.c_str());
            usage(stderr);
            return kExitUsage;
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.size() > 1) {
        usage(stderr);
        return kExitUsage;
    }
    if (!positional.empty()) haresources_path = positional.front();

    auto text = slurp(haresources_path);
    if (!text) {
        std::fprintf(stderr, "haresources2cib: cannot read %s\n", haresources_path.c_str());
        return kExitErrors;
    }
    ha::hb::HaresourcesResult hr = ha::hb::parse_haresources(*text, haresources_path);
    print_diagnostics(hr.diagnostics);
    bool ok = hr.valid();

    ha::hb::AutoFailback failback = ha::hb::AutoFailback::kLegacy;
    if (auto cf = slurp(hacf_path)) {
        // Only nodes, auto_failback and stonith matter here; the rest of
        // ha.cf is ha_checkconf's business.
        ha::hb::HaCfResult hc = ha::hb::parse_ha_cf(*cf, hacf_path);
        failback = hc.config.auto_failback;
        if (!hc.config.nodes.empty()) {
            auto node_diags =
                ha::hb::check_haresources_nodes(hr.groups, hc.config, haresources_path);
            print_diagnostics(node_diags);
            if (ha::hb::has_errors(node_diags)) ok = false;
        }
        if (!hc.config.stonith.empty()) {
            std::fprintf(stderr,
                         "haresources2cib: %s: stonith directives are not converted; "
                         "configure fencing in the CIB (stonith-enabled is false)\n",
                         hacf_path.c_str());
        }
    } else if (hacf_given) {
        std::fprintf(stderr, "haresources2cib: cannot read %s\n", hacf_path.c_str());
        return kExitErrors;
    }

    Converter conv(monitor);
    if (!conv.convert(hr.groups, failback)) ok = false;
    if (!ok) {
        std::fprintf(stderr, "haresources2cib: errors found; no CIB written\n");
        return kExitErrors;
    }
    if (to_stdout) {
        std::fputs(conv.xml().c_str(), stdout);
        return std::fflush(stdout) == 0 ? kExitOk : kExitErrors;
    }
    return write_new_file(paths.resolve(kCibFile), conv.xml());
}
