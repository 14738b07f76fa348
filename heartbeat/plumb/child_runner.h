// ChildRunner: the real ProcessRunner. Runs programs (resource agents,
// STONITH plugins, notify scripts, respawned daemons) as children on a
// MainLoop: each child leads its own process group, so a timeout or cancel
// kills everything it started; stdout and stderr are captured through pipes
// watched on the loop; exits are reaped with g_child_watch, never a global
// SIGCHLD handler.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "heartbeat/plumb/main_loop.h"
#include "heartbeat/plumb/process_runner.h"

namespace ha::io {

// Lives on one MainLoop, which must outlive it. Destroying the runner kills
// the process groups of children still running (SIGKILL), reaps them and
// drops their callbacks.
class ChildRunner final : public ProcessRunner {
  public:
    explicit ChildRunner(MainLoop& loop);
    ~ChildRunner() override;
    ChildRunner(const ChildRunner&) = delete;
    ChildRunner& operator=(const ChildRunner&) = delete;

    Result<ChildId> start(ChildSpec spec, DoneCallback done) override;
    bool cancel(ChildId id) override;

    std::size_t running() const { return children_.size(); }

    struct Child;  // one running child: pids, pipes, sources, capture

  private:
    void on_output(ChildId id, int which);  // which: 0 stdout, 1 stderr
    void on_stdin_writable(ChildId id);
    void on_deadline(ChildId id, bool cancelled);
    void on_exit(ChildId id, int wait_status);

    MainLoop& loop_;
    ChildId next_id_ = 1;
    std::map<ChildId, std::unique_ptr<Child>> children_;
};

// Runs one child to completion on a private loop; for tools and startup code
// that may block. Errors as for ProcessRunner::start.
Result<ChildResult> run_sync(ChildSpec spec);

// "exited rc=3", "killed by signal 9 (SIGKILL) after timeout", "not run:
// /x: No such file or directory": a short description for logs.
std::string describe(const ChildResult& result);

}  // namespace ha::io
