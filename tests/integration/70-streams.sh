#!/usr/bin/env bash
# Streams: -f - reads the datagram from stdin (binary bytes, NUL, nothing
# at all, the largest datagram); whatever arrives is printed escaped, by
# the receiver (payloads) and by the sender (acks); the receiver's lines
# reach a pipe while it still runs; SIGINT and SIGTERM end it normally;
# a write error on stdout is reported at exit with status 2.
. "$(dirname "$0")/lib.sh"

lan a=10.0.0.1/24 b=10.0.0.2/24
PROGRESS_END="timed out, no more responses"

# term_safe FILE: FILE is valid UTF-8 and holds no control byte but the
# newline, no DEL, no C1 control, no bidi override or isolate, no BOM.
term_safe() {
	iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 || return 1
	LC_ALL=C tr -d '\000-\011\013-\037\177' <"$1" | cmp -s - "$1" || return 1
	! LC_ALL=C grep -qE $'\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]|\xef\xbb\xbf' "$1"
}

# The checker itself must see what it is meant to see.
printf 'plain \xc3\xa9 text\n' >"$T/good"
check "term_safe accepts plain UTF-8" term_safe "$T/good"
for bad in '\033[31m' '\a' '\xff' 'a\rb' '\x7f' '\xc2\x9b' '\xe2\x80\xae' '\0'; do
	printf "x${bad}y\\n" >"$T/bad"
	if term_safe "$T/bad"; then not_ok "term_safe refuses $bad"; else ok "term_safe refuses $bad"; fi
done

# matches STRING REGEX: STRING matches the extended REGEX.
matches() { [[ $1 =~ $2 ]]; }

# exchange NAME [SENDER ARGS...]: a receiver on B (-c 1, its extra
# arguments in RARGS) and the sender on A with stdin from NAME.in; outputs
# in NAME.{s,r}.{out,err}, exit statuses in src and rrc.
exchange() {
	local n=$1
	shift
	start_recv b "$n.r" -c 1 -w 5 "${RARGS[@]}"
	rp=$RP
	on a "$SEND" -W 1 "$@" <"$T/$n.in" >"$T/$n.s.out" 2>"$T/$n.s.err"
	src=$?
	wait "$rp"
	rrc=$?
}
RARGS=()

# Binary bytes from stdin, NUL and DEL included.
printf 'a\0b\001\377\177' >"$T/bin.in"
exchange bin -f -
expect_eq "binary stdin: sender exits 0" 0 "$src"
expect_eq "binary stdin: sender stdout, the ack" 'received "ack" from 10.0.0.2:10000' "$(acks "$T/bin.s.out")"
expect_eq "binary stdin: sender stderr shows the bytes escaped" \
	"$(printf '%s\n%s' 'sending "a\x00b\x01\xff\x7f" to 224.3.29.71:10000 ttl 1' "$PROGRESS_END")" \
	"$(progress "$T/bin.s.err")"
expect_eq "binary stdin: receiver exits 0" 0 "$rrc"
expect_eq "binary stdin: receiver got all 6 bytes and prints them escaped" \
	"$(printf '%s\n%s' 'received 6 bytes from 10.0.0.1:PORT' 'a\x00b\x01\xff\x7f')" \
	"$(events "$T/bin.r.out")"
expect_eq "binary stdin: receiver stderr only says it joined" "$JOINED" "$(cat "$T/bin.r.err")"

# Empty stdin: a 0-byte datagram, reported with an empty payload line.
# The ack is cut to the size of what it answers (no amplification): "".
: >"$T/empty.in"
exchange empty -f -
expect_eq "empty stdin: sender exits 0" 0 "$src"
expect_eq "empty stdin: sender stdout, an empty ack" 'received "" from 10.0.0.2:10000' "$(acks "$T/empty.s.out")"
expect_eq "empty stdin: sender stderr" \
	"$(printf '%s\n%s' 'sending "" to 224.3.29.71:10000 ttl 1' "$PROGRESS_END")" "$(progress "$T/empty.s.err")"
expect_eq "empty stdin: receiver exits 0" 0 "$rrc"
expect_eq "empty stdin: receiver reports 0 bytes, then an empty payload line" \
	"$(printf 'received 0 bytes from 10.0.0.1:PORT\n\n.')" "$(events "$T/empty.r.out"; echo .)"

# The largest IPv4 datagram, 65507 bytes, from stdin: it arrives whole.
head -c 65507 /dev/zero | tr '\0' x >"$T/max.in"
exchange max -q -f -
expect_eq "65507 bytes on stdin: sender exits 0" 0 "$src"
expect_eq "65507 bytes on stdin: sender stdout, the ack" 'received "ack" from 10.0.0.2:10000' "$(acks "$T/max.s.out")"
expect_eq "65507 bytes on stdin: sender stderr empty (-q)" "" "$(cat "$T/max.s.err")"
expect_eq "65507 bytes on stdin: receiver exits 0" 0 "$rrc"
expect_eq "65507 bytes on stdin: receiver got 65507 bytes, not truncated" \
	'received 65507 bytes from 10.0.0.1:PORT' "$(events "$T/max.r.out" | sed -n 1p)"
check "65507 bytes on stdin: the payload line is the file" \
	cmp -s <(events "$T/max.r.out" | sed -n 2p) <(cat "$T/max.in"; echo)

# Hostile bytes both ways: a payload with ESC sequences, BEL, invalid
# UTF-8, a newline, a C1 control, a bidi override (and a harmless é, a
# quote and a backslash); an ack with an OSC title sequence, BEL, a quote,
# invalid UTF-8 and a newline.
printf 'a\033[31mred\033[0m\a\377\376\nline2 \302\233 \342\200\256 \303\251 "q" \\' >"$T/evil.in"
RARGS=(--ack "$(printf '\033]0;pwned\a"x\377\ny')")
exchange evil --any-ack -f -
RARGS=()
expect_eq "hostile: sender exits 0" 0 "$src"
expect_eq "hostile: sender prints the ack escaped" \
	'received "\x1b]0;pwned\x07\"x\xff\ny" from 10.0.0.2:10000' "$(acks "$T/evil.s.out")"
check "hostile: sender stdout is terminal-safe" term_safe "$T/evil.s.out"
expect_eq "hostile: sender stdout is one line" 1 "$(wc -l <"$T/evil.s.out")"
check "hostile: sender stderr (its payload echoed) is terminal-safe" term_safe "$T/evil.s.err"
expect_eq "hostile: sender stderr is two lines" 2 "$(wc -l <"$T/evil.s.err")"
expect_eq "hostile: receiver exits 0" 0 "$rrc"
expect_eq "hostile: receiver got all $(wc -c <"$T/evil.in") bytes and prints them escaped" \
	"$(printf '%s\n%s' "received $(wc -c <"$T/evil.in") bytes from 10.0.0.1:PORT" \
		'a\x1b[31mred\x1b[0m\x07\xff\xfe\nline2 \u009b \u202e '$'\303\251'' "q" \\')" \
	"$(events "$T/evil.r.out")"
check "hostile: receiver stdout is terminal-safe" term_safe "$T/evil.r.out"

# A pipe sees each line while the receiver still runs (no -c, a long -w):
# read them through a FIFO, then end the receiver with SIGINT.  Fd 4 holds
# the FIFO open (read-write never blocks) while the ends are opened, so
# that neither open waits for the other; then the receiver is its only
# writer, and fd 3 sees EOF when it exits.
mkfifo "$T/fifo"
exec 4<>"$T/fifo"
spawn b "$RECV" -w 30 >"$T/fifo" 2>"$T/p.err"
rp=$!
exec 3<"$T/fifo" 4>&-
wait_for "$T/p.err" joined
on a "$SEND" -q -W 1 >"$T/p.s.out" 2>"$T/p.s.err"
expect_eq "pipe: sender exits 0" 0 $?
l1= l2=
read -r -t 10 l1 <&3 && read -r -t 10 l2 <&3
check "pipe: the receiver's first line arrived while it runs" \
	matches "$l1" '^received 19 bytes from 10\.0\.0\.1:[0-9]+$'
expect_eq "pipe: the payload line arrived too" "very important data" "$l2"
check "pipe: the receiver is still running" kill -0 "$rp"
kill -INT "$rp"
wait "$rp"
expect_eq "pipe: SIGINT ends the receiver with exit 0" 0 $?
cat <&3 >"$T/p.rest"
exec 3<&-
expect_eq "pipe: after SIGINT, its statistics and no other datagram" \
	"--- 224.3.29.71:10000 statistics ---" "$(events "$T/p.rest"; sed -n 1p "$T/p.rest")"
expect_eq "pipe: receiver stderr only says it joined" "$JOINED" "$(cat "$T/p.err")"

# SIGTERM is a normal end too.
start_recv b t -w 30
rp=$RP
kill -TERM "$rp"
wait "$rp"
expect_eq "SIGTERM ends the receiver with exit 0" 0 $?
expect_eq "SIGTERM: receiver stdout, no datagram, then its statistics" \
	"--- 224.3.29.71:10000 statistics ---" "$(events "$T/t.out"; sed -n 1p "$T/t.out")"
expect_eq "SIGTERM: receiver stderr only says it joined" "$JOINED" "$(cat "$T/t.err")"

# stdout on /dev/full: the write error is reported at exit, status 2.
spawn b "$RECV" -q -c 1 -w 5 >/dev/full 2>"$T/full.r.err"
rp=$!
wait_joined b 224.3.29.71 eth0
on a "$SEND" -q -W 1 >/dev/full 2>"$T/full.s.err"
expect_eq "sender, stdout on /dev/full: exit 2" 2 $?
expect_line "sender, stdout on /dev/full: one line about stdout" \
	'^mcast-send: stdout: No space left on device$' "$T/full.s.err"
wait "$rp"
expect_eq "receiver, stdout on /dev/full: exit 2" 2 $?
expect_line "receiver, stdout on /dev/full: one line about stdout" \
	'^mcast-recv: stdout: No space left on device$' "$T/full.r.err"

done_testing
