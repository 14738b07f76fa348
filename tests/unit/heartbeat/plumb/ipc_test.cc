#include "heartbeat/plumb/ipc.h"

#include <cstring>
#include <vector>

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "heartbeat/plumb/ipc_client.h"
#include "tests/support/test_env.h"

namespace ha::io {
namespace {

using std::chrono_literals::operator""ms;
constexpr Millis kPatience{5000};  // only reached when a test is failing

// A server that echoes every frame back as "echo:<frame>" and records what
// happened to its connections.
class IpcTest : public ::testing::Test {
  protected:
    void start(IpcOptions options = {}) {
        IpcServer::Handlers h;
        h.on_connect = [this](const std::shared_ptr<IpcConnection>& conn) {
            accepted_.push_back(conn);
            if (refuse_) conn->close();
        };
        h.on_frame = [this](IpcConnection& conn, std::string frame) {
            frames_.push_back(frame);
            if (echo_) {
                Status sent = conn.send("echo:" + frame);
                if (!tolerate_send_failure_) {
                    EXPECT_TRUE(sent.is_ok());
                }
            }
        };
        h.on_close = [this](IpcConnection&, const Status& reason) { closes_.push_back(reason); };
        auto s = IpcServer::listen(loop_, path(), 0600, options, std::move(h));
        ASSERT_TRUE(s.is_ok()) << s.status().to_string();
        server_ = std::move(*s);
    }

    std::string path() const { return dir_.file("hb.sock"); }

    IpcClient connect() {
        auto c = IpcClient::connect(path(), 1000ms);
        EXPECT_TRUE(c.is_ok()) << c.status().to_string();
        return std::move(*c);
    }

    bool wait(const std::function<bool()>& done) { return loop_.run_until(done, kPatience); }

    // One request/reply with a blocking client, the server on the loop.
    std::string exchange(IpcClient& client, const std::string& request) {
        EXPECT_TRUE(client.send(request, 1000ms).is_ok());
        std::size_t before = frames_.size();
        EXPECT_TRUE(wait([&] { return frames_.size() > before; }));
        auto reply = client.receive(1000ms);
        return reply.is_ok() ? *reply : "<" + reply.status().to_string() + ">";
    }

    void send_raw(IpcClient& client, const std::string& bytes) {
        ASSERT_EQ(::send(client.fd(), bytes.data(), bytes.size(), MSG_NOSIGNAL),
                  static_cast<ssize_t>(bytes.size()));
    }

    test::TempDir dir_;
    MainLoop loop_;
    std::unique_ptr<IpcServer> server_;
    std::vector<std::shared_ptr<IpcConnection>> accepted_;
    std::vector<std::string> frames_;
    std::vector<Status> closes_;
    bool echo_ = true;
    bool tolerate_send_failure_ = false;
    bool refuse_ = false;
};

TEST_F(IpcTest, ExchangesFramesAndKnowsPeerCredentials) {
    start();
    IpcClient client = connect();
    EXPECT_EQ(exchange(client, "t=signon"), "echo:t=signon");
    EXPECT_EQ(exchange(client, ""), "echo:");
    ASSERT_EQ(accepted_.size(), 1u);
    const PeerCred& peer = accepted_[0]->peer();
    EXPECT_EQ(peer.pid, ::getpid());
    EXPECT_EQ(peer.uid, ::getuid());
    EXPECT_EQ(peer.gid, ::getgid());
    EXPECT_EQ(client.peer().pid, ::getpid());  // the server, seen from the client
    EXPECT_EQ(server_->connection_count(), 1u);
}

TEST_F(IpcTest, LoopClientExchangesLargeFrames) {
    start();
    std::vector<std::string> replies;
    Status closed(ErrorCode::kInternal, "not closed");
    auto conn = IpcConnection::connect(
        loop_, path(), 1000ms, {}, [&](IpcConnection&, std::string f) { replies.push_back(f); },
        [&](IpcConnection&, const Status& s) { closed = s; });
    ASSERT_TRUE(conn.is_ok()) << conn.status().to_string();
    EXPECT_EQ((*conn)->peer().uid, ::getuid());
    std::string big(200 * 1024, 'b');  // more than one socket write each way
    ASSERT_TRUE((*conn)->send(big).is_ok());
    ASSERT_TRUE((*conn)->send("small").is_ok());
    ASSERT_TRUE(wait([&] { return replies.size() == 2; }));
    EXPECT_EQ(replies[0], "echo:" + big);
    EXPECT_EQ(replies[1], "echo:small");
    (*conn)->close();
    EXPECT_FALSE((*conn)->is_open());
    ASSERT_TRUE(wait([&] { return closes_.size() == 1; }));
    EXPECT_TRUE(closes_[0].is_ok()) << closes_[0].to_string();  // clean, between frames
    EXPECT_TRUE(closed.is_ok());                                // local close
    EXPECT_EQ(server_->connection_count(), 0u);
}

TEST_F(IpcTest, FramesSentBeforeThePeerLeftAreReadEvenThoughRepliesFail) {
    // The client sends two frames and hangs up at once; answering the first
    // fails (the peer is gone), yet the second must still be delivered.
    echo_ = false;
    start();
    IpcClient c = connect();
    ASSERT_TRUE(wait([&] { return accepted_.size() == 1; }));
    ASSERT_TRUE(c.send("first", 1000ms).is_ok());
    ASSERT_TRUE(c.send("second", 1000ms).is_ok());
    c.close();
    echo_ = true;  // the reply to "first" hits a closed peer
    tolerate_send_failure_ = true;
    ASSERT_TRUE(wait([&] { return closes_.size() == 1; }));
    EXPECT_EQ(frames_, (std::vector<std::string>{"first", "second"}));
}

TEST_F(IpcTest, OversizeFrameDropsOnlyThatClient) {
    start(IpcOptions{.max_frame = 1024});
    IpcClient good = connect();
    IpcClient bad = connect();
    EXPECT_EQ(exchange(good, "hello"), "echo:hello");
    send_raw(bad, std::string("\x00\x00\x04\x01", 4) + std::string(2000, 'z'));
    ASSERT_TRUE(wait([&] { return closes_.size() == 1; }));
    EXPECT_EQ(closes_[0].code(), ErrorCode::kTooLarge) << closes_[0].to_string();
    EXPECT_EQ(bad.receive(1000ms).status().code(), ErrorCode::kIo);
    EXPECT_EQ(exchange(good, "still there"), "echo:still there");
    EXPECT_EQ(server_->connection_count(), 1u);
    EXPECT_EQ(frames_, (std::vector<std::string>{"hello", "still there"}));
}

TEST_F(IpcTest, GarbageBytesDropTheClient) {
    start();
    IpcClient bad = connect();
    send_raw(bad, "GET / HTTP/1.0\r\n\r\n");
    ASSERT_TRUE(wait([&] { return closes_.size() == 1; }));
    EXPECT_EQ(closes_[0].code(), ErrorCode::kTooLarge);
    EXPECT_TRUE(frames_.empty());
    IpcClient next = connect();
    EXPECT_EQ(exchange(next, "ok"), "echo:ok");
}

TEST_F(IpcTest, ClientClosingMidFrameIsDropped) {
    start();
    IpcClient client = connect();
    send_raw(client, std::string("\x00\x00\x00\x64", 4) + "only ten b");
    client.close();
    ASSERT_TRUE(wait([&] { return closes_.size() == 1; }));
    EXPECT_EQ(closes_[0].code(), ErrorCode::kIo);
    EXPECT_NE(closes_[0].message().find("mid-frame"), std::string::npos);
    EXPECT_TRUE(frames_.empty());
    EXPECT_EQ(server_->connection_count(), 0u);
}

TEST_F(IpcTest, ClientThatStopsReadingIsDroppedNotWaitedFor) {
    start(IpcOptions{.max_send_queue = 64 * 1024});
    IpcClient stalled = connect();
    IpcClient other = connect();
    ASSERT_TRUE(wait([&] { return accepted_.size() == 2; }));
    std::shared_ptr<IpcConnection> conn = accepted_[0];
    std::string chunk(16 * 1024, 'n');
    Status s;
    int sent = 0;
    // Every send returns at once; the socket buffer fills, then the queue.
    while ((s = conn->send(chunk)).is_ok() && sent < 100000)
        ++sent;
    EXPECT_EQ(s.code(), ErrorCode::kTooLarge) << s.to_string();
    EXPECT_FALSE(conn->is_open());
    EXPECT_EQ(conn->queued_bytes(), 0u);
    ASSERT_TRUE(wait([&] { return closes_.size() == 1; }));
    EXPECT_EQ(closes_[0].code(), ErrorCode::kTooLarge);
    EXPECT_EQ(exchange(other, "ping"), "echo:ping");
    EXPECT_EQ(conn->send("late").code(), ErrorCode::kIo);
}

TEST_F(IpcTest, ServerMayRefuseAPeerAtConnect) {
    refuse_ = true;
    start();
    IpcClient client = connect();
    ASSERT_TRUE(wait([&] { return closes_.size() == 1; }));
    EXPECT_TRUE(closes_[0].is_ok());
    auto r = client.receive(1000ms);
    EXPECT_EQ(r.status().code(), ErrorCode::kIo);
    EXPECT_EQ(server_->connection_count(), 0u);
}

TEST_F(IpcTest, SendChecksFrameLimitAndKeepsTheConnection) {
    start(IpcOptions{.max_frame = 64});
    auto connected = IpcClient::connect(path(), 1000ms, 64);
    ASSERT_TRUE(connected.is_ok());
    IpcClient client = std::move(*connected);
    ASSERT_TRUE(wait([&] { return accepted_.size() == 1; }));
    EXPECT_EQ(accepted_[0]->send(std::string(65, 'x')).code(), ErrorCode::kTooLarge);
    EXPECT_TRUE(accepted_[0]->is_open());
    EXPECT_EQ(client.send(std::string(65, 'x'), 100ms).code(), ErrorCode::kTooLarge);
    EXPECT_EQ(exchange(client, "fits"), "echo:fits");
}

TEST_F(IpcTest, DestroyingTheServerClosesClientsAndRemovesTheSocket) {
    start();
    IpcClient client = connect();
    ASSERT_TRUE(wait([&] { return accepted_.size() == 1; }));
    server_.reset();
    EXPECT_FALSE(accepted_[0]->is_open());
    EXPECT_EQ(client.receive(1000ms).status().code(), ErrorCode::kIo);
    struct stat st {};
    EXPECT_NE(::lstat(path().c_str(), &st), 0);
    loop_.run_until([] { return false; }, 2ms);
    EXPECT_TRUE(closes_.empty());  // no handlers after the server is gone
}

TEST_F(IpcTest, ListenSetsModeAndRefusesALiveSocket) {
    start();
    struct stat st {};
    ASSERT_EQ(::lstat(path().c_str(), &st), 0);
    EXPECT_TRUE(S_ISSOCK(st.st_mode));
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto second = IpcServer::listen(loop_, path(), 0600, {}, {});
    ASSERT_FALSE(second.is_ok());
    EXPECT_EQ(second.status().code(), ErrorCode::kIo);
    EXPECT_NE(second.status().message().find("in use"), std::string::npos);
    IpcClient client = connect();
    EXPECT_EQ(exchange(client, "first server"), "echo:first server");
}

TEST_F(IpcTest, ListenReplacesAStaleSocketButNeverAFile) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strcpy(addr.sun_path, path().c_str());
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ::close(fd);  // a crashed server's leftover
    start();
    IpcClient client = connect();
    EXPECT_EQ(exchange(client, "new"), "echo:new");

    test::write_file(dir_.file("plain"), "keep me");
    auto s = IpcServer::listen(loop_, dir_.file("plain"), 0600, {}, {});
    ASSERT_FALSE(s.is_ok());
    EXPECT_EQ(s.status().code(), ErrorCode::kInvalid);
    EXPECT_EQ(test::read_file(dir_.file("plain")), "keep me");
}

TEST_F(IpcTest, ServerOutOfFdsPausesThenAcceptsAgain) {
    start();
    IpcClient client = connect();  // waits in the backlog until accepted
    struct rlimit saved {};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
    struct rlimit tight = saved;
    tight.rlim_cur = 64;
    ASSERT_GT(saved.rlim_cur, tight.rlim_cur);
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &tight), 0);
    std::vector<int> hogs;  // every remaining fd below the limit
    for (int fd; (fd = ::dup(0)) >= 0;)
        hogs.push_back(fd);
    // accept() fails with EMFILE; the server must pause, not spin on the
    // still-readable listening socket.
    bool over = false;
    loop_.add_timer(30ms, [&] { over = true; });
    int iterations = 0;
    while (!over)
        iterations += loop_.iterate(true) ? 1 : 0;
    EXPECT_TRUE(accepted_.empty());
    EXPECT_LT(iterations, 10);
    for (int fd : hogs)
        ::close(fd);
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &saved), 0);
    ASSERT_TRUE(wait([&] { return accepted_.size() == 1; }));
    EXPECT_EQ(exchange(client, "after pause"), "echo:after pause");
}

TEST_F(IpcTest, ClientReportsMissingServerAndTimeouts) {
    auto missing = IpcClient::connect(path(), 100ms);
    ASSERT_FALSE(missing.is_ok());
    EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
    auto too_long = IpcClient::connect(dir_.file(std::string(120, 'p')), 100ms);
    EXPECT_EQ(too_long.status().code(), ErrorCode::kInvalid);

    echo_ = false;
    start();
    IpcClient client = connect();
    EXPECT_EQ(client.receive(0ms).status().code(), ErrorCode::kTimeout);
    EXPECT_TRUE(client.is_open());
}

}  // namespace
}  // namespace ha::io
