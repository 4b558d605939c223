#!/usr/bin/env bash
# Many groups: receiver R joins 239.1.0.0+4096, far past the kernel's 20
# memberships per socket (net.ipv4.igmp_max_memberships, left untouched),
# and answers probes sent to the first and the last of them, saying for
# each which group it was sent to, in text and JSON; a datagram to
# 239.1.16.0, just past the range, is not printed.  Then IPv6 ranges, and
# several GROUP operands on both sides: one ack per group, each naming it.
. "$(dirname "$0")/lib.sh"

lan s=10.0.0.1/24,fd00::1/64 r=10.0.0.2/24,fd00::2/64

# members HOST REGEX: how many groups on HOST's eth0 match REGEX.
members() {
	ip -n "$(ns "$1")" maddr show dev eth0 | grep -cE "$2"
}

expect_eq "R's net.ipv4.igmp_max_memberships is the default 20" \
	20 "$(on r cat /proc/sys/net/ipv4/igmp_max_memberships)"

# --- 4096 IPv4 groups, text ------------------------------------------------

start_recv r r -c 2 -w 20 --name r 239.1.0.0+4096
rr=$RP
check "4096 groups: stderr says it joined the range in 205 or more sockets" \
	grep -qxE 'joined 239\.1\.0\.0\.\.239\.1\.15\.255 \(4096 groups, (20[5-9]|2[1-9][0-9]|[3-9][0-9]{2}|[0-9]{4,}) sockets\) on the default interface, listening on port 10000' \
	"$T/r.err"
expect_eq "4096 groups: R's eth0 is a member of all of them" \
	4096 "$(members r 'inet +239\.1\.([0-9]|1[0-5])\.[0-9]+$')"
expect_eq "4096 groups: and of none past the range" \
	0 "$(members r 'inet +239\.1\.(1[6-9]|[2-9][0-9])\.')"

on s "$SEND" -m past -W 1 239.1.16.0 >"$T/p.out" 2>"$T/p.err"
expect_eq "239.1.16.0 (past the range): sender exits 1, no ack" 1 $?
expect_eq "239.1.16.0 (past the range): sender stdout empty" "" "$(cat "$T/p.out")"

on s "$SEND" -c 1 -W 1 239.1.0.0 >"$T/f.out" 2>"$T/f.err"
expect_eq "probe to the first group 239.1.0.0: sender exits 0" 0 $?
expect_eq "probe to the first group: one ack from R" \
	'received "ack" from 10.0.0.2:10000 seq=0 hops=0 name="r"' "$(strip_time "$T/f.out" | sed -n 1p)"

on s "$SEND" -c 1 -W 1 239.1.15.255 >"$T/l.out" 2>"$T/l.err"
expect_eq "probe to the last group 239.1.15.255: sender exits 0" 0 $?
expect_eq "probe to the last group: one ack from R" \
	'received "ack" from 10.0.0.2:10000 seq=0 hops=0 name="r"' "$(strip_time "$T/l.out" | sed -n 1p)"
expect_eq "probe to the last group: sender stderr" \
	"$(printf 'sending "very important data" to 239.1.15.255:10000 ttl 1 via eth0 (the kernel'"'"'s choice), 1 probes\ntimed out, no more responses')" \
	"$(cat "$T/l.err")"

wait "$rr"
expect_eq "4096 groups: receiver exits 0 after --count 2" 0 $?
grep '^received ' "$T/r.out" >"$T/r.lines"
check "4096 groups: first datagram line says to 239.1.0.0 on eth0" \
	grep -qxE 'received 43 bytes from 10\.0\.0\.1:[0-9]+ seq=0 to 239\.1\.0\.0 on eth0' <(sed -n 1p "$T/r.lines")
check "4096 groups: second datagram line says to 239.1.15.255 on eth0" \
	grep -qxE 'received 43 bytes from 10\.0\.0\.1:[0-9]+ seq=0 to 239\.1\.15\.255 on eth0' <(sed -n 2p "$T/r.lines")
expect_eq "4096 groups: exactly two datagrams printed (nothing for 239.1.16.0)" \
	2 "$(wc -l <"$T/r.lines")"
check "4096 groups: the \"past\" message never printed" \
	bash -c "! grep -qx past '$T/r.out'"
expect_eq "4096 groups: summary title names the range" \
	"--- 239.1.0.0..239.1.15.255 port 10000 statistics ---" \
	"$(grep -- '^--- ' "$T/r.out")"
expect_eq "4096 groups: stderr is one line" 1 "$(wc -l <"$T/r.err")"
expect_eq "R's net.ipv4.igmp_max_memberships is still 20" \
	20 "$(on r cat /proc/sys/net/ipv4/igmp_max_memberships)"

# --- 4096 IPv4 groups, JSON -----------------------------------------------

start_recv r rj -j -c 1 -w 20 239.1.0.0+4096
rr=$RP
on s "$SEND" -W 1 239.1.15.255 >"$T/lj.out" 2>"$T/lj.err"
expect_eq "JSON: plain send to 239.1.15.255 exits 0" 0 $?
wait "$rr"
expect_eq "JSON: receiver exits 0" 0 $?
grep '"event":"datagram"' "$T/rj.out" >"$T/rj.dgram"
expect_line "JSON: the datagram event has \"to\":\"239.1.15.255\" and \"interface\":\"eth0\"" \
	'^\{"event":"datagram",.*"from":"10\.0\.0\.1:[0-9]+","to":"239\.1\.15\.255","interface":"eth0",' \
	"$T/rj.dgram"
check "JSON: the summary names the range" \
	grep -qE '^\{"event":"summary",.*"group":"239\.1\.0\.0\.\.239\.1\.15\.255 port 10000"' "$T/rj.out"

# --- IPv6 ranges ------------------------------------------------------------

# ipv6_range N LAST: R joins ff05::1:0+N; a datagram to LAST is answered.
# When R cannot join them all it has exited: one failure says so, with
# R's stderr, instead of a cascade of consequences.
ipv6_range() {
	local n=$1 last=$2 rr rc

	start_recv r r6 -c 1 -w 20 "ff05::1:0+$n"
	rr=$RP
	if ! grep -q '^joined ' "$T/r6.err"; then
		wait "$rr"; rc=$?
		not_ok "ff05::1:0+$n: receiver joins all $n groups (it exited $rc)"
		sed 's/^/#   | /' "$T/r6.err"
		return
	fi
	wait_joined r "$last" eth0
	expect_line "ff05::1:0+$n: stderr says it joined the range" \
		"^joined ff05::1:0\.\.$last \($n groups, [0-9]+ sockets\) on the default interface, listening on port 10000\$" \
		"$T/r6.err"
	expect_eq "ff05::1:0+$n: R's eth0 is a member of all of them" \
		"$n" "$(members r 'inet6 ff05::1:[0-9a-f]{1,4}$')"
	on s "$SEND" -W 1 "$last" >"$T/s6.out" 2>"$T/s6.err"
	expect_eq "ff05::1:0+$n: sender to the last group $last exits 0" 0 $?
	expect_eq "ff05::1:0+$n: one ack from R" \
		'received "ack" from [fd00::2]:10000 seq=0 plain' "$(strip_time "$T/s6.out")"
	wait "$rr"; rc=$?
	expect_eq "ff05::1:0+$n: receiver exits 0" 0 "$rc"
	check "ff05::1:0+$n: the datagram line says to $last on eth0" \
		grep -qxE "received 19 bytes from \[fd00::1\]:[0-9]+ to $last on eth0" "$T/r6.out"
	expect_eq "ff05::1:0+$n: one datagram printed" 1 "$(grep -c '^received ' "$T/r6.out")"
}
ipv6_range 100 ff05::1:63
# IPv6 has no membership count per socket, but each membership takes
# socket option memory (net.core.optmem_max): 4096 must not run out.
ipv6_range 4096 ff05::1:fff

# --- Several operands -------------------------------------------------------

start_recv r o -c 2 -w 5 --name r 239.2.0.1 239.3.0.1
rr=$RP
on s "$SEND" -c 1 -W 1 239.2.0.1 239.3.0.1 >"$T/so.out" 2>"$T/so.err"
expect_eq "two operands: sender exits 0" 0 $?
wait "$rr"
expect_eq "two operands: receiver exits 0 after both" 0 $?
expect_eq "two operands: one ack per group, each with its group=" \
	"$(printf 'received "ack" from 10.0.0.2:10000 seq=0 hops=0 name="r" group=239.2.0.1:10000\nreceived "ack" from 10.0.0.2:10000 seq=0 hops=0 name="r" group=239.3.0.1:10000')" \
	"$(strip_time "$T/so.out" | grep '^received ' | sort)"
check "two operands: the sender's summary has a line for each group" \
	bash -c "grep -qE '^10\.0\.0\.2:10000 group=239\.2\.0\.1:10000 name=\"r\": 1/1 answered' '$T/so.out' &&
		grep -qE '^10\.0\.0\.2:10000 group=239\.3\.0\.1:10000 name=\"r\": 1/1 answered' '$T/so.out'"
expect_eq "two operands: sender stderr names both groups" \
	"$(printf 'sending "very important data" to 239.2.0.1..239.3.0.1 port 10000 (2 groups) ttl 1 via eth0 (the kernel'"'"'s choice), 1 probes\ntimed out, no more responses')" \
	"$(cat "$T/so.err")"
expect_eq "two operands: the receiver got one datagram for each group" \
	"$(printf 'to 239.2.0.1 on eth0\nto 239.3.0.1 on eth0')" \
	"$(sed -nE 's/^received 43 bytes from 10\.0\.0\.1:[0-9]+ seq=0 (to .*)$/\1/p' "$T/o.out" | sort)"
expect_eq "two operands: receiver stderr" \
	"joined 239.2.0.1..239.3.0.1 (2 groups, 1 sockets) on the default interface, listening on port 10000" \
	"$(cat "$T/o.err")"

done_testing
