// Debian's own agents through RaExec, unchanged: resource-agents' OCF Dummy
// and IPaddr2 (meta-data, start/monitor/stop) and heartbeat's v1 Delay
// wrapper. Each test skips loudly when the package is not installed.
#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "lrm/lib/ocf_metadata.h"
#include "lrm/raexec/ra_exec.h"
#include "tests/support/test_env.h"

namespace ha::lrm {
namespace {

constexpr const char* kOcfHeartbeat = "/usr/lib/ocf/resource.d/heartbeat/";

bool installed(const std::string& path) {
    return ::access(path.c_str(), X_OK) == 0;
}

#define REQUIRE_AGENT(path, package)                                                 \
    if (!installed(path)) {                                                          \
        GTEST_SKIP() << "*** " << (path) << " absent (apt-get install " << (package) \
                     << "); this test of Debian's agents did NOT run";               \
    }

// A node root of our own (HA_ROOT) with no agents in it: OCF agents are then
// found under the real /usr/lib/ocf, as on a multi-node test machine.
RaExecConfig node_config(const ha::test::TempDir& root) {
    RaExecConfig c;
    c.dirs = AgentDirs::standard(Paths(root.path()));
    c.base_env = {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}, {"HA_RSCTMP", root.path()}};
    return c;
}

RaMetadata metadata_of(const std::string& type, const RaExecConfig& config) {
    OpResult r =
        run_op_sync(ResourceSpec::ocf("", "heartbeat", type), OpName::kMetaData, {}, config);
    EXPECT_TRUE(r.succeeded()) << describe(r) << "\n" << r.error_output;
    auto md = parse_ocf_metadata(r.output, "ocf:heartbeat:" + type + " meta-data");
    EXPECT_TRUE(md.is_ok()) << md.status().to_string();
    return md.is_ok() ? *md : RaMetadata{};
}

TEST(DebianAgents, DummyMetadata) {
    REQUIRE_AGENT(std::string(kOcfHeartbeat) + "Dummy", "resource-agents");
    ha::test::TempDir root;
    RaMetadata md = metadata_of("Dummy", node_config(root));
    EXPECT_EQ(md.name, "Dummy");
    ASSERT_NE(md.parameter("state"), nullptr);
    EXPECT_TRUE(md.parameter("state")->unique);
    EXPECT_EQ(md.parameter("state")->type, "string");
    ASSERT_NE(md.parameter("fake"), nullptr);
    EXPECT_EQ(md.parameter("fake")->default_value, std::optional<std::string>("dummy"));
    ASSERT_NE(md.action("start"), nullptr);
    EXPECT_EQ(md.action("start")->timeout, Millis(20000));
    ASSERT_NE(md.action("monitor"), nullptr);
    EXPECT_EQ(md.action("monitor")->interval, Millis(10000));
    EXPECT_EQ(md.action("monitor")->depth, 0);
    ASSERT_NE(md.action("meta-data"), nullptr);
    EXPECT_EQ(md.action("meta-data")->timeout, Millis(5000));
}

TEST(DebianAgents, IPaddr2Metadata) {
    REQUIRE_AGENT(std::string(kOcfHeartbeat) + "IPaddr2", "resource-agents");
    ha::test::TempDir root;
    RaMetadata md = metadata_of("IPaddr2", node_config(root));
    EXPECT_EQ(md.name, "IPaddr2");
    const RaParameter* ip = md.parameter("ip");
    ASSERT_NE(ip, nullptr);
    EXPECT_TRUE(ip->required);
    EXPECT_TRUE(ip->unique);
    ASSERT_NE(md.parameter("cidr_netmask"), nullptr);
    EXPECT_FALSE(md.parameter("cidr_netmask")->required);
    ASSERT_NE(md.parameter("lvs_support"), nullptr);
    EXPECT_EQ(md.parameter("lvs_support")->type, "boolean");
    EXPECT_GT(md.parameters.size(), 10u);
    ASSERT_NE(md.action("monitor"), nullptr);
    EXPECT_EQ(md.action("monitor")->interval, Millis(10000));
    ASSERT_NE(md.action("validate-all"), nullptr);
}

TEST(DebianAgents, DummyStartMonitorStop) {
    REQUIRE_AGENT(std::string(kOcfHeartbeat) + "Dummy", "resource-agents");
    ha::test::TempDir root;
    RaExecConfig config = node_config(root);
    const std::string state = root.file("dummy.state");
    auto rsc = ResourceSpec::ocf("dummy1", "heartbeat", "Dummy", {{"state", state}});
    auto run = [&](OpName op) {
        OpResult r = run_op_sync(rsc, op, {}, config);
        EXPECT_EQ(r.status, ExecStatus::kDone) << op_name(op) << ": " << describe(r) << "\n"
                                               << r.error_output;
        return r.rc;
    };
    EXPECT_EQ(run(OpName::kValidateAll), OcfRc::kSuccess);
    EXPECT_EQ(run(OpName::kMonitor), OcfRc::kNotRunning);  // probe
    EXPECT_EQ(run(OpName::kStart), OcfRc::kSuccess);
    EXPECT_TRUE(std::ifstream(state).good());
    EXPECT_EQ(run(OpName::kMonitor), OcfRc::kSuccess);
    EXPECT_EQ(run(OpName::kStart), OcfRc::kSuccess);  // idempotent
    EXPECT_EQ(run(OpName::kStop), OcfRc::kSuccess);
    EXPECT_FALSE(std::ifstream(state).good());
    EXPECT_EQ(run(OpName::kMonitor), OcfRc::kNotRunning);
    EXPECT_EQ(run(OpName::kStop), OcfRc::kSuccess);
    EXPECT_EQ(run(OpName::kPromote), OcfRc::kErrUnimplemented);
}

// heartbeat's v1 wrapper /etc/ha.d/resource.d/Delay (which runs the OCF
// Delay agent through hto-mapfuncs) prints "INFO:  Running OK" / "INFO:
// Resource is stopped"; the status comes from that text.
TEST(DebianAgents, HeartbeatClassDelayWrapper) {
    REQUIRE_AGENT("/etc/ha.d/resource.d/Delay", "heartbeat");
    REQUIRE_AGENT(std::string(kOcfHeartbeat) + "Delay", "resource-agents");
    ha::test::TempDir rsctmp;
    RaExecConfig config;
    config.dirs = AgentDirs::standard(Paths(""));
    config.base_env = {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}};
    OpOptions opt;
    // The tracking file goes to our TempDir; mondelay defaults to 30 s.
    opt.extra_env = {{"HA_RSCTMP", rsctmp.path()}, {"OCF_RESKEY_mondelay", "0"}};
    auto rsc = ResourceSpec::heartbeat("Delay::0::0", "Delay", {"0", "0"});
    auto run = [&](OpName op) {
        OpResult r = run_op_sync(rsc, op, opt, config);
        EXPECT_EQ(r.status, ExecStatus::kDone) << op_name(op) << ": " << describe(r);
        return r;
    };
    OpResult before = run(OpName::kStatus);
    EXPECT_EQ(before.rc, OcfRc::kNotRunning) << before.output;
    EXPECT_NE(before.output.find("stopped"), std::string::npos) << before.output;
    EXPECT_EQ(run(OpName::kStart).rc, OcfRc::kSuccess);
    OpResult during = run(OpName::kMonitor);
    EXPECT_EQ(during.rc, OcfRc::kSuccess) << during.output;
    EXPECT_NE(during.output.find("Running OK"), std::string::npos) << during.output;
    EXPECT_EQ(run(OpName::kStop).rc, OcfRc::kSuccess);
    EXPECT_EQ(run(OpName::kStatus).rc, OcfRc::kNotRunning);
}

}  // namespace
}  // namespace ha::lrm
