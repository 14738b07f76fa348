#include "lrm/raexec/ra_command.h"

#include "heartbeat/plumb/strings.h"
#include "lrm/lib/op_duration.h"

extern char** environ;

namespace ha::lrm {

namespace {

constexpr std::string_view kReskeyPrefix = "OCF_RESKEY_";
constexpr std::string_view kResourcePrefix = "OCF_RESOURCE_";
constexpr std::string_view kMetaPrefix = "OCF_RESKEY_CRM_meta_";
constexpr const char* kCheckLevel = "OCF_CHECK_LEVEL";
constexpr const char* kDefaultPath = "/usr/sbin:/usr/bin:/sbin:/bin";

bool is_instance_variable(const std::string& name) {
    return starts_with(name, kReskeyPrefix) || starts_with(name, kResourcePrefix) ||
           name == kCheckLevel;
}

std::string meta_key(std::string name) {
    for (char& c : name) {
        if (c == '-') c = '_';
    }
    return std::string(kMetaPrefix) + name;
}

void add_ocf_env(const ResourceSpec& rsc, const OpOptions& options, const AgentLocation& where,
                 Env& env) {
    env["OCF_RA_VERSION_MAJOR"] = "1";
    env["OCF_RA_VERSION_MINOR"] = "0";
    env["OCF_ROOT"] = where.ocf_root;
    env["OCF_RESOURCE_INSTANCE"] = rsc.id;
    env["OCF_RESOURCE_TYPE"] = rsc.type;
    env["OCF_RESOURCE_PROVIDER"] = rsc.provider;
    for (const auto& [name, value] : rsc.params) {
        // Pacemaker passes the op attribute OCF_CHECK_LEVEL unprefixed.
        env[name == kCheckLevel ? name : std::string(kReskeyPrefix) + name] = value;
    }
    for (const auto& [name, value] : options.meta)
        env[meta_key(name)] = value;
    env[meta_key("timeout")] = format_op_ms(options.effective_timeout());
    env[meta_key("interval")] = format_op_ms(options.interval);
}

}  // namespace

std::string agent_op_word(RscClass rsc_class, OpName op) {
    if (op == OpName::kMonitor &&
        (rsc_class == RscClass::kLsb || rsc_class == RscClass::kHeartbeat)) {
        return op_name(OpName::kStatus);
    }
    return op_name(op);
}

AgentCommand build_command(const ResourceSpec& rsc, OpName op, const OpOptions& options,
                           const AgentLocation& where, const Env& base_env) {
    AgentCommand cmd;
    for (const auto& [name, value] : base_env) {
        if (!is_instance_variable(name)) cmd.env[name] = value;
    }
    if (!cmd.env.count("PATH")) cmd.env["PATH"] = kDefaultPath;
    for (const auto& [name, value] : options.extra_env)
        cmd.env[name] = value;

    cmd.argv.push_back(where.path);
    if (rsc.rsc_class == RscClass::kHeartbeat) {
        for (auto& arg : positional_args(rsc.params))
            cmd.argv.push_back(std::move(arg));
    }
    cmd.argv.push_back(agent_op_word(rsc.rsc_class, op));
    if (rsc.rsc_class == RscClass::kOcf) add_ocf_env(rsc, options, where, cmd.env);
    return cmd;
}

Env inherited_environment() {
    Env env;
    for (char** e = environ; e && *e; ++e) {
        std::string_view kv(*e);
        std::size_t eq = kv.find('=');
        if (eq == std::string_view::npos || eq == 0) continue;
        env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    }
    return env;
}

}  // namespace ha::lrm
