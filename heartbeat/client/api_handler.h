// The daemon side of the heartbeat client API as a pure state machine: local
// clients (cl_status, our CRM daemons) sign on, query the cluster and
// exchange messages with it. No sockets and no clock: events come in, effects
// (values) come out, and the heartbeat daemon executes them. Protocol and
// deviations from heartbeat 3.0.6: doc/client-api.md.
//
// How the daemon wires it (heartbeat/daemon), all on the one MainLoop:
//
//   ApiHandler api(view, hacf.apiauth, options);     // view: ClusterView over HbCore
//   IpcServer::listen(loop, Paths::run_dir() + "/register", 0666, {}, {
//       on_connect: run(api.on_connect(conn->id(), {peer.pid, peer.uid, peer.gid}))
//       on_frame:   run(api.on_frame(conn.id(), frame))
//       on_close:   run(api.on_disconnect(conn.id())) })
//   for each HbCore effect:
//       Deliver{msg}                 -> run(api.on_cluster_message(msg))
//       NodeStatus{node, old, st}    -> run(api.on_node_status(node, st))
//       LinkStatus{node, link, st}   -> run(api.on_link_status(node, link, st))
//   run(effects), in order:
//       api_effect::Reply{c, msg}        -> connection c ->send(encode_api_message(msg))
//       api_effect::SendToCluster{msg}   -> core.send(now, msg) (then its effects, as above)
//       api_effect::CloseClient{c}       -> connection c ->close() (on_disconnect is then a no-op)
//       api_effect::ArmTimer{c, r, ms}   -> loop.add_timer(ms, [] { run(api.on_timeout(c, r)); })
//       api_effect::CancelTimer{c, r}    -> remove that timer (a late on_timeout is harmless)
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <sys/types.h>

#include "heartbeat/client/api_protocol.h"
#include "heartbeat/config/ha_cf.h"
#include "heartbeat/msg/ha_msg.h"
#include "heartbeat/plumb/duration.h"

namespace ha::hb {

// What the API reports about the cluster; the daemon implements it over
// HbCore and its configuration, tests with a fake. Node names are lower-case.
class ClusterView {
  public:
    virtual ~ClusterView() = default;

    virtual std::string local_node() const = 0;
    // Every node, normal and ping, in configuration order (heartbeat's
    // client library hands them to its callers in reverse; cl_status shows that).
    virtual std::vector<std::string> node_names() const = 0;
    // nullopt for a node we do not know.
    virtual std::optional<std::string> node_status(std::string_view node) const = 0;
    virtual std::optional<std::string> node_type(std::string_view node) const = 0;  // normal|ping
    virtual std::optional<int> node_weight(std::string_view node) const = 0;
    virtual std::optional<std::string> node_site(std::string_view node) const = 0;
    virtual std::optional<std::string> node_uuid(std::string_view node) const = 0;  // 16 bytes
    // The node's link (medium) names, in medium order; a ping node has one
    // link named after itself.
    virtual std::vector<std::string> links_of(std::string_view node) const = 0;
    virtual std::optional<std::string> link_status(std::string_view node,
                                                   std::string_view link) const = 0;  // up|dead
    // The recorded ha.cf parameter (HaCf::parameter); nullopt when not set.
    virtual std::optional<std::string> parameter(std::string_view name) const = 0;
    virtual Millis deadtime() const = 0;
    virtual Millis keepalive() const = 0;
    virtual int log_facility() const = 0;  // syslog facility number, -1 for none
    // The v1 resource manager's rsc_hold (none|local|foreign|all); nullopt
    // when resources are not managed by heartbeat (pacemaker mode).
    virtual std::optional<std::string> resource_status() const = 0;
    // The hbversion parameter: "3.0.6 (heartbeat-ng 0.1.0)" shape.
    virtual std::string version() const = 0;
};

using ClientId = std::uint64_t;  // the daemon's handle for one connection

struct ClientCred {  // the kernel's view of the peer (SO_PEERCRED)
    pid_t pid = -1;
    uid_t uid = static_cast<uid_t>(-1);
    gid_t gid = static_cast<gid_t>(-1);
};

namespace api_effect {
struct Reply {  // send msg to that client
    ClientId client;
    Message msg;
};
struct SendToCluster {  // originate a cluster message (HbCore::send)
    Message msg;
};
struct CloseClient {
    ClientId client;
    std::string reason;
};
struct ArmTimer {  // call on_timeout(client, request) after `after`
    ClientId client;
    std::uint64_t request;
    Millis after;
};
struct CancelTimer {
    ClientId client;
    std::uint64_t request;
};
}  // namespace api_effect

using ApiEffect =
    std::variant<api_effect::Reply, api_effect::SendToCluster, api_effect::CloseClient,
                 api_effect::ArmTimer, api_effect::CancelTimer>;
using ApiEffects = std::vector<ApiEffect>;

// One per daemon; lives on the daemon's loop thread. Keeps a reference to the
// view, which must outlive it. Every event method is total: bad input from a
// client yields a badreq reply or a close, never a crash.
class ApiHandler {
  public:
    struct Options {
        // The daemon's own uid: besides root, the only one allowed debugging filters.
        uid_t daemon_uid = 0;
        // How long a remote clientstatus waits for the peer when the request
        // names no timeout (heartbeat clients never do).
        Millis cstatus_timeout{5000};
        // apiauth user and group names -> ids. Unset or nullopt: the name
        // matches nothing (numeric entries always work).
        std::function<std::optional<uid_t>(std::string_view)> resolve_user;
        std::function<std::optional<gid_t>(std::string_view)> resolve_group;
    };

    ApiHandler(const ClusterView& view, std::vector<ApiAuth> apiauth, Options options);

    ApiEffects on_connect(ClientId client, ClientCred cred);
    // One IPC frame payload; an undecodable frame closes the client.
    ApiEffects on_frame(ClientId client, std::string_view payload);
    ApiEffects on_request(ClientId client, const Message& msg);
    // The connection is gone (or was closed by a CloseClient): forget the
    // client; a signed-on named client leaves the cluster (hbapi-clstat leave).
    ApiEffects on_disconnect(ClientId client);

    // A cluster message HbCore delivered. Answers query-cstatus, completes
    // remote clientstatus queries, and hands everything else (but status
    // heartbeats) to the clients whose filter has `treatment`: only to the
    // clients named in `to_id` when it is set, else to all signed-on clients.
    ApiEffects on_cluster_message(const Message& msg, unsigned treatment = kTreatKeepIt);
    // Node and link status changes, to every client as t=status / t=ifstat.
    ApiEffects on_node_status(std::string_view node, std::string_view status);
    ApiEffects on_link_status(std::string_view node, std::string_view link,
                              std::string_view status);
    // A timer armed by ArmTimer fired: the remote clientstatus got no answer.
    ApiEffects on_timeout(ClientId client, std::uint64_t request);

    std::size_t client_count() const { return clients_.size(); }
    bool is_signed_on(ClientId client) const;
    // The client id of a signed-on client: its name, or its pid when casual.
    std::optional<std::string> client_id(ClientId client) const;
    // Whether a client with that id is signed on here (local clientstatus).
    bool has_client(std::string_view id) const;

  private:
    struct PendingStatus {  // a remote clientstatus waiting for respond-cstatus
        std::string node;
        std::string client_name;
    };
    struct Client {
        ClientCred cred;
        bool signed_on = false;
        bool casual = true;
        std::string id;
        long pid = 0;
        unsigned filter = kDefaultTreatment;
        int signal = 0;
        int send_queue_length = 0;
        int client_gen = 0;
        std::map<std::uint64_t, PendingStatus> pending;
    };

    ApiEffects signon(ClientId cid, Client& c, const Message& msg);
    ApiEffects request(ClientId cid, Client& c, const Message& msg);
    ApiEffects client_message(ClientId cid, Client& c, Message msg);
    ApiEffects remove(ClientId cid, std::string_view reason, bool tell_client);
    void answer_query(ApiEffects& out, ClientId cid, Client& c, std::string_view op,
                      const Message& msg);
    void clientstatus(ApiEffects& out, ClientId cid, Client& c, const Message& msg);
    void answer_cstatus_query(ApiEffects& out, const Message& msg);
    bool complete_cstatus(ApiEffects& out, const Message& msg);
    void deliver(ApiEffects& out, const Message& msg, unsigned treatment);
    std::string authorize(const Client& c) const;  // "" when allowed, else the reason
    bool matches(const ApiAuth& auth, const ClientCred& cred) const;

    const ClusterView& view_;
    std::vector<ApiAuth> apiauth_;
    Options options_;
    std::map<ClientId, Client> clients_;
    std::uint64_t next_request_ = 1;
    int next_client_gen_ = 0;
};

}  // namespace ha::hb
