#include "lrm/lib/op_duration.h"

#include <array>
#include <cmath>
#include <cstdint>

#include "heartbeat/plumb/strings.h"

namespace ha::lrm {

namespace {

struct Unit {
    const char* word;
    double ms;
};

constexpr std::array<Unit, 11> kUnits = {{
    {"", 1000.0},
    {"s", 1000.0},
    {"sec", 1000.0},
    {"ms", 1.0},
    {"msec", 1.0},
    {"us", 0.001},
    {"usec", 0.001},
    {"m", 60000.0},
    {"min", 60000.0},
    {"h", 3600000.0},
    {"hr", 3600000.0},
}};

// Durations beyond this are refused (about 106 days): no op waits that long.
constexpr double kMaxMs = 1e10;

}  // namespace

std::optional<Millis> parse_op_duration(std::string_view text) {
    text = trim(text);
    std::size_t digits_end = 0;
    bool seen_digit = false;
    bool seen_dot = false;
    while (digits_end < text.size()) {
        char c = text[digits_end];
        if (c >= '0' && c <= '9') {
            seen_digit = true;
        } else if (c == '.' && !seen_dot) {
            seen_dot = true;
        } else {
            break;
        }
        ++digits_end;
    }
    if (!seen_digit) return std::nullopt;
    std::string_view number = text.substr(0, digits_end);
    std::string_view unit = trim(text.substr(digits_end));

    double value = 0;
    double scale = 1;
    bool fraction = false;
    for (char c : number) {
        if (c == '.') {
            fraction = true;
            continue;
        }
        if (fraction) {
            scale /= 10;
            value += (c - '0') * scale;
        } else {
            value = value * 10 + (c - '0');
            if (value > kMaxMs) return std::nullopt;
        }
    }
    for (const Unit& u : kUnits) {
        if (!iequals(unit, u.word)) continue;
        double ms = value * u.ms;
        if (ms > kMaxMs) return std::nullopt;
        return Millis(static_cast<std::int64_t>(std::llround(ms)));
    }
    return std::nullopt;
}

std::string format_op_ms(Millis ms) {
    return std::to_string(ms.count());
}

}  // namespace ha::lrm
