// Status and Result<T>: expected failures as values, never exceptions across
// module boundaries (STYLE.md section 4). A failed Status carries a code and a
// message that names where the problem is (file:line, field, peer).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace ha {

enum class ErrorCode {
    kOk = 0,
    kInvalid,      // malformed input: config line, packet, argument
    kAuth,         // authentication failed
    kNotFound,     // file, node, key, field missing
    kPermission,   // file mode, peer credentials
    kIo,           // read/write/socket failure
    kTimeout,      // a deadline passed
    kTooLarge,     // a size limit was exceeded
    kNeedMore,     // a decoder needs more bytes (serial links)
    kUnsupported,  // known but not implemented here
    kInternal,     // a bug
};

const char* error_code_name(ErrorCode code);

class [[nodiscard]] Status {
public:
    Status() = default;
    Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

    static Status ok() { return Status(); }

    bool is_ok() const { return code_ == ErrorCode::kOk; }
    explicit operator bool() const { return is_ok(); }
    ErrorCode code() const { return code_; }
    const std::string& message() const { return message_; }

    // Prefixes the message with context, e.g. the file name or field path.
    Status with_context(const std::string& context) const {
        if (is_ok()) return *this;
        return Status(code_, context + ": " + message_);
    }

    std::string to_string() const;

private:
    ErrorCode code_ = ErrorCode::kOk;
    std::string message_;
};

inline Status invalid(std::string message) { return Status(ErrorCode::kInvalid, std::move(message)); }

// A value or an error Status. Access to value() on an error is a bug.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
    Result(Status status) : data_(std::move(status)) {}  // NOLINT: implicit by design

    bool is_ok() const { return std::holds_alternative<T>(data_); }
    explicit operator bool() const { return is_ok(); }

    const T& value() const& { return std::get<T>(data_); }
    T& value() & { return std::get<T>(data_); }
    T&& value() && { return std::get<T>(std::move(data_)); }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

    Status status() const {
        if (is_ok()) return Status::ok();
        return std::get<Status>(data_);
    }

private:
    std::variant<T, Status> data_;
};

}  // namespace ha

// Propagates an error Status from an expression returning Status.
#define HA_RETURN_IF_ERROR(expr)              \
    do {                                      \
        ::ha::Status ha_status_tmp_ = (expr); \
        if (!ha_status_tmp_.is_ok()) return ha_status_tmp_; \
    } while (0)
