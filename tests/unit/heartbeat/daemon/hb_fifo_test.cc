#include "heartbeat/daemon/hb_fifo.h"

#include <gtest/gtest.h>

#include "heartbeat/msg/hb_fields.h"

namespace ha::hb {
namespace {

TEST(FifoFramer, ClassicAndNetstringMessagesInPieces) {
    FifoFramer f;
    std::vector<Message> out;
    std::vector<std::string> errors;
    f.feed("noise>>>\nt=ask_resources\nrsc_hold=all\ninfo=me\n<<", out, errors);
    EXPECT_TRUE(out.empty());
    f.feed("<\n###\n11:(0)t=status,", out, errors);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].get_string(kFieldT), "ask_resources");
    EXPECT_EQ(out[0].get_string(kFieldRscHold), "all");
    f.feed("%%%\n", out, errors);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[1].get_string(kFieldT), "status");
    EXPECT_TRUE(errors.empty());
}

TEST(FifoFramer, ABrokenMessageIsReportedAndTheNextStillArrives) {
    FifoFramer f;
    std::vector<Message> out;
    std::vector<std::string> errors;
    f.feed(">>>\nno equals sign\n<<<\n>>>\nt=hb_takeover\nrsc_hold=local\n<<<\n", out, errors);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].get_string(kFieldT), "hb_takeover");
    EXPECT_EQ(errors.size(), 1u);
}

}  // namespace
}  // namespace ha::hb
