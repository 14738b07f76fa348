// Heartbeat wire vocabulary: message field names and message types as they
// appear on UDP 694 (reference: heartbeat-messaging.md 3.7 and 3.8). Code never
// writes these as inline literals; it names the constant.
#pragma once

#include <string_view>

namespace ha::hb {

// ---- Field names (3.7) ----------------------------------------------------
inline constexpr std::string_view kFieldT = "t";                // message type
inline constexpr std::string_view kFieldSubt = "subt";          // subtype (clients)
inline constexpr std::string_view kFieldSrc = "src";            // originating node name
inline constexpr std::string_view kFieldSrcUuid = "srcuuid";    // binary, 16 bytes
inline constexpr std::string_view kFieldDest = "dest";          // absent = broadcast
inline constexpr std::string_view kFieldDestUuid = "destuuid";  // binary, 16 bytes
inline constexpr std::string_view kFieldSt = "st";              // status value
inline constexpr std::string_view kFieldDt = "dt";              // dead time in ms, hex
inline constexpr std::string_view kFieldProtocol = "protocol";  // decimal, heartbeat sends 1
inline constexpr std::string_view kFieldSeq = "seq";            // hex, > 0
inline constexpr std::string_view kFieldHg = "hg";              // generation, hex
inline constexpr std::string_view kFieldTs = "ts";              // send time, hex seconds
inline constexpr std::string_view kFieldLd = "ld";              // load average text
inline constexpr std::string_view kFieldTtl = "ttl";            // decimal
inline constexpr std::string_view kFieldAuth = "auth";          // "<idx> <token>"
inline constexpr std::string_view kFieldFirstSeq = "firstseq";  // decimal in NS_rexmit, hex in
inline constexpr std::string_view kFieldLastSeq = "lastseq";    //   NS_nak_rexmit
inline constexpr std::string_view kFieldAckSeq = "ackseq";      // hex
inline constexpr std::string_view kFieldInfo = "info";
inline constexpr std::string_view kFieldRscHold = "rsc_hold";
inline constexpr std::string_view kFieldRtype = "rtype";
inline constexpr std::string_view kFieldIsStable = "isstable";
inline constexpr std::string_view kFieldNode = "node";
inline constexpr std::string_view kFieldNodeList = "nodelist";
inline constexpr std::string_view kFieldDelNodeList = "delnodelist";
inline constexpr std::string_view kFieldWeight = "weight";
inline constexpr std::string_view kFieldSite = "site";
inline constexpr std::string_view kFieldIfName = "ifname";
inline constexpr std::string_view kFieldCn = "cn";  // client name
inline constexpr std::string_view kFieldCs = "cs";  // client status
inline constexpr std::string_view kFieldFromId = "from_id";
inline constexpr std::string_view kFieldToId = "to_id";
inline constexpr std::string_view kFieldPid = "pid";
inline constexpr std::string_view kFieldUid = "uid";
inline constexpr std::string_view kFieldGid = "gid";
inline constexpr std::string_view kFieldReqType = "reqtype";
inline constexpr std::string_view kFieldResult = "result";
inline constexpr std::string_view kFieldPname = "pname";
inline constexpr std::string_view kFieldPvalue = "pvalue";
inline constexpr std::string_view kFieldDeadtime = "deadtime";
inline constexpr std::string_view kFieldKeepalive = "keepalive";
inline constexpr std::string_view kFieldLogFacility = "logfacility";
inline constexpr std::string_view kFieldNodeType = "nodetype";
inline constexpr std::string_view kFieldNumNodes = "numnodes";
inline constexpr std::string_view kFieldClientGen = "client_gen";
inline constexpr std::string_view kFieldIpAddr = "ipaddr";
inline constexpr std::string_view kFieldWeOwn = "weown";
inline constexpr std::string_view kFieldOk = "ok";
inline constexpr std::string_view kFieldCompressedPayload = "_compressed_payload";
inline constexpr std::string_view kFieldCompressionAlgorithm = "_compression_algorithm";

// ---- Message types (3.8) --------------------------------------------------
// Types starting with kNoSeqPrefix carry no seq/ld and are never retransmitted.
inline constexpr std::string_view kNoSeqPrefix = "NS_";

inline constexpr std::string_view kMsgStatus = "status";
inline constexpr std::string_view kMsgNsStatus = "NS_st";
inline constexpr std::string_view kMsgNsRexmit = "NS_rexmit";
inline constexpr std::string_view kMsgNsNakRexmit = "NS_nak_rexmit";
inline constexpr std::string_view kMsgNsAckMsg = "NS_ackmsg";
inline constexpr std::string_view kMsgAddNode = "addnode";
inline constexpr std::string_view kMsgDelNode = "delnode";
inline constexpr std::string_view kMsgSetWeight = "setweight";
inline constexpr std::string_view kMsgSetSite = "setsite";
inline constexpr std::string_view kMsgReqNodes = "reqnodes";
inline constexpr std::string_view kMsgRepNodes = "repnodes";
inline constexpr std::string_view kMsgQueryCStatus = "query-cstatus";
inline constexpr std::string_view kMsgRespondCStatus = "respond-cstatus";
inline constexpr std::string_view kMsgHbApiClStat = "hbapi-clstat";
inline constexpr std::string_view kMsgShutDone = "shutdone";
inline constexpr std::string_view kMsgIfStat = "ifstat";  // internal only, never on the wire
// v1 resource manager
inline constexpr std::string_view kMsgStarting = "starting";
inline constexpr std::string_view kMsgResource = "resource";
inline constexpr std::string_view kMsgAskResources = "ask_resources";
inline constexpr std::string_view kMsgHbTakeover = "hb_takeover";
inline constexpr std::string_view kMsgIpRequest = "ip-request";
inline constexpr std::string_view kMsgIpRequestResp = "ip-request-resp";
inline constexpr std::string_view kMsgStonith = "stonith";

inline bool is_no_seq_type(std::string_view type) {
    return type.substr(0, kNoSeqPrefix.size()) == kNoSeqPrefix;
}

// ---- Values of `st` -------------------------------------------------------
inline constexpr std::string_view kStatusInit = "init";
inline constexpr std::string_view kStatusUp = "up";
inline constexpr std::string_view kStatusActive = "active";
inline constexpr std::string_view kStatusDead = "dead";
inline constexpr std::string_view kStatusPing = "ping";

// ---- Values of `_compression_algorithm` -----------------------------------
inline constexpr std::string_view kCompressZlib = "zlib";
inline constexpr std::string_view kCompressBz2 = "bz2";

}  // namespace ha::hb
