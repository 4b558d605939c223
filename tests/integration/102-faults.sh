#!/usr/bin/env bash
# Faults (issue 5, "Faults"): what the tools do when the world around them
# breaks.  Each part proves:
#  1. The receiver's interface goes down and comes back mid-run (admin down
#     with "ip link set eth0 down; up", then the carrier lost at the
#     switch's end): while it is down nothing answers (the sender exits 1,
#     so the outage was real); the receiver survives it, answers again once
#     the link is back, exits 0 on SIGINT and counts every datagram.
#  2. A responder killed (SIGKILL) mid-run of "mcast-send -c 20 -i 0.05":
#     the sender's summary shows that responder's loss (answered = its ack
#     lines, fewer than 20, loss as a percentage) and the other's 20/20; it
#     exits as mcast-send(1) documents: 0 (at least one answered), 0 with
#     --expect 2 (both answered, B before it died: --expect counts distinct
#     responders over the run), 1 with --expect 3.
#  3. stdout's reader goes away ("| head -n 1"): mcast-recv (text and JSON)
#     exits by itself at the next datagram, status 0, with nothing on
#     stderr but the join; mcast-send likewise stops early, status 0
#     (a responder answered), nothing on stderr but its progress line.
#  4. SIGINT and SIGTERM at any moment leave a correct summary: to the
#     receiver right after it joined and mid-stream (text and JSON), to the
#     sender right after its progress line, mid-stream of -c 100 -i 0.01,
#     and while it waits for late acks; each time the summary exists
#     (JSON: "final":true, "reason":"signal") and its counts equal the
#     lines printed, and the exit status is as documented.
#  5. stdin with -f -: at EOF (</dev/null) a 0-byte datagram is sent and
#     answered with a 0-byte ack (exit 0); probes carry an empty message;
#     piped bytes are sent as they are; a closed stdin and one larger than
#     a datagram are errors (exit 2, one line on stderr).
#  6. An ack the kernel refuses (iptables OUTPUT drop on R): the receiver
#     goes on, says so once on stderr, counts it in not_acked.error, and
#     its datagram event says "acked":false, "no_ack":"error".
. "$(dirname "$0")/lib.sh"

G=224.3.29.71

# wait_lines FILE REGEX N: until FILE has N lines matching REGEX (10 s at
# most).
wait_lines() {
	local file=$1 re=$2 n=$3
	until_true 10 eval '[ "$(grep -cE -- "$re" "$file" 2>/dev/null)" -ge "$n" ]'
}

# ping1 DESC WANT: one plain datagram from S; mcast-send exits WANT.
ping1() {
	on s "$SEND" -W 0.5 -m "$1" >"$T/p.out" 2>"$T/p.err"
	expect_eq "$1: mcast-send exits $2" "$2" $?
}

lan s=10.0.0.1/24 r=10.0.0.2/24 c=10.0.0.3/24

# --- 1. The interface goes down and comes back ---------------------------------
start_recv r link --name link -w 120
rp=$RP
ping1 "link: before" 0
on r ip link set eth0 down
ping1 "link: R's eth0 admin down" 1
sleep 0.5
on r ip link set eth0 up
ping1 "link: R's eth0 up again" 0
check "link: the receiver survived the admin down" kill -0 "$rp"
ip -n "$(ns sw)" link set pr down
ping1 "link: carrier lost (switch port down)" 1
sleep 0.5
ip -n "$(ns sw)" link set pr up
ping1 "link: carrier back" 0
# Taking eth0 down removed the route for 224.0.0.0/4: put it back for
# what follows (the running receiver's membership did not need it).
on r ip route replace 224.0.0.0/4 dev eth0
stop_recv INT "$rp" link
echo "# link: receiver's stderr: $(tr '\n' '|' <"$T/link.err")"
expect_eq "link: the receiver printed the three datagrams that reached it" \
	"$(printf 'link: before\nlink: R'"'"'s eth0 up again\nlink: carrier back')" \
	"$(grep -A1 -E '^received ' "$T/link.out" | grep '^link: ')"
check "link: summary counts 3 datagrams, 3 acks" \
	grep -qxE '3 datagrams from 3 senders, 0 dropped by the kernel, 3 acks sent' "$T/link.out"

# --- 2. A responder killed mid-run ------------------------------------------------
# killed_run ARGS...: receivers B (on R) and C, the sender on S with -c 20
# -i 0.05 and ARGS; B is killed after it answered 5 probes.  SR: the
# sender's exit status.
killed_run() {
	local bp cp sp
	start_recv r b --name b -w 120
	bp=$RP
	start_recv c c --name c -w 120
	cp=$RP
	spawn s "$SEND" -c 20 -i 0.05 -W 0.5 "$@" >"$T/k.out" 2>"$T/k.err"
	sp=$!
	wait_lines "$T/b.out" '^received ' 5
	kill -KILL "$bp"
	wait "$bp" 2>/dev/null
	wait "$sp"
	SR=$?
	kill -INT "$cp"
	wait "$cp"
}
killed_run
expect_eq "killed: sender exits 0 (C answered)" 0 "$SR"
nb=$(grep -cE '^received "ack" from 10\.0\.0\.2:10000 .* name="b"' "$T/k.out")
echo "# killed: B answered $nb of 20 before SIGKILL"
check "killed: B answered some, not all ($nb)" test "$nb" -ge 5 -a "$nb" -lt 20
loss=$(awk -v n="$nb" 'BEGIN { printf "%.1f", (20 - n) * 5 }')
check "killed: summary: B answered $nb/20, $loss% loss" \
	grep -qE "^10\.0\.0\.2:10000 name=\"b\": $nb/20 answered, $loss% loss" "$T/k.out"
check "killed: summary: C answered 20/20, 0.0% loss" \
	grep -qE '^10\.0\.0\.3:10000 name="c": 20/20 answered, 0\.0% loss' "$T/k.out"
expect_eq "killed: summary totals" "20 probes sent, 2 responders, $((nb + 20)) acks" \
	"$(grep -E '^[0-9]+ probes sent' "$T/k.out")"
# --expect counts distinct responders over the run (mcast-send(1), EXIT
# STATUS): B answered before it died, so 2 are met and 3 are not.
killed_run --expect 2
expect_eq "killed, --expect 2: sender exits 0 (B and C both answered)" 0 "$SR"
check "killed, --expect 2: the summary shows B's loss" \
	grep -qE '^10\.0\.0\.2:10000 name="b": [0-9]+/20 answered, [1-9][0-9.]*% loss' "$T/k.out"
killed_run --expect 3
expect_eq "killed, --expect 3: sender exits 1" 1 "$SR"
check "killed, --expect 3: the summary still shows C's 20/20" \
	grep -qE '^10\.0\.0\.3:10000 name="c": 20/20 answered' "$T/k.out"

# --- 3. stdout's reader goes away ---------------------------------------------------
# head_recv NAME ARGS...: "mcast-recv ARGS | head -n 1" on R; datagrams
# from S, one every 0.1 s, until the receiver has exited (at most 30).
head_recv() {
	local n=$1 i=0
	shift
	spawn r bash -c '"$@" 2>"$0.err" | head -n 1 >"$0.out"; echo "${PIPESTATUS[*]}" >"$0.rc"' \
		"$T/$n" "$RECV" --name r -w 60 "$@"
	HP=$!
	wait_for "$T/$n.err" joined 10 && wait_joined r $G eth0
	while [ ! -s "$T/$n.rc" ] && [ "$i" -lt 30 ]; do
		on s python3 "$H" send --wait 0 $G 10000 "text:datagram $i" >/dev/null
		sleep 0.1
		i=$((i + 1))
	done
	wait "$HP"
	echo "# $n: the receiver was gone after $i datagrams"
}
head_recv pipe
expect_eq "| head -n 1: mcast-recv exited by itself, status 0 (head 0)" "0 0" \
	"$(cat "$T/pipe.rc" 2>/dev/null)"
expect_eq "| head -n 1: stderr only says it joined (no Broken pipe)" "$JOINED" \
	"$(cat "$T/pipe.err")"
check "| head -n 1: head got the first line" \
	grep -qxE 'received 10 bytes from 10\.0\.0\.1:[0-9]+' "$T/pipe.out"
head_recv pipej -j
expect_eq "-j | head -n 1: mcast-recv exited by itself, status 0" "0 0" \
	"$(cat "$T/pipej.rc" 2>/dev/null)"
expect_eq "-j | head -n 1: stderr only says it joined" "$JOINED" "$(cat "$T/pipej.err")"
check "-j | head -n 1: head got the first event" \
	grep -q '^{"event":"datagram",.*"payload":"datagram 0"}$' "$T/pipej.out"

start_recv r hs --name hs -w 120
on s bash -c '"$@" 2>"$0.err" | head -n 1 >"$0.out"; echo "${PIPESTATUS[*]}" >"$0.rc"' \
	"$T/shead" "$SEND" -c 50 -i 0.02 -W 0.5
kill -INT "$RP"
wait "$RP"
expect_eq "mcast-send | head -n 1: exits 0 (a responder answered), head 0" "0 0" \
	"$(cat "$T/shead.rc")"
expect_eq "mcast-send | head -n 1: stderr only its progress line" \
	"$SENDING, 50 probes" "$(cat "$T/shead.err")"
check "mcast-send | head -n 1: head got the first ack" \
	grep -qE '^received "ack" from 10\.0\.0\.2:10000 seq=0 ' "$T/shead.out"
n=$(grep -cE '^received ' "$T/hs.out")
check "mcast-send | head -n 1: it stopped early ($n of 50 probes sent)" test "$n" -lt 50

# --- 4. SIGINT and SIGTERM at any moment --------------------------------------------
# The receiver, right after it joined: an empty summary.
start_recv r early --name early -w 120
kill -INT "$RP"
wait "$RP"
expect_eq "recv SIGINT after the join: exits 0" 0 $?
expect_eq "recv SIGINT after the join: the summary, nothing counted" \
	"$(printf -- '--- 224.3.29.71:10000 statistics ---\n0 datagrams from 0 senders, 0 dropped by the kernel, 0 acks sent')" \
	"$(cat "$T/early.out")"
start_recv r earlyj --name earlyj -w 120 -j
kill -TERM "$RP"
wait "$RP"
expect_eq "recv -j SIGTERM after the join: exits 0" 0 $?
expect_eq "recv -j SIGTERM after the join: one final summary, reason signal, 0 datagrams" \
	"true signal 0 0" \
	"$(jq -r 'select(.event == "summary") | "\(.final) \(.reason) \(.datagrams) \(.acks)"' "$T/earlyj.out")"

# The receiver mid-stream: the summary counts what it printed.
for sig in TERM INT; do
	start_recv r mid$sig --name mid$sig -w 120
	rp=$RP
	spawn s "$SEND" -c 100 -i 0.01 -W 0.2 >"$T/ms$sig.out" 2>&1
	sp=$!
	wait_lines "$T/mid$sig.out" '^received ' 30
	kill -"$sig" "$rp"
	wait "$rp"
	expect_eq "recv SIG$sig mid-stream: exits 0" 0 $?
	wait "$sp"
	n=$(grep -cE '^received 43 bytes from 10\.0\.0\.1:[0-9]+ seq=' "$T/mid$sig.out")
	echo "# recv SIG$sig mid-stream: $n datagrams printed"
	check "recv SIG$sig mid-stream: stopped mid-stream ($n of 100)" test "$n" -ge 30 -a "$n" -lt 100
	check "recv SIG$sig mid-stream: summary says $n datagrams, $n acks" \
		grep -qxE "$n datagrams from 1 senders, 0 dropped by the kernel, $n acks sent" "$T/mid$sig.out"
done
start_recv r midj --name midj -w 120 -j
rp=$RP
spawn s "$SEND" -c 100 -i 0.01 -W 0.2 >"$T/msj.out" 2>&1
sp=$!
wait_lines "$T/midj.out" '"event":"datagram"' 30
kill -INT "$rp"
wait "$rp"
expect_eq "recv -j SIGINT mid-stream: exits 0" 0 $?
wait "$sp"
expect_eq "recv -j SIGINT mid-stream: summary datagrams and acks = the events" \
	"$(jq -r 'select(.event == "datagram") | 1' "$T/midj.out" | wc -l) $(jq -r 'select(.event == "datagram" and .acked) | 1' "$T/midj.out" | wc -l)" \
	"$(jq -r 'select(.event == "summary" and .final and .reason == "signal") | "\(.datagrams) \(.acks)"' "$T/midj.out")"

# The sender: at DELAY seconds into "-c 100 -i 0.01 -W 2" (0: right after
# its progress line; 1.5: all sent, waiting for late acks), signal SIG.
start_recv r forsender --name forsender -w 120
rp=$RP
for point in INT:0 TERM:0 INT:0.3 TERM:0.6 INT:1.5; do
	sig=${point%%:*} d=${point#*:}
	spawn s "$SEND" -c 100 -i 0.01 -W 2 >"$T/sg.out" 2>"$T/sg.err"
	sp=$!
	wait_for "$T/sg.err" '^sending ' 10
	sleep "$d"
	kill -"$sig" "$sp"
	wait "$sp"
	rc=$?
	acks=$(grep -cE '^received "ack" from ' "$T/sg.out")
	sum=$(grep -E '^[0-9]+ probes sent, ' "$T/sg.out")
	echo "# send SIG$sig at ${d}s: $sum; $acks ack lines; exit $rc"
	check "send SIG$sig at ${d}s: the summary block is there" \
		grep -qxF -- '--- 224.3.29.71:10000 statistics ---' "$T/sg.out"
	check "send SIG$sig at ${d}s: its acks equal the $acks ack lines" \
		grep -qE "^[0-9]+ probes sent, [0-9]+ responders, $acks acks\$" "$T/sg.out"
	expect_eq "send SIG$sig at ${d}s: exit 0 if anyone answered, else 1" \
		"$([ "$acks" -gt 0 ] && echo 0 || echo 1)" "$rc"
	# JSON: the same at the same point.
	spawn s "$SEND" -j -c 100 -i 0.01 -W 2 >"$T/sgj.out" 2>"$T/sgj.err"
	sp=$!
	wait_for "$T/sgj.err" '^sending ' 10
	sleep "$d"
	kill -"$sig" "$sp"
	wait "$sp"
	expect_eq "send -j SIG$sig at ${d}s: final summary's sent and acks = the events" \
		"true signal $(grep -c '"event":"sent"' "$T/sgj.out") $(grep -c '"event":"ack"' "$T/sgj.out")" \
		"$(jq -r 'select(.event == "summary") | "\(.final) \(.reason) \(.sent) \(.acks)"' "$T/sgj.out")"
done
check "send SIGINT at 1.5s: all 100 sent and acked before the signal" \
	grep -qxE '100 probes sent, 1 responders, 100 acks' "$T/sg.out"
kill -INT "$rp"
wait "$rp"

# --- 5. stdin with -f - ----------------------------------------------------------------
start_recv r stdin --name stdin -w 120
rp=$RP
on s "$SEND" -f - -W 0.5 </dev/null >"$T/f0.out" 2>"$T/f0.err"
expect_eq "-f - </dev/null: exits 0 (acked)" 0 $?
check "-f - </dev/null: the ack is empty, as the datagram" \
	grep -qxE 'received "" from 10\.0\.0\.2:10000 seq=0 time=[0-9]+\.[0-9]{3} ms plain' "$T/f0.out"
expect_eq "-f - </dev/null: stderr" \
	"$(printf 'sending "" to 224.3.29.71:10000 ttl 1 via eth0 (the kernel'"'"'s choice)\ntimed out, no more responses')" \
	"$(cat "$T/f0.err")"
on s "$SEND" -f - -c 2 -i 0.1 -W 0.5 </dev/null >"$T/f2.out" 2>"$T/f2.err"
expect_eq "-f - -c 2 </dev/null: exits 0" 0 $?
check "-f - -c 2 </dev/null: both empty probes answered" \
	grep -qE '^10\.0\.0\.2:10000: 2/2 answered' "$T/f2.out"
printf 'from stdin' | on s "$SEND" -f - -W 0.5 >"$T/fp.out" 2>"$T/fp.err"
expect_eq "printf ... | -f -: exits 0" 0 $?
on s "$SEND" -f - -W 0.5 <&- >"$T/fc.out" 2>"$T/fc.err"
expect_eq "-f - with stdin closed: exits 2" 2 $?
echo "# -f - with stdin closed: $(cat "$T/fc.err")"
check "-f - with stdin closed: one line on stderr, naming the program" \
	test "$(wc -l <"$T/fc.err")" -eq 1 -a "$(grep -c '^mcast-send: ' "$T/fc.err")" -eq 1
head -c 65508 /dev/zero | on s "$SEND" -f - -W 0.5 >"$T/fl.out" 2>"$T/fl.err"
expect_eq "-f - with 65508 bytes: exits 2" 2 $?
echo "# -f - with 65508 bytes: $(cat "$T/fl.err")"
check "-f - with 65508 bytes: one line on stderr, naming the program" \
	test "$(wc -l <"$T/fl.err")" -eq 1 -a "$(grep -c '^mcast-send: ' "$T/fl.err")" -eq 1
kill -INT "$rp"
wait "$rp"
expect_eq "receiver for -f -: printed 0, 24, 24 and 10 bytes, then 'from stdin'" \
	"0 24 24 10 from stdin" \
	"$(grep -oE '^received [0-9]+' "$T/stdin.out" | cut -d' ' -f2 | xargs) $(grep -xF 'from stdin' "$T/stdin.out")"

# --- 6. An ack the kernel refuses ----------------------------------------------------
if ! on r iptables -A OUTPUT -p udp --sport 10000 -j DROP 2>"$T/ipt.err"; then
	skip "an ack the kernel refuses" "iptables: $(head -n 1 "$T/ipt.err")"
else
	start_recv r refused --name refused -w 120 -j
	rp=$RP
	on s python3 "$H" send --wait 0.5 $G 10000 text:one text:two >"$T/rf.out"
	check "refused: the receiver is still running" kill -0 "$rp"
	kill -INT "$rp"
	wait "$rp"
	expect_eq "refused: exits 0" 0 $?
	expect_eq "refused: no ack reached S" "" "$(grep '^reply' "$T/rf.out")"
	expect_eq "refused: summary acks 0, not_acked.error 2" "0 2" \
		"$(jq -r 'select(.event == "summary") | "\(.acks) \(.not_acked.error)"' "$T/refused.out")"
	expect_eq "refused: stderr says so once" 2 "$(wc -l <"$T/refused.err")"
	check "refused: ... naming the destination and the error" \
		grep -qE '^mcast-recv: ack to 10\.0\.0\.1:[0-9]+: Operation not permitted$' "$T/refused.err"
	expect_eq "refused: the datagram events say acked false, no_ack \"error\"" \
		"false error
false error" \
		"$(jq -r 'select(.event == "datagram") | "\(.acked) \(.no_ack)"' "$T/refused.out")"
	on r iptables -D OUTPUT -p udp --sport 10000 -j DROP
fi

done_testing
