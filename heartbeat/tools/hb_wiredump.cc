// hb_wiredump: print heartbeat packets field by field and check their
// authentication, from raw UDP payload files or from pcap captures.
//
//   hb_wiredump [--authkeys FILE] [--pcap] FILE...
//
// Per packet: a "== ..." header (file; for pcap also record number and
// addresses), one "name=value" line per field (doc/wire-format.md), and a
// last line "auth: ok (<method> key <n>)", "auth: BAD" or "auth: none".
// Exit status: 0 every packet parsed (and, with --authkeys, authenticated);
// 1 some packet did not; 2 usage error or a file that cannot be read.
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "heartbeat/config/authkeys.h"
#include "heartbeat/msg/hb_auth.h"
#include "heartbeat/msg/hb_fields.h"
#include "heartbeat/msg/msg_dump.h"
#include "heartbeat/msg/msg_wire.h"
#include "heartbeat/plumb/strings.h"
#include "heartbeat/tools/wiredump_pcap.h"

namespace ha::hb {
namespace {

constexpr uint16_t kHeartbeatPort = 694;

enum ExitCode { kExitOk = 0, kExitPacketFailed = 1, kExitUsage = 2 };

struct Options {
    std::optional<std::string> authkeys;
    bool pcap = false;
    std::vector<std::string> files;
};

Result<std::string> read_whole_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status(ErrorCode::kIo, path + ": cannot open");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return Status(ErrorCode::kIo, path + ": read error");
    return ss.str();
}

// Reads authkeys with heartbeat/config's parser (heartbeat's rules,
// including the permission check). Diagnostics go to stderr; they never
// contain key material.
std::optional<AuthConfig> load_authkeys(const std::string& path) {
    AuthkeysResult r = parse_authkeys_file(path);
    for (const Diagnostic& d : r.diagnostics)
        std::fprintf(stderr, "hb_wiredump: %s\n", format_diagnostic(d).c_str());
    if (!r.valid()) return std::nullopt;
    return r.config;
}

// Prints one packet; returns whether it counts as good.
bool report_packet(const std::string& header, std::string_view bytes, const AuthConfig* auth) {
    std::printf("== %s (%zu bytes", header.c_str(), bytes.size());
    auto pkt = decode_packet(bytes);
    if (!pkt) {
        std::printf(")\nerror: %s\n", pkt.status().to_string().c_str());
        return false;
    }
    std::printf(", %s)\n", framing_name(pkt->framing));
    bool good = true;
    if (is_compressed_envelope(pkt->msg)) {
        auto inner = open_packet(*pkt);
        for (const Field& f : pkt->msg.fields()) {
            if (f.name == kFieldCompressedPayload && f.type == FieldType::kBinary) {
                std::printf("(1)%s=<%zu compressed bytes>\n", f.name.c_str(), f.bytes.size());
                if (inner) {
                    std::fputs(dump_message(*inner, 2).c_str(), stdout);
                } else {
                    std::printf("  error: %s\n", inner.status().to_string().c_str());
                    good = false;
                }
            } else {
                Message one;
                one.add(f);
                std::fputs(dump_message(one).c_str(), stdout);
            }
        }
    } else {
        std::fputs(dump_message(pkt->msg).c_str(), stdout);
    }
    if (!auth) {
        std::printf("auth: none\n");
        return good;
    }
    AuthCheck check = verify_packet(*pkt, *auth);
    switch (check.verdict) {
        case AuthVerdict::kOk:
            std::printf("auth: ok (%s key %d)\n", auth_method_name(*check.method), check.index);
            return good;
        case AuthVerdict::kBad:
            std::printf("auth: BAD\n");
            std::fprintf(stderr, "%s: authentication failed: %s\n", header.c_str(),
                         check.reason.c_str());
            return false;
        case AuthVerdict::kNone:
            std::printf("auth: none\n");
            std::fprintf(stderr, "%s: not authenticated: %s\n", header.c_str(),
                         check.reason.c_str());
            return false;
    }
    return false;
}

// Returns false on a packet failure; sets *io_error when the file is unusable.
bool dump_pcap(const std::string& path, std::string_view bytes, const AuthConfig* auth,
               bool* io_error) {
    auto scan = scan_pcap_udp(bytes, kHeartbeatPort);
    if (!scan) {
        std::fprintf(stderr, "hb_wiredump: %s: %s\n", path.c_str(),
                     scan.status().to_string().c_str());
        *io_error = true;
        return false;
    }
    for (const std::string& note : scan->notes)
        std::fprintf(stderr, "hb_wiredump: %s: %s\n", path.c_str(), note.c_str());
    bool all_good = true;
    for (const PcapUdpPacket& p : scan->packets) {
        std::string header = path + " #" + std::to_string(p.number) + " " + p.src + ":" +
                             std::to_string(p.sport) + " -> " + p.dst + ":" +
                             std::to_string(p.dport);
        if (p.truncated) header += " [capture truncated]";
        all_good &= report_packet(header, p.payload, auth);
    }
    std::printf("-- %s: %zu records, %zu UDP/%u packets\n", path.c_str(), scan->records,
                scan->packets.size(), unsigned(kHeartbeatPort));
    return all_good;
}

void usage() {
    std::fprintf(stderr,
                 "usage: hb_wiredump [--authkeys FILE] [--pcap] FILE...\n"
                 "  FILE      a raw heartbeat UDP payload (or, with --pcap, a libpcap capture\n"
                 "            whose UDP packets to or from port 694 are decoded)\n"
                 "  --authkeys FILE  check each packet's authentication with these keys\n"
                 "exit: 0 all packets parsed (and authenticated with --authkeys), 1 otherwise,\n"
                 "      2 usage or unreadable file\n");
}

std::optional<Options> parse_args(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--authkeys" && i + 1 < argc) {
            o.authkeys = argv[++i];
        } else if (a.rfind("--authkeys=", 0) == 0) {
            o.authkeys = a.substr(11);
        } else if (a == "--pcap") {
            o.pcap = true;
        } else if (a == "-h" || a == "--help") {
            return std::nullopt;
        } else if (a == "--") {
            for (++i; i < argc; ++i)
                o.files.emplace_back(argv[i]);
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "hb_wiredump: unknown option %s\n", a.c_str());
            return std::nullopt;
        } else {
            o.files.push_back(a);
        }
    }
    if (o.files.empty()) return std::nullopt;
    return o;
}

int run(int argc, char** argv) {
    auto opts = parse_args(argc, argv);
    if (!opts) {
        usage();
        return kExitUsage;
    }
    std::optional<AuthConfig> auth;
    if (opts->authkeys) {
        auth = load_authkeys(*opts->authkeys);
        if (!auth) return kExitUsage;
    }
    bool all_good = true;
    bool io_error = false;
    for (const std::string& path : opts->files) {
        auto bytes = read_whole_file(path);
        if (!bytes) {
            std::fprintf(stderr, "hb_wiredump: %s\n", bytes.status().message().c_str());
            io_error = true;
            continue;
        }
        const AuthConfig* cfg = auth ? &*auth : nullptr;
        if (opts->pcap) {
            all_good &= dump_pcap(path, *bytes, cfg, &io_error);
        } else {
            all_good &= report_packet(path, *bytes, cfg);
        }
    }
    if (io_error) return kExitUsage;
    return all_good ? kExitOk : kExitPacketFailed;
}

}  // namespace
}  // namespace ha::hb

int main(int argc, char** argv) {
    return ha::hb::run(argc, argv);
}
