// ha.cf times: units, per-directive limits, computed defaults (warntime,
// initdead, deadping) and the start-up cross-checks.
#include <gtest/gtest.h>

#include "heartbeat/config/ha_cf.h"
#include "tests/unit/heartbeat/config/hacf_test_util.h"

namespace ha::hb {
namespace {

using test::parse;
using test::valid_hacf;

TEST(HaCfTiming, UnitsSecondsMillisecondsMicroseconds) {
    auto r =
        parse(valid_hacf("keepalive 0.5\ndeadtime 3000ms\nwarntime 2500000us\n"
                         "initdead 12\n"));
    EXPECT_CLEAN(r);
    EXPECT_EQ(r.config.keepalive, Millis(500));
    EXPECT_EQ(r.config.deadtime, Millis(3000));
    EXPECT_EQ(r.config.warntime, Millis(2500));
    EXPECT_EQ(r.config.initdead, Millis(12000));
}

TEST(HaCfTiming, SecondsSuffixIsRefused) {
    auto r = parse(valid_hacf("deadtime 2s\n"));
    EXPECT_INVALID(r);
    EXPECT_ERROR(r, 4, "invalid deadtime value '2s'");
}

TEST(HaCfTiming, SpaceBeforeUnitMakesTwoValuesAndMsAloneIsInvalid) {
    auto r = parse(valid_hacf("keepalive 500 ms\n"));
    EXPECT_ERROR(r, 4, "invalid keepalive value 'ms'");
    EXPECT_EQ(r.config.keepalive, Millis(500000));
}

TEST(HaCfTiming, NonNumericTimeIsRefused) {
    auto r = parse(valid_hacf("keepalive abc\n"));
    EXPECT_INVALID(r);
    EXPECT_ERROR(r, 4, "invalid keepalive value 'abc'");
}

TEST(HaCfTiming, KeepaliveAndWarntimeMustBePositive) {
    EXPECT_ERROR(parse(valid_hacf("keepalive 0\n")), 4, "keepalive must be greater than 0");
    EXPECT_ERROR(parse(valid_hacf("warntime 0\n")), 4, "warntime must be greater than 0");
}

TEST(HaCfTiming, DeadtimeMustExceedTwiceKeepalive) {
    auto r = parse(valid_hacf("keepalive 1\ndeadtime 2\n"));
    EXPECT_INVALID(r);
    EXPECT_ERROR(r, 5, "deadtime (2000ms) must be more than twice keepalive (1000ms)");
    EXPECT_VALID(parse(valid_hacf("keepalive 1\ndeadtime 2001ms\ninitdead 10\n")));
}

TEST(HaCfTiming, TooSmallDeadtimePointsAtKeepaliveWhenDeadtimeIsDefault) {
    auto r = parse(valid_hacf("keepalive 20\n"));
    EXPECT_ERROR(r, 4, "must be more than twice keepalive (20000ms)");
}

struct InitdeadCase {
    const char* deadtime;
    int64_t expected_ms;
};

class HaCfInitdeadDefault : public ::testing::TestWithParam<InitdeadCase> {};

TEST_P(HaCfInitdeadDefault, ComputedFromDeadtime) {
    auto r =
        parse(valid_hacf(std::string("keepalive 100ms\ndeadtime ") + GetParam().deadtime + "\n"));
    EXPECT_EQ(r.config.initdead, Millis(GetParam().expected_ms)) << GetParam().deadtime;
    EXPECT_EQ(r.config.parameter("initdead"), std::to_string(GetParam().expected_ms) + "ms");
    EXPECT_FALSE(r.config.initdead_given);
}

// deadtime > 10 s: initdead = deadtime; < 6 s: 12 s; otherwise 2 * deadtime.
INSTANTIATE_TEST_SUITE_P(Table, HaCfInitdeadDefault,
                         ::testing::Values(InitdeadCase{"30", 30000}, InitdeadCase{"11", 11000},
                                           InitdeadCase{"10", 20000}, InitdeadCase{"6", 12000},
                                           InitdeadCase{"5999ms", 12000},
                                           InitdeadCase{"1", 12000}));

TEST(HaCfTiming, InitdeadBelowDeadtimeIsAnError) {
    auto r = parse(valid_hacf("deadtime 30\ninitdead 20\n"));
    EXPECT_INVALID(r);
    EXPECT_ERROR(r, 5, "initdead (20000ms) is smaller than deadtime (30000ms)");
}

TEST(HaCfTiming, InitdeadBelowTenSecondsIsAWarning) {
    auto r = parse(valid_hacf("keepalive 1\ndeadtime 3\ninitdead 5\n"));
    EXPECT_VALID(r);
    EXPECT_WARNING(r, 6, "initdead (5000ms) may be too small");
}

TEST(HaCfTiming, WarntimeDefaultsToHalfDeadtime) {
    auto r = parse(valid_hacf("deadtime 9\n"));
    EXPECT_EQ(r.config.warntime, Millis(4500));
    EXPECT_EQ(r.config.parameter("warntime"), "4500ms");
}

TEST(HaCfTiming, WarntimeAboveDeadtimeIsAcceptedWithAWarning) {
    auto r = parse(valid_hacf("warntime 40\n"));
    EXPECT_VALID(r);
    EXPECT_WARNING(r, 4, "late-heartbeat warnings will never be given");
}

TEST(HaCfTiming, DeadpingDefaultsToDeadtimeAndIsCheckedWhenGiven) {
    auto r = parse(valid_hacf("deadtime 20\n"));
    EXPECT_EQ(r.config.deadping, Millis(20000));
    EXPECT_EQ(r.config.parameter("deadping"), "20000ms");
    auto bad = parse(valid_hacf("keepalive 2\ndeadping 4\n"));
    EXPECT_ERROR(bad, 5, "deadping (4000ms) must be more than twice keepalive (2000ms)");
    EXPECT_VALID(parse(valid_hacf("keepalive 2\ndeadping 5\n")));
}

TEST(HaCfTiming, ConnLogdTimeUsesTheTimeParser) {
    auto r = parse(valid_hacf("conn_logd_time 500ms\n"));
    EXPECT_EQ(r.config.conn_logd_time, Millis(500));
    EXPECT_EQ(parse(valid_hacf()).config.conn_logd_time, Millis(60000));
    EXPECT_ERROR(parse(valid_hacf("conn_logd_time 0\n")), 4, "conn_logd_time must be greater");
}

}  // namespace
}  // namespace ha::hb
