#!/usr/bin/env bash
# Two receivers on one host and one port (SO_REUSEADDR) work side by side:
# each gets the datagram and each acks it, so the sender sees two acks from
# the same address.  First with the sender on another host, then on the
# receivers' own host (delivered by multicast loop).
. "$(dirname "$0")/lib.sh"

lan a=10.0.0.1/24 b=10.0.0.2/24
rp=()

# start_pair [ACK1 ACK2]: receivers 1 and 2 on B, port 10000, one datagram
# each, acking with ACK1 and ACK2 (default: the default ack).
start_pair() {
	start_recv b r1 -c 1 -w 5 ${1:+--ack "$1"}
	rp[1]=$RP
	start_recv b r2 -c 1 -w 5 ${2:+--ack "$2"}
	rp[2]=$RP
}

# check_pair WHAT FROM: both receivers exited 0 and printed the datagram
# from FROM, and nothing went to their stderr but the join.
check_pair() {
	local i rc
	for i in 1 2; do
		wait "${rp[$i]}"
		rc=$?
		expect_eq "$1: receiver $i exits 0 after --count 1" 0 "$rc"
		expect_eq "$1: receiver $i printed the 19-byte message from $2" \
			"$(printf 'received 19 bytes from %s:PORT\nvery important data' "$2")" \
			"$(events "$T/r$i.out")"
		expect_eq "$1: receiver $i stderr only says it joined" "$JOINED" "$(cat "$T/r$i.err")"
	done
}

start_pair ack1 ack2
# Two texts that are not the default: --any-ack takes any plain ack.
on a "$SEND" --any-ack -W 1 >"$T/s.out" 2>"$T/s.err"
expect_eq "sender on A exits 0" 0 $?
expect_eq "sender on A: one ack from each receiver, both from B port 10000" \
	"$(printf 'received "ack1" from 10.0.0.2:10000\nreceived "ack2" from 10.0.0.2:10000')" \
	"$(acks "$T/s.out" | sort)"
expect_eq "sender on A: stderr progress only" \
	"$(printf 'sending "very important data" to 224.3.29.71:10000 ttl 1\ntimed out, no more responses')" \
	"$(progress "$T/s.err")"
check_pair "sender on A" 10.0.0.1

# The same with the default ack and the sender on B itself.
start_pair
on b "$SEND" -W 1 >"$T/s.out" 2>"$T/s.err"
expect_eq "sender on B exits 0" 0 $?
expect_eq "sender on B: two acks, both from B port 10000" \
	"$(printf 'received "ack" from 10.0.0.2:10000\nreceived "ack" from 10.0.0.2:10000')" \
	"$(acks "$T/s.out")"
expect_eq "sender on B: stderr progress only" \
	"$(printf 'sending "very important data" to 224.3.29.71:10000 ttl 1\ntimed out, no more responses')" \
	"$(progress "$T/s.err")"
check_pair "sender on B" 10.0.0.2

done_testing
