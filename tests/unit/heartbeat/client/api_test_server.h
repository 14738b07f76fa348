// A tiny heartbeat API server for tests: IpcServer + ApiHandler on a
// MainLoop, executing the handler's effects the way the daemon does. Cluster
// messages the handler originates are recorded (and can be answered by a
// hook standing in for the rest of the cluster). Everything runs on the
// thread that iterates the loop.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "heartbeat/client/api_handler.h"
#include "heartbeat/plumb/ipc.h"
#include "heartbeat/plumb/main_loop.h"

namespace ha::hb::test {

class ApiTestServer {
  public:
    ApiTestServer(io::MainLoop& loop, const ClusterView& view, std::vector<ApiAuth> apiauth = {},
                  ApiHandler::Options options = {});

    // Listens on `path` (creating its directory).
    Status start(const std::string& path);
    // Closes every connection at once instead of serving it ("refuses my connection").
    void refuse_connections(bool refuse) { refuse_ = refuse; }

    ApiHandler& handler() { return handler_; }
    // Executes effects: replies, cluster sends (recorded + hook), closes, timers.
    void run(ApiEffects effects);

    std::vector<Message> sent_to_cluster;
    // Called for each message sent to the cluster, after recording it.
    std::function<void(const Message&)> on_send_to_cluster;

  private:
    io::MainLoop& loop_;
    ApiHandler handler_;
    std::unique_ptr<io::IpcServer> server_;
    std::map<ClientId, std::weak_ptr<io::IpcConnection>> connections_;
    std::map<std::pair<ClientId, std::uint64_t>, io::TimerId> timers_;
    bool refuse_ = false;
};

}  // namespace ha::hb::test
