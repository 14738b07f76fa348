// The ha_msg data model: an ordered list of typed fields, as heartbeat 3.0.6
// and cluster-glue 1.0.12 define it (doc/wire-format.md, section "Model").
// Pure value types; the codecs live in msg_netstring.h and msg_classic.h, the
// packet layer (framing, trailer, envelope) in msg_wire.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ha::hb {

// The type digit written on the wire, "(T)name=value".
enum class FieldType : uint8_t {
    kString = 0,        // text without NUL
    kBinary = 1,        // raw bytes (uuids)
    kStruct = 2,        // nested message
    kList = 3,          // list of non-empty strings
    kCompressed = 4,    // compressed bytes of a serialised nested message
    kUncompressed = 5,  // in-memory nested message, compressed into kCompressed on send
};

const char* field_type_name(FieldType type);

// Limits of heartbeat 3.0.6 (reference 3.1).
inline constexpr int kMaxDepth = 16;                         // nesting levels below the top
inline constexpr size_t kMaxMsg = 262144;                    // MAXMSG: wire size must be below it
inline constexpr size_t kMaxUncompressed = 2 * 1024 * 1024;  // MAXUNCOMPRESSED

class Message;

// One field. Which member holds the value depends on `type`: `bytes` for
// string/binary/compressed, `items` for list, `child` for struct/uncompressed
// (never null for those types). Copying deep-copies the child.
struct Field {
    std::string name;
    FieldType type = FieldType::kString;
    std::string bytes;
    std::vector<std::string> items;
    std::unique_ptr<Message> child;

    Field();
    Field(std::string n, FieldType t, std::string value);
    Field(std::string n, std::vector<std::string> list);
    Field(std::string n, FieldType t, Message nested);  // kStruct or kUncompressed
    Field(const Field& other);
    Field& operator=(const Field& other);
    Field(Field&&) noexcept;
    Field& operator=(Field&&) noexcept;
    ~Field();

    bool is_nested() const {
        return type == FieldType::kStruct || type == FieldType::kUncompressed;
    }
    bool operator==(const Field& other) const;
};

class Message {
  public:
    Message() = default;

    const std::vector<Field>& fields() const { return fields_; }
    std::vector<Field>& mutable_fields() { return fields_; }
    size_t size() const { return fields_.size(); }
    bool empty() const { return fields_.empty(); }

    // First field with this name (heartbeat always reads the first match).
    const Field* find(std::string_view name) const;
    Field* find(std::string_view name);
    bool has(std::string_view name) const { return find(name) != nullptr; }

    // Typed getters: nullopt/nullptr when absent or of another type.
    std::optional<std::string_view> get_string(std::string_view name) const;
    std::optional<std::string_view> get_binary(std::string_view name) const;
    std::optional<std::string_view> get_compressed(std::string_view name) const;
    const std::vector<std::string>* get_list(std::string_view name) const;
    const Message* get_struct(std::string_view name) const;  // kStruct or kUncompressed
    // String fields holding whole-string numbers (decimal / heartbeat's hex).
    std::optional<int64_t> get_int(std::string_view name) const;
    std::optional<uint64_t> get_hex(std::string_view name) const;

    // add_*: always append (duplicates allowed, as on the wire).
    void add(Field field) { fields_.push_back(std::move(field)); }
    void add_string(std::string_view name, std::string_view value);
    void add_binary(std::string_view name, std::string_view value);
    void add_list(std::string_view name, std::vector<std::string> items);
    void add_struct(std::string_view name, Message child);
    void add_compressed(std::string_view name, std::string_view bytes);
    void add_uncompressed(std::string_view name, Message child);

    // set_*: replace the first field of that name in place (its type may
    // change), or append when absent. Keeps field order stable.
    void set(Field field);
    void set_string(std::string_view name, std::string_view value);
    void set_binary(std::string_view name, std::string_view value);
    void set_list(std::string_view name, std::vector<std::string> items);
    void set_struct(std::string_view name, Message child);
    void set_hex(std::string_view name, uint64_t value);  // "%lx"
    void set_int(std::string_view name, int64_t value);   // "%ld"

    // Removes the first field of that name; false when there was none.
    bool remove(std::string_view name);
    // Removes every field of that name; returns how many.
    size_t remove_all(std::string_view name);

    // Greatest nesting depth below this message (0 = no struct fields).
    int depth() const;

    bool operator==(const Message& other) const { return fields_ == other.fields_; }

  private:
    std::vector<Field> fields_;
};

}  // namespace ha::hb
