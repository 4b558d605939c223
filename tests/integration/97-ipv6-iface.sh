#!/usr/bin/env bash
# IPv6 delivers a group to every socket that joined it, whatever interface
# another socket joined it on; mcast-recv -I takes only what arrives on the
# interfaces it joined on (issue 11, item 10).  Host R has eth0 (switch 1)
# and eth1 (switch 2, with sender S2); receiver A joins ff05::1 on eth0,
# receiver B on eth1.  S2's datagram arrives on eth1: B reports and acks it,
# A neither (it counts it as not for it), so S2 gets exactly one ack.
. "$(dirname "$0")/lib.sh"

ns_add s2 r
nodad s2 r
switch_add
switch_add sw2
host_link r 10.1.0.1/24 eth0
host_link r 10.2.0.1/24 eth1 sw2
host_link s2 10.2.0.2/24 eth0 sw2
on r ip addr add fd01::1/64 dev eth0
on r ip addr add fd02::1/64 dev eth1
on s2 ip addr add fd02::2/64 dev eth0

start_recv r a -j -I eth0 -w 30 ff05::1
pa=$RP
start_recv r b -j -I eth1 -w 30 ff05::1
pb=$RP
wait_joined r ff05::1 eth0
wait_joined r ff05::1 eth1
on s2 "$SEND" -I eth0 -W 1 -m hello ff05::1 >"$T/s.out" 2>"$T/s.err"
expect_eq "S2 exits 0" 0 $?
expect_eq "S2 got exactly one ack, B's (R's eth1 address)" \
	'received "ack" from [fd02::1]:10000 seq=0 plain' "$(strip_time "$T/s.out")"
stop_recv INT "$pa" "A (-I eth0)"
stop_recv INT "$pb" "B (-I eth1)"
expect_eq "A (-I eth0): no datagram, one not for it" "0 1" \
	"$(jq -r 'select(.event == "summary" and .final) | "\(.datagrams) \(.ignored)"' "$T/a.out")"
expect_eq "B (-I eth1): the datagram, on eth1" "eth1 hello" \
	"$(jq -r 'select(.event == "datagram") | "\(.interface) \(.payload)"' "$T/b.out")"

done_testing
