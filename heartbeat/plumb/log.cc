#include "heartbeat/plumb/log.h"

#include <syslog.h>

#include <utility>

namespace ha::log {

const char* level_name(Level level) {
    switch (level) {
        case Level::kCrit: return "CRIT";
        case Level::kErr: return "ERROR";
        case Level::kWarning: return "WARN";
        case Level::kNotice: return "notice";
        case Level::kInfo: return "info";
        case Level::kDebug: return "debug";
        case Level::kTrace: return "trace";
    }
    return "?";
}

int syslog_priority(Level level) {
    switch (level) {
        case Level::kCrit: return LOG_CRIT;
        case Level::kErr: return LOG_ERR;
        case Level::kWarning: return LOG_WARNING;
        case Level::kNotice: return LOG_NOTICE;
        case Level::kInfo: return LOG_INFO;
        case Level::kDebug:
        case Level::kTrace: return LOG_DEBUG;
    }
    return LOG_INFO;
}

Router& Router::instance() {
    static Router router;
    return router;
}

void Router::set_sinks(std::vector<std::shared_ptr<Sink>> sinks) {
    std::lock_guard lock(mu_);
    sinks_ = std::move(sinks);
}

void Router::set_level(Level level) {
    std::lock_guard lock(mu_);
    level_ = static_cast<int>(level);
}

Level Router::level() const {
    std::lock_guard lock(mu_);
    return static_cast<Level>(level_);
}

void Router::dispatch(const Record& record) {
    std::lock_guard lock(mu_);
    if (static_cast<int>(record.level) > level_) return;
    for (auto& sink : sinks_) sink->write(record);
}

Level level_for_debug(int debug_level) {
    if (debug_level <= 0) return Level::kInfo;
    if (debug_level == 1) return Level::kDebug;
    return Level::kTrace;
}

void Logger::log(Level level, std::string_view message) const {
    Router& r = Router::instance();
    if (!r.enabled(level)) return;
    r.dispatch(Record{level, name_, message});
}

void MemorySink::write(const Record& record) {
    std::lock_guard lock(mu_);
    entries_.push_back({record.level, std::string(record.logger), std::string(record.message)});
}

std::vector<MemorySink::Entry> MemorySink::take() {
    std::lock_guard lock(mu_);
    return std::exchange(entries_, {});
}

}  // namespace ha::log
