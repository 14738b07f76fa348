#include "lrm/lib/synth_metadata.h"

#include <gtest/gtest.h>

#include "lrm/lib/ocf_metadata.h"

namespace ha::lrm {
namespace {

TEST(HeartbeatMetadata, PositionalParametersAndFifteenSecondActions) {
    std::string xml = heartbeat_metadata_xml("IPaddr");
    auto md = parse_ocf_metadata(xml, "hb");
    ASSERT_TRUE(md.is_ok()) << md.status().to_string() << "\n" << xml;
    EXPECT_EQ(md->name, "IPaddr");
    ASSERT_EQ(md->parameters.size(), 5u);
    EXPECT_EQ(md->parameters[0].name, "1");
    EXPECT_EQ(md->parameters[4].name, "5");
    EXPECT_EQ(md->parameters[1].shortdesc, "argv[2]");
    EXPECT_EQ(md->action("start")->timeout, Millis(15000));
    EXPECT_EQ(md->action("status")->timeout, Millis(15000));
    EXPECT_EQ(md->action("monitor")->interval, Millis(15000));
    EXPECT_EQ(md->action("meta-data")->timeout, Millis(5000));
}

TEST(HeartbeatMetadata, EscapesTheName) {
    auto md = parse_ocf_metadata(heartbeat_metadata_xml("a<&\"b"), "hb");
    ASSERT_TRUE(md.is_ok()) << md.status().to_string();
    EXPECT_EQ(md->name, "a<&\"b");
}

const char* kInitScript = R"(#!/bin/sh
### BEGIN INIT INFO
# Provides:          sshd
# Required-Start:    $remote_fs $syslog
# Required-Stop:     $remote_fs $syslog
# Default-Start:     2 3 4 5
# Default-Stop:
# Short-Description: OpenBSD Secure Shell server
# Description:       The secure shell daemon
#                    with continuation <lines> & more.
#	tab continuation
# X-Custom:          ignored
### END INIT INFO
# Provides: not-in-block
)";

TEST(LsbHeader, ReadsTheInitInfoBlock) {
    LsbHeader h = parse_lsb_header(kInitScript);
    EXPECT_EQ(h.provides, "sshd");
    EXPECT_EQ(h.required_start, "$remote_fs $syslog");
    EXPECT_EQ(h.default_start, "2 3 4 5");
    EXPECT_EQ(h.default_stop, "");
    EXPECT_EQ(h.short_description, "OpenBSD Secure Shell server");
    EXPECT_EQ(h.description,
              "The secure shell daemon\nwith continuation <lines> & more.\ntab continuation");
}

TEST(LsbHeader, NoBlockNoFields) {
    LsbHeader h = parse_lsb_header("#!/bin/sh\n# Provides: x\necho hi\n");
    EXPECT_EQ(h.provides, "");
    EXPECT_EQ(h.description, "");
}

TEST(LsbMetadata, IsReadableMetadata) {
    std::string xml = lsb_metadata_xml("ssh", parse_lsb_header(kInitScript));
    auto md = parse_ocf_metadata(xml, "lsb");
    ASSERT_TRUE(md.is_ok()) << md.status().to_string() << "\n" << xml;
    EXPECT_EQ(md->name, "ssh");
    EXPECT_EQ(md->shortdesc, "OpenBSD Secure Shell server");
    EXPECT_NE(md->longdesc.find("continuation <lines> & more."), std::string::npos);
    EXPECT_TRUE(md->parameters.empty());
    ASSERT_NE(md->action("status"), nullptr);
    EXPECT_NE(md->action("force-reload"), nullptr);
    EXPECT_NE(xml.find("<Provides>sshd</Provides>"), std::string::npos);
}

TEST(LsbMetadata, SurvivesControlBytesAndBadUtf8) {
    LsbHeader h;
    h.short_description = "bad \x01 byte \xff and \xc3\xa9t\xc3\xa9";
    auto md = parse_ocf_metadata(lsb_metadata_xml("x", h), "lsb");
    ASSERT_TRUE(md.is_ok()) << md.status().to_string();
    EXPECT_EQ(md->shortdesc, "bad ? byte ? and \xc3\xa9t\xc3\xa9");
}

}  // namespace
}  // namespace ha::lrm
