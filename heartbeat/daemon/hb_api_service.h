// The client API of the heartbeat daemon: the Unix socket
// /var/run/heartbeat/register (under HA_ROOT), the pure ApiHandler behind it,
// and the ClusterView it reads, over the daemon's heartbeat core and
// configuration. Lives on the daemon's main loop.
#pragma once

#include <deque>
#include <map>
#include <memory>

#include "heartbeat/client/api_handler.h"
#include "heartbeat/plumb/ipc.h"

namespace ha::hb {

class HbDaemon;

class HbApiService : public ClusterView {
  public:
    explicit HbApiService(HbDaemon& daemon);
    ~HbApiService() override;

    // Opens the socket (heartbeat opens it once communications are up).
    Status open();

    void node_status(const std::string& node, const std::string& status);
    void link_status(const std::string& node, const std::string& link, const std::string& status);
    void deliver(const Message& msg);
    // Sends client messages held back by flow control, once it allows.
    void release_held();

    // ClusterView
    std::string local_node() const override;
    std::vector<std::string> node_names() const override;
    std::optional<std::string> node_status(std::string_view node) const override;
    std::optional<std::string> node_type(std::string_view node) const override;
    std::optional<int> node_weight(std::string_view node) const override;
    std::optional<std::string> node_site(std::string_view node) const override;
    std::optional<std::string> node_uuid(std::string_view node) const override;
    std::vector<std::string> links_of(std::string_view node) const override;
    std::optional<std::string> link_status(std::string_view node,
                                           std::string_view link) const override;
    std::optional<std::string> parameter(std::string_view name) const override;
    Millis deadtime() const override;
    Millis keepalive() const override;
    int log_facility() const override;
    std::optional<std::string> resource_status() const override;
    std::string version() const override;

  private:
    void run(ApiEffects effects);

    HbDaemon& daemon_;
    ApiHandler handler_;
    std::unique_ptr<io::IpcServer> server_;
    std::map<ClientId, std::weak_ptr<io::IpcConnection>> connections_;
    std::map<std::pair<ClientId, uint64_t>, io::TimerId> timers_;
    static constexpr size_t kMaxHeld = 10000;
    std::deque<Message> held_;
    bool releasing_ = false;
};

}  // namespace ha::hb
