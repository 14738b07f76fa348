#include "lrm/lib/lrm_types.h"

#include <gtest/gtest.h>

namespace ha::lrm {
namespace {

TEST(RscClass, NamesRoundTrip) {
    for (RscClass c : {RscClass::kOcf, RscClass::kLsb, RscClass::kHeartbeat, RscClass::kStonith}) {
        auto parsed = parse_rsc_class(rsc_class_name(c));
        ASSERT_TRUE(parsed.has_value()) << rsc_class_name(c);
        EXPECT_EQ(*parsed, c);
    }
    EXPECT_STREQ(rsc_class_name(RscClass::kHeartbeat), "heartbeat");
}

TEST(RscClass, RejectsUnknownAndOtherCase) {
    EXPECT_FALSE(parse_rsc_class("OCF").has_value());
    EXPECT_FALSE(parse_rsc_class("systemd").has_value());
    EXPECT_FALSE(parse_rsc_class("").has_value());
}

TEST(OpName, NamesAsAgentsReceiveThem) {
    EXPECT_STREQ(op_name(OpName::kMetaData), "meta-data");
    EXPECT_STREQ(op_name(OpName::kValidateAll), "validate-all");
    EXPECT_STREQ(op_name(OpName::kMigrateTo), "migrate_to");
    EXPECT_STREQ(op_name(OpName::kMigrateFrom), "migrate_from");
    for (const char* n : {"start", "stop", "monitor", "status", "meta-data", "validate-all",
                          "promote", "demote", "notify", "reload", "migrate_to", "migrate_from"}) {
        auto op = parse_op_name(n);
        ASSERT_TRUE(op.has_value()) << n;
        EXPECT_STREQ(op_name(*op), n);
    }
    EXPECT_FALSE(parse_op_name("Start").has_value());
    EXPECT_FALSE(parse_op_name("migrate-to").has_value());
    EXPECT_FALSE(parse_op_name("restart").has_value());
}

TEST(ResourceSpec, HeartbeatArgsBecomeNumberedParams) {
    auto r = ResourceSpec::heartbeat("fs", "Filesystem", {"/dev/sda1", "/data1", "ext2"});
    EXPECT_EQ(r.rsc_class, RscClass::kHeartbeat);
    EXPECT_EQ(r.type, "Filesystem");
    EXPECT_EQ(r.params.at("1"), "/dev/sda1");
    EXPECT_EQ(r.params.at("3"), "ext2");
    EXPECT_EQ(positional_args(r.params), (std::vector<std::string>{"/dev/sda1", "/data1", "ext2"}));
}

TEST(PositionalArgs, NumericOrderGapsSkippedOthersIgnored) {
    Params p{{"10", "ten"}, {"2", "two"},   {"1", "one"},  {"name", "x"},
             {"0", "zero"}, {"+3", "plus"}, {"4a", "bad"}, {"7", "seven"}};
    EXPECT_EQ(positional_args(p), (std::vector<std::string>{"one", "two", "seven", "ten"}));
    EXPECT_TRUE(positional_args({}).empty());
}

TEST(ResourceSpec, ValidateAcceptsPlainNames) {
    EXPECT_TRUE(ResourceSpec::ocf("r", "heartbeat", "IPaddr2", {{"ip", "10.0.0.1"}}).validate());
    EXPECT_TRUE(ResourceSpec::lsb("r", "ssh").validate());
    EXPECT_TRUE(ResourceSpec::heartbeat("r", "IPaddr", {"10.0.0.1/24"}).validate());
}

TEST(ResourceSpec, ValidateRefusesPathsAndBadNames) {
    Status s = ResourceSpec::lsb("r", "../../bin/sh").validate();
    EXPECT_FALSE(s);
    EXPECT_NE(s.message().find("type"), std::string::npos) << s.message();
    EXPECT_FALSE(ResourceSpec::lsb("r", "").validate());
    EXPECT_FALSE(ResourceSpec::lsb("r", "..").validate());
    Status p = ResourceSpec::ocf("r", "", "Dummy").validate();
    EXPECT_FALSE(p);
    EXPECT_NE(p.message().find("provider"), std::string::npos) << p.message();
    EXPECT_FALSE(ResourceSpec::ocf("r", "a/b", "Dummy").validate());
    EXPECT_FALSE(ResourceSpec::ocf("r", "heartbeat", "Dummy", {{"a=b", "1"}}).validate());
    EXPECT_FALSE(ResourceSpec::ocf("r", "heartbeat", "Dummy", {{"", "1"}}).validate());
    EXPECT_FALSE(
        ResourceSpec::ocf("r", "heartbeat", "Dummy", {{"x", std::string("a\0b", 3)}}).validate());
    // A provider is an OCF notion: other classes ignore it.
    auto lsb = ResourceSpec::lsb("r", "ssh");
    lsb.provider = "";
    EXPECT_TRUE(lsb.validate());
}

}  // namespace
}  // namespace ha::lrm
