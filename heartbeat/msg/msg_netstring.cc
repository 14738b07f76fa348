// Netstring codec for ha_msg (see msg_netstring.h, doc/wire-format.md).
// Stricter than cluster-glue in what it accepts (canonical lengths only, no
// bytes after a nested body) so that decode -> encode reproduces the input.
#include "heartbeat/msg/msg_netstring.h"

#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace {

constexpr size_t kMaxLengthDigits = 7;

Status need_more(size_t offset, const std::string& what) {
    return Status(ErrorCode::kNeedMore,
                  "netstring offset " + std::to_string(offset) + ": truncated " + what);
}

Status bad(size_t offset, const std::string& what) {
    return invalid("netstring offset " + std::to_string(offset) + ": " + what);
}

std::string field_label(size_t index, std::string_view name) {
    return "field #" + std::to_string(index) + " '" + printable(name, 40) + "'";
}

bool is_prefix_of(std::string_view rest, std::string_view marker) {
    return rest.size() < marker.size() && marker.substr(0, rest.size()) == rest;
}

// Decodes the value of one "(T)name=value" item into `field`.
Status decode_value(Field& field, std::string_view value, const DecodeLimits& limits, int depth,
                    size_t value_offset) {
    switch (field.type) {
        case FieldType::kString:
            if (value.find('\0') != std::string_view::npos)
                return bad(value_offset, "string value contains NUL");
            field.bytes.assign(value);
            return Status::ok();
        case FieldType::kBinary:
        case FieldType::kCompressed:
            field.bytes.assign(value);
            return Status::ok();
        case FieldType::kList: {
            auto items = unpack_list(value);
            if (!items) return bad(value_offset, "list: " + items.status().message());
            field.items = std::move(*items);
            return Status::ok();
        }
        case FieldType::kStruct:
        case FieldType::kUncompressed: {
            if (depth + 1 > limits.max_depth)
                return bad(value_offset, "nesting deeper than " + std::to_string(limits.max_depth));
            size_t used = 0;
            auto child = decode_netstring_body(value, &used, limits, depth + 1, value_offset);
            if (!child) {
                Status s = child.status();
                // Inside a value of known length "truncated" is just malformed.
                return s.code() == ErrorCode::kNeedMore ? invalid(s.message()) : s;
            }
            if (used != value.size())
                return bad(value_offset + used, std::to_string(value.size() - used) +
                                                    " stray bytes after nested message");
            field.child = std::make_unique<Message>(std::move(*child));
            return Status::ok();
        }
    }
    return bad(value_offset, "unknown type");
}

void append_length(std::string& out, size_t n) {
    out += std::to_string(n);
    out += ':';
}

Status encode_body(const Message& msg, int depth, std::string& out);

Status encode_value(const Field& f, int depth, std::string& value) {
    switch (f.type) {
        case FieldType::kString:
        case FieldType::kBinary:
        case FieldType::kCompressed:
            value = f.bytes;
            return Status::ok();
        case FieldType::kList:
            for (const std::string& item : f.items)
                if (item.empty() || item.find('\0') != std::string::npos)
                    return invalid("list field '" + printable(f.name, 40) +
                                   "' has an empty element or one with NUL");
            if (f.items.empty())
                return invalid("list field '" + printable(f.name, 40) + "' is empty");
            value = pack_list(f.items);
            return Status::ok();
        case FieldType::kStruct:
        case FieldType::kUncompressed:
            if (!f.child)
                return invalid("nested field '" + printable(f.name, 40) + "' has no value");
            if (depth + 1 > kMaxDepth)
                return invalid("field '" + printable(f.name, 40) + "': nesting deeper than " +
                               std::to_string(kMaxDepth));
            return encode_body(*f.child, depth + 1, value);
    }
    return invalid("unknown field type");
}

Status encode_body(const Message& msg, int depth, std::string& out) {
    out += kNetstringStart;
    std::string value;
    for (const Field& f : msg.fields()) {
        if (f.name.empty() || f.name.find('=') != std::string::npos ||
            f.name.find('\0') != std::string::npos)
            return invalid("field name '" + printable(f.name, 40) + "' is empty or has '=' or NUL");
        value.clear();
        HA_RETURN_IF_ERROR(encode_value(f, depth, value));
        size_t item_len = 3 + f.name.size() + 1 + value.size();
        append_length(out, item_len);
        out += '(';
        out += char('0' + static_cast<int>(f.type));
        out += ')';
        out += f.name;
        out += '=';
        out += value;
        out += ',';
    }
    out += kNetstringEnd;
    return Status::ok();
}

}  // namespace

Result<size_t> parse_netstring_length(std::string_view in, size_t* pos) {
    size_t start = *pos;
    size_t p = start;
    size_t n = 0;
    while (p < in.size() && in[p] >= '0' && in[p] <= '9') {
        if (p - start >= kMaxLengthDigits) return invalid("length has too many digits");
        n = n * 10 + size_t(in[p] - '0');
        ++p;
    }
    if (p == in.size()) return Status(ErrorCode::kNeedMore, "truncated length");
    if (p == start)
        return invalid("expected a decimal length, found '" + printable(in.substr(p, 1)) + "'");
    if (in[p] != ':')
        return invalid("expected ':' after length, found '" + printable(in.substr(p, 1)) + "'");
    if (in[start] == '0' && p - start > 1) return invalid("length with a leading zero");
    *pos = p + 1;
    return n;
}

Result<Message> decode_netstring_body(std::string_view in, size_t* consumed,
                                      const DecodeLimits& limits, int depth, size_t base_offset) {
    if (in.size() < kNetstringStart.size()) {
        if (is_prefix_of(in, kNetstringStart)) return need_more(base_offset, "start marker");
        return bad(base_offset, "missing \"###\\n\" start marker");
    }
    if (in.substr(0, kNetstringStart.size()) != kNetstringStart)
        return bad(base_offset, "missing \"###\\n\" start marker");

    Message msg;
    size_t pos = kNetstringStart.size();
    for (size_t index = 0;; ++index) {
        std::string_view rest = in.substr(pos);
        if (rest.substr(0, kNetstringEnd.size()) == kNetstringEnd) {
            pos += kNetstringEnd.size();
            break;
        }
        if (rest.empty() || is_prefix_of(rest, kNetstringEnd))
            return need_more(base_offset + pos, "message: no \"%%%\\n\" end marker");
        size_t item_start = pos;
        auto len = parse_netstring_length(in, &pos);
        if (!len) {
            return Status(len.status().code(),
                          "netstring offset " + std::to_string(base_offset + item_start) +
                              ": field #" + std::to_string(index) + ": " + len.status().message());
        }
        if (pos + *len + 1 > limits.max_size)
            return bad(base_offset + item_start,
                       "field #" + std::to_string(index) + ": length " + std::to_string(*len) +
                           " exceeds the " + std::to_string(limits.max_size) + "-byte limit");
        if (in.size() < pos + *len + 1)
            return need_more(base_offset + item_start, "field #" + std::to_string(index) +
                                                           " (length " + std::to_string(*len) +
                                                           ", " + std::to_string(in.size() - pos) +
                                                           " bytes left)");
        if (in[pos + *len] != ',')
            return bad(base_offset + pos + *len, "field #" + std::to_string(index) +
                                                     ": expected ',' after " +
                                                     std::to_string(*len) + " bytes");
        std::string_view item = in.substr(pos, *len);
        size_t item_offset = base_offset + pos;
        pos += *len + 1;

        if (item.size() < 3 || item[0] != '(' || item[2] != ')' || item[1] < '0' || item[1] > '5')
            return bad(item_offset, "field #" + std::to_string(index) +
                                        ": missing or unknown \"(T)\" type prefix");
        size_t eq = item.find('=', 3);
        if (eq == std::string_view::npos)
            return bad(item_offset, "field #" + std::to_string(index) + ": no '=' in \"" +
                                        printable(item, 40) + "\"");
        std::string_view name = item.substr(3, eq - 3);
        if (name.empty())
            return bad(item_offset + 3, "field #" + std::to_string(index) + ": empty name");
        if (name.find('\0') != std::string_view::npos)
            return bad(item_offset + 3, field_label(index, name) + ": NUL in name");

        Field field;
        field.name.assign(name);
        field.type = static_cast<FieldType>(item[1] - '0');
        Status s = decode_value(field, item.substr(eq + 1), limits, depth, item_offset + eq + 1);
        if (!s.is_ok()) return Status(s.code(), field_label(index, name) + ": " + s.message());
        msg.add(std::move(field));
    }
    *consumed = pos;
    return msg;
}

Result<std::string> encode_netstring_body(const Message& msg) {
    std::string out;
    HA_RETURN_IF_ERROR(encode_body(msg, 0, out));
    return out;
}

std::string pack_list(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) {
        append_length(out, item.size());
        out += item;
        out += ',';
    }
    return out;
}

Result<std::vector<std::string>> unpack_list(std::string_view packed) {
    if (packed.empty()) return invalid("empty list");
    std::vector<std::string> items;
    size_t pos = 0;
    while (pos < packed.size()) {
        size_t start = pos;
        auto len = parse_netstring_length(packed, &pos);
        if (!len)
            return invalid("element " + std::to_string(items.size()) + ": " +
                           len.status().message());
        if (*len == 0) return invalid("element " + std::to_string(items.size()) + " is empty");
        if (packed.size() < pos + *len + 1 || packed[pos + *len] != ',')
            return invalid("element " + std::to_string(items.size()) + " at " +
                           std::to_string(start) + ": length overruns the list or no ','");
        std::string_view item = packed.substr(pos, *len);
        if (item.find('\0') != std::string_view::npos)
            return invalid("element " + std::to_string(items.size()) + " contains NUL");
        items.emplace_back(item);
        pos += *len + 1;
    }
    return items;
}

}  // namespace ha::hb
