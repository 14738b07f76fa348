// Consensus membership and quorum on top of heartbeat's liveness.
//
// Heartbeat tells each node which nodes it hears (up/active). That is a local
// opinion; clients such as the CRM need a view every member agrees on, with a
// number that only grows. The protocol (our own; doc/membership.md):
//
//   * When its set of live nodes has been stable for `settle`, the lowest-named
//     live node (the leader) proposes a view: instance = the highest instance
//     it knows + 1, members = its live set.
//   * A member acknowledges when the proposer is the lowest node of its own
//     live set, the member lists match and the instance is above every
//     instance it has seen; otherwise it refuses, naming the highest instance
//     it has seen, and the leader proposes again above it.
//   * When every protocol-speaking member has acknowledged, the leader
//     commits; every member installs the view (instance only ever grows) and
//     tells its clients who joined and who left. A proposal that does not
//     complete within `retry` is made again.
//   * A member whose view differs from its live set once that has settled
//     asks the leader for a new view (the leader may not have noticed a
//     short partition at all).
//   * Nodes that are alive but never speak this protocol (a heartbeat 3.0.6
//     node in a mixed cluster) are members the leader vouches for.
//
// Quorum of an installed view: more than half of the configured nodes; with
// `two_node`, one node of a two-node cluster; with `wait_for_all`, none until
// a view has held every configured node once. Pure: messages and time in,
// effects out; the daemon sends the messages through the heartbeat core.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "heartbeat/msg/ha_msg.h"
#include "heartbeat/plumb/duration.h"

namespace ha::hb {

inline constexpr std::string_view kMsgMembership = "hbng-memb";      // protocol messages
inline constexpr std::string_view kMsgMembershipView = "hbng-view";  // to local clients

struct MembershipConfig {
    std::string local_node;
    std::vector<std::string> configured;  // the normal nodes of ha.cf
    Millis settle{200};                   // live set stable this long before a proposal
    Millis retry{1000};                   // an incomplete proposal is made again after this
    bool two_node = true;                 // a two-node cluster keeps quorum with one node
    bool wait_for_all = false;
};

struct MembershipView {
    uint64_t instance = 0;
    std::set<std::string> members;
    bool quorum = false;
    bool operator==(const MembershipView& o) const {
        return instance == o.instance && members == o.members && quorum == o.quorum;
    }
};

namespace membership_effect {
struct Send {  // a cluster message (through HbCore::send)
    Message msg;
};
struct Installed {  // a new view for the local clients
    MembershipView view;
    std::set<std::string> joined;
    std::set<std::string> left;
};
}  // namespace membership_effect

using MembershipEffect = std::variant<membership_effect::Send, membership_effect::Installed>;

class MembershipCore {
  public:
    explicit MembershipCore(MembershipConfig config);

    // The nodes heartbeat currently hears (status up or active), us included.
    void on_liveness(MonoTime now, std::set<std::string> live);
    // A delivered cluster message of type kMsgMembership.
    void on_message(MonoTime now, const Message& msg);
    void on_tick(MonoTime now);
    MonoTime next_wakeup() const;
    std::vector<MembershipEffect> take_effects() { return std::exchange(effects_, {}); }

    const MembershipView& view() const { return view_; }
    bool has_view() const { return view_.instance > 0; }
    // A message for local clients describing an installed view.
    static Message view_message(const membership_effect::Installed& installed);

  private:
    bool is_leader() const;
    bool wants_new_view() const;
    void propose(MonoTime now);
    void commit(MonoTime now);
    void install(uint64_t instance, const std::set<std::string>& members);
    void send(Message msg) { effects_.push_back(membership_effect::Send{std::move(msg)}); }
    bool quorum_of(const std::set<std::string>& members) const;

    MembershipConfig cfg_;
    std::set<std::string> live_;
    std::set<std::string> speakers_;  // nodes heard speaking this protocol
    MonoTime live_since_{};
    bool settled_ = false;
    uint64_t max_seen_ = 0;
    MembershipView view_;
    bool seen_all_ = false;
    MonoTime request_due_{};

    // Leader side: the proposal in progress.
    struct Proposal {
        uint64_t instance = 0;
        std::set<std::string> members;
        std::set<std::string> acked;
        MonoTime deadline{};
    };
    std::optional<Proposal> proposal_;
    std::vector<MembershipEffect> effects_;
};

}  // namespace ha::hb
