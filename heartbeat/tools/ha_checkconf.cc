// ha_checkconf: checks a node's heartbeat configuration (ha.cf, authkeys,
// haresources) the way heartbeat 3.0.6 does at start-up, pointing at the
// offending lines. Prints the effective configuration (defaults filled in),
// then every problem as `file:line: error|warning: message`.
// Exit codes: 0 no errors, 1 errors found, 2 usage error.
#include <cstdio>
#include <cstring>
#include <string>

#include "heartbeat/config/config_load.h"
#include "heartbeat/config/hacf_host.h"
#include "heartbeat/plumb/paths.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitErrors = 1;
constexpr int kExitUsage = 2;

void usage(std::FILE* out) {
    std::fputs(
        "Usage: ha_checkconf [--root DIR] [--quiet] [--no-host-checks]\n"
        "Checks /etc/ha.d/{ha.cf,authkeys,haresources} as heartbeat would at start-up.\n"
        "\n"
        "  --root DIR        read the files under DIR (default: $HA_ROOT, else /)\n"
        "  -q, --quiet       print only the problems, not the effective configuration\n"
        "  --no-host-checks  do not check users, interfaces, devices, host names and\n"
        "                    /etc/services of this machine\n"
        "  -h, --help        show this help\n"
        "\n"
        "The local node is $HA_NODENAME, else /etc/ha.d/nodeinfo, else `uname -n`.\n"
        "Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.\n",
        out);
}

}  // namespace

int main(int argc, char** argv) {
    std::string root;
    bool have_root = false, quiet = false;
    ha::hb::ConfigLoadOptions options;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            usage(stdout);
            return kExitOk;
        } else if (arg == "--root" && i + 1 < argc) {
            root = argv[++i];
            have_root = true;
        } else if (arg.rfind("--root=", 0) == 0) {
            root = arg.substr(7);
            have_root = true;
        } else if (arg == "-q" || arg == "--quiet") {
            quiet = true;
        } else if (arg == "--no-host-checks") {
            options.host_checks = false;
        } else {
            std::fprintf(stderr, "ha_checkconf: unknown argument '%s'\n", arg.c_str());
            usage(stderr);
            return kExitUsage;
        }
    }
    ha::Paths paths = have_root ? ha::Paths(root) : ha::Paths::from_environment();
    ha::hb::NodeConfig config =
        ha::hb::load_node_config(paths, ha::hb::gather_local_node(paths), options);
    if (!quiet) std::fputs(ha::hb::format_node_config(config).c_str(), stdout);
    for (const auto& d : config.diagnostics)
        std::printf("%s\n", ha::hb::format_diagnostic(d).c_str());
    size_t errors = ha::hb::count_errors(config.diagnostics);
    std::printf("ha_checkconf: %zu error(s), %zu warning(s)\n", errors,
                config.diagnostics.size() - errors);
    return errors ? kExitErrors : kExitOk;
}
