#!/usr/bin/env bash
# The classic example's scene in IPv6: receivers on hosts A and B, the
# sender on A.  First on the -6 default group ff05::3:29:71 (site-local, so
# the sender's ULA address is the source), then on the link-local group
# ff02::1:3, which needs an interface (A names it as ff02::1:3%eth0, B with
# -I eth0) and whose datagrams and acks come from link-local addresses,
# printed as [fe80::...%eth0]:port.  Then --ttl as the hop limit, and the
# misuses: a link-local group without an interface, an IPv6 group with -4.
. "$(dirname "$0")/lib.sh"

lan a=fd00::17/64 b=fd00::8/64

# lladdr HOST: the link-local address of HOST's eth0.
lladdr() {
	ip -n "$(ns "$1")" -6 addr show dev eth0 scope link |
		sed -nE 's/^ *inet6 (fe80::[0-9a-f:]+)\/64 .*/\1/p' | head -n 1
}
lla=$(lladdr a)
llb=$(lladdr b)
check "A and B have link-local addresses" test -n "$lla" -a -n "$llb"

# --- The default group ff05::3:29:71 -----------------------------------

start_recv a a -6 -c 1 -w 5
ra=$RP
start_recv b b -6 -c 1 -w 5
rb=$RP

on a "$SEND" -6 -W 1 >"$T/s.out" 2>"$T/s.err"
expect_eq "ff05::3:29:71: sender exits 0 when acks arrive" 0 $?
wait "$ra"; expect_eq "ff05::3:29:71: receiver A exits 0 after --count 1" 0 $?
wait "$rb"; expect_eq "ff05::3:29:71: receiver B exits 0 after --count 1" 0 $?

expect_eq "ff05::3:29:71: sender stdout: one ack from each host, from its ULA" \
	"$(printf 'received "ack" from [fd00::17]:10000 seq=0 plain\nreceived "ack" from [fd00::8]:10000 seq=0 plain')" \
	"$(strip_time "$T/s.out" | sort)"
expect_eq "ff05::3:29:71: sender stderr: the send, the kernel's interface, the timeout" \
	"$(printf 'sending "very important data" to [ff05::3:29:71]:10000 ttl 1 via eth0 (the kernel'"'"'s choice)\ntimed out, no more responses')" \
	"$(cat "$T/s.err")"
for h in a b; do
	check "ff05::3:29:71: receiver $h printed the 19-byte message from A's ULA" \
		grep -qxE 'received 19 bytes from \[fd00::17\]:[0-9]+' "$T/$h.out"
	expect_eq "ff05::3:29:71: receiver $h payload line" \
		"very important data" "$(sed -n 2p "$T/$h.out")"
	expect_eq "ff05::3:29:71: receiver $h summary" \
		"$(printf -- '--- [ff05::3:29:71]:10000 statistics ---\n1 datagrams from 1 senders, 0 dropped by the kernel, 1 acks sent')" \
		"$(sed -n 3,4p "$T/$h.out")"
	check "ff05::3:29:71: receiver $h summary names the sender" \
		grep -qxE '\[fd00::17\]:[0-9]+: 1 datagrams, 19 bytes' "$T/$h.out"
	expect_eq "ff05::3:29:71: receiver $h stdout has five lines" 5 "$(wc -l <"$T/$h.out")"
	expect_eq "ff05::3:29:71: receiver $h stderr only says it joined" \
		"joined ff05::3:29:71 on the default interface, listening on port 10000" \
		"$(cat "$T/$h.err")"
done

# --- The link-local group ff02::1:3 ------------------------------------

start_recv a a2 -c 1 -w 5 ff02::1:3%eth0
ra=$RP
start_recv b b2 -c 1 -w 5 -I eth0 ff02::1:3
rb=$RP

on a "$SEND" -W 1 ff02::1:3%eth0 >"$T/s2.out" 2>"$T/s2.err"
expect_eq "ff02::1:3%eth0: sender exits 0 when acks arrive" 0 $?
wait "$ra"; expect_eq "ff02::1:3: receiver A (ff02::1:3%eth0) exits 0" 0 $?
wait "$rb"; expect_eq "ff02::1:3: receiver B (-I eth0) exits 0" 0 $?

expect_eq "ff02::1:3%eth0: sender stdout: one ack from each host, link-local with %eth0" \
	"$(printf 'received "ack" from [%s%%eth0]:10000 seq=0 plain\n' "$lla" "$llb" | sort)" \
	"$(strip_time "$T/s2.out" | sort)"
expect_eq "ff02::1:3%eth0: sender stderr: the scoped group, via eth0 as given" \
	"$(printf 'sending "very important data" to [ff02::1:3%%eth0]:10000 ttl 1 via eth0\ntimed out, no more responses')" \
	"$(cat "$T/s2.err")"
for h in a b; do
	check "ff02::1:3: receiver $h printed the message from A's link-local address" \
		grep -qxE "received 19 bytes from \[$lla%eth0\]:[0-9]+" "$T/${h}2.out"
	expect_eq "ff02::1:3: receiver $h payload line" \
		"very important data" "$(sed -n 2p "$T/${h}2.out")"
	expect_eq "ff02::1:3: receiver $h summary title" \
		"--- [ff02::1:3]:10000 statistics ---" "$(sed -n 3p "$T/${h}2.out")"
	expect_eq "ff02::1:3: receiver $h stdout has five lines" 5 "$(wc -l <"$T/${h}2.out")"
	expect_eq "ff02::1:3: receiver $h stderr says it joined on eth0" \
		"joined ff02::1:3 on eth0, listening on port 10000" \
		"$(cat "$T/${h}2.err")"
done

# --- --ttl is the hop limit --------------------------------------------

start_recv b b3 -6 -j -c 1 -w 5
rb=$RP
on a "$SEND" -6 --ttl 5 --no-loop -W 1 >"$T/s3.out" 2>"$T/s3.err"
expect_eq "--ttl 5: sender exits 0" 0 $?
wait "$rb"; expect_eq "--ttl 5: receiver exits 0" 0 $?
expect_eq "--ttl 5: sender stdout: B's ack only (loop off)" \
	'received "ack" from [fd00::8]:10000 seq=0 plain' "$(strip_time "$T/s3.out")"
expect_eq "--ttl 5: sender stderr says ttl 5" \
	"$(printf 'sending "very important data" to [ff05::3:29:71]:10000 ttl 5 via eth0 (the kernel'"'"'s choice)\ntimed out, no more responses')" \
	"$(cat "$T/s3.err")"
grep '"event":"datagram"' "$T/b3.out" >"$T/b3.dgram"
expect_line "--ttl 5: receiver's datagram event has hop limit 5, to and interface" \
	'^\{"event":"datagram",.*"from":"\[fd00::17\]:[0-9]+","to":"ff05::3:29:71","interface":"eth0",.*"ttl":5,.*"payload":"very important data"\}$' \
	"$T/b3.dgram"
expect_eq "--ttl 5: receiver stdout: the datagram and the summary" 2 "$(wc -l <"$T/b3.out")"
expect_eq "--ttl 5: receiver stderr only says it joined" \
	"joined ff05::3:29:71 on the default interface, listening on port 10000" \
	"$(cat "$T/b3.err")"

# --- -I with a site-local group ------------------------------------------

# The scope of ff05::/16 needs no interface: with -I eth0 the interface is
# named once ("via eth0") and the group prints as [ff05::3:29:71]:10000, as
# without -I and as the receivers print it.
start_recv b b4 -6 -c 1 -w 5
rb=$RP
on a "$SEND" -6 -j -I eth0 --no-loop -W 1 >"$T/s4.out" 2>"$T/s4.err"
expect_eq "-6 -I eth0: sender exits 0" 0 $?
wait "$rb"; expect_eq "-6 -I eth0: receiver exits 0" 0 $?
check "-6 -I eth0: JSON ack from B" \
	grep -qE '^\{"event":"ack",.*"from":"\[fd00::8\]:10000",' "$T/s4.out"
grep '"event":"sent"' "$T/s4.out" >"$T/s4.sent"
expect_line "-6 -I eth0: JSON sent event: \"to\" is the group without a %scope" \
	'^\{"event":"sent",.*"to":"\[ff05::3:29:71\]:10000",' "$T/s4.sent"
expect_eq "-6 -I eth0: stderr: the group without a %scope, via eth0 as given" \
	"$(printf 'sending "very important data" to [ff05::3:29:71]:10000 ttl 1 via eth0\ntimed out, no more responses')" \
	"$(cat "$T/s4.err")"

# --- Misuse --------------------------------------------------------------

on a "$SEND" ff02::1 >"$T/m1.out" 2>"$T/m1.err"
expect_eq "mcast-send ff02::1 without an interface: exit 2" 2 $?
expect_eq "mcast-send ff02::1 without an interface: stdout empty" "" "$(cat "$T/m1.out")"
expect_line "mcast-send ff02::1 without an interface: one stderr line says it needs one" \
	'^mcast-send: group ff02::1: link-local scope needs an interface: write ff02::1%IFACE or use --interface$' \
	"$T/m1.err"

on a "$RECV" -w 1 ff02::1 >"$T/m2.out" 2>"$T/m2.err"
expect_eq "mcast-recv ff02::1 without an interface: exit 2" 2 $?
expect_eq "mcast-recv ff02::1 without an interface: stdout empty" "" "$(cat "$T/m2.out")"
expect_line "mcast-recv ff02::1 without an interface: one stderr line says it needs one" \
	'^mcast-recv: group ff02::1: link-local scope needs an interface: write ff02::1%IFACE or use --interface$' \
	"$T/m2.err"

on a "$SEND" -4 ff02::1 >"$T/m3.out" 2>"$T/m3.err"
expect_eq "mcast-send -4 ff02::1: exit 2" 2 $?
expect_eq "mcast-send -4 ff02::1: stdout empty" "" "$(cat "$T/m3.out")"
expect_line "mcast-send -4 ff02::1: one stderr line, not IPv4" \
	'^mcast-send: group "ff02::1": not an IPv4 address$' "$T/m3.err"

on a "$RECV" -4 -w 1 ff02::1%eth0 >"$T/m4.out" 2>"$T/m4.err"
expect_eq "mcast-recv -4 ff02::1%eth0: exit 2" 2 $?
expect_eq "mcast-recv -4 ff02::1%eth0: stdout empty" "" "$(cat "$T/m4.out")"
expect_line "mcast-recv -4 ff02::1%eth0: one stderr line, not IPv4" \
	'^mcast-recv: group "ff02::1%eth0": not an IPv4 address$' "$T/m4.err"

on a "$SEND" -6 224.3.29.71 >"$T/m5.out" 2>"$T/m5.err"
expect_eq "mcast-send -6 224.3.29.71: exit 2" 2 $?
expect_line "mcast-send -6 224.3.29.71: one stderr line, not IPv6" \
	'^mcast-send: group "224\.3\.29\.71": not an IPv6 address$' "$T/m5.err"

done_testing
