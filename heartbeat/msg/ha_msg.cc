// The ha_msg data model (see ha_msg.h).
#include "heartbeat/msg/ha_msg.h"

#include <algorithm>

#include "heartbeat/plumb/strings.h"

namespace ha::hb {

const char* field_type_name(FieldType type) {
    switch (type) {
        case FieldType::kString:
            return "string";
        case FieldType::kBinary:
            return "binary";
        case FieldType::kStruct:
            return "struct";
        case FieldType::kList:
            return "list";
        case FieldType::kCompressed:
            return "compressed";
        case FieldType::kUncompressed:
            return "uncompressed";
    }
    return "?";
}

// ---- Field ------------------------------------------------------------------

Field::Field() = default;
Field::Field(std::string n, FieldType t, std::string value)
    : name(std::move(n)), type(t), bytes(std::move(value)) {}
Field::Field(std::string n, std::vector<std::string> list)
    : name(std::move(n)), type(FieldType::kList), items(std::move(list)) {}
Field::Field(std::string n, FieldType t, Message nested)
    : name(std::move(n)), type(t), child(std::make_unique<Message>(std::move(nested))) {}

Field::Field(const Field& other)
    : name(other.name),
      type(other.type),
      bytes(other.bytes),
      items(other.items),
      child(other.child ? std::make_unique<Message>(*other.child) : nullptr) {}

Field& Field::operator=(const Field& other) {
    if (this != &other) {
        Field copy(other);
        *this = std::move(copy);
    }
    return *this;
}

Field::Field(Field&&) noexcept = default;
Field& Field::operator=(Field&&) noexcept = default;
Field::~Field() = default;

bool Field::operator==(const Field& other) const {
    if (name != other.name || type != other.type || bytes != other.bytes || items != other.items)
        return false;
    if (!child || !other.child) return !child && !other.child;
    return *child == *other.child;
}

// ---- Message: lookup --------------------------------------------------------

const Field* Message::find(std::string_view name) const {
    for (const Field& f : fields_)
        if (f.name == name) return &f;
    return nullptr;
}

Field* Message::find(std::string_view name) {
    for (Field& f : fields_)
        if (f.name == name) return &f;
    return nullptr;
}

namespace {
std::optional<std::string_view> bytes_of(const Field* f, FieldType type) {
    if (!f || f->type != type) return std::nullopt;
    return std::string_view(f->bytes);
}
}  // namespace

std::optional<std::string_view> Message::get_string(std::string_view name) const {
    return bytes_of(find(name), FieldType::kString);
}

std::optional<std::string_view> Message::get_binary(std::string_view name) const {
    return bytes_of(find(name), FieldType::kBinary);
}

std::optional<std::string_view> Message::get_compressed(std::string_view name) const {
    return bytes_of(find(name), FieldType::kCompressed);
}

const std::vector<std::string>* Message::get_list(std::string_view name) const {
    const Field* f = find(name);
    return f && f->type == FieldType::kList ? &f->items : nullptr;
}

const Message* Message::get_struct(std::string_view name) const {
    const Field* f = find(name);
    return f && f->is_nested() ? f->child.get() : nullptr;
}

std::optional<int64_t> Message::get_int(std::string_view name) const {
    auto s = get_string(name);
    if (!s) return std::nullopt;
    return parse_int(*s);
}

std::optional<uint64_t> Message::get_hex(std::string_view name) const {
    auto s = get_string(name);
    if (!s) return std::nullopt;
    return parse_hex(*s);
}

// ---- Message: mutation ------------------------------------------------------

void Message::add_string(std::string_view name, std::string_view value) {
    add(Field(std::string(name), FieldType::kString, std::string(value)));
}

void Message::add_binary(std::string_view name, std::string_view value) {
    add(Field(std::string(name), FieldType::kBinary, std::string(value)));
}

void Message::add_list(std::string_view name, std::vector<std::string> items) {
    add(Field(std::string(name), std::move(items)));
}

void Message::add_struct(std::string_view name, Message child) {
    add(Field(std::string(name), FieldType::kStruct, std::move(child)));
}

void Message::add_compressed(std::string_view name, std::string_view bytes) {
    add(Field(std::string(name), FieldType::kCompressed, std::string(bytes)));
}

void Message::add_uncompressed(std::string_view name, Message child) {
    add(Field(std::string(name), FieldType::kUncompressed, std::move(child)));
}

void Message::set(Field field) {
    if (Field* f = find(field.name)) {
        *f = std::move(field);
    } else {
        add(std::move(field));
    }
}

void Message::set_string(std::string_view name, std::string_view value) {
    set(Field(std::string(name), FieldType::kString, std::string(value)));
}

void Message::set_binary(std::string_view name, std::string_view value) {
    set(Field(std::string(name), FieldType::kBinary, std::string(value)));
}

void Message::set_list(std::string_view name, std::vector<std::string> items) {
    set(Field(std::string(name), std::move(items)));
}

void Message::set_struct(std::string_view name, Message child) {
    set(Field(std::string(name), FieldType::kStruct, std::move(child)));
}

void Message::set_hex(std::string_view name, uint64_t value) {
    set_string(name, to_hex(value));
}

void Message::set_int(std::string_view name, int64_t value) {
    set_string(name, std::to_string(value));
}

bool Message::remove(std::string_view name) {
    auto it = std::find_if(fields_.begin(), fields_.end(),
                           [&](const Field& f) { return f.name == name; });
    if (it == fields_.end()) return false;
    fields_.erase(it);
    return true;
}

size_t Message::remove_all(std::string_view name) {
    size_t before = fields_.size();
    fields_.erase(std::remove_if(fields_.begin(), fields_.end(),
                                 [&](const Field& f) { return f.name == name; }),
                  fields_.end());
    return before - fields_.size();
}

int Message::depth() const {
    int deepest = 0;
    for (const Field& f : fields_)
        if (f.is_nested() && f.child) deepest = std::max(deepest, 1 + f.child->depth());
    return deepest;
}

}  // namespace ha::hb
