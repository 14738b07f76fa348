#include "heartbeat/plumb/ipc.h"

#include <atomic>
#include <cerrno>
#include <utility>

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "heartbeat/plumb/log.h"

namespace ha::io {

namespace {

constexpr std::size_t kReadChunk = 64 * 1024;
constexpr int kMaxReadsPerWakeup = 16;  // fairness between busy peers
constexpr int kMaxAcceptsPerWakeup = 32;
// After EMFILE and friends the listening socket stays readable; pause it
// instead of spinning until fds are free again.
constexpr Millis kAcceptPause{100};

const log::Logger& logger() {
    static const log::Logger instance("ipc");
    return instance;
}

std::string describe_peer(const PeerCred& p) {
    return "pid=" + std::to_string(p.pid) + " uid=" + std::to_string(p.uid) +
           " gid=" + std::to_string(p.gid);
}

std::uint64_t next_connection_id() {
    static std::atomic<std::uint64_t> next{1};
    return next++;
}

}  // namespace

// ---- IpcConnection --------------------------------------------------------

IpcConnection::IpcConnection(MainLoop& loop, UniqueFd fd, PeerCred peer, IpcOptions options)
    : loop_(loop),
      fd_(std::move(fd)),
      peer_(peer),
      options_(options),
      id_(next_connection_id()),
      decoder_(options.max_frame) {}

std::shared_ptr<IpcConnection> IpcConnection::adopt(MainLoop& loop, UniqueFd fd, PeerCred peer,
                                                    IpcOptions options, FrameHandler on_frame,
                                                    CloseHandler on_close) {
    std::shared_ptr<IpcConnection> conn(new IpcConnection(loop, std::move(fd), peer, options));
    conn->on_frame_ = std::move(on_frame);
    conn->on_close_ = std::move(on_close);
    IpcConnection* raw = conn.get();  // the watch dies with the connection
    conn->watch_ = loop.add_fd_watch(conn->fd_.get(), kIoRead,
                                     [raw](IoEvents events) { raw->on_events(events); });
    return conn;
}

Result<std::shared_ptr<IpcConnection>> IpcConnection::connect(MainLoop& loop,
                                                              const std::string& path,
                                                              Millis timeout, IpcOptions options,
                                                              FrameHandler on_frame,
                                                              CloseHandler on_close) {
    auto fd = connect_unix(path, timeout);
    if (!fd.is_ok()) return fd.status();
    HA_RETURN_IF_ERROR(set_nonblocking(fd->get()));
    auto peer = peer_credentials(fd->get());
    if (!peer.is_ok()) return peer.status().with_context(path);
    return adopt(loop, std::move(*fd), *peer, options, std::move(on_frame), std::move(on_close));
}

IpcConnection::~IpcConnection() {
    loop_.remove(watch_);
    loop_.remove(notify_timer_);
}

Status IpcConnection::send(std::string_view payload) {
    if (!is_open()) return Status(ErrorCode::kIo, "IPC connection is closed");
    if (write_dead_) return write_error_;
    if (payload.size() > options_.max_frame)
        return Status(ErrorCode::kTooLarge, "IPC frame of " + std::to_string(payload.size()) +
                                                " bytes exceeds limit " +
                                                std::to_string(options_.max_frame));
    auto frame = encode_frame(payload);
    if (!frame.is_ok()) return frame.status();
    queued_bytes_ += frame->size();
    queue_.push_back(std::move(*frame));
    if (queue_.size() == 1) flush();  // otherwise already waiting for POLLOUT
    if (!is_open()) return Status(ErrorCode::kIo, "IPC connection closed while sending");
    if (write_dead_) return write_error_;
    if (queued_bytes_ > options_.max_send_queue) {
        Status s(ErrorCode::kTooLarge,
                 "IPC send queue of " + std::to_string(queued_bytes_) + " bytes over limit " +
                     std::to_string(options_.max_send_queue) + ": peer is not reading");
        shut(s);
        return s;
    }
    return Status::ok();
}

void IpcConnection::close() {
    shut(Status::ok());
}

void IpcConnection::on_events(IoEvents events) {
    auto self = shared_from_this();  // handlers may drop the last outside reference
    // Input first: a peer that wrote its last frames and closed must have
    // them read even though writing to it now fails.
    if (events & (kIoRead | kIoHup | kIoError)) read_some();
    if (is_open() && (events & kIoWrite)) flush();
}

void IpcConnection::read_some() {
    char buf[kReadChunk];
    bool outer = !reading_;
    reading_ = true;
    struct Done {
        IpcConnection* c;
        bool outer;
        ~Done() {
            if (outer) c->reading_ = false;
        }
    } done{this, outer};
    for (int i = 0; i < kMaxReadsPerWakeup && is_open(); ++i) {
        ssize_t n = ::recv(fd_.get(), buf, sizeof buf, MSG_DONTWAIT);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // Everything the peer sent is in; one that cannot take our
            // writes any more is finished.
            if (outer && write_dead_) shut(write_error_);
            return;
        }
        if (n < 0) {
            shut(errno_status("IPC read"));
            return;
        }
        if (n == 0) {
            if (decoder_.buffered() == 0) {
                shut(Status::ok());
            } else {
                shut(Status(ErrorCode::kIo, "peer closed mid-frame with " +
                                                std::to_string(decoder_.buffered()) +
                                                " bytes pending"));
            }
            return;
        }
        decoder_.feed(std::string_view(buf, static_cast<std::size_t>(n)));
        while (is_open()) {
            auto frame = decoder_.next();
            if (!frame.is_ok()) {
                if (frame.status().code() != ErrorCode::kNeedMore) shut(frame.status());
                break;
            }
            if (on_frame_) on_frame_(*this, std::move(*frame));
        }
    }
}

void IpcConnection::flush() {
    while (!queue_.empty()) {
        const std::string& front = queue_.front();
        ssize_t n = ::send(fd_.get(), front.data() + front_offset_, front.size() - front_offset_,
                           MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (n < 0) {
            // The peer is gone for writing; frames it sent before leaving
            // are still delivered, then the connection closes.
            write_dead_ = true;
            write_error_ = errno_status("IPC write");
            queue_.clear();
            front_offset_ = 0;
            queued_bytes_ = 0;
            update_interest();
            if (!reading_) {
                read_some();
                if (is_open()) shut(write_error_);
            }
            return;
        }
        front_offset_ += static_cast<std::size_t>(n);
        queued_bytes_ -= static_cast<std::size_t>(n);
        if (front_offset_ == front.size()) {
            queue_.pop_front();
            front_offset_ = 0;
        }
    }
    update_interest();
}

void IpcConnection::update_interest() {
    loop_.set_fd_events(watch_, kIoRead | (queue_.empty() ? 0 : kIoWrite));
}

// Closes the socket at once; the close handler follows from the loop.
void IpcConnection::shut(Status reason) {
    if (!is_open()) return;
    loop_.remove(watch_);
    watch_ = WatchId{};
    fd_.reset();
    queue_.clear();
    front_offset_ = 0;
    queued_bytes_ = 0;
    // on_frame_ stays: shut() may run inside it, and no frame follows anyway.
    if (!on_close_) return;
    std::weak_ptr<IpcConnection> weak = weak_from_this();
    notify_timer_ = loop_.add_timer(Millis(0), [weak, reason = std::move(reason)] {
        auto self = weak.lock();
        if (!self) return;
        self->notify_timer_ = TimerId{};
        CloseHandler handler = std::move(self->on_close_);
        self->on_close_ = nullptr;
        if (handler) handler(*self, reason);
    });
}

void IpcConnection::detach_handlers() {
    on_frame_ = nullptr;
    on_close_ = nullptr;
    loop_.remove(notify_timer_);
}

// ---- IpcServer ------------------------------------------------------------

IpcServer::IpcServer(MainLoop& loop, std::string path, UniqueFd fd, IpcOptions options,
                     Handlers handlers)
    : loop_(loop),
      path_(std::move(path)),
      fd_(std::move(fd)),
      options_(options),
      handlers_(std::move(handlers)) {}

Result<std::unique_ptr<IpcServer>> IpcServer::listen(MainLoop& loop, const std::string& path,
                                                     mode_t mode, IpcOptions options,
                                                     Handlers handlers) {
    auto fd = listen_unix(path, mode);
    if (!fd.is_ok()) return fd.status();
    std::unique_ptr<IpcServer> server(
        new IpcServer(loop, path, std::move(*fd), options, std::move(handlers)));
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        server->dev_ = st.st_dev;
        server->ino_ = st.st_ino;
    }
    IpcServer* raw = server.get();
    server->watch_ =
        loop.add_fd_watch(server->fd_.get(), kIoRead, [raw](IoEvents) { raw->accept_ready(); });
    return server;
}

IpcServer::~IpcServer() {
    loop_.remove(watch_);
    loop_.remove(resume_timer_);
    struct stat st {};
    if (::lstat(path_.c_str(), &st) == 0 && st.st_dev == dev_ && st.st_ino == ino_)
        ::unlink(path_.c_str());
    for (auto& [id, conn] : connections_) {
        conn->detach_handlers();
        conn->close();
    }
}

void IpcServer::accept_ready() {
    for (int i = 0; i < kMaxAcceptsPerWakeup; ++i) {
        int raw_fd = ::accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (raw_fd < 0) {
            int err = errno;
            if (err == EINTR || err == ECONNABORTED) continue;
            if (err == EAGAIN || err == EWOULDBLOCK) return;
            logger().warning("Cannot accept IPC clients on " + path_ +
                             ", pausing: " + errno_status("accept").message());
            loop_.set_fd_events(watch_, 0);
            loop_.remove(resume_timer_);
            resume_timer_ = loop_.add_timer(kAcceptPause, [this] {
                resume_timer_ = TimerId{};
                loop_.set_fd_events(watch_, kIoRead);
            });
            return;
        }
        UniqueFd fd(raw_fd);
        auto peer = peer_credentials(fd.get());
        if (!peer.is_ok()) {
            logger().warning("Refusing IPC client on " + path_ + ": " + peer.status().message());
            continue;
        }
        auto on_close = [this](IpcConnection& conn, const Status& reason) {
            if (!reason.is_ok()) {
                logger().warning("Dropped IPC client " + describe_peer(conn.peer()) + " on " +
                                 path_ + ": " + reason.message());
            }
            auto keep = connections_.find(conn.id());
            std::shared_ptr<IpcConnection> self;
            if (keep != connections_.end()) {
                self = std::move(keep->second);
                connections_.erase(keep);
            }
            if (handlers_.on_close) handlers_.on_close(conn, reason);
        };
        auto conn = IpcConnection::adopt(loop_, std::move(fd), *peer, options_, handlers_.on_frame,
                                         std::move(on_close));
        connections_.emplace(conn->id(), conn);
        logger().debug("IPC client " + describe_peer(*peer) + " connected on " + path_);
        if (handlers_.on_connect) handlers_.on_connect(conn);
    }
}

}  // namespace ha::io
