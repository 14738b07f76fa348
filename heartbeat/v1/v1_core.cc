// The v1 resource manager's state machine; doc/v1-resource-protocol.md is
// the specification (section numbers in comments refer to it).
#include "heartbeat/v1/v1_core.h"

#include <algorithm>

#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/plumb/log.h"

namespace ha::hb {

namespace {
const log::Logger& logger() {
    static const log::Logger l("v1");
    return l;
}
constexpr std::string_view kRtypeFull = "full";
constexpr std::string_view kInfoReqOurs = "req_our_resources()";
constexpr std::string_view kInfoMachDown = "mach_down";
constexpr std::string_view kInfoShutdown = "shutdown";
constexpr std::string_view kInfoStandby = "standby";
constexpr std::string_view kInfoMe = "me";
constexpr std::string_view kInfoOther = "other";
constexpr std::string_view kInfoDone = "done";

unsigned complement(unsigned set) {
    if (set == kHoldLocal) return kHoldForeign;
    if (set == kHoldForeign) return kHoldLocal;
    return set;
}
}  // namespace

const char* hold_word(unsigned hold) {
    switch (hold & kHoldAll) {
        case kHoldLocal:
            return "local";
        case kHoldForeign:
            return "foreign";
        case kHoldAll:
            return "all";
        default:
            return "none";
    }
}

unsigned hold_from_word(std::string_view word) {
    if (word == "local") return kHoldLocal;
    if (word == "foreign") return kHoldForeign;
    if (word == "all") return kHoldAll;
    return kHoldNone;
}

V1Core::V1Core(V1Config config) : cfg_(std::move(config)) {}

std::vector<std::string> V1Core::keys_of(const std::string& node) const {
    std::vector<std::string> out;
    for (const auto& g : cfg_.groups)
        if (g.node == node) out.push_back(g.key());
    return out;
}

std::vector<std::string> V1Core::other_keys() const {
    std::vector<std::string> out;
    for (const auto& g : cfg_.groups)
        if (g.node != cfg_.local_node) out.push_back(g.key());
    return out;
}

std::vector<std::string> V1Core::all_keys() const {
    std::vector<std::string> out;
    for (const auto& g : cfg_.groups)
        out.push_back(g.key());
    return out;
}

std::string V1Core::peer() const {
    return peer_name_;
}

bool V1Core::from_us(const Message& msg) const {
    return msg.get_string(kFieldSrc) == cfg_.local_node;
}

bool V1Core::stable() const {
    if (!nice()) return !job_running_ && jobs_.empty();
    if (shutting_down_ && state_ == State::kInit) return true;
    return peer_stable_ && !takeover_in_progress_ && standby_ == Standby::kNot &&
           !standby_deadline_ && !job_running_ && jobs_.empty() &&
           (state_ == State::kStable || state_ == State::kShutdown || state_ == State::kInit);
}

std::string V1Core::rsc_status() const {
    return stable() ? hold_word(held_) : "transition";
}

void V1Core::send(Message msg) {
    effects_.push_back(v1_effect::Send{std::move(msg)});
}

// HELD: `resource rsc_hold=<held> rtype=full isstable=<0|1> [info=...]`.
void V1Core::send_held(bool stable_flag, std::string_view info) {
    if (!nice()) return;
    Message m;
    m.add_string(kFieldT, kMsgResource);
    m.add_string(kFieldRscHold, hold_word(held_));
    m.add_string(kFieldRtype, kRtypeFull);
    m.add_string(kFieldIsStable, stable_flag ? "1" : "0");
    if (!info.empty()) m.add_string(kFieldInfo, info);
    send(std::move(m));
}

void V1Core::queue_job(bool take, std::vector<std::string> keys, Then then,
                       std::optional<Message> reply) {
    jobs_.push_back(Job{next_job_++, take, std::move(keys), then, std::move(reply)});
    start_next_job();
}

void V1Core::start_next_job() {
    if (job_running_ || jobs_.empty()) return;
    job_running_ = true;
    const Job& j = jobs_.front();
    effects_.push_back(v1_effect::Run{j.id, j.take, j.keys});
}

void V1Core::on_job_done(MonoTime now, uint64_t job, bool ok) {
    if (jobs_.empty() || jobs_.front().id != job) return;
    Job j = jobs_.front();
    jobs_.pop_front();
    job_running_ = false;
    for (const auto& k : j.keys) {
        if (j.take && ok) {
            owned_.insert(k);
        } else if (!j.take) {
            owned_.erase(k);
        }
    }
    if (!ok) {
        std::string keys;
        for (const auto& k : j.keys)
            keys += k + " ";
        logger().err(std::string(j.take ? "takegroup" : "givegroup") +
                     " failed for some of: " + keys);
    }
    if (j.take && !ok && nice() && !shutting_down_) {
        // As ResourceManager does: the group was stopped again; 30 s later
        // this node goes standby for it so the peer can run it. 3.0.6 always
        // asks for `foreign` ((e) 5); we ask for the failed group's kind.
        for (const auto& k : j.keys)
            for (const auto& g : cfg_.groups)
                if (g.key() == k)
                    failed_set_ |= g.node == cfg_.local_node ? kHoldLocal : kHoldForeign;
        failed_standby_at_ = now + cfg_.start_failure_standby;
    }
    switch (j.then) {
        case Then::kNothing:
            break;
        case Then::kSend:
            if (j.reply) send(std::move(*j.reply));
            break;
        case Then::kMachDown:
            // mach_down tells the peers what we took (nice mode only).
            if (nice()) {
                Message m;
                m.add_string(kFieldT, kMsgResource);
                m.add_string(kFieldRscHold, "foreign");
                m.add_string(kFieldInfo, kInfoMachDown);
                send(std::move(m));
            }
            break;
        case Then::kStandbyDone: {
            Message m;
            m.add_string(kFieldT, kMsgAskResources);
            m.add_string(kFieldRscHold, hold_word(standby_set_));
            m.add_string(kFieldInfo, kInfoDone);
            send(std::move(m));
            break;
        }
        case Then::kShutdone: {
            Message m;
            m.add_string(kFieldT, kMsgShutDone);
            m.add_string(kFieldSt, kStatusDead);
            send(std::move(m));
            break;
        }
    }
    start_next_job();
    retry_shutdown(now);
}

void V1Core::on_comm_up(MonoTime now) {
    comm_up_ = true;
    if (nice()) {
        send([] {
            Message m;
            m.add_string(kFieldT, kMsgStarting);
            return m;
        }());
        if (state_ == State::kInit) {
            state_ = State::kStarting;
            starting_since_ = now;
        }
    } else {
        req_local(now, false);  // 3.10
    }
}

void V1Core::on_node_status(MonoTime now, const std::string& node, const std::string& status) {
    if (node == cfg_.local_node) return;
    node_status_[node] = status;
    if (status == kStatusPing) return;
    if (peer_name_.empty()) peer_name_ = node;
    if (status == kStatusDead) {
        peer_name_ = node;
        node_died(now);
    }
}

// 3.6: a peer was declared dead.
void V1Core::node_died(MonoTime now) {
    if (standby_ != Standby::kNot) {
        standby_ = Standby::kNot;
        standby_deadline_.reset();
        if (!peer_stable_ && held_ == kHoldAll) peer_stable_ = true;
    }
    if (shutting_down_) {
        if (state_ != State::kStable && state_ != State::kShutdown) giveup_all(now);
        return;
    }
    needs_failback_ = true;
    bool needed = nice() ? !(peer_heard_ && peer_held_ == kHoldNone) : !peer_heard_;
    Message st;
    st.add_string(kFieldT, kMsgStonith);
    st.add_string(kFieldNode, peer_name_);
    // heartbeat-ng has no v1 STONITH device: a needed reset cannot be done.
    st.add_string(kFieldResult, needed ? "n_stnth" : "unneeded");
    send(std::move(st));
    if (needed || !nice()) {
        takeover(now);
    } else if (held_ == kHoldAll) {
        peer_stable_ = true;
    } else {
        if (!(held_ & kHoldLocal)) req_local(now, true);
        if (!(held_ & kHoldForeign)) takeover(now);
    }
    peer_heard_ = false;
}

// REQ_LOCAL: claim our own groups (announced before they run, as 3.0.6 does).
void V1Core::req_local(MonoTime now, bool force) {
    (void)now;
    if (shutting_down_) return;
    if (nice() && ((peer_held_ & kHoldForeign) || (held_ & kHoldLocal)) && !force &&
        standby_ == Standby::kNot) {
        logger().info("Local Resource acquisition completed. (none)");
        return;
    }
    held_ |= kHoldLocal;
    // Heartbeat counts `active` peers; a peer still `up` is alive too and may
    // hold our groups, so it is asked as well.
    int active_peers = 0;
    for (const auto& [n, st] : node_status_)
        if (st == kStatusActive || st == kStatusUp) ++active_peers;
    bool ask_peer = !nice() && active_peers > 0;
    for (const auto& key : keys_of(cfg_.local_node)) {
        Message m;
        if (ask_peer) {  // legacy: the holder gives it up and answers
            m.add_string(kFieldT, kMsgIpRequest);
            m.add_string(kFieldIpAddr, key);
        } else {  // a response to ourselves: the group is started when it loops back
            m.add_string(kFieldT, kMsgIpRequestResp);
            m.add_string(kFieldDest, cfg_.local_node);
            m.add_string(kFieldIpAddr, key);
            m.add_string(kFieldWeOwn, "yes");
            m.add_string(kFieldOk, "OK");
        }
        send(std::move(m));
    }
    send_held(true, kInfoReqOurs);
}

// TAKEOVER: mach_down for the peer's groups, then ours.
void V1Core::takeover(MonoTime now) {
    if (shutting_down_) return;
    std::string p = peer();
    logger().notice("Taking over resource groups of " + (p.empty() ? std::string("the peer") : p));
    std::vector<std::string> keys = p.empty() ? other_keys() : keys_of(p);
    queue_job(true, keys, Then::kMachDown);
    if (nice()) {
        held_ |= kHoldForeign;
        peer_held_ = kHoldNone;
        peer_stable_ = true;
        takeover_in_progress_ = true;
    }
    req_local(now, true);
    peer_heard_ = true;
}

// GO_STANDBY: `set` is from the standby node's point of view.
void V1Core::go_standby(MonoTime now, bool me, unsigned set) {
    (void)now;
    std::vector<std::string> keys;
    bool ours = (set == kHoldForeign) != me;  // ME: foreign -> other keys; OTHER: foreign -> ours
    if (set == kHoldAll) {
        keys = all_keys();
    } else if (ours) {
        keys = keys_of(cfg_.local_node);
    } else {
        keys = other_keys();
    }
    if (me) {
        peer_stable_ = false;
        held_ &= ~set;
        send_held(false, kInfoStandby);
        queue_job(false, keys, Then::kStandbyDone);
    } else {
        queue_job(true, keys, Then::kStandbyDone);
    }
}

// GIVEUP_ALL: the graceful release before leaving.
void V1Core::giveup_all(MonoTime now) {
    bool forced = shutdown_deadline_ && now >= *shutdown_deadline_;
    if (!stable() && !shutting_down_ && !forced) {
        if (!needs_shutdown_) {
            logger().info("Shutdown delayed until current resource activity finishes.");
            shutdown_deadline_ = now + cfg_.shutdown_wait;
        }
        needs_shutdown_ = true;
        return;
    }
    if (forced && !shutting_down_)
        logger().warning("Resource activity did not settle; shutting down anyway | " + describe());
    // A job still running finishes first; the release is queued behind it.
    needs_shutdown_ = false;
    if (shutting_down_ && held_ == kHoldNone && state_ == State::kShutdown) return;
    shutting_down_ = true;
    held_ = kHoldNone;
    state_ = State::kShutdown;
    send_held(false, kInfoShutdown);
    // Every group of haresources, whoever prefers it, in reverse order.
    std::vector<std::string> keys = all_keys();
    std::reverse(keys.begin(), keys.end());
    queue_job(false, keys, Then::kShutdone);
}

void V1Core::shutdown(MonoTime now) {
    if (!comm_up_ || state_ == State::kInit) {
        // Nothing negotiated yet: release what we may hold and leave.
        shutting_down_ = true;
        held_ = kHoldNone;
        std::vector<std::string> keys = all_keys();
        std::reverse(keys.begin(), keys.end());
        queue_job(false, keys, Then::kShutdone);
        return;
    }
    giveup_all(now);
}

void V1Core::retry_shutdown(MonoTime now) {
    if (needs_shutdown_ && (stable() || (shutdown_deadline_ && now >= *shutdown_deadline_)))
        giveup_all(now);
}

void V1Core::autofailback(MonoTime now) {
    if (shutting_down_ || !(held_ & kHoldForeign) || !needs_failback_ ||
        cfg_.mode != AutoFailback::kOn) {
        needs_failback_ = false;
        return;
    }
    if (standby_ != Standby::kNot || !peer_stable_ || state_ != State::kStable) {
        failback_retry_at_ = now + cfg_.failback_retry;
        return;
    }
    standby_set_ = kHoldForeign;
    Message m;
    m.add_string(kFieldT, kMsgAskResources);
    m.add_string(kFieldRscHold, "foreign");
    m.add_string(kFieldInfo, kInfoMe);
    send(std::move(m));
    needs_failback_ = false;
}

void V1Core::on_message(MonoTime now, const Message& msg) {
    auto type = msg.get_string(kFieldT);
    if (!type) return;
    bool ours = from_us(msg);
    if (!ours) {
        std::string src(msg.get_string(kFieldSrc).value_or(""));
        if (!src.empty()) {
            peer_heard_ = true;
            if (peer_name_.empty()) peer_name_ = src;
        }
    }
    if (*type == kMsgShutDone) {
        handle_shutdone(now, msg);
    } else if (*type == kMsgIpRequest) {
        if (!ours) handle_ip_request(msg);
    } else if (*type == kMsgIpRequestResp) {
        handle_ip_request_resp(msg);
    } else if (!nice() || !comm_up_) {
        return;  // the rest is the negotiated ("nice") protocol, after comm-up
    } else if (*type == kMsgStarting) {
        if (ours) return;
        State old = state_;
        if (state_ == State::kStarting) {
            state_ = State::kBothStarting;
        } else if (state_ == State::kInit || state_ == State::kBothStarting) {
            logger().warning("Ignoring starting message in state " +
                             std::string(state_ == State::kInit ? "INIT" : "BOTHSTARTING"));
            return;
        }
        peer_stable_ = false;
        send_held(old == State::kStable);
    } else if (*type == kMsgResource) {
        handle_resource(now, msg);
    } else if (*type == kMsgAskResources) {
        handle_standby(now, msg);
    } else if (*type == kMsgHbTakeover) {
        if (ours) return;
        // rc.d/hb_takeover: the peer asks us to go standby for the mirrored set.
        std::string_view want = msg.get_string(kFieldRscHold).value_or("all");
        unsigned set = want == "local" ? kHoldForeign : want == "foreign" ? kHoldLocal : kHoldAll;
        Message m;
        m.add_string(kFieldT, kMsgAskResources);
        m.add_string(kFieldRscHold, hold_word(set));
        m.add_string(kFieldInfo, kInfoMe);
        send(std::move(m));
    }
    retry_shutdown(now);
}

// 'Resource handling', section (b).
void V1Core::handle_resource(MonoTime now, const Message& msg) {
    auto word = msg.get_string(kFieldRscHold);
    if (!word) return;
    unsigned hold = hold_from_word(*word);
    bool full = msg.get_string(kFieldRtype) == kRtypeFull;
    State old = state_;
    if (state_ == State::kStarting || state_ == State::kBothStarting) {
        state_ = State::kRscRcvd;
    } else if (state_ == State::kInit) {
        return;
    }
    auto merge = [&](unsigned current) {
        if (full) return hold;
        return hold == kHoldNone ? kHoldNone : (current | hold);
    };
    if (!from_us(msg)) {
        peer_held_ = merge(peer_held_);
        if (auto st = msg.get_string(kFieldIsStable)) {
            if (*st == "1") {
                if (!peer_stable_) {
                    peer_stable_ = true;
                    send_held(old == State::kStable);
                    autofailback(now);
                }
            } else {
                peer_stable_ = false;
            }
        }
        if (old != State::kStable && old != State::kShutdown && peer_stable_ &&
            state_ != State::kShutdown) {
            req_local(now, false);
            state_ = State::kStable;
            send_held(true);
            autofailback(now);
        }
    } else {
        held_ = merge(held_);
        auto info = msg.get_string(kFieldInfo).value_or("");
        if (info == kInfoMachDown) {
            takeover_in_progress_ = false;
            held_ |= kHoldForeign;
            needs_failback_ = true;
            peer_stable_ = true;
        } else if (info == kInfoShutdown) {
            state_ = State::kShutdown;
        }
    }
    if (state_ == State::kRscRcvd && !local_takeover_at_)
        local_takeover_at_ = now + cfg_.rqst_delay;
}

// The standby machine, 3.7.
void V1Core::handle_standby(MonoTime now, const Message& msg) {
    if (state_ == State::kShutdown) return;
    bool ours = from_us(msg);
    unsigned set = hold_from_word(msg.get_string(kFieldRscHold).value_or("all"));
    if (!msg.get_string(kFieldRscHold)) set = kHoldAll;
    std::string_view info = msg.get_string(kFieldInfo).value_or("");
    if (info == kInfoMe && standby_deadline_ && standby_ != Standby::kNot) {
        logger().warning("Standby in progress; refusing another standby request");
        return;
    }
    switch (standby_) {
        case Standby::kNot:
            if (!peer_stable_ || state_ != State::kStable) {
                logger().info("Resources in flux: ignoring standby message");
                return;
            }
            if (info != kInfoMe) return;
            standby_set_ = set;
            peer_stable_ = false;
            if (ours) {
                standby_ = Standby::kMe;
                standby_deadline_ = now + cfg_.standby_reply;
            } else {
                standby_ = Standby::kOther;
                Message m;
                m.add_string(kFieldT, kMsgAskResources);
                m.add_string(kFieldRscHold, hold_word(set));
                m.add_string(kFieldInfo, kInfoOther);
                send(std::move(m));
                standby_deadline_ = now + cfg_.standby_transfer;
            }
            return;
        case Standby::kMe:
            if (info == kInfoOther && !ours) {
                standby_set_ = set;
                standby_deadline_ = now + cfg_.standby_transfer;
                go_standby(now, true, set);
            } else if (info == kInfoDone && ours) {
                standby_ = Standby::kDone;
                held_ &= ~standby_set_;
                standby_deadline_ = now + cfg_.standby_transfer;
            }
            return;
        case Standby::kOther:
            if (info == kInfoDone && !ours) {
                standby_set_ = set;
                standby_deadline_ = now + cfg_.standby_transfer;
                go_standby(now, false, set);
                standby_ = Standby::kDone;
            }
            return;
        case Standby::kDone:
            if (info != kInfoDone) return;
            standby_deadline_.reset();
            standby_ = Standby::kNot;
            if (ours) held_ |= complement(set);
            send_held(true);
            return;
    }
}

void V1Core::handle_shutdone(MonoTime now, const Message& msg) {
    if (from_us(msg)) {
        effects_.push_back(v1_effect::ShutdownDone{});
        return;
    }
    std::string src(msg.get_string(kFieldSrc).value_or(""));
    if (!src.empty()) peer_name_ = src;
    logger().info("Received shutdown notice from '" + src + "'.");
    if (nice() && comm_up_) {
        peer_stable_ = true;
        peer_held_ = kHoldNone;
        if (held_ != kHoldAll && !shutting_down_) {
            // As 3.0.6 does: a standby transfer whose set is read inverted
            // (mach_down below does the real takeover), see (e) 2.
            unsigned x = held_ == kHoldForeign ? kHoldLocal
                         : held_ == kHoldLocal ? kHoldForeign
                                               : kHoldAll;
            standby_ = Standby::kDone;
            go_standby(now, false, x);
        }
    }
    takeover(now);
}

// Legacy: a peer wants one of its groups back.
void V1Core::handle_ip_request(const Message& msg) {
    std::string key(msg.get_string(kFieldIpAddr).value_or(""));
    std::string src(msg.get_string(kFieldSrc).value_or(""));
    if (key.empty() || src.empty()) return;
    auto g = std::find_if(cfg_.groups.begin(), cfg_.groups.end(),
                          [&](const ResourceGroup& r) { return r.key() == key; });
    // As rc.d/ip-request: give the group up if it runs here (queued jobs
    // that will take it count as running).
    bool we_own = owned_.count(key) > 0;
    for (const auto& j : jobs_)
        if (j.take && std::find(j.keys.begin(), j.keys.end(), key) != j.keys.end()) we_own = true;
    Message m;
    m.add_string(kFieldT, kMsgIpRequestResp);
    m.add_string(kFieldDest, src);
    m.add_string(kFieldIpAddr, key);
    m.add_string(kFieldWeOwn, we_own ? "yes" : "no");
    m.add_string(kFieldOk, "OK");
    if (g != cfg_.groups.end() && we_own) {
        // The answer goes out only once the group is down here.
        unsigned bit = g->node == cfg_.local_node ? kHoldLocal : kHoldForeign;
        held_ &= ~bit;
        queue_job(false, {key}, Then::kSend, std::move(m));
    } else {
        send(std::move(m));
    }
}

void V1Core::handle_ip_request_resp(const Message& msg) {
    if (shutting_down_) return;
    if (msg.get_string(kFieldDest) != cfg_.local_node) return;
    if (msg.get_string(kFieldOk) != "OK") return;
    std::string key(msg.get_string(kFieldIpAddr).value_or(""));
    if (key.empty()) return;
    queue_job(true, {key}, Then::kNothing);
}

std::string V1Core::describe() const {
    static const char* kStates[] = {"INIT",    "STARTING", "BOTHSTARTING",
                                    "RSCRCVD", "STABLE",   "SHUTDOWN"};
    static const char* kStandby[] = {"NOT", "ME", "OTHER", "DONE"};
    return std::string("state=") + kStates[int(state_)] + " held=" + hold_word(held_) +
           " peer_held=" + hold_word(peer_held_) + " peer_stable=" + (peer_stable_ ? "1" : "0") +
           " standby=" + kStandby[int(standby_)] + " jobs=" + std::to_string(jobs_.size()) +
           " takeover=" + (takeover_in_progress_ ? "1" : "0") +
           " deadline=" + (standby_deadline_ ? "1" : "0");
}

MonoTime V1Core::next_wakeup() const {
    MonoTime t = MonoTime::max();
    if (local_takeover_at_ && state_ == State::kRscRcvd) t = std::min(t, *local_takeover_at_);
    if (starting_since_ && (state_ == State::kStarting || state_ == State::kBothStarting))
        t = std::min(t, *starting_since_ + cfg_.rqst_delay);
    if (standby_deadline_) t = std::min(t, *standby_deadline_);
    if (failback_retry_at_) t = std::min(t, *failback_retry_at_);
    if (failed_standby_at_) t = std::min(t, *failed_standby_at_);
    if (needs_shutdown_ && shutdown_deadline_) t = std::min(t, *shutdown_deadline_);
    return t;
}

void V1Core::on_tick(MonoTime now) {
    // Guard ((e) 8): a `starting` exchange that never completed.
    if (starting_since_ && (state_ == State::kStarting || state_ == State::kBothStarting) &&
        now >= *starting_since_ + cfg_.rqst_delay) {
        state_ = State::kRscRcvd;
        local_takeover_at_ = now;
    }
    if (local_takeover_at_ && state_ == State::kRscRcvd && now >= *local_takeover_at_) {
        state_ = State::kStable;
        req_local(now, false);
        send_held(true);
    }
    if (standby_deadline_ && now >= *standby_deadline_) {
        logger().warning("No reply to standby request. Standby request cancelled.");
        standby_ = Standby::kNot;
        standby_deadline_.reset();
        peer_stable_ = true;
    }
    if (failed_standby_at_ && now >= *failed_standby_at_) {
        failed_standby_at_.reset();
        if (!shutting_down_ && failed_set_ != kHoldNone) {
            logger().warning(std::string("Giving up ") + hold_word(failed_set_) +
                             " resources after a start failure (hb_standby)");
            Message m;
            m.add_string(kFieldT, kMsgAskResources);
            m.add_string(kFieldRscHold, hold_word(failed_set_));
            m.add_string(kFieldInfo, kInfoMe);
            send(std::move(m));
        }
        failed_set_ = kHoldNone;
    }
    if (failback_retry_at_ && now >= *failback_retry_at_) {
        failback_retry_at_.reset();
        autofailback(now);
    }
    retry_shutdown(now);
}

}  // namespace ha::hb
