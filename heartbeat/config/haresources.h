// /etc/ha.d/haresources, the v1 resource groups (reference section 6.1):
//   node rsc1 rsc2::arg1::arg2 10.0.0.1/24/eth0
// `#` starts a comment, a trailing backslash continues the line, spaces and
// tabs separate tokens. A bare dotted quad (optionally with /suffix) is
// shorthand for IPaddr::<token>. Heartbeat 3.0.6 only checks the node names
// when it starts; we additionally warn about what will fail later.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "heartbeat/config/diagnostic.h"
#include "heartbeat/config/ha_cf.h"

namespace ha::hb {

struct HaResource {
    std::string token;  // as written: "IPaddr::10.0.0.1/24" or "10.0.0.1/24"
    std::string name;   // script name: "IPaddr"
    std::vector<std::string> args;
};

struct ResourceGroup {
    std::string node;  // preferred node, lower-cased
    std::vector<HaResource> resources;
    int line = 0;  // first physical line of the group

    // The group key: its first resource token (used by ip-request, takegroup).
    std::string key() const { return resources.empty() ? std::string() : resources.front().token; }
};

struct HaresourcesResult {
    std::vector<ResourceGroup> groups;
    Diagnostics diagnostics;
    bool valid() const { return !has_errors(diagnostics); }
};

HaresourcesResult parse_haresources(std::string_view text, std::string_view filename);

// Parses one resource token (IP shorthand included); nullopt when malformed.
std::optional<HaResource> parse_resource_token(std::string_view token);

// Heartbeat's start-up check: every group's preferred node is a node of ha.cf.
Diagnostics check_haresources_nodes(const std::vector<ResourceGroup>& groups, const HaCf& cfg,
                                    std::string_view filename);

}  // namespace ha::hb
