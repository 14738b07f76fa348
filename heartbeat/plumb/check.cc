#include "heartbeat/plumb/check.h"

#include <cstdio>
#include <string>

#include "heartbeat/plumb/log.h"

namespace ha::detail {

void panic(const char* file, int line, const char* what) {
    std::string m = std::string("PANIC at ") + file + ":" + std::to_string(line) + ": " + what;
    log::Logger("ha").crit(m);
    std::fprintf(stderr, "%s\n", m.c_str());
    std::abort();
}

void check_failed(const char* file, int line, const char* what) {
    log::Logger("ha").err(std::string("check failed at ") + file + ":" + std::to_string(line) +
                          ": " + what);
}

}  // namespace ha::detail
