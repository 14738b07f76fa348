#include "heartbeat/plumb/fd_util.h"

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace ha::io {

void UniqueFd::reset(int fd) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
}

Status set_nonblocking(int fd) {
    int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0)
        return errno_status("fcntl(O_NONBLOCK)");
    return Status::ok();
}

Status errno_status(const std::string& what) {
    int err = errno;
    return Status(ErrorCode::kIo, what + ": " + std::strerror(err));
}

}  // namespace ha::io
