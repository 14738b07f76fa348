// Timeouts: a hung agent and everything it started are gone when its op
// times out (process-group kill), also when it ignores SIGTERM.
#include <fstream>

#include <gtest/gtest.h>
#include <signal.h>

#include "heartbeat/plumb/child_runner.h"
#include "lrm/raexec/ra_exec.h"
#include "tests/unit/lrm/raexec/raexec_test_util.h"

namespace ha::lrm {
namespace {

using std::chrono_literals::operator""ms;

// True once `pid` no longer runs (gone, or a zombie waiting for its parent).
bool process_gone(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) return true;
    std::string line;
    std::getline(stat, line);
    auto close_paren = line.rfind(')');
    return close_paren != std::string::npos && line.size() > close_paren + 2 &&
           line[close_paren + 2] == 'Z';
}

// The kernel may need a moment after the SIGKILL; poll briefly.
bool eventually_gone(pid_t pid) {
    io::MainLoop loop;
    io::TimerId tick = loop.add_timer(
        2ms, [] {}, io::Repeat::kRepeat);
    bool gone = loop.run_until([&] { return process_gone(pid); }, Millis(3000));
    loop.remove(tick);
    return gone;
}

pid_t read_pid(const std::string& path) {
    std::ifstream in(path);
    long pid = 0;
    in >> pid;
    return static_cast<pid_t>(pid);
}

// Starts a grandchild `sleep 100`, writes its pid, then hangs.
std::string hung_agent(const std::string& pid_file, bool ignore_term) {
    std::string body = ignore_term ? "trap '' TERM\n" : "";
    body += "sleep 100 &\necho $! > " + pid_file + ".tmp\nmv " + pid_file + ".tmp " + pid_file +
            "\necho started\nwhile :; do sleep 1; done\n";
    return body;
}

TEST(RaExecTimeout, HungAgentAndItsGrandchildAreKilled) {
    test::AgentRoot root;
    root.ocf_agent("test", "Hang", hung_agent(root.file("pid"), false));
    OpOptions opt;
    opt.timeout = Millis(300);
    OpResult r =
        run_op_sync(ResourceSpec::ocf("r", "test", "Hang"), OpName::kStart, opt, root.config());
    EXPECT_EQ(r.status, ExecStatus::kTimeout);
    EXPECT_EQ(r.rc, OcfRc::kErrGeneric);
    EXPECT_EQ(r.reason.rfind("timed out after 300ms", 0), 0u) << r.reason;
    EXPECT_EQ(r.output, "started\n");
    EXPECT_LT(r.duration, Millis(3000));
    pid_t grandchild = read_pid(root.file("pid"));
    ASSERT_GT(grandchild, 0);
    EXPECT_TRUE(eventually_gone(grandchild)) << "grandchild " << grandchild << " survived";
}

TEST(RaExecTimeout, AgentIgnoringTermIsKilledAfterTheGrace) {
    test::AgentRoot root;
    root.lsb_agent("stubborn", hung_agent(root.file("pid"), true));
    OpOptions opt;
    opt.timeout = Millis(300);
    opt.kill_grace = Millis(200);
    OpResult r = run_op_sync(ResourceSpec::lsb("s", "stubborn"), OpName::kStop, opt, root.config());
    EXPECT_EQ(r.status, ExecStatus::kTimeout);
    EXPECT_EQ(r.signal, SIGKILL);
    EXPECT_GE(r.duration, Millis(500));
    EXPECT_LT(r.duration, Millis(3000));
    pid_t grandchild = read_pid(root.file("pid"));
    ASSERT_GT(grandchild, 0);
    EXPECT_TRUE(eventually_gone(grandchild)) << "grandchild " << grandchild << " survived";
}

TEST(RaExecTimeout, HeartbeatStatusTimeoutIsNotReadAsNotRunning) {
    test::AgentRoot root;
    root.heartbeat_agent("Slow", "echo 'stopped'\nsleep 100\n");
    OpOptions opt;
    opt.timeout = Millis(200);
    OpResult r =
        run_op_sync(ResourceSpec::heartbeat("g", "Slow"), OpName::kStatus, opt, root.config());
    EXPECT_EQ(r.status, ExecStatus::kTimeout);
    EXPECT_EQ(r.rc, OcfRc::kErrGeneric);
}

TEST(RaExecTimeout, DestroyingRaExecKillsRunningAgentsSilently) {
    test::AgentRoot root;
    root.ocf_agent("test", "Hang", hung_agent(root.file("pid"), false));
    io::MainLoop loop;
    io::ChildRunner runner(loop);
    int calls = 0;
    {
        RaExec exec(loop, runner, root.config());
        exec.run(ResourceSpec::ocf("r", "test", "Hang"), OpName::kStart, {},
                 [&](OpResult) { ++calls; });
        ASSERT_TRUE(
            loop.run_until([&] { return std::ifstream(root.file("pid")).good(); }, Millis(5000)));
    }
    pid_t grandchild = read_pid(root.file("pid"));
    ASSERT_TRUE(loop.run_until([&] { return runner.running() == 0; }, Millis(5000)));
    EXPECT_EQ(calls, 0);
    EXPECT_TRUE(eventually_gone(grandchild));
}

}  // namespace
}  // namespace ha::lrm
