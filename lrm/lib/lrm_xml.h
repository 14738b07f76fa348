// The few libxml2 pieces the LRM needs to read agent meta-data: an owning
// document pointer, a parse that reports the line of the first error instead
// of printing to stderr, and child/attribute/text accessors. Internal to
// lrm/lib (crm/common has its own XML layer for the CIB).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <libxml/tree.h>

#include "heartbeat/plumb/status.h"

namespace ha::lrm::detail {

struct XmlDocFree {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

// Parses `text` without network access, DTD loading or entity expansion.
// The error names `source`, the line and libxml2's message.
Result<XmlDocPtr> parse_xml(std::string_view text, std::string_view source);

// The element's name ("" for non-elements).
std::string_view element_name(const xmlNode* node);
// Element children, all or those named `name`.
std::vector<const xmlNode*> child_elements(const xmlNode* node, std::string_view name = {});
const xmlNode* first_child(const xmlNode* node, std::string_view name);
std::optional<std::string> attribute(const xmlNode* node, const char* name);
// The concatenated text content of the element and its descendants.
std::string text_content(const xmlNode* node);
int line_of(const xmlNode* node);

// Escapes &, <, >, " and ' for text and attribute values; control characters
// (but tab and newlines) and invalid UTF-8 bytes become "?".
std::string xml_escape(std::string_view text);

}  // namespace ha::lrm::detail
