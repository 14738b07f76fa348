#include "heartbeat/msg/msg_netstring.h"

#include <gtest/gtest.h>

namespace ha::hb {
namespace {

Result<Message> decode(std::string_view in, size_t* used = nullptr) {
    size_t n = 0;
    auto r = decode_netstring_body(in, &n);
    if (used) *used = n;
    return r;
}

std::string encode(const Message& m) {
    auto r = encode_netstring_body(m);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? *r : std::string();
}

Message nest(int levels) {
    Message m;
    m.add_string("leaf", "x");
    for (int i = 0; i < levels; ++i) {
        Message wrap;
        wrap.add_struct("c", m);
        m = wrap;
    }
    return m;
}

TEST(MsgNetstring, EncodesStringsWithTypePrefixAndLength) {
    Message m;
    m.add_string("t", "status");
    m.add_string("st", "up");
    EXPECT_EQ(encode(m), "###\n11:(0)t=status,8:(0)st=up,%%%\n");
}

TEST(MsgNetstring, RoundTripsEveryType) {
    Message child;
    child.add_string("inner", "value\nwith newline");
    child.add_binary("raw", std::string("\0\x01\xff,", 4));
    Message m;
    m.add_string("s", "text");
    m.add_string("empty", "");
    m.add_binary(
        "uuid",
        std::string("\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee\xff", 16));
    m.add_struct("child", child);
    m.add_list("l", {"a", "bc", "x,y:z"});
    m.add_compressed("z", std::string("\x78\x9c\x03\x00", 4));
    m.add_uncompressed("u", child);
    std::string bytes = encode(m);
    size_t used = 0;
    auto back = decode(bytes, &used);
    ASSERT_TRUE(back.is_ok()) << back.status().to_string();
    EXPECT_EQ(used, bytes.size());
    EXPECT_EQ(*back, m);
    EXPECT_EQ(encode(*back), bytes);
}

TEST(MsgNetstring, NestedStructIsCompleteBodyInsideValue) {
    Message child;
    child.add_string("k", "v");
    Message m;
    m.add_struct("c", child);
    EXPECT_EQ(encode(m), "###\n22:(2)c=###\n6:(0)k=v,%%%\n,%%%\n");
}

TEST(MsgNetstring, ListPacking) {
    EXPECT_EQ(pack_list({"abc", "defg"}), "3:abc,4:defg,");
    auto items = unpack_list("3:abc,4:defg,");
    ASSERT_TRUE(items.is_ok());
    EXPECT_EQ(items->size(), 2u);
    EXPECT_EQ((*items)[1], "defg");
    EXPECT_FALSE(unpack_list("").is_ok());         // heartbeat rejects an empty list
    EXPECT_FALSE(unpack_list("0:,").is_ok());      // and empty elements
    EXPECT_FALSE(unpack_list("3:abc").is_ok());    // no ','
    EXPECT_FALSE(unpack_list("03:abc,").is_ok());  // non-canonical length
    EXPECT_FALSE(unpack_list("5:abc,").is_ok());   // overruns
}

TEST(MsgNetstring, StopsAtEndMarkerAndReportsConsumed) {
    size_t used = 0;
    auto m = decode("###\n7:(0)a=bc,%%%\n12:trailing...", &used);
    ASSERT_TRUE(m.is_ok());
    EXPECT_EQ(used, 18u);
}

TEST(MsgNetstring, TruncatedInputNeedsMore) {
    std::string full = "###\n11:(0)t=status,%%%\n";
    for (size_t n = 0; n < full.size(); ++n) {
        auto r = decode(full.substr(0, n));
        ASSERT_FALSE(r.is_ok()) << n;
        EXPECT_EQ(r.status().code(), ErrorCode::kNeedMore) << n << ": " << r.status().to_string();
    }
    EXPECT_TRUE(decode(full).is_ok());
}

TEST(MsgNetstring, BadLengthsAreInvalidWithOffset) {
    auto r = decode("###\n1x:(0)t=status,%%%\n");
    ASSERT_FALSE(r.is_ok());
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalid);
    EXPECT_NE(r.status().message().find("offset 4"), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find("field #0"), std::string::npos);

    EXPECT_EQ(decode("###\n011:(0)t=status,%%%\n").status().code(), ErrorCode::kInvalid);
    EXPECT_EQ(decode("###\n:(0)t=status,%%%\n").status().code(), ErrorCode::kInvalid);
    EXPECT_EQ(decode("###\n10:(0)t=status,%%%\n").status().code(), ErrorCode::kInvalid);  // no ','
    EXPECT_EQ(decode("###\n99999999:x").status().code(), ErrorCode::kInvalid);  // 8 digits
}

TEST(MsgNetstring, OversizeLengthIsRejectedNotAwaited) {
    auto r = decode("###\n300000:(0)t=");
    ASSERT_FALSE(r.is_ok());
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalid);
    EXPECT_NE(r.status().message().find("limit"), std::string::npos) << r.status().message();
}

TEST(MsgNetstring, MissingEndMarker) {
    auto r = decode("###\n7:(0)a=bc,%%%x");
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalid) << r.status().to_string();
    r = decode("###\n7:(0)a=bc,");
    EXPECT_EQ(r.status().code(), ErrorCode::kNeedMore);
    EXPECT_NE(r.status().message().find("%%%"), std::string::npos) << r.status().message();
}

TEST(MsgNetstring, MalformedItems) {
    EXPECT_FALSE(decode("xyz\n").is_ok());                                   // no start marker
    EXPECT_FALSE(decode("###\n6:(0)abc,%%%\n").is_ok());                     // no '='
    EXPECT_FALSE(decode("###\n5:(0)=x,%%%\n").is_ok());                      // empty name
    EXPECT_FALSE(decode("###\n7:(9)a=bc,%%%\n").is_ok());                    // unknown type
    EXPECT_FALSE(decode("###\n5:0)a=b,%%%\n").is_ok());                      // no "(T)"
    EXPECT_FALSE(decode(std::string("###\n7:(0)a=\0c,%%%\n", 18)).is_ok());  // NUL in string
    EXPECT_FALSE(decode("###\n8:(3)a=1:b,%%%\n").is_ok());                   // list without ','
    EXPECT_FALSE(decode("###\n5:(3)a=,%%%\n").is_ok());                      // empty list
    // A nested body followed by stray bytes inside the value.
    auto r = decode("###\n22:(2)c=###\n5:(0)k=,%%%\nX,%%%\n");
    ASSERT_FALSE(r.is_ok());
    EXPECT_NE(r.status().message().find("stray"), std::string::npos) << r.status().message();
    // A nested body cut short is invalid, not "need more".
    r = decode("###\n17:(2)c=###\n5:(0)k=,,%%%\n");
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalid) << r.status().to_string();
}

TEST(MsgNetstring, DepthLimitIsSixteen) {
    std::string ok = encode(nest(kMaxDepth));
    EXPECT_TRUE(decode(ok).is_ok());
    EXPECT_FALSE(encode_netstring_body(nest(kMaxDepth + 1)).is_ok());
    // Build 17 levels by hand (the encoder refuses).
    std::string body = "###\n7:(0)a=bc,%%%\n";
    for (int i = 0; i < kMaxDepth + 1; ++i) {
        std::string item = "(2)c=" + body;
        body = "###\n" + std::to_string(item.size()) + ":" + item + ",%%%\n";
    }
    auto r = decode(body);
    ASSERT_FALSE(r.is_ok());
    EXPECT_NE(r.status().message().find("nesting"), std::string::npos) << r.status().message();
}

TEST(MsgNetstring, EncoderRefusesUnrepresentableFields) {
    Message m;
    m.add_string("a=b", "x");
    EXPECT_FALSE(encode_netstring_body(m).is_ok());
    Message l;
    l.add_list("l", {});
    EXPECT_FALSE(encode_netstring_body(l).is_ok());
    Message e;
    e.add_list("l", {"ok", ""});
    EXPECT_FALSE(encode_netstring_body(e).is_ok());
}

}  // namespace
}  // namespace ha::hb
