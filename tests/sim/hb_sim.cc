#include "tests/sim/hb_sim.h"

#include "heartbeat/msg/hb_fields.h"

namespace ha::test {

HbSim::HbSim(int nodes, uint64_t seed, const hb::CoreConfig& base)
    : base_(base), seed_(seed), net_(nodes, seed * 7919 + 1), nodes_(size_t(nodes)) {
    base_.nodes.clear();
    for (int i = 0; i < nodes; ++i)
        base_.nodes.push_back(node_name(i));
    base_.links = {"simnet"};
    for (int i = 0; i < nodes; ++i)
        make_core(i);
}

void HbSim::make_core(int i) {
    hb::CoreConfig c = base_;
    c.local_node = node_name(i);
    c.local_uuid = std::string(16, char('A' + i));
    c.generation = nodes_[size_t(i)].generation;
    c.seed = seed_ * 1000003 + uint64_t(i) * 31 + c.generation;
    nodes_[size_t(i)].core = std::make_unique<hb::HbCore>(c);
    hb::MembershipConfig mc;
    mc.local_node = c.local_node;
    mc.configured = base_.nodes;
    mc.settle = base_.keepalive * 2;
    mc.retry = base_.deadtime;
    nodes_[size_t(i)].ccm = std::make_unique<hb::MembershipCore>(mc);
}

std::set<std::string> HbSim::live_set(int i) const {
    std::set<std::string> live;
    const hb::HbCore& c = *nodes_[size_t(i)].core;
    for (const auto& name : c.node_names()) {
        auto st = c.node_status(name);
        if (st == hb::kStatusUp || st == hb::kStatusActive) live.insert(name);
    }
    return live;
}

void HbSim::drain_membership(int i) {
    Node& n = nodes_[size_t(i)];
    for (auto& e : n.ccm->take_effects()) {
        if (auto* s = std::get_if<hb::membership_effect::Send>(&e)) {
            (void)n.core->send(instant(), std::move(s->msg));
        } else if (auto* inst = std::get_if<hb::membership_effect::Installed>(&e)) {
            // Instances only ever grow at one node.
            uint64_t& last = last_instance_[i];
            if (inst->view.instance <= last)
                violations_.push_back(node_name(i) + " installed instance " +
                                      std::to_string(inst->view.instance) + " after " +
                                      std::to_string(last));
            last = inst->view.instance;
        }
    }
}

hb::Instant HbSim::instant() const {
    auto since = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch());
    return hb::Instant{clock_.now(), 1'800'000'000 + since.count()};
}

void HbSim::start_all() {
    for (int i = 0; i < size(); ++i) {
        nodes_[size_t(i)].core->start(instant());
        drain(i);
    }
}

std::optional<MonoTime> HbSim::last_delivery(int from, int to) const {
    auto it = last_delivery_.find({from, to});
    if (it == last_delivery_.end()) return std::nullopt;
    return it->second;
}

void HbSim::drain(int i) {
    Node& n = nodes_[size_t(i)];
    for (int round = 0; round < 4; ++round) {
        auto effects = n.core->take_effects();
        if (effects.empty()) break;
        for (auto& e : effects) {
            if (auto* s = std::get_if<hb::effect::Send>(&e)) {
                net_.send(clock_.now(), i, -1, 0, s->bytes);
            } else if (std::holds_alternative<hb::effect::CommUp>(e)) {
                if (on_comm_up) on_comm_up(i);
            } else if (auto* st = std::get_if<hb::effect::NodeStatus>(&e)) {
                events_.push_back(SimEvent{clock_.now(), i, st->node, st->status});
                if (on_node_status) on_node_status(i, st->node, st->status);
                if (st->status == hb::kStatusDead) {
                    // A death is false when the node's packets reached us within its deadtime.
                    int other = -1;
                    for (int k = 0; k < size(); ++k)
                        if (node_name(k) == st->node) other = k;
                    auto last = last_delivery(other, i);
                    Millis dt = base_.deadtime;
                    if (other >= 0 && last && clock_.now() - *last < dt) {
                        violations_.push_back(
                            node_name(i) + " declared " + st->node + " dead only " +
                            std::to_string(
                                std::chrono::duration_cast<Millis>(clock_.now() - *last).count()) +
                            " ms after its last packet arrived");
                    }
                }
            } else if (auto* d = std::get_if<hb::effect::Deliver>(&e)) {
                if (d->msg.get_string(hb::kFieldT) == "simtest")
                    n.got[std::string(d->msg.get_string("id").value_or(""))]++;
                if (d->msg.get_string(hb::kFieldT) == hb::kMsgMembership)
                    n.ccm->on_message(clock_.now(), d->msg);
                else if (on_deliver)
                    on_deliver(i, d->msg);
            }
        }
        n.ccm->on_liveness(clock_.now(), live_set(i));
        drain_membership(i);
    }
}

void HbSim::run_for(Millis d) {
    MonoTime end = clock_.now() + d;
    while (true) {
        MonoTime t = net_.next_due();
        for (int i = 0; i < size(); ++i) {
            const Node& n = nodes_[size_t(i)];
            if (n.crashed) continue;
            t = std::min({t, n.core->next_wakeup(), n.ccm->next_wakeup()});
            if (extra_wakeup) t = std::min(t, extra_wakeup(i));
        }
        if (t > end) break;
        if (t > clock_.now()) clock_.set(t);
        for (auto& dg : net_.take_due(clock_.now())) {
            Node& to = nodes_[size_t(dg.to)];
            // A crashed sender's packets still in flight arrive; a crashed
            // receiver gets nothing.
            if (to.crashed) continue;
            last_delivery_[{dg.from, dg.to}] = clock_.now();
            to.core->on_packet(instant(), dg.medium, dg.bytes);
            drain(dg.to);
        }
        for (int i = 0; i < size(); ++i) {
            Node& n = nodes_[size_t(i)];
            if (n.crashed) continue;
            if (extra_wakeup && extra_tick && extra_wakeup(i) <= clock_.now()) {
                extra_tick(i);
                drain(i);
            }
            if (n.ccm->next_wakeup() <= clock_.now()) {
                n.ccm->on_tick(clock_.now());
                drain_membership(i);
                drain(i);
            }
            if (n.core->next_wakeup() > clock_.now()) continue;
            n.core->on_tick(instant());
            drain(i);
        }
    }
    clock_.set(end);
}

void HbSim::crash(int i) {
    nodes_[size_t(i)].crashed = true;
    nodes_[size_t(i)].crashed_at = clock_.now();
}

void HbSim::restart(int i) {
    Node& n = nodes_[size_t(i)];
    n.crashed = false;
    n.generation++;
    last_instance_.erase(i);  // a new process starts its own count
    make_core(i);
    n.core->start(instant());
    drain(i);
}

void HbSim::send_from(int i, hb::Message msg) {
    (void)nodes_[size_t(i)].core->send(instant(), std::move(msg));
    drain(i);
}

std::string HbSim::send_app(int i) {
    std::string id = node_name(i) + "-" + std::to_string(++app_counter_);
    hb::Message m;
    m.add_string(hb::kFieldT, "simtest");
    m.add_string("id", id);
    (void)nodes_[size_t(i)].core->send(instant(), std::move(m));
    sent_.push_back(Sent{i, clock_.now(), id});
    drain(i);
    return id;
}

}  // namespace ha::test
