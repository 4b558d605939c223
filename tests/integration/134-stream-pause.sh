#!/usr/bin/env bash
# Stream mode (issue 12): a paused sender never bursts.  S streams 3000
# datagrams at 1000/s to A and B and is stopped (SIGSTOP) for about a
# second once the first reports are in, then continued.  The slots that
# passed meanwhile are skipped, not sent back to back, and count toward
# -c: sent + skipped == 3000, skipped > 0, and stderr says "late by N ms:
# K datagrams skipped" (the Ks adding up to the summary's skipped).  A
# skipped slot is never sent, so the sequence numbers of what was sent
# stay contiguous: A and B report every datagram sent, 0 lost, and their
# own stream events say the same.  (A pause of 1 s is shorter than the
# receivers' silence limit, max(2 s, 3 report intervals): the stream goes
# on for them.)  No timing is asserted beyond the pause being long enough
# to skip some.
. "$(dirname "$0")/lib.sh"

lan s=10.0.0.1/24 a=10.0.0.2/24 b=10.0.0.3/24

start_recv a a -j --name a -w 60
ra=$RP
start_recv b b -j --name b -w 60
rb=$RP

spawn s "$SEND" -j -r 1000 -c 3000 -l 200 >"$T/s.out" 2>"$T/s.err"
sp=$!
wait_for "$T/s.out" '"event":"report"' 10
kill -STOP "$sp"
sleep 1
kill -CONT "$sp"
wait "$sp"
expect_eq "sender exits 0" 0 $?

read -r sent skipped <<<"$(jq -r 'select(.event == "summary") | "\(.sent) \(.skipped)"' "$T/s.out")"
echo "# sent $sent, skipped $skipped"
check "the JSON summary counts skipped datagrams ($skipped)" test "${skipped:-0}" -gt 0
expect_eq "sent + skipped == 3000" 3000 "$((sent + skipped))"
expect_eq "A and B: every datagram sent received, 0 lost, first_seq 0, final" \
	"$(printf 'a true %s 0 0 0 %s\nb true %s 0 0 0 %s' "$sent" $((sent * 200)) "$sent" $((sent * 200)))" \
	"$(jq -r 'select(.event == "summary") | .responders | sort_by(.name)[] |
		"\(.name) \(.final) \(.received) \(.lost) \(.first_seq) \(.dups) \(.bytes)"' "$T/s.out")"
notes=$(grep -cxE 'late by [0-9]+ ms: [0-9]+ datagrams skipped' "$T/s.err")
check "stderr: a note of the datagrams skipped ($notes)" test "$notes" -ge 1
expect_eq "stderr: the notes add up to the summary's skipped" "$skipped" \
	"$(sed -nE 's/^late by [0-9]+ ms: ([0-9]+) datagrams skipped$/\1/p' "$T/s.err" |
		awk '{ n += $1 } END { print n + 0 }')"
expect_eq "stderr: the banner, the notes, both final reports in, nothing else" \
	"$(printf '%s\n%s' "streaming 3000 datagrams of 200 bytes at 1000/s to 224.3.29.71:10000 ttl 1 via eth0 (the kernel's choice)" \
		"2 of 2 receivers sent their final report")" \
	"$(grep -vxE 'late by [0-9]+ ms: [0-9]+ datagrams skipped' "$T/s.err")"

stop_recv INT "$ra" "A" a
stop_recv INT "$rb" "B" b
for h in a b; do
	expect_eq "$h's own stream event: $sent received, 0 lost, 0 reordered, seq 0.. contiguous" \
		"$sent 0 0 0 true" \
		"$(jq -r 'select(.event == "stream") | "\(.received) \(.lost) \(.reordered) \(.first_seq) \(.end_seen)"' "$T/$h.out")"
done

done_testing
