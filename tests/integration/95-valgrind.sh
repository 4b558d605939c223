#!/usr/bin/env bash
# Both tools under valgrind (memcheck), in real scenes on the loopback
# interface of a namespace of their own: no invalid read or write, no use
# of an uninitialised value, no fd or memory misuse, and no definite or
# indirect leak, at a normal end, on SIGTERM, on a deadline and on bad
# input.  Every run names -I lo, and the namespace has no other interface.
# Skipped when the programs were built with ASan (make sanitize), which
# valgrind cannot run.
. "$(dirname "$0")/lib.sh"

if grep -q __asan_init "$SEND" "$RECV" 2>/dev/null; then
	skip_all "valgrind scenes" "the programs are built with AddressSanitizer"
fi

ns_add v
G=224.3.29.71

# vg NAME CMD...: CMD under memcheck inside v, in the foreground; its
# stdout and stderr in $T/NAME.out and $T/NAME.err, valgrind's report in
# $T/NAME.vg.  Returns CMD's status, or 99 when memcheck found an error.
VG=(valgrind --error-exitcode=99 --leak-check=full
	--errors-for-leak-kinds=definite,indirect --track-fds=no)
vg() {
	local name=$1
	shift
	ip netns exec "$(ns v)" "${VG[@]}" --log-file="$T/$name.vg" \
		"$@" >"$T/$name.out" 2>"$T/$name.err"
}

# vg_bg NAME CMD...: the same in the background; $! is CMD's own pid
# (ip netns exec and valgrind both exec), so a signal to $! reaches it.
vg_bg() {
	local name=$1
	shift
	ip netns exec "$(ns v)" "${VG[@]}" --log-file="$T/$name.vg" \
		"$@" >"$T/$name.out" 2>"$T/$name.err" &
}

# clean DESC NAME RC WANT: the run NAME exited WANT, and memcheck
# reported no error (its summary says 0 errors; 99 would say otherwise).
clean() {
	local desc=$1 name=$2 rc=$3 want=$4
	expect_eq "$desc: exit $want" "$want" "$rc"
	if [ "$rc" -ne 99 ] && grep -q 'ERROR SUMMARY: 0 errors' "$T/$name.vg"; then
		ok "$desc: memcheck: no error, no leak"
	else
		not_ok "$desc: memcheck: no error, no leak"
		grep -vE '^==[0-9]+== *$' "$T/$name.vg" | tail -n 60 | sed 's/^/#   /'
	fi
}

# joined NAME: until the receiver NAME says it joined (valgrind is slow
# to start).
joined() {
	wait_for "$T/$1.err" '^joined ' 30
}

# ---- 1. probes and acks, text ---------------------------------------------
vg_bg r1 "$RECV" -I lo -c 3 -w 60
pr=$!
check "1: receiver under valgrind joined" joined r1
vg s1 "$SEND" -I lo -c 3 -i 0.1 -W 2
clean "1: mcast-send -c 3 -i 0.1" s1 $? 0
wait "$pr"
clean "1: mcast-recv -c 3" r1 $? 0
expect_eq "1: three acks, seq 0..2" "0 1 2" \
	"$(grep -oE '^received "ack" from 127\.0\.0\.1:10000 seq=[0-9]+' "$T/s1.out" |
		sed 's/.*seq=//' | sort -n | tr '\n' ' ' | sed 's/ $//')"
expect_eq "1: the receiver printed three probes" 3 \
	"$(grep -cE '^received 43 bytes from 127\.0\.0\.1:[0-9]+ seq=[0-2]$' "$T/r1.out")"

# ---- 2. JSON Lines on both sides ------------------------------------------
vg_bg r2 "$RECV" -I lo -j -c 3 -w 60
pr=$!
check "2: receiver under valgrind joined" joined r2
vg s2 "$SEND" -I lo -j -c 3 -i 0.1 -W 2
clean "2: mcast-send --json" s2 $? 0
wait "$pr"
clean "2: mcast-recv --json" r2 $? 0
check "2: the sender's stdout is JSON Lines" \
	eval 'jq -e . "$T/s2.out" >/dev/null'
check "2: the receiver's stdout is JSON Lines" \
	eval 'jq -e . "$T/r2.out" >/dev/null'

# ---- 3. hostile bytes both ways --------------------------------------------
# The payload (from stdin, -f -) and the receiver's ack text carry ESC,
# CSI and OSC sequences, C1 controls, bidi overrides, invalid UTF-8, NUL,
# CR and DEL: both must print them escaped, never as they came.
printf '\033[2J\033]0;owned\007\302\233\342\200\256evil\300\257\355\240\200\377\000\r\177end' \
	>"$T/hostile"
ack=$(printf 'ack\033]8;;http://x/\033\\\342\200\256')
vg_bg r3 "$RECV" -I lo -c 2 -w 60 --ack "$ack"
pr=$!
check "3: receiver under valgrind joined" joined r3
vg s3 "$SEND" -I lo --ack "$ack" -W 2 -f - <"$T/hostile"
clean "3: mcast-send -f - with a hostile payload" s3 $? 0
vg s3j "$SEND" -I lo -j --ack "$ack" -W 2 -f - <"$T/hostile"
clean "3: mcast-send --json -f - with a hostile payload" s3j $? 0
wait "$pr"
clean "3: mcast-recv answering with a hostile ack" r3 $? 0
for f in r3 s3 s3j; do
	check "3: $f: stdout has no ESC, C1, bidi, CR, DEL or NUL byte" \
		eval "! LC_ALL=C grep -qaP '[\x00\x1b\x0d\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]' '$T/$f.out'"
done
check "3: the receiver printed the payload escaped" \
	grep -qF '\x1b[2J\x1b]0;owned\x07\u009b\u202eevil\xc0\xaf\xed\xa0\x80\xff\x00\r\x7fend' "$T/r3.out"

# ---- 4. a hundred groups ---------------------------------------------------
vg_bg r4 "$RECV" -I lo -c 100 -w 120 239.1.1.1+100
pr=$!
check "4: receiver of 100 groups under valgrind joined" joined r4
vg s4 "$SEND" -I lo -W 2 239.1.1.1+100
clean "4: mcast-send to 239.1.1.1+100" s4 $? 0
wait "$pr"
clean "4: mcast-recv 239.1.1.1+100 -c 100" r4 $? 0
expect_eq "4: the sender has an ack from each of the 100 groups" 100 \
	"$(grep -c '^received "ack" from 127\.0\.0\.1:10000 ' "$T/s4.out")"

# ---- 5. endings without datagrams ------------------------------------------
vg r5 "$RECV" -I lo -w 1
clean "5: mcast-recv -w 1, nothing arrives" r5 $? 1
vg s5 "$SEND" -I lo -c 2 -i 0.1 -W 0.5 "$G"
clean "5: mcast-send -c 2, nobody answers" s5 $? 1

vg_bg r6 "$RECV" -I lo -w 60
pr=$!
check "5: receiver under valgrind joined" joined r6
kill -TERM "$pr"
wait "$pr"
clean "5: mcast-recv stopped by SIGTERM" r6 $? 0
check "5: SIGTERM: the receiver printed its summary" \
	grep -q '^--- 224\.3\.29\.71:10000 statistics ---$' "$T/r6.out"

# ---- 6. bad input -----------------------------------------------------------
vg b1 "$SEND" -I lo -p 0
clean "6: mcast-send -p 0" b1 $? 2
vg b2 "$RECV" -I lo --allow 10.0.0.0/33
clean "6: mcast-recv --allow 10.0.0.0/33" b2 $? 2
vg b3 "$SEND" -I lo 239.255.255.200+57
clean "6: mcast-send with a range past the multicast space" b3 $? 2
vg b4 "$RECV" -I lo -I nosuch0
clean "6: mcast-recv -I lo -I nosuch0" b4 $? 2

done_testing
