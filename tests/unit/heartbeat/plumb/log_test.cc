#include "heartbeat/plumb/log.h"

#include <gtest/gtest.h>

#include "heartbeat/plumb/log_sinks.h"
#include "tests/support/test_env.h"

namespace ha::log {
namespace {

TEST(Log, RoutesByLevelAndDebugSetting) {
    auto sink = std::make_shared<MemorySink>();
    Router::instance().set_sinks({sink});
    Router::instance().set_level(level_for_debug(0));
    Logger hb("hb");
    hb.info("visible");
    hb.debug("hidden");
    Router::instance().set_level(level_for_debug(1));
    hb.debug("now visible");
    auto entries = sink->take();
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].message, "visible");
    EXPECT_EQ(entries[1].logger, "hb");
    Router::instance().set_sinks({});
}

TEST(Log, LogfileSkipsDebugButDebugfileKeepsAll) {
    test::TempDir dir;
    LogConfig cfg;
    cfg.node = "node1";
    cfg.logfile = dir.file("ha-log");
    cfg.debugfile = dir.file("ha-debug");
    cfg.debug_level = 1;
    ASSERT_TRUE(configure_logging(cfg).is_ok());
    Logger("hb").info("Link node2:eth0 up.");
    Logger("hb").debug("detail");
    Router::instance().set_sinks({});
    std::string log = test::read_file(cfg.logfile);
    std::string dbg = test::read_file(cfg.debugfile);
    EXPECT_NE(log.find("node1 heartbeat: ["), std::string::npos) << log;
    EXPECT_NE(log.find("info: Link node2:eth0 up."), std::string::npos);
    EXPECT_EQ(log.find("detail"), std::string::npos);
    EXPECT_NE(dbg.find("debug: detail"), std::string::npos);
}

TEST(Log, UnknownFacilityIsAnError) {
    LogConfig cfg;
    cfg.logfacility = "local9";
    Status s = configure_logging(cfg);
    EXPECT_FALSE(s.is_ok());
    EXPECT_NE(s.message().find("local9"), std::string::npos);
}

TEST(Log, ClassicFormatWhenSyslogmsgfmtOff) {
    LogConfig cfg;
    cfg.syslogmsgfmt = false;
    std::string line = format_line(cfg, Record{Level::kWarning, "hb", "late"}, 42, 0);
    EXPECT_EQ(line.rfind("heartbeat[42]: ", 0), 0u) << line;
    EXPECT_NE(line.find(" WARN: late"), std::string::npos);
}

}  // namespace
}  // namespace ha::log
