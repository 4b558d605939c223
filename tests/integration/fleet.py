#!/usr/bin/env python3
"""fleet.py COMMAND ...: many peers from one socket, for 107-tables.sh.

Only the Python standard library is used; the probe header is built from
its description in src/probe.h.  Run it only inside the test's own
network namespaces.

  acks GROUP PORT N
      Join GROUP on the default interface, wait for one probe on PORT,
      then answer it N times from this one socket, each ack with another
      name ("r0", "r1", ...): N responders for mcast-send, whose responder
      is an address, a port and a name.  Paced (1000 every 20 ms) so that
      the sender's receive buffer is never the limit.
  probes DEST PORT N
      Send N probes to DEST:PORT from one socket, sessions 1..N: N senders
      for mcast-recv, whose sender is an address, a port and a session.
      Paced the same way.
Prints "sent N" when done.
"""
import socket
import struct
import sys
import time

HDR = struct.Struct("!2sBBIIQBBBB")  # magic, version, type, session, seq,
                                     # stamp, flags, ttl, namelen, reserved


def paced(sock, datagrams, to):
    for i, d in enumerate(datagrams):
        sock.sendto(d, to)
        if i % 1000 == 999:
            time.sleep(0.02)
    print("sent %d" % len(datagrams), flush=True)


def cmd_acks(group, port, n):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", port))
    mreq = socket.inet_aton(group) + socket.inet_aton("0.0.0.0")
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
    print("joined %s" % group, file=sys.stderr, flush=True)
    while True:
        d, src = s.recvfrom(65536)
        if len(d) >= HDR.size and d[:2] == b"MC" and d[3] == 1:
            break
    _, _, _, session, seq, stamp, _, _, _, _ = HDR.unpack_from(d)
    acks = []
    for i in range(n):
        name = b"r%d" % i
        acks.append(HDR.pack(b"MC", 1, 2, session, seq, stamp, 0, 0,
                             len(name), 0) + name + b"ack")
    paced(s, acks, src)


def cmd_probes(dest, port, n):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probes = [HDR.pack(b"MC", 1, 1, i, 0, 0, 0, 0, 0, 0) + b"x"
              for i in range(1, n + 1)]
    paced(s, probes, (dest, port))


def main():
    cmd, dest, port, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
        int(sys.argv[4])
    if cmd == "acks":
        cmd_acks(dest, port, n)
    elif cmd == "probes":
        cmd_probes(dest, port, n)
    else:
        raise SystemExit("fleet.py: unknown command " + cmd)


if __name__ == "__main__":
    main()
