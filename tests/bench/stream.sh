#!/usr/bin/env bash
# tests/bench/stream.sh (make bench, after bench.sh): stream mode's speed
# beside iperf2's, same machine, same run.  Everything runs in network
# namespaces made by tests/integration/lib.sh and removed on exit; nothing
# touches a real interface.  Needs root, iperf (iperf2), iptables and cc
# (for rusage.c, built into the run's temporary directory).
#
# Prints one table of medians over BENCH_STREAM_ROUNDS rounds (the runs of
# a round alternate tools, their order reversed every other round, so that
# load from elsewhere falls on both), then the issue's targets as met / not
# met, and writes the table as CSV to $BENCH_STREAM_OUT (default
# tests/bench/stream.csv; the columns of bench.sh's results.csv).  It
# reports figures; it never fails on them.
#
#   stream-recv  receive cost: S streams 64-byte datagrams to R over one
#                veth for BENCH_STREAM_SECS s; mcast-send -r to mcast-recv
#                -q, iperf -c to iperf -s (its default buffer, and -w 4M,
#                which is about mcast-recv's 16 MiB once the kernel doubles
#                it and caps it at net.core.rmem_max).  Datagrams per
#                CPU-second of the receiver.
#   stream-send  sender cost and achieved rate at 10k/s and 100k/s, the
#                same runs: datagrams per CPU-second of the sender, sent /
#                the sender's own elapsed time, against the target.
#   ack          the per-datagram ack path: mcast-recv --ack-rate 0 (stdout
#                to /dev/null) acking iperf -c's 100k/s (acks dropped on
#                arrival at S, whose iperf socket never reads them), and
#                acking mcast-send -c N -i 0.001 to 100 groups (ping probes,
#                100k/s offered if the sender keeps up).
#   reports      1000 mcast-recv in one namespace (--name tells them apart:
#                same address and port) reporting every second to one
#                mcast-send -r 1 for 10 s, and 1 receiver as the control:
#                the sender's CPU share of one core.  One datagram a second:
#                here veth delivers every datagram to all 1000 sockets in
#                the sender's own system time, which on a real network is
#                the receivers' hosts' work; at -r 10 that delivery, not the
#                reports, was most of the sender's CPU.
#   rss          peak RSS (ru_maxrss, the VmHWM a process ends with) of the
#                tools in the 100k/s runs.
#
# CPU, wall and peak RSS of every measured process come from rusage.c
# (wait4: all threads, to the microsecond); counts from /proc/net/snmp of
# each namespace.
#
# Knobs (environment): BENCH_STREAM_ROUNDS (3), BENCH_STREAM_SECS (3),
# BENCH_STREAM_FANOUT (receivers reporting, 1000), BENCH_STREAM_OUT.
set -u
export LC_ALL=C
BENCH=$(cd "$(dirname "$0")" && pwd)

if [ "$(id -u)" -ne 0 ]; then
	echo "stream bench: needs root (network namespaces)" >&2
	exit 2
fi
# shellcheck source=tests/integration/lib.sh
. "$BENCH/../integration/lib.sh"

ROUNDS=${BENCH_STREAM_ROUNDS:-3}
SECS=${BENCH_STREAM_SECS:-3}
FANOUT=${BENCH_STREAM_FANOUT:-1000}
OUT=${BENCH_STREAM_OUT:-$BENCH/stream.csv}
GROUP=239.1.1.1
PORT=10000
SIZE=64
RU=$T/rusage

for f in "$SEND" "$RECV"; do
	[ -x "$f" ] || { echo "stream bench: $f not built (make)" >&2; exit 2; }
done
for f in iperf iptables cc; do
	command -v "$f" >/dev/null || { echo "stream bench: needs $f" >&2; exit 2; }
done
cc -O2 -o "$RU" "$BENCH/rusage.c" || exit 2

note() { echo "stream bench: $*" >&2; }

# calc EXPR: awk arithmetic, printed with up to 6 significant digits.
calc() { awk "BEGIN { v = $1; printf \"%.6g\\n\", v }"; }

# field NAME "Name=value ...": the value.
field() {
	local w
	for w in $2; do
		[ "${w%%=*}" = "$1" ] && { echo "${w#*=}"; return; }
	done
	echo 0
}

# dl NAME BEFORE AFTER: the change in counter NAME.
dl() { echo $(($(field "$1" "$3") - $(field "$1" "$2"))); }

# ru FILE: "wall cpu maxrss" from a rusage.c line (cpu = user + system).
ru() {
	awk '{ printf "%.6f %.6f %d\n", $1, $2 + $3, $4 }' "$1" 2>/dev/null || echo "0 0 0"
}

# rxq_empty HOST PORT: until no UDP socket of HOST on PORT has data queued.
rxq_empty() {
	until_true 3 on "$1" awk -v p=":$(printf '%04X' "$2")" \
		'$2 ~ p"$" { split($5, q, ":"); if (q[2] != "00000000") busy = 1 }
		END { exit busy }' /proc/net/udp
}

# Every round's figures, one a line: TEST|TOOL|CASE|the CSV's numeric
# columns (offered .. cpu_s)|METRIC|VALUE|UNIT; medians at the end.
RAW=$T/raw
: >"$RAW"
# raw TEST TOOL CASE OFFERED DELIVERED ACKED DROPK DROPOWN LOST CPU METRIC VALUE UNIT
raw() {
	local IFS='|'
	echo "$*" >>"$RAW"
}

# S sends, R receives, one veth between them.
ns_add s r
veth s eth0 10.0.0.1/24 r eth0 10.0.0.2/24
on s ip route add 224.0.0.0/4 dev eth0
on r ip route add 224.0.0.0/4 dev eth0

# recv_start TOOL GROUPS...: the receiver TOOL on R, through rusage,
# stdout to $T/recv.out, once joined; RPID is rusage's pid.
recv_start() {
	local tool=$1 last
	shift
	case $tool in
	mcast-recv)
		spawn r "$RU" "$T/recv.ru" "$RECV" -q -p "$PORT" "$@" >"$T/recv.out" 2>"$T/recv.err" ;;
	mcast-recv-ack)
		spawn r "$RU" "$T/recv.ru" "$RECV" -q --ack-rate 0 -p "$PORT" "$@" \
			>/dev/null 2>"$T/recv.err" ;;
	iperf2)
		spawn r "$RU" "$T/recv.ru" iperf -s -u -B "$1" -p "$PORT" -l "$SIZE" \
			>"$T/recv.out" 2>&1 ;;
	iperf2-w4M)
		spawn r "$RU" "$T/recv.ru" iperf -s -u -B "$1" -p "$PORT" -l "$SIZE" -w 4M \
			>"$T/recv.out" 2>&1 ;;
	esac
	RPID=$!
	# a.b.c.d+N: wait for its last group, a.b.c.(d + N - 1).
	last=$1
	case $last in *+*) last=${last%.*}.$((${last##*.} - 1)) ;; esac
	wait_joined r "$last" eth0 || note "$tool did not join $*"
	sleep 0.2
}

# recv_stop: SIGTERM to the receiver, then its figures are in $T/recv.ru.
recv_stop() {
	kill -TERM "$RPID" 2>/dev/null
	wait "$RPID" 2>/dev/null
}

# send_run TOOL RATE: the sender TOOL on S at RATE datagrams/s for SECS s,
# through rusage; sets SENT (datagrams, by its own count) and ELAPSED (s,
# by its own clock).
send_run() {
	local tool=$1 rate=$2
	case $tool in
	mcast-send)
		on s "$RU" "$T/send.ru" "$SEND" -r "$rate" -l "$SIZE" --duration "$SECS" \
			-p "$PORT" "$GROUP" >"$T/send.out" 2>"$T/send.err" ||
			note "mcast-send -r $rate: exit $?: $(tail -n 1 "$T/send.err")"
		# "300000 datagrams of 64 bytes sent at 100000/s in 3.000 s, ..."
		read -r SENT ELAPSED < <(sed -n \
			's/^\([0-9]*\) datagrams of [0-9]* bytes sent at [0-9]*\/s in \([0-9.]*\) s.*/\1 \2/p' \
			"$T/send.out")
		;;
	iperf2)
		# -b in pps: iperf 2.1.8 takes -b 51.2M as 51.2 * 2^20 bits/s,
		# 104857 datagrams/s of 64 bytes, not 100000.
		on s "$RU" "$T/send.ru" iperf -c "$GROUP" -u -p "$PORT" -l "$SIZE" \
			-b "${rate}pps" -t "$SECS" -T 1 >"$T/send.out" 2>&1 ||
			note "iperf -c -b ${rate}pps: exit $?: $(tail -n 1 "$T/send.out")"
		# "[  1] 0.0000-3.0001 sec  18.3 MBytes ..." / "[  1] Sent 299993 datagrams"
		SENT=$(sed -n 's/.* Sent \([0-9]*\) datagrams.*/\1/p' "$T/send.out" | tail -n 1)
		ELAPSED=$(sed -n 's/^\[ *[0-9]*\] [0-9.]*-\([0-9.]*\) sec .*/\1/p' "$T/send.out" | tail -n 1)
		;;
	esac
	SENT=${SENT:-0} ELAPSED=${ELAPSED:-0}
}

# pair TOOL RATE: one stream run, TOOL's sender on S to TOOL's receiver on
# R (mcast: mcast-send to mcast-recv; iperf2, iperf2-w4M: iperf -c to
# iperf -s); rows for stream-recv, stream-send and rss.
pair() {
	local tool=$1 rate=$2 stool=mcast-send bs br as ar offered deliv dk own
	local rcpu rrss swall scpu srss c="${2}/s x ${SECS}s"
	[ "$tool" = mcast-recv ] || stool=iperf2
	recv_start "$tool" "$GROUP"
	bs=$(udp s) br=$(udp r)
	send_run "$stool" "$rate"
	rxq_empty r "$PORT" || note "$tool: receive queue not drained"
	sleep 0.1
	as=$(udp s) ar=$(udp r)
	recv_stop
	read -r _ rcpu rrss < <(ru "$T/recv.ru")
	read -r swall scpu srss < <(ru "$T/send.ru")
	offered=$(dl OutDatagrams "$bs" "$as")
	deliv=$(dl InDatagrams "$br" "$ar")
	dk=$(dl RcvbufErrors "$br" "$ar")
	own=-
	[ "$tool" = mcast-recv ] &&
		own=$(sed -n 's/.* \([0-9]*\) dropped by the kernel.*/\1/p' "$T/recv.out")
	raw stream-recv "$tool" "$c" "$offered" "$deliv" "$(dl OutDatagrams "$br" "$ar")" \
		"$dk" "${own:--}" "$((offered - deliv - dk))" "$rcpu" \
		"datagrams/cpu-s" "$(calc "$rcpu > 0 ? $deliv / $rcpu : 0")" 1/s
	[ "$tool" = iperf2-w4M ] && return
	raw stream-send "$stool" "$c" "$SENT" - - - - - "$scpu" \
		"datagrams/cpu-s" "$(calc "$scpu > 0 ? $SENT / $scpu : 0")" 1/s
	raw stream-send "$stool" "$c" "$SENT" - - - - - - \
		"achieved rate" "$(calc "$ELAPSED > 0 ? $SENT / $ELAPSED : 0")" 1/s
	[ "$stool" = mcast-send ] && raw stream-send "$stool" "$c" "$SENT" - - - - - - \
		"skipped (late)" "$(sed -n 's/^late by .*: \([0-9]*\) datagrams skipped/\1/p' \
			"$T/send.err" | awk '{ n += $1 } END { print n + 0 }')" datagrams
	raw stream-send "$stool" "$c" "$SENT" - - - - - - \
		"achieved/target" "$(calc "$ELAPSED > 0 ? 100 * $SENT / $ELAPSED / $rate : 0")" %
	if [ "$rate" -eq 100000 ]; then
		[ "$tool" = mcast-recv ] || stool="iperf2 -c" tool="iperf2 -s"
		raw rss "$stool" "$c" - - - - - - - "peak rss" "$srss" KiB
		raw rss "$tool" "$c" - - - - - - - "peak rss" "$rrss" KiB
	fi
}

# ack_iperf: mcast-recv --ack-rate 0 acking iperf -c's 100k/s, one group.
# The acks go to iperf's port, where its socket (connected to the group)
# never takes them: S drops them on arrival, before a port unreachable
# is attempted (work that over veth is billed to the receiver).
ack_iperf() {
	local bs br as ar offered deliv acked dk cpu
	on s iptables -t raw -A PREROUTING -i eth0 -p udp --sport "$PORT" -j DROP
	recv_start mcast-recv-ack "$GROUP"
	bs=$(udp s) br=$(udp r)
	send_run iperf2 100000
	rxq_empty r "$PORT" || note "ack: receive queue not drained"
	sleep 0.1
	as=$(udp s) ar=$(udp r)
	recv_stop
	on s iptables -t raw -F PREROUTING
	read -r _ cpu _ < <(ru "$T/recv.ru")
	offered=$(dl OutDatagrams "$bs" "$as")
	deliv=$(dl InDatagrams "$br" "$ar")
	acked=$(dl OutDatagrams "$br" "$ar")
	dk=$(dl RcvbufErrors "$br" "$ar")
	raw ack mcast-recv "iperf -c 100000/s x ${SECS}s to 1 group" "$offered" "$deliv" \
		"$acked" "$dk" - "$((offered - deliv - dk))" "$cpu" \
		"acks/cpu-s" "$(calc "$cpu > 0 ? $acked / $cpu : 0")" 1/s
}

# ack_ping: mcast-recv --ack-rate 0 acking mcast-send -c N -i 0.001 to
# 100 groups (N = SECS s of slots); S reads the acks (stdout to /dev/null).
ack_ping() {
	local n=$((SECS * 1000)) bs br as ar offered deliv acked dk cpu
	local swall scpu srss
	recv_start mcast-recv-ack "$GROUP+100"
	bs=$(udp s) br=$(udp r)
	on s "$RU" "$T/send.ru" "$SEND" -q -c "$n" -i 0.001 -p "$PORT" "$GROUP+100" \
		>/dev/null 2>"$T/send.err"
	rxq_empty r "$PORT" || note "ack: receive queue not drained"
	sleep 0.1
	as=$(udp s) ar=$(udp r)
	recv_stop
	read -r _ cpu _ < <(ru "$T/recv.ru")
	read -r swall scpu srss < <(ru "$T/send.ru")
	offered=$(dl OutDatagrams "$bs" "$as")
	deliv=$(dl InDatagrams "$br" "$ar")
	acked=$(dl OutDatagrams "$br" "$ar")
	dk=$(dl RcvbufErrors "$br" "$ar")
	raw ack mcast-recv "mcast-send -c $n -i 0.001 to 100 groups" "$offered" "$deliv" \
		"$acked" "$dk" - "$((offered - deliv - dk))" "$cpu" \
		"acks/cpu-s" "$(calc "$cpu > 0 ? $acked / $cpu : 0")" 1/s
	raw ack mcast-send "mcast-send -c $n -i 0.001 to 100 groups" "$offered" - \
		"$(dl InDatagrams "$bs" "$as")" "$(dl RcvbufErrors "$bs" "$as")" - - "$scpu" \
		"probes sent/s" "$(calc "$swall > 0 ? $offered / $swall : 0")" 1/s
}

# --- stream, sender and ack rounds ----------------------------------------------
RUNS=("pair mcast-recv 100000" "pair iperf2 100000" "pair iperf2-w4M 100000"
	"pair mcast-recv 10000" "pair iperf2 10000" "ack_iperf" "ack_ping")
for ((round = 1; round <= ROUNDS; round++)); do
	note "round $round of $ROUNDS"
	if ((round % 2)); then
		for ((k = 0; k < ${#RUNS[@]}; k++)); do ${RUNS[k]}; done
	else
		for ((k = ${#RUNS[@]} - 1; k >= 0; k--)); do ${RUNS[k]}; done
	fi
done

# --- reports: FANOUT receivers to one sender --------------------------------------
# All in R, started by one shell there (FANOUT "ip netns exec" would take
# seconds), on their own port and group; each says "joined" on stderr.
FGROUP=239.1.2.1 FPORT=10002 CGROUP=239.1.2.2
t0=$EPOCHREALTIME
: >"$T/fan.err"
: >"$T/fan.pids"
# shellcheck disable=SC2016
on r bash -c 'for ((i = 1; i <= $1; i++)); do
		"$2" -p "$3" --name "r$i" "$4" >/dev/null 2>>"$5" &
		echo $! >>"$6"
	done' fanout "$FANOUT" "$RECV" "$FPORT" "$FGROUP" "$T/fan.err" "$T/fan.pids"
# Counted as words: a thousand writers to one file can split each other's lines.
joined() { grep -o 'joined 239' "$T/fan.err" | wc -l; }
until_true 60 eval '[ "$(joined)" -ge "$FANOUT" ]' ||
	note "reports: $(joined) of $FANOUT receivers joined"
note "reports: $FANOUT receivers up in $(calc "$EPOCHREALTIME - $t0") s"
spawn r "$RECV" -p "$FPORT" --name control "$CGROUP" >/dev/null 2>"$T/ctl.err"
CPID=$!
wait_for "$T/ctl.err" '^joined'

# fan N GROUP: mcast-send -r 1 for 10 s to the N receivers of GROUP.
fan() {
	local n=$1 wall cpu br ar finals c="$1 receivers of -r 1 x 10s"
	br=$(udp r)
	on s "$RU" "$T/send.ru" "$SEND" -r 1 -l "$SIZE" --duration 10 -p "$FPORT" "$2" \
		>"$T/fan.out" 2>"$T/fan.send.err"
	ar=$(udp r)
	read -r wall cpu _ < <(ru "$T/send.ru")
	finals=$(sed -n 's/^\([0-9]*\) of [0-9]* receivers sent their final report.*/\1/p' \
		"$T/fan.send.err")
	raw reports mcast-send "$c" "$(dl InDatagrams "$br" "$ar")" - \
		"$(grep -c '^report from' "$T/fan.out")" - - - "$cpu" \
		"cpu % of a core" "$(calc "100 * $cpu / $wall")" %
	raw reports mcast-send "$c" - - - - - - - "final reports" "${finals:-0}" "of $n"
}

for ((round = 1; round <= ROUNDS; round++)); do
	if ((round % 2)); then
		fan "$FANOUT" "$FGROUP"
		fan 1 "$CGROUP"
	else
		fan 1 "$CGROUP"
		fan "$FANOUT" "$FGROUP"
	fi
done
mapfile -t FANPIDS <"$T/fan.pids"
kill -TERM "$CPID" "${FANPIDS[@]}" 2>/dev/null
wait "$CPID" 2>/dev/null
until_true 10 eval '! kill -0 "${FANPIDS[@]}" 2>/dev/null'

# --- medians, the table ---------------------------------------------------------
CSV=$T/stream.csv
echo "test,tool,case,offered,delivered,acked,dropped_kernel,dropped_own,lost,cpu_s,metric,value,unit" >"$CSV"
# Rows in first-seen order; each numeric column's median over the rounds
# (and the value's min..max, printed in the table only).
awk -F'|' '
	function med(s,   a, n, i, j, t) {
		n = split(s, a, " ")
		if (a[1] == "-") return "-"
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{ k = $1 "|" $2 "|" $3 "|" $11
	  if (!(k in seen)) { seen[k] = 1; order[++n] = k; unit[k] = $13 }
	  for (i = 4; i <= 10; i++) col[k, i] = col[k, i] " " $i
	  val[k] = val[k] " " $12
	  if (!((k, "min") in lim) || $12 + 0 < lim[k, "min"]) lim[k, "min"] = $12 + 0
	  if (!((k, "max") in lim) || $12 + 0 > lim[k, "max"]) lim[k, "max"] = $12 + 0 }
	END { for (r = 1; r <= n; r++) { k = order[r]; split(k, f, "|")
		line = f[1] "," f[2] "," f[3]
		for (i = 4; i <= 10; i++) line = line "," med(col[k, i])
		print line "," f[4] "," med(val[k]) "," unit[k] > csv
		print lim[k, "min"] ".." lim[k, "max"] > range } }
	' csv="$CSV.body" range="$T/range" "$RAW"
cat "$CSV.body" >>"$CSV"
mkdir -p "$(dirname "$OUT")"
cp "$CSV" "$OUT"
echo
{ echo "range (of value)"; cat "$T/range"; } | paste -d, "$CSV" - |
	awk -F, '{ for (i = 1; i <= NF; i++) { c[NR, i] = $i == "" ? "-" : $i
			if (length(c[NR, i]) > w[i]) w[i] = length(c[NR, i]) } n = NR; nf = NF }
		END { for (r = 1; r <= n; r++) { line = ""
				for (i = 1; i <= nf; i++)
					line = line sprintf(i < 4 || i == 11 || i == 13 ? "%-*s  " : "%*s  ", w[i], c[r, i])
				sub(/ +$/, "", line); print line } }'
echo
echo "medians of $ROUNDS rounds; S -> R over one veth, ${SIZE}-byte datagrams."
echo "cpu_s: user + system time of the process measured (the receiver in stream-recv and ack, the sender"
echo "in stream-send and reports), by wait4; lost: offered - delivered - dropped_kernel."
echo

# --- targets ----------------------------------------------------------------------
# get TEST TOOL CASE METRIC COLUMN: a cell of the CSV (column by name).
get() {
	awk -F, -v t="$1" -v o="$2" -v c="$3" -v m="$4" -v col="$5" '
		NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
		$1 == t && $2 == o && (c == "" || $3 == c) && (m == "" || $11 == m) { print $k[col]; exit }' "$CSV"
}
verdict() { if [ "$1" -eq 1 ]; then echo "met    "; else echo "not met"; fi; }
ok_if() { if awk "BEGIN { exit !($1) }"; then echo 1; else echo 0; fi; }

c100="100000/s x ${SECS}s" c10="10000/s x ${SECS}s"
echo "targets (medians from this run):"
a=$(get stream-recv mcast-recv "$c100" "" value)
i=$(get stream-recv iperf2 "$c100" "" value)
w=$(get stream-recv iperf2-w4M "$c100" "" value)
dk=$(get stream-recv mcast-recv "$c100" "" dropped_kernel)
own=$(get stream-recv mcast-recv "$c100" "" dropped_own)
idk=$(get stream-recv iperf2 "$c100" "" dropped_kernel)
r1=$(calc "$i > 0 ? $a / $i : 0") r1w=$(calc "$w > 0 ? $a / $w : 0")
echo "  $(verdict "$(ok_if "$r1 >= 3 && $r1w >= 3 && $dk == 0 && $own == 0")")" \
	"100k/s stream: mcast-recv at most 1/3 of iperf2's CPU per datagram, no kernel drop:" \
	"$a / $i = ${r1}x iperf -s (which dropped $idk), $a / $w = ${r1w}x iperf -s -w 4M;" \
	"mcast-recv kernel drops $dk, own count $own"
for c in "$c10" "$c100"; do
	m=$(get stream-send mcast-send "$c" "datagrams/cpu-s" value)
	p=$(get stream-send iperf2 "$c" "datagrams/cpu-s" value)
	r=$(calc "$p > 0 ? $m / $p : 0")
	echo "  $(verdict "$(ok_if "$r >= 1")") ${c%% *} sender CPU per datagram at most iperf -c's:" \
		"$m / $p = ${r}x iperf -c's datagrams per CPU-second"
	m=$(get stream-send mcast-send "$c" "achieved/target" value)
	p=$(get stream-send iperf2 "$c" "achieved/target" value)
	echo "  $(verdict "$(ok_if "$m >= 99 && $m <= 101")") ${c%% *} achieved rate within 1% of the target:" \
		"mcast-send ${m}%, iperf -c ${p}%"
done
for c in "iperf -c 100000/s x ${SECS}s to 1 group" "mcast-send -c $((SECS * 1000)) -i 0.001 to 100 groups"; do
	a=$(get ack mcast-recv "$c" "" value)
	acked=$(get ack mcast-recv "$c" "" acked)
	deliv=$(get ack mcast-recv "$c" "" delivered)
	off=$(get ack mcast-recv "$c" "" offered)
	r=$(calc "$i > 0 ? $a / $i : 0") rw=$(calc "$w > 0 ? $a / $w : 0")
	echo "  $(verdict "$(ok_if "$r >= 1 && $rw >= 1 && $acked == $off")") ack path ($c):" \
		"acks/cpu-s at least iperf2's received/cpu-s, every datagram acked:" \
		"$a / $i = ${r}x iperf -s, $a / $w = ${rw}x iperf -s -w 4M;" \
		"$acked acked of $off offered ($deliv delivered)"
done
c="$FANOUT receivers of -r 1 x 10s"
p=$(get reports mcast-send "$c" "cpu % of a core" value)
p1=$(get reports mcast-send "1 receivers of -r 1 x 10s" "cpu % of a core" value)
f=$(get reports mcast-send "$c" "final reports" value)
echo "  $(verdict "$(ok_if "$p < 5")") $FANOUT receivers reporting every second cost the sender under 5% of a core:" \
	"${p}% (1 receiver: ${p1}%); final reports from $f of $FANOUT"
s=$(get rss mcast-send "$c100" "" value)
r=$(get rss mcast-recv "$c100" "" value)
echo "  $(verdict "$(ok_if "$s < 4096 && $r < 4096")") peak RSS during a 100k/s stream under 4 MiB:" \
	"mcast-send $s KiB, mcast-recv $r KiB (iperf -c $(get rss "iperf2 -c" "$c100" "" value) KiB," \
	"iperf -s $(get rss "iperf2 -s" "$c100" "" value) KiB)"
echo
echo "CSV: $OUT"
exit 0
