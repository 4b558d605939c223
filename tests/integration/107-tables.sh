#!/usr/bin/env bash
# Table caps, reached with real traffic.  Both tools keep statistics for
# up to 65536 peers, allocated as they arrive; past that they say so.
#  1. mcast-send: F answers one probe 65600 times from one socket, each ack
#     with another name, so 65600 responders (address, port, name).  The
#     summary tracks 65536 of them, one ack each, and names the full table
#     with the acks it could not count; JSON "untracked" says the same.
#     "ignored" stays 0: every ack matched the probe.
#  2. mcast-recv: F sends 65600 probes from one socket, each with another
#     session, so 65600 senders.  The summary tracks 65536 and names the
#     full table; every datagram is still printed; JSON "untracked" agrees.
# F paces its datagrams; should the kernel still drop some, the checks
# allow it: the untracked count is then smaller, never the tracked one.
# Prints the VmHWM of each tool (memory for 65536 peers) as a comment.
. "$(dirname "$0")/lib.sh"

F=$(dirname "$0")/fleet.py
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
N=65600
G=224.3.29.71

lan s=10.0.0.1/24 f=10.0.0.2/24

# hwm PID: the peak resident set of PID in kB, while it still runs.
hwm() { awk '$1 == "VmHWM:" { print $2 }' "/proc/$1/status" 2>/dev/null; }

# ---- 1. mcast-send's responder table ----------------------------------------
spawn f "$PY" "$F" acks "$G" 10000 "$N" >"$T/f1.out" 2>"$T/f1.err"
fp=$!
wait_for "$T/f1.err" joined 10
wait_joined f "$G" eth0
spawn s "$SEND" -c 2 -i 8 -W 1 >"$T/s.out" 2>"$T/s.err"
sp=$!
wait_for "$T/f1.out" sent 60
sleep 1
echo "# mcast-send VmHWM with a full responder table: $(hwm "$sp") kB"
wait "$sp"
expect_eq "send: exits 0" 0 $?
wait "$fp"
head=$(grep " probes sent, " "$T/s.out")
u=$(sed -nE 's/.*responder table full \(65536\): ([0-9]+) acks from more responders not counted$/\1/p' <<<"$head")
echo "# $head"
check "send: the summary names the full table (65536) and what it left out ($u)" \
	test -n "$u" -a "${u:-0}" -ge 1 -a "${u:-0}" -le $((N - 65536))
check "send: 65536 responders, one ack each, none ignored" \
	grep -qxE "2 probes sent, 65536 responders, 65536 acks, responder table full .*" <<<"$head"
expect_eq "send: 65536 ack lines, one per tracked responder" 65536 \
	"$(grep -c '^received "ack" from 10\.0\.0\.2:10000 seq=0 ' "$T/s.out")"
expect_eq "send: stderr is the banner and the timeout" 2 "$(wc -l <"$T/s.err")"

# The same in JSON: "untracked", and "ignored" 0.
spawn f "$PY" "$F" acks "$G" 10000 "$N" >"$T/f2.out" 2>"$T/f2.err"
fp=$!
wait_for "$T/f2.err" joined 10
on s "$SEND" -j -c 1 -W 8 >"$T/j.out" 2>"$T/j.err"
expect_eq "send -j: exits 0" 0 $?
wait "$fp"
got=$(jq -r 'select(.event == "summary") |
	"\(.responders | length) \(.acks) \(.ignored) \(.untracked > 0) \(.untracked <= '$((N - 65536))')"' "$T/j.out")
expect_eq "send -j: 65536 responders and acks, 0 ignored, untracked 1..$((N - 65536))" \
	"65536 65536 0 true true" "$got"

# ---- 2. mcast-recv's sender table ------------------------------------------
spawn s "$RECV" --no-ack -w 120 "$G" >"$T/r.out" 2>"$T/r.err"
rp=$!
wait_for "$T/r.err" joined 10
on f "$PY" "$F" probes "$G" 10000 "$N" >/dev/null
n=0
while [ "$n" -lt 600 ] && [ "$(grep -c '^received ' "$T/r.out")" -lt "$N" ]; do
	sleep 0.1
	n=$((n + 1))
done
echo "# mcast-recv VmHWM with a full sender table: $(hwm "$rp") kB"
kill -INT "$rp"
wait "$rp"
expect_eq "recv: exits 0 on SIGINT" 0 $?
got=$(grep -c '^received ' "$T/r.out")
head=$(grep -E '^[0-9]+ datagrams from ' "$T/r.out")
echo "# $head"
check "recv: every datagram printed ($got of $N, the rest dropped by the kernel)" \
	grep -qxE "$got datagrams from 65536 senders, $((N - got)) dropped by the kernel, 0 acks sent, sender table full \(65536\): $((got - 65536)) datagrams from more senders not counted per sender" <<<"$head"

# The same in JSON.
spawn s "$RECV" -j --no-ack -w 120 "$G" >"$T/rj.out" 2>"$T/rj.err"
rp=$!
wait_for "$T/rj.err" joined 10
on f "$PY" "$F" probes "$G" 10000 "$N" >/dev/null
n=0
while [ "$n" -lt 600 ] && [ "$(grep -c '"event":"datagram"' "$T/rj.out")" -lt "$N" ]; do
	sleep 0.1
	n=$((n + 1))
done
kill -INT "$rp"
wait "$rp"
expect_eq "recv -j: exits 0 on SIGINT" 0 $?
got=$(grep -c '"event":"datagram"' "$T/rj.out")
expect_eq "recv -j: 65536 senders, untracked = datagrams past them" \
	"$got 65536 $((got - 65536))" \
	"$(jq -r 'select(.event == "summary") |
		"\(.datagrams) \(.senders | length) \(.untracked)"' "$T/rj.out")"

done_testing
