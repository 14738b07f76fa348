// The heartbeat client API vocabulary (libhbclient <-> heartbeat, over the
// Unix socket <run_dir>/register): request and reply messages of every op of
// heartbeat 3.0.6's ll_cluster_t API, their field names and result values,
// and the frame payload encoding. Pure: builders and parsers over ha::hb::Message.
// The protocol is described in doc/client-api.md; deviations from 3.0.6 are
// listed there (our IPC framing is our own, so real cl_status cannot talk to us).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "heartbeat/msg/ha_msg.h"
#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/plumb/duration.h"
#include "heartbeat/plumb/status.h"

namespace ha::hb {

// ---- Message types ----------------------------------------------------------
inline constexpr std::string_view kMsgApiRequest = "hbapi-req";
inline constexpr std::string_view kMsgApiResponse = "hbapi-resp";

// ---- Ops (`reqtype`) --------------------------------------------------------
inline constexpr std::string_view kApiSignon = "signon";
inline constexpr std::string_view kApiSignoff = "signoff";
inline constexpr std::string_view kApiSetFilter = "setfilter";
inline constexpr std::string_view kApiSetSignal = "setsignal";
inline constexpr std::string_view kApiNodeList = "nodelist";
inline constexpr std::string_view kApiNodeListEnd = "nodelist-end";  // defined by 3.0.6, unused
inline constexpr std::string_view kApiNodeStatus = "nodestatus";
inline constexpr std::string_view kApiNodeWeight = "nodeweight";
inline constexpr std::string_view kApiNodeSite = "nodesite";
inline constexpr std::string_view kApiNodeType = "nodetype";
inline constexpr std::string_view kApiNumNodes = "numnodes";
inline constexpr std::string_view kApiIfList = "iflist";
inline constexpr std::string_view kApiIfListEnd = "iflist-end";  // defined by 3.0.6, unused
inline constexpr std::string_view kApiIfStatus = "ifstatus";
inline constexpr std::string_view kApiGetParm = "getparm";
inline constexpr std::string_view kApiGetRsc = "getrsc";
inline constexpr std::string_view kApiGetUuid = "getuuid";
inline constexpr std::string_view kApiGetNodeName = "getnodename";
inline constexpr std::string_view kApiClientStatus = "clientstatus";
inline constexpr std::string_view kApiSetSendQLen = "set_sendqlen";

// ---- Results (`result`) -----------------------------------------------------
inline constexpr std::string_view kApiOk = "OK";
inline constexpr std::string_view kApiFail = "fail";
inline constexpr std::string_view kApiBadReq = "badreq";
inline constexpr std::string_view kApiMore = "ok/more";  // one entry of a list, more follow

// ---- API-only field names (the shared ones are in hb_fields.h) --------------
inline constexpr std::string_view kFieldFilterMask = "fmask";     // hex
inline constexpr std::string_view kFieldSignal = "signal";        // decimal
inline constexpr std::string_view kFieldQueryUuid = "queryuuid";  // binary, 16 bytes
inline constexpr std::string_view kFieldQueryName = "queryname";
inline constexpr std::string_view kFieldSendQLen = "sendqlen";      // decimal
inline constexpr std::string_view kFieldResources = kFieldRscHold;  // getrsc answer
// Our extension: how long (ms, decimal) the client waits for a remote
// clientstatus answer; heartbeat clients omit it and the daemon's default applies.
inline constexpr std::string_view kFieldApiTimeout = "timeout";

// ---- Values -----------------------------------------------------------------
inline constexpr std::string_view kNodeTypeNormal = "normal";
inline constexpr std::string_view kNodeTypePing = "ping";
inline constexpr std::string_view kNodeTypeUnknown = "unknown";

inline constexpr std::string_view kClientOnline = "online";
inline constexpr std::string_view kClientOffline = "offline";
inline constexpr std::string_view kClientJoin = "join";
inline constexpr std::string_view kClientLeave = "leave";

inline constexpr std::string_view kLinkUp = "up";
inline constexpr std::string_view kLinkDead = "dead";

// Parameter names with a meaning of their own in the API and cl_status.
inline constexpr std::string_view kParamHbVersion = "hbversion";  // answered from the daemon
inline constexpr std::string_view kParamPacemaker = "pacemaker";
inline constexpr std::string_view kParamCrm = "crm";  // older name of `pacemaker`

// The `info` of a clientstatus that got no answer in time (cl_status prints it).
inline constexpr std::string_view kApiNoTimelyResponse = "No timely response.";

// Message treatments: how heartbeat classified a message; a client's filter
// (setfilter `fmask`) is a set of them. Only KEEPIT is delivered by default;
// the others are for debugging clients (root or the daemon's user only).
enum ApiTreatment : unsigned {
    kTreatKeepIt = 0x01,
    kTreatNoChange = 0x02,
    kTreatDropIt = 0x04,
    kTreatDuplicate = 0x08,
    kTreatApiCall = 0x10,
    kTreatProtocol = 0x20,
};
inline constexpr unsigned kDebugTreatments =
    kTreatNoChange | kTreatDropIt | kTreatDuplicate | kTreatApiCall | kTreatProtocol;
inline constexpr unsigned kAllTreatments = kDebugTreatments | kTreatKeepIt;
inline constexpr unsigned kDefaultTreatment = kTreatKeepIt;

// ---- Requests ---------------------------------------------------------------

// Who sends a request: every request carries dest (the local node as the
// client believes it), pid and from_id (the client name; the pid for casual
// clients).
struct ApiIdentity {
    std::string node;
    long pid = 0;
    std::string client_id;
};

// `t=hbapi-req, reqtype=op, dest, pid, from_id`: the common part. Ops without
// arguments (signoff, nodelist, numnodes, getrsc) need nothing more.
Message make_api_request(std::string_view op, const ApiIdentity& who);
Message make_signon_request(const ApiIdentity& who, long uid, long gid);
// nodestatus, nodeweight, nodesite, nodetype, iflist: `node`.
Message make_node_request(std::string_view op, const ApiIdentity& who, std::string_view node);
Message make_ifstatus_request(const ApiIdentity& who, std::string_view node,
                              std::string_view ifname);
Message make_getparm_request(const ApiIdentity& who, std::string_view pname);
Message make_getuuid_request(const ApiIdentity& who, std::string_view node);
Message make_getnodename_request(const ApiIdentity& who, std::string_view uuid);
// timeout: our extension (kFieldApiTimeout); nullopt leaves it out.
Message make_clientstatus_request(const ApiIdentity& who, std::string_view node,
                                  std::string_view client, std::optional<Millis> timeout);
Message make_setfilter_request(const ApiIdentity& who, unsigned mask);
Message make_setsignal_request(const ApiIdentity& who, int signo);
Message make_set_sendqlen_request(const ApiIdentity& who, int length);

// The common part of a received request. kInvalid when it is not an API
// request or lacks reqtype, or both from_id and pid (as heartbeat requires).
struct ApiRequest {
    std::string op;
    std::optional<std::string> from_id;
    std::optional<std::string> pid;
    std::optional<std::string> dest;
};
Result<ApiRequest> parse_api_request(const Message& msg);

// ---- Replies ----------------------------------------------------------------

// `t=hbapi-resp, reqtype=op, result`.
Message make_api_reply(std::string_view op, std::string_view result);
// A failure reply: result badreq or fail, with the reason in `info` when given.
Message make_api_failure(std::string_view op, std::string_view result, std::string_view info);

struct ApiReply {
    std::string op;
    std::string result;
    std::string info;  // empty when absent
    bool ok() const { return result == kApiOk || result == kApiMore; }
    bool more() const { return result == kApiMore; }
};
// kInvalid when it is not an API reply or lacks reqtype/result.
Result<ApiReply> parse_api_reply(const Message& msg);

// What signon tells the client. deadtime and keepalive travel as hex ms,
// logfacility as a decimal syslog facility (-1: none).
struct SignonInfo {
    Millis deadtime{0};
    Millis keepalive{0};
    std::string node;
    int log_facility = -1;
    bool operator==(const SignonInfo&) const = default;
};
Message make_signon_reply(const SignonInfo& info);
// kInvalid for a malformed OK reply; kPermission (with the daemon's reason)
// for a refusal.
Result<SignonInfo> parse_signon_reply(const Message& msg);

// `hbapi-clstat`: a named client joined or left (st=join|leave), as heartbeat
// sends it to the cluster: from_id = to_id = the client name, so only clients
// of the same name see it; info = the reason ("signon", "signoff", "EOF"...).
Message make_client_status_notice(std::string_view client, std::string_view status,
                                  std::string_view node, std::string_view reason, int client_gen);

// ---- Frames -----------------------------------------------------------------

// The payload of one IPC frame: the message in netstring form, unauthenticated.
Result<std::string> encode_api_message(const Message& msg);
// Decodes one frame payload (netstring or classic form; an envelope is opened).
Result<Message> decode_api_message(std::string_view payload);

}  // namespace ha::hb
