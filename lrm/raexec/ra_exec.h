// RaExec: runs resource-agent operations of every class on a ProcessRunner
// and reports OpResults (doc/lrm-raexec.md). The shared agent runner of the
// v1 resource manager (haresources) and the lrmd: it knows classes, paths,
// environments, timeouts and exit-code mapping; queues, recurring ops and
// per-resource serialisation belong to its callers.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>

#include "heartbeat/plumb/main_loop.h"
#include "heartbeat/plumb/process_runner.h"
#include "lrm/lib/lrm_types.h"
#include "lrm/lib/op_result.h"
#include "lrm/raexec/agent_dirs.h"
#include "lrm/raexec/builtin_agents.h"
#include "lrm/raexec/ra_command.h"

namespace ha::lrm {

struct RaExecConfig {
    AgentDirs dirs;
    Env base_env;  // what agents inherit (see build_command)

    // AgentDirs::from_environment() and our own environment.
    static RaExecConfig from_environment();
};

using OpId = std::uint64_t;

// Lives on one MainLoop, beside the ProcessRunner it spawns through; both
// must outlive it. Destroying it cancels (kills) the agents still running
// without calling their callbacks.
class RaExec {
  public:
    using Callback = std::function<void(OpResult result)>;

    RaExec(io::MainLoop& loop, ProcessRunner& runner, RaExecConfig config);
    ~RaExec();
    RaExec(const RaExec&) = delete;
    RaExec& operator=(const RaExec&) = delete;

    // Runs `op` on `rsc`. `done` runs exactly once, later, on the loop, never
    // from inside run(): also when nothing is executed, namely
    //   an invalid ResourceSpec        kError, OCF_ERR_CONFIGURED
    //   a stonith resource             kNotSupported, OCF_ERR_UNIMPLEMENTED
    //   no agent / not executable      kNotInstalled, OCF_ERR_INSTALLED
    //   meta-data of lsb and heartbeat synthesized (synth_metadata.h), kDone
    //   the runner could not spawn     kError, OCF_ERR_GENERIC
    // Start, stop, status and monitor of resources a built-in agent covers
    // (builtin_agents.h: IPaddr2/IPaddr) run in-process, once their script
    // is found, with the script's results; HA_BUILTIN_AGENTS=0 runs the
    // script instead.
    // The op is killed (process group: SIGTERM, SIGKILL after kill_grace)
    // when options.effective_timeout() passes.
    OpId run(const ResourceSpec& rsc, OpName op, const OpOptions& options, Callback done);

    // Ends a pending op; its callback reports kCancelled (later, as always).
    // False when `id` is not pending.
    bool cancel(OpId id);

    std::size_t pending() const { return ops_.size(); }
    // Work a finished op left running on the loop (gratuitous ARP series).
    std::size_t background_pending() const { return builtin_->arp_pending(); }
    // Hands that work to a detached process (BuiltinAgents::detach_arp), for
    // callers about to exit.
    std::size_t detach_background() { return builtin_->detach_arp(); }
    const RaExecConfig& config() const { return config_; }

  private:
    struct Op;
    void finish_later(OpId id, OpResult result);
    void on_child_done(OpId id, ChildResult child);
    void deliver(OpId id);

    io::MainLoop& loop_;
    ProcessRunner& runner_;
    RaExecConfig config_;
    OpId next_id_ = 1;
    std::map<OpId, std::unique_ptr<Op>> ops_;
    std::unique_ptr<BuiltinAgents> builtin_;
    // Child callbacks hold a weak copy: after our destruction they do nothing.
    std::shared_ptr<RaExec*> self_;
};

// Runs one op to completion on a private loop and ChildRunner; for tools and
// start-up code that may block. Background work the op leaves (gratuitous
// ARP of a built-in start) continues in a detached process.
OpResult run_op_sync(const ResourceSpec& rsc, OpName op, const OpOptions& options = {},
                     const RaExecConfig& config = RaExecConfig::from_environment());

}  // namespace ha::lrm
