#include "lrm/lib/op_result.h"

#include "heartbeat/plumb/strings.h"

namespace ha::lrm {

std::optional<OcfRc> ocf_rc_from_int(int value) {
    if ((value >= 0 && value <= 9) || value == 190 || value == 191) {
        return static_cast<OcfRc>(value);
    }
    return std::nullopt;
}

const char* ocf_rc_name(OcfRc rc) {
    switch (rc) {
        case OcfRc::kSuccess:
            return "OCF_SUCCESS";
        case OcfRc::kErrGeneric:
            return "OCF_ERR_GENERIC";
        case OcfRc::kErrArgs:
            return "OCF_ERR_ARGS";
        case OcfRc::kErrUnimplemented:
            return "OCF_ERR_UNIMPLEMENTED";
        case OcfRc::kErrPerm:
            return "OCF_ERR_PERM";
        case OcfRc::kErrInstalled:
            return "OCF_ERR_INSTALLED";
        case OcfRc::kErrConfigured:
            return "OCF_ERR_CONFIGURED";
        case OcfRc::kNotRunning:
            return "OCF_NOT_RUNNING";
        case OcfRc::kRunningMaster:
            return "OCF_RUNNING_MASTER";
        case OcfRc::kFailedMaster:
            return "OCF_FAILED_MASTER";
        case OcfRc::kDegraded:
            return "OCF_DEGRADED";
        case OcfRc::kDegradedMaster:
            return "OCF_DEGRADED_MASTER";
    }
    return "OCF_UNKNOWN";
}

const char* ocf_rc_text(OcfRc rc) {
    switch (rc) {
        case OcfRc::kSuccess:
            return "ok";
        case OcfRc::kErrGeneric:
            return "unknown error";
        case OcfRc::kErrArgs:
            return "invalid parameter";
        case OcfRc::kErrUnimplemented:
            return "unimplemented feature";
        case OcfRc::kErrPerm:
            return "insufficient privileges";
        case OcfRc::kErrInstalled:
            return "not installed";
        case OcfRc::kErrConfigured:
            return "not configured";
        case OcfRc::kNotRunning:
            return "not running";
        case OcfRc::kRunningMaster:
            return "master";
        case OcfRc::kFailedMaster:
            return "master (failed)";
        case OcfRc::kDegraded:
            return "degraded";
        case OcfRc::kDegradedMaster:
            return "master (degraded)";
    }
    return "unknown";
}

const char* exec_status_name(ExecStatus status) {
    switch (status) {
        case ExecStatus::kDone:
            return "done";
        case ExecStatus::kTimeout:
            return "timeout";
        case ExecStatus::kNotInstalled:
            return "not installed";
        case ExecStatus::kNotSupported:
            return "not supported";
        case ExecStatus::kCancelled:
            return "cancelled";
        case ExecStatus::kError:
            return "error";
    }
    return "unknown";
}

std::string describe(const OpResult& r) {
    std::string rc = "rc=" + std::to_string(to_int(r.rc)) + " (" + ocf_rc_text(r.rc) + ")";
    std::string s = r.status == ExecStatus::kDone
                        ? rc
                        : std::string(exec_status_name(r.status)) + " (" + rc + ")";
    if (!r.reason.empty()) s += ": " + r.reason;
    if (!r.exit_reason.empty()) s += " | exit-reason=" + r.exit_reason;
    return s;
}

std::string parse_exit_reason(std::string_view error_output) {
    static constexpr std::string_view kPrefix = "ocf-exit-reason:";
    std::string_view found;
    bool any = false;
    std::size_t pos = 0;
    while (pos <= error_output.size()) {
        std::size_t end = error_output.find('\n', pos);
        std::string_view line = error_output.substr(
            pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        if (starts_with(line, kPrefix)) {
            found = line.substr(kPrefix.size());
            any = true;
        }
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    return any ? std::string(trim(found)) : std::string();
}

}  // namespace ha::lrm
