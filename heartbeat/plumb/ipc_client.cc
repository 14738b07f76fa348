#include "heartbeat/plumb/ipc_client.h"

#include <cerrno>
#include <chrono>

#include <poll.h>
#include <sys/socket.h>

namespace ha::io {

namespace {

using SteadyClock = std::chrono::steady_clock;

// Waits for `events` on fd until `deadline`: 1 ready, 0 timed out, -1 error.
int wait_for(int fd, short events, SteadyClock::time_point deadline) {
    for (;;) {
        auto left = std::chrono::ceil<Millis>(deadline - SteadyClock::now());
        int ms = left.count() > 0 ? static_cast<int>(left.count()) : 0;
        pollfd p{fd, events, 0};
        int rc = ::poll(&p, 1, ms);
        if (rc < 0 && errno == EINTR) continue;
        if (rc < 0) return -1;
        return rc > 0 ? 1 : 0;
    }
}

}  // namespace

Result<IpcClient> IpcClient::connect(const std::string& path, Millis timeout,
                                     std::size_t max_frame) {
    auto fd = connect_unix(path, timeout);
    if (!fd.is_ok()) return fd.status();
    auto peer = peer_credentials(fd->get());
    if (!peer.is_ok()) return peer.status().with_context(path);
    return IpcClient(std::move(*fd), *peer, max_frame);
}

Status IpcClient::send(std::string_view payload, Millis timeout) {
    if (!is_open()) return Status(ErrorCode::kIo, "IPC client is closed");
    if (payload.size() > decoder_.max_frame())
        return Status(ErrorCode::kTooLarge, "IPC frame of " + std::to_string(payload.size()) +
                                                " bytes exceeds limit " +
                                                std::to_string(decoder_.max_frame()));
    auto frame = encode_frame(payload);
    if (!frame.is_ok()) return frame.status();
    auto deadline = SteadyClock::now() + timeout;
    std::size_t done = 0;
    while (done < frame->size()) {
        ssize_t n = ::send(fd_.get(), frame->data() + done, frame->size() - done,
                           MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            Status s = errno_status("IPC send");
            close();
            return s;
        }
        int ready = wait_for(fd_.get(), POLLOUT, deadline);
        if (ready <= 0) {
            Status s = ready == 0 ? Status(ErrorCode::kTimeout, "IPC send timed out")
                                  : errno_status("IPC poll");
            close();
            return s;
        }
    }
    return Status::ok();
}

Result<std::string> IpcClient::receive(Millis timeout) {
    auto deadline = SteadyClock::now() + timeout;
    char buf[64 * 1024];
    for (;;) {
        if (!is_open()) return Status(ErrorCode::kIo, "IPC client is closed");
        auto frame = decoder_.next();
        if (frame.is_ok()) return frame;
        if (frame.status().code() != ErrorCode::kNeedMore) {
            close();
            return frame.status();
        }
        ssize_t n = ::recv(fd_.get(), buf, sizeof buf, MSG_DONTWAIT);
        if (n > 0) {
            decoder_.feed(std::string_view(buf, static_cast<std::size_t>(n)));
            continue;
        }
        if (n == 0) {
            close();
            return Status(ErrorCode::kIo, decoder_.buffered() ? "server closed mid-frame"
                                                              : "server closed the connection");
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            Status s = errno_status("IPC receive");
            close();
            return s;
        }
        int ready = wait_for(fd_.get(), POLLIN, deadline);
        if (ready == 0) return Status(ErrorCode::kTimeout, "no IPC reply in time");
        if (ready < 0) return errno_status("IPC poll");
    }
}

}  // namespace ha::io
