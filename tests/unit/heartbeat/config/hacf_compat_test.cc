// The files heartbeat 3.0.6 refuses and the oddities it lets through
// (reference 1.1a, re-checked on Debian's binary; doc/config-files.md). Each
// case is a complete ha.cf; the authkeys and haresources halves of the list
// are in authkeys_test.cc and haresources_test.cc, user and node-name checks
// in hacf_host_test.cc.
#include <gtest/gtest.h>

#include "heartbeat/config/ha_cf.h"
#include "tests/unit/heartbeat/config/hacf_test_util.h"

namespace ha::hb {
namespace {

struct CompatCase {
    const char* name;
    const char* extra;  // appended to a valid two-node bcast ha.cf
};

class HaCfRefused : public ::testing::TestWithParam<CompatCase> {};
class HaCfAccepted : public ::testing::TestWithParam<CompatCase> {};

TEST_P(HaCfRefused, IsAnErrorOnTheOffendingLine) {
    auto r = test::parse(test::valid_hacf(GetParam().extra));
    EXPECT_INVALID(r);
    bool on_line = false;
    for (const auto& d : r.diagnostics)
        on_line |= d.is_error() && d.line >= 4;
    EXPECT_TRUE(on_line) << "no error names a line of the added text\n"
                         << test::dump(r.diagnostics);
}

TEST_P(HaCfAccepted, IsValid) {
    EXPECT_VALID(test::parse(test::valid_hacf(GetParam().extra)));
}

auto case_name = [](const ::testing::TestParamInfo<CompatCase>& info) {
    return std::string(info.param.name);
};

INSTANTIATE_TEST_SUITE_P(
    Heartbeat306, HaCfRefused,
    ::testing::Values(
        CompatCase{"DeadtimeWithSecondsUnit", "deadtime 2s\n"},
        CompatCase{"KeepaliveNotATime", "keepalive abc\n"},
        CompatCase{"UnknownBaud", "baud 12345\n"}, CompatCase{"UdpportZero", "udpport 0\n"},
        CompatCase{"UdpportWord", "udpport abc\n"}, CompatCase{"CrmBogus", "crm bogus\n"},
        CompatCase{"MsgfmtBogus", "msgfmt bogus\n"},
        CompatCase{"BadBoolean", "realtime sometimes\n"},
        CompatCase{"IllegalDirective", "keepalvie 2\n"},
        CompatCase{"McastTtl5", "mcast eth0 225.0.0.1 694 5 0\n"},
        CompatCase{"McastShort", "mcast eth0 225.0.0.1 694\n"},
        CompatCase{"PingBadAddress", "ping 10.0.0.300\n"},
        CompatCase{"SerialRelative", "serial ttyS0\n"},
        CompatCase{"BaudTwice", "baud 19200\nbaud 19200\n"}, CompatCase{"Debug300", "debug 300\n"},
        CompatCase{"Rtprio0", "rtprio 0\n"}, CompatCase{"AutojoinOtherInV1", "autojoin other\n"},
        CompatCase{"LogfacilityUpperCase", "logfacility LOCAL0\n"},
        CompatCase{"CompressionGzip", "compression gzip\n"},
        CompatCase{"HbgenmethodCase", "hbgenmethod Time\n"},
        CompatCase{"ApiauthJunk", "apiauth foo uid=root junk\n"},
        CompatCase{"ApiauthNoIds", "apiauth foo\n"},
        CompatCase{"RespawnRelative", "respawn root bin/true\n"},
        CompatCase{"StonithNoFile", "stonith null\n"}, CompatCase{"EnvEmptyName", "env =x\n"},
        CompatCase{"PingGroupNoHosts", "ping_group g1\n"},
        CompatCase{"DeadtimeTooSmall", "keepalive 1\ndeadtime 2\n"},
        CompatCase{"InitdeadBelowDeadtime", "initdead 10\n"}),
    case_name);

INSTANTIATE_TEST_SUITE_P(
    Heartbeat306, HaCfAccepted,
    ::testing::Values(CompatCase{"Udpport70000", "udpport 70000\n"},
                      CompatCase{"UdpAlias", "udp eth1\n"},
                      CompatCase{"WarntimeAboveDeadtime", "warntime 40\n"},
                      CompatCase{"AutoFailbackUpperCase", "auto_failback ON\n"},
                      CompatCase{"CrlfLineEnds", "keepalive 2\r\n"},
                      CompatCase{"BareBcastPingNode", "bcast\nping\nnode\n"},
                      CompatCase{"CrmOffThenDaemonDir", "crm off\ncrm_daemon_dir /x\n"},
                      CompatCase{"NiceFailback", "nice_failback on\n"},
                      CompatCase{"NodeListedTwice", "node n1\n"},
                      CompatCase{"HopfudgeWord", "hopfudge abc\n"},
                      CompatCase{"McastExtraArgument", "mcast eth0 225.0.0.1 694 1 0 x\n"},
                      CompatCase{"UcastExtraPeer", "ucast eth0 10.0.0.2 10.0.0.3\n"},
                      CompatCase{"Mcast6", "mcast6 eth0 ff12::1 694 1 0\n"},
                      CompatCase{"BareCluster", "cluster\nquorum_server\n"},
                      CompatCase{"ApiauthEmptyUidList", "apiauth foo uid=\n"},
                      CompatCase{"CrmRespawnAnyCase", "crm Respawn\n"}),
    case_name);

}  // namespace
}  // namespace ha::hb
