#include "heartbeat/plumb/child_spawn.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include "heartbeat/plumb/fd_util.h"

extern char** environ;

namespace ha::io::detail {

namespace {

// What the child reports through the close-on-exec error pipe when it cannot
// exec. A successful execve closes the pipe, so the parent reads EOF.
struct ExecReport {
    int stage;  // kStageChdir or kStageExec
    int err;    // errno
};
constexpr int kStageChdir = 1;
constexpr int kStageExec = 2;
constexpr int kStageUser = 3;

// Everything the child needs, prepared before fork: the child may not
// allocate (another thread could hold the malloc lock).
struct ChildPlan {
    std::vector<std::string> candidates;  // program paths to try, in order
    std::vector<char*> argv;
    std::vector<char*> envp;
    const char* working_dir = nullptr;
    const ChildSpec::RunAs* run_as = nullptr;
    int stdin_fd = -1;   // child end: pipe or /dev/null
    int stdout_fd = -1;  // child ends, -1 = keep ours
    int stderr_fd = -1;
    int report_fd = -1;
    int max_fd = 1024;  // for the close loop when close_range is missing
};

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

// Keeps fds 0..2 free, so the child's dup2 onto them never hits its own pipe.
Status lift_above_stdio(int& fd) {
    if (fd > 2) return Status::ok();
    int lifted = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (lifted < 0) return errno_status("fcntl(F_DUPFD_CLOEXEC)");
    ::close(fd);
    fd = lifted;
    return Status::ok();
}

Status make_pipe(int& read_end, int& write_end) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return errno_status("pipe2");
    read_end = fds[0];
    write_end = fds[1];
    HA_RETURN_IF_ERROR(lift_above_stdio(read_end));
    return lift_above_stdio(write_end);
}

std::string lookup_path_var(const ChildSpec& spec) {
    auto it = spec.env.find("PATH");
    if (it != spec.env.end()) return it->second;
    if (spec.inherit_env) {
        const char* p = ::getenv("PATH");
        if (p) return p;
    }
    return "/usr/bin:/bin";
}

// argv[0] with a slash is a path; a bare name is tried in each PATH entry,
// as execvp does (an empty entry means the working directory).
std::vector<std::string> program_candidates(const ChildSpec& spec) {
    const std::string& prog = spec.argv[0];
    if (prog.find('/') != std::string::npos || prog.empty()) return {prog};
    std::vector<std::string> out;
    std::string path = lookup_path_var(spec);
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find(':', start);
        if (end == std::string::npos) end = path.size();
        std::string dir = path.substr(start, end - start);
        out.push_back((dir.empty() ? std::string(".") : dir) + "/" + prog);
        start = end + 1;
    }
    return out;
}

std::vector<std::string> environment(const ChildSpec& spec) {
    std::map<std::string, std::string> merged;
    if (spec.inherit_env) {
        for (char** e = environ; e && *e; ++e) {
            std::string kv(*e);
            std::size_t eq = kv.find('=');
            if (eq != std::string::npos) merged[kv.substr(0, eq)] = kv.substr(eq + 1);
        }
    }
    for (const auto& [k, v] : spec.env)
        merged[k] = v;
    std::vector<std::string> out;
    out.reserve(merged.size());
    for (const auto& [k, v] : merged)
        out.push_back(k + "=" + v);
    return out;
}

[[noreturn]] void report_and_exit(int report_fd, int stage, int err) {
    ExecReport report{stage, err};
    ssize_t n;
    do {
        n = ::write(report_fd, &report, sizeof report);
    } while (n < 0 && errno == EINTR);
    bool not_found = stage == kStageExec && (err == ENOENT || err == ENOTDIR);
    ::_exit(not_found ? kExitNotFound : kExitCannotExecute);
}

// Closes fds first..last: close_range(2), or one by one up to max_fd.
void close_fds(unsigned first, unsigned last, int max_fd) {
    if (first > last) return;
    if (::close_range(first, last, 0) == 0) return;
    unsigned stop = std::min(last, static_cast<unsigned>(max_fd));
    for (unsigned fd = first; fd <= stop; ++fd)
        ::close(static_cast<int>(fd));
}

// In the child: async-signal-safe calls only, then execve or _exit.
[[noreturn]] void exec_child(const ChildPlan& plan) {
    ::setpgid(0, 0);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    for (int s = 1; s < NSIG; ++s) {
        if (s != SIGKILL && s != SIGSTOP) ::sigaction(s, &dfl, nullptr);
    }
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);

    if (::dup2(plan.stdin_fd, 0) < 0) report_and_exit(plan.report_fd, kStageExec, errno);
    if (plan.stdout_fd >= 0 && ::dup2(plan.stdout_fd, 1) < 0)
        report_and_exit(plan.report_fd, kStageExec, errno);
    if (plan.stderr_fd >= 0 && ::dup2(plan.stderr_fd, 2) < 0)
        report_and_exit(plan.report_fd, kStageExec, errno);
    if (plan.working_dir && ::chdir(plan.working_dir) != 0)
        report_and_exit(plan.report_fd, kStageChdir, errno);
    if (plan.run_as) {
        const auto& u = *plan.run_as;
        if (::setgroups(u.groups.size(), u.groups.data()) != 0 || ::setgid(u.gid) != 0 ||
            ::setuid(u.uid) != 0)
            report_and_exit(plan.report_fd, kStageUser, errno);
    }

    // Everything but 0..2 and the report pipe (close-on-exec) goes.
    auto report = static_cast<unsigned>(plan.report_fd);  // >= 3, see lift_above_stdio
    close_fds(3, report - 1, plan.max_fd);
    close_fds(report + 1, ~0u, plan.max_fd);

    int err = ENOENT;
    bool denied = false;
    for (const std::string& candidate : plan.candidates) {
        ::execve(candidate.c_str(), plan.argv.data(), plan.envp.data());
        err = errno;
        if (err == EACCES) denied = true;
        if (err != ENOENT && err != ENOTDIR && err != EACCES) break;
    }
    if (denied && (err == ENOENT || err == ENOTDIR)) err = EACCES;
    report_and_exit(plan.report_fd, kStageExec, err);
}

std::string describe_failure(const ChildSpec& spec, const ExecReport& report) {
    if (report.stage == kStageChdir)
        return "cannot change to working directory " + spec.working_dir + ": " +
               std::strerror(report.err);
    if (report.stage == kStageUser && spec.run_as)
        return "cannot switch to uid " + std::to_string(spec.run_as->uid) + ": " +
               std::strerror(report.err);
    return "cannot execute " + spec.argv[0] + ": " + std::strerror(report.err);
}

// Fds owned by spawn_child until handed out; closed on every early return.
struct Fds {
    int in_child = -1, in_parent = -1;
    int out_child = -1, out_parent = -1;
    int err_child = -1, err_parent = -1;
    int report_read = -1, report_write = -1;
    ~Fds() {
        for (int* fd : {&in_child, &in_parent, &out_child, &out_parent, &err_child, &err_parent,
                        &report_read, &report_write})
            close_fd(*fd);
    }
};

}  // namespace

Result<Spawned> spawn_child(const ChildSpec& spec) {
    if (spec.argv.empty()) return invalid("child spec: argv is empty");

    Fds fds;
    HA_RETURN_IF_ERROR(make_pipe(fds.report_read, fds.report_write));
    if (spec.stdin_data) {
        HA_RETURN_IF_ERROR(make_pipe(fds.in_child, fds.in_parent));
        HA_RETURN_IF_ERROR(set_nonblocking(fds.in_parent));
    } else {
        fds.in_child = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (fds.in_child < 0) return errno_status("open /dev/null");
        HA_RETURN_IF_ERROR(lift_above_stdio(fds.in_child));
    }
    if (spec.capture_output) {
        HA_RETURN_IF_ERROR(make_pipe(fds.out_parent, fds.out_child));
        HA_RETURN_IF_ERROR(make_pipe(fds.err_parent, fds.err_child));
        HA_RETURN_IF_ERROR(set_nonblocking(fds.out_parent));
        HA_RETURN_IF_ERROR(set_nonblocking(fds.err_parent));
    }

    std::vector<std::string> env = environment(spec);
    ChildPlan plan;
    plan.candidates = program_candidates(spec);
    for (const std::string& a : spec.argv)
        plan.argv.push_back(const_cast<char*>(a.c_str()));
    plan.argv.push_back(nullptr);
    for (const std::string& e : env)
        plan.envp.push_back(const_cast<char*>(e.c_str()));
    plan.envp.push_back(nullptr);
    if (!spec.working_dir.empty()) plan.working_dir = spec.working_dir.c_str();
    if (spec.run_as) plan.run_as = &*spec.run_as;
    plan.stdin_fd = fds.in_child;
    plan.stdout_fd = fds.out_child;
    plan.stderr_fd = fds.err_child;
    plan.report_fd = fds.report_write;
    struct rlimit rl {};
    if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        plan.max_fd = static_cast<int>(rl.rlim_cur);

    pid_t pid = ::fork();
    if (pid < 0) return errno_status("fork " + spec.argv[0]);
    if (pid == 0) exec_child(plan);

    // Both sides set the group, so it exists before anyone signals it.
    ::setpgid(pid, pid);
    close_fd(fds.report_write);
    close_fd(fds.in_child);
    close_fd(fds.out_child);
    close_fd(fds.err_child);

    Spawned spawned;
    spawned.pid = pid;
    ExecReport report{};
    std::size_t got = 0;
    while (got < sizeof report) {
        ssize_t n =
            ::read(fds.report_read, reinterpret_cast<char*>(&report) + got, sizeof report - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
    }
    if (got == sizeof report) spawned.exec_error = describe_failure(spec, report);

    spawned.stdin_fd = std::exchange(fds.in_parent, -1);
    spawned.stdout_fd = std::exchange(fds.out_parent, -1);
    spawned.stderr_fd = std::exchange(fds.err_parent, -1);
    return spawned;
}

}  // namespace ha::io::detail
