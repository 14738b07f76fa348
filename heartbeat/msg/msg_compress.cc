// Compression of ha_msg traffic (see msg_compress.h, doc/wire-format.md).
#include "heartbeat/msg/msg_compress.h"

#include <algorithm>

#include <zlib.h>

#ifdef HA_HAVE_BZIP2
#include <bzlib.h>
#endif

#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/msg/msg_classic.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace {

bool needs_netstring(const Message& msg) {
    for (const Field& f : msg.fields())
        if (f.type == FieldType::kStruct || f.type == FieldType::kCompressed ||
            f.type == FieldType::kUncompressed)
            return true;
    return false;
}

Result<std::string> zlib_compress(std::string_view data) {
    uLongf dest_len = compressBound(static_cast<uLong>(data.size()));
    std::string out(dest_len, '\0');
    int rc = compress(reinterpret_cast<Bytef*>(out.data()), &dest_len,
                      reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()));
    if (rc != Z_OK)
        return Status(ErrorCode::kInternal, "zlib compress failed: rc " + std::to_string(rc));
    out.resize(dest_len);
    return out;
}

Result<std::string> zlib_decompress(std::string_view data, size_t max_out) {
    z_stream zs{};
    if (inflateInit(&zs) != Z_OK) return Status(ErrorCode::kInternal, "zlib inflateInit failed");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    std::string out;
    std::string chunk(16384, '\0');
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
        zs.avail_out = static_cast<uInt>(chunk.size());
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            if (rc == Z_BUF_ERROR) return invalid("zlib stream truncated");
            return invalid(std::string("zlib stream corrupt: ") + (zs.msg ? zs.msg : "error"));
        }
        out.append(chunk.data(), chunk.size() - zs.avail_out);
        if (out.size() > max_out) {
            inflateEnd(&zs);
            return Status(ErrorCode::kTooLarge,
                          "decompressed size exceeds " + std::to_string(max_out) + " bytes");
        }
    }
    size_t left = zs.avail_in;
    inflateEnd(&zs);
    if (left != 0) return invalid(std::to_string(left) + " bytes after the end of the zlib stream");
    return out;
}

#ifdef HA_HAVE_BZIP2
Result<std::string> bz2_compress(std::string_view data) {
    // bzip2 worst case: 1% + 600 bytes.
    unsigned int dest_len = static_cast<unsigned int>(data.size() + data.size() / 100 + 601);
    std::string out(dest_len, '\0');
    int rc = BZ2_bzBuffToBuffCompress(out.data(), &dest_len, const_cast<char*>(data.data()),
                                      static_cast<unsigned int>(data.size()), 1, 0, 30);
    if (rc != BZ_OK)
        return Status(ErrorCode::kInternal, "bz2 compress failed: rc " + std::to_string(rc));
    out.resize(dest_len);
    return out;
}

Result<std::string> bz2_decompress(std::string_view data, size_t max_out) {
    // One byte of slack tells "exactly max_out" from "more than max_out".
    unsigned int dest_len = static_cast<unsigned int>(max_out + 1);
    std::string out(dest_len, '\0');
    int rc = BZ2_bzBuffToBuffDecompress(out.data(), &dest_len, const_cast<char*>(data.data()),
                                        static_cast<unsigned int>(data.size()), 0, 0);
    if (rc == BZ_OUTBUFF_FULL || (rc == BZ_OK && dest_len > max_out))
        return Status(ErrorCode::kTooLarge,
                      "decompressed size exceeds " + std::to_string(max_out) + " bytes");
    if (rc != BZ_OK) return invalid("bz2 stream corrupt or truncated: rc " + std::to_string(rc));
    out.resize(dest_len);
    return out;
}
#endif

#ifndef HA_HAVE_BZIP2
Status unsupported_bz2() {
    return Status(ErrorCode::kUnsupported, "bz2 compression is not built in (libbz2 not found)");
}
#endif

Result<CompressAlgo> algo_of(const Message& msg) {
    auto name = msg.get_string(kFieldCompressionAlgorithm);
    if (!name) return invalid(std::string(kFieldCompressionAlgorithm) + " missing");
    auto algo = compress_algo_from_name(*name);
    if (!algo)
        return Status(ErrorCode::kUnsupported,
                      "unknown compression algorithm '" + printable(*name, 40) + "'");
    return *algo;
}

}  // namespace

std::optional<CompressAlgo> compress_algo_from_name(std::string_view name) {
    if (name == kCompressZlib) return CompressAlgo::kZlib;
    if (name == kCompressBz2) return CompressAlgo::kBz2;
    return std::nullopt;
}

std::string_view compress_algo_name(CompressAlgo algo) {
    return algo == CompressAlgo::kZlib ? kCompressZlib : kCompressBz2;
}

bool compress_algo_available(CompressAlgo algo) {
#ifdef HA_HAVE_BZIP2
    (void)algo;
    return true;
#else
    return algo == CompressAlgo::kZlib;
#endif
}

Result<std::string> compress_bytes(CompressAlgo algo, std::string_view data) {
    if (data.size() > kMaxUncompressed)
        return Status(ErrorCode::kTooLarge,
                      "data to compress exceeds " + std::to_string(kMaxUncompressed) + " bytes");
    if (algo == CompressAlgo::kZlib) return zlib_compress(data);
#ifdef HA_HAVE_BZIP2
    return bz2_compress(data);
#else
    return unsupported_bz2();
#endif
}

Result<std::string> decompress_bytes(CompressAlgo algo, std::string_view data, size_t max_out) {
    if (algo == CompressAlgo::kZlib) return zlib_decompress(data, max_out);
#ifdef HA_HAVE_BZIP2
    return bz2_decompress(data, max_out);
#else
    (void)data;
    (void)max_out;
    return unsupported_bz2();
#endif
}

Result<std::string> serialize_payload(const Message& msg, PayloadFormat format) {
    if (format == PayloadFormat::kAuto && !needs_netstring(msg)) {
        auto classic = encode_classic_body(msg);
        if (classic) return *classic + '\0';
    }
    return encode_netstring_body(msg);
}

Result<Message> parse_payload(std::string_view bytes, const DecodeLimits& limits) {
    size_t used = 0;
    bool classic = bytes.substr(0, kClassicStart.size()) == kClassicStart;
    auto msg = classic ? decode_classic_body(bytes, &used, limits)
                       : decode_netstring_body(bytes, &used, limits);
    if (!msg) {
        Status s = msg.status();
        if (s.code() == ErrorCode::kNeedMore) return invalid("payload: " + s.message());
        return s.with_context("payload");
    }
    size_t extra = bytes.size() - used;
    if (classic && extra == 1 && bytes[used] == '\0') extra = 0;
    if (extra != 0)
        return invalid("payload: " + std::to_string(extra) + " bytes after the message");
    return msg;
}

bool is_compressed_envelope(const Message& msg) {
    return msg.get_binary(kFieldCompressedPayload).has_value();
}

Result<Message> make_envelope(const Message& original, CompressAlgo algo, PayloadFormat format) {
    auto payload = serialize_payload(original, format);
    if (!payload) return payload.status();
    auto packed = compress_bytes(algo, *payload);
    if (!packed) return packed.status();
    Message env;
    env.add_binary(kFieldCompressedPayload, *packed);
    env.add_string(kFieldCompressionAlgorithm, compress_algo_name(algo));
    return env;
}

Result<Message> open_envelope(const Message& envelope) {
    auto payload = envelope.get_binary(kFieldCompressedPayload);
    if (!payload) return invalid(std::string(kFieldCompressedPayload) + " missing or not binary");
    if (payload->size() > kMaxMsg)
        return Status(ErrorCode::kTooLarge,
                      "compressed payload larger than " + std::to_string(kMaxMsg));
    auto algo = algo_of(envelope);
    if (!algo) return algo.status().with_context("envelope");
    auto raw = decompress_bytes(*algo, *payload, kMaxUncompressed);
    if (!raw) return raw.status().with_context("envelope");
    DecodeLimits limits;
    limits.max_size = kMaxUncompressed;
    auto msg = parse_payload(*raw, limits);
    if (!msg) return msg.status().with_context("envelope");
    return msg;
}

Status compress_fields(Message& msg, CompressAlgo algo, PayloadFormat format) {
    bool any = false;
    for (Field& f : msg.mutable_fields()) {
        if (f.type != FieldType::kUncompressed) continue;
        auto payload = serialize_payload(*f.child, format);
        if (!payload) return payload.status().with_context("field '" + printable(f.name, 40) + "'");
        auto packed = compress_bytes(algo, *payload);
        if (!packed) return packed.status().with_context("field '" + printable(f.name, 40) + "'");
        f.type = FieldType::kCompressed;
        f.bytes = std::move(*packed);
        f.child.reset();
        any = true;
    }
    if (any) msg.set_string(kFieldCompressionAlgorithm, compress_algo_name(algo));
    return Status::ok();
}

Result<Message> decompress_field(const Message& msg, const Field& field, int depth,
                                 size_t* budget) {
    const std::string label = "field '" + printable(field.name, 40) + "'";
    if (field.type != FieldType::kCompressed) return invalid(label + " is not compressed");
    if (depth + 1 > kMaxDepth)
        return invalid(label + ": nesting deeper than " + std::to_string(kMaxDepth));
    auto algo = algo_of(msg);
    if (!algo) return algo.status().with_context(label);
    size_t limit = budget ? std::min(*budget, kMaxUncompressed) : kMaxUncompressed;
    auto raw = decompress_bytes(*algo, field.bytes, limit);
    if (!raw) return raw.status().with_context(label);
    if (budget) *budget -= raw->size();
    DecodeLimits limits;
    limits.max_size = kMaxUncompressed;
    limits.max_depth = kMaxDepth - (depth + 1);
    auto child = parse_payload(*raw, limits);
    if (!child) return child.status().with_context(label);
    return child;
}

namespace {
Status expand_within(Message& msg, int depth, size_t* budget) {
    for (Field& f : msg.mutable_fields()) {
        if (f.type == FieldType::kCompressed) {
            auto child = decompress_field(msg, f, depth, budget);
            if (!child) return child.status();
            f.type = FieldType::kUncompressed;
            f.bytes.clear();
            f.child = std::make_unique<Message>(std::move(*child));
        }
        if (f.is_nested()) HA_RETURN_IF_ERROR(expand_within(*f.child, depth + 1, budget));
    }
    return Status::ok();
}
}  // namespace

Status expand_compressed_fields(Message& msg, int depth) {
    size_t budget = kMaxUncompressed;
    return expand_within(msg, depth, &budget);
}

}  // namespace ha::hb
