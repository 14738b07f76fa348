// The files under /var/lib/heartbeat and /var/run a node keeps across
// restarts: the generation number (hb_generation), the node uuid (hb_uuid)
// and the pid file. Formats are heartbeat 3.0.6's, so a node can switch
// between the two implementations and keep its identity.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

#include "heartbeat/membership/hb_core.h"
#include "heartbeat/plumb/status.h"

namespace ha::hb {

// hb_generation: the decimal generation right-aligned in 15 characters and a
// newline. Reads it, adds one, writes it back synchronously, returns the new
// value; a missing or unreadable file starts at `unix_now` + 1.
Result<uint64_t> next_generation(const std::string& path, int64_t unix_now);
std::string format_generation(uint64_t generation);
std::optional<uint64_t> parse_generation(const std::string& content);

// hb_uuid: 16 raw bytes; created with a random (version 4) uuid when absent.
Result<std::string> load_or_create_uuid(const std::string& path);
std::string uuid_to_text(const std::string& raw);  // canonical 36-character form

// The host caches (hostcache, delhostcache): one line per node,
// "name<TAB>uuid<TAB>weight<TAB>site"; older lines with only name and uuid,
// or no site, are accepted. A missing file is an empty cache.
Result<std::vector<CachedNode>> read_host_cache(const std::string& path);
std::string format_host_cache(const std::vector<CachedNode>& nodes);
// Written through "<path>.tmp" and a rename.
Status write_host_cache(const std::string& path, const std::vector<CachedNode>& nodes);

// The pid file. read_pid gives the pid of a live process only.
Status write_pid_file(const std::string& path, pid_t pid);
std::optional<pid_t> read_live_pid(const std::string& path);

}  // namespace ha::hb
