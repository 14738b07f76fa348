// The ha.cf vocabulary of heartbeat 3.0.6: directive names and the fixed
// value words, one constant each (STYLE.md: keywords are named constants).
// Directive names are matched case-sensitively, as heartbeat does.
#pragma once

#include <string_view>

namespace ha::hb::hacf {

// Option-list directives (value split on whitespace and commas).
inline constexpr std::string_view kNode = "node";
inline constexpr std::string_view kCluster = "cluster";
inline constexpr std::string_view kQuorumServer = "quorum_server";
inline constexpr std::string_view kHopfudge = "hopfudge";
inline constexpr std::string_view kKeepalive = "keepalive";
inline constexpr std::string_view kDeadtime = "deadtime";
inline constexpr std::string_view kDeadping = "deadping";
inline constexpr std::string_view kInitdead = "initdead";
inline constexpr std::string_view kWarntime = "warntime";
inline constexpr std::string_view kWatchdog = "watchdog";
inline constexpr std::string_view kBaud = "baud";
inline constexpr std::string_view kUdpport = "udpport";
inline constexpr std::string_view kLogfacility = "logfacility";
inline constexpr std::string_view kLogfile = "logfile";
inline constexpr std::string_view kDebugfile = "debugfile";
inline constexpr std::string_view kNiceFailback = "nice_failback";
inline constexpr std::string_view kAutoFailback = "auto_failback";
inline constexpr std::string_view kRtprio = "rtprio";
inline constexpr std::string_view kHbgenmethod = "hbgenmethod";
inline constexpr std::string_view kRealtime = "realtime";
inline constexpr std::string_view kDebug = "debug";
inline constexpr std::string_view kNormalpoll = "normalpoll";
inline constexpr std::string_view kMsgfmt = "msgfmt";
inline constexpr std::string_view kUseLogd = "use_logd";
inline constexpr std::string_view kConnLogdTime = "conn_logd_time";
inline constexpr std::string_view kUseApphbd = "use_apphbd";
inline constexpr std::string_view kLogBadpack = "log_badpack";
inline constexpr std::string_view kCoredumps = "coredumps";
inline constexpr std::string_view kCoreroot = "coreroot";
inline constexpr std::string_view kPacemaker = "pacemaker";
inline constexpr std::string_view kCrm = "crm";  // historical alias for pacemaker
inline constexpr std::string_view kCrmDaemonDir = "crm_daemon_dir";
inline constexpr std::string_view kCrmdSpawnsPengine = "crmd_spawns_pengine";
inline constexpr std::string_view kAutojoin = "autojoin";
inline constexpr std::string_view kUuidfrom = "uuidfrom";
inline constexpr std::string_view kCompression = "compression";
inline constexpr std::string_view kCompressionThreshold = "compression_threshold";
inline constexpr std::string_view kTraditionalCompression = "traditional_compression";
inline constexpr std::string_view kEnv = "env";
inline constexpr std::string_view kMaxRexmitDelay = "max_rexmit_delay";
inline constexpr std::string_view kRecordConfigChanges = "record_config_changes";
inline constexpr std::string_view kRecordPengineInputs = "record_pengine_inputs";
inline constexpr std::string_view kEnableConfigWrites = "enable_config_writes";
inline constexpr std::string_view kMemreserve = "memreserve";
inline constexpr std::string_view kSyslogmsgfmt = "syslogmsgfmt";

// Whole-line directives.
inline constexpr std::string_view kStonith = "stonith";
inline constexpr std::string_view kStonithHost = "stonith_host";
inline constexpr std::string_view kApiauth = "apiauth";
inline constexpr std::string_view kRespawn = "respawn";
inline constexpr std::string_view kFailfast = "failfast";

// Media (HBcomm plugins).
inline constexpr std::string_view kBcast = "bcast";
inline constexpr std::string_view kUdpAlias = "udp";  // rewritten to bcast
inline constexpr std::string_view kMcast = "mcast";
inline constexpr std::string_view kMcast6 = "mcast6";
inline constexpr std::string_view kUcast = "ucast";
inline constexpr std::string_view kUcast6 = "ucast6";
inline constexpr std::string_view kSerial = "serial";
inline constexpr std::string_view kPing = "ping";
inline constexpr std::string_view kPing6 = "ping6";
inline constexpr std::string_view kPingGroup = "ping_group";

// Value words.
inline constexpr std::string_view kLegacy = "legacy";
inline constexpr std::string_view kClassic = "classic";
inline constexpr std::string_view kNetstring = "netstring";
inline constexpr std::string_view kFile = "file";
inline constexpr std::string_view kTime = "time";
inline constexpr std::string_view kNodename = "nodename";
inline constexpr std::string_view kNone = "none";
inline constexpr std::string_view kOther = "other";
inline constexpr std::string_view kAny = "any";
inline constexpr std::string_view kRespawnMode = "respawn";
inline constexpr std::string_view kMinimal = "minimal";
inline constexpr std::string_view kManual = "manual";
inline constexpr std::string_view kCcmOnly = "ccm-only";
inline constexpr std::string_view kValgrind = "valgrind";
inline constexpr std::string_view kZlib = "zlib";
inline constexpr std::string_view kBz2 = "bz2";
inline constexpr std::string_view kUidPrefix = "uid=";
inline constexpr std::string_view kGidPrefix = "gid=";

// Build-time names of heartbeat 3.0.6 as Debian ships it.
inline constexpr std::string_view kClusterUser = "hacluster";
inline constexpr std::string_view kClusterGroup = "haclient";
inline constexpr std::string_view kServiceName = "ha-cluster";
inline constexpr int kDefaultUdpPort = 694;
inline constexpr std::string_view kDefaultCrmDaemonDir = "/usr/libexec/pacemaker";
inline constexpr std::string_view kHeartbeatDaemonDir = "/usr/libexec/heartbeat";

}  // namespace ha::hb::hacf
