// /etc/ha.d/authkeys: the keys that sign and check cluster packets
// (reference section 2, doc/config-files.md). Lines are `auth N` (the
// outbound slot) and `N METHOD [KEY]` (slot definitions, N in 0..15, METHOD
// crc, md5, sha1 or our sha256). Output is the msg library's AuthConfig.
// Diagnostics never contain key material.
#pragma once

#include <string>
#include <string_view>

#include "heartbeat/config/diagnostic.h"
#include "heartbeat/msg/hb_auth.h"

namespace ha::hb {

struct AuthkeysResult {
    AuthConfig config;
    Diagnostics diagnostics;
    bool valid() const { return !has_errors(diagnostics); }
};

// Parses authkeys text; `filename` labels diagnostics.
AuthkeysResult parse_authkeys_text(std::string_view text, std::string_view filename);

// Heartbeat's permission rule: refused when group-read or other-read is set
// (write and execute bits are not checked, nor the owner).
bool authkeys_mode_ok(unsigned mode);

// Reads and parses the file, enforcing the permission rule.
AuthkeysResult parse_authkeys_file(const std::string& path);

}  // namespace ha::hb
