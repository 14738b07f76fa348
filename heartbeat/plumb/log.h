// Logging front end: one named logger per subsystem ("hb", "media", "cib"...),
// levels as in STYLE.md section 5, and a sink interface. The sinks that write
// files and syslog live in ha_io (log_sinks.h); ha_core does no I/O itself.
// Daemons log; tools print.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace ha::log {

enum class Level { kCrit = 0, kErr, kWarning, kNotice, kInfo, kDebug, kTrace };

const char* level_name(Level level);  // "crit", "ERROR", "WARN", ... as heartbeat prints
int syslog_priority(Level level);     // LOG_CRIT ... LOG_DEBUG

struct Record {
    Level level;
    std::string_view logger;
    std::string_view message;
};

class Sink {
public:
    virtual ~Sink() = default;
    virtual void write(const Record& record) = 0;
};

// The process-wide routing table from loggers to sinks. Configured once by
// main() from ha.cf (logfile, debugfile, logfacility, debug); adjustable at
// runtime (SIGHUP, `debug` changes).
class Router {
public:
    static Router& instance();

    void set_sinks(std::vector<std::shared_ptr<Sink>> sinks);
    // Messages at or below `level` are routed; default kInfo.
    void set_level(Level level);
    Level level() const;
    bool enabled(Level level) const { return static_cast<int>(level) <= level_; }
    void dispatch(const Record& record);

private:
    mutable std::mutex mu_;
    std::vector<std::shared_ptr<Sink>> sinks_;
    int level_ = static_cast<int>(Level::kInfo);
};

// Maps heartbeat's `debug N` (0..255) to a routing level.
Level level_for_debug(int debug_level);

class Logger {
public:
    explicit Logger(std::string name) : name_(std::move(name)) {}
    const std::string& name() const { return name_; }

    void log(Level level, std::string_view message) const;
    void crit(std::string_view m) const { log(Level::kCrit, m); }
    void err(std::string_view m) const { log(Level::kErr, m); }
    void warning(std::string_view m) const { log(Level::kWarning, m); }
    void notice(std::string_view m) const { log(Level::kNotice, m); }
    void info(std::string_view m) const { log(Level::kInfo, m); }
    void debug(std::string_view m) const { log(Level::kDebug, m); }
    bool enabled(Level level) const { return Router::instance().enabled(level); }

private:
    std::string name_;
};

// Collects records in memory; for tests and for tools that want to show them.
class MemorySink : public Sink {
public:
    struct Entry {
        Level level;
        std::string logger;
        std::string message;
    };
    void write(const Record& record) override;
    std::vector<Entry> take();

private:
    std::mutex mu_;
    std::vector<Entry> entries_;
};

}  // namespace ha::log
