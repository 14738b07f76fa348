// What came of an operation: the OCF return code the cluster acts on, the
// execution status that says whether that code means anything, the agent's
// output and how long it ran (doc/lrm-raexec.md). Agent codes (OCF/LSB) and
// our execution statuses are separate spaces, converted explicitly.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "heartbeat/plumb/duration.h"

namespace ha::lrm {

// OCF RA API return codes (ocf-returncodes), plus Pacemaker 2.x's degraded
// codes, which count as success.
enum class OcfRc : int {
    kSuccess = 0,           // OCF_SUCCESS
    kErrGeneric = 1,        // OCF_ERR_GENERIC
    kErrArgs = 2,           // OCF_ERR_ARGS
    kErrUnimplemented = 3,  // OCF_ERR_UNIMPLEMENTED
    kErrPerm = 4,           // OCF_ERR_PERM
    kErrInstalled = 5,      // OCF_ERR_INSTALLED
    kErrConfigured = 6,     // OCF_ERR_CONFIGURED
    kNotRunning = 7,        // OCF_NOT_RUNNING
    kRunningMaster = 8,     // OCF_RUNNING_MASTER
    kFailedMaster = 9,      // OCF_FAILED_MASTER
    kDegraded = 190,        // OCF_DEGRADED [Pacemaker 2.x]
    kDegradedMaster = 191,  // OCF_DEGRADED_MASTER [Pacemaker 2.x]
};

// The code as an agent would exit with it; nullopt for any other value.
std::optional<OcfRc> ocf_rc_from_int(int value);
inline int to_int(OcfRc rc) {
    return static_cast<int>(rc);
}
// "OCF_SUCCESS", "OCF_NOT_RUNNING" ...
const char* ocf_rc_name(OcfRc rc);
// "ok", "not running", "unknown error" ...: Pacemaker's wording, for logs.
const char* ocf_rc_text(OcfRc rc);

// Whether the rc means anything. cluster-glue's LRM_OP_* with Pacemaker's
// "not installed"; the rc of anything but kDone is not the agent's verdict.
enum class ExecStatus {
    kDone,          // the agent ran to completion; rc is its answer
    kTimeout,       // killed when the op's timeout passed
    kNotInstalled,  // no such agent, or it cannot be executed; nothing ran
    kNotSupported,  // the class does not support the op; nothing ran
    kCancelled,     // cancelled by the caller
    kError,         // anything else: killed by a signal, bad resource, spawn failure
};

// "done", "timeout", "not installed", "not supported", "cancelled", "error".
const char* exec_status_name(ExecStatus status);

struct OpResult {
    ExecStatus status = ExecStatus::kError;
    OcfRc rc = OcfRc::kErrGeneric;
    int exit_code = -1;        // the agent's raw exit code; -1 when it did not exit
    int signal = 0;            // the signal that ended it, 0 if none
    std::string output;        // stdout, bounded (truncation marked)
    std::string error_output;  // stderr, bounded
    // The last `ocf-exit-reason:` line the agent printed on stderr.
    std::string exit_reason;
    // Our explanation when status is not kDone, or the rc was derived from
    // something other than the exit code: "timed out after 20000ms",
    // "killed by signal 9 (SIGKILL)", "/etc/init.d/x: not executable".
    std::string reason;
    Millis duration{0};

    // The agent answered and the answer is success (0 or a degraded code).
    bool succeeded() const {
        return status == ExecStatus::kDone &&
               (rc == OcfRc::kSuccess || rc == OcfRc::kDegraded || rc == OcfRc::kDegradedMaster);
    }
};

// "rc=0 (ok)" / "timeout (rc=1) timed out after 200ms": one line for logs.
std::string describe(const OpResult& result);

// The text of the last `ocf-exit-reason:` line in `error_output` (what
// resource-agents' ocf_exit_reason prints), trimmed; "" when there is none.
std::string parse_exit_reason(std::string_view error_output);

}  // namespace ha::lrm
