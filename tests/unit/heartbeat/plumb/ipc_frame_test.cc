#include "heartbeat/plumb/ipc_frame.h"

#include <vector>

#include <gtest/gtest.h>

namespace ha::io {
namespace {

std::string frame(std::string_view payload) {
    auto f = encode_frame(payload);
    EXPECT_TRUE(f.is_ok());
    return *f;
}

TEST(IpcFrame, HeaderIsBigEndianLength) {
    std::string f = frame(std::string(0x0102, 'a'));
    ASSERT_EQ(f.size(), 4u + 0x0102);
    EXPECT_EQ(f.substr(0, 4), std::string("\x00\x00\x01\x02", 4));
    EXPECT_EQ(frame(""), std::string(4, '\0'));
}

TEST(FrameDecoder, RoundTripsFramesFedByteByByte) {
    std::vector<std::string> payloads = {"t=hbstatus", "", std::string(1000, '\xff'), "x"};
    std::string stream;
    for (const auto& p : payloads)
        stream += frame(p);
    FrameDecoder d(2000);
    std::vector<std::string> got;
    for (char c : stream) {
        d.feed(std::string_view(&c, 1));
        for (;;) {
            auto f = d.next();
            if (!f.is_ok()) {
                ASSERT_EQ(f.status().code(), ErrorCode::kNeedMore);
                break;
            }
            got.push_back(*f);
        }
    }
    EXPECT_EQ(got, payloads);
    EXPECT_EQ(d.buffered(), 0u);
}

TEST(FrameDecoder, SplitsSeveralFramesInOneChunk) {
    FrameDecoder d;
    d.feed(frame("one") + frame("two") + frame("three").substr(0, 5));
    EXPECT_EQ(*d.next(), "one");
    EXPECT_EQ(*d.next(), "two");
    auto partial = d.next();
    ASSERT_FALSE(partial.is_ok());
    EXPECT_EQ(partial.status().code(), ErrorCode::kNeedMore);
    EXPECT_EQ(d.buffered(), 5u);
    d.feed(frame("three").substr(5));
    EXPECT_EQ(*d.next(), "three");
}

TEST(FrameDecoder, RejectsLengthOverLimitBeforePayloadArrives) {
    FrameDecoder d(100);
    d.feed(frame(std::string(100, 'a')));
    EXPECT_EQ(d.next()->size(), 100u);
    d.feed(std::string("\x00\x00\x00\x65", 4));  // 101
    auto f = d.next();
    ASSERT_FALSE(f.is_ok());
    EXPECT_EQ(f.status().code(), ErrorCode::kTooLarge);
    EXPECT_NE(f.status().message().find("101"), std::string::npos);
    EXPECT_EQ(d.next().status().code(), ErrorCode::kTooLarge);  // stays unusable
}

TEST(FrameDecoder, TextIsAnOversizeFrame) {
    FrameDecoder d;
    d.feed("GET / HTTP/1.0\r\n\r\n");
    EXPECT_EQ(d.next().status().code(), ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace ha::io
