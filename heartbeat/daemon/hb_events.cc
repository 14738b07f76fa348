#include "heartbeat/daemon/hb_events.h"

#include <cctype>
#include <set>

#include "heartbeat/msg/hb_fields.h"

namespace ha::hb {

namespace {
bool safe_type(std::string_view t) {
    if (t.empty() || t.size() > 64 || t[0] == '.') return false;
    for (char c : t)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
            return false;
    return true;
}
bool env_name(std::string_view n) {
    if (n.empty() || n.size() > 64) return false;
    for (char c : n)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    return true;
}
}  // namespace

std::optional<ChildSpec> event_script_for(
    const Message& msg, const EventContext& ctx,
    const std::function<bool(const std::string&)>& script_exists) {
    static const std::set<std::string, std::less<>> kNative = {
        std::string(kMsgStatus), std::string(kMsgAskResources), std::string(kMsgHbTakeover),
        std::string(kMsgIpRequest), std::string(kMsgIpRequestResp)};
    auto type = msg.get_string(kFieldT);
    if (!type || !safe_type(*type) || kNative.count(*type)) return std::nullopt;
    std::string script = ctx.ha_dir + "/rc.d/" + std::string(*type);
    if (!script_exists(script)) return std::nullopt;
    ChildSpec spec;
    spec.argv = {script, std::string(*type)};
    spec.inherit_env = true;
    spec.env = ctx.env;
    for (const auto& f : msg.fields()) {
        if (f.type != FieldType::kString) continue;
        if (!env_name(f.name)) continue;  // field names become variable names
        spec.env["HA_" + f.name] = f.bytes;
    }
    spec.env["HA_CURHOST"] = ctx.local_node;
    spec.env["HA_DIR"] = ctx.ha_dir;
    spec.env["HA_FUNCS"] = ctx.ha_dir + "/shellfuncs";
    spec.env["HA_debug"] = std::to_string(ctx.debug);
    if (ctx.nice_failback) spec.env["HA_NICEFAILBACK"] = "yes";
    spec.timeout = Millis(120000);
    spec.capture_output = true;
    return spec;
}

}  // namespace ha::hb
