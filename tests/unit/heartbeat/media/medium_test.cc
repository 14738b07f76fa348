#include "heartbeat/media/medium.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "heartbeat/media/media_detail.h"

namespace ha::hb {
namespace {

uint16_t free_udp_port() {
    int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin), 0);
    socklen_t len = sizeof sin;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len);
    ::close(fd);
    return ntohs(sin.sin_port);
}

std::optional<Packet> wait_packet(MediumIo& m, int timeout_ms = 2000) {
    pollfd p{m.read_fd(), POLLIN, 0};
    for (int i = 0; i < timeout_ms / 10; ++i) {
        auto r = m.receive();
        EXPECT_TRUE(r.is_ok()) << r.status().to_string();
        if (r.is_ok() && r->has_value()) return std::move(**r);
        ::poll(&p, 1, 10);
    }
    return std::nullopt;
}

TEST(UcastMedium, TwoNodesOnLoopbackExchangePackets) {
    uint16_t port = free_udp_port();
    MediumSpec a{MediumType::kUcast, "lo", "127.0.0.2", port, 1, false, "127.0.0.1"};
    MediumSpec b{MediumType::kUcast, "lo", "127.0.0.1", port, 1, false, "127.0.0.2"};
    auto ma = open_medium(a);
    auto mb = open_medium(b);
    ASSERT_TRUE(ma.is_ok()) << ma.status().to_string();
    ASSERT_TRUE(mb.is_ok()) << mb.status().to_string();
    EXPECT_EQ((*ma)->name(), "lo");
    EXPECT_STREQ((*ma)->type_name(), "ucast");

    std::string payload(
        "###\n\x00\x01"
        "binary",
        12);
    ASSERT_TRUE((*ma)->send(payload).is_ok());
    auto got = wait_packet(**mb);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->bytes, payload);
    EXPECT_EQ(got->peer.rfind("127.0.0.1:", 0), 0u) << got->peer;
    // Nothing else is waiting.
    auto none = (*mb)->receive();
    ASSERT_TRUE(none.is_ok());
    EXPECT_FALSE(none->has_value());
}

TEST(UcastMedium, RefusesOversizePackets) {
    MediumSpec a{MediumType::kUcast, "lo", "127.0.0.1", free_udp_port(), 1, false, "127.0.0.1"};
    auto m = open_medium(a);
    ASSERT_TRUE(m.is_ok());
    EXPECT_EQ((*m)->send(std::string(kMaxPacket + 1, 'x')).code(), ErrorCode::kTooLarge);
}

TEST(UcastMedium, UnresolvablePeerIsAClearError) {
    MediumSpec a{MediumType::kUcast, "lo", "no-such-host.invalid", 30694, 1, false, ""};
    auto m = open_medium(a);
    ASSERT_FALSE(m.is_ok());
    EXPECT_NE(m.status().message().find("no-such-host.invalid"), std::string::npos);
}

TEST(BcastMedium, UnknownInterfaceIsAClearError) {
    MediumSpec a{MediumType::kBcast, "nosuchif0", "", 30694, 1, false, ""};
    auto m = open_medium(a);
    ASSERT_FALSE(m.is_ok());
    EXPECT_NE(m.status().message().find("nosuchif0"), std::string::npos) << m.status().to_string();
}

TEST(SerialFramer, SplitsFramesAndSkipsNoise) {
    detail::SerialFramer f;
    f.feed("noise>>>\nt=status\n<<<\n>>>\nt=");
    auto a = f.next();
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(*a, ">>>\nt=status\n<<<\n");
    EXPECT_FALSE(f.next().has_value());
    f.feed("x\n<<<\n");
    auto b = f.next();
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(*b, ">>>\nt=x\n<<<\n");
}

TEST(SerialFramer, DropsAFrameCutShortByANewStart) {
    detail::SerialFramer f;
    f.feed(">>>\nt=lost\n>>>\nt=kept\n<<<\n");
    auto a = f.next();
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(*a, ">>>\nt=kept\n<<<\n");
}

TEST(SerialMedium, CarriesFramesOverAPtyPair) {
    int master = -1, slave = -1;
    char name[256];
    ASSERT_EQ(::openpty(&master, &slave, name, nullptr, nullptr), 0);
    MediumSpec s{MediumType::kSerial, name, "", 0, 1, false, "", 19200};
    auto m = open_medium(s);
    ASSERT_TRUE(m.is_ok()) << m.status().to_string();
    // Peer writes on the master side, in two pieces.
    termios t{};
    ::tcgetattr(master, &t);
    ::cfmakeraw(&t);
    ::tcsetattr(master, TCSANOW, &t);
    ASSERT_EQ(::write(master, ">>>\nt=sta", 9), 9);
    ASSERT_EQ(::write(master, "tus\n<<<\n", 8), 8);
    auto got = wait_packet(**m);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->bytes, ">>>\nt=status\n<<<\n");
    // And our writes reach the peer.
    ASSERT_TRUE((*m)->send(">>>\nt=x\n<<<\n").is_ok());
    char buf[64];
    pollfd p{master, POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 2000), 1);
    ssize_t n = ::read(master, buf, sizeof buf);
    EXPECT_EQ(std::string(buf, n > 0 ? static_cast<size_t>(n) : 0), ">>>\nt=x\n<<<\n");
    ::close(master);
    ::close(slave);
}

TEST(SerialMedium, RejectsUnsupportedBaud) {
    MediumSpec s{MediumType::kSerial, "/dev/null", "", 0, 1, false, "", 12345};
    auto m = open_medium(s);
    ASSERT_FALSE(m.is_ok());
    EXPECT_NE(m.status().message().find("12345"), std::string::npos);
}

}  // namespace
}  // namespace ha::hb
