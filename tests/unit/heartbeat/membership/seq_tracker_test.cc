#include "heartbeat/membership/seq_tracker.h"

#include <gtest/gtest.h>

namespace ha::hb {
namespace {

using V = SeqTracker::Verdict;

TEST(SeqTracker, InOrderGapFillAndDuplicate) {
    SeqTracker t;
    EXPECT_EQ(t.on_seq(5), V::kAccept);  // first seen: anything goes
    EXPECT_EQ(t.on_seq(6), V::kAccept);
    EXPECT_EQ(t.on_seq(9), V::kAccept);
    EXPECT_EQ(t.missing(), (std::set<uint64_t>{7, 8}));
    EXPECT_FALSE(t.complete_through(9));
    EXPECT_TRUE(t.complete_through(6));
    EXPECT_EQ(t.on_seq(8), V::kFilledGap);
    EXPECT_EQ(t.on_seq(8), V::kDuplicate);
    EXPECT_EQ(t.on_seq(6), V::kDuplicate);
    EXPECT_TRUE(t.forget(7));
    EXPECT_TRUE(t.missing().empty());
    EXPECT_EQ(t.on_seq(7), V::kDuplicate);
}

TEST(SeqTracker, HugeGapResetsInsteadOfAskingForEverything) {
    SeqTracker t;
    t.on_seq(1);
    EXPECT_EQ(t.on_seq(1 + SeqTracker::kMaxGap + 1), V::kReset);
    EXPECT_TRUE(t.missing().empty());
    EXPECT_EQ(t.last_seq(), 1 + SeqTracker::kMaxGap + 1);
}

}  // namespace
}  // namespace ha::hb
