#include "lrm/lib/lrm_xml.h"

#include <climits>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "heartbeat/plumb/strings.h"

namespace ha::lrm::detail {

namespace {

struct ParserCtxtFree {
    void operator()(xmlParserCtxt* ctxt) const { xmlFreeParserCtxt(ctxt); }
};

const char* as_char(const xmlChar* s) {
    return reinterpret_cast<const char*>(s);
}

// The first error of a parse: libxml2 keeps only the last, which after a
// missing end tag is a vaguer "premature end of data".
struct FirstError {
    bool set = false;
    int line = 0;
    std::string message;
};

// libxml2's structured error callback; `data` is the parser context (its
// userData). A template so the signature follows the libxml2 version
// (xmlError* before 2.12, const xmlError* after).
template <typename ErrorPtr>
void record_first_error(void* data, ErrorPtr err) {
    auto* ctxt = static_cast<xmlParserCtxt*>(data);
    auto* first = ctxt ? static_cast<FirstError*>(ctxt->_private) : nullptr;
    if (!first || first->set || !err || err->level < XML_ERR_ERROR) return;
    first->set = true;
    first->line = err->line;
    first->message = err->message ? std::string(trim(err->message)) : "not well-formed XML";
}

}  // namespace

Result<XmlDocPtr> parse_xml(std::string_view text, std::string_view source) {
    std::string where(source.empty() ? "<xml>" : source);
    if (text.size() > static_cast<std::size_t>(INT_MAX)) {
        return Status(ErrorCode::kTooLarge, where + ": document too large");
    }
    if (trim(text).empty()) return invalid(where + ": empty document");
    xmlInitParser();
    std::unique_ptr<xmlParserCtxt, ParserCtxtFree> ctxt(xmlNewParserCtxt());
    if (!ctxt) return Status(ErrorCode::kInternal, where + ": cannot allocate an XML parser");
    FirstError first;
    ctxt->_private = &first;
    ctxt->sax->serror = record_first_error;
    // NOERROR/NOWARNING: nothing is printed; errors reach record_first_error.
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    XmlDocPtr doc(xmlCtxtReadMemory(ctxt.get(), text.data(), static_cast<int>(text.size()),
                                    where.c_str(), nullptr, options));
    if (!doc || !ctxt->wellFormed) {
        if (!first.set) {
            const xmlError* err = xmlCtxtGetLastError(ctxt.get());
            first.line = err ? err->line : 0;
            first.message = err && err->message ? std::string(trim(err->message))
                                                : std::string("not well-formed XML");
        }
        return invalid(where + ":" + std::to_string(first.line) + ": " + first.message);
    }
    if (!xmlDocGetRootElement(doc.get())) return invalid(where + ": no root element");
    return doc;
}

std::string_view element_name(const xmlNode* node) {
    if (!node || node->type != XML_ELEMENT_NODE) return {};
    return as_char(node->name);
}

std::vector<const xmlNode*> child_elements(const xmlNode* node, std::string_view name) {
    std::vector<const xmlNode*> out;
    if (!node) return out;
    for (const xmlNode* c = node->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (name.empty() || element_name(c) == name) out.push_back(c);
    }
    return out;
}

const xmlNode* first_child(const xmlNode* node, std::string_view name) {
    if (!node) return nullptr;
    for (const xmlNode* c = node->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && element_name(c) == name) return c;
    }
    return nullptr;
}

std::optional<std::string> attribute(const xmlNode* node, const char* name) {
    if (!node) return std::nullopt;
    xmlChar* v = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    if (!v) return std::nullopt;
    std::string s(as_char(v));
    xmlFree(v);
    return s;
}

std::string text_content(const xmlNode* node) {
    if (!node) return {};
    xmlChar* v = xmlNodeGetContent(node);
    if (!v) return {};
    std::string s(as_char(v));
    xmlFree(v);
    return s;
}

int line_of(const xmlNode* node) {
    return node ? static_cast<int>(xmlGetLineNo(node)) : 0;
}

namespace {

// Length of the valid UTF-8 sequence at text[i], 0 when invalid.
std::size_t utf8_length(std::string_view text, std::size_t i) {
    auto b = static_cast<unsigned char>(text[i]);
    std::size_t n = b < 0x80           ? 1
                    : (b >> 5) == 0x6  ? 2
                    : (b >> 4) == 0xe  ? 3
                    : (b >> 3) == 0x1e ? 4
                                       : 0;
    if (n == 0 || i + n > text.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return 0;
    }
    return n;
}

}  // namespace

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        char c = text[i];
        std::size_t n = utf8_length(text, i);
        if (n > 1) {
            out.append(text.substr(i, n));
            i += n;
            continue;
        }
        ++i;
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                // XML 1.0 allows no other control characters; invalid UTF-8
                // would make the document unreadable.
                bool control =
                    static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
                out += (n == 0 || control) ? '?' : c;
        }
    }
    return out;
}

}  // namespace ha::lrm::detail
