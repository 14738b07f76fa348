// haresources parsing (reference 6.1) and the node-name check.
#include "heartbeat/config/haresources.h"

#include <gtest/gtest.h>

#include "tests/unit/heartbeat/config/hacf_test_util.h"

namespace ha::hb {
namespace {

HaresourcesResult parse(std::string_view text) {
    return parse_haresources(text, "haresources");
}

TEST(Haresources, GroupsResourcesAndArguments) {
    auto r = parse(
        "node1 10.0.0.1/24/eth0 Filesystem::/dev/sda1::/data::ext3 apache\n"
        "Node2 IPaddr::10.0.0.2 httpd\n");
    EXPECT_CLEAN(r);
    ASSERT_EQ(r.groups.size(), 2u);
    const ResourceGroup& g = r.groups[0];
    EXPECT_EQ(g.node, "node1");
    EXPECT_EQ(g.line, 1);
    EXPECT_EQ(g.key(), "10.0.0.1/24/eth0");
    ASSERT_EQ(g.resources.size(), 3u);
    EXPECT_EQ(g.resources[0].name, "IPaddr");
    EXPECT_EQ(g.resources[0].args, std::vector<std::string>{"10.0.0.1/24/eth0"});
    EXPECT_EQ(g.resources[1].name, "Filesystem");
    EXPECT_EQ(g.resources[1].args, (std::vector<std::string>{"/dev/sda1", "/data", "ext3"}));
    EXPECT_TRUE(g.resources[2].args.empty());
    EXPECT_EQ(r.groups[1].node, "node2");
    EXPECT_EQ(r.groups[1].line, 2);
}

TEST(Haresources, CommentsBlankLinesAndContinuations) {
    auto r = parse("# groups\n\nnode1 10.0.0.1 \\\n   \tapache \\\n  mysql # db\n\nnode2\tsmb\r\n");
    EXPECT_CLEAN(r);
    ASSERT_EQ(r.groups.size(), 2u);
    EXPECT_EQ(r.groups[0].line, 3);
    EXPECT_EQ(r.groups[0].resources.size(), 3u);
    EXPECT_EQ(r.groups[0].resources[2].name, "mysql");
    EXPECT_EQ(r.groups[1].line, 7);
    EXPECT_EQ(r.groups[1].resources[0].name, "smb");
}

TEST(Haresources, ResourceTokenForms) {
    auto ip = parse_resource_token("192.168.1.10");
    ASSERT_TRUE(ip);
    EXPECT_EQ(ip->name, "IPaddr");
    EXPECT_EQ(ip->args, std::vector<std::string>{"192.168.1.10"});
    auto empty_arg = parse_resource_token("Delay::::5");
    ASSERT_TRUE(empty_arg);
    EXPECT_EQ(empty_arg->args, (std::vector<std::string>{"", "5"}));
    EXPECT_FALSE(parse_resource_token("::arg"));
    EXPECT_FALSE(parse_resource_token(""));
    auto notip = parse_resource_token("10.0.0");  // three parts: a script name
    ASSERT_TRUE(notip);
    EXPECT_EQ(notip->name, "10.0.0");
}

TEST(Haresources, ProblemsNameTheLine) {
    auto r = parse("node1 apache\nnode2 ::x\nnode3\nnode4 10.99.0.300\nnode5 apache\n");
    EXPECT_ERROR(r, 2, "resource [::x] has no script name");
    EXPECT_WARNING(r, 3, "node node3 is listed without resources");
    EXPECT_WARNING(r, 4, "[10.99.0.300] is not a valid IPv4 address");
    EXPECT_WARNING(r, 5, "group key [apache] is also the first resource of the group on line 1");
}

TEST(Haresources, TrailingContinuationAtEndOfFile) {
    auto r = parse("node1 apache \\");
    EXPECT_WARNING(r, 1, "ends with a backslash");
    EXPECT_EQ(r.groups.size(), 1u);
}

TEST(Haresources, PreferredNodeMustBeANodeOfHaCf) {
    auto cfg = test::parse("node n1 n2\nbcast eth0\nping gw\n").config;
    auto r = parse("N1 apache\nn3 httpd\ngw smb\n");
    Diagnostics d = check_haresources_nodes(r.groups, cfg, "haresources");
    struct Wrap {
        Diagnostics diagnostics;
    } w{d};
    EXPECT_ERROR(w, 2, "Bad nodename [n3]: the preferred node must be a node of ha.cf");
    EXPECT_WARNING(w, 3, "[gw] is a ping node");
    EXPECT_EQ(d.size(), 2u) << test::dump(d);
}

}  // namespace
}  // namespace ha::hb
