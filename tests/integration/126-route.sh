#!/usr/bin/env bash
# Without -I, mcast-send names the interface the kernel really sends a
# group through: the one its routing table gives (issue 11, item 10), not
# the owner of the source address it would pick.  Sender S has eth0 on
# LAN 1 (with host A) holding its only IPv4 address, and eth1 on LAN 2
# (with receiver B) holding none, and its route for 224.0.0.0/4 on eth1:
# the datagram leaves by eth1 with eth0's address as its source.  The
# "via" of the sending line and the advice when nothing answers say eth1;
# B gets the datagram and A does not.
. "$(dirname "$0")/lib.sh"

ns_add s a b
nodad s a b
ip -n "$(ns s)" link add eth0 type veth peer name eth0 netns "$(ns a)"
ip -n "$(ns s)" link add eth1 type veth peer name eth0 netns "$(ns b)"
on s ip addr add 10.1.0.1/24 dev eth0
on a ip addr add 10.1.0.2/24 dev eth0
on b ip addr add 10.2.0.2/24 dev eth0
for h in s a b; do on "$h" ip link set eth0 up; done
on s ip link set eth1 up
on s ip route add 224.0.0.0/4 dev eth1
on s ip route add 10.2.0.0/24 dev eth1
on s sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.eth1.rp_filter=0
# B answers S's source address (eth0's) across LAN 2.
on b ip route add 10.1.0.1/32 dev eth0
on a ip route add 224.0.0.0/4 dev eth0
on b ip route add 224.0.0.0/4 dev eth0

VIA='sending "hello" to 239.1.1.1:10000 ttl 1 via eth1 (the kernel'"'"'s choice)'

expect_eq "the kernel's route for 239.1.1.1 goes through eth1" eth1 \
	"$(on s ip -o route get 239.1.1.1 | sed -nE 's/.* dev ([^ ]+).*/\1/p')"

start_recv a a -I eth0 -w 10 239.1.1.1
ra=$RP
start_recv b b -I eth0 -c 1 -w 10 239.1.1.1
rb=$RP
on s "$SEND" -m hello -W 1 239.1.1.1 >"$T/s.out" 2>"$T/s.err"
expect_eq "answered: exit 0" 0 $?
expect_eq "answered: stdout is B's ack" \
	'received "ack" from 10.2.0.2:10000 seq=0 plain' "$(strip_time "$T/s.out")"
expect_eq "answered: stderr says via eth1 (the kernel's choice)" \
	"$(printf '%s\ntimed out, no more responses' "$VIA")" "$(cat "$T/s.err")"
wait "$rb"
expect_eq "B (LAN 2): exits 0 after the datagram" 0 $?
expect_eq "B (LAN 2): got it, from S's eth0 address" \
	"$(printf 'received 5 bytes from 10.1.0.1:PORT\nhello')" "$(events "$T/b.out")"
stop_recv INT "$ra" "A (LAN 1)"
expect_eq "A (LAN 1): got nothing" "" "$(events "$T/a.out")"

# Nothing answers: the advice names eth1 as the kernel's choice, eth0 as
# the other interface (the TTL is no cause at 8, rp_filter is off).
on s "$SEND" -m hello -t 8 -W 0.1 239.1.1.1 >"$T/q.out" 2>"$T/q.err"
expect_eq "silence: exit 1" 1 $?
expect_eq "silence: stdout empty" "" "$(cat "$T/q.out")"
expect_silence "silence" "$T/q.err" "${VIA/ttl 1/ttl 8}"
expect_eq "silence: the advice names eth1 as the kernel's choice, alone" \
	"  - the kernel chose eth1; also up and multicast-capable: eth0 (choose with --interface)" \
	"$(sed -n '4,$p' "$T/q.err")"

done_testing
