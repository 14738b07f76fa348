// Fuzz target for the ha_msg decoders: whatever a peer sends over UDP 694 or
// a serial line goes through decode (both framings, datagram and stream),
// authentication, envelope/field decompression and the text dump. None of it
// may crash, and a netstring packet that decodes must re-encode to exactly
// the bytes it was decoded from (doc/wire-format.md).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "heartbeat/msg/hb_auth.h"
#include "heartbeat/msg/msg_classic.h"
#include "heartbeat/msg/msg_compress.h"
#include "heartbeat/msg/msg_dump.h"
#include "heartbeat/msg/msg_netstring.h"
#include "heartbeat/msg/msg_wire.h"

namespace {

using namespace ha::hb;

// Keys the regression seeds are signed with: slot 1 sha1 "fuzz-key"
// (active), slot 2 crc, slot 3 md5 "fuzz-key".
const AuthConfig& fuzz_keys() {
    static const AuthConfig cfg = [] {
        AuthConfig c;
        c.active = 1;
        c.slots[1] = AuthSlot{AuthMethod::kSha1, "fuzz-key"};
        c.slots[2] = AuthSlot{AuthMethod::kCrc, ""};
        c.slots[3] = AuthSlot{AuthMethod::kMd5, "fuzz-key"};
        return c;
    }();
    return cfg;
}

void check(bool ok) {
    if (!ok) std::abort();
}

void exercise_message(const Message& msg) {
    (void)dump_message(msg);
    (void)classic_auth_text(msg);
    (void)verify_inner(msg, fuzz_keys());
    Message copy = msg;
    (void)expand_compressed_fields(copy);
    // Whatever decoded must encode again in netstring form, and decode back
    // to an equal message.
    auto body = encode_netstring_body(msg);
    check(body.is_ok());
    size_t used = 0;
    auto again = decode_netstring_body(*body, &used);
    check(again.is_ok() && used == body->size() && *again == msg);
    // Classic may refuse (values it cannot carry) but never yields garbage.
    auto classic = encode_classic_body(msg);
    if (classic) {
        auto back = decode_classic_body(*classic, &used);
        check(back.is_ok() && *back == msg);
    }
}

void exercise_packet(const WirePacket& pkt) {
    (void)verify_packet(pkt, fuzz_keys());
    (void)verify_packet(pkt, fuzz_keys(), VerifyPolicy::kStrict);
    if (pkt.framing == Framing::kNetstring) {
        auto body = encode_netstring_body(pkt.msg);
        check(body.is_ok() && *body == pkt.signed_bytes);
    }
    exercise_message(pkt.msg);
    auto opened = open_packet(pkt);
    if (opened) exercise_message(*opened);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);

    auto pkt = decode_packet(in);
    if (pkt) exercise_packet(*pkt);

    // The same bytes as a serial stream: consume packet after packet.
    size_t offset = 0;
    for (int guard = 0; guard < 64 && offset < in.size(); ++guard) {
        size_t used = 0;
        auto next = decode_stream_packet(in.substr(offset), &used);
        if (!next) break;
        check(used > 0);
        exercise_packet(*next);
        offset += used;
    }

    // Decompressed payloads and the small parsers see peer bytes too.
    auto payload = parse_payload(in, DecodeLimits{});
    if (payload) exercise_message(*payload);
    (void)unpack_list(in);
    (void)parse_auth_string(in);
    return 0;
}
