#include "lrm/lib/ocf_metadata.h"

#include <gtest/gtest.h>

namespace ha::lrm {
namespace {

const char* kSample = R"(<?xml version="1.0"?>
<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
<resource-agent name="Sample" version="2.1">
<version>1.0</version>
<longdesc lang="en">
Long text.
</longdesc>
<shortdesc lang="de">Beispiel</shortdesc>
<shortdesc lang="en">Sample agent</shortdesc>
<parameters>
<parameter name="ip" unique="1" required="1">
<longdesc lang="en">The address</longdesc>
<shortdesc lang="en"> IPv4 address </shortdesc>
<content type="string" default="" />
</parameter>
<parameter name="count" reloadable="1">
<content type="integer" default="5"/>
</parameter>
<parameter name="old" deprecated="true"><deprecated/></parameter>
</parameters>
<actions>
<action name="start"   timeout="20s" />
<action name="stop"    timeout="100" />
<action name="monitor" depth="0"  timeout="20s" interval="10s" />
<action name="monitor" depth="10" timeout="30s" interval="1min" role="Master" start-delay="500ms"/>
<action name="meta-data"  timeout="5s" />
<action name="recover" timeout="20s" />
</actions>
<special tag="heartbeat"><version>2.0</version></special>
</resource-agent>
)";

TEST(OcfMetadata, ReadsAgentParametersAndActions) {
    auto md = parse_ocf_metadata(kSample, "sample");
    ASSERT_TRUE(md.is_ok()) << md.status().to_string();
    EXPECT_EQ(md->name, "Sample");
    EXPECT_EQ(md->version, "2.1");
    EXPECT_EQ(md->api_version, "1.0");
    EXPECT_EQ(md->shortdesc, "Sample agent");  // the lang="en" one
    EXPECT_EQ(md->longdesc, "Long text.");
    ASSERT_EQ(md->parameters.size(), 3u);

    const RaParameter* ip = md->parameter("ip");
    ASSERT_NE(ip, nullptr);
    EXPECT_TRUE(ip->required);
    EXPECT_TRUE(ip->unique);
    EXPECT_FALSE(ip->reloadable.has_value());
    EXPECT_EQ(ip->type, "string");
    EXPECT_EQ(ip->default_value, std::optional<std::string>(""));
    EXPECT_EQ(ip->shortdesc, "IPv4 address");
    EXPECT_EQ(ip->line, 11);

    const RaParameter* count = md->parameter("count");
    ASSERT_NE(count, nullptr);
    EXPECT_FALSE(count->required);
    EXPECT_FALSE(count->unique);
    EXPECT_EQ(count->reloadable, std::optional<bool>(true));
    EXPECT_EQ(count->type, "integer");
    EXPECT_EQ(count->default_value, std::optional<std::string>("5"));

    const RaParameter* old = md->parameter("old");
    ASSERT_NE(old, nullptr);
    EXPECT_TRUE(old->deprecated);
    EXPECT_EQ(old->type, "string");
    EXPECT_FALSE(old->default_value.has_value());
    EXPECT_EQ(md->parameter("nope"), nullptr);

    ASSERT_EQ(md->actions.size(), 6u);
    const RaAction* start = md->action("start");
    ASSERT_NE(start, nullptr);
    EXPECT_EQ(start->op, OpName::kStart);
    EXPECT_EQ(start->timeout, Millis(20000));
    EXPECT_FALSE(start->interval.has_value());
    EXPECT_EQ(md->action("stop")->timeout, Millis(100000));

    const RaAction* mon = md->action("monitor");
    ASSERT_NE(mon, nullptr);
    EXPECT_EQ(mon->interval, Millis(10000));
    EXPECT_EQ(mon->depth, 0);
    const RaAction* deep = md->action("monitor", Millis(60000));
    ASSERT_NE(deep, nullptr);
    EXPECT_EQ(deep->depth, 10);
    EXPECT_EQ(deep->role, "Master");
    EXPECT_EQ(deep->start_delay, Millis(500));
    EXPECT_EQ(deep->timeout, Millis(30000));
    EXPECT_EQ(md->action("monitor", Millis(5000)), nullptr);

    const RaAction* recover = md->action("recover");
    ASSERT_NE(recover, nullptr);
    EXPECT_FALSE(recover->op.has_value());  // not an op we run, still listed
}

TEST(OcfMetadata, MinimalAgentIsAccepted) {
    auto md = parse_ocf_metadata("<resource-agent name=\"x\"/>", "min");
    ASSERT_TRUE(md.is_ok()) << md.status().to_string();
    EXPECT_EQ(md->name, "x");
    EXPECT_TRUE(md->parameters.empty());
    EXPECT_TRUE(md->actions.empty());
}

// Every error names the source and a line, and says what is wrong.
void expect_error(const std::string& xml, const std::string& want_in_message) {
    auto md = parse_ocf_metadata(xml, "agent.xml");
    ASSERT_FALSE(md.is_ok()) << xml;
    std::string m = md.status().message();
    EXPECT_EQ(md.status().code(), ErrorCode::kInvalid);
    EXPECT_EQ(m.rfind("agent.xml:", 0), 0u) << m;
    EXPECT_NE(m.find(want_in_message), std::string::npos) << m;
}

TEST(OcfMetadata, BrokenXmlNamesTheLine) {
    expect_error("<resource-agent name=\"x\">\n<actions>\n<action name=\"start\">\n</actions>\n",
                 "agent.xml:4:");
    expect_error("<resource-agent name=\"x\">\n<parameters>\n<parameter name=\"a\" <\n",
                 "agent.xml:3:");
    expect_error("", "empty document");
    expect_error("usage: Dummy {start|stop|monitor}\n", "agent.xml:1:");
    expect_error("<resource-agent name=\"x\"></resource-agent>\ntrailing", "agent.xml:2:");
}

TEST(OcfMetadata, StructuralErrorsNameTheElement) {
    expect_error("<agent name=\"x\"/>", "root element is not <resource-agent>");
    expect_error("<resource-agent/>", "<resource-agent>: no name");
    expect_error(
        "<resource-agent name=\"x\">\n<parameters>\n<parameter unique=\"1\"/>"
        "</parameters></resource-agent>",
        "agent.xml:3: <parameter>: no name");
    expect_error(
        "<resource-agent name=\"x\"><parameters>\n<parameter name=\"a\" required=\"maybe\"/>"
        "</parameters></resource-agent>",
        "agent.xml:2: <parameter name=\"a\">: required \"maybe\" is not 0 or 1");
    expect_error(
        "<resource-agent name=\"x\"><parameters><parameter name=\"a\"/>\n<parameter name=\"a\"/>"
        "</parameters></resource-agent>",
        "agent.xml:2: <parameter name=\"a\">: defined twice");
    expect_error(
        "<resource-agent name=\"x\"><actions>\n\n<action name=\"start\" timeout=\"soon\"/>"
        "</actions></resource-agent>",
        "agent.xml:3: <action name=\"start\">: timeout \"soon\" is not a duration");
    expect_error(
        "<resource-agent name=\"x\"><actions><action timeout=\"5\"/></actions></resource-agent>",
        "<action>: no name");
    expect_error(
        "<resource-agent name=\"x\"><actions><action name=\"monitor\" depth=\"deep\"/>"
        "</actions></resource-agent>",
        "depth \"deep\" is not a number");
}

TEST(OcfMetadata, DoesNotExpandExternalEntities) {
    const char* xml = R"(<?xml version="1.0"?>
<!DOCTYPE resource-agent [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
<resource-agent name="x"><shortdesc>&x;</shortdesc></resource-agent>)";
    auto md = parse_ocf_metadata(xml, "xxe");
    ASSERT_TRUE(md.is_ok()) << md.status().to_string();
    EXPECT_EQ(md->shortdesc.find("root:"), std::string::npos);
}

TEST(OcfMetadata, GarbageNeverCrashes) {
    std::string junk;
    for (int i = 0; i < 256; ++i)
        junk += static_cast<char>(i);
    EXPECT_FALSE(parse_ocf_metadata(junk, "junk").is_ok());
    EXPECT_FALSE(parse_ocf_metadata(std::string(100000, '<'), "junk").is_ok());
}

}  // namespace
}  // namespace ha::lrm
