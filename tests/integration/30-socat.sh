#!/usr/bin/env bash
# socat as an independent peer, both ways.  (a) socat on B joins the group
# (ip-add-membership) and answers our sender on A with "ack".  (b) socat on
# B sends to the group, our receiver on A prints the datagram and acks it,
# and socat reads the ack.
. "$(dirname "$0")/lib.sh"

lan a=10.0.0.1/24 b=10.0.0.2/24

# (a) socat receives one datagram on the group, keeps it in so-a.in, and
# replies "ack" from port 10000 to the datagram's source.
spawn b timeout 10 socat UDP4-RECVFROM:10000,ip-add-membership=224.3.29.71:eth0,reuseaddr \
	SYSTEM:"cat >'$T/so-a.in'; printf ack" >"$T/so-a.out" 2>"$T/so-a.err"
sa=$!
wait_joined b 224.3.29.71 eth0

on a "$SEND" -W 1 >"$T/s.out" 2>"$T/s.err"
expect_eq "(a) sender exits 0: socat answered" 0 $?
expect_eq "(a) sender stdout: socat's ack from B port 10000" \
	'received "ack" from 10.0.0.2:10000' "$(acks "$T/s.out")"
expect_eq "(a) sender stderr: progress only" \
	"$(printf 'sending "very important data" to 224.3.29.71:10000 ttl 1\ntimed out, no more responses')" \
	"$(progress "$T/s.err")"
wait "$sa"
expect_eq "(a) socat exits 0" 0 $?
expect_eq "(a) socat received the example's message" "very important data" "$(cat "$T/so-a.in")"
expect_eq "(a) socat stderr empty" "" "$(cat "$T/so-a.err")"

# (b) socat sends to the group through B's eth0 and prints what comes back;
# -t 3 gives the ack three seconds to arrive after socat's stdin ends.
start_recv a r -c 1 -w 5
ra=$RP

printf 'hello from socat' |
	on b timeout 10 socat -t 3 - UDP4-DATAGRAM:224.3.29.71:10000,ip-multicast-if=10.0.0.2 \
	>"$T/so-b.out" 2>"$T/so-b.err"
expect_eq "(b) socat exits 0" 0 $?
expect_eq "(b) socat received exactly the 3 bytes ack" "61636b" "$(hex "$T/so-b.out")"
expect_eq "(b) socat stderr empty" "" "$(cat "$T/so-b.err")"
wait "$ra"
expect_eq "(b) receiver exits 0 after --count 1" 0 $?
expect_eq "(b) receiver: socat's 16 bytes from B, then the payload" \
	"$(printf 'received 16 bytes from 10.0.0.2:PORT\nhello from socat')" "$(events "$T/r.out")"
expect_eq "(b) receiver: stderr only says it joined" "$JOINED" "$(cat "$T/r.err")"

done_testing
