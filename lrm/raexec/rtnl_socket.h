// The host side of the built-in IP address agent (doc/agents.md "Built-in
// agents"): a narrow seam (IpHost) over the kernel calls it makes, and the
// Linux implementation: one rtnetlink request at a time on a fresh
// NETLINK_ROUTE socket, interface lookups by ioctl, raw frames through an
// AF_PACKET socket. Everything is synchronous and takes well under a
// millisecond; the agent runs on the caller's loop thread.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "heartbeat/plumb/status.h"
#include "lrm/raexec/rtnl_wire.h"

namespace ha::lrm {

// Failures carry ErrorCode kPermission for EPERM/EACCES, kNotFound for a
// missing interface (ENODEV), kInvalid for EEXIST on an add, kIo otherwise;
// the message names the call and strerror.
class IpHost {
  public:
    virtual ~IpHost() = default;
    virtual Result<int> ifindex(const std::string& nic) = 0;
    virtual Result<std::string> ifname(int ifindex) = 0;
    virtual Result<std::vector<AddrEntry>> addrs() = 0;    // every IPv4 address
    virtual Result<std::vector<RouteEntry>> routes() = 0;  // every IPv4 route
    virtual Status add_addr(int ifindex, const Ipv4& ip, int prefix,
                            const std::optional<Ipv4>& broadcast, const std::string& label) = 0;
    virtual Status del_addr(int ifindex, const Ipv4& ip, int prefix) = 0;
    virtual Status link_up(int ifindex) = 0;
    virtual Result<Mac> mac(const std::string& nic) = 0;
    virtual Status send_frame(int ifindex, std::span<const std::uint8_t> frame) = 0;
    virtual bool is_root() = 0;
    virtual bool file_exists(const std::string& path) = 0;
};

class LinuxIpHost final : public IpHost {
  public:
    Result<int> ifindex(const std::string& nic) override;
    Result<std::string> ifname(int ifindex) override;
    Result<std::vector<AddrEntry>> addrs() override;
    Result<std::vector<RouteEntry>> routes() override;
    Status add_addr(int ifindex, const Ipv4& ip, int prefix, const std::optional<Ipv4>& broadcast,
                    const std::string& label) override;
    Status del_addr(int ifindex, const Ipv4& ip, int prefix) override;
    Status link_up(int ifindex) override;
    Result<Mac> mac(const std::string& nic) override;
    Status send_frame(int ifindex, std::span<const std::uint8_t> frame) override;
    bool is_root() override;
    bool file_exists(const std::string& path) override;

  private:
    // Sends `request` and reads replies until its ack, error or NLMSG_DONE.
    Result<NlReply> transact(const Bytes& request, std::uint32_t seq);
    std::uint32_t next_seq_ = 1;
};

}  // namespace ha::lrm
