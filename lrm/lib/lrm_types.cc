#include "lrm/lib/lrm_types.h"

#include <algorithm>
#include <array>
#include <utility>

#include "heartbeat/plumb/strings.h"

namespace ha::lrm {

namespace {

struct OpEntry {
    OpName op;
    const char* name;
};

constexpr std::array<OpEntry, 12> kOps = {{
    {OpName::kStart, "start"},
    {OpName::kStop, "stop"},
    {OpName::kMonitor, "monitor"},
    {OpName::kStatus, "status"},
    {OpName::kMetaData, "meta-data"},
    {OpName::kValidateAll, "validate-all"},
    {OpName::kPromote, "promote"},
    {OpName::kDemote, "demote"},
    {OpName::kNotify, "notify"},
    {OpName::kReload, "reload"},
    {OpName::kMigrateTo, "migrate_to"},
    {OpName::kMigrateFrom, "migrate_from"},
}};

// A name usable as one path component.
Status check_file_name(std::string_view field, std::string_view value) {
    if (value.empty()) return invalid(std::string(field) + " is empty");
    if (value == "." || value == ".." || value.find('/') != std::string_view::npos ||
        value.find('\0') != std::string_view::npos) {
        return invalid(std::string(field) + " \"" + printable(value) +
                       "\" is not a plain file name");
    }
    return Status::ok();
}

}  // namespace

const char* rsc_class_name(RscClass rsc_class) {
    switch (rsc_class) {
        case RscClass::kOcf:
            return "ocf";
        case RscClass::kLsb:
            return "lsb";
        case RscClass::kHeartbeat:
            return "heartbeat";
        case RscClass::kStonith:
            return "stonith";
    }
    return "unknown";
}

std::optional<RscClass> parse_rsc_class(std::string_view text) {
    for (RscClass c : {RscClass::kOcf, RscClass::kLsb, RscClass::kHeartbeat, RscClass::kStonith}) {
        if (text == rsc_class_name(c)) return c;
    }
    return std::nullopt;
}

const char* op_name(OpName op) {
    for (const OpEntry& e : kOps) {
        if (e.op == op) return e.name;
    }
    return "unknown";
}

std::optional<OpName> parse_op_name(std::string_view text) {
    for (const OpEntry& e : kOps) {
        if (text == e.name) return e.op;
    }
    return std::nullopt;
}

ResourceSpec ResourceSpec::ocf(std::string id, std::string provider, std::string type,
                               Params params) {
    ResourceSpec r;
    r.id = std::move(id);
    r.rsc_class = RscClass::kOcf;
    r.provider = std::move(provider);
    r.type = std::move(type);
    r.params = std::move(params);
    return r;
}

ResourceSpec ResourceSpec::lsb(std::string id, std::string type) {
    ResourceSpec r;
    r.id = std::move(id);
    r.rsc_class = RscClass::kLsb;
    r.type = std::move(type);
    return r;
}

ResourceSpec ResourceSpec::heartbeat(std::string id, std::string type,
                                     const std::vector<std::string>& args) {
    ResourceSpec r;
    r.id = std::move(id);
    r.rsc_class = RscClass::kHeartbeat;
    r.type = std::move(type);
    for (std::size_t i = 0; i < args.size(); ++i)
        r.params[std::to_string(i + 1)] = args[i];
    return r;
}

Status ResourceSpec::validate() const {
    HA_RETURN_IF_ERROR(check_file_name("type", type));
    if (rsc_class == RscClass::kOcf) HA_RETURN_IF_ERROR(check_file_name("provider", provider));
    for (const auto& [name, value] : params) {
        if (name.empty()) return invalid("parameter with an empty name");
        if (name.find('=') != std::string::npos || name.find('\0') != std::string::npos) {
            return invalid("parameter name \"" + printable(name) + "\" cannot be passed");
        }
        if (value.find('\0') != std::string::npos) {
            return invalid("parameter " + name + ": value contains a NUL byte");
        }
    }
    return Status::ok();
}

std::vector<std::string> positional_args(const Params& params) {
    std::vector<std::pair<std::uint64_t, const std::string*>> numbered;
    for (const auto& [name, value] : params) {
        // Decimal digits only: "1", "2", ... ("01" counts as 1; "0" and "+1" do not).
        if (name.empty() || name.size() > 9 ||
            !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            continue;
        }
        std::uint64_t n = *parse_uint(name);
        if (n > 0) numbered.emplace_back(n, &value);
    }
    std::stable_sort(numbered.begin(), numbered.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> args;
    args.reserve(numbered.size());
    for (const auto& n : numbered)
        args.push_back(*n.second);
    return args;
}

}  // namespace ha::lrm
