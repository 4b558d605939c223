#!/usr/bin/env bash
# mcast-recv is no amplifier for spoofed traffic (issue 5, "Reflection").
# Each part proves one rule:
#  1. Never ack a multicast, broadcast or unspecified source, or port 0.
#     Forged datagrams from 0.0.0.0, 224.1.2.3, 255.255.255.255, the
#     directed broadcast of R's subnet (10.9.0.255, an address with "brd"),
#     the directed broadcast of an address added without "brd"
#     (10.7.0.255: the kernel still has a broadcast route for it) and from
#     port 0 are printed with "acked":false,"no_ack":"source", counted in
#     not_acked.source, and tcpdump in R's namespace (all interfaces, lo
#     included: an ack to 0.0.0.0 would go there) sees no ack leave.  Two
#     forged datagrams from a unicast source are controls: they are acked
#     and tcpdump does see those acks, so the capture can fail.
#     How the forgeries reach R: the kernel drops a multicast or broadcast
#     source arriving from the wire as a martian, so those are sent by a
#     raw socket on R's own host (IP_HDRINCL to the group; the copy the
#     kernel loops back is delivered without that check).  0.0.0.0 is only
#     accepted towards 224.0.0.0/24, and a raw socket would fill it in: it
#     comes from host S as a whole Ethernet frame (AF_PACKET) to 224.0.0.99.
#  2. An ack is never larger than what it answers: 1 byte gets the 1-byte
#     ack "a", 0 bytes a 0-byte ack, a 24-byte probe with an empty message
#     a 24-byte ack with no name (seen by the sending socket, by mcast-send,
#     and by tcpdump -e on S's link); with --ack "a much longer ack" the
#     user chose the size: 1 byte gets all 17.
#  3. --ack-rate 5: a burst of 50 from one source gets exactly 5 acks
#     ("not_acked":{"rate":45}), another source still gets its ack, and the
#     first is acked again a second later.  --ack-rate 0: all 50 acked.
#     The default (16000 per second per address, enough for a ping every
#     millisecond to 16 groups): a burst of 50 is all acked, a flood of
#     20000 gets 16000 plus what the elapsed time refilled, not 20000.
#  4. --allow 10.9.0.0/16: S inside is acked; O (10.8.0.3) outside gets no
#     ack (mcast-send exits 1) but its datagram is still printed, with
#     "no_ack":"allow".  --allow is repeatable: adding 10.8.0.3 acks O too.
#     --allow 0.0.0.0/0 does not open rule 1: a multicast source is still
#     refused.
. "$(dirname "$0")/lib.sh"

G=224.3.29.71
LG=224.0.0.99

# cap_start HOST IFACE NAME: tcpdump of UDP on IFACE in HOST into
# $T/NAME.pcap; CP is its pid.  (--immediate-mode: without it libpcap
# hands packets over in blocks, and the last ones are lost at SIGINT.)  cap_stop: end it, and show the capture
# (with link-level headers) as $T/NAME.txt.
cap_start() {
	spawn "$1" tcpdump -Z root -U --immediate-mode -n -i "$2" \
		-w "$T/$3.pcap" udp 2>"$T/$3.cerr"
	CP=$!
	CAPNAME=$3
	wait_for "$T/$3.cerr" listening 10
}
cap_stop() {
	sleep 0.3
	kill -INT "$CP"
	wait "$CP"
	tcpdump -n -e -r "$T/$CAPNAME.pcap" >"$T/$CAPNAME.txt" 2>/dev/null
}

# event NAME TAG: the datagram event of receiver NAME whose payload is TAG,
# as "acked no_ack from".
event() {
	jq -r --arg t "$2" 'select(.event == "datagram" and .payload == $t) |
		"\(.acked) \(.no_ack) \(.from)"' "$T/$1.out"
}

# final NAME FILTER: jq FILTER on receiver NAME's final summary.
final() {
	jq -r "select(.event == \"summary\" and .final) | $2" "$T/$1.out"
}

# R's address with its broadcast ("brd +"), and a second subnet added the
# way "ip addr add" does by default, without one.  S, T, O: senders; O is
# in another subnet on the same link (routes both ways, for part 4).
switch_add
ns_add r s t o
for h in r s t o; do
	ip -n "$(ns "$h")" link add eth0 type veth peer name "p$h" netns "$(ns sw)"
	ip -n "$(ns sw)" link set "p$h" master br0 up
done
on r ip addr add 10.9.0.2/24 brd + dev eth0
on r ip addr add 10.7.0.2/24 dev eth0
on s ip addr add 10.9.0.3/24 dev eth0
on t ip addr add 10.9.0.4/24 dev eth0
on o ip addr add 10.8.0.3/24 dev eth0
for h in r s t o; do
	on "$h" ip link set eth0 up
	on "$h" ip route add 224.0.0.0/4 dev eth0
done
on r ip route add 10.8.0.0/24 dev eth0
on o ip route add 10.9.0.0/24 dev eth0
echo "# R's broadcast routes: $(on r ip route show table local type broadcast | awk '{ print $2 }' | xargs)"

# --- 1. Never ack a multicast, broadcast or unspecified source ---------------
start_recv r src -j --name r $G $LG
cap_start r any src
# forged WHERE SRC SPORT TAG: a datagram from SRC:SPORT with payload TAG.
forged() {
	if [ "$1" = wire ]; then
		on s python3 "$H" forge-eth eth0 "$2" "$3" $LG 10000 "text:$4"
	else
		on r python3 "$H" forge "$2" "$3" $G 10000 "text:$4"
	fi
}
forged wire 0.0.0.0 4444 zero
forged local 224.1.2.3 4444 multicast
forged local 255.255.255.255 4444 limited-broadcast
forged local 10.9.0.255 4444 directed-broadcast
forged local 10.7.0.255 4444 directed-broadcast-nobrd
forged local 10.9.0.3 0 port-zero
forged local 10.9.0.3 4444 control-local
forged wire 10.9.0.3 4445 control-wire
cap_stop
stop_recv INT "$RP" "source rules"
for c in zero=0.0.0.0:4444 multicast=224.1.2.3:4444 \
	limited-broadcast=255.255.255.255:4444 directed-broadcast=10.9.0.255:4444 \
	directed-broadcast-nobrd=10.7.0.255:4444 port-zero=10.9.0.3; do
	expect_eq "source ${c#*=}: printed, not acked (no_ack \"source\")" \
		"false source ${c#*=}" "$(event src "${c%%=*}")"
done
expect_eq "control: forged unicast source 10.9.0.3 (local) is acked" \
	"true null 10.9.0.3:4444" "$(event src control-local)"
expect_eq "control: forged unicast source 10.9.0.3 (from the wire) is acked" \
	"true null 10.9.0.3:4445" "$(event src control-wire)"
expect_eq "summary: 8 datagrams, 2 acks" \
	"8 2" "$(final src '"\(.datagrams) \(.acks)"')"
expect_eq "summary: 6 not acked for their source, none failed" \
	"6 0" "$(final src '"\(.not_acked.source) \(.not_acked.error)"')"
expect_eq "tcpdump in R's namespace: only the two control acks left port 10000" \
	"$(printf '10.9.0.3.4444: UDP, length 3\n10.9.0.3.4445: UDP, length 3')" \
	"$(grep -E ' [0-9.]+\.10000 > ' "$T/src.txt" | sed -E 's/.* > //' | sort)"
check "tcpdump saw the forged datagrams themselves (the capture works)" \
	grep -qE ' 224\.1\.2\.3\.4444 > 224\.3\.29\.71\.10000' "$T/src.txt"
expect_eq "R's stderr only says it joined" \
	"joined 224.0.0.99..224.3.29.71 (2 groups, 1 sockets) on the default interface, listening on port 10000" \
	"$(cat "$T/src.err")"

# --- 2. An ack is never larger than what it answers ---------------------------
start_recv r size -j --name r
cap_start s eth0 size
on s python3 "$H" send --wait 0.5 $G 10000 fill:1 >"$T/one.out"
on s python3 "$H" send --wait 0.5 $G 10000 empty >"$T/zero.out"
on s python3 "$H" send --wait 0.5 $G 10000 fill:2 >"$T/two.out"
on s python3 "$H" send --wait 0.5 $G 10000 probe:1:2:3 >"$T/p24.out"
on s python3 "$H" send --wait 0.5 $G 10000 "probe:1:3:3:$(strhex z)" >"$T/p25.out"
on s "$SEND" -c 1 -m "" -W 0.5 >"$T/ms.out" 2>"$T/ms.err"
expect_eq "mcast-send -c 1 -m \"\" exits 0 (acked)" 0 $?
cap_stop
stop_recv INT "$RP" "ack size"
expect_eq "1-byte datagram: a 1-byte ack \"a\"" "1 61" "$(replies "$T/one.out" 10.9.0.2)"
expect_eq "0-byte datagram: a 0-byte ack" "0 -" "$(replies "$T/zero.out" 10.9.0.2)"
expect_eq "2-byte datagram: a 2-byte ack \"ac\"" "2 6163" "$(replies "$T/two.out" 10.9.0.2)"
expect_eq "24-byte probe, empty message: a 24-byte ack, namelen 0, no text" \
	"24 $(hexof ack:1:2:3:1::)" "$(replies "$T/p24.out" 10.9.0.2)"
expect_eq "25-byte probe, 1-byte message: a 25-byte ack, text \"a\", no name" \
	"25 $(hexof ack:1:3:3:1::61)" "$(replies "$T/p25.out" 10.9.0.2)"
check "mcast-send: the empty probe's ack is empty and carries no name" \
	grep -qxE 'received "" from 10\.9\.0\.2:10000 seq=0 time=[0-9]+\.[0-9]{3} ms hops=0' "$T/ms.out"
# On the wire (tcpdump -e on S): each request and its ack, as UDP payload
# lengths "request:ack", and the frames of mcast-send's probe and ack.
pairs=$(awk '/ > 224\.3\.29\.71\.10000: UDP/ { q = $NF }
	/ 10\.9\.0\.2\.10000 > / { printf "%s:%s ", q, $NF }' "$T/size.txt")
echo "# on S's link, request:ack UDP lengths: $pairs"
expect_eq "tcpdump -e: every ack as long as its request, not longer" \
	"1:1 0:0 2:2 24:24 25:25 24:24 " "$pairs"
expect_eq "tcpdump -e: mcast-send's empty probe and its ack, 66-byte frames" \
	"66 66" "$(tail -n 2 "$T/size.txt" | grep -oE 'length [0-9]+:' | tr -dc '0-9\n' | xargs)"

# --ack given: the size is the user's choice.
start_recv r long -j --name r --ack "a much longer ack"
on s python3 "$H" send --wait 0.5 $G 10000 fill:1 >"$T/l1.out"
on s python3 "$H" send --wait 0.5 $G 10000 probe:5:0:1 >"$T/l24.out"
stop_recv INT "$RP" "--ack"
expect_eq "--ack \"a much longer ack\": 1 byte gets all 17" \
	"17 $(strhex "a much longer ack")" "$(replies "$T/l1.out" 10.9.0.2)"
expect_eq "--ack \"a much longer ack\": a 24-byte probe gets name and text (42 bytes)" \
	"42 $(hexof "ack:5:0:1:1:72:$(strhex "a much longer ack")")" \
	"$(replies "$T/l24.out" 10.9.0.2)"

# --- 3. --ack-rate --------------------------------------------------------------
start_recv r rate5 -j --name r --ack-rate 5
on s python3 "$H" send --wait 0.5 --repeat 50 $G 10000 text:burst >"$T/b5.out"
echo "# burst of 50 from S: $(head -n 1 "$T/b5.out")"
on t python3 "$H" send --wait 0.5 $G 10000 text:other >"$T/b5t.out"
sleep 1.1
on s python3 "$H" send --wait 0.5 $G 10000 text:later >"$T/b5l.out"
stop_recv INT "$RP" "--ack-rate 5"
expect_eq "--ack-rate 5: 50 in a burst from S get 5 acks" 5 \
	"$(replies "$T/b5.out" 10.9.0.2 | wc -l)"
expect_eq "--ack-rate 5: another source (T) still gets its ack" "3 61636b" \
	"$(replies "$T/b5t.out" 10.9.0.2)"
expect_eq "--ack-rate 5: S is acked again a second later" "3 61636b" \
	"$(replies "$T/b5l.out" 10.9.0.2)"
expect_eq "--ack-rate 5: 45 events say no_ack \"rate\"" 45 \
	"$(jq -r 'select(.event == "datagram" and .no_ack == "rate") | 1' "$T/rate5.out" | wc -l)"
expect_eq "--ack-rate 5: summary acks 7, not_acked {rate 45, others 0}" \
	"52 7 45 0" \
	"$(final rate5 '"\(.datagrams) \(.acks) \(.not_acked.rate) \(.not_acked | add - .rate)"')"

start_recv r rate0 -j --name r --ack-rate 0
on s python3 "$H" send --wait 0.5 --repeat 50 $G 10000 text:burst >"$T/b0.out"
stop_recv INT "$RP" "--ack-rate 0"
expect_eq "--ack-rate 0: all 50 of a burst acked" 50 "$(replies "$T/b0.out" 10.9.0.2 | wc -l)"
expect_eq "--ack-rate 0: summary acks 50, not_acked 0" "50 0" \
	"$(final rate0 '"\(.acks) \(.not_acked | add)"')"

start_recv -g $G r ratedef -j -q --name r
on s python3 "$H" send --wait 0.5 --repeat 50 $G 10000 text:burst >"$T/bd.out"
sleep 1.1
on s python3 "$H" send --wait 1 --last --repeat 20000 $G 10000 text:flood >"$T/bf.out"
stop_recv INT "$RP" "default rate"
expect_eq "default rate: a normal burst of 50 is all acked" 50 "$(replies "$T/bd.out" 10.9.0.2 | wc -l)"
# The bucket refills while R works through the flood: the bound is 16000
# plus 16 per millisecond from the flood's first arrival at R (its JSON
# time, the kernel's) to the last ack's arrival at S, which is after R
# decided it however late R ran (one host: one real-time clock), and 2%
# for the clocks' disagreement (R's stamps are not the limiter's).
# Timing is measured, not assumed: only the invariant is asserted.
first=$(jq -r 'select(.event == "datagram" and .payload == "flood") | .time' "$T/ratedef.out" | head -n 1)
last=$(awk '$1 == "last" { print $2 }' "$T/bf.out")
span=$(python3 -c 'import sys, datetime
f = sys.argv[1]
t = datetime.datetime.strptime(f, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
    tzinfo=datetime.timezone.utc).timestamp() if f else 0
print("%.6f" % max(0.0, float(sys.argv[2] or 0) - t) if f else "0")' "$first" "$last")
# The receiver's own count: S's socket may drop some of 20000 replies.
n=$(( $(final ratedef '.acks') - 50 ))
max=$(awk -v e="$span" 'BEGIN { printf "%d", 16000 + 16000 * e + 320 }')
echo "# default rate: 20000 sent in $(awk 'NR == 1 { print $4 }' "$T/bf.out") s, R took $span s, $n acked (at most $max allowed)"
check "default rate: a flood of 20000 gets at least 16000 acks" test "$n" -ge 16000
check "default rate: S saw acks (at most as many as R sent)" \
	test "$(replies "$T/bf.out" 10.9.0.2 | wc -l)" -le "$n"
check "default rate: ... and no more than 16000 + the refill ($max)" test "$n" -le "$max"
expect_eq "default rate: the summary counts the rest as over rate" \
	"20050 $((50 + n)) $((20000 - n))" \
	"$(final ratedef '"\(.datagrams) \(.acks) \(.not_acked.rate)"')"

# --- 4. --allow ----------------------------------------------------------------
start_recv r allow -j --name r --allow 10.9.0.0/16
on s "$SEND" -m inside -W 0.5 >"$T/ai.out" 2>"$T/ai.err"
expect_eq "--allow 10.9.0.0/16: S (10.9.0.3) is acked, mcast-send exits 0" 0 $?
on o "$SEND" -m outside -W 0.5 >"$T/ao.out" 2>"$T/ao.err"
expect_eq "--allow 10.9.0.0/16: O (10.8.0.3) gets no ack, mcast-send exits 1" 1 $?
expect_eq "--allow: O's stdout is empty" "" "$(cat "$T/ao.out")"
stop_recv INT "$RP" "--allow"
expect_eq "--allow: S's datagram printed and acked" "true null" \
	"$(event allow inside | cut -d' ' -f1,2)"
expect_eq "--allow: O's datagram printed, not acked (no_ack \"allow\")" "false allow" \
	"$(event allow outside | cut -d' ' -f1,2)"
expect_eq "--allow: summary acks 1, not_acked.allow 1" "1 1" \
	"$(final allow '"\(.acks) \(.not_acked.allow)"')"

start_recv r allow2 -j --name r --allow 10.9.0.0/16 --allow 10.8.0.3
on o "$SEND" -m outside -W 0.5 >"$T/ao2.out" 2>"$T/ao2.err"
expect_eq "--allow twice (10.9.0.0/16, 10.8.0.3): O is acked, exits 0" 0 $?
stop_recv INT "$RP" "--allow twice"
check "--allow twice: O saw R's ack" \
	grep -qE '^received "ack" from 10\.9\.0\.2:10000 ' "$T/ao2.out"

start_recv r allowall -j --name r --allow 0.0.0.0/0
on r python3 "$H" forge 224.1.2.3 4444 $G 10000 text:multicast
on s python3 "$H" send --wait 0.5 $G 10000 text:normal >"$T/aa.out"
stop_recv INT "$RP" "--allow 0.0.0.0/0"
expect_eq "--allow 0.0.0.0/0: a multicast source is still not acked" "false source" \
	"$(event allowall multicast | cut -d' ' -f1,2)"
expect_eq "--allow 0.0.0.0/0: a normal source is acked" "3 61636b" \
	"$(replies "$T/aa.out" 10.9.0.2)"

done_testing
