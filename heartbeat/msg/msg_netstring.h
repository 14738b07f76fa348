// Netstring form of an ha_msg, the framing heartbeat 3.0.6 puts on every
// cluster packet (doc/wire-format.md, "Netstring form"):
//   "###\n" { "<len>:(<T>)<name>=<value>," } "%%%\n"
// Values are raw; nested messages are complete netstring bodies. This layer
// knows nothing of the authentication trailer (msg_wire.h adds it).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "heartbeat/msg/ha_msg.h"
#include "heartbeat/plumb/status.h"

namespace ha::hb {

inline constexpr std::string_view kNetstringStart = "###\n";
inline constexpr std::string_view kNetstringEnd = "%%%\n";

struct DecodeLimits {
    int max_depth = kMaxDepth;  // nesting levels allowed below the top message
    size_t max_size = kMaxMsg;  // no single length may reach past this many bytes
};

// Decodes the netstring body at the front of `in` ("###\n" through "%%%\n").
// On success stores the body length in *consumed (bytes after it are not
// looked at). Errors: kNeedMore when `in` ends inside the body (a stream may
// deliver the rest), kInvalid otherwise, with the offset (plus `base_offset`)
// and the field named. `depth` is the nesting level of this message.
Result<Message> decode_netstring_body(std::string_view in, size_t* consumed,
                                      const DecodeLimits& limits = {}, int depth = 0,
                                      size_t base_offset = 0);

// Encodes `msg` as a netstring body. Fails (kInvalid) on nesting deeper than
// kMaxDepth, an empty list or list element, a NUL inside a list element.
Result<std::string> encode_netstring_body(const Message& msg);

// List packing shared by both forms: "<len>:<item>," per element.
std::string pack_list(const std::vector<std::string>& items);
// Strict inverse of pack_list: canonical decimal lengths, every element
// non-empty and free of NUL, at least one element (heartbeat rejects the rest).
Result<std::vector<std::string>> unpack_list(std::string_view packed);

// Parses a canonical decimal netstring length at `in[pos]` up to ':'.
// Returns the length and advances *pos past ':'. kNeedMore when `in` ends
// first; kInvalid on a non-digit, a leading zero or more than 7 digits.
Result<size_t> parse_netstring_length(std::string_view in, size_t* pos);

}  // namespace ha::hb
