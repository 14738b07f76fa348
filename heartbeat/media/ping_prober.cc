#include "heartbeat/media/ping_prober.h"

#include <cerrno>
#include <cstring>
#include <memory>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/icmp6.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ha::hb {

namespace {

uint16_t checksum(const uint8_t* data, size_t len) {
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < len; i += 2)
        sum += uint32_t(data[i] << 8 | data[i + 1]);
    if (len % 2) sum += uint32_t(data[len - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return uint16_t(~sum);
}

bool same_host(const sockaddr_storage& a, const sockaddr_storage& b) {
    if (a.ss_family != b.ss_family) return false;
    if (a.ss_family == AF_INET)
        return reinterpret_cast<const sockaddr_in&>(a).sin_addr.s_addr ==
               reinterpret_cast<const sockaddr_in&>(b).sin_addr.s_addr;
    return std::memcmp(&reinterpret_cast<const sockaddr_in6&>(a).sin6_addr,
                       &reinterpret_cast<const sockaddr_in6&>(b).sin6_addr, 16) == 0;
}

}  // namespace

Result<std::unique_ptr<PingProber>> PingProber::open(std::string node,
                                                     std::vector<std::string> hosts, bool v6) {
    std::unique_ptr<PingProber> p(new PingProber(std::move(node), v6));
    int family = v6 ? AF_INET6 : AF_INET;
    int proto = v6 ? int(IPPROTO_ICMPV6) : int(IPPROTO_ICMP);
    p->fd_ = ::socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
    p->raw_ = p->fd_ >= 0;
    if (p->fd_ < 0) p->fd_ = ::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
    if (p->fd_ < 0)
        return Status(ErrorCode::kPermission, "ping node " + p->node_ +
                                                  ": no ICMP socket (needs root or "
                                                  "net.ipv4.ping_group_range): " +
                                                  std::strerror(errno));
    p->ident_ = uint16_t(::getpid() ^ uintptr_t(p.get()));
    for (const auto& h : hosts) {
        addrinfo hints{};
        hints.ai_family = family;
        addrinfo* res = nullptr;
        if (::getaddrinfo(h.c_str(), nullptr, &hints, &res) != 0 || !res)
            return Status(ErrorCode::kNotFound, "ping node " + p->node_ + ": cannot resolve " + h);
        sockaddr_storage ss{};
        std::memcpy(&ss, res->ai_addr, res->ai_addrlen);
        ::freeaddrinfo(res);
        p->targets_.push_back(ss);
    }
    return p;
}

PingProber::~PingProber() {
    if (fd_ >= 0) ::close(fd_);
}

Status PingProber::send_echo() {
    ++seq_;
    uint8_t packet[16] = {};
    packet[0] = v6_ ? ICMP6_ECHO_REQUEST : ICMP_ECHO;
    packet[4] = uint8_t(ident_ >> 8);
    packet[5] = uint8_t(ident_);
    packet[6] = uint8_t(seq_ >> 8);
    packet[7] = uint8_t(seq_);
    std::memcpy(packet + 8, "hb-ng-pi", 8);
    if (!v6_) {  // the kernel computes ICMPv6 checksums
        uint16_t c = checksum(packet, sizeof packet);
        packet[2] = uint8_t(c >> 8);
        packet[3] = uint8_t(c);
    }
    Status result = Status::ok();
    for (const auto& t : targets_) {
        socklen_t len = t.ss_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
        if (::sendto(fd_, packet, sizeof packet, 0, reinterpret_cast<const sockaddr*>(&t), len) < 0)
            result = Status(ErrorCode::kIo, "ping " + node_ + ": " + std::strerror(errno));
    }
    return result;
}

bool PingProber::is_our_reply(const char* data, size_t len, const sockaddr_storage& from) const {
    // Raw IPv4 sockets deliver the IP header too.
    if (!v6_ && raw_) {
        if (len < 20) return false;
        size_t ihl = size_t(uint8_t(data[0]) & 0x0f) * 4;
        if (len < ihl) return false;
        data += ihl;
        len -= ihl;
    }
    if (len < 8) return false;
    uint8_t type = uint8_t(data[0]);
    if (type != (v6_ ? ICMP6_ECHO_REPLY : ICMP_ECHOREPLY)) return false;
    // Datagram ICMP sockets rewrite the identifier; they only show us ours.
    uint16_t ident = uint16_t(uint8_t(data[4]) << 8 | uint8_t(data[5]));
    if (raw_ && ident != ident_) return false;
    for (const auto& t : targets_)
        if (same_host(t, from)) return true;
    return false;
}

bool PingProber::receive_reply() {
    bool got = false;
    char buf[1500];
    for (int i = 0; i < 64; ++i) {
        sockaddr_storage from{};
        socklen_t flen = sizeof from;
        ssize_t n = ::recvfrom(fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &flen);
        if (n < 0) break;
        if (is_our_reply(buf, size_t(n), from)) got = true;
    }
    return got;
}

}  // namespace ha::hb
