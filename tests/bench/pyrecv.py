#!/usr/bin/env python3
"""The classic multicast receiver (PyMOTW's socket_multicast_receiver.py),
written again for the benchmark: bind the port, join the group, then
recvfrom and sendto "ack" back to the source, one datagram at a time,
printing as it goes.  No batching and the kernel's default receive buffer,
as in the example.  The prints go wherever stdout goes (the benchmark sends
them to /dev/null); on SIGINT or SIGTERM the counts go to stderr.

usage: pyrecv.py [GROUP [PORT]]
"""
import signal
import socket
import struct
import sys


def main():
    group = sys.argv[1] if len(sys.argv) > 1 else "224.3.29.71"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    count = {"received": 0, "acked": 0}

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("", port))
    mreq = struct.pack("4sL", socket.inet_aton(group), socket.INADDR_ANY)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
    print("joined", group, "port", port, file=sys.stderr, flush=True)
    try:
        while True:
            print("\nwaiting to receive message")
            data, address = sock.recvfrom(1024)
            count["received"] += 1
            print("received {} bytes from {}".format(len(data), address))
            print(data)
            print("sending acknowledgement to", address)
            sock.sendto(b"ack", address)
            count["acked"] += 1
    except KeyboardInterrupt:
        pass
    print("received {received} acked {acked}".format(**count),
          file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
