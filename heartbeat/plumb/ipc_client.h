// A blocking IPC client for tools (cl_status, cibadmin, ...) and client
// libraries that wait for one reply at a time: the same framing as ipc.h,
// with poll() deadlines instead of a MainLoop. Daemons use IpcConnection.
#pragma once

#include <string>
#include <string_view>

#include "heartbeat/plumb/duration.h"
#include "heartbeat/plumb/fd_util.h"
#include "heartbeat/plumb/ipc_frame.h"
#include "heartbeat/plumb/status.h"
#include "heartbeat/plumb/unix_socket.h"

namespace ha::io {

class IpcClient {
  public:
    // Connects to the server socket at `path`, waiting at most `timeout`.
    static Result<IpcClient> connect(const std::string& path, Millis timeout,
                                     std::size_t max_frame = kDefaultMaxFrame);

    // Sends one frame, waiting at most `timeout` for the socket to take it
    // (kTimeout; the connection is then closed, as a frame may be half sent).
    Status send(std::string_view payload, Millis timeout);

    // The next frame, waiting at most `timeout` (zero: do not wait) for it:
    // kTimeout when none came, kIo when the server closed or failed, kTooLarge
    // for a frame over max_frame (the connection is then closed).
    Result<std::string> receive(Millis timeout);

    void close() { fd_.reset(); }
    bool is_open() const { return fd_.valid(); }
    // The server's credentials, as the kernel saw them at connect time.
    const PeerCred& peer() const { return peer_; }
    // For poll()-based integration in client libraries; reads must go
    // through receive().
    int fd() const { return fd_.get(); }

  private:
    IpcClient(UniqueFd fd, PeerCred peer, std::size_t max_frame)
        : fd_(std::move(fd)), peer_(peer), decoder_(max_frame) {}

    UniqueFd fd_;
    PeerCred peer_;
    FrameDecoder decoder_;
};

}  // namespace ha::io
