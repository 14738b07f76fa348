#include "lrm/raexec/ra_outcome.h"

#include <gtest/gtest.h>
#include <signal.h>

namespace ha::lrm {
namespace {

ChildResult exited(int code, std::string out = "", std::string err = "") {
    ChildResult c;
    c.exit_code = code;
    c.stdout_text = std::move(out);
    c.stderr_text = std::move(err);
    c.duration = Millis(12);
    return c;
}

OpResult interpret(RscClass cls, OpName op, const ChildResult& c,
                   HbStatusRule rule = HbStatusRule::kResourceManager) {
    return interpret_child_result(cls, op, c, rule, Millis(20000));
}

TEST(Interpret, OcfExitCodes) {
    OpResult r = interpret(RscClass::kOcf, OpName::kMonitor, exited(7, "out", "err"));
    EXPECT_EQ(r.status, ExecStatus::kDone);
    EXPECT_EQ(r.rc, OcfRc::kNotRunning);
    EXPECT_EQ(r.exit_code, 7);
    EXPECT_EQ(r.output, "out");
    EXPECT_EQ(r.error_output, "err");
    EXPECT_EQ(r.duration, Millis(12));
    EXPECT_EQ(r.reason, "");

    OpResult odd = interpret(RscClass::kOcf, OpName::kStart, exited(42));
    EXPECT_EQ(odd.status, ExecStatus::kDone);
    EXPECT_EQ(odd.rc, OcfRc::kErrGeneric);
    EXPECT_EQ(odd.exit_code, 42);
    EXPECT_EQ(odd.reason, "exit code 42 is not an OCF code");
}

TEST(Interpret, LsbStatusAndOtherCodes) {
    EXPECT_EQ(interpret(RscClass::kLsb, OpName::kMonitor, exited(3)).rc, OcfRc::kNotRunning);
    EXPECT_EQ(interpret(RscClass::kLsb, OpName::kStatus, exited(1)).rc, OcfRc::kNotRunning);
    EXPECT_EQ(interpret(RscClass::kLsb, OpName::kStatus, exited(4)).rc, OcfRc::kErrGeneric);
    EXPECT_EQ(interpret(RscClass::kLsb, OpName::kStart, exited(3)).rc, OcfRc::kErrUnimplemented);
    EXPECT_EQ(interpret(RscClass::kLsb, OpName::kStatus, exited(3)).reason,
              "LSB status exit code 3");
}

TEST(Interpret, HeartbeatStatusIgnoresTheExitCode) {
    OpResult r = interpret(RscClass::kHeartbeat, OpName::kStatus, exited(1, "INFO: Running OK"));
    EXPECT_EQ(r.status, ExecStatus::kDone);
    EXPECT_EQ(r.rc, OcfRc::kSuccess);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(interpret(RscClass::kHeartbeat, OpName::kMonitor, exited(0, "stopped")).rc,
              OcfRc::kNotRunning);
    // The rule is the caller's choice.
    EXPECT_EQ(interpret(RscClass::kHeartbeat, OpName::kStatus, exited(0, "RUNNING")).rc,
              OcfRc::kNotRunning);
    EXPECT_EQ(
        interpret(RscClass::kHeartbeat, OpName::kStatus, exited(0, "RUNNING"), HbStatusRule::kLrmd)
            .rc,
        OcfRc::kSuccess);
    // start and stop use the exit code.
    EXPECT_EQ(interpret(RscClass::kHeartbeat, OpName::kStart, exited(0, "not running")).rc,
              OcfRc::kSuccess);
    EXPECT_EQ(interpret(RscClass::kHeartbeat, OpName::kStop, exited(1, "Running OK")).rc,
              OcfRc::kErrGeneric);
}

TEST(Interpret, SignalIsAGenericErrorNamingTheSignal) {
    ChildResult c;
    c.signal = SIGSEGV;
    OpResult r = interpret(RscClass::kOcf, OpName::kStart, c);
    EXPECT_EQ(r.status, ExecStatus::kError);
    EXPECT_EQ(r.rc, OcfRc::kErrGeneric);
    EXPECT_EQ(r.signal, SIGSEGV);
    EXPECT_EQ(r.reason, "killed by signal 11 (SIGSEGV)");
}

TEST(Interpret, TimeoutAndCancelWinOverTheExit) {
    ChildResult t = exited(0);
    t.timed_out = true;
    t.signal = SIGTERM;
    t.exit_code = -1;
    OpResult r = interpret(RscClass::kOcf, OpName::kStart, t);
    EXPECT_EQ(r.status, ExecStatus::kTimeout);
    EXPECT_EQ(r.rc, OcfRc::kErrGeneric);
    EXPECT_EQ(r.reason, "timed out after 20000ms, killed by signal 15 (SIGTERM)");

    ChildResult late = exited(0);  // exited 0 during the grace period: still a timeout
    late.timed_out = true;
    EXPECT_EQ(interpret(RscClass::kOcf, OpName::kStart, late).status, ExecStatus::kTimeout);

    ChildResult c = exited(0);
    c.cancelled = true;
    EXPECT_EQ(interpret(RscClass::kOcf, OpName::kStart, c).status, ExecStatus::kCancelled);
}

TEST(Interpret, ExecFailures) {
    ChildResult missing;
    missing.exit_code = kExitNotFound;
    missing.exec_error = "cannot execute /x: No such file or directory";
    OpResult r = interpret(RscClass::kOcf, OpName::kStart, missing);
    EXPECT_EQ(r.status, ExecStatus::kNotInstalled);
    EXPECT_EQ(r.rc, OcfRc::kErrInstalled);
    EXPECT_NE(r.reason.find("No such file"), std::string::npos);

    ChildResult denied;
    denied.exit_code = kExitCannotExecute;
    denied.exec_error = "cannot execute /x: Permission denied";
    OpResult d = interpret(RscClass::kLsb, OpName::kStart, denied);
    EXPECT_EQ(d.status, ExecStatus::kError);
    EXPECT_EQ(d.rc, OcfRc::kErrPerm);
}

TEST(Interpret, ExitReasonFromStderr) {
    OpResult r = interpret(RscClass::kOcf, OpName::kStart,
                           exited(6, "", "noise\nocf-exit-reason:ip is missing\n"));
    EXPECT_EQ(r.rc, OcfRc::kErrConfigured);
    EXPECT_EQ(r.exit_reason, "ip is missing");
}

}  // namespace
}  // namespace ha::lrm
