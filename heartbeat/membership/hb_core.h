// The heartbeat protocol core of one node: liveness of nodes and links,
// generations, sequence numbers with retransmission and acknowledgement, the
// start-up sequence (init/up/active, reqnodes/repnodes) and the standard
// fields every cluster message carries. It is pure: packets and time come in
// (on_packet, on_tick, send), effects come out (take_effects); the daemon and
// tests/sim wire it to sockets and clocks. Behaviour follows heartbeat 3.0.6
// so a real heartbeat node and this one form one cluster; the wire format is
// in doc/wire-format.md, the protocol in doc/heartbeat-protocol.md.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "heartbeat/config/ha_cf.h"
#include "heartbeat/membership/seq_tracker.h"
#include "heartbeat/msg/ha_msg.h"
#include "heartbeat/msg/hb_auth.h"
#include "heartbeat/plumb/duration.h"

namespace ha::hb {
// One line of the host caches (/var/lib/heartbeat/hostcache, delhostcache).
struct CachedNode {
    std::string name;
    std::string uuid;  // 16 raw bytes, or empty
    int weight = 100;
    std::string site;
};

struct CoreConfig {
    std::string local_node;  // lower-case
    std::string local_uuid;  // 16 raw bytes
    uint64_t generation = 1;
    std::vector<std::string> nodes;       // normal nodes of ha.cf, lower-case, us included
    std::vector<std::string> ping_nodes;  // ping / ping6 / ping_group nodes, lower-case
    Millis deadping{30000};
    std::vector<std::string> links;  // medium (link) names; index = medium id
    Millis keepalive{1000};
    Millis deadtime{30000};
    Millis warntime{15000};
    Millis initdead{30000};
    Millis max_rexmit_delay{250};
    int hopfudge = 1;
    Autojoin autojoin = Autojoin::kNone;
    bool inner_auth = true;  // msgfmt classic
    bool log_badpack = true;
    AuthConfig auth;
    uint64_t seed = 1;  // retransmission delays, ack triggers
    // From the host caches, read at start when autojoin is not none: nodes
    // learned at runtime (added, uuids taken), and nodes deleted for good.
    std::vector<CachedNode> cached_nodes;
    std::vector<CachedNode> deleted_nodes;
};

// Now, both clocks: monotonic for timers, Unix seconds for the `ts` field.
struct Instant {
    MonoTime mono;
    int64_t unix_seconds = 0;
};

namespace effect {
struct Send {  // one packet to every medium
    std::string bytes;
    Message msg;  // the message in it (serial media re-encode it in classic form)
};
struct NodeStatus {
    std::string node;
    std::string old_status;
    std::string status;
};
struct LinkStatus {
    std::string node;
    std::string link;
    std::string status;  // "up" / "dead"
};
struct Deliver {  // a cluster message for the local clients and handlers
    Message msg;
};
struct CommUp {};
struct NodesChanged {};  // nodes added or deleted, or a uuid learned: rewrite the host caches
struct Shutdown {        // we were deleted from the cluster (delnode)
    std::string reason;
};
}  // namespace effect

using Effect = std::variant<effect::Send, effect::NodeStatus, effect::LinkStatus, effect::Deliver,
                            effect::CommUp, effect::NodesChanged, effect::Shutdown>;

class HbCore {
  public:
    struct Counters {
        uint64_t packets_in = 0, bad_packets = 0, bad_auth = 0, unknown_node = 0, replays = 0,
                 duplicates = 0, delivered = 0, rexmit_requests_sent = 0, rexmits_sent = 0,
                 naks_sent = 0, lost = 0;
    };

    explicit HbCore(CoreConfig config);

    // Sends the start-up status messages (init, up, up) and arms the timers.
    void start(const Instant& now);
    // One datagram from medium `link`.
    void on_packet(const Instant& now, int link, std::string_view bytes);
    // Timers: status heartbeats, dead and link checks, retransmission requests.
    void on_tick(const Instant& now);
    // The earliest time on_tick has work to do.
    MonoTime next_wakeup() const;
    // A ping node answered an echo request.
    void on_ping_reply(const Instant& now, std::string_view ping_node);
    // Originates a cluster message (client, resource manager): adds the
    // standard fields, signs, sends, and delivers it locally (except NS_).
    Status send(const Instant& now, Message msg);
    // Marks us as leaving: our status messages stop.
    void stop();

    std::vector<Effect> take_effects() { return std::exchange(effects_, {}); }

    // Queries for the client API and cl_status.
    const std::string& local_node() const { return cfg_.local_node; }
    bool comm_up() const { return comm_up_; }
    std::vector<std::string> node_names() const;  // in configuration order
    std::optional<std::string> node_status(std::string_view node) const;
    std::optional<std::string> link_status(std::string_view node, std::string_view link) const;
    std::vector<std::string> links_of(std::string_view node) const;
    std::optional<std::string> node_uuid(std::string_view node) const;
    std::optional<std::string> node_type(std::string_view node) const;  // normal | ping
    // The normal nodes and the deleted ones, for the host caches.
    std::vector<CachedNode> host_cache() const;
    std::vector<CachedNode> deleted_cache() const { return deleted_; }
    std::optional<int> node_weight(std::string_view node) const;
    std::optional<std::string> node_site(std::string_view node) const;
    // Our messages not yet acknowledged by every live node exceed the window.
    bool flow_blocked() const;
    const Counters& counters() const { return counters_; }
    void set_load_average(std::string ld) { load_average_ = std::move(ld); }
    Millis advertised_deadtime(const Instant& now) const;

    static constexpr size_t kHistory = 500;       // sent messages kept for retransmission
    static constexpr uint64_t kFlowWindow = 250;  // unacked messages before clients pause
    static constexpr int kMaxRexmitPerRequest = 50;

  private:
    struct Link {
        std::string status;  // "" = never heard, "up", "dead"
        MonoTime last_heard{};
    };
    struct Node {
        std::string name;
        bool ping = false;  // a ping node: status "ping"/"dead", one link named after it
        std::string uuid;
        std::string status = "init";
        int weight = 100;
        std::string site;
        bool heard = false;
        MonoTime last_heard{};
        MonoTime last_status{};
        bool have_status = false;
        std::optional<Millis> advertised_dt;
        uint64_t generation = 0;
        std::optional<uint64_t> shutdown_generation;  // left with shutdone in this generation
        SeqTracker seq;
        uint64_t delivered_through = 0;                   // 0: ordering restarts
        std::map<uint64_t, std::optional<Message>> held;  // after a gap (nullopt: not for us)
        std::map<uint64_t, MonoTime> rexmit_due;          // missing seq -> next request time
        int ack_trigger = 0;
        uint64_t acked = 0;  // highest of our seqs this node acknowledged
        std::vector<Link> links;
    };
    struct Sent {
        Message msg;
        std::optional<MonoTime> last_resent;
    };

    Node* find_node(std::string_view name);
    const Node* find_node(std::string_view name) const;
    Node* find_node_by_uuid(std::string_view uuid);
    Node& add_node(const std::string& name);
    bool is_local(const Node& n) const { return n.name == cfg_.local_node; }

    void process(const Instant& now, int link, Message msg);
    void process_ns(const Instant& now, Node& from, const Message& msg, std::string_view type);
    void process_status(const Instant& now, Node& from, const Message& msg);
    void process_rexmit_request(const Instant& now, Node& from, const Message& msg);
    void process_reqnodes(const Instant& now, Node& from);
    void process_repnodes(const Instant& now, const Message& msg);
    // Node-table messages (addnode, delnode, setweight, setsite), applied
    // for received and for locally originated messages alike.
    void apply_control(const Instant& now, const Message& msg, std::string_view type);
    void delete_nodes(const Instant& now, const std::vector<std::string>& names);
    bool is_deleted(std::string_view name) const;
    bool addressed_to_us(const Message& msg) const;
    void mark_link_heard(const Instant& now, Node& n, int link);
    void set_status(Node& n, std::string status);
    void declare_dead(const Instant& now, Node& n, const char* why);
    void maybe_ack(const Instant& now, Node& from, uint64_t seq);
    void deliver_in_order(Node& from, uint64_t seq, std::optional<Message> msg);
    void flush_held(Node& n);
    void skip_seq(Node& n, uint64_t seq);
    void schedule_missing(const Instant& now, Node& from);

    void send_status(const Instant& now);
    void send_ns(const Instant& now, Message msg);
    // Adds the standard fields, signs and sends; returns the message as sent.
    std::optional<Message> emit(const Instant& now, Message msg, bool sequenced);
    void add_standard_fields(const Instant& now, Message& msg, bool sequenced);
    void check_deaths(const Instant& now);
    Millis dead_timeout(const Node& n) const;
    Millis link_timeout(const Node& n) const;
    void check_comm_up(const Instant& now);
    void send_rexmit_requests(const Instant& now);
    void finish_comm_up(const Instant& now);

    CoreConfig cfg_;
    std::vector<std::string> link_names_;  // distinct link names; Node::links is parallel
    std::vector<size_t> link_of_medium_;   // medium id -> index in link_names_
    std::vector<Node> nodes_;
    std::vector<CachedNode> deleted_;
    std::mt19937_64 rng_;
    std::vector<Effect> effects_;
    Counters counters_;
    std::string load_average_ = "n/a";

    bool started_ = false;
    bool stopped_ = false;
    MonoTime start_time_{};
    MonoTime next_status_{};
    std::string local_status_ = "init";
    bool comm_up_ = false;
    bool awaiting_repnodes_ = false;
    MonoTime reqnodes_retry_{};
    std::string reqnodes_peer_;
    std::optional<MonoTime> comm_up_time_;

    uint64_t next_seq_ = 1;
    std::map<uint64_t, Sent> history_;
};

}  // namespace ha::hb
