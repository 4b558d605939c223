#!/usr/bin/env bash
# Stream mode (issue 12) with random loss on one receiver.  S streams 4000
# datagrams of 100 bytes at 2000/s to B and C; in B's namespace iptables
# drops stream data at random:
#   -m length --length 53:65535 -m statistic --mode random --probability 0.05
# (data only: the 24-byte end markers, 52 bytes on the wire, always pass,
# so B's final report is certain).  The loss is binomial: mean 200, standard
# deviation 13.8, so the test accepts 2%..8% (80..320, over 8 standard
# deviations each side: it never fails by chance).  Everything that
# follows from what iptables dropped is exact:
#  - B's figures add up: received + lost == sent - first_seq (a receiver
#    counts loss from the first datagram it saw: whatever the rule dropped
#    before that is not B's to know), and lost + first_seq == the rule's
#    own count of drops; bytes == received * 100.
#  - C, beside it, lost nothing.
#  - B's own stream event (mcast-recv -j) has the same figures, and its
#    -i 0.5 interval events came while the stream flowed.
. "$(dirname "$0")/lib.sh"

lan s=10.0.0.1/24 b=10.0.0.2/24 c=10.0.0.3/24

# dropped: packets B's DROP rule has dropped.
dropped() {
	on b iptables -L INPUT -v -n -x | awk '$3 == "DROP" { print $1 }'
}

if ! on b iptables -A INPUT -p udp --dport 10000 -m length --length 53:65535 \
	-m statistic --mode random --probability 0.05 -j DROP 2>"$T/ipt.err"; then
	skip_all "random loss injected with iptables" "iptables cannot add a length/statistic rule here: $(head -n 1 "$T/ipt.err")"
fi

start_recv b b -j -i 0.5 --name b -w 60
rb=$RP
start_recv c c -j --name c -w 60
rc=$RP

on s "$SEND" -j -r 2000 -c 4000 -l 100 >"$T/s.out" 2>"$T/s.err"
expect_eq "sender exits 0 (no --max-loss)" 0 $?
read -r sent skipped <<<"$(jq -r 'select(.event == "summary") | "\(.sent) \(.skipped)"' "$T/s.out")"
echo "# sent $sent, skipped $skipped"
expect_eq "sent + skipped == 4000" 4000 "$((sent + skipped))"
# B and C: name final received lost first_seq bytes dups reordered end_seen
read -r _ bfin brx blost bfirst bbytes bdup bre bend <<<"$(jq -r 'select(.event == "summary") |
	.responders[] | select(.name == "b") |
	"b \(.final) \(.received) \(.lost) \(.first_seq) \(.bytes) \(.dups) \(.reordered) \(.end_seen)"' "$T/s.out")"
echo "# B: received $brx, lost $blost, first_seq $bfirst; iptables dropped $(dropped)"
check "B lost 2%..8% of $sent ($blost)" \
	test "$((blost * 100))" -ge "$((sent * 2))" -a "$((blost * 100))" -le "$((sent * 8))"
expect_eq "B: received + lost == sent - first_seq" "$((sent - bfirst))" "$((brx + blost))"
expect_eq "B: lost + first_seq == what the rule dropped" "$(dropped)" "$((blost + bfirst))"
expect_eq "B: bytes == received * 100" "$((brx * 100))" "$bbytes"
expect_eq "B: final report in, end seen, no dups or reordering" "true true 0 0" \
	"$bfin $bend $bdup $bre"
expect_eq "B: loss_pct is lost / (received + lost), to 4 places" \
	"$(awk -v l="$blost" -v n="$((brx + blost))" 'BEGIN { printf "%.4f", l * 100 / n }')" \
	"$(jq -r 'select(.event == "summary") | .responders[] | select(.name == "b") | .loss_pct' "$T/s.out" |
		awk '{ printf "%.4f", $1 }')"
expect_eq "C: $sent received, 0 lost, first_seq 0, final" "true $sent 0 0 $((sent * 100))" \
	"$(jq -r 'select(.event == "summary") | .responders[] | select(.name == "c") |
		"\(.final) \(.received) \(.lost) \(.first_seq) \(.bytes)"' "$T/s.out")"
expect_eq "two receivers in the summary" 2 \
	"$(jq -r 'select(.event == "summary") | .responders | length' "$T/s.out")"
check "stderr: the banner, any late notes, both final reports in" \
	awk -v b="streaming 4000 datagrams of 100 bytes at 2000/s to 224.3.29.71:10000 ttl 1 via eth0 (the kernel's choice)" '
		NR == 1 { ok = $0 == b; next }
		/^late by [0-9]+ ms: [0-9]+ datagrams skipped$/ { next }
		{ last++; ok = ok && $0 == "2 of 2 receivers sent their final report" }
		END { exit !(ok && last == 1) }' "$T/s.err"

stop_recv INT "$rb" "B" b
stop_recv INT "$rc" "C" c
expect_eq "B's own stream event: the figures it reported" \
	"$brx $blost $bfirst $bbytes true" \
	"$(jq -r 'select(.event == "stream") | "\(.received) \(.lost) \(.first_seq) \(.bytes) \(.end_seen)"' "$T/b.out")"
n=$(jq -r 'select(.event == "interval") | .event' "$T/b.out" | wc -l)
echo "# B: $n interval events"
check "B: -i 0.5 gave interval events during the stream" test "$n" -ge 1
expect_eq "B: every interval event is from S, ends before the stream's end" "" \
	"$(jq -r --argjson stop "$(jq -r 'select(.event == "stream") | .end_s' "$T/b.out")" \
		'select(.event == "interval") | select(((.from | startswith("10.0.0.1:")) | not) or .end_s > $stop + 0.001 or .received > '"$brx"')' "$T/b.out")"
expect_eq "C's own stream event: all $sent, none lost" "$sent 0 0" \
	"$(jq -r 'select(.event == "stream") | "\(.received) \(.lost) \(.first_seq)"' "$T/c.out")"
expect_eq "C: no interval events without -i" 0 \
	"$(jq -r 'select(.event == "interval") | .event' "$T/c.out" | wc -l)"

done_testing
