// The LRM's vocabulary as typed values: resource-agent classes, operation
// names and the resource an operation runs on (doc/lrm-raexec.md). Pure
// (ha_lrm links ha_core only); the v1 resource manager, the lrmd and the
// tools all speak these types.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heartbeat/plumb/status.h"

namespace ha::lrm {

// Resource-agent classes. kStonith is reserved: it names the class, but
// fencing devices run through the fencing daemon, not RaExec.
enum class RscClass { kOcf, kLsb, kHeartbeat, kStonith };

// "ocf", "lsb", "heartbeat", "stonith".
const char* rsc_class_name(RscClass rsc_class);
// Exact (lower-case) class names, as in the CIB's `class` attribute.
std::optional<RscClass> parse_rsc_class(std::string_view text);

// Operation names as agents receive them (OCF RA API 1.0 plus Pacemaker's
// migrate_to/migrate_from).
enum class OpName {
    kStart,
    kStop,
    kMonitor,
    kStatus,
    kMetaData,
    kValidateAll,
    kPromote,
    kDemote,
    kNotify,
    kReload,
    kMigrateTo,
    kMigrateFrom,
};

// "start", "meta-data", "validate-all", "migrate_to" ...
const char* op_name(OpName op);
std::optional<OpName> parse_op_name(std::string_view text);

// Instance attributes: name -> value. Ordered, so environments and argument
// lists come out in a stable order.
using Params = std::map<std::string, std::string>;

// One resource as the LRM knows it: what to run, with which parameters.
struct ResourceSpec {
    std::string id;  // resource id ("db:0" for clone instances); OCF_RESOURCE_INSTANCE
    RscClass rsc_class = RscClass::kOcf;
    std::string provider;  // OCF only ("heartbeat", "pacemaker"...)
    std::string type;      // agent file name: "IPaddr2", "apache", "httpd"
    Params params;         // ocf: OCF_RESKEY_<name>; lsb/heartbeat: positional "1", "2"...

    static ResourceSpec ocf(std::string id, std::string provider, std::string type,
                            Params params = {});
    static ResourceSpec lsb(std::string id, std::string type);
    // A haresources resource `Type::arg1::arg2`: args become params "1", "2"...
    static ResourceSpec heartbeat(std::string id, std::string type,
                                  const std::vector<std::string>& args = {});

    // Checks what the runner relies on: a type (and, for OCF, a provider)
    // that is a plain file name (no '/', not "." or ".."); parameter names
    // usable in an environment (non-empty, no '=' or NUL); no NUL in values.
    // The message names the field.
    Status validate() const;
};

// The positional arguments of a heartbeat-class (or LSB) resource: the
// values of the parameters whose names are decimal numbers ("1", "2", ...),
// in numeric order, gaps skipped. Other parameters are ignored.
std::vector<std::string> positional_args(const Params& params);

}  // namespace ha::lrm
