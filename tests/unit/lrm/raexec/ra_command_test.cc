#include "lrm/raexec/ra_command.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "lrm/raexec/agent_dirs.h"
#include "tests/unit/lrm/raexec/raexec_test_util.h"

namespace ha::lrm {
namespace {

using Argv = std::vector<std::string>;

const AgentLocation kHbWhere{"/etc/ha.d/resource.d/Filesystem", ""};
const AgentLocation kOcfWhere{"/usr/lib/ocf/resource.d/heartbeat/IPaddr2", "/usr/lib/ocf"};

TEST(AgentOpWord, MonitorRunsStatusForLsbAndHeartbeat) {
    EXPECT_EQ(agent_op_word(RscClass::kLsb, OpName::kMonitor), "status");
    EXPECT_EQ(agent_op_word(RscClass::kHeartbeat, OpName::kMonitor), "status");
    EXPECT_EQ(agent_op_word(RscClass::kOcf, OpName::kMonitor), "monitor");
    EXPECT_EQ(agent_op_word(RscClass::kOcf, OpName::kStatus), "status");
    EXPECT_EQ(agent_op_word(RscClass::kLsb, OpName::kStart), "start");
    EXPECT_EQ(agent_op_word(RscClass::kOcf, OpName::kMigrateFrom), "migrate_from");
}

TEST(BuildCommand, HeartbeatPositionalArgsThenOp) {
    auto rsc = ResourceSpec::heartbeat("fs", "Filesystem", {"/dev/sda1", "/data 1", "ext2"});
    auto cmd = build_command(rsc, OpName::kStart, {}, kHbWhere, {});
    EXPECT_EQ(cmd.argv, (Argv{kHbWhere.path, "/dev/sda1", "/data 1", "ext2", "start"}));
    cmd = build_command(rsc, OpName::kMonitor, {}, kHbWhere, {});
    EXPECT_EQ(cmd.argv.back(), "status");
    EXPECT_EQ(cmd.env.count("OCF_ROOT"), 0u);
    EXPECT_EQ(cmd.env.count("OCF_RESKEY_1"), 0u);
}

TEST(BuildCommand, LsbGetsTheOpOnly) {
    auto rsc = ResourceSpec::lsb("web", "apache2");
    rsc.params["1"] = "ignored";
    auto cmd = build_command(rsc, OpName::kMonitor, {}, {"/etc/init.d/apache2", ""}, {});
    EXPECT_EQ(cmd.argv, (Argv{"/etc/init.d/apache2", "status"}));
}

TEST(BuildCommand, OcfEnvironmentAsPacemakerSetsIt) {
    auto rsc =
        ResourceSpec::ocf("ip:0", "heartbeat", "IPaddr2",
                          {{"ip", "10.0.0.5"}, {"cidr_netmask", "24"}, {"OCF_CHECK_LEVEL", "10"}});
    OpOptions opt;
    opt.timeout = Millis(30000);
    opt.interval = Millis(10000);
    opt.meta = {{"clone-max", "2"}, {"notify_type", "pre"}};
    auto cmd = build_command(rsc, OpName::kMonitor, opt, kOcfWhere, {});
    EXPECT_EQ(cmd.argv, (Argv{kOcfWhere.path, "monitor"}));
    const auto& e = cmd.env;
    EXPECT_EQ(e.at("OCF_ROOT"), "/usr/lib/ocf");
    EXPECT_EQ(e.at("OCF_RA_VERSION_MAJOR"), "1");
    EXPECT_EQ(e.at("OCF_RA_VERSION_MINOR"), "0");
    EXPECT_EQ(e.at("OCF_RESOURCE_INSTANCE"), "ip:0");
    EXPECT_EQ(e.at("OCF_RESOURCE_TYPE"), "IPaddr2");
    EXPECT_EQ(e.at("OCF_RESOURCE_PROVIDER"), "heartbeat");
    EXPECT_EQ(e.at("OCF_RESKEY_ip"), "10.0.0.5");
    EXPECT_EQ(e.at("OCF_RESKEY_cidr_netmask"), "24");
    EXPECT_EQ(e.at("OCF_CHECK_LEVEL"), "10");
    EXPECT_EQ(e.count("OCF_RESKEY_OCF_CHECK_LEVEL"), 0u);
    EXPECT_EQ(e.at("OCF_RESKEY_CRM_meta_timeout"), "30000");
    EXPECT_EQ(e.at("OCF_RESKEY_CRM_meta_interval"), "10000");
    EXPECT_EQ(e.at("OCF_RESKEY_CRM_meta_clone_max"), "2");
    EXPECT_EQ(e.at("OCF_RESKEY_CRM_meta_notify_type"), "pre");
}

TEST(BuildCommand, ProbeHasIntervalZeroAndDefaultTimeout) {
    auto rsc = ResourceSpec::ocf("d", "heartbeat", "Dummy");
    auto cmd = build_command(rsc, OpName::kMonitor, {}, kOcfWhere, {});
    // ocf_is_probe tests OCF_RESKEY_CRM_meta_interval = 0.
    EXPECT_EQ(cmd.env.at("OCF_RESKEY_CRM_meta_interval"), "0");
    EXPECT_EQ(cmd.env.at("OCF_RESKEY_CRM_meta_timeout"), "20000");
    OpOptions zero;
    zero.timeout = Millis(0);
    EXPECT_EQ(build_command(rsc, OpName::kStart, zero, kOcfWhere, {})
                  .env.at("OCF_RESKEY_CRM_meta_timeout"),
              "20000");
}

TEST(BuildCommand, InheritedInstanceVariablesDoNotLeak) {
    Env base{{"OCF_RESKEY_ip", "1.2.3.4"},
             {"OCF_RESOURCE_INSTANCE", "other"},
             {"OCF_CHECK_LEVEL", "20"},
             {"OCF_ROOT", "/elsewhere"},
             {"HOME", "/root"}};
    OpOptions opt;
    opt.extra_env = {{"HA_RSCTMP", "/tmp/x"}, {"HOME", "/override"}};
    auto ocf = build_command(ResourceSpec::ocf("d", "heartbeat", "Dummy"), OpName::kStart, opt,
                             kOcfWhere, base);
    EXPECT_EQ(ocf.env.count("OCF_RESKEY_ip"), 0u);
    EXPECT_EQ(ocf.env.at("OCF_RESOURCE_INSTANCE"), "d");
    EXPECT_EQ(ocf.env.count("OCF_CHECK_LEVEL"), 0u);
    EXPECT_EQ(ocf.env.at("OCF_ROOT"), "/usr/lib/ocf");  // where the agent was found
    EXPECT_EQ(ocf.env.at("HOME"), "/override");
    EXPECT_EQ(ocf.env.at("HA_RSCTMP"), "/tmp/x");
    EXPECT_EQ(ocf.env.at("PATH"), "/usr/sbin:/usr/bin:/sbin:/bin");

    auto hb = build_command(ResourceSpec::heartbeat("x", "Filesystem"), OpName::kStop, {}, kHbWhere,
                            base);
    EXPECT_EQ(hb.env.count("OCF_RESKEY_ip"), 0u);
    EXPECT_EQ(hb.env.at("HOME"), "/root");
    Env with_path{{"PATH", "/opt/bin"}};
    EXPECT_EQ(build_command(ResourceSpec::lsb("x", "y"), OpName::kStop, {}, kHbWhere, with_path)
                  .env.at("PATH"),
              "/opt/bin");
}

TEST(AgentDirs, StandardLayoutUnderHaRoot) {
    AgentDirs d = AgentDirs::standard(Paths("/nodes/n1"));
    EXPECT_EQ(d.heartbeat, (Argv{"/nodes/n1/etc/ha.d/resource.d", "/nodes/n1/etc/init.d"}));
    EXPECT_EQ(d.lsb, (Argv{"/nodes/n1/etc/init.d"}));
    // The real /usr/lib/ocf after the node's own: Debian's agents run unchanged.
    EXPECT_EQ(d.ocf_roots, (Argv{"/nodes/n1/usr/lib/ocf", "/usr/lib/ocf"}));

    AgentDirs real = AgentDirs::standard(Paths(""));
    EXPECT_EQ(real.heartbeat, (Argv{"/etc/ha.d/resource.d", "/etc/init.d"}));
    EXPECT_EQ(real.ocf_roots, (Argv{"/usr/lib/ocf"}));

    AgentDirs env_root = AgentDirs::standard(Paths("/nodes/n1"), "/opt/ocf");
    EXPECT_EQ(env_root.ocf_roots, (Argv{"/opt/ocf"}));
}

TEST(LocateAgent, HeartbeatClassPrefersResourceDirThenInitDir) {
    test::AgentRoot root;
    auto dirs = root.config().dirs;
    std::string init = root.lsb_agent("both", "exit 0\n");
    auto found = locate_agent(ResourceSpec::heartbeat("r", "both"), dirs);
    ASSERT_TRUE(found.is_ok()) << found.status().to_string();
    EXPECT_EQ(found->path, init);
    std::string rd = root.heartbeat_agent("both", "exit 0\n");
    EXPECT_EQ(locate_agent(ResourceSpec::heartbeat("r", "both"), dirs)->path, rd);
    // As ResourceManager's scriptpath: a non-executable file is passed over.
    ::chmod(rd.c_str(), 0644);
    EXPECT_EQ(locate_agent(ResourceSpec::heartbeat("r", "both"), dirs)->path, init);
}

TEST(LocateAgent, MissingAndNotExecutableAreDistinguished) {
    test::AgentRoot root;
    auto dirs = root.config().dirs;
    auto missing = locate_agent(ResourceSpec::ocf("r", "test", "Nope"), dirs);
    ASSERT_FALSE(missing.is_ok());
    EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
    EXPECT_NE(missing.status().message().find(root.ocf_root() + "/resource.d/test/Nope"),
              std::string::npos)
        << missing.status().message();

    root.ocf_agent("test", "Plain", "exit 0\n", 0644);
    auto plain = locate_agent(ResourceSpec::ocf("r", "test", "Plain"), dirs);
    ASSERT_FALSE(plain.is_ok());
    EXPECT_EQ(plain.status().code(), ErrorCode::kPermission);

    ha::test::write_file(root.ocf_root() + "/resource.d/test/Dir/x", "");
    auto dir = locate_agent(ResourceSpec::ocf("r", "test", "Dir"), dirs);
    ASSERT_FALSE(dir.is_ok());
    EXPECT_EQ(dir.status().code(), ErrorCode::kPermission);
}

TEST(LocateAgent, OcfRootIsTheOneTheAgentWasFoundUnder) {
    test::AgentRoot first;
    test::AgentRoot second;
    second.ocf_agent("test", "Only2", "exit 0\n");
    first.ocf_agent("test", "Both", "exit 0\n");
    second.ocf_agent("test", "Both", "exit 0\n");
    AgentDirs dirs;
    dirs.ocf_roots = {first.ocf_root(), second.ocf_root()};
    auto only2 = locate_agent(ResourceSpec::ocf("r", "test", "Only2"), dirs);
    ASSERT_TRUE(only2.is_ok());
    EXPECT_EQ(only2->ocf_root, second.ocf_root());
    auto both = locate_agent(ResourceSpec::ocf("r", "test", "Both"), dirs);
    ASSERT_TRUE(both.is_ok());
    EXPECT_EQ(both->ocf_root, first.ocf_root());
}

}  // namespace
}  // namespace ha::lrm
