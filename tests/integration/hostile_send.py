#!/usr/bin/env python3
"""hostile_send.py COMMAND ...: hostile traffic and output checks for the
hardening tests (100-hostile.sh, 101-reflection.sh, 102-faults.sh).

Only the Python standard library is used.  The probe header is built here
from its description in src/probe.h, not from the C code.  Run it only
inside the test's own network namespaces: "forge" and "forge-eth" put
packets with made-up source addresses on the wire.

Payload specs (PAYLOAD below), one datagram each:
  empty              0 bytes
  hex:HEX            the bytes HEX
  text:STR           STR in UTF-8
  fill:N[:HEXBYTE]   N bytes of HEXBYTE (default 78, "x")
  random:N:SEED      N pseudo-random bytes, the same for the same SEED
  probe:SESSION:SEQ:STAMP[:HEXMSG]
                     a version 1 probe (24-byte header, namelen 0) with
                     these numbers (decimal or 0x hex) and message HEXMSG
  ack:SESSION:SEQ:STAMP:TTL:HEXNAME:HEXTEXT
                     the ack a receiver should send for such a probe
                     (flag 0x01 with TTL, namelen from HEXNAME)

Commands:
  hex PAYLOAD
      Print the payload's bytes in hex ("-" when empty).
  send [-6] [--iface IF] [--wait S] [--repeat N] [--last] DEST PORT PAYLOAD...
      Send each PAYLOAD (each --repeat times, back to back) from one UDP
      socket to DEST:PORT, then collect replies until S seconds (default
      1) pass without one.  Prints "sent N in S.SSSSSS s" and then one
      line per reply: "reply ADDR PORT LEN HEX" (HEX of at most 256
      bytes); --last: then "last T", T the real time (s since the epoch)
      the last reply arrived (0 without one).  (HEX of at most 256
      bytes, "-" when empty).
  forge SRC SPORT DST DPORT PAYLOAD
      One IPv4 UDP datagram from SRC:SPORT through a raw socket
      (IP_HDRINCL; a source of 0.0.0.0 is filled in by the kernel, use
      forge-eth for that).  To a multicast DST with a local member the
      kernel also loops it back to this host, where no martian-source
      check applies: that is how a receiver can be shown a multicast or
      broadcast source at all.
  forge-eth IFACE SRC SPORT DST DPORT PAYLOAD
      The same as a whole Ethernet frame on IFACE (AF_PACKET), to DST's
      multicast MAC address: any source, 0.0.0.0 included.
  clean FILE
      Exit 1, printing one line per problem, if FILE holds a control
      byte other than newline (C0, DEL), ESC, bytes that are not UTF-8,
      or a C1 control / bidi override / line separator code point.
  json FILE
      Exit 1 if any line of FILE is not one JSON object (strict: no NaN).
"""
import ipaddress
import json
import random
import select
import socket
import struct
import sys
import time

HDR = struct.Struct("!2sBBIIQBBBB")  # magic, version, type, session, seq,
                                     # stamp, flags, ttl, namelen, reserved


def number(s):
    return int(s, 0)


def payload(spec):
    kind, _, rest = spec.partition(":")
    if kind == "empty":
        return b""
    if kind == "hex":
        return bytes.fromhex(rest)
    if kind == "text":
        return rest.encode("utf-8")
    if kind == "fill":
        n, _, b = rest.partition(":")
        return bytes([int(b or "78", 16)]) * int(n)
    if kind == "random":
        n, seed = rest.split(":")
        r = random.Random(int(seed))
        return bytes(r.getrandbits(8) for _ in range(int(n)))
    if kind == "probe":
        f = rest.split(":")
        msg = bytes.fromhex(f[3]) if len(f) > 3 else b""
        return HDR.pack(b"MC", 1, 1, number(f[0]), number(f[1]),
                        number(f[2]), 0, 0, 0, 0) + msg
    if kind == "ack":
        f = rest.split(":")
        name, text = bytes.fromhex(f[4]), bytes.fromhex(f[5])
        return HDR.pack(b"MC", 1, 2, number(f[0]), number(f[1]),
                        number(f[2]), 1, number(f[3]), len(name), 0) + \
            name + text
    raise SystemExit("hostile_send.py: bad payload spec %r" % spec)


def cmd_hex(args):
    print(payload(args[0]).hex() or "-")


def cmd_send(args):
    family, iface, wait, repeat, last = socket.AF_INET, None, 1.0, 1, None
    while args and args[0].startswith("-"):
        opt = args.pop(0)
        if opt == "--last":
            last = 0.0
        elif opt == "-6":
            family = socket.AF_INET6
        elif opt == "--iface":
            iface = args.pop(0)
        elif opt == "--wait":
            wait = float(args.pop(0))
        elif opt == "--repeat":
            repeat = int(args.pop(0))
        else:
            raise SystemExit("hostile_send.py: unknown option " + opt)
    dest, port, specs = args[0], int(args[1]), args[2:]
    s = socket.socket(family, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    if iface is not None:
        ix = socket.if_nametoindex(iface)
        if family == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, ix)
        else:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE,
                         iface.encode())
    to = (dest, port, 0, socket.if_nametoindex(iface) if iface else 0) \
        if family == socket.AF_INET6 else (dest, port)
    data = [payload(p) for p in specs]
    n = 0
    t0 = time.monotonic()
    for d in data:
        for _ in range(repeat):
            s.sendto(d, to)
            n += 1
    elapsed = time.monotonic() - t0
    print("sent %d in %.6f s" % (n, elapsed), flush=True)
    while select.select([s], [], [], wait)[0]:
        d, a = s.recvfrom(65536)
        if last is not None:
            last = time.time()
        print("reply %s %d %d %s" % (a[0], a[1], len(d), d[:256].hex() or "-"),
              flush=True)
    if last is not None:
        print("last %.6f" % last, flush=True)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ipv4_udp(src, sport, dst, dport, data):
    s, d = socket.inet_aton(src), socket.inet_aton(dst)
    ulen = 8 + len(data)
    pseudo = s + d + struct.pack("!BBH", 0, 17, ulen)
    c = csum(pseudo + struct.pack("!HHHH", sport, dport, ulen, 0) + data)
    udp = struct.pack("!HHHH", sport, dport, ulen, c or 0xffff) + data
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0x1234, 0,
                     1, 17, 0, s, d)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return ip + udp


def cmd_forge(args):
    src, sport, dst, dport, spec = args
    pkt = ipv4_udp(src, int(sport), dst, int(dport), payload(spec))
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
    s.sendto(pkt, (dst, 0))


def cmd_forge_eth(args):
    iface, src, sport, dst, dport, spec = args
    d = ipaddress.IPv4Address(dst)
    if not d.is_multicast:
        raise SystemExit("hostile_send.py: forge-eth needs a multicast DST")
    low = int(d) & 0x7fffff
    dmac = bytes([0x01, 0x00, 0x5e, low >> 16, (low >> 8) & 0xff, low & 0xff])
    with open("/sys/class/net/%s/address" % iface) as f:
        smac = bytes.fromhex(f.read().strip().replace(":", ""))
    frame = dmac + smac + b"\x08\x00" + \
        ipv4_udp(src, int(sport), dst, int(dport), payload(spec))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    s.send(frame)


def cmd_clean(args):
    with open(args[0], "rb") as f:
        raw = f.read()
    problems = []
    for i, b in enumerate(raw):
        if (b < 0x20 and b != 0x0a) or b == 0x7f:
            problems.append("control byte 0x%02x at offset %d" % (b, i))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append("not UTF-8: %s" % e)
        text = ""
    for i, c in enumerate(text):
        o = ord(c)
        if 0x80 <= o <= 0x9f or o in (0x2028, 0x2029, 0xfeff) or \
                0x202a <= o <= 0x202e or 0x2066 <= o <= 0x2069:
            problems.append("code point U+%04X at character %d" % (o, i))
    for p in problems[:20]:
        print(p)
    sys.exit(1 if problems else 0)


def reject(name):
    raise ValueError("non-standard constant " + name)


def cmd_json(args):
    bad = 0
    with open(args[0], "rb") as f:
        for n, line in enumerate(f, 1):
            try:
                obj = json.loads(line.decode("utf-8"), parse_constant=reject)
                if not isinstance(obj, dict):
                    raise ValueError("not an object")
            except ValueError as e:
                print("line %d: %s" % (n, e))
                bad += 1
    sys.exit(1 if bad else 0)


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    {"hex": cmd_hex, "send": cmd_send, "forge": cmd_forge, "forge-eth": cmd_forge_eth,
     "clean": cmd_clean, "json": cmd_json}[cmd](args)


if __name__ == "__main__":
    main()
