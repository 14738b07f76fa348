#include "heartbeat/plumb/duration.h"

#include <cmath>
#include <cstdlib>

#include "heartbeat/plumb/strings.h"

namespace ha {

std::optional<Millis> parse_hb_time(std::string_view text) {
    std::string_view s = trim(text);
    size_t n = 0;
    while (n < s.size() && ((s[n] >= '0' && s[n] <= '9') || s[n] == '.')) ++n;
    if (n == 0) return std::nullopt;
    std::string_view number = s.substr(0, n);
    std::string_view unit = trim(s.substr(n));

    // The number itself: digits with at most one decimal point and at least one digit.
    size_t dots = 0, digits = 0;
    for (char c : number) (c == '.' ? dots : digits)++;
    if (dots > 1 || digits == 0) return std::nullopt;

    double scale = 1000.0;  // seconds by default
    if (!unit.empty()) {
        std::string u = to_lower(unit);
        if (starts_with(u, "ms")) {
            scale = 1.0;
        } else if (starts_with(u, "us")) {
            scale = 0.001;
        } else {
            return std::nullopt;
        }
    }
    double value = std::strtod(std::string(number).c_str(), nullptr) * scale;
    if (!std::isfinite(value) || value > 9.0e15) return std::nullopt;
    return Millis(static_cast<long long>(value + 0.5));
}

std::string format_ms(Millis ms) { return std::to_string(ms.count()) + "ms"; }

}  // namespace ha
