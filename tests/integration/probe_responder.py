#!/usr/bin/env python3
"""probe_responder.py IFACE GROUP PORT DELAY NAME RUNTIME [MODE]

A slow, probe-aware responder for the integration tests: an independent
implementation of version 1 of the probe wire format (src/probe.h), written
from the format's description and not from the C code, so that a mistake in
probe.c is not silently repeated here.

It joins GROUP on IFACE, listens on PORT, and for every valid probe
schedules an ack DELAY seconds after the probe arrived: the probe's session,
seq and stamp echoed, the TTL the probe arrived with (flag 0x01), NAME, and
the payload "ack".  A datagram that is not a valid version 1 probe is
answered with the plain text "ack", as the classic example's receiver does.
It exits 0 after RUNTIME seconds, whatever is still pending, or at once
on SIGTERM.

MODE "forge" answers every probe with three acks the sender must ignore:
one with another session, one with another stamp, one with a seq that was
never sent (the probe's seq + 1000).

On stderr: "joined GROUP on IFACE" once the membership is in place.  On
stdout, one line per datagram and per ack: "probe seq=N ttl=T from A:P",
"other N bytes from A:P", "ack seq=N to A:P" (forged: "forged WHAT seq=N").

Only the Python standard library is used.
"""
import heapq
import select
import signal
import socket
import struct
import sys
import time

MAGIC = b"MC"
VERSION = 1
T_PROBE = 1
T_ACK = 2
F_TTL = 0x01
HDR = struct.Struct("!2sBBIIQBBBB")  # 24 bytes, network byte order
NAMEMAX = 64

IP_RECVTTL = getattr(socket, "IP_RECVTTL", 12)
IP_TTL = getattr(socket, "IP_TTL", 2)


def decode_probe(data):
    """(session, seq, stamp) of a valid version 1 probe, else None."""
    if len(data) < HDR.size:
        return None
    magic, ver, typ, session, seq, stamp, _flags, _ttl, namelen, _res = \
        HDR.unpack_from(data)
    if magic != MAGIC or ver != VERSION or typ != T_PROBE or namelen != 0:
        return None
    return session, seq, stamp


def encode_ack(session, seq, stamp, ttl, name, payload=b"ack"):
    flags, tval = (F_TTL, ttl) if ttl is not None else (0, 0)
    return HDR.pack(MAGIC, VERSION, T_ACK, session & 0xffffffff,
                    seq & 0xffffffff, stamp & 0xffffffffffffffff,
                    flags, tval, len(name), 0) + name + payload


class Stop(Exception):
    """Raised by the SIGTERM handler to leave the loop."""


def on_term(_sig, _frame):
    raise Stop()


def arrival_ttl(ancdata):
    for level, ctype, cdata in ancdata:
        if level == socket.IPPROTO_IP and ctype == IP_TTL and len(cdata) >= 4:
            return struct.unpack("=i", cdata[:4])[0]
    return None


def main(argv):
    if len(argv) not in (7, 8):
        sys.stderr.write(__doc__.split("\n\n")[0] + "\n")
        return 2
    iface, group, port = argv[1], argv[2], int(argv[3])
    delay, name, runtime = float(argv[4]), argv[5].encode(), float(argv[6])
    mode = argv[7] if len(argv) == 8 else "normal"
    if mode not in ("normal", "forge") or len(name) > NAMEMAX:
        sys.stderr.write("probe_responder: bad mode or name\n")
        return 2

    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", port))
    # struct ip_mreqn: group, local address (any), interface index.
    mreqn = struct.pack("=4s4si", socket.inet_aton(group),
                        socket.inet_aton("0.0.0.0"),
                        socket.if_nametoindex(iface))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreqn)
    s.setsockopt(socket.IPPROTO_IP, IP_RECVTTL, 1)
    signal.signal(signal.SIGTERM, on_term)
    sys.stderr.write("joined %s on %s\n" % (group, iface))
    sys.stderr.flush()
    try:
        serve(s, runtime, delay, name, mode)
    except Stop:
        pass
    s.close()
    return 0


def serve(s, runtime, delay, name, mode):
    """Answer probes until runtime seconds have passed."""
    end = time.monotonic() + runtime
    pending = []  # heap of (due, order, datagram, address, log line)
    order = 0
    while True:
        now = time.monotonic()
        while pending and pending[0][0] <= now:
            _due, _n, data, addr, line = heapq.heappop(pending)
            s.sendto(data, addr)
            print(line, flush=True)
        if now >= end:
            break
        wait = end - now
        if pending:
            wait = min(wait, pending[0][0] - now)
        r, _, _ = select.select([s], [], [], max(wait, 0))
        if not r:
            continue
        data, anc, _flags, addr = s.recvmsg(65535, socket.CMSG_SPACE(4))
        due = time.monotonic() + delay
        peer = "%s:%d" % addr
        p = decode_probe(data)
        acks = []
        if p is None:
            print("other %d bytes from %s" % (len(data), peer), flush=True)
            acks.append((b"ack", "ack plain to %s" % peer))
        else:
            session, seq, stamp = p
            ttl = arrival_ttl(anc)
            print("probe seq=%d ttl=%s from %s" % (seq, ttl, peer), flush=True)
            if mode == "normal":
                acks.append((encode_ack(session, seq, stamp, ttl, name),
                             "ack seq=%d to %s" % (seq, peer)))
            else:
                acks.append((encode_ack(session ^ 0x5a5a5a5a, seq, stamp,
                                        ttl, name),
                             "forged session seq=%d" % seq))
                acks.append((encode_ack(session, seq, stamp + 1, ttl, name),
                             "forged stamp seq=%d" % seq))
                acks.append((encode_ack(session, seq + 1000, stamp, ttl,
                                        name),
                             "forged seq seq=%d" % (seq + 1000)))
        for data, line in acks:
            heapq.heappush(pending, (due, order, data, addr, line))
            order += 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
