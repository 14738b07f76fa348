// Packet authentication as heartbeat 3.0.6 does it (reference 2.3-2.5,
// doc/wire-format.md "Authentication"): keyed digests crc/md5/sha1 plus our
// own sha256, the authkeys slots, auth strings "<index> <token>", and the
// inner `auth` field. The trailer over netstring bytes is checked with
// check_auth_string(); packet-level signing/verification is in msg_wire.h.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "heartbeat/msg/ha_msg.h"
#include "heartbeat/plumb/status.h"

namespace ha::hb {

enum class AuthMethod {
    kCrc,     // CRC-32 MSB-first, no key; no security
    kMd5,     // HMAC-MD5
    kSha1,    // HMAC-SHA1
    kSha256,  // HMAC-SHA256: ours, not understood by heartbeat 3.0.6
};

inline constexpr int kMaxAuthSlots = 16;

// "crc", "md5", "sha1", "sha256": exact, case-sensitive (as heartbeat).
std::optional<AuthMethod> auth_method_from_name(std::string_view name);
const char* auth_method_name(AuthMethod method);
// crc takes no key; the HMAC methods require one.
bool auth_method_needs_key(AuthMethod method);

// One authkeys line "N METHOD [KEY]".
struct AuthSlot {
    AuthMethod method = AuthMethod::kSha1;
    std::string key;
};

// The authkeys file as a value: slots 0..15 and the outbound (`auth N`) slot.
// Filled by heartbeat/config's authkeys parser. Never log `key`.
struct AuthConfig {
    int active = -1;
    std::array<std::optional<AuthSlot>, kMaxAuthSlots> slots;

    const AuthSlot* slot(int index) const {
        if (index < 0 || index >= kMaxAuthSlots || !slots[size_t(index)]) return nullptr;
        return &*slots[size_t(index)];
    }
    const AuthSlot* active_slot() const { return slot(active); }
};

// Heartbeat's CRC: poly 0x04C11DB7, MSB first, init 0, complemented, no length.
uint32_t hb_crc32(std::string_view data);

// The token for `data`: lowercase hex (crc without leading zeros, "%lx").
// `key` is ignored by crc.
std::string auth_token(AuthMethod method, std::string_view key, std::string_view data);

// "<active index> <token>" over `data` with the active slot; kNotFound when
// there is no active slot.
Result<std::string> make_auth_string(const AuthConfig& config, std::string_view data);

// Strict parse of an auth string: decimal index without sign or leading zero,
// one space, a non-empty token without whitespace, nothing else.
struct AuthString {
    int index = -1;
    std::string token;
};
Result<AuthString> parse_auth_string(std::string_view text);

enum class AuthVerdict { kOk, kBad, kNone };

struct AuthCheck {
    AuthVerdict verdict = AuthVerdict::kNone;
    int index = -1;                    // slot named by the packet (when parsed)
    std::optional<AuthMethod> method;  // digest function that was used
    std::string reason;                // why kBad / kNone (never the key)
    bool ok() const { return verdict == AuthVerdict::kOk; }
};

// Which key checks a received digest.
enum class VerifyKey {
    // Heartbeat's netstring quirk (reference 2.5): the digest function of the
    // slot named in the packet, with the key of our *active* slot.
    kActiveSlotKey,
    // The named slot's own method and key (heartbeat's classic `auth` check;
    // also our strict mode for the trailer).
    kNamedSlotKey,
};

// Checks the auth string `text` against `data`: kBad when unparsable, the
// named slot is empty, or the token differs.
AuthCheck check_auth_string(const AuthConfig& config, std::string_view text, std::string_view data,
                            VerifyKey key_source);

// Inner classic signature: sets field `auth` (replacing the first one in
// place, else appending) to the active slot's auth string over
// classic_auth_text(msg). Fails on no active slot or an unrenderable message.
Status sign_inner(Message& msg, const AuthConfig& config);
// Verifies the inner `auth` field (the last one, as heartbeat reads it) with
// the named slot's own key (heartbeat's isauthentic); kNone when absent.
AuthCheck verify_inner(const Message& msg, const AuthConfig& config,
                       VerifyKey key_source = VerifyKey::kNamedSlotKey);

}  // namespace ha::hb
