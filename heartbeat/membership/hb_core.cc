// Packet intake and message origination of the heartbeat core; the timer
// side is in hb_core_timers.cc.
#include "heartbeat/membership/hb_core.h"

#include <algorithm>

#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/msg/msg_wire.h"
#include "heartbeat/plumb/log.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace {
const log::Logger& logger() {
    static const log::Logger l("membership");
    return l;
}
bool is_ns_type(std::string_view type) {
    return starts_with(type, kNoSeqPrefix);
}
}  // namespace

HbCore::HbCore(CoreConfig config) : cfg_(std::move(config)), rng_(cfg_.seed) {
    // Two media may share a link name (two ucast lines on one interface).
    for (const auto& l : cfg_.links) {
        auto it = std::find(link_names_.begin(), link_names_.end(), l);
        link_of_medium_.push_back(size_t(it - link_names_.begin()));
        if (it == link_names_.end()) link_names_.push_back(l);
    }
    for (const auto& name : cfg_.nodes)
        if (!find_node(name)) add_node(name);
    if (!find_node(cfg_.local_node)) add_node(cfg_.local_node);
    deleted_ = cfg_.deleted_nodes;
    if (cfg_.autojoin != Autojoin::kNone) {
        for (const auto& c : cfg_.cached_nodes) {
            if (is_deleted(c.name) || c.name == cfg_.local_node) continue;
            Node* n = find_node(c.name);
            if (!n) n = &add_node(c.name);
            if (!c.uuid.empty()) n->uuid = c.uuid;
            n->weight = c.weight;
            n->site = c.site;
        }
    }
    for (const auto& d : deleted_) {
        auto it = std::find_if(nodes_.begin(), nodes_.end(),
                               [&](const Node& n) { return n.name == d.name; });
        if (it != nodes_.end() && it->name != cfg_.local_node) nodes_.erase(it);
    }
    for (const auto& name : cfg_.ping_nodes) {
        if (find_node(name)) continue;
        Node& n = add_node(name);
        n.ping = true;
        n.links.assign(1, Link{});
    }
    Node* self = find_node(cfg_.local_node);
    self->uuid = cfg_.local_uuid;
    self->generation = cfg_.generation;
}

HbCore::Node& HbCore::add_node(const std::string& name) {
    Node n;
    n.name = to_lower(name);
    n.links.resize(link_names_.size());
    n.ack_trigger = static_cast<int>(rng_() % 10);
    nodes_.push_back(std::move(n));
    return nodes_.back();
}

HbCore::Node* HbCore::find_node(std::string_view name) {
    for (auto& n : nodes_)
        if (iequals(n.name, name)) return &n;
    return nullptr;
}

const HbCore::Node* HbCore::find_node(std::string_view name) const {
    for (const auto& n : nodes_)
        if (iequals(n.name, name)) return &n;
    return nullptr;
}

HbCore::Node* HbCore::find_node_by_uuid(std::string_view uuid) {
    if (uuid.empty()) return nullptr;
    for (auto& n : nodes_)
        if (n.uuid == uuid) return &n;
    return nullptr;
}

void HbCore::start(const Instant& now) {
    started_ = true;
    start_time_ = now.mono;
    Node* self = find_node(cfg_.local_node);
    self->heard = true;
    self->last_heard = now.mono;
    // Heartbeat announces itself with init, then up twice, back to back.
    local_status_ = std::string(kStatusInit);
    send_status(now);
    local_status_ = std::string(kStatusUp);
    send_status(now);
    send_status(now);
    next_status_ = now.mono + cfg_.keepalive;
    check_comm_up(now);
}

void HbCore::stop() {
    stopped_ = true;
}

void HbCore::on_packet(const Instant& now, int link, std::string_view bytes) {
    ++counters_.packets_in;
    auto packet = decode_packet(bytes);
    if (!packet) {
        ++counters_.bad_packets;
        if (cfg_.log_badpack)
            logger().warning("Dropping malformed packet | link=" +
                             (link >= 0 && size_t(link) < cfg_.links.size() ? cfg_.links[link]
                                                                            : std::string("?")) +
                             " error=" + packet.status().to_string());
        return;
    }
    AuthCheck auth = verify_packet(*packet, cfg_.auth);
    if (!auth.ok()) {
        ++counters_.bad_auth;
        if (cfg_.log_badpack)
            logger().warning("Dropping packet that failed authentication | " + auth.reason);
        return;
    }
    auto msg = open_packet(*packet);
    if (!msg) {
        ++counters_.bad_packets;
        if (cfg_.log_badpack)
            logger().warning("Dropping undecodable packet | error=" + msg.status().to_string());
        return;
    }
    process(now, link, std::move(*msg));
}

void HbCore::on_ping_reply(const Instant& now, std::string_view ping_node) {
    Node* n = find_node(ping_node);
    if (!n || !n->ping) return;
    n->heard = true;
    n->last_heard = now.mono;
    Link& l = n->links.front();
    l.last_heard = now.mono;
    if (l.status != "up") {
        l.status = "up";
        logger().info("Link " + n->name + ":" + n->name + " up.");
        effects_.push_back(effect::LinkStatus{n->name, n->name, "up"});
    }
    set_status(*n, std::string(kStatusPing));
    check_comm_up(now);
}

bool HbCore::is_deleted(std::string_view name) const {
    return std::any_of(deleted_.begin(), deleted_.end(),
                       [&](const CachedNode& d) { return iequals(d.name, name); });
}

void HbCore::apply_control(const Instant& now, const Message& msg, std::string_view type) {
    if (type == kMsgSetWeight || type == kMsgSetSite) {
        Node* target = find_node(msg.get_string(kFieldNode).value_or(""));
        if (!target) return;
        if (type == kMsgSetWeight) {
            if (auto w = msg.get_int(kFieldWeight)) target->weight = static_cast<int>(*w);
        } else {
            target->site = std::string(msg.get_string(kFieldSite).value_or(""));
        }
        effects_.push_back(effect::NodesChanged{});
    } else if (type == kMsgAddNode) {
        bool changed = false;
        for (const auto& name : split_tokens(msg.get_string(kFieldNodeList).value_or(""))) {
            std::string lower = to_lower(name);
            auto d = std::find_if(deleted_.begin(), deleted_.end(),
                                  [&](const CachedNode& c) { return c.name == lower; });
            if (d != deleted_.end()) deleted_.erase(d);
            if (find_node(lower)) continue;
            add_node(lower);
            logger().notice("Node " + lower + " added to the cluster (addnode)");
            changed = true;
        }
        if (changed) {
            effects_.push_back(effect::NodesChanged{});
            check_comm_up(now);
        }
    } else if (type == kMsgDelNode) {
        delete_nodes(now, split_tokens(msg.get_string(kFieldNodeList).value_or("")));
    }
}

void HbCore::delete_nodes(const Instant& now, const std::vector<std::string>& names) {
    // Heartbeat deletes only dead nodes, and only while every other normal
    // node is up: a partitioned cluster must not shrink itself.
    std::set<std::string> doomed;
    for (const auto& name : names)
        doomed.insert(to_lower(name));
    for (const auto& n : nodes_) {
        if (n.ping) continue;
        bool deleting = doomed.count(n.name) > 0;
        std::string st = is_local(n) ? local_status_ : n.status;
        if (deleting && !is_local(n) && st != kStatusDead) {
            logger().err("delnode refused: node " + n.name + " is not dead");
            return;
        }
        if (!deleting && st != kStatusUp && st != kStatusActive) {
            logger().err("delnode refused: node " + n.name + " is " + st);
            return;
        }
    }
    for (const auto& name : doomed) {
        auto it = std::find_if(nodes_.begin(), nodes_.end(),
                               [&](const Node& n) { return n.name == name && !n.ping; });
        if (it == nodes_.end()) continue;
        if (is_local(*it)) {
            logger().crit("We were deleted from the cluster (delnode); shutting down");
            effects_.push_back(effect::Shutdown{"deleted from the cluster"});
            continue;
        }
        deleted_.push_back(CachedNode{it->name, it->uuid, it->weight, it->site});
        logger().notice("Node " + it->name + " deleted from the cluster (delnode)");
        nodes_.erase(it);
    }
    effects_.push_back(effect::NodesChanged{});
    check_comm_up(now);
}

std::vector<CachedNode> HbCore::host_cache() const {
    std::vector<CachedNode> out;
    for (const auto& n : nodes_)
        if (!n.ping) out.push_back(CachedNode{n.name, n.uuid, n.weight, n.site});
    return out;
}

bool HbCore::addressed_to_us(const Message& msg) const {
    // destuuid takes precedence over dest.
    if (auto du = msg.get_binary(kFieldDestUuid); du && du->size() == cfg_.local_uuid.size())
        return *du == cfg_.local_uuid;
    if (auto d = msg.get_string(kFieldDest)) return iequals(*d, cfg_.local_node);
    return true;
}

void HbCore::mark_link_heard(const Instant& now, Node& n, int medium) {
    if (medium < 0 || size_t(medium) >= link_of_medium_.size()) return;
    size_t idx = link_of_medium_[size_t(medium)];
    Link& l = n.links[idx];
    l.last_heard = now.mono;
    if (l.status != "up") {
        l.status = "up";
        logger().info("Link " + n.name + ":" + link_names_[idx] + " up.");
        effects_.push_back(effect::LinkStatus{n.name, link_names_[idx], "up"});
    }
}

void HbCore::set_status(Node& n, std::string status) {
    if (n.status == status) return;
    std::string old = std::exchange(n.status, status);
    logger().info("Status update for node " + n.name + ": status " + status);
    effects_.push_back(effect::NodeStatus{n.name, old, n.status});
}

void HbCore::process(const Instant& now, int link, Message msg) {
    auto type_field = msg.get_string(kFieldT);
    auto src_field = msg.get_string(kFieldSrc);
    if (!type_field || !src_field) {
        ++counters_.bad_packets;
        return;
    }
    std::string type(*type_field);
    std::string src = to_lower(*src_field);
    std::string uuid(msg.get_binary(kFieldSrcUuid).value_or(""));
    if (type != kMsgStatus && logger().enabled(log::Level::kTrace))
        logger().log(log::Level::kTrace, "Received " + type + " from " + src);

    // Our own packets coming back through a medium: they only prove the link.
    if (src == cfg_.local_node && (uuid.empty() || uuid == cfg_.local_uuid)) {
        mark_link_heard(now, *find_node(cfg_.local_node), link);
        return;
    }
    Node* from = find_node_by_uuid(uuid);
    if (!from) from = find_node(src);
    if (from && from->ping) return;  // a ping node never speaks heartbeat
    if (!from) {
        ++counters_.unknown_node;
        if (cfg_.autojoin == Autojoin::kNone || is_deleted(src)) {
            if (cfg_.log_badpack)
                logger().err("Dropping message from node " + src + " that is not in ha.cf" +
                             " | type=" + type);
            return;
        }
        from = &add_node(src);
        logger().notice("Node " + src + " joined the cluster (autojoin)");
        effects_.push_back(effect::NodesChanged{});
    }
    if (!uuid.empty() && from->uuid != uuid) {
        if (!from->uuid.empty()) logger().info("Node " + src + " changed its uuid");
        from->uuid = uuid;
        effects_.push_back(effect::NodesChanged{});
    }
    if (from->name != src && !src.empty()) {
        logger().notice("Node " + from->name + " renamed to " + src);
        from->name = src;
    }

    // Generations: a lower one is a replay; a higher one is a restart.
    auto hg = msg.get_hex(kFieldHg);
    if (!hg) {
        ++counters_.bad_packets;
        return;
    }
    if (*hg < from->generation) {
        ++counters_.replays;
        if (logger().enabled(log::Level::kDebug))
            logger().debug("Replay from an older generation of " + from->name + ": " + type);
        return;
    }
    if (*hg > from->generation) {
        if (from->generation != 0) logger().info("Heartbeat restart on node " + from->name);
        from->generation = *hg;
        flush_held(*from);
        from->seq.reset();
        from->rexmit_due.clear();
        from->have_status = false;
        from->advertised_dt.reset();
        from->acked = 0;
        from->shutdown_generation.reset();
    }
    mark_link_heard(now, *from, link);
    from->heard = true;
    from->last_heard = now.mono;

    if (is_ns_type(type)) {
        if (!addressed_to_us(msg)) return;
        process_ns(now, *from, msg, type);
        return;
    }

    auto seq = msg.get_hex(kFieldSeq);
    if (!seq || *seq == 0) {
        ++counters_.bad_packets;
        logger().debug("Dropping " + type + " from " + from->name + " without a valid seq");
        return;
    }
    SeqTracker::Verdict v = from->seq.on_seq(*seq);
    if (v == SeqTracker::Verdict::kDuplicate) {
        ++counters_.duplicates;
        if (logger().enabled(log::Level::kDebug))
            logger().debug("Duplicate " + type + " from " + from->name + " seq " + to_hex(*seq));
        return;
    }
    from->rexmit_due.erase(*seq);
    if (v == SeqTracker::Verdict::kReset) {
        from->rexmit_due.clear();
        flush_held(*from);
    }
    schedule_missing(now, *from);
    if (v == SeqTracker::Verdict::kAccept) maybe_ack(now, *from, *seq);

    if (!addressed_to_us(msg)) {
        if (logger().enabled(log::Level::kDebug))
            logger().debug("Not for us: " + type + " from " + from->name);
        deliver_in_order(*from, *seq, std::nullopt);
        return;
    }
    if (type == kMsgStatus) {
        process_status(now, *from, msg);
    } else if (type == kMsgReqNodes) {
        process_reqnodes(now, *from);
    } else if (type == kMsgRepNodes) {
        process_repnodes(now, msg);
    } else if (type == kMsgShutDone) {
        logger().info("Node " + from->name + " is shutting down (shutdone)");
        from->shutdown_generation = from->generation;
        set_status(*from, std::string(kStatusDead));
    } else {
        apply_control(now, msg, type);
    }
    deliver_in_order(*from, *seq, std::move(msg));
}

// Clients get each sender's messages in the order it sent them: a message
// after a gap waits until the gap is filled, given up (NS_nak_rexmit, a
// reset), or the sender dies or restarts. Heartbeat 3.0.6 hands them over in
// arrival order instead; the wire is the same either way.
void HbCore::deliver_in_order(Node& from, uint64_t seq, std::optional<Message> msg) {
    if (from.delivered_through == 0) from.delivered_through = seq - 1;
    if (seq <= from.delivered_through) {
        // Filled after we had given up on it: late, but not lost.
        if (msg) {
            ++counters_.delivered;
            effects_.push_back(effect::Deliver{std::move(*msg)});
        }
        return;
    }
    from.held.emplace(seq, std::move(msg));
    while (!from.held.empty() && from.held.begin()->first == from.delivered_through + 1) {
        auto node = from.held.extract(from.held.begin());
        from.delivered_through = node.key();
        if (node.mapped()) {
            ++counters_.delivered;
            effects_.push_back(effect::Deliver{std::move(*node.mapped())});
        }
    }
}

// Delivers everything held for a sender, in order, and restarts ordering.
void HbCore::flush_held(Node& n) {
    for (auto& [seq, msg] : n.held) {
        if (msg) {
            ++counters_.delivered;
            effects_.push_back(effect::Deliver{std::move(*msg)});
        }
    }
    n.held.clear();
    n.delivered_through = 0;
}

void HbCore::skip_seq(Node& n, uint64_t seq) {
    if (n.delivered_through == 0 || seq <= n.delivered_through) return;
    deliver_in_order(n, seq, std::nullopt);
}

void HbCore::process_status(const Instant& now, Node& from, const Message& msg) {
    std::string st(msg.get_string(kFieldSt).value_or(""));
    if (st.empty()) return;
    if (from.shutdown_generation && *from.shutdown_generation == from.generation) return;
    if (auto dt = msg.get_hex(kFieldDt); dt && *dt > 0) from.advertised_dt = Millis(*dt);
    if (from.have_status) {
        Millis gap = std::chrono::duration_cast<Millis>(now.mono - from.last_status);
        if (gap > cfg_.warntime)
            logger().warning("Late heartbeat: Node " + from.name + ": interval " +
                             std::to_string(gap.count()) + " ms");
    }
    from.have_status = true;
    from.last_status = now.mono;
    if (st == kStatusDead) {
        set_status(from, st);
        return;
    }
    set_status(from, st);
    check_comm_up(now);
}

void HbCore::process_ns(const Instant& now, Node& from, const Message& msg, std::string_view type) {
    if (type == kMsgNsRexmit) {
        process_rexmit_request(now, from, msg);
    } else if (type == kMsgNsAckMsg) {
        if (auto a = msg.get_hex(kFieldAckSeq); a && *a > from.acked && *a < next_seq_)
            from.acked = *a;
    } else if (type == kMsgNsNakRexmit) {
        if (auto s = msg.get_hex(kFieldFirstSeq); s && from.seq.forget(*s)) {
            skip_seq(from, *s);
            from.rexmit_due.erase(*s);
            ++counters_.lost;
            logger().err("Irretrievably lost packet: node " + from.name + " seq " + to_hex(*s));
        }
    } else if (type == kMsgNsStatus) {
        process_status(now, from, msg);
    }
}

void HbCore::process_rexmit_request(const Instant& now, Node& from, const Message& msg) {
    auto first = msg.get_int(kFieldFirstSeq);
    auto last = msg.get_int(kFieldLastSeq);
    if (!first || !last || *first <= 0 || *last < *first) return;
    int served = 0;
    for (uint64_t s = uint64_t(*first); s <= uint64_t(*last) && served < kMaxRexmitPerRequest;
         ++s, ++served) {
        if (s <= from.acked) continue;
        if (s >= next_seq_) {
            logger().warning("Node " + from.name + " asked for seq " + std::to_string(s) +
                             " that we have not sent yet");
            break;
        }
        auto it = history_.find(s);
        if (it == history_.end()) {
            bool too_low = history_.empty() || s < history_.begin()->first;
            Message nak;
            nak.add_string(kFieldT, kMsgNsNakRexmit);
            nak.add_string(kFieldDest, from.name);
            nak.set_hex(kFieldFirstSeq, s);
            nak.add_string(kFieldInfo, too_low ? "seqno too low" : "seqno not found");
            ++counters_.naks_sent;
            send_ns(now, std::move(nak));
            continue;
        }
        Sent& sent = it->second;
        if (sent.last_resent && now.mono - *sent.last_resent < cfg_.max_rexmit_delay - Millis(10))
            continue;
        sent.last_resent = now.mono;
        EncodeOptions opts;
        opts.inner_auth = cfg_.inner_auth;
        auto bytes = encode_packet(sent.msg, &cfg_.auth, opts);
        if (!bytes) continue;
        ++counters_.rexmits_sent;
        effects_.push_back(effect::Send{std::move(*bytes), sent.msg});
    }
}

void HbCore::process_reqnodes(const Instant& now, Node& from) {
    Message rep;
    rep.add_string(kFieldDest, from.name);
    rep.add_string(kFieldT, kMsgRepNodes);
    std::string list;
    for (const auto& n : nodes_)
        if (!n.ping) list += n.name + " ";
    rep.add_string(kFieldNodeList, list);
    rep.add_string(kFieldDelNodeList, " ");  // an empty value cannot be sent
    emit(now, std::move(rep), true);
}

void HbCore::process_repnodes(const Instant& now, const Message& msg) {
    if (auto list = msg.get_string(kFieldNodeList); list && cfg_.autojoin != Autojoin::kNone) {
        for (const auto& name : split_tokens(*list))
            if (!find_node(name)) add_node(name);
    }
    if (awaiting_repnodes_) {
        awaiting_repnodes_ = false;
        finish_comm_up(now);
    }
}

void HbCore::maybe_ack(const Instant& now, Node& from, uint64_t seq) {
    if (seq % 10 != uint64_t(from.ack_trigger) || !from.seq.complete_through(seq)) return;
    Message ack;
    ack.add_string(kFieldT, kMsgNsAckMsg);
    ack.add_string(kFieldDest, from.name);
    ack.set_hex(kFieldAckSeq, seq);
    send_ns(now, std::move(ack));
}

void HbCore::schedule_missing(const Instant& now, Node& from) {
    long long max_ms = cfg_.max_rexmit_delay.count();
    long long lo = max_ms < 100 ? 0 : 50;
    for (uint64_t s : from.seq.missing()) {
        if (from.rexmit_due.count(s)) continue;
        std::uniform_int_distribution<long long> d(lo, std::max(lo, max_ms));
        from.rexmit_due[s] = now.mono + Millis(d(rng_));
    }
}

void HbCore::add_standard_fields(const Instant& now, Message& msg, bool sequenced) {
    bool ns = !sequenced;
    auto put = [&](std::string_view name, auto setter) {
        if (ns && msg.has(name)) return;  // relayed NS_ messages keep their fields
        setter();
    };
    if (auto dest = msg.get_string(kFieldDest); dest && !msg.has(kFieldDestUuid)) {
        if (const Node* d = find_node(*dest); d && !d->uuid.empty())
            msg.add_binary(kFieldDestUuid, d->uuid);
    }
    put(kFieldSrc, [&] { msg.set_string(kFieldSrc, cfg_.local_node); });
    put(kFieldSrcUuid, [&] { msg.set_binary(kFieldSrcUuid, cfg_.local_uuid); });
    if (sequenced) msg.set_hex(kFieldSeq, next_seq_++);
    put(kFieldHg, [&] { msg.set_hex(kFieldHg, cfg_.generation); });
    put(kFieldTs, [&] { msg.set_hex(kFieldTs, uint64_t(now.unix_seconds)); });
    if (sequenced) msg.set_string(kFieldLd, load_average_);
    put(kFieldTtl, [&] { msg.set_int(kFieldTtl, int64_t(nodes_.size()) + cfg_.hopfudge); });
}

std::optional<Message> HbCore::emit(const Instant& now, Message msg, bool sequenced) {
    add_standard_fields(now, msg, sequenced);
    // msgfmt classic: the inner signature, last, unless nested fields forbid it.
    bool nested = std::any_of(msg.fields().begin(), msg.fields().end(), [](const Field& f) {
        return f.is_nested() || f.type == FieldType::kCompressed;
    });
    if (cfg_.inner_auth && !nested) (void)sign_inner(msg, cfg_.auth);
    EncodeOptions opts;
    opts.inner_auth = false;
    auto bytes = encode_packet(msg, &cfg_.auth, opts);
    if (!bytes) {
        logger().err("Cannot send message: " + bytes.status().to_string());
        return std::nullopt;
    }
    if (sequenced) {
        uint64_t seq = *msg.get_hex(kFieldSeq);
        history_[seq] = Sent{msg, std::nullopt};
        while (history_.size() > kHistory)
            history_.erase(history_.begin());
    }
    effects_.push_back(effect::Send{std::move(*bytes), msg});
    return msg;
}

void HbCore::send_ns(const Instant& now, Message msg) {
    emit(now, std::move(msg), false);
}

Status HbCore::send(const Instant& now, Message msg) {
    auto type = msg.get_string(kFieldT);
    if (!type || type->empty()) return invalid("message has no type field 't'");
    bool sequenced = !is_ns_type(*type);
    std::string type_name(*type);
    auto sent = emit(now, std::move(msg), sequenced);
    if (!sent) return Status(ErrorCode::kInvalid, "message could not be encoded");
    if (sequenced && addressed_to_us(*sent)) {
        // Our own node-table messages apply here as well as at the peers.
        apply_control(now, *sent, type_name);
        // Local clients see our own cluster messages, once, as heartbeat does.
        ++counters_.delivered;
        effects_.push_back(effect::Deliver{std::move(*sent)});
    }
    return Status::ok();
}

std::vector<std::string> HbCore::node_names() const {
    std::vector<std::string> out;
    for (const auto& n : nodes_)
        out.push_back(n.name);
    return out;
}

std::optional<std::string> HbCore::node_status(std::string_view node) const {
    if (const Node* n = find_node(node)) return is_local(*n) ? local_status_ : n->status;
    return std::nullopt;
}

std::optional<std::string> HbCore::link_status(std::string_view node, std::string_view link) const {
    const Node* n = find_node(node);
    if (!n) return std::nullopt;
    if (n->ping) {
        if (link != n->name) return std::nullopt;
        return n->links.front().status == "up" ? std::string("up") : std::string("dead");
    }
    for (size_t i = 0; i < link_names_.size(); ++i) {
        if (link_names_[i] != link) continue;
        // A link never heard from is reported dead, as heartbeat does.
        return n->links[i].status == "up" ? std::string("up") : std::string("dead");
    }
    return std::nullopt;
}

std::vector<std::string> HbCore::links_of(std::string_view node) const {
    const Node* n = find_node(node);
    if (!n) return {};
    if (n->ping) return {n->name};
    return link_names_;
}

std::optional<std::string> HbCore::node_uuid(std::string_view node) const {
    if (const Node* n = find_node(node)) return n->uuid;
    return std::nullopt;
}

std::optional<std::string> HbCore::node_type(std::string_view node) const {
    if (const Node* n = find_node(node)) return std::string(n->ping ? "ping" : "normal");
    return std::nullopt;
}

std::optional<int> HbCore::node_weight(std::string_view node) const {
    if (const Node* n = find_node(node)) return n->weight;
    return std::nullopt;
}

std::optional<std::string> HbCore::node_site(std::string_view node) const {
    if (const Node* n = find_node(node)) return n->site;
    return std::nullopt;
}

bool HbCore::flow_blocked() const {
    uint64_t highest = next_seq_ - 1;
    int alive = 0;
    uint64_t min_acked = highest;
    for (const auto& n : nodes_) {
        if (is_local(n) || n.ping || n.status == kStatusDead || n.status == kStatusInit) continue;
        ++alive;
        min_acked = std::min(min_acked, n.acked);
    }
    return alive > 0 && highest - min_acked > kFlowWindow;
}

}  // namespace ha::hb
