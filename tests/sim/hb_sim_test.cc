// Seeded whole-cluster runs of the heartbeat core on a lossy simulated
// network. Each seed picks a cluster size and fault levels, then runs the
// phases: start, steady traffic under loss, a crash, a partition and its
// healing, a restart. Invariants: no node is declared dead while its packets
// arrive within deadtime; every crash is detected within deadtime +
// keepalive; no message is delivered twice; none is lost while sender and
// receiver stay up and connected; after healing all live nodes see each other
// active. A failing seed is printed and replays exactly with HA_SIM_SEED.
#include "tests/sim/hb_sim.h"

#include <cstdlib>
#include <random>
#include <sstream>

#include <gtest/gtest.h>

#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/plumb/log_sinks.h"

namespace ha::test {
namespace {

hb::CoreConfig sim_config() {
    hb::CoreConfig c;
    c.keepalive = Millis(100);
    c.deadtime = Millis(1000);
    c.warntime = Millis(500);
    c.initdead = Millis(2000);
    c.max_rexmit_delay = Millis(250);
    c.auth.active = 1;
    c.auth.slots[1] = hb::AuthSlot{hb::AuthMethod::kSha1, "sim-key"};
    c.log_badpack = false;
    return c;
}

bool sees_dead(const HbSim& sim, int observer, int node, MonoTime after, MonoTime before) {
    for (const auto& e : sim.status_events())
        if (e.observer == observer && e.node == HbSim::node_name(node) &&
            e.status == hb::kStatusDead && e.at > after && e.at <= before)
            return true;
    return false;
}

// Runs one seed; returns a description of every violated invariant.
std::vector<std::string> run_seed(uint64_t seed) {
    std::mt19937_64 rng(seed);
    auto pick = [&](int lo, int hi) { return int(lo + rng() % uint64_t(hi - lo + 1)); };
    int n = seed % 50 == 0 ? pick(8, 16) : pick(2, 6);
    hb::CoreConfig cfg = sim_config();
    HbSim sim(n, seed, cfg);
    NetFaults f;
    f.loss = double(pick(0, 20)) / 100.0;
    f.duplicate = double(pick(0, 5)) / 100.0;
    f.max_delay = Millis(pick(1, 20));
    sim.net().set_faults(f);
    std::vector<std::string> bad;
    std::ostringstream desc;
    desc << "seed " << seed << " (nodes " << n << ", loss " << f.loss << ", dup " << f.duplicate
         << ", delay<=" << f.max_delay.count() << "ms): ";

    sim.start_all();
    sim.run_for(Millis(3000));

    // Steady traffic under loss: every message reaches every node exactly once.
    std::vector<std::string> ids;
    for (int k = 0; k < 100; ++k) {
        ids.push_back(sim.send_app(pick(0, n - 1)));
        sim.run_for(Millis(50));
    }
    sim.run_for(Millis(5000));
    for (int i = 0; i < n; ++i) {
        for (const auto& id : ids) {
            auto it = sim.delivered(i).find(id);
            if (it == sim.delivered(i).end())
                bad.push_back(desc.str() + HbSim::node_name(i) + " never got message " + id);
        }
    }

    // A crash, detected by every other node within deadtime + keepalive.
    int victim = pick(0, n - 1);
    sim.crash(victim);
    MonoTime crash_at = sim.now();
    Millis bound = cfg.deadtime + cfg.keepalive;
    sim.run_for(bound + Millis(50));
    for (int i = 0; i < n; ++i) {
        if (i == victim) continue;
        if (!sees_dead(sim, i, victim, crash_at, crash_at + bound))
            bad.push_back(desc.str() + HbSim::node_name(i) + " did not detect the crash of " +
                          HbSim::node_name(victim) + " within " + std::to_string(bound.count()) +
                          " ms");
    }

    // A partition of the survivors, then healing.
    if (n >= 3) {
        std::set<int> a, b;
        for (int i = 0; i < n; ++i)
            (i % 2 ? a : b).insert(i);
        sim.net().partition({a, b});
        sim.run_for(Millis(pick(500, 3000)));
        sim.net().heal();
    }
    sim.restart(victim);
    sim.run_for(Millis(8000));
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            auto st = sim.core(i).node_status(HbSim::node_name(j));
            if (!st || *st != hb::kStatusActive)
                bad.push_back(desc.str() + "after healing " + HbSim::node_name(i) + " sees " +
                              HbSim::node_name(j) + " as " + st.value_or("unknown"));
        }
    }
    // After healing every live node holds the same membership view, with
    // everyone in it and quorum.
    const auto& v0 = sim.membership(0).view();
    for (int i = 0; i < n; ++i) {
        const auto& v = sim.membership(i).view();
        if (!(v == v0))
            bad.push_back(desc.str() + "membership views differ: " + HbSim::node_name(0) +
                          " instance " + std::to_string(v0.instance) + " vs " +
                          HbSim::node_name(i) + " instance " + std::to_string(v.instance));
    }
    if (v0.members.size() != size_t(n) || !v0.quorum)
        bad.push_back(desc.str() + "the healed view lacks members or quorum");
    // Never a duplicate delivery.
    for (int i = 0; i < n; ++i)
        for (const auto& [id, count] : sim.delivered(i))
            if (count > 1)
                bad.push_back(desc.str() + HbSim::node_name(i) + " got " + id + " " +
                              std::to_string(count) + " times");
    for (const auto& v : sim.violations())
        bad.push_back(desc.str() + v);
    return bad;
}

TEST(HbSim, SeededRunsKeepTheInvariants) {
    uint64_t first = 1, count = 1000;
    if (std::getenv("HA_SIM_VERBOSE")) {
        log::LogConfig lc;
        lc.to_stderr = true;
        lc.debug_level = 1;
        (void)log::configure_logging(lc);
    }
    if (const char* s = std::getenv("HA_SIM_SEED")) {
        first = std::strtoull(s, nullptr, 10);
        count = 1;
    } else if (const char* r = std::getenv("HA_SIM_RUNS")) {
        count = std::strtoull(r, nullptr, 10);
    }
    int failed = 0;
    for (uint64_t seed = first; seed < first + count; ++seed) {
        auto bad = run_seed(seed);
        if (!bad.empty()) {
            ++failed;
            for (size_t k = 0; k < bad.size() && k < 5; ++k)
                ADD_FAILURE() << bad[k];
            ADD_FAILURE() << "replay with: HA_SIM_SEED=" << seed << " "
                          << ::testing::UnitTest::GetInstance()->current_test_info()->name();
        }
        if (failed >= 5) break;
    }
    std::printf("heartbeat sim: %llu seeded runs, %d failed\n", (unsigned long long)count, failed);
}

TEST(HbSim, TwentyPercentLossCausesNoFalseDeath) {
    hb::CoreConfig cfg = sim_config();
    HbSim sim(3, 42, cfg);
    NetFaults f;
    f.loss = 0.20;
    f.max_delay = Millis(5);
    sim.net().set_faults(f);
    sim.start_all();
    sim.run_for(Millis(120'000));
    for (const auto& e : sim.status_events())
        EXPECT_NE(e.status, hb::kStatusDead)
            << HbSim::node_name(e.observer) << " declared " << e.node << " dead";
    EXPECT_TRUE(sim.violations().empty());
}

TEST(HbSim, SameSeedReplaysExactly) {
    auto once = [] {
        HbSim sim(4, 7, sim_config());
        NetFaults f;
        f.loss = 0.1;
        sim.net().set_faults(f);
        sim.start_all();
        sim.run_for(Millis(3000));
        sim.crash(2);
        sim.run_for(Millis(2000));
        std::ostringstream out;
        for (const auto& e : sim.status_events())
            out << e.at.time_since_epoch().count() << e.observer << e.node << e.status << ";";
        return out.str();
    };
    EXPECT_EQ(once(), once());
}

}  // namespace
}  // namespace ha::test
