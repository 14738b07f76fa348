#include "lrm/lib/synth_metadata.h"

#include <array>
#include <utility>

#include "heartbeat/plumb/strings.h"
#include "lrm/lib/lrm_xml.h"

namespace ha::lrm {

namespace {

using detail::xml_escape;

constexpr std::string_view kBegin = "### BEGIN INIT INFO";
constexpr std::string_view kEnd = "### END INIT INFO";
constexpr int kHeartbeatPositionalParams = 5;
constexpr std::array<const char*, 5> kOrdinals = {"first", "second", "third", "fourth", "fifth"};

std::string header_prolog(std::string_view type, std::string_view version_attr) {
    std::string x = "<?xml version=\"1.0\"?>\n<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">\n";
    x += "<resource-agent name=\"" + xml_escape(type) + "\"";
    if (!version_attr.empty()) x += " version=\"" + std::string(version_attr) + "\"";
    x += ">\n<version>1.0</version>\n";
    return x;
}

}  // namespace

std::string heartbeat_metadata_xml(std::string_view type) {
    std::string t = xml_escape(type);
    std::string x = header_prolog(type, "");
    x += "<longdesc lang=\"en\">\n" + t + "</longdesc>\n";
    x += "<shortdesc lang=\"en\">" + t + "</shortdesc>\n<parameters>\n";
    for (int i = 1; i <= kHeartbeatPositionalParams; ++i) {
        std::string n = std::to_string(i);
        x += "<parameter name=\"" + n + "\" unique=\"1\" required=\"0\">\n";
        x += "<longdesc lang=\"en\">\nThis argument will be passed as the ";
        x += std::string(kOrdinals[static_cast<std::size_t>(i - 1)]) +
             " argument to the heartbeat resource agent (assuming it supports one)\n</longdesc>\n";
        x += "<shortdesc lang=\"en\">argv[" + n + "]</shortdesc>\n";
        x += "<content type=\"string\" default=\" \" />\n</parameter>\n";
    }
    x += "</parameters>\n<actions>\n";
    x += "<action name=\"start\"   timeout=\"15\" />\n";
    x += "<action name=\"stop\"    timeout=\"15\" />\n";
    x += "<action name=\"status\"  timeout=\"15\" />\n";
    x += "<action name=\"monitor\" timeout=\"15\" interval=\"15\" start-delay=\"15\" />\n";
    x += "<action name=\"meta-data\"  timeout=\"5\" />\n";
    x += "</actions>\n<special tag=\"heartbeat\">\n</special>\n</resource-agent>\n";
    return x;
}

LsbHeader parse_lsb_header(std::string_view script) {
    LsbHeader h;
    const std::array<std::pair<std::string_view, std::string*>, 9> fields = {{
        {"Provides:", &h.provides},
        {"Required-Start:", &h.required_start},
        {"Required-Stop:", &h.required_stop},
        {"Should-Start:", &h.should_start},
        {"Should-Stop:", &h.should_stop},
        {"Default-Start:", &h.default_start},
        {"Default-Stop:", &h.default_stop},
        {"Short-Description:", &h.short_description},
        {"Description:", &h.description},
    }};
    bool inside = false;
    bool in_description = false;
    std::size_t pos = 0;
    while (pos < script.size()) {
        std::size_t end = script.find('\n', pos);
        if (end == std::string_view::npos) end = script.size();
        std::string_view line = script.substr(pos, end - pos);
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!inside) {
            inside = starts_with(line, kBegin);
            continue;
        }
        if (starts_with(line, kEnd) || !starts_with(line, "#")) break;
        std::string_view body = line.substr(1);
        // "#<tab>more" or "#  more": a continuation of Description.
        if (in_description && (starts_with(body, "\t") || starts_with(body, "  "))) {
            h.description += "\n" + std::string(trim(body));
            continue;
        }
        in_description = false;
        body = trim(body);
        for (const auto& [key, target] : fields) {
            if (!starts_with(body, key)) continue;
            *target = std::string(trim(body.substr(key.size())));
            in_description = target == &h.description;
            break;
        }
    }
    return h;
}

std::string lsb_metadata_xml(std::string_view type, const LsbHeader& h) {
    std::string x = header_prolog(type, "1.0");
    std::string shortdesc = h.short_description.empty() ? std::string(type) : h.short_description;
    std::string longdesc = h.description.empty() ? shortdesc : h.description;
    x += "<longdesc lang=\"en\">\n" + xml_escape(longdesc) + "\n</longdesc>\n";
    x += "<shortdesc lang=\"en\">" + xml_escape(shortdesc) + "</shortdesc>\n";
    x += "<parameters>\n</parameters>\n<actions>\n";
    x += "<action name=\"meta-data\"    timeout=\"5\" />\n";
    x += "<action name=\"start\"        timeout=\"15\" />\n";
    x += "<action name=\"stop\"         timeout=\"15\" />\n";
    x += "<action name=\"status\"       timeout=\"15\" />\n";
    x += "<action name=\"restart\"      timeout=\"15\" />\n";
    x += "<action name=\"force-reload\" timeout=\"15\" />\n";
    x += "<action name=\"monitor\"      timeout=\"15\" interval=\"15\" />\n";
    x += "</actions>\n<special tag=\"LSB\">\n";
    const std::array<std::pair<const char*, const std::string*>, 7> special = {{
        {"Provides", &h.provides},
        {"Required-Start", &h.required_start},
        {"Required-Stop", &h.required_stop},
        {"Should-Start", &h.should_start},
        {"Should-Stop", &h.should_stop},
        {"Default-Start", &h.default_start},
        {"Default-Stop", &h.default_stop},
    }};
    for (const auto& [tag, value] : special) {
        x += "  <" + std::string(tag) + ">" + xml_escape(*value) + "</" + tag + ">\n";
    }
    x += "</special>\n</resource-agent>\n";
    return x;
}

}  // namespace ha::lrm
