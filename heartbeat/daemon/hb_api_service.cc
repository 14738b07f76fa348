#include "heartbeat/daemon/hb_api_service.h"

#include <filesystem>

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include "heartbeat/daemon/hb_daemon.h"
#include "heartbeat/plumb/log.h"
#include "heartbeat/plumb/log_sinks.h"

namespace ha::hb {

namespace {

const log::Logger& logger() {
    static const log::Logger l("hb");
    return l;
}

ApiHandler::Options handler_options() {
    ApiHandler::Options o;
    o.daemon_uid = ::geteuid();
    o.resolve_user = [](std::string_view name) -> std::optional<uid_t> {
        struct passwd* pw = ::getpwnam(std::string(name).c_str());
        if (!pw) return std::nullopt;
        return pw->pw_uid;
    };
    o.resolve_group = [](std::string_view name) -> std::optional<gid_t> {
        struct group* gr = ::getgrnam(std::string(name).c_str());
        if (!gr) return std::nullopt;
        return gr->gr_gid;
    };
    return o;
}

}  // namespace

HbApiService::HbApiService(HbDaemon& daemon)
    : daemon_(daemon), handler_(*this, daemon.config().hacf.apiauth, handler_options()) {}

HbApiService::~HbApiService() {
    for (auto& [key, id] : timers_)
        daemon_.loop().remove(id);
}

Status HbApiService::open() {
    std::string dir = daemon_.paths().run_dir();
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    io::IpcServer::Handlers h;
    h.on_connect = [this](const std::shared_ptr<io::IpcConnection>& conn) {
        connections_[conn->id()] = conn;
        const auto& p = conn->peer();
        run(handler_.on_connect(conn->id(), ClientCred{p.pid, p.uid, p.gid}));
    };
    h.on_frame = [this](io::IpcConnection& conn, std::string frame) {
        run(handler_.on_frame(conn.id(), frame));
    };
    h.on_close = [this](io::IpcConnection& conn, const Status&) {
        ClientId id = conn.id();
        run(handler_.on_disconnect(id));
        connections_.erase(id);
    };
    auto server = io::IpcServer::listen(daemon_.loop(), dir + "/register", 0666, {}, h);
    if (!server) return server.status().with_context("client API socket");
    server_ = std::move(*server);
    logger().info("Client API open on " + server_->path());
    return Status::ok();
}

void HbApiService::run(ApiEffects effects) {
    for (auto& e : effects) {
        if (auto* r = std::get_if<api_effect::Reply>(&e)) {
            auto it = connections_.find(r->client);
            if (it == connections_.end()) continue;
            auto conn = it->second.lock();
            if (!conn) continue;
            auto bytes = encode_api_message(r->msg);
            if (!bytes) {
                logger().err("Cannot encode a reply to API client: " + bytes.status().to_string());
                continue;
            }
            Status s = conn->send(*bytes);
            if (!s) logger().warning("API client dropped: " + s.to_string());
        } else if (auto* s = std::get_if<api_effect::SendToCluster>(&e)) {
            // Flow control: while the peers lag too far behind in
            // acknowledging, client messages wait here (heartbeat pauses its
            // clients); they go out in order once the acks catch up.
            if (!held_.empty() || daemon_.core().flow_blocked()) {
                if (held_.size() >= kMaxHeld) {
                    logger().err("Flow control: dropping a client message, " +
                                 std::to_string(kMaxHeld) + " already wait");
                } else {
                    held_.push_back(std::move(s->msg));
                }
                continue;
            }
            Status st = daemon_.send_cluster(std::move(s->msg));
            if (!st) logger().warning("API message not sent: " + st.to_string());
        } else if (auto* c = std::get_if<api_effect::CloseClient>(&e)) {
            auto it = connections_.find(c->client);
            if (it != connections_.end())
                if (auto conn = it->second.lock()) conn->close();
        } else if (auto* t = std::get_if<api_effect::ArmTimer>(&e)) {
            auto key = std::make_pair(t->client, t->request);
            ClientId client = t->client;
            uint64_t request = t->request;
            timers_[key] = daemon_.loop().add_timer(t->after, [this, key, client, request] {
                timers_.erase(key);
                run(handler_.on_timeout(client, request));
            });
        } else if (auto* ct = std::get_if<api_effect::CancelTimer>(&e)) {
            auto it = timers_.find({ct->client, ct->request});
            if (it != timers_.end()) {
                daemon_.loop().remove(it->second);
                timers_.erase(it);
            }
        }
    }
}

void HbApiService::release_held() {
    if (releasing_) return;  // send_cluster comes back here
    releasing_ = true;
    struct Reset {
        bool& flag;
        ~Reset() { flag = false; }
    } reset{releasing_};
    while (!held_.empty() && !daemon_.core().flow_blocked()) {
        Message m = std::move(held_.front());
        held_.pop_front();
        Status st = daemon_.send_cluster(std::move(m));
        if (!st) logger().warning("API message not sent: " + st.to_string());
    }
}

void HbApiService::node_status(const std::string& node, const std::string& status) {
    run(handler_.on_node_status(node, status));
}

void HbApiService::link_status(const std::string& node, const std::string& link,
                               const std::string& status) {
    run(handler_.on_link_status(node, link, status));
}

void HbApiService::deliver(const Message& msg) {
    run(handler_.on_cluster_message(msg));
}

std::string HbApiService::local_node() const {
    return daemon_.config().local_node;
}

std::vector<std::string> HbApiService::node_names() const {
    return daemon_.core().node_names();
}

std::optional<std::string> HbApiService::node_status(std::string_view node) const {
    return daemon_.core().node_status(node);
}

std::optional<std::string> HbApiService::node_type(std::string_view node) const {
    return daemon_.core().node_type(node);
}

std::optional<int> HbApiService::node_weight(std::string_view node) const {
    return daemon_.core().node_weight(node);
}

std::optional<std::string> HbApiService::node_site(std::string_view node) const {
    return daemon_.core().node_site(node);
}

std::optional<std::string> HbApiService::node_uuid(std::string_view node) const {
    return daemon_.core().node_uuid(node);
}

std::vector<std::string> HbApiService::links_of(std::string_view node) const {
    return daemon_.core().links_of(node);
}

std::optional<std::string> HbApiService::link_status(std::string_view node,
                                                     std::string_view link) const {
    return daemon_.core().link_status(node, link);
}

std::optional<std::string> HbApiService::parameter(std::string_view name) const {
    if (name == "hbversion") return version();
    return daemon_.config().hacf.parameter(name);
}

Millis HbApiService::deadtime() const {
    return daemon_.config().hacf.deadtime;
}
Millis HbApiService::keepalive() const {
    return daemon_.config().hacf.keepalive;
}

int HbApiService::log_facility() const {
    const auto& f = daemon_.config().hacf.logfacility;
    return f ? log::facility_from_name(*f) : -1;
}

std::optional<std::string> HbApiService::resource_status() const {
    return daemon_.resource_status();
}

std::string HbApiService::version() const {
    return "3.0.6 (heartbeat-ng 0.1.0)";
}

}  // namespace ha::hb
