// libpcap file reader for hb_wiredump (see wiredump_pcap.h).
#include "heartbeat/tools/wiredump_pcap.h"

#include <arpa/inet.h>
#include <sys/socket.h>

namespace ha::hb {

namespace {

constexpr uint32_t kMagicMicro = 0xa1b2c3d4;
constexpr uint32_t kMagicNano = 0xa1b23c4d;

constexpr uint32_t kLinkNull = 0;  // BSD loopback: 4-byte host-order family
constexpr uint32_t kLinkEthernet = 1;
constexpr uint32_t kLinkRaw = 101;  // raw IPv4/IPv6
constexpr uint32_t kLinkLinuxSll = 113;
constexpr uint32_t kLinkLinuxSll2 = 276;

constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherIpv6 = 0x86dd;
constexpr uint16_t kEtherVlan = 0x8100;
constexpr uint16_t kEtherQinQ = 0x88a8;
constexpr uint8_t kProtoUdp = 17;

uint16_t be16(std::string_view b, size_t at) {
    return uint16_t((uint8_t(b[at]) << 8) | uint8_t(b[at + 1]));
}

uint32_t read32(std::string_view b, size_t at, bool swap) {
    uint32_t v = uint32_t(uint8_t(b[at])) | uint32_t(uint8_t(b[at + 1])) << 8 |
                 uint32_t(uint8_t(b[at + 2])) << 16 | uint32_t(uint8_t(b[at + 3])) << 24;
    if (swap) v = (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
    return v;
}

std::string address(int family, std::string_view raw) {
    char buf[INET6_ADDRSTRLEN] = {0};
    if (!inet_ntop(family, raw.data(), buf, sizeof(buf))) return "?";
    return buf;
}

// The result of peeling one frame down to UDP.
struct Decoded {
    bool is_udp = false;
    std::string note;  // why the frame was skipped (when it looked like IP)
    PcapUdpPacket pkt;
};

void decode_udp(std::string_view l4, size_t ip_claimed, Decoded& d) {
    if (l4.size() < 8) {
        d.note = "UDP header cut short";
        return;
    }
    d.is_udp = true;
    d.pkt.sport = be16(l4, 0);
    d.pkt.dport = be16(l4, 2);
    size_t udp_len = be16(l4, 4);
    if (udp_len < 8) udp_len = ip_claimed;  // jumbo or bogus: trust IP
    size_t want = udp_len >= 8 ? udp_len - 8 : 0;
    std::string_view data = l4.substr(8);
    if (data.size() < want) {
        d.pkt.truncated = true;
        want = data.size();
    }
    d.pkt.payload.assign(data.substr(0, want));
}

void decode_ipv4(std::string_view ip, Decoded& d) {
    if (ip.size() < 20 || (uint8_t(ip[0]) >> 4) != 4) {
        d.note = "bad IPv4 header";
        return;
    }
    size_t ihl = size_t(uint8_t(ip[0]) & 0x0f) * 4;
    size_t total = be16(ip, 2);
    if (ihl < 20 || ip.size() < ihl) {
        d.note = "bad IPv4 header length";
        return;
    }
    if (uint8_t(ip[9]) != kProtoUdp) return;
    uint16_t frag = be16(ip, 6);
    if ((frag & 0x2000) || (frag & 0x1fff)) {
        d.note = "IPv4 fragment (not reassembled)";
        return;
    }
    d.pkt.src = address(AF_INET, ip.substr(12, 4));
    d.pkt.dst = address(AF_INET, ip.substr(16, 4));
    if (total >= ihl && total < ip.size()) ip = ip.substr(0, total);  // drop Ethernet padding
    decode_udp(ip.substr(ihl), total >= ihl ? total - ihl : 0, d);
}

void decode_ipv6(std::string_view ip, Decoded& d) {
    if (ip.size() < 40 || (uint8_t(ip[0]) >> 4) != 6) {
        d.note = "bad IPv6 header";
        return;
    }
    size_t payload_len = be16(ip, 4);
    uint8_t next = uint8_t(ip[6]);
    d.pkt.src = address(AF_INET6, ip.substr(8, 16));
    d.pkt.dst = address(AF_INET6, ip.substr(24, 16));
    std::string_view rest = ip.substr(40);
    if (payload_len < rest.size()) rest = rest.substr(0, payload_len);
    // Hop-by-hop, routing, destination options; a fragment header stops us.
    for (int hops = 0; hops < 8; ++hops) {
        if (next == kProtoUdp) {
            decode_udp(rest, rest.size(), d);
            return;
        }
        if (next == 44) {
            d.note = "IPv6 fragment (not reassembled)";
            return;
        }
        if (next != 0 && next != 43 && next != 60) return;
        if (rest.size() < 8) {
            d.note = "IPv6 extension header cut short";
            return;
        }
        size_t len = (size_t(uint8_t(rest[1])) + 1) * 8;
        if (rest.size() < len) {
            d.note = "IPv6 extension header cut short";
            return;
        }
        next = uint8_t(rest[0]);
        rest = rest.substr(len);
    }
}

void decode_ethertype(uint16_t type, std::string_view l3, Decoded& d) {
    if (type == kEtherIpv4) decode_ipv4(l3, d);
    if (type == kEtherIpv6) decode_ipv6(l3, d);
}

void decode_ip_by_version(std::string_view l3, Decoded& d) {
    if (l3.empty()) return;
    uint8_t v = uint8_t(l3[0]) >> 4;
    if (v == 4) decode_ipv4(l3, d);
    if (v == 6) decode_ipv6(l3, d);
}

Decoded decode_frame(uint32_t link, std::string_view f) {
    Decoded d;
    switch (link) {
        case kLinkEthernet: {
            if (f.size() < 14) break;
            uint16_t type = be16(f, 12);
            size_t off = 14;
            for (int tags = 0; (type == kEtherVlan || type == kEtherQinQ) && tags < 2; ++tags) {
                if (f.size() < off + 4) return d;
                type = be16(f, off + 2);
                off += 4;
            }
            decode_ethertype(type, f.substr(off), d);
            break;
        }
        case kLinkLinuxSll:
            if (f.size() >= 16) decode_ethertype(be16(f, 14), f.substr(16), d);
            break;
        case kLinkLinuxSll2:
            if (f.size() >= 20) decode_ethertype(be16(f, 0), f.substr(20), d);
            break;
        case kLinkRaw:
            decode_ip_by_version(f, d);
            break;
        case kLinkNull:
            if (f.size() >= 4) decode_ip_by_version(f.substr(4), d);
            break;
        default:
            break;
    }
    return d;
}

}  // namespace

Result<PcapScan> scan_pcap_udp(std::string_view file, uint16_t port) {
    if (file.size() < 24) return invalid("not a pcap file: shorter than its 24-byte header");
    uint32_t magic = read32(file, 0, false);
    bool swap = false;
    if (magic != kMagicMicro && magic != kMagicNano) {
        swap = true;
        magic = read32(file, 0, true);
        if (magic != kMagicMicro && magic != kMagicNano)
            return invalid("not a classic pcap file (magic " +
                           std::to_string(read32(file, 0, false)) + "; pcapng is not supported)");
    }
    uint32_t link = read32(file, 20, swap) & 0x0fffffff;  // upper bits: FCS info
    if (link != kLinkEthernet && link != kLinkLinuxSll && link != kLinkLinuxSll2 &&
        link != kLinkRaw && link != kLinkNull)
        return Status(ErrorCode::kUnsupported,
                      "pcap link type " + std::to_string(link) + " is not supported");
    PcapScan scan;
    size_t pos = 24;
    while (pos < file.size()) {
        if (file.size() - pos < 16)
            return invalid("record " + std::to_string(scan.records + 1) + " at offset " +
                           std::to_string(pos) + ": header cut short");
        uint32_t incl = read32(file, pos + 8, swap);
        if (incl > file.size() - pos - 16)
            return invalid("record " + std::to_string(scan.records + 1) + " at offset " +
                           std::to_string(pos) + ": length " + std::to_string(incl) +
                           " overruns the file");
        std::string_view frame = file.substr(pos + 16, incl);
        pos += 16 + incl;
        ++scan.records;
        Decoded d = decode_frame(link, frame);
        if (!d.note.empty()) {
            scan.notes.push_back("record " + std::to_string(scan.records) + ": " + d.note);
            continue;
        }
        if (!d.is_udp || (d.pkt.sport != port && d.pkt.dport != port)) continue;
        d.pkt.number = scan.records;
        scan.packets.push_back(std::move(d.pkt));
    }
    return scan;
}

}  // namespace ha::hb
