#include "heartbeat/membership/ccm_core.h"

#include <algorithm>

#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/plumb/log.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace {

const log::Logger& logger() {
    static const log::Logger l("ccm");
    return l;
}

constexpr std::string_view kSubPropose = "propose";
constexpr std::string_view kSubAck = "ack";
constexpr std::string_view kSubNack = "nack";
constexpr std::string_view kSubCommit = "commit";
constexpr std::string_view kSubHello = "hello";
constexpr std::string_view kSubRequest = "request";
constexpr std::string_view kFieldInstance = "instance";
constexpr std::string_view kFieldMembers = "members";
constexpr std::string_view kFieldMaxSeen = "maxseen";

std::string join(const std::set<std::string>& s) {
    std::string out;
    for (const auto& n : s)
        out += n + " ";
    return out;
}

std::set<std::string> split_set(std::string_view s) {
    auto v = split_tokens(s);
    return std::set<std::string>(v.begin(), v.end());
}

Message protocol_message(std::string_view subtype) {
    Message m;
    m.add_string(kFieldT, kMsgMembership);
    m.add_string(kFieldSubt, subtype);
    return m;
}

}  // namespace

MembershipCore::MembershipCore(MembershipConfig config) : cfg_(std::move(config)) {}

bool MembershipCore::is_leader() const {
    return !live_.empty() && *live_.begin() == cfg_.local_node;
}

bool MembershipCore::quorum_of(const std::set<std::string>& members) const {
    size_t total = cfg_.configured.size();
    if (cfg_.wait_for_all && !seen_all_) return false;
    if (cfg_.two_node && total == 2) return !members.empty();
    return members.size() * 2 > total;
}

void MembershipCore::on_liveness(MonoTime now, std::set<std::string> live) {
    live.insert(cfg_.local_node);
    if (live == live_) return;
    bool gained = std::any_of(live.begin(), live.end(),
                              [&](const std::string& n) { return !live_.count(n); });
    for (auto it = speakers_.begin(); it != speakers_.end();)
        it = live.count(*it) ? std::next(it) : speakers_.erase(it);
    live_ = std::move(live);
    live_since_ = now;
    settled_ = false;
    proposal_.reset();
    // Newcomers learn that we speak this protocol.
    if (gained) send(protocol_message(kSubHello));
}

void MembershipCore::on_message(MonoTime now, const Message& msg) {
    std::string src(msg.get_string(kFieldSrc).value_or(""));
    if (src.empty() || src == cfg_.local_node || !live_.count(src)) return;
    speakers_.insert(src);
    std::string_view sub = msg.get_string(kFieldSubt).value_or("");
    uint64_t instance = msg.get_hex(kFieldInstance).value_or(0);
    if (auto seen = msg.get_hex(kFieldMaxSeen)) max_seen_ = std::max(max_seen_, *seen);

    if (sub == kSubPropose) {
        std::set<std::string> members = split_set(msg.get_string(kFieldMembers).value_or(""));
        bool agree = *live_.begin() == src && members == live_ &&
                     instance > std::max(max_seen_, view_.instance);
        Message reply = protocol_message(agree ? kSubAck : kSubNack);
        reply.add_string(kFieldDest, src);
        reply.set_hex(kFieldInstance, instance);
        reply.set_hex(kFieldMaxSeen, std::max(max_seen_, view_.instance));
        if (agree) max_seen_ = instance;
        send(std::move(reply));
    } else if (sub == kSubAck) {
        if (proposal_ && instance == proposal_->instance) {
            proposal_->acked.insert(src);
            commit(now);
        }
    } else if (sub == kSubNack) {
        // Someone has seen a higher instance: propose again above it at once.
        if (proposal_ && instance == proposal_->instance && max_seen_ >= proposal_->instance)
            propose(now);
    } else if (sub == kSubCommit) {
        std::set<std::string> members = split_set(msg.get_string(kFieldMembers).value_or(""));
        max_seen_ = std::max(max_seen_, instance);
        if (!members.count(cfg_.local_node)) return;
        if (instance > view_.instance) {
            install(instance, members);
        } else if (instance < view_.instance ||
                   (instance == view_.instance && members != view_.members)) {
            // The leader did not know our view (it committed without us, e.g.
            // right after it restarted): ask for one above ours.
            Message m = protocol_message(kSubRequest);
            m.add_string(kFieldDest, src);
            m.set_hex(kFieldMaxSeen, std::max(max_seen_, view_.instance));
            send(std::move(m));
        }
    } else if (sub == kSubRequest) {
        // A member whose view does not match its live set asks for a new one.
        if (is_leader() && settled_ && !proposal_) propose(now);
    } else if (sub == kSubHello) {
        // Nothing more: the sender is now known to speak the protocol. A
        // leader waiting on a proposal without it proposes again, so the
        // newcomer gets its say.
        if (proposal_ && proposal_->members.count(src) && !proposal_->acked.count(src))
            propose(now);
    }
}

void MembershipCore::propose(MonoTime now) {
    Proposal p;
    p.instance = std::max(max_seen_, view_.instance) + 1;
    max_seen_ = p.instance;
    p.members = live_;
    p.acked = {cfg_.local_node};
    p.deadline = now + cfg_.retry;
    proposal_ = p;
    Message m = protocol_message(kSubPropose);
    m.set_hex(kFieldInstance, p.instance);
    m.add_string(kFieldMembers, join(p.members));
    logger().info("Proposing membership instance " + std::to_string(p.instance) + ": " +
                  join(p.members));
    send(std::move(m));
    commit(now);
}

void MembershipCore::commit(MonoTime) {
    if (!proposal_) return;
    for (const auto& n : proposal_->members)
        if (speakers_.count(n) && !proposal_->acked.count(n)) return;
    Message m = protocol_message(kSubCommit);
    m.set_hex(kFieldInstance, proposal_->instance);
    m.add_string(kFieldMembers, join(proposal_->members));
    send(std::move(m));
    install(proposal_->instance, proposal_->members);
    proposal_.reset();
}

void MembershipCore::install(uint64_t instance, const std::set<std::string>& members) {
    membership_effect::Installed e;
    for (const auto& n : members)
        if (!view_.members.count(n)) e.joined.insert(n);
    for (const auto& n : view_.members)
        if (!members.count(n)) e.left.insert(n);
    if (std::all_of(cfg_.configured.begin(), cfg_.configured.end(),
                    [&](const std::string& n) { return members.count(n) > 0; }))
        seen_all_ = true;
    view_.instance = instance;
    view_.members = members;
    view_.quorum = quorum_of(members);
    max_seen_ = std::max(max_seen_, instance);
    e.view = view_;
    logger().notice("Membership instance " + std::to_string(instance) + ": " + join(members) +
                    (view_.quorum ? "(quorum)" : "(no quorum)"));
    effects_.push_back(std::move(e));
}

bool MembershipCore::wants_new_view() const {
    return !has_view() || view_.members != live_;
}

MonoTime MembershipCore::next_wakeup() const {
    MonoTime t = MonoTime::max();
    if (!settled_ && !live_.empty()) t = live_since_ + cfg_.settle;
    if (proposal_) t = std::min(t, proposal_->deadline);
    if (settled_ && !is_leader() && wants_new_view()) t = std::min(t, request_due_);
    return t;
}

void MembershipCore::on_tick(MonoTime now) {
    if (!settled_ && !live_.empty() && now >= live_since_ + cfg_.settle) {
        settled_ = true;
        request_due_ = now;
    }
    if (!settled_) return;
    if (!is_leader()) {
        // Our view is stale (a partition healed before our leader noticed
        // anything): ask the leader for a new one, again every `retry`.
        if (wants_new_view() && now >= request_due_) {
            Message m = protocol_message(kSubRequest);
            m.add_string(kFieldDest, *live_.begin());
            m.set_hex(kFieldMaxSeen, std::max(max_seen_, view_.instance));
            send(std::move(m));
            request_due_ = now + cfg_.retry;
        }
        return;
    }
    if (proposal_) {
        if (now >= proposal_->deadline) propose(now);
        return;
    }
    if (wants_new_view()) propose(now);
}

Message MembershipCore::view_message(const membership_effect::Installed& installed) {
    Message m;
    m.add_string(kFieldT, kMsgMembershipView);
    m.set_hex(kFieldInstance, installed.view.instance);
    m.add_string(kFieldMembers, join(installed.view.members));
    m.add_string("joined", installed.joined.empty() ? " " : join(installed.joined));
    m.add_string("left", installed.left.empty() ? " " : join(installed.left));
    m.add_string("quorum", installed.view.quorum ? "1" : "0");
    return m;
}

}  // namespace ha::hb
