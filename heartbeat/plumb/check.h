// The three tiers of checks (STYLE.md section 4). Never assert on what a peer,
// a config file, a client or an agent can send: those are Status values.
#pragma once

#include <cstdlib>

namespace ha::detail {
[[noreturn]] void panic(const char* file, int line, const char* what);
void check_failed(const char* file, int line, const char* what);
}  // namespace ha::detail

#ifdef NDEBUG
#define HA_ASSERT(c) ((void)0)
#else
#define HA_ASSERT(c) ((c) ? (void)0 : ::ha::detail::panic(__FILE__, __LINE__, "assertion " #c))
#endif

// All builds: log with context, then run `recovery` (a statement).
#define HA_CHECK(c, recovery)                                    \
    do {                                                         \
        if (!(c)) {                                              \
            ::ha::detail::check_failed(__FILE__, __LINE__, #c);  \
            recovery;                                            \
        }                                                        \
    } while (0)

#define HA_PANIC(msg) ::ha::detail::panic(__FILE__, __LINE__, msg)
