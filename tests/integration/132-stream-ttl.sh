#!/usr/bin/env bash
# Stream mode (issue 12) across a multicast router: sender S on segment 1,
# receiver R on segment 2, and between them a router running smcrouted
# with a source-specific route for 239.1.1.1 from S on r1 to r2 (in the
# kernel at once, so that even the first datagram crosses: the loss below
# is exactly 0).  R's reports come back by unicast through the router.
#  1. --ttl 1: the stream stops at the router: exit 1, the summary says
#     0 receivers reported, stderr that none sent a final report.
#  2. --ttl 2: R reports, 500 of 500, 0 lost, its final report in, and the
#     summary counts one hop (R saw TTL 1 of the 2 sent).
#  3. --ttl 3: still one hop (the TTL R saw is 2): hops is the difference,
#     not the TTL.
#  4. R's own side: a stream event for each of the two streams that
#     reached it, none for the --ttl 1 one.
. "$(dirname "$0")/lib.sh"

G=239.1.1.1

ns_add s rt r
veth s eth0 10.1.0.2/24 rt r1 10.1.0.1/24
veth rt r2 10.2.0.1/24 r eth0 10.2.0.2/24
on s ip route add default via 10.1.0.1
on r ip route add default via 10.2.0.1
on rt sysctl -qw net.ipv4.ip_forward=1

# Every path smcrouted uses lies in $T, so that runs never collide.
printf 'mroute from r1 source 10.1.0.2 group %s to r2\n' "$G" >"$T/smcroute.conf"
spawn rt smcrouted -n -l debug -i "mcast-test-$RUN" -f "$T/smcroute.conf" \
	-u "$T/smcroute.sock" -P "$T/smcroute.pid" >"$T/smcrouted.log" 2>&1
smc=$!

# routed: the kernel holds the (S,G) route from r1 to r2.
routed() {
	ip -n "$(ns rt)" mroute show 2>/dev/null |
		grep -qE "^\(10\.1\.0\.2,[[:space:]]*${G//./\\.}\).*Iif: r1.*Oifs: r2"
}
if until_true 5 routed; then
	ok "router: the kernel holds (10.1.0.2,$G) from r1 to r2"
else
	not_ok "router: the kernel holds (10.1.0.2,$G) from r1 to r2"
	sed 's/^/#   /' "$T/smcrouted.log"
fi

start_recv r r -j --name r -w 60 $G
rr=$RP

# banner TTL: the sender's first stderr line.
banner() {
	echo "streaming 500 datagrams of 100 bytes at 500/s to $G:10000 ttl $1 via eth0"
}

# ---- 1. --ttl 1 ---------------------------------------------------------
on s "$SEND" -I eth0 -t 1 -r 500 -c 500 -l 100 $G >"$T/t1.out" 2>"$T/t1.err"
expect_eq "--ttl 1: exit 1, no receiver reported" 1 $?
# N sent: 500, less any slots skipped on a busy host.
expect_eq "--ttl 1: stdout is the summary: 0 receivers reported" \
	"$(printf -- '--- %s:10000 stream statistics ---\nN datagrams of 100 bytes sent at 500/s in X s, 0 receivers reported' $G)" \
	"$(sed -E "2s/^[0-9]+ /N /; s/ in $RE_TIME s/ in X s/; s/, [0-9]+ skipped//" "$T/t1.out")"
check "--ttl 1: stderr is the banner, any late notes, and no final report" \
	awk -v b="$(banner 1)" '
		NR == 1 { ok = $0 == b; next }
		/^late by [0-9]+ ms: [0-9]+ datagrams skipped$/ { next }
		n == 0 { n++; ok = ok && $0 == "0 of 0 receivers sent their final report before the timeout"; next }
		{ n++; ok = ok && $0 == "mcast-send: 0 of 1 expected receivers reported" }
		END { exit !(ok && n == 2) }' "$T/t1.err"

# ---- 2. --ttl 2, 3 ------------------------------------------------------
for ttl in 2 3; do
	on s "$SEND" -j -I eth0 -t $ttl -r 500 -c 500 -l 100 $G >"$T/t$ttl.out" 2>"$T/t$ttl.err"
	expect_eq "--ttl $ttl: exit 0, R reported" 0 $?
	n=$(jq -r 'select(.event == "summary") | .sent' "$T/t$ttl.out")
	expect_eq "--ttl $ttl: one receiver, R: all $n received, 0 lost, final, hops=1" \
		"10.2.0.2:10000 r true $n 0 0 1 true" \
		"$(jq -r 'select(.event == "summary") | .responders[] |
			"\(.from) \(.name) \(.final) \(.received) \(.lost) \(.first_seq) \(.hops) \(.end_seen)"' "$T/t$ttl.out")"
	expect_eq "--ttl $ttl: R's final report event says hops 1 too" "1" \
		"$(jq -r 'select(.event == "report" and .final) | .hops' "$T/t$ttl.out")"
	check "--ttl $ttl: stderr is the banner, any late notes, R's final report in" \
		awk -v b="$(banner $ttl)" '
			NR == 1 { ok = $0 == b; next }
			/^late by [0-9]+ ms: [0-9]+ datagrams skipped$/ { next }
			{ n++; ok = ok && $0 == "1 of 1 receivers sent their final report" }
			END { exit !(ok && n == 1) }' "$T/t$ttl.err"
done

# The kernel's forwarding cache shows that the router carried the stream.
check "router: the kernel forwarded (10.1.0.2,$G) from r1 to r2" \
	bash -c "ip -n '$(ns rt)' -s mroute show | grep -qE '^\(10\.1\.0\.2,[[:space:]]*${G//./\\.}\).*Iif: r1.*Oifs: r2'"

stop_recv INT "$rr" "R"
expect_eq "R: stderr only says it joined" \
	"joined $G on the default interface, listening on port 10000" "$(cat "$T/r.err")"
expect_eq "R: a stream event for each stream that crossed, from S, none lost" \
	"$(for ttl in 2 3; do echo "10.1.0.2 $(jq -r 'select(.event == "summary") | .sent' "$T/t$ttl.out") 0"; done)" \
	"$(jq -r 'select(.event == "stream") | "\(.from | sub(":[0-9]+$"; "")) \(.received) \(.lost)"' "$T/r.out")"

kill "$smc" 2>/dev/null
wait "$smc" 2>/dev/null

done_testing
