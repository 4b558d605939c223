#!/usr/bin/env bash
# A flood never makes either tool deaf (issue 11, item 12): iperf2 floods
# for 6 s, and 1 s in a SIGTERM must end the tool while the flood still
# runs, with its summary printed and exit 0 (the tool takes at most a
# bounded number of datagrams per wake, then looks at its signals and
# deadline).  The same for -w: a 1 s deadline ends the run during the
# flood.  Elapsed times are printed as figures.
. "$(dirname "$0")/lib.sh"

lan s=10.0.0.1/24 r=10.0.0.2/24
G=239.1.1.1

# flood HOST DEST PORT: iperf2 sends 64-byte datagrams for 6 s; $! is it.
flood() {
	spawn "$1" iperf -u -c "$2" -p "$3" -T 1 -l 64 -b 100g -t 6
}

# ---- mcast-recv, SIGTERM ------------------------------------------------------
start_recv r rt -q --no-ack -w 60 $G
rp=$RP
flood s $G 10000 >/dev/null 2>&1
fp=$!
sleep 1
kill_timed TERM "$rp" "mcast-recv, 1 s into a flood"
check "mcast-recv flooded: the flood still runs when it has exited" kill -0 "$fp"
expect_eq "mcast-recv flooded, SIGTERM: exit 0" 0 "$RC"
check "mcast-recv flooded, SIGTERM: the summary counts datagrams" \
	grep -qE '^[1-9][0-9]* datagrams from 1 senders' "$T/rt.out"
wait "$fp"

# ---- mcast-recv, -w -----------------------------------------------------------
flood s $G 10000 >/dev/null 2>&1
fp=$!
t=$(date +%s%N)
on r "$RECV" -q --no-ack -w 1 $G >"$T/rw.out" 2>"$T/rw.err"
rc=$?
echo "# mcast-recv -w 1 during a flood: exit after $(ms_since "$t") ms"
check "mcast-recv -w 1 flooded: the flood still runs when it has exited" kill -0 "$fp"
expect_eq "mcast-recv -w 1 flooded: exit 0 (datagrams arrived)" 0 "$rc"
wait "$fp"

# ---- mcast-send, SIGTERM ------------------------------------------------------
spawn s "$SEND" -q -c 1 -W 30 $G >"$T/st.out" 2>"$T/st.err"
sp=$!
until_true 5 bash -c "ip netns exec $(ns s) ss -Huanp | grep -q 'pid=$sp,'"
port=$(ip netns exec "$(ns s)" ss -Huanp | grep "pid=$sp," | awk '{ print $4 }' | sed 's/.*://')
check "mcast-send's port is known ($port)" test -n "$port"
flood r 10.0.0.1 "$port" >/dev/null 2>&1
fp=$!
sleep 1
kill_timed TERM "$sp" "mcast-send, 1 s into a flood of its port"
check "mcast-send flooded: the flood still runs when it has exited" kill -0 "$fp"
expect_eq "mcast-send flooded, SIGTERM: exit 1 (iperf's datagrams are no acks)" 1 "$RC"
check "mcast-send flooded, SIGTERM: the summary is printed" \
	grep -qE '^--- 239\.1\.1\.1:10000 statistics ---$' "$T/st.out"
check "mcast-send flooded, SIGTERM: no responder, the flood ignored" \
	grep -qE '^1 probes sent, 0 responders, 0 acks, [1-9][0-9]* ignored$' "$T/st.out"
wait "$fp"

done_testing
