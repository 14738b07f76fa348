// From what an agent did to an OCF return code, per class
// (doc/lrm-raexec.md, reference lrm-ocf.md sections 2-4 and
// heartbeat-messaging.md 6.2). Pure: exit codes and output text in, OcfRc out.
#pragma once

#include <string_view>

#include "lrm/lib/lrm_types.h"
#include "lrm/lib/op_result.h"

namespace ha::lrm {

// OCF agents: 0..9 and 190/191 as they are; anything else is
// OCF_ERR_GENERIC (cluster-glue's raexecocf maps codes > 9 the same way).
OcfRc ocf_exit_to_rc(int exit_code);

// LSB init scripts. `status` (and monitor, which runs status): 0 running;
// 1 dead with a pid file, 2 dead with a lock file, 3 not running -> 7;
// 4 unknown and anything else -> OCF_ERR_GENERIC (Pacemaker 2.x; cluster-glue
// passed 5+ through). Other actions: 0..7 mean what they mean in OCF (the
// LSB codes coincide), anything above -> OCF_ERR_GENERIC.
OcfRc lsb_exit_to_rc(OpName op, int exit_code);

// Heartbeat-class start/stop (and any op but status/monitor): like LSB's
// non-status codes: 0 ok, 1..7 as in OCF, other -> OCF_ERR_GENERIC.
OcfRc heartbeat_exit_to_rc(int exit_code);

// How a heartbeat-class `status` is decided from the script's stdout; the
// exit code is ignored by both.
enum class HbStatusRule {
    // heartbeat 3.0.6's ResourceManager (we_own_resource), the v1 resource
    // manager: the shell patterns `*[Nn][Oo][Tt]\ *[Rr]unning*` -> not
    // running, else `*[Rr]unning*|*OK*` -> running, else not running.
    // Case-sensitive as written: "RUNNING" or "ok" alone do not count.
    kResourceManager,
    // cluster-glue's lrmd (raexechb): on the lower-cased output, `*stopped*`
    // or `*not*running*` -> not running, else `*running*` (lower-cased) or
    // `*OK*` (original case) -> running, else (also: no output) not running.
    kLrmd,
};

// kSuccess (running) or kNotRunning.
OcfRc heartbeat_status_from_output(std::string_view stdout_text,
                                   HbStatusRule rule = HbStatusRule::kResourceManager);

}  // namespace ha::lrm
