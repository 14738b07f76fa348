// The serial medium: a raw 8N1 tty at the `baud` speed. Heartbeat writes
// messages on serial links in classic text form; the daemon hands this medium
// classic-form bytes and gets back one frame (">>>\n"...\"<<<\n") per receive.
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include "heartbeat/media/media_detail.h"
#include "heartbeat/media/medium.h"

namespace ha::hb {
namespace {

speed_t baud_constant(int baud) {
    switch (baud) {
        case 9600:
            return B9600;
        case 19200:
            return B19200;
        case 38400:
            return B38400;
        case 57600:
            return B57600;
        case 115200:
            return B115200;
        case 230400:
            return B230400;
        case 460800:
            return B460800;
        default:
            return B0;
    }
}

class SerialMedium : public MediumIo {
  public:
    explicit SerialMedium(std::string dev) : dev_(std::move(dev)) {
        size_t slash = dev_.rfind('/');
        name_ = slash == std::string::npos ? dev_ : dev_.substr(slash + 1);
    }
    ~SerialMedium() override {
        if (fd_ >= 0) ::close(fd_);
    }

    Status open(int baud) {
        speed_t speed = baud_constant(baud);
        if (speed == B0) return invalid("unsupported baud rate " + std::to_string(baud));
        fd_ = ::open(dev_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd_ < 0) return Status(ErrorCode::kIo, dev_ + ": " + std::strerror(errno));
        termios t{};
        if (::tcgetattr(fd_, &t) < 0)
            return Status(ErrorCode::kIo, dev_ + ": not a tty: " + std::strerror(errno));
        ::cfmakeraw(&t);
        t.c_cflag |= CLOCAL | CREAD;
        t.c_cflag &= ~(CSTOPB | PARENB | CRTSCTS);
        t.c_cc[VMIN] = 0;
        t.c_cc[VTIME] = 0;
        ::cfsetispeed(&t, speed);
        ::cfsetospeed(&t, speed);
        if (::tcsetattr(fd_, TCSANOW, &t) < 0)
            return Status(ErrorCode::kIo, dev_ + ": tcsetattr: " + std::strerror(errno));
        return Status::ok();
    }

    const std::string& name() const override { return name_; }
    const char* type_name() const override { return "serial"; }
    int read_fd() const override { return fd_; }

    Status send(std::string_view bytes) override {
        size_t off = 0;
        while (off < bytes.size()) {
            ssize_t n = ::write(fd_, bytes.data() + off, bytes.size() - off);
            if (n < 0) {
                if (errno == EINTR) continue;
                // A full tty buffer drops the rest: heartbeat's serial link is lossy too.
                return Status(ErrorCode::kIo, dev_ + ": write: " + std::strerror(errno));
            }
            off += static_cast<size_t>(n);
        }
        return Status::ok();
    }

    Result<std::optional<Packet>> receive() override {
        if (auto frame = framer_.next()) return std::optional<Packet>(Packet{*frame, dev_});
        char buf[4096];
        while (true) {
            ssize_t n = ::read(fd_, buf, sizeof buf);
            if (n > 0) {
                framer_.feed(std::string_view(buf, static_cast<size_t>(n)));
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
                return Status(ErrorCode::kIo, dev_ + ": read: " + std::strerror(errno));
            break;
        }
        if (auto frame = framer_.next()) return std::optional<Packet>(Packet{*frame, dev_});
        return std::optional<Packet>();
    }

  private:
    std::string dev_;
    std::string name_;
    int fd_ = -1;
    detail::SerialFramer framer_;
};

}  // namespace

namespace detail {

Result<std::unique_ptr<MediumIo>> open_serial_medium(const MediumSpec& spec) {
    auto m = std::make_unique<SerialMedium>(spec.dev);
    Status s = m->open(spec.baud);
    if (!s) return s;
    return std::unique_ptr<MediumIo>(std::move(m));
}

}  // namespace detail
}  // namespace ha::hb
