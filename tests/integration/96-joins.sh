#!/usr/bin/env bash
# Thousands of joins never keep the user waiting (issue 11, item 8).
#  1. SIGINT while mcast-recv is joining 65536 groups: it stops joining,
#     prints its summary and exits 0, as for a SIGINT at any other time.
#  2. -w counts from the start, joins included: -w 0.3 with 65536 groups
#     ends with "deadline reached" and exit 1 however far the joins got.
#  3. Leaving is quick too: sockets are closed newest first.
# Times are printed as figures (# lines), never asserted.
. "$(dirname "$0")/lib.sh"

lan r=10.0.0.2/24
N=65536

# ---- 1. SIGINT during the joins -------------------------------------------
spawn r timeout 60 "$RECV" 239.1.0.0+$N >"$T/i.out" 2>"$T/i.err"
p=$!
sleep 0.2
kill_timed INT "$p" "0.2 s into $N joins"
expect_eq "SIGINT during joins: exit 0" 0 "$RC"
check "SIGINT during joins: the summary is printed" \
	grep -qE '^0 datagrams from 0 senders, 0 dropped by the kernel, 0 acks sent$' "$T/i.out"
check "SIGINT during joins: stderr says nothing went wrong" \
	bash -c "! grep -qvE '^(joined |joining: [0-9]+ of $N groups$)' '$T/i.err'"

# ---- 2. -w counts from the start -------------------------------------------
t=$(date +%s%N)
on r timeout 60 "$RECV" -w 0.3 239.1.0.0+$N >"$T/w.out" 2>"$T/w.err"
rc=$?
echo "# -w 0.3 with $N groups: exit after $(ms_since "$t") ms"
expect_eq "-w 0.3 with $N groups: exit 1 (nothing arrived)" 1 "$rc"
check "-w 0.3 with $N groups: deadline reached" \
	grep -qxE 'deadline reached after 0 datagrams' "$T/w.err"
check "-w 0.3 with $N groups: the summary is printed" \
	grep -qE '^--- 239\.1\.0\.0\.\.239\.1\.[0-9]+\.[0-9]+ port 10000 statistics ---$' "$T/w.out"

# ---- 3. All joined, then leaving --------------------------------------------
spawn r timeout 60 "$RECV" 239.1.0.0+$N >"$T/l.out" 2>"$T/l.err"
p=$!
wait_for "$T/l.err" '^joined ' 30
check "$N groups: all joined" \
	grep -qxE "joined 239\.1\.0\.0\.\.239\.1\.255\.255 \($N groups, [0-9]+ sockets\) on the default interface, listening on port 10000" "$T/l.err"
kill_timed INT "$p" "leaving $N groups"
expect_eq "$N groups joined, SIGINT: exit 0" 0 "$RC"

done_testing
