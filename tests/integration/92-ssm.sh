#!/usr/bin/env bash
# Source-specific multicast: senders S1 and S2 send to the same group on
# one switch, and receiver R joins (S1,G) only.  First a control: without
# --source R hears both, so S2's datagrams do reach R.  Then with
# "--source S1" R's stdout holds only S1's datagram, S2's sender gets no
# ack (exit 1) and S1's gets one (exit 0); in IPv4 on 232.1.1.1 and in
# IPv6 on ff3e::8000:1.  Then a group outside the SSM ranges (a note on
# stderr, and the filter still works) and the misuses of --source.
. "$(dirname "$0")/lib.sh"

lan s1=10.0.0.1/24,fd00::1/64 s2=10.0.0.2/24,fd00::2/64 r=10.0.0.3/24,fd00::3/64

# --- Control: any-source join, both senders heard ------------------------

start_recv r c -c 2 -w 5 232.1.1.1
rr=$RP
on s1 "$SEND" -m "from S1" -W 1 232.1.1.1 >"$T/c1.out" 2>"$T/c1.err"
expect_eq "control (no --source): S1's sender exits 0" 0 $?
on s2 "$SEND" -m "from S2" -W 1 232.1.1.1 >"$T/c2.out" 2>"$T/c2.err"
expect_eq "control (no --source): S2's sender exits 0" 0 $?
wait "$rr"
expect_eq "control: receiver exits 0 after two datagrams" 0 $?
expect_eq "control: receiver printed both messages" \
	"$(printf 'from S1\nfrom S2')" "$(grep '^from ' "$T/c.out")"

# ssm_scene FAMILY GROUP S1ADDR R_ACK_FROM S1_RE S2_RE GROUP_PORT
# R joins (S1,GROUP); S2 sends first, then S1.  R takes one datagram, so
# that S1's arriving proves S2's never did.
ssm_scene() {
	local fam=$1 g=$2 src1=$3 ackfrom=$4 s1re=$5 s2re=$6 gport=$7 rr rc filt

	# Worked out before the receiver starts: its -w 5 leaves no time
	# for slow steps between its join and the two sends.
	filt="eth0 +$(filter_hex "$g") +$(filter_hex "$src1") +1 +0"
	start_recv r "r$fam" -c 1 -w 5 -s "$src1" "$g"
	rr=$RP
	wait_joined r "$g" eth0
	check "$fam: the kernel holds an include filter for $src1 on $g" \
		grep -qiE "$filt" \
		<(on r cat /proc/net/mcfilter /proc/net/mcfilter6)

	on s2 "$SEND" -m "from S2" -W 1 "$g" >"$T/s2$fam.out" 2>"$T/s2$fam.err"
	expect_eq "$fam: S2's sender exits 1, no ack" 1 $?
	expect_eq "$fam: S2's sender stdout empty" "" "$(cat "$T/s2$fam.out")"
	expect_silence "$fam: S2's sender" "$T/s2$fam.err" \
		"sending \"from S2\" to $gport ttl 1 via eth0 (the kernel's choice)"

	on s1 "$SEND" -m "from S1" -W 1 "$g" >"$T/s1$fam.out" 2>"$T/s1$fam.err"
	expect_eq "$fam: S1's sender exits 0" 0 $?
	expect_eq "$fam: S1's sender got exactly R's ack" \
		"received \"ack\" from $ackfrom seq=0 plain" "$(strip_time "$T/s1$fam.out")"

	wait "$rr"; rc=$?
	expect_eq "$fam: receiver exits 0 after --count 1" 0 "$rc"
	check "$fam: receiver's datagram line names S1" \
		grep -qxE "received 7 bytes from $s1re:[0-9]+" "$T/r$fam.out"
	expect_eq "$fam: receiver's payload is S1's" "from S1" "$(sed -n 2p "$T/r$fam.out")"
	check "$fam: receiver's stdout never mentions S2" \
		bash -c "! grep -qE '$s2re|from S2' '$T/r$fam.out'"
	expect_eq "$fam: receiver's stdout has five lines" 5 "$(wc -l <"$T/r$fam.out")"
	expect_eq "$fam: receiver's stderr only says it joined (no SSM-range note)" \
		"joined $g on the default interface, listening on port 10000" \
		"$(cat "$T/r$fam.err")"
}

# filter_hex ADDR: ADDR as /proc/net/mcfilter{,6} shows it.
filter_hex() {
	case $1 in
	*:*)	# In bash, no python3: this runs while the receiver's -w
		# clock ticks, and python3 may be a shim that takes seconds.
		local head=${1%%::*} tail= g out= n
		local -a hg=() tg=()
		case $1 in *::*) tail=${1#*::} ;; esac
		[ -n "$head" ] && IFS=: read -ra hg <<<"$head"
		[ -n "$tail" ] && IFS=: read -ra tg <<<"$tail"
		for g in "${hg[@]}"; do printf -v g '%04x' "0x$g"; out+=$g; done
		for ((n = ${#hg[@]} + ${#tg[@]}; n < 8; n++)); do out+=0000; done
		for g in "${tg[@]}"; do printf -v g '%04x' "0x$g"; out+=$g; done
		printf '%s\n' "$out" ;;
	*)	local o1 o2 o3 o4
		IFS=. read -r o1 o2 o3 o4 <<<"$1"
		printf '0x%02X%02X%02X%02X' "$o1" "$o2" "$o3" "$o4" ;;
	esac
}

ssm_scene IPv4 232.1.1.1 10.0.0.1 10.0.0.3:10000 \
	'10\.0\.0\.1' '10\.0\.0\.2' 232.1.1.1:10000
ssm_scene IPv6 ff3e::8000:1 fd00::1 '[fd00::3]:10000' \
	'\[fd00::1\]' 'fd00::2' '[ff3e::8000:1]:10000'

# --- A group outside the SSM ranges: a note, and the filter still works --

start_recv r n -c 1 -w 5 -s 10.0.0.1 239.1.1.1
rr=$RP
on s2 "$SEND" -m "from S2" -W 1 239.1.1.1 >"$T/n2.out" 2>"$T/n2.err"
expect_eq "239.1.1.1 with --source: S2's sender exits 1" 1 $?
on s1 "$SEND" -m "from S1" -W 1 239.1.1.1 >"$T/n1.out" 2>"$T/n1.err"
expect_eq "239.1.1.1 with --source: S1's sender exits 0" 0 $?
expect_eq "239.1.1.1 with --source: S1's sender got R's ack" \
	'received "ack" from 10.0.0.3:10000 seq=0 plain' "$(strip_time "$T/n1.out")"
wait "$rr"
expect_eq "239.1.1.1 with --source: receiver exits 0" 0 $?
expect_eq "239.1.1.1 with --source: receiver stderr: the SSM-range note, then joined" \
	"$(printf 'mcast-recv: note: 239.1.1.1 is outside the SSM ranges (232.0.0.0/8, ff3x::/96)\njoined 239.1.1.1 on the default interface, listening on port 10000')" \
	"$(cat "$T/n.err")"
check "239.1.1.1 with --source: receiver printed S1's datagram" \
	grep -qxE 'received 7 bytes from 10\.0\.0\.1:[0-9]+' "$T/n.out"
expect_eq "239.1.1.1 with --source: receiver's payload is S1's" "from S1" "$(sed -n 2p "$T/n.out")"

# -q silences the note too.
on r "$RECV" -q -w 0.1 -s 10.0.0.1 239.1.1.1 >"$T/q.out" 2>"$T/q.err"
expect_eq "-q with a non-SSM group: exit 1 (nothing arrived before the deadline)" 1 $?
expect_eq "-q with a non-SSM group: stderr empty" "" "$(cat "$T/q.err")"

# --- Misuse ---------------------------------------------------------------

on r "$RECV" -w 1 -s 239.1.1.1 232.1.1.1 >"$T/m1.out" 2>"$T/m1.err"
expect_eq "--source with a multicast address: exit 2" 2 $?
expect_eq "--source with a multicast address: stdout empty" "" "$(cat "$T/m1.out")"
expect_line "--source with a multicast address: one stderr line says why" \
	'^mcast-recv: --source "239\.1\.1\.1": a source cannot be a multicast address$' "$T/m1.err"

on r "$RECV" -w 1 -s ff3e::1 ff3e::8000:1 >"$T/m2.out" 2>"$T/m2.err"
expect_eq "--source with an IPv6 multicast address: exit 2" 2 $?
expect_line "--source with an IPv6 multicast address: one stderr line says why" \
	'^mcast-recv: --source "ff3e::1": a source cannot be a multicast address$' "$T/m2.err"

on r "$RECV" -w 1 -s fd00::1 232.1.1.1 >"$T/m3.out" 2>"$T/m3.err"
expect_eq "--source and group of different families: exit 2" 2 $?
expect_eq "--source and group of different families: stdout empty" "" "$(cat "$T/m3.out")"
# The message names the source that does not fit, as given.
expect_line "--source and group of different families: one stderr line names the source fd00::1" \
	'^mcast-recv: .*fd00::1.*famil' "$T/m3.err"

done_testing
