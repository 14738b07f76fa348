// RaExec with the real ChildRunner and small shell agents in a TempDir:
// every class, exit codes, output, environments and the failure paths.
#include "lrm/raexec/ra_exec.h"

#include <gtest/gtest.h>

#include "heartbeat/plumb/child_runner.h"
#include "tests/unit/lrm/raexec/raexec_test_util.h"

namespace ha::lrm {
namespace {

using test::AgentRoot;

// An OCF agent that records its argument and exits with OCF_RESKEY_rc.
constexpr const char* kOcfRcAgent =
    "echo \"$1\" > \"$OCF_RESKEY_log\"\n"
    "echo \"out:$1\"\n"
    "exit \"${OCF_RESKEY_rc:-0}\"\n";

class RaExecTest : public ::testing::Test {
  protected:
    OpResult run(const ResourceSpec& rsc, OpName op, const OpOptions& options = {}) {
        return run_op_sync(rsc, op, options, root_.config());
    }
    std::string last_word() {
        std::string s = ha::test::read_file(root_.file("log"));
        while (!s.empty() && s.back() == '\n')
            s.pop_back();
        return s;
    }
    ResourceSpec ocf_rc(int rc) {
        return ResourceSpec::ocf("r1", "test", "RcAgent",
                                 {{"rc", std::to_string(rc)}, {"log", root_.file("log")}});
    }

    AgentRoot root_;
};

TEST_F(RaExecTest, OcfEveryOpReachesTheAgentByItsName) {
    root_.ocf_agent("test", "RcAgent", kOcfRcAgent);
    for (OpName op : {OpName::kStart, OpName::kStop, OpName::kMonitor, OpName::kStatus,
                      OpName::kMetaData, OpName::kValidateAll, OpName::kPromote, OpName::kDemote,
                      OpName::kNotify, OpName::kReload, OpName::kMigrateTo, OpName::kMigrateFrom}) {
        OpResult r = run(ocf_rc(0), op);
        EXPECT_EQ(r.status, ExecStatus::kDone) << op_name(op) << ": " << describe(r);
        EXPECT_EQ(r.rc, OcfRc::kSuccess) << op_name(op);
        EXPECT_EQ(last_word(), op_name(op));
        EXPECT_EQ(r.output, std::string("out:") + op_name(op) + "\n");
    }
}

TEST_F(RaExecTest, OcfExitCodesMapOneToOne) {
    root_.ocf_agent("test", "RcAgent", kOcfRcAgent);
    for (int rc = 0; rc <= 9; ++rc) {
        OpResult r = run(ocf_rc(rc), OpName::kMonitor);
        EXPECT_EQ(r.status, ExecStatus::kDone);
        EXPECT_EQ(to_int(r.rc), rc);
        EXPECT_EQ(r.exit_code, rc);
    }
    OpResult odd = run(ocf_rc(99), OpName::kMonitor);
    EXPECT_EQ(odd.rc, OcfRc::kErrGeneric);
    EXPECT_EQ(odd.exit_code, 99);
}

TEST_F(RaExecTest, LsbStatusMapping) {
    // The script's status code comes from a file beside it.
    root_.lsb_agent(
        "svc", "echo \"$1\" > " + root_.file("log") + "\nexit $(cat " + root_.file("code") + ")\n");
    auto rsc = ResourceSpec::lsb("svc", "svc");
    const std::pair<int, OcfRc> status_cases[] = {{0, OcfRc::kSuccess},     {1, OcfRc::kNotRunning},
                                                  {2, OcfRc::kNotRunning},  {3, OcfRc::kNotRunning},
                                                  {4, OcfRc::kErrGeneric},  {5, OcfRc::kErrGeneric},
                                                  {150, OcfRc::kErrGeneric}};
    for (auto [code, want] : status_cases) {
        ha::test::write_file(root_.file("code"), std::to_string(code));
        for (OpName op : {OpName::kStatus, OpName::kMonitor}) {
            OpResult r = run(rsc, op);
            EXPECT_EQ(r.status, ExecStatus::kDone);
            EXPECT_EQ(r.rc, want) << "status exit " << code;
            EXPECT_EQ(last_word(), "status");  // monitor runs status
        }
    }
    const std::pair<int, OcfRc> start_cases[] = {
        {0, OcfRc::kSuccess},      {1, OcfRc::kErrGeneric}, {3, OcfRc::kErrUnimplemented},
        {5, OcfRc::kErrInstalled}, {7, OcfRc::kNotRunning}, {8, OcfRc::kErrGeneric}};
    for (auto [code, want] : start_cases) {
        ha::test::write_file(root_.file("code"), std::to_string(code));
        for (OpName op : {OpName::kStart, OpName::kStop}) {
            OpResult r = run(rsc, op);
            EXPECT_EQ(r.rc, want) << op_name(op) << " exit " << code;
            EXPECT_EQ(last_word(), op_name(op));
        }
    }
}

TEST_F(RaExecTest, HeartbeatClassArgsAndStartStopByExitCode) {
    root_.heartbeat_agent("Hb", "echo \"$*\" > " + root_.file("log") + "\nexit $1\n");
    OpResult ok = run(ResourceSpec::heartbeat("g", "Hb", {"0", "second arg"}), OpName::kStart);
    EXPECT_EQ(ok.rc, OcfRc::kSuccess);
    EXPECT_EQ(last_word(), "0 second arg start");
    OpResult bad = run(ResourceSpec::heartbeat("g", "Hb", {"1"}), OpName::kStop);
    EXPECT_EQ(bad.rc, OcfRc::kErrGeneric);
    EXPECT_EQ(last_word(), "1 stop");
    EXPECT_EQ(run(ResourceSpec::heartbeat("g", "Hb", {"9"}), OpName::kStart).rc,
              OcfRc::kErrGeneric);
}

TEST_F(RaExecTest, HeartbeatClassScriptsAreAlsoFoundInInitDir) {
    root_.lsb_agent("OnlyInit", "echo \"$*\" > " + root_.file("log") + "\n");
    OpResult r = run(ResourceSpec::heartbeat("g", "OnlyInit", {"a"}), OpName::kStart);
    EXPECT_EQ(r.rc, OcfRc::kSuccess) << describe(r);
    EXPECT_EQ(last_word(), "a start");
}

TEST_F(RaExecTest, HeartbeatClassStatusIsDecidedFromStdout) {
    // Prints its first argument on stdout, noise on stderr, exits with the second.
    root_.heartbeat_agent("Say", "echo \"$3\" > " + root_.file("log") +
                                     "\nprintf '%s' \"$1\"\necho 'running OK' >&2\nexit $2\n");
    const std::tuple<const char*, int, OcfRc> cases[] = {
        {"INFO: Say Running OK", 1, OcfRc::kSuccess},  // exit code ignored
        {"running", 0, OcfRc::kSuccess},
        {"OK", 3, OcfRc::kSuccess},
        {"INFO: Say Resource is stopped", 0, OcfRc::kNotRunning},
        {"stopped", 0, OcfRc::kNotRunning},
        {"Daemon is not running", 0, OcfRc::kNotRunning},
        {"\x01\x02garbage\xff", 0, OcfRc::kNotRunning},
        {"", 0, OcfRc::kNotRunning},  // stderr's "running OK" does not count
    };
    for (const auto& [text, code, want] : cases) {
        auto rsc = ResourceSpec::heartbeat("g", "Say", {text, std::to_string(code)});
        for (OpName op : {OpName::kStatus, OpName::kMonitor}) {
            OpResult r = run(rsc, op);
            EXPECT_EQ(r.status, ExecStatus::kDone);
            EXPECT_EQ(r.rc, want) << "output [" << text << "]";
            EXPECT_EQ(r.exit_code, code);
            EXPECT_EQ(last_word(), "status");
        }
    }
}

TEST_F(RaExecTest, OcfAgentSeesItsEnvironment) {
    root_.ocf_agent("acme", "EnvDump", "env > \"$OCF_RESKEY_dump\"\n");
    RaExecConfig config = root_.config();
    config.base_env["OCF_RESKEY_leak"] = "from the daemon";
    config.base_env["KEEP_ME"] = "yes";
    OpOptions opt;
    opt.timeout = Millis(4321);
    opt.interval = Millis(15000);
    opt.meta = {{"clone-max", "2"}};
    opt.extra_env = {{"HA_RSCTMP", root_.path()}};
    auto rsc = ResourceSpec::ocf(
        "web:1", "acme", "EnvDump",
        {{"dump", root_.file("env")}, {"spaced", "a  b"}, {"OCF_CHECK_LEVEL", "20"}});
    OpResult r = run_op_sync(rsc, OpName::kMonitor, opt, config);
    ASSERT_EQ(r.rc, OcfRc::kSuccess) << describe(r);
    auto env = test::read_env_dump(root_.file("env"));
    EXPECT_EQ(env["OCF_ROOT"], root_.ocf_root());
    EXPECT_EQ(env["OCF_RA_VERSION_MAJOR"], "1");
    EXPECT_EQ(env["OCF_RA_VERSION_MINOR"], "0");
    EXPECT_EQ(env["OCF_RESOURCE_INSTANCE"], "web:1");
    EXPECT_EQ(env["OCF_RESOURCE_TYPE"], "EnvDump");
    EXPECT_EQ(env["OCF_RESOURCE_PROVIDER"], "acme");
    EXPECT_EQ(env["OCF_RESKEY_dump"], root_.file("env"));
    EXPECT_EQ(env["OCF_RESKEY_spaced"], "a  b");
    EXPECT_EQ(env["OCF_CHECK_LEVEL"], "20");
    EXPECT_EQ(env["OCF_RESKEY_CRM_meta_timeout"], "4321");
    EXPECT_EQ(env["OCF_RESKEY_CRM_meta_interval"], "15000");
    EXPECT_EQ(env["OCF_RESKEY_CRM_meta_clone_max"], "2");
    EXPECT_EQ(env["HA_RSCTMP"], root_.path());
    EXPECT_EQ(env["KEEP_ME"], "yes");
    EXPECT_EQ(env.count("OCF_RESKEY_leak"), 0u);
}

TEST_F(RaExecTest, MissingAgentRunsNothing) {
    for (const ResourceSpec& rsc :
         {ResourceSpec::ocf("r", "test", "Nope"), ResourceSpec::lsb("r", "nope"),
          ResourceSpec::heartbeat("r", "Nope")}) {
        OpResult r = run(rsc, OpName::kStart);
        EXPECT_EQ(r.status, ExecStatus::kNotInstalled) << rsc_class_name(rsc.rsc_class);
        EXPECT_EQ(r.rc, OcfRc::kErrInstalled);
        EXPECT_EQ(r.exit_code, -1);
        EXPECT_NE(r.reason.find("no such agent"), std::string::npos) << r.reason;
        EXPECT_NE(r.reason.find("Nope") + r.reason.find("nope"), 2 * std::string::npos);
    }
}

TEST_F(RaExecTest, NonExecutableAgentRunsNothing) {
    std::string path = root_.ocf_agent("test", "NoExec", "touch " + root_.file("ran") + "\n", 0644);
    OpResult r = run(ResourceSpec::ocf("r", "test", "NoExec"), OpName::kStart);
    EXPECT_EQ(r.status, ExecStatus::kNotInstalled);
    EXPECT_EQ(r.rc, OcfRc::kErrInstalled);
    EXPECT_NE(r.reason.find(path + ": not an executable regular file"), std::string::npos)
        << r.reason;
    EXPECT_FALSE(std::ifstream(root_.file("ran")).good());
}

TEST_F(RaExecTest, BadInterpreterIsNotInstalled) {
    ha::test::write_file(root_.ocf_root() + "/resource.d/test/BadShebang",
                         "#!/nonexistent/interpreter\nexit 0\n", 0755);
    OpResult r = run(ResourceSpec::ocf("r", "test", "BadShebang"), OpName::kStart);
    EXPECT_EQ(r.status, ExecStatus::kNotInstalled) << describe(r);
    EXPECT_EQ(r.rc, OcfRc::kErrInstalled);
}

TEST_F(RaExecTest, InvalidResourceIsNotRun) {
    OpResult r = run(ResourceSpec::ocf("r", "test", "../../../bin/true"), OpName::kStart);
    EXPECT_EQ(r.status, ExecStatus::kError);
    EXPECT_EQ(r.rc, OcfRc::kErrConfigured);
    EXPECT_NE(r.reason.find("type"), std::string::npos) << r.reason;
}

TEST_F(RaExecTest, StonithIsNotRunHere) {
    ResourceSpec rsc = ResourceSpec::lsb("f", "external_ssh");
    rsc.rsc_class = RscClass::kStonith;
    OpResult r = run(rsc, OpName::kStart);
    EXPECT_EQ(r.status, ExecStatus::kNotSupported);
    EXPECT_EQ(r.rc, OcfRc::kErrUnimplemented);
}

TEST_F(RaExecTest, KilledBySignalIsGenericErrorNamingTheSignal) {
    root_.ocf_agent("test", "Suicide", "echo partial\nkill -KILL $$\n");
    OpResult r = run(ResourceSpec::ocf("r", "test", "Suicide"), OpName::kStart);
    EXPECT_EQ(r.status, ExecStatus::kError);
    EXPECT_EQ(r.rc, OcfRc::kErrGeneric);
    EXPECT_EQ(r.signal, 9);
    EXPECT_EQ(r.reason, "killed by signal 9 (SIGKILL)");
    EXPECT_EQ(r.output, "partial\n");
}

TEST_F(RaExecTest, HugeGarbageOutputIsBounded) {
    root_.ocf_agent("test", "Noisy",
                    "head -c 3000000 /dev/urandom\nhead -c 3000000 /dev/urandom >&2\nexit 7\n");
    OpResult r = run(ResourceSpec::ocf("r", "test", "Noisy"), OpName::kMonitor);
    EXPECT_EQ(r.status, ExecStatus::kDone);
    EXPECT_EQ(r.rc, OcfRc::kNotRunning);
    EXPECT_EQ(r.output.size(), kDefaultMaxOutput + std::string(kOutputTruncatedMarker).size());
    EXPECT_EQ(r.error_output.size(),
              kDefaultMaxOutput + std::string(kOutputTruncatedMarker).size());

    OpOptions small;
    small.max_output = 100;
    OpResult s = run(ResourceSpec::ocf("r", "test", "Noisy"), OpName::kMonitor, small);
    EXPECT_EQ(s.rc, OcfRc::kNotRunning);
    EXPECT_EQ(s.output.size(), 100 + std::string(kOutputTruncatedMarker).size());
}

TEST_F(RaExecTest, ExitReasonIsPickedFromStderr) {
    root_.ocf_agent("test", "Reason", "echo 'ocf-exit-reason:ip address missing' >&2\nexit 6\n");
    OpResult r = run(ResourceSpec::ocf("r", "test", "Reason"), OpName::kValidateAll);
    EXPECT_EQ(r.rc, OcfRc::kErrConfigured);
    EXPECT_EQ(r.exit_reason, "ip address missing");
}

TEST_F(RaExecTest, HeartbeatMetadataIsSynthesizedWithoutRunning) {
    root_.heartbeat_agent("Marker", "touch " + root_.file("ran") + "\n");
    OpResult r = run(ResourceSpec::heartbeat("g", "Marker"), OpName::kMetaData);
    EXPECT_EQ(r.status, ExecStatus::kDone);
    EXPECT_EQ(r.rc, OcfRc::kSuccess);
    EXPECT_NE(r.output.find("<resource-agent name=\"Marker\">"), std::string::npos);
    EXPECT_FALSE(std::ifstream(root_.file("ran")).good());
}

TEST_F(RaExecTest, LsbMetadataComesFromTheScriptHeader) {
    root_.lsb_agent("websvc",
                    "### BEGIN INIT INFO\n# Provides: websvc\n"
                    "# Short-Description: A web service\n### END INIT INFO\n"
                    "touch " +
                        root_.file("ran") + "\n");
    OpResult r = run(ResourceSpec::lsb("w", "websvc"), OpName::kMetaData);
    EXPECT_EQ(r.rc, OcfRc::kSuccess) << describe(r);
    EXPECT_NE(r.output.find("<shortdesc lang=\"en\">A web service</shortdesc>"), std::string::npos)
        << r.output;
    EXPECT_FALSE(std::ifstream(root_.file("ran")).good());
    EXPECT_EQ(run(ResourceSpec::lsb("w", "absent"), OpName::kMetaData).status,
              ExecStatus::kNotInstalled);
}

// The asynchronous API: callbacks run later on the loop, once each.
class RaExecAsyncTest : public ::testing::Test {
  protected:
    RaExecAsyncTest() : runner_(loop_), exec_(loop_, runner_, root_.config()) {}

    bool wait_for(const std::function<bool()>& done) { return loop_.run_until(done, Millis(5000)); }

    AgentRoot root_;
    io::MainLoop loop_;
    io::ChildRunner runner_;
    RaExec exec_;
};

TEST_F(RaExecAsyncTest, CallbackNeverRunsInsideRun) {
    int calls = 0;
    std::optional<OpResult> got;
    exec_.run(ResourceSpec::ocf("r", "test", "Missing"), OpName::kStart, {}, [&](OpResult r) {
        ++calls;
        got = std::move(r);
    });
    EXPECT_EQ(calls, 0);
    EXPECT_EQ(exec_.pending(), 1u);
    ASSERT_TRUE(wait_for([&] { return calls > 0; }));
    EXPECT_EQ(got->status, ExecStatus::kNotInstalled);
    for (int i = 0; i < 5; ++i)
        loop_.iterate(false);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(exec_.pending(), 0u);
}

TEST_F(RaExecAsyncTest, ConcurrentOpsReportToTheirOwnCallbacks) {
    root_.ocf_agent("test", "Echo",
                    "sleep 0.0$OCF_RESKEY_n\necho $OCF_RESKEY_n\nexit $OCF_RESKEY_n\n");
    std::map<int, OpResult> results;
    for (int n = 1; n <= 4; ++n) {
        exec_.run(
            ResourceSpec::ocf("r" + std::to_string(n), "test", "Echo", {{"n", std::to_string(n)}}),
            OpName::kMonitor, {}, [&results, n](OpResult r) { results[n] = std::move(r); });
    }
    ASSERT_TRUE(wait_for([&] { return results.size() == 4; }));
    for (int n = 1; n <= 4; ++n) {
        EXPECT_EQ(to_int(results[n].rc), n);
        EXPECT_EQ(results[n].output, std::to_string(n) + "\n");
    }
}

TEST_F(RaExecAsyncTest, CancelRunningAndUndecidedOps) {
    root_.ocf_agent("test", "Slow", "sleep 100\n");
    std::optional<OpResult> slow;
    OpId id = exec_.run(ResourceSpec::ocf("r", "test", "Slow"), OpName::kStart, {},
                        [&](OpResult r) { slow = std::move(r); });
    std::optional<OpResult> missing;
    OpId id2 = exec_.run(ResourceSpec::ocf("r", "test", "Missing"), OpName::kStart, {},
                         [&](OpResult r) { missing = std::move(r); });
    EXPECT_TRUE(exec_.cancel(id));
    EXPECT_TRUE(exec_.cancel(id2));
    EXPECT_FALSE(exec_.cancel(9999));
    ASSERT_TRUE(wait_for([&] { return slow && missing; }));
    EXPECT_EQ(slow->status, ExecStatus::kCancelled);
    EXPECT_EQ(missing->status, ExecStatus::kCancelled);
    EXPECT_FALSE(exec_.cancel(id));
}

}  // namespace
}  // namespace ha::lrm
