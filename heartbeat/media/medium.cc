#include "heartbeat/media/medium.h"

#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "heartbeat/media/media_detail.h"

namespace ha::hb {

MediumSpec medium_spec(const Medium& line, const std::string& bind_address) {
    MediumSpec spec;
    spec.type = line.type;
    spec.dev = line.dev;
    spec.address = line.address;
    spec.port = static_cast<uint16_t>(line.port);
    spec.ttl = line.ttl;
    spec.loop = line.loop;
    spec.baud = line.baud;
    spec.bind_address = bind_address;
    return spec;
}

Result<std::unique_ptr<MediumIo>> open_medium(const MediumSpec& spec) {
    if (spec.type == MediumType::kSerial) return detail::open_serial_medium(spec);
    return detail::open_udp_medium(spec);
}

namespace detail {

std::string format_address(const sockaddr_storage& addr) {
    char host[INET6_ADDRSTRLEN] = "?";
    uint16_t port = 0;
    if (addr.ss_family == AF_INET) {
        auto* sin = reinterpret_cast<const sockaddr_in*>(&addr);
        ::inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
        port = ntohs(sin->sin_port);
        return std::string(host) + ":" + std::to_string(port);
    }
    if (addr.ss_family == AF_INET6) {
        auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&addr);
        ::inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
        port = ntohs(sin6->sin6_port);
        return "[" + std::string(host) + "]:" + std::to_string(port);
    }
    return "?";
}

Result<in_addr> interface_broadcast(const std::string& dev) {
    if (dev.size() >= IFNAMSIZ) return invalid("interface name too long: '" + dev + "'");
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return Status(ErrorCode::kIo, std::string("socket: ") + std::strerror(errno));
    ifreq ifr{};
    std::memcpy(ifr.ifr_name, dev.c_str(), dev.size());
    int rc = ::ioctl(fd, SIOCGIFBRDADDR, &ifr);
    int err = errno;
    ::close(fd);
    if (rc < 0)
        return Status(ErrorCode::kNotFound,
                      "no broadcast address on '" + dev + "': " + std::strerror(err));
    in_addr a = reinterpret_cast<sockaddr_in*>(&ifr.ifr_broadaddr)->sin_addr;
    if (a.s_addr == 0)
        return Status(ErrorCode::kNotFound, "interface '" + dev + "' has no broadcast address");
    return a;
}

void SerialFramer::feed(std::string_view bytes) {
    buf_.append(bytes);
    // Bound memory on a noisy line: keep only what can still become a frame.
    if (buf_.size() > 2 * kMaxPacket) buf_.erase(0, buf_.size() - kMaxPacket);
}

std::optional<std::string> SerialFramer::next() {
    static constexpr std::string_view kStart = ">>>\n", kEnd = "<<<\n";
    while (true) {
        size_t start = buf_.find(kStart);
        if (start == std::string::npos) {
            // Keep a possible partial start marker at the tail.
            if (buf_.size() > 3) buf_.erase(0, buf_.size() - 3);
            return std::nullopt;
        }
        if (start > 0) buf_.erase(0, start);
        size_t end = buf_.find(kEnd, kStart.size());
        if (end == std::string::npos) {
            if (buf_.size() > kMaxPacket) buf_.erase(0, kStart.size());  // drop runaway frame
            return std::nullopt;
        }
        // A new start marker before the end means the earlier frame was cut short.
        size_t restart = buf_.find(kStart, kStart.size());
        if (restart != std::string::npos && restart < end) {
            buf_.erase(0, restart);
            continue;
        }
        std::string frame = buf_.substr(0, end + kEnd.size());
        buf_.erase(0, end + kEnd.size());
        return frame;
    }
}

}  // namespace detail
}  // namespace ha::hb
