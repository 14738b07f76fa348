#include "heartbeat/msg/msg_compress.h"

#include <gtest/gtest.h>

#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/msg/msg_classic.h"

namespace ha::hb {
namespace {

Message sample(int n = 50) {
    Message m;
    m.add_string(kFieldT, "cib");
    for (int i = 0; i < n; ++i)
        m.add_string("attr" + std::to_string(i), "value value value");
    return m;
}

TEST(MsgCompress, AlgorithmNames) {
    EXPECT_EQ(compress_algo_from_name("zlib"), CompressAlgo::kZlib);
    EXPECT_EQ(compress_algo_from_name("bz2"), CompressAlgo::kBz2);
    EXPECT_FALSE(compress_algo_from_name("gzip").has_value());
    EXPECT_EQ(compress_algo_name(CompressAlgo::kZlib), "zlib");
    EXPECT_TRUE(compress_algo_available(CompressAlgo::kZlib));
}

TEST(MsgCompress, ZlibRoundTripIsRfc1950) {
    std::string data(5000, 'a');
    auto packed = compress_bytes(CompressAlgo::kZlib, data);
    ASSERT_TRUE(packed.is_ok());
    ASSERT_GE(packed->size(), 2u);
    EXPECT_EQ(uint8_t((*packed)[0]), 0x78);  // zlib header, deflate 32K window
    EXPECT_LT(packed->size(), data.size());
    auto back = decompress_bytes(CompressAlgo::kZlib, *packed);
    ASSERT_TRUE(back.is_ok());
    EXPECT_EQ(*back, data);
}

TEST(MsgCompress, DecompressionIsBoundedAndStrict) {
    std::string big(kMaxUncompressed + 1, 'z');
    auto packed = compress_bytes(CompressAlgo::kZlib, std::string(100000, 'z'));
    ASSERT_TRUE(packed.is_ok());
    EXPECT_EQ(decompress_bytes(CompressAlgo::kZlib, *packed, 1000).status().code(),
              ErrorCode::kTooLarge);
    EXPECT_EQ(compress_bytes(CompressAlgo::kZlib, big).status().code(), ErrorCode::kTooLarge);
    std::string truncated = packed->substr(0, packed->size() - 3);
    EXPECT_EQ(decompress_bytes(CompressAlgo::kZlib, truncated).status().code(),
              ErrorCode::kInvalid);
    EXPECT_EQ(decompress_bytes(CompressAlgo::kZlib, *packed + "x").status().code(),
              ErrorCode::kInvalid);
    EXPECT_FALSE(decompress_bytes(CompressAlgo::kZlib, "garbage").is_ok());
}

TEST(MsgCompress, Bz2IsSupportedOrClearlyUnsupported) {
    auto packed = compress_bytes(CompressAlgo::kBz2, "hello hello hello");
    if (!compress_algo_available(CompressAlgo::kBz2)) {
        EXPECT_EQ(packed.status().code(), ErrorCode::kUnsupported);
        return;
    }
    ASSERT_TRUE(packed.is_ok());
    EXPECT_EQ(packed->substr(0, 4), "BZh1");  // block size 1, as heartbeat's plugin
    auto back = decompress_bytes(CompressAlgo::kBz2, *packed);
    ASSERT_TRUE(back.is_ok());
    EXPECT_EQ(*back, "hello hello hello");
}

TEST(MsgCompress, PayloadFormatFollowsHeartbeat) {
    Message plain = sample(2);
    auto classic = serialize_payload(plain, PayloadFormat::kAuto);
    ASSERT_TRUE(classic.is_ok());
    EXPECT_EQ(classic->substr(0, 4), kClassicStart);
    EXPECT_EQ(classic->back(), '\0');  // strlen + 1, as msg2wirefmt_noac
    auto net = serialize_payload(plain, PayloadFormat::kNetstring);
    ASSERT_TRUE(net.is_ok());
    EXPECT_EQ(net->substr(0, 4), kNetstringStart);
    Message nested = plain;
    nested.add_struct("c", sample(1));
    EXPECT_EQ(serialize_payload(nested, PayloadFormat::kAuto)->substr(0, 4), kNetstringStart);
    for (const std::string& bytes : {*classic, *net}) {
        auto back = parse_payload(bytes, DecodeLimits{});
        ASSERT_TRUE(back.is_ok()) << back.status().to_string();
        EXPECT_EQ(*back, plain);
    }
    EXPECT_FALSE(parse_payload(*net + "x", DecodeLimits{}).is_ok());
}

TEST(MsgCompress, EnvelopeRoundTrip) {
    Message original = sample();
    auto env = make_envelope(original, CompressAlgo::kZlib);
    ASSERT_TRUE(env.is_ok());
    EXPECT_TRUE(is_compressed_envelope(*env));
    EXPECT_EQ(env->get_string(kFieldCompressionAlgorithm), "zlib");
    EXPECT_EQ(env->fields()[0].name, kFieldCompressedPayload);
    auto back = open_envelope(*env);
    ASSERT_TRUE(back.is_ok()) << back.status().to_string();
    EXPECT_EQ(*back, original);
    EXPECT_FALSE(is_compressed_envelope(original));
}

TEST(MsgCompress, EnvelopeErrors) {
    auto env = make_envelope(sample(), CompressAlgo::kZlib);
    ASSERT_TRUE(env.is_ok());
    Message unknown = *env;
    unknown.set_string(kFieldCompressionAlgorithm, "lzma");
    EXPECT_EQ(open_envelope(unknown).status().code(), ErrorCode::kUnsupported);
    Message missing = *env;
    missing.remove(kFieldCompressionAlgorithm);
    EXPECT_FALSE(open_envelope(missing).is_ok());
    Message corrupt = *env;
    corrupt.set_binary(kFieldCompressedPayload, "not zlib");
    EXPECT_FALSE(open_envelope(corrupt).is_ok());
    // A valid stream that does not hold a message.
    Message junk = *env;
    junk.set_binary(kFieldCompressedPayload, *compress_bytes(CompressAlgo::kZlib, "hello"));
    EXPECT_FALSE(open_envelope(junk).is_ok());
}

TEST(MsgCompress, FieldLevelCompressionRoundTrip) {
    Message m;
    m.add_string(kFieldT, "cib");
    m.add_uncompressed("data", sample());
    Message original = m;
    ASSERT_TRUE(compress_fields(m, CompressAlgo::kZlib).is_ok());
    ASSERT_EQ(m.fields()[1].type, FieldType::kCompressed);
    EXPECT_EQ(m.get_string(kFieldCompressionAlgorithm), "zlib");
    auto child = decompress_field(m, m.fields()[1]);
    ASSERT_TRUE(child.is_ok()) << child.status().to_string();
    EXPECT_EQ(*child, sample());
    // get_struct on the message after expansion sees the nested message.
    ASSERT_TRUE(expand_compressed_fields(m).is_ok());
    ASSERT_NE(m.get_struct("data"), nullptr);
    EXPECT_EQ(*m.get_struct("data"), sample());
    EXPECT_FALSE(decompress_field(m, m.fields()[0]).is_ok());  // not compressed
}

TEST(MsgCompress, CompressedFieldNestingCountsTowardsDepth) {
    Message inner = sample(1);
    Message m;
    m.add_uncompressed("u", inner);
    ASSERT_TRUE(compress_fields(m, CompressAlgo::kZlib).is_ok());
    EXPECT_TRUE(decompress_field(m, m.fields()[0], 0).is_ok());
    EXPECT_FALSE(decompress_field(m, m.fields()[0], kMaxDepth).is_ok());
}

TEST(MsgCompress, ExpansionSharesOneBudgetPerMessage) {
    // Two fields of ~1.2 MiB each: either alone is fine, both exceed 2 MiB.
    Message big;
    big.add_string("blob", std::string(1200 * 1024, 'q'));
    Message m;
    m.add_uncompressed("a", big);
    m.add_uncompressed("b", big);
    ASSERT_TRUE(compress_fields(m, CompressAlgo::kZlib).is_ok());
    EXPECT_TRUE(decompress_field(m, m.fields()[0]).is_ok());
    EXPECT_TRUE(decompress_field(m, m.fields()[1]).is_ok());
    Message copy = m;
    Status s = expand_compressed_fields(copy);
    EXPECT_EQ(s.code(), ErrorCode::kTooLarge) << s.to_string();
    size_t budget = 100;
    EXPECT_EQ(decompress_field(m, m.fields()[0], 0, &budget).status().code(), ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace ha::hb
