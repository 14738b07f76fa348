// ha.cf directive table: heartbeat 3.0.6's directives with their kinds,
// defaults (as `heartbeat -D` prints them) and the parser handler of each.
#include <unordered_map>

#include "heartbeat/config/ha_cf.h"
#include "heartbeat/config/hacf_keywords.h"
#include "heartbeat/config/hacf_parser.h"

namespace ha::hb {

using detail::HaCfParser;
namespace k = hacf;

const char* medium_type_name(MediumType t) {
    switch (t) {
        case MediumType::kBcast:
            return "bcast";
        case MediumType::kMcast:
            return "mcast";
        case MediumType::kMcast6:
            return "mcast6";
        case MediumType::kUcast:
            return "ucast";
        case MediumType::kUcast6:
            return "ucast6";
        case MediumType::kSerial:
            return "serial";
    }
    return "?";
}

const std::vector<DirectiveInfo>& ha_cf_directives() {
    using K = DirectiveKind;
    static const std::vector<DirectiveInfo> table = {
        {k::kNode, K::kOption, false, nullptr, "cluster node"},
        {k::kCluster, K::kOption, true, "linux-ha", "the name of cluster"},
        {k::kQuorumServer, K::kOption, true, nullptr, "quorum server"},
        {k::kHopfudge, K::kOption, true, "1", "# of hops above cluster size"},
        {k::kKeepalive, K::kOption, true, "1000ms", "keepalive time"},
        {k::kDeadtime, K::kOption, true, "30000ms", "node deadtime"},
        {k::kDeadping, K::kOption, true, nullptr, "ping deadtime"},
        {k::kInitdead, K::kOption, true, nullptr, "initial deadtime"},
        {k::kWarntime, K::kOption, true, nullptr, "warning time"},
        {k::kWatchdog, K::kOption, true, nullptr, "watchdog device"},
        {k::kBaud, K::kOption, true, "19200", "baud rate"},
        {k::kUdpport, K::kOption, true, nullptr, "UDP port number"},
        {k::kLogfacility, K::kOption, true, nullptr, "syslog log facility"},
        {k::kLogfile, K::kOption, true, nullptr, "log file"},
        {k::kDebugfile, K::kOption, true, nullptr, "debug file"},
        {k::kNiceFailback, K::kOption, false, nullptr, "obsolete: use auto_failback"},
        {k::kAutoFailback, K::kOption, true, "legacy", "auto failback"},
        {k::kRtprio, K::kOption, true, nullptr, "realtime priority"},
        {k::kHbgenmethod, K::kOption, true, "file", "protocol generation computation method"},
        {k::kRealtime, K::kOption, true, "true", "enable realtime behavior?"},
        {k::kDebug, K::kOption, true, nullptr, "debug level"},
        {k::kNormalpoll, K::kOption, true, nullptr, "use system poll(2) (not in Debian 3.0.6)"},
        {k::kMsgfmt, K::kOption, true, "classic", "message format in the wire"},
        {k::kUseLogd, K::kOption, true, nullptr, "use logging daemon"},
        {k::kConnLogdTime, K::kOption, true, "60", "the interval to reconnect to logd"},
        {k::kUseApphbd, K::kOption, false, nullptr, "register with apphbd"},
        {k::kLogBadpack, K::kOption, true, "true", "warn about bad packets"},
        {k::kSyslogmsgfmt, K::kOption, true, "true", "log to files in syslog format"},
        {k::kCoredumps, K::kOption, true, "true", "enable Linux-HA core dumps"},
        {k::kCoreroot, K::kOption, true, nullptr, "set root directory of core dump area"},
        {k::kCrmDaemonDir, K::kOption, true, nullptr, "location for Pacemaker daemons"},
        {k::kCrmdSpawnsPengine, K::kOption, true, nullptr, "crmd starts the pengine itself"},
        {k::kPacemaker, K::kOption, true, "false", "enable Pacemaker resource management"},
        {k::kCrm, K::kOption, true, nullptr, "historical alias for 'pacemaker'"},
        {k::kAutojoin, K::kOption, true, "none", "set automatic join mode/style"},
        {k::kUuidfrom, K::kOption, true, "file", "set the source for uuid"},
        {k::kCompression, K::kOption, true, "zlib", "set compression module"},
        {k::kCompressionThreshold, K::kOption, true, "2", "set compression threshold"},
        {k::kTraditionalCompression, K::kOption, true, "no", "set traditional_compression"},
        {k::kEnv, K::kOption, false, nullptr, "set environment variable"},
        {k::kMaxRexmitDelay, K::kOption, true, "250", "set the maximum rexmit delay time"},
        {k::kRecordConfigChanges, K::kOption, true, "on",
         "record changes to the cib (valid only with: pacemaker on)"},
        {k::kRecordPengineInputs, K::kOption, true, "on",
         "record the input used by the policy engine (valid only with: pacemaker on)"},
        {k::kEnableConfigWrites, K::kOption, true, "on",
         "write configuration changes to disk (valid only with: pacemaker on)"},
        {k::kMemreserve, K::kOption, true, "6500", "number of kbytes to preallocate in heartbeat"},
        {k::kStonith, K::kWholeLine, false, nullptr, "v1 STONITH device"},
        {k::kStonithHost, K::kWholeLine, false, nullptr, "v1 STONITH device for a host"},
        {k::kApiauth, K::kWholeLine, false, nullptr, "API client authorisation"},
        {k::kRespawn, K::kWholeLine, false, nullptr, "respawned child process"},
        {k::kFailfast, K::kWholeLine, false, nullptr, "child process the node cannot live without"},
        {k::kBcast, K::kMediaToken, false, nullptr, "UDP/IP broadcast"},
        {k::kSerial, K::kMediaToken, false, nullptr, "serial ring"},
        {k::kPing, K::kMediaToken, false, nullptr, "ping membership"},
        {k::kPing6, K::kMediaToken, false, nullptr, "ping6 membership"},
        {k::kMcast, K::kMediaLine, false, nullptr, "UDP/IP multicast"},
        {k::kMcast6, K::kMediaLine, false, nullptr, "UDP/IPv6 multicast"},
        {k::kUcast, K::kMediaLine, false, nullptr, "UDP/IP unicast"},
        {k::kUcast6, K::kMediaLine, false, nullptr, "UDP/IPv6 unicast"},
        {k::kPingGroup, K::kMediaLine, false, nullptr, "ping group membership"},
    };
    return table;
}

const DirectiveInfo* find_ha_cf_directive(std::string_view name) {
    for (const auto& d : ha_cf_directives())
        if (d.name == name) return &d;
    return nullptr;
}

namespace detail {

const std::unordered_map<std::string_view, DirectiveTable::Handlers>& DirectiveTable::get() {
    using P = HaCfParser;
    static const std::unordered_map<std::string_view, Handlers> map = {
        {k::kNode, {&P::set_node}},
        {k::kCluster, {&P::set_cluster}},
        {k::kQuorumServer, {&P::set_quorum_server}},
        {k::kHopfudge, {&P::set_hopfudge}},
        {k::kKeepalive, {&P::set_keepalive}},
        {k::kDeadtime, {&P::set_deadtime}},
        {k::kDeadping, {&P::set_deadping}},
        {k::kInitdead, {&P::set_initdead}},
        {k::kWarntime, {&P::set_warntime}},
        {k::kWatchdog, {&P::set_watchdog}},
        {k::kBaud, {&P::set_baud}},
        {k::kUdpport, {&P::set_udpport}},
        {k::kLogfacility, {&P::set_logfacility}},
        {k::kLogfile, {&P::set_logfile}},
        {k::kDebugfile, {&P::set_debugfile}},
        {k::kNiceFailback, {&P::set_nice_failback}},
        {k::kAutoFailback, {&P::set_auto_failback}},
        {k::kRtprio, {&P::set_rtprio}},
        {k::kHbgenmethod, {&P::set_hbgenmethod}},
        {k::kRealtime, {&P::set_realtime}},
        {k::kDebug, {&P::set_debug}},
        {k::kNormalpoll, {&P::set_normalpoll}},
        {k::kMsgfmt, {&P::set_msgfmt}},
        {k::kUseLogd, {&P::set_use_logd}},
        {k::kConnLogdTime, {&P::set_conn_logd_time}},
        {k::kUseApphbd, {&P::set_use_apphbd}},
        {k::kLogBadpack, {&P::set_log_badpack}},
        {k::kSyslogmsgfmt, {&P::set_syslogmsgfmt}},
        {k::kCoredumps, {&P::set_coredumps}},
        {k::kCoreroot, {&P::set_coreroot}},
        {k::kCrmDaemonDir, {&P::set_crm_daemon_dir}},
        {k::kCrmdSpawnsPengine, {&P::set_crmd_spawns_pengine}},
        {k::kPacemaker, {&P::set_pacemaker}},
        {k::kCrm, {&P::set_pacemaker}},
        {k::kAutojoin, {&P::set_autojoin}},
        {k::kUuidfrom, {&P::set_uuidfrom}},
        {k::kCompression, {&P::set_compression}},
        {k::kCompressionThreshold, {&P::set_compression_threshold}},
        {k::kTraditionalCompression, {&P::set_traditional_compression}},
        {k::kEnv, {&P::set_env}},
        {k::kMaxRexmitDelay, {&P::set_max_rexmit_delay}},
        {k::kRecordConfigChanges, {&P::set_record_config_changes}},
        {k::kRecordPengineInputs, {&P::set_record_pengine_inputs}},
        {k::kEnableConfigWrites, {&P::set_enable_config_writes}},
        {k::kMemreserve, {&P::set_memreserve}},
        {k::kBcast, {&P::add_bcast}},
        {k::kSerial, {&P::add_serial}},
        {k::kPing, {&P::add_ping}},
        {k::kPing6, {&P::add_ping6}},
        {k::kStonith, {nullptr, &P::parse_stonith}},
        {k::kStonithHost, {nullptr, &P::parse_stonith_host}},
        {k::kApiauth, {nullptr, &P::parse_apiauth}},
        {k::kRespawn, {nullptr, &P::parse_respawn}},
        {k::kFailfast, {nullptr, &P::parse_failfast}},
        {k::kMcast, {nullptr, &P::parse_mcast}},
        {k::kMcast6, {nullptr, &P::parse_mcast6}},
        {k::kUcast, {nullptr, &P::parse_ucast}},
        {k::kUcast6, {nullptr, &P::parse_ucast6}},
        {k::kPingGroup, {nullptr, &P::parse_ping_group}},
    };
    return map;
}

}  // namespace detail
}  // namespace ha::hb
