#include "heartbeat/config/hacf_host.h"

#include <cstdlib>
#include <fstream>
#include <vector>

#include <arpa/inet.h>
#include <grp.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "heartbeat/config/hacf_keywords.h"
#include "heartbeat/config/hacf_parser.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace {

bool numeric_id(std::string_view name) {
    return !name.empty() && name.front() >= '0' && name.front() <= '9';
}

bool needs_resolving(std::string_view host) {
    std::string_view bare = host.substr(0, host.find('%'));
    return !detail::is_ipv4_literal(host) && !detail::is_ipv6_literal(bare);
}

int line_of(const HaCf& cfg, std::string_view name) {
    auto it = cfg.parameter_lines.find(name);
    return it == cfg.parameter_lines.end() ? 0 : it->second;
}

}  // namespace

void apply_host_defaults(HaCf& cfg, const HostFacts& facts) {
    const int port = facts.ha_cluster_port.value_or(hacf::kDefaultUdpPort);
    if (!cfg.udpport_given) {
        cfg.udpport = port;
        cfg.parameters[std::string(hacf::kUdpport)] = std::to_string(port);
    }
    for (Medium& m : cfg.media)
        if (m.port_is_default) m.port = port;
}

Diagnostics check_local_node(const HaCf& cfg, std::string_view local_node,
                             std::string_view filename) {
    DiagnosticSink sink{std::string(filename)};
    if (cfg.autojoin != Autojoin::kAny && !cfg.nodes.empty() && !cfg.has_node(local_node)) {
        sink.error(0, "Current node [" + printable(local_node) +
                          "] not in configuration: nodes are named by `uname -n` (or "
                          "HA_NODENAME) and must be declared with a 'node' directive");
    }
    return std::move(sink).take();
}

Diagnostics check_ha_cf_host(const HaCf& cfg, const HostFacts& facts, std::string_view filename) {
    DiagnosticSink sink{std::string(filename)};

    auto check_user = [&](std::string_view user, int line, const std::string& what) {
        if (!numeric_id(user) && !facts.users.count(user))
            sink.error(line, what + ": user '" + printable(user) + "' does not exist");
    };
    for (const ApiAuth& a : cfg.apiauth) {
        if (a.builtin && a.line == 0) continue;  // heartbeat ignores failures of its defaults
        const std::string what = "apiauth " + a.client;
        for (const auto& u : a.uids)
            check_user(u, a.line, what);
        for (const auto& g : a.gids) {
            if (!numeric_id(g) && !facts.groups.count(g))
                sink.error(a.line, what + ": group '" + printable(g) + "' does not exist");
        }
    }
    for (const ChildProcess& c : cfg.children) {
        const std::string what = c.builtin ? "pacemaker child " + c.path
                                           : std::string(c.failfast ? "failfast" : "respawn");
        check_user(c.user, c.line, what);
        if (c.builtin) continue;
        auto it = facts.paths.find(c.path);
        if (it == facts.paths.end() || it->second.kind != PathKind::kRegular ||
            !it->second.executable) {
            sink.error(c.line, what + ": command [" + printable(c.path) + "] is not executable");
        }
    }

    auto check_host = [&](std::string_view host, int line, const std::string& what) {
        if (needs_resolving(host) && !facts.resolvable_hosts.count(host))
            sink.error(line, what + ": cannot resolve host name '" + printable(host) + "'");
    };
    for (const Medium& m : cfg.media) {
        const std::string what = std::string(medium_type_name(m.type)) + " " + m.dev;
        if (m.type == MediumType::kSerial) {
            auto it = facts.paths.find(m.dev);
            if (it == facts.paths.end() || it->second.kind == PathKind::kMissing) {
                sink.error(m.line, "Nonexistent serial port [" + printable(m.dev) + "]");
            } else if (it->second.kind != PathKind::kCharDevice) {
                sink.error(m.line, "Serial port [" + printable(m.dev) + "] is not a char device");
            }
            continue;
        }
        if (!facts.interfaces.count(m.dev)) {
            if (m.type == MediumType::kUcast) {
                sink.warning(m.line, "ucast: interface [" + printable(m.dev) +
                                         "] does not exist (heartbeat 3.0.6 starts anyway, but "
                                         "this link cannot work)");
            } else {
                sink.error(m.line,
                           what + ": network interface [" + printable(m.dev) + "] does not exist");
            }
        }
        if (m.type == MediumType::kUcast || m.type == MediumType::kUcast6)
            check_host(m.address, m.line, what);
    }
    for (const PingNode& p : cfg.ping_nodes)
        for (const auto& h : p.hosts)
            check_host(h, p.line, "ping node " + p.name);

    if (cfg.udpport_given) {
        auto it = facts.udp_services.find(cfg.udpport);
        if (it != facts.udp_services.end() && it->second != hacf::kServiceName) {
            sink.warning(line_of(cfg, hacf::kUdpport), "udp port " + std::to_string(cfg.udpport) +
                                                           " is reserved for service \"" +
                                                           it->second + "\" in /etc/services");
        }
    }
    if (cfg.watchdog) {
        auto it = facts.paths.find(*cfg.watchdog);
        if (it == facts.paths.end() || it->second.kind == PathKind::kMissing)
            sink.warning(line_of(cfg, hacf::kWatchdog),
                         "watchdog device [" + printable(*cfg.watchdog) + "] does not exist");
    }
    if (cfg.coreroot) {
        auto it = facts.paths.find(*cfg.coreroot);
        if (it == facts.paths.end() || it->second.kind != PathKind::kDirectory)
            sink.warning(line_of(cfg, hacf::kCoreroot),
                         "coreroot [" + printable(*cfg.coreroot) + "] is not a directory");
    }
    if (!cfg.v1_mode() && facts.haresources_exists) {
        sink.warning(line_of(cfg, hacf::kPacemaker),
                     "haresources exists but is not used because pacemaker is enabled");
    }
    return std::move(sink).take();
}

std::string choose_local_node(std::string_view env_nodename, std::string_view nodeinfo_text,
                              std::string_view uname_name) {
    if (!trim(env_nodename).empty()) return to_lower(trim(env_nodename));
    std::string_view first = nodeinfo_text.substr(0, nodeinfo_text.find('\n'));
    if (!trim(first).empty()) return to_lower(trim(first));
    return to_lower(uname_name);
}

std::string gather_local_node(const Paths& paths) {
    const char* env = std::getenv("HA_NODENAME");
    std::string nodeinfo;
    if (std::ifstream in(paths.resolve(Paths::kNodeinfo)); in) std::getline(in, nodeinfo);
    struct utsname u {};
    std::string uname_name = ::uname(&u) == 0 ? u.nodename : "localhost";
    return choose_local_node(env ? env : "", nodeinfo, uname_name);
}

namespace {

bool user_exists(const std::string& name) {
    std::vector<char> buf(16384);
    passwd pw{};
    passwd* out = nullptr;
    return ::getpwnam_r(name.c_str(), &pw, buf.data(), buf.size(), &out) == 0 && out;
}

bool group_exists(const std::string& name) {
    std::vector<char> buf(16384);
    group gr{};
    group* out = nullptr;
    return ::getgrnam_r(name.c_str(), &gr, buf.data(), buf.size(), &out) == 0 && out;
}

bool resolvable(const std::string& host) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    addrinfo* res = nullptr;
    if (::getaddrinfo(host.c_str(), nullptr, &hints, &res) != 0) return false;
    ::freeaddrinfo(res);
    return true;
}

PathFacts stat_path(const std::string& path) {
    PathFacts f;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return f;
    if (S_ISREG(st.st_mode)) {
        f.kind = PathKind::kRegular;
    } else if (S_ISDIR(st.st_mode)) {
        f.kind = PathKind::kDirectory;
    } else if (S_ISCHR(st.st_mode)) {
        f.kind = PathKind::kCharDevice;
    } else {
        f.kind = PathKind::kOther;
    }
    f.executable = ::access(path.c_str(), X_OK) == 0;
    return f;
}

}  // namespace

HostFacts gather_host_facts(const HaCf& cfg, const Paths& paths) {
    HostFacts f;
    auto user = [&](const std::string& u) {
        if (!numeric_id(u) && user_exists(u)) f.users.insert(u);
    };
    for (const ApiAuth& a : cfg.apiauth) {
        for (const auto& u : a.uids)
            user(u);
        for (const auto& g : a.gids)
            if (!numeric_id(g) && group_exists(g)) f.groups.insert(g);
    }
    for (const ChildProcess& c : cfg.children) {
        user(c.user);
        if (!c.builtin) f.paths[c.path] = stat_path(c.path);
    }
    auto host = [&](const std::string& h) {
        if (needs_resolving(h) && resolvable(h)) f.resolvable_hosts.insert(h);
    };
    for (const Medium& m : cfg.media) {
        if (m.type == MediumType::kSerial) {
            f.paths[m.dev] = stat_path(m.dev);
            continue;
        }
        if (::if_nametoindex(m.dev.c_str()) != 0) f.interfaces.insert(m.dev);
        if (!m.address.empty() && (m.type == MediumType::kUcast || m.type == MediumType::kUcast6))
            host(m.address);
    }
    for (const PingNode& p : cfg.ping_nodes)
        for (const auto& h : p.hosts)
            host(h);
    if (cfg.watchdog) f.paths[*cfg.watchdog] = stat_path(*cfg.watchdog);
    if (cfg.coreroot) f.paths[*cfg.coreroot] = stat_path(*cfg.coreroot);

    const std::string service(hacf::kServiceName);
    if (const servent* s = ::getservbyname(service.c_str(), "udp"))
        f.ha_cluster_port = ntohs(s->s_port);
    if (cfg.udpport_given) {
        if (const servent* s = ::getservbyport(htons(static_cast<uint16_t>(cfg.udpport)), "udp"))
            f.udp_services[cfg.udpport] = s->s_name;
    }
    ::endservent();
    f.haresources_exists = stat_path(paths.haresources()).kind != PathKind::kMissing;
    return f;
}

}  // namespace ha::hb
