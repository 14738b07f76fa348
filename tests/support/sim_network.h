// An in-memory datagram network for N endpoints with seeded faults: loss,
// delay with jitter (which reorders), duplication and partitions. Used by
// tests/sim to run whole clusters in one process on simulated time. All
// randomness comes from the seed, so a run replays exactly.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "heartbeat/plumb/duration.h"

namespace ha::test {

struct NetFaults {
    double loss = 0.0;       // probability a copy is dropped
    double duplicate = 0.0;  // probability a copy is delivered twice
    Millis min_delay{0};
    Millis max_delay{2};  // uniform in [min, max]: reorders when max > min
};

struct Datagram {
    int from = 0;
    int to = 0;
    int medium = 0;
    std::string bytes;
};

class SimNetwork {
  public:
    SimNetwork(int endpoints, uint64_t seed);

    void set_faults(const NetFaults& f) { faults_ = f; }
    const NetFaults& faults() const { return faults_; }

    // Endpoints in different groups cannot reach each other; clear with heal().
    void partition(const std::vector<std::set<int>>& groups);
    void heal();
    // Cuts one endpoint off completely (a dead NIC or killed node's packets).
    void isolate(int endpoint, bool isolated);
    bool reachable(int from, int to) const;

    // Queues one copy per receiver (broadcast: every endpoint, including the
    // sender, as bcast does); `to` = -1 means broadcast.
    void send(MonoTime now, int from, int to, int medium, const std::string& bytes);

    // Deliveries due at or before `now`, in due order (ties by send order).
    std::vector<Datagram> take_due(MonoTime now);
    // Earliest pending delivery time, or MonoTime::max() when idle.
    MonoTime next_due() const;
    size_t in_flight() const { return queue_.size(); }

  private:
    void enqueue(MonoTime at, Datagram d);

    int endpoints_;
    std::mt19937_64 rng_;
    NetFaults faults_;
    std::map<int, int> group_of_;  // endpoint -> partition group; absent = group 0
    std::set<int> isolated_;
    uint64_t counter_ = 0;
    std::multimap<std::pair<MonoTime, uint64_t>, Datagram> queue_;
};

}  // namespace ha::test
