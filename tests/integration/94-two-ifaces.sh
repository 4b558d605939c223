#!/usr/bin/env bash
# Several interfaces: host R has eth0 on switch 1 (with sender S1) and eth1
# on switch 2 (with sender S2).  "mcast-recv -I eth0 -I eth1" joins on both,
# both senders get their ack, and each datagram says which interface it
# came in on, in text and JSON (IPv4, then IPv6 link-local).  On the
# sending side "mcast-send -I eth1" goes out through eth1 alone, and
# without -I the sender names the interface of R's route for 224.0.0.0/4,
# which is where the datagram goes.
. "$(dirname "$0")/lib.sh"

ns_add s1 s2 r
nodad s1 s2 r
switch_add
switch_add sw2
host_link r 10.1.0.1/24 eth0
host_link s1 10.1.0.2/24 eth0
host_link r 10.2.0.1/24 eth1 sw2
host_link s2 10.2.0.2/24 eth0 sw2
on s1 ip route add 224.0.0.0/4 dev eth0
on s2 ip route add 224.0.0.0/4 dev eth0
# R's multicast route points at eth1: not its first interface.
on r ip route add 224.0.0.0/4 dev eth1

# --- Receiving on both interfaces ---------------------------------------

start_recv r r -I eth0 -I eth1 -c 2 -w 5
rr=$RP
on s1 "$SEND" -m "from S1" -W 1 >"$T/s1.out" 2>"$T/s1.err"
expect_eq "-I eth0 -I eth1: S1 (switch 1) exits 0" 0 $?
expect_eq "-I eth0 -I eth1: S1 got R's ack from its eth0 address" \
	'received "ack" from 10.1.0.1:10000 seq=0 plain' "$(strip_time "$T/s1.out")"
on s2 "$SEND" -m "from S2" -W 1 >"$T/s2.out" 2>"$T/s2.err"
expect_eq "-I eth0 -I eth1: S2 (switch 2) exits 0" 0 $?
expect_eq "-I eth0 -I eth1: S2 got R's ack from its eth1 address" \
	'received "ack" from 10.2.0.1:10000 seq=0 plain' "$(strip_time "$T/s2.out")"
wait "$rr"
expect_eq "-I eth0 -I eth1: receiver exits 0 after both" 0 $?
expect_eq "-I eth0 -I eth1: receiver stderr says it joined on both" \
	"joined 224.3.29.71 on eth0,eth1, listening on port 10000" "$(cat "$T/r.err")"
check "-I eth0 -I eth1: S1's datagram came in on eth0" \
	grep -qxE 'received 7 bytes from 10\.1\.0\.2:[0-9]+ to 224\.3\.29\.71 on eth0' <(sed -n 1p "$T/r.out")
expect_eq "-I eth0 -I eth1: then S1's payload" "from S1" "$(sed -n 2p "$T/r.out")"
check "-I eth0 -I eth1: S2's datagram came in on eth1" \
	grep -qxE 'received 7 bytes from 10\.2\.0\.2:[0-9]+ to 224\.3\.29\.71 on eth1' <(sed -n 3p "$T/r.out")
expect_eq "-I eth0 -I eth1: then S2's payload" "from S2" "$(sed -n 4p "$T/r.out")"
expect_eq "-I eth0 -I eth1: two datagrams, then the summary" \
	"--- 224.3.29.71:10000 statistics ---" "$(sed -n 5p "$T/r.out")"
check "-I eth0 -I eth1: the summary counts two datagrams from two senders" \
	grep -qE '^2 datagrams from 2 senders(,|$)' <(sed -n 6p "$T/r.out")

# JSON: the same, with "interface".
start_recv r rj -j -I eth0 -I eth1 -c 2 -w 5
rr=$RP
on s1 "$SEND" -q -m "from S1" -W 1 >/dev/null 2>&1
expect_eq "JSON: S1 exits 0" 0 $?
on s2 "$SEND" -q -m "from S2" -W 1 >/dev/null 2>&1
expect_eq "JSON: S2 exits 0" 0 $?
wait "$rr"
expect_eq "JSON: receiver exits 0" 0 $?
expect_eq "JSON: each datagram event has its interface" \
	"$(printf '10.1.0.2 224.3.29.71 eth0 from S1\n10.2.0.2 224.3.29.71 eth1 from S2')" \
	"$(sed -nE 's/^\{"event":"datagram",.*"from":"([0-9.]+):[0-9]+","to":"([0-9.]+)","interface":"([a-z0-9]+)",.*"payload":"([^"]*)"\}$/\1 \2 \3 \4/p' "$T/rj.out")"
expect_eq "JSON: stdout is two datagrams and the summary" 3 "$(wc -l <"$T/rj.out")"

# Joined on eth1 only, R does not hear S1: the joins are per interface.
start_recv r r1 -I eth1 -c 1 -w 5
rr=$RP
on s1 "$SEND" -m "from S1" -W 1 >"$T/n1.out" 2>"$T/n1.err"
expect_eq "-I eth1 only: S1 gets no ack, exits 1" 1 $?
on s2 "$SEND" -m "from S2" -W 1 >"$T/n2.out" 2>"$T/n2.err"
expect_eq "-I eth1 only: S2 exits 0" 0 $?
wait "$rr"
expect_eq "-I eth1 only: receiver exits 0" 0 $?
expect_eq "-I eth1 only: the one datagram R took is S2's" "from S2" "$(sed -n 2p "$T/r1.out")"
check "-I eth1 only: one interface, one group: no \"to ... on\" in the line" \
	grep -qxE 'received 7 bytes from 10\.2\.0\.2:[0-9]+' <(sed -n 1p "$T/r1.out")

# IPv6: the link-local group ff02::1:3 on both interfaces.
start_recv r r6 -I eth0 -I eth1 -c 2 -w 5 ff02::1:3
rr=$RP
on s1 "$SEND" -m "from S1" -W 1 ff02::1:3%eth0 >"$T/s61.out" 2>"$T/s61.err"
expect_eq "IPv6 -I eth0 -I eth1: S1 exits 0" 0 $?
check "IPv6 -I eth0 -I eth1: S1 got R's ack from a link-local address on eth0" \
	grep -qxE 'received "ack" from \[fe80::[0-9a-f:]+%eth0\]:10000 seq=0 time=[0-9]+\.[0-9]{3} ms plain' "$T/s61.out"
on s2 "$SEND" -m "from S2" -W 1 ff02::1:3%eth0 >"$T/s62.out" 2>"$T/s62.err"
expect_eq "IPv6 -I eth0 -I eth1: S2 exits 0" 0 $?
wait "$rr"
expect_eq "IPv6 -I eth0 -I eth1: receiver exits 0" 0 $?
expect_eq "IPv6 -I eth0 -I eth1: receiver stderr" \
	"joined ff02::1:3 on eth0,eth1, listening on port 10000" "$(cat "$T/r6.err")"
expect_eq "IPv6 -I eth0 -I eth1: each datagram says its interface, and scopes its source by it" \
	"$(printf 'eth0 to ff02::1:3 on eth0\neth1 to ff02::1:3 on eth1')" \
	"$(sed -nE 's/^received 7 bytes from \[fe80::[0-9a-f:]+%([a-z0-9]+)\]:[0-9]+ (to .*)$/\1 \2/p' "$T/r6.out")"

# --- Sending through one interface ------------------------------------

# send_scene DESC SIDE SENDARGS...: receivers on S1 and S2 each take one
# datagram; R sends with SENDARGS, which must reach SIDE (s1 or s2) only,
# then a "sweep" through the other side's interface.  The other receiver
# printing "sweep" proves R's first datagram never reached it.
send_scene() {
	local desc=$1 side=$2 other ack sweep_if p1 p2 rc
	shift 2
	if [ "$side" = s1 ]; then
		other=s2 ack=10.1.0.2 sweep_if=eth1
	else
		other=s1 ack=10.2.0.2 sweep_if=eth0
	fi
	start_recv s1 x1 -c 1 -w 5
	p1=$RP
	start_recv s2 x2 -c 1 -w 5
	p2=$RP

	on r "$SEND" -m "from R" -W 1 "$@" >"$T/x.out" 2>"$T/x.err"
	expect_eq "$desc: sender exits 0" 0 $?
	expect_eq "$desc: exactly one ack, from $side" \
		"received \"ack\" from $ack:10000 seq=0 plain" "$(strip_time "$T/x.out")"
	cp "$T/x.err" "$T/x.err.kept"
	on r "$SEND" -q -m sweep -W 1 -I "$sweep_if" >/dev/null 2>&1
	expect_eq "$desc: the sweep through $sweep_if reached $other" 0 $?
	wait "$p1"; rc=$?
	expect_eq "$desc: receiver on S1 exits 0" 0 "$rc"
	wait "$p2"; rc=$?
	expect_eq "$desc: receiver on S2 exits 0" 0 "$rc"
	expect_eq "$desc: $side received R's datagram" "from R" \
		"$(sed -n 2p "$T/x${side#s}.out")"
	expect_eq "$desc: $other received only the sweep" "sweep" \
		"$(sed -n 2p "$T/x${other#s}.out")"
}

send_scene "-I eth1" s2 -I eth1
expect_eq "-I eth1: stderr names eth1, as given" \
	"$(printf 'sending "from R" to 224.3.29.71:10000 ttl 1 via eth1\ntimed out, no more responses')" \
	"$(cat "$T/x.err.kept")"

send_scene "-I eth0" s1 -I eth0
expect_eq "-I eth0: stderr names eth0, as given" \
	"$(printf 'sending "from R" to 224.3.29.71:10000 ttl 1 via eth0\ntimed out, no more responses')" \
	"$(cat "$T/x.err.kept")"

send_scene "no -I, route via eth1" s2
expect_eq "no -I, route via eth1: stderr says eth1 is the kernel's choice" \
	"$(printf 'sending "from R" to 224.3.29.71:10000 ttl 1 via eth1 (the kernel'"'"'s choice)\ntimed out, no more responses')" \
	"$(cat "$T/x.err.kept")"

on r ip route replace 224.0.0.0/4 dev eth0
send_scene "no -I, route via eth0" s1
expect_eq "no -I, route via eth0: stderr says eth0 is the kernel's choice" \
	"$(printf 'sending "from R" to 224.3.29.71:10000 ttl 1 via eth0 (the kernel'"'"'s choice)\ntimed out, no more responses')" \
	"$(cat "$T/x.err.kept")"

done_testing
