// Loading a node's whole configuration from a directory tree.
#include "heartbeat/config/config_load.h"

#include <gtest/gtest.h>

#include "tests/support/test_env.h"
#include "tests/unit/heartbeat/config/hacf_test_util.h"

namespace ha::hb {
namespace {

class ConfigLoad : public ::testing::Test {
  protected:
    void write(const std::string& name, const std::string& text, int mode = 0600) {
        ha::test::write_file(dir_.file("etc/ha.d/" + name), text, mode);
    }
    NodeConfig load(const std::string& node = "n1") {
        ConfigLoadOptions opts;
        opts.host_checks = false;
        return load_node_config(Paths(dir_.path()), node, opts);
    }
    ha::test::TempDir dir_;
};

TEST_F(ConfigLoad, V1NodeWithAllThreeFiles) {
    write("ha.cf", "node n1 n2\nbcast eth0\nauto_failback on\n");
    write("authkeys", "auth 1\n1 sha1 k\n");
    write("haresources", "n1 10.0.0.10 apache\n");
    NodeConfig c = load();
    EXPECT_VALID(c);
    EXPECT_EQ(c.auth.active, 1);
    ASSERT_EQ(c.resources.size(), 1u);
    EXPECT_TRUE(c.haresources_read);
    std::string out = format_node_config(c);
    EXPECT_NE(out.find("# Local node: n1\n"), std::string::npos) << out;
    EXPECT_NE(out.find("auth 1  # sha1 (key not shown)"), std::string::npos) << out;
    EXPECT_NE(out.find("n1 IPaddr::10.0.0.10 apache"), std::string::npos) << out;
}

TEST_F(ConfigLoad, ProblemsFromEveryFileAreCollectedWithTheirPaths) {
    write("ha.cf", "node n1\nbcast eth0\nauto_failback on\nkeepalive abc\n");
    write("authkeys", "auth 1\n1 SHA1 k\n");
    write("haresources", "n9 apache\n");
    NodeConfig c = load();
    EXPECT_INVALID(c);
    const std::string etc = dir_.path() + "/etc/ha.d/";
    EXPECT_TRUE(test::has_diag(c.diagnostics, Severity::kError, 4, "invalid keepalive"));
    EXPECT_TRUE(test::has_diag(c.diagnostics, Severity::kError, 2, "Invalid authtype [SHA1]"));
    EXPECT_TRUE(test::has_diag(c.diagnostics, Severity::kError, 1, "Bad nodename [n9]"));
    for (const auto& d : c.diagnostics)
        EXPECT_EQ(d.file.rfind(etc, 0), 0u) << d.file;
}

TEST_F(ConfigLoad, HaresourcesRequiredInV1ModeOnly) {
    write("ha.cf", "node n1\nbcast eth0\nauto_failback on\n");
    write("authkeys", "auth 1\n1 crc\n");
    NodeConfig v1 = load();
    EXPECT_ERROR(v1, 0, "Cannot open resources file");
    write("ha.cf", "node n1\nbcast eth0\ncrm respawn\n");
    NodeConfig crm = load();
    EXPECT_VALID(crm);
    EXPECT_FALSE(crm.haresources_read);
}

TEST_F(ConfigLoad, LocalNodeIsCheckedEvenWithoutHostChecks) {
    write("ha.cf", "node n1\nbcast eth0\ncrm on\n");
    write("authkeys", "auth 1\n1 crc\n");
    EXPECT_ERROR(load("stranger"), 0, "Current node [stranger] not in configuration");
}

TEST_F(ConfigLoad, MissingHaCfAndUnreadableAuthkeys) {
    EXPECT_ERROR(load(), 0, "Cannot open config file");
    write("ha.cf", "node n1\nbcast eth0\ncrm on\n");
    write("authkeys", "auth 1\n1 crc\n", 0644);
    EXPECT_ERROR(load(), 0, "Bad permissions on keyfile");
}

}  // namespace
}  // namespace ha::hb
