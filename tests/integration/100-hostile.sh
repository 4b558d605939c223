#!/usr/bin/env bash
# Hostile datagrams to a running mcast-recv (issue 5, "Hostile datagrams").
#
# Host S (hostile_send.py, a plain UDP socket) sends to the group one
# datagram at a time: empty, 1 byte, the largest IPv4 UDP payload (65507
# bytes, fragmented on the 1500-byte veth), random binary, terminal escape
# and OSC sequences (ESC [ 2 J, ESC ] 0;title BEL, ESC ] 52 clipboard),
# C0/C1 controls and bidi overrides, invalid UTF-8, forged and truncated
# probe headers (23 bytes of a header, right magic and wrong version,
# unknown type, namelen larger than what follows) and probes claiming
# absurd numbers (seq 0xffffffff then 0 and 0x7fffffff in one session,
# stamp 0xffffffffffffffff).  Two receivers hear each: R in text mode, J
# with --json.  For every datagram this proves
#  - each receiver acks exactly once, with what its rules say: anything
#    that is not a valid version 1 probe gets the plain ack "ack" cut to
#    the datagram's length (0 bytes for an empty one); a probe gets a probe
#    ack echoing its session, seq and stamp, with the name and the text cut
#    so that the ack is no larger than the probe;
#  - R prints "received N bytes from ..." with the right N, in order, and
#    J's "bytes" say the same; nothing is reported truncated (the receive
#    buffer holds 65536 bytes, so no UDP datagram can be: that message
#    cannot be provoked over real sockets);
#  - the escaped payload lines for the escape sequences are exactly the
#    documented escapes (\xHH, \uHHHH), and J's "payload" (or "payload_hex")
#    gives back the exact bytes.
# It also proves
# that memory stayed small after the absurd probes (VmRSS < 20 MB); that a
# flood of 5000 probe sessions from one source (to another group, heard by
# a third receiver F) makes 5000 senders, acks every probe and keeps VmRSS
# under 20 MB (107-tables.sh fills the table); that R
# and J still ack a normal datagram afterwards and exit 0 on SIGINT with a
# summary counting every datagram and ack; and that nothing they wrote
# (stdout, stderr) holds a control byte but newline, an ESC, a C1 or bidi
# code point, or bytes that are not UTF-8, and J's lines are all JSON
# objects.  Last, the largest IPv6 UDP payload (65527 bytes) on an IPv6
# link.
. "$(dirname "$0")/lib.sh"

G=224.3.29.71

lan s=10.0.0.1/24 r=10.0.0.2/24 j=10.0.0.3/24 f=10.0.0.4/24
start_recv r r --name rtext -w 300
rp=$RP
start_recv j j -j --name rjson -w 300
jp=$RP

SIZES=()	# the length of every datagram sent, in order
NACK=0		# datagrams each receiver should have acked

# hit DESC PAYLOAD ACK [ACK_J]: send PAYLOAD from S; R answers it exactly
# once with the bytes ACK (a payload spec, or "plain": "ack" cut to the
# datagram's length), and J with ACK_J (default: the same as R).
hit() {
	local desc=$1 spec=$2 n got h want
	n=$(hexof "$spec")
	[ "$n" = - ] && n=0 || n=$((${#n} / 2))
	SIZES+=("$n")
	on s python3 "$H" send --wait 0.5 $G 10000 "$spec" >"$T/hit.out"
	for h in r=10.0.0.2=$3 j=10.0.0.3=${4:-$3}; do
		want=${h#*=*=}
		if [ "$want" = plain ]; then
			want=$(printf ack | head -c "$n" | hex)
			want=${want:--}
		else
			want=$(hexof "$want")
		fi
		h=${h%=*}
		got=$(replies "$T/hit.out" "${h#*=}")
		expect_eq "$desc ($n bytes): ${h%%=*} acks once with $want" \
			"$(bytes "$want") $want" "$got"
	done
	NACK=$((NACK + 1))
}

# bytes HEX: how many bytes HEX stands for ("-": none).
bytes() { [ "$1" = - ] && echo 0 || echo $((${#1} / 2)); }

# --- Sizes -----------------------------------------------------------------
hit "empty datagram" empty plain
hit "1 byte" fill:1 plain
hit "2 bytes" fill:2 plain
hit "largest IPv4 UDP payload" fill:65507 plain
hit "random binary" random:1400:5 plain
hit "random binary, all 256 byte values" \
	"hex:$(python3 -c 'print(bytes(range(256)).hex())')" plain

# --- Terminal escapes, controls, invalid UTF-8 -----------------------------
E_CLEAR=hex:1b5b324a$(strhex cleared)
E_TITLE=hex:1b5d303b$(strhex title)07
E_CLIP=hex:1b5d35323b633b$(strhex cm0gLXJmIH4K)07
E_C1=hex:c29b$(strhex 31m)e280ae$(strhex gpj.exe)00$(strhex del)7f$(strhex cr)0d$(strhex bs)08$(strhex tab)09
E_BAD=hex:c328$(strhex ' ')fffe$(strhex ' ')eda080$(strhex ' ')c0af$(strhex ' ')f4908080$(strhex ' ')e282
hit "ESC [ 2 J (clear screen)" "$E_CLEAR" plain
hit "ESC ] 0;title BEL (window title)" "$E_TITLE" plain
hit "ESC ] 52 (clipboard write)" "$E_CLIP" plain
hit "C1 CSI, U+202E, NUL, DEL, CR, BS, TAB" "$E_C1" plain
hit "invalid UTF-8 (bad continuation, FF FE, surrogate, overlong, > U+10FFFF, cut)" \
	"$E_BAD" plain

# --- Forged and truncated probe headers ------------------------------------
PROBE=$(hexof probe:0x11223344:5:1000)
hit "23 bytes of a probe header" "hex:${PROBE:0:46}" plain
hit "2 bytes: the magic only" hex:4d43 plain
hit "right magic, version 2" "hex:4d4302${PROBE:6}$(strhex hello)" plain
hit "right magic, version 0" "hex:4d4300${PROBE:6}" plain
hit "right magic and version, unknown type 9" "hex:4d430109${PROBE:8}$(strhex x)" plain
hit "probe with namelen 200, 4 bytes follow" "hex:${PROBE:0:44}c800$(strhex abcd)" plain
hit "ack-typed header with namelen 60, 4 bytes follow" \
	"hex:4d430102${PROBE:8:36}3c00$(strhex abcd)" plain

# --- Probes claiming absurd numbers -----------------------------------------
hit "probe seq 0xffffffff, empty message (ack: header only)" \
	probe:0x5eed:0xffffffff:1 ack:0x5eed:0xffffffff:1:1::
hit "same session, seq 0 after 0xffffffff" \
	"probe:0x5eed:0:2:$(strhex abc)" "ack:0x5eed:0:2:1::$(strhex ack)"
hit "same session, seq 0x7fffffff" \
	"probe:0x5eed:0x7fffffff:3:$(strhex hi)" "ack:0x5eed:0x7fffffff:3:1::$(strhex ac)"
hit "probe stamp 0xffffffffffffffff" \
	"probe:0xffffffff:7:0xffffffffffffffff:$(strhex abc)" \
	"ack:0xffffffff:7:0xffffffffffffffff:1::$(strhex ack)"
# Each receiver names itself: room for the whole name, then for part of it.
hit "probe with a 10-byte message: the whole name and \"ack\"" \
	"probe:9:9:9:$(strhex 0123456789)" \
	"ack:9:9:9:1:$(strhex rtext):$(strhex ack)" "ack:9:9:9:1:$(strhex rjson):$(strhex ack)"
hit "probe with a 6-byte message: the name cut to fit" \
	"probe:9:10:9:$(strhex 012345)" \
	"ack:9:10:9:1:$(strhex rte):$(strhex ack)" "ack:9:10:9:1:$(strhex rjs):$(strhex ack)"

# Memory after the absurd sequence numbers: the window stays fixed.  Under
# AddressSanitizer (make sanitize) memory is its shadow's, not ours: the
# bound is 200 MB there.
limit=20480
grep -q __asan_init "$RECV" 2>/dev/null && limit=204800
for p in "$rp" "$jp"; do
	rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$p/status" 2>/dev/null)
	echo "# VmRSS of receiver pid $p: ${rss:-?} kB"
	check "receiver pid $p: VmRSS under 20 MB after the absurd probes" \
		test -n "$rss" -a "${rss:-0}" -lt "$limit"
done

# --- A flood of probe sessions from one source --------------------------------
# Every session is a sender of its own in the receiver's table: 5000 of them
# from one address are 5000 senders, every probe is printed and acked
# (--ack-rate 0 here), and memory grows only with them.  (On another
# group, which R and J do not hear.)
start_recv -g 224.3.29.72 f f -j -q --ack-rate 0 -w 120 224.3.29.72
fp=$RP
on s python3 "$H" send --wait 0.5 224.3.29.72 10000 $(seq -f 'probe:%g:0xffffffff:1' 1 5000) \
	>"$T/flood.out"
expect_eq "session flood: 5000 probes, 5000 acks" 5000 \
	"$(grep -c '^reply 10\.0\.0\.4 10000 24 ' "$T/flood.out")"
rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$fp/status" 2>/dev/null)
echo "# VmRSS after 5000 sessions: ${rss:-?} kB"
check "session flood: VmRSS under 20 MB" test -n "$rss" -a "${rss:-0}" -lt "$limit"
kill -INT "$fp"
wait "$fp"
expect_eq "session flood: the receiver exits 0 on SIGINT" 0 $?
expect_eq "session flood: summary datagrams, acks, senders tracked, untracked" \
	"5000 5000 5000 0" \
	"$(jq -r 'select(.event == "summary") |
		"\(.datagrams) \(.acks) \(.senders | length) \(.untracked)"' "$T/f.out")"
expect_eq "session flood: 5000 datagram events" 5000 \
	"$(grep -c '"event":"datagram"' "$T/f.out")"
expect_eq "session flood: nothing on stderr (-q)" "" "$(cat "$T/f.err")"

# --- Still alive: a normal datagram is still answered ----------------------
hit "a normal datagram afterwards" text:still-there plain
check "R still running" kill -0 "$rp"
check "J still running" kill -0 "$jp"

kill -INT "$rp" "$jp"
wait "$rp"
expect_eq "R exits 0 on SIGINT" 0 $?
wait "$jp"
expect_eq "J exits 0 on SIGINT" 0 $?
expect_eq "R's stderr only says it joined" "$JOINED" "$(cat "$T/r.err")"
expect_eq "J's stderr only says it joined" "$JOINED" "$(cat "$T/j.err")"

# --- What R printed ---------------------------------------------------------
N=${#SIZES[@]}
expect_eq "R printed one header line per datagram, with its exact size, in order" \
	"$(printf 'received %s bytes from 10.0.0.1\n' "${SIZES[@]}")" \
	"$(grep -E '^received ' "$T/r.out" | sed -E 's/(from [0-9.]+):[0-9]+.*/\1/')"
check "R: no header line says truncated" \
	bash -c "! grep -E '^received .* truncated' '$T/r.out'"
check "R: the 65507-byte datagram's line" \
	grep -qxE 'received 65507 bytes from 10\.0\.0\.1:[0-9]+' "$T/r.out"
check "R: the probes' lines carry their seq" \
	grep -qxE 'received 24 bytes from 10\.0\.0\.1:[0-9]+ seq=4294967295' "$T/r.out"
# want_line DESC LINE: R printed LINE exactly, as a whole line.
want_line() { check "R escaped $1: $2" grep -qxF -- "$2" "$T/r.out"; }
want_line "ESC [ 2 J" '\x1b[2Jcleared'
want_line "the OSC title" '\x1b]0;title\x07'
want_line "the OSC 52 clipboard write" '\x1b]52;c;cm0gLXJmIH4K\x07'
want_line "C1, bidi and C0 controls" '\u009b31m\u202egpj.exe\x00del\x7fcr\rbs\x08tab\t'
want_line "invalid UTF-8" '\xc3( \xff\xfe \xed\xa0\x80 \xc0\xaf \xf4\x90\x80\x80 \xe2\x82'
want_line "the forged version 2 header" 'MC\x02\x01\x11"3D\x00\x00\x00\x05\x00\x00\x00\x00\x00\x00\x03\xe8\x00\x00\x00\x00hello'
expect_eq "R's summary counts every datagram and ack" \
	"$N datagrams from $(grep -cE '^10\.0\.0\.1:[0-9]+: ' "$T/r.out") senders, 0 dropped by the kernel, $NACK acks sent" \
	"$(grep -E '^[0-9]+ datagrams from ' "$T/r.out")"

# --- What J printed ---------------------------------------------------------
check "J's stdout: every line a JSON object" python3 "$H" json "$T/j.out"
expect_eq "J: one datagram event per datagram, sizes in order" \
	"$(printf '%s\n' "${SIZES[@]}")" \
	"$(jq -r 'select(.event == "datagram") | .bytes' "$T/j.out")"
expect_eq "J: every datagram acked, none truncated" "$N" \
	"$(jq -r 'select(.event == "datagram" and .acked == true and
		.no_ack == null and .truncated == false) | 1' "$T/j.out" | wc -l)"
# The exact bytes come back from "payload" (valid UTF-8) or "payload_hex".
python3 - "$T/j.out" >"$T/j.hex" <<'EOF'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    if o["event"] == "datagram":
        h = o.get("payload_hex")
        print(h if h is not None else o["payload"].encode("utf-8").hex())
EOF
for e in E_CLEAR E_TITLE E_CLIP E_C1 E_BAD; do
	v=${!e}
	check "J gives back the exact bytes of $e" grep -qx "${v#hex:}" "$T/j.hex"
done
expect_eq "J's probe events: seq as sent" \
	"4294967295 0 2147483647 7 9 10" \
	"$(jq -r 'select(.event == "datagram" and .probe) | .seq' "$T/j.out" | xargs)"
expect_eq "J's final summary: datagrams, dropped, acks, not_acked" \
	"$N 0 $NACK 0" \
	"$(jq -r 'select(.event == "summary" and .final) |
		"\(.datagrams) \(.dropped) \(.acks) \(.not_acked | add)"' "$T/j.out")"

# --- Nothing raw reached a terminal or a log --------------------------------
for f in r.out r.err j.out j.err; do
	python3 "$H" clean "$T/$f" >"$T/clean.out"
	rc=$?
	expect_eq "$f: no control byte but newline, no ESC, no C1/bidi, valid UTF-8" 0 "$rc"
	[ "$rc" -eq 0 ] || sed 's/^/#   /' "$T/clean.out"
done
check "the check itself fails on a raw ESC (the test can fail)" \
	bash -c "printf 'a\033[2Jb\n' >'$T/esc' && ! python3 '$H' clean '$T/esc' >/dev/null"

# --- IPv6: the largest payload, 65527 bytes ---------------------------------
# Two more hosts on the switch.
lan s6=fd00::1/64 r6=fd00::2/64
start_recv r6 r6 -6 -I eth0 --name r6 -w 60
r6p=$RP
on s6 python3 "$H" send -6 --iface eth0 --wait 0.5 ff05::3:29:71 10000 \
	fill:65527 text:after >"$T/s6.out"
expect_eq "IPv6: the 65527-byte datagram and the next one are acked with \"ack\"" \
	"$(printf 'reply fd00::2 10000 3 61636b\nreply fd00::2 10000 3 61636b')" \
	"$(grep '^reply' "$T/s6.out")"
kill -INT "$r6p"
wait "$r6p"
expect_eq "IPv6 receiver exits 0 on SIGINT" 0 $?
check "IPv6: received 65527 bytes, not truncated" \
	grep -qxE 'received 65527 bytes from \[fd00::1\]:[0-9]+' "$T/r6.out"
check "IPv6: the next datagram printed too" \
	grep -qxE 'received 5 bytes from \[fd00::1\]:[0-9]+' "$T/r6.out"
check "IPv6 receiver's output is clean" python3 "$H" clean "$T/r6.out"

done_testing
