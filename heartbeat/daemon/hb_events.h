// Event scripts: for a delivered cluster message whose type has an
// executable /etc/ha.d/rc.d/<type>, heartbeat runs that script with every
// string field of the message as HA_<name> in its environment (plus
// HA_CURHOST and the HA_* settings). heartbeat-ng runs the script directly
// (heartbeat goes through harc, which only execs it) and handles the stock
// v1 types (status, ask_resources, hb_takeover, ip-request, ip-request-resp)
// natively, so their stock scripts are not run. The pure part decides what
// to run; the shell runs it on the ChildRunner.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "heartbeat/msg/ha_msg.h"
#include "heartbeat/plumb/process_runner.h"

namespace ha::hb {

struct EventContext {
    std::string ha_dir;  // resolved /etc/ha.d
    std::string local_node;
    bool nice_failback = false;  // auto_failback on|off
    int debug = 0;
    std::map<std::string, std::string> env;  // ha.cf `env` entries (already HA_-prefixed)
};

// The child to run for `msg`, or nullopt when there is nothing to run:
// types handled natively, types with no script, names that could escape
// rc.d. `script_exists` answers whether an executable file is at a path.
std::optional<ChildSpec> event_script_for(
    const Message& msg, const EventContext& ctx,
    const std::function<bool(const std::string&)>& script_exists);

}  // namespace ha::hb
