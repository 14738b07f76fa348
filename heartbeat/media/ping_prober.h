// ICMP echo for heartbeat's ping nodes (ha.cf `ping`, `ping6`, `ping_group`):
// a ping node is a router or switch that cannot run heartbeat; it counts as
// up ("ping") while any of its hosts answers echo requests. One prober per
// ping node; the daemon sends an echo every keepalive and feeds answers to
// the protocol core. Uses a raw ICMP socket (root), else an unprivileged
// ICMP datagram socket where net.ipv4.ping_group_range allows it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <netinet/in.h>

#include "heartbeat/plumb/status.h"

namespace ha::hb {

class PingProber {
  public:
    // `hosts`: addresses or names; `v6` for ping6.
    static Result<std::unique_ptr<PingProber>> open(std::string node,
                                                    std::vector<std::string> hosts, bool v6);
    ~PingProber();

    const std::string& node() const { return node_; }
    int read_fd() const { return fd_; }
    // One echo request to every host.
    Status send_echo();
    // True when an echo reply from one of our hosts, to one of our requests,
    // was waiting (drains the socket).
    bool receive_reply();

  private:
    PingProber(std::string node, bool v6) : node_(std::move(node)), v6_(v6) {}
    bool is_our_reply(const char* data, size_t len, const sockaddr_storage& from) const;

    std::string node_;
    bool v6_;
    bool raw_ = false;
    int fd_ = -1;
    uint16_t ident_ = 0;
    uint16_t seq_ = 0;
    std::vector<sockaddr_storage> targets_;
};

}  // namespace ha::hb
