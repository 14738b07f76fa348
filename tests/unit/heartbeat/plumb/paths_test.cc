#include "heartbeat/plumb/paths.h"

#include <gtest/gtest.h>

namespace ha {
namespace {

TEST(Paths, ResolvesUnderRoot) {
    Paths p("/tmp/node1/");
    EXPECT_EQ(p.ha_cf(), "/tmp/node1/etc/ha.d/ha.cf");
    EXPECT_EQ(p.resolve("/var/lib/heartbeat/hb_uuid"), "/tmp/node1/var/lib/heartbeat/hb_uuid");
    EXPECT_EQ(p.resolve("/tmp/node1/etc/ha.d"), "/tmp/node1/etc/ha.d");
    EXPECT_EQ(p.resolve("relative/file"), "relative/file");
}

TEST(Paths, EmptyRootIsTheRealFileSystem) {
    EXPECT_EQ(Paths().authkeys(), "/etc/ha.d/authkeys");
    EXPECT_EQ(Paths("/").haresources(), "/etc/ha.d/haresources");
}

TEST(Paths, NodeNameFromEnvironmentElseUnameLowerCased) {
    EXPECT_EQ(choose_node_name("Node1", "host"), "node1");
    EXPECT_EQ(choose_node_name("", "MyHost"), "myhost");
    EXPECT_EQ(choose_node_name("  ", "h"), "h");
}

}  // namespace
}  // namespace ha
