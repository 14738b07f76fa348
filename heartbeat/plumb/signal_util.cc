#include "heartbeat/plumb/signal_util.h"

#include <cerrno>
#include <cstring>
#include <string>

#include <signal.h>

namespace ha::io {

namespace {
Status set_disposition(int signo, void (*handler)(int)) {
    struct sigaction sa {};
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    if (::sigaction(signo, &sa, nullptr) != 0) {
        return Status(ErrorCode::kInvalid,
                      "sigaction(" + std::to_string(signo) + "): " + std::strerror(errno));
    }
    return Status::ok();
}
}  // namespace

Status set_signal_ignored(int signo) {
    return set_disposition(signo, SIG_IGN);
}

Status set_signal_default(int signo) {
    return set_disposition(signo, SIG_DFL);
}

}  // namespace ha::io
