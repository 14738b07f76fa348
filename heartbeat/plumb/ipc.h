// Local IPC between our daemons, tools and heartbeat, on the MainLoop:
// Unix-domain stream sockets carrying length-prefixed frames (ipc_frame.h
// documents the format). IpcServer listens on a path and checks who
// connected (SO_PEERCRED); IpcConnection is one framed, non-blocking
// connection, server side or client side. A misbehaving peer (oversize
// frame, unread replies piling up, vanishing mid-frame) loses its
// connection; it can never block or crash the daemon.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sys/types.h>

#include "heartbeat/plumb/ipc_frame.h"
#include "heartbeat/plumb/main_loop.h"
#include "heartbeat/plumb/unix_socket.h"

namespace ha::io {

struct IpcOptions {
    std::size_t max_frame = kDefaultMaxFrame;  // larger incoming frames drop the peer
    // Bytes (framed) we hold for a peer that does not read; more drops it.
    std::size_t max_send_queue = 4 * 1024 * 1024;
};

// One framed connection on a MainLoop (which must outlive it). Shared
// ownership: the server keeps its connections until they close; a daemon may
// keep a shared_ptr (or weak_ptr) to a client to send to it later.
//
// The close handler runs once per connection, from the loop (never from
// inside a send() or close() call), unless the connection is destroyed
// first, whoever closed it: an ok Status for
// a local close() or a peer that closed between frames, an error otherwise
// (kTooLarge: oversize frame or send queue over its bound; kIo: socket error
// or the peer closed mid-frame).
class IpcConnection : public std::enable_shared_from_this<IpcConnection> {
  public:
    using FrameHandler = std::function<void(IpcConnection& conn, std::string frame)>;
    using CloseHandler = std::function<void(IpcConnection& conn, const Status& reason)>;

    // Client side: connects to the server at `path` (waiting at most
    // `timeout` for a full backlog) and attaches to `loop`.
    static Result<std::shared_ptr<IpcConnection>> connect(MainLoop& loop, const std::string& path,
                                                          Millis timeout, IpcOptions options,
                                                          FrameHandler on_frame,
                                                          CloseHandler on_close);

    // Wraps a connected socket (takes ownership). For IpcServer and tests.
    static std::shared_ptr<IpcConnection> adopt(MainLoop& loop, UniqueFd fd, PeerCred peer,
                                                IpcOptions options, FrameHandler on_frame,
                                                CloseHandler on_close);

    ~IpcConnection();
    IpcConnection(const IpcConnection&) = delete;
    IpcConnection& operator=(const IpcConnection&) = delete;

    // Queues one frame and writes what the socket takes now; never blocks.
    // kTooLarge for a payload over max_frame (the connection stays); kIo on a
    // closed connection; kTooLarge when the queue would pass max_send_queue,
    // and then the connection is closed.
    Status send(std::string_view payload);

    // Closes now; queued frames are dropped. Idempotent.
    void close();

    bool is_open() const { return fd_.valid(); }
    const PeerCred& peer() const { return peer_; }
    std::uint64_t id() const { return id_; }  // unique in this process
    std::size_t queued_bytes() const { return queued_bytes_; }

  private:
    IpcConnection(MainLoop& loop, UniqueFd fd, PeerCred peer, IpcOptions options);
    void on_events(IoEvents events);
    void read_some();
    void flush();
    void update_interest();
    void shut(Status reason);
    friend class IpcServer;
    void detach_handlers();

    MainLoop& loop_;
    UniqueFd fd_;
    PeerCred peer_;
    IpcOptions options_;
    std::uint64_t id_;
    FrameDecoder decoder_;
    WatchId watch_;
    TimerId notify_timer_;
    std::deque<std::string> queue_;
    std::size_t front_offset_ = 0;  // bytes of queue_.front() already written
    std::size_t queued_bytes_ = 0;
    FrameHandler on_frame_;
    CloseHandler on_close_;
    bool reading_ = false;     // inside read_some (handlers may send)
    bool write_dead_ = false;  // a write failed: read what is left, then close
    Status write_error_;
};

// Accepts connections on a Unix socket path, on a MainLoop that must outlive
// it. Destroying the server stops listening, removes its socket file and
// closes every connection without calling handlers. Do not destroy it from
// inside one of its handlers.
class IpcServer {
  public:
    struct Handlers {
        // A new peer; may inspect conn->peer() and close() to refuse it.
        std::function<void(const std::shared_ptr<IpcConnection>& conn)> on_connect;
        IpcConnection::FrameHandler on_frame;
        IpcConnection::CloseHandler on_close;  // then the server lets go of it
    };

    // Listens on `path` (see listen_unix for stale and live sockets).
    static Result<std::unique_ptr<IpcServer>> listen(MainLoop& loop, const std::string& path,
                                                     mode_t mode, IpcOptions options,
                                                     Handlers handlers);
    ~IpcServer();
    IpcServer(const IpcServer&) = delete;
    IpcServer& operator=(const IpcServer&) = delete;

    const std::string& path() const { return path_; }
    std::size_t connection_count() const { return connections_.size(); }

  private:
    IpcServer(MainLoop& loop, std::string path, UniqueFd fd, IpcOptions options, Handlers handlers);
    void accept_ready();

    MainLoop& loop_;
    std::string path_;
    UniqueFd fd_;
    dev_t dev_ = 0;  // identity of our socket file, so we never unlink a successor's
    ino_t ino_ = 0;
    IpcOptions options_;
    Handlers handlers_;
    WatchId watch_;
    TimerId resume_timer_;
    std::unordered_map<std::uint64_t, std::shared_ptr<IpcConnection>> connections_;
};

}  // namespace ha::io
