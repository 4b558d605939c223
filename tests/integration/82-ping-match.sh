#!/usr/bin/env bash
# Matching acks to probes, with responders that are not mcast-recv:
#  1. probe_responder.py (an independent implementation of the version 1
#     wire format) answers every probe 0.3 s late while probes go out every
#     0.05 s, so acks of different probes interleave: each is still matched
#     to its own probe, and every round trip shows the delay.
#  2. socat answering "ack" 0.2 s late: a plain peer, its delay in the RTT.
#  3. socat answering "ack" at once, the classic example's receiver: it
#     still counts (exit 0, "plain"), in text and JSON.
#  4. Forged acks (another session, another stamp, a seq never sent) are
#     ignored and counted as such.
# The lower bounds on time= follow from the injected delays; nothing here
# asserts an upper bound on a time.
. "$(dirname "$0")/lib.sh"

G=224.3.29.71:10000
PY=$TOP/tests/integration/probe_responder.py

# times FILE: the time= of every ack line, one per line.
times() {
	grep -oE ' time=[0-9]+\.[0-9]+ ms' "$1" | sed -E 's/ time=([0-9.]+) ms/\1/'
}

# all_at_least MIN: every number on stdin is >= MIN, and there is one.
all_at_least() {
	awk -v min="$1" '$1 + 0 < min + 0 { bad = 1 } { n++ } END { exit bad || n == 0 }'
}

# silent_err DESC FILE N: FILE is the stderr of a run of N probes that
# nobody answered: what it sends, the timeout, then the advice mcast-send
# gives when nothing answers (what it says depends on the host and is
# tested elsewhere).  One result, unlike expect_silence's two.
silent_err() {
	if [ "$(sed -n 1,2p "$2")" = "$(printf '%s\n%s' "$SENDING, $3 probes" \
		'timed out, no more responses')" ] && advice "$2"; then
		ok "$1"
	else
		not_ok "$1"
		sed 's/^/#   | /' "$2"
	fi
}

lan s=10.0.0.1/24 b=10.0.0.2/24 c=10.0.0.3/24

# ---- 1. a slow probe-aware responder, interval << RTT ---------------------
spawn b python3 "$PY" eth0 224.3.29.71 10000 0.3 slowpy 5 >"$T/py.out" 2>"$T/py.err"
py=$!
wait_for "$T/py.err" joined 10 && wait_joined b 224.3.29.71 eth0
on s timeout 60 "$SEND" -c 20 -i 0.05 -W 1 >"$T/m.out" 2>"$T/m.err"
expect_eq "slow responder: sender exits 0" 0 $?
expect_sending "slow responder: sender stderr" "$T/m.err" 20
grep '^received ' "$T/m.out" >"$T/m.acks"
expect_eq "slow responder: 20 ack lines" 20 "$(wc -l <"$T/m.acks")"
check "slow responder: every ack exact: seq=N time=X ms hops=0 name=\"slowpy\", no plain/dup/reordered" \
	eval '! grep -vqE "^received \"ack\" from 10\.0\.0\.2:10000 seq=[0-9]+ time=$RE_TIME ms hops=0 name=\"slowpy\"\$" "$T/m.acks"'
expect_eq "slow responder: seq 0..19, each once" "$(seq 0 19)" \
	"$(grep -oE 'seq=[0-9]+' "$T/m.acks" | cut -d= -f2 | sort -n)"
check "slow responder: every time= is at least 300 ms (the injected delay)" \
	eval 'times "$T/m.acks" | all_at_least 300'
expect_eq "slow responder: stdout is the acks and a 3-line summary" 23 "$(wc -l <"$T/m.out")"
expect_eq "slow responder: summary header" "--- $G statistics ---" "$(sed -n 21p "$T/m.out")"
expect_eq "slow responder: summary totals" "20 probes sent, 1 responders, 20 acks" "$(sed -n 22p "$T/m.out")"
check "slow responder: 20/20 answered, 0 dup, 0 reordered, hops=0" \
	grep -qxE "10\.0\.0\.2:10000 name=\"slowpy\": 20/20 answered, 0\.0% loss, 0\.0% since first, 0 dup, 0 reordered, hops=0, $RE_RTT" "$T/m.out"
check "slow responder: rtt min is at least 300 ms" \
	eval 'sed -n 23p "$T/m.out" | sed -E "s|.* = ([0-9.]+)/.*|\1|" | all_at_least 300'

wait "$py"
expect_eq "slow responder: exits 0 after its run time" 0 $?
expect_eq "slow responder: stderr only says it joined" "joined 224.3.29.71 on eth0" "$(cat "$T/py.err")"
expect_eq "slow responder: got probes 0..19, each with ttl 1, from the sender" \
	"$(seq 0 19 | sed 's/.*/probe seq=& ttl=1 from 10.0.0.1/')" \
	"$(grep '^probe ' "$T/py.out" | sed -E 's/:[0-9]+$//')"
expect_eq "slow responder: sent 20 acks" 20 "$(grep -c '^ack seq=' "$T/py.out")"
# The proof that acks interleaved with probes: probe 1 arrived before the
# ack of probe 0 left (0.05 s against 0.3 s).
check "slow responder: probe 1 arrived before the ack of probe 0 left" \
	eval '[ "$(grep -nE "^probe seq=1 " "$T/py.out" | cut -d: -f1)" -lt "$(grep -nE "^ack seq=0 " "$T/py.out" | cut -d: -f1)" ]'

# ---- 2. socat answering "ack" after 0.2 s ----------------------------------
# fork: a child per datagram, answering from port 10000 to the datagram's
# source.  The interval (1 s) leaves each plain ack with its own probe.
spawn b timeout 30 socat UDP4-RECVFROM:10000,ip-add-membership=224.3.29.71:eth0,reuseaddr,fork \
	SYSTEM:'sleep 0.2; printf ack' >"$T/so1.out" 2>"$T/so1.err"
so=$!
wait_joined b 224.3.29.71 eth0
on s timeout 60 "$SEND" -c 3 -i 1 -W 1 >"$T/d.out" 2>"$T/d.err"
expect_eq "socat with sleep: sender exits 0" 0 $?
expect_sending "socat with sleep: sender stderr" "$T/d.err" 3
grep '^received ' "$T/d.out" >"$T/d.acks"
expect_eq "socat with sleep: three plain ack lines, seq 0, 1, 2" \
	"$(printf 'received "ack" from 10.0.0.2:10000 seq=%s plain\n' 0 1 2)" \
	"$(sed -E 's/ time=[0-9]+\.[0-9]{3} ms / /' "$T/d.acks")"
check "socat with sleep: every time= is at least 200 ms (the sleep)" \
	eval 'times "$T/d.acks" | all_at_least 200'
expect_eq "socat with sleep: summary" \
	"$(printf '%s\n%s' "--- $G statistics ---" "3 probes sent, 1 responders, 3 acks")" \
	"$(sed -n 4,5p "$T/d.out")"
check "socat with sleep: 3/3 answered, 3 plain, no name, no hops" \
	grep -qxE "10\.0\.0\.2:10000: 3/3 answered, 0\.0% loss, 0\.0% since first, 0 dup, 0 reordered, 3 plain, $RE_RTT" "$T/d.out"
check "socat with sleep: rtt min is at least 200 ms" \
	eval 'tail -n 1 "$T/d.out" | sed -E "s|.* = ([0-9.]+)/.*|\1|" | all_at_least 200'
expect_eq "socat with sleep: stdout has 6 lines" 6 "$(wc -l <"$T/d.out")"
kill -TERM "$so"
wait "$so"
expect_eq "socat with sleep: socat stderr empty" "" "$(cat "$T/so1.err")"

# ---- 3. the classic example's receiver: socat answering "ack" at once ------
spawn b timeout 30 socat UDP4-RECVFROM:10000,ip-add-membership=224.3.29.71:eth0,reuseaddr,fork \
	SYSTEM:"cat >>'$T/so2.in'; printf ack" >"$T/so2.out" 2>"$T/so2.err"
so=$!
wait_joined b 224.3.29.71 eth0
on s timeout 60 "$SEND" -c 1 -W 1 >"$T/p.out" 2>"$T/p.err"
expect_eq "plain peer: sender exits 0, a plain ack counts" 0 $?
expect_sending "plain peer: sender stderr" "$T/p.err" 1
check "plain peer: the ack line is marked plain" \
	grep -qxE "received \"ack\" from 10\.0\.0\.2:10000 seq=0 time=$RE_TIME ms plain" "$T/p.out"
check "plain peer: summary 1/1 answered, 1 plain" \
	grep -qxE "10\.0\.0\.2:10000: 1/1 answered, 0\.0% loss, 0\.0% since first, 0 dup, 0 reordered, 1 plain, $RE_RTT" "$T/p.out"
expect_eq "plain peer: stdout has 4 lines" 4 "$(wc -l <"$T/p.out")"
# What socat got is the probe of src/probe.h: magic "MC", version 1, type 1
# (probe), then session (any), seq 0, stamp (any), flags, ttl, namelen and
# reserved all 0, and the message: 24 + 19 = 43 bytes.
probe=$(head -c 43 "$T/so2.in" | hex)
expect_eq "plain peer: socat got a 43-byte version 1 probe, seq 0, message after the header" \
	"4d430101 00000000 00000000 $(strhex 'very important data')" \
	"${probe:0:8} ${probe:16:8} ${probe:40:8} ${probe:48}"

on s timeout 60 "$SEND" -j -c 1 -W 1 >"$T/pj.out" 2>"$T/pj.err"
expect_eq "plain peer --json: exit 0" 0 $?
expect_eq "plain peer --json: sender stderr as in text mode" "$(cat "$T/p.err")" "$(cat "$T/pj.err")"
expect_eq "plain peer --json: ack not exact, no name, hops or ttl, payload \"ack\"" \
	'"10.0.0.2:10000" 0 false null null null "ack"' \
	"$(jq -c -r 'select(.event == "ack") | "\(.from | tojson) \(.seq) \(.exact) \(.name) \(.hops) \(.ttl) \(.payload | tojson)"' "$T/pj.out")"
expect_eq "plain peer --json: summary: one responder, answered 1, plain 1, name null" \
	'1 1 1 null 1' \
	"$(jq -r 'select(.event == "summary") | "\(.acks) \(.responders[0].answered) \(.responders[0].plain) \(.responders[0].name) \(.responders | length)"' "$T/pj.out")"
kill -TERM "$so"
wait "$so"
expect_eq "plain peer: socat stderr empty" "" "$(cat "$T/so2.err")"
expect_eq "plain peer: socat got two 43-byte probes" 86 "$(wc -c <"$T/so2.in")"

# ---- 4. forged acks ----------------------------------------------------------
# For each probe, three acks: another session, another stamp, seq + 1000.
spawn b python3 "$PY" eth0 224.3.29.71 10000 0 forger 60 forge >"$T/fg.out" 2>"$T/fg.err"
fg=$!
wait_for "$T/fg.err" joined 10 && wait_joined b 224.3.29.71 eth0

on s timeout 60 "$SEND" -c 3 -i 0.1 -W 1 >"$T/f.out" 2>"$T/f.err"
expect_eq "forged acks only: sender exits 1, nobody answered" 1 $?
silent_err "forged acks only: sender stderr: timed out, then the advice for silence" "$T/f.err" 3
expect_eq "forged acks only: no ack line, summary counts 9 ignored" \
	"$(printf '%s\n%s' "--- $G statistics ---" "3 probes sent, 0 responders, 0 acks, 9 ignored")" \
	"$(cat "$T/f.out")"

on s timeout 60 "$SEND" -j -c 3 -i 0.1 -W 1 >"$T/fj.out" 2>"$T/fj.err"
expect_eq "forged acks only --json: exit 1" 1 $?
silent_err "forged acks only --json: sender stderr as in text mode" "$T/fj.err" 3
expect_eq "forged acks only --json: no ack event" 0 "$(grep -c '"event":"ack"' "$T/fj.out")"
expect_eq "forged acks only --json: summary ignored 9, acks 0, no responders" \
	'9 0 []' \
	"$(jq -c -r 'select(.event == "summary") | "\(.ignored) \(.acks) \(.responders | tojson)"' "$T/fj.out")"

# A real receiver next to the forger: its acks count, the forged ones not.
start_recv c c --name hostc -w 60
pc=$RP
on s timeout 60 "$SEND" -c 3 -i 0.1 -W 1 >"$T/fc.out" 2>"$T/fc.err"
expect_eq "forger and hostc: sender exits 0" 0 $?
expect_sending "forger and hostc: sender stderr" "$T/fc.err" 3
grep '^received ' "$T/fc.out" >"$T/fc.acks"
check "forger and hostc: the only ack lines are hostc's seq 0, 1, 2" \
	eval '[ "$(sed -E "s/ time=$RE_TIME ms / /" "$T/fc.acks")" = "$(printf "received \"ack\" from 10.0.0.3:10000 seq=%s hops=0 name=\"hostc\"\n" 0 1 2)" ]'
expect_eq "forger and hostc: totals" "3 probes sent, 1 responders, 3 acks, 9 ignored" \
	"$(grep ' probes sent, ' "$T/fc.out")"
check "forger and hostc: hostc 3/3 answered" \
	grep -qxE "10\.0\.0\.3:10000 name=\"hostc\": 3/3 answered, 0\.0% loss, 0\.0% since first, 0 dup, 0 reordered, hops=0, $RE_RTT" "$T/fc.out"
stop_recv TERM "$pc" hostc c

kill -TERM "$fg"
wait "$fg"
expect_eq "forger: exits 0 on SIGTERM" 0 $?
expect_eq "forger: stderr only says it joined" "joined 224.3.29.71 on eth0" "$(cat "$T/fg.err")"
expect_eq "forger: forged 27 acks for the 9 probes it got" "27 9" \
	"$(grep -c '^forged ' "$T/fg.out") $(grep -c '^probe ' "$T/fg.out")"

done_testing
