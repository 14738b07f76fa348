#include "tests/support/sim_network.h"

namespace ha::test {

SimNetwork::SimNetwork(int endpoints, uint64_t seed) : endpoints_(endpoints), rng_(seed) {}

void SimNetwork::partition(const std::vector<std::set<int>>& groups) {
    group_of_.clear();
    int g = 1;
    for (const auto& members : groups) {
        for (int e : members)
            group_of_[e] = g;
        ++g;
    }
}

void SimNetwork::heal() {
    group_of_.clear();
}

void SimNetwork::isolate(int endpoint, bool isolated) {
    if (isolated) {
        isolated_.insert(endpoint);
    } else {
        isolated_.erase(endpoint);
    }
}

bool SimNetwork::reachable(int from, int to) const {
    if (from != to && (isolated_.count(from) || isolated_.count(to))) return false;
    auto gf = group_of_.find(from);
    auto gt = group_of_.find(to);
    int a = gf == group_of_.end() ? 0 : gf->second;
    int b = gt == group_of_.end() ? 0 : gt->second;
    return a == b;
}

void SimNetwork::enqueue(MonoTime at, Datagram d) {
    queue_.emplace(std::make_pair(at, counter_++), std::move(d));
}

void SimNetwork::send(MonoTime now, int from, int to, int medium, const std::string& bytes) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto delay = [&] {
        auto lo = faults_.min_delay.count(), hi = faults_.max_delay.count();
        std::uniform_int_distribution<long long> d(lo, hi < lo ? lo : hi);
        return Millis(d(rng_));
    };
    for (int r = 0; r < endpoints_; ++r) {
        if (to >= 0 && r != to) continue;
        // Draw the random numbers whether or not the copy is delivered, so a
        // partition does not shift the rest of the run's random sequence.
        double lost = unit(rng_);
        double dup = unit(rng_);
        Millis d1 = delay(), d2 = delay();
        if (!reachable(from, r)) continue;
        if (r != from && lost < faults_.loss) continue;
        enqueue(now + d1, Datagram{from, r, medium, bytes});
        if (r != from && dup < faults_.duplicate)
            enqueue(now + d2, Datagram{from, r, medium, bytes});
    }
}

std::vector<Datagram> SimNetwork::take_due(MonoTime now) {
    std::vector<Datagram> out;
    while (!queue_.empty() && queue_.begin()->first.first <= now) {
        out.push_back(std::move(queue_.begin()->second));
        queue_.erase(queue_.begin());
    }
    return out;
}

MonoTime SimNetwork::next_due() const {
    return queue_.empty() ? MonoTime::max() : queue_.begin()->first.first;
}

}  // namespace ha::test
