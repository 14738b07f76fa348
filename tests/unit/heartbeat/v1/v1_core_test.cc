// The v1 state machine driven by hand: every message it sends is compared
// with what heartbeat 3.0.6 sent in the captured runs
// (doc/v1-resource-protocol.md, sections 3.1, 3.3, 3.6).
#include "heartbeat/v1/v1_core.h"

#include <gtest/gtest.h>

#include "heartbeat/msg/hb_fields.h"

namespace ha::hb {
namespace {

V1Config config(const std::string& me, AutoFailback mode = AutoFailback::kOn) {
    V1Config c;
    c.local_node = me;
    c.mode = mode;
    ResourceGroup g;
    g.node = "node1";
    g.resources.push_back(HaResource{"IPaddr2::10.0.0.5/24/eth0", "IPaddr2", {"10.0.0.5/24/eth0"}});
    c.groups.push_back(g);
    return c;
}

struct Out {
    std::vector<Message> sent;
    std::vector<v1_effect::Run> runs;
    bool shutdown_done = false;
};

Out take(V1Core& core) {
    Out o;
    for (auto& e : core.take_effects()) {
        if (auto* s = std::get_if<v1_effect::Send>(&e)) o.sent.push_back(s->msg);
        if (auto* r = std::get_if<v1_effect::Run>(&e)) o.runs.push_back(*r);
        if (std::holds_alternative<v1_effect::ShutdownDone>(e)) o.shutdown_done = true;
    }
    return o;
}

std::string fields(const Message& m) {
    std::string s;
    for (const auto& f : m.fields())
        s += f.name + "=" + f.bytes + " ";
    return s;
}

// What heartbeat's loopback does: our own message comes back with src=us.
Message from(const std::string& src, Message m) {
    m.set_string(kFieldSrc, src);
    return m;
}

// A peer's full `resource` report.
Message resource(std::string_view hold, bool stable) {
    Message r;
    r.add_string(kFieldT, kMsgResource);
    r.add_string(kFieldRscHold, hold);
    r.add_string(kFieldRtype, "full");
    r.add_string(kFieldIsStable, stable ? "1" : "0");
    return r;
}

MonoTime t0() {
    return MonoTime(std::chrono::seconds(100));
}

TEST(V1Core, StartsLikeTheCapturedNode1) {
    V1Core core(config("node1"));
    core.on_node_status(t0(), "node2", "active");
    core.on_comm_up(t0());
    Out o = take(core);
    ASSERT_EQ(o.sent.size(), 1u);
    EXPECT_EQ(fields(o.sent[0]), "t=starting ");
    // node2's starting: reply with our (unstable) holdings.
    Message starting;
    starting.add_string(kFieldT, kMsgStarting);
    core.on_message(t0(), from("node2", starting));
    o = take(core);
    ASSERT_EQ(o.sent.size(), 1u);
    EXPECT_EQ(fields(o.sent[0]), "t=resource rsc_hold=none rtype=full isstable=0 ");
    // node2's reply moves us to RSCRCVD; our own reply comes back too.
    Message r = resource("none", false);
    core.on_message(t0(), from("node2", r));
    core.on_message(t0(), from("node1", o.sent[0]));
    EXPECT_EQ(core.state(), V1Core::State::kRscRcvd);
    EXPECT_TRUE(take(core).sent.empty());
    // 10 s later (RQSTDELAY): stable, claim our group (captured rows 49-51).
    EXPECT_EQ(core.next_wakeup(), t0() + Millis(10000));
    core.on_tick(t0() + Millis(10000));
    o = take(core);
    ASSERT_EQ(o.sent.size(), 3u);
    EXPECT_EQ(fields(o.sent[0]),
              "t=ip-request-resp dest=node1 ipaddr=IPaddr2::10.0.0.5/24/eth0 weown=yes ok=OK ");
    EXPECT_EQ(fields(o.sent[1]),
              "t=resource rsc_hold=local rtype=full isstable=1 info=req_our_resources() ");
    EXPECT_EQ(fields(o.sent[2]), "t=resource rsc_hold=local rtype=full isstable=1 ");
    EXPECT_EQ(core.state(), V1Core::State::kStable);
    // The self-addressed ip-request-resp coming back starts the group.
    core.on_message(t0(), from("node1", o.sent[0]));
    o = take(core);
    ASSERT_EQ(o.runs.size(), 1u);
    EXPECT_TRUE(o.runs[0].take);
    EXPECT_EQ(o.runs[0].keys, std::vector<std::string>{"IPaddr2::10.0.0.5/24/eth0"});
}

// Brings a node1 core to STABLE holding its group, with node2 stable.
V1Core stable_node1(AutoFailback mode = AutoFailback::kOn) {
    V1Core core(config("node1", mode));
    core.on_node_status(t0(), "node2", "active");
    core.on_comm_up(t0());
    Message r = resource("local", true);
    core.on_message(t0(), from("node2", r));
    for (const auto& m : take(core).sent)
        core.on_message(t0(), from("node1", m));
    for (auto& e : core.take_effects())
        if (auto* run = std::get_if<v1_effect::Run>(&e)) core.on_job_done(t0(), run->job, true);
    (void)core.take_effects();
    return core;
}

TEST(V1Core, GracefulStopReleasesBeforeShutdone) {
    V1Core core = stable_node1();
    ASSERT_TRUE(core.stable()) << core.describe();
    core.shutdown(t0());
    Out o = take(core);
    ASSERT_EQ(o.sent.size(), 1u);
    EXPECT_EQ(fields(o.sent[0]), "t=resource rsc_hold=none rtype=full isstable=0 info=shutdown ");
    ASSERT_EQ(o.runs.size(), 1u);
    EXPECT_FALSE(o.runs[0].take);
    // shutdone only after the groups are down.
    core.on_job_done(t0(), o.runs[0].job, true);
    o = take(core);
    ASSERT_EQ(o.sent.size(), 1u);
    EXPECT_EQ(fields(o.sent[0]), "t=shutdone st=dead ");
    core.on_message(t0(), from("node1", o.sent[0]));
    EXPECT_TRUE(take(core).shutdown_done);
}

TEST(V1Core, PeerDeathWithNoStonithDeviceTakesItsGroups) {
    V1Core core(config("node2"));
    core.on_node_status(t0(), "node1", "active");
    core.on_comm_up(t0());
    Message r = resource("local", true);
    core.on_message(t0(), from("node1", r));
    for (const auto& m : take(core).sent)
        core.on_message(t0(), from("node2", m));
    (void)take(core);
    core.on_node_status(t0() + Millis(5000), "node1", "dead");
    Out o = take(core);
    ASSERT_GE(o.sent.size(), 1u);
    // node1 reported holding its group: a reset would be needed, and there is no device.
    EXPECT_EQ(fields(o.sent[0]), "t=stonith node=node1 result=n_stnth ");
    ASSERT_EQ(o.runs.size(), 1u);
    EXPECT_TRUE(o.runs[0].take);
    EXPECT_EQ(o.runs[0].keys, std::vector<std::string>{"IPaddr2::10.0.0.5/24/eth0"});
    core.on_job_done(t0(), o.runs[0].job, true);
    o = take(core);
    ASSERT_EQ(o.sent.size(), 1u);
    EXPECT_EQ(fields(o.sent[0]), "t=resource rsc_hold=foreign info=mach_down ");
}

TEST(V1Core, PeersStandbyRequestIsAnsweredAndItsGroupsTaken) {
    V1Core core = stable_node1();
    Message me;
    me.add_string(kFieldT, kMsgAskResources);
    me.add_string(kFieldRscHold, "all");
    me.add_string(kFieldInfo, "me");
    core.on_message(t0(), from("node2", me));
    Out o = take(core);
    ASSERT_EQ(o.sent.size(), 1u);
    EXPECT_EQ(fields(o.sent[0]), "t=ask_resources rsc_hold=all info=other ");
    EXPECT_EQ(core.standby(), V1Core::Standby::kOther);
    Message done = me;
    done.set_string(kFieldInfo, "done");
    core.on_message(t0(), from("node2", done));
    o = take(core);
    ASSERT_EQ(o.runs.size(), 1u);
    EXPECT_TRUE(o.runs[0].take);
    core.on_job_done(t0(), o.runs[0].job, true);
    o = take(core);
    ASSERT_EQ(o.sent.size(), 1u);
    EXPECT_EQ(fields(o.sent[0]), "t=ask_resources rsc_hold=all info=done ");
    core.on_message(t0(), from("node1", o.sent[0]));
    o = take(core);
    ASSERT_EQ(o.sent.size(), 1u);
    EXPECT_EQ(fields(o.sent[0]), "t=resource rsc_hold=all rtype=full isstable=1 ");
    EXPECT_EQ(core.held(), kHoldAll);
}

TEST(V1Core, LegacyModeAsksTheHolderWithIpRequest) {
    V1Core core(config("node1", AutoFailback::kLegacy));
    core.on_node_status(t0(), "node2", "active");
    core.on_comm_up(t0());
    Out o = take(core);
    ASSERT_EQ(o.sent.size(), 1u);
    EXPECT_EQ(fields(o.sent[0]), "t=ip-request ipaddr=IPaddr2::10.0.0.5/24/eth0 ");
    Message resp;
    resp.add_string(kFieldT, kMsgIpRequestResp);
    resp.add_string(kFieldDest, "node1");
    resp.add_string(kFieldIpAddr, "IPaddr2::10.0.0.5/24/eth0");
    resp.add_string(kFieldWeOwn, "yes");
    resp.add_string(kFieldOk, "OK");
    core.on_message(t0(), from("node2", resp));
    EXPECT_EQ(take(core).runs.size(), 1u);
}

TEST(V1Core, HoldWords) {
    EXPECT_STREQ(hold_word(kHoldNone), "none");
    EXPECT_STREQ(hold_word(kHoldAll), "all");
    EXPECT_EQ(hold_from_word("foreign"), kHoldForeign);
    EXPECT_EQ(hold_from_word("bogus"), kHoldNone);
}

}  // namespace
}  // namespace ha::hb

namespace ha::hb {
namespace {

TEST(V1Core, AGroupThatFailsToStartGoesStandby30sLater) {
    V1Core core(config("node1"));
    core.on_node_status(t0(), "node2", "active");
    core.on_comm_up(t0());
    Message r = resource("none", true);
    core.on_message(t0(), from("node2", r));
    for (const auto& m : take(core).sent)
        core.on_message(t0(), from("node1", m));
    Out o = take(core);
    ASSERT_EQ(o.runs.size(), 1u);
    core.on_job_done(t0(), o.runs[0].job, false);
    (void)take(core);
    EXPECT_EQ(core.next_wakeup(), t0() + Millis(30000));
    core.on_tick(t0() + Millis(30000));
    o = take(core);
    ASSERT_EQ(o.sent.size(), 1u);
    EXPECT_EQ(fields(o.sent[0]), "t=ask_resources rsc_hold=local info=me ");
}

}  // namespace
}  // namespace ha::hb

namespace ha::hb {
namespace {

TEST(V1Core, AGracefulStopThatCannotSettleGoesAheadAfterItsWait) {
    V1Core core(config("node1"));
    core.on_node_status(t0(), "node2", "active");
    core.on_comm_up(t0());  // the peer never answers: we stay STARTING, not stable
    (void)take(core);
    core.shutdown(t0());
    Out o = take(core);
    EXPECT_TRUE(o.sent.empty());
    EXPECT_TRUE(o.runs.empty());
    EXPECT_LE(core.next_wakeup(), t0() + Millis(10000));
    core.on_tick(t0() + Millis(10000));
    o = take(core);
    ASSERT_FALSE(o.sent.empty());
    EXPECT_EQ(fields(o.sent.back()),
              "t=resource rsc_hold=none rtype=full isstable=0 info=shutdown ");
    ASSERT_EQ(o.runs.size(), 1u);
    EXPECT_FALSE(o.runs[0].take);
}

}  // namespace
}  // namespace ha::hb
