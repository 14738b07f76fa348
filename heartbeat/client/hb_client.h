// HbClient: the client library of the heartbeat API (heartbeat 3.0.6's
// ll_cluster_t, reshaped): sign on to the local heartbeat over its Unix
// socket, ask about nodes, links, parameters and clients, send messages to
// the cluster and receive them, with callbacks per message type. Blocking
// calls with deadlines over ha::io::IpcClient; for use in tools and in
// daemons that poll fd(). Protocol: doc/client-api.md.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heartbeat/client/api_protocol.h"
#include "heartbeat/msg/ha_msg.h"
#include "heartbeat/plumb/ipc_client.h"
#include "heartbeat/plumb/status.h"

namespace ha::hb {

// Not thread-safe: one thread uses a client. Callbacks run from inside
// read_message() / dispatch() (and never from inside the query calls; what
// arrives during a query waits in a queue). The destructor signs off.
class HbClient {
  public:
    struct Options {
        std::string socket_path;  // "" = default_socket_path()
        std::string node;         // `dest` of requests; "" = ha::local_node_name()
        Millis connect_timeout{2000};
        Millis call_timeout{10000};  // for each query's reply
    };

    // The daemon's socket: Paths::from_environment().run_dir() + "/register".
    static std::string default_socket_path();

    // The reason of a signon that found no heartbeat (heartbeat's wording).
    static constexpr std::string_view kCannotConnect =
        "hb_api_signon: Can't initiate connection to heartbeat";

    // Connects and signs on as `client_name`, or casually ("": client id =
    // our pid; casual clients may query and listen, not send). Errors:
    // kNotFound (message kCannotConnect) when no heartbeat accepts the
    // connection; kPermission when heartbeat refused us (reason attached);
    // kIo/kTimeout/kInvalid for trouble after connecting.
    static Result<HbClient> signon(std::string_view client_name, Options options);
    static Result<HbClient> signon(std::string_view client_name) {
        return signon(client_name, Options{});
    }

    HbClient(HbClient&&) noexcept = default;
    HbClient& operator=(HbClient&&) noexcept = default;
    HbClient(const HbClient&) = delete;
    HbClient& operator=(const HbClient&) = delete;
    ~HbClient();

    // Tells heartbeat we leave and closes; idempotent.
    Status signoff();
    bool signed_on() const { return ipc_.is_open(); }

    // What signon reported.
    const std::string& local_node() const { return info_.node; }
    Millis deadtime() const { return info_.deadtime; }
    Millis keepalive() const { return info_.keepalive; }
    int log_facility() const { return info_.log_facility; }
    const std::string& client_id() const { return who_.client_id; }
    bool casual() const { return casual_; }

    // ---- Queries (one request, its reply; kInvalid with heartbeat's reason,
    // e.g. "EINVAL", when heartbeat refused the request) --------------------
    // Every node, in the daemon's (configuration) order.
    Result<std::vector<std::string>> nodes();
    Result<int> num_nodes();  // normal nodes
    Result<std::string> node_status(std::string_view node);
    Result<int> node_weight(std::string_view node);
    Result<std::string> node_site(std::string_view node);
    Result<std::string> node_type(std::string_view node);
    Result<std::vector<std::string>> links(std::string_view node);
    Result<std::string> link_status(std::string_view node, std::string_view link);
    // nullopt: the parameter is not set (or unknown).
    Result<std::optional<std::string>> parameter(std::string_view name);
    Result<std::string> resources();  // v1 rsc_hold; kInvalid under pacemaker
    Result<std::optional<std::string>> node_uuid(std::string_view node);
    Result<std::optional<std::string>> node_by_uuid(std::string_view uuid);
    // online|offline of `client` on `node`; a remote node is asked over the
    // cluster, waiting at most `timeout`: kTimeout (kApiNoTimelyResponse) when
    // no answer came.
    Result<std::string> client_status(std::string_view node, std::string_view client,
                                      Millis timeout);
    Status set_filter(unsigned mask);  // kTreat* bits
    Status set_signal(int signo);
    Status set_send_queue_length(int length);

    // ---- Messages ------------------------------------------------------------
    // Hands a message to heartbeat for the cluster (named clients only);
    // heartbeat delivers it to the clients of our name on every node.
    Status send_to_cluster(Message msg);
    Status send_to_node(std::string_view node, Message msg);

    using MessageCallback = std::function<void(const Message& msg)>;
    using NodeStatusCallback =
        std::function<void(const std::string& node, const std::string& status)>;
    using LinkStatusCallback = std::function<void(const std::string& node, const std::string& link,
                                                  const std::string& status)>;
    using ClientStatusCallback = std::function<void(
        const std::string& node, const std::string& client, const std::string& status)>;

    // Per message type (`t`); an empty callback removes it.
    void set_message_callback(std::string type, MessageCallback callback);
    void set_node_status_callback(NodeStatusCallback callback);  // t=status
    void set_link_status_callback(LinkStatusCallback callback);  // t=ifstat
    void set_client_status_callback(
        ClientStatusCallback callback);  // hbapi-clstat, respond-cstatus

    // The next message no callback took, waiting at most `timeout` (zero:
    // only what is there); nullopt when none came. kIo when heartbeat went away.
    Result<std::optional<Message>> read_message(Millis timeout);
    // Handles one message (callbacks; a message without one is dropped);
    // false when none came within `timeout`.
    Result<bool> dispatch(Millis timeout);
    // For poll(): readable when a message may be waiting. Check
    // has_queued() too: messages read during a query wait in a queue.
    int fd() const { return ipc_.fd(); }
    bool has_queued() const { return !queue_.empty(); }
    std::size_t dropped_messages() const { return dropped_; }

    static constexpr std::size_t kMaxQueued = 10000;

  private:
    HbClient(io::IpcClient ipc, Options options, ApiIdentity who, bool casual);

    Status send(const Message& msg);
    Result<Message> receive(std::chrono::steady_clock::time_point deadline);
    void enqueue(Message msg);
    // Sends `request`, then waits for the hbapi-resp of its op (others queue).
    Result<Message> call(const Message& request);
    Result<Message> await_reply(std::string_view op,
                                std::chrono::steady_clock::time_point deadline);
    Result<std::vector<std::string>> list(const Message& request, std::string_view field);
    Result<Message> checked(Result<Message> reply);  // failure replies -> kInvalid(info)
    bool handle(const Message& msg);                 // true when a callback took it

    io::IpcClient ipc_;
    Options options_;
    ApiIdentity who_;
    bool casual_ = true;
    SignonInfo info_;
    std::deque<Message> queue_;
    std::size_t dropped_ = 0;
    std::map<std::string, MessageCallback, std::less<>> type_callbacks_;
    NodeStatusCallback node_callback_;
    LinkStatusCallback link_callback_;
    ClientStatusCallback client_callback_;
};

}  // namespace ha::hb
