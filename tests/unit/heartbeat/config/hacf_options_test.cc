// ha.cf option directives: failback, Pacemaker mode and its order rules,
// apiauth, respawn/failfast, stonith, env, logging, enumerations, integers.
#include <algorithm>

#include <gtest/gtest.h>

#include "heartbeat/config/ha_cf.h"
#include "tests/unit/heartbeat/config/hacf_test_util.h"

namespace ha::hb {
namespace {

using test::parse;
using test::valid_hacf;

std::string base(std::string_view extra) {
    return "node n1 n2\nbcast eth0\n" + std::string(extra);
}

TEST(HaCfOptions, AutoFailbackValues) {
    EXPECT_EQ(parse(base("auto_failback on\n")).config.auto_failback, AutoFailback::kOn);
    EXPECT_EQ(parse(base("auto_failback ON\n")).config.auto_failback, AutoFailback::kOn);
    EXPECT_EQ(parse(base("auto_failback off\n")).config.auto_failback, AutoFailback::kOff);
    EXPECT_EQ(parse(base("auto_failback Legacy\n")).config.auto_failback, AutoFailback::kLegacy);
    EXPECT_ERROR(parse(base("auto_failback maybe\n")), 3, "invalid auto_failback value 'maybe'");
}

TEST(HaCfOptions, LegacyFailbackWarnsInV1ModeOnly) {
    auto v1 = parse(base(""));
    EXPECT_VALID(v1);
    EXPECT_EQ(v1.config.auto_failback, AutoFailback::kLegacy);
    EXPECT_WARNING(v1, 0, "deprecated 'legacy' auto_failback");
    auto crm = parse(base("crm respawn\n"));
    EXPECT_FALSE(test::has_diag(crm.diagnostics, Severity::kWarning, -1, "legacy"))
        << test::dump(crm.diagnostics);
}

TEST(HaCfOptions, NiceFailbackIsObsoleteAndMapsLikeHeartbeat) {
    auto first = parse(base("nice_failback on\n"));
    EXPECT_VALID(first);
    EXPECT_EQ(first.config.auto_failback, AutoFailback::kLegacy);
    EXPECT_WARNING(first, 3, "treats 'nice_failback on' as 'auto_failback legacy'");
    auto after = parse(base("auto_failback on\nnice_failback on\n"));
    EXPECT_EQ(after.config.auto_failback, AutoFailback::kOff);
    EXPECT_WARNING(after, 4, "as 'auto_failback off'");
    EXPECT_FALSE(after.config.parameter_lines.count("nice_failback"));
}

TEST(HaCfOptions, PacemakerModes) {
    const std::pair<const char*, CrmMode> cases[] = {
        {"on", CrmMode::kOn},
        {"yes", CrmMode::kOn},
        {"false", CrmMode::kOff},
        {"respawn", CrmMode::kRespawn},
        {"minimal", CrmMode::kMinimal},
        {"manual", CrmMode::kMinimal},
        {"ccm-only", CrmMode::kCcmOnly},
        {"valgrind", CrmMode::kValgrind},
    };
    for (const auto& [word, mode] : cases) {
        auto r = parse(valid_hacf(std::string("pacemaker ") + word + "\n"));
        EXPECT_VALID(r) << word;
        EXPECT_EQ(r.config.crm, mode) << word;
        EXPECT_EQ(r.config.parameter("pacemaker"), word);
    }
    EXPECT_ERROR(parse(valid_hacf("crm bogus\n")), 4, "invalid pacemaker/crm value 'bogus'");
}

TEST(HaCfOptions, CrmIsAnAliasRecordedUnderBothNames) {
    auto r = parse(valid_hacf("crm respawn\n"));
    EXPECT_EQ(r.config.crm, CrmMode::kRespawn);
    EXPECT_FALSE(r.config.v1_mode());
    EXPECT_EQ(r.config.parameter("crm"), "respawn");
    EXPECT_EQ(r.config.parameter("pacemaker"), "respawn");
}

TEST(HaCfOptions, PacemakerAtMostOnce) {
    auto r = parse(valid_hacf("crm on\npacemaker on\n"));
    EXPECT_INVALID(r);
    EXPECT_ERROR(r, 5, "pacemaker/crm directive used multiple times (first on line 4)");
    EXPECT_ERROR(parse(valid_hacf("crm on off\n")), 4, "used multiple times");
}

TEST(HaCfOptions, PacemakerAddsApiauthAndChildren) {
    auto r = parse(valid_hacf("pacemaker on\n"));
    EXPECT_VALID(r);
    for (const char* client : {"cib", "crmd", "stonithd", "stonith-ng", "attrd", "pingd"}) {
        const ApiAuth* a = r.config.find_apiauth(client);
        ASSERT_NE(a, nullptr) << client;
        EXPECT_TRUE(a->builtin);
        EXPECT_EQ(a->line, 4);
    }
    EXPECT_EQ(r.config.find_apiauth("cib")->uids, std::vector<std::string>{"hacluster"});
    EXPECT_EQ(r.config.find_apiauth("stonithd")->uids, std::vector<std::string>{"root"});
    std::vector<std::string> started;
    for (const auto& c : r.config.children)
        started.push_back(c.command);
    EXPECT_EQ(started,
              (std::vector<std::string>{"ccm", "cib", "stonithd", "lrmd -r", "attrd", "crmd"}));
    EXPECT_TRUE(r.config.children.front().failfast);  // ccm
    EXPECT_FALSE(r.config.children[3].failfast);      // lrmd
}

TEST(HaCfOptions, MinimalAndCcmOnlyStartFewerDaemons) {
    auto minimal = parse(valid_hacf("pacemaker minimal\n"));
    EXPECT_EQ(minimal.config.children.size(), 4u);  // ccm cib lrmd crmd
    EXPECT_EQ(minimal.config.find_apiauth("attrd"), nullptr);
    auto ccm = parse(valid_hacf("pacemaker ccm-only\n"));
    ASSERT_EQ(ccm.config.children.size(), 1u);
    EXPECT_EQ(ccm.config.children[0].command, "ccm");
}

TEST(HaCfOptions, CrmdSpawnsPengineMustPrecedePacemaker) {
    auto before = parse(valid_hacf("crmd_spawns_pengine off\npacemaker on\n"));
    EXPECT_VALID(before);
    EXPECT_TRUE(std::any_of(before.config.children.begin(), before.config.children.end(),
                            [](const ChildProcess& c) { return c.command == "pengine"; }));
    auto after = parse(valid_hacf("pacemaker on\ncrmd_spawns_pengine off\n"));
    EXPECT_ERROR(after, 5,
                 "crmd_spawns_pengine must come before the pacemaker/crm directive (line 4)");
    auto dir_after = parse(valid_hacf("crm on\ncrm_daemon_dir /opt/pcmk\n"));
    EXPECT_ERROR(dir_after, 5, "crm_daemon_dir must come before");
}

TEST(HaCfOptions, CrmDaemonDirAfterCrmOffIsOnlyAWarning) {
    auto r = parse(valid_hacf("crm off\ncrm_daemon_dir /opt/pcmk\n"));
    EXPECT_VALID(r);
    EXPECT_WARNING(r, 5, "has no effect");
}

TEST(HaCfOptions, UserApiauthDuplicatingPacemakerOnesIsAnError) {
    auto after = parse(valid_hacf("pacemaker on\napiauth cib uid=root\n"));
    EXPECT_ERROR(after, 5, "Duplicate apiauth directive for API client cib");
    EXPECT_ERROR(after, 5, "implied by pacemaker on line 4");
    auto before = parse(valid_hacf("apiauth crmd uid=root\npacemaker on\n"));
    EXPECT_ERROR(before, 5, "Duplicate apiauth directive for API client crmd");
}

TEST(HaCfOptions, ApiauthSyntax) {
    auto r = parse(valid_hacf("apiauth mon uid=root,42 gid=haclient\n"));
    EXPECT_CLEAN(r);
    const ApiAuth* a = r.config.find_apiauth("mon");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->uids, (std::vector<std::string>{"root", "42"}));
    EXPECT_EQ(a->line, 4);
    EXPECT_ERROR(parse(valid_hacf("apiauth mon\n")), 4, "one of uid= or gid= must be given");
    EXPECT_ERROR(parse(valid_hacf("apiauth\n")), 4, "no client name");
    EXPECT_ERROR(parse(valid_hacf("apiauth mon uid=root junk\n")), 4,
                 "'junk' is neither uid= nor gid=");
    EXPECT_ERROR(parse(valid_hacf("apiauth mon uid=a uid=b\n")), 4, "Duplicate uid list");
    EXPECT_ERROR(parse(valid_hacf("apiauth mon uid=a\napiauth mon gid=b\n")), 5,
                 "Duplicate apiauth directive for API client mon");
    EXPECT_WARNING(parse(valid_hacf("apiauth mon uid=\n")), 4, "empty uid list");
}

TEST(HaCfOptions, BuiltinApiauthUnlessOverridden) {
    auto r = parse(valid_hacf("apiauth ipfail uid=root\n"));
    EXPECT_VALID(r);
    EXPECT_FALSE(r.config.find_apiauth("ipfail")->builtin);
    EXPECT_EQ(r.config.find_apiauth("ipfail")->uids, std::vector<std::string>{"root"});
    const ApiAuth* anon = r.config.find_apiauth("anon");
    ASSERT_NE(anon, nullptr);
    EXPECT_TRUE(anon->builtin);
    EXPECT_EQ(anon->gids, std::vector<std::string>{"haclient"});
    for (const char* c : {"ccm", "ping", "lha-snmpagent"})
        EXPECT_NE(r.config.find_apiauth(c), nullptr);
}

TEST(HaCfOptions, RespawnAndFailfast) {
    auto r =
        parse(valid_hacf("respawn hacluster /usr/lib/heartbeat/ipfail\n"
                         "failfast root /usr/sbin/watcher --fast\n"));
    EXPECT_CLEAN(r);
    ASSERT_EQ(r.config.children.size(), 2u);
    EXPECT_EQ(r.config.children[0].user, "hacluster");
    EXPECT_FALSE(r.config.children[0].failfast);
    EXPECT_TRUE(r.config.children[1].failfast);
    EXPECT_EQ(r.config.children[1].command, "/usr/sbin/watcher --fast");
    EXPECT_ERROR(parse(valid_hacf("respawn root bin/true\n")), 4,
                 "command [bin/true] is not a full path name");
    EXPECT_ERROR(parse(valid_hacf("respawn root\n")), 4, "is not a full path name");
    EXPECT_ERROR(parse(valid_hacf("failfast\n")), 4, "expected USER /full/path");
}

TEST(HaCfOptions, Stonith) {
    auto r =
        parse(valid_hacf("stonith baytech /etc/ha.d/conf/stonith.baytech\n"
                         "stonith_host *  baytech 10.0.0.3 mylogin secret\n"
                         "stonith_host Ken3 rps10 /dev/ttyS1 kathy 0\n"));
    EXPECT_CLEAN(r);
    ASSERT_EQ(r.config.stonith.size(), 3u);
    EXPECT_EQ(r.config.stonith[0].config_file, "/etc/ha.d/conf/stonith.baytech");
    EXPECT_EQ(r.config.stonith[1].host, "*");
    EXPECT_EQ(r.config.stonith[1].params, "10.0.0.3 mylogin secret");
    EXPECT_EQ(r.config.stonith[2].host, "ken3");
    EXPECT_ERROR(parse(valid_hacf("stonith\n")), 4, "no STONITH type given");
    EXPECT_ERROR(parse(valid_hacf("stonith null\n")), 4, "no configuration file given");
    EXPECT_ERROR(parse(valid_hacf("stonith_host\n")), 4, "stonith_host: no host given");
    EXPECT_ERROR(parse(valid_hacf("stonith_host *\n")), 4, "no STONITH type given");
}

TEST(HaCfOptions, Env) {
    auto r = parse(valid_hacf("env FOO=bar BAZ=\n"));
    EXPECT_CLEAN(r);
    ASSERT_EQ(r.config.env.size(), 2u);
    EXPECT_EQ(r.config.env[0].name, "FOO");
    EXPECT_EQ(r.config.env[0].value, "bar");
    EXPECT_EQ(r.config.env[1].value, "");
    EXPECT_ERROR(parse(valid_hacf("env =x\n")), 4, "invalid env value '=x'");
}

TEST(HaCfOptions, EnvValueIsSplitOnCommas) {
    auto r = parse(valid_hacf("env LIST=a,b\n"));
    EXPECT_ERROR(r, 4, "invalid env value 'b'");
}

TEST(HaCfOptions, LoggingDefaultsToLogdWhenNothingIsConfigured) {
    auto r = parse(valid_hacf());
    EXPECT_TRUE(r.config.use_logd);
    EXPECT_EQ(r.config.parameter("use_logd"), "yes");
    auto off = parse(valid_hacf("use_logd off\n"));
    EXPECT_INVALID(off);
    EXPECT_ERROR(off, 4, "no logging configured");
    auto file = parse(valid_hacf("use_logd off\nlogfile /var/log/ha-log\n"));
    EXPECT_VALID(file);
    EXPECT_FALSE(file.config.use_logd);
    EXPECT_EQ(file.config.logfile, "/var/log/ha-log");
}

TEST(HaCfOptions, LogfacilityNames) {
    auto r = parse(valid_hacf("logfacility local0\n"));
    EXPECT_CLEAN(r);
    EXPECT_EQ(r.config.logfacility, "local0");
    EXPECT_FALSE(r.config.use_logd);
    EXPECT_ERROR(parse(valid_hacf("logfacility LOCAL0\n")), 4, "invalid logfacility 'LOCAL0'");
    // "none" is not a log target: logd gets switched on.
    EXPECT_TRUE(parse(valid_hacf("logfacility none\n")).config.use_logd);
}

TEST(HaCfOptions, EnumeratedWordsAreCheckedWithHeartbeatsCaseRules) {
    EXPECT_VALID(
        parse(valid_hacf("msgfmt netstring\nhbgenmethod time\nuuidfrom nodename\n"
                         "autojoin NONE\ncompression bz2\n")));
    EXPECT_ERROR(parse(valid_hacf("msgfmt Classic\n")), 4, "invalid msgfmt 'Classic'");
    EXPECT_ERROR(parse(valid_hacf("msgfmt bogus\n")), 4, "invalid msgfmt 'bogus'");
    EXPECT_ERROR(parse(valid_hacf("hbgenmethod Time\n")), 4, "Illegal hb generation method [Time]");
    EXPECT_ERROR(parse(valid_hacf("uuidfrom Nodename\n")), 4, "invalid uuidfrom value");
    EXPECT_ERROR(parse(valid_hacf("compression gzip\n")), 4, "unknown compression module 'gzip'");
    EXPECT_ERROR(parse(valid_hacf("autojoin some\n")), 4, "invalid autojoin value");
}

TEST(HaCfOptions, AutojoinOtherNeedsPacemaker) {
    auto v1 = parse(valid_hacf("autojoin other\n"));
    EXPECT_ERROR(v1, 4, "conflicts with haresources (v1) resource management");
    EXPECT_VALID(parse(valid_hacf("autojoin other\ncrm on\n")));
}

TEST(HaCfOptions, AutojoinAnyNeedsNoNodes) {
    auto r = parse("bcast eth0\nautojoin any\ncrm on\n");
    EXPECT_VALID(r);
    EXPECT_ERROR(parse("bcast eth0\nauto_failback on\n"), 0, "no nodes defined");
}

TEST(HaCfOptions, BooleansAcceptHeartbeatWordsAnyCase) {
    auto r =
        parse(valid_hacf("realtime OFF\ncoredumps n\nlog_badpack 0\n"
                         "traditional_compression Yes\nrecord_config_changes false\n"
                         "use_apphbd y\n"));
    EXPECT_CLEAN(r);
    EXPECT_FALSE(r.config.realtime);
    EXPECT_FALSE(r.config.coredumps);
    EXPECT_FALSE(r.config.log_badpack);
    EXPECT_TRUE(r.config.traditional_compression);
    EXPECT_FALSE(r.config.record_config_changes);
    EXPECT_TRUE(r.config.use_apphbd);
    EXPECT_EQ(r.config.parameter("realtime"), "OFF");
    EXPECT_ERROR(parse(valid_hacf("realtime maybe\n")), 4, "expected a boolean");
}

TEST(HaCfOptions, IntegersReadLikeAtoi) {
    auto r = parse(valid_hacf("hopfudge 3abc\n"));
    EXPECT_VALID(r);
    EXPECT_EQ(r.config.hopfudge, 3);
    EXPECT_WARNING(r, 4, "heartbeat reads it as 3");
    EXPECT_VALID(parse(valid_hacf("hopfudge abc\n")));  // atoi: 0
    EXPECT_ERROR(parse(valid_hacf("hopfudge 256\n")), 4, "expected an integer in 0..255");
    EXPECT_ERROR(parse(valid_hacf("debug 300\n")), 4, "invalid debug value '300'");
    EXPECT_ERROR(parse(valid_hacf("rtprio 0\n")), 4, "invalid rtprio value '0'");
    EXPECT_ERROR(parse(valid_hacf("compression_threshold 0\n")), 4,
                 "invalid compression_threshold");
    EXPECT_ERROR(parse(valid_hacf("max_rexmit_delay 0\n")), 4, "invalid max_rexmit_delay");
    EXPECT_ERROR(parse(valid_hacf("memreserve abc\n")), 4, "invalid memreserve value 'abc'");
    auto ok =
        parse(valid_hacf("debug 2\nrtprio 50\ncompression_threshold 4\nmax_rexmit_delay 100\n"
                         "memreserve 8000\n"));
    EXPECT_CLEAN(ok);
    EXPECT_EQ(ok.config.debug, 2);
    EXPECT_EQ(ok.config.rtprio, 50);
    EXPECT_EQ(ok.config.compression_threshold_kb, 4);
    EXPECT_EQ(ok.config.max_rexmit_delay, Millis(100));
    EXPECT_EQ(ok.config.memreserve_kb, 8000);
}

TEST(HaCfOptions, WatchdogOnlyOnce) {
    auto r = parse(valid_hacf("watchdog /dev/watchdog\nwatchdog /dev/watchdog1\n"));
    EXPECT_ERROR(r, 5, "watchdog device given more than once");
    EXPECT_EQ(r.config.watchdog, "/dev/watchdog");
}

TEST(HaCfOptions, ClusterAndQuorumServer) {
    EXPECT_EQ(parse(valid_hacf("cluster prod\n")).config.cluster, "prod");
    auto q = parse(valid_hacf("cluster prod\nquorum_server qs.example.com\n"));
    EXPECT_EQ(q.config.quorum_server, "qs.example.com");
    EXPECT_EQ(q.config.parameter("cluster"), "qs.example.com");
}

TEST(HaCfOptions, NormalpollIsAcceptedWithAWarning) {
    auto r = parse(valid_hacf("normalpoll true\n"));
    EXPECT_VALID(r);
    EXPECT_WARNING(r, 4, "normalpoll is unknown to Debian's heartbeat 3.0.6");
}

}  // namespace
}  // namespace ha::hb
