// Classic text form of an ha_msg (doc/wire-format.md, "Classic form"):
//   ">>>\n" { "name=value\n" | "(T)name=<encoded>\n" } "<<<\n"
// Used by serial links, the FIFO and classic-framed UDP sends, and — without
// the framing lines and without `auth` — as the input of the inner signature.
#pragma once

#include <string>
#include <string_view>

#include "heartbeat/msg/ha_msg.h"
#include "heartbeat/msg/msg_netstring.h"
#include "heartbeat/plumb/status.h"

namespace ha::hb {

inline constexpr std::string_view kClassicStart = ">>>\n";
inline constexpr std::string_view kClassicEnd = "<<<\n";
// Newlines inside string values travel as this byte.
inline constexpr char kNewlineSymbol = '\x13';

// The byte that replaces '\n' in a struct field of a message at `depth`
// (0 -> 0x14 ... 11 -> 0x1f, 12 -> 0x0f ... 15 -> 0x12). depth < kMaxDepth.
char struct_newline_symbol(int depth);

// Decodes the classic body at the front of `in` (">>>\n" through "<<<\n");
// *consumed excludes any NUL after it. kNeedMore when `in` ends first,
// kInvalid otherwise (offset and field named). Blank lines between fields are
// skipped as heartbeat does (so such input does not re-encode identically).
Result<Message> decode_classic_body(std::string_view in, size_t* consumed,
                                    const DecodeLimits& limits = {}, int depth = 0,
                                    size_t base_offset = 0);

// Encodes with framing lines, no trailing NUL. Fails (kInvalid) when a value
// cannot travel in classic form: empty string, a string holding NUL or 0x13,
// a name with '=', '\n' or NUL, a string field named "(...", an uncompressed
// field, nesting deeper than kMaxDepth, a control byte clash in a struct.
Result<std::string> encode_classic_body(const Message& msg);

// The text heartbeat signs for the inner `auth` field: every field except
// those named `auth`, rendered as classic lines, no framing. Lenient like
// heartbeat (strings are not checked); fails only on an uncompressed field or
// a struct that cannot be rendered.
Result<std::string> classic_auth_text(const Message& msg);

}  // namespace ha::hb
