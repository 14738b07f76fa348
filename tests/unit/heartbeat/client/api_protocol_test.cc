#include "heartbeat/client/api_protocol.h"

#include <gtest/gtest.h>

namespace ha::hb {
namespace {

using std::chrono_literals::operator""ms;

ApiIdentity who() {
    ApiIdentity w;
    w.node = "node1";
    w.pid = 4242;
    w.client_id = "crmd";
    return w;
}

// encode -> decode gives the same message, and re-encoding the same bytes.
Message round_trip(const Message& m) {
    auto bytes = encode_api_message(m);
    EXPECT_TRUE(bytes.is_ok()) << bytes.status().to_string();
    auto back = decode_api_message(*bytes);
    EXPECT_TRUE(back.is_ok()) << back.status().to_string();
    EXPECT_EQ(*back, m);
    auto again = encode_api_message(*back);
    EXPECT_EQ(*again, *bytes);
    return *back;
}

std::string field(const Message& m, std::string_view name) {
    return std::string(m.get_string(name).value_or("<absent>"));
}

TEST(ApiProtocol, RequestCarriesTheCommonHeaderInHeartbeatOrder) {
    Message m = make_api_request(kApiNodeList, who());
    ASSERT_EQ(m.size(), 5u);
    EXPECT_EQ(m.fields()[0].name, "t");
    EXPECT_EQ(m.fields()[1].name, "reqtype");
    EXPECT_EQ(m.fields()[2].name, "dest");
    EXPECT_EQ(m.fields()[3].name, "pid");
    EXPECT_EQ(m.fields()[4].name, "from_id");
    EXPECT_EQ(field(m, "t"), "hbapi-req");
    EXPECT_EQ(field(m, "pid"), "4242");
    EXPECT_EQ(field(m, "dest"), "node1");
    auto r = parse_api_request(round_trip(m));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r->op, "nodelist");
    EXPECT_EQ(r->from_id, "crmd");
    EXPECT_EQ(r->pid, "4242");
    EXPECT_EQ(r->dest, "node1");
}

TEST(ApiProtocol, EveryOpBuildsAndParses) {
    struct Case {
        Message msg;
        std::string op;
        std::vector<std::pair<std::string, std::string>> fields;
    };
    std::vector<Case> cases = {
        {make_signon_request(who(), 0, 112), "signon", {{"uid", "0"}, {"gid", "112"}}},
        {make_api_request(kApiSignoff, who()), "signoff", {}},
        {make_setfilter_request(who(), 0x21), "setfilter", {{"fmask", "21"}}},
        {make_setsignal_request(who(), 10), "setsignal", {{"signal", "10"}}},
        {make_api_request(kApiNodeList, who()), "nodelist", {}},
        {make_node_request(kApiNodeStatus, who(), "node2"), "nodestatus", {{"node", "node2"}}},
        {make_node_request(kApiNodeWeight, who(), "node2"), "nodeweight", {{"node", "node2"}}},
        {make_node_request(kApiNodeSite, who(), "node2"), "nodesite", {{"node", "node2"}}},
        {make_node_request(kApiNodeType, who(), "node2"), "nodetype", {{"node", "node2"}}},
        {make_api_request(kApiNumNodes, who()), "numnodes", {}},
        {make_node_request(kApiIfList, who(), "node2"), "iflist", {{"node", "node2"}}},
        {make_ifstatus_request(who(), "node2", "eth0"),
         "ifstatus",
         {{"node", "node2"}, {"ifname", "eth0"}}},
        {make_getparm_request(who(), "keepalive"), "getparm", {{"pname", "keepalive"}}},
        {make_api_request(kApiGetRsc, who()), "getrsc", {}},
        {make_getuuid_request(who(), "node2"), "getuuid", {{"queryname", "node2"}}},
        {make_clientstatus_request(who(), "node2", "ipfail", 500ms),
         "clientstatus",
         {{"node", "node2"}, {"cn", "ipfail"}, {"timeout", "500"}}},
        {make_clientstatus_request(who(), "node2", "ipfail", std::nullopt),
         "clientstatus",
         {{"node", "node2"}, {"cn", "ipfail"}, {"timeout", "<absent>"}}},
        {make_set_sendqlen_request(who(), 64), "set_sendqlen", {{"sendqlen", "64"}}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.op);
        Message back = round_trip(c.msg);
        auto r = parse_api_request(back);
        ASSERT_TRUE(r.is_ok()) << r.status().to_string();
        EXPECT_EQ(r->op, c.op);
        for (const auto& [name, value] : c.fields)
            EXPECT_EQ(field(back, name), value) << name;
    }
}

TEST(ApiProtocol, GetNodeNameCarriesTheUuidAsBinary) {
    std::string uuid(
        "\x00\x01\xff\x7f"
        "abcdefghijkl",
        16);
    Message back = round_trip(make_getnodename_request(who(), uuid));
    ASSERT_TRUE(back.get_binary(kFieldQueryUuid).has_value());
    EXPECT_EQ(*back.get_binary(kFieldQueryUuid), uuid);
}

TEST(ApiProtocol, ParseRequestRejectsWhatHeartbeatRejects) {
    Message no_type;
    no_type.add_string(kFieldReqType, "nodelist");
    EXPECT_FALSE(parse_api_request(no_type).is_ok());

    Message wrong_type = make_api_request(kApiNodeList, who());
    wrong_type.set_string(kFieldT, "status");
    EXPECT_FALSE(parse_api_request(wrong_type).is_ok());

    Message no_op = make_api_request(kApiNodeList, who());
    no_op.remove(kFieldReqType);
    EXPECT_FALSE(parse_api_request(no_op).is_ok());

    Message anonymous = make_api_request(kApiNodeList, who());
    anonymous.remove(kFieldPid);
    anonymous.remove(kFieldFromId);
    EXPECT_FALSE(parse_api_request(anonymous).is_ok());

    Message pid_only = make_api_request(kApiNodeList, who());
    pid_only.remove(kFieldFromId);
    ASSERT_TRUE(parse_api_request(pid_only).is_ok());
    EXPECT_FALSE(parse_api_request(pid_only)->from_id.has_value());
}

TEST(ApiProtocol, ReplyRoundTrips) {
    auto ok = parse_api_reply(round_trip(make_api_reply(kApiNodeList, kApiMore)));
    ASSERT_TRUE(ok.is_ok());
    EXPECT_EQ(ok->op, "nodelist");
    EXPECT_EQ(ok->result, "ok/more");
    EXPECT_TRUE(ok->ok());
    EXPECT_TRUE(ok->more());

    auto bad = parse_api_reply(round_trip(make_api_failure(kApiIfList, kApiBadReq, "EINVAL")));
    ASSERT_TRUE(bad.is_ok());
    EXPECT_EQ(bad->result, "badreq");
    EXPECT_EQ(bad->info, "EINVAL");
    EXPECT_FALSE(bad->ok());

    Message no_result = make_api_reply(kApiNodeList, kApiOk);
    no_result.remove(kFieldResult);
    EXPECT_FALSE(parse_api_reply(no_result).is_ok());
    EXPECT_FALSE(parse_api_reply(make_api_request(kApiNodeList, who())).is_ok());
}

TEST(ApiProtocol, SignonReplyTravelsInHexMilliseconds) {
    SignonInfo info;
    info.deadtime = 5000ms;
    info.keepalive = 1000ms;
    info.node = "node1";
    info.log_facility = 24;
    Message m = round_trip(make_signon_reply(info));
    EXPECT_EQ(field(m, "deadtime"), "1388");
    EXPECT_EQ(field(m, "keepalive"), "3e8");
    EXPECT_EQ(field(m, "node"), "node1");
    EXPECT_EQ(field(m, "logfacility"), "24");
    auto back = parse_signon_reply(m);
    ASSERT_TRUE(back.is_ok()) << back.status().to_string();
    EXPECT_EQ(*back, info);
}

TEST(ApiProtocol, SignonReplyFailuresAreTyped) {
    auto refused =
        parse_signon_reply(make_api_failure(kApiSignon, kApiFail, "client failed authorization"));
    ASSERT_FALSE(refused.is_ok());
    EXPECT_EQ(refused.status().code(), ErrorCode::kPermission);
    EXPECT_NE(refused.status().message().find("client failed authorization"), std::string::npos);

    SignonInfo info;
    info.node = "node1";
    Message no_deadtime = make_signon_reply(info);
    no_deadtime.remove(kFieldDeadtime);
    EXPECT_EQ(parse_signon_reply(no_deadtime).status().code(), ErrorCode::kInvalid);

    Message bad_hex = make_signon_reply(info);
    bad_hex.set_string(kFieldKeepalive, "zz");
    EXPECT_EQ(parse_signon_reply(bad_hex).status().code(), ErrorCode::kInvalid);

    Message no_facility = make_signon_reply(info);
    no_facility.remove(kFieldLogFacility);
    ASSERT_TRUE(parse_signon_reply(no_facility).is_ok());
    EXPECT_EQ(parse_signon_reply(no_facility)->log_facility, -1);
}

TEST(ApiProtocol, ClientStatusNoticeHasHeartbeatsFields) {
    Message m = round_trip(make_client_status_notice("crmd", kClientJoin, "node1", "signon", 3));
    EXPECT_EQ(field(m, "t"), "hbapi-clstat");
    EXPECT_EQ(field(m, "st"), "join");
    EXPECT_EQ(field(m, "from_id"), "crmd");
    EXPECT_EQ(field(m, "to_id"), "crmd");
    EXPECT_EQ(field(m, "src"), "node1");
    EXPECT_EQ(field(m, "info"), "signon");
    EXPECT_EQ(field(m, "client_gen"), "3");
}

TEST(ApiProtocol, FramesAreUnauthenticatedNetstrings) {
    auto bytes = encode_api_message(make_api_request(kApiNodeList, who()));
    ASSERT_TRUE(bytes.is_ok());
    EXPECT_EQ(bytes->substr(0, 4), "###\n");
    EXPECT_EQ(bytes->find("auth="), std::string::npos);
    EXPECT_EQ(bytes->substr(bytes->size() - 4), "%%%\n");
}

TEST(ApiProtocol, DecodeRejectsGarbageWithoutCrashing) {
    EXPECT_FALSE(decode_api_message("").is_ok());
    EXPECT_FALSE(decode_api_message("hello").is_ok());
    EXPECT_FALSE(decode_api_message("###\n5:(0)t=x").is_ok());
    // The classic form is accepted too, as heartbeat's IPC reader does.
    auto classic = decode_api_message(">>>\nt=hbapi-req\nreqtype=nodelist\npid=1\n<<<\n");
    ASSERT_TRUE(classic.is_ok()) << classic.status().to_string();
    EXPECT_TRUE(parse_api_request(*classic).is_ok());
}

}  // namespace
}  // namespace ha::hb
