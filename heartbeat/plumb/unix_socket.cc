#include "heartbeat/plumb/unix_socket.h"

#include <cerrno>
#include <cstring>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace ha::io {

namespace {

Result<sockaddr_un> make_address(const std::string& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof addr.sun_path)
        return invalid("socket path '" + path + "': empty or longer than " +
                       std::to_string(sizeof addr.sun_path - 1) + " bytes");
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    return addr;
}

Result<UniqueFd> new_socket() {
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) return errno_status("socket(AF_UNIX)");
    return fd;
}

// Removes `path` if it is a socket nobody listens on any more.
Status clear_stale_socket(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return Status::ok();
        return errno_status(path + ": lstat");
    }
    if (!S_ISSOCK(st.st_mode)) return invalid(path + ": exists and is not a socket");
    auto probe = connect_unix(path, Millis(100));
    if (probe.is_ok()) return Status(ErrorCode::kIo, path + ": in use by a running server");
    if (probe.status().code() == ErrorCode::kTimeout)
        return Status(ErrorCode::kIo, path + ": in use by a busy server");
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        return errno_status(path + ": removing stale socket");
    return Status::ok();
}

}  // namespace

Result<PeerCred> peer_credentials(int fd) {
    struct ucred cred {};
    socklen_t len = sizeof cred;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
        return errno_status("getsockopt(SO_PEERCRED)");
    return PeerCred{cred.pid, cred.uid, cred.gid};
}

Result<UniqueFd> listen_unix(const std::string& path, mode_t mode, int backlog) {
    auto addr = make_address(path);
    if (!addr.is_ok()) return addr.status();
    HA_RETURN_IF_ERROR(clear_stale_socket(path));
    auto fd = new_socket();
    if (!fd.is_ok()) return fd.status();
    if (::bind(fd->get(), reinterpret_cast<const sockaddr*>(&*addr), sizeof *addr) != 0)
        return errno_status(path + ": bind");
    if (::chmod(path.c_str(), mode) != 0) {
        Status s = errno_status(path + ": chmod");
        ::unlink(path.c_str());
        return s;
    }
    if (::listen(fd->get(), backlog) != 0) {
        Status s = errno_status(path + ": listen");
        ::unlink(path.c_str());
        return s;
    }
    HA_RETURN_IF_ERROR(set_nonblocking(fd->get()));
    return std::move(*fd);
}

Result<UniqueFd> connect_unix(const std::string& path, Millis timeout) {
    auto addr = make_address(path);
    if (!addr.is_ok()) return addr.status();
    auto fd = new_socket();
    if (!fd.is_ok()) return fd.status();
    // A blocking AF_UNIX connect waits for backlog room up to SO_SNDTIMEO.
    struct timeval tv {};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    if (timeout.count() > 0 &&
        ::setsockopt(fd->get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
        return errno_status("setsockopt(SO_SNDTIMEO)");
    int rc;
    do {
        rc = ::connect(fd->get(), reinterpret_cast<const sockaddr*>(&*addr), sizeof *addr);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
        int err = errno;
        Status s = errno_status(path + ": connect");
        if (err == ENOENT) return Status(ErrorCode::kNotFound, s.message());
        if (err == EAGAIN || err == EINPROGRESS) return Status(ErrorCode::kTimeout, s.message());
        if (err == EACCES) return Status(ErrorCode::kPermission, s.message());
        return s;
    }
    // Later blocking writes use poll() with their own deadlines.
    struct timeval none {};
    ::setsockopt(fd->get(), SOL_SOCKET, SO_SNDTIMEO, &none, sizeof none);
    return std::move(*fd);
}

}  // namespace ha::io
