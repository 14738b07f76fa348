// Packet authentication (see hb_auth.h, doc/wire-format.md).
#include "heartbeat/msg/hb_auth.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/msg/msg_classic.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace {

struct CrcTable {
    uint32_t v[256];
    constexpr CrcTable() : v() {
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t c = i << 24;
            for (int k = 0; k < 8; ++k)
                c = (c & 0x80000000u) ? (c << 1) ^ 0x04C11DB7u : c << 1;
            v[i] = c;
        }
    }
};
constexpr CrcTable kCrcTable;

std::string hmac_hex(const EVP_MD* md, std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int out_len = 0;
    static const unsigned char kEmpty = 0;
    const void* key_ptr = key.empty() ? static_cast<const void*>(&kEmpty) : key.data();
    if (!HMAC(md, key_ptr, static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &out_len))
        return std::string();  // never equals a received token
    return hex_bytes(std::string_view(reinterpret_cast<const char*>(out), out_len));
}

AuthCheck bad(int index, std::string reason) {
    AuthCheck c;
    c.verdict = AuthVerdict::kBad;
    c.index = index;
    c.reason = std::move(reason);
    return c;
}

}  // namespace

std::optional<AuthMethod> auth_method_from_name(std::string_view name) {
    if (name == "crc") return AuthMethod::kCrc;
    if (name == "md5") return AuthMethod::kMd5;
    if (name == "sha1") return AuthMethod::kSha1;
    if (name == "sha256") return AuthMethod::kSha256;
    return std::nullopt;
}

const char* auth_method_name(AuthMethod method) {
    switch (method) {
        case AuthMethod::kCrc:
            return "crc";
        case AuthMethod::kMd5:
            return "md5";
        case AuthMethod::kSha1:
            return "sha1";
        case AuthMethod::kSha256:
            return "sha256";
    }
    return "?";
}

bool auth_method_needs_key(AuthMethod method) {
    return method != AuthMethod::kCrc;
}

uint32_t hb_crc32(std::string_view data) {
    uint32_t c = 0;
    for (char ch : data)
        c = (c << 8) ^ kCrcTable.v[((c >> 24) ^ uint8_t(ch)) & 0xff];
    return ~c;
}

std::string auth_token(AuthMethod method, std::string_view key, std::string_view data) {
    switch (method) {
        case AuthMethod::kCrc:
            return to_hex(hb_crc32(data));
        case AuthMethod::kMd5:
            return hmac_hex(EVP_md5(), key, data);
        case AuthMethod::kSha1:
            return hmac_hex(EVP_sha1(), key, data);
        case AuthMethod::kSha256:
            return hmac_hex(EVP_sha256(), key, data);
    }
    return std::string();
}

Result<std::string> make_auth_string(const AuthConfig& config, std::string_view data) {
    const AuthSlot* slot = config.active_slot();
    if (!slot)
        return Status(ErrorCode::kNotFound,
                      "no active authentication slot (auth " + std::to_string(config.active) + ")");
    return std::to_string(config.active) + " " + auth_token(slot->method, slot->key, data);
}

Result<AuthString> parse_auth_string(std::string_view text) {
    size_t sp = text.find(' ');
    if (sp == std::string_view::npos) return invalid("auth string has no space");
    std::string_view num = text.substr(0, sp);
    std::string_view token = text.substr(sp + 1);
    if (num.empty() || num.size() > 2 || (num.size() > 1 && num[0] == '0'))
        return invalid("auth index '" + printable(num, 20) + "' is not canonical");
    for (char c : num)
        if (c < '0' || c > '9')
            return invalid("auth index '" + printable(num, 20) + "' is not decimal");
    if (token.empty()) return invalid("auth token is empty");
    for (char c : token)
        if (uint8_t(c) <= 0x20 || uint8_t(c) >= 0x7f)
            return invalid("auth token has whitespace or a non-printable byte");
    AuthString out;
    out.index = std::stoi(std::string(num));
    out.token.assign(token);
    return out;
}

AuthCheck check_auth_string(const AuthConfig& config, std::string_view text, std::string_view data,
                            VerifyKey key_source) {
    auto parsed = parse_auth_string(text);
    if (!parsed) return bad(-1, parsed.status().message());
    int index = parsed->index;
    const AuthSlot* named = config.slot(index);
    if (!named) return bad(index, "key index " + std::to_string(index) + " is not configured");
    std::string_view key = named->key;
    if (key_source == VerifyKey::kActiveSlotKey) {
        const AuthSlot* active = config.active_slot();
        if (!active) return bad(index, "no active authentication slot");
        key = active->key;
    }
    std::string expect = auth_token(named->method, key, data);
    if (expect.empty() || expect != parsed->token)
        return bad(index, std::string(auth_method_name(named->method)) +
                              " digest mismatch for key " + std::to_string(index));
    AuthCheck ok;
    ok.verdict = AuthVerdict::kOk;
    ok.index = index;
    ok.method = named->method;
    return ok;
}

Status sign_inner(Message& msg, const AuthConfig& config) {
    auto text = classic_auth_text(msg);
    if (!text) return text.status().with_context("inner auth");
    auto auth = make_auth_string(config, *text);
    if (!auth) return auth.status();
    msg.set_string(kFieldAuth, *auth);
    return Status::ok();
}

AuthCheck verify_inner(const Message& msg, const AuthConfig& config, VerifyKey key_source) {
    const Field* auth = nullptr;
    for (const Field& f : msg.fields())
        if (f.name == kFieldAuth) auth = &f;
    if (!auth) {
        AuthCheck none;
        none.reason = "no auth field";
        return none;
    }
    if (auth->type != FieldType::kString) return bad(-1, "auth field is not a string");
    auto text = classic_auth_text(msg);
    if (!text) return bad(-1, text.status().message());
    return check_auth_string(config, auth->bytes, *text, key_source);
}

}  // namespace ha::hb
