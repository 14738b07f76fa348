#include "heartbeat/client/api_handler.h"

#include <memory>
#include <random>

#include <gtest/gtest.h>

#include "tests/unit/heartbeat/client/fake_cluster_view.h"

namespace ha::hb {
namespace {

using std::chrono_literals::operator""ms;
using test::FakeClusterView;
using test::FakeNode;

constexpr uid_t kRoot = 0;
constexpr uid_t kHacluster = 90;
constexpr gid_t kHaclient = 112;
constexpr uid_t kUser = 1000;

ApiAuth auth(std::string client, std::vector<std::string> uids, std::vector<std::string> gids) {
    ApiAuth a;
    a.client = std::move(client);
    a.uids = std::move(uids);
    a.gids = std::move(gids);
    return a;
}

std::string field(const Message& m, std::string_view name) {
    return std::string(m.get_string(name).value_or("<absent>"));
}

std::vector<Message> replies_to(const ApiEffects& effects, ClientId client) {
    std::vector<Message> out;
    for (const auto& e : effects)
        if (auto r = std::get_if<api_effect::Reply>(&e); r && r->client == client)
            out.push_back(r->msg);
    return out;
}

std::vector<Message> cluster_sends(const ApiEffects& effects) {
    std::vector<Message> out;
    for (const auto& e : effects)
        if (auto s = std::get_if<api_effect::SendToCluster>(&e)) out.push_back(s->msg);
    return out;
}

bool closes(const ApiEffects& effects, ClientId client) {
    for (const auto& e : effects)
        if (auto c = std::get_if<api_effect::CloseClient>(&e); c && c->client == client)
            return true;
    return false;
}

template <typename T>
std::vector<T> effects_of(const ApiEffects& effects) {
    std::vector<T> out;
    for (const auto& e : effects)
        if (auto x = std::get_if<T>(&e)) out.push_back(*x);
    return out;
}

class ApiHandlerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        view_ = FakeClusterView::two_nodes();
        apiauth_ = {auth("crmd", {"hacluster"}, {}), auth("ipfail", {"hacluster"}, {}),
                    auth("cib", {"90"}, {}), auth("gidonly", {}, {"haclient"}),
                    auth("anon", {"root"}, {"haclient"})};
        options_.daemon_uid = kHacluster;
        options_.resolve_user = [](std::string_view n) -> std::optional<uid_t> {
            if (n == "root") return kRoot;
            if (n == "hacluster") return kHacluster;
            return std::nullopt;
        };
        options_.resolve_group = [](std::string_view n) -> std::optional<gid_t> {
            if (n == "haclient") return kHaclient;
            return std::nullopt;
        };
        make();
    }
    void make() { h_ = std::make_unique<ApiHandler>(view_, apiauth_, options_); }

    // The identity a client with this name and pid uses ("" = casual).
    static ApiIdentity identity(const std::string& name, pid_t pid) {
        ApiIdentity w;
        w.node = "node1";
        w.pid = pid;
        w.client_id = name.empty() ? std::to_string(pid) : name;
        return w;
    }
    ApiEffects signon(ClientId id, const std::string& name, uid_t uid, gid_t gid = 100) {
        pid_t pid = static_cast<pid_t>(1000 + id);
        (void)h_->on_connect(id, ClientCred{pid, uid, gid});
        ids_[id] = identity(name, pid);
        return h_->on_request(id, make_signon_request(ids_[id], uid, gid));
    }
    void signed_on(ClientId id, const std::string& name, uid_t uid, gid_t gid = 100) {
        ApiEffects e = signon(id, name, uid, gid);
        ASSERT_TRUE(h_->is_signed_on(id)) << "signon of '" << name << "' failed";
        ASSERT_EQ(replies_to(e, id).size(), 1u);
    }
    // One request, its replies.
    std::vector<Message> ask(ClientId id, const Message& request) {
        return replies_to(h_->on_request(id, request), id);
    }
    Message ask1(ClientId id, const Message& request) {
        auto r = ask(id, request);
        EXPECT_EQ(r.size(), 1u);
        return r.empty() ? Message() : r.front();
    }
    const ApiIdentity& who(ClientId id) { return ids_[id]; }

    FakeClusterView view_;
    std::vector<ApiAuth> apiauth_;
    ApiHandler::Options options_;
    std::unique_ptr<ApiHandler> h_;
    std::map<ClientId, ApiIdentity> ids_;
};

// ---- Sign-on and authorisation -----------------------------------------------

TEST_F(ApiHandlerTest, CasualSignonGetsTimingAndNodeName) {
    view_.facility = 24;
    ApiEffects e = signon(1, "", kUser);
    auto r = replies_to(e, 1);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(field(r[0], "t"), "hbapi-resp");
    EXPECT_EQ(field(r[0], "reqtype"), "signon");
    EXPECT_EQ(field(r[0], "result"), "OK");
    EXPECT_EQ(field(r[0], "deadtime"), "1388");
    EXPECT_EQ(field(r[0], "keepalive"), "3e8");
    EXPECT_EQ(field(r[0], "node"), "node1");
    EXPECT_EQ(field(r[0], "logfacility"), "24");
    EXPECT_TRUE(cluster_sends(e).empty()) << "casual clients are not announced";
    EXPECT_EQ(h_->client_id(1), "1001");
}

TEST_F(ApiHandlerTest, CasualClientsSignOnWhoeverRunsThem) {
    // Heartbeat 3.0.6 lets uid nobody run cl_status (observed).
    apiauth_.clear();
    make();
    signed_on(1, "", 65534, 65534);
}

TEST_F(ApiHandlerTest, NamedClientAuthorisedByUserNameAnnouncesItsJoin) {
    ApiEffects e = signon(1, "crmd", kHacluster);
    ASSERT_TRUE(h_->is_signed_on(1));
    EXPECT_EQ(field(replies_to(e, 1).at(0), "result"), "OK");
    auto sends = cluster_sends(e);
    ASSERT_EQ(sends.size(), 1u);
    EXPECT_EQ(field(sends[0], "t"), "hbapi-clstat");
    EXPECT_EQ(field(sends[0], "st"), "join");
    EXPECT_EQ(field(sends[0], "from_id"), "crmd");
    EXPECT_EQ(field(sends[0], "to_id"), "crmd");
    EXPECT_EQ(field(sends[0], "src"), "node1");
    EXPECT_EQ(field(sends[0], "info"), "signon");
    EXPECT_TRUE(h_->has_client("crmd"));
}

TEST_F(ApiHandlerTest, NamedClientAuthorisedByGroupOrNumericUid) {
    signed_on(1, "gidonly", kUser, kHaclient);
    signed_on(2, "cib", kHacluster);
}

TEST_F(ApiHandlerTest, NamedClientOfTheWrongUserIsRefusedAndClosed) {
    ApiEffects e = signon(1, "crmd", kUser);
    auto r = replies_to(e, 1);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(field(r[0], "result"), "fail");
    EXPECT_EQ(field(r[0], "info"), "client failed authorization");
    EXPECT_TRUE(closes(e, 1));
    EXPECT_TRUE(cluster_sends(e).empty());
    EXPECT_FALSE(h_->is_signed_on(1));
    EXPECT_EQ(h_->client_count(), 0u);
    EXPECT_FALSE(h_->has_client("crmd"));
}

TEST_F(ApiHandlerTest, UnlistedNameNeedsTheDefaultEntry) {
    ApiEffects e = signon(1, "mydaemon", kUser);
    EXPECT_EQ(field(replies_to(e, 1).at(0), "info"), "no default client auth");
    EXPECT_FALSE(h_->is_signed_on(1));

    apiauth_.push_back(auth("default", {"1000"}, {}));
    make();
    signed_on(2, "mydaemon", kUser);
}

TEST_F(ApiHandlerTest, NamesResolveOnlyThroughTheInjectedLookup) {
    options_.resolve_user = nullptr;
    options_.resolve_group = nullptr;
    make();
    ApiEffects e = signon(1, "crmd", kHacluster);  // "hacluster" cannot be resolved
    EXPECT_FALSE(h_->is_signed_on(1));
    signed_on(2, "cib", kHacluster);  // numeric entries still work
}

TEST_F(ApiHandlerTest, SecondClientOfTheSameNameIsRefusedWhileTheFirstIsConnected) {
    signed_on(1, "crmd", kHacluster);
    ApiEffects e = signon(2, "crmd", kHacluster);
    EXPECT_EQ(field(replies_to(e, 2).at(0), "info"), "duplicate add request");
    EXPECT_TRUE(closes(e, 2));
    EXPECT_TRUE(h_->is_signed_on(1));

    (void)h_->on_disconnect(1);
    signed_on(3, "crmd", kHacluster);
}

TEST_F(ApiHandlerTest, ClaimedIdentityMustMatchTheSocket) {
    (void)h_->on_connect(1, ClientCred{1001, kUser, 100});
    ApiEffects e = h_->on_request(1, make_signon_request(identity("", 1001), kRoot, 100));
    EXPECT_EQ(field(replies_to(e, 1).at(0), "info"), "incorrect/false credentials");

    (void)h_->on_connect(2, ClientCred{1002, kUser, 100});
    e = h_->on_request(2, make_signon_request(identity("", 999), kUser, 100));
    EXPECT_EQ(field(replies_to(e, 2).at(0), "info"), "pid mismatch");

    (void)h_->on_connect(3, ClientCred{1003, kUser, 100});
    Message no_ids = make_api_request(kApiSignon, identity("", 1003));
    e = h_->on_request(3, no_ids);
    EXPECT_EQ(field(replies_to(e, 3).at(0), "info"), "invalid id info");
    EXPECT_EQ(h_->client_count(), 0u);
}

TEST_F(ApiHandlerTest, FirstMessageMustBeASignon) {
    (void)h_->on_connect(1, ClientCred{1001, kUser, 100});
    ApiEffects e = h_->on_request(1, make_api_request(kApiNodeList, identity("", 1001)));
    auto r = replies_to(e, 1);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(field(r[0], "result"), "fail");
    EXPECT_EQ(field(r[0], "info"), "not signed on");
    EXPECT_TRUE(closes(e, 1));
}

// ---- Queries -------------------------------------------------------------------

TEST_F(ApiHandlerTest, NodeListAnswersOneReplyPerNodeTheLastOk) {
    view_.nodes.push_back(FakeNode{"pinger", "ping", "ping", 0, "", "", {{"pinger", "up"}}});
    signed_on(1, "", kUser);
    auto r = ask(1, make_api_request(kApiNodeList, who(1)));
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(field(r[0], "node"), "node1");
    EXPECT_EQ(field(r[0], "result"), "ok/more");
    EXPECT_EQ(field(r[1], "node"), "node2");
    EXPECT_EQ(field(r[1], "result"), "ok/more");
    EXPECT_EQ(field(r[2], "node"), "pinger");
    EXPECT_EQ(field(r[2], "result"), "OK");
    for (const auto& m : r)
        EXPECT_EQ(field(m, "reqtype"), "nodelist");

    Message n = ask1(1, make_api_request(kApiNumNodes, who(1)));
    EXPECT_EQ(field(n, "numnodes"), "2") << "ping nodes are not counted";
}

TEST_F(ApiHandlerTest, NodeQueriesAnswerFromTheView) {
    view_.node("node2")->status = "dead";
    view_.node("node2")->weight = 42;
    view_.node("node2")->site = "berlin";
    signed_on(1, "", kUser);
    Message st = ask1(1, make_node_request(kApiNodeStatus, who(1), "node2"));
    EXPECT_EQ(field(st, "result"), "OK");
    EXPECT_EQ(field(st, "st"), "dead");
    EXPECT_EQ(field(ask1(1, make_node_request(kApiNodeWeight, who(1), "node2")), "weight"), "42");
    EXPECT_EQ(field(ask1(1, make_node_request(kApiNodeSite, who(1), "node2")), "site"), "berlin");
    EXPECT_EQ(field(ask1(1, make_node_request(kApiNodeSite, who(1), "node1")), "site"), "");
    EXPECT_EQ(field(ask1(1, make_node_request(kApiNodeType, who(1), "node2")), "nodetype"),
              "normal");
}

TEST_F(ApiHandlerTest, UnknownNodesAreBadRequests) {
    signed_on(1, "", kUser);
    for (std::string_view op :
         {kApiNodeStatus, kApiNodeWeight, kApiNodeSite, kApiNodeType, kApiIfList}) {
        SCOPED_TRACE(op);
        Message r = ask1(1, make_node_request(op, who(1), "node9"));
        EXPECT_EQ(field(r, "reqtype"), op);
        EXPECT_EQ(field(r, "result"), "badreq");
        EXPECT_EQ(field(r, "info"), "EINVAL");
    }
    EXPECT_EQ(field(ask1(1, make_ifstatus_request(who(1), "node9", "eth0")), "result"), "badreq");
    EXPECT_EQ(field(ask1(1, make_ifstatus_request(who(1), "node1", "eth9")), "result"), "badreq");
    Message no_node = make_api_request(kApiNodeStatus, who(1));
    EXPECT_EQ(field(ask1(1, no_node), "result"), "badreq");
}

TEST_F(ApiHandlerTest, LinkListAndStatus) {
    view_.node("node2")->links = {{"eth0", "up"}, {"eth1", "dead"}};
    signed_on(1, "", kUser);
    auto r = ask(1, make_node_request(kApiIfList, who(1), "node2"));
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(field(r[0], "ifname"), "eth0");
    EXPECT_EQ(field(r[0], "result"), "ok/more");
    EXPECT_EQ(field(r[1], "ifname"), "eth1");
    EXPECT_EQ(field(r[1], "result"), "OK");
    EXPECT_EQ(field(ask1(1, make_ifstatus_request(who(1), "node2", "eth1")), "st"), "dead");
    EXPECT_EQ(field(ask1(1, make_ifstatus_request(who(1), "node2", "eth0")), "st"), "up");
}

TEST_F(ApiHandlerTest, ParametersAndVersion) {
    signed_on(1, "", kUser);
    Message k = ask1(1, make_getparm_request(who(1), "keepalive"));
    EXPECT_EQ(field(k, "result"), "OK");
    EXPECT_EQ(field(k, "pvalue"), "1");
    Message unknown = ask1(1, make_getparm_request(who(1), "node"));
    EXPECT_EQ(field(unknown, "result"), "OK") << "heartbeat answers OK without a value";
    EXPECT_FALSE(unknown.has(kFieldPvalue));
    EXPECT_EQ(field(ask1(1, make_getparm_request(who(1), "hbversion")), "pvalue"),
              "3.0.6 (heartbeat-ng 0.1.0)");
    EXPECT_EQ(field(ask1(1, make_api_request(kApiGetParm, who(1))), "result"), "badreq");
}

TEST_F(ApiHandlerTest, ResourcesOnlyInV1Mode) {
    signed_on(1, "", kUser);
    EXPECT_EQ(field(ask1(1, make_api_request(kApiGetRsc, who(1))), "rsc_hold"), "local");
    view_.rsc = std::nullopt;
    Message r = ask1(1, make_api_request(kApiGetRsc, who(1)));
    EXPECT_EQ(field(r, "result"), "badreq");
    EXPECT_NE(field(r, "info").find("managed by crm"), std::string::npos);
}

TEST_F(ApiHandlerTest, UuidLookupsBothWays) {
    signed_on(1, "", kUser);
    Message u = ask1(1, make_getuuid_request(who(1), "node2"));
    ASSERT_TRUE(u.get_binary(kFieldQueryUuid).has_value());
    EXPECT_EQ(*u.get_binary(kFieldQueryUuid), std::string(16, '2'));
    Message none = ask1(1, make_getuuid_request(who(1), "node9"));
    EXPECT_EQ(field(none, "result"), "OK");
    EXPECT_FALSE(none.has(kFieldQueryUuid));
    EXPECT_EQ(field(ask1(1, make_getnodename_request(who(1), std::string(16, '1'))), "queryname"),
              "node1");
    EXPECT_FALSE(ask1(1, make_getnodename_request(who(1), std::string(16, 'x'))).has("queryname"));
}

TEST_F(ApiHandlerTest, FilterAndSignalSettings) {
    signed_on(1, "", kUser);
    EXPECT_EQ(field(ask1(1, make_setfilter_request(who(1), 0)), "result"), "badreq");
    EXPECT_EQ(field(ask1(1, make_setfilter_request(who(1), 0x40)), "result"), "badreq");
    Message perm = ask1(1, make_setfilter_request(who(1), kTreatKeepIt | kTreatDropIt));
    EXPECT_EQ(field(perm, "info"), "EPERM");
    EXPECT_EQ(field(ask1(1, make_setfilter_request(who(1), kTreatKeepIt)), "result"), "OK");

    signed_on(2, "", kRoot);
    EXPECT_EQ(field(ask1(2, make_setfilter_request(who(2), kAllTreatments)), "result"), "OK");
    signed_on(3, "", kHacluster);  // the daemon's own user may debug too
    EXPECT_EQ(field(ask1(3, make_setfilter_request(who(3), kTreatApiCall)), "result"), "OK");

    EXPECT_EQ(field(ask1(1, make_setsignal_request(who(1), 9)), "result"), "badreq");
    EXPECT_EQ(field(ask1(1, make_setsignal_request(who(1), 32)), "result"), "badreq");
    EXPECT_EQ(field(ask1(1, make_setsignal_request(who(1), 10)), "result"), "OK");
    EXPECT_TRUE(ask(1, make_set_sendqlen_request(who(1), 100)).empty()) << "no reply, as heartbeat";
    EXPECT_TRUE(ask(1, make_set_sendqlen_request(who(1), -1)).empty());
}

TEST_F(ApiHandlerTest, RequestsMustComeFromTheClientThatSignedOn) {
    signed_on(1, "", kUser);
    ApiIdentity other = who(1);
    other.client_id = "crmd";
    EXPECT_EQ(field(ask1(1, make_api_request(kApiNodeList, other)), "result"), "badreq");
    ApiIdentity other_pid = who(1);
    other_pid.pid = 77;
    other_pid.client_id = "77";
    EXPECT_EQ(field(ask1(1, make_api_request(kApiNodeList, other_pid)), "result"), "badreq");
}

TEST_F(ApiHandlerTest, MalformedRequestsGetBadreqNotACrash) {
    signed_on(1, "", kUser);
    Message no_op = make_api_request(kApiNodeList, who(1));
    no_op.remove(kFieldReqType);
    EXPECT_EQ(field(ask1(1, no_op), "result"), "badreq");
    Message unknown = ask1(1, make_api_request("frobnicate", who(1)));
    EXPECT_EQ(field(unknown, "result"), "badreq");
    EXPECT_EQ(field(unknown, "info"), "Unknown API request");
    EXPECT_EQ(field(ask1(1, make_signon_request(who(1), kUser, 100)), "result"), "badreq")
        << "a second signon on a signed-on connection";

    // Random field soup must never crash the handler.
    std::mt19937 rng(7);
    const std::vector<std::string> names = {"t",         "reqtype", "node",    "ifname",  "pname",
                                            "cn",        "pid",     "from_id", "fmask",   "signal",
                                            "queryuuid", "to_id",   "timeout", "sendqlen"};
    const std::vector<std::string> values = {
        "hbapi-req", "nodelist", "ifstatus", "clientstatus", "node1",       "node2",
        "",          "-1",       "1001",     "zz",           "ffffffffffff"};
    for (int i = 0; i < 2000; ++i) {
        Message m;
        int n = static_cast<int>(rng() % 7);
        for (int j = 0; j < n; ++j)
            m.add_string(names[rng() % names.size()], values[rng() % values.size()]);
        ClientId id = 1 + rng() % 3;
        (void)h_->on_request(id, m);
    }
    (void)h_->on_frame(2, "not a message");
}

TEST_F(ApiHandlerTest, UndecodableFrameClosesTheClient) {
    signed_on(1, "", kUser);
    ApiEffects e = h_->on_frame(1, "###\ngarbage");
    EXPECT_TRUE(closes(e, 1));
    EXPECT_FALSE(h_->is_signed_on(1));
}

// ---- Client status -----------------------------------------------------------------

TEST_F(ApiHandlerTest, LocalClientStatusAnswersAtOnce) {
    signed_on(1, "", kUser);
    Message r = ask1(1, make_clientstatus_request(who(1), "node1", "ipfail", 500ms));
    EXPECT_EQ(field(r, "result"), "OK");
    EXPECT_EQ(field(r, "subt"), "respond-cstatus");
    EXPECT_EQ(field(r, "cs"), "offline");

    signed_on(2, "ipfail", kHacluster);
    EXPECT_EQ(field(ask1(1, make_clientstatus_request(who(1), "node1", "ipfail", 500ms)), "cs"),
              "online");
    // A casual client is known by its pid.
    EXPECT_EQ(field(ask1(2, make_clientstatus_request(who(2), "node1", "1001", 500ms)), "cs"),
              "online");
}

TEST_F(ApiHandlerTest, ClientStatusOfADeadOrUnknownNode) {
    view_.node("node2")->status = "dead";
    signed_on(1, "", kUser);
    ApiEffects e = h_->on_request(1, make_clientstatus_request(who(1), "node2", "ipfail", 500ms));
    EXPECT_TRUE(cluster_sends(e).empty());
    EXPECT_EQ(field(replies_to(e, 1).at(0), "cs"), "offline");
    Message bad = ask1(1, make_clientstatus_request(who(1), "node9", "ipfail", 500ms));
    EXPECT_EQ(field(bad, "result"), "badreq");
    EXPECT_FALSE(bad.has(kFieldSubt));
}

TEST_F(ApiHandlerTest, RemoteClientStatusAsksThePeerAndForwardsItsAnswer) {
    signed_on(1, "", kUser);
    ApiEffects e = h_->on_request(1, make_clientstatus_request(who(1), "node2", "ipfail", 500ms));
    EXPECT_TRUE(replies_to(e, 1).empty());
    auto sends = cluster_sends(e);
    ASSERT_EQ(sends.size(), 1u);
    EXPECT_EQ(field(sends[0], "t"), "query-cstatus");
    EXPECT_EQ(field(sends[0], "dest"), "node2");
    EXPECT_EQ(field(sends[0], "cn"), "ipfail");
    EXPECT_EQ(field(sends[0], "from_id"), "1001");
    auto timers = effects_of<api_effect::ArmTimer>(e);
    ASSERT_EQ(timers.size(), 1u);
    EXPECT_EQ(timers[0].client, 1u);
    EXPECT_EQ(timers[0].after, 500ms);

    // node2's answer, as the real heartbeat sends it.
    Message resp;
    resp.add_string(kFieldT, kMsgRespondCStatus);
    resp.add_string(kFieldDest, "node1");
    resp.add_string(kFieldResult, kApiOk);
    resp.add_string(kFieldCn, "ipfail");
    resp.add_string(kFieldToId, "1001");
    resp.add_string(kFieldCs, "online");
    resp.add_string(kFieldSrc, "node2");
    e = h_->on_cluster_message(resp);
    auto r = replies_to(e, 1);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0], resp);
    auto cancels = effects_of<api_effect::CancelTimer>(e);
    ASSERT_EQ(cancels.size(), 1u);
    EXPECT_EQ(cancels[0].request, timers[0].request);
    EXPECT_TRUE(h_->on_timeout(1, timers[0].request).empty()) << "already answered";
}

TEST_F(ApiHandlerTest, RemoteClientStatusTimesOut) {
    signed_on(1, "", kUser);
    ApiEffects e =
        h_->on_request(1, make_clientstatus_request(who(1), "node2", "ipfail", std::nullopt));
    auto timers = effects_of<api_effect::ArmTimer>(e);
    ASSERT_EQ(timers.size(), 1u);
    EXPECT_EQ(timers[0].after, options_.cstatus_timeout) << "heartbeat clients send no timeout";
    e = h_->on_timeout(1, timers[0].request);
    auto r = replies_to(e, 1);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(field(r[0], "reqtype"), "clientstatus");
    EXPECT_EQ(field(r[0], "result"), "fail");
    EXPECT_EQ(field(r[0], "info"), "No timely response.");
    EXPECT_TRUE(h_->on_timeout(1, timers[0].request).empty());
    EXPECT_TRUE(h_->on_timeout(99, 12345).empty());
}

TEST_F(ApiHandlerTest, AnswersQueriesFromPeersAboutLocalClients) {
    signed_on(1, "ipfail", kHacluster);
    Message q;
    q.add_string(kFieldT, kMsgQueryCStatus);
    q.add_string(kFieldDest, "node1");
    q.add_string(kFieldCn, "ipfail");
    q.add_string(kFieldFromId, "6511");
    q.add_string(kFieldSrc, "node2");
    ApiEffects e = h_->on_cluster_message(q);
    EXPECT_TRUE(replies_to(e, 1).empty()) << "the query is not delivered to clients";
    auto sends = cluster_sends(e);
    ASSERT_EQ(sends.size(), 1u);
    const Message& r = sends[0];
    ASSERT_EQ(r.size(), 6u);  // t dest result cn to_id cs, as captured from heartbeat 3.0.6
    EXPECT_EQ(r.fields()[0].name, "t");
    EXPECT_EQ(field(r, "t"), "respond-cstatus");
    EXPECT_EQ(r.fields()[1].name, "dest");
    EXPECT_EQ(field(r, "dest"), "node2");
    EXPECT_EQ(field(r, "result"), "OK");
    EXPECT_EQ(field(r, "cn"), "ipfail");
    EXPECT_EQ(field(r, "to_id"), "6511");
    EXPECT_EQ(field(r, "cs"), "online");

    q.set_string(kFieldCn, "crmd");
    EXPECT_EQ(field(cluster_sends(h_->on_cluster_message(q)).at(0), "cs"), "offline");
    Message broken;
    broken.add_string(kFieldT, kMsgQueryCStatus);
    EXPECT_TRUE(h_->on_cluster_message(broken).empty());
}

TEST_F(ApiHandlerTest, UnsolicitedClientStatusAnswersAreRoutedByToId) {
    signed_on(1, "crmd", kHacluster);
    signed_on(2, "", kUser);
    Message resp;
    resp.add_string(kFieldT, kMsgRespondCStatus);
    resp.add_string(kFieldCn, "cib");
    resp.add_string(kFieldToId, "crmd");
    resp.add_string(kFieldCs, "online");
    resp.add_string(kFieldSrc, "node2");
    ApiEffects e = h_->on_cluster_message(resp);
    EXPECT_EQ(replies_to(e, 1).size(), 1u);
    EXPECT_TRUE(replies_to(e, 2).empty());
}

// ---- Delivery ------------------------------------------------------------------------

TEST_F(ApiHandlerTest, ClusterMessagesGoToClientsOfTheirToId) {
    signed_on(1, "crmd", kHacluster);
    signed_on(2, "cib", kHacluster);
    signed_on(3, "", kUser);
    Message m;
    m.add_string(kFieldT, "crmd");
    m.add_string(kFieldToId, "crmd");
    m.add_string(kFieldSrc, "node2");
    ApiEffects e = h_->on_cluster_message(m);
    EXPECT_EQ(replies_to(e, 1).size(), 1u);
    EXPECT_TRUE(replies_to(e, 2).empty());
    EXPECT_TRUE(replies_to(e, 3).empty());

    Message broadcast;
    broadcast.add_string(kFieldT, "resource");
    broadcast.add_string(kFieldSrc, "node2");
    e = h_->on_cluster_message(broadcast);
    EXPECT_EQ(replies_to(e, 1).size(), 1u);
    EXPECT_EQ(replies_to(e, 2).size(), 1u);
    EXPECT_EQ(replies_to(e, 3).size(), 1u);

    Message heartbeat;
    heartbeat.add_string(kFieldT, kMsgStatus);
    heartbeat.add_string(kFieldSrc, "node2");
    heartbeat.add_string(kFieldSt, "active");
    EXPECT_TRUE(h_->on_cluster_message(heartbeat).empty()) << "status changes come separately";
}

TEST_F(ApiHandlerTest, FiltersSelectTreatments) {
    signed_on(1, "", kRoot);
    signed_on(2, "", kUser);
    EXPECT_EQ(field(ask1(1, make_setfilter_request(who(1), kTreatDropIt)), "result"), "OK");
    Message m;
    m.add_string(kFieldT, "resource");
    ApiEffects keep = h_->on_cluster_message(m);
    EXPECT_TRUE(replies_to(keep, 1).empty()) << "client 1 no longer wants KEEPIT";
    EXPECT_EQ(replies_to(keep, 2).size(), 1u);
    ApiEffects dropped = h_->on_cluster_message(m, kTreatDropIt);
    EXPECT_EQ(replies_to(dropped, 1).size(), 1u);
    EXPECT_TRUE(replies_to(dropped, 2).empty());
}

TEST_F(ApiHandlerTest, NodeAndLinkStatusChangesReachEveryClient) {
    signed_on(1, "crmd", kHacluster);
    signed_on(2, "", kUser);
    ApiEffects e = h_->on_node_status("node2", "dead");
    for (ClientId c : {1u, 2u}) {
        auto r = replies_to(e, c);
        ASSERT_EQ(r.size(), 1u);
        EXPECT_EQ(field(r[0], "t"), "status");
        EXPECT_EQ(field(r[0], "src"), "node2");
        EXPECT_EQ(field(r[0], "st"), "dead");
    }
    e = h_->on_link_status("node2", "eth0", "dead");
    auto r = replies_to(e, 2);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(field(r[0], "t"), "ifstat");
    EXPECT_EQ(field(r[0], "node"), "node2");
    EXPECT_EQ(field(r[0], "ifname"), "eth0");
    EXPECT_EQ(field(r[0], "st"), "dead");
}

TEST_F(ApiHandlerTest, NamedClientsSendToTheirPeersOnly) {
    signed_on(1, "crmd", kHacluster);
    Message m;
    m.add_string(kFieldT, "crmd");
    m.add_string("payload", "hello");
    m.add_string(kFieldToId, "cib");  // heartbeat overrides it
    ApiEffects e = h_->on_request(1, m);
    auto sends = cluster_sends(e);
    ASSERT_EQ(sends.size(), 1u);
    EXPECT_EQ(field(sends[0], "payload"), "hello");
    EXPECT_EQ(field(sends[0], "from_id"), "crmd");
    EXPECT_EQ(field(sends[0], "to_id"), "crmd");
    EXPECT_EQ(field(sends[0], "client_gen"), "0");

    Message ns;
    ns.add_string(kFieldT, "NS_rexmit");
    EXPECT_TRUE(h_->on_request(1, ns).empty());
    Message status;
    status.add_string(kFieldT, kMsgStatus);
    EXPECT_TRUE(h_->on_request(1, status).empty());
    EXPECT_TRUE(h_->is_signed_on(1));
}

TEST_F(ApiHandlerTest, CasualClientsMayNotSend) {
    signed_on(1, "", kUser);
    Message m;
    m.add_string(kFieldT, "crmd");
    ApiEffects e = h_->on_request(1, m);
    EXPECT_TRUE(cluster_sends(e).empty());
    EXPECT_TRUE(closes(e, 1));
    EXPECT_FALSE(h_->is_signed_on(1));
}

// ---- Leaving -------------------------------------------------------------------------

TEST_F(ApiHandlerTest, SignoffAnnouncesTheLeaveAndCloses) {
    signed_on(1, "crmd", kHacluster);
    ApiEffects e = h_->on_request(1, make_api_request(kApiSignoff, identity("crmd", 1001)));
    auto r = replies_to(e, 1);
    ASSERT_EQ(r.size(), 1u) << "heartbeat tells a named client it is signed off";
    EXPECT_EQ(field(r[0], "t"), "hbapi-clstat");
    EXPECT_EQ(field(r[0], "st"), "leave");
    auto sends = cluster_sends(e);
    ASSERT_EQ(sends.size(), 1u);
    EXPECT_EQ(field(sends[0], "st"), "leave");
    EXPECT_EQ(field(sends[0], "info"), "signoff");
    EXPECT_TRUE(closes(e, 1));
    EXPECT_FALSE(h_->has_client("crmd"));
    EXPECT_TRUE(h_->on_disconnect(1).empty()) << "the close that follows is a no-op";
}

TEST_F(ApiHandlerTest, CasualSignoffJustCloses) {
    signed_on(1, "", kUser);
    ApiEffects e = h_->on_request(1, make_api_request(kApiSignoff, who(1)));
    EXPECT_TRUE(cluster_sends(e).empty());
    EXPECT_TRUE(replies_to(e, 1).empty());
    EXPECT_TRUE(closes(e, 1));
    EXPECT_EQ(h_->client_count(), 0u);
}

TEST_F(ApiHandlerTest, DisconnectWithoutSignoffCleansUp) {
    signed_on(1, "crmd", kHacluster);
    ApiEffects e = h_->on_request(1, make_clientstatus_request(who(1), "node2", "cib", 500ms));
    auto timers = effects_of<api_effect::ArmTimer>(e);
    ASSERT_EQ(timers.size(), 1u);
    e = h_->on_disconnect(1);
    auto sends = cluster_sends(e);
    ASSERT_EQ(sends.size(), 1u);
    EXPECT_EQ(field(sends[0], "t"), "hbapi-clstat");
    EXPECT_EQ(field(sends[0], "st"), "leave");
    EXPECT_EQ(field(sends[0], "info"), "EOF");
    EXPECT_TRUE(replies_to(e, 1).empty());
    auto cancels = effects_of<api_effect::CancelTimer>(e);
    ASSERT_EQ(cancels.size(), 1u);
    EXPECT_EQ(cancels[0].request, timers[0].request);
    EXPECT_EQ(h_->client_count(), 0u);
    EXPECT_TRUE(h_->on_timeout(1, timers[0].request).empty());
    signed_on(2, "crmd", kHacluster);  // the name is free again
}

}  // namespace
}  // namespace ha::hb
