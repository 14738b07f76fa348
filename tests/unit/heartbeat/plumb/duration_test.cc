#include "heartbeat/plumb/duration.h"

#include <gtest/gtest.h>

namespace ha {
namespace {

TEST(HbTime, BareNumberIsSeconds) {
    EXPECT_EQ(parse_hb_time("2"), Millis(2000));
    EXPECT_EQ(parse_hb_time("0.5"), Millis(500));
    EXPECT_EQ(parse_hb_time(".1"), Millis(100));
    EXPECT_EQ(parse_hb_time("0.001"), Millis(1));
}

TEST(HbTime, MillisecondAndMicrosecondUnits) {
    EXPECT_EQ(parse_hb_time("100ms"), Millis(100));
    EXPECT_EQ(parse_hb_time("100MS"), Millis(100));
    EXPECT_EQ(parse_hb_time("100msec"), Millis(100));
    EXPECT_EQ(parse_hb_time("1000000us"), Millis(1000));
    EXPECT_EQ(parse_hb_time("499us"), Millis(0));
    EXPECT_EQ(parse_hb_time("501us"), Millis(1));
    EXPECT_EQ(parse_hb_time("2.5ms"), Millis(3));
}

TEST(HbTime, RejectsWhatHeartbeatRejects) {
    EXPECT_FALSE(parse_hb_time("2s").has_value());
    EXPECT_FALSE(parse_hb_time("abc").has_value());
    EXPECT_FALSE(parse_hb_time("").has_value());
    EXPECT_FALSE(parse_hb_time("ms").has_value());
    EXPECT_FALSE(parse_hb_time("-1").has_value());
    EXPECT_FALSE(parse_hb_time("1.2.3").has_value());
}

TEST(HbTime, FormatsAsMilliseconds) { EXPECT_EQ(format_ms(Millis(30000)), "30000ms"); }

}  // namespace
}  // namespace ha
