#!/usr/bin/env bash
# Multicast ping with three hosts on one switch: the sender S and the
# receivers B ("hostb") and C ("hostc").
#  1. Both answer -c 10 -i 0.1; C is killed after it printed its fifth
#     datagram, so the summary shows loss for C only.
#  2. --expect 2 with two live receivers ends as soon as both answered the
#     last probe (reason "expect", exit 0) although -W is 20 s; --expect 3
#     with two receivers waits out -W and exits 1 (reason "timeout").
#  3. SIGINT prints the summary and exits 0; SIGQUIT prints a snapshot and
#     the run goes on.
. "$(dirname "$0")/lib.sh"

G=224.3.29.71:10000

lan s=10.0.0.1/24 b=10.0.0.2/24 c=10.0.0.3/24

# ---- 1. -c 10 -i 0.1, C killed halfway ------------------------------------
start_recv b b1 --name hostb -w 60
pb=$RP
start_recv c c1 --name hostc -w 60
pc=$RP

spawn s timeout 60 "$SEND" -c 10 -i 0.1 -W 1 >"$T/p.out" 2>"$T/p.err"
ps=$!
# C prints "received 43 bytes from 10.0.0.1:PORT seq=4" for its fifth probe.
if wait_for "$T/c1.out" ' seq=4$' 10; then
	ok "C printed its fifth datagram (seq=4)"
else
	not_ok "C printed its fifth datagram (seq=4)"
fi
# bash reports a job killed by a signal on its stderr: not a test result.
exec 3>&2 2>/dev/null
kill -KILL "$pc"
wait "$pc"
rc=$?
exec 2>&3 3>&-
expect_eq "C was killed by SIGKILL (status 137)" 137 "$rc"
wait "$ps"
expect_eq "sender exits 0: responders answered" 0 $?

# Without --expect the sender waits out -W for every responder.
expect_sending "sender stderr: what it sends, then the timeout" "$T/p.err" 10

grep '^received "ack" from 10\.0\.0\.2:' "$T/p.out" >"$T/p-b.acks"
grep '^received "ack" from 10\.0\.0\.3:' "$T/p.out" >"$T/p-c.acks"
nb=$(wc -l <"$T/p-b.acks")
nc=$(wc -l <"$T/p-c.acks")
expect_eq "B: ten ack lines" 10 "$nb"
check "B: every ack line is seq=N time=X ms hops=0 name=\"hostb\"" \
	eval '! grep -vqE "^received \"ack\" from 10\.0\.0\.2:10000 seq=[0-9]+ time=$RE_TIME ms hops=0 name=\"hostb\"\$" "$T/p-b.acks"'
expect_eq "B: seq 0..9, each once" "$(seq 0 9)" \
	"$(grep -oE 'seq=[0-9]+' "$T/p-b.acks" | cut -d= -f2 | sort -n)"
check "C: answered between 4 and 6 of the 10 probes (got $nc)" \
	test "$nc" -ge 4 -a "$nc" -le 6
check "C: every ack line is seq=N time=X ms hops=0 name=\"hostc\"" \
	eval '[ "$nc" -gt 0 ] && ! grep -vqE "^received \"ack\" from 10\.0\.0\.3:10000 seq=[0-9]+ time=$RE_TIME ms hops=0 name=\"hostc\"\$" "$T/p-c.acks"'
expect_eq "C: its acks are seq 0..$((nc - 1)), each once" "$(seq 0 $((nc - 1)))" \
	"$(grep -oE 'seq=[0-9]+' "$T/p-c.acks" | cut -d= -f2 | sort -n)"

# The summary: the last four lines of stdout, after every ack line.
expect_eq "stdout: acks, then the four summary lines" $((nb + nc + 4)) "$(wc -l <"$T/p.out")"
expect_eq "summary header" "--- $G statistics ---" "$(tail -n 4 "$T/p.out" | sed -n 1p)"
expect_eq "summary totals" "10 probes sent, 2 responders, $((nb + nc)) acks" \
	"$(tail -n 4 "$T/p.out" | sed -n 2p)"
check "summary: B answered 10/10, 0.0% loss" \
	grep -qxE "10\.0\.0\.2:10000 name=\"hostb\": 10/10 answered, 0\.0% loss, 0\.0% since first, 0 dup, 0 reordered, hops=0, $RE_RTT" "$T/p.out"
lossc=$(awk -v n="$nc" 'BEGIN { printf "%.1f", (10 - n) * 10 }')
check "summary: C answered $nc/10, $lossc% loss (> 0)" \
	grep -qxE "10\.0\.0\.3:10000 name=\"hostc\": $nc/10 answered, ${lossc//./\\.}% loss, ${lossc//./\\.}% since first, 0 dup, 0 reordered, hops=0, $RE_RTT" "$T/p.out"
check "summary: C's loss is above 0" test "$lossc" != 0.0
check "summary: only C shows loss" \
	eval '[ "$(tail -n 2 "$T/p.out" | grep -vc " 0\.0% loss")" -eq 1 ] && tail -n 2 "$T/p.out" | grep -v " 0\.0% loss" | grep -q "name=\"hostc\""'

check "C printed its datagrams seq=0..4 before it died" \
	eval '[ "$(grep -oE " seq=[0-9]+$" "$T/c1.out" | head -n 5 | tr -d " \n")" = "seq=0seq=1seq=2seq=3seq=4" ]'
stop_recv TERM "$pb" "B after the ping" b1
check "B's summary: ten probes, seq 0..9, none lost" \
	grep -qxE '10\.0\.0\.1:[0-9]+: 10 datagrams, 430 bytes, probes seq 0\.\.9, 0 lost, 0 dup, 0 reordered' "$T/b1.out"

# ---- 2. --expect ------------------------------------------------------------
start_recv b b2 --name hostb -w 60
pb=$RP
start_recv c c2 --name hostc -w 60
pc=$RP

# -W 20 and "2 of 2 expected": the run ended because the expectation was
# met, not because 20 s passed (which the timeout would have said instead).
on s timeout 60 "$SEND" -c 3 -i 0.1 -e 2 -W 20 >"$T/e2.out" 2>"$T/e2.err"
expect_eq "--expect 2, two receivers: exit 0" 0 $?
expect_sending "--expect 2: stderr says the expectation was met" "$T/e2.err" 3 \
	'2 of 2 expected responders answered the last probe'
expect_eq "--expect 2: six ack lines, three from each" "3 3" \
	"$(grep -c '^received "ack" from 10\.0\.0\.2:10000 seq=' "$T/e2.out") $(grep -c '^received "ack" from 10\.0\.0\.3:10000 seq=' "$T/e2.out")"
expect_eq "--expect 2: summary totals" "3 probes sent, 2 responders, 6 acks" \
	"$(grep ' probes sent, ' "$T/e2.out")"

on s timeout 60 "$SEND" -j -c 3 -i 0.1 -e 2 -W 20 >"$T/e2j.out" 2>"$T/e2j.err"
expect_eq "--expect 2 --json: exit 0" 0 $?
expect_eq "--expect 2 --json: summary reason \"expect\", final, 6 acks, 2 responders" \
	'"expect" true 6 2' \
	"$(jq -r 'select(.event == "summary") | "\(.reason | tojson) \(.final) \(.acks) \(.responders | length)"' "$T/e2j.out")"
expect_eq "--expect 2 --json: no timeout event" 0 "$(grep -c '"event":"timeout"' "$T/e2j.out")"
expect_eq "--expect 2 --json: stderr as in text mode" \
	"$(cat "$T/e2.err")" "$(cat "$T/e2j.err")"

on s timeout 60 "$SEND" -c 3 -i 0.1 -e 3 -W 1 >"$T/e3.out" 2>"$T/e3.err"
expect_eq "--expect 3, two receivers: exit 1" 1 $?
expect_sending "--expect 3: stderr says it timed out" "$T/e3.err" 3
expect_eq "--expect 3: both receivers still answered every probe" \
	"3 probes sent, 2 responders, 6 acks" "$(grep ' probes sent, ' "$T/e3.out")"

on s timeout 60 "$SEND" -j -c 3 -i 0.1 -e 3 -W 1 >"$T/e3j.out" 2>"$T/e3j.err"
expect_eq "--expect 3 --json: exit 1" 1 $?
expect_eq "--expect 3 --json: stderr as in text mode" "$(cat "$T/e3.err")" "$(cat "$T/e3j.err")"
expect_eq "--expect 3 --json: summary reason \"timeout\", final, 6 acks, 2 responders" \
	'"timeout" true 6 2' \
	"$(jq -r 'select(.event == "summary") | "\(.reason | tojson) \(.final) \(.acks) \(.responders | length)"' "$T/e3j.out")"
expect_eq "--expect 3 --json: one timeout event" 1 "$(grep -c '"event":"timeout"' "$T/e3j.out")"

# ---- 3. SIGINT and SIGQUIT --------------------------------------------------
# SIGINT: a summary, exit 0 since acks came, nothing more on stderr.
spawn s "$SEND" -c 100 -i 0.1 -W 1 >"$T/si.out" 2>"$T/si.err"
ps=$!
wait_for "$T/si.out" '^received .* seq=4 ' 20
kill -INT "$ps"
wait "$ps"
expect_eq "SIGINT: exit 0, acks came" 0 $?
expect_eq "SIGINT: stderr only the sending line" \
	"$SENDING, 100 probes" "$(cat "$T/si.err")"
na=$(grep -c '^received "ack" from ' "$T/si.out")
sent=$(sed -nE 's/^([0-9]+) probes sent, 2 responders, [0-9]+ acks$/\1/p' "$T/si.out")
check "SIGINT: summary totals count every ack line ($na)" \
	grep -qxE "[0-9]+ probes sent, 2 responders, $na acks" "$T/si.out"
check "SIGINT: the run stopped early, 5..99 probes sent (got ${sent:-none})" \
	test "${sent:-0}" -ge 5 -a "${sent:-0}" -le 99
expect_eq "SIGINT: the summary block ends stdout" \
	"--- $G statistics ---" "$(tail -n 4 "$T/si.out" | sed -n 1p)"
check "SIGINT: summary lines for hostb and hostc" \
	eval 'tail -n 2 "$T/si.out" | grep -q "^10\.0\.0\.2:10000 name=\"hostb\": " &&
	tail -n 2 "$T/si.out" | grep -q "^10\.0\.0\.3:10000 name=\"hostc\": "'

# SIGQUIT: a snapshot, then more acks, then SIGINT for the final summary.
# after_snapshot: an ack line follows the first summary header.
after_snapshot() {
	awk '/^--- / { s = 1 } s && /^received / { f = 1 } END { exit !f }' "$T/sq.out"
}
spawn s "$SEND" -c 100 -i 0.05 -W 1 >"$T/sq.out" 2>"$T/sq.err"
ps=$!
wait_for "$T/sq.out" '^received .* seq=3 ' 20
kill -QUIT "$ps"
check "SIGQUIT: a snapshot summary appears" wait_for "$T/sq.out" '^--- ' 10
check "SIGQUIT: the run goes on, more ack lines after the snapshot" \
	until_true 10 after_snapshot
check "SIGQUIT: the sender is still running" kill -0 "$ps"
kill -INT "$ps"
wait "$ps"
expect_eq "SIGQUIT then SIGINT: exit 0" 0 $?
expect_eq "SIGQUIT then SIGINT: stderr only the sending line" \
	"$SENDING, 100 probes" "$(cat "$T/sq.err")"
expect_eq "SIGQUIT then SIGINT: two summary blocks, snapshot and final" 2 \
	"$(grep -cx -- "--- $G statistics ---" "$T/sq.out")"
# The snapshot's totals count exactly the ack lines printed before it.
nbefore=$(awk '/^--- / { exit } /^received / { n++ } END { print n + 0 }' "$T/sq.out")
check "SIGQUIT: the snapshot counts the $nbefore acks before it" \
	eval 'awk "/^--- /{ getline; print; exit }" "$T/sq.out" | grep -qxE "[0-9]+ probes sent, 2 responders, $nbefore acks"'
expect_eq "SIGQUIT then SIGINT: the final summary ends stdout" \
	"--- $G statistics ---" "$(tail -n 4 "$T/sq.out" | sed -n 1p)"

stop_recv TERM "$pb" B b2
stop_recv TERM "$pc" C c2

done_testing
