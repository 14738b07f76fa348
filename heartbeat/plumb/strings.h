// Small string helpers shared by every parser in the project.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ha {

std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool starts_with(std::string_view s, std::string_view prefix);

// Splits on any character of `separators`, dropping empty tokens.
std::vector<std::string> split_tokens(std::string_view s, std::string_view separators = " \t");

// Heartbeat's boolean words: true on yes y 1 / false off no n 0, any case.
std::optional<bool> parse_bool(std::string_view s);

// Whole-string decimal / hexadecimal integers; nullopt on any stray character.
std::optional<int64_t> parse_int(std::string_view s);
std::optional<uint64_t> parse_uint(std::string_view s);
std::optional<uint64_t> parse_hex(std::string_view s);

// Lowercase hex without leading zeros, like C's "%lx".
std::string to_hex(uint64_t v);
// Lowercase hex of every byte, two digits each.
std::string hex_bytes(std::string_view bytes);

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

// Makes arbitrary bytes printable for error messages: \xNN for the rest.
std::string printable(std::string_view bytes, size_t max_len = 80);

}  // namespace ha
