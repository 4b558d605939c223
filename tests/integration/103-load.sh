#!/usr/bin/env bash
# Load (issue 5, "Load"): a million 64-byte datagrams at full speed
# (iperf2, no rate limit to speak of) from host S to mcast-recv on host R,
# over one veth cable.  Not a timing test: no rate passes or fails; the
# figures are printed as TAP comments.  What it proves:
#  1. The receiver survives: it is still running afterwards and exits 0 on
#     SIGINT, with its final JSON summary, and its memory stays bounded.
#  2. Nothing goes unaccounted for: the summary's datagrams + ignored +
#     dropped (SO_RXQ_OVFL) equal what reached R's UDP socket by the
#     kernel's own counters (/proc/net/snmp of R's namespace: InDatagrams,
#     counted when read, plus RcvbufErrors and MemErrors, counted when the
#     socket was full), within a handful.
#  3. And that equals what was sent (S's UDP OutDatagrams), less what the
#     veth link itself dropped (its tx/rx "dropped" counters), within a
#     handful: received + kernel drops = sent.
#  4. The same accounting when the drops come last, made certain: R is
#     stopped (SIGSTOP) with a small --rcvbuf while 1000 datagrams arrive,
#     so that its queue holds a few and the kernel drops the rest after
#     them; once R goes on and has read its queue, a SIGQUIT snapshot's
#     datagrams + dropped must equal what reached the socket; and after
#     one more datagram the final summary's must too.
#  5. With acks on (the default rate, 16000 per second per address) under
#     the same flood, the acks are bounded by the rate (at most 16000 for each
#     second of the run, plus the first second's burst), every datagram is
#     either acked or counted as over rate, and R's UDP OutDatagrams equal
#     the acks the summary claims.
# R's stdout goes through a FIFO to "tail -n 3", which keeps the summary:
# the lines of a million datagrams are written but not stored.
. "$(dirname "$0")/lib.sh"

G=224.3.29.71
N=1000000
TOL=5

# reached: datagrams that reached R's UDP sockets (read, or dropped there).
reached() {
	echo $(($(udp r InDatagrams) + $(udp r RcvbufErrors) + $(udp r MemErrors)))
}

# linkdrops: what the veth pair itself dropped, both ends.
linkdrops() {
	echo $(($(on s cat /sys/class/net/eth0/statistics/tx_dropped) +
		$(on r cat /sys/class/net/eth0/statistics/rx_dropped)))
}

# settle: until R's socket counters stop moving (R has read its queue).
settle() {
	local a b i=0
	a=$(reached)
	while [ "$i" -lt 60 ]; do
		sleep 0.5
		b=$(reached)
		[ "$a" = "$b" ] && return 0
		a=$b
		i=$((i + 1))
	done
	return 1
}


# flood COUNT: iperf2 sends COUNT 64-byte datagrams to the group from S.
flood() {
	on s iperf -u -c $G -p 10000 -T 1 -l 64 -b 100g -n $(($1 * 64)) \
		>"$T/iperf.out" 2>&1
}

echo "# $(iperf -v 2>&1 | head -n 1)"

ns_add s r
veth s eth0 10.5.0.1/24 r eth0 10.5.0.2/24
on s ip route add 224.0.0.0/4 dev eth0
on r ip route add 224.0.0.0/4 dev eth0

# --- 1-3. A million, no acks -------------------------------------------------------
start_recv -g $G -t 3 r load -q -j -w 600 --no-ack
out0=$(udp s OutDatagrams) in0=$(reached) ld0=$(linkdrops)
t0=$(date +%s.%N)
flood $N
expect_eq "iperf exits 0" 0 $?
t1=$(date +%s.%N)
settle
check "R's socket counters settled (R drained its queue)" test $? -eq 0
sent=$(($(udp s OutDatagrams) - out0))
got=$(($(reached) - in0))
ld=$(($(linkdrops) - ld0))
rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$RP/status" 2>/dev/null)
check "the receiver is still running after the flood" kill -0 "$RP"
kill -INT "$RP"
wait "$RP"
expect_eq "the receiver exits 0 on SIGINT" 0 $?
wait "$TP"
expect_eq "nothing on stderr (-q)" "" "$(cat "$T/load.err")"
sum=$(jq -r 'select(.event == "summary" and .final and .reason == "signal") |
	"\(.datagrams) \(.ignored) \(.dropped)"' "$T/load.out")
read -r dg ign drop <<EOF
${sum:-x x x}
EOF
check "its final JSON summary is there" test -n "$sum"
echo "# iperf: $(grep -oE 'Sent [0-9]+ datagrams' "$T/iperf.out"), $(grep -oE '[0-9.]+ [KMG]?bits/sec' "$T/iperf.out" | tail -n 1) in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s"
echo "# S: UDP OutDatagrams +$sent; veth drops +$ld"
echo "# R: UDP InDatagrams + RcvbufErrors + MemErrors +$got"
echo "# R's summary: $dg datagrams, $ign ignored, $drop dropped by the kernel ($(awk -v d="$drop" -v s="$sent" 'BEGIN { printf "%.1f", s ? 100 * d / s : 0 }')% of those sent)"
echo "# R's VmRSS after the flood: ${rss:-?} kB"
check "S sent at least the million ($sent)" test "$sent" -ge $N
diff=$((dg + ign + drop - got))
check "datagrams + ignored + dropped = what reached R's socket (off by $diff, at most $TOL)" \
	test "${diff#-}" -le $TOL
diff=$((got + ld - sent))
check "what reached R's socket + veth drops = what S sent (off by $diff, at most $TOL)" \
	test "${diff#-}" -le $TOL
check "R's VmRSS stayed under 64 MB (${rss:-?} kB)" test -n "$rss" -a "${rss:-0}" -lt 65536

# --- 4. Drops that come last ------------------------------------------------------------
start_recv -g $G -t 3 r stall -q -j -w 600 --no-ack --rcvbuf 4096
rd0=$(udp r InDatagrams) rb0=$(udp r RcvbufErrors)
kill -STOP "$RP"
on s python3 "$H" send --wait 0 --repeat 1000 $G 10000 fill:64 >/dev/null
sleep 0.2
kill -CONT "$RP"
settle
rd=$(($(udp r InDatagrams) - rd0)) rb=$(($(udp r RcvbufErrors) - rb0))
kill -QUIT "$RP"
sleep 0.3
on s python3 "$H" send --wait 0 $G 10000 text:one-more >/dev/null
settle
rd1=$(($(udp r InDatagrams) - rd0)) rb1=$(($(udp r RcvbufErrors) - rb0))
kill -INT "$RP"
wait "$RP"
expect_eq "stalled: the receiver exits 0 on SIGINT" 0 $?
wait "$TP"
snap=$(jq -r 'select(.event == "summary" and .final == false) | "\(.datagrams) \(.dropped)"' "$T/stall.out")
fin=$(jq -r 'select(.event == "summary" and .final) | "\(.datagrams) \(.dropped)"' "$T/stall.out")
echo "# stalled: kernel: $rd read, $rb dropped; snapshot: ${snap:-none}; after one more: kernel $rd1 read, $rb1 dropped; final: ${fin:-none}"
check "stalled: the kernel did drop some ($rb)" test "$rb" -gt 0
expect_eq "stalled: snapshot after the drops: datagrams and dropped as the kernel's" \
	"$rd $rb" "$snap"
expect_eq "stalled: final, after one more datagram: datagrams and dropped as the kernel's" \
	"$rd1 $rb1" "$fin"

# --- 5. The same flood, acks on at the default rate ---------------------------------
M=200000
start_recv -g $G -t 3 r acked -q -j -w 600
out0=$(udp r OutDatagrams) in0=$(reached)
t0=$(date +%s.%N)
flood $M
settle
check "R's socket counters settled" test $? -eq 0
kill -INT "$RP"
wait "$RP"
expect_eq "acks on: the receiver exits 0 on SIGINT" 0 $?
t1=$(date +%s.%N)
wait "$TP"
rout=$(($(udp r OutDatagrams) - out0))
got=$(($(reached) - in0))
sum=$(jq -r 'select(.event == "summary" and .final) |
	"\(.datagrams) \(.dropped) \(.acks) \(.not_acked.rate) \(.not_acked | add)"' "$T/acked.out")
read -r dg drop acks rate nacked <<EOF
${sum:-0 0 0 0 0}
EOF
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", b - a + 1 }')
echo "# acks on: $M sent; R: $dg datagrams, $drop dropped, $acks acks, $rate over rate; R's UDP OutDatagrams +$rout; run at most $secs s"
check "acks on: its final summary is there" test -n "$sum"
check "acks on: at most 16000 acks per second of the run plus the burst ($acks <= $((16000 * (secs + 1))))" \
	test "$acks" -le $((16000 * (secs + 1)))
check "acks on: some acks were sent ($acks)" test "$acks" -ge 16000
expect_eq "acks on: every datagram acked or not acked for a reason" "$dg" "$((acks + nacked))"
expect_eq "acks on: the not acked were all over rate" "$nacked" "$rate"
expect_eq "acks on: R's UDP OutDatagrams = the summary's acks" "$acks" "$rout"
diff=$((dg + drop - got))
check "acks on: datagrams + dropped = what reached R's socket (off by $diff)" \
	test "${diff#-}" -le $TOL

done_testing
