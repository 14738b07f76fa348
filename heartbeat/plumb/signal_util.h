// Process-wide signal setup for daemons and tools. Signal *delivery* goes
// through MainLoop::add_signal (and child exits through add_child_watch);
// this file holds the few dispositions a process sets once at startup.
//
// Design note, no daemonize(): our daemons never fork themselves into the
// background, detach from the terminal or write their own pid files. They run
// in the foreground under a supervisor: systemd (Type=simple, the unit owns
// the pid and restarts) or heartbeat itself, which starts cib, crmd, lrmd and
// stonithd as children and applies its respawn policy when one exits. That
// keeps one code path for tests and production, keeps the pid and the process
// group known to the supervisor, and leaves logging to the sinks (stderr is a
// valid sink when a supervisor captures it). A legacy init script that needs
// a background daemon wraps it with start-stop-daemon --background.
#pragma once

#include "heartbeat/plumb/status.h"

namespace ha::io {

// Sets `signo` to SIG_IGN. Daemons call set_signal_ignored(SIGPIPE) at
// startup so a vanished IPC peer is an EPIPE value, never a death. Child
// processes started by ChildRunner get default dispositions back.
Status set_signal_ignored(int signo);

// Restores SIG_DFL for `signo`.
Status set_signal_default(int signo);

}  // namespace ha::io
