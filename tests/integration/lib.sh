# tests/integration/lib.sh: hosts in network namespaces, and TAP output.
#
# Source it from a test script.  Every namespace it makes is named after
# this run ("mcNNNNN-name"), and all of them are removed on exit, failure
# or interrupt: nothing is created in the caller's namespace, so no test
# traffic can reach a real interface.
#
#   ns_add a b            hosts a and b (lo up in each)
#   switch_add            a switch: namespace "sw" with bridge br0
#   host_link a 10.0.0.1/24 [dev]   veth from host a (dev, default eth0)
#                         to the switch
#   veth a deva 10.1.0.1/24 b devb 10.1.0.2/24   a cable between two hosts
#   on a CMD...           run CMD inside host a
#   wait_for FILE REGEX [SECS]   until FILE matches (default 5 s)
#   wait_joined HOST GROUP [DEV] until HOST has joined GROUP
#   ok DESC / not_ok DESC / skip DESC REASON / check DESC CMD...
#   expect_eq DESC WANT GOT

set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SEND=$TOP/mcast-send
RECV=$TOP/mcast-recv
RUN=mc$$
T=$(mktemp -d "${TMPDIR:-/tmp}/mcast-test.XXXXXX")
NSLIST=()
TAPN=0
FAILS=0

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

on() {
	local h=$1
	shift
	ip netns exec "$(ns "$h")" "$@"
}

switch_add() {
	ns_add sw
	ip -n "$(ns sw)" link add br0 type bridge mcast_snooping 0
	ip -n "$(ns sw)" link set br0 up
}

host_link() {
	local h=$1 addr=$2 dev=${3:-eth0} port="p$1${3:-}"
	port=${port:0:15}
	ip -n "$(ns "$h")" link add "$dev" type veth peer name "$port" netns "$(ns sw)"
	ip -n "$(ns sw)" link set "$port" master br0 up
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

wait_for() {
	local file=$1 re=$2 secs=${3:-5} i=0
	while [ "$i" -lt $((secs * 20)) ]; do
		grep -qE -- "$re" "$file" 2>/dev/null && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# wait_joined HOST GROUP [DEV]: until HOST is a member of GROUP.
wait_joined() {
	local i=0
	while [ "$i" -lt 100 ]; do
		ip -n "$(ns "$1")" maddr show ${3:+dev "$3"} 2>/dev/null |
			grep -qw -- "$2" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
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

# lan HOST=ADDR...: the hosts on one switch, each with eth0 holding ADDR
# (with its prefix) and a route for 224.0.0.0/4 through eth0.
lan() {
	local spec h
	switch_add
	for spec in "$@"; do
		h=${spec%%=*}
		ns_add "$h"
		host_link "$h" "${spec#*=}"
		on "$h" ip route add 224.0.0.0/4 dev eth0
	done
}

# spawn HOST CMD...: run CMD inside HOST in the background.  Unlike
# "on HOST CMD &", $! is then CMD's own pid (ip netns exec execs it, and
# no subshell stands between), so a signal sent to $! reaches CMD.
spawn() {
	local h=$1
	shift
	ip netns exec "$(ns "$h")" "$@" <&0 &
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

# Output reduced to what the CLI contract fixes, for exact comparisons.
#   acks FILE      mcast-send's stdout: 'received "PAYLOAD" from ADDR:PORT'
#                  per line (seq, time and flags after it dropped)
#   progress FILE  mcast-send's stderr, its "sending" line cut after "ttl N"
#   events FILE    mcast-recv's stdout before its statistics block, the
#                  senders' ephemeral ports written as PORT
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
