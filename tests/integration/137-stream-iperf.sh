#!/usr/bin/env bash
# Stream mode (issue 12) beside iperf2, the tool it is measured against.
#  a. iperf2 (iperf -s -u -B 239.1.1.1) receives an mcast-send stream.  It
#     cannot read the stream header (it takes the first 4 bytes, the probe
#     magic, for its own packet id), so it reports no sensible loss; it
#     reads times from bytes that differ every run, so what it prints is
#     not something to assert (2.1.8 prints the bytes of all 203, the
#     200 sent and the 3 end markers, as "out-of-order", or with some
#     values no final report at all); what is asserted: iperf2 joined,
#     all that were sent reached its socket (R's UDP counters), and it took them
#     without crashing.  mcast-send, with no mcast-recv to report,
#     exits 1: 0 receivers reported, none sent a final report.  No -i for
#     iperf: from the bogus timestamps it takes for its start time, it
#     would print an interval line for every second since 1970.
#  b. mcast-recv receives an iperf2 stream (iperf -c 239.1.1.1 -u -T 1
#     -b 1M -t 2): plain datagrams to it, not a stream: each counted (as
#     many as iperf sent, by S's UDP counter), acked as any plain datagram
#     is, none taken for a stream, no report sent to anyone.
. "$(dirname "$0")/lib.sh"

G=239.1.1.1

if ! command -v iperf >/dev/null 2>&1 || ! iperf -v 2>&1 | grep -q '^iperf version 2'; then
	skip_all "interop with iperf2" "iperf2 is not installed"
fi
echo "# $(iperf -v 2>&1 | head -n 1)"

lan s=10.0.0.1/24 r=10.0.0.2/24

# ---- a. iperf2 receives mcast-send --------------------------------------
# timeout: a bound on iperf's run whatever happens; it passes SIGINT on.
spawn r timeout -s INT 60 iperf -s -u -p 10000 -B $G >"$T/iperf-s.out" 2>&1
ip=$!
wait_joined r $G eth0
check "a: iperf2 joined $G" is_member r $G eth0
in0=$(udp r InDatagrams)
on s "$SEND" -r 100 -c 200 -l 200 $G >"$T/a.out" 2>"$T/a.err"
expect_eq "a: mcast-send exits 1, no receiver reported" 1 $?
# What was sent: 200, less any slots skipped on a busy host.
n=$(sed -nE 's/^([0-9]+) datagrams of 200 bytes sent at .*/\1/p' "$T/a.out")
k=$(sed -nE 's/^.* sent at 100\/s in .*, ([0-9]+) skipped, .*/\1/p' "$T/a.out")
echo "# a: $n sent, ${k:-0} skipped"
expect_eq "a: sent + skipped == 200" 200 "$((n + ${k:-0}))"
# R's socket counter: every datagram reached iperf's socket.
until_true 5 test "$(($(udp r InDatagrams) - in0))" -ge "$((n + 3))"
expect_eq "a: R's UDP counter: the $n datagrams and 3 end markers arrived" "$((n + 3))" \
	"$(($(udp r InDatagrams) - in0))"
check "a: iperf2 is still running after the stream (it did not crash)" kill -0 "$ip"
check "a: R's socket dropped none of them (RcvbufErrors 0)" test "$(udp r RcvbufErrors)" -eq 0
kill -INT "$ip"
wait "$ip"
sed 's/^/# iperf: /' "$T/iperf-s.out" | head -n 20
# Its report, when it prints one, is a figure, not a result.
sed -nE 's/.*[[:space:]]([0-9.]+ KBytes)[[:space:]].*/# iperf2 counted \1 (all 203 of a full run are 39.1 KBytes)/p' "$T/iperf-s.out"
check "a: iperf2 named S as its client" \
	grep -qE "connected with 10\.0\.0\.1 port [0-9]+" "$T/iperf-s.out"
expect_eq "a: mcast-send's stdout: the summary, 0 receivers reported" \
	"$(printf -- '--- %s:10000 stream statistics ---\n%s datagrams of 200 bytes sent at 100/s in X s, 0 receivers reported' $G "$n")" \
	"$(sed -E "s/ in $RE_TIME s/ in X s/; s/, [0-9]+ skipped//" "$T/a.out")"
check "a: stderr: the banner, any late notes, no final report, why it failed" \
	awk -v b="streaming 200 datagrams of 200 bytes at 100/s to $G:10000 ttl 1 via eth0 (the kernel's choice)" '
		NR == 1 { ok = $0 == b; next }
		/^late by [0-9]+ ms: [0-9]+ datagrams skipped$/ { next }
		n == 0 { n++; ok = ok && $0 == "0 of 0 receivers sent their final report before the timeout"; next }
		{ n++; ok = ok && $0 == "mcast-send: 0 of 1 expected receivers reported" }
		END { exit !(ok && n == 2) }' "$T/a.err"

# ---- b. mcast-recv receives iperf2 --------------------------------------
# Only the last line kept: the summary (iperf's 1470-byte payloads, each
# printed twice in JSON, need not be stored).
start_recv -t 1 r b -j --name r -w 60 $G
rr=$RP
out0=$(udp s OutDatagrams)
on s iperf -c $G -p 10000 -u -T 1 -b 1M -t 2 >"$T/iperf-c.out" 2>&1
expect_eq "b: iperf exits 0" 0 $?
sed 's/^/# iperf: /' "$T/iperf-c.out"
sent=$(($(udp s OutDatagrams) - out0))
# Until R's UDP counter has them all.
until_true 5 test "$(udp r InDatagrams)" -ge "$((in0 + n + 3 + sent))"
stop_recv INT "$rr" "b"
wait "$TP"
expect_eq "b: mcast-recv stderr only says it joined" \
	"joined $G on the default interface, listening on port 10000" "$(cat "$T/b.err")"
expect_eq "b: its summary: every datagram iperf sent ($sent), as plain datagrams, each acked, no stream, no report" \
	"summary $sent $sent 0 0 0 1 $sent 0" \
	"$(jq -r '"\(.event) \(.datagrams) \(.acks) \(.not_acked.stream) \(.reports) \(.ignored) \(.senders | length) \(.senders[0].datagrams) \(.senders[0].probes)"' "$T/b.out")"
expect_eq "b: all from S, 1470 bytes each" "10.0.0.1 $((sent * 1470))" \
	"$(jq -r '"\(.senders[0].from | sub(":[0-9]+$"; "")) \(.senders[0].bytes)"' "$T/b.out")"

done_testing
