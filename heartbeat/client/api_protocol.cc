#include "heartbeat/client/api_protocol.h"

#include "heartbeat/msg/msg_wire.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb {

Message make_api_request(std::string_view op, const ApiIdentity& who) {
    Message m;
    m.add_string(kFieldT, kMsgApiRequest);
    m.add_string(kFieldReqType, op);
    m.add_string(kFieldDest, who.node);
    m.add_string(kFieldPid, std::to_string(who.pid));
    m.add_string(kFieldFromId, who.client_id);
    return m;
}

Message make_signon_request(const ApiIdentity& who, long uid, long gid) {
    Message m = make_api_request(kApiSignon, who);
    m.add_string(kFieldUid, std::to_string(uid));
    m.add_string(kFieldGid, std::to_string(gid));
    return m;
}

Message make_node_request(std::string_view op, const ApiIdentity& who, std::string_view node) {
    Message m = make_api_request(op, who);
    m.add_string(kFieldNode, node);
    return m;
}

Message make_ifstatus_request(const ApiIdentity& who, std::string_view node,
                              std::string_view ifname) {
    Message m = make_node_request(kApiIfStatus, who, node);
    m.add_string(kFieldIfName, ifname);
    return m;
}

Message make_getparm_request(const ApiIdentity& who, std::string_view pname) {
    Message m = make_api_request(kApiGetParm, who);
    m.add_string(kFieldPname, pname);
    return m;
}

Message make_getuuid_request(const ApiIdentity& who, std::string_view node) {
    Message m = make_api_request(kApiGetUuid, who);
    m.add_string(kFieldQueryName, node);
    return m;
}

Message make_getnodename_request(const ApiIdentity& who, std::string_view uuid) {
    Message m = make_api_request(kApiGetNodeName, who);
    m.add_binary(kFieldQueryUuid, uuid);
    return m;
}

Message make_clientstatus_request(const ApiIdentity& who, std::string_view node,
                                  std::string_view client, std::optional<Millis> timeout) {
    Message m = make_node_request(kApiClientStatus, who, node);
    m.add_string(kFieldCn, client);
    if (timeout) m.add_string(kFieldApiTimeout, std::to_string(timeout->count()));
    return m;
}

Message make_setfilter_request(const ApiIdentity& who, unsigned mask) {
    Message m = make_api_request(kApiSetFilter, who);
    m.add_string(kFieldFilterMask, to_hex(mask));
    return m;
}

Message make_setsignal_request(const ApiIdentity& who, int signo) {
    Message m = make_api_request(kApiSetSignal, who);
    m.add_string(kFieldSignal, std::to_string(signo));
    return m;
}

Message make_set_sendqlen_request(const ApiIdentity& who, int length) {
    Message m = make_api_request(kApiSetSendQLen, who);
    m.add_string(kFieldSendQLen, std::to_string(length));
    return m;
}

Result<ApiRequest> parse_api_request(const Message& msg) {
    auto type = msg.get_string(kFieldT);
    if (!type) return invalid("API request without a type field 't'");
    if (*type != kMsgApiRequest) return invalid("not an API request: t=" + printable(*type));
    ApiRequest r;
    auto op = msg.get_string(kFieldReqType);
    if (!op || op->empty()) return invalid("API request without 'reqtype'");
    r.op = std::string(*op);
    if (auto v = msg.get_string(kFieldFromId)) r.from_id = std::string(*v);
    if (auto v = msg.get_string(kFieldPid)) r.pid = std::string(*v);
    if (auto v = msg.get_string(kFieldDest)) r.dest = std::string(*v);
    if (!r.from_id && !r.pid)
        return invalid("API request '" + printable(r.op) + "' without 'from_id' or 'pid'");
    return r;
}

Message make_api_reply(std::string_view op, std::string_view result) {
    Message m;
    m.add_string(kFieldT, kMsgApiResponse);
    m.add_string(kFieldReqType, op);
    m.add_string(kFieldResult, result);
    return m;
}

Message make_api_failure(std::string_view op, std::string_view result, std::string_view info) {
    Message m = make_api_reply(op, result);
    if (!info.empty()) m.add_string(kFieldInfo, info);
    return m;
}

Result<ApiReply> parse_api_reply(const Message& msg) {
    auto type = msg.get_string(kFieldT);
    if (!type || *type != kMsgApiResponse)
        return invalid("not an API reply: t=" + printable(type.value_or("")));
    auto op = msg.get_string(kFieldReqType);
    if (!op) return invalid("API reply without 'reqtype'");
    auto result = msg.get_string(kFieldResult);
    if (!result) return invalid("API reply to '" + printable(*op) + "' without 'result'");
    ApiReply r;
    r.op = std::string(*op);
    r.result = std::string(*result);
    r.info = std::string(msg.get_string(kFieldInfo).value_or(""));
    return r;
}

Message make_signon_reply(const SignonInfo& info) {
    Message m = make_api_reply(kApiSignon, kApiOk);
    m.add_string(kFieldDeadtime, to_hex(static_cast<uint64_t>(info.deadtime.count())));
    m.add_string(kFieldKeepalive, to_hex(static_cast<uint64_t>(info.keepalive.count())));
    m.add_string(kFieldNode, info.node);
    m.add_string(kFieldLogFacility, std::to_string(info.log_facility));
    return m;
}

Result<SignonInfo> parse_signon_reply(const Message& msg) {
    auto reply = parse_api_reply(msg);
    if (!reply) return reply.status();
    if (reply->op != kApiSignon)
        return invalid("reply to '" + printable(reply->op) + "' where signon was expected");
    if (reply->result != kApiOk)
        return Status(ErrorCode::kPermission,
                      "signon refused: " + (reply->info.empty() ? reply->result : reply->info));
    SignonInfo info;
    auto deadtime = msg.get_hex(kFieldDeadtime);
    if (!deadtime) return invalid("signon reply without a hex 'deadtime'");
    auto keepalive = msg.get_hex(kFieldKeepalive);
    if (!keepalive) return invalid("signon reply without a hex 'keepalive'");
    auto node = msg.get_string(kFieldNode);
    if (!node || node->empty()) return invalid("signon reply without 'node'");
    info.deadtime = Millis(static_cast<int64_t>(*deadtime));
    info.keepalive = Millis(static_cast<int64_t>(*keepalive));
    info.node = std::string(*node);
    // Heartbeat's client treats a missing or odd logfacility as "none".
    auto facility = msg.get_int(kFieldLogFacility);
    info.log_facility = facility ? static_cast<int>(*facility) : -1;
    return info;
}

Message make_client_status_notice(std::string_view client, std::string_view status,
                                  std::string_view node, std::string_view reason, int client_gen) {
    Message m;
    m.add_string(kFieldT, kMsgHbApiClStat);
    m.add_string(kFieldSt, status);
    m.add_string(kFieldFromId, client);
    m.add_string(kFieldToId, client);
    m.add_string(kFieldSrc, node);
    if (!reason.empty()) m.add_string(kFieldInfo, reason);
    m.add_string(kFieldClientGen, std::to_string(client_gen));
    return m;
}

Result<std::string> encode_api_message(const Message& msg) {
    EncodeOptions options;
    options.framing = Framing::kNetstring;
    options.inner_auth = false;
    return encode_packet(msg, nullptr, options);
}

Result<Message> decode_api_message(std::string_view payload) {
    auto packet = decode_packet(payload);
    if (!packet) return packet.status();
    return open_packet(*packet);
}

}  // namespace ha::hb
