// The log sinks behind ha.cf's logging directives: `logfile` (everything but
// debug), `debugfile` (everything), `logfacility` (syslog), and stderr for
// foreground runs. configure_logging() wires them into the Router.
#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "heartbeat/plumb/log.h"
#include "heartbeat/plumb/status.h"

namespace ha::log {

struct LogConfig {
    std::string program = "heartbeat";  // the tag in every line
    std::string node;                   // host name shown in syslog-style lines
    std::string logfile;                // "" = none, "/dev/null" = none
    std::string debugfile;
    std::string logfacility;            // "" or "none" = no syslog
    int debug_level = 0;                // ha.cf `debug`
    bool syslogmsgfmt = true;
    bool to_stderr = false;             // foreground runs and tools
};

// Appends formatted lines to a file; reopened on demand (log rotation).
class FileSink : public Sink {
public:
    FileSink(std::string path, LogConfig format, Level max_level);
    ~FileSink() override;
    void write(const Record& record) override;
    Status open();

private:
    std::string path_;
    LogConfig format_;
    Level max_level_;
    std::mutex mu_;
    FILE* file_ = nullptr;
};

class StderrSink : public Sink {
public:
    explicit StderrSink(LogConfig format) : format_(std::move(format)) {}
    void write(const Record& record) override;

private:
    LogConfig format_;
};

class SyslogSink : public Sink {
public:
    SyslogSink(const std::string& program, int facility);
    void write(const Record& record) override;

private:
    std::string ident_;
};

// syslog facility by name ("daemon", "local0"...); -1 when unknown.
int facility_from_name(const std::string& name);

// One formatted line (without newline) in heartbeat's style.
std::string format_line(const LogConfig& format, const Record& record, long pid, long epoch_sec);

// Replaces the Router's sinks according to `config`.
Status configure_logging(const LogConfig& config);

}  // namespace ha::log
