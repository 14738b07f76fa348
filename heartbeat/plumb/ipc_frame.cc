#include "heartbeat/plumb/ipc_frame.h"

#include <cstdint>
#include <limits>

namespace ha::io {

Result<std::string> encode_frame(std::string_view payload) {
    if (payload.size() > std::numeric_limits<std::uint32_t>::max())
        return Status(ErrorCode::kTooLarge,
                      "frame payload of " + std::to_string(payload.size()) + " bytes");
    auto len = static_cast<std::uint32_t>(payload.size());
    std::string out;
    out.reserve(kFrameHeaderSize + payload.size());
    out.push_back(static_cast<char>((len >> 24) & 0xff));
    out.push_back(static_cast<char>((len >> 16) & 0xff));
    out.push_back(static_cast<char>((len >> 8) & 0xff));
    out.push_back(static_cast<char>(len & 0xff));
    out.append(payload);
    return out;
}

void FrameDecoder::feed(std::string_view bytes) {
    // Compact once the consumed prefix dominates, so the buffer stays about
    // one frame long however long the stream runs.
    if (pos_ > 0 && pos_ >= buf_.size() / 2) {
        buf_.erase(0, pos_);
        pos_ = 0;
    }
    buf_.append(bytes);
}

Result<std::string> FrameDecoder::next() {
    if (buffered() < kFrameHeaderSize)
        return Status(ErrorCode::kNeedMore, "frame header incomplete");
    const auto* h = reinterpret_cast<const unsigned char*>(buf_.data() + pos_);
    std::uint32_t len = (std::uint32_t{h[0]} << 24) | (std::uint32_t{h[1]} << 16) |
                        (std::uint32_t{h[2]} << 8) | std::uint32_t{h[3]};
    if (len > max_frame_)
        return Status(ErrorCode::kTooLarge, "frame length " + std::to_string(len) +
                                                " exceeds limit " + std::to_string(max_frame_));
    if (buffered() - kFrameHeaderSize < len)
        return Status(ErrorCode::kNeedMore, "frame payload incomplete");
    std::string payload = buf_.substr(pos_ + kFrameHeaderSize, len);
    pos_ += kFrameHeaderSize + len;
    if (pos_ == buf_.size()) {
        buf_.clear();
        pos_ = 0;
    }
    return payload;
}

}  // namespace ha::io
