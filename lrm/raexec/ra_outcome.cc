#include "lrm/raexec/ra_outcome.h"

#include <cstring>
#include <utility>

namespace ha::lrm {

namespace {

std::string signal_text(int signo) {
    std::string s = "killed by signal " + std::to_string(signo);
    if (const char* abbrev = sigabbrev_np(signo)) s += std::string(" (SIG") + abbrev + ")";
    return s;
}

bool is_status_op(OpName op) {
    return op == OpName::kStatus || op == OpName::kMonitor;
}

}  // namespace

OpResult immediate_result(ExecStatus status, OcfRc rc, std::string reason) {
    OpResult r;
    r.status = status;
    r.rc = rc;
    r.reason = std::move(reason);
    return r;
}

OpResult interpret_child_result(RscClass rsc_class, OpName op, const ChildResult& child,
                                HbStatusRule rule, Millis timeout) {
    OpResult r;
    r.exit_code = child.exit_code;
    r.signal = child.signal;
    r.output = child.stdout_text;
    r.error_output = child.stderr_text;
    r.exit_reason = parse_exit_reason(child.stderr_text);
    r.duration = child.duration;
    r.rc = OcfRc::kErrGeneric;

    if (child.cancelled) {
        r.status = ExecStatus::kCancelled;
        r.reason = "cancelled";
        return r;
    }
    if (child.timed_out) {
        r.status = ExecStatus::kTimeout;
        r.reason = "timed out after " + std::to_string(timeout.count()) + "ms";
        if (child.signal != 0) r.reason += ", " + signal_text(child.signal);
        return r;
    }
    if (!child.exec_error.empty()) {
        bool missing = child.exit_code == kExitNotFound;
        r.status = missing ? ExecStatus::kNotInstalled : ExecStatus::kError;
        r.rc = missing ? OcfRc::kErrInstalled : OcfRc::kErrPerm;
        r.reason = "cannot execute: " + child.exec_error;
        return r;
    }
    if (child.signal != 0 || child.exit_code < 0) {
        r.status = ExecStatus::kError;
        r.reason = child.signal != 0 ? signal_text(child.signal) : "no exit status";
        return r;
    }

    r.status = ExecStatus::kDone;
    switch (rsc_class) {
        case RscClass::kOcf:
        case RscClass::kStonith:
            r.rc = ocf_exit_to_rc(child.exit_code);
            if (!ocf_rc_from_int(child.exit_code)) {
                r.reason = "exit code " + std::to_string(child.exit_code) + " is not an OCF code";
            }
            break;
        case RscClass::kLsb:
            r.rc = lsb_exit_to_rc(op, child.exit_code);
            if (to_int(r.rc) != child.exit_code) {
                r.reason = std::string("LSB ") + (is_status_op(op) ? "status " : "") +
                           "exit code " + std::to_string(child.exit_code);
            }
            break;
        case RscClass::kHeartbeat:
            if (is_status_op(op)) {
                // The exit code does not count, only what the script printed.
                r.rc = heartbeat_status_from_output(child.stdout_text, rule);
                r.reason = "status decided from output";
            } else {
                r.rc = heartbeat_exit_to_rc(child.exit_code);
                if (to_int(r.rc) != child.exit_code) {
                    r.reason = "exit code " + std::to_string(child.exit_code);
                }
            }
            break;
    }
    return r;
}

}  // namespace ha::lrm
