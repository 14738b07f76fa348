// ha.cf whole-line directives: stonith, stonith_host, apiauth, respawn,
// failfast. Users, groups and programs are checked against the machine in
// hacf_host.cc.
#include "heartbeat/config/hacf_keywords.h"
#include "heartbeat/config/hacf_parser.h"
#include "heartbeat/plumb/strings.h"

namespace ha::hb::detail {

namespace k = hacf;

namespace {

constexpr std::string_view kWhitespace = " \t\n\r\f\v";

// Splits "first rest-of-line" at the first whitespace run.
std::pair<std::string_view, std::string_view> first_word(std::string_view s) {
    s = trim(s);
    size_t end = std::min(s.find_first_of(kWhitespace), s.size());
    return {s.substr(0, end), trim(s.substr(end))};
}

}  // namespace

// ---- whole-line directives ------------------------------------------------

void HaCfParser::parse_stonith(std::string_view rest, int line) {
    auto [type, file] = first_word(rest);
    if (type.empty()) {
        sink_.error(line, "stonith: no STONITH type given (expected: stonith TYPE CONFIGFILE)");
        return;
    }
    if (file.empty()) {
        sink_.error(line, "stonith " + printable(type) + ": no configuration file given");
        return;
    }
    cfg_.stonith.push_back(StonithDevice{"", std::string(type), std::string(file), "", line});
}

void HaCfParser::parse_stonith_host(std::string_view rest, int line) {
    auto [host, after_host] = first_word(rest);
    auto [type, params] = first_word(after_host);
    if (host.empty()) {
        sink_.error(line,
                    "stonith_host: no host given (expected: stonith_host HOST TYPE "
                    "PARAMS...)");
        return;
    }
    if (type.empty()) {
        sink_.error(line, "stonith_host " + printable(host) + ": no STONITH type given");
        return;
    }
    cfg_.stonith.push_back(
        StonithDevice{to_lower(host), std::string(type), "", std::string(params), line});
}

bool HaCfParser::add_apiauth(ApiAuth auth, int line, std::string_view text) {
    if (const ApiAuth* prev = cfg_.find_apiauth(auth.client)) {
        std::string origin = prev->builtin ? "one implied by pacemaker on line " : "one on line ";
        sink_.error(line, "Duplicate apiauth directive for API client " + printable(auth.client) +
                              " [" + printable(text) + "]: " + origin + std::to_string(prev->line) +
                              " already exists");
        return false;
    }
    cfg_.apiauth.push_back(std::move(auth));
    return true;
}

void HaCfParser::parse_apiauth(std::string_view rest, int line) {
    std::vector<std::string> t = split_tokens(rest, kWhitespace);
    const std::string syntax = " (expected: apiauth CLIENT [uid=u1,u2] [gid=g1,g2])";
    if (t.empty()) {
        sink_.error(line, "Invalid apiauth directive: no client name" + syntax);
        return;
    }
    ApiAuth a;
    a.client = t[0];
    a.line = line;
    bool have_uid = false, have_gid = false;
    for (size_t i = 1; i < t.size(); ++i) {
        std::string_view tok = t[i];
        bool is_uid = starts_with(tok, k::kUidPrefix);
        bool is_gid = starts_with(tok, k::kGidPrefix);
        if (!is_uid && !is_gid) {
            sink_.error(line, "Invalid apiauth directive for " + printable(a.client) + ": '" +
                                  printable(tok) + "' is neither uid= nor gid=" + syntax);
            return;
        }
        bool& have = is_uid ? have_uid : have_gid;
        if (have) {
            sink_.error(line, std::string("Duplicate ") + (is_uid ? "uid" : "gid") +
                                  " list in apiauth for " + printable(a.client));
            return;
        }
        have = true;
        auto ids = split_tokens(tok.substr(4), ",");
        if (ids.empty()) {
            sink_.warning(line, std::string("empty ") + (is_uid ? "uid" : "gid") +
                                    " list in apiauth for " + printable(a.client));
        }
        (is_uid ? a.uids : a.gids) = std::move(ids);
    }
    if (!have_uid && !have_gid) {
        sink_.error(line, "Invalid apiauth directive for " + printable(a.client) +
                              ": one of uid= or gid= must be given" + syntax);
        return;
    }
    add_apiauth(std::move(a), line, trim(rest));
}

void HaCfParser::parse_respawn(std::string_view rest, int line) {
    parse_child(rest, line, false);
}

void HaCfParser::parse_failfast(std::string_view rest, int line) {
    parse_child(rest, line, true);
}

void HaCfParser::parse_child(std::string_view rest, int line, bool failfast) {
    const char* directive = failfast ? "failfast" : "respawn";
    auto [user, command] = first_word(rest);
    if (user.empty()) {
        sink_.error(line, std::string(directive) + ": expected USER /full/path [args]");
        return;
    }
    if (user.size() >= 64) {
        sink_.error(line, std::string(directive) + ": user name is too long");
        return;
    }
    if (command.empty() || command.front() != '/') {
        sink_.error(line, std::string(directive) + ": command [" + printable(command) +
                              "] is not a full path name");
        return;
    }
    ChildProcess c;
    c.user = std::string(user);
    c.command = std::string(command);
    c.path = std::string(first_word(command).first);
    c.failfast = failfast;
    c.line = line;
    cfg_.children.push_back(std::move(c));
}

}  // namespace ha::hb::detail
