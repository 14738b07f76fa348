// ha.cf, the main heartbeat configuration file, parsed into a typed HaCf.
// Implements every directive of heartbeat 3.0.6 with its defaults, units,
// lexical rules and order rules as described in doc/config-files.md (which
// also lists where we deliberately differ). The parser is pure: text in,
// config plus diagnostics out. Checks that need facts about the machine
// (local node name, users, interfaces, /etc/services ...) are in
// hacf_host.h, applied after parsing.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heartbeat/config/diagnostic.h"
#include "heartbeat/plumb/duration.h"

namespace ha::hb {

inline constexpr size_t kMaxMedia = 64;
inline constexpr size_t kMaxNodes = 100;  // normal nodes plus ping nodes
inline constexpr size_t kMaxHaCfLine = 5120;

enum class MediumType { kBcast, kMcast, kMcast6, kUcast, kUcast6, kSerial };
const char* medium_type_name(MediumType t);  // the ha.cf directive: "bcast" ...

// One communication medium (one per bcast interface / serial device token,
// one per mcast/mcast6/ucast/ucast6 line).
struct Medium {
    MediumType type = MediumType::kBcast;
    std::string dev;      // interface name, or tty path for serial
    std::string address;  // mcast/mcast6 group, ucast/ucast6 peer; empty otherwise
    // mcast/mcast6: the port on the line. bcast/ucast/ucast6: the udpport in
    // force when the first line of that medium type was parsed (heartbeat's
    // plugins cache it then). 0 for serial.
    int port = 0;
    bool port_is_default = false;  // no udpport had been given yet: filled from /etc/services
    int ttl = 0;                   // mcast ttl or mcast6 hops (0..4)
    bool loop = false;             // mcast/mcast6
    int baud = 0;                  // serial: the baud rate in force
    int line = 0;

    // The link name used in link status: the interface or device.
    const std::string& name() const { return dev; }
};

enum class PingType { kPing, kPing6, kPingGroup };

// A ping node: a pseudo cluster member answering ICMP echo.
struct PingNode {
    PingType type = PingType::kPing;
    std::string name;                // lower-cased; the group name for ping_group
    std::vector<std::string> hosts;  // the host itself, or the group members
    int line = 0;
};

enum class AutoFailback { kLegacy, kOn, kOff };
// pacemaker / crm values. kOff = heartbeat v1 (haresources) mode.
enum class CrmMode { kOff, kOn, kRespawn, kMinimal, kCcmOnly, kValgrind };
enum class Autojoin { kNone, kOther, kAny };
enum class MsgFmt { kClassic, kNetstring };

struct ApiAuth {
    std::string client;
    std::vector<std::string> uids;  // names or numbers as written
    std::vector<std::string> gids;
    bool builtin = false;  // added by heartbeat itself (defaults, pacemaker)
    int line = 0;          // 0 for built-ins
};

// respawn / failfast children, and the Pacemaker daemons heartbeat starts.
struct ChildProcess {
    std::string user;
    std::string command;  // full command line as written ("/usr/lib/x/ipfail -v")
    std::string path;     // first word of command
    bool failfast = false;
    bool builtin = false;  // implied by `pacemaker`; path is then a bare program name
    int line = 0;
};

// v1 STONITH: `stonith TYPE CONFIGFILE` or `stonith_host HOST TYPE PARAMS...`.
struct StonithDevice {
    std::string host;  // lower-cased; "*" for any; empty for `stonith`
    std::string type;
    std::string config_file;  // `stonith`
    std::string params;       // `stonith_host`
    int line = 0;
};

struct EnvVar {
    std::string name;  // as written; exported to children as HA_<name>
    std::string value;
    int line = 0;
};

struct HaCf {
    std::string cluster = "linux-ha";
    std::optional<std::string> quorum_server;
    std::vector<std::string> nodes;  // lower-cased, in file order, duplicates kept
    std::vector<Medium> media;
    std::vector<PingNode> ping_nodes;

    Millis keepalive{1000};
    Millis deadtime{30000};
    Millis warntime{15000};
    Millis initdead{30000};
    Millis deadping{30000};
    Millis conn_logd_time{60000};
    bool warntime_given = false, initdead_given = false, deadping_given = false;

    int hopfudge = 1;
    int udpport = 694;
    bool udpport_given = false;
    int baud = 19200;

    AutoFailback auto_failback = AutoFailback::kLegacy;
    CrmMode crm = CrmMode::kOff;
    std::string crm_daemon_dir;  // empty: build default
    bool crmd_spawns_pengine = true;
    Autojoin autojoin = Autojoin::kNone;
    bool uuid_from_nodename = false;    // uuidfrom
    bool generation_from_time = false;  // hbgenmethod
    bool realtime = true;
    std::optional<int> rtprio;
    int memreserve_kb = 6500;
    std::optional<std::string> watchdog;
    int debug = 0;

    std::optional<std::string> logfile;
    std::optional<std::string> debugfile;
    std::optional<std::string> logfacility;
    bool use_logd = false;  // effective value (switched on when no log target is configured)
    bool syslogmsgfmt = true;
    bool log_badpack = true;
    bool coredumps = true;
    std::optional<std::string> coreroot;
    bool use_apphbd = false;
    std::optional<bool> normalpoll;

    MsgFmt msgfmt = MsgFmt::kClassic;
    std::string compression = "zlib";
    int compression_threshold_kb = 2;
    bool traditional_compression = false;
    Millis max_rexmit_delay{250};
    bool record_config_changes = true;
    bool record_pengine_inputs = true;
    bool enable_config_writes = true;

    std::vector<ApiAuth> apiauth;  // user entries first, then built-ins
    std::vector<ChildProcess> children;
    std::vector<StonithDevice> stonith;
    std::vector<EnvVar> env;

    // The recorded parameter strings, as `cl_status hbparameter -p NAME`
    // prints them: the last accepted value as written, else the default.
    std::map<std::string, std::string, std::less<>> parameters;
    // The line each parameter was last set on (absent for defaults).
    std::map<std::string, int, std::less<>> parameter_lines;

    // v1 mode: heartbeat manages haresources itself.
    bool v1_mode() const { return crm == CrmMode::kOff; }
    // The recorded string, or nullopt when heartbeat records none.
    std::optional<std::string> parameter(std::string_view name) const;
    bool has_node(std::string_view name) const;  // case-insensitive
    const ApiAuth* find_apiauth(std::string_view client) const;
};

struct HaCfResult {
    HaCf config;
    Diagnostics diagnostics;
    bool valid() const { return !has_errors(diagnostics); }
};

// Parses ha.cf text. `filename` only labels diagnostics. Never fails as a
// call: every problem is a diagnostic; any error makes the result invalid.
// Defaults are filled in and the cross-checks of heartbeat's start-up run
// (deadtime vs keepalive, initdead, media and nodes present, logging ...).
HaCfResult parse_ha_cf(std::string_view text, std::string_view filename);

enum class DirectiveKind {
    kOption,      // value split on whitespace and commas, applied per token
    kWholeLine,   // the rest of the line is one argument
    kMediaToken,  // one medium / ping node per token
    kMediaLine,   // one medium / ping group per line, positional arguments
};

// Heartbeat 3.0.6's directive table: the order is heartbeat's, the defaults
// are what `heartbeat -D` prints (nullptr: no fixed default).
struct DirectiveInfo {
    std::string_view name;
    DirectiveKind kind;
    bool recorded;  // retrievable as a parameter (cl_status hbparameter)
    const char* default_value;
    const char* explanation;
};
const std::vector<DirectiveInfo>& ha_cf_directives();
const DirectiveInfo* find_ha_cf_directive(std::string_view name);

}  // namespace ha::hb
