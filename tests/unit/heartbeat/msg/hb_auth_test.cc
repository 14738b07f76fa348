#include "heartbeat/msg/hb_auth.h"

#include <gtest/gtest.h>

#include "heartbeat/msg/hb_fields.h"

namespace ha::hb {
namespace {

AuthConfig config_with(int index, AuthMethod method, std::string key) {
    AuthConfig c;
    c.active = index;
    c.slots[size_t(index)] = AuthSlot{method, std::move(key)};
    return c;
}

TEST(HbAuth, MethodNamesAreExactAndCaseSensitive) {
    EXPECT_EQ(auth_method_from_name("crc"), AuthMethod::kCrc);
    EXPECT_EQ(auth_method_from_name("md5"), AuthMethod::kMd5);
    EXPECT_EQ(auth_method_from_name("sha1"), AuthMethod::kSha1);
    EXPECT_EQ(auth_method_from_name("sha256"), AuthMethod::kSha256);
    EXPECT_FALSE(auth_method_from_name("SHA1").has_value());
    EXPECT_FALSE(auth_method_from_name("sha").has_value());
    EXPECT_STREQ(auth_method_name(AuthMethod::kSha256), "sha256");
    EXPECT_FALSE(auth_method_needs_key(AuthMethod::kCrc));
    EXPECT_TRUE(auth_method_needs_key(AuthMethod::kMd5));
}

// CRC-32/POSIX without the length fold: check value of "123456789".
TEST(HbAuth, CrcMatchesHeartbeatsVariant) {
    EXPECT_EQ(hb_crc32("123456789"), 0x765e7680u);
    EXPECT_EQ(hb_crc32(""), 0xffffffffu);
    EXPECT_EQ(auth_token(AuthMethod::kCrc, "ignored", "a"), "579b24df");
    EXPECT_EQ(auth_token(AuthMethod::kCrc, "", "The quick brown fox jumps over the lazy dog"),
              "36b78081");
    // "%lx": no leading zeros (value 0x006a039b).
    EXPECT_EQ(auth_token(AuthMethod::kCrc, "", "x40"), "6a039b");
}

// RFC 2202 test cases 2 and 6, RFC 4231 test case 2.
TEST(HbAuth, HmacKnownAnswers) {
    const std::string data = "what do ya want for nothing?";
    EXPECT_EQ(auth_token(AuthMethod::kMd5, "Jefe", data), "750c783e6ab0b503eaa86e310a5db738");
    EXPECT_EQ(auth_token(AuthMethod::kSha1, "Jefe", data),
              "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    EXPECT_EQ(auth_token(AuthMethod::kSha256, "Jefe", data),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    const std::string long_key(80, '\xaa');
    const std::string long_data = "Test Using Larger Than Block-Size Key - Hash Key First";
    EXPECT_EQ(auth_token(AuthMethod::kMd5, long_key, long_data),
              "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd");
    EXPECT_EQ(auth_token(AuthMethod::kSha1, long_key, long_data),
              "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

TEST(HbAuth, MakeAuthStringUsesActiveSlot) {
    AuthConfig c = config_with(2, AuthMethod::kSha1, "Jefe");
    c.slots[1] = AuthSlot{AuthMethod::kCrc, ""};
    auto s = make_auth_string(c, "what do ya want for nothing?");
    ASSERT_TRUE(s.is_ok());
    EXPECT_EQ(*s, "2 effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    AuthConfig none;
    EXPECT_EQ(make_auth_string(none, "x").status().code(), ErrorCode::kNotFound);
}

TEST(HbAuth, ParseAuthStringIsStrict) {
    auto ok = parse_auth_string("15 abcdef");
    ASSERT_TRUE(ok.is_ok());
    EXPECT_EQ(ok->index, 15);
    EXPECT_EQ(ok->token, "abcdef");
    for (const char* bad : {"", "1", "1 ", " 1 abc", "01 abc", "+1 abc", "1 abc def", "1  abc",
                            "100 abc", "a abc", "1 ab\tc"})
        EXPECT_FALSE(parse_auth_string(bad).is_ok()) << bad;
}

TEST(HbAuth, CheckAuthStringVerdicts) {
    AuthConfig c = config_with(1, AuthMethod::kSha1, "Jefe");
    const std::string data = "what do ya want for nothing?";
    auto ok = check_auth_string(c, "1 effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", data,
                                VerifyKey::kNamedSlotKey);
    EXPECT_TRUE(ok.ok());
    EXPECT_EQ(ok.index, 1);
    EXPECT_EQ(ok.method, AuthMethod::kSha1);
    auto bad = check_auth_string(c, "1 effcdf6ae5eb2fa2d27416d5f184df9c259a7c78", data,
                                 VerifyKey::kNamedSlotKey);
    EXPECT_EQ(bad.verdict, AuthVerdict::kBad);
    EXPECT_EQ(check_auth_string(c, "3 effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", data,
                                VerifyKey::kNamedSlotKey)
                  .verdict,
              AuthVerdict::kBad);
    // Uppercase hex is a different token (heartbeat compares with strcmp).
    EXPECT_FALSE(check_auth_string(c, "1 EFFCDF6AE5EB2FA2D27416D5F184DF9C259A7C79", data,
                                   VerifyKey::kNamedSlotKey)
                     .ok());
}

// Reference 2.5: heartbeat checks the trailer with the named slot's function
// but the active slot's key.
TEST(HbAuth, ActiveSlotKeyQuirk) {
    AuthConfig c;
    c.active = 1;
    c.slots[1] = AuthSlot{AuthMethod::kSha1, "active-key"};
    c.slots[2] = AuthSlot{AuthMethod::kMd5, "other-key"};
    const std::string data = "payload";
    std::string signed_by_2_own_key = "2 " + auth_token(AuthMethod::kMd5, "other-key", data);
    std::string md5_with_active_key = "2 " + auth_token(AuthMethod::kMd5, "active-key", data);
    EXPECT_FALSE(check_auth_string(c, signed_by_2_own_key, data, VerifyKey::kActiveSlotKey).ok());
    EXPECT_TRUE(check_auth_string(c, md5_with_active_key, data, VerifyKey::kActiveSlotKey).ok());
    EXPECT_TRUE(check_auth_string(c, signed_by_2_own_key, data, VerifyKey::kNamedSlotKey).ok());
    EXPECT_FALSE(check_auth_string(c, md5_with_active_key, data, VerifyKey::kNamedSlotKey).ok());
}

// Expected tokens computed independently (Python hmac/hashlib) over
// "t=status\nst=up\nsrc=node1\n(1)srcuuid=AAECAwQFBgcICQoLDA0ODw==\nseq=1\n"
// "ld=0.01 0.02 0.03 1/99 42\n" with key "unit-test-key".
TEST(HbAuth, SignInnerMatchesIndependentComputation) {
    Message m;
    m.add_string(kFieldT, kMsgStatus);
    m.add_string(kFieldSt, kStatusUp);
    m.add_string(kFieldSrc, "node1");
    std::string uuid;
    for (int i = 0; i < 16; ++i)
        uuid += char(i);
    m.add_binary(kFieldSrcUuid, uuid);
    m.add_string(kFieldSeq, "1");
    m.add_string(kFieldLd, "0.01 0.02 0.03 1/99 42");
    struct Case {
        AuthMethod method;
        const char* expect;
    } cases[] = {
        {AuthMethod::kSha1, "1 964df9f6b4f39ce43b90b75ae8c6456bc32097bb"},
        {AuthMethod::kMd5, "1 a232ae281c342b279c0377cbdf01e558"},
        {AuthMethod::kSha256, "1 78732763ec5598030dde47e35617ccf22f16a4286b6594b0dd3f2c69fa7b69b6"},
        {AuthMethod::kCrc, "1 d7d7e08a"},
    };
    for (const Case& k : cases) {
        Message signed_msg = m;
        AuthConfig c = config_with(1, k.method, "unit-test-key");
        ASSERT_TRUE(sign_inner(signed_msg, c).is_ok());
        EXPECT_EQ(signed_msg.fields().back().name, kFieldAuth);
        EXPECT_EQ(signed_msg.get_string(kFieldAuth), k.expect) << auth_method_name(k.method);
        EXPECT_TRUE(verify_inner(signed_msg, c).ok());
        // Re-signing replaces in place rather than appending.
        ASSERT_TRUE(sign_inner(signed_msg, c).is_ok());
        EXPECT_EQ(signed_msg.size(), m.size() + 1);
        signed_msg.set_string(kFieldSrc, "node2");
        EXPECT_EQ(verify_inner(signed_msg, c).verdict, AuthVerdict::kBad);
    }
    EXPECT_EQ(verify_inner(m, config_with(1, AuthMethod::kSha1, "k")).verdict, AuthVerdict::kNone);
}

}  // namespace
}  // namespace ha::hb
