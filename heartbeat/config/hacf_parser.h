// Internal to heartbeat/config: the ha.cf parser state shared by
// ha_cf.cc (lexing, dispatch, simple directives), hacf_table.cc (directive
// table), hacf_options.cc (the other option directives, Pacemaker mode),
// hacf_media.cc (media), hacf_wholeline.cc (whole-line directives) and
// hacf_finish.cc (defaults and cross-checks).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "heartbeat/config/ha_cf.h"

namespace ha::hb::detail {

// What C's atoi() makes of a token, and whether the token was a clean
// decimal number. Heartbeat reads most integers with atoi, so "2abc" is 2.
struct AtoiValue {
    long long value = 0;
    bool clean = false;
};
AtoiValue atoi_like(std::string_view token);

bool is_ipv4_literal(std::string_view s);
bool is_ipv6_literal(std::string_view s);
// Could be a DNS name (letters, digits, '-', '.', '_'), and is not a malformed
// dotted quad like 10.0.0.300.
bool is_plausible_hostname(std::string_view s);

class HaCfParser;

// Maps each directive name to its HaCfParser handler (hacf_table.cc).
struct DirectiveTable {
    struct Handlers {
        bool (HaCfParser::*option)(std::string_view value, int line) = nullptr;
        void (HaCfParser::*line)(std::string_view rest, int line) = nullptr;
    };
    static const std::unordered_map<std::string_view, Handlers>& get();
};

class HaCfParser {
  public:
    explicit HaCfParser(std::string_view filename) : sink_(std::string(filename)) {}

    void parse_line(std::string_view raw, int line);
    HaCfResult finish();

    // Handlers for option-list directives: one call per token. Return true
    // when the value was accepted (and is then recorded as the parameter).
    using OptionHandler = bool (HaCfParser::*)(std::string_view value, int line);
    // Handlers for whole-line directives and line-parsed media.
    using LineHandler = void (HaCfParser::*)(std::string_view rest, int line);

  private:
    friend struct DirectiveTable;

    // ha_cf.cc: simple option directives.
    bool set_node(std::string_view v, int line);
    bool set_cluster(std::string_view v, int line);
    bool set_quorum_server(std::string_view v, int line);
    bool set_hopfudge(std::string_view v, int line);
    bool set_keepalive(std::string_view v, int line);
    bool set_deadtime(std::string_view v, int line);
    bool set_deadping(std::string_view v, int line);
    bool set_initdead(std::string_view v, int line);
    bool set_warntime(std::string_view v, int line);
    bool set_watchdog(std::string_view v, int line);
    bool set_baud(std::string_view v, int line);
    bool set_udpport(std::string_view v, int line);
    bool set_logfacility(std::string_view v, int line);
    bool set_logfile(std::string_view v, int line);
    bool set_debugfile(std::string_view v, int line);
    bool set_nice_failback(std::string_view v, int line);
    bool set_auto_failback(std::string_view v, int line);
    bool set_rtprio(std::string_view v, int line);
    bool set_hbgenmethod(std::string_view v, int line);
    bool set_realtime(std::string_view v, int line);
    bool set_debug(std::string_view v, int line);
    bool set_normalpoll(std::string_view v, int line);
    bool set_msgfmt(std::string_view v, int line);
    bool set_use_logd(std::string_view v, int line);
    bool set_conn_logd_time(std::string_view v, int line);
    bool set_use_apphbd(std::string_view v, int line);
    bool set_log_badpack(std::string_view v, int line);
    bool set_coredumps(std::string_view v, int line);
    bool set_coreroot(std::string_view v, int line);
    bool set_pacemaker(std::string_view v, int line);
    bool set_crm_daemon_dir(std::string_view v, int line);
    bool set_crmd_spawns_pengine(std::string_view v, int line);
    bool set_autojoin(std::string_view v, int line);
    bool set_uuidfrom(std::string_view v, int line);
    bool set_compression(std::string_view v, int line);
    bool set_compression_threshold(std::string_view v, int line);
    bool set_traditional_compression(std::string_view v, int line);
    bool set_env(std::string_view v, int line);
    bool set_max_rexmit_delay(std::string_view v, int line);
    bool set_record_config_changes(std::string_view v, int line);
    bool set_record_pengine_inputs(std::string_view v, int line);
    bool set_enable_config_writes(std::string_view v, int line);
    bool set_memreserve(std::string_view v, int line);
    bool set_syslogmsgfmt(std::string_view v, int line);

    // hacf_media.cc: media with one medium per token.
    bool add_bcast(std::string_view v, int line);
    bool add_serial(std::string_view v, int line);
    bool add_ping(std::string_view v, int line);
    bool add_ping6(std::string_view v, int line);
    // hacf_media.cc: media parsed from the whole line.
    void parse_mcast(std::string_view rest, int line);
    void parse_mcast6(std::string_view rest, int line);
    void parse_ucast(std::string_view rest, int line);
    void parse_ucast6(std::string_view rest, int line);
    void parse_ping_group(std::string_view rest, int line);
    // hacf_media.cc: whole-line directives.
    void parse_stonith(std::string_view rest, int line);
    void parse_stonith_host(std::string_view rest, int line);
    void parse_apiauth(std::string_view rest, int line);
    void parse_respawn(std::string_view rest, int line);
    void parse_failfast(std::string_view rest, int line);
    void parse_child(std::string_view rest, int line, bool failfast);

    // Shared helpers.
    std::optional<bool> boolean(std::string_view directive, std::string_view v, int line);
    std::optional<Millis> time_value(std::string_view directive, std::string_view v, int line);
    // An atoi-read integer that must lie in min..max; warns when the token is
    // not a plain number (heartbeat silently reads "2abc" as 2).
    std::optional<long long> integer(std::string_view directive, std::string_view v, int line,
                                     long long min, long long max);
    bool add_medium(Medium m, int line);
    bool add_node_name(std::string_view name, int line);
    bool node_room(int line);  // false (with an error) when 100 nodes exist
    int cached_udpport(MediumType type, bool* is_default);
    bool add_apiauth(ApiAuth auth, int line, std::string_view text);
    void add_pacemaker_entries();
    void record(std::string_view directive, std::string_view value, int line);
    size_t node_count() const { return cfg_.nodes.size() + cfg_.ping_nodes.size(); }

    // hacf_finish.cc
    void fill_defaults();
    void check_timing();
    void check_logging();
    void add_builtin_apiauth();

    HaCf cfg_;
    DiagnosticSink sink_;

    // Order-rule state.
    std::optional<int> bcast_port_, ucast_port_, ucast6_port_;  // cached per plugin
    bool bcast_port_default_ = false, ucast_port_default_ = false, ucast6_port_default_ = false;
    std::optional<int> serial_baud_;  // cached by the serial plugin
    int first_udp_medium_line_ = 0;   // first bcast/ucast/ucast6 line
    int first_serial_line_ = 0;
    int pacemaker_line_ = 0;
    bool baud_given_ = false;
    bool nice_failback_ = false;  // heartbeat's internal flag: auto_failback on/off given
    bool use_logd_given_ = false;
    bool use_logd_value_ = false;
    int logfacility_line_ = 0;
    bool media_ignored_ = false;
};

}  // namespace ha::hb::detail
