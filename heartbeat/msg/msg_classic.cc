// Classic text codec for ha_msg (see msg_classic.h, doc/wire-format.md).
#include "heartbeat/msg/msg_classic.h"

#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace {

constexpr char kDepthSymbols[kMaxDepth] = {0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
                                           0x1c, 0x1d, 0x1e, 0x1f, 0x0f, 0x10, 0x11, 0x12};

Status need_more(size_t offset, const std::string& what) {
    return Status(ErrorCode::kNeedMore,
                  "classic offset " + std::to_string(offset) + ": truncated " + what);
}

Status bad(size_t offset, const std::string& what) {
    return invalid("classic offset " + std::to_string(offset) + ": " + what);
}

bool is_prefix_of(std::string_view rest, std::string_view marker) {
    return rest.size() < marker.size() && marker.substr(0, rest.size()) == rest;
}

std::string replace_byte(std::string_view in, char from, char to) {
    std::string out(in);
    for (char& c : out)
        if (c == from) c = to;
    return out;
}

// Decodes the value part of one line into `field` (type and name already set).
Status decode_value(Field& field, std::string_view value, const DecodeLimits& limits, int depth,
                    size_t value_offset) {
    switch (field.type) {
        case FieldType::kString:
            field.bytes = replace_byte(value, kNewlineSymbol, '\n');
            return Status::ok();
        case FieldType::kBinary:
        case FieldType::kCompressed: {
            auto raw = base64_decode(value);
            if (!raw) return bad(value_offset, "invalid base64");
            if (base64_encode(*raw) != value) return bad(value_offset, "non-canonical base64");
            field.bytes = std::move(*raw);
            return Status::ok();
        }
        case FieldType::kList: {
            auto items = unpack_list(value);
            if (!items) return bad(value_offset, "list: " + items.status().message());
            field.items = std::move(*items);
            return Status::ok();
        }
        case FieldType::kStruct: {
            if (depth + 1 > limits.max_depth)
                return bad(value_offset, "nesting deeper than " + std::to_string(limits.max_depth));
            std::string text = replace_byte(value, struct_newline_symbol(depth), '\n');
            size_t used = 0;
            auto child = decode_classic_body(text, &used, limits, depth + 1, value_offset);
            if (!child) {
                Status s = child.status();
                return s.code() == ErrorCode::kNeedMore ? invalid(s.message()) : s;
            }
            if (used != text.size())
                return bad(value_offset + used, "stray bytes after nested message");
            field.child = std::make_unique<Message>(std::move(*child));
            return Status::ok();
        }
        case FieldType::kUncompressed:
            break;
    }
    return bad(value_offset, "type cannot appear in classic form");
}

// Renders one message's fields as classic lines into `out`.
//   strict: refuse what would not survive the trip (wire encoding);
//   skip_auth / head: signing rendering has neither `auth` nor framing.
Status render(const Message& msg, int depth, bool strict, bool head, std::string& out) {
    if (head) out += kClassicStart;
    for (const Field& f : msg.fields()) {
        if (!head && f.name == kFieldAuth) continue;
        const std::string label = "field '" + printable(f.name, 40) + "'";
        if (strict) {
            if (f.name.empty() ||
                f.name.find_first_of(std::string_view("=\n\0", 3)) != std::string::npos)
                return invalid(label + ": name is empty or has '=', newline or NUL");
            if (f.type == FieldType::kString && f.name[0] == '(')
                return invalid(label +
                               ": a string field name cannot start with '(' in classic form");
        }
        if (f.type != FieldType::kString) {
            out += '(';
            out += char('0' + static_cast<int>(f.type));
            out += ')';
        }
        out += f.name;
        out += '=';
        switch (f.type) {
            case FieldType::kString:
                if (strict && (f.bytes.empty() || f.bytes.find_first_of(std::string_view(
                                                      "\0\x13", 2)) != std::string::npos))
                    return invalid(label + ": empty, or holds NUL or 0x13 (not representable)");
                out += replace_byte(f.bytes, '\n', kNewlineSymbol);
                break;
            case FieldType::kBinary:
            case FieldType::kCompressed:
                if (strict && f.bytes.empty()) return invalid(label + ": empty binary value");
                out += base64_encode(f.bytes);
                break;
            case FieldType::kList:
                if (strict) {
                    if (f.items.empty()) return invalid(label + ": empty list");
                    for (const std::string& item : f.items)
                        if (item.empty() ||
                            item.find_first_of(std::string_view("\0\n", 2)) != std::string::npos)
                            return invalid(label + ": list element empty or with NUL/newline");
                }
                out += pack_list(f.items);
                break;
            case FieldType::kStruct: {
                if (!f.child) return invalid(label + ": struct without value");
                if (depth + 1 > kMaxDepth)
                    return invalid(label + ": nesting deeper than " + std::to_string(kMaxDepth));
                std::string child;
                HA_RETURN_IF_ERROR(render(*f.child, depth + 1, strict, true, child));
                char sym = struct_newline_symbol(depth);
                if (child.find(sym) != std::string::npos)
                    return invalid(label + ": nested text already holds control byte " +
                                   hex_bytes(std::string(1, sym)));
                out += replace_byte(child, '\n', sym);
                break;
            }
            case FieldType::kUncompressed:
                return invalid(label + ": uncompressed field must be compressed first");
        }
        out += '\n';
    }
    if (head) out += kClassicEnd;
    return Status::ok();
}

}  // namespace

char struct_newline_symbol(int depth) {
    if (depth < 0 || depth >= kMaxDepth) return '\n';
    return kDepthSymbols[depth];
}

Result<Message> decode_classic_body(std::string_view in, size_t* consumed,
                                    const DecodeLimits& limits, int depth, size_t base_offset) {
    if (in.size() < kClassicStart.size() || in.substr(0, kClassicStart.size()) != kClassicStart) {
        if (is_prefix_of(in, kClassicStart)) return need_more(base_offset, "start marker");
        return bad(base_offset, "missing \">>>\\n\" start marker");
    }
    Message msg;
    size_t pos = kClassicStart.size();
    for (size_t index = 0;;) {
        while (pos < in.size() && in[pos] == '\n')
            ++pos;
        std::string_view rest = in.substr(pos);
        if (rest.substr(0, kClassicEnd.size()) == kClassicEnd) {
            pos += kClassicEnd.size();
            break;
        }
        if (rest.empty() || is_prefix_of(rest, kClassicEnd))
            return need_more(base_offset + pos, "message: no \"<<<\\n\" end marker");
        size_t nl = in.find('\n', pos);
        if (nl == std::string_view::npos) {
            if (in.size() - pos > limits.max_size)
                return bad(base_offset + pos, "line longer than the size limit");
            return need_more(base_offset + pos, "line (no newline)");
        }
        std::string_view line = in.substr(pos, nl - pos);
        size_t line_offset = base_offset + pos;
        pos = nl + 1;
        const std::string label = "line " + std::to_string(index);
        if (line.find('\0') != std::string_view::npos)
            return bad(line_offset, label + ": NUL byte");
        size_t eq = line.find('=');
        if (eq == std::string_view::npos)
            return bad(line_offset, label + ": no '=' in \"" + printable(line, 40) + "\"");
        std::string_view name = line.substr(0, eq);
        std::string_view value = line.substr(eq + 1);
        Field field;
        if (!name.empty() && name[0] == '(') {
            if (name.size() < 3 || name[2] != ')' || name[1] < '0' || name[1] > '9')
                return bad(line_offset, label + ": malformed \"(T)\" type prefix");
            int type = name[1] - '0';
            if (type == 0 || type > 4)
                return bad(line_offset, label + ": type (" + std::to_string(type) +
                                            ") not allowed in classic form");
            field.type = static_cast<FieldType>(type);
            name.remove_prefix(3);
        }
        if (name.empty()) return bad(line_offset, label + ": empty field name");
        field.name.assign(name);
        const std::string flabel = label + " field '" + printable(name, 40) + "'";
        if (value.empty())
            return bad(line_offset + eq, flabel + ": empty value (heartbeat rejects the message)");
        Status s = decode_value(field, value, limits, depth, line_offset + eq + 1);
        if (!s.is_ok()) return Status(s.code(), flabel + ": " + s.message());
        msg.add(std::move(field));
        ++index;
    }
    *consumed = pos;
    return msg;
}

Result<std::string> encode_classic_body(const Message& msg) {
    std::string out;
    HA_RETURN_IF_ERROR(render(msg, 0, true, true, out));
    return out;
}

Result<std::string> classic_auth_text(const Message& msg) {
    std::string out;
    HA_RETURN_IF_ERROR(render(msg, 0, false, false, out));
    return out;
}

}  // namespace ha::hb
