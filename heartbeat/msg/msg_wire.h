// One ha_msg packet on the wire (UDP payload or one frame of a serial
// stream): framing detection, the netstring authentication trailer, the
// classic trailing NUL, the compression envelope, signing and verification.
// doc/wire-format.md describes the bytes; this is the API the media and the
// daemon use:
//   receive: decode_packet -> verify_packet -> open_packet
//   send:    encode_packet (inner auth, field compression, envelope, trailer)
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "heartbeat/msg/ha_msg.h"
#include "heartbeat/msg/hb_auth.h"
#include "heartbeat/msg/msg_compress.h"
#include "heartbeat/plumb/status.h"

namespace ha::hb {

enum class Framing { kNetstring, kClassic };

const char* framing_name(Framing framing);

// A decoded packet, keeping what verification and exact re-encoding need.
struct WirePacket {
    Framing framing = Framing::kNetstring;
    Message msg;                         // as carried (an envelope is not opened)
    std::string signed_bytes;            // netstring: "###\n" .. "%%%\n" exactly as received
    std::optional<std::string> trailer;  // netstring: the auth string of the trailer netstring
    bool trailing_nul = false;           // classic: the packet ended in one NUL
    size_t wire_size = 0;                // bytes consumed, including trailer / NUL
};

// Decodes one datagram: the whole input must be one packet smaller than
// kMaxMsg. Errors: kNeedMore when the packet is cut short, kTooLarge,
// kInvalid (offset and field named). Does not authenticate.
Result<WirePacket> decode_packet(std::string_view datagram);

// Decodes the packet at the front of a byte stream (serial links): leading
// NUL and newline bytes are skipped; *consumed is set on success. kNeedMore
// until a whole packet (for netstring: including its trailer) is present.
Result<WirePacket> decode_stream_packet(std::string_view buffer, size_t* consumed);

// How a received packet is authenticated.
enum class VerifyPolicy {
    // Heartbeat 3.0.6: netstring -> the trailer only, with the quirk of
    // VerifyKey::kActiveSlotKey; classic -> the inner `auth` field with the
    // named slot's key.
    kHeartbeatCompat,
    // Both with the named slot's own method and key.
    kStrict,
};

// Netstring packets: the trailer over the exact received body bytes (the
// inner `auth` field is ignored); classic packets: the inner `auth` field.
// kNone when the packet carries no authentication at all.
AuthCheck verify_packet(const WirePacket& packet, const AuthConfig& config,
                        VerifyPolicy policy = VerifyPolicy::kHeartbeatCompat);

// The message a packet carries: the envelope opened when it is one.
Result<Message> open_packet(const WirePacket& packet);

struct EncodeOptions {
    Framing framing = Framing::kNetstring;  // what heartbeat 3.0.6 sends everywhere
    // msgfmt classic: refresh the inner `auth` field (skipped when the message
    // has struct/compressed fields, as heartbeat does). Needs `auth`.
    bool inner_auth = true;
    // Compress type-5 fields before sending and, when the packet would reach
    // kMaxMsg, send a compressed envelope instead. nullopt: never compress.
    std::optional<CompressAlgo> compression = CompressAlgo::kZlib;
    // traditional_compression: envelope whenever the body exceeds the threshold.
    bool traditional_compression = false;
    size_t compression_threshold = 2 * 1024;
};

// Encodes `msg` for the wire. With `auth` the packet is signed (netstring:
// trailer with the active slot, plus the inner field per options; classic:
// inner field); without, it is sent unauthenticated (FIFO, IPC). Classic
// framing falls back to netstring when the message needs it (struct or
// compressed fields), as heartbeat does. kTooLarge when it cannot fit.
Result<std::string> encode_packet(Message msg, const AuthConfig* auth,
                                  const EncodeOptions& options = {});

// The netstring trailer netstring for a body: "<len>:<index> <token>,".
Result<std::string> make_trailer(std::string_view signed_bytes, const AuthConfig& config);

}  // namespace ha::hb
