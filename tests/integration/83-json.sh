#!/usr/bin/env bash
# JSON Lines (-j) from both programs, checked with two real parsers: jq and
# python3's json module in strict mode (no NaN or Infinity).  Every line is
# one object with "event" and an RFC 3339 UTC "time" with microseconds, and
# the documented fields with the documented types.  A hostile payload (ESC,
# NUL, invalid UTF-8, a quote, a backslash, U+202E) still gives lines that
# parse, with payload_hex holding the exact bytes.  -D starts every text
# line on stdout with an RFC 3339 time.
. "$(dirname "$0")/lib.sh"

G=224.3.29.71:10000
RE_TS='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z'

# The python side of the checks: python3 -c "$PYCHECK" MODE FILE prints one
# line per problem and exits 1 if there was any.
#   parse     every line is a JSON object for json.loads in strict mode
#   envelope  every object has "event" and a "time" of the RFC 3339 form
#   send/recv every event of mcast-send / mcast-recv has its fields, typed
#   raw       the file holds no control byte but newline, and no raw U+202E
read -r -d '' PYCHECK <<'EOF'
import datetime, json, re, sys

mode, path = sys.argv[1], sys.argv[2]
problems = []

def reject(name):
    raise ValueError("non-standard constant " + name)

def kind(v):
    if v is None: return "null"
    if type(v) is bool: return "bool"
    if type(v) is int: return "int"
    if type(v) is float: return "float"
    if type(v) is str: return "str"
    if type(v) is list: return "list"
    if type(v) is dict: return "object"
    return "?"

INT, NUM, BOOL, STR = {"int"}, {"int", "float"}, {"bool"}, {"str"}
NULL = {"null"}
SEND = {
    "sent": {"seq": INT, "to": STR, "bytes": INT, "ttl": INT},
    "ack": {"from": STR, "seq": INT, "rtt_ms": NUM, "exact": BOOL,
            "dup": BOOL, "reordered": BOOL, "hops": INT | NULL,
            "ttl": INT | NULL, "name": STR | NULL, "payload": STR},
    "timeout": {"acks": INT},
    "summary": {"final": BOOL, "reason": STR, "group": STR, "sent": INT,
                "acks": INT, "ignored": INT, "responders": {"list"}},
}
RESPONDER = {"from": STR, "name": STR | NULL, "answered": INT, "acks": INT,
             "loss_pct": NUM, "loss_since_first_pct": NUM, "first_seq": INT,
             "dups": INT, "reordered": INT, "plain": INT, "hops": INT | NULL,
             "rtt_min_ms": NUM, "rtt_avg_ms": NUM, "rtt_max_ms": NUM,
             "rtt_mdev_ms": NUM, "rtt_p50_ms": NUM, "rtt_p90_ms": NUM,
             "rtt_p99_ms": NUM, "rtt_hist": {"list"}}
RECV = {
    "datagram": {"from": STR, "to": STR, "interface": STR | NULL,
                 "bytes": INT, "truncated": BOOL, "ttl": INT | NULL,
                 "probe": BOOL, "acked": BOOL, "payload": STR},
    "summary": {"final": BOOL, "reason": STR, "group": STR,
                "datagrams": INT, "ignored": INT, "senders": {"list"}},
}
PROBE_FIELDS = {"session": INT, "seq": INT, "dup": BOOL, "reordered": BOOL}
SENDER = {"from": STR, "datagrams": INT, "bytes": INT, "probes": INT}
SENDER_SEQ = {"first_seq": INT, "last_seq": INT, "lost": INT, "dups": INT,
              "reordered": INT}

def fields(where, obj, spec):
    for k, types in spec.items():
        if k not in obj:
            problems.append("%s: no %r" % (where, k))
        elif kind(obj[k]) not in types:
            problems.append("%s: %r is %s, want %s"
                            % (where, k, kind(obj[k]), "|".join(sorted(types))))
    if "payload_hex" in obj and not (kind(obj["payload_hex"]) == "str" and
            re.fullmatch(r"(?:[0-9a-f]{2})*", obj["payload_hex"])):
        problems.append("%s: bad payload_hex %r" % (where, obj["payload_hex"]))

with open(path, "rb") as f:
    raw = f.read()
if mode == "raw":
    for i, b in enumerate(raw):
        if b < 0x20 and b != 0x0a or b == 0x7f:
            problems.append("raw control byte 0x%02x at offset %d" % (b, i))
    if b"\xe2\x80\xae" in raw:
        problems.append("raw U+202E in the output")
elif not raw.endswith(b"\n"):
    problems.append("empty, or the last line has no newline")
else:
    for n, line in enumerate(raw.decode("utf-8").split("\n")[:-1], 1):
        where = "line %d" % n
        try:
            obj = json.loads(line, parse_constant=reject)
        except ValueError as e:
            problems.append("%s: %s: %r" % (where, e, line))
            continue
        if kind(obj) != "object":
            problems.append("%s: not an object" % where)
            continue
        if mode == "parse":
            continue
        ev = obj.get("event")
        where += " (%s)" % ev
        if mode == "envelope":
            t = obj.get("time")
            if kind(ev) != "str":
                problems.append("%s: no string \"event\"" % where)
            if kind(t) != "str" or not re.fullmatch(
                    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", t, re.ASCII):
                problems.append("%s: bad \"time\" %r" % (where, t))
            else:
                try:
                    datetime.datetime.strptime(t, "%Y-%m-%dT%H:%M:%S.%fZ")
                except ValueError:
                    problems.append("%s: no such time %r" % (where, t))
            continue
        spec = SEND if mode == "send" else RECV
        if ev not in spec:
            problems.append("%s: unknown event" % where)
            continue
        fields(where, obj, spec[ev])
        if mode == "send" and ev == "summary":
            for i, r in enumerate(obj.get("responders") or []):
                fields("%s responders[%d]" % (where, i), r, RESPONDER)
        if mode == "recv" and ev == "datagram" and obj.get("probe") is True:
            fields(where, obj, PROBE_FIELDS)
        if mode == "recv" and ev == "summary":
            for i, s in enumerate(obj.get("senders") or []):
                fields("%s senders[%d]" % (where, i), s, SENDER)
                if s.get("probes"):
                    fields("%s senders[%d]" % (where, i), s, SENDER_SEQ)
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF

# pycheck DESC MODE FILE: one test result from the python checks above.
pycheck() {
	local out
	if out=$(python3 -c "$PYCHECK" "$2" "$3" 2>&1); then
		ok "$1"
	else
		not_ok "$1"
		printf '%s\n' "$out" | head -n 20 | sed 's/^/#   /'
	fi
}

# jqcheck DESC FILE: jq parses every line of FILE, on its own, as an object.
jqcheck() {
	local line n=0 bad=0
	while IFS= read -r line; do
		n=$((n + 1))
		if ! printf '%s\n' "$line" | jq -e 'type == "object"' >/dev/null 2>&1; then
			bad=$((bad + 1))
			printf '#   line %d: %s\n' "$n" "$line"
		fi
	done <"$2"
	check "$1 ($n lines)" test "$n" -gt 0 -a "$bad" -eq 0
}

# jqe FILTER FILE: FILTER, given all of FILE's objects as one array, is true.
jqe() {
	jq -s -e "$1" "$2" >/dev/null
}

# parsers WHAT FILE: both parsers and the envelope on every line of FILE.
parsers() {
	jqcheck "$1: every line parses with jq" "$2"
	pycheck "$1: every line parses with python3's json (strict)" parse "$2"
	pycheck "$1: every object has \"event\" and an RFC 3339 UTC \"time\"" envelope "$2"
}

lan s=10.0.0.1/24 b=10.0.0.2/24

# ---- 1. a ping in JSON from both sides --------------------------------------
start_recv b r -j --name hostb -c 5 -w 30
rb=$RP
on s timeout 60 "$SEND" -j -c 5 -i 0.1 -W 1 >"$T/s.out" 2>"$T/s.err"
expect_eq "sender exits 0" 0 $?
wait "$rb"
expect_eq "receiver exits 0 after --count 5" 0 $?
expect_sending "sender stderr: progress as in text mode" "$T/s.err" 5
expect_eq "receiver stderr: only that it joined" "$JOINED" "$(cat "$T/r.err")"

parsers "sender" "$T/s.out"
pycheck "sender: sent, ack, timeout and summary hold their fields, typed" send "$T/s.out"
parsers "receiver" "$T/r.out"
pycheck "receiver: datagram and summary hold their fields, typed" recv "$T/r.out"

# Sender: what the events say.
expect_eq "sender: 5 sent, 5 ack, 1 timeout, 1 summary; first sent, summary last" \
	"5 5 1 1 sent summary" \
	"$(jq -s -r '[(map(select(.event == "sent")) | length), (map(select(.event == "ack")) | length),
		(map(select(.event == "timeout")) | length), (map(select(.event == "summary")) | length),
		first.event, last.event] | map(tostring) | join(" ")' "$T/s.out")"
expect_eq "sender: sent seq 0..4 in order, to the group, 43 bytes, ttl 1" \
	"$(printf '%s 224.3.29.71:10000 43 1\n' 0 1 2 3 4)" \
	"$(jq -r 'select(.event == "sent") | "\(.seq) \(.to) \(.bytes) \(.ttl)"' "$T/s.out")"
expect_eq "sender: acks for seq 0..4, exact, from hostb, hops 0, ttl 1, payload \"ack\"" \
	"$(printf '%s "10.0.0.2:10000" true false false 0 1 "hostb" "ack" null\n' 0 1 2 3 4)" \
	"$(jq -r 'select(.event == "ack") | [.seq, (.from | tojson), .exact, .dup, .reordered, .hops, .ttl,
		(.name | tojson), (.payload | tojson), (.payload_hex | tojson)] | map(tostring) | join(" ")' "$T/s.out" | sort -n)"
expect_eq "sender: the timeout event counts 5 acks" 5 \
	"$(jq -r 'select(.event == "timeout") | .acks' "$T/s.out")"
expect_eq "sender: summary final, reason timeout, the group, 5 sent, 5 acks, 0 ignored, 1 responder" \
	'true "timeout" "224.3.29.71:10000" 5 5 0 1' \
	"$(jq -r 'select(.event == "summary") | [.final, (.reason | tojson), (.group | tojson), .sent, .acks,
		.ignored, (.responders | length)] | map(tostring) | join(" ")' "$T/s.out")"
expect_eq "sender: summary responder hostb answered 5/5, no loss, dup, reorder or plain, hops 0" \
	'"10.0.0.2:10000" "hostb" 5 5 0 0 0 0 0 0 0' \
	"$(jq -r 'select(.event == "summary") | .responders[0] | [(.from | tojson), (.name | tojson), .answered,
		.acks, .loss_pct, .loss_since_first_pct, .first_seq, .dups, .reordered, .plain, .hops]
		| map(tostring) | join(" ")' "$T/s.out")"
# The summary's round-trip figures agree with the acks' rtt_ms (which is
# truncated to the microsecond where the summary rounds: 0.001 apart at most).
check "sender: rtt_min_ms <= rtt_avg_ms <= rtt_max_ms, mdev >= 0, min and max those of the acks" \
	jqe '(map(select(.event == "ack") | .rtt_ms)) as $a
		| (map(select(.event == "summary"))[0].responders[0]) as $r
		| $r.rtt_min_ms <= $r.rtt_avg_ms and $r.rtt_avg_ms <= $r.rtt_max_ms and $r.rtt_mdev_ms >= 0
		and (($r.rtt_min_ms - ($a | min)) | fabs) <= 0.0015
		and (($r.rtt_max_ms - ($a | max)) | fabs) <= 0.0015' "$T/s.out"

# Receiver: what the events say.
expect_eq "receiver: 5 datagram events, then the summary" \
	"datagram datagram datagram datagram datagram summary" \
	"$(jq -r .event "$T/r.out" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "receiver: each datagram a 43-byte probe to the group on eth0, ttl 1, acked, seq 0..4" \
	"$(printf '"224.3.29.71" "eth0" 43 false 1 true %s false false true "very important data" null\n' 0 1 2 3 4)" \
	"$(jq -r 'select(.event == "datagram") | [(.to | tojson), (.interface | tojson), .bytes, .truncated,
		.ttl, .probe, .seq, .dup, .reordered, .acked, (.payload | tojson), (.payload_hex | tojson)]
		| map(tostring) | join(" ")' "$T/r.out")"
expect_eq "receiver: one sender address and one session for all five" "1 1" \
	"$(jq -s -r 'map(select(.event == "datagram")) | "\(map(.from) | unique | length) \(map(.session) | unique | length)"' "$T/r.out")"
check "receiver: datagrams come from 10.0.0.1" \
	jqe 'map(select(.event == "datagram") | .from | test("^10\\.0\\.0\\.1:[0-9]+$")) | all' "$T/r.out"
expect_eq "receiver: summary final, reason count, the group, 5 datagrams, 0 ignored" \
	'true "count" "224.3.29.71:10000" 5 0 1' \
	"$(jq -r 'select(.event == "summary") | [.final, (.reason | tojson), (.group | tojson), .datagrams,
		.ignored, (.senders | length)] | map(tostring) | join(" ")' "$T/r.out")"
expect_eq "receiver: summary sender: 5 datagrams, 215 bytes, 5 probes, seq 0..4, none lost" \
	"$(jq -r 'select(.event == "datagram") | .from' "$T/r.out" | head -n 1 | sed 's/.*/"&"/') 5 215 5 0 4 0 0 0" \
	"$(jq -r 'select(.event == "summary") | .senders[0] | [(.from | tojson), .datagrams, .bytes, .probes,
		.first_seq, .last_seq, .lost, .dups, .reordered] | map(tostring) | join(" ")' "$T/r.out")"

# ---- 2. hostile bytes both ways ---------------------------------------------
# The probe's message: a ESC b NUL c 0xff d " e \ f U+202E g (15 bytes); the
# ack text: x ESC y 0xff " \ U+202E z (10 bytes; an argument holds no NUL).
printf 'a\033b\000c\377d"e\\f\342\200\256g' >"$T/hostile.bin"
PHEX=611b620063ff6422655c66e280ae67
AHEX=781b79ff225ce280ae7a
expect_eq "the hostile message is the 15 bytes meant" "$PHEX" \
	"$(hex "$T/hostile.bin")"
start_recv b hr -j -c 1 -w 30 --ack $'x\033y\377"\\\342\200\256z'
rb=$RP
on s timeout 60 "$SEND" -j -c 1 -W 1 -f - <"$T/hostile.bin" >"$T/hs.out" 2>"$T/hs.err"
expect_eq "hostile: sender exits 0" 0 $?
wait "$rb"
expect_eq "hostile: receiver exits 0" 0 $?
expect_eq "hostile: sender stderr shows the message escaped" \
	"$(printf '%s\n%s' 'sending "a\x1bb\x00c\xffd\"e\\f\u202eg" to 224.3.29.71:10000 ttl 1 via eth0 (the kernel'"'"'s choice), 1 probes' 'timed out, no more responses')" \
	"$(cat "$T/hs.err")"
expect_eq "hostile: receiver stderr only that it joined" "$JOINED" "$(cat "$T/hr.err")"

parsers "hostile: receiver" "$T/hr.out"
pycheck "hostile: receiver's events hold their fields, typed" recv "$T/hr.out"
pycheck "hostile: receiver's output holds no raw control byte or U+202E" raw "$T/hr.out"
expect_eq "hostile: receiver's datagram: 39 bytes, payload_hex the exact bytes" \
	"39 $PHEX" \
	"$(jq -r 'select(.event == "datagram") | "\(.bytes) \(.payload_hex)"' "$T/hr.out")"
check "hostile: receiver's payload string: ESC, NUL, U+FFFD for 0xff, quote, backslash, U+202E" \
	jqe 'map(select(.event == "datagram"))[0].payload == "a\u001bb\u0000c\ufffdd\"e\\f\u202eg"' "$T/hr.out"

parsers "hostile: sender" "$T/hs.out"
pycheck "hostile: sender's events hold their fields, typed" send "$T/hs.out"
pycheck "hostile: sender's output holds no raw control byte or U+202E" raw "$T/hs.out"
expect_eq "hostile: sender sent 24 + 15 bytes" 39 "$(jq -r 'select(.event == "sent") | .bytes' "$T/hs.out")"
expect_eq "hostile: sender's ack: payload_hex the exact bytes of the ack text" "$AHEX" \
	"$(jq -r 'select(.event == "ack") | .payload_hex' "$T/hs.out")"
check "hostile: sender's ack payload string: ESC, U+FFFD for 0xff, quote, backslash, U+202E" \
	jqe 'map(select(.event == "ack"))[0].payload == "x\u001by\ufffd\"\\\u202ez"' "$T/hs.out"

# ---- 3. -D: a timestamp at the start of every text line -----------------------
start_recv b dr -D -c 2 -w 30
rb=$RP
on s timeout 60 "$SEND" -D -c 2 -i 0.1 -W 1 >"$T/ds.out" 2>"$T/ds.err"
expect_eq "-D: sender exits 0" 0 $?
wait "$rb"
expect_eq "-D: receiver exits 0" 0 $?
expect_sending "-D: sender stderr as without -D" "$T/ds.err" 2
expect_eq "-D: receiver stderr as without -D" "$JOINED" "$(cat "$T/dr.err")"
expect_eq "-D: sender stdout: 2 acks and 3 summary lines" 5 "$(wc -l <"$T/ds.out")"
expect_eq "-D: every sender stdout line starts with an RFC 3339 time" 0 \
	"$(grep -cvE "^$RE_TS " "$T/ds.out")"
# Behind the stamp, the lines are those without -D (times, names and the
# receiver's counters past its first figures aside: -D is what is tested).
expect_eq "-D: sender lines behind the stamp" \
	"$(printf '%s\n' 'received "ack" from 10.0.0.2:10000 seq=0 time=X ms hops=0 name="N"' \
		'received "ack" from 10.0.0.2:10000 seq=1 time=X ms hops=0 name="N"' \
		"--- $G statistics ---" '2 probes sent, 1 responders, 2 acks' \
		'10.0.0.2:10000 name="N": 2/2 answered, 0.0% loss, 0.0% since first, 0 dup, 0 reordered, hops=0, rtt min/avg/max/mdev = R ms, p50/p90/p99 = R ms')" \
	"$(sed -E "s/^$RE_TS //; s/time=[0-9.]+ ms/time=X ms/; s/name=\"[^\"]*\"/name=\"N\"/; s|= [0-9./]+ ms|= R ms|g" "$T/ds.out")"
expect_eq "-D: receiver stdout: 2 datagrams of 2 lines and 3 summary lines" 7 "$(wc -l <"$T/dr.out")"
expect_eq "-D: every receiver stdout line starts with an RFC 3339 time" 0 \
	"$(grep -cvE "^$RE_TS " "$T/dr.out")"
expect_eq "-D: receiver lines behind the stamp" \
	"$(printf '%s\n' 'received 43 bytes from 10.0.0.1:P seq=0' 'very important data' \
		'received 43 bytes from 10.0.0.1:P seq=1' 'very important data' \
		"--- $G statistics ---" '2 datagrams from 1 senders' \
		'10.0.0.1:P: 2 datagrams, 86 bytes, probes seq 0..1, 0 lost, 0 dup, 0 reordered')" \
	"$(sed -E "s/^$RE_TS //; s/10\.0\.0\.1:[0-9]+/10.0.0.1:P/; s/^(2 datagrams from 1 senders),.*/\1/" "$T/dr.out")"

# -D with -j: the JSON lines carry their time; nothing goes before them.
start_recv b djr -D -j -c 1 -w 30
rb=$RP
on s timeout 60 "$SEND" -D -j -c 1 -W 1 >"$T/djs.out" 2>"$T/djs.err"
expect_eq "-D -j: sender exits 0" 0 $?
wait "$rb"
expect_eq "-D -j: receiver exits 0" 0 $?
expect_sending "-D -j: sender stderr" "$T/djs.err" 1
expect_eq "-D -j: receiver stderr" "$JOINED" "$(cat "$T/djr.err")"
expect_eq "-D -j: sender and receiver lines all start with {" 0 \
	"$(cat "$T/djs.out" "$T/djr.out" | grep -vc '^{')"
parsers "-D -j: sender" "$T/djs.out"
parsers "-D -j: receiver" "$T/djr.out"

done_testing
