// A medium carries heartbeat packets (opaque bytes) to and from the other
// nodes: one per ha.cf media line (bcast, mcast, mcast6, ucast, ucast6,
// serial). The daemon watches read_fd() on its main loop and hands every
// received packet, with the medium's link name, to the protocol core; sends
// go out on every medium. Media know nothing of the message format.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "heartbeat/config/ha_cf.h"
#include "heartbeat/plumb/status.h"

namespace ha::hb {

// What one media line asks for, already validated by the ha.cf parser
// (MediumType and medium_type_name come from heartbeat/config/ha_cf.h).
struct MediumSpec {
    MediumType type = MediumType::kUcast;
    std::string dev;           // interface (or tty device for serial)
    std::string address;       // ucast peer, mcast group
    uint16_t port = 694;       // udpport in force when the line was read; mcast's own port
    int ttl = 1;               // mcast ttl / mcast6 hops
    bool loop = false;         // mcast loopback
    std::string bind_address;  // ours: bind the receive socket to this local address
    int baud = 19200;          // serial
};

struct Packet {
    std::string bytes;
    std::string peer;  // sender address, for logs only
};

class MediumIo {
  public:
    virtual ~MediumIo() = default;
    // The link name heartbeat shows (interface or tty name).
    virtual const std::string& name() const = 0;
    virtual const char* type_name() const = 0;
    // Readable when a packet may be waiting; -1 when the medium cannot receive.
    virtual int read_fd() const = 0;
    // Sends one packet; a failure is logged by the caller and never fatal.
    virtual Status send(std::string_view bytes) = 0;
    // One received packet, or nullopt when none is waiting (non-blocking).
    virtual Result<std::optional<Packet>> receive() = 0;
};

// Opens the sockets or device of one media line.
Result<std::unique_ptr<MediumIo>> open_medium(const MediumSpec& spec);
// The spec of an ha.cf media line; `bind_address` as in MediumSpec.
MediumSpec medium_spec(const Medium& line, const std::string& bind_address = "");

// The largest packet heartbeat sends or accepts (MAXMSG).
inline constexpr size_t kMaxPacket = 256 * 1024;

}  // namespace ha::hb
