// Small file-descriptor helpers for the I/O shell: an owning fd and the
// fcntl flags every loop-driven fd needs.
#pragma once

#include <string>
#include <utility>

#include "heartbeat/plumb/status.h"

namespace ha::io {

// Owns one fd; closes it on destruction. Move-only.
class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) reset(other.release());
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    int release() { return std::exchange(fd_, -1); }
    void reset(int fd = -1);

  private:
    int fd_ = -1;
};

Status set_nonblocking(int fd);

// A Status for the current errno: code kIo, message "<what>: <strerror>".
Status errno_status(const std::string& what);

}  // namespace ha::io
