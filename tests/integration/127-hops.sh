#!/usr/bin/env bash
# A responder reached by two paths is as near as the nearer (issue 11,
# item 10; commit 3bc8a40).  Sender S, receiver host R and router RT share
# LAN 1; R's second interface, eth1, is a cable to RT's r2, and smcrouted
# on RT forwards the group from r1 to r2.  R listens on both interfaces,
# so each probe (--ttl 2) reaches it twice: directly on eth0 (hops 0) and
# through RT on eth1 (hops 1), and R acks both from one address.  The
# summary's hops is 0, the fewest, whichever ack came last: text and JSON.
. "$(dirname "$0")/lib.sh"

G=224.3.29.71
ns_add rt
nodad rt
lan s=10.1.0.1/24 r=10.1.0.2/24
host_link rt 10.1.0.254/24 r1
veth rt r2 10.2.0.254/24 r eth1 10.2.0.2/24
on rt sysctl -qw net.ipv4.ip_forward=1
# R takes the routed copy on eth1 though S is reached through eth0.
on r sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.eth1.rp_filter=0

# Every path smcrouted uses lies in $T, so that runs never collide.
printf 'mroute from r1 group %s to r2\n' "$G" >"$T/smcroute.conf"
spawn rt smcrouted -n -l debug -i "mcast-test-$RUN" -f "$T/smcroute.conf" \
	-u "$T/smcroute.sock" -P "$T/smcroute.pid" >"$T/smcrouted.log" 2>&1
smc=$!
routed() {
	on rt smcroutectl -p -t -u "$T/smcroute.sock" show routes 2>/dev/null |
		grep -qE "${G//./\\.}.*[[:space:]]r1[[:space:]]+r2"
}
if until_true 5 routed; then
	ok "smcrouted holds the route for $G from r1 to r2"
else
	not_ok "smcrouted holds the route for $G from r1 to r2"
	sed 's/^/#   /' "$T/smcrouted.log"
fi

start_recv r r -j --name hostr -I eth0 -I eth1 -w 60
rr=$RP

# ping COUNT NAME ARGS...: -c COUNT probes at --ttl 2 from S.
ping() {
	local c=$1 n=$2
	shift 2
	on s "$SEND" -c "$c" -i 0.1 -W 1 -t 2 "$@" >"$T/$n.out" 2>"$T/$n.err"
}

ping 5 p
expect_eq "text: exit 0" 0 $?
expect_eq "text: stderr is the send and the timeout" \
	"$(printf 'sending "very important data" to %s:10000 ttl 2 via eth0 (the kernel'"'"'s choice), 5 probes\ntimed out, no more responses' "$G")" \
	"$(cat "$T/p.err")"
want=$(for i in 0 1 2 3 4; do
	printf 'received "ack" from 10.1.0.2:10000 seq=%d hops=%d name="hostr"\n' "$i" 0 "$i" 1
done)
expect_eq "text: every probe answered twice by R (its eth0 address), at hops 0 and at hops 1" \
	"$want" "$(grep '^received ' "$T/p.out" | strip_time | sed 's/ dup$//' | sort)"
expect_eq "text: one of each pair is a dup" 5 "$(grep -c '^received .* dup$' "$T/p.out")"
check "text: the summary line: one responder, hops=0" \
	grep -qE "^10\.1\.0\.2:10000 name=\"hostr\": 5/5 answered, 0\.0% loss, 0\.0% since first, 5 dup, 0 reordered, hops=0, rtt " "$T/p.out"

ping 5 pj -j
expect_eq "JSON: exit 0" 0 $?
expect_eq "JSON: acks at hops 0 and at hops 1" "0 1" \
	"$(jq -r 'select(.event == "ack") | .hops' "$T/pj.out" | sort -u | xargs)"
expect_eq "JSON: the summary: one responder, hops 0" '[{"from":"10.1.0.2:10000","hops":0}]' \
	"$(jq -c 'select(.event == "summary") | [.responders[] | {from, hops}]' "$T/pj.out")"

stop_recv INT "$rr" "R"
kill "$smc" 2>/dev/null
wait "$smc" 2>/dev/null

done_testing
