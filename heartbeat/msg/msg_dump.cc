// Text dump of an ha_msg (see msg_dump.h).
#include "heartbeat/msg/msg_dump.h"

#include <string_view>

#include "heartbeat/msg/msg_compress.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace {

constexpr size_t kNoLimit = static_cast<size_t>(-1) / 2;

void dump_into(const Message& msg, int indent, int depth, size_t* budget, std::string& out) {
    const std::string pad(size_t(indent), ' ');
    for (const Field& f : msg.fields()) {
        out += pad;
        if (f.type != FieldType::kString) {
            out += '(';
            out += char('0' + static_cast<int>(f.type));
            out += ')';
        }
        out += printable(f.name, kNoLimit);
        out += '=';
        switch (f.type) {
            case FieldType::kString:
                out += printable(f.bytes, kNoLimit);
                out += '\n';
                break;
            case FieldType::kBinary:
                out += hex_bytes(f.bytes);
                out += '\n';
                break;
            case FieldType::kList:
                for (size_t i = 0; i < f.items.size(); ++i) {
                    if (i) out += ' ';
                    out += '"';
                    out += printable(f.items[i], kNoLimit);
                    out += '"';
                }
                out += '\n';
                break;
            case FieldType::kStruct:
            case FieldType::kUncompressed:
                out += '\n';
                if (f.child) dump_into(*f.child, indent + 2, depth + 1, budget, out);
                break;
            case FieldType::kCompressed: {
                auto child = decompress_field(msg, f, depth, budget);
                if (child) {
                    out += "<" + std::to_string(f.bytes.size()) + " compressed bytes>\n";
                    dump_into(*child, indent + 2, depth + 1, budget, out);
                } else {
                    out += hex_bytes(f.bytes);
                    out += " <cannot decompress: " + child.status().message() + ">\n";
                }
                break;
            }
        }
    }
}

}  // namespace

std::string dump_message(const Message& msg, int indent) {
    std::string out;
    size_t budget = kMaxUncompressed;  // shared by every compressed field shown
    dump_into(msg, indent, 0, &budget, out);
    return out;
}

}  // namespace ha::hb
