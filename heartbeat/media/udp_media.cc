// UDP media: bcast, mcast, mcast6, ucast, ucast6. Each medium has a send
// socket and a receive socket, as heartbeat's plugins do; the receive socket
// is bound to the heartbeat port on every address (or to `bind_address`, our
// addition so several nodes can share one host's loopback).
#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "heartbeat/media/media_detail.h"
#include "heartbeat/media/medium.h"

namespace ha::hb {

namespace {

std::string sys_error(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

Result<sockaddr_storage> resolve(const std::string& host, uint16_t port, int family,
                                 socklen_t* len) {
    addrinfo hints{};
    hints.ai_family = family;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* res = nullptr;
    int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &res);
    if (rc != 0 || !res)
        return Status(ErrorCode::kNotFound, "cannot resolve '" + host + "': " + gai_strerror(rc));
    sockaddr_storage ss{};
    std::memcpy(&ss, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    ::freeaddrinfo(res);
    if (ss.ss_family == AF_INET) {
        reinterpret_cast<sockaddr_in*>(&ss)->sin_port = htons(port);
    } else {
        reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port = htons(port);
    }
    return ss;
}

class UdpMedium : public MediumIo {
  public:
    UdpMedium(MediumType type, std::string link) : type_(type), name_(std::move(link)) {}
    ~UdpMedium() override {
        if (send_fd_ >= 0) ::close(send_fd_);
        if (recv_fd_ >= 0) ::close(recv_fd_);
    }

    const std::string& name() const override { return name_; }
    const char* type_name() const override { return medium_type_name(type_); }
    int read_fd() const override { return recv_fd_; }

    Status send(std::string_view bytes) override {
        if (bytes.size() > kMaxPacket) return Status(ErrorCode::kTooLarge, "packet too large");
        ssize_t n = ::sendto(send_fd_, bytes.data(), bytes.size(), MSG_DONTWAIT,
                             reinterpret_cast<const sockaddr*>(&dest_), dest_len_);
        if (n < 0) return Status(ErrorCode::kIo, sys_error(name_ + ": sendto"));
        return Status::ok();
    }

    Result<std::optional<Packet>> receive() override {
        buffer_.resize(kMaxPacket + 1);
        sockaddr_storage from{};
        socklen_t from_len = sizeof from;
        ssize_t n = ::recvfrom(recv_fd_, buffer_.data(), buffer_.size(), MSG_DONTWAIT,
                               reinterpret_cast<sockaddr*>(&from), &from_len);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                return std::optional<Packet>();
            return Status(ErrorCode::kIo, sys_error(name_ + ": recvfrom"));
        }
        Packet p;
        p.bytes.assign(buffer_.data(), static_cast<size_t>(n));
        p.peer = detail::format_address(from);
        return std::optional<Packet>(std::move(p));
    }

    Status open(const MediumSpec& spec);

  private:
    Status open_send(const MediumSpec& spec, int family);
    Status open_recv(const MediumSpec& spec, int family, const sockaddr_storage* bind_to,
                     socklen_t bind_len);

    MediumType type_;
    std::string name_;
    int send_fd_ = -1;
    int recv_fd_ = -1;
    sockaddr_storage dest_{};
    socklen_t dest_len_ = 0;
    std::string buffer_;
};

Status UdpMedium::open_send(const MediumSpec& spec, int family) {
    send_fd_ = ::socket(family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (send_fd_ < 0) return Status(ErrorCode::kIo, sys_error("socket"));
    int on = 1;
    if (family == AF_INET) {
        int tos = IPTOS_LOWDELAY;
        (void)::setsockopt(send_fd_, IPPROTO_IP, IP_TOS, &tos, sizeof tos);
    }
    if (type_ == MediumType::kBcast) {
        if (::setsockopt(send_fd_, SOL_SOCKET, SO_BROADCAST, &on, sizeof on) < 0)
            return Status(ErrorCode::kIo, sys_error("SO_BROADCAST"));
        (void)::setsockopt(send_fd_, SOL_SOCKET, SO_DONTROUTE, &on, sizeof on);
    }
    // Binding to the device needs CAP_NET_RAW; without it the routing table decides.
    if (!spec.dev.empty() && type_ != MediumType::kMcast && type_ != MediumType::kMcast6)
        (void)::setsockopt(send_fd_, SOL_SOCKET, SO_BINDTODEVICE, spec.dev.c_str(),
                           static_cast<socklen_t>(spec.dev.size()));
    if (!spec.bind_address.empty() && type_ != MediumType::kBcast) {
        socklen_t len = 0;
        auto local = resolve(spec.bind_address, 0, family, &len);
        if (local && ::bind(send_fd_, reinterpret_cast<const sockaddr*>(&*local), len) < 0)
            return Status(ErrorCode::kIo, sys_error("bind " + spec.bind_address));
    }
    unsigned ifindex = spec.dev.empty() ? 0 : ::if_nametoindex(spec.dev.c_str());
    if (type_ == MediumType::kMcast) {
        ip_mreqn req{};
        req.imr_ifindex = static_cast<int>(ifindex);
        unsigned char ttl = static_cast<unsigned char>(spec.ttl), loop = spec.loop ? 1 : 0;
        if (::setsockopt(send_fd_, IPPROTO_IP, IP_MULTICAST_IF, &req, sizeof req) < 0 ||
            ::setsockopt(send_fd_, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl) < 0 ||
            ::setsockopt(send_fd_, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof loop) < 0)
            return Status(ErrorCode::kIo, sys_error("multicast options on " + spec.dev));
    } else if (type_ == MediumType::kMcast6) {
        int hops = spec.ttl, loop = spec.loop ? 1 : 0;
        if (::setsockopt(send_fd_, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof ifindex) < 0 ||
            ::setsockopt(send_fd_, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) < 0 ||
            ::setsockopt(send_fd_, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &loop, sizeof loop) < 0)
            return Status(ErrorCode::kIo, sys_error("multicast options on " + spec.dev));
    }
    return Status::ok();
}

Status UdpMedium::open_recv(const MediumSpec& spec, int family, const sockaddr_storage* bind_to,
                            socklen_t bind_len) {
    recv_fd_ = ::socket(family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (recv_fd_ < 0) return Status(ErrorCode::kIo, sys_error("socket"));
    int on = 1;
    (void)::setsockopt(recv_fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    (void)::setsockopt(recv_fd_, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
    int rcvbuf = 4 * 1024 * 1024;
    (void)::setsockopt(recv_fd_, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    if (family == AF_INET6) (void)::setsockopt(recv_fd_, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    if (!spec.dev.empty() && (type_ == MediumType::kUcast || type_ == MediumType::kUcast6))
        (void)::setsockopt(recv_fd_, SOL_SOCKET, SO_BINDTODEVICE, spec.dev.c_str(),
                           static_cast<socklen_t>(spec.dev.size()));
    if (::bind(recv_fd_, reinterpret_cast<const sockaddr*>(bind_to), bind_len) < 0)
        return Status(ErrorCode::kIo,
                      sys_error(name_ + ": bind to " + detail::format_address(*bind_to)));
    unsigned ifindex = spec.dev.empty() ? 0 : ::if_nametoindex(spec.dev.c_str());
    if (type_ == MediumType::kMcast) {
        ip_mreqn req{};
        req.imr_multiaddr = reinterpret_cast<const sockaddr_in*>(&dest_)->sin_addr;
        req.imr_ifindex = static_cast<int>(ifindex);
        if (::setsockopt(recv_fd_, IPPROTO_IP, IP_ADD_MEMBERSHIP, &req, sizeof req) < 0)
            return Status(ErrorCode::kIo, sys_error("join " + spec.address + " on " + spec.dev));
    } else if (type_ == MediumType::kMcast6) {
        ipv6_mreq req{};
        req.ipv6mr_multiaddr = reinterpret_cast<const sockaddr_in6*>(&dest_)->sin6_addr;
        req.ipv6mr_interface = ifindex;
        if (::setsockopt(recv_fd_, IPPROTO_IPV6, IPV6_JOIN_GROUP, &req, sizeof req) < 0)
            return Status(ErrorCode::kIo, sys_error("join " + spec.address + " on " + spec.dev));
    }
    return Status::ok();
}

Status UdpMedium::open(const MediumSpec& spec) {
    bool v6 = type_ == MediumType::kMcast6 || type_ == MediumType::kUcast6;
    int family = v6 ? AF_INET6 : AF_INET;

    // Where packets go.
    if (type_ == MediumType::kBcast) {
        auto brd = detail::interface_broadcast(spec.dev);
        if (!brd) return brd.status();
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_port = htons(spec.port);
        sin.sin_addr = *brd;
        std::memcpy(&dest_, &sin, sizeof sin);
        dest_len_ = sizeof sin;
    } else {
        auto d = resolve(spec.address, spec.port, family, &dest_len_);
        if (!d) return d.status();
        dest_ = *d;
    }
    if ((type_ == MediumType::kMcast || type_ == MediumType::kMcast6 ||
         type_ == MediumType::kBcast) &&
        !spec.dev.empty() && ::if_nametoindex(spec.dev.c_str()) == 0)
        return Status(ErrorCode::kNotFound, "no such interface '" + spec.dev + "'");

    // Where we listen.
    sockaddr_storage local{};
    socklen_t local_len = 0;
    if (type_ == MediumType::kMcast || type_ == MediumType::kMcast6) {
        local = dest_;  // the group, so only this group's traffic arrives
        local_len = dest_len_;
    } else if (!spec.bind_address.empty()) {
        auto l = resolve(spec.bind_address, spec.port, family, &local_len);
        if (!l) return l.status();
        local = *l;
    } else if (v6) {
        sockaddr_in6 any{};
        any.sin6_family = AF_INET6;
        any.sin6_port = htons(spec.port);
        any.sin6_addr = in6addr_any;
        std::memcpy(&local, &any, sizeof any);
        local_len = sizeof any;
    } else {
        sockaddr_in any{};
        any.sin_family = AF_INET;
        any.sin_port = htons(spec.port);
        any.sin_addr.s_addr = htonl(INADDR_ANY);
        std::memcpy(&local, &any, sizeof any);
        local_len = sizeof any;
    }
    HA_RETURN_IF_ERROR(open_send(spec, family));
    HA_RETURN_IF_ERROR(open_recv(spec, family, &local, local_len));
    return Status::ok();
}

}  // namespace

namespace detail {

Result<std::unique_ptr<MediumIo>> open_udp_medium(const MediumSpec& spec) {
    auto m = std::make_unique<UdpMedium>(spec.type, spec.dev);
    Status s = m->open(spec);
    if (!s) return s.with_context(std::string(medium_type_name(spec.type)) + " " + spec.dev);
    return std::unique_ptr<MediumIo>(std::move(m));
}

}  // namespace detail
}  // namespace ha::hb
