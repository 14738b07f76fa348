// Framing for our local IPC (ipc.h): how a byte stream on a Unix socket
// between our daemons/tools and heartbeat splits into messages. Pure: no
// sockets here, so the decoder is unit-tested and fuzzable on bytes.
//
// Frame format (our own, not Heartbeat 3.0.6's API wire format):
//
//     offset 0: length  4 bytes, unsigned, big-endian (network order)
//     offset 4: payload `length` bytes, opaque (an ha_msg netstring encoding)
//
// Frames follow each other with nothing in between. A zero length is a valid
// empty frame. There is no magic, version or checksum: the socket is local,
// its peer is authenticated by SO_PEERCRED, and the payload carries its own
// structure. A length above the receiver's max_frame is a protocol violation;
// the receiver drops the connection (the stream cannot be resynchronised).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "heartbeat/plumb/status.h"

namespace ha::io {

inline constexpr std::size_t kFrameHeaderSize = 4;
// Heartbeat's 256 KiB message limit plus slack for the netstring framing.
inline constexpr std::size_t kDefaultMaxFrame = 256 * 1024 + 16 * 1024;

// Header plus payload. Payloads over 4 GiB - 1 are kTooLarge.
Result<std::string> encode_frame(std::string_view payload);

// Splits a byte stream into frames; bytes may arrive in any chunking.
class FrameDecoder {
  public:
    explicit FrameDecoder(std::size_t max_frame = kDefaultMaxFrame) : max_frame_(max_frame) {}

    void feed(std::string_view bytes);

    // The next whole frame's payload; kNeedMore while incomplete; kTooLarge
    // once a header announces more than max_frame (and from then on: the
    // stream is unusable).
    Result<std::string> next();

    // Bytes held but not yet returned: a partial frame after kNeedMore.
    std::size_t buffered() const { return buf_.size() - pos_; }
    std::size_t max_frame() const { return max_frame_; }

  private:
    std::size_t max_frame_;
    std::string buf_;
    std::size_t pos_ = 0;  // start of the first unreturned byte in buf_
};

}  // namespace ha::io
