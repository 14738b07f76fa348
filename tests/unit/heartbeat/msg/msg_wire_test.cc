#include "heartbeat/msg/msg_wire.h"

#include <gtest/gtest.h>

#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/msg/msg_classic.h"
#include "heartbeat/msg/msg_netstring.h"

namespace ha::hb {
namespace {

AuthConfig config_with(AuthMethod method, std::string key, int index = 1) {
    AuthConfig c;
    c.active = index;
    c.slots[size_t(index)] = AuthSlot{method, std::move(key)};
    return c;
}

Message status_msg() {
    Message m;
    m.add_string(kFieldT, kMsgStatus);
    m.add_string(kFieldSt, kStatusUp);
    m.add_string(kFieldSrc, "node1");
    std::string uuid;
    for (int i = 0; i < 16; ++i)
        uuid += char(i);
    m.add_binary(kFieldSrcUuid, uuid);
    m.add_string(kFieldSeq, "1");
    m.add_string(kFieldLd, "0.01 0.02 0.03 1/99 42");
    return m;
}

// Built independently in Python (hmac/hashlib) from status_msg() with
// inner `auth` and trailer, key "unit-test-key", slot 1, sha1.
std::string expected_sha1_packet() {
    std::string body = "###\n11:(0)t=status,8:(0)st=up,12:(0)src=node1,27:(1)srcuuid=";
    for (int i = 0; i < 16; ++i)
        body += char(i);
    body +=
        ",8:(0)seq=1,28:(0)ld=0.01 0.02 0.03 1/99 42,"
        "50:(0)auth=1 964df9f6b4f39ce43b90b75ae8c6456bc32097bb,%%%\n"
        "42:1 6755614042f0101ba2c54fe7ae0b498f3280916c,";
    return body;
}

TEST(MsgWire, EncodesWhatHeartbeatSends) {
    AuthConfig c = config_with(AuthMethod::kSha1, "unit-test-key");
    auto bytes = encode_packet(status_msg(), &c);
    ASSERT_TRUE(bytes.is_ok()) << bytes.status().to_string();
    EXPECT_EQ(*bytes, expected_sha1_packet());
}

TEST(MsgWire, DecodesVerifiesAndReencodesIdentically) {
    AuthConfig c = config_with(AuthMethod::kSha1, "unit-test-key");
    std::string wire = expected_sha1_packet();
    auto pkt = decode_packet(wire);
    ASSERT_TRUE(pkt.is_ok()) << pkt.status().to_string();
    EXPECT_EQ(pkt->framing, Framing::kNetstring);
    EXPECT_EQ(pkt->wire_size, wire.size());
    ASSERT_TRUE(pkt->trailer.has_value());
    EXPECT_EQ(*pkt->trailer, "1 6755614042f0101ba2c54fe7ae0b498f3280916c");
    auto check = verify_packet(*pkt, c);
    EXPECT_TRUE(check.ok()) << check.reason;
    EXPECT_EQ(check.index, 1);
    EXPECT_EQ(check.method, AuthMethod::kSha1);
    EXPECT_EQ(*encode_netstring_body(pkt->msg), pkt->signed_bytes);
    EXPECT_EQ(*encode_packet(pkt->msg, &c), wire);
    EXPECT_EQ(verify_packet(*pkt, config_with(AuthMethod::kSha1, "other")).verdict,
              AuthVerdict::kBad);
    EXPECT_EQ(verify_packet(*pkt, config_with(AuthMethod::kMd5, "unit-test-key")).verdict,
              AuthVerdict::kBad);
}

TEST(MsgWire, NetstringTrailerIsCheckedNotInnerField) {
    AuthConfig c = config_with(AuthMethod::kSha1, "unit-test-key");
    Message m = status_msg();
    m.add_string(kFieldAuth, "1 0000");  // wrong inner field: ignored for netstring
    EncodeOptions no_inner;
    no_inner.inner_auth = false;
    auto bytes = encode_packet(m, &c, no_inner);
    ASSERT_TRUE(bytes.is_ok());
    auto pkt = decode_packet(*bytes);
    ASSERT_TRUE(pkt.is_ok());
    EXPECT_TRUE(verify_packet(*pkt, c).ok());
}

TEST(MsgWire, NetstringWithoutTrailerIsUnauthenticated) {
    auto bytes = encode_packet(status_msg(), nullptr);
    ASSERT_TRUE(bytes.is_ok());
    EXPECT_EQ(bytes->substr(bytes->size() - 4), kNetstringEnd);
    auto pkt = decode_packet(*bytes);
    ASSERT_TRUE(pkt.is_ok());
    EXPECT_FALSE(pkt->trailer.has_value());
    EXPECT_FALSE(pkt->msg.has(kFieldAuth));
    EXPECT_EQ(verify_packet(*pkt, config_with(AuthMethod::kSha1, "k")).verdict, AuthVerdict::kNone);
}

TEST(MsgWire, ClassicFramingUsesInnerAuthAndNul) {
    AuthConfig c = config_with(AuthMethod::kMd5, "unit-test-key");
    EncodeOptions opts;
    opts.framing = Framing::kClassic;
    auto bytes = encode_packet(status_msg(), &c, opts);
    ASSERT_TRUE(bytes.is_ok()) << bytes.status().to_string();
    EXPECT_EQ(bytes->substr(0, 4), kClassicStart);
    EXPECT_EQ(bytes->back(), '\0');
    EXPECT_NE(bytes->find("auth=1 a232ae281c342b279c0377cbdf01e558\n"), std::string::npos);
    auto pkt = decode_packet(*bytes);
    ASSERT_TRUE(pkt.is_ok()) << pkt.status().to_string();
    EXPECT_EQ(pkt->framing, Framing::kClassic);
    EXPECT_TRUE(pkt->trailing_nul);
    EXPECT_TRUE(verify_packet(*pkt, c).ok());
    EXPECT_EQ(*encode_packet(pkt->msg, &c, opts), *bytes);
    // Without the NUL it is accepted too.
    EXPECT_TRUE(decode_packet(bytes->substr(0, bytes->size() - 1)).is_ok());
    // A changed value fails the inner check.
    std::string tampered = *bytes;
    tampered[tampered.find("node1") + 4] = '2';
    auto bad = decode_packet(tampered);
    ASSERT_TRUE(bad.is_ok());
    EXPECT_EQ(verify_packet(*bad, c).verdict, AuthVerdict::kBad);
}

TEST(MsgWire, StructuredMessagesForceNetstringAndSkipInnerAuth) {
    AuthConfig c = config_with(AuthMethod::kSha1, "k");
    Message m = status_msg();
    m.add_struct("child", status_msg());
    EncodeOptions opts;
    opts.framing = Framing::kClassic;
    auto bytes = encode_packet(m, &c, opts);
    ASSERT_TRUE(bytes.is_ok());
    auto pkt = decode_packet(*bytes);
    ASSERT_TRUE(pkt.is_ok());
    EXPECT_EQ(pkt->framing, Framing::kNetstring);
    EXPECT_FALSE(pkt->msg.has(kFieldAuth));
    EXPECT_TRUE(verify_packet(*pkt, c).ok());
}

TEST(MsgWire, StrictPolicyUsesTheNamedSlotsKey) {
    AuthConfig sender = config_with(AuthMethod::kSha1, "key-two", 2);
    AuthConfig receiver;
    receiver.active = 1;
    receiver.slots[1] = AuthSlot{AuthMethod::kSha1, "key-one"};
    receiver.slots[2] = AuthSlot{AuthMethod::kSha1, "key-two"};
    auto bytes = encode_packet(status_msg(), &sender);
    auto pkt = decode_packet(*bytes);
    ASSERT_TRUE(pkt.is_ok());
    // Heartbeat's quirk: slot 2's function with our active (slot 1) key.
    EXPECT_EQ(verify_packet(*pkt, receiver).verdict, AuthVerdict::kBad);
    EXPECT_TRUE(verify_packet(*pkt, receiver, VerifyPolicy::kStrict).ok());
}

TEST(MsgWire, DatagramErrors) {
    std::string wire = expected_sha1_packet();
    EXPECT_EQ(decode_packet(wire + "x").status().code(), ErrorCode::kInvalid);
    EXPECT_EQ(decode_packet(wire + '\0').status().code(), ErrorCode::kInvalid);
    EXPECT_EQ(decode_packet(wire.substr(0, wire.size() - 1)).status().code(), ErrorCode::kNeedMore);
    EXPECT_EQ(decode_packet(wire.substr(0, 100)).status().code(), ErrorCode::kNeedMore);
    EXPECT_EQ(decode_packet("").status().code(), ErrorCode::kNeedMore);
    auto unknown = decode_packet("GET / HTTP/1.0\r\n");
    EXPECT_EQ(unknown.status().code(), ErrorCode::kInvalid);
    EXPECT_NE(unknown.status().message().find("framing"), std::string::npos);
    EXPECT_EQ(decode_packet(std::string(kMaxMsg, '#')).status().code(), ErrorCode::kTooLarge);
    // Trailer without ',' and with an absurd length.
    std::string body = wire.substr(0, wire.find("%%%\n") + 4);
    EXPECT_EQ(decode_packet(body + "5:1 abcd").status().code(), ErrorCode::kInvalid);
    EXPECT_EQ(decode_packet(body + "500:1 abc,").status().code(), ErrorCode::kInvalid);
    EXPECT_EQ(decode_packet(body + "0:,").status().code(), ErrorCode::kInvalid);
    // Parses but the auth string is malformed: a BAD verdict, not a crash.
    auto pkt = decode_packet(body + "5:1abcd,");
    ASSERT_TRUE(pkt.is_ok());
    EXPECT_EQ(verify_packet(*pkt, config_with(AuthMethod::kSha1, "k")).verdict, AuthVerdict::kBad);
}

TEST(MsgWire, StreamDecodingFindsPacketBoundaries) {
    AuthConfig c = config_with(AuthMethod::kCrc, "");
    EncodeOptions classic;
    classic.framing = Framing::kClassic;
    std::string a = *encode_packet(status_msg(), &c);
    std::string b = *encode_packet(status_msg(), &c, classic);
    std::string stream = std::string("\n\0", 2) + a + b + a;
    size_t offset = 0;
    int packets = 0;
    while (offset < stream.size()) {
        size_t used = 0;
        auto pkt = decode_stream_packet(std::string_view(stream).substr(offset), &used);
        ASSERT_TRUE(pkt.is_ok()) << packets << ": " << pkt.status().to_string();
        EXPECT_TRUE(verify_packet(*pkt, c).ok());
        offset += used;
        ++packets;
    }
    EXPECT_EQ(packets, 3);
    EXPECT_EQ(offset, stream.size());
    // Every strict prefix of one packet needs more.
    for (size_t n = 1; n < a.size(); n += 7) {
        size_t used = 0;
        EXPECT_EQ(decode_stream_packet(a.substr(0, n), &used).status().code(), ErrorCode::kNeedMore)
            << n;
    }
    size_t used = 0;
    EXPECT_EQ(decode_stream_packet(a.substr(0, a.find("%%%\n") + 4), &used).status().code(),
              ErrorCode::kNeedMore);
}

Message big_message(size_t bytes) {
    Message m;
    m.add_string(kFieldT, "cib");
    std::string chunk(1000, 'x');
    for (size_t i = 0; i * 1000 < bytes; ++i)
        m.add_string("f" + std::to_string(i), chunk);
    return m;
}

TEST(MsgWire, OversizeMessagesTravelAsEnvelope) {
    AuthConfig c = config_with(AuthMethod::kSha1, "k");
    Message m = big_message(300000);
    auto bytes = encode_packet(m, &c);
    ASSERT_TRUE(bytes.is_ok()) << bytes.status().to_string();
    EXPECT_LT(bytes->size(), kMaxMsg);
    auto pkt = decode_packet(*bytes);
    ASSERT_TRUE(pkt.is_ok());
    EXPECT_TRUE(verify_packet(*pkt, c).ok());
    EXPECT_TRUE(is_compressed_envelope(pkt->msg));
    auto opened = open_packet(*pkt);
    ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
    EXPECT_EQ(opened->get_string(kFieldT), "cib");
    EXPECT_EQ(opened->size(), m.size() + 1);  // plus the inner auth field
    EXPECT_TRUE(verify_inner(*opened, c).ok());

    EncodeOptions off;
    off.compression.reset();
    EXPECT_EQ(encode_packet(m, &c, off).status().code(), ErrorCode::kTooLarge);
}

TEST(MsgWire, TraditionalCompressionUsesThreshold) {
    AuthConfig c = config_with(AuthMethod::kSha1, "k");
    EncodeOptions opts;
    opts.traditional_compression = true;
    opts.compression_threshold = 2048;
    auto small = decode_packet(*encode_packet(status_msg(), &c, opts));
    ASSERT_TRUE(small.is_ok());
    EXPECT_FALSE(is_compressed_envelope(small->msg));
    auto large = decode_packet(*encode_packet(big_message(5000), &c, opts));
    ASSERT_TRUE(large.is_ok());
    EXPECT_TRUE(is_compressed_envelope(large->msg));
    EXPECT_TRUE(open_packet(*large).is_ok());
}

TEST(MsgWire, FieldCompressionOnSend) {
    AuthConfig c = config_with(AuthMethod::kSha1, "k");
    Message m;
    m.add_string(kFieldT, "cib");
    m.add_uncompressed("update", big_message(3000));
    auto pkt = decode_packet(*encode_packet(m, &c));
    ASSERT_TRUE(pkt.is_ok());
    const Field* f = pkt->msg.find("update");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->type, FieldType::kCompressed);
    EXPECT_EQ(pkt->msg.get_string(kFieldCompressionAlgorithm), "zlib");
    auto child = decompress_field(pkt->msg, *f);
    ASSERT_TRUE(child.is_ok());
    EXPECT_EQ(*child, big_message(3000));
}

}  // namespace
}  // namespace ha::hb
