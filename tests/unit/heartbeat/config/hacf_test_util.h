// Helpers shared by the heartbeat/config tests.
#pragma once

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "heartbeat/config/diagnostic.h"
#include "heartbeat/config/ha_cf.h"

namespace ha::hb::test {

// A minimal valid, warning-free ha.cf (two nodes, one medium) followed by `extra`.
inline std::string valid_hacf(std::string_view extra = "") {
    return "node n1 n2\nbcast eth0\nauto_failback on\n" + std::string(extra);
}

inline HaCfResult parse(std::string_view text) {
    return parse_ha_cf(text, "ha.cf");
}

inline std::string dump(const Diagnostics& diags) {
    std::string out;
    for (const auto& d : diags)
        out += format_diagnostic(d) + "\n";
    return out.empty() ? "(no diagnostics)\n" : out;
}

// True when some diagnostic of that severity on that line (-1: any line)
// contains `text`.
inline bool has_diag(const Diagnostics& diags, Severity sev, int line, std::string_view text) {
    for (const auto& d : diags) {
        if (d.severity == sev && (line < 0 || d.line == line) &&
            d.message.find(text) != std::string::npos)
            return true;
    }
    return false;
}

#define EXPECT_ERROR(res, line, text)                                                        \
    EXPECT_TRUE(                                                                             \
        ::ha::hb::test::has_diag((res).diagnostics, ::ha::hb::Severity::kError, line, text)) \
        << ::ha::hb::test::dump((res).diagnostics)
#define EXPECT_WARNING(res, line, text)                                                        \
    EXPECT_TRUE(                                                                               \
        ::ha::hb::test::has_diag((res).diagnostics, ::ha::hb::Severity::kWarning, line, text)) \
        << ::ha::hb::test::dump((res).diagnostics)
#define EXPECT_CLEAN(res) \
    EXPECT_TRUE((res).diagnostics.empty()) << ::ha::hb::test::dump((res).diagnostics)
#define EXPECT_VALID(res) EXPECT_TRUE((res).valid()) << ::ha::hb::test::dump((res).diagnostics)
#define EXPECT_INVALID(res) EXPECT_FALSE((res).valid()) << ::ha::hb::test::dump((res).diagnostics)

}  // namespace ha::hb::test
