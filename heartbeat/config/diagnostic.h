// Problems found while reading configuration files (ha.cf, authkeys,
// haresources). Every problem names the file and line it comes from and is
// printed as `file:line: error: message` / `file:line: warning: message`, the
// shape compilers use, so editors can jump to it. Errors make a configuration
// unusable (heartbeat 3.0.6 would refuse to start); warnings do not.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ha::hb {

enum class Severity { kError, kWarning };

struct Diagnostic {
    std::string file;
    int line = 0;  // 1-based; 0 = the file as a whole
    Severity severity = Severity::kError;
    std::string message;

    bool is_error() const { return severity == Severity::kError; }
};

using Diagnostics = std::vector<Diagnostic>;

// "file:line: error: message"; without a line: "file: error: message".
std::string format_diagnostic(const Diagnostic& d);
bool has_errors(const Diagnostics& diags);
size_t count_errors(const Diagnostics& diags);

// Collects diagnostics for one file.
class DiagnosticSink {
  public:
    explicit DiagnosticSink(std::string file) : file_(std::move(file)) {}

    void error(int line, std::string message);
    void warning(int line, std::string message);

    const std::string& file() const { return file_; }
    const Diagnostics& diagnostics() const& { return diags_; }
    Diagnostics take() && { return std::move(diags_); }
    bool has_errors() const;

  private:
    std::string file_;
    Diagnostics diags_;
};

}  // namespace ha::hb
