#!/usr/bin/env bash
# Signals never cut output (issue 11, items 5 and 9).  Each program writes
# JSON Lines into a pipe whose reader waits, so that its stdout blocks in
# write(); then SIGQUIT (a snapshot) and SIGINT (the end) arrive, and only
# then does the reader read.  The program must exit with its documented
# status, every line on stdout must be whole JSON, the snapshot and the
# final summary must both be there, and stderr must hold no "stdout:"
# error (an interrupted write, or a stale errno reported at exit).
# And a SIGTERM that arrives before the run (here while mcast-send reads
# its payload from stdin) ends the program normally, it does not kill it.
# Everything runs on lo inside a namespace of its own.
. "$(dirname "$0")/lib.sh"

ns_add x
PY=/usr/bin/python3
long=$(head -c 1000 /dev/zero | tr '\0' x)

# blocked PID: PID sleeps in a write to a full pipe (waits up to 10 s).
blocked() {
	local i=0
	while [ "$i" -lt 200 ]; do
		grep -q pipe_write "/proc/$1/wchan" 2>/dev/null && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# json_lines FILE: every line of FILE is one whole JSON object.
json_lines() {
	"$PY" -c '
import json, sys
n = 0
for line in open(sys.argv[1], "rb"):
    if not line.endswith(b"\n") or not isinstance(json.loads(line), dict):
        sys.exit(1)
    n += 1
sys.exit(0 if n > 0 else 1)' "$1"
}

# summaries FILE: the "final" values of FILE's summary events, one a line.
summaries() {
	"$PY" -c '
import json, sys
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if e.get("event") == "summary":
        print(str(e.get("final")).lower())' "$1"
}

# slow_reader NAME: a reader of the FIFO NAME.fifo into NAME.out that
# reads nothing until NAME.go exists.
slow_reader() {
	mkfifo "$T/$1.fifo"
	(while [ ! -e "$T/$1.go" ]; do sleep 0.05; done; cat >"$T/$1.out") \
		<"$T/$1.fifo" &
}

# ---- mcast-recv -j into a blocked pipe --------------------------------------
slow_reader r
spawn x "$RECV" -I lo -j --ack-rate 0 239.1.1.1 >"$T/r.fifo" 2>"$T/r.err"
rp=$!
check "recv: joined" wait_for "$T/r.err" joined
on x "$SEND" -I lo -q -c 2000 -i 0.001 -W 0.2 -m "$long" 239.1.1.1 \
	>/dev/null 2>&1
check "recv: stdout blocked on the full pipe" blocked "$rp"
kill -QUIT "$rp"
sleep 0.3
kill -INT "$rp"
sleep 0.3
touch "$T/r.go"
wait "$rp"
expect_eq "recv: SIGQUIT then SIGINT while stdout blocks: exit 0" 0 $?
wait
check "recv: every line of stdout is whole JSON" json_lines "$T/r.out"
expect_eq "recv: the snapshot, then the final summary" \
	"$(printf 'false\ntrue')" "$(summaries "$T/r.out")"
check "recv: stderr has no stdout error" \
	bash -c '! grep -E "stdout|Interrupted" "$1"' - "$T/r.err"

# ---- mcast-send -j into a blocked pipe --------------------------------------
spawn x "$RECV" -I lo -q --ack-rate 0 -w 30 239.1.1.1 >/dev/null 2>&1
bg=$!
sleep 0.3
slow_reader s
spawn x "$SEND" -I lo -j -c 100000 -i 0.001 -m "$long" 239.1.1.1 \
	>"$T/s.fifo" 2>"$T/s.err"
sp=$!
check "send: stdout blocked on the full pipe" blocked "$sp"
kill -QUIT "$sp"
sleep 0.3
kill -INT "$sp"
sleep 0.3
touch "$T/s.go"
wait "$sp"
expect_eq "send: SIGQUIT then SIGINT while stdout blocks: exit 0 (a responder answered)" 0 $?
kill -INT "$bg" 2>/dev/null
wait
check "send: every line of stdout is whole JSON" json_lines "$T/s.out"
expect_eq "send: the snapshot, then the final summary" \
	"$(printf 'false\ntrue')" "$(summaries "$T/s.out")"
check "send: stderr has no stdout error" \
	bash -c '! grep -E "stdout|Interrupted" "$1"' - "$T/s.err"

# ---- SIGTERM before the run: handlers are in place from the start ---------
# mcast-send reads its payload from a pipe that stays open: SIGTERM there
# ends it like any other SIGTERM (summary, nothing sent, status 1: no
# responder), never a death by the signal.
mkfifo "$T/in.fifo"
sleep 30 >"$T/in.fifo" &
holder=$!
spawn x "$SEND" -I lo -j -f - 239.1.1.1 <"$T/in.fifo" >"$T/e.out" 2>"$T/e.err"
ep=$!
sleep 0.5
kill -TERM "$ep"
wait "$ep"
expect_eq "send: SIGTERM while reading -f -: exit 1 (no responder), not killed" 1 $?
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
expect_eq "send: SIGTERM while reading -f -: nothing sent, the final summary" \
	"summary" "$(jq -r .event "$T/e.out" 2>&1)"
expect_eq "send: SIGTERM while reading -f -: stderr empty" "" "$(cat "$T/e.err")"

done_testing
