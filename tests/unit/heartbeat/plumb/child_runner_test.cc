#include "heartbeat/plumb/child_runner.h"

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include "heartbeat/plumb/signal_util.h"
#include "tests/support/test_env.h"

namespace ha::io {
namespace {

using std::chrono_literals::operator""ms;

ChildSpec shell(const std::string& script) {
    ChildSpec spec;
    spec.argv = {"/bin/sh", "-c", script};
    return spec;
}

ChildResult run(ChildSpec spec) {
    auto r = run_sync(std::move(spec));
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? *r : ChildResult{};
}

// True once `pid` no longer runs (gone, or a zombie waiting for init).
bool process_gone(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) return true;
    std::string line;
    std::getline(stat, line);
    auto close_paren = line.rfind(')');
    return close_paren != std::string::npos && line.size() > close_paren + 2 &&
           line[close_paren + 2] == 'Z';
}

// Runs `loop` until `done()`, checking every few ms: for outcomes no source
// reports (a file appearing, another process dying).
bool poll_until(MainLoop& loop, const std::function<bool()>& done) {
    TimerId tick = loop.add_timer(
        2ms, [] {}, Repeat::kRepeat);
    bool ok = loop.run_until(done, Millis(5000));
    loop.remove(tick);
    return ok;
}

// Waits (boundedly) for the kernel to finish killing `pid`.
bool eventually_gone(pid_t pid) {
    MainLoop loop;
    return poll_until(loop, [&] { return process_gone(pid); });
}

pid_t read_pid(const std::string& path) {
    std::ifstream in(path);
    long pid = 0;
    in >> pid;
    return static_cast<pid_t>(pid);
}

TEST(ChildRunner, ReportsExitCode) {
    ChildResult r = run(shell("exit 3"));
    EXPECT_TRUE(r.exited());
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_EQ(r.signal, 0);
    EXPECT_FALSE(r.timed_out);
    EXPECT_FALSE(r.succeeded());
    EXPECT_EQ(describe(r), "exited rc=3");
    EXPECT_TRUE(run(shell("true")).succeeded());
}

TEST(ChildRunner, ReportsTerminatingSignal) {
    ChildResult r = run(shell("kill -KILL $$"));
    EXPECT_FALSE(r.exited());
    EXPECT_EQ(r.signal, SIGKILL);
    EXPECT_EQ(describe(r), "killed by signal 9 (SIGKILL)");
}

TEST(ChildRunner, CapturesStdoutAndStderrSeparately) {
    ChildResult r = run(shell("echo out; echo err >&2; echo more"));
    EXPECT_EQ(r.stdout_text, "out\nmore\n");
    EXPECT_EQ(r.stderr_text, "err\n");
    EXPECT_FALSE(r.stdout_truncated);
}

TEST(ChildRunner, TruncatesOutputAtTheBoundAndKeepsDraining) {
    ChildSpec spec = shell("head -c 300000 /dev/zero; echo tail >&2");
    spec.max_output = 1000;
    ChildResult r = run(std::move(spec));
    EXPECT_TRUE(r.succeeded()) << describe(r);  // never blocked on a full pipe
    EXPECT_TRUE(r.stdout_truncated);
    EXPECT_EQ(r.stdout_text, std::string(1000, '\0') + kOutputTruncatedMarker);
    EXPECT_FALSE(r.stderr_truncated);
    EXPECT_EQ(r.stderr_text, "tail\n");
}

TEST(ChildRunner, TimeoutKillsTheWholeProcessGroup) {
    test::TempDir dir;
    ChildSpec spec = shell("sleep 100 & echo $! > " + dir.file("pid") + "; wait");
    spec.timeout = 200ms;
    ChildResult r = run(std::move(spec));
    EXPECT_TRUE(r.timed_out);
    EXPECT_EQ(r.signal, SIGTERM);
    EXPECT_EQ(describe(r), "killed by signal 15 (SIGTERM) after timeout");
    pid_t grandchild = read_pid(dir.file("pid"));
    ASSERT_GT(grandchild, 1) << "the script did not start its grandchild in time";
    EXPECT_TRUE(eventually_gone(grandchild));
}

TEST(ChildRunner, EscalatesToSigkillWhenSigtermIsIgnored) {
    test::TempDir dir;
    ChildSpec spec =
        shell("trap '' TERM; sleep 100 & echo $! > " + dir.file("pid") + "; wait; wait");
    spec.timeout = 200ms;
    spec.kill_grace = 20ms;
    ChildResult r = run(std::move(spec));
    EXPECT_TRUE(r.timed_out);
    EXPECT_EQ(r.signal, SIGKILL);
    pid_t grandchild = read_pid(dir.file("pid"));
    ASSERT_GT(grandchild, 1);
    EXPECT_TRUE(eventually_gone(grandchild));
}

TEST(ChildRunner, ChildLeadsItsOwnProcessGroup) {
    ChildResult r = run(ChildSpec{.argv = {"/bin/cat", "/proc/self/stat"}});
    // "pid (comm) state ppid pgrp ..."
    std::istringstream fields(r.stdout_text.substr(r.stdout_text.rfind(')') + 2));
    std::string state;
    long ppid = 0, pgrp = 0;
    fields >> state >> ppid >> pgrp;
    EXPECT_EQ(ppid, ::getpid());
    EXPECT_EQ(pgrp, r.pid);
}

TEST(ChildRunner, MissingBinaryIsAResultNamingThePath) {
    test::TempDir dir;
    ChildResult r = run(ChildSpec{.argv = {dir.file("no-such-agent")}});
    EXPECT_EQ(r.exit_code, kExitNotFound);
    EXPECT_NE(r.exec_error.find(dir.file("no-such-agent")), std::string::npos) << r.exec_error;
    EXPECT_NE(r.exec_error.find("No such file"), std::string::npos) << r.exec_error;
    EXPECT_EQ(describe(r).rfind("not run: ", 0), 0u);

    ChildResult bare = run(ChildSpec{.argv = {"ha-no-such-program"}});
    EXPECT_EQ(bare.exit_code, kExitNotFound);
    EXPECT_NE(bare.exec_error.find("ha-no-such-program"), std::string::npos);
}

TEST(ChildRunner, NonExecutableFileIsAResult) {
    test::TempDir dir;
    test::write_file(dir.file("agent"), "#!/bin/sh\nexit 0\n", 0644);
    ChildResult r = run(ChildSpec{.argv = {dir.file("agent")}});
    EXPECT_EQ(r.exit_code, kExitCannotExecute);
    EXPECT_NE(r.exec_error.find(dir.file("agent")), std::string::npos) << r.exec_error;
    EXPECT_NE(r.exec_error.find("Permission denied"), std::string::npos) << r.exec_error;
}

TEST(ChildRunner, SearchesPathForBareNames) {
    ChildSpec spec;
    spec.argv = {"sh", "-c", "echo found"};
    spec.env = {{"PATH", "/nonexistent:/bin:/usr/bin"}};
    EXPECT_EQ(run(std::move(spec)).stdout_text, "found\n");
}

TEST(ChildRunner, PassesExactlyTheGivenEnvironment) {
    ChildSpec spec = shell("echo \"$OCF_RESKEY_ip:${HOME-unset}\"");
    spec.env = {{"OCF_RESKEY_ip", "10.0.0.1"}};
    EXPECT_EQ(run(std::move(spec)).stdout_text, "10.0.0.1:unset\n");
}

TEST(ChildRunner, InheritsEnvironmentWithOverrides) {
    ::setenv("HA_CHILD_RUNNER_TEST", "inherited", 1);
    ::setenv("HA_CHILD_RUNNER_OVERRIDE", "old", 1);
    ChildSpec spec = shell("echo \"$HA_CHILD_RUNNER_TEST $HA_CHILD_RUNNER_OVERRIDE\"");
    spec.inherit_env = true;
    spec.env = {{"HA_CHILD_RUNNER_OVERRIDE", "new"}};
    EXPECT_EQ(run(std::move(spec)).stdout_text, "inherited new\n");
    ::unsetenv("HA_CHILD_RUNNER_TEST");
    ::unsetenv("HA_CHILD_RUNNER_OVERRIDE");
}

TEST(ChildRunner, RunsInTheWorkingDirectory) {
    test::TempDir dir;
    ChildSpec spec = shell("pwd -P");
    spec.working_dir = dir.path();
    char resolved[PATH_MAX];
    ASSERT_NE(::realpath(dir.path().c_str(), resolved), nullptr);
    EXPECT_EQ(run(std::move(spec)).stdout_text, std::string(resolved) + "\n");

    ChildSpec bad = shell("true");
    bad.working_dir = dir.file("missing");
    ChildResult r = run(std::move(bad));
    EXPECT_EQ(r.exit_code, kExitCannotExecute);
    EXPECT_NE(r.exec_error.find("working directory " + dir.file("missing")), std::string::npos)
        << r.exec_error;
}

TEST(ChildRunner, FeedsStdinData) {
    std::string big(200000, 'x');
    ChildSpec spec{.argv = {"/bin/cat"}};
    spec.stdin_data = big;
    spec.max_output = big.size();
    ChildResult r = run(std::move(spec));
    EXPECT_TRUE(r.succeeded());
    EXPECT_EQ(r.stdout_text, big);
}

TEST(ChildRunner, ChildIgnoringStdinDoesNotHurtUs) {
    ChildSpec spec = shell("exit 0");  // closes stdin unread: our writes get EPIPE
    spec.stdin_data = std::string(1 << 20, 'y');
    EXPECT_TRUE(run(std::move(spec)).succeeded());
}

TEST(ChildRunner, ChildGetsOnlyStdioAndDefaultSignals) {
    int leaked = ::open("/dev/null", O_RDONLY);  // no O_CLOEXEC on purpose
    ASSERT_GE(leaked, 3);
    ASSERT_TRUE(set_signal_ignored(SIGPIPE).is_ok());
    ChildResult fds = run(shell("ls /proc/$$/fd"));
    ChildResult status = run(ChildSpec{.argv = {"/bin/cat", "/proc/self/status"}});
    ASSERT_TRUE(set_signal_default(SIGPIPE).is_ok());
    ::close(leaked);
    EXPECT_EQ(fds.stdout_text, "0\n1\n2\n");
    EXPECT_NE(status.stdout_text.find("SigIgn:\t0000000000000000"), std::string::npos)
        << status.stdout_text;
    EXPECT_NE(status.stdout_text.find("SigBlk:\t0000000000000000"), std::string::npos);
}

TEST(ChildRunner, CancelEndsTheChild) {
    MainLoop loop;
    ChildRunner runner(loop);
    std::optional<ChildResult> result;
    auto id = runner.start(ChildSpec{.argv = {"/bin/sleep", "100"}},
                           [&](ChildResult r) { result = std::move(r); });
    ASSERT_TRUE(id.is_ok());
    EXPECT_EQ(runner.running(), 1u);
    EXPECT_TRUE(runner.cancel(*id));
    ASSERT_TRUE(loop.run_until([&] { return result.has_value(); }, Millis(5000)));
    EXPECT_TRUE(result->cancelled);
    EXPECT_FALSE(result->timed_out);
    EXPECT_EQ(result->signal, SIGTERM);
    EXPECT_EQ(runner.running(), 0u);
    EXPECT_FALSE(runner.cancel(*id));
}

TEST(ChildRunner, CallbackMayStartTheNextChild) {
    MainLoop loop;
    ChildRunner runner(loop);
    std::vector<int> codes;
    auto second = [&](ChildResult r) { codes.push_back(r.exit_code); };
    auto first = [&](ChildResult r) {
        codes.push_back(r.exit_code);
        EXPECT_TRUE(runner.start(shell("exit 2"), second).is_ok());
    };
    ASSERT_TRUE(runner.start(shell("exit 1"), first).is_ok());
    ASSERT_TRUE(loop.run_until([&] { return codes.size() == 2; }, Millis(5000)));
    EXPECT_EQ(codes, (std::vector<int>{1, 2}));
}

TEST(ChildRunner, DestructorKillsAndReapsRunningChildren) {
    test::TempDir dir;
    MainLoop loop;
    pid_t pid = 0;
    {
        ChildRunner runner(loop);
        bool called = false;
        ChildSpec spec = shell("echo $$ > " + dir.file("pid") + "; exec sleep 100");
        ASSERT_TRUE(runner.start(std::move(spec), [&](ChildResult) { called = true; }).is_ok());
        ASSERT_TRUE(poll_until(loop, [&] { return (pid = read_pid(dir.file("pid"))) > 1; }));
        EXPECT_FALSE(called);
    }
    EXPECT_EQ(loop.source_count(), 0u);
    EXPECT_TRUE(process_gone(pid));  // killed and reaped, not even a zombie
}

TEST(ChildRunner, RejectsEmptyArgv) {
    MainLoop loop;
    ChildRunner runner(loop);
    auto id = runner.start(ChildSpec{}, [](ChildResult) { ADD_FAILURE() << "no child"; });
    ASSERT_FALSE(id.is_ok());
    EXPECT_EQ(id.status().code(), ErrorCode::kInvalid);
    EXPECT_EQ(loop.source_count(), 0u);
}

}  // namespace
}  // namespace ha::io

namespace ha::io {
namespace {

TEST(ChildRunAs, RootRunsTheChildAsAnotherUser) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to switch users";
    ChildSpec spec;
    spec.argv = {"/bin/sh", "-c", "id -u; id -g"};
    spec.run_as = ChildSpec::RunAs{65534, 65534, {65534}};
    auto r = run_sync(spec);
    ASSERT_TRUE(r.is_ok());
    EXPECT_TRUE(r->succeeded()) << describe(*r);
    EXPECT_EQ(r->stdout_text, "65534\n65534\n");
}

}  // namespace
}  // namespace ha::io
