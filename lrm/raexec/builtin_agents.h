// Agents RaExec runs in-process instead of forking a script (doc/agents.md
// "Built-in agents"): today the IP address agent (builtin_ipaddr.h) for
// heartbeat-class IPaddr2/IPaddr and plain ocf:heartbeat:IPaddr2 resources.
// Owns the background gratuitous-ARP senders, as loop timers. On by
// default; HA_BUILTIN_AGENTS=0 (no, off, false) in the environment or in an
// op's extra_env runs the scripts.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "heartbeat/plumb/main_loop.h"
#include "lrm/lib/lrm_types.h"
#include "lrm/lib/op_result.h"
#include "lrm/raexec/builtin_ipaddr.h"
#include "lrm/raexec/ra_command.h"

namespace ha::lrm {

inline constexpr const char* kBuiltinAgentsEnv = "HA_BUILTIN_AGENTS";

// Lives on one MainLoop (RaExec's); destroying it stops pending ARP series.
class BuiltinAgents {
  public:
    explicit BuiltinAgents(io::MainLoop& loop,
                           std::unique_ptr<IpHost> host = std::make_unique<LinuxIpHost>());
    ~BuiltinAgents();
    BuiltinAgents(const BuiltinAgents&) = delete;
    BuiltinAgents& operator=(const BuiltinAgents&) = delete;

    // Whether HA_BUILTIN_AGENTS (extra_env over base_env) leaves them on.
    static bool enabled(const Env& base_env, const Env& extra_env);

    // Runs `op` of `rsc` in-process when a built-in agent covers it (start,
    // stop, status, monitor) and the switch is on; nullopt when the script
    // has to run. A successful start sends the first gratuitous ARP at once
    // and the rest from loop timers; a stop ends a series still running for
    // the address, as the script kills its background arping.
    std::optional<OpResult> run(const ResourceSpec& rsc, OpName op, const OpOptions& options,
                                const Env& base_env);

    // ARP series still sending.
    std::size_t arp_pending() const { return arp_.size(); }

    // Hands the ARP series still running to a detached process (double
    // fork: nobody waits for it), as the script's `arping &` outlives the
    // agent, so that a tool may exit right after its op. The series end
    // here; returns how many were handed over. The sender names itself in
    // $HA_RSCTMP/send_arp-<ip> ("<pid> <comm>"), where a later stop of the
    // address, in any process, finds and ends it (the script's pidfile).
    std::size_t detach_arp();

  private:
    struct Series;
    void start_arp(const GarpPlan& plan, const std::string& pidfile);
    void stop_arp(const std::string& key);
    void send_next(const std::string& key);

    io::MainLoop& loop_;
    std::unique_ptr<IpHost> host_;
    std::map<std::string, std::unique_ptr<Series>> arp_;  // by address text
};

}  // namespace ha::lrm
