// ApiHandler: client lifecycle (sign-on, authorisation, sign-off,
// disconnect), client-originated cluster messages and delivery of cluster
// events to clients. The query ops are in api_queries.cc.
#include "heartbeat/client/api_handler.h"

#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/plumb/log.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace {

const log::Logger& logger() {
    static const log::Logger l("hb");
    return l;
}

constexpr size_t kMaxClientId = 31;  // heartbeat's client_id[32]
constexpr std::string_view kDefaultAuth = "default";

bool valid_client_id(std::string_view id) {
    if (id.empty() || id.size() > kMaxClientId) return false;
    for (unsigned char ch : id)
        if (ch <= ' ' || ch >= 0x7f) return false;
    return true;
}

}  // namespace

ApiHandler::ApiHandler(const ClusterView& view, std::vector<ApiAuth> apiauth, Options options)
    : view_(view), apiauth_(std::move(apiauth)), options_(std::move(options)) {}

bool ApiHandler::is_signed_on(ClientId client) const {
    auto it = clients_.find(client);
    return it != clients_.end() && it->second.signed_on;
}

std::optional<std::string> ApiHandler::client_id(ClientId client) const {
    auto it = clients_.find(client);
    if (it == clients_.end() || !it->second.signed_on) return std::nullopt;
    return it->second.id;
}

bool ApiHandler::has_client(std::string_view id) const {
    for (const auto& [cid, c] : clients_)
        if (c.signed_on && c.id == id) return true;
    return false;
}

ApiEffects ApiHandler::on_connect(ClientId client, ClientCred cred) {
    Client c;
    c.cred = cred;
    clients_[client] = std::move(c);
    return {};
}

ApiEffects ApiHandler::on_frame(ClientId client, std::string_view payload) {
    auto msg = decode_api_message(payload);
    if (!msg) {
        logger().warning("Dropping API client " + std::to_string(client) +
                         ": undecodable message | " + msg.status().to_string());
        ApiEffects out = remove(client, "badmsg", false);
        out.push_back(api_effect::CloseClient{client, "undecodable message"});
        return out;
    }
    return on_request(client, *msg);
}

ApiEffects ApiHandler::on_request(ClientId client, const Message& msg) {
    auto it = clients_.find(client);
    if (it == clients_.end()) it = clients_.emplace(client, Client{}).first;  // no on_connect
    Client& c = it->second;
    if (!c.signed_on) return signon(client, c, msg);
    if (msg.get_string(kFieldT) != std::optional<std::string_view>(kMsgApiRequest))
        return client_message(client, c, msg);
    return request(client, c, msg);
}

ApiEffects ApiHandler::on_disconnect(ClientId client) {
    return remove(client, "EOF", false);
}

ApiEffects ApiHandler::signon(ClientId cid, Client& c, const Message& msg) {
    ApiEffects out;
    auto refuse = [&](const std::string& reason) {
        logger().warning("API client " + printable(c.id.empty() ? "?" : c.id) + " pid " +
                         std::to_string(c.pid) + " refused: " + reason);
        out.push_back(api_effect::Reply{cid, make_api_failure(kApiSignon, kApiFail, reason)});
        out.push_back(api_effect::CloseClient{cid, reason});
        clients_.erase(cid);
        return out;
    };
    auto req = parse_api_request(msg);
    if (!req) return refuse("bad message: " + req.status().message());
    if (req->op != kApiSignon) return refuse("not signed on");
    auto pid = parse_int(req->pid.value_or(""));
    if (!pid || *pid <= 0) return refuse("bad pid");
    c.pid = static_cast<long>(*pid);
    if (req->from_id) {
        c.id = *req->from_id;
        auto as_number = parse_int(c.id);
        c.casual = as_number && *as_number == *pid;
    } else {
        c.id = std::to_string(*pid);
        c.casual = true;
    }
    if (!valid_client_id(c.id)) return refuse("invalid client id");
    if (c.cred.pid > 0 && c.cred.pid != static_cast<pid_t>(*pid)) return refuse("pid mismatch");
    auto uid = parse_int(msg.get_string(kFieldUid).value_or(""));
    auto gid = parse_int(msg.get_string(kFieldGid).value_or(""));
    if (!uid || !gid) return refuse("invalid id info");
    if (static_cast<uid_t>(*uid) != c.cred.uid || static_cast<gid_t>(*gid) != c.cred.gid)
        return refuse("incorrect/false credentials");
    if (has_client(c.id)) return refuse("duplicate add request");
    if (std::string why = authorize(c); !why.empty()) return refuse(why);

    c.signed_on = true;
    c.client_gen = next_client_gen_++;
    // Status tools come and go all the time: casual clients only at debug level.
    logger().log(c.casual ? log::Level::kDebug : log::Level::kInfo,
                 "Signing on API client " + std::to_string(c.pid) + " (" +
                     (c.casual ? std::string("'casual'") : c.id) + ")");
    SignonInfo info;
    info.deadtime = view_.deadtime();
    info.keepalive = view_.keepalive();
    info.node = view_.local_node();
    info.log_facility = view_.log_facility();
    out.push_back(api_effect::Reply{cid, make_signon_reply(info)});
    if (!c.casual) {
        out.push_back(api_effect::SendToCluster{make_client_status_notice(
            c.id, kClientJoin, view_.local_node(), kApiSignon, c.client_gen)});
    }
    return out;
}

std::string ApiHandler::authorize(const Client& c) const {
    // Heartbeat 3.0.6 lets casual clients (status tools) in whoever runs them
    // (verified: cl_status as uid nobody signs on).
    if (c.casual) return "";
    const ApiAuth* entry = nullptr;
    const ApiAuth* fallback = nullptr;
    for (const ApiAuth& a : apiauth_) {
        if (a.client == c.id && !entry) entry = &a;
        if (a.client == kDefaultAuth && !fallback) fallback = &a;
    }
    if (!entry) entry = fallback;
    if (!entry) return "no default client auth";
    if (!matches(*entry, c.cred)) return "client failed authorization";
    return "";
}

bool ApiHandler::matches(const ApiAuth& auth, const ClientCred& cred) const {
    for (const std::string& u : auth.uids) {
        std::optional<uid_t> id;
        if (auto n = parse_int(u); n && *n >= 0) {
            id = static_cast<uid_t>(*n);
        } else if (options_.resolve_user) {
            id = options_.resolve_user(u);
        }
        if (id && *id == cred.uid) return true;
    }
    for (const std::string& g : auth.gids) {
        std::optional<gid_t> id;
        if (auto n = parse_int(g); n && *n >= 0) {
            id = static_cast<gid_t>(*n);
        } else if (options_.resolve_group) {
            id = options_.resolve_group(g);
        }
        if (id && *id == cred.gid) return true;
    }
    return false;
}

ApiEffects ApiHandler::request(ClientId cid, Client& c, const Message& msg) {
    ApiEffects out;
    auto req = parse_api_request(msg);
    if (!req) {
        std::string op(msg.get_string(kFieldReqType).value_or(""));
        out.push_back(
            api_effect::Reply{cid, make_api_failure(op, kApiBadReq, req.status().message())});
        return out;
    }
    if ((req->from_id && *req->from_id != c.id) ||
        (req->pid && parse_int(*req->pid) != std::optional<int64_t>(c.pid))) {
        logger().err("API client " + printable(c.id) + ": client mismatch (impersonation?)");
        out.push_back(api_effect::Reply{cid, make_api_failure(req->op, kApiBadReq, "EINVAL")});
        return out;
    }
    const std::string& op = req->op;
    if (op == kApiSignoff) return remove(cid, kApiSignoff, true);
    if (op == kApiSetFilter) {
        auto mask = parse_hex(msg.get_string(kFieldFilterMask).value_or(""));
        if (!mask || (*mask & kAllTreatments) == 0 || *mask > 0xffffffffu) {
            out.push_back(api_effect::Reply{cid, make_api_failure(op, kApiBadReq, "EINVAL")});
            return out;
        }
        bool wants_debug = (*mask & kDebugTreatments) != 0;
        if (wants_debug && (c.filter & kDebugTreatments) == 0 && c.cred.uid != 0 &&
            c.cred.uid != options_.daemon_uid) {
            out.push_back(api_effect::Reply{cid, make_api_failure(op, kApiBadReq, "EPERM")});
            return out;
        }
        c.filter = static_cast<unsigned>(*mask) & kAllTreatments;
        out.push_back(api_effect::Reply{cid, make_api_reply(op, kApiOk)});
        return out;
    }
    if (op == kApiSetSignal) {
        // Recorded only: our clients poll their socket; we never signal them.
        auto signo = parse_int(msg.get_string(kFieldSignal).value_or(""));
        if (!signo || *signo < 0 || *signo == 9 || *signo == 19 || *signo >= 32) {
            out.push_back(api_effect::Reply{cid, make_api_failure(op, kApiBadReq, "EINVAL")});
            return out;
        }
        c.signal = static_cast<int>(*signo);
        out.push_back(api_effect::Reply{cid, make_api_reply(op, kApiOk)});
        return out;
    }
    if (op == kApiSetSendQLen) {
        // Heartbeat answers nothing to this one.
        auto len = parse_int(msg.get_string(kFieldSendQLen).value_or(""));
        if (!len || *len <= 0 || *len > 1000000) {
            logger().err("API client " + printable(c.id) + ": invalid sendqlen");
            return out;
        }
        c.send_queue_length = static_cast<int>(*len);
        return out;
    }
    if (op == kApiClientStatus) {
        clientstatus(out, cid, c, msg);
        return out;
    }
    answer_query(out, cid, c, op, msg);
    return out;
}

ApiEffects ApiHandler::client_message(ClientId cid, Client& c, Message msg) {
    if (c.casual) {
        // Casual clients may listen and ask, not talk (heartbeat: "badclient").
        logger().info("API client " + printable(c.id) + ": general message from casual client");
        ApiEffects out = remove(cid, "badclient", false);
        out.push_back(api_effect::CloseClient{cid, "casual clients cannot send messages"});
        return out;
    }
    auto type = msg.get_string(kFieldT);
    if (!type || type->empty() || is_no_seq_type(*type) || *type == kMsgStatus ||
        *type == kMsgApiResponse) {
        logger().warning("API client " + printable(c.id) + ": dropping message of type '" +
                         printable(type.value_or("")) + "'");
        return {};
    }
    // Heartbeat marks the sender and confines delivery to clients of the same
    // name on every node (to_id), a deliberate 3.0.6 restriction.
    msg.set_string(kFieldFromId, c.id);
    msg.set_string(kFieldToId, c.id);
    msg.set_string(kFieldClientGen, std::to_string(c.client_gen));
    return {api_effect::SendToCluster{std::move(msg)}};
}

ApiEffects ApiHandler::remove(ClientId cid, std::string_view reason, bool tell_client) {
    auto it = clients_.find(cid);
    if (it == clients_.end()) return {};
    ApiEffects out;
    Client& c = it->second;
    for (const auto& [req, p] : c.pending)
        out.push_back(api_effect::CancelTimer{cid, req});
    if (c.signed_on) {
        logger().log(c.casual ? log::Level::kDebug : log::Level::kInfo,
                     "API client " + std::to_string(c.pid) + " (" +
                         (c.casual ? std::string("'casual'") : c.id) +
                         ") leaves: " + std::string(reason));
    }
    if (c.signed_on && !c.casual) {
        Message notice =
            make_client_status_notice(c.id, kClientLeave, view_.local_node(), reason, c.client_gen);
        if (tell_client) out.push_back(api_effect::Reply{cid, notice});
        out.push_back(api_effect::SendToCluster{std::move(notice)});
    }
    if (tell_client) out.push_back(api_effect::CloseClient{cid, std::string(reason)});
    clients_.erase(it);
    return out;
}

ApiEffects ApiHandler::on_cluster_message(const Message& msg, unsigned treatment) {
    ApiEffects out;
    auto type = msg.get_string(kFieldT);
    if (!type) return out;
    // Status heartbeats reach clients as status changes (on_node_status).
    if ((*type == kMsgStatus || *type == kMsgNsStatus) && treatment == kTreatKeepIt) return out;
    if (*type == kMsgQueryCStatus) {
        answer_cstatus_query(out, msg);
        return out;
    }
    if (*type == kMsgRespondCStatus && complete_cstatus(out, msg)) return out;
    deliver(out, msg, treatment);
    return out;
}

ApiEffects ApiHandler::on_node_status(std::string_view node, std::string_view status) {
    Message m;
    m.add_string(kFieldT, kMsgStatus);
    m.add_string(kFieldSrc, node);
    m.add_string(kFieldSt, status);
    ApiEffects out;
    deliver(out, m, kTreatKeepIt);
    return out;
}

ApiEffects ApiHandler::on_link_status(std::string_view node, std::string_view link,
                                      std::string_view status) {
    Message m;
    m.add_string(kFieldT, kMsgIfStat);
    m.add_string(kFieldNode, node);
    m.add_string(kFieldIfName, link);
    m.add_string(kFieldSt, status);
    ApiEffects out;
    deliver(out, m, kTreatKeepIt);
    return out;
}

void ApiHandler::deliver(ApiEffects& out, const Message& msg, unsigned treatment) {
    auto to_id = msg.get_string(kFieldToId);
    for (const auto& [cid, c] : clients_) {
        if (!c.signed_on || (c.filter & treatment) == 0) continue;
        if (to_id && c.id != *to_id) continue;
        out.push_back(api_effect::Reply{cid, msg});
    }
}

}  // namespace ha::hb
