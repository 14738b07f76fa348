// The effective-configuration printer used by ha_checkconf.
#include "heartbeat/config/hacf_dump.h"

#include <gtest/gtest.h>

#include "tests/unit/heartbeat/config/hacf_test_util.h"

namespace ha::hb {
namespace {

bool has_line_starting(const std::string& text, const std::string& prefix) {
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        std::string line = text.substr(pos, nl - pos);
        if (line.rfind(prefix, 0) == 0) return true;
        if (nl == std::string::npos) break;
        pos = nl + 1;
    }
    return false;
}

TEST(HaCfDump, EveryRecordedDirectiveAppearsWithDefaultsMarked) {
    auto r = test::parse(test::valid_hacf("keepalive 2\nlogfile /var/log/ha-log\n"));
    std::string out = format_effective_ha_cf(r.config);
    for (const auto& d : ha_cf_directives()) {
        if (!d.recorded || d.name == "crm") continue;
        std::string name(d.name);
        EXPECT_TRUE(has_line_starting(out, name + " ") || has_line_starting(out, "#" + name + " "))
            << name << "\n"
            << out;
    }
    EXPECT_NE(out.find("keepalive                2                        # 2000ms\n"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("deadtime                 30000ms                  # default\n"),
              std::string::npos)
        << out;
    EXPECT_TRUE(has_line_starting(out, "logfile                  /var/log/ha-log")) << out;
    EXPECT_TRUE(has_line_starting(out, "#watchdog ")) << out;
}

TEST(HaCfDump, ListsNodesMediaAuthorisationsAndChildren) {
    auto r = test::parse(
        "node n1 n2\nauto_failback on\nudpport 700\nbcast eth0\n"
        "mcast eth1 225.0.0.1 694 1 0\nserial /dev/ttyS0\nping 10.0.0.254\n"
        "respawn hacluster /usr/lib/heartbeat/ipfail\nenv FOO=bar\n");
    std::string out = format_effective_ha_cf(r.config);
    EXPECT_TRUE(has_line_starting(out, "node                     n2")) << out;
    EXPECT_TRUE(
        has_line_starting(out, "bcast                    eth0                     # port 700"))
        << out;
    EXPECT_TRUE(has_line_starting(out, "mcast                    eth1 225.0.0.1 694 1 0")) << out;
    EXPECT_TRUE(
        has_line_starting(out, "serial                   /dev/ttyS0               # 19200 baud"))
        << out;
    EXPECT_TRUE(has_line_starting(out, "ping                     10.0.0.254")) << out;
    EXPECT_TRUE(
        has_line_starting(out, "apiauth                  ipfail uid=hacluster     # built-in"))
        << out;
    EXPECT_TRUE(
        has_line_starting(out, "respawn                  hacluster /usr/lib/heartbeat/ipfail"))
        << out;
    EXPECT_TRUE(has_line_starting(out, "env                      FOO=bar")) << out;
}

TEST(HaCfDump, StonithParametersAreNotPrinted) {
    auto r = test::parse(test::valid_hacf("stonith_host * baytech 10.0.0.3 admin Pa55word\n"));
    std::string out = format_effective_ha_cf(r.config);
    EXPECT_EQ(out.find("Pa55word"), std::string::npos) << out;
    EXPECT_NE(out.find("3 parameter(s) not shown"), std::string::npos) << out;
}

TEST(HaCfDump, PacemakerChildrenAreShown) {
    auto r = test::parse(test::valid_hacf("crm respawn\n"));
    std::string out = format_effective_ha_cf(r.config);
    EXPECT_TRUE(has_line_starting(out, "failfast                 hacluster crmd")) << out;
    EXPECT_TRUE(has_line_starting(out, "respawn                  root lrmd -r")) << out;
    EXPECT_TRUE(has_line_starting(out, "pacemaker                respawn")) << out;
}

}  // namespace
}  // namespace ha::hb
