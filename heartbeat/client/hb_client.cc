#include "heartbeat/client/hb_client.h"

#include <algorithm>

#include <unistd.h>

#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/plumb/paths.h"

namespace ha::hb {

namespace {

using SteadyClock = std::chrono::steady_clock;

Millis left_until(SteadyClock::time_point deadline) {
    auto left = std::chrono::ceil<Millis>(deadline - SteadyClock::now());
    return left.count() > 0 ? left : Millis(0);
}

// A clientstatus answer: heartbeat forwards the peer's respond-cstatus, or
// answers itself with an hbapi-resp marked subt=respond-cstatus.
bool is_cstatus_answer(const Message& m, std::string_view client) {
    auto type = m.get_string(kFieldT);
    if (type == std::optional<std::string_view>(kMsgRespondCStatus))
        return m.get_string(kFieldCn) == std::optional<std::string_view>(client);
    return type == std::optional<std::string_view>(kMsgApiResponse) &&
           m.get_string(kFieldReqType) == std::optional<std::string_view>(kApiClientStatus);
}

}  // namespace

std::string HbClient::default_socket_path() {
    return Paths::from_environment().run_dir() + "/register";
}

HbClient::HbClient(io::IpcClient ipc, Options options, ApiIdentity who, bool casual)
    : ipc_(std::move(ipc)), options_(std::move(options)), who_(std::move(who)), casual_(casual) {}

HbClient::~HbClient() {
    (void)signoff();
}

Result<HbClient> HbClient::signon(std::string_view client_name, Options options) {
    if (options.socket_path.empty()) options.socket_path = default_socket_path();
    if (options.node.empty()) options.node = local_node_name();
    auto ipc = io::IpcClient::connect(options.socket_path, options.connect_timeout);
    if (!ipc) return Status(ErrorCode::kNotFound, std::string(kCannotConnect));
    ApiIdentity who;
    who.node = options.node;
    who.pid = static_cast<long>(::getpid());
    bool casual = client_name.empty();
    who.client_id = casual ? std::to_string(who.pid) : std::string(client_name);
    HbClient client(std::move(*ipc), std::move(options), who, casual);

    Status sent = client.send(
        make_signon_request(who, static_cast<long>(::geteuid()), static_cast<long>(::getegid())));
    if (!sent.is_ok()) {
        // Heartbeat closes on a client it refuses, possibly before we wrote.
        if (sent.code() == ErrorCode::kIo)
            return Status(ErrorCode::kPermission, "signon refused: connection closed by heartbeat");
        return sent;
    }
    auto reply = client.await_reply(kApiSignon, SteadyClock::now() + client.options_.call_timeout);
    if (!reply) {
        client.ipc_.close();
        // Heartbeat closes on a refused client, sometimes before we read why.
        if (reply.status().code() == ErrorCode::kIo)
            return Status(ErrorCode::kPermission, "signon refused: connection closed by heartbeat");
        return reply.status();
    }
    auto info = parse_signon_reply(*reply);
    if (!info) {
        client.ipc_.close();
        return info.status();
    }
    client.info_ = std::move(*info);
    client.who_.node = client.info_.node;  // heartbeat's name for us wins
    return client;
}

Status HbClient::signoff() {
    if (!ipc_.is_open()) return Status::ok();
    // Heartbeat does not answer a signoff; it drops the connection.
    Status s = send(make_api_request(kApiSignoff, who_));
    ipc_.close();
    return s;
}

Status HbClient::send(const Message& msg) {
    if (!ipc_.is_open()) return Status(ErrorCode::kIo, "not signed on to heartbeat");
    auto bytes = encode_api_message(msg);
    if (!bytes) return bytes.status();
    return ipc_.send(*bytes, options_.call_timeout);
}

Result<Message> HbClient::receive(SteadyClock::time_point deadline) {
    for (;;) {
        auto frame = ipc_.receive(left_until(deadline));
        if (!frame) return frame.status();
        auto msg = decode_api_message(*frame);
        if (msg) return msg;
        // A frame we cannot decode: skip it, heartbeat stays usable.
        ++dropped_;
    }
}

void HbClient::enqueue(Message msg) {
    if (queue_.size() >= kMaxQueued) {
        queue_.pop_front();
        ++dropped_;
    }
    queue_.push_back(std::move(msg));
}

Result<Message> HbClient::await_reply(std::string_view op, SteadyClock::time_point deadline) {
    for (;;) {
        auto msg = receive(deadline);
        if (!msg) return msg.status();
        if (msg->get_string(kFieldT) == std::optional<std::string_view>(kMsgApiResponse) &&
            msg->get_string(kFieldReqType) == std::optional<std::string_view>(op))
            return msg;
        enqueue(std::move(*msg));
    }
}

Result<Message> HbClient::call(const Message& request) {
    HA_RETURN_IF_ERROR(send(request));
    std::string op(request.get_string(kFieldReqType).value_or(""));
    return checked(await_reply(op, SteadyClock::now() + options_.call_timeout));
}

Result<Message> HbClient::checked(Result<Message> reply) {
    if (!reply) return reply;
    auto parsed = parse_api_reply(*reply);
    if (!parsed) return parsed.status();
    if (!parsed->ok())
        return Status(ErrorCode::kInvalid, parsed->info.empty() ? parsed->result : parsed->info);
    return reply;
}

Result<std::vector<std::string>> HbClient::list(const Message& request, std::string_view field) {
    HA_RETURN_IF_ERROR(send(request));
    std::string op(request.get_string(kFieldReqType).value_or(""));
    auto deadline = SteadyClock::now() + options_.call_timeout;
    std::vector<std::string> out;
    for (;;) {
        auto reply = checked(await_reply(op, deadline));
        if (!reply) return reply.status();
        auto value = reply->get_string(field);
        if (!value) return invalid("reply to " + op + " without '" + std::string(field) + "'");
        out.emplace_back(*value);
        if (reply->get_string(kFieldResult) != std::optional<std::string_view>(kApiMore))
            return out;
    }
}

Result<std::vector<std::string>> HbClient::nodes() {
    return list(make_api_request(kApiNodeList, who_), kFieldNode);
}

Result<std::vector<std::string>> HbClient::links(std::string_view node) {
    return list(make_node_request(kApiIfList, who_, node), kFieldIfName);
}

namespace {

Result<std::string> string_field(Result<Message> reply, std::string_view field) {
    if (!reply) return reply.status();
    auto v = reply->get_string(field);
    if (!v) return invalid("API reply without '" + std::string(field) + "'");
    return std::string(*v);
}

Result<int> int_field(Result<Message> reply, std::string_view field) {
    if (!reply) return reply.status();
    auto v = reply->get_int(field);
    if (!v) return invalid("API reply without a number in '" + std::string(field) + "'");
    return static_cast<int>(*v);
}

}  // namespace

Result<int> HbClient::num_nodes() {
    return int_field(call(make_api_request(kApiNumNodes, who_)), kFieldNumNodes);
}

Result<std::string> HbClient::node_status(std::string_view node) {
    return string_field(call(make_node_request(kApiNodeStatus, who_, node)), kFieldSt);
}

Result<int> HbClient::node_weight(std::string_view node) {
    return int_field(call(make_node_request(kApiNodeWeight, who_, node)), kFieldWeight);
}

Result<std::string> HbClient::node_site(std::string_view node) {
    return string_field(call(make_node_request(kApiNodeSite, who_, node)), kFieldSite);
}

Result<std::string> HbClient::node_type(std::string_view node) {
    return string_field(call(make_node_request(kApiNodeType, who_, node)), kFieldNodeType);
}

Result<std::string> HbClient::link_status(std::string_view node, std::string_view link) {
    return string_field(call(make_ifstatus_request(who_, node, link)), kFieldSt);
}

Result<std::optional<std::string>> HbClient::parameter(std::string_view name) {
    auto reply = call(make_getparm_request(who_, name));
    if (!reply) return reply.status();
    auto v = reply->get_string(kFieldPvalue);
    return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

Result<std::string> HbClient::resources() {
    return string_field(call(make_api_request(kApiGetRsc, who_)), kFieldResources);
}

Result<std::optional<std::string>> HbClient::node_uuid(std::string_view node) {
    auto reply = call(make_getuuid_request(who_, node));
    if (!reply) return reply.status();
    auto v = reply->get_binary(kFieldQueryUuid);
    return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

Result<std::optional<std::string>> HbClient::node_by_uuid(std::string_view uuid) {
    auto reply = call(make_getnodename_request(who_, uuid));
    if (!reply) return reply.status();
    auto v = reply->get_string(kFieldQueryName);
    return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

Result<std::string> HbClient::client_status(std::string_view node, std::string_view client,
                                            Millis timeout) {
    if (timeout.count() < 0) timeout = Millis(0);
    HA_RETURN_IF_ERROR(send(make_clientstatus_request(who_, node, client, timeout)));
    // The daemon answers "no timely response" itself when `timeout` passes;
    // we allow it a little longer than that before giving up ourselves.
    auto deadline = SteadyClock::now() + timeout + Millis(200);
    for (;;) {
        auto msg = receive(deadline);
        if (!msg) {
            if (msg.status().code() == ErrorCode::kTimeout)
                return Status(ErrorCode::kTimeout, std::string(kApiNoTimelyResponse));
            return msg.status();
        }
        if (!is_cstatus_answer(*msg, client)) {
            enqueue(std::move(*msg));
            continue;
        }
        std::string_view result = msg->get_string(kFieldResult).value_or("");
        std::string_view info = msg->get_string(kFieldInfo).value_or("");
        if (result != kApiOk) {
            if (info == kApiNoTimelyResponse) return Status(ErrorCode::kTimeout, std::string(info));
            return Status(ErrorCode::kInvalid, std::string(info.empty() ? result : info));
        }
        auto cs = msg->get_string(kFieldCs);
        if (!cs) return invalid("client status answer without 'cs'");
        return std::string(*cs);
    }
}

Status HbClient::set_filter(unsigned mask) {
    return call(make_setfilter_request(who_, mask)).status();
}

Status HbClient::set_signal(int signo) {
    return call(make_setsignal_request(who_, signo)).status();
}

Status HbClient::set_send_queue_length(int length) {
    return send(make_set_sendqlen_request(who_, length));  // heartbeat does not answer
}

Status HbClient::send_to_cluster(Message msg) {
    if (casual_)
        return Status(ErrorCode::kPermission, "casual clients cannot send cluster messages");
    if (!msg.get_string(kFieldT)) return invalid("message has no type field 't'");
    return send(msg);
}

Status HbClient::send_to_node(std::string_view node, Message msg) {
    msg.set_string(kFieldDest, node);
    return send_to_cluster(std::move(msg));
}

void HbClient::set_message_callback(std::string type, MessageCallback callback) {
    if (callback)
        type_callbacks_[std::move(type)] = std::move(callback);
    else
        type_callbacks_.erase(type);
}

void HbClient::set_node_status_callback(NodeStatusCallback callback) {
    node_callback_ = std::move(callback);
}

void HbClient::set_link_status_callback(LinkStatusCallback callback) {
    link_callback_ = std::move(callback);
}

void HbClient::set_client_status_callback(ClientStatusCallback callback) {
    client_callback_ = std::move(callback);
}

bool HbClient::handle(const Message& msg) {
    auto get = [&](std::string_view f) { return std::string(msg.get_string(f).value_or("")); };
    std::string type = get(kFieldT);
    if (type == kMsgStatus && node_callback_) {
        node_callback_(get(kFieldSrc), get(kFieldSt));
        return true;
    }
    if (type == kMsgIfStat && link_callback_) {
        link_callback_(get(kFieldNode), get(kFieldIfName), get(kFieldSt));
        return true;
    }
    if (type == kMsgHbApiClStat && client_callback_) {
        client_callback_(get(kFieldSrc), get(kFieldFromId), get(kFieldSt));
        return true;
    }
    if (type == kMsgRespondCStatus && client_callback_) {
        client_callback_(get(kFieldSrc), get(kFieldCn), get(kFieldCs));
        return true;
    }
    auto it = type_callbacks_.find(type);
    if (it == type_callbacks_.end()) return false;
    // The callback may replace itself: call a copy.
    MessageCallback cb = it->second;
    cb(msg);
    return true;
}

Result<std::optional<Message>> HbClient::read_message(Millis timeout) {
    auto deadline = SteadyClock::now() + timeout;
    for (;;) {
        Message msg;
        if (!queue_.empty()) {
            msg = std::move(queue_.front());
            queue_.pop_front();
        } else {
            auto got = receive(deadline);
            if (!got) {
                if (got.status().code() == ErrorCode::kTimeout) return std::optional<Message>();
                return got.status();
            }
            msg = std::move(*got);
        }
        if (!handle(msg)) return std::optional<Message>(std::move(msg));
    }
}

Result<bool> HbClient::dispatch(Millis timeout) {
    Message msg;
    if (!queue_.empty()) {
        msg = std::move(queue_.front());
        queue_.pop_front();
    } else {
        auto got = receive(SteadyClock::now() + timeout);
        if (!got) {
            if (got.status().code() == ErrorCode::kTimeout) return false;
            return got.status();
        }
        msg = std::move(*got);
    }
    (void)handle(msg);
    return true;
}

}  // namespace ha::hb
