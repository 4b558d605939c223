#!/usr/bin/env bash
# When nothing answers, mcast-send says which usual causes apply on this
# host, and only those: each cause is created in a namespace of its own.
. "$(dirname "$0")/lib.sh"

# host NAME: a host with eth0 (10.0.0.1/24) and a second interface eth1,
# both up (their peers wait in namespace "peers"), with a route for
# 224.0.0.0/4 through eth0 and rp_filter off.
ns_add peers
host() {
	ns_add "$1"
	ip -n "$(ns "$1")" link add name eth0 type veth peer name "$1"0 netns "$(ns peers)"
	ip -n "$(ns "$1")" link add name eth1 type veth peer name "$1"1 netns "$(ns peers)"
	for d in eth0 eth1; do ip -n "$(ns "$1")" link set "$d" up; done
	for d in "$1"0 "$1"1; do ip -n "$(ns peers)" link set "$d" up; done
	ip -n "$(ns "$1")" addr add 10.0.0.1/24 dev eth0
	on "$1" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.eth0.rp_filter=0
	ip -n "$(ns "$1")" route add 224.0.0.0/4 dev eth0
}

# silent NAME ARGS...: run mcast-send there, keep stderr in $T/NAME.err
silent() {
	local h=$1
	shift
	on "$h" "$SEND" -W 0.1 "$@" >"$T/$h.out" 2>"$T/$h.err"
	echo $?
}

lines() { grep -c "^  - " "$T/$1.err"; }

host ok
expect_eq "no cause: exit 1 when nothing answers" 1 "$(silent ok -I eth0 -t 8)"
expect_eq "no cause: no advice block" 0 "$(lines ok)"
check "no cause: stdout empty" test ! -s "$T/ok.out"

host ttl
expect_eq "TTL 1: exit 1" 1 "$(silent ttl -I eth0)"
check "TTL 1: named" grep -q 'TTL 1: probes stop at the first router' "$T/ttl.err"
expect_eq "TTL 1: the only cause" 1 "$(lines ttl)"
silent ttl -I eth0 224.0.0.99 >/dev/null
expect_eq "TTL 1 on a link-local group (224.0.0.0/24): not a cause" 0 "$(lines ttl)"

host ifs
expect_eq "kernel's choice: exit 1" 1 "$(silent ifs -t 8)"
check "kernel's choice: names eth0 and the other interfaces" \
	grep -qE 'the kernel chose eth0; also up and multicast-capable:.* eth1( |$)' "$T/ifs.err"
expect_eq "kernel's choice: the only cause" 1 "$(lines ifs)"

host rpf
on rpf sysctl -qw net.ipv4.conf.eth0.rp_filter=1
silent rpf -I eth0 -t 8 >/dev/null
check "strict rp_filter: named" grep -q 'rp_filter is strict on eth0' "$T/rpf.err"
expect_eq "strict rp_filter: the only cause" 1 "$(lines rpf)"
on rpf sysctl -qw net.ipv4.conf.eth0.rp_filter=2
silent rpf -I eth0 -t 8 >/dev/null
expect_eq "loose rp_filter: not a cause" 0 "$(lines rpf)"

host noroute
ip -n "$(ns noroute)" route del 224.0.0.0/4 dev eth0
ip -n "$(ns noroute)" link set eth1 down
ip -n "$(ns noroute)" route add default dev eth0
silent noroute -t 8 >/dev/null
check "no multicast route: named" grep -q 'no route for 224.0.0.0/4' "$T/noroute.err"
expect_eq "no multicast route: the only cause" 1 "$(lines noroute)"

host loop
silent loop -I eth0 -t 8 --no-loop >/dev/null
check "--no-loop: named" grep -q -- '--no-loop: receivers on this host' "$T/loop.err"
expect_eq "--no-loop: the only cause" 1 "$(lines loop)"

silent loop -I eth0 --no-loop -q >/dev/null
expect_eq "-q: stderr stays empty" "" "$(cat "$T/loop.err")"

done_testing
