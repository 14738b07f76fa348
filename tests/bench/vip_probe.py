#!/usr/bin/env python3
"""vip_probe.py: times a virtual-IP takeover from a client host.

    vip_probe.py IFACE VIP WANT_MAC TIMEOUT_S FAULT_CMD

Runs FAULT_CMD (sh -c), then sends an ARP request for VIP on IFACE every
10 ms and prints the milliseconds from the end of FAULT_CMD to the first
ARP reply for VIP from WANT_MAC (the survivor), or "timeout", followed by
the wall-clock time of the end of FAULT_CMD in epoch milliseconds. Replies from
other MACs (a killed node whose kernel still holds the address) do not
count. Run it inside the client's network namespace; needs root.
"""
import select
import socket
import struct
import subprocess
import sys
import time

ETH_P_ARP = 0x0806


def main():
    iface, vip, want_mac, timeout_s, fault = sys.argv[1:6]
    want = bytes.fromhex(want_mac.replace(":", ""))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ARP))
    s.bind((iface, ETH_P_ARP))
    mac = s.getsockname()[4][:6]
    # Our own IPv4 address on IFACE, as the ARP sender address.
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.setsockopt(socket.SOL_SOCKET, 25, iface.encode())  # SO_BINDTODEVICE
    probe.connect((vip, 9))
    me = socket.inet_aton(probe.getsockname()[0])
    target = socket.inet_aton(vip)
    arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, mac, me, bytes(6), target)
    frame = b"\xff" * 6 + mac + struct.pack("!H", ETH_P_ARP) + arp
    frame += bytes(60 - len(frame))

    subprocess.run(["sh", "-c", fault], check=False)
    t0 = time.monotonic()
    t0_wall_ms = round(time.time() * 1000)
    deadline = t0 + float(timeout_s)
    next_send = t0
    while True:
        now = time.monotonic()
        if now >= deadline:
            print("timeout", t0_wall_ms)
            return 1
        if now >= next_send:
            s.send(frame)
            next_send = now + 0.010
        r, _, _ = select.select([s], [], [], max(0.0, min(next_send, deadline) - now))
        if not r:
            continue
        data = s.recv(2048)
        if len(data) < 42 or data[12:14] != b"\x08\x06":
            continue
        op = struct.unpack("!H", data[20:22])[0]
        if op == 2 and data[28:32] == target and data[22:28] == want:
            print(round((time.monotonic() - t0) * 1000), t0_wall_ms)
            return 0


if __name__ == "__main__":
    sys.exit(main())
