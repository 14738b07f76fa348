#include "heartbeat/config/authkeys.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

#include "heartbeat/plumb/strings.h"

namespace ha::hb {

namespace {

constexpr std::string_view kWhitespace = " \t\n\r\f\v";

// A cursor with sscanf-like steps: authkeys is read with sscanf in heartbeat.
struct Scanner {
    std::string_view s;
    void skip_ws() {
        size_t n = s.find_first_not_of(kWhitespace);
        s.remove_prefix(n == std::string_view::npos ? s.size() : n);
    }
    // %d: optional sign and at least one digit.
    std::optional<long long> integer() {
        skip_ws();
        size_t i = 0;
        bool neg = false;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
        size_t start = i;
        long long v = 0;
        for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i)
            if (v < 1'000'000'000LL) v = v * 10 + (s[i] - '0');
        if (i == start) return std::nullopt;
        s.remove_prefix(i);
        return neg ? -v : v;
    }
    // %s: a whitespace-free word.
    std::string_view word() {
        skip_ws();
        size_t n = std::min(s.find_first_of(kWhitespace), s.size());
        std::string_view w = s.substr(0, n);
        s.remove_prefix(n);
        return w;
    }
    std::string_view rest() {
        skip_ws();
        return s;
    }
};

bool ignorable_tail(std::string_view tail) {
    return tail.empty() || tail.front() == '#';
}

struct SlotLine {
    int line = 0;
    bool valid = false;
};

}  // namespace

AuthkeysResult parse_authkeys_text(std::string_view text, std::string_view filename) {
    AuthkeysResult out;
    DiagnosticSink sink{std::string(filename)};
    int auth_line = 0;
    int active = -1;
    int active_slot_line = 0;                    // slot line selected after the auth line
    std::array<SlotLine, kMaxAuthSlots> seen{};  // last definition of each slot

    int line = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        size_t end = nl == std::string_view::npos ? text.size() : nl;
        std::string_view raw = text.substr(pos, end - pos);
        pos = end + 1;
        ++line;
        Scanner sc{raw};
        sc.skip_ws();
        if (sc.s.empty() || sc.s.front() == '#') continue;

        if (sc.s.front() == 'a') {
            std::optional<long long> n;
            if (starts_with(sc.s, "auth")) {
                sc.s.remove_prefix(4);
                n = sc.integer();
            }
            if (!n) {
                sink.error(
                    line, "Auth line [" + printable(trim(raw)) + "] is invalid: expected 'auth N'");
                continue;
            }
            if (!ignorable_tail(sc.rest()))
                sink.warning(line, "text after 'auth " + std::to_string(*n) + "' is ignored");
            if (auth_line > 0)
                sink.warning(line, "auth given again (first on line " + std::to_string(auth_line) +
                                       "); this one counts");
            auth_line = line;
            active = static_cast<int>(std::max(-1LL, std::min(*n, 1000LL)));
            active_slot_line = 0;
            continue;
        }

        auto index = sc.integer();
        std::string_view method_name = sc.word();
        if (!index || method_name.empty()) {
            sink.error(line, "Auth line [" + printable(trim(raw)) +
                                 "] is invalid: expected 'auth N' or 'N METHOD [KEY]'");
            continue;
        }
        if (*index < 0 || *index >= kMaxAuthSlots) {
            sink.error(line, "Invalid authnum [" + std::to_string(*index) + "]: slots are 0..15");
            continue;
        }
        auto method = auth_method_from_name(method_name);
        if (!method) {
            std::string hint;
            if (auth_method_from_name(to_lower(method_name)))
                hint = " (method names are case-sensitive: use " + to_lower(method_name) + ")";
            sink.error(line, "Invalid authtype [" + printable(method_name) +
                                 "]: expected crc, md5, sha1 or sha256" + hint);
            continue;
        }
        std::string_view key = sc.word();
        std::string_view tail = sc.rest();
        const int slot = static_cast<int>(*index);
        const std::string mname(auth_method_name(*method));
        if (!auth_method_needs_key(*method) && !key.empty()) {
            sink.error(line, "Auth method [" + mname + "] doesn't use a key (slot " +
                                 std::to_string(slot) + ")");
            continue;
        }
        if (auth_method_needs_key(*method) && key.empty()) {
            sink.error(line, "Auth method [" + mname + "] requires a key (slot " +
                                 std::to_string(slot) + ")");
            continue;
        }
        if (!ignorable_tail(tail)) {
            sink.warning(line, "the key of slot " + std::to_string(slot) +
                                   " is its first word only; " +
                                   std::to_string(split_tokens(tail, kWhitespace).size()) +
                                   " more word(s) on the line are ignored");
        }
        if (*method == AuthMethod::kSha256) {
            sink.warning(line,
                         "sha256 is a heartbeat-ng extension: heartbeat 3.0.6 nodes refuse "
                         "this file and cannot check sha256 packets");
        }
        if (seen[size_t(slot)].valid) {
            sink.warning(line, "slot " + std::to_string(slot) + " defined again (first on line " +
                                   std::to_string(seen[size_t(slot)].line) +
                                   "); this definition replaces it");
        }
        seen[size_t(slot)] = SlotLine{line, true};
        out.config.slots[size_t(slot)] = AuthSlot{*method, std::string(key)};
        if (auth_line > 0 && slot == active) active_slot_line = line;
    }

    if (auth_line == 0) {
        sink.error(0, "Missing auth directive ('auth N' selecting the signing slot)");
    } else if (active_slot_line == 0) {
        std::string why;
        if (active >= 0 && active < kMaxAuthSlots && seen[size_t(active)].valid) {
            why = ": slot " + std::to_string(active) + " is defined on line " +
                  std::to_string(seen[size_t(active)].line) +
                  ", before the auth line; heartbeat only finds slots defined after it";
        }
        sink.error(auth_line, "Auth Key [" + std::to_string(active) + "] not found" + why);
    } else {
        out.config.active = active;
    }
    out.diagnostics = std::move(sink).take();
    return out;
}

bool authkeys_mode_ok(unsigned mode) {
    return (mode & (S_IRGRP | S_IROTH)) == 0;
}

AuthkeysResult parse_authkeys_file(const std::string& path) {
    struct stat st {};
    std::ifstream in(path, std::ios::binary);
    if (!in || ::stat(path.c_str(), &st) != 0) {
        AuthkeysResult out;
        out.diagnostics.push_back(Diagnostic{path, 0, Severity::kError,
                                             "Cannot open keyfile: no such file or not readable"});
        return out;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    AuthkeysResult out = parse_authkeys_text(ss.str(), path);
    if (!authkeys_mode_ok(st.st_mode)) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        out.diagnostics.insert(out.diagnostics.begin(),
                               Diagnostic{path, 0, Severity::kError,
                                          std::string("Bad permissions on keyfile (mode ") + mode +
                                              "): group or others may read it; 600 recommended"});
    }
    return out;
}

}  // namespace ha::hb
