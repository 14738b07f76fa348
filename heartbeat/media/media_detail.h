// Internals shared by the media implementations.
#pragma once

#include <memory>
#include <string>

#include <netinet/in.h>
#include <sys/socket.h>

#include "heartbeat/media/medium.h"

namespace ha::hb::detail {

std::string format_address(const sockaddr_storage& addr);
// The IPv4 broadcast address of an interface (SIOCGIFBRDADDR).
Result<in_addr> interface_broadcast(const std::string& dev);

Result<std::unique_ptr<MediumIo>> open_udp_medium(const MediumSpec& spec);
Result<std::unique_ptr<MediumIo>> open_serial_medium(const MediumSpec& spec);

// Splits a serial byte stream into classic-form frames (">>>\n" ... "<<<\n").
// Bytes before a frame start are discarded (line noise); an unterminated frame
// longer than kMaxPacket is dropped.
class SerialFramer {
  public:
    void feed(std::string_view bytes);
    // The next complete frame, including its ">>>\n" and "<<<\n" lines.
    std::optional<std::string> next();

  private:
    std::string buf_;
};

}  // namespace ha::hb::detail
