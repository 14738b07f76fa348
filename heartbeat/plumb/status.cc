#include "heartbeat/plumb/status.h"

namespace ha {

const char* error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::kOk: return "ok";
        case ErrorCode::kInvalid: return "invalid";
        case ErrorCode::kAuth: return "authentication failed";
        case ErrorCode::kNotFound: return "not found";
        case ErrorCode::kPermission: return "permission denied";
        case ErrorCode::kIo: return "I/O error";
        case ErrorCode::kTimeout: return "timed out";
        case ErrorCode::kTooLarge: return "too large";
        case ErrorCode::kNeedMore: return "need more data";
        case ErrorCode::kUnsupported: return "unsupported";
        case ErrorCode::kInternal: return "internal error";
    }
    return "unknown";
}

std::string Status::to_string() const {
    if (is_ok()) return "ok";
    return message_.empty() ? std::string(error_code_name(code_)) : message_;
}

}  // namespace ha
