#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "heartbeat/daemon/hb_options.h"
#include "heartbeat/daemon/hb_respawn.h"
#include "heartbeat/daemon/hb_state_files.h"
#include "tests/support/test_env.h"

namespace ha::hb {
namespace {

TEST(HbOptions, ParsesHeartbeatFlags) {
    auto o = parse_hb_options({"-f", "-dd", "-l"});
    ASSERT_TRUE(o.is_ok());
    EXPECT_TRUE(o->foreground);
    EXPECT_EQ(o->debug, 2);
    EXPECT_TRUE(o->no_realtime);
    EXPECT_EQ(o->action, HbAction::kRun);
    EXPECT_EQ(parse_hb_options({"-k"})->action, HbAction::kKill);
    EXPECT_EQ(parse_hb_options({"-s"})->action, HbAction::kStatus);
    EXPECT_EQ(parse_hb_options({"-R", "-C", "all"})->resource_state, "all");
}

TEST(HbOptions, RejectsWhatHeartbeatRejects) {
    EXPECT_FALSE(parse_hb_options({"-h"}).is_ok());
    EXPECT_FALSE(parse_hb_options({"-C", "all"}).is_ok());  // only with -R
    EXPECT_FALSE(parse_hb_options({"-R", "-r"}).is_ok());
    EXPECT_FALSE(parse_hb_options({"extra"}).is_ok());
    EXPECT_NE(hb_usage("heartbeat").find("Usage: heartbeat [-dDkMrRsvWlVf]"), std::string::npos);
}

TEST(HbStateFiles, GenerationFileFormatAndIncrement) {
    test::TempDir dir;
    std::string path = dir.file("hb_generation");
    auto first = next_generation(path, 1000);
    ASSERT_TRUE(first.is_ok());
    EXPECT_EQ(*first, 1001u);  // no previous generation: time + 1
    EXPECT_EQ(test::read_file(path), "           1001\n");
    EXPECT_EQ(test::read_file(path).size(), 16u);
    auto second = next_generation(path, 5);
    ASSERT_TRUE(second.is_ok());
    EXPECT_EQ(*second, 1002u);
    test::write_file(path, "garbage");
    EXPECT_EQ(*next_generation(path, 77), 78u);
}

TEST(HbStateFiles, UuidIsCreatedOnceAndKept) {
    test::TempDir dir;
    std::string path = dir.file("hb_uuid");
    auto a = load_or_create_uuid(path);
    ASSERT_TRUE(a.is_ok());
    EXPECT_EQ(a->size(), 16u);
    EXPECT_EQ((uint8_t((*a)[6]) >> 4), 4);  // version 4
    auto b = load_or_create_uuid(path);
    ASSERT_TRUE(b.is_ok());
    EXPECT_EQ(*a, *b);
    EXPECT_EQ(uuid_to_text(*a).size(), 36u);
    test::write_file(path, "short");
    auto bad = load_or_create_uuid(path);
    ASSERT_FALSE(bad.is_ok());
    EXPECT_NE(bad.status().message().find("16 bytes"), std::string::npos);
}

TEST(HbStateFiles, PidFileNamesOnlyALiveProcess) {
    test::TempDir dir;
    std::string path = dir.file("heartbeat.pid");
    EXPECT_FALSE(read_live_pid(path).has_value());
    ASSERT_TRUE(write_pid_file(path, ::getpid()).is_ok());
    EXPECT_EQ(read_live_pid(path), ::getpid());
    test::write_file(path, "999999999\n");
    EXPECT_FALSE(read_live_pid(path).has_value());
}

TEST(RespawnPolicy, BacksOffAndResets) {
    RespawnPolicy p;
    EXPECT_EQ(p.on_exit(Millis(10), 1), Millis(1000));
    EXPECT_EQ(p.on_exit(Millis(10), 1), Millis(2000));
    EXPECT_EQ(p.on_exit(Millis(10), 1), Millis(4000));
    EXPECT_EQ(p.on_exit(RespawnPolicy::kStableRun, 1), Millis(1000));
    EXPECT_FALSE(p.on_exit(Millis(10), RespawnPolicy::kNoRespawnExit).has_value());
    for (int i = 0; i < 20; ++i)
        (void)p.on_exit(Millis(1), 1);
    EXPECT_EQ(p.on_exit(Millis(1), 1), RespawnPolicy::kMaxDelay);
}

}  // namespace
}  // namespace ha::hb

namespace ha::hb {
namespace {

TEST(HbStateFiles, HostCacheRoundTripsAndAcceptsOldLines) {
    test::TempDir dir;
    std::string path = dir.file("hostcache");
    std::vector<CachedNode> nodes = {{"node1", std::string(16, '\x11'), 100, ""},
                                     {"node2", std::string(16, '\x22'), 70, "west"}};
    ASSERT_TRUE(write_host_cache(path, nodes).is_ok());
    EXPECT_EQ(test::read_file(path),
              "node1\t11111111-1111-1111-1111-111111111111\t100\t\n"
              "node2\t22222222-2222-2222-2222-222222222222\t70\twest\n");
    auto back = read_host_cache(path);
    ASSERT_TRUE(back.is_ok());
    ASSERT_EQ(back->size(), 2u);
    EXPECT_EQ((*back)[1].uuid, std::string(16, '\x22'));
    EXPECT_EQ((*back)[1].site, "west");
    test::write_file(path, "Old\t33333333-3333-3333-3333-333333333333\n");
    back = read_host_cache(path);
    ASSERT_TRUE(back.is_ok());
    EXPECT_EQ((*back)[0].name, "old");
    EXPECT_EQ((*back)[0].weight, 100);
    test::write_file(path, "x\tnot-a-uuid\n");
    auto bad = read_host_cache(path);
    ASSERT_FALSE(bad.is_ok());
    EXPECT_NE(bad.status().message().find(":1: bad uuid"), std::string::npos);
    EXPECT_TRUE(read_host_cache(dir.file("absent"))->empty());
}

}  // namespace
}  // namespace ha::hb
