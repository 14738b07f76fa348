// The fork/exec half of ChildRunner, kept apart from the loop wiring: builds
// argv/envp and pipes in the parent, then forks a child that only makes
// async-signal-safe calls (the process has GLib threads) before execve.
// Internal to ha_io.
#pragma once

#include <string>

#include <sys/types.h>

#include "heartbeat/plumb/process_runner.h"
#include "heartbeat/plumb/status.h"

namespace ha::io::detail {

struct Spawned {
    pid_t pid = -1;
    // Parent ends, non-blocking and close-on-exec; -1 when not used.
    int stdin_fd = -1;
    int stdout_fd = -1;
    int stderr_fd = -1;
    // Non-empty when the program could not be started; the child has then
    // already exited with kExitNotFound or kExitCannotExecute.
    std::string exec_error;
};

// Starts `spec` as the leader of a new process group with default signal
// dispositions, an empty signal mask and no fds but 0, 1 and 2. Error only
// when no child was created.
Result<Spawned> spawn_child(const ChildSpec& spec);

}  // namespace ha::io::detail
