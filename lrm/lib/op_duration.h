// Operation times as written in OCF meta-data and CIB op definitions:
// "20s", "20", "500ms", "2min", "1h". A number with an optional fraction,
// optional blanks, then an optional unit, case-insensitive: none, s, sec =
// seconds; ms, msec; us, usec; m, min; h, hr. Rounded to the nearest ms.
// Pacemaker's crm_get_msec reads the same words but truncates fractions and
// ignores text after a unit's first letters; we refuse such text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "heartbeat/plumb/duration.h"

namespace ha::lrm {

std::optional<Millis> parse_op_duration(std::string_view text);

// "20000" -> the decimal millisecond count, as CRM_meta_timeout carries it.
std::string format_op_ms(Millis ms);

}  // namespace ha::lrm
