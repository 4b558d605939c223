#!/usr/bin/env bash
# TTL across a real multicast router: sender S on segment 1, receiver R on
# segment 2, and between them a router running smcrouted with a route for
# the group from r1 to r2.  A datagram with --ttl 1 stops at the router (no
# ack, exit 1); with --ttl 2 it crosses, and R's ack comes back by unicast.
. "$(dirname "$0")/lib.sh"

ns_add s rt r
veth s eth0 10.1.0.2/24 rt r1 10.1.0.1/24
veth rt r2 10.2.0.1/24 r eth0 10.2.0.2/24
on s ip route add default via 10.1.0.1
on r ip route add default via 10.2.0.1
on rt sysctl -qw net.ipv4.ip_forward=1

# Every path smcrouted uses lies in $T, so that runs never collide.
printf 'mroute from r1 group 224.3.29.71 to r2\n' >"$T/smcroute.conf"
spawn rt smcrouted -n -l debug -i "mcast-test-$RUN" -f "$T/smcroute.conf" \
	-u "$T/smcroute.sock" -P "$T/smcroute.pid" >"$T/smcrouted.log" 2>&1
smc=$!

# routed: smcrouted lists its (*,G) rule from r1 to r2.
routed() {
	on rt smcroutectl -p -t -u "$T/smcroute.sock" show routes 2>/dev/null |
		grep -qE '224\.3\.29\.71.*[[:space:]]r1[[:space:]]+r2'
}
if until_true 5 routed; then
	ok "smcrouted holds the route for 224.3.29.71 from r1 to r2"
else
	not_ok "smcrouted holds the route for 224.3.29.71 from r1 to r2"
	sed 's/^/#   /' "$T/smcrouted.log"
fi

# One receiver for both sends: it takes the first datagram that reaches it,
# so seeing "ttl two" proves "ttl one" never arrived.
start_recv r r -c 1 -w 10
rr=$RP

on s "$SEND" -I eth0 --ttl 1 -m "ttl one" -W 1 >"$T/s1.out" 2>"$T/s1.err"
expect_eq "--ttl 1: exit 1, no response across the router" 1 $?
expect_eq "--ttl 1: stdout empty" "" "$(cat "$T/s1.out")"
expect_eq "--ttl 1: stderr shows the send and the timeout" \
	"$(printf 'sending "ttl one" to 224.3.29.71:10000 ttl 1\ntimed out, no more responses')" \
	"$(progress "$T/s1.err" | sed -n 1,2p)"
check "--ttl 1: stderr then names TTL 1 as a cause and --ttl as the cure" \
	grep -qE 'TTL 1.*--ttl' "$T/s1.err"

on s "$SEND" -I eth0 --ttl 2 -m "ttl two" -W 1 >"$T/s2.out" 2>"$T/s2.err"
expect_eq "--ttl 2: exit 0, the ack came back" 0 $?
expect_eq "--ttl 2: exactly one ack, from R" \
	'received "ack" from 10.2.0.2:10000' "$(acks "$T/s2.out")"
expect_eq "--ttl 2: stderr shows the send and the timeout, nothing else" \
	"$(printf 'sending "ttl two" to 224.3.29.71:10000 ttl 2\ntimed out, no more responses')" \
	"$(progress "$T/s2.err")"

wait "$rr"
expect_eq "receiver exits 0 after --count 1" 0 $?
expect_eq "receiver: one datagram, the ttl 2 one, from S" \
	"$(printf 'received 7 bytes from 10.1.0.2:PORT\nttl two')" "$(events "$T/r.out")"
check "receiver: then its statistics" \
	grep -qxE -- '--- 224\.3\.29\.71:10000 statistics ---' "$T/r.out"
expect_eq "receiver: stderr only says it joined" "$JOINED" "$(cat "$T/r.err")"

# The kernel's forwarding cache shows that the router, not some shortcut,
# carried the datagram from r1 to r2.
check "router: the kernel forwarded (10.1.0.2,224.3.29.71) from r1 to r2" \
	bash -c "ip -n '$(ns rt)' mroute show | grep -qE '^\(10\.1\.0\.2,[[:space:]]*224\.3\.29\.71\).*Iif: r1.*Oifs: r2'"

kill "$smc" 2>/dev/null
wait "$smc" 2>/dev/null

done_testing
