// Compression of ha_msg traffic as cluster-glue 1.0.12 does it
// (doc/wire-format.md, "Compression"): the whole-message envelope
// (_compressed_payload + _compression_algorithm) and field-level compression
// (type 5 fields become type 4 on send). zlib always; bz2 only when the
// build found libbz2 (otherwise kUnsupported).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "heartbeat/msg/ha_msg.h"
#include "heartbeat/msg/msg_netstring.h"
#include "heartbeat/plumb/status.h"

namespace ha::hb {

enum class CompressAlgo { kZlib, kBz2 };

std::optional<CompressAlgo> compress_algo_from_name(std::string_view name);
std::string_view compress_algo_name(CompressAlgo algo);
bool compress_algo_available(CompressAlgo algo);

// zlib: RFC 1950 stream at the default level (zlib compress()); bz2: block
// size 1, work factor 30. kUnsupported when the algorithm is not built in.
Result<std::string> compress_bytes(CompressAlgo algo, std::string_view data);
// Fails with kTooLarge when the output would exceed `max_out`, kInvalid on a
// corrupt stream or bytes after its end.
Result<std::string> decompress_bytes(CompressAlgo algo, std::string_view data,
                                     size_t max_out = kMaxUncompressed);

// How a nested message is serialised before compression. kAuto is what
// heartbeat does with msgfmt classic: classic text plus its NUL, unless the
// message holds struct/compressed fields (or cannot be written classic), then
// netstring without trailer.
enum class PayloadFormat { kAuto, kNetstring };

Result<std::string> serialize_payload(const Message& msg, PayloadFormat format);
// Inverse of serialize_payload: either framing, no trailer, classic may end
// in one NUL; nothing else may follow.
Result<Message> parse_payload(std::string_view bytes, const DecodeLimits& limits);

// ---- Whole-message envelope -------------------------------------------------
bool is_compressed_envelope(const Message& msg);  // has a binary _compressed_payload
Result<Message> make_envelope(const Message& original, CompressAlgo algo,
                              PayloadFormat format = PayloadFormat::kAuto);
// Decompresses (at most kMaxUncompressed) and decodes the original message.
Result<Message> open_envelope(const Message& envelope);

// ---- Field-level compression -------------------------------------------------
// Turns every top-level kUncompressed field into kCompressed and sets
// _compression_algorithm on `msg` (as cluster-glue's pre-send step).
Status compress_fields(Message& msg, CompressAlgo algo,
                       PayloadFormat format = PayloadFormat::kAuto);
// The nested message held by a kCompressed field of `msg`, using `msg`'s
// _compression_algorithm. `depth` is the nesting level of `msg`; the nested
// message counts one level deeper against kMaxDepth. With `budget`, at most
// *budget bytes are decompressed and *budget is reduced by that amount, so
// many fields of one message share one kMaxUncompressed allowance.
Result<Message> decompress_field(const Message& msg, const Field& field, int depth = 0,
                                 size_t* budget = nullptr);
// Replaces every kCompressed field (recursively) by its kUncompressed form;
// all of them together may decompress to at most kMaxUncompressed bytes.
Status expand_compressed_fields(Message& msg, int depth = 0);

}  // namespace ha::hb
