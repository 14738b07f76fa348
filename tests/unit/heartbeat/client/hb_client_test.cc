// HbClient against a real socket: an in-test server (IpcServer + ApiHandler
// + fake cluster) on the test thread's MainLoop, the blocking client on a
// helper thread for each call.
#include "heartbeat/client/hb_client.h"

#include <atomic>
#include <memory>
#include <optional>
#include <thread>

#include <glib.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/support/test_env.h"
#include "tests/unit/heartbeat/client/api_test_server.h"
#include "tests/unit/heartbeat/client/fake_cluster_view.h"

namespace ha::hb {
namespace {

using std::chrono_literals::operator""ms;
using test::ApiTestServer;
using test::FakeClusterView;

std::string field(const Message& m, std::string_view name) {
    return std::string(m.get_string(name).value_or("<absent>"));
}

class HbClientTest : public ::testing::Test {
  protected:
    void SetUp() override { view_ = FakeClusterView::two_nodes(); }
    void start(std::vector<ApiAuth> apiauth = {}) {
        server_ = std::make_unique<ApiTestServer>(loop_, view_, std::move(apiauth));
        Status s = server_->start(path());
        ASSERT_TRUE(s.is_ok()) << s.to_string();
    }
    std::string path() const { return dir_.path() + "/var/run/heartbeat/register"; }
    HbClient::Options options() const {
        HbClient::Options o;
        o.socket_path = path();
        o.node = "node1";
        o.call_timeout = 5000ms;
        return o;
    }
    // Runs f on a helper thread while this thread serves the loop.
    template <typename F>
    auto in_client(F f) {
        using R = decltype(f());
        std::optional<R> result;
        std::atomic<bool> done{false};
        std::thread t([&] {
            result.emplace(f());
            done = true;
            g_main_context_wakeup(loop_.context());  // run_until re-checks `done`
        });
        bool finished = loop_.run_until([&] { return done.load(); }, 10000ms);
        t.join();
        EXPECT_TRUE(finished);
        return std::move(*result);
    }
    HbClient& signon(std::string name = "") {
        auto c = in_client([&] { return HbClient::signon(name, options()); });
        EXPECT_TRUE(c.is_ok()) << c.status().to_string();
        client_.emplace(std::move(*c));
        return *client_;
    }
    // Lets the server process what the client sent without waiting for a reply.
    void settle() {
        for (int i = 0; i < 20; ++i)
            loop_.iterate(false);
        loop_.run_until([] { return false; }, 20ms);
    }
    ApiAuth own_user(std::string client) const {
        ApiAuth a;
        a.client = std::move(client);
        a.uids = {std::to_string(::geteuid())};
        return a;
    }

    ha::test::TempDir dir_;
    io::MainLoop loop_;
    FakeClusterView view_;
    std::unique_ptr<ApiTestServer> server_;
    std::optional<HbClient> client_;
};

TEST_F(HbClientTest, SignsOnAndAnswersEveryQuery) {
    start();
    HbClient& c = signon();
    EXPECT_TRUE(c.casual());
    EXPECT_EQ(c.client_id(), std::to_string(::getpid()));
    EXPECT_EQ(c.local_node(), "node1");
    EXPECT_EQ(c.deadtime(), 5000ms);
    EXPECT_EQ(c.keepalive(), 1000ms);
    EXPECT_EQ(c.log_facility(), -1);

    auto nodes = in_client([&] { return c.nodes(); });
    ASSERT_TRUE(nodes.is_ok()) << nodes.status().to_string();
    EXPECT_EQ(*nodes, (std::vector<std::string>{"node1", "node2"}));
    EXPECT_EQ(*in_client([&] { return c.num_nodes(); }), 2);
    EXPECT_EQ(*in_client([&] { return c.node_status("node2"); }), "active");
    EXPECT_EQ(*in_client([&] { return c.node_weight("node2"); }), 100);
    EXPECT_EQ(*in_client([&] { return c.node_site("node2"); }), "");
    EXPECT_EQ(*in_client([&] { return c.node_type("node2"); }), "normal");
    EXPECT_EQ(*in_client([&] { return c.links("node2"); }), std::vector<std::string>{"eth0"});
    EXPECT_EQ(*in_client([&] { return c.link_status("node2", "eth0"); }), "up");
    EXPECT_EQ(*in_client([&] { return c.parameter("keepalive"); }),
              std::optional<std::string>("1"));
    EXPECT_EQ(*in_client([&] { return c.parameter("node"); }), std::nullopt);
    EXPECT_EQ(*in_client([&] { return c.parameter("hbversion"); }),
              std::optional<std::string>("3.0.6 (heartbeat-ng 0.1.0)"));
    EXPECT_EQ(*in_client([&] { return c.resources(); }), "local");
    EXPECT_EQ(*in_client([&] { return c.node_uuid("node2"); }),
              std::optional<std::string>(std::string(16, '2')));
    EXPECT_EQ(*in_client([&] { return c.node_by_uuid(std::string(16, '1')); }),
              std::optional<std::string>("node1"));
    EXPECT_EQ(*in_client([&] { return c.client_status("node1", "ipfail", 500ms); }), "offline");
    EXPECT_TRUE(in_client([&] { return c.set_filter(kTreatKeepIt); }).is_ok());
    EXPECT_TRUE(in_client([&] { return c.set_signal(10); }).is_ok());
    EXPECT_TRUE(in_client([&] { return c.set_send_queue_length(64); }).is_ok());

    auto bad = in_client([&] { return c.node_status("node9"); });
    ASSERT_FALSE(bad.is_ok());
    EXPECT_EQ(bad.status().code(), ErrorCode::kInvalid);
    EXPECT_EQ(bad.status().message(), "EINVAL");
    auto bad_links = in_client([&] { return c.links("node9"); });
    EXPECT_EQ(bad_links.status().message(), "EINVAL");
    // The connection stays usable after a refused request.
    EXPECT_EQ(*in_client([&] { return c.node_status("node1"); }), "active");
}

TEST_F(HbClientTest, NoHeartbeatMeansCannotConnect) {
    auto c = HbClient::signon("", options());  // nothing listens on path()
    ASSERT_FALSE(c.is_ok());
    EXPECT_EQ(c.status().code(), ErrorCode::kNotFound);
    EXPECT_EQ(c.status().message(), HbClient::kCannotConnect);
}

TEST_F(HbClientTest, RefusedConnectionIsAPermissionError) {
    start();
    server_->refuse_connections(true);
    auto c = in_client([&] { return HbClient::signon("", options()); });
    ASSERT_FALSE(c.is_ok());
    EXPECT_EQ(c.status().code(), ErrorCode::kPermission) << c.status().to_string();
}

TEST_F(HbClientTest, UnauthorisedNamedClientIsToldWhy) {
    ApiAuth only_nobody;
    only_nobody.client = "crmd";
    only_nobody.uids = {"65534"};
    start({only_nobody});
    if (::geteuid() == 65534) GTEST_SKIP() << "running as nobody";
    auto c = in_client([&] { return HbClient::signon("crmd", options()); });
    ASSERT_FALSE(c.is_ok());
    EXPECT_EQ(c.status().code(), ErrorCode::kPermission);
    EXPECT_NE(c.status().message().find("client failed authorization"), std::string::npos)
        << c.status().to_string();
}

TEST_F(HbClientTest, RemoteClientStatusIsAnsweredByThePeer) {
    start();
    // node2 answers every query about its clients: ipfail has just joined.
    server_->on_send_to_cluster = [this](const Message& m) {
        if (m.get_string(kFieldT) != std::optional<std::string_view>(kMsgQueryCStatus)) return;
        Message r;
        r.add_string(kFieldT, kMsgRespondCStatus);
        r.add_string(kFieldDest, "node1");
        r.add_string(kFieldResult, kApiOk);
        r.add_string(kFieldCn, m.get_string(kFieldCn).value_or(""));
        r.add_string(kFieldToId, m.get_string(kFieldFromId).value_or(""));
        r.add_string(kFieldCs, kClientJoin);
        r.add_string(kFieldSrc, "node2");
        server_->run(server_->handler().on_cluster_message(r));
    };
    HbClient& c = signon();
    EXPECT_EQ(*in_client([&] { return c.client_status("node2", "ipfail", 1000ms); }), "join");
    ASSERT_EQ(server_->sent_to_cluster.size(), 1u);  // the query (node2 answered it)
    EXPECT_EQ(field(server_->sent_to_cluster[0], "dest"), "node2");
}

TEST_F(HbClientTest, RemoteClientStatusTimesOutWithHeartbeatsReason) {
    start();
    HbClient& c = signon();
    auto s = in_client([&] { return c.client_status("node2", "ipfail", 100ms); });
    ASSERT_FALSE(s.is_ok());
    EXPECT_EQ(s.status().code(), ErrorCode::kTimeout);
    EXPECT_EQ(s.status().message(), "No timely response.");
    // Later queries are not confused by the late or absent answer.
    EXPECT_EQ(*in_client([&] { return c.node_status("node2"); }), "active");
}

TEST_F(HbClientTest, NamedClientSendsAndReceivesWithCallbacks) {
    start({own_user("crmd")});
    HbClient& c = signon("crmd");
    EXPECT_FALSE(c.casual());
    ASSERT_EQ(server_->sent_to_cluster.size(), 1u);
    EXPECT_EQ(field(server_->sent_to_cluster[0], "t"), "hbapi-clstat");

    Message m;
    m.add_string(kFieldT, "crmd");
    m.add_string("payload", "hello");
    ASSERT_TRUE(in_client([&] { return c.send_to_node("node2", m); }).is_ok());
    settle();
    ASSERT_EQ(server_->sent_to_cluster.size(), 2u);
    Message sent = server_->sent_to_cluster[1];
    EXPECT_EQ(field(sent, "dest"), "node2");
    EXPECT_EQ(field(sent, "from_id"), "crmd");
    EXPECT_EQ(field(sent, "to_id"), "crmd");

    // The cluster delivers it back (heartbeat delivers our own messages too).
    std::vector<std::string> got;
    c.set_message_callback("crmd",
                           [&](const Message& msg) { got.push_back(field(msg, "payload")); });
    std::vector<std::string> nodes, links, clients;
    c.set_node_status_callback(
        [&](const std::string& n, const std::string& s) { nodes.push_back(n + "=" + s); });
    c.set_link_status_callback(
        [&](const std::string& n, const std::string& l, const std::string& s) {
            links.push_back(n + ":" + l + "=" + s);
        });
    c.set_client_status_callback(
        [&](const std::string& n, const std::string& cl, const std::string& s) {
            clients.push_back(n + ":" + cl + "=" + s);
        });
    server_->run(server_->handler().on_cluster_message(sent));
    server_->run(server_->handler().on_node_status("node2", "dead"));
    server_->run(server_->handler().on_link_status("node2", "eth0", "dead"));
    Message join = make_client_status_notice("crmd", kClientJoin, "node2", "signon", 0);
    server_->run(server_->handler().on_cluster_message(join));
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(*in_client([&] { return c.dispatch(2000ms); }), true);
    EXPECT_EQ(got, std::vector<std::string>{"hello"});
    EXPECT_EQ(nodes, std::vector<std::string>{"node2=dead"});
    EXPECT_EQ(links, std::vector<std::string>{"node2:eth0=dead"});
    EXPECT_EQ(clients, std::vector<std::string>{"node2:crmd=join"});
    EXPECT_EQ(*in_client([&] { return c.dispatch(0ms); }), false);

    ASSERT_TRUE(in_client([&] { return c.signoff(); }).is_ok());
    settle();
    EXPECT_EQ(server_->handler().client_count(), 0u);
    ASSERT_EQ(server_->sent_to_cluster.size(), 3u);
    EXPECT_EQ(field(server_->sent_to_cluster[2], "st"), "leave");
    EXPECT_EQ(field(server_->sent_to_cluster[2], "info"), "signoff");
    EXPECT_FALSE(in_client([&] { return c.nodes(); }).is_ok());
}

TEST_F(HbClientTest, MessagesArrivingDuringAQueryWaitInTheQueue) {
    start();
    HbClient& c = signon();
    server_->run(server_->handler().on_node_status("node2", "dead"));
    auto nodes = in_client([&] { return c.nodes(); });
    ASSERT_TRUE(nodes.is_ok());
    EXPECT_TRUE(c.has_queued());
    auto msg = in_client([&] { return c.read_message(0ms); });
    ASSERT_TRUE(msg.is_ok());
    ASSERT_TRUE(msg->has_value());
    EXPECT_EQ(field(**msg, "t"), "status");
    EXPECT_EQ(field(**msg, "st"), "dead");
    auto none = in_client([&] { return c.read_message(50ms); });
    ASSERT_TRUE(none.is_ok());
    EXPECT_FALSE(none->has_value());
}

TEST_F(HbClientTest, CasualClientsCannotSend) {
    start();
    HbClient& c = signon();
    Message m;
    m.add_string(kFieldT, "crmd");
    Status s = c.send_to_cluster(m);
    EXPECT_EQ(s.code(), ErrorCode::kPermission);
    EXPECT_TRUE(c.signed_on());
}

TEST_F(HbClientTest, HeartbeatGoingAwayEndsTheSession) {
    start();
    HbClient& c = signon();
    server_.reset();  // closes every connection
    auto r = in_client([&] { return c.nodes(); });
    ASSERT_FALSE(r.is_ok());
    EXPECT_EQ(r.status().code(), ErrorCode::kIo) << r.status().to_string();
    auto m = in_client([&] { return c.read_message(100ms); });
    EXPECT_FALSE(m.is_ok());
}

}  // namespace
}  // namespace ha::hb
