// ApiHandler: the query ops (node list, node and link status, parameters,
// uuids ...) and client status, local and remote (query-cstatus /
// respond-cstatus), as heartbeat 3.0.6's hb_api.c answers them.
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

// Heartbeat's reason when resources belong to the CRM.
constexpr std::string_view kRscManagedByCrm =
    "Resource is managed by crm.Use crm tool to query resource";
constexpr std::string_view kEinval = "EINVAL";
constexpr Millis kMaxCstatusTimeout{600000};

}  // namespace

void ApiHandler::answer_query(ApiEffects& out, ClientId cid, Client& c, std::string_view op,
                              const Message& msg) {
    auto reply = [&](Message m) { out.push_back(api_effect::Reply{cid, std::move(m)}); };
    auto bad = [&](std::string_view info) { reply(make_api_failure(op, kApiBadReq, info)); };
    auto node_arg = [&]() -> std::optional<std::string> {
        auto node = msg.get_string(kFieldNode);
        if (!node || !view_.node_status(*node)) return std::nullopt;
        return std::string(*node);
    };

    if (op == kApiNodeList) {
        auto names = view_.node_names();
        if (names.empty()) return reply(make_api_failure(op, kApiFail, "no nodes"));
        for (size_t i = 0; i < names.size(); ++i) {
            Message m = make_api_reply(op, i + 1 == names.size() ? kApiOk : kApiMore);
            m.add_string(kFieldNode, names[i]);
            reply(std::move(m));
        }
        return;
    }
    if (op == kApiNumNodes) {
        int64_t normal = 0;
        for (const std::string& n : view_.node_names())
            if (view_.node_type(n) == std::optional<std::string>(kNodeTypeNormal)) ++normal;
        Message m = make_api_reply(op, kApiOk);
        m.set_int(kFieldNumNodes, normal);
        return reply(std::move(m));
    }
    if (op == kApiNodeStatus || op == kApiNodeWeight || op == kApiNodeSite || op == kApiNodeType ||
        op == kApiIfList) {
        auto node = node_arg();
        if (!node) return bad(kEinval);
        if (op == kApiIfList) {
            auto links = view_.links_of(*node);
            if (links.empty()) return reply(make_api_failure(op, kApiFail, "no links"));
            for (size_t i = 0; i < links.size(); ++i) {
                Message m = make_api_reply(op, i + 1 == links.size() ? kApiOk : kApiMore);
                m.add_string(kFieldIfName, links[i]);
                reply(std::move(m));
            }
            return;
        }
        Message m = make_api_reply(op, kApiOk);
        if (op == kApiNodeStatus) {
            m.add_string(kFieldSt, *view_.node_status(*node));
        } else if (op == kApiNodeWeight) {
            auto w = view_.node_weight(*node);
            if (!w) return bad(kEinval);
            m.set_int(kFieldWeight, *w);
        } else if (op == kApiNodeSite) {
            m.add_string(kFieldSite, view_.node_site(*node).value_or(""));
        } else {
            m.add_string(kFieldNodeType,
                         view_.node_type(*node).value_or(std::string(kNodeTypeUnknown)));
        }
        return reply(std::move(m));
    }
    if (op == kApiIfStatus) {
        auto node = node_arg();
        auto ifname = msg.get_string(kFieldIfName);
        if (!node || !ifname) return bad(kEinval);
        auto status = view_.link_status(*node, *ifname);
        if (!status) return bad(kEinval);
        Message m = make_api_reply(op, kApiOk);
        m.add_string(kFieldSt, *status);
        return reply(std::move(m));
    }
    if (op == kApiGetParm) {
        auto pname = msg.get_string(kFieldPname);
        if (!pname) return bad(kEinval);
        auto value = *pname == kParamHbVersion ? std::optional<std::string>(view_.version())
                                               : view_.parameter(*pname);
        // Heartbeat answers OK without a value for an unknown parameter.
        Message m = make_api_reply(op, kApiOk);
        if (value) m.add_string(kFieldPvalue, *value);
        return reply(std::move(m));
    }
    if (op == kApiGetRsc) {
        auto rsc = view_.resource_status();
        if (!rsc) return bad(kRscManagedByCrm);
        Message m = make_api_reply(op, kApiOk);
        m.add_string(kFieldResources, *rsc);
        return reply(std::move(m));
    }
    if (op == kApiGetUuid) {
        auto name = msg.get_string(kFieldQueryName);
        if (!name) return bad("no query node name found");
        Message m = make_api_reply(op, kApiOk);
        if (auto uuid = view_.node_uuid(*name); uuid && !uuid->empty())
            m.add_binary(kFieldQueryUuid, *uuid);
        return reply(std::move(m));
    }
    if (op == kApiGetNodeName) {
        auto uuid = msg.get_binary(kFieldQueryUuid);
        if (!uuid || uuid->empty()) return bad("no query node name found");
        Message m = make_api_reply(op, kApiOk);
        for (const std::string& n : view_.node_names()) {
            if (view_.node_uuid(n) == std::optional<std::string>(std::string(*uuid))) {
                m.add_string(kFieldQueryName, n);
                break;
            }
        }
        return reply(std::move(m));
    }
    logger().err("API client " + printable(c.id) + ": unknown API request '" + printable(op) + "'");
    bad("Unknown API request");
}

void ApiHandler::clientstatus(ApiEffects& out, ClientId cid, Client& c, const Message& msg) {
    auto node = msg.get_string(kFieldNode);
    auto name = msg.get_string(kFieldCn);
    std::optional<std::string> status = node ? view_.node_status(*node) : std::nullopt;
    if (!node || !name || !status) {
        out.push_back(
            api_effect::Reply{cid, make_api_failure(kApiClientStatus, kApiBadReq, kEinval)});
        return;
    }
    auto answer = [&](std::string_view cs) {
        Message m = make_api_reply(kApiClientStatus, kApiOk);
        m.add_string(kFieldSubt, kMsgRespondCStatus);
        m.add_string(kFieldCs, cs);
        out.push_back(api_effect::Reply{cid, std::move(m)});
    };
    if (*node == view_.local_node())
        return answer(has_client(*name) ? kClientOnline : kClientOffline);
    // Heartbeat asks only active nodes; others have no clients.
    if (*status != kStatusActive) return answer(kClientOffline);

    Millis timeout = options_.cstatus_timeout;
    if (auto t = msg.get_int(kFieldApiTimeout); t && *t > 0)
        timeout = std::min(Millis(*t), kMaxCstatusTimeout);
    std::uint64_t request = next_request_++;
    c.pending[request] = PendingStatus{std::string(*node), std::string(*name)};
    Message q;
    q.add_string(kFieldT, kMsgQueryCStatus);
    q.add_string(kFieldDest, *node);
    q.add_string(kFieldCn, *name);
    q.add_string(kFieldFromId, c.id);
    // The timer first: an answer may come back while the query is being sent.
    out.push_back(api_effect::ArmTimer{cid, request, timeout});
    out.push_back(api_effect::SendToCluster{std::move(q)});
}

ApiEffects ApiHandler::on_timeout(ClientId client, std::uint64_t request) {
    ApiEffects out;
    auto it = clients_.find(client);
    if (it == clients_.end() || it->second.pending.erase(request) == 0) return out;
    Message m = make_api_failure(kApiClientStatus, kApiFail, kApiNoTimelyResponse);
    m.add_string(kFieldSubt, kMsgRespondCStatus);
    out.push_back(api_effect::Reply{client, std::move(m)});
    return out;
}

void ApiHandler::answer_cstatus_query(ApiEffects& out, const Message& msg) {
    auto name = msg.get_string(kFieldCn);
    auto from = msg.get_string(kFieldFromId);
    auto src = msg.get_string(kFieldSrc);
    if (!name || !from || !src) {
        logger().err("Ignoring query-cstatus without cn, from_id or src");
        return;
    }
    Message r;
    r.add_string(kFieldT, kMsgRespondCStatus);
    r.add_string(kFieldDest, *src);
    r.add_string(kFieldResult, kApiOk);
    r.add_string(kFieldCn, *name);
    r.add_string(kFieldToId, *from);
    r.add_string(kFieldCs, has_client(*name) ? kClientOnline : kClientOffline);
    out.push_back(api_effect::SendToCluster{std::move(r)});
}

bool ApiHandler::complete_cstatus(ApiEffects& out, const Message& msg) {
    auto to = msg.get_string(kFieldToId);
    auto name = msg.get_string(kFieldCn);
    auto src = msg.get_string(kFieldSrc);
    if (!to || !name || !src) return false;
    for (auto& [cid, c] : clients_) {
        if (!c.signed_on || c.id != *to) continue;
        for (auto it = c.pending.begin(); it != c.pending.end(); ++it) {
            if (it->second.node != *src || it->second.client_name != *name) continue;
            out.push_back(api_effect::CancelTimer{cid, it->first});
            out.push_back(api_effect::Reply{cid, msg});
            c.pending.erase(it);
            return true;
        }
    }
    return false;
}

}  // namespace ha::hb
