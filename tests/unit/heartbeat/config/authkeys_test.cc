// authkeys parsing (reference 2.1-2.2 and the authkeys half of 1.1a).
#include "heartbeat/config/authkeys.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/support/test_env.h"
#include "tests/unit/heartbeat/config/hacf_test_util.h"

namespace ha::hb {
namespace {

AuthkeysResult parse(std::string_view text) {
    return parse_authkeys_text(text, "authkeys");
}

TEST(Authkeys, ReferenceExample) {
    auto r = parse("auth 2\n1 crc\n2 sha1 SomeSecret\n3 md5 OtherSecret\n");
    EXPECT_CLEAN(r);
    EXPECT_EQ(r.config.active, 2);
    ASSERT_NE(r.config.active_slot(), nullptr);
    EXPECT_EQ(r.config.active_slot()->method, AuthMethod::kSha1);
    EXPECT_EQ(r.config.active_slot()->key, "SomeSecret");
    EXPECT_EQ(r.config.slot(1)->method, AuthMethod::kCrc);
    EXPECT_EQ(r.config.slot(1)->key, "");
    EXPECT_EQ(r.config.slot(3)->method, AuthMethod::kMd5);
    EXPECT_EQ(r.config.slot(4), nullptr);
}

TEST(Authkeys, CommentsBlankLinesAndWhitespace) {
    auto r = parse("# keys\n\n   auth\t1   \r\n\t1   sha1   k3y\r\n  # 2 md5 x\n");
    EXPECT_CLEAN(r);
    EXPECT_EQ(r.config.active_slot()->key, "k3y");
}

TEST(Authkeys, Sha256IsOurExtensionWithAWarning) {
    auto r = parse("auth 0\n0 sha256 secret\n");
    EXPECT_VALID(r);
    EXPECT_EQ(r.config.active_slot()->method, AuthMethod::kSha256);
    EXPECT_WARNING(r, 2, "sha256 is a heartbeat-ng extension");
}

TEST(Authkeys, AuthLineMustPrecedeTheSlotItSelects) {
    auto r = parse("1 sha1 k\nauth 1\n");
    EXPECT_INVALID(r);
    EXPECT_ERROR(r, 2, "Auth Key [1] not found: slot 1 is defined on line 1, before the auth line");
    EXPECT_EQ(r.config.active, -1);
}

TEST(Authkeys, MissingAuthOrSlotIsAnError) {
    EXPECT_ERROR(parse("1 sha1 k\n"), 0, "Missing auth directive");
    EXPECT_ERROR(parse(""), 0, "Missing auth directive");
    auto r = parse("auth 3\n1 sha1 k\n");
    EXPECT_ERROR(r, 1, "Auth Key [3] not found");
    EXPECT_ERROR(parse("auth 16\n1 sha1 k\n"), 1, "Auth Key [16] not found");
}

TEST(Authkeys, RefusedLikeHeartbeat) {
    // Method names are case-sensitive.
    auto upper = parse("auth 1\n1 SHA1 k\n");
    EXPECT_ERROR(upper, 2, "Invalid authtype [SHA1]");
    EXPECT_ERROR(upper, 2, "case-sensitive: use sha1");
    // An unused slot still has to be valid.
    EXPECT_ERROR(parse("auth 1\n1 sha1 k\n2 rot13 k\n"), 3, "Invalid authtype [rot13]");
    EXPECT_ERROR(parse("auth 1\n1 sha1 k\n16 sha1 k\n"), 3, "Invalid authnum [16]");
    EXPECT_ERROR(parse("auth 1\n1 sha1 k\n-1 sha1 k\n"), 3, "Invalid authnum [-1]");
    // crc takes no key (the slot is dropped, so `auth 1` finds nothing).
    auto crc = parse("auth 1\n1 crc somekey\n");
    EXPECT_ERROR(crc, 2, "Auth method [crc] doesn't use a key");
    EXPECT_ERROR(crc, 1, "Auth Key [1] not found");
    EXPECT_ERROR(parse("auth 1\n1 sha1 k\n2 crc somekey\n"), 3, "doesn't use a key");
    EXPECT_ERROR(parse("auth 1\n1 sha1 k\n2 md5\n"), 3, "Auth method [md5] requires a key");
    EXPECT_ERROR(parse("auth 1\n1 sha1 k\nbogus line\n"), 3, "Auth line [bogus line] is invalid");
    EXPECT_ERROR(parse("authx 1\n1 sha1 k\n"), 1, "Auth line [authx 1] is invalid");
    EXPECT_ERROR(parse("auth 1\n1\n"), 2, "is invalid");
}

TEST(Authkeys, AcceptedOddities) {
    // Duplicate slot: accepted, the later definition counts.
    auto dup = parse("auth 1\n1 sha1 first\n1 md5 second\n");
    EXPECT_VALID(dup);
    EXPECT_WARNING(dup, 3, "slot 1 defined again (first on line 2)");
    EXPECT_EQ(dup.config.active_slot()->method, AuthMethod::kMd5);
    // The key is one word; the rest of the line is ignored.
    auto words = parse("auth 1\n1 sha1 my secret key\n");
    EXPECT_VALID(words);
    EXPECT_EQ(words.config.active_slot()->key, "my");
    EXPECT_WARNING(words, 2, "first word only; 2 more word(s) on the line are ignored");
    // Text after the auth index, and trailing comments.
    auto junk = parse("auth 1 junk\n1 sha1 k # comment\n");
    EXPECT_VALID(junk);
    EXPECT_WARNING(junk, 1, "text after 'auth 1' is ignored");
    EXPECT_EQ(junk.diagnostics.size(), 1u) << test::dump(junk.diagnostics);
    EXPECT_VALID(parse("auth 1x\n1 sha1 k\n"));
}

TEST(Authkeys, DiagnosticsNeverContainTheKey) {
    auto r = parse("auth 1\n1 sha1 TopSecret1 TopSecret2\n2 crc TopSecret3\n1 md5 TopSecret4\n");
    for (const auto& d : r.diagnostics)
        EXPECT_EQ(d.message.find("TopSecret"), std::string::npos) << d.message;
}

TEST(Authkeys, PermissionRule) {
    EXPECT_TRUE(authkeys_mode_ok(0600));
    EXPECT_TRUE(authkeys_mode_ok(0700));
    EXPECT_TRUE(authkeys_mode_ok(0602));  // other-write is not checked
    EXPECT_TRUE(authkeys_mode_ok(0620));
    EXPECT_FALSE(authkeys_mode_ok(0640));
    EXPECT_FALSE(authkeys_mode_ok(0604));
    EXPECT_FALSE(authkeys_mode_ok(0644));
}

TEST(Authkeys, FileVariantEnforcesPermissions) {
    ha::test::TempDir dir;
    const std::string path = dir.file("authkeys");
    ha::test::write_file(path, "auth 1\n1 sha1 k\n", 0600);
    auto ok = parse_authkeys_file(path);
    EXPECT_CLEAN(ok);
    EXPECT_EQ(ok.config.active, 1);
    ::chmod(path.c_str(), 0644);
    auto bad = parse_authkeys_file(path);
    EXPECT_INVALID(bad);
    EXPECT_ERROR(bad, 0, "Bad permissions on keyfile (mode 0644)");
    EXPECT_EQ(bad.diagnostics.at(0).file, path);
}

TEST(Authkeys, MissingFile) {
    ha::test::TempDir dir;
    auto r = parse_authkeys_file(dir.file("nope"));
    EXPECT_ERROR(r, 0, "Cannot open keyfile");
}

}  // namespace
}  // namespace ha::hb
