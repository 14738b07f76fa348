// A whole heartbeat cluster in one process: N protocol cores on a simulated
// lossy network and a simulated clock. Records what every node observed so
// tests can check the invariants after (and during) a seeded run.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "heartbeat/membership/ccm_core.h"
#include "heartbeat/membership/hb_core.h"
#include "tests/support/fake_clock.h"
#include "tests/support/sim_network.h"

namespace ha::test {

struct SimEvent {
    MonoTime at;
    int observer;
    std::string node;
    std::string status;
};

class HbSim {
  public:
    HbSim(int nodes, uint64_t seed, const hb::CoreConfig& base);

    static std::string node_name(int i) { return "node" + std::to_string(i + 1); }
    int size() const { return int(nodes_.size()); }
    MonoTime now() const { return clock_.now(); }
    SimNetwork& net() { return net_; }
    hb::HbCore& core(int i) { return *nodes_[size_t(i)].core; }
    hb::MembershipCore& membership(int i) { return *nodes_[size_t(i)].ccm; }
    bool alive(int i) const { return !nodes_[size_t(i)].crashed; }

    void start_all();
    void run_for(Millis d);
    // A kill -9: the node stops sending and receiving at once.
    void crash(int i);
    // A fresh process with the next generation.
    void restart(int i);
    // Sends an application message from node i (t=simtest, id=<n>); returns its id.
    std::string send_app(int i);

    // Observations.
    const std::vector<SimEvent>& status_events() const { return events_; }
    // Application message ids delivered at node i, with counts.
    const std::map<std::string, int>& delivered(int i) const { return nodes_[size_t(i)].got; }
    struct Sent {
        int from;
        MonoTime at;
        std::string id;
    };
    const std::vector<Sent>& sent() const { return sent_; }
    // Last time any packet from `from` reached `to`.
    std::optional<MonoTime> last_delivery(int from, int to) const;
    MonoTime crashed_at(int i) const { return nodes_[size_t(i)].crashed_at; }
    // Hooks for a layer above heartbeat (the v1 resource manager, ...): what
    // each node's core delivers and reports, and the layer's own timers.
    std::function<void(int node, const hb::Message& msg)> on_deliver;
    std::function<void(int node, const std::string& peer, const std::string& status)>
        on_node_status;
    std::function<void(int node)> on_comm_up;
    std::function<MonoTime(int node)> extra_wakeup;
    std::function<void(int node)> extra_tick;
    // Originates a cluster message at node i (as a client would).
    void send_from(int i, hb::Message msg);

    // Violations found while running (false deaths); empty when all is well.
    const std::vector<std::string>& violations() const { return violations_; }

  private:
    struct Node {
        std::unique_ptr<hb::HbCore> core;
        std::unique_ptr<hb::MembershipCore> ccm;
        bool crashed = false;
        MonoTime crashed_at{};
        uint64_t generation = 1;
        std::map<std::string, int> got;
    };
    hb::Instant instant() const;
    void drain(int i);
    void drain_membership(int i);
    std::set<std::string> live_set(int i) const;
    void make_core(int i);

    hb::CoreConfig base_;
    uint64_t seed_;
    FakeClock clock_;
    SimNetwork net_;
    std::vector<Node> nodes_;
    std::vector<SimEvent> events_;
    std::vector<Sent> sent_;
    std::map<std::pair<int, int>, MonoTime> last_delivery_;
    std::vector<std::string> violations_;
    std::map<int, uint64_t> last_instance_;
    uint64_t app_counter_ = 0;
};

}  // namespace ha::test
