#!/usr/bin/env bash
# Stream mode (issue 12): datagram sizes, over a 1500-byte MTU veth.
#  1. Misuse, exit 2 with one line on stderr and nothing on stdout:
#     --size 23 (below the 24-byte stream header), 65508 for an IPv4
#     group (above 65507, the most an IPv4 UDP datagram carries), 65528
#     (above any UDP datagram).
#  2. 24 (the smallest), 1472 (the largest unfragmented: 1500 - 20 - 8),
#     1473 (fragmented in two), 8972 and 65507 (the IPv4 maximum, in 45
#     fragments): 100 datagrams each, every one received, 0 lost, the
#     reported bytes == received * size.  S's own IP counter FragCreates
#     shows the fragmentation exactly: 0 for 1472 and below, then
#     ceil((size + 8) / 1480) fragments a datagram (end markers are 24
#     bytes: never fragmented).  R's stream events have the same figures
#     and a "reassembly_failures" field.
#  3. Reassembly failures made certain: in R's raw PREROUTING (before IP
#     reassembly) iptables drops every 10th non-first fragment (-f) of
#     1473-byte datagrams, each of which is two fragments, and R's
#     net.ipv4.ipfrag_time is 1 s.  So datagrams 9, 19, ... never
#     reassemble: R reports exactly floor(sent / 10) lost; once the
#     fragments expired R's host counter ReasmFails rose by that much;
#     and R's stream event, made at the end marker, counts the failures
#     that expired during the stream (at least one, at most that many).
. "$(dirname "$0")/lib.sh"

lan s=10.0.0.1/24 r=10.0.0.2/24

# ip_stat HOST NAME: HOST's IP counter NAME (/proc/net/snmp, "Ip:" lines).
ip_stat() {
	on "$1" awk -v f="$2" '$1 == "Ip:" {
		if (!n) { for (i = 2; i <= NF; i++) k[i] = $i; n = 1; next }
		for (i = 2; i <= NF; i++) if (k[i] == f) print $i }' /proc/net/snmp
}

# ---- 1. Misuse ----------------------------------------------------------
for c in '23:smaller than the stream header \(24 bytes\)' \
	'65508:larger than an IPv4 UDP datagram can carry \(65507 bytes\)' \
	'65528:larger than a UDP datagram can carry \(65527 bytes\)'; do
	n=${c%%:*}
	on s "$SEND" -r 100 -c 10 -l "$n" >"$T/u.out" 2>"$T/u.err"
	expect_eq "--size $n: exit 2" 2 $?
	expect_eq "--size $n: stdout empty" "" "$(cat "$T/u.out")"
	# The value may be quoted as given or as "..." (checked after parsing).
	expect_line "--size $n: one line on stderr naming --size and why" \
		"^mcast-send: --size \"($n|\\.\\.\\.)\": ${c#*:}\$" "$T/u.err"
done

# ---- 2. Sizes -----------------------------------------------------------
start_recv r r -j --name r -w 120
rr=$RP
sizes="24 1472 1473 8972 65507"
for size in $sizes; do
	f0=$(ip_stat s FragCreates)
	on s "$SEND" -j -I eth0 -r 100 -c 100 -l "$size" >"$T/s$size.out" 2>"$T/s$size.err"
	expect_eq "--size $size: exit 0" 0 $?
	frags=$(($(ip_stat s FragCreates) - f0))
	n=$(jq -r 'select(.event == "summary") | .sent' "$T/s$size.out")
	expect_eq "--size $size: R got all $n, 0 lost, $((n * size)) bytes, final" \
		"$size $n 0 $((n * size)) true true" \
		"$(jq -r 'select(.event == "summary") | "\(.size) \(.responders[] | "\(.received) \(.lost) \(.bytes) \(.final) \(.end_seen)")"' "$T/s$size.out")"
	if [ "$size" -le 1472 ]; then per=0; else per=$(((size + 8 + 1479) / 1480)); fi
	expect_eq "--size $size: S fragmented $per times per datagram" "$((n * per))" "$frags"
	check "--size $size: stderr: the banner, any late notes, R's final report in" \
		awk -v b="streaming 100 datagrams of $size bytes at 100/s to 224.3.29.71:10000 ttl 1 via eth0" '
			NR == 1 { ok = $0 == b; next }
			/^late by [0-9]+ ms: [0-9]+ datagrams skipped$/ { next }
			{ c++; ok = ok && $0 == "1 of 1 receivers sent their final report" }
			END { exit !(ok && c == 1) }' "$T/s$size.err"
done

# ---- 3. Reassembly failures ---------------------------------------------
on r sysctl -qw net.ipv4.ipfrag_time=1
if ! on r iptables -t raw -A PREROUTING -p udp -f -m statistic --mode nth \
	--every 10 --packet 9 -j DROP 2>"$T/ipt.err"; then
	skip "reassembly failures" "iptables cannot add a raw fragment rule here: $(head -n 1 "$T/ipt.err")"
else
	rf0=$(ip_stat r ReasmFails)
	on s "$SEND" -j -I eth0 -r 500 -c 1000 -l 1473 >"$T/sf.out" 2>"$T/sf.err"
	expect_eq "fragments dropped: exit 0 (any loss allowed)" 0 $?
	n=$(jq -r 'select(.event == "summary") | .sent' "$T/sf.out")
	expect_eq "fragments dropped: R lost every 10th datagram, $((n / 10)) of $n" \
		"$((n - n / 10)) $((n / 10)) 0 true" \
		"$(jq -r 'select(.event == "summary") | .responders[] | "\(.received) \(.lost) \(.first_seq) \(.final)"' "$T/sf.out")"
	# The last dropped fragments expire 1 s after they would have come.
	until_true 5 test "$(($(ip_stat r ReasmFails) - rf0))" -ge "$((n / 10))"
	expect_eq "fragments dropped: R's host counted $((n / 10)) reassembly failures" \
		"$((n / 10))" "$(($(ip_stat r ReasmFails) - rf0))"
fi

stop_recv INT "$rr" "R" r
for size in $sizes; do
	n=$(jq -r 'select(.event == "summary") | .sent' "$T/s$size.out")
	echo "$n 0 $((n * size)) 0"
done >"$T/want"
ev=$(jq -r 'select(.event == "stream") | "\(.received) \(.lost) \(.bytes) \(.reassembly_failures)"' "$T/r.out")
expect_eq "R's stream events: each size's figures, reassembly_failures 0" \
	"$(cat "$T/want")" "$(head -n 5 <<<"$ev")"
if [ -e "$T/sf.out" ]; then
	read -r frx flost _ ffail <<<"$(sed -n 6p <<<"$ev")"
	n=$(jq -r 'select(.event == "summary") | .sent' "$T/sf.out")
	echo "# R's stream event counted $ffail reassembly failures of $((n / 10))"
	expect_eq "R's last stream event: the loss it reported" "$((n - n / 10)) $((n / 10))" "$frx $flost"
	check "R's last stream event: reassembly failures during the stream (1..$((n / 10)): $ffail)" \
		test "$ffail" -ge 1 -a "$ffail" -le "$((n / 10))"
fi

done_testing
