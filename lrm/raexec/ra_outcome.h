// From a finished child to an OpResult (doc/lrm-raexec.md): the class's
// exit-code mapping for agents that exited, execution statuses for the rest.
// Pure, so every outcome is testable from a hand-made ChildResult.
#pragma once

#include <string>

#include "heartbeat/plumb/process_runner.h"
#include "lrm/lib/lrm_types.h"
#include "lrm/lib/op_result.h"
#include "lrm/lib/rc_mapping.h"

namespace ha::lrm {

//   cancelled                  kCancelled, OCF_ERR_GENERIC
//   timed out                  kTimeout, OCF_ERR_GENERIC ("timed out after <timeout>ms")
//   could not exec: not found  kNotInstalled, OCF_ERR_INSTALLED (e.g. a bad #! line)
//   could not exec: other      kError, OCF_ERR_PERM
//   killed by a signal         kError, OCF_ERR_GENERIC ("killed by signal 9 (SIGKILL)")
//   exited                     kDone, rc by class: ocf_exit_to_rc, lsb_exit_to_rc,
//                              heartbeat status/monitor from stdout, else heartbeat_exit_to_rc
OpResult interpret_child_result(RscClass rsc_class, OpName op, const ChildResult& child,
                                HbStatusRule rule, Millis timeout);

// An OpResult for an op that never ran.
OpResult immediate_result(ExecStatus status, OcfRc rc, std::string reason);

}  // namespace ha::lrm
