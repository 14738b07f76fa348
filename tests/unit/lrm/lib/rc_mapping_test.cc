#include "lrm/lib/rc_mapping.h"

#include <gtest/gtest.h>

namespace ha::lrm {
namespace {

TEST(OcfExitToRc, ApiCodesPassOthersAreGeneric) {
    for (int i = 0; i <= 9; ++i)
        EXPECT_EQ(to_int(ocf_exit_to_rc(i)), i);
    EXPECT_EQ(ocf_exit_to_rc(190), OcfRc::kDegraded);
    EXPECT_EQ(ocf_exit_to_rc(10), OcfRc::kErrGeneric);
    EXPECT_EQ(ocf_exit_to_rc(126), OcfRc::kErrGeneric);
    EXPECT_EQ(ocf_exit_to_rc(255), OcfRc::kErrGeneric);
    EXPECT_EQ(ocf_exit_to_rc(-1), OcfRc::kErrGeneric);
}

TEST(LsbExitToRc, StatusCodes) {
    for (OpName op : {OpName::kStatus, OpName::kMonitor}) {
        EXPECT_EQ(lsb_exit_to_rc(op, 0), OcfRc::kSuccess);
        EXPECT_EQ(lsb_exit_to_rc(op, 1), OcfRc::kNotRunning);  // dead, pid file exists
        EXPECT_EQ(lsb_exit_to_rc(op, 2), OcfRc::kNotRunning);  // dead, lock file exists
        EXPECT_EQ(lsb_exit_to_rc(op, 3), OcfRc::kNotRunning);
        EXPECT_EQ(lsb_exit_to_rc(op, 4), OcfRc::kErrGeneric);  // unknown
        EXPECT_EQ(lsb_exit_to_rc(op, 5), OcfRc::kErrGeneric);
        EXPECT_EQ(lsb_exit_to_rc(op, 7), OcfRc::kErrGeneric);
        EXPECT_EQ(lsb_exit_to_rc(op, 150), OcfRc::kErrGeneric);
    }
}

TEST(LsbExitToRc, OtherActionsUseTheLsbGenericCodes) {
    for (OpName op : {OpName::kStart, OpName::kStop, OpName::kReload}) {
        for (int i = 0; i <= 7; ++i)
            EXPECT_EQ(to_int(lsb_exit_to_rc(op, i)), i);
        EXPECT_EQ(lsb_exit_to_rc(op, 8), OcfRc::kErrGeneric);  // not "running master"
        EXPECT_EQ(lsb_exit_to_rc(op, 9), OcfRc::kErrGeneric);
        EXPECT_EQ(lsb_exit_to_rc(op, 100), OcfRc::kErrGeneric);
    }
    // Status meanings do not apply to start: 3 is "unimplemented" there.
    EXPECT_EQ(lsb_exit_to_rc(OpName::kStart, 3), OcfRc::kErrUnimplemented);
}

TEST(HeartbeatExitToRc, LikeLsb) {
    EXPECT_EQ(heartbeat_exit_to_rc(0), OcfRc::kSuccess);
    EXPECT_EQ(heartbeat_exit_to_rc(1), OcfRc::kErrGeneric);
    EXPECT_EQ(heartbeat_exit_to_rc(5), OcfRc::kErrInstalled);
    EXPECT_EQ(heartbeat_exit_to_rc(8), OcfRc::kErrGeneric);
    EXPECT_EQ(heartbeat_exit_to_rc(255), OcfRc::kErrGeneric);
}

struct StatusCase {
    const char* output;
    bool rm_running;    // heartbeat 3.0.6 ResourceManager
    bool lrmd_running;  // cluster-glue lrmd
};

// The ResourceManager column is also checked against the real script by
// tests/unit/lrm/raexec/hb_status_compat_test.cc.
const StatusCase kCases[] = {
    {"running", true, true},
    {"INFO: IPaddr Running OK", true, true},
    {"INFO: IPaddr Resource is stopped", false, false},
    {"OK", true, true},
    {"ok", false, false},
    {"RUNNING", false, true},
    {"not running", false, false},
    {"NOT running", false, false},
    {"Not Running", false, false},
    {"NOT  running", false, false},  // two spaces: still "not " then running
    {"notrunning", true, false},     // no space after "not"
    {"not\nrunning", true, false},   // a newline is not the space
    {"is running, not\n really running", true, false},
    {"Stopped (was running)", true, false},
    {"stopped", false, false},
    {"garbage \x01\x02 output", false, false},
    {"", false, false},
    {"\n\n", false, false},
    {"nothing is Running", true, false},  // "not" inside "nothing" (no space after)
    {"cannot be running", false, false},  // "not " inside "cannot "
    {"knot running", false, false},       // "not " inside "knot "
    {"daemon is running\nbut OK? not sure", true, true},
    {"OKAY", true, true},
    {"Ok", false, false},
};

TEST(HeartbeatStatus, ResourceManagerRule) {
    for (const auto& c : kCases) {
        EXPECT_EQ(heartbeat_status_from_output(c.output, HbStatusRule::kResourceManager),
                  c.rm_running ? OcfRc::kSuccess : OcfRc::kNotRunning)
            << "output: [" << c.output << "]";
    }
}

TEST(HeartbeatStatus, LrmdRule) {
    for (const auto& c : kCases) {
        EXPECT_EQ(heartbeat_status_from_output(c.output, HbStatusRule::kLrmd),
                  c.lrmd_running ? OcfRc::kSuccess : OcfRc::kNotRunning)
            << "output: [" << c.output << "]";
    }
}

TEST(HeartbeatStatus, DefaultRuleIsResourceManager) {
    EXPECT_EQ(heartbeat_status_from_output("RUNNING"), OcfRc::kNotRunning);
    EXPECT_EQ(heartbeat_status_from_output("Stopped (was running)"), OcfRc::kSuccess);
}

}  // namespace
}  // namespace ha::lrm
