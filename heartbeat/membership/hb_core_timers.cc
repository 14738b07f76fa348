// The timer side of the heartbeat core: our status heartbeats, dead-node and
// dead-link detection, retransmission requests, and communications-up.
#include <algorithm>

#include "heartbeat/membership/hb_core.h"
#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/plumb/log.h"

namespace ha::hb {

namespace {
const log::Logger& logger() {
    static const log::Logger l("membership");
    return l;
}
// Heartbeat advertises a longer dead time while it starts, so that peers do
// not declare it dead while its start-up settles.
constexpr Millis kStartupDtExtra{2000};
constexpr Millis kStartupDtPeriod{5000};
constexpr Millis kReqnodesRetry{1000};
}  // namespace

Millis HbCore::advertised_deadtime(const Instant& now) const {
    if (!comm_up_time_ || now.mono - *comm_up_time_ < kStartupDtPeriod)
        return cfg_.deadtime + kStartupDtExtra;
    return cfg_.deadtime;
}

void HbCore::send_status(const Instant& now) {
    Message st;
    st.add_string(kFieldT, kMsgStatus);
    st.add_string(kFieldSt, local_status_);
    st.set_hex(kFieldDt, uint64_t(advertised_deadtime(now).count()));
    st.add_string(kFieldProtocol, "1");
    emit(now, std::move(st), true);
    Node* self = find_node(cfg_.local_node);
    self->heard = true;
    self->last_heard = now.mono;
}

Millis HbCore::dead_timeout(const Node& n) const {
    if (!comm_up_) return cfg_.initdead;
    return n.ping ? cfg_.deadping : n.advertised_dt.value_or(cfg_.deadtime);
}

Millis HbCore::link_timeout(const Node& n) const {
    return n.ping ? cfg_.deadping : n.advertised_dt.value_or(cfg_.deadtime);
}

MonoTime HbCore::next_wakeup() const {
    if (!started_) return MonoTime::max();
    MonoTime t = stopped_ ? MonoTime::max() : next_status_;
    for (const auto& n : nodes_) {
        if (is_local(n)) continue;
        if (n.status != kStatusDead) {
            MonoTime ref = n.heard ? n.last_heard : start_time_;
            t = std::min(t, ref + dead_timeout(n) + Millis(1));
        }
        for (const auto& l : n.links)
            if (l.status == "up") t = std::min(t, l.last_heard + link_timeout(n) + Millis(1));
        for (const auto& [seq, due] : n.rexmit_due)
            t = std::min(t, due);
    }
    if (awaiting_repnodes_) t = std::min(t, reqnodes_retry_);
    return t;
}

void HbCore::on_tick(const Instant& now) {
    if (!started_) return;
    if (!stopped_ && now.mono >= next_status_) {
        send_status(now);
        next_status_ += cfg_.keepalive;
        if (next_status_ <= now.mono) next_status_ = now.mono + cfg_.keepalive;  // we were late
    }
    check_deaths(now);
    send_rexmit_requests(now);
    if (awaiting_repnodes_ && now.mono >= reqnodes_retry_) check_comm_up(now);
}

void HbCore::declare_dead(const Instant& now, Node& n, const char* why) {
    logger().warning("node " + n.name + ": is dead | " + why);
    flush_held(n);
    n.seq.reset();
    n.rexmit_due.clear();
    n.have_status = false;
    set_status(n, std::string(kStatusDead));
    for (size_t i = 0; i < n.links.size(); ++i) {
        if (n.links[i].status == "up") {
            n.links[i].status = "dead";
            const std::string& name = n.ping ? n.name : link_names_[i];
            logger().info("Link " + n.name + ":" + name + " dead.");
            effects_.push_back(effect::LinkStatus{n.name, name, "dead"});
        }
    }
    check_comm_up(now);
}

void HbCore::check_deaths(const Instant& now) {
    for (auto& n : nodes_) {
        if (is_local(n)) continue;  // our own links never time out
        if (n.status != kStatusDead) {
            MonoTime ref = n.heard ? n.last_heard : start_time_;
            if (now.mono - ref > dead_timeout(n)) {
                declare_dead(
                    now, n,
                    n.heard ? "no heartbeat within deadtime" : "not heard from within initdead");
                continue;
            }
        }
        for (size_t i = 0; i < n.links.size(); ++i) {
            Link& l = n.links[i];
            if (l.status == "up" && now.mono - l.last_heard > link_timeout(n)) {
                l.status = "dead";
                const std::string& name = n.ping ? n.name : link_names_[i];
                logger().info("Link " + n.name + ":" + name + " dead.");
                effects_.push_back(effect::LinkStatus{n.name, name, "dead"});
            }
        }
    }
}

void HbCore::send_rexmit_requests(const Instant& now) {
    for (auto& n : nodes_) {
        if (n.rexmit_due.empty()) continue;
        bool alive = n.status == kStatusUp || n.status == kStatusActive;
        for (auto& [seq, due] : n.rexmit_due) {
            if (due > now.mono) continue;
            due = now.mono + cfg_.max_rexmit_delay;
            if (!alive) continue;
            Message req;
            req.add_string(kFieldT, kMsgNsRexmit);
            req.add_string(kFieldDest, n.name);
            req.set_int(kFieldFirstSeq, int64_t(seq));
            req.set_int(kFieldLastSeq, int64_t(seq));
            ++counters_.rexmit_requests_sent;
            send_ns(now, std::move(req));
        }
    }
}

void HbCore::check_comm_up(const Instant& now) {
    if (comm_up_ || !started_) return;
    if (!awaiting_repnodes_) {
        // Up once every configured node has been heard from or declared dead.
        for (const auto& n : nodes_)
            if (!is_local(n) && !n.heard && n.status != kStatusDead) return;
    } else if (now.mono < reqnodes_retry_) {
        return;
    }
    // Ask a live peer for its node list; the next one on each retry.
    std::vector<const Node*> live;
    for (const auto& n : nodes_)
        if (!is_local(n) && !n.ping && n.status != kStatusDead && n.heard) live.push_back(&n);
    if (live.empty()) {
        awaiting_repnodes_ = false;
        finish_comm_up(now);
        return;
    }
    const Node* peer = live.front();
    if (awaiting_repnodes_) {
        auto it = std::find_if(live.begin(), live.end(),
                               [&](const Node* n) { return n->name == reqnodes_peer_; });
        if (it != live.end() && ++it != live.end()) peer = *it;
    }
    reqnodes_peer_ = peer->name;
    awaiting_repnodes_ = true;
    reqnodes_retry_ = now.mono + kReqnodesRetry;
    Message req;
    req.add_string(kFieldT, kMsgReqNodes);
    req.add_string(kFieldDest, peer->name);
    emit(now, std::move(req), true);
}

void HbCore::finish_comm_up(const Instant& now) {
    comm_up_ = true;
    comm_up_time_ = now.mono;
    logger().notice("Communications up; local status active");
    local_status_ = std::string(kStatusActive);
    send_status(now);
    next_status_ = now.mono + cfg_.keepalive;
    effects_.push_back(effect::CommUp{});
}

}  // namespace ha::hb
