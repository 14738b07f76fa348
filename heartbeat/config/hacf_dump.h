// The effective ha.cf: every directive with the value heartbeat would use,
// defaults filled in (like `heartbeat -D` plus what the file gives), then
// nodes, media, ping nodes, API authorisations, children, STONITH devices and
// environment. Used by ha_checkconf. STONITH parameters (which may hold
// passwords) are not printed.
#pragma once

#include <string>

#include "heartbeat/config/ha_cf.h"

namespace ha::hb {

std::string format_effective_ha_cf(const HaCf& cfg);

}  // namespace ha::hb
