// The GLib main-loop adapter every daemon runs on (STYLE.md section 3: the
// thin shell around pure cores). MainLoop owns a private GMainContext and
// offers fd watches, monotonic timers, Unix signals and child watches with
// std::function callbacks. RealClock is the production ha::Clock.
//
// Callback rules, for every source kind:
// - Callbacks run on the thread that runs/iterates the loop, one at a time.
// - A callback may remove any source, its own included; the callable stays
//   alive until it returns.
// - An exception escaping a callback is a bug: it is logged at crit with the
//   source kind and the process aborts (STYLE.md section 4).
// - Destroying the MainLoop from inside one of its callbacks is not allowed.
#pragma once

#include <cstdint>
#include <functional>
#include <unordered_map>

#include <sys/types.h>

#include "heartbeat/plumb/duration.h"
#include "heartbeat/plumb/status.h"

typedef struct _GMainContext GMainContext;
typedef struct _GMainLoop GMainLoop;
typedef struct _GSource GSource;

namespace ha::io {

// Steady-clock time: CLOCK_MONOTONIC, the same clock GLib's timers use.
class RealClock final : public Clock {
  public:
    MonoTime now() const override;
};

// A source registered with a MainLoop. Zero is never a valid id.
struct SourceId {
    std::uint64_t value = 0;
    explicit operator bool() const { return value != 0; }
    friend bool operator==(SourceId a, SourceId b) { return a.value == b.value; }
};
using WatchId = SourceId;
using TimerId = SourceId;
using SignalId = SourceId;

// Poll events for fd watches, combined with `|`. kIoHup and kIoError are
// reported whether or not they were asked for (poll(2) semantics).
using IoEvents = unsigned;
inline constexpr IoEvents kIoRead = 1u << 0;
inline constexpr IoEvents kIoWrite = 1u << 1;
inline constexpr IoEvents kIoHup = 1u << 2;
inline constexpr IoEvents kIoError = 1u << 3;

enum class Repeat { kOnce, kRepeat };

class MainLoop {
  public:
    using FdCallback = std::function<void(IoEvents events)>;
    using TimerCallback = std::function<void()>;
    using SignalCallback = std::function<void(int signo)>;
    // `wait_status` as from waitpid(2): use WIFEXITED and friends.
    using ChildCallback = std::function<void(pid_t pid, int wait_status)>;

    MainLoop();
    ~MainLoop();
    MainLoop(const MainLoop&) = delete;
    MainLoop& operator=(const MainLoop&) = delete;

    // Watches `fd` for `events`. The fd stays owned by the caller, who must
    // remove the watch before closing it.
    WatchId add_fd_watch(int fd, IoEvents events, FdCallback callback);
    // Changes the events of a live fd watch (e.g. write interest on and off).
    // Returns false when `id` is not a live fd watch.
    bool set_fd_events(WatchId id, IoEvents events);

    // Fires after `delay` on the monotonic clock (ms resolution), then every
    // `delay` when repeating. A zero delay fires on the next iteration.
    // Timers with different deadlines fire in deadline order.
    TimerId add_timer(Millis delay, TimerCallback callback, Repeat repeat = Repeat::kOnce);

    // Delivers SIGHUP, SIGINT, SIGTERM, SIGUSR1, SIGUSR2 or SIGWINCH on the
    // loop (g_unix_signal). Other signals are kUnsupported: SIGCHLD belongs to
    // add_child_watch, SIGPIPE should be ignored (see signal_util.h).
    Result<SignalId> add_signal(int signo, SignalCallback callback);

    // Reaps `pid` (a child of this process) and reports its wait status once;
    // the source is gone after the callback. Uses g_child_watch, so nothing
    // else in the process may reap children with waitpid(-1).
    SourceId add_child_watch(pid_t pid, ChildCallback callback);

    // Removes a source; false when it is not (or no longer) registered. Safe
    // from inside any callback, including the source's own.
    bool remove(SourceId id);
    bool contains(SourceId id) const;
    std::size_t source_count() const { return sources_.size(); }

    // Runs until quit(). quit() before run() has no effect on a later run().
    void run();
    void quit();
    // One iteration; returns whether any source was dispatched.
    bool iterate(bool may_block);
    // Iterates until `done()` is true or `timeout` passed; returns done().
    // For tools and tests that wait for one outcome.
    bool run_until(const std::function<bool()>& done, Millis timeout);

    GMainContext* context() const { return context_; }

    struct Record;  // per-source callback state, owned by its GSource

  private:
    SourceId attach(GSource* source, Record* record);
    void forget(std::uint64_t id);  // drops the map entry, leaves the GSource
    friend struct LoopTrampolines;

    GMainContext* context_ = nullptr;
    GMainLoop* loop_ = nullptr;
    std::uint64_t next_id_ = 1;
    std::unordered_map<std::uint64_t, GSource*> sources_;
};

}  // namespace ha::io
