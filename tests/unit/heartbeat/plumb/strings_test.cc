#include "heartbeat/plumb/strings.h"

#include <gtest/gtest.h>

namespace ha {
namespace {

TEST(Strings, SplitTokensDropsEmptyTokens) {
    EXPECT_EQ(split_tokens("  a b,,c\t", " \t,"), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_TRUE(split_tokens("   ").empty());
}

TEST(Strings, ParseBoolAcceptsHeartbeatWordsInAnyCase) {
    for (const char* t : {"true", "ON", "Yes", "y", "1"}) EXPECT_EQ(parse_bool(t), true) << t;
    for (const char* f : {"false", "Off", "NO", "n", "0"}) EXPECT_EQ(parse_bool(f), false) << f;
    EXPECT_FALSE(parse_bool("maybe").has_value());
    EXPECT_FALSE(parse_bool("").has_value());
}

TEST(Strings, ParseIntRejectsTrailingText) {
    EXPECT_EQ(parse_int("694"), 694);
    EXPECT_EQ(parse_int("-5"), -5);
    EXPECT_FALSE(parse_int("69x").has_value());
    EXPECT_FALSE(parse_int("").has_value());
    EXPECT_FALSE(parse_uint("-1").has_value());
    EXPECT_EQ(parse_hex("1b58"), 0x1b58u);
    EXPECT_FALSE(parse_hex("0x10").has_value());
}

TEST(Strings, HexHasNoLeadingZerosLikePrintfLx) {
    EXPECT_EQ(to_hex(0), "0");
    EXPECT_EQ(to_hex(0x0593b2e3), "593b2e3");
    EXPECT_EQ(hex_bytes(std::string("\x00\xff\x10", 3)), "00ff10");
}

TEST(Strings, Base64RoundTripsEveryLength) {
    std::string data;
    for (int i = 0; i < 40; ++i) {
        EXPECT_EQ(base64_decode(base64_encode(data)), data) << i;
        data.push_back(static_cast<char>(i * 37));
    }
    EXPECT_EQ(base64_encode("\x81\x06\xbd\x9d"), "gQa9nQ==");
    EXPECT_FALSE(base64_decode("abc").has_value());
    EXPECT_FALSE(base64_decode("ab=c").has_value());
    EXPECT_FALSE(base64_decode("a!cd").has_value());
}

TEST(Strings, PrintableEscapesControlBytes) {
    EXPECT_EQ(printable(std::string("a\nb\x01", 4)), "a\\nb\\x01");
}

}  // namespace
}  // namespace ha
