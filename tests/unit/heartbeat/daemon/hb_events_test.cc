#include "heartbeat/daemon/hb_events.h"

#include <gtest/gtest.h>

#include "heartbeat/msg/hb_fields.h"

namespace ha::hb {
namespace {

EventContext ctx() {
    EventContext c;
    c.ha_dir = "/r/etc/ha.d";
    c.local_node = "node1";
    c.nice_failback = true;
    return c;
}

auto all_exist = [](const std::string&) { return true; };

TEST(EventScripts, RunsTheTypesScriptWithTheFieldsAsEnvironment) {
    Message m;
    m.add_string(kFieldT, "my-event");
    m.add_string(kFieldSrc, "node2");
    m.add_string("info", "hello");
    m.add_string("bad-name", "x");
    m.add_binary(kFieldSrcUuid, std::string(16, 'u'));
    std::string seen;
    auto spec = event_script_for(m, ctx(), [&](const std::string& p) {
        seen = p;
        return true;
    });
    ASSERT_TRUE(spec.has_value());
    EXPECT_EQ(seen, "/r/etc/ha.d/rc.d/my-event");
    EXPECT_EQ(spec->argv, (std::vector<std::string>{"/r/etc/ha.d/rc.d/my-event", "my-event"}));
    EXPECT_EQ(spec->env.at("HA_t"), "my-event");
    EXPECT_EQ(spec->env.at("HA_src"), "node2");
    EXPECT_EQ(spec->env.at("HA_info"), "hello");
    EXPECT_EQ(spec->env.at("HA_CURHOST"), "node1");
    EXPECT_EQ(spec->env.at("HA_NICEFAILBACK"), "yes");
    EXPECT_EQ(spec->env.count("HA_bad-name"), 0u);
    EXPECT_EQ(spec->env.count("HA_srcuuid"), 0u);
}

TEST(EventScripts, NativeTypesMissingScriptsAndUnsafeNamesRunNothing) {
    for (const char* t :
         {"status", "ask_resources", "hb_takeover", "ip-request", "ip-request-resp"}) {
        Message m;
        m.add_string(kFieldT, t);
        EXPECT_FALSE(event_script_for(m, ctx(), all_exist).has_value()) << t;
    }
    Message m;
    m.add_string(kFieldT, "custom");
    EXPECT_FALSE(event_script_for(m, ctx(), [](const std::string&) { return false; }).has_value());
    for (const char* t : {"../../bin/sh", "a/b", ".hidden", ""}) {
        Message bad;
        bad.add_string(kFieldT, t);
        EXPECT_FALSE(event_script_for(bad, ctx(), all_exist).has_value()) << t;
    }
}

}  // namespace
}  // namespace ha::hb
