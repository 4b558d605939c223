#!/usr/bin/env bash
# The hop limit across a real IPv6 multicast router: sender S on segment 1
# (fd01::/64), receiver R on segment 2 (fd02::/64), and between them a router
# running smcrouted with a route for the site-local group ff05::3:29:71
# from S's ULA address on r1 to r2.  A datagram with --ttl 1 stops at the
# router (no ack, exit 1); with --ttl 2 it crosses, and R's ack comes back
# by unicast.  A probe with --ttl 3 arrives with hop limit 2 and its ack
# says it took one hop.
. "$(dirname "$0")/lib.sh"

ns_add s rt r
nodad s rt r
veth s eth0 fd01::2/64 rt r1 fd01::1/64
veth rt r2 fd02::1/64 r eth0 fd02::2/64
on s ip -6 route add default via fd01::1
on r ip -6 route add default via fd02::1
on rt sysctl -qw net.ipv6.conf.all.forwarding=1

# A source-specific route: installed in the kernel at once, so even the
# first datagram crosses without waiting for smcrouted to learn the source.
# Every path smcrouted uses lies in $T, so that runs never collide.
printf 'mroute from r1 source fd01::2 group ff05::3:29:71 to r2\n' >"$T/smcroute.conf"
spawn rt smcrouted -n -l debug -i "mcast-test-$RUN" -f "$T/smcroute.conf" \
	-u "$T/smcroute.sock" -P "$T/smcroute.pid" >"$T/smcrouted.log" 2>&1
smc=$!

# routed: the kernel holds the (S,G) route from r1 to r2.
routed() {
	ip -n "$(ns rt)" -6 mroute show 2>/dev/null |
		grep -qE '^\(fd01::2,[[:space:]]*ff05::3:29:71\).*Iif: r1.*Oifs: r2'
}
if until_true 5 routed; then
	ok "router: the kernel holds (fd01::2,ff05::3:29:71) from r1 to r2"
else
	not_ok "router: the kernel holds (fd01::2,ff05::3:29:71) from r1 to r2"
	sed 's/^/#   /' "$T/smcrouted.log"
fi

# One receiver for both sends: it takes the first datagram that reaches it,
# so seeing "ttl two" proves "ttl one" never arrived.
start_recv r r -6 -c 1 -w 10
rr=$RP

# S has only eth0, so the kernel's choice is eth0.
on s "$SEND" -6 --ttl 1 -m "ttl one" -W 1 >"$T/s1.out" 2>"$T/s1.err"
expect_eq "--ttl 1: exit 1, no response across the router" 1 $?
expect_eq "--ttl 1: stdout empty" "" "$(cat "$T/s1.out")"
expect_silence "--ttl 1" "$T/s1.err" \
	'sending "ttl one" to [ff05::3:29:71]:10000 ttl 1 via eth0 (the kernel'"'"'s choice)'
check "--ttl 1: the advice names TTL 1" \
	grep -qxF '  - TTL 1: probes stop at the first router; if receivers are further away, raise --ttl' "$T/s1.err"

on s "$SEND" -6 --ttl 2 -m "ttl two" -W 1 >"$T/s2.out" 2>"$T/s2.err"
expect_eq "--ttl 2: exit 0, the ack came back" 0 $?
expect_eq "--ttl 2: exactly one ack, from R" \
	'received "ack" from [fd02::2]:10000 seq=0 plain' \
	"$(strip_time "$T/s2.out")"
expect_eq "--ttl 2: stderr shows the send and the timeout" \
	"$(printf 'sending "ttl two" to [ff05::3:29:71]:10000 ttl 2 via eth0 (the kernel'"'"'s choice)\ntimed out, no more responses')" \
	"$(cat "$T/s2.err")"

wait "$rr"
expect_eq "receiver exits 0 after --count 1" 0 $?
check "receiver: the datagram came from S's ULA address" \
	grep -qxE 'received 7 bytes from \[fd01::2\]:[0-9]+' "$T/r.out"
expect_eq "receiver: only the ttl 2 datagram arrived" "ttl two" "$(sed -n 2p "$T/r.out")"
expect_eq "receiver: summary title" \
	"--- [ff05::3:29:71]:10000 statistics ---" "$(sed -n 3p "$T/r.out")"
check "receiver: summary counts one datagram from one sender" \
	grep -qE '^1 datagrams from 1 senders(,|$)' <(sed -n 4p "$T/r.out")
expect_eq "receiver: stdout has exactly five lines" 5 "$(wc -l <"$T/r.out")"
expect_eq "receiver: stderr only says it joined" \
	"joined ff05::3:29:71 on the default interface, listening on port 10000" \
	"$(cat "$T/r.err")"

# A probe with hop limit 3: the router takes one off, R sees 2, and the
# ack tells S that one hop lay between them.
start_recv r rj -6 -j -c 1 -w 10
rr=$RP
on s "$SEND" -6 -c 1 --ttl 3 -W 1 >"$T/s3.out" 2>"$T/s3.err"
expect_eq "probe --ttl 3: exit 0" 0 $?
wait "$rr"
expect_eq "probe --ttl 3: receiver exits 0" 0 $?
grep '"event":"datagram"' "$T/rj.out" >"$T/rj.dgram"
expect_line "probe --ttl 3: R received it with hop limit 2" \
	'^\{"event":"datagram",.*"from":"\[fd01::2\]:[0-9]+","to":"ff05::3:29:71","interface":"eth0",.*"ttl":2,"probe":true,' \
	"$T/rj.dgram"
check "probe --ttl 3: S's ack line says hops=1" \
	grep -qxE 'received "ack" from \[fd02::2\]:10000 seq=0 time=[0-9]+\.[0-9]{3} ms hops=1 name="[^"]*"' "$T/s3.out"
expect_eq "probe --ttl 3: stderr shows the send, the probe count and the timeout" \
	"$(printf 'sending "very important data" to [ff05::3:29:71]:10000 ttl 3 via eth0 (the kernel'"'"'s choice), 1 probes\ntimed out, no more responses')" \
	"$(cat "$T/s3.err")"

# The kernel's forwarding counters show that the router, not some
# shortcut, carried the datagrams from r1 to r2.
check "router: smcrouted still lists its route" \
	bash -c "ip netns exec '$(ns rt)' smcroutectl -p -t -u '$T/smcroute.sock' show routes 2>/dev/null | grep -qE 'fd01::2.*ff05::3:29:71.*r1[[:space:]]+r2'"
check "router: the kernel forwarded packets of (fd01::2,ff05::3:29:71)" \
	bash -c "ip -n '$(ns rt)' -6 -s mroute show | grep -A1 -E '^\(fd01::2,[[:space:]]*ff05::3:29:71\)' | grep -qE '[1-9][0-9]* packets'"

kill "$smc" 2>/dev/null
wait "$smc" 2>/dev/null

done_testing
