#!/usr/bin/env bash
# A receiver gets only its own group.  On host B, receiver 1 listens for
# 224.3.29.71 on port 10000, while other programs join 239.1.2.3 on the
# same port: a second mcast-recv and socat.  A datagram from A to
# 239.1.2.3:10000 reaches those two, and receiver 1 neither prints nor
# acks it: it reports no datagram and exits 1 at its deadline.
. "$(dirname "$0")/lib.sh"

lan a=10.0.0.1/24 b=10.0.0.2/24

start_recv b r1 -c 1 -w 3
r1=$RP
start_recv b r2 -c 1 -w 5 --ack ack2 239.1.2.3
r2=$RP
# socat leaves IP_MULTICAST_ALL on, as most programs do.  It writes what it
# gets to a file, and never answers.
spawn b timeout 10 socat -u UDP4-RECV:10000,ip-add-membership=239.1.2.3:eth0,reuseaddr \
	OPEN:"$T/so.in",creat,append >"$T/so.out" 2>"$T/so.err"
so=$!
# Receiver 2 has joined 239.1.2.3 already: wait for socat's own socket.
until_true 5 bash -c "ip netns exec $(ns b) ss -Huanp | grep -q '\"socat\"'"
wait_joined b 239.1.2.3 eth0

on a "$SEND" -m "for the other group" --ack ack2 -W 1 239.1.2.3 >"$T/s.out" 2>"$T/s.err"
expect_eq "sender exits 0" 0 $?
expect_eq "sender: one ack only, from receiver 2 (receiver 1 did not ack)" \
	'received "ack2" from 10.0.0.2:10000' "$(acks "$T/s.out")"
expect_eq "sender: stderr progress only" \
	"$(printf 'sending "for the other group" to 239.1.2.3:10000 ttl 1\ntimed out, no more responses')" \
	"$(progress "$T/s.err")"

wait "$r2"
expect_eq "receiver 2 (239.1.2.3) exits 0 after --count 1" 0 $?
expect_eq "receiver 2 printed the 19-byte datagram from A" \
	"$(printf 'received 19 bytes from 10.0.0.1:PORT\nfor the other group')" "$(events "$T/r2.out")"

wait_for "$T/so.in" "for the other group"
expect_eq "socat on 239.1.2.3 got the datagram" "for the other group" "$(cat "$T/so.in")"
kill "$so" 2>/dev/null
wait "$so" 2>/dev/null
expect_eq "socat stderr empty" "" "$(cat "$T/so.err")"

wait "$r1"
expect_eq "receiver 1 (224.3.29.71) exits 1 at its deadline" 1 $?
expect_eq "receiver 1 printed no datagram of the other group" "" "$(events "$T/r1.out")"
check "receiver 1 statistics: 0 datagrams" grep -qE '^0 datagrams' "$T/r1.out"
expect_eq "receiver 1 stderr: joined, then the deadline with 0 datagrams" \
	"$(printf 'joined 224.3.29.71 on the default interface, listening on port 10000\ndeadline reached after 0 datagrams')" \
	"$(cat "$T/r1.err")"

done_testing
