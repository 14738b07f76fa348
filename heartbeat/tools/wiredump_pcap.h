// A small reader for classic libpcap capture files, enough for hb_wiredump
// to pull heartbeat's UDP payloads out of a capture without libpcap: both
// byte orders, micro- and nanosecond magic; link types Ethernet II (with
// 802.1Q/802.1ad tags), Linux cooked SLL and SLL2, raw IP and BSD loopback;
// IPv4 (unfragmented) and IPv6 (with extension headers); UDP. Pure: bytes in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "heartbeat/plumb/status.h"

namespace ha::hb {

struct PcapUdpPacket {
    size_t number = 0;  // 1-based record number in the file
    std::string src;    // "10.99.0.12" or "fe80::1" (IPv6 in full hex groups)
    std::string dst;
    uint16_t sport = 0;
    uint16_t dport = 0;
    std::string payload;
    bool truncated = false;  // the capture holds less than the UDP length says
};

struct PcapScan {
    size_t records = 0;                  // frames in the file
    std::vector<PcapUdpPacket> packets;  // UDP datagrams to or from `port`
    std::vector<std::string> notes;      // frames skipped (fragments, odd headers)
};

// Scans a whole capture file. Fails only when the file header is not pcap or
// a record header overruns the file; odd frames become notes.
Result<PcapScan> scan_pcap_udp(std::string_view file, uint16_t port);

}  // namespace ha::hb
