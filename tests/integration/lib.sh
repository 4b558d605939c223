# tests/integration/lib.sh: hosts in network namespaces, and TAP output.
#
# Source it from a test script.  Every namespace it makes is named after
# this run ("mcNNNNN-name"), and all of them are removed on exit, failure
# or interrupt: nothing is created in the caller's namespace, so no test
# traffic can reach a real interface.
#
# Hosts and links:
#   ns_add a b            hosts a and b (lo up in each)
#   nodad a b             IPv6 addresses of links made later in a and b
#                         usable at once (no duplicate address detection)
#   switch_add [SW]       a switch: namespace SW (default "sw") with bridge
#                         br0; nothing if it is there already
#   host_link a 10.0.0.1/24 [DEV [SW]]   veth from host a (DEV, default
#                         eth0) to the switch SW (default "sw")
#   lan a=10.0.0.1/24[,fd00::1/64] ...   hosts on switch "sw" (see below)
#   veth a deva 10.1.0.1/24 b devb 10.1.0.2/24   a cable between two hosts
#   on a CMD...           run CMD inside host a
#   spawn a CMD...        the same in the background ($! is CMD's pid)
# Waiting:
#   until_true SECS CMD...        until CMD succeeds (every 50 ms)
#   wait_for FILE REGEX [SECS]    until FILE matches (default 5 s)
#   wait_joined HOST GROUP [DEV]  until HOST has joined GROUP
# The receiver:
#   start_recv [-g GROUP] [-t N] HOST NAME ARGS...   mcast-recv in the
#                         background, ready (see below); RP is its pid
#   stop_recv SIG PID DESC [NAME] signal it; it exits 0
# Results:
#   ok DESC / not_ok DESC / skip DESC REASON / check DESC CMD...
#   expect_eq DESC WANT GOT / expect_line DESC REGEX FILE
#   expect_sending DESC FILE [N [LAST]] / expect_silence DESC FILE SENDING
#   skip_all DESC REASON  the whole script skipped
#   done_testing          the plan; the script's exit status
# Output reduced or converted for comparisons: acks, progress, events,
# strip_time, replies, hex, strhex, hexof; udp, a host's UDP counters
# (below).
# Constants: JOINED and SENDING (what the default receiver and sender say
# on stderr), RE_TIME and RE_RTT (extended regexes for a time and for a
# summary's rtt figures), H (hostile_send.py).

set -u
# Debian's tools first: a python3 earlier on PATH may be a version
# manager's shim that takes seconds to start, inside a receiver's -w.
export PATH=/usr/bin:/usr/sbin:/bin:/sbin:$PATH
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SEND=$TOP/mcast-send
RECV=$TOP/mcast-recv
H=$TOP/tests/integration/hostile_send.py
RUN=mc$$
T=$(mktemp -d "${TMPDIR:-/tmp}/mcast-test.XXXXXX")
NSLIST=()
TAPN=0
FAILS=0

JOINED="joined 224.3.29.71 on the default interface, listening on port 10000"
SENDING="sending \"very important data\" to 224.3.29.71:10000 ttl 1 via eth0 (the kernel's choice)"
RE_TIME='[0-9]+\.[0-9]{3}'
RE_RTT="rtt min/avg/max/mdev = $RE_TIME/$RE_TIME/$RE_TIME/$RE_TIME ms, p50/p90/p99 = $RE_TIME/$RE_TIME/$RE_TIME ms"

cleanup() {
	local n pid
	for n in "${NSLIST[@]}"; do
		for pid in $(ip netns pids "$n" 2>/dev/null); do
			kill -9 "$pid" 2>/dev/null
		done
	done
	for n in "${NSLIST[@]}"; do
		ip netns del "$n" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

ns() { printf '%s-%s' "$RUN" "$1"; }

ns_add() {
	local h
	for h in "$@"; do
		ip netns add "$(ns "$h")" || { echo "Bail out! ip netns add $h"; exit 1; }
		NSLIST+=("$(ns "$h")")
		ip -n "$(ns "$h")" link set lo up
	done
}

# nodad HOST...: no duplicate address detection on the links made in
# HOST from now on (interfaces inherit "default"), so that their IPv6
# addresses, link-local ones included, are usable at once.
nodad() {
	local h
	for h in "$@"; do
		on "$h" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0
	done
}

on() {
	local h=$1
	shift
	ip netns exec "$(ns "$h")" "$@"
}

# spawn HOST CMD...: run CMD inside HOST in the background.  Unlike
# "on HOST CMD &", $! is then CMD's own pid (ip netns exec execs it, and
# no subshell stands between), so a signal sent to $! reaches CMD.
spawn() {
	local h=$1
	shift
	ip netns exec "$(ns "$h")" "$@" <&0 &
}

switch_add() {
	local sw=${1:-sw}
	[ -e "/run/netns/$(ns "$sw")" ] && return 0
	ns_add "$sw"
	ip -n "$(ns "$sw")" link add br0 type bridge mcast_snooping 0
	ip -n "$(ns "$sw")" link set br0 up
}

host_link() {
	local h=$1 addr=$2 dev=${3:-eth0} sw=${4:-sw} port="p$1${3:-}"
	port=${port:0:15}
	ip -n "$(ns "$h")" link add "$dev" type veth peer name "$port" netns "$(ns "$sw")"
	ip -n "$(ns "$sw")" link set "$port" master br0 up
	ip -n "$(ns "$h")" addr add "$addr" dev "$dev"
	ip -n "$(ns "$h")" link set "$dev" up
}

veth() {
	ip -n "$(ns "$1")" link add "$2" type veth peer name "$5" netns "$(ns "$4")"
	ip -n "$(ns "$1")" addr add "$3" dev "$2"
	ip -n "$(ns "$4")" addr add "$6" dev "$5"
	ip -n "$(ns "$1")" link set "$2" up
	ip -n "$(ns "$4")" link set "$5" up
}

# lan HOST=ADDR[,ADDR...]...: the hosts on switch "sw" (made if it is not
# there yet), each with eth0 holding every ADDR (with its prefix), a route
# for 224.0.0.0/4 through eth0, and no IPv6 duplicate address detection.
lan() {
	local spec h addrs a
	switch_add
	for spec in "$@"; do
		h=${spec%%=*} addrs=${spec#*=}
		ns_add "$h"
		nodad "$h"
		host_link "$h" "${addrs%%,*}"
		while [ "$addrs" != "${addrs#*,}" ]; do
			addrs=${addrs#*,} a=${addrs%%,*}
			on "$h" ip addr add "$a" dev eth0
		done
		on "$h" ip route add 224.0.0.0/4 dev eth0
	done
}

# until_true SECS CMD...: run CMD every 50 ms until it succeeds (status 0),
# for SECS seconds at most (status 1).
until_true() {
	local secs=$1 i=0
	shift
	while [ "$i" -lt $((secs * 20)) ]; do
		"$@" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# ms_since NS: milliseconds since NS (date +%s%N), for figures printed as
# "# ..." lines; timing is reported, never asserted.
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# kill_timed SIG PID WHAT: send SIG to PID, wait for it, and print how long
# it took as a "# WHAT: exit N ms after SIG" figure; its exit status is RC.
kill_timed() {
	local t
	t=$(date +%s%N)
	kill -"$1" "$2"
	wait "$2"
	RC=$?
	echo "# $3: exit $(ms_since "$t") ms after SIG$1"
}

# wait_for FILE REGEX [SECS]: until FILE matches the extended REGEX.
wait_for() {
	until_true "${3:-5}" grep -qE -- "$2" "$1" 2>/dev/null
}

# is_member HOST GROUP [DEV]: HOST (its DEV) is a member of GROUP.
is_member() {
	ip -n "$(ns "$1")" maddr show ${3:+dev "$3"} 2>/dev/null | grep -qw -- "$2"
}

# wait_joined HOST GROUP [DEV]: until HOST is a member of GROUP.
wait_joined() {
	until_true 5 is_member "$@"
}

# start_recv [-g GROUP] [-t N] HOST NAME ARGS...: mcast-recv ARGS inside
# HOST in the background; RP is its pid.  Its stdout goes to $T/NAME.out
# (with -t N only the last N lines are kept: it goes through a FIFO to
# tail, whose pid is TP), its stderr to $T/NAME.err.  Returns once it has
# said that it joined (status 0), or has exited (1), or 20 s passed (1);
# with -g, once HOST's eth0 is a member of GROUP: the way to wait for a
# receiver with -q, which says nothing.
start_recv() {
	local group='' tail='' h n
	while :; do
		case $1 in
		-g) group=$2 ;;
		-t) tail=$2 ;;
		*) break ;;
		esac
		shift 2
	done
	h=$1 n=$2
	shift 2
	if [ -n "$tail" ]; then
		rm -f "$T/$n.fifo"
		mkfifo "$T/$n.fifo"
		tail -n "$tail" <"$T/$n.fifo" >"$T/$n.out" &
		TP=$!
		spawn "$h" "$RECV" "$@" >"$T/$n.fifo" 2>"$T/$n.err"
	else
		spawn "$h" "$RECV" "$@" >"$T/$n.out" 2>"$T/$n.err"
	fi
	RP=$!
	if [ -n "$group" ]; then
		wait_joined "$h" "$group" eth0
		return
	fi
	until_true 20 eval 'grep -q joined "$T/$n.err" || ! kill -0 "$RP"' 2>/dev/null
	grep -q joined "$T/$n.err" 2>/dev/null
}

# stop_recv SIG PID DESC [NAME]: SIG (INT, TERM) to the receiver PID,
# which exits 0: "DESC: receiver exits 0 on SIGSIG".  With NAME, also
# "DESC: receiver stderr only says it joined" ($T/NAME.err is $JOINED).
stop_recv() {
	local rc
	kill -"$1" "$2"
	wait "$2"
	rc=$?
	expect_eq "$3: receiver exits 0 on SIG$1" 0 "$rc"
	[ $# -lt 4 ] ||
		expect_eq "$3: receiver stderr only says it joined" "$JOINED" "$(cat "$T/$4.err")"
}

ok() { TAPN=$((TAPN + 1)); echo "ok $TAPN - $*"; }
not_ok() { TAPN=$((TAPN + 1)); FAILS=$((FAILS + 1)); echo "not ok $TAPN - $*"; }
skip() { TAPN=$((TAPN + 1)); echo "ok $TAPN - $1 # SKIP $2"; }

check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

expect_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf 'want:\n%s\ngot:\n%s\n' "$2" "$3" | sed 's/^/#   /'
	fi
}

# done_testing: the exit status of the script.
done_testing() {
	echo "1..$TAPN"
	[ "$FAILS" -eq 0 ]
}

# skip_all DESC REASON: what the script tests cannot run here: one result,
# skipped for REASON, and the script ends.
skip_all() {
	skip "$1" "$2"
	done_testing
	exit
}

# expect_sending DESC FILE [N [LAST]]: FILE, the stderr of a sender with
# the default message and group, is exactly the line $SENDING (with N:
# and ", N probes"), then LAST (default: "timed out, no more responses").
expect_sending() {
	expect_eq "$1" "$(printf '%s\n%s' "$SENDING${3:+, $3 probes}" \
		"${4:-timed out, no more responses}")" "$(cat "$2")"
}

# expect_line DESC REGEX FILE: FILE holds exactly one line (newline
# included), and it matches the extended REGEX.
expect_line() {
	local n
	n=$(wc -l <"$3")
	if [ "$n" -eq 1 ] && [ "$(wc -c <"$3")" -eq "$(head -n 1 "$3" | wc -c)" ] &&
		grep -qE -- "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		printf 'want one line matching: %s\ngot %s line(s):\n' "$2" "$n" | sed 's/^/#   /'
		sed 's/^/#   | /' "$3"
	fi
}

# advice FILE: from its third line on, FILE (mcast-send's stderr when
# nothing answered) is the block of advice: "mcast-send: no response; on
# this host:", then one "  - " line per cause that applies, and no more.
advice() {
	awk 'NR == 3 { ok = $0 == "mcast-send: no response; on this host:" }
		NR > 3 && !/^  - / { ok = 0 } END { exit !(ok && NR > 3) }' "$1"
}

# expect_silence DESC FILE SENDING: a sender's stderr when nothing
# answered: the SENDING line, the timeout, then the advice (two results).
expect_silence() {
	expect_eq "$1: stderr shows the send and the timeout" \
		"$(printf '%s\ntimed out, no more responses' "$3")" "$(sed -n 1,2p "$2")"
	check "$1: then the advice block, nothing else" advice "$2"
}

# Output reduced to what the CLI contract fixes, for exact comparisons.
#   acks FILE      mcast-send's stdout: 'received "PAYLOAD" from ADDR:PORT'
#                  per line (seq, time and flags after it dropped)
#   progress FILE  mcast-send's stderr, its "sending" line cut after "ttl N"
#   events FILE    mcast-recv's stdout before its statistics block, the
#                  senders' ephemeral ports written as PORT
#   strip_time [FILE...]  mcast-send's ack lines without " time=X ms"
acks() {
	sed -E 's/^(received "([^"\\]|\\.)*" from [^ ]+).*/\1/' "$1"
}
progress() {
	sed -E '1s/^(sending "([^"\\]|\\.)*" to .* ttl [0-9]+).*/\1/' "$1"
}
events() {
	sed -E '/^--- .* statistics ---$/,$d
		s/^(received [0-9]+ bytes from [^ ]+):[0-9]+/\1:PORT/' "$1"
}
strip_time() {
	sed -E "s/ time=$RE_TIME ms//" "$@"
}

# udp HOST [NAME]: HOST's UDP counters (the Udp lines of its
# /proc/net/snmp) as "Name=value ...", or with NAME only that counter's
# value.
udp() {
	on "$1" awk -v f="${2:-}" '$1 == "Udp:" {
		if (!n) { for (i = 2; i <= NF; i++) k[i] = $i; n = 1; next }
		for (i = 2; i <= NF; i++)
			if (f == "") printf "%s=%s ", k[i], $i; else if (k[i] == f) print $i }' /proc/net/snmp
}

# Bytes as hex (lowercase, no blanks), for exact comparisons.
#   hex [FILE...]  the bytes of the FILEs (default: stdin)
#   strhex STRING  the bytes of STRING
#   hexof SPEC     the bytes of a hostile_send.py payload SPEC ("-": none)
#   replies FILE ADDR   "LEN HEX" of every reply from ADDR:10000 in FILE,
#                  the output of "hostile_send.py send"
hex() {
	od -An -v -tx1 "$@" | tr -d ' \n'
}
strhex() {
	printf '%s' "$1" | hex
}
hexof() {
	python3 "$H" hex "$1"
}
replies() {
	awk -v a="$2" '$1 == "reply" && $2 == a && $3 == 10000 { print $4 " " $5 }' "$1"
}
