#include "lrm/lib/op_result.h"

#include <gtest/gtest.h>

namespace ha::lrm {
namespace {

TEST(OcfRc, FromIntKnowsTheApiCodesOnly) {
    for (int i = 0; i <= 9; ++i) {
        auto rc = ocf_rc_from_int(i);
        ASSERT_TRUE(rc.has_value()) << i;
        EXPECT_EQ(to_int(*rc), i);
    }
    EXPECT_EQ(ocf_rc_from_int(190), OcfRc::kDegraded);
    EXPECT_EQ(ocf_rc_from_int(191), OcfRc::kDegradedMaster);
    for (int i : {-1, 10, 99, 127, 189, 192, 255})
        EXPECT_FALSE(ocf_rc_from_int(i).has_value()) << i;
}

TEST(OcfRc, NamesMatchOcfReturnCodes) {
    EXPECT_STREQ(ocf_rc_name(OcfRc::kSuccess), "OCF_SUCCESS");
    EXPECT_STREQ(ocf_rc_name(OcfRc::kErrInstalled), "OCF_ERR_INSTALLED");
    EXPECT_STREQ(ocf_rc_name(OcfRc::kNotRunning), "OCF_NOT_RUNNING");
    EXPECT_STREQ(ocf_rc_name(OcfRc::kFailedMaster), "OCF_FAILED_MASTER");
    EXPECT_STREQ(ocf_rc_text(OcfRc::kNotRunning), "not running");
}

TEST(OpResult, SucceededNeedsDoneAndSuccessOrDegraded) {
    OpResult r;
    r.status = ExecStatus::kDone;
    r.rc = OcfRc::kSuccess;
    EXPECT_TRUE(r.succeeded());
    r.rc = OcfRc::kDegraded;
    EXPECT_TRUE(r.succeeded());
    r.rc = OcfRc::kNotRunning;
    EXPECT_FALSE(r.succeeded());
    r.rc = OcfRc::kSuccess;
    r.status = ExecStatus::kTimeout;
    EXPECT_FALSE(r.succeeded());
}

TEST(OpResult, DescribeShowsStatusRcAndReasons) {
    OpResult r;
    r.status = ExecStatus::kDone;
    r.rc = OcfRc::kNotRunning;
    EXPECT_EQ(describe(r), "rc=7 (not running)");
    r.status = ExecStatus::kTimeout;
    r.rc = OcfRc::kErrGeneric;
    r.reason = "timed out after 200ms";
    r.exit_reason = "stuck";
    EXPECT_EQ(describe(r),
              "timeout (rc=1 (unknown error)): timed out after 200ms | exit-reason=stuck");
}

TEST(ExitReason, LastOcfExitReasonLineWins) {
    EXPECT_EQ(parse_exit_reason(""), "");
    EXPECT_EQ(parse_exit_reason("some noise\nmore"), "");
    EXPECT_EQ(parse_exit_reason("ocf-exit-reason:first\nnoise\nocf-exit-reason: second \n"),
              "second");
    EXPECT_EQ(parse_exit_reason("x ocf-exit-reason:not at line start"), "");
    EXPECT_EQ(parse_exit_reason("ocf-exit-reason:no newline"), "no newline");
}

TEST(ExecStatus, Names) {
    EXPECT_STREQ(exec_status_name(ExecStatus::kDone), "done");
    EXPECT_STREQ(exec_status_name(ExecStatus::kNotInstalled), "not installed");
    EXPECT_STREQ(exec_status_name(ExecStatus::kCancelled), "cancelled");
}

}  // namespace
}  // namespace ha::lrm
