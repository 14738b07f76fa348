// cl_status: reports the state of the local heartbeat and its cluster, with
// the sub-commands, options, output and exit codes of heartbeat 3.0.6's
// cl_status (reference heartbeat-messaging.md 5.2; checked case for case
// against the real one, see tests/unit/heartbeat/tools/cl_status_test.cc).
// Quirks kept on purpose: node and link lists come out in the reverse of the
// daemon's order (heartbeat's client library builds them by prepending);
// options are parsed by getopt over argv+1, so getopt's own messages name
// the sub-command; errors go to stderr as log lines; the whole run is bounded
// by a 5 s alarm (exit 12).
// Exit codes: 0 ok, 1 "normal" failure (node/link/client down, heartbeat
// stopped, parameter not set), 2/3 client join/leave, 11 parameter error,
// 12 timeout, 13 other error.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include <sys/utsname.h>
#include <unistd.h>

#include "heartbeat/client/hb_client.h"
#include "heartbeat/plumb/log_sinks.h"
#include "heartbeat/plumb/strings.h"

namespace {

using ha::hb::HbClient;

constexpr int kOk = 0;
constexpr int kNormalFail = 1;
constexpr int kParameterError = 11;
constexpr int kTimeoutExit = 12;
constexpr int kUnknownError = 13;
constexpr unsigned kAlarmSeconds = 5;  // heartbeat's DEFAULT_TIMEOUT
constexpr int kDefaultClientTimeoutMs = 500;

constexpr const char* kUsage =
    "Usage: cl_status <sub-command> [<options>] [<parameters>]\n"
    "\n"
    "Sub-commands:\n"
    "clientstatus <node-name> <client-id> [<timeout>]\n"
    "\tShow the status of heartbeat clients.\n"
    "hblinkstatus <node-name> <link-name>\n"
    "\tShow the status of a heartbeat link\n"
    "hbstatus\n"
    "\tIndicate if heartbeat is running on the local system.\n"
    "\tOptions:\n"
    "\t\t-v\tverbose: also add \"listnodes -v\" output\n"
    "listnodes [<option>]\n"
    "\tList the nodes in the cluster.\n"
    "\tOptions:\n"
    "\t\t-p\tlist only 'ping' type nodes\n"
    "\t\t-n\tlist only 'normal' type nodes\n"
    "\t\t-v\tverbose: also list type and status,\n"
    "\t\t\tthen add \"listhblinks -v\" output\n"
    "listhblinks <node-name>\n"
    "\tList the network interfaces used as hearbeat links.\n"
    "\tOptions:\n"
    "\t\t-v\tverbose: list link status as well\n"
    "nodestatus <node-name>\n"
    "\tList the node status.\n"
    "nodeweight <node-name>\n"
    "\tList the node weight.\n"
    "nodesite <node-name>\n"
    "\tList the node site.\n"
    "nodetype <node-name>\n"
    "\tList the nodes of a given type.\n"
    "rscstatus\n"
    "\tShow the status of cluster resources.\n"
    "hbparameter -p <parameter-name>\n"
    "\tRetrieve the value of a cluster parameter.\n"
    "\tAs for the valid parameter names, please refer to the man page.\n";

// What every sub-command sees.
struct Context {
    int argc = 0;
    char** argv = nullptr;
    const char* optstr = "";
    HbClient* hb = nullptr;  // null when signon failed
    ha::Status signon_error;
    bool human = false;  // -m
};

// An error line on stderr in heartbeat's log format.
void log_error(const std::string& message) {
    ha::log::LogConfig format;
    format.program = "cl_status";
    struct utsname un {};
    if (::uname(&un) == 0) format.node = un.nodename;
    ha::log::Record record{ha::log::Level::kErr, "cl_status", message};
    std::string line = ha::log::format_line(format, record, ::getpid(), ::time(nullptr));
    std::fprintf(stderr, "%s\n", line.c_str());
}

void log_reason(const std::string& what, const std::string& reason) {
    log_error(what);
    log_error("REASON: " + reason);
}

// getopt over argv+1, as heartbeat's cl_status does: its messages name the
// sub-command, and operands are found at argv[optind + 1].
int next_option(Context& ctx) {
    return ::getopt(ctx.argc - 1, ctx.argv + 1, ctx.optstr);
}

// Options of the commands that take only -m; false after an unknown one.
bool simple_options(Context& ctx) {
    for (int c; (c = next_option(ctx)) != -1;) {
        if (c == 'm') {
            ctx.human = true;
        } else {
            log_error(std::string("Error: getopt returnedcharacter ") + char(c) + ".");
            return false;
        }
    }
    return true;
}

int option_error(int c) {
    log_error(std::string("Error: getopt returnedcharacter code ") + char(c) + ".");
    return kParameterError;
}

int operands(const Context& ctx) {
    return ctx.argc - (optind + 1);  // arguments after the sub-command and its options
}

const char* operand(const Context& ctx, int i) {
    return ctx.argv[optind + 1 + i];
}

std::string or_null(const ha::Result<std::string>& r) {
    return r ? *r : std::string("(null)");  // what printf("%s", NULL) shows
}

// The `pacemaker` parameter (or its older name `crm`); a value that is no
// boolean ("respawn", "minimal" ...) counts as enabled, as does none at all.
bool pacemaker_enabled(HbClient& hb, std::optional<std::string>* value) {
    auto p = hb.parameter(ha::hb::kParamPacemaker);
    std::optional<std::string> v = p ? *p : std::nullopt;
    if (!v) {
        auto crm = hb.parameter(ha::hb::kParamCrm);
        if (crm) v = *crm;
    }
    if (value) *value = v;
    auto b = v ? ha::parse_bool(*v) : std::nullopt;
    return b.value_or(true);
}

int list_links(Context& ctx, const std::string& node, bool verbose) {
    auto links = ctx.hb->links(node);
    if (!links) {
        log_reason("Cannot start heartbeat link interface walk.", links.status().message());
        return kUnknownError;
    }
    if (ctx.human) std::printf("\tthis node has the following heartbeat links:\n");
    for (auto it = links->rbegin(); it != links->rend(); ++it) {
        if (verbose)
            std::printf("\t%s\t%s\n", it->c_str(), or_null(ctx.hb->link_status(node, *it)).c_str());
        else
            std::printf("\t%s\n", it->c_str());
    }
    return kOk;
}

int list_nodes(Context& ctx, bool normal_only, bool ping_only, bool verbose) {
    auto nodes = ctx.hb->nodes();
    if (!nodes) {
        log_reason("Cannot start node walk.", nodes.status().message());
        return kUnknownError;
    }
    if (normal_only && ping_only) normal_only = ping_only = false;
    if (ctx.human) std::printf("The nodes are as follow:\n");
    for (auto it = nodes->rbegin(); it != nodes->rend(); ++it) {
        const std::string& node = *it;
        if (normal_only || ping_only) {
            auto type = ctx.hb->node_type(node);
            if (!type) continue;
            if (normal_only && *type != ha::hb::kNodeTypeNormal) continue;
            if (ping_only && *type != ha::hb::kNodeTypePing) continue;
        }
        if (verbose) {
            std::printf("\n%s\t%s\t(nodetype: %s)\n", node.c_str(),
                        or_null(ctx.hb->node_status(node)).c_str(),
                        or_null(ctx.hb->node_type(node)).c_str());
            (void)list_links(ctx, node, true);
        } else {
            std::printf("%s\n", node.c_str());
        }
    }
    return kOk;
}

int cmd_hbstatus(Context& ctx) {
    bool verbose = false;
    for (int c; (c = next_option(ctx)) != -1;) {
        if (c == 'm') ctx.human = true;
        if (c == 'v') verbose = true;  // heartbeat ignores unknown options here
    }
    if (!ctx.hb) {
        int rc;
        if (ctx.signon_error.code() == ha::ErrorCode::kNotFound) {
            std::printf("Heartbeat is stopped on this machine.\n");
            rc = kNormalFail;
        } else {
            std::printf(
                "Heartbeat is apparently running on this machine, but refuses my connection\n");
            rc = kOk;
        }
        if (verbose && !ctx.signon_error.message().empty())
            std::printf("(%s)\n", ctx.signon_error.message().c_str());
        return rc;
    }
    if (!verbose) {
        std::printf("Heartbeat is running on this machine.\n");
        return kOk;
    }
    auto version = ctx.hb->parameter(ha::hb::kParamHbVersion);
    std::optional<std::string> pacemaker;
    bool enabled = pacemaker_enabled(*ctx.hb, &pacemaker);
    bool have_version = version && *version;
    if (ctx.human) {
        if (have_version)
            std::printf("Heartbeat version %s\n", (*version)->c_str());
        else
            std::printf("Heartbeat is running on this machine.\n");
        std::printf(enabled ? "Resources controlled by Pacemaker.\n"
                            : "Resources controlled by \"haresources\"\n");
    } else {
        std::printf("version:\t%s\n", have_version ? (*version)->c_str() : "unknown");
        if (!enabled)
            std::printf("managed by:\t\"haresources\"\n");
        else
            std::printf("managed by:\tpacemaker\t(%s)\n",
                        pacemaker ? pacemaker->c_str() : "(null)");
    }
    // Heartbeat also shows the CCM membership here when a ccm runs; we have none.
    (void)list_nodes(ctx, false, false, true);
    return kOk;
}

int cmd_listnodes(Context& ctx) {
    bool verbose = false, ping = false, normal = false;
    for (int c; (c = next_option(ctx)) != -1;) {
        switch (c) {
            case 'm':
                ctx.human = true;
                break;
            case 'v':
                verbose = true;
                break;
            case 'p':
                ping = true;
                break;
            case 'n':
                normal = true;
                break;
            default:
                return option_error(c);
        }
    }
    return list_nodes(ctx, normal, ping, verbose);
}

int cmd_nodestatus(Context& ctx) {
    if (!simple_options(ctx)) return kParameterError;
    if (operands(ctx) < 1) {
        std::fprintf(stderr, "Not enough parameters.\n");
        return kParameterError;
    }
    const char* node = operand(ctx, 0);
    auto status = ctx.hb->node_status(node);
    if (!status) {
        std::fprintf(stderr, "Error. May be due to incorrect node name\n");
        return kParameterError;
    }
    if (ctx.human)
        std::printf("The cluster node %s is %s\n", node, status->c_str());
    else
        std::printf("%s\n", status->c_str());
    return (*status == "active" || *status == "up" || *status == "ping") ? kOk : kNormalFail;
}

// The per-node queries (nodeweight, nodesite, nodetype) share one shape; the
// messages differ as heartbeat 3.0.6's do, word for word.
template <typename Fetch, typename Print>
int node_query(Context& ctx, const char* too_few, const char* bad_node, Fetch fetch, Print print) {
    if (!simple_options(ctx)) return kParameterError;
    if (operands(ctx) < 1) {
        std::fprintf(stderr, "%s\n", too_few);
        return kParameterError;
    }
    const char* node = operand(ctx, 0);
    auto value = fetch(node);
    if (!value) {
        std::fprintf(stderr, "%s\n", bad_node);
        return kParameterError;
    }
    print(node, *value);
    return kOk;
}

int cmd_nodeweight(Context& ctx) {
    return node_query(
        ctx, "Not enough parameters.", "Error. Maybe due to incorrect node name.",
        [&](const char* n) { return ctx.hb->node_weight(n); },
        [&](const char* n, int w) {
            if (ctx.human) {
                std::printf("The weight of the cluster node %s is %d\n", n, w);
            } else {
                std::printf("%d\n", w);
            }
        });
}

int cmd_nodesite(Context& ctx) {
    return node_query(
        ctx, "Not enough parameters.", "Error. May be due to incorrect node name",
        [&](const char* n) { return ctx.hb->node_site(n); },
        [&](const char* n, const std::string& site) {
            if (ctx.human) {
                std::printf("The site of the cluster node %s is %s\n", n, site.c_str());
            } else {
                std::printf("%s\n", site.c_str());
            }
        });
}

int cmd_nodetype(Context& ctx) {
    return node_query(
        ctx, "No enough parameter.", "Error. May be due to incorrect node name",
        [&](const char* n) { return ctx.hb->node_type(n); },
        [&](const char* n, const std::string& type) {
            if (ctx.human) {
                std::printf("The node %s's type: %s\n", n, type.c_str());
            } else {
                std::printf("%s\n", type.c_str());
            }
        });
}

int cmd_listhblinks(Context& ctx) {
    bool verbose = false;
    for (int c; (c = next_option(ctx)) != -1;) {
        switch (c) {
            case 'm':
                ctx.human = true;
                break;
            case 'v':
                verbose = true;
                break;
            default:
                return option_error(c);
        }
    }
    if (operands(ctx) < 1) {
        std::fprintf(stderr, "No enough parameter.\n");
        return kParameterError;
    }
    return list_links(ctx, operand(ctx, 0), verbose);
}

int cmd_hblinkstatus(Context& ctx) {
    if (!simple_options(ctx)) return kParameterError;
    if (operands(ctx) < 2) {
        std::fprintf(stderr, "No enough parameter.\n");
        return kParameterError;
    }
    const char* node = operand(ctx, 0);
    const char* link = operand(ctx, 1);
    auto status = ctx.hb->link_status(node, link);
    if (!status) {
        // Heartbeat's client library has no reason to give here.
        log_reason("Cannot get heartbeat link status", "");
        return kUnknownError;
    }
    if (ctx.human)
        std::printf("The node %s's heartbeat link %s is %s\n", node, link, status->c_str());
    else
        std::printf("%s\n", status->c_str());
    return *status == ha::hb::kLinkUp ? kOk : kNormalFail;
}

int cmd_clientstatus(Context& ctx) {
    if (!simple_options(ctx)) return kParameterError;
    if (operands(ctx) < 2) {
        std::fprintf(stderr, "No enough parameter.\n");
        return kParameterError;
    }
    const char* node = operand(ctx, 0);
    const char* client = operand(ctx, 1);
    int timeout_ms = kDefaultClientTimeoutMs;
    if (operands(ctx) > 2) timeout_ms = std::atoi(operand(ctx, 2));
    // A negative timeout waited forever in heartbeat: until the alarm.
    ha::Millis timeout = timeout_ms < 0 ? ha::Millis(kAlarmSeconds * 2000) : ha::Millis(timeout_ms);
    auto status = ctx.hb->client_status(node, client, timeout);
    if (!status) {
        // Heartbeat's library waits for an answer that never comes for an
        // unknown node too, so every failure reads as a timeout.
        log_reason(std::string("Cannot get heartbeat client ") + client + "'s status",
                   std::string(ha::hb::kApiNoTimelyResponse));
        return kUnknownError;
    }
    std::printf("%s\n", status->c_str());  // no sentence form, as in heartbeat
    if (*status == ha::hb::kClientOnline) return kOk;
    if (*status == ha::hb::kClientOffline) return kNormalFail;
    if (*status == ha::hb::kClientJoin) return 2;
    if (*status == ha::hb::kClientLeave) return 3;
    return kUnknownError;
}

int cmd_rscstatus(Context& ctx) {
    if (!simple_options(ctx)) return kParameterError;
    if (pacemaker_enabled(*ctx.hb, nullptr)) {
        log_error("Cannot get cluster resource status of a pacemaker cluster; try crm_mon");
        return kNormalFail;
    }
    auto rsc = ctx.hb->resources();
    if (!rsc) {
        log_reason("Cannot get cluster resource status", rsc.status().message());
        return kUnknownError;
    }
    if (ctx.human)
        std::printf("This node is holding %s resources.\n", rsc->c_str());
    else
        std::printf("%s\n", rsc->c_str());
    return kOk;
}

int cmd_hbparameter(Context& ctx) {
    const char* name = nullptr;
    for (int c; (c = next_option(ctx)) != -1;) {
        switch (c) {
            case 'm':
                ctx.human = true;
                break;
            case 'p':
                if (optarg) name = optarg;
                break;
            default:
                return option_error(c);
        }
    }
    if (!name) {
        log_error("parameter name required");
        return kParameterError;
    }
    auto value = ctx.hb->parameter(name);
    if (!value || !*value) {
        log_reason(std::string("Cannot get parameter ") + name + "'s value", "");
        return kNormalFail;
    }
    if (ctx.human)
        std::printf("Heartbeat parameter %s's value: %s\n", name, (*value)->c_str());
    else
        std::printf("%s\n", (*value)->c_str());
    return kOk;
}

// Undocumented in heartbeat's usage screen, but there.
int cmd_test(Context& ctx) {
    std::printf("Dead time: %d\n keeplive time: %d\n mynodeid: %s\n rsc: %s\n",
                static_cast<int>(ctx.hb->deadtime().count()),
                static_cast<int>(ctx.hb->keepalive().count()), ctx.hb->local_node().c_str(),
                or_null(ctx.hb->resources()).c_str());
    return kOk;
}

struct Command {
    const char* name;
    int (*run)(Context&);
    const char* optstr;
    bool needs_signon;
};

constexpr Command kCommands[] = {
    {"hbstatus", cmd_hbstatus, "mv", false},       {"listnodes", cmd_listnodes, "mpnv", true},
    {"nodestatus", cmd_nodestatus, "m", true},     {"nodeweight", cmd_nodeweight, "m", true},
    {"nodesite", cmd_nodesite, "m", true},         {"nodetype", cmd_nodetype, "m", true},
    {"listhblinks", cmd_listhblinks, "mv", true},  {"hblinkstatus", cmd_hblinkstatus, "m", true},
    {"clientstatus", cmd_clientstatus, "m", true}, {"rscstatus", cmd_rscstatus, "m", true},
    {"hbparameter", cmd_hbparameter, "mp:", true}, {"test", cmd_test, "", true},
};

extern "C" void on_alarm(int) {
    ::_exit(kTimeoutExit);  // stdout is line-buffered: what was printed is out
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 1 || (argc == 2 && std::strcmp(argv[1], "-h") == 0)) {
        std::printf("%s", kUsage);
        return kOk;
    }
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    std::signal(SIGALRM, on_alarm);
    ::alarm(kAlarmSeconds);

    const Command* cmd = nullptr;
    for (const Command& c : kCommands)
        if (std::strcmp(argv[1], c.name) == 0) cmd = &c;
    if (!cmd) {
        log_error(std::string(argv[1]) + ": invalid sub-command.");
        return kParameterError;
    }

    Context ctx;
    ctx.argc = argc;
    ctx.argv = argv;
    ctx.optstr = cmd->optstr;
    std::optional<HbClient> hb;
    auto signed_on = HbClient::signon("");
    if (signed_on) {
        hb.emplace(std::move(*signed_on));
        ctx.hb = &*hb;
    } else {
        ctx.signon_error = signed_on.status();
        if (cmd->needs_signon) {
            log_reason("Cannot signon with heartbeat", ctx.signon_error.message());
            return kNormalFail;
        }
    }
    int rc = cmd->run(ctx);
    if (hb) (void)hb->signoff();
    return rc;
}
