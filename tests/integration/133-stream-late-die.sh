#!/usr/bin/env bash
# Stream mode (issue 12): receivers that join late or die mid-stream.  S
# streams for 3 s at 1000/s (200-byte datagrams) to a LAN where A listens
# from the start, K too, and L starts once the first reports have come
# back (about 1 s in); then K is killed (SIGKILL: no final report, no
# goodbye).  No loss on this LAN, so:
#  - A: every datagram sent, 0 lost, first_seq 0, final.
#  - L: its loss counts from its first datagram, which is not seq 0:
#    first_seq > 0, received == sent - first_seq, 0 lost, final.
#  - K: in the summary with its last report's figures (the same as the
#    last "report" event from K), "final":false, end not seen.
#  - exit 0 (any loss is allowed by default, and receivers reported), and
#    stderr says 2 of the 3 sent their final report before the timeout.
# Then the same in text, shorter: K's row ends ", no final report", the
# others' do not.
. "$(dirname "$0")/lib.sh"

lan s=10.0.0.1/24 a=10.0.0.2/24 k=10.0.0.3/24 l=10.0.0.4/24

# stream TAG SECS ARGS...: S streams for SECS in the background (pid SP);
# L joins once A's and K's first reports are in, then K is killed.
stream() {
	local tag=$1 secs=$2
	shift 2
	start_recv a "a$tag" -j --name a -w 60
	RA=$RP
	start_recv k "k$tag" -j --name k -w 60
	RK=$RP
	spawn s "$SEND" "$@" -r 1000 --duration "$secs" -l 200 >"$T/s$tag.out" 2>"$T/s$tag.err"
	SP=$!
	wait_for "$T/s$tag.out" '(name="k"|"name":"k")' 10 &&
		wait_for "$T/s$tag.out" '(name="a"|"name":"a")' 10
	check "$tag: A and K reported while the stream flowed" test $? -eq 0
	start_recv l "l$tag" -j --name l -w 60
	RL=$RP
	kill -KILL "$RK"
	wait "$RK"
	expect_eq "$tag: K died of SIGKILL" 137 $?
	wait "$SP"
	expect_eq "$tag: sender exits 0 (receivers reported, any loss allowed)" 0 $?
	stop_recv INT "$RA" "$tag: A" "a$tag"
	stop_recv INT "$RL" "$tag: L" "l$tag"
}

# stderr_ok FILE BANNER: the banner, any late notes, then "2 of 3".
stderr_ok() {
	awk -v b="$2" '
		NR == 1 { ok = $0 == b; next }
		/^late by [0-9]+ ms: [0-9]+ datagrams skipped$/ { next }
		{ n++; ok = ok && $0 == "2 of 3 receivers sent their final report before the timeout" }
		END { exit !(ok && n == 1) }' "$1"
}

# ---- JSON, 3 s ----------------------------------------------------------
stream j 3 -j
sent=$(jq -r 'select(.event == "summary") | .sent' "$T/sj.out")
# row NAME: name final received lost first_seq end_seen of NAME's row.
row() {
	jq -r --arg n "$1" 'select(.event == "summary") | .responders[] | select(.name == $n) |
		"\(.name) \(.final) \(.received) \(.lost) \(.first_seq) \(.end_seen)"' "$T/sj.out"
}
expect_eq "json: three rows in the summary" "a k l" \
	"$(jq -r 'select(.event == "summary") | .responders[].name' "$T/sj.out" | sort | xargs)"
expect_eq "json: A got all $sent, 0 lost, final" "a true $sent 0 0 true" "$(row a)"
read -r _ lfin lrx llost lfirst lend <<<"$(row l)"
echo "# json: sent $sent; L's first datagram was seq $lfirst"
check "json: L joined late: its first_seq > 0" test "${lfirst:-0}" -gt 0
expect_eq "json: L: 0 lost counted from its first datagram, received == sent - first_seq, final" \
	"true $((sent - lfirst)) 0 true" "$lfin $lrx $llost $lend"
expect_eq "json: K: not final, with its last report's figures" \
	"$(jq -r 'select(.event == "report" and .name == "k") | "k false \(.received) \(.lost) \(.first_seq) \(.end_seen)"' "$T/sj.out" | tail -n 1)" \
	"$(row k)"
check "json: K's last report was before the end (fewer than $sent)" \
	test "$(row k | cut -d' ' -f3)" -lt "$sent"
expect_eq "json: final report events from A and L only" "a l" \
	"$(jq -r 'select(.event == "report" and .final) | .name' "$T/sj.out" | sort | xargs)"
expect_eq "json: the summary's reason: timeout (K's final never came)" "timeout" \
	"$(jq -r 'select(.event == "summary") | .reason' "$T/sj.out")"
check "json: stderr: the banner, any late notes, 2 of 3 finals before the timeout" \
	stderr_ok "$T/sj.err" "streaming 3000 datagrams of 200 bytes at 1000/s to 224.3.29.71:10000 ttl 1 via eth0 (the kernel's choice)"
expect_eq "json: L's own stream event agrees" "$((sent - lfirst)) 0 $lfirst" \
	"$(jq -r 'select(.event == "stream") | "\(.received) \(.lost) \(.first_seq)"' "$T/lj.out")"

# ---- text, 2 s ----------------------------------------------------------
stream t 2
sent=$(sed -nE 's/^([0-9]+) datagrams of 200 bytes sent at 1000\/s in .*, 3 receivers reported$/\1/p' "$T/st.out")
check "text: the summary's totals: 3 receivers reported" test -n "$sent"
for h in a:2 l:4; do
	check "text: ${h%:*}'s row: 0 lost, no \"no final report\"" \
		grep -qE "^10\.0\.0\.${h#*:}:10000 name=\"${h%:*}\": [0-9]+ received, 0 lost \(0\.00%\), .*, hops=0$" "$T/st.out"
done
check "text: K's row ends \", no final report\"" \
	grep -qE '^10\.0\.0\.3:10000 name="k": [0-9]+ received, 0 lost \(0\.00%\), .*, hops=0, no final report$' "$T/st.out"
expect_eq "text: stdout is report lines and the 5-line summary" \
	"$(($(grep -c '^report from ' "$T/st.out") + 5))" "$(wc -l <"$T/st.out")"
check "text: stderr: the banner, any late notes, 2 of 3 finals before the timeout" \
	stderr_ok "$T/st.err" "streaming 2000 datagrams of 200 bytes at 1000/s to 224.3.29.71:10000 ttl 1 via eth0 (the kernel's choice)"

done_testing
