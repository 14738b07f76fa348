// ha.cf lexical rules (reference 1.1): comments, line ends, option-list
// splitting, whole-line directives, case-sensitive names, the udp alias, and
// the recorded parameter strings.
#include <gtest/gtest.h>

#include "heartbeat/config/ha_cf.h"
#include "tests/unit/heartbeat/config/hacf_test_util.h"

namespace ha::hb {
namespace {

using test::parse;
using test::valid_hacf;

TEST(HaCfLexical, MinimalFileIsValidAndClean) {
    auto r = parse(valid_hacf());
    EXPECT_CLEAN(r);
    EXPECT_EQ(r.config.nodes, (std::vector<std::string>{"n1", "n2"}));
    ASSERT_EQ(r.config.media.size(), 1u);
    EXPECT_EQ(r.config.media[0].type, MediumType::kBcast);
    EXPECT_EQ(r.config.media[0].dev, "eth0");
}

TEST(HaCfLexical, CommentsBlankLinesAndLeadingWhitespaceAreIgnored) {
    auto r = parse(
        "# header\n\n   \t\n  node n1   # trailing comment\nbcast eth0#glued\n"
        "auto_failback on\n#keepalive abc\n");
    EXPECT_CLEAN(r);
    EXPECT_EQ(r.config.nodes, std::vector<std::string>{"n1"});
    EXPECT_EQ(r.config.media.at(0).dev, "eth0");
}

TEST(HaCfLexical, CrlfLineEndsAreAccepted) {
    auto r = parse("node n1\r\nbcast eth0\r\nkeepalive 2\r\nauto_failback on\r\n");
    EXPECT_CLEAN(r);
    EXPECT_EQ(r.config.keepalive, Millis(2000));
    EXPECT_EQ(r.config.parameter("keepalive"), "2");
}

TEST(HaCfLexical, OptionListSplitsOnWhitespaceAndCommas) {
    auto r = parse("node a b,c ,d\nbcast eth0,eth1 eth2\nauto_failback on\n");
    EXPECT_CLEAN(r);
    EXPECT_EQ(r.config.nodes, (std::vector<std::string>{"a", "b", "c", "d"}));
    ASSERT_EQ(r.config.media.size(), 3u);
    EXPECT_EQ(r.config.media[2].dev, "eth2");
}

TEST(HaCfLexical, NodeNamesAreLowerCased) {
    auto r = parse("node Alpha BETA\nbcast eth0\nauto_failback on\n");
    EXPECT_EQ(r.config.nodes, (std::vector<std::string>{"alpha", "beta"}));
    EXPECT_TRUE(r.config.has_node("ALPHA"));
    EXPECT_FALSE(r.config.has_node("gamma"));
}

TEST(HaCfLexical, LaterValueOfSingleValuedDirectiveWins) {
    auto r = parse(valid_hacf("keepalive 1\nkeepalive 2 3\n"));
    EXPECT_VALID(r);
    EXPECT_EQ(r.config.keepalive, Millis(3000));
    EXPECT_EQ(r.config.parameter("keepalive"), "3");
    EXPECT_EQ(r.config.parameter_lines.at("keepalive"), 5);
}

TEST(HaCfLexical, DirectiveNamesAreCaseSensitive) {
    auto r = parse(valid_hacf("Keepalive 2\n"));
    EXPECT_INVALID(r);
    EXPECT_ERROR(r, 4, "Illegal directive [Keepalive]");
    EXPECT_ERROR(r, 4, "case-sensitive: 'keepalive'");
}

TEST(HaCfLexical, UnknownDirectiveIsAnErrorWithASuggestion) {
    auto r = parse(valid_hacf("keepalvie 2\n"));
    EXPECT_ERROR(r, 4, "Illegal directive [keepalvie] (did you mean 'keepalive'?)");
    auto r2 = parse(valid_hacf("frobnicate 2\n"));
    EXPECT_ERROR(r2, 4, "Illegal directive [frobnicate]");
    EXPECT_EQ(r2.diagnostics.at(0).message, "Illegal directive [frobnicate]");
}

TEST(HaCfLexical, DirectiveGluedToACommaIsNotRecognised) {
    auto r = parse(valid_hacf("node,n3\n"));
    EXPECT_ERROR(r, 4, "Illegal directive [node,n3]");
}

TEST(HaCfLexical, UdpIsRewrittenToBcastWithAWarning) {
    auto r = parse("node n1\nudp eth0\nauto_failback on\n");
    EXPECT_VALID(r);
    EXPECT_WARNING(r, 2, "'udp' is obsolete");
    ASSERT_EQ(r.config.media.size(), 1u);
    EXPECT_EQ(r.config.media[0].type, MediumType::kBcast);
}

TEST(HaCfLexical, WholeLineDirectivesKeepCommasAndSpaces) {
    auto r =
        parse(valid_hacf("respawn hacluster /usr/lib/x/ipfail -a b,c\n"
                         "apiauth ping gid=haclient uid=alanr,root\n"));
    EXPECT_VALID(r);
    ASSERT_EQ(r.config.children.size(), 1u);
    EXPECT_EQ(r.config.children[0].command, "/usr/lib/x/ipfail -a b,c");
    EXPECT_EQ(r.config.children[0].path, "/usr/lib/x/ipfail");
    const ApiAuth* a = r.config.find_apiauth("ping");
    ASSERT_NE(a, nullptr);
    EXPECT_FALSE(a->builtin);
    EXPECT_EQ(a->uids, (std::vector<std::string>{"alanr", "root"}));
    EXPECT_EQ(a->gids, std::vector<std::string>{"haclient"});
}

TEST(HaCfLexical, BareOptionDirectiveIsIgnoredWithAWarning) {
    auto r = parse(valid_hacf("node\nkeepalive\n"));
    EXPECT_VALID(r);
    EXPECT_WARNING(r, 4, "'node' without a value is ignored");
    EXPECT_WARNING(r, 5, "'keepalive' without a value");
    EXPECT_EQ(r.config.nodes.size(), 2u);
}

TEST(HaCfLexical, RecordedValuesAreAsWrittenAndDefaultsFilledIn) {
    auto r = parse(valid_hacf("keepalive 500ms\ndeadtime 10\nhopfudge 3\n"));
    EXPECT_VALID(r);
    const HaCf& c = r.config;
    EXPECT_EQ(c.parameter("keepalive"), "500ms");
    EXPECT_EQ(c.parameter("deadtime"), "10");
    EXPECT_EQ(c.parameter("hopfudge"), "3");
    EXPECT_EQ(c.parameter("cluster"), "linux-ha");
    EXPECT_EQ(c.parameter("baud"), "19200");
    EXPECT_EQ(c.parameter("auto_failback"), "on");
    EXPECT_EQ(c.parameter("traditional_compression"), "no");
    EXPECT_EQ(c.parameter("conn_logd_time"), "60");
    EXPECT_EQ(c.parameter("memreserve"), "6500");
    EXPECT_EQ(c.parameter("debug"), "0");
    EXPECT_EQ(c.parameter("udpport"), "694");
    // Computed defaults are recorded in milliseconds.
    EXPECT_EQ(c.parameter("warntime"), "5000ms");
    EXPECT_EQ(c.parameter("initdead"), "20000ms");
    EXPECT_EQ(c.parameter("deadping"), "10000ms");
    // Not recorded at all.
    EXPECT_FALSE(c.parameter("node"));
    EXPECT_FALSE(c.parameter("logfile"));
}

TEST(HaCfLexical, DefaultsMatchHeartbeatDashD) {
    // `heartbeat -D` of Debian's 3.0.6 binary.
    const std::pair<const char*, const char*> expected[] = {
        {"cluster", "linux-ha"},
        {"hopfudge", "1"},
        {"keepalive", "1000ms"},
        {"deadtime", "30000ms"},
        {"baud", "19200"},
        {"auto_failback", "legacy"},
        {"hbgenmethod", "file"},
        {"realtime", "true"},
        {"msgfmt", "classic"},
        {"conn_logd_time", "60"},
        {"log_badpack", "true"},
        {"syslogmsgfmt", "true"},
        {"coredumps", "true"},
        {"pacemaker", "false"},
        {"autojoin", "none"},
        {"uuidfrom", "file"},
        {"compression", "zlib"},
        {"compression_threshold", "2"},
        {"traditional_compression", "no"},
        {"max_rexmit_delay", "250"},
        {"record_config_changes", "on"},
        {"record_pengine_inputs", "on"},
        {"enable_config_writes", "on"},
        {"memreserve", "6500"},
    };
    size_t with_default = 0;
    for (const auto& d : ha_cf_directives())
        if (d.default_value) ++with_default;
    EXPECT_EQ(with_default, std::size(expected));
    for (const auto& [name, value] : expected) {
        const DirectiveInfo* d = find_ha_cf_directive(name);
        ASSERT_NE(d, nullptr) << name;
        ASSERT_NE(d->default_value, nullptr) << name;
        EXPECT_STREQ(d->default_value, value) << name;
    }
}

TEST(HaCfLexical, OverlongLineGivesAWarning) {
    std::string text = valid_hacf("node " + std::string(6000, 'x') + "\n");
    auto r = parse(text);
    EXPECT_WARNING(r, 4, "longer than 5120 bytes");
}

TEST(HaCfLexical, BinaryGarbageIsReportedNotFatal) {
    using namespace std::string_literals;
    auto r = parse("node n1\nbcast eth0\n\x01\xff\x00zz 1\n"s);
    EXPECT_INVALID(r);
    EXPECT_ERROR(r, 3, "Illegal directive [\\x01\\xff\\x00zz]");
}

TEST(HaCfLexical, DiagnosticFormat) {
    EXPECT_EQ(format_diagnostic({"/etc/ha.d/ha.cf", 7, Severity::kError, "bad"}),
              "/etc/ha.d/ha.cf:7: error: bad");
    EXPECT_EQ(format_diagnostic({"ha.cf", 2, Severity::kWarning, "hm"}), "ha.cf:2: warning: hm");
    EXPECT_EQ(format_diagnostic({"ha.cf", 0, Severity::kError, "whole file"}),
              "ha.cf: error: whole file");
}

}  // namespace
}  // namespace ha::hb
