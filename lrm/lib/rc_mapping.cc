#include "lrm/lib/rc_mapping.h"

#include "heartbeat/plumb/strings.h"

namespace ha::lrm {

namespace {

constexpr int kLsbStatusRunning = 0;
constexpr int kLsbStatusDeadPidFile = 1;
constexpr int kLsbStatusDeadLockFile = 2;
constexpr int kLsbStatusNotRunning = 3;
constexpr int kLsbLastGenericCode = 7;  // LSB non-status codes 0..7 match OCF's

bool is_status_op(OpName op) {
    return op == OpName::kStatus || op == OpName::kMonitor;
}

OcfRc lsb_generic_to_rc(int exit_code) {
    if (exit_code >= 0 && exit_code <= kLsbLastGenericCode) return static_cast<OcfRc>(exit_code);
    return OcfRc::kErrGeneric;
}

// `[Rr]unning` at `pos`.
bool running_at(std::string_view s, std::size_t pos) {
    return pos + 7 <= s.size() && (s[pos] == 'R' || s[pos] == 'r') &&
           s.substr(pos + 1, 6) == "unning";
}

bool contains_running(std::string_view s, std::size_t from) {
    for (std::size_t i = from; i < s.size(); ++i) {
        if (running_at(s, i)) return true;
    }
    return false;
}

// The shell pattern *[Nn][Oo][Tt]\ *[Rr]unning*: some "not " (any case per
// letter, then one space) with [Rr]unning somewhere after it. The earliest
// "not " leaves the most room, so it is the only one worth trying.
bool matches_not_running(std::string_view s) {
    for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
        if ((s[i] == 'N' || s[i] == 'n') && (s[i + 1] == 'O' || s[i + 1] == 'o') &&
            (s[i + 2] == 'T' || s[i + 2] == 't') && s[i + 3] == ' ') {
            return contains_running(s, i + 4);
        }
    }
    return false;
}

// g_pattern_match_simple("*not*running*", lower).
bool contains_in_order(std::string_view s, std::string_view first, std::string_view second) {
    std::size_t at = s.find(first);
    return at != std::string_view::npos &&
           s.find(second, at + first.size()) != std::string_view::npos;
}

}  // namespace

OcfRc ocf_exit_to_rc(int exit_code) {
    return ocf_rc_from_int(exit_code).value_or(OcfRc::kErrGeneric);
}

OcfRc lsb_exit_to_rc(OpName op, int exit_code) {
    if (!is_status_op(op)) return lsb_generic_to_rc(exit_code);
    switch (exit_code) {
        case kLsbStatusRunning:
            return OcfRc::kSuccess;
        case kLsbStatusDeadPidFile:
        case kLsbStatusDeadLockFile:
        case kLsbStatusNotRunning:
            return OcfRc::kNotRunning;
        default:
            return OcfRc::kErrGeneric;
    }
}

OcfRc heartbeat_exit_to_rc(int exit_code) {
    return lsb_generic_to_rc(exit_code);
}

OcfRc heartbeat_status_from_output(std::string_view out, HbStatusRule rule) {
    if (rule == HbStatusRule::kResourceManager) {
        if (matches_not_running(out)) return OcfRc::kNotRunning;
        if (contains_running(out, 0) || out.find("OK") != std::string_view::npos) {
            return OcfRc::kSuccess;
        }
        return OcfRc::kNotRunning;
    }
    std::string lower = to_lower(out);
    if (lower.find("stopped") != std::string::npos || contains_in_order(lower, "not", "running")) {
        return OcfRc::kNotRunning;
    }
    if (lower.find("running") != std::string::npos || out.find("OK") != std::string_view::npos) {
        return OcfRc::kSuccess;
    }
    return OcfRc::kNotRunning;
}

}  // namespace ha::lrm
