#include "heartbeat/plumb/main_loop.h"

#include <algorithm>
#include <exception>
#include <limits>
#include <string>

#include <glib-unix.h>
#include <glib.h>
#include <signal.h>

#include "heartbeat/plumb/check.h"

namespace ha::io {

MonoTime RealClock::now() const {
    return std::chrono::steady_clock::now();
}

struct MainLoop::Record {
    enum class Kind { kFd, kTimer, kSignal, kChild };
    Record(MainLoop* l, Kind k) : loop(l), kind(k) {}

    MainLoop* loop;
    Kind kind;
    std::uint64_t id = 0;
    bool repeat = false;
    int signo = 0;
    FdCallback on_fd;
    TimerCallback on_timer;
    SignalCallback on_signal;
    ChildCallback on_child;
};

namespace {

const char* kind_name(MainLoop::Record::Kind kind) {
    switch (kind) {
        case MainLoop::Record::Kind::kFd:
            return "fd watch";
        case MainLoop::Record::Kind::kTimer:
            return "timer";
        case MainLoop::Record::Kind::kSignal:
            return "signal";
        case MainLoop::Record::Kind::kChild:
            return "child watch";
    }
    return "source";
}

// The loop boundary: nothing thrown by a callback may unwind into GLib.
template <typename F>
void guarded(MainLoop::Record::Kind kind, F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        std::string m =
            std::string("exception escaped a ") + kind_name(kind) + " callback: " + e.what();
        HA_PANIC(m.c_str());
    } catch (...) {
        std::string m = std::string("unknown exception escaped a ") + kind_name(kind) + " callback";
        HA_PANIC(m.c_str());
    }
}

// An fd source: a GSource with one unix fd; GLib's default check reports it
// ready when poll() returned events for it.
struct FdSource {
    GSource base;
    gpointer tag;
};

gboolean fd_dispatch(GSource* source, GSourceFunc, gpointer user_data);

GSourceFuncs kFdSourceFuncs = {nullptr, nullptr, fd_dispatch, nullptr, nullptr, nullptr};

GIOCondition to_condition(IoEvents events) {
    unsigned c = G_IO_ERR | G_IO_NVAL;
    if (events & kIoRead) c |= G_IO_IN | G_IO_PRI;
    if (events & kIoWrite) c |= G_IO_OUT;
    if (events & kIoHup) c |= G_IO_HUP;
    return static_cast<GIOCondition>(c);
}

IoEvents from_condition(unsigned c) {
    IoEvents e = 0;
    if (c & (G_IO_IN | G_IO_PRI)) e |= kIoRead;
    if (c & G_IO_OUT) e |= kIoWrite;
    if (c & G_IO_HUP) e |= kIoHup;
    if (c & (G_IO_ERR | G_IO_NVAL)) e |= kIoError;
    return e;
}

void destroy_record(gpointer data) {
    delete static_cast<MainLoop::Record*>(data);
}

// g_source_set_callback wants a GSourceFunc even where dispatch ignores it.
gboolean unused_source_func(gpointer) {
    return G_SOURCE_REMOVE;
}

}  // namespace

// Friend of MainLoop: the C entry points GLib calls.
struct LoopTrampolines {
    static gboolean on_fd(GSource* source, gpointer data) {
        auto* r = static_cast<MainLoop::Record*>(data);
        auto* fs = reinterpret_cast<FdSource*>(source);
        IoEvents events = from_condition(g_source_query_unix_fd(source, fs->tag));
        guarded(r->kind, [&] { r->on_fd(events); });
        return G_SOURCE_CONTINUE;  // a removed source stays removed
    }

    static gboolean on_timer(gpointer data) {
        auto* r = static_cast<MainLoop::Record*>(data);
        if (!r->repeat) r->loop->forget(r->id);
        guarded(r->kind, [&] { r->on_timer(); });
        return r->repeat ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
    }

    static gboolean on_signal(gpointer data) {
        auto* r = static_cast<MainLoop::Record*>(data);
        guarded(r->kind, [&] { r->on_signal(r->signo); });
        return G_SOURCE_CONTINUE;
    }

    static void on_child(GPid pid, gint wait_status, gpointer data) {
        auto* r = static_cast<MainLoop::Record*>(data);
        r->loop->forget(r->id);  // GLib destroys a child watch after its callback
        guarded(r->kind, [&] { r->on_child(pid, wait_status); });
    }
};

namespace {
gboolean fd_dispatch(GSource* source, GSourceFunc, gpointer user_data) {
    return LoopTrampolines::on_fd(source, user_data);
}
}  // namespace

MainLoop::MainLoop() : context_(g_main_context_new()), loop_(g_main_loop_new(context_, FALSE)) {}

MainLoop::~MainLoop() {
    auto sources = std::move(sources_);
    sources_.clear();
    for (auto& [id, source] : sources) {
        g_source_destroy(source);
        g_source_unref(source);
    }
    g_main_loop_unref(loop_);
    g_main_context_unref(context_);
}

SourceId MainLoop::attach(GSource* source, Record* record) {
    record->id = next_id_++;
    g_source_attach(source, context_);
    sources_.emplace(record->id, source);  // keeps the reference from *_new()
    return SourceId{record->id};
}

void MainLoop::forget(std::uint64_t id) {
    auto it = sources_.find(id);
    if (it == sources_.end()) return;
    g_source_unref(it->second);
    sources_.erase(it);
}

WatchId MainLoop::add_fd_watch(int fd, IoEvents events, FdCallback callback) {
    HA_ASSERT(fd >= 0);
    GSource* source = g_source_new(&kFdSourceFuncs, sizeof(FdSource));
    auto* fs = reinterpret_cast<FdSource*>(source);
    fs->tag = g_source_add_unix_fd(source, fd, to_condition(events));
    auto* r = new Record(this, Record::Kind::kFd);
    r->on_fd = std::move(callback);
    g_source_set_callback(source, unused_source_func, r, destroy_record);
    g_source_set_name(source, "ha fd watch");
    return attach(source, r);
}

bool MainLoop::set_fd_events(WatchId id, IoEvents events) {
    auto it = sources_.find(id.value);
    if (it == sources_.end() || it->second->source_funcs != &kFdSourceFuncs) return false;
    auto* fs = reinterpret_cast<FdSource*>(it->second);
    g_source_modify_unix_fd(it->second, fs->tag, to_condition(events));
    return true;
}

TimerId MainLoop::add_timer(Millis delay, TimerCallback callback, Repeat repeat) {
    auto ms = std::clamp<Millis::rep>(delay.count(), 0, std::numeric_limits<guint>::max());
    GSource* source = g_timeout_source_new(static_cast<guint>(ms));
    auto* r = new Record(this, Record::Kind::kTimer);
    r->on_timer = std::move(callback);
    r->repeat = repeat == Repeat::kRepeat;
    g_source_set_callback(source, LoopTrampolines::on_timer, r, destroy_record);
    g_source_set_name(source, "ha timer");
    return attach(source, r);
}

Result<SignalId> MainLoop::add_signal(int signo, SignalCallback callback) {
    switch (signo) {
        case SIGHUP:
        case SIGINT:
        case SIGTERM:
        case SIGUSR1:
        case SIGUSR2:
        case SIGWINCH:
            break;
        default:
            return Status(ErrorCode::kUnsupported,
                          "signal " + std::to_string(signo) + " cannot be watched on the loop");
    }
    GSource* source = g_unix_signal_source_new(signo);
    auto* r = new Record(this, Record::Kind::kSignal);
    r->on_signal = std::move(callback);
    r->signo = signo;
    g_source_set_callback(source, LoopTrampolines::on_signal, r, destroy_record);
    g_source_set_name(source, "ha signal");
    return attach(source, r);
}

SourceId MainLoop::add_child_watch(pid_t pid, ChildCallback callback) {
    GSource* source = g_child_watch_source_new(pid);
    auto* r = new Record(this, Record::Kind::kChild);
    r->on_child = std::move(callback);
    // GLib calls a child watch's callback as a GChildWatchFunc.
    g_source_set_callback(source, G_SOURCE_FUNC(LoopTrampolines::on_child), r, destroy_record);
    g_source_set_name(source, "ha child watch");
    return attach(source, r);
}

bool MainLoop::remove(SourceId id) {
    auto it = sources_.find(id.value);
    if (it == sources_.end()) return false;
    GSource* source = it->second;
    sources_.erase(it);
    g_source_destroy(source);
    g_source_unref(source);
    return true;
}

bool MainLoop::contains(SourceId id) const {
    return sources_.count(id.value) != 0;
}

void MainLoop::run() {
    g_main_loop_run(loop_);
}

void MainLoop::quit() {
    g_main_loop_quit(loop_);
}

bool MainLoop::iterate(bool may_block) {
    return g_main_context_iteration(context_, may_block ? TRUE : FALSE) != FALSE;
}

bool MainLoop::run_until(const std::function<bool()>& done, Millis timeout) {
    bool expired = false;
    TimerId guard = add_timer(timeout, [&expired] { expired = true; });
    while (!done() && !expired)
        iterate(true);
    remove(guard);
    return done();
}

}  // namespace ha::io
