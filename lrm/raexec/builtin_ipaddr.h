// The built-in IP address agent (doc/agents.md "Built-in agents"): start,
// stop, status and monitor of an IPv4 address in-process through rtnetlink,
// with the results, exit codes and output of resource.d/ocf/heartbeat/
// IPaddr2 and of its heartbeat-class wrappers (IPaddr2, IPaddr via
// hto-mapfuncs). No shell, no `ip`, no `arping`: adding a virtual IP takes a
// few netlink round trips instead of hundreds of milliseconds of shell
// start-up. Gratuitous ARP is returned as a plan for the caller to send in
// the background (builtin_agents.h), so start returns once the address is up.
#pragma once

#include <optional>
#include <string>

#include "heartbeat/plumb/duration.h"
#include "lrm/lib/lrm_types.h"
#include "lrm/lib/op_result.h"
#include "lrm/lib/rc_mapping.h"
#include "lrm/raexec/ipaddr_params.h"
#include "lrm/raexec/rtnl_socket.h"

namespace ha::lrm {

// Gratuitous ARP to send after a start: `count` frames, `interval` apart,
// the first at once.
struct GarpPlan {
    int ifindex = 0;
    std::string nic;
    Ipv4 ip{};
    int count = 0;
    Millis interval{0};
};

struct IpAddrOutcome {
    OpResult result;
    std::optional<GarpPlan> garp;
};

// Runs `op` (start, stop, status or monitor) of the resource whose
// parameters are `params` on `host`. `rsctmp` is the agent's HA_RSCTMP
// (where the script keeps its lvs_support marker). nullopt when the script
// has to run instead: an lvs_support copy of the address on lo to move
// aside, or a marker saying one is to be put back.
std::optional<IpAddrOutcome> run_builtin_ipaddr(IpHost& host, const IpAddrParams& params, OpName op,
                                                HbStatusRule rule, const std::string& rsctmp);

}  // namespace ha::lrm
