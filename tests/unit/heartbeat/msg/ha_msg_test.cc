#include "heartbeat/msg/ha_msg.h"

#include <gtest/gtest.h>

#include "heartbeat/msg/hb_fields.h"

namespace ha::hb {
namespace {

TEST(HaMsg, FindReturnsFirstFieldOfThatName) {
    Message m;
    m.add_string("a", "1");
    m.add_string("a", "2");
    ASSERT_NE(m.find("a"), nullptr);
    EXPECT_EQ(m.find("a")->bytes, "1");
    EXPECT_EQ(m.get_string("a"), "1");
    EXPECT_EQ(m.find("b"), nullptr);
    EXPECT_FALSE(m.has("b"));
}

TEST(HaMsg, TypedGettersRefuseOtherTypes) {
    Message m;
    m.add_binary(kFieldSrcUuid, std::string("\x00\x01", 2));
    m.add_string(kFieldT, kMsgStatus);
    EXPECT_FALSE(m.get_string(kFieldSrcUuid).has_value());
    EXPECT_EQ(m.get_binary(kFieldSrcUuid)->size(), 2u);
    EXPECT_FALSE(m.get_binary(kFieldT).has_value());
    EXPECT_EQ(m.get_list(kFieldT), nullptr);
    EXPECT_EQ(m.get_struct(kFieldT), nullptr);
}

TEST(HaMsg, NumericGetters) {
    Message m;
    m.set_hex(kFieldSeq, 0x1b58);
    m.set_int(kFieldTtl, 3);
    m.add_string("bad", "12x");
    EXPECT_EQ(m.get_string(kFieldSeq), "1b58");
    EXPECT_EQ(m.get_hex(kFieldSeq), 0x1b58u);
    EXPECT_EQ(m.get_int(kFieldTtl), 3);
    EXPECT_FALSE(m.get_int("bad").has_value());
    EXPECT_FALSE(m.get_hex("missing").has_value());
}

TEST(HaMsg, SetReplacesInPlaceOrAppends) {
    Message m;
    m.add_string("a", "1");
    m.add_string("b", "2");
    m.set_string("a", "x");
    m.set_string("c", "3");
    ASSERT_EQ(m.size(), 3u);
    EXPECT_EQ(m.fields()[0].name, "a");
    EXPECT_EQ(m.fields()[0].bytes, "x");
    EXPECT_EQ(m.fields()[2].name, "c");
    m.set_binary("b", "raw");  // type may change
    EXPECT_EQ(m.fields()[1].type, FieldType::kBinary);
}

TEST(HaMsg, RemoveFirstAndAll) {
    Message m;
    m.add_string("a", "1");
    m.add_string("b", "2");
    m.add_string("a", "3");
    EXPECT_TRUE(m.remove("a"));
    EXPECT_EQ(m.get_string("a"), "3");
    EXPECT_FALSE(m.remove("zzz"));
    m.add_string("a", "4");
    EXPECT_EQ(m.remove_all("a"), 2u);
    EXPECT_EQ(m.size(), 1u);
}

TEST(HaMsg, NestedMessagesDeepCopyAndCompare) {
    Message inner;
    inner.add_string("k", "v");
    Message outer;
    outer.add_struct("child", inner);
    outer.add_list("l", {"a", "b"});
    Message copy = outer;
    EXPECT_EQ(copy, outer);
    copy.mutable_fields()[0].child->set_string("k", "changed");
    EXPECT_NE(copy, outer);
    EXPECT_EQ(outer.get_struct("child")->get_string("k"), "v");
    EXPECT_EQ(outer.get_list("l")->size(), 2u);
}

TEST(HaMsg, DepthCountsNestingLevels) {
    Message m;
    EXPECT_EQ(m.depth(), 0);
    for (int i = 0; i < 3; ++i) {
        Message wrap;
        wrap.add_struct("c", m);
        m = wrap;
    }
    EXPECT_EQ(m.depth(), 3);
}

TEST(HbFields, NoSeqTypes) {
    EXPECT_TRUE(is_no_seq_type(kMsgNsAckMsg));
    EXPECT_TRUE(is_no_seq_type(kMsgNsRexmit));
    EXPECT_FALSE(is_no_seq_type(kMsgStatus));
    EXPECT_FALSE(is_no_seq_type("NS"));
}

}  // namespace
}  // namespace ha::hb
