#include "heartbeat/membership/hb_core.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/msg/msg_wire.h"
#include "tests/support/test_env.h"

namespace ha::hb {
namespace {

using std::chrono::milliseconds;

CoreConfig config_for(const std::string& name, char uuid_byte) {
    CoreConfig c;
    c.local_node = name;
    c.local_uuid = std::string(16, uuid_byte);
    c.generation = 5;
    c.nodes = {"node1", "node2"};
    c.links = {"eth0"};
    c.keepalive = Millis(100);
    c.deadtime = Millis(1000);
    c.warntime = Millis(500);
    c.initdead = Millis(2000);
    c.auth.active = 1;
    c.auth.slots[1] = AuthSlot{AuthMethod::kSha1, "unit-key"};
    c.seed = 3;
    return c;
}

struct Clock {
    MonoTime t = MonoTime(std::chrono::seconds(100));
    Instant now() const {
        return Instant{
            t, 1'700'000'000 +
                   std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count()};
    }
    void advance(Millis d) { t += d; }
};

template <typename T>
std::vector<T> effects_of(const std::vector<Effect>& effects) {
    std::vector<T> out;
    for (const auto& e : effects)
        if (auto* p = std::get_if<T>(&e)) out.push_back(*p);
    return out;
}

std::vector<std::string> names(const Message& m) {
    std::vector<std::string> out;
    for (const auto& f : m.fields())
        out.push_back(f.name);
    return out;
}

// Two cores joined by a wire the test controls.
struct Pair {
    Clock clock;
    HbCore a{config_for("node1", 'a')};
    HbCore b{config_for("node2", 'b')};
    std::vector<Effect> a_seen, b_seen;

    // Delivers everything each side sent to the other, `rounds` times.
    void exchange(int rounds = 3, const std::function<bool(const Message&)>& drop = nullptr) {
        for (int r = 0; r < rounds; ++r) {
            auto ea = a.take_effects();
            auto eb = b.take_effects();
            for (auto& s : effects_of<effect::Send>(ea))
                if (!drop || !drop(s.msg)) b.on_packet(clock.now(), 0, s.bytes);
            for (auto& s : effects_of<effect::Send>(eb))
                if (!drop || !drop(s.msg)) a.on_packet(clock.now(), 0, s.bytes);
            a_seen.insert(a_seen.end(), ea.begin(), ea.end());
            b_seen.insert(b_seen.end(), eb.begin(), eb.end());
        }
    }
    void run(Millis d, const std::function<bool(const Message&)>& drop = nullptr) {
        MonoTime end = clock.t + d;
        while (true) {
            MonoTime next = std::min(a.next_wakeup(), b.next_wakeup());
            if (next > end) break;
            clock.t = std::max(clock.t, next);
            a.on_tick(clock.now());
            b.on_tick(clock.now());
            exchange(2, drop);
        }
        clock.t = end;
    }
};

TEST(HbCore, StartSendsInitThenUpTwiceWithHeartbeatFieldOrder) {
    Clock clock;
    HbCore core(config_for("node1", 'a'));
    core.start(clock.now());
    auto sends = effects_of<effect::Send>(core.take_effects());
    ASSERT_EQ(sends.size(), 3u);
    EXPECT_EQ(sends[0].msg.get_string(kFieldSt), "init");
    EXPECT_EQ(sends[1].msg.get_string(kFieldSt), "up");
    EXPECT_EQ(sends[2].msg.get_string(kFieldSt), "up");
    EXPECT_EQ(sends[0].msg.get_string(kFieldSeq), "1");
    EXPECT_EQ(sends[2].msg.get_string(kFieldSeq), "3");
    // As captured from heartbeat 3.0.6.
    EXPECT_EQ(names(sends[0].msg),
              (std::vector<std::string>{"t", "st", "dt", "protocol", "src", "srcuuid", "seq", "hg",
                                        "ts", "ld", "ttl", "auth"}));
    EXPECT_EQ(sends[0].msg.get_string(kFieldDt), "bb8");  // deadtime + 2 s while starting
    EXPECT_EQ(sends[0].msg.get_string(kFieldHg), "5");
    EXPECT_EQ(sends[0].msg.get_string(kFieldTtl), "3");
    // The bytes decode and authenticate.
    auto p = decode_packet(sends[0].bytes);
    ASSERT_TRUE(p.is_ok());
    EXPECT_TRUE(verify_packet(*p, config_for("node2", 'b').auth).ok());
}

TEST(HbCore, TwoNodesComeUpActiveThroughReqnodes) {
    Pair p;
    p.a.start(p.clock.now());
    p.b.start(p.clock.now());
    p.exchange();
    p.run(Millis(500));
    EXPECT_TRUE(p.a.comm_up());
    EXPECT_TRUE(p.b.comm_up());
    EXPECT_EQ(p.a.node_status("node2"), "active");
    EXPECT_EQ(p.b.node_status("node1"), "active");
    EXPECT_EQ(p.a.node_status("node1"), "active");
    EXPECT_EQ(p.a.link_status("node2", "eth0"), "up");
    bool reqnodes = false, repnodes = false;
    for (auto& s : effects_of<effect::Send>(p.a_seen)) {
        reqnodes |= s.msg.get_string(kFieldT) == kMsgReqNodes;
        repnodes |= s.msg.get_string(kFieldT) == kMsgRepNodes;
    }
    for (auto& s : effects_of<effect::Send>(p.b_seen))
        repnodes |= s.msg.get_string(kFieldT) == kMsgRepNodes;
    EXPECT_TRUE(reqnodes);
    EXPECT_TRUE(repnodes);
    EXPECT_EQ(effects_of<effect::CommUp>(p.a_seen).size(), 1u);
}

TEST(HbCore, PeerDeclaredDeadAfterItsDeadtime) {
    Pair p;
    p.a.start(p.clock.now());
    p.b.start(p.clock.now());
    p.run(Millis(7000));  // past the start-up period with its longer advertised dt
    p.a_seen.clear();
    MonoTime silent_from = p.clock.t;
    // node2 falls silent: run node1 alone.
    MonoTime dead_at{};
    while (p.clock.t < silent_from + Millis(3000)) {
        p.clock.t = std::max(p.clock.t, p.a.next_wakeup());
        p.a.on_tick(p.clock.now());
        for (auto& st : effects_of<effect::NodeStatus>(p.a.take_effects()))
            if (st.node == "node2" && st.status == "dead" && dead_at == MonoTime{})
                dead_at = p.clock.t;
    }
    ASSERT_NE(dead_at, MonoTime{});
    auto after = std::chrono::duration_cast<Millis>(dead_at - silent_from);
    EXPECT_GT(after, Millis(900));
    EXPECT_LE(after, Millis(1100));  // deadtime + keepalive
    EXPECT_EQ(p.a.node_status("node2"), "dead");
    EXPECT_EQ(p.a.link_status("node2", "eth0"), "dead");
}

TEST(HbCore, GapIsAskedForOnceAndFilledOnce) {
    Pair p;
    p.a.start(p.clock.now());
    p.b.start(p.clock.now());
    p.run(Millis(1000));
    // node2 sends an application message that node1 does not receive.
    Message m;
    m.add_string(kFieldT, "app");
    m.add_string("x", "1");
    ASSERT_TRUE(p.b.send(p.clock.now(), m).is_ok());
    auto lost = p.b.take_effects();
    auto lost_sends = effects_of<effect::Send>(lost);
    ASSERT_EQ(lost_sends.size(), 1u);
    std::string lost_seq(lost_sends[0].msg.get_string(kFieldSeq).value());
    p.a_seen.clear();
    p.run(Millis(1000));
    int requests = 0, delivered = 0;
    for (auto& s : effects_of<effect::Send>(p.a_seen)) {
        if (s.msg.get_string(kFieldT) != kMsgNsRexmit) continue;
        ++requests;
        EXPECT_EQ(s.msg.get_string(kFieldDest), "node2");
        // firstseq/lastseq are decimal in NS_rexmit.
        EXPECT_EQ(s.msg.get_string(kFieldFirstSeq),
                  std::to_string(std::stoul(lost_seq, nullptr, 16)));
        EXPECT_EQ(s.msg.get_string(kFieldLastSeq), s.msg.get_string(kFieldFirstSeq));
    }
    for (auto& d : effects_of<effect::Deliver>(p.a_seen))
        delivered += d.msg.get_string(kFieldT) == "app";
    EXPECT_GE(requests, 1);
    EXPECT_EQ(delivered, 1);
    EXPECT_EQ(p.b.counters().rexmits_sent, 1u);
}

TEST(HbCore, TooOldRexmitRequestIsNaked) {
    Pair p;
    p.a.start(p.clock.now());
    p.b.start(p.clock.now());
    // node2 sends > 500 messages that node1 never acknowledges; seq 1 leaves
    // node2's history.
    p.run(Millis(60'000), [](const Message& m) { return m.get_string(kFieldT) == kMsgNsAckMsg; });
    Message req;
    req.add_string(kFieldT, kMsgNsRexmit);
    req.add_string(kFieldDest, "node2");
    req.add_string(kFieldFirstSeq, "1");
    req.add_string(kFieldLastSeq, "1");
    ASSERT_TRUE(p.a.send(p.clock.now(), req).is_ok());
    p.b_seen.clear();
    p.exchange(1);
    p.exchange(1);
    int naks = 0;
    for (auto& s : effects_of<effect::Send>(p.b_seen)) {
        if (s.msg.get_string(kFieldT) != kMsgNsNakRexmit) continue;
        ++naks;
        EXPECT_EQ(s.msg.get_string(kFieldInfo), "seqno too low");
        EXPECT_EQ(s.msg.get_string(kFieldFirstSeq), "1");
    }
    EXPECT_EQ(naks, 1);
}

TEST(HbCore, OlderGenerationIsAReplayAndNewerIsARestart) {
    Pair p;
    p.a.start(p.clock.now());
    p.b.start(p.clock.now());
    p.run(Millis(500));
    // A message from node2's previous generation.
    CoreConfig old = config_for("node2", 'b');
    old.generation = 4;
    HbCore ghost(old);
    ghost.start(p.clock.now());
    uint64_t replays = p.a.counters().replays;
    for (auto& s : effects_of<effect::Send>(ghost.take_effects()))
        p.a.on_packet(p.clock.now(), 0, s.bytes);
    EXPECT_EQ(p.a.counters().replays, replays + 3);
    EXPECT_EQ(p.a.node_status("node2"), "active");
    // node2 restarts with generation 6: its init status is accepted at seq 1.
    CoreConfig next = config_for("node2", 'b');
    next.generation = 6;
    HbCore reborn(next);
    reborn.start(p.clock.now());
    auto sends = effects_of<effect::Send>(reborn.take_effects());
    p.a.on_packet(p.clock.now(), 0, sends[0].bytes);
    EXPECT_EQ(p.a.node_status("node2"), "init");
}

TEST(HbCore, UnknownNodesAreDroppedUnlessAutojoin) {
    Clock clock;
    HbCore a(config_for("node1", 'a'));
    a.start(clock.now());
    CoreConfig stranger = config_for("node9", 'z');
    stranger.nodes = {"node1", "node9"};
    HbCore z(stranger);
    z.start(clock.now());
    auto sends = effects_of<effect::Send>(z.take_effects());
    for (auto& s : sends)
        a.on_packet(clock.now(), 0, s.bytes);
    EXPECT_EQ(a.counters().unknown_node, 3u);
    EXPECT_FALSE(a.node_status("node9").has_value());

    CoreConfig open = config_for("node1", 'a');
    open.autojoin = Autojoin::kOther;
    HbCore b(open);
    b.start(clock.now());
    for (auto& s : sends)
        b.on_packet(clock.now(), 0, s.bytes);
    EXPECT_EQ(b.node_status("node9"), "up");
}

TEST(HbCore, WrongKeyAndGarbageAreDroppedWithoutEffect) {
    Clock clock;
    HbCore a(config_for("node1", 'a'));
    a.start(clock.now());
    (void)a.take_effects();
    CoreConfig other = config_for("node2", 'b');
    other.auth.slots[1] = AuthSlot{AuthMethod::kSha1, "another-key"};
    HbCore b(other);
    b.start(clock.now());
    for (auto& s : effects_of<effect::Send>(b.take_effects()))
        a.on_packet(clock.now(), 0, s.bytes);
    a.on_packet(clock.now(), 0, "###\n3:abc,%%%\n");
    a.on_packet(clock.now(), 0, "");
    EXPECT_EQ(a.counters().bad_auth, 3u);
    EXPECT_EQ(a.counters().bad_packets, 2u);
    EXPECT_TRUE(a.take_effects().empty());
    EXPECT_EQ(a.node_status("node2"), "init");
}

TEST(HbCore, ShutdoneMarksDeadUntilTheNodeRestarts) {
    Pair p;
    p.a.start(p.clock.now());
    p.b.start(p.clock.now());
    p.run(Millis(500));
    Message bye;
    bye.add_string(kFieldT, kMsgShutDone);
    bye.add_string(kFieldSt, kStatusDead);
    ASSERT_TRUE(p.b.send(p.clock.now(), bye).is_ok());
    p.exchange(1);
    EXPECT_EQ(p.a.node_status("node2"), "dead");
    p.run(Millis(300));  // node2's last status messages do not revive it
    EXPECT_EQ(p.a.node_status("node2"), "dead");
}

TEST(HbCore, MessagesForAnotherNodeAreNotDelivered) {
    Pair p;
    p.a.start(p.clock.now());
    p.b.start(p.clock.now());
    p.run(Millis(500));
    Message m;
    m.add_string(kFieldT, "app");
    m.add_string(kFieldDest, "node3");
    ASSERT_TRUE(p.b.send(p.clock.now(), m).is_ok());
    p.a_seen.clear();
    p.exchange(1);
    for (auto& d : effects_of<effect::Deliver>(p.a_seen))
        EXPECT_NE(d.msg.get_string(kFieldT), "app");
}

// Real packets from heartbeat 3.0.6 drive our core: node2's start-up as seen
// by a node1 with the capture's key and uuid.
TEST(HbCore, RealHeartbeatPacketsBringThePeerUp) {
    HA_REQUIRE_SHARED(dir, "compat/heartbeat-wire/sha1");
    // node1's uuid, read from one of node1's own packets.
    auto own = decode_packet(test::read_file(dir + "/004-status-init-node1-seq1.txt"));
    ASSERT_TRUE(own.is_ok());
    CoreConfig c = config_for("node1", 'a');
    c.local_uuid = std::string(own->msg.get_binary(kFieldSrcUuid).value());
    c.auth.slots[1] = AuthSlot{AuthMethod::kSha1, "compat-test-key-sha1"};
    c.deadtime = Millis(5000);
    c.keepalive = Millis(1000);
    HbCore core(c);
    Clock clock;
    core.start(clock.now());
    std::vector<std::string> files;
    for (auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().filename().string().find("-node2") != std::string::npos &&
            e.path().filename().string().find("status") != std::string::npos)
            files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    ASSERT_GE(files.size(), 3u);
    for (size_t i = 0; i < 3; ++i)
        core.on_packet(clock.now(), 0, test::read_file(files[i]));
    EXPECT_EQ(core.counters().bad_auth, 0u);
    EXPECT_EQ(core.node_status("node2"), "up");
    EXPECT_EQ(core.link_status("node2", "eth0"), "up");
    EXPECT_TRUE(core.node_uuid("node2").has_value());
    EXPECT_EQ(core.node_uuid("node2")->size(), 16u);
}

}  // namespace
}  // namespace ha::hb

namespace ha::hb {
namespace {

TEST(HbCore, MessagesForUsAreDeliveredOnce) {
    Pair p;
    p.a.start(p.clock.now());
    p.b.start(p.clock.now());
    p.run(Millis(500));
    Message m;
    m.add_string(kFieldT, "query-cstatus");
    m.add_string(kFieldDest, "node2");
    m.add_string(kFieldCn, "ipfail");
    ASSERT_TRUE(p.a.send(p.clock.now(), m).is_ok());
    p.b_seen.clear();
    p.exchange(2);
    int got = 0;
    for (auto& d : effects_of<effect::Deliver>(p.b_seen))
        got += d.msg.get_string(kFieldT) == "query-cstatus";
    EXPECT_EQ(got, 1);
}

}  // namespace
}  // namespace ha::hb

namespace ha::hb {
namespace {

TEST(HbCore, PingNodesAreUpWhileTheyAnswerAndDeadAfterDeadping) {
    CoreConfig c = config_for("node1", 'a');
    c.nodes = {"node1"};
    c.ping_nodes = {"10.0.0.254", "routers"};
    c.deadping = Millis(800);
    Clock clock;
    HbCore core(c);
    core.start(clock.now());
    EXPECT_EQ(core.node_type("routers"), "ping");
    EXPECT_EQ(core.node_type("node1"), "normal");
    EXPECT_EQ(core.links_of("routers"), (std::vector<std::string>{"routers"}));
    EXPECT_FALSE(core.comm_up());  // waits for the ping nodes too
    core.on_ping_reply(clock.now(), "10.0.0.254");
    core.on_ping_reply(clock.now(), "routers");
    EXPECT_TRUE(core.comm_up());
    EXPECT_EQ(core.node_status("routers"), "ping");
    EXPECT_EQ(core.link_status("routers", "routers"), "up");
    // Only 10.0.0.254 keeps answering.
    for (int i = 0; i < 20; ++i) {
        clock.advance(Millis(100));
        core.on_ping_reply(clock.now(), "10.0.0.254");
        core.on_tick(clock.now());
    }
    EXPECT_EQ(core.node_status("10.0.0.254"), "ping");
    EXPECT_EQ(core.node_status("routers"), "dead");
    EXPECT_EQ(core.link_status("routers", "routers"), "dead");
    // A ping node is not asked for its node list and is not in ours.
    auto sends = effects_of<effect::Send>(core.take_effects());
    for (auto& s : sends)
        EXPECT_NE(s.msg.get_string(kFieldT), kMsgReqNodes);
}

}  // namespace
}  // namespace ha::hb

namespace ha::hb {
namespace {

TEST(HbCore, DelnodeRemovesADeadNodeEverywhereAndAddnodeBringsOneIn) {
    Pair p;
    CoreConfig ca = config_for("node1", 'a'), cb = config_for("node2", 'b');
    ca.nodes = cb.nodes = {"node1", "node2", "node3"};
    p.a.~HbCore();
    new (&p.a) HbCore(ca);
    p.b.~HbCore();
    new (&p.b) HbCore(cb);
    p.a.start(p.clock.now());
    p.b.start(p.clock.now());
    p.run(Millis(3000));  // node3 never comes: dead after initdead
    ASSERT_EQ(p.a.node_status("node3"), "dead");
    Message del;
    del.add_string(kFieldT, kMsgDelNode);
    del.add_string(kFieldNodeList, "node3");
    ASSERT_TRUE(p.a.send(p.clock.now(), del).is_ok());
    p.exchange(2);
    EXPECT_FALSE(p.a.node_status("node3").has_value());
    EXPECT_FALSE(p.b.node_status("node3").has_value());
    ASSERT_EQ(p.b.deleted_cache().size(), 1u);
    EXPECT_EQ(p.b.deleted_cache()[0].name, "node3");

    Message add;
    add.add_string(kFieldT, kMsgAddNode);
    add.add_string(kFieldNodeList, "node4");
    ASSERT_TRUE(p.b.send(p.clock.now(), add).is_ok());
    p.exchange(2);
    EXPECT_EQ(p.a.node_status("node4"), "init");
    EXPECT_EQ(p.b.node_status("node4"), "init");
    EXPECT_EQ(p.a.host_cache().size(), 3u);  // node1 node2 node4
}

TEST(HbCore, DelnodeIsRefusedWhileAnotherNodeIsDown) {
    CoreConfig c = config_for("node1", 'a');
    c.nodes = {"node1", "node2", "node3"};
    Clock clock;
    HbCore core(c);
    core.start(clock.now());
    for (int i = 0; i < 30; ++i) {
        clock.advance(Millis(100));
        core.on_tick(clock.now());
    }
    ASSERT_EQ(core.node_status("node2"), "dead");
    Message del;
    del.add_string(kFieldT, kMsgDelNode);
    del.add_string(kFieldNodeList, "node3");  // node2 is dead too: refused
    ASSERT_TRUE(core.send(clock.now(), del).is_ok());
    EXPECT_TRUE(core.node_status("node3").has_value());
}

TEST(HbCore, HostCacheBringsBackRuntimeNodesAndKeepsDeletedOnesOut) {
    CoreConfig c = config_for("node1", 'a');
    c.autojoin = Autojoin::kOther;
    c.cached_nodes = {CachedNode{"node7", std::string(16, 'z'), 50, "east"}};
    c.deleted_nodes = {CachedNode{"node2", "", 100, ""}};
    HbCore core(c);
    EXPECT_EQ(core.node_weight("node7"), 50);
    EXPECT_EQ(core.node_site("node7"), "east");
    EXPECT_EQ(core.node_uuid("node7"), std::string(16, 'z'));
    EXPECT_FALSE(core.node_status("node2").has_value());
    // A deleted node may not autojoin again.
    Clock clock;
    core.start(clock.now());
    HbCore ghost(config_for("node2", 'b'));
    ghost.start(clock.now());
    for (auto& s : effects_of<effect::Send>(ghost.take_effects()))
        core.on_packet(clock.now(), 0, s.bytes);
    EXPECT_FALSE(core.node_status("node2").has_value());
}

}  // namespace
}  // namespace ha::hb

namespace ha::hb {
namespace {

TEST(HbCore, FlowControlBlocksWhileAcksLagAndReleasesWhenTheyCome) {
    Pair p;
    p.a.start(p.clock.now());
    p.b.start(p.clock.now());
    auto no_acks = [](const Message& m) { return m.get_string(kFieldT) == kMsgNsAckMsg; };
    p.run(Millis(10'000), no_acks);  // 100 messages: within the window
    EXPECT_FALSE(p.b.flow_blocked());
    p.run(Millis(30'000), no_acks);  // 400 unacknowledged
    EXPECT_TRUE(p.b.flow_blocked());
    p.run(Millis(3'000));  // acks flow again
    EXPECT_FALSE(p.b.flow_blocked());
}

}  // namespace
}  // namespace ha::hb
