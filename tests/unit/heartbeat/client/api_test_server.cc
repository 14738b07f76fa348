#include "tests/unit/heartbeat/client/api_test_server.h"

#include <filesystem>
#include <type_traits>

namespace ha::hb::test {

ApiTestServer::ApiTestServer(io::MainLoop& loop, const ClusterView& view,
                             std::vector<ApiAuth> apiauth, ApiHandler::Options options)
    : loop_(loop), handler_(view, std::move(apiauth), std::move(options)) {}

Status ApiTestServer::start(const std::string& path) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    io::IpcServer::Handlers h;
    h.on_connect = [this](const std::shared_ptr<io::IpcConnection>& conn) {
        if (refuse_) {
            conn->close();
            return;
        }
        connections_[conn->id()] = conn;
        const auto& p = conn->peer();
        run(handler_.on_connect(conn->id(), ClientCred{p.pid, p.uid, p.gid}));
    };
    h.on_frame = [this](io::IpcConnection& conn, std::string frame) {
        run(handler_.on_frame(conn.id(), frame));
    };
    h.on_close = [this](io::IpcConnection& conn, const Status&) {
        connections_.erase(conn.id());
        run(handler_.on_disconnect(conn.id()));
    };
    auto server = io::IpcServer::listen(loop_, path, 0666, {}, std::move(h));
    if (!server) return server.status();
    server_ = std::move(*server);
    return Status::ok();
}

void ApiTestServer::run(ApiEffects effects) {
    for (auto& e : effects) {
        std::visit(
            [this](auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, api_effect::Reply>) {
                    auto it = connections_.find(x.client);
                    if (it == connections_.end()) return;
                    if (auto conn = it->second.lock()) {
                        auto bytes = encode_api_message(x.msg);
                        if (bytes) (void)conn->send(*bytes);
                    }
                } else if constexpr (std::is_same_v<T, api_effect::SendToCluster>) {
                    sent_to_cluster.push_back(x.msg);
                    if (on_send_to_cluster) on_send_to_cluster(x.msg);
                } else if constexpr (std::is_same_v<T, api_effect::CloseClient>) {
                    auto it = connections_.find(x.client);
                    if (it == connections_.end()) return;
                    if (auto conn = it->second.lock()) conn->close();
                } else if constexpr (std::is_same_v<T, api_effect::ArmTimer>) {
                    auto key = std::make_pair(x.client, x.request);
                    timers_[key] = loop_.add_timer(x.after, [this, key] {
                        timers_.erase(key);
                        run(handler_.on_timeout(key.first, key.second));
                    });
                } else if constexpr (std::is_same_v<T, api_effect::CancelTimer>) {
                    auto it = timers_.find({x.client, x.request});
                    if (it == timers_.end()) return;
                    loop_.remove(it->second);
                    timers_.erase(it);
                }
            },
            e);
    }
}

}  // namespace ha::hb::test
