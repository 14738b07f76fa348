#include "heartbeat/daemon/hb_fifo.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "heartbeat/msg/msg_wire.h"
#include "heartbeat/plumb/log.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace {
const log::Logger& logger() {
    static const log::Logger l("hb");
    return l;
}
constexpr size_t kMaxFifoBuffer = 2 * kMaxMsg;
}  // namespace

void FifoFramer::feed(std::string_view bytes, std::vector<Message>& out,
                      std::vector<std::string>& errors) {
    buf_.append(bytes);
    while (true) {
        size_t classic = buf_.find(">>>\n");
        size_t netstring = buf_.find("###\n");
        size_t start = std::min(classic, netstring);
        if (start == std::string::npos) {
            // Keep a possible partial start marker.
            if (buf_.size() > 3) buf_.erase(0, buf_.size() - 3);
            return;
        }
        if (start > 0) buf_.erase(0, start);
        bool is_classic = buf_.compare(0, 4, ">>>\n") == 0;
        size_t end = buf_.find(is_classic ? "<<<\n" : "%%%\n", 4);
        if (end == std::string::npos) {
            if (buf_.size() > kMaxFifoBuffer) {
                errors.push_back("unterminated message of more than " +
                                 std::to_string(kMaxFifoBuffer) + " bytes dropped");
                buf_.erase(0, 4);
                continue;
            }
            return;
        }
        std::string frame = buf_.substr(0, end + 4);
        buf_.erase(0, end + 4);
        auto packet = decode_packet(frame);
        if (!packet) {
            errors.push_back(packet.status().to_string());
            continue;
        }
        auto msg = open_packet(*packet);
        if (!msg) {
            errors.push_back(msg.status().to_string());
            continue;
        }
        out.push_back(std::move(*msg));
    }
}

HbFifo::HbFifo(io::MainLoop& loop, std::string path, Handler handler)
    : loop_(loop), path_(std::move(path)), handler_(std::move(handler)) {}

HbFifo::~HbFifo() {
    if (watch_) loop_.remove(watch_);
    if (read_fd_ >= 0) ::close(read_fd_);
    if (keep_fd_ >= 0) ::close(keep_fd_);
}

Status HbFifo::open() {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ec);
    struct stat st {};
    if (::lstat(path_.c_str(), &st) == 0 && !S_ISFIFO(st.st_mode))
        return Status(ErrorCode::kInvalid, path_ + " exists and is not a FIFO");
    if (::mkfifo(path_.c_str(), 0600) < 0 && errno != EEXIST)
        return Status(ErrorCode::kIo, path_ + ": mkfifo: " + std::strerror(errno));
    read_fd_ = ::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (read_fd_ < 0) return Status(ErrorCode::kIo, path_ + ": " + std::strerror(errno));
    keep_fd_ = ::open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    watch_ = loop_.add_fd_watch(read_fd_, io::kIoRead, [this](io::IoEvents) { on_readable(); });
    return Status::ok();
}

void HbFifo::on_readable() {
    char buf[4096];
    std::vector<Message> msgs;
    std::vector<std::string> errors;
    for (int i = 0; i < 64; ++i) {
        ssize_t n = ::read(read_fd_, buf, sizeof buf);
        if (n <= 0) break;
        framer_.feed(std::string_view(buf, size_t(n)), msgs, errors);
    }
    for (const auto& e : errors)
        logger().warning("Bad message in " + path_ + ": " + e);
    for (auto& m : msgs)
        handler_(std::move(m));
}

}  // namespace ha::hb
