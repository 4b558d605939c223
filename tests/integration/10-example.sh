#!/usr/bin/env bash
# The classic example's scene: receivers on hosts A and B, the sender on A.
# Exactly two acks arrive, one from each host; each receiver printed the
# 19-byte message from A.
. "$(dirname "$0")/lib.sh"

lan a=192.168.1.17/24 b=192.168.1.8/24

start_recv a a -c 1 -w 5
ra=$RP
start_recv b b -c 1 -w 5
rb=$RP

on a "$SEND" -W 1 >"$T/s.out" 2>"$T/s.err"
expect_eq "sender exits 0 when acks arrive" 0 $?
wait "$ra"; expect_eq "receiver A exits 0 after --count 1" 0 $?
wait "$rb"; expect_eq "receiver B exits 0 after --count 1" 0 $?

expect_eq "sender stdout: one ack from each host" \
	"$(printf 'received "ack" from 192.168.1.17:10000 seq=0 plain\nreceived "ack" from 192.168.1.8:10000 seq=0 plain')" \
	"$(strip_time "$T/s.out" | sort)"
expect_sending "sender stderr: progress as the example's" "$T/s.err"
for h in a b; do
	check "receiver $h printed the 19-byte message from A" \
		grep -qE '^received 19 bytes from 192\.168\.1\.17:[0-9]+$' "$T/$h.out"
	expect_eq "receiver $h payload line" "very important data" "$(sed -n 2p "$T/$h.out")"
	expect_eq "receiver $h summary" \
		"$(printf -- '--- 224.3.29.71:10000 statistics ---\n1 datagrams from 1 senders, 0 dropped by the kernel, 1 acks sent')" \
		"$(sed -n 3,4p "$T/$h.out")"
	check "receiver $h summary names the sender" \
		grep -qE '^192\.168\.1\.17:[0-9]+: 1 datagrams, 19 bytes$' "$T/$h.out"
	expect_eq "receiver $h stdout has five lines" 5 "$(wc -l <"$T/$h.out")"
done

# Quiet: nothing on stderr, results still on stdout.
start_recv -g 224.3.29.71 b q -q -c 1 -w 5
rq=$RP
on a "$SEND" -q -W 1 --no-loop >"$T/sq.out" 2>"$T/sq.err"
expect_eq "quiet sender exits 0" 0 $?
wait "$rq"
check "quiet sender: one ack (B only, loop off)" \
	grep -qxE 'received "ack" from 192\.168\.1\.8:10000 seq=0 time=[0-9]+\.[0-9]{3} ms plain' "$T/sq.out"
expect_eq "quiet sender: one line on stdout" 1 "$(wc -l <"$T/sq.out")"
expect_eq "quiet sender: empty stderr" "" "$(cat "$T/sq.err")"
expect_eq "quiet receiver: empty stderr" "" "$(cat "$T/q.err")"

done_testing
