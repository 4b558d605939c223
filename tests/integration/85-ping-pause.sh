#!/usr/bin/env bash
# A paused sender never bursts.  S pings R with -c 300 -i 0.01 and is
# stopped (SIGSTOP) for about a second, then continued: the probe slots
# that passed meanwhile are skipped, not sent back to back, and count
# toward -c.  So the run still ends (exit 0), sent + skipped == 300, R
# answered every probe sent (0.0% loss: the sequence numbers of the probes
# sent have no gap), R's own summary shows none lost, and S said on stderr
# how late it was and how many it skipped.  No timing is asserted beyond
# the pause being long enough to skip some.
. "$(dirname "$0")/lib.sh"

lan s=10.0.0.1/24 r=10.0.0.2/24

spawn r "$RECV" --name r -w 60 >"$T/r.out" 2>"$T/r.err"
rp=$!
wait_for "$T/r.err" joined 10

spawn s "$SEND" -j -c 300 -i 0.01 -W 1 >"$T/s.out" 2>"$T/s.err"
sp=$!
wait_for "$T/s.out" '"seq":50,' 10
kill -STOP "$sp"
sleep 1
kill -CONT "$sp"
wait "$sp"
expect_eq "sender exits 0" 0 $?

sum=$(grep '"event":"summary"' "$T/s.out")
sent=$(jq -r .sent <<<"$sum")
skipped=$(jq -r .skipped <<<"$sum")
echo "# sent $sent, skipped $skipped"
check "the JSON summary counts skipped probes ($skipped)" test "${skipped:-0}" -gt 0
expect_eq "sent + skipped == 300" 300 "$((sent + skipped))"
expect_eq "one responder answered every probe sent, 0.0% loss" \
	"1 $sent true" \
	"$(jq -r '"\(.responders | length) \(.responders[0].answered) \(.responders[0].loss_pct == 0)"' <<<"$sum")"
expect_eq "sent events: seq 0..sent-1, contiguous" "$(seq 0 $((sent - 1)))" \
	"$(jq -r 'select(.event == "sent") | .seq' "$T/s.out")"
# One note per late wake: the pause's, and on a loaded host maybe more.
notes=$(grep -cxE 'late by [0-9]+ ms: [0-9]+ probes skipped' "$T/s.err")
check "stderr: a note of the probes skipped ($notes)" test "$notes" -ge 1
expect_eq "stderr: the notes add up to the summary's skipped" "$skipped" \
	"$(sed -nE 's/^late by [0-9]+ ms: ([0-9]+) probes skipped$/\1/p' "$T/s.err" |
		awk '{ n += $1 } END { print n + 0 }')"
expect_eq "stderr: the banner, the notes and the timeout, nothing else" \
	"$((notes + 2))" "$(wc -l <"$T/s.err")"

# The same in text: the summary line says how many were skipped.
spawn s "$SEND" -c 100 -i 0.01 -W 0.5 >"$T/t.out" 2>"$T/t.err"
sp=$!
wait_for "$T/t.out" 'seq=20 ' 10
kill -STOP "$sp"
sleep 0.5
kill -CONT "$sp"
wait "$sp"
expect_eq "text: sender exits 0" 0 $?
check "text: the summary says N probes sent, K skipped" \
	grep -qE '^[0-9]+ probes sent, [0-9]+ skipped, 1 responders, [0-9]+ acks$' "$T/t.out"
check "text: the responder answered every probe sent" \
	grep -qE '^10\.0\.0\.2:10000 name="r": ([0-9]+)/\1 answered, 0\.0% loss, ' "$T/t.out"


kill -TERM "$rp"
wait "$rp"
expect_eq "receiver exits 0 on SIGTERM" 0 $?
check "the receiver's own summary: seq 0..$((sent - 1)), 0 lost" \
	grep -qE "^10\.0\.0\.1:[0-9]+: $sent datagrams, [0-9]+ bytes, probes seq 0\.\.$((sent - 1)), 0 lost, 0 dup, 0 reordered$" "$T/r.out"

done_testing
