// The haresources (v1, `crm off`) resource manager as a pure state machine:
// heartbeat 3.0.6's negotiation between two nodes over `starting`,
// `resource`, `ask_resources`, `hb_takeover`, `ip-request[-resp]`,
// `shutdone` and `stonith` messages, so a heartbeat-ng node and a real
// heartbeat node share resource groups. The protocol as read and captured is
// doc/v1-resource-protocol.md; section numbers below refer to it.
//
// Events in: communications up, every delivered cluster message (our own
// included: heartbeat's handlers see our messages loop back, and several
// transitions depend on it), node deaths, status changes, finished group
// jobs, time. Effects out: messages to send, group jobs to run (takegroup /
// givegroup of haresources keys, one job at a time), and the end of a
// graceful shutdown. The daemon shell runs the jobs with the agent runner.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "heartbeat/config/ha_cf.h"
#include "heartbeat/config/haresources.h"
#include "heartbeat/msg/ha_msg.h"
#include "heartbeat/plumb/duration.h"

namespace ha::hb {

// rsc_hold as a bit set: the words none/local/foreign/all.
enum : unsigned { kHoldNone = 0, kHoldLocal = 1, kHoldForeign = 2, kHoldAll = 3 };
const char* hold_word(unsigned hold);
unsigned hold_from_word(std::string_view word);  // unknown words count as none

struct V1Config {
    std::string local_node;
    AutoFailback mode = AutoFailback::kLegacy;
    std::vector<ResourceGroup> groups;  // haresources, in file order
    Millis rqst_delay{10000};           // RQSTDELAY: take our groups anyway after this
    Millis standby_reply{10000};        // wait for the peer's `other`
    Millis standby_transfer{3600000};   // a standby transfer in progress
    Millis failback_retry{1000};
    Millis start_failure_standby{30000};  // a group that failed to start goes to the peer
    // A graceful stop waits for resource activity to settle, but no longer
    // than this (heartbeat's own last resort is a 60-minute watchdog).
    Millis shutdown_wait{10000};
};

namespace v1_effect {
struct Send {
    Message msg;
};
struct Run {  // one job: takegroup (take) or givegroup of each key, in order
    uint64_t job = 0;
    bool take = true;
    std::vector<std::string> keys;
};
struct ShutdownDone {};  // our shutdone came back: the daemon may exit
}  // namespace v1_effect

using V1Effect = std::variant<v1_effect::Send, v1_effect::Run, v1_effect::ShutdownDone>;

class V1Core {
  public:
    explicit V1Core(V1Config config);

    void on_comm_up(MonoTime now);
    void on_message(MonoTime now, const Message& msg);
    void on_node_status(MonoTime now, const std::string& node, const std::string& status);
    void on_job_done(MonoTime now, uint64_t job, bool ok);
    void on_tick(MonoTime now);
    MonoTime next_wakeup() const;
    // Graceful stop (SIGTERM): release everything, then shutdone.
    void shutdown(MonoTime now);

    std::vector<V1Effect> take_effects() { return std::exchange(effects_, {}); }

    unsigned held() const { return held_; }
    bool stable() const;
    // What `cl_status rscstatus` prints: the held word, or "transition".
    std::string rsc_status() const;
    bool shutting_down() const { return shutting_down_; }
    // Group keys by preferred node.
    std::vector<std::string> keys_of(const std::string& node) const;
    std::vector<std::string> other_keys() const;  // groups not preferring us
    std::vector<std::string> all_keys() const;

    enum class State { kInit, kStarting, kBothStarting, kRscRcvd, kStable, kShutdown };
    enum class Standby { kNot, kMe, kOther, kDone };
    State state() const { return state_; }
    // One line for logs and test failures.
    std::string describe() const;
    Standby standby() const { return standby_; }

  private:
    enum class Then { kNothing, kMachDown, kStandbyDone, kShutdone, kSend };
    struct Job {
        uint64_t id;
        bool take;
        std::vector<std::string> keys;
        Then then;
        std::optional<Message> reply;  // kSend: sent once the job is done
    };

    bool nice() const { return cfg_.mode != AutoFailback::kLegacy; }
    bool from_us(const Message& msg) const;
    void send(Message msg);
    void send_held(bool stable_flag, std::string_view info = {});
    void queue_job(bool take, std::vector<std::string> keys, Then then,
                   std::optional<Message> reply = std::nullopt);
    void start_next_job();
    void req_local(MonoTime now, bool force);
    void takeover(MonoTime now);
    void go_standby(MonoTime now, bool me, unsigned set);
    void giveup_all(MonoTime now);
    void autofailback(MonoTime now);
    void retry_shutdown(MonoTime now);
    void handle_resource(MonoTime now, const Message& msg);
    void handle_standby(MonoTime now, const Message& msg);
    void handle_shutdone(MonoTime now, const Message& msg);
    void handle_ip_request(const Message& msg);
    void handle_ip_request_resp(const Message& msg);
    void node_died(MonoTime now);
    std::string peer() const;

    V1Config cfg_;
    std::vector<std::string> nodes_;  // preferred nodes seen in haresources + peers seen
    std::map<std::string, std::string> node_status_;
    std::vector<V1Effect> effects_;

    unsigned held_ = kHoldNone;
    unsigned peer_held_ = kHoldNone;
    bool peer_stable_ = false;
    State state_ = State::kInit;
    Standby standby_ = Standby::kNot;
    std::optional<MonoTime> standby_deadline_;
    unsigned standby_set_ = kHoldAll;
    bool takeover_in_progress_ = false;
    bool needs_failback_ = false;
    bool needs_shutdown_ = false;
    bool shutting_down_ = false;
    bool comm_up_ = false;
    std::optional<MonoTime> local_takeover_at_;
    std::optional<MonoTime> failback_retry_at_;
    std::optional<MonoTime> starting_since_;
    std::optional<MonoTime> failed_standby_at_;  // hb_standby after a failed start
    std::optional<MonoTime> shutdown_deadline_;  // a delayed graceful stop goes ahead then
    unsigned failed_set_ = kHoldNone;
    bool peer_heard_ = false;  // any packet from the peer since its last death
    std::string peer_name_;

    uint64_t next_job_ = 1;
    std::deque<Job> jobs_;
    bool job_running_ = false;
    std::set<std::string> owned_;  // keys whose last job here was a successful take
};

}  // namespace ha::hb
