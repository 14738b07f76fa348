#include "heartbeat/plumb/status.h"

#include <gtest/gtest.h>

namespace ha {
namespace {

Result<int> half(int v) {
    if (v % 2) return invalid("odd value " + std::to_string(v));
    return v / 2;
}

Status chain(int v) {
    HA_RETURN_IF_ERROR(half(v).status());
    return Status::ok();
}

TEST(Status, ResultCarriesValueOrError) {
    auto ok = half(4);
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, 2);
    auto bad = half(3);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.status().code(), ErrorCode::kInvalid);
    EXPECT_EQ(bad.status().message(), "odd value 3");
}

TEST(Status, ContextPrefixesTheMessage) {
    Status s = invalid("bad value").with_context("ha.cf:3");
    EXPECT_EQ(s.to_string(), "ha.cf:3: bad value");
    EXPECT_TRUE(Status::ok().with_context("x").is_ok());
    EXPECT_FALSE(chain(3).is_ok());
    EXPECT_TRUE(chain(2).is_ok());
}

}  // namespace
}  // namespace ha
