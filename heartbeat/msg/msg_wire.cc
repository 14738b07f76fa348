// Packet layer for ha_msg (see msg_wire.h, doc/wire-format.md).
#include "heartbeat/msg/msg_wire.h"

#include "heartbeat/msg/msg_classic.h"
#include "heartbeat/msg/msg_netstring.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace {

// An auth string is "<index> <token>"; sha256 makes the longest (~67 bytes).
constexpr size_t kMaxTrailerLen = 128;

bool is_prefix_of(std::string_view rest, std::string_view marker) {
    return rest.size() < marker.size() && marker.substr(0, rest.size()) == rest;
}

bool has_structured_fields(const Message& msg) {
    for (const Field& f : msg.fields())
        if (f.type == FieldType::kStruct || f.type == FieldType::kCompressed ||
            f.type == FieldType::kUncompressed)
            return true;
    return false;
}

// Parses the trailer netstring at in[pos]; stores its content.
Status parse_trailer(std::string_view in, size_t* pos, std::optional<std::string>* trailer) {
    size_t start = *pos;
    size_t p = start;
    auto len = parse_netstring_length(in, &p);
    if (!len)
        return Status(len.status().code(),
                      "trailer at offset " + std::to_string(start) + ": " + len.status().message());
    if (*len == 0 || *len > kMaxTrailerLen)
        return invalid("trailer at offset " + std::to_string(start) + ": length " +
                       std::to_string(*len) + " out of range");
    if (in.size() < p + *len + 1)
        return Status(ErrorCode::kNeedMore,
                      "trailer at offset " + std::to_string(start) + ": truncated");
    if (in[p + *len] != ',')
        return invalid("trailer at offset " + std::to_string(start) + ": expected ',' at offset " +
                       std::to_string(p + *len));
    *trailer = std::string(in.substr(p, *len));
    *pos = p + *len + 1;
    return Status::ok();
}

// Decodes the packet at the front of `in`. `stream`: bytes may follow it.
Result<WirePacket> decode_front(std::string_view in, bool stream, size_t* consumed) {
    WirePacket pkt;
    size_t pos = 0;
    std::string_view head = in.substr(0, 4);
    if (head == kNetstringStart) {
        auto msg = decode_netstring_body(in, &pos);
        if (!msg) return msg.status();
        pkt.framing = Framing::kNetstring;
        pkt.msg = std::move(*msg);
        pkt.signed_bytes.assign(in.substr(0, pos));
        std::string_view rest = in.substr(pos);
        if (rest.empty() && stream) return Status(ErrorCode::kNeedMore, "trailer not yet received");
        if (!rest.empty() && (!stream || (rest[0] >= '0' && rest[0] <= '9')))
            HA_RETURN_IF_ERROR(parse_trailer(in, &pos, &pkt.trailer));
    } else if (head == kClassicStart) {
        auto msg = decode_classic_body(in, &pos);
        if (!msg) return msg.status();
        pkt.framing = Framing::kClassic;
        pkt.msg = std::move(*msg);
        if (pos < in.size() && in[pos] == '\0') {
            pkt.trailing_nul = true;
            ++pos;
        }
    } else if (is_prefix_of(in, kNetstringStart) || is_prefix_of(in, kClassicStart)) {
        return Status(ErrorCode::kNeedMore,
                      "truncated packet start (" + std::to_string(in.size()) + " bytes)");
    } else {
        return invalid("offset 0: unknown framing \"" + printable(head) +
                       "\" (want \"###\\n\" or \">>>\\n\")");
    }
    if (!stream && pos != in.size())
        return invalid("offset " + std::to_string(pos) + ": " + std::to_string(in.size() - pos) +
                       " stray bytes after the " +
                       (pkt.framing == Framing::kNetstring ? "auth trailer" : "\"<<<\\n\" end"));
    pkt.wire_size = pos;
    *consumed = pos;
    return pkt;
}

}  // namespace

const char* framing_name(Framing framing) {
    return framing == Framing::kNetstring ? "netstring" : "classic";
}

Result<WirePacket> decode_packet(std::string_view datagram) {
    if (datagram.size() >= kMaxMsg)
        return Status(ErrorCode::kTooLarge, "packet of " + std::to_string(datagram.size()) +
                                                " bytes, limit " + std::to_string(kMaxMsg - 1));
    size_t used = 0;
    return decode_front(datagram, false, &used);
}

Result<WirePacket> decode_stream_packet(std::string_view buffer, size_t* consumed) {
    size_t skip = 0;
    while (skip < buffer.size() && (buffer[skip] == '\0' || buffer[skip] == '\n'))
        ++skip;
    std::string_view in = buffer.substr(skip);
    if (in.empty()) return Status(ErrorCode::kNeedMore, "no packet start yet");
    size_t used = 0;
    auto pkt = decode_front(in.substr(0, kMaxMsg), true, &used);
    if (!pkt) {
        if (pkt.status().code() == ErrorCode::kNeedMore && in.size() >= kMaxMsg)
            return Status(ErrorCode::kTooLarge,
                          "no complete packet within " + std::to_string(kMaxMsg) + " bytes");
        return pkt.status();
    }
    *consumed = skip + used;
    return pkt;
}

AuthCheck verify_packet(const WirePacket& packet, const AuthConfig& config, VerifyPolicy policy) {
    if (packet.framing == Framing::kClassic) return verify_inner(packet.msg, config);
    if (!packet.trailer) {
        AuthCheck none;
        none.reason = "netstring packet without auth trailer";
        return none;
    }
    VerifyKey key = policy == VerifyPolicy::kHeartbeatCompat ? VerifyKey::kActiveSlotKey
                                                             : VerifyKey::kNamedSlotKey;
    return check_auth_string(config, *packet.trailer, packet.signed_bytes, key);
}

Result<Message> open_packet(const WirePacket& packet) {
    if (is_compressed_envelope(packet.msg)) return open_envelope(packet.msg);
    return packet.msg;
}

Result<std::string> make_trailer(std::string_view signed_bytes, const AuthConfig& config) {
    auto auth = make_auth_string(config, signed_bytes);
    if (!auth) return auth.status();
    return std::to_string(auth->size()) + ":" + *auth + ",";
}

Result<std::string> encode_packet(Message msg, const AuthConfig* auth,
                                  const EncodeOptions& options) {
    if (options.compression) {
        bool has_uncompressed = false;
        for (const Field& f : msg.fields())
            has_uncompressed |= f.type == FieldType::kUncompressed;
        if (has_uncompressed) HA_RETURN_IF_ERROR(compress_fields(msg, *options.compression));
    }
    bool structured = has_structured_fields(msg);
    if (auth && options.inner_auth && !structured) HA_RETURN_IF_ERROR(sign_inner(msg, *auth));

    Framing framing = structured ? Framing::kNetstring : options.framing;
    auto body =
        framing == Framing::kNetstring ? encode_netstring_body(msg) : encode_classic_body(msg);
    if (!body) return body.status();

    auto finish = [&](std::string bytes, Framing f) -> Result<std::string> {
        if (f == Framing::kClassic) {
            bytes += '\0';
        } else if (auth) {
            auto trailer = make_trailer(bytes, *auth);
            if (!trailer) return trailer.status();
            bytes += *trailer;
        }
        return bytes;
    };

    auto packet = finish(*body, framing);
    if (!packet) return packet;
    bool want_envelope = options.compression && options.traditional_compression &&
                         body->size() > options.compression_threshold;
    if (!want_envelope && packet->size() < kMaxMsg) return packet;
    if (!options.compression)
        return Status(ErrorCode::kTooLarge, "packet of " + std::to_string(packet->size()) +
                                                " bytes reaches the " + std::to_string(kMaxMsg) +
                                                "-byte limit and compression is off");
    PayloadFormat format = options.inner_auth ? PayloadFormat::kAuto : PayloadFormat::kNetstring;
    auto env = make_envelope(msg, *options.compression, format);
    if (!env) return env.status();
    auto env_body = encode_netstring_body(*env);
    if (!env_body) return env_body.status();
    auto env_packet = finish(*env_body, Framing::kNetstring);
    if (!env_packet) return env_packet;
    if (env_packet->size() >= kMaxMsg)
        return Status(ErrorCode::kTooLarge, "compressed packet of " +
                                                std::to_string(env_packet->size()) +
                                                " bytes still reaches the limit");
    return env_packet;
}

}  // namespace ha::hb
