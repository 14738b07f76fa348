#include "heartbeat/config/diagnostic.h"

#include <algorithm>

namespace ha::hb {

std::string format_diagnostic(const Diagnostic& d) {
    std::string out = d.file;
    if (d.line > 0) out += ":" + std::to_string(d.line);
    out += d.is_error() ? ": error: " : ": warning: ";
    out += d.message;
    return out;
}

bool has_errors(const Diagnostics& diags) {
    return std::any_of(diags.begin(), diags.end(),
                       [](const Diagnostic& d) { return d.is_error(); });
}

size_t count_errors(const Diagnostics& diags) {
    return static_cast<size_t>(std::count_if(diags.begin(), diags.end(),
                                             [](const Diagnostic& d) { return d.is_error(); }));
}

void DiagnosticSink::error(int line, std::string message) {
    diags_.push_back(Diagnostic{file_, line, Severity::kError, std::move(message)});
}

void DiagnosticSink::warning(int line, std::string message) {
    diags_.push_back(Diagnostic{file_, line, Severity::kWarning, std::move(message)});
}

bool DiagnosticSink::has_errors() const {
    return ha::hb::has_errors(diags_);
}

}  // namespace ha::hb
