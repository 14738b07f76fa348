#include "heartbeat/msg/msg_classic.h"

#include <gtest/gtest.h>

namespace ha::hb {
namespace {

Result<Message> decode(std::string_view in, size_t* used = nullptr) {
    size_t n = 0;
    auto r = decode_classic_body(in, &n);
    if (used) *used = n;
    return r;
}

std::string encode(const Message& m) {
    auto r = encode_classic_body(m);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? *r : std::string();
}

TEST(MsgClassic, EncodesLinesWithTypePrefixForNonStrings) {
    Message m;
    m.add_string("t", "status");
    m.add_binary(
        "srcuuid",
        std::string("\x81\x06\xbd\x9d\x16\x06\x49\x05\xaf\x89\x9c\x29\xfa\x12\x29\x9f", 16));
    m.add_list("l", {"abc", "de"});
    EXPECT_EQ(encode(m),
              ">>>\nt=status\n(1)srcuuid=gQa9nRYGSQWviZwp+hIpnw==\n(3)l=3:abc,2:de,\n<<<\n");
}

TEST(MsgClassic, NewlinesInStringsTravelAs0x13) {
    Message m;
    m.add_string("info", "two\nlines");
    std::string bytes = encode(m);
    EXPECT_EQ(bytes, ">>>\ninfo=two\x13lines\n<<<\n");
    auto back = decode(bytes);
    ASSERT_TRUE(back.is_ok());
    EXPECT_EQ(back->get_string("info"), "two\nlines");
}

TEST(MsgClassic, StructUsesDepthSpecificNewlineBytes) {
    Message leaf;
    leaf.add_string("k", "v");
    Message mid;
    mid.add_struct("leaf", leaf);
    Message top;
    top.add_struct("mid", mid);
    std::string bytes = encode(top);
    // mid rendered at depth 1: its struct line uses 0x15; top replaces mid's
    // own newlines with 0x14.
    EXPECT_EQ(bytes, ">>>\n(2)mid=>>>\x14(2)leaf=>>>\x15k=v\x15<<<\x15\x14<<<\x14\n<<<\n");
    auto back = decode(bytes);
    ASSERT_TRUE(back.is_ok()) << back.status().to_string();
    EXPECT_EQ(*back, top);
    EXPECT_EQ(struct_newline_symbol(0), '\x14');
    EXPECT_EQ(struct_newline_symbol(11), '\x1f');
    EXPECT_EQ(struct_newline_symbol(12), '\x0f');
    EXPECT_EQ(struct_newline_symbol(15), '\x12');
}

TEST(MsgClassic, RoundTripsTypes) {
    Message child;
    child.add_string("a", "1");
    Message m;
    m.add_string("s", "text with = sign");
    m.add_binary("b", std::string("\0\1\2\3\n", 5));
    m.add_struct("c", child);
    m.add_list("l", {"x", "y"});
    m.add_compressed("z", "compressed-bytes");
    std::string bytes = encode(m);
    size_t used = 0;
    auto back = decode(bytes, &used);
    ASSERT_TRUE(back.is_ok()) << back.status().to_string();
    EXPECT_EQ(used, bytes.size());
    EXPECT_EQ(*back, m);
    EXPECT_EQ(encode(*back), bytes);
}

TEST(MsgClassic, SkipsBlankLinesAndStopsAtEnd) {
    size_t used = 0;
    auto m = decode(std::string(">>>\n\n\na=1\n\nb=2\n<<<\n\0", 20), &used);
    ASSERT_TRUE(m.is_ok()) << m.status().to_string();
    EXPECT_EQ(m->size(), 2u);
    EXPECT_EQ(used, 19u);
}

TEST(MsgClassic, TruncatedInputNeedsMore) {
    std::string full = ">>>\nt=status\n<<<\n";
    for (size_t n = 0; n < full.size(); ++n) {
        auto r = decode(full.substr(0, n));
        ASSERT_FALSE(r.is_ok()) << n;
        EXPECT_EQ(r.status().code(), ErrorCode::kNeedMore) << n << ": " << r.status().to_string();
    }
}

TEST(MsgClassic, RejectsWhatHeartbeatRejects) {
    EXPECT_FALSE(decode(">>>\nnoequals\n<<<\n").is_ok());
    EXPECT_FALSE(decode(">>>\nempty=\n<<<\n").is_ok());  // empty value kills the message
    EXPECT_FALSE(decode(">>>\n=v\n<<<\n").is_ok());
    EXPECT_FALSE(decode(">>>\n(0)s=v\n<<<\n").is_ok());  // "(0)" is refused
    EXPECT_FALSE(decode(">>>\n(5)u=v\n<<<\n").is_ok());  // uncompressed never travels
    EXPECT_FALSE(decode(">>>\n(1x=v\n<<<\n").is_ok());
    EXPECT_FALSE(decode(">>>\n(1)=AAAA\n<<<\n").is_ok());
    EXPECT_FALSE(decode(std::string(">>>\na=b\0c\n<<<\n", 14)).is_ok());
    EXPECT_FALSE(decode("<<<\n").is_ok());
}

TEST(MsgClassic, BadBase64NamesTheField) {
    auto r = decode(">>>\n(1)uuid=not*base64\n<<<\n");
    ASSERT_FALSE(r.is_ok());
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalid);
    EXPECT_NE(r.status().message().find("uuid"), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find("base64"), std::string::npos);
    EXPECT_FALSE(decode(">>>\n(1)u=QR==\n<<<\n").is_ok());  // non-canonical padding bits
    EXPECT_FALSE(decode(">>>\n(1)u=QQ\n<<<\n").is_ok());    // missing padding
}

TEST(MsgClassic, DepthLimit) {
    Message m;
    m.add_string("leaf", "x");
    for (int i = 0; i < kMaxDepth; ++i) {
        Message wrap;
        wrap.add_struct("c", m);
        m = wrap;
    }
    std::string ok = encode(m);
    EXPECT_TRUE(decode(ok).is_ok());
    Message deeper;
    deeper.add_struct("c", m);
    auto r = encode_classic_body(deeper);
    EXPECT_FALSE(r.is_ok());
}

TEST(MsgClassic, EncoderRefusesUnrepresentableValues) {
    Message a;
    a.add_string("e", "");
    EXPECT_FALSE(encode_classic_body(a).is_ok());
    Message b;
    b.add_string("x", "has\x13sym");
    EXPECT_FALSE(encode_classic_body(b).is_ok());
    Message c;
    c.add_string("(odd", "v");
    EXPECT_FALSE(encode_classic_body(c).is_ok());
    Message d;
    d.add_uncompressed("u", a);
    EXPECT_FALSE(encode_classic_body(d).is_ok());
    // A struct child may not already hold its parent's control byte.
    Message child;
    child.add_string("x", "has\x14sym");
    Message e;
    e.add_struct("c", child);
    EXPECT_FALSE(encode_classic_body(e).is_ok());
}

TEST(MsgClassic, AuthTextSkipsAuthAndFraming) {
    Message m;
    m.add_string("t", "status");
    m.add_string("auth", "1 abc");
    m.add_binary("u", "\x01\x02");
    auto text = classic_auth_text(m);
    ASSERT_TRUE(text.is_ok());
    EXPECT_EQ(*text, "t=status\n(1)u=AQI=\n");
}

}  // namespace
}  // namespace ha::hb
