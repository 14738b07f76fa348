#include "lrm/raexec/rtnl_socket.h"

#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "heartbeat/plumb/fd_util.h"

namespace ha::lrm {

namespace {

Status errno_to_status(const std::string& what, int err) {
    ErrorCode code = ErrorCode::kIo;
    if (err == EPERM || err == EACCES) code = ErrorCode::kPermission;
    if (err == ENODEV) code = ErrorCode::kNotFound;
    if (err == EEXIST) code = ErrorCode::kInvalid;
    return Status(code, what + ": " + std::strerror(err));
}

// A socket for the interface ioctls.
Result<io::UniqueFd> ioctl_socket() {
    io::UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) return errno_to_status("socket(AF_INET)", errno);
    return fd;
}

}  // namespace

Result<NlReply> LinuxIpHost::transact(const Bytes& request, std::uint32_t seq) {
    io::UniqueFd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
    if (!fd.valid()) return errno_to_status("socket(NETLINK_ROUTE)", errno);
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    ssize_t sent = ::sendto(fd.get(), request.data(), request.size(), 0,
                            reinterpret_cast<const sockaddr*>(&kernel), sizeof kernel);
    if (sent < 0) return errno_to_status("netlink send", errno);
    NlReply reply;
    std::vector<std::uint8_t> buf(64 * 1024);
    while (!reply.done) {
        ssize_t n = ::recv(fd.get(), buf.data(), buf.size(), 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno_to_status("netlink receive", errno);
        }
        if (n == 0) return Status(ErrorCode::kIo, "netlink receive: end of stream");
        HA_RETURN_IF_ERROR(
            parse_nl_reply(std::span(buf.data(), static_cast<std::size_t>(n)), seq, reply));
    }
    return reply;
}

Result<int> LinuxIpHost::ifindex(const std::string& nic) {
    unsigned idx = ::if_nametoindex(nic.c_str());
    if (idx == 0) return errno_to_status("interface " + nic, errno == 0 ? ENODEV : errno);
    return static_cast<int>(idx);
}

Result<std::string> LinuxIpHost::ifname(int ifindex) {
    char name[IF_NAMESIZE] = {};
    if (::if_indextoname(static_cast<unsigned>(ifindex), name) == nullptr) {
        return errno_to_status("interface #" + std::to_string(ifindex), errno);
    }
    return std::string(name);
}

Result<std::vector<AddrEntry>> LinuxIpHost::addrs() {
    std::uint32_t seq = next_seq_++;
    auto r = transact(nl_getaddr_dump(seq), seq);
    if (!r.is_ok()) return r.status();
    if (r->error && *r->error != 0) return errno_to_status("RTM_GETADDR", *r->error);
    return std::move(r->addrs);
}

Result<std::vector<RouteEntry>> LinuxIpHost::routes() {
    std::uint32_t seq = next_seq_++;
    auto r = transact(nl_getroute_dump(seq), seq);
    if (!r.is_ok()) return r.status();
    if (r->error && *r->error != 0) return errno_to_status("RTM_GETROUTE", *r->error);
    return std::move(r->routes);
}

namespace {
Status ack_status(const Result<NlReply>& r, const std::string& what) {
    if (!r.is_ok()) return r.status();
    if (!r->error) return Status(ErrorCode::kIo, what + ": no acknowledgement");
    if (*r->error != 0) return errno_to_status(what, *r->error);
    return Status::ok();
}
}  // namespace

Status LinuxIpHost::add_addr(int ifindex, const Ipv4& ip, int prefix,
                             const std::optional<Ipv4>& broadcast, const std::string& label) {
    std::uint32_t seq = next_seq_++;
    return ack_status(
        transact(nl_addr_request(true, seq, ifindex, ip, prefix, broadcast, label), seq),
        "RTM_NEWADDR");
}

Status LinuxIpHost::del_addr(int ifindex, const Ipv4& ip, int prefix) {
    std::uint32_t seq = next_seq_++;
    return ack_status(
        transact(nl_addr_request(false, seq, ifindex, ip, prefix, std::nullopt, ""), seq),
        "RTM_DELADDR");
}

Status LinuxIpHost::link_up(int ifindex) {
    std::uint32_t seq = next_seq_++;
    return ack_status(transact(nl_link_up_request(seq, ifindex), seq), "RTM_NEWLINK");
}

Result<Mac> LinuxIpHost::mac(const std::string& nic) {
    auto fd = ioctl_socket();
    if (!fd.is_ok()) return fd.status();
    ifreq req{};
    if (nic.size() >= sizeof req.ifr_name) return errno_to_status("interface " + nic, ENODEV);
    std::memcpy(req.ifr_name, nic.c_str(), nic.size());
    if (::ioctl(fd->get(), SIOCGIFHWADDR, &req) < 0) {
        return errno_to_status("SIOCGIFHWADDR " + nic, errno);
    }
    Mac m{};
    std::memcpy(m.data(), req.ifr_hwaddr.sa_data, m.size());
    return m;
}

Status LinuxIpHost::send_frame(int ifindex, std::span<const std::uint8_t> frame) {
    io::UniqueFd fd(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0));
    if (!fd.valid()) return errno_to_status("socket(AF_PACKET)", errno);
    sockaddr_ll to{};
    to.sll_family = AF_PACKET;
    to.sll_ifindex = ifindex;
    to.sll_protocol = htons(ETH_P_ARP);
    to.sll_halen = 6;
    std::memset(to.sll_addr, 0xff, 6);
    if (::sendto(fd.get(), frame.data(), frame.size(), 0, reinterpret_cast<const sockaddr*>(&to),
                 sizeof to) < 0) {
        return errno_to_status("send ARP", errno);
    }
    return Status::ok();
}

bool LinuxIpHost::is_root() {
    return ::geteuid() == 0;
}

bool LinuxIpHost::file_exists(const std::string& path) {
    return ::access(path.c_str(), F_OK) == 0;
}

}  // namespace ha::lrm
