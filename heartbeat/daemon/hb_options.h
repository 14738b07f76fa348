// The heartbeat command line, as heartbeat 3.0.6 takes it.
#pragma once

#include <string>
#include <vector>

#include "heartbeat/plumb/status.h"

namespace ha::hb {

enum class HbAction {
    kRun,           // start the daemon
    kKill,          // -k: stop the running daemon
    kStatus,        // -s: is it running?
    kReload,        // -r: check the configuration, then SIGHUP the daemon
    kDefaults,      // -D: print the defaults table
    kWikiDefaults,  // -W: the same as a wiki table
    kVersion,       // -V
};

struct HbOptions {
    HbAction action = HbAction::kRun;
    bool foreground = false;     // -f (also: not detaching is our only mode, see below)
    int debug = 0;               // -d, repeatable
    bool verbose = false;        // -v
    bool no_realtime = false;    // -l
    bool no_resources = false;   // -M
    bool restarting = false;     // -R
    std::string resource_state;  // -C
};

// Parses argv[1..]; errors name the offending option.
Result<HbOptions> parse_hb_options(const std::vector<std::string>& args);
std::string hb_usage(const std::string& program);

}  // namespace ha::hb
