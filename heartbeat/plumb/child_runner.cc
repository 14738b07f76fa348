#include "heartbeat/plumb/child_runner.h"

#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "heartbeat/plumb/check.h"
#include "heartbeat/plumb/child_spawn.h"

namespace ha::io {

namespace {

constexpr std::size_t kReadChunk = 64 * 1024;
// Reads per wakeup (and when draining after exit), so a child that writes
// without pause cannot starve the loop.
constexpr int kMaxReadsPerWakeup = 16;

// Writes to a pipe without dying of SIGPIPE when the reader is gone: the
// signal is blocked for the write and a pending one we caused is consumed.
ssize_t write_no_sigpipe(int fd, const char* data, std::size_t len) {
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    sigset_t pending;
    sigpending(&pending);
    bool was_pending = sigismember(&pending, SIGPIPE) == 1;
    ssize_t n = ::write(fd, data, len);
    int err = errno;
    if (n < 0 && err == EPIPE && !was_pending) {
        struct timespec zero {};
        sigtimedwait(&pipe_set, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    errno = err;
    return n;
}

void signal_group(pid_t pgid, int signo) {
    HA_ASSERT(pgid > 1);
    ::kill(-pgid, signo);  // ESRCH: the group is already gone
}

}  // namespace

struct ChildRunner::Child {
    struct Capture {
        int fd = -1;
        WatchId watch;
        std::string data;
        bool truncated = false;
    };

    ChildId id = 0;
    pid_t pid = -1;
    DoneCallback done;
    MonoTime started;
    std::size_t max_output = 0;
    Millis kill_grace{0};
    Capture capture[2];  // stdout, stderr
    int stdin_fd = -1;
    WatchId stdin_watch;
    std::string stdin_data;
    std::size_t stdin_offset = 0;
    SourceId exit_watch;
    TimerId deadline;
    TimerId kill_timer;
    bool timed_out = false;
    bool cancelled = false;
    std::string exec_error;
};

namespace {

void close_stdin(MainLoop& loop, ChildRunner::Child& c) {
    loop.remove(c.stdin_watch);
    if (c.stdin_fd >= 0) ::close(c.stdin_fd);
    c.stdin_fd = -1;
}

void close_capture(MainLoop& loop, ChildRunner::Child::Capture& cap) {
    loop.remove(cap.watch);
    if (cap.fd >= 0) ::close(cap.fd);
    cap.fd = -1;
}

// Reads what is available, keeping at most `max` bytes. Closes the pipe at
// EOF or on error.
void read_capture(MainLoop& loop, ChildRunner::Child::Capture& cap, std::size_t max) {
    char buf[kReadChunk];
    for (int i = 0; i < kMaxReadsPerWakeup && cap.fd >= 0; ++i) {
        ssize_t n = ::read(cap.fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n <= 0) {
            close_capture(loop, cap);
            return;
        }
        auto len = static_cast<std::size_t>(n);
        std::size_t room = cap.data.size() < max ? max - cap.data.size() : 0;
        if (len > room) cap.truncated = true;
        cap.data.append(buf, std::min(len, room));
    }
}

}  // namespace

ChildRunner::ChildRunner(MainLoop& loop) : loop_(loop) {}

ChildRunner::~ChildRunner() {
    for (auto& [id, c] : children_) {
        signal_group(c->pid, SIGKILL);
        loop_.remove(c->exit_watch);
        loop_.remove(c->deadline);
        loop_.remove(c->kill_timer);
        close_stdin(loop_, *c);
        for (auto& cap : c->capture)
            close_capture(loop_, cap);
        int status;
        while (::waitpid(c->pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
}

Result<ChildId> ChildRunner::start(ChildSpec spec, DoneCallback done) {
    auto spawned = detail::spawn_child(spec);
    if (!spawned.is_ok()) return spawned.status();

    auto c = std::make_unique<Child>();
    ChildId id = next_id_++;
    c->id = id;
    c->pid = spawned->pid;
    c->done = std::move(done);
    c->started = std::chrono::steady_clock::now();
    c->max_output = spec.max_output;
    c->kill_grace = spec.kill_grace;
    c->exec_error = std::move(spawned->exec_error);
    c->exit_watch = loop_.add_child_watch(
        c->pid, [this, id](pid_t, int wait_status) { on_exit(id, wait_status); });
    int out_fds[2] = {spawned->stdout_fd, spawned->stderr_fd};
    for (int which = 0; which < 2; ++which) {
        if (out_fds[which] < 0) continue;
        c->capture[which].fd = out_fds[which];
        c->capture[which].watch = loop_.add_fd_watch(
            out_fds[which], kIoRead, [this, id, which](IoEvents) { on_output(id, which); });
    }
    if (spawned->stdin_fd >= 0) {
        c->stdin_fd = spawned->stdin_fd;
        c->stdin_data = std::move(*spec.stdin_data);
        c->stdin_watch = loop_.add_fd_watch(c->stdin_fd, kIoWrite,
                                            [this, id](IoEvents) { on_stdin_writable(id); });
    }
    if (spec.timeout > Millis(0)) {
        c->deadline = loop_.add_timer(spec.timeout, [this, id] { on_deadline(id, false); });
    }
    children_.emplace(id, std::move(c));
    return id;
}

bool ChildRunner::cancel(ChildId id) {
    if (!children_.count(id)) return false;
    on_deadline(id, true);
    return true;
}

void ChildRunner::on_output(ChildId id, int which) {
    auto it = children_.find(id);
    if (it == children_.end()) return;
    Child& c = *it->second;
    read_capture(loop_, c.capture[which], c.max_output);
}

void ChildRunner::on_stdin_writable(ChildId id) {
    auto it = children_.find(id);
    if (it == children_.end()) return;
    Child& c = *it->second;
    while (c.stdin_offset < c.stdin_data.size()) {
        ssize_t n = write_no_sigpipe(c.stdin_fd, c.stdin_data.data() + c.stdin_offset,
                                     c.stdin_data.size() - c.stdin_offset);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n <= 0) break;  // EPIPE: the child does not read its input
        c.stdin_offset += static_cast<std::size_t>(n);
    }
    close_stdin(loop_, c);
}

void ChildRunner::on_deadline(ChildId id, bool cancelled) {
    auto it = children_.find(id);
    if (it == children_.end()) return;
    Child& c = *it->second;
    if (c.timed_out || c.cancelled) return;  // already being killed
    (cancelled ? c.cancelled : c.timed_out) = true;
    loop_.remove(c.deadline);
    signal_group(c.pid, SIGTERM);
    pid_t pgid = c.pid;
    c.kill_timer = loop_.add_timer(c.kill_grace, [pgid] { signal_group(pgid, SIGKILL); });
}

void ChildRunner::on_exit(ChildId id, int wait_status) {
    auto it = children_.find(id);
    if (it == children_.end()) return;
    std::unique_ptr<Child> c = std::move(it->second);
    children_.erase(it);

    loop_.remove(c->deadline);
    loop_.remove(c->kill_timer);
    // A killed leader may leave group members that ignored SIGTERM.
    if (c->timed_out || c->cancelled) signal_group(c->pid, SIGKILL);
    close_stdin(loop_, *c);

    ChildResult r;
    r.pid = c->pid;
    if (WIFEXITED(wait_status)) r.exit_code = WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status)) r.signal = WTERMSIG(wait_status);
    r.timed_out = c->timed_out;
    r.cancelled = c->cancelled;
    r.exec_error = std::move(c->exec_error);
    // What the child wrote before exiting is in the pipes now; later output
    // from background processes it left behind is not waited for.
    for (auto& cap : c->capture) {
        read_capture(loop_, cap, c->max_output);
        close_capture(loop_, cap);
        if (cap.truncated) cap.data += kOutputTruncatedMarker;
    }
    r.stdout_text = std::move(c->capture[0].data);
    r.stderr_text = std::move(c->capture[1].data);
    r.stdout_truncated = c->capture[0].truncated;
    r.stderr_truncated = c->capture[1].truncated;
    r.duration = std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - c->started);
    if (c->done) c->done(std::move(r));
}

Result<ChildResult> run_sync(ChildSpec spec) {
    MainLoop loop;
    ChildRunner runner(loop);
    std::optional<ChildResult> result;
    auto started =
        runner.start(std::move(spec), [&result](ChildResult r) { result = std::move(r); });
    if (!started.is_ok()) return started.status();
    while (!result)
        loop.iterate(true);
    return std::move(*result);
}

std::string describe(const ChildResult& r) {
    std::string s;
    if (!r.exec_error.empty()) {
        s = "not run: " + r.exec_error;
    } else if (r.signal != 0) {
        const char* abbrev = sigabbrev_np(r.signal);
        s = "killed by signal " + std::to_string(r.signal);
        if (abbrev) s += std::string(" (SIG") + abbrev + ")";
    } else {
        s = "exited rc=" + std::to_string(r.exit_code);
    }
    if (r.timed_out) s += " after timeout";
    if (r.cancelled) s += " (cancelled)";
    return s;
}

}  // namespace ha::io
