#include "heartbeat/membership/ccm_core.h"

#include <map>

#include <gtest/gtest.h>

#include "heartbeat/msg/hb_fields.h"

namespace ha::hb {
namespace {

MembershipConfig config(const std::string& me, std::vector<std::string> nodes) {
    MembershipConfig c;
    c.local_node = me;
    c.configured = std::move(nodes);
    c.settle = Millis(100);
    c.retry = Millis(1000);
    return c;
}

// A tiny reliable broadcast between membership cores, with src stamped as
// the heartbeat core would.
struct Net {
    std::map<std::string, MembershipCore*> nodes;
    MonoTime now = MonoTime(std::chrono::seconds(10));
    std::vector<membership_effect::Installed> installed;

    void pump() {
        for (int round = 0; round < 20; ++round) {
            bool any = false;
            for (auto& [name, core] : nodes) {
                for (auto& e : core->take_effects()) {
                    any = true;
                    if (auto* s = std::get_if<membership_effect::Send>(&e)) {
                        Message m = s->msg;
                        m.set_string(kFieldSrc, name);
                        auto dest = m.get_string(kFieldDest);
                        for (auto& [other, oc] : nodes)
                            if (other != name && (!dest || *dest == other)) oc->on_message(now, m);
                    } else {
                        installed.push_back(std::get<membership_effect::Installed>(e));
                    }
                }
            }
            if (!any) return;
        }
    }
    void advance(Millis d) {
        MonoTime end = now + d;
        while (true) {
            MonoTime next = MonoTime::max();
            for (auto& [n, c] : nodes)
                next = std::min(next, c->next_wakeup());
            if (next > end) break;
            now = std::max(now, next);
            for (auto& [n, c] : nodes)
                c->on_tick(now);
            pump();
        }
        now = end;
    }
    void live(const std::set<std::string>& set) {
        for (auto& [n, c] : nodes)
            if (set.count(n)) c->on_liveness(now, set);
        pump();
    }
};

TEST(Membership, ThreeNodesAgreeOnOneView) {
    std::vector<std::string> all = {"a", "b", "c"};
    MembershipCore a(config("a", all)), b(config("b", all)), c(config("c", all));
    Net net;
    net.nodes = {{"a", &a}, {"b", &b}, {"c", &c}};
    net.live({"a", "b", "c"});
    net.advance(Millis(500));
    EXPECT_EQ(a.view().instance, 1u);
    EXPECT_EQ(a.view(), b.view());
    EXPECT_EQ(b.view(), c.view());
    EXPECT_EQ(a.view().members, (std::set<std::string>{"a", "b", "c"}));
    EXPECT_TRUE(a.view().quorum);
}

TEST(Membership, LosingTwoOfThreeLosesQuorum) {
    std::vector<std::string> all = {"a", "b", "c"};
    MembershipCore a(config("a", all)), b(config("b", all)), c(config("c", all));
    Net net;
    net.nodes = {{"a", &a}, {"b", &b}, {"c", &c}};
    net.live({"a", "b", "c"});
    net.advance(Millis(500));
    net.nodes.erase("b");
    net.nodes.erase("c");
    net.live({"a"});
    net.advance(Millis(500));
    EXPECT_EQ(a.view().instance, 2u);
    EXPECT_EQ(a.view().members, (std::set<std::string>{"a"}));
    EXPECT_FALSE(a.view().quorum);
    ASSERT_FALSE(net.installed.empty());
    EXPECT_EQ(net.installed.back().left, (std::set<std::string>{"b", "c"}));
}

TEST(Membership, TwoNodeRuleAndWaitForAll) {
    MembershipCore a(config("a", {"a", "b"}));
    Net net;
    net.nodes = {{"a", &a}};
    net.live({"a"});
    net.advance(Millis(500));
    EXPECT_TRUE(a.view().quorum);  // two_node: one of two keeps quorum

    MembershipConfig cfg = config("a", {"a", "b"});
    cfg.wait_for_all = true;
    MembershipCore w(cfg);
    Net net2;
    net2.nodes = {{"a", &w}};
    net2.live({"a"});
    net2.advance(Millis(500));
    EXPECT_FALSE(w.view().quorum);  // never yet seen every node
}

TEST(Membership, ProposalWaitsForEverySpeakerAndGoesAboveHigherInstances) {
    std::vector<std::string> all = {"a", "b"};
    MembershipCore a(config("a", all)), b(config("b", all));
    Net net;
    net.nodes = {{"b", &b}};
    // b alone for a while: it leads itself to a high instance.
    for (int i = 0; i < 3; ++i) {
        net.live({"b"});
        net.advance(Millis(300));
        b.on_liveness(net.now, {"b", "x"});  // a flapping stranger bumps instances
        net.advance(Millis(300));
    }
    uint64_t b_instance = b.view().instance;
    ASSERT_GT(b_instance, 2u);
    net.nodes["a"] = &a;
    net.live({"a", "b"});
    net.advance(Millis(2000));
    EXPECT_EQ(a.view(), b.view());
    EXPECT_GT(a.view().instance, b_instance);
}

TEST(Membership, ViewMessageForClients) {
    membership_effect::Installed inst;
    inst.view.instance = 7;
    inst.view.members = {"a", "b"};
    inst.view.quorum = true;
    inst.joined = {"b"};
    Message m = MembershipCore::view_message(inst);
    EXPECT_EQ(m.get_string(kFieldT), kMsgMembershipView);
    EXPECT_EQ(m.get_string("instance"), "7");
    EXPECT_EQ(m.get_string("members"), "a b ");
    EXPECT_EQ(m.get_string("joined"), "b ");
    EXPECT_EQ(m.get_string("quorum"), "1");
}

}  // namespace
}  // namespace ha::hb
