#!/usr/bin/env bash
# tests/bench/bench.sh (make bench): mcast-send and mcast-recv side by side
# with the tools people would otherwise use, on the same machine and the
# same traffic.  Everything runs in network namespaces made by
# tests/integration/lib.sh and removed on exit; nothing touches a real
# interface.  Needs root, iperf (iperf2), iptables, ssmping and
# /usr/bin/time.
#
# Prints one table, then the issue's targets as met / not met, and writes
# the table as CSV to $BENCH_OUT (default tests/bench/results.csv).  It
# reports figures; it never fails on them (exit 0 unless it could not run).
#
#   1. ack throughput: iperf -c offers 64-byte datagrams at fixed rates over
#      one veth to mcast-recv, to pyrecv.py (the classic Python receiver)
#      and to iperf -s (receives, never acks).  Counts from /proc/net/snmp
#      of each namespace; CPU from /proc/PID/stat of the receiver.
#   2. fan-in: N responder hosts on one bridge, each running mcast-recv;
#      mcast-send -c 1 --expect N: probe to N-th ack, N-th ack to exit.
#   3. RTT over one veth hop: mcast-send against mcast-recv, ssmping
#      against ssmpingd, same path.
#   4. startup and footprint: wall time and peak RSS of one default
#      exchange on lo; binary sizes.
#
# mcast-recv runs with -q and --ack-rate 0 (one source), its stdout through
# tail, which keeps only the summary with its own drop count; pyrecv.py's
# prints go to /dev/null.  The RTT target compares mcast-send and ssmping
# at the same pace (one probe a second, ssmping's only pace), against
# ssmping's unicast replies: a request and a reply, as mcast-send's are.
#
# Knobs (environment): BENCH_SECS (seconds per throughput run, 5),
# BENCH_RATES (datagrams/s, "20000 100000 200000"), BENCH_FANIN ("100 1000"),
# BENCH_ROUNDS (fan-in rounds, 5), BENCH_SSMPING (ssmping count, 10),
# BENCH_OUT (the CSV file), BENCH_STREAM (1: then tests/bench/stream.sh,
# stream mode against iperf2, with its own table, targets and CSV).
set -u
export LC_ALL=C
BENCH=$(cd "$(dirname "$0")" && pwd)

if [ "$(id -u)" -ne 0 ]; then
	echo "bench: needs root (network namespaces)" >&2
	exit 2
fi
# shellcheck source=tests/integration/lib.sh
. "$BENCH/../integration/lib.sh"

SECS=${BENCH_SECS:-5}
RATES=${BENCH_RATES:-20000 100000 200000}
FANIN=${BENCH_FANIN:-100 1000}
ROUNDS=${BENCH_ROUNDS:-5}
SSMN=${BENCH_SSMPING:-10}
OUT=${BENCH_OUT:-$BENCH/results.csv}
PY=/usr/bin/python3
HZ=$(getconf CLK_TCK)
GROUP=239.1.1.1
PORT=10000

for f in "$SEND" "$RECV"; do
	[ -x "$f" ] || { echo "bench: $f not built (make)" >&2; exit 2; }
done
for f in iperf iptables ssmping ssmpingd "$PY" /usr/bin/time; do
	command -v "$f" >/dev/null || { echo "bench: needs $f" >&2; exit 2; }
done

CSV=$T/results.csv
echo "test,tool,case,offered,delivered,acked,dropped_kernel,dropped_own,lost,cpu_s,metric,value,unit" >"$CSV"

# row TEST TOOL CASE OFFERED DELIVERED ACKED DROPK DROPOWN LOST CPU METRIC VALUE UNIT
row() {
	local IFS=,
	echo "$*" >>"$CSV"
}

# calc EXPR: awk arithmetic, printed with up to 6 significant digits.
calc() { awk "BEGIN { v = $1; printf \"%.6g\\n\", v }"; }

# field NAME "Name=value ..." (lib.sh's udp HOST): the value.
field() {
	local w
	for w in $2; do
		[ "${w%%=*}" = "$1" ] && { echo "${w#*=}"; return; }
	done
	echo 0
}

# dl NAME BEFORE AFTER: the change in counter NAME.
dl() { echo $(($(field "$1" "$3") - $(field "$1" "$2"))); }

# cpu PID: user + system CPU seconds of PID (all its threads) so far.
cpu() { awk -v hz="$HZ" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/$1/stat"; }

# rxq_empty HOST: until no UDP socket of HOST on PORT has data queued.
rxq_empty() {
	until_true 3 on "$1" awk -v p=":$(printf '%04X' "$PORT")" \
		'$2 ~ p"$" { split($5, q, ":"); if (q[2] != "00000000") busy = 1 }
		END { exit busy }' /proc/net/udp
}

# median: of the numbers on stdin, one a line.
median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit }
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# stop PID: SIGTERM, then wait for it.
stop() {
	kill -TERM "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

note() { echo "bench: $*" >&2; }

# --- 1. ack throughput --------------------------------------------------------
# S sends, R receives, one veth between them.
ns_add s r
veth s eth0 10.0.0.1/24 r eth0 10.0.0.2/24
on s ip route add 224.0.0.0/4 dev eth0
on r ip route add 224.0.0.0/4 dev eth0
# The acks go back to iperf's port, where no socket takes them (its socket
# is connected to the group): S would answer each with a port unreachable
# attempt, and over veth that work runs in the receiver's sendmmsg and is
# billed to it (about 15% of mcast-recv's CPU).  A real sender reads its
# acks; here S drops them as they arrive, before any of that.
on s iptables -t raw -A PREROUTING -i eth0 -p udp --sport "$PORT" -j DROP

# thru TOOL RATE: one run of iperf -c at RATE datagrams/s against TOOL.
thru() {
	local tool=$1 rate=$2 pid tp="" bs br as ar c offered deliv acked dk own lost
	local ok=1 per metric
	case $tool in
	mcast-recv)
		# stdout through tail: the summary (with the tool's own drop
		# count) is kept, the per-datagram lines are not.
		start_recv -g "$GROUP" -t 3 r recv -q --ack-rate 0 -p "$PORT" "$GROUP"
		pid=$RP tp=$TP ;;
	python)
		spawn r "$PY" "$BENCH/pyrecv.py" "$GROUP" "$PORT" >/dev/null 2>"$T/recv.err"
		pid=$! ;;
	iperf2)
		spawn r iperf -s -u -B "$GROUP" -p "$PORT" -l 2048 >"$T/recv.err" 2>&1
		pid=$! ;;
	esac
	wait_joined r "$GROUP" eth0 || { note "$tool did not join"; ok=0; }
	sleep 0.2
	bs=$(udp s) br=$(udp r)
	on s iperf -u -c "$GROUP" -p "$PORT" -l 64 -b "${rate}pps" -t "$SECS" -T 1 \
		>"$T/iperf.out" 2>&1 || note "iperf -c failed: $(tail -n 1 "$T/iperf.out")"
	rxq_empty r || note "$tool: receive queue not drained"
	sleep 0.2
	c=$(cpu "$pid")
	as=$(udp s) ar=$(udp r)
	stop "$pid"
	own=""
	if [ -n "$tp" ]; then
		wait "$tp"
		own=$(sed -n 's/.* \([0-9]*\) dropped by the kernel.*/\1/p' "$T/recv.out")
	fi
	offered=$(dl OutDatagrams "$bs" "$as")
	deliv=$(dl InDatagrams "$br" "$ar")
	acked=$(dl OutDatagrams "$br" "$ar")
	dk=$(dl RcvbufErrors "$br" "$ar")
	lost=$((offered - deliv - dk))
	if [ "$tool" = iperf2 ]; then
		per=$(calc "$c > 0 ? $deliv / $c : 0")
		metric=recv/cpu-s
	else
		per=$(calc "$c > 0 ? $acked / $c : 0")
		metric=acks/cpu-s
	fi
	[ "$ok" -eq 1 ] || per=nan
	row throughput "$tool" "${rate}/s x ${SECS}s" "$offered" "$deliv" "$acked" \
		"$dk" "${own:--}" "$lost" "$c" "$metric" "$per" "1/s"
}

for rate in $RATES; do
	thru mcast-recv "$rate"
	thru python "$rate"
	thru iperf2 "$rate"
done
# From here on S reads its acks again.
on s iptables -t raw -F PREROUTING

# --- 3. RTT over one veth hop ---------------------------------------------------
# rtt_send COUNT INTERVAL [-j]: mcast-send against mcast-recv on R; prints
# the median RTT.  Text output (what a user sees) unless -j: JSON writes a
# "sent" line between the probe and the wait for its ack.
rtt_send() {
	local pid n med
	spawn r "$RECV" -q -p "$PORT" "$GROUP" >/dev/null 2>&1
	pid=$!
	wait_joined r "$GROUP" eth0
	on s "$SEND" -q ${3:+"$3"} -c "$1" -i "$2" -p "$PORT" "$GROUP" >"$T/rtt.out"
	stop "$pid"
	if [ -n "${3:-}" ]; then
		grep '"event":"ack"' "$T/rtt.out" | sed 's/.*"rtt_ms":\([0-9.]*\).*/\1/'
	else
		grep -o ' time=[0-9.]* ms' "$T/rtt.out" | sed 's/ time=\([0-9.]*\) ms/\1/'
	fi >"$T/rtt.ms"
	n=$(wc -l <"$T/rtt.ms")
	med=$(median <"$T/rtt.ms")
	row rtt mcast-send "$1 probes every ${2}s${3:+ $3}" "$1" - "$n" - - - - "median rtt" "$med" ms
	echo "$med"
}

RTT_FAST=$(rtt_send 100 0.01)
RTT_SLOW=$(rtt_send "$SSMN" 1)
RTT_JSON=$(rtt_send "$SSMN" 1 -j)
spawn r ssmpingd >/dev/null 2>&1
dpid=$!
sleep 0.3
on s ssmping -4 -c "$SSMN" -I eth0 10.0.0.2 >"$T/ssmping.out" 2>&1
stop "$dpid"
for kind in unicast multicast; do
	grep -E "^ *$kind from .* time=" "$T/ssmping.out" |
		sed 's/.*time=\([0-9.]*\) ms.*/\1/' >"$T/ssm.ms"
	med=$(median <"$T/ssm.ms")
	[ "$kind" = unicast ] && SSM_U=$med || SSM_M=$med
	row rtt ssmping "$SSMN $kind replies every 1s" "$SSMN" - "$(wc -l <"$T/ssm.ms")" \
		- - - - "median rtt" "$med" ms
done

# --- 4. startup and footprint -----------------------------------------------------
# One default exchange on lo, in namespace L: wall time and peak RSS of each
# program (GNU time's %e and %M, KiB).
RSS_MAX=0
ns_add l
spawn l /usr/bin/time -o "$T/recv.time" -f '%e %M' "$RECV" -I lo -c 1 -w 5 \
	>/dev/null 2>"$T/recv.err"
pid=$!
wait_joined l 224.3.29.71 lo
on l /usr/bin/time -o "$T/send.time" -f '%e %M' "$SEND" -I lo >/dev/null 2>&1
wait "$pid"
for t in send recv; do
	read -r wall rss <"$T/$t.time"
	row footprint "mcast-$t" "default exchange on lo" - - - - - - - "wall" "$wall" s
	row footprint "mcast-$t" "default exchange on lo" - - - - - - - "peak rss" "$rss" KiB
	[ "$rss" -gt "$RSS_MAX" ] && RSS_MAX=$rss
done
for b in "$SEND" "$RECV"; do
	name=$(basename "$b")
	strip -o "$T/$name.stripped" "$b"
	row size "$name" binary - - - - - - - "file" "$(stat -c %s "$b")" bytes
	row size "$name" "binary (stripped)" - - - - - - - "file" "$(stat -c %s "$T/$name.stripped")" bytes
	row size "$name" binary - - - - - - - "text+data+bss" \
		"$(size "$b" | awk 'NR == 2 { print $1 "+" $2 "+" $3 }')" bytes
done

# --- 2. fan-in ------------------------------------------------------------------
# Last, since its hosts stay up until the end.  Sender F and responders
# h1..hN on one bridge.  The responders know F's MAC address (a permanent
# neighbour entry), so no ARP is timed and the kernel's shared neighbour
# table (gc_thresh3 1024) does not overflow at 1000 hosts; IPv6 is off so
# that no router solicitation or MLD report floods the bridge meanwhile.
lan f=10.2.0.1/16
FMAC=$(on f cat /sys/class/net/eth0/address)
mkdir -p "$T/fan"
NHOSTS=0
FANPIDS=()

# grow N: responders h1..hN, each running mcast-recv.
grow() {
	local i h
	for ((i = NHOSTS + 1; i <= $1; i++)); do
		h=h$i
		ns_add "$h"
		on "$h" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
		host_link "$h" "10.2.$((i / 200 + 1)).$((i % 200 + 1))/16"
		on "$h" ip route add 224.0.0.0/4 dev eth0
		ip -n "$(ns "$h")" neigh replace 10.2.0.1 lladdr "$FMAC" dev eth0 nud permanent
		# Not -q: the "joined" line on stderr tells it is ready.
		spawn "$h" "$RECV" -p "$PORT" "$GROUP" >/dev/null 2>"$T/fan/$h.err"
		FANPIDS+=("$!")
	done
	NHOSTS=$1
	for ((i = 0; i < 100; i++)); do
		[ "$(cat "$T"/fan/*.err | grep -c '^joined')" -ge "$NHOSTS" ] && break
		sleep 0.1
	done
	[ "$i" -lt 100 ] || note "fan-in: not all of $NHOSTS responders joined"
}

# fanin N: ROUNDS probes, each by a new mcast-send -c 1 --expect N.
fanin() {
	local n=$1 r t1 end ack nacks acks=0 bf af rc
	local -a toack=() toexit=()
	local worst=0
	bf=$(udp f)
	for ((r = 1; r <= ROUNDS; r++)); do
		on f "$SEND" -q -j -c 1 --expect "$n" -W 5 -p "$PORT" "$GROUP" >"$T/fan.json"
		rc=$?
		end=$EPOCHREALTIME
		nacks=$(grep -c '"event":"ack"' "$T/fan.json")
		acks=$((acks + nacks))
		[ "$rc" -eq 0 ] || note "fan-in $n round $r: exit $rc, $nacks acks"
		ack=$(grep '"event":"ack"' "$T/fan.json" | tail -n 1)
		# The N-th ack: its rtt_ms is probe sent -> ack taken, on the
		# sender's monotonic clock; its time is the wall clock then.
		toack+=("$(echo "$ack" | sed 's/.*"rtt_ms":\([0-9.]*\).*/\1/')")
		t1=$(echo "$ack" | sed 's/.*"time":"\([^"]*\)".*/\1/')
		t1=$(date -d "$t1" +%s.%6N)
		toexit+=("$(awk "BEGIN { printf \"%.3f\\n\", ($end - $t1) * 1000 }")")
	done
	af=$(udp f)
	worst=$(printf '%s\n' "${toexit[@]}" | sort -g | tail -n 1)
	row fan-in mcast-send "$n hosts x $ROUNDS rounds" "$((n * ROUNDS))" \
		"$(dl InDatagrams "$bf" "$af")" "$acks" \
		"$(dl RcvbufErrors "$bf" "$af")" - "$((n * ROUNDS - acks))" - \
		"probe->${n}th ack (median)" "$(printf '%s\n' "${toack[@]}" | median)" ms
	row fan-in mcast-send "$n hosts x $ROUNDS rounds" - - - - - - - \
		"${n}th ack->exit (median)" "$(printf '%s\n' "${toexit[@]}" | median)" ms
	row fan-in mcast-send "$n hosts x $ROUNDS rounds" - - - - - - - \
		"${n}th ack->exit (worst)" "$worst" ms
}

for n in $FANIN; do
	t0=$EPOCHREALTIME
	grow "$n"
	note "fan-in: $n responders up in $(calc "$EPOCHREALTIME - $t0") s"
	fanin "$n"
done
kill -TERM "${FANPIDS[@]}" 2>/dev/null
wait "${FANPIDS[@]}" 2>/dev/null

# --- the table ------------------------------------------------------------------
mkdir -p "$(dirname "$OUT")"
cp "$CSV" "$OUT"
echo
awk -F, '{ for (i = 1; i <= NF; i++) { c[NR, i] = $i == "" ? "-" : $i
		if (length(c[NR, i]) > w[i]) w[i] = length(c[NR, i]) } n = NR; nf = NF }
	END { for (r = 1; r <= n; r++) { line = ""
			for (i = 1; i <= nf; i++)
				line = line sprintf(i < 4 || i >= 11 ? "%-*s  " : "%*s  ", w[i], c[r, i])
			sub(/ +$/, "", line); print line } }' "$CSV"
echo
echo "throughput: iperf -c on S to the receiver on R over one veth, 64-byte datagrams; acks dropped on arrival at S."
echo "cpu_s: the receiver's user + system time (/proc/PID/stat); lost: offered - delivered - dropped_kernel."
echo

# --- targets ----------------------------------------------------------------------
# get TEST TOOL CASE METRIC COLUMN: a cell of the CSV (column by name).
get() {
	awk -F, -v t="$1" -v o="$2" -v c="$3" -v m="$4" -v col="$5" '
		NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
		$1 == t && $2 == o && (c == "" || $3 == c) && (m == "" || $11 == m) { print $k[col]; exit }' "$CSV"
}
verdict() { if [ "$1" -eq 1 ]; then echo "met    "; else echo "not met"; fi; }

echo "targets (ratios from this run):"
m1=1 m2=1 t1="" t2=""
for rate in $RATES; do
	c="${rate}/s x ${SECS}s"
	a=$(get throughput mcast-recv "$c" "" value)
	i=$(get throughput iperf2 "$c" "" value)
	p=$(get throughput python "$c" "" value)
	r1=$(calc "$i > 0 ? $a / $i : 0")
	r2=$(calc "$p > 0 ? $a / $p : 0")
	awk "BEGIN { exit !($r1 >= 1) }" || m1=0
	awk "BEGIN { exit !($r2 >= 10) }" || m2=0
	t1="$t1 ${rate}/s: $a / $i = ${r1}x;"
	t2="$t2 ${rate}/s: $a / $p = ${r2}x;"
done
echo "  $(verdict $m1) mcast-recv acks/cpu-s >= iperf2 recv/cpu-s, every rate:${t1%;}"
echo "  $(verdict $m2) mcast-recv acks/cpu-s >= 10x python's, every rate:${t2%;}"
c="100000/s x ${SECS}s"
if [ -n "$(get throughput mcast-recv "$c" "" tool)" ]; then
	dk=$(get throughput mcast-recv "$c" "" dropped_kernel)
	own=$(get throughput mcast-recv "$c" "" dropped_own)
	lost=$(get throughput mcast-recv "$c" "" lost)
	m=0
	[ "$dk" = 0 ] && [ "$own" = 0 ] && [ "$lost" = 0 ] && m=1
	echo "  $(verdict $m) no drop at 100k/s: mcast-recv kernel drops $dk, own count $own, lost elsewhere $lost"
fi
for n in $FANIN; do
	c="$n hosts x $ROUNDS rounds"
	w=$(get fan-in mcast-send "$c" "${n}th ack->exit (worst)" value)
	md=$(get fan-in mcast-send "$c" "${n}th ack->exit (median)" value)
	acks=$(get fan-in mcast-send "$c" "" acked)
	want=$(get fan-in mcast-send "$c" "" offered)
	dk=$(get fan-in mcast-send "$c" "" dropped_kernel)
	m=0
	awk "BEGIN { exit !($w <= 5) }" && m=1
	echo "  $(verdict $m) $n-host fan-in finished within 5 ms of the ${n}th ack: worst ${w} ms, median ${md} ms"
	m=0
	[ "$acks" = "$want" ] && [ "$dk" = 0 ] && m=1
	echo "  $(verdict $m) $n-host ack storm loses no ack: $acks of $want acks, $dk dropped by the sender's kernel"
done
if [ "$SSM_U" != nan ]; then
	m=0
	r=$(calc "$RTT_SLOW / $SSM_U")
	awk "BEGIN { exit !($r <= 1.10) }" && m=1
	echo "  $(verdict $m) median RTT within 10% of ssmping's: mcast-send ${RTT_SLOW} ms vs ssmping unicast ${SSM_U} ms = ${r}x" \
		"(both one probe a second; ssmping multicast ${SSM_M} ms;" \
		"mcast-send -j ${RTT_JSON} ms, at 10 ms intervals ${RTT_FAST} ms)"
fi
m=0
awk "BEGIN { exit !($RSS_MAX < 2048) }" && m=1
echo "  $(verdict $m) peak RSS under 2 MiB: largest $RSS_MAX KiB" \
	"(mcast-send $(get footprint mcast-send "" "peak rss" value)," \
	"mcast-recv $(get footprint mcast-recv "" "peak rss" value))"
echo
echo "CSV: $OUT"
# Stream mode's figures, once this run's hosts are gone (BENCH_STREAM=0: not).
if [ "${BENCH_STREAM:-1}" = 1 ]; then
	cleanup
	"$BENCH/stream.sh"
fi
exit 0
