// The FIFO /var/lib/heartbeat/fifo through which scripts (hb_standby,
// hb_takeover, ha_clustermsg-style tools) hand heartbeat messages to send to
// the cluster: classic (">>>" ... "<<<") or netstring ("###" ... "%%%")
// form, unauthenticated. The daemon adds the standard fields and signs them,
// as for API clients. FifoFramer is the pure part (bytes in, messages out).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "heartbeat/msg/ha_msg.h"
#include "heartbeat/plumb/main_loop.h"
#include "heartbeat/plumb/status.h"

namespace ha::hb {

class FifoFramer {
  public:
    // Appends bytes; returns every complete message, and the reasons for
    // frames that did not decode.
    void feed(std::string_view bytes, std::vector<Message>& out, std::vector<std::string>& errors);

  private:
    std::string buf_;
};

class HbFifo {
  public:
    using Handler = std::function<void(Message msg)>;
    HbFifo(io::MainLoop& loop, std::string path, Handler handler);
    ~HbFifo();

    // Creates the FIFO (mode 0600) if needed and starts reading it.
    Status open();

  private:
    void on_readable();

    io::MainLoop& loop_;
    std::string path_;
    Handler handler_;
    int read_fd_ = -1;
    int keep_fd_ = -1;  // our own writer, so the FIFO never reports EOF
    io::WatchId watch_;
    FifoFramer framer_;
};

}  // namespace ha::hb
