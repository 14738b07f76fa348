#include "lrm/lib/op_duration.h"

#include <gtest/gtest.h>

namespace ha::lrm {
namespace {

TEST(OpDuration, UnitsAsPacemakerReadsThem) {
    EXPECT_EQ(parse_op_duration("20"), Millis(20000));
    EXPECT_EQ(parse_op_duration("20s"), Millis(20000));
    EXPECT_EQ(parse_op_duration("20sec"), Millis(20000));
    EXPECT_EQ(parse_op_duration("500ms"), Millis(500));
    EXPECT_EQ(parse_op_duration("500msec"), Millis(500));
    EXPECT_EQ(parse_op_duration("2m"), Millis(120000));
    EXPECT_EQ(parse_op_duration("2min"), Millis(120000));
    EXPECT_EQ(parse_op_duration("1h"), Millis(3600000));
    EXPECT_EQ(parse_op_duration("1hr"), Millis(3600000));
    EXPECT_EQ(parse_op_duration("1500us"), Millis(2));
    EXPECT_EQ(parse_op_duration(" 10 S "), Millis(10000));
    EXPECT_EQ(parse_op_duration("0"), Millis(0));
    EXPECT_EQ(parse_op_duration("1.5s"), Millis(1500));
}

TEST(OpDuration, RefusesWhatIsNotADuration) {
    for (const char* bad : {"", "s", "abc", "-5", "20x", "20 seconds", "1.2.3", "10sx", "1e3",
                            "99999999999999999999"}) {
        EXPECT_FALSE(parse_op_duration(bad).has_value()) << bad;
    }
}

TEST(OpDuration, FormatsMilliseconds) {
    EXPECT_EQ(format_op_ms(Millis(20000)), "20000");
}

}  // namespace
}  // namespace ha::lrm
