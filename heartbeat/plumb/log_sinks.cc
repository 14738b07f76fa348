#include "heartbeat/plumb/log_sinks.h"

#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace ha::log {

namespace {
struct FacilityName {
    const char* name;
    int value;
};
constexpr FacilityName kFacilities[] = {
    {"auth", LOG_AUTH},     {"authpriv", LOG_AUTHPRIV}, {"cron", LOG_CRON},
    {"daemon", LOG_DAEMON}, {"ftp", LOG_FTP},           {"kern", LOG_KERN},
    {"lpr", LOG_LPR},       {"mail", LOG_MAIL},         {"news", LOG_NEWS},
    {"syslog", LOG_SYSLOG}, {"user", LOG_USER},         {"uucp", LOG_UUCP},
    {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1},     {"local2", LOG_LOCAL2},
    {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4},     {"local5", LOG_LOCAL5},
    {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},
};
}  // namespace

int facility_from_name(const std::string& name) {
    for (const auto& f : kFacilities)
        if (name == f.name) return f.value;
    return -1;
}

std::string format_line(const LogConfig& format, const Record& record, long pid, long epoch_sec) {
    time_t t = static_cast<time_t>(epoch_sec);
    struct tm tm {};
    localtime_r(&t, &tm);
    char stamp[64];
    std::string line;
    if (format.syslogmsgfmt) {
        // "Nov 23 11:30:22 node1 heartbeat: [1234]: info: message"
        strftime(stamp, sizeof stamp, "%b %d %H:%M:%S", &tm);
        line = std::string(stamp) + " " + (format.node.empty() ? "localhost" : format.node) + " " +
               format.program + ": [" + std::to_string(pid) + "]: ";
    } else {
        // "heartbeat[1234]: 2026/11/23_11:30:22 info: message"
        strftime(stamp, sizeof stamp, "%Y/%m/%d_%H:%M:%S", &tm);
        line = format.program + "[" + std::to_string(pid) + "]: " + stamp + " ";
    }
    line += level_name(record.level);
    line += ": ";
    line += record.message;
    return line;
}

FileSink::FileSink(std::string path, LogConfig format, Level max_level)
    : path_(std::move(path)), format_(std::move(format)), max_level_(max_level) {}

FileSink::~FileSink() {
    if (file_) std::fclose(file_);
}

Status FileSink::open() {
    std::lock_guard lock(mu_);
    if (file_) return Status::ok();
    file_ = std::fopen(path_.c_str(), "a");
    if (!file_)
        return Status(ErrorCode::kIo, path_ + ": cannot open log file: " + std::strerror(errno));
    return Status::ok();
}

void FileSink::write(const Record& record) {
    if (static_cast<int>(record.level) > static_cast<int>(max_level_)) return;
    std::string line = format_line(format_, record, ::getpid(), ::time(nullptr));
    std::lock_guard lock(mu_);
    if (!file_) file_ = std::fopen(path_.c_str(), "a");
    if (!file_) return;
    std::fprintf(file_, "%s\n", line.c_str());
    std::fflush(file_);
}

void StderrSink::write(const Record& record) {
    std::string line = format_line(format_, record, ::getpid(), ::time(nullptr));
    std::fprintf(stderr, "%s\n", line.c_str());
}

SyslogSink::SyslogSink(const std::string& program, int facility) : ident_(program) {
    ::openlog(ident_.c_str(), LOG_PID | LOG_NDELAY, facility);
}

void SyslogSink::write(const Record& record) {
    ::syslog(syslog_priority(record.level), "%s: %.*s", level_name(record.level),
             static_cast<int>(record.message.size()), record.message.data());
}

Status configure_logging(const LogConfig& config) {
    std::vector<std::shared_ptr<Sink>> sinks;
    auto usable = [](const std::string& p) { return !p.empty() && p != "/dev/null"; };
    if (usable(config.logfile)) {
        auto s = std::make_shared<FileSink>(config.logfile, config, Level::kInfo);
        HA_RETURN_IF_ERROR(s->open());
        sinks.push_back(s);
    }
    if (usable(config.debugfile)) {
        auto s = std::make_shared<FileSink>(config.debugfile, config, Level::kTrace);
        HA_RETURN_IF_ERROR(s->open());
        sinks.push_back(s);
    }
    if (!config.logfacility.empty() && config.logfacility != "none") {
        int facility = facility_from_name(config.logfacility);
        if (facility < 0)
            return invalid("logfacility: unknown syslog facility '" + config.logfacility + "'");
        sinks.push_back(std::make_shared<SyslogSink>(config.program, facility));
    }
    if (config.to_stderr) sinks.push_back(std::make_shared<StderrSink>(config));
    Router::instance().set_level(level_for_debug(config.debug_level));
    Router::instance().set_sinks(std::move(sinks));
    return Status::ok();
}

}  // namespace ha::log
