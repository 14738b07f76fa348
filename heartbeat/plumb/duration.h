// Heartbeat's time values and the project's monotonic time types.
// ha.cf times (keepalive, deadtime, warntime, initdead, deadping,
// conn_logd_time) are a decimal number with an optional fraction and unit:
// none = seconds, "ms..." = milliseconds, "us..." = microseconds; rounded to
// the nearest millisecond. So "2" = 2000 ms, "100ms" = 100 ms, "0.5" = 500 ms,
// and "2s" is invalid, as in heartbeat 3.0.6.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ha {

using Millis = std::chrono::milliseconds;
// Monotonic time; the real clock is in ha_io, fakes in tests/support.
using MonoTime = std::chrono::steady_clock::time_point;

class Clock {
public:
    virtual ~Clock() = default;
    virtual MonoTime now() const = 0;
};

// Parses a heartbeat time value; nullopt when it is not one.
std::optional<Millis> parse_hb_time(std::string_view text);

// Renders a duration the way `heartbeat -D` prints defaults: "<n>ms".
std::string format_ms(Millis ms);

}  // namespace ha
