#!/usr/bin/env bash
# Acks a receiver withholds are told apart from loss (issue 11, item 1).
#  1. One receiver joined to 16 groups, a ping every millisecond to all 16
#     (16000 probes a second from one address): with default settings every
#     probe of every group is answered, 0.0% loss each, nothing withheld.
#  2. --ack-rate 100 against 400 probes at 1 ms: the receiver withholds
#     most acks, and its acks say so; the sender reports them per
#     responder as withheld ("withheld" in JSON, "N withheld" in text)
#     and counts 0.0% loss, since the network lost nothing.  The receiver's
#     own summary counts the same as over rate.
. "$(dirname "$0")/lib.sh"

lan s=10.0.0.1/24 r=10.0.0.2/24

# ---- 1. 16 groups, one probe a millisecond ------------------------------
start_recv r g16 -q --name r -w 60 239.1.1.1+16
wait_joined r 239.1.1.16 eth0
on s "$SEND" -j -q -c 300 -i 0.001 -W 1 239.1.1.1+16 >"$T/s16.out" 2>"$T/s16.err"
expect_eq "16 groups at 1 ms: mcast-send exits 0" 0 $?
expect_eq "16 groups at 1 ms: stderr empty" "" "$(cat "$T/s16.err")"
expect_eq "16 groups at 1 ms: 16 responders, each 300/300, 0.0% loss, 0 withheld" \
	"$(for i in $(seq 16); do echo "300 300 0 0"; done)" \
	"$(jq -r 'select(.event == "summary") | .responders[] |
		"\(.answered) \(.acks) \(.loss_pct) \(.withheld)"' "$T/s16.out")"
stop_recv INT "$RP" "16 groups"
expect_eq "16 groups: the receiver acked every datagram (16 sessions: 16 senders)" \
	"4800 datagrams from 16 senders, 0 dropped by the kernel, 4800 acks sent" \
	"$(grep ' datagrams from ' "$T/g16.out")"

# ---- 2. --ack-rate 100: withheld, not lost -------------------------------
start_recv r r100 -j --name r -w 60 --ack-rate 100
on s "$SEND" -j -q -c 400 -i 0.001 -W 1 >"$T/s1.out" 2>"$T/s1.err"
expect_eq "--ack-rate 100: mcast-send exits 0" 0 $?
stop_recv INT "$RP" "--ack-rate 100"
read -r answered withheld loss sent <<<"$(jq -r 'select(.event == "summary") |
	"\(.responders[0].answered) \(.responders[0].withheld) \(.responders[0].loss_pct) \(.sent)"' "$T/s1.out")"
echo "# --ack-rate 100: $answered answered, $withheld withheld of $sent"
check "--ack-rate 100: fewer than 400 answered" test "${answered:-400}" -lt 400
check "--ack-rate 100: the responder reported acks withheld" test "${withheld:-0}" -gt 0
expect_eq "--ack-rate 100: no loss counted (the network lost nothing)" 0 "$loss"
check "--ack-rate 100: answered + withheld <= sent" \
	test $((answered + withheld)) -le "$sent"
expect_eq "--ack-rate 100: the receiver's over-rate count is every probe not acked" \
	"$((400 - answered))" \
	"$(jq -r 'select(.event == "summary" and .final) | .not_acked.rate' "$T/r100.out")"
expect_eq "--ack-rate 100: the receiver's row says the same" \
	"$((400 - answered))" \
	"$(jq -r 'select(.event == "summary" and .final) | .senders[0].withheld' "$T/r100.out")"

# The same run in text: ", N withheld" on the responder's line.
start_recv r r100t --name r -w 60 --ack-rate 100
on s "$SEND" -q -c 400 -i 0.001 -W 1 >"$T/s1t.out" 2>"$T/s1t.err"
expect_eq "--ack-rate 100, text: mcast-send exits 0" 0 $?
stop_recv INT "$RP" "--ack-rate 100, text"
check "--ack-rate 100, text: the responder line says 0.0% loss and N withheld" \
	grep -qE '^10\.0\.0\.2:10000 name="r": [0-9]+/400 answered, 0\.0% loss, .*, [0-9]+ withheld' "$T/s1t.out"

done_testing
