#include "heartbeat/msg/msg_dump.h"

#include <gtest/gtest.h>

#include "heartbeat/msg/msg_compress.h"

namespace ha::hb {
namespace {

TEST(MsgDump, OneLinePerFieldWithTypePrefixes) {
    Message child;
    child.add_string("k", "v");
    Message m;
    m.add_string("t", "status");
    m.add_binary("srcuuid", std::string("\x00\xab\x10", 3));
    m.add_list("nodes", {"node1", "node2"});
    m.add_struct("c", child);
    m.add_string("info", "a\nb");
    EXPECT_EQ(dump_message(m),
              "t=status\n"
              "(1)srcuuid=00ab10\n"
              "(3)nodes=\"node1\" \"node2\"\n"
              "(2)c=\n"
              "  k=v\n"
              "info=a\\nb\n");
    EXPECT_EQ(dump_message(child, 4), "    k=v\n");
}

TEST(MsgDump, CompressedFieldsShowTheirContent) {
    Message inner;
    inner.add_string("k", "v");
    Message m;
    m.add_uncompressed("u", inner);
    ASSERT_TRUE(compress_fields(m, CompressAlgo::kZlib).is_ok());
    std::string text = dump_message(m);
    EXPECT_NE(text.find("(4)u=<"), std::string::npos) << text;
    EXPECT_NE(text.find("\n  k=v\n"), std::string::npos) << text;
    m.mutable_fields()[0].bytes = "zz";
    text = dump_message(m);
    EXPECT_NE(text.find("(4)u=7a7a <cannot decompress"), std::string::npos) << text;
}

}  // namespace
}  // namespace ha::hb
