#include "lrm/lib/ocf_metadata.h"

#include "heartbeat/plumb/strings.h"
#include "lrm/lib/lrm_xml.h"
#include "lrm/lib/op_duration.h"

namespace ha::lrm {

namespace {

using detail::attribute;
using detail::child_elements;
using detail::first_child;
using detail::line_of;

// Element and attribute names of ra-api-1.dtd.
constexpr const char* kRoot = "resource-agent";
constexpr const char* kVersion = "version";
constexpr const char* kShortdesc = "shortdesc";
constexpr const char* kLongdesc = "longdesc";
constexpr const char* kParameters = "parameters";
constexpr const char* kParameter = "parameter";
constexpr const char* kContent = "content";
constexpr const char* kActions = "actions";
constexpr const char* kAction = "action";
constexpr const char* kDeprecated = "deprecated";
constexpr const char* kAttrName = "name";
constexpr const char* kAttrVersion = "version";
constexpr const char* kAttrLang = "lang";
constexpr const char* kAttrRequired = "required";
constexpr const char* kAttrUnique = "unique";
constexpr const char* kAttrReloadable = "reloadable";
constexpr const char* kAttrDeprecated = "deprecated";
constexpr const char* kAttrType = "type";
constexpr const char* kAttrDefault = "default";
constexpr const char* kAttrTimeout = "timeout";
constexpr const char* kAttrInterval = "interval";
constexpr const char* kAttrStartDelay = "start-delay";
constexpr const char* kAttrDepth = "depth";
constexpr const char* kAttrRole = "role";

// Reports problems as "<source>:<line>: <element ...>: what".
class Reporter {
  public:
    explicit Reporter(std::string_view source) : source_(source) {}
    Status error(const xmlNode* node, const std::string& element, const std::string& what) const {
        return invalid(source_ + ":" + std::to_string(line_of(node)) + ": " + element + ": " +
                       what);
    }

  private:
    std::string source_;
};

// The description in English (lang="en" or no lang), else the first one.
std::string description(const xmlNode* parent, const char* tag) {
    const xmlNode* chosen = nullptr;
    for (const xmlNode* d : child_elements(parent, tag)) {
        auto lang = attribute(d, kAttrLang);
        if (!lang || *lang == "en") {
            chosen = d;
            break;
        }
        if (!chosen) chosen = d;
    }
    return std::string(trim(detail::text_content(chosen)));
}

std::string tag_of(const char* element, const std::optional<std::string>& name) {
    std::string t = std::string("<") + element;
    if (name) t += " name=\"" + printable(*name) + "\"";
    return t + ">";
}

Status read_flag(const Reporter& rep, const xmlNode* node, const std::string& tag, const char* attr,
                 bool& out) {
    auto v = attribute(node, attr);
    if (!v) return Status::ok();
    auto b = parse_bool(trim(*v));
    if (!b)
        return rep.error(node, tag, std::string(attr) + " \"" + printable(*v) + "\" is not 0 or 1");
    out = *b;
    return Status::ok();
}

Status read_duration(const Reporter& rep, const xmlNode* node, const std::string& tag,
                     const char* attr, std::optional<Millis>& out) {
    auto v = attribute(node, attr);
    if (!v) return Status::ok();
    out = parse_op_duration(*v);
    if (!out) {
        return rep.error(node, tag,
                         std::string(attr) + " \"" + printable(*v) + "\" is not a duration");
    }
    return Status::ok();
}

Result<RaParameter> read_parameter(const Reporter& rep, const xmlNode* node) {
    RaParameter p;
    p.line = line_of(node);
    auto name = attribute(node, kAttrName);
    std::string tag = tag_of(kParameter, name);
    if (!name || trim(*name).empty()) return rep.error(node, tag, "no name");
    p.name = *name;
    HA_RETURN_IF_ERROR(read_flag(rep, node, tag, kAttrRequired, p.required));
    HA_RETURN_IF_ERROR(read_flag(rep, node, tag, kAttrUnique, p.unique));
    HA_RETURN_IF_ERROR(read_flag(rep, node, tag, kAttrDeprecated, p.deprecated));
    if (first_child(node, kDeprecated)) p.deprecated = true;
    if (attribute(node, kAttrReloadable)) {
        bool reloadable = false;
        HA_RETURN_IF_ERROR(read_flag(rep, node, tag, kAttrReloadable, reloadable));
        p.reloadable = reloadable;
    }
    if (const xmlNode* content = first_child(node, kContent)) {
        if (auto type = attribute(content, kAttrType); type && !trim(*type).empty()) {
            p.type = std::string(trim(*type));
        }
        p.default_value = attribute(content, kAttrDefault);
    }
    p.shortdesc = description(node, kShortdesc);
    p.longdesc = description(node, kLongdesc);
    return p;
}

Result<RaAction> read_action(const Reporter& rep, const xmlNode* node) {
    RaAction a;
    a.line = line_of(node);
    auto name = attribute(node, kAttrName);
    std::string tag = tag_of(kAction, name);
    if (!name || trim(*name).empty()) return rep.error(node, tag, "no name");
    a.name = *name;
    a.op = parse_op_name(a.name);
    HA_RETURN_IF_ERROR(read_duration(rep, node, tag, kAttrTimeout, a.timeout));
    HA_RETURN_IF_ERROR(read_duration(rep, node, tag, kAttrInterval, a.interval));
    HA_RETURN_IF_ERROR(read_duration(rep, node, tag, kAttrStartDelay, a.start_delay));
    if (auto depth = attribute(node, kAttrDepth)) {
        auto d = parse_int(trim(*depth));
        if (!d || *d < 0 || *d > 1000000) {
            return rep.error(node, tag, "depth \"" + printable(*depth) + "\" is not a number");
        }
        a.depth = static_cast<int>(*d);
    }
    a.role = attribute(node, kAttrRole).value_or("");
    return a;
}

}  // namespace

const RaParameter* RaMetadata::parameter(std::string_view wanted) const {
    for (const RaParameter& p : parameters) {
        if (p.name == wanted) return &p;
    }
    return nullptr;
}

const RaAction* RaMetadata::action(std::string_view wanted, std::optional<Millis> interval) const {
    for (const RaAction& a : actions) {
        if (a.name != wanted) continue;
        if (interval && a.interval.value_or(Millis(0)) != *interval) continue;
        return &a;
    }
    return nullptr;
}

Result<RaMetadata> parse_ocf_metadata(std::string_view xml, std::string_view source) {
    auto doc = detail::parse_xml(xml, source);
    if (!doc.is_ok()) return doc.status();
    Reporter rep(source.empty() ? "meta-data" : source);
    const xmlNode* root = xmlDocGetRootElement(doc->get());
    if (detail::element_name(root) != kRoot) {
        return rep.error(root, "<" + std::string(detail::element_name(root)) + ">",
                         "root element is not <resource-agent>");
    }
    RaMetadata md;
    auto name = attribute(root, kAttrName);
    if (!name || trim(*name).empty()) return rep.error(root, "<resource-agent>", "no name");
    md.name = *name;
    md.version = attribute(root, kAttrVersion).value_or("");
    if (const xmlNode* v = first_child(root, kVersion)) {
        md.api_version = std::string(trim(detail::text_content(v)));
    }
    md.shortdesc = description(root, kShortdesc);
    md.longdesc = description(root, kLongdesc);

    for (const xmlNode* params : child_elements(root, kParameters)) {
        for (const xmlNode* p : child_elements(params, kParameter)) {
            auto parsed = read_parameter(rep, p);
            if (!parsed.is_ok()) return parsed.status();
            if (md.parameter(parsed->name)) {
                return rep.error(p, tag_of(kParameter, parsed->name), "defined twice");
            }
            md.parameters.push_back(std::move(*parsed));
        }
    }
    for (const xmlNode* actions : child_elements(root, kActions)) {
        for (const xmlNode* a : child_elements(actions, kAction)) {
            auto parsed = read_action(rep, a);
            if (!parsed.is_ok()) return parsed.status();
            md.actions.push_back(std::move(*parsed));
        }
    }
    return md;
}

}  // namespace ha::lrm
