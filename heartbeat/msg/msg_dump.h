// Human-readable rendering of an ha_msg for tools and debug logs: one
// "name=value" line per field in order. Non-string fields carry their wire
// type prefix "(T)"; binary is hex; lists are quoted items; nested messages
// (struct, uncompressed, and compressed ones that decompress) follow indented.
#pragma once

#include <string>

#include "heartbeat/msg/ha_msg.h"

namespace ha::hb {

// `indent` is the number of leading spaces of the top level; each nesting
// level adds two. Never fails: undecodable compressed payloads show as hex
// with the reason.
std::string dump_message(const Message& msg, int indent = 0);

}  // namespace ha::hb
