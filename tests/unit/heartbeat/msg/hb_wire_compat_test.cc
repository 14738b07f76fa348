// Wire compatibility with heartbeat 3.0.6: every packet captured from the
// real binary (../shared/compat/heartbeat-wire, listed in manifest.json) must
// decode, authenticate with its key and no other, and re-encode to the same
// bytes; no single-byte change of any of them may be accepted.
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/msg/msg_dump.h"
#include "heartbeat/msg/msg_netstring.h"
#include "heartbeat/msg/msg_wire.h"
#include "tests/support/test_env.h"

namespace ha::hb {
namespace {

constexpr size_t kExpectedVectors = 221;

struct Vector {
    std::string file;
    std::string set;
    std::string auth;
    std::string key;
    std::string type;
    bool inner_auth = false;
    std::string bytes;
};

// The value of "name": in one manifest entry: a string, or "" for null.
std::string json_value(std::string_view obj, std::string_view name, bool* is_true = nullptr) {
    std::string pat = "\"" + std::string(name) + "\":";
    size_t p = obj.find(pat);
    if (p == std::string_view::npos) return "";
    p += pat.size();
    while (p < obj.size() && obj[p] == ' ')
        ++p;
    if (is_true) *is_true = obj.substr(p, 4) == "true";
    if (p >= obj.size() || obj[p] != '"') return "";
    size_t e = obj.find('"', p + 1);
    return std::string(obj.substr(p + 1, e - p - 1));
}

// manifest.json is machine-written with one key per line; a small scan
// over the "packets" entries is enough.
std::vector<Vector> load_vectors(const std::string& dir) {
    std::string manifest = test::read_file(dir + "/manifest.json");
    std::string_view packets = manifest;
    packets = packets.substr(0, packets.find("\"sets\""));
    std::vector<Vector> out;
    size_t pos = 0;
    while ((pos = packets.find('{', pos + 1)) != std::string_view::npos) {
        size_t end = packets.find('}', pos);
        std::string_view obj = packets.substr(pos, end - pos);
        Vector v;
        v.file = json_value(obj, "file");
        if (v.file.empty()) continue;
        v.set = json_value(obj, "set");
        v.auth = json_value(obj, "auth");
        v.key = json_value(obj, "key");
        v.type = json_value(obj, "type");
        json_value(obj, "inner_auth", &v.inner_auth);
        v.bytes = test::read_file(dir + "/" + v.file);
        out.push_back(std::move(v));
    }
    return out;
}

AuthConfig config_for(const std::string& method, const std::string& key, int index = 1) {
    AuthConfig c;
    c.active = index;
    c.slots[size_t(index)] = AuthSlot{*auth_method_from_name(method), key};
    return c;
}

class HbWireCompat : public ::testing::Test {
  protected:
    void SetUp() override {
        HA_REQUIRE_SHARED(dir, "compat/heartbeat-wire");
        dir_ = dir;
        vectors_ = load_vectors(dir_);
    }
    std::string dir_;
    std::vector<Vector> vectors_;
};

TEST_F(HbWireCompat, ManifestListsAllSixSets) {
    EXPECT_EQ(vectors_.size(), kExpectedVectors);
    std::set<std::string> sets;
    for (const Vector& v : vectors_)
        sets.insert(v.set);
    EXPECT_EQ(sets, (std::set<std::string>{"crc", "md5", "sha1", "sha1-mcast", "sha1-netstring",
                                           "sha1-ucast3"}));
}

TEST_F(HbWireCompat, EveryPacketDecodesVerifiesAndReencodesByteIdentical) {
    std::map<std::string, int> ok_per_set;
    for (const Vector& v : vectors_) {
        SCOPED_TRACE(v.file);
        auto pkt = decode_packet(v.bytes);
        ASSERT_TRUE(pkt.is_ok()) << pkt.status().to_string();
        EXPECT_EQ(pkt->framing, Framing::kNetstring);
        EXPECT_EQ(pkt->msg.get_string(kFieldT), v.type);
        AuthConfig cfg = config_for(v.auth, v.key);

        AuthCheck check = verify_packet(*pkt, cfg);
        EXPECT_TRUE(check.ok()) << check.reason;
        EXPECT_EQ(check.index, 1);
        EXPECT_EQ(check.method, auth_method_from_name(v.auth));
        EXPECT_TRUE(verify_packet(*pkt, cfg, VerifyPolicy::kStrict).ok());

        // The inner classic signature is reproduced exactly (msgfmt classic).
        AuthCheck inner = verify_inner(pkt->msg, cfg);
        EXPECT_EQ(inner.verdict, v.inner_auth ? AuthVerdict::kOk : AuthVerdict::kNone)
            << inner.reason;

        // Body, trailer and the whole packet come out byte for byte.
        auto body = encode_netstring_body(pkt->msg);
        ASSERT_TRUE(body.is_ok());
        EXPECT_EQ(*body, pkt->signed_bytes);
        auto trailer = make_trailer(*body, cfg);
        ASSERT_TRUE(trailer.is_ok());
        EXPECT_EQ(*body + *trailer, v.bytes);
        EncodeOptions opts;
        opts.inner_auth = v.inner_auth;
        auto again = encode_packet(pkt->msg, &cfg, opts);
        ASSERT_TRUE(again.is_ok()) << again.status().to_string();
        EXPECT_EQ(*again, v.bytes);
        if (check.ok() && *again == v.bytes) ++ok_per_set[v.set];
    }
    int total = 0;
    for (auto& [set, n] : ok_per_set)
        total += n;
    EXPECT_EQ(total, int(kExpectedVectors));
}

TEST_F(HbWireCompat, EveryPacketFailsUnderAnyOtherKey) {
    for (const Vector& v : vectors_) {
        SCOPED_TRACE(v.file);
        auto pkt = decode_packet(v.bytes);
        ASSERT_TRUE(pkt.is_ok());
        std::vector<AuthConfig> wrong;
        if (v.auth != "crc") wrong.push_back(config_for(v.auth, v.key + "x"));
        if (v.auth != "crc") wrong.push_back(config_for(v.auth, v.key.substr(1)));
        for (const char* m : {"crc", "md5", "sha1", "sha256"})
            if (v.auth != m) wrong.push_back(config_for(m, v.key.empty() ? "k" : v.key));
        wrong.push_back(config_for(v.auth, v.key, 2));  // right key, other slot
        wrong.push_back(AuthConfig{});                  // no keys at all
        for (const AuthConfig& cfg : wrong) {
            EXPECT_EQ(verify_packet(*pkt, cfg).verdict, AuthVerdict::kBad);
            EXPECT_EQ(verify_packet(*pkt, cfg, VerifyPolicy::kStrict).verdict, AuthVerdict::kBad);
        }
    }
}

// ~65k positions x 3 changes: each must be a decode error or an auth failure.
TEST_F(HbWireCompat, NoSingleByteChangeIsAccepted) {
    size_t tried = 0, decode_errors = 0, auth_failures = 0;
    std::vector<std::string> accepted;
    for (const Vector& v : vectors_) {
        AuthConfig cfg = config_for(v.auth, v.key);
        std::string mutated = v.bytes;
        for (size_t i = 0; i < v.bytes.size(); ++i) {
            const char orig = v.bytes[i];
            const char changes[] = {char(orig ^ 0x01), char(orig ^ 0x80), orig == '0' ? '1' : '0'};
            for (char c : changes) {
                mutated[i] = c;
                ++tried;
                auto pkt = decode_packet(mutated);
                if (!pkt.is_ok()) {
                    ++decode_errors;
                } else {
                    AuthCheck check = verify_packet(*pkt, cfg);
                    if (check.ok()) {
                        accepted.push_back(v.file + " byte " + std::to_string(i));
                    } else {
                        ++auth_failures;
                    }
                    (void)dump_message(pkt->msg);
                }
            }
            mutated[i] = orig;
        }
    }
    EXPECT_TRUE(accepted.empty()) << accepted.size()
                                  << " mutations accepted, first: " << accepted.front();
    EXPECT_GT(tried, 3 * 60000u);
    EXPECT_EQ(tried, decode_errors + auth_failures + accepted.size());
    std::printf("byte flips: %zu tried, %zu decode errors, %zu auth failures\n", tried,
                decode_errors, auth_failures);
}

}  // namespace
}  // namespace ha::hb
