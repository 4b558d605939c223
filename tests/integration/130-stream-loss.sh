#!/usr/bin/env bash
# Stream mode (issue 12) with loss on one receiver of three, exact.  S
# streams 2000 datagrams of 200 bytes at 1000/s to A, B and C on one
# switch; in C's namespace iptables drops every 10th stream datagram:
#   -m length --length 53:65535 -m statistic --mode nth --every 10 --packet 9
# The length match (the IP packet's: 20 + 8 + UDP payload) takes only
# the 200-byte data (228 bytes on the wire), never the 24-byte end markers
# (52 bytes): a dropped marker would not change the loss (three are sent),
# but it would shift the nth counter's phase, and the figures must not
# depend on it.  --packet 9 drops datagrams 9, 19, ..., 1999 (the counter
# is reset before each run by adding the rule anew), so C's first
# datagram, seq 0, arrives and C's loss counts over all 2000: lost 200,
# exactly 10.0%.  (--packet 0 would drop seq 0 itself, and a receiver
# counts loss from the first datagram it saw: 199 of 1999.)
#  1. JSON: exit 0 (any loss allowed by default); every receiver's final
#     report is in, A and B lost 0, C lost 200 of 2000 (loss_pct 10);
#     stderr is the banner and "3 of 3 receivers sent their final report".
#  2. Text with --max-loss 5: exit 1; the summary's rows.
#  3. --max-loss 10: exit 0 (10.0% is not over 10).
#  4. -e 4: exit 1, only three receivers reported.
#  5. The receivers' own lines: a "stream" event per run, the same figures.
# A sender late by more than 10 ms skips slots rather than bursting (on a
# loaded host it may): then fewer than 2000 are sent, contiguous, and C's
# loss is exactly floor(sent / 10) of sent; the figures below are
# computed from the summary's "sent" so that this holds either way.
. "$(dirname "$0")/lib.sh"

G=224.3.29.71:10000
BANNER="streaming 2000 datagrams of 200 bytes at 1000/s to $G ttl 1 via eth0 (the kernel's choice)"

lan s=10.0.0.1/24 a=10.0.0.2/24 b=10.0.0.3/24 c=10.0.0.4/24

# nth: C's rule, added anew (its counter restarts at 0).
nth() {
	on c iptables -F INPUT &&
		on c iptables -A INPUT -p udp --dport 10000 \
			-m length --length 53:65535 \
			-m statistic --mode nth --every 10 --packet 9 -j DROP
}

# dropped: packets C's DROP rule has dropped since it was added.
dropped() {
	on c iptables -L INPUT -v -n -x | awk '$3 == "DROP" { print $1 }'
}

# rows FILE: the JSON summary's responders as "name final received lost
# loss_pct dups reordered bytes first_seq end_seen", sorted by name;
# loss_pct as the JSON has it, to 4 places.
rows() {
	jq -r 'select(.event == "summary") | .responders | sort_by(.name)[] |
		"\(.name) \(.final) \(.received) \(.lost) \(.loss_pct) \(.dups) \(.reordered) \(.bytes) \(.first_seq) \(.end_seen)"' "$1" |
		awk '{ $5 = sprintf("%.4f", $5); print }'
}

# want N: the rows for N datagrams sent (C lost floor(N / 10) of them).
want() {
	local lost=$(($1 / 10))
	printf '%s true %s 0 0.0000 0 0 %s 0 true\n' a "$1" $(($1 * 200)) b "$1" $(($1 * 200))
	printf 'c true %s %s %s 0 0 %s 0 true\n' $(($1 - lost)) "$lost" \
		"$(awk -v l="$lost" -v n="$1" 'BEGIN { printf "%.4f", l * 100 / n }')" \
		$((($1 - lost) * 200))
}

# expect_stderr DESC FILE SKIPPED [WHY]: FILE, a sender's stderr, is the
# banner, a "late by N ms: K datagrams skipped" note per late wake (their K
# adding up to SKIPPED: none unless the host was busy), the final count,
# and WHY, the line that says why the run failed, when given.
expect_stderr() {
	local notes
	notes=$(grep -cxE 'late by [0-9]+ ms: [0-9]+ datagrams skipped' "$2")
	[ "$notes" -eq 0 ] || echo "# $1: $notes late notes, $3 skipped"
	expect_eq "$1: stderr is the banner, any late notes, every final report in" \
		"$(printf '%s\n%s%s' "$BANNER" "3 of 3 receivers sent their final report" "${4:+$'\n'$4}")" \
		"$(grep -vxE 'late by [0-9]+ ms: [0-9]+ datagrams skipped' "$2")"
	expect_eq "$1: the notes add up to the summary's skipped" "$3" \
		"$(sed -nE 's/^late by [0-9]+ ms: ([0-9]+) datagrams skipped$/\1/p' "$2" |
			awk '{ n += $1 } END { print n + 0 }')"
}

# sent FILE: the JSON summary's sent, and skipped as a comment.
sent() {
	jq -r 'select(.event == "summary") | .sent' "$1"
}

if ! nth 2>"$T/ipt.err"; then
	skip_all "loss injected with iptables" "iptables cannot add a length/statistic rule here: $(head -n 1 "$T/ipt.err")"
fi

start_recv a a -j --name a -w 120
ra=$RP
start_recv b b -j --name b -w 120
rb=$RP
start_recv c c -j --name c -w 120
rc=$RP

# ---- 1. JSON, no --max-loss ---------------------------------------------
on s "$SEND" -j -r 1000 -c 2000 -l 200 >"$T/s1.out" 2>"$T/s1.err"
expect_eq "json: exit 0, any loss allowed by default" 0 $?
n1=$(sent "$T/s1.out")
echo "# json: sent $n1, skipped $(jq -r 'select(.event == "summary") | .skipped' "$T/s1.out")"
expect_eq "json: sent + skipped == 2000" 2000 \
	"$(jq -r 'select(.event == "summary") | .sent + .skipped' "$T/s1.out")"
expect_eq "json: A and B lost none, C lost every 10th (200 of 2000, 10%), all final" \
	"$(want "$n1")" "$(rows "$T/s1.out")"
expect_eq "json: iptables dropped what C reports lost" "$((n1 / 10))" "$(dropped)"
expect_eq "json: the summary: mode stream, 200-byte datagrams at 1000/s, reason count" \
	"stream 200 1000 count true 0 0" \
	"$(jq -r 'select(.event == "summary") | "\(.mode) \(.size) \(.rate) \(.reason) \(.final) \(.ignored) \(.untracked)"' "$T/s1.out")"
expect_eq "json: hops 0 for each (one LAN)" \
	"0 0 0" "$(jq -r 'select(.event == "summary") | [.responders[].hops] | map(tostring) | join(" ")' "$T/s1.out")"
expect_eq "json: one final report event from each receiver" "a b c" \
	"$(jq -r 'select(.event == "report" and .final) | .name' "$T/s1.out" | sort | xargs)"
expect_eq "json: stdout is report events and one summary, nothing else" \
	"$(grep -c . "$T/s1.out")" \
	"$(jq -r 'select(.event == "report" or .event == "summary") | .event' "$T/s1.out" | wc -l)"
expect_stderr json "$T/s1.err" "$((2000 - n1))"

# ---- 2. text, --max-loss 5 ----------------------------------------------
nth
on s "$SEND" -r 1000 -c 2000 -l 200 --max-loss 5 >"$T/s2.out" 2>"$T/s2.err"
expect_eq "--max-loss 5: exit 1 (C lost 10%)" 1 $?
n2=$(sed -nE 's/^([0-9]+) datagrams of 200 bytes sent at 1000\/s in .*/\1/p' "$T/s2.out")
l2=$((${n2:-0} / 10))
expect_eq "--max-loss 5: the summary's title" "--- $G stream statistics ---" \
	"$(grep -- '^--- ' "$T/s2.out")"
check "--max-loss 5: its first line: sent, size, rate, 3 receivers reported" \
	grep -qxE "$n2 datagrams of 200 bytes sent at 1000/s in $RE_TIME s(, [0-9]+ skipped)?, 3 receivers reported" "$T/s2.out"
r='[0-9]+\.[0-9]{3}'
for h in a:2 b:3; do
	check "--max-loss 5: ${h%:*}'s row: $n2 received, 0 lost (0.00%), final" \
		grep -qxE "10\.0\.0\.${h#*:}:10000 name=\"${h%:*}\": $n2 received, 0 lost \(0\.00%\), 0 dups, 0 reordered, jitter $r ms, delay min/p50/p90/p99/max $r/$r/$r/$r/$r ms, [0-9]+ pps [0-9.]+ [kM]bit/s, hops=0" "$T/s2.out"
done
check "--max-loss 5: C's row: $((n2 - l2)) received, $l2 lost ($(awk -v l=$l2 -v n="$n2" 'BEGIN { printf "%.2f", l * 100 / n }')%), final" \
	grep -qxE "10\.0\.0\.4:10000 name=\"c\": $((n2 - l2)) received, $l2 lost \($(awk -v l=$l2 -v n="$n2" 'BEGIN { printf "%.2f", l * 100 / n }' | sed 's/\./\\./')%\), 0 dups, 0 reordered, jitter $r ms, delay min/p50/p90/p99/max $r/$r/$r/$r/$r ms, [0-9]+ pps [0-9.]+ [kM]bit/s, hops=0" "$T/s2.out"
expect_eq "--max-loss 5: one final report line from each receiver" "a b c" \
	"$(sed -nE 's/^report from [0-9.:]+ name="(.)": .*, final$/\1/p' "$T/s2.out" | sort | xargs)"
expect_eq "--max-loss 5: stdout is report lines, the title, the totals, 3 rows" \
	"$(($(grep -c '^report from ' "$T/s2.out") + 5))" "$(wc -l <"$T/s2.out")"
expect_stderr "--max-loss 5" "$T/s2.err" "$((2000 - n2))" \
	"mcast-send: 1 receivers lost more than --max-loss 5%, 10.0.0.4:10000 the most: $(awk -v l=$l2 -v n="$n2" 'BEGIN { printf "%.2f", l * 100 / n }')%"

# ---- 3. --max-loss 10 ---------------------------------------------------
nth
on s "$SEND" -q -j -r 1000 -c 2000 -l 200 --max-loss 10 >"$T/s3.out" 2>"$T/s3.err"
expect_eq "--max-loss 10: exit 0 (C's loss is not over 10%)" 0 $?
expect_eq "--max-loss 10: the same figures" "$(want "$(sent "$T/s3.out")")" "$(rows "$T/s3.out")"
expect_eq "--max-loss 10: stderr empty with -q" "" "$(cat "$T/s3.err")"

# ---- 4. -e 4 ------------------------------------------------------------
nth
on s "$SEND" -q -j -e 4 -r 1000 -c 2000 -l 200 >"$T/s4.out" 2>"$T/s4.err"
expect_eq "-e 4: exit 1, only 3 receivers reported" 1 $?
expect_eq "-e 4: the same figures, 3 rows" "$(want "$(sent "$T/s4.out")")" "$(rows "$T/s4.out")"
expect_eq "-e 4: stderr empty with -q" "" "$(cat "$T/s4.err")"

# ---- 5. The receivers' side ---------------------------------------------
stop_recv INT "$ra" "A" a
stop_recv INT "$rb" "B" b
stop_recv INT "$rc" "C" c
ns="$n1 $n2 $(sent "$T/s3.out") $(sent "$T/s4.out")"
for h in a b c; do
	w=$(for n in $ns; do
		l=0
		[ $h = c ] && l=$((n / 10))
		echo "10.0.0.1 $((n - l)) $l $(((n - l) * 200)) 0 true"
	done)
	expect_eq "receiver $h: a stream event per run, from S, with the sender's figures" "$w" \
		"$(jq -r 'select(.event == "stream") | "\(.from | sub(":[0-9]+$"; "")) \(.received) \(.lost) \(.bytes) \(.first_seq) \(.end_seen)"' "$T/$h.out")"
	expect_eq "receiver $h: no interval events without -i, no datagram events without -v" \
		"stream stream stream stream summary" \
		"$(jq -r '.event' "$T/$h.out" | xargs)"
	# What arrived: the data C's rule let through and 3 end markers a run.
	d=$(($(for n in $ns; do l=0; [ $h = c ] && l=$((n / 10)); echo $((n - l + 3)); done | paste -sd+)))
	expect_eq "receiver $h: its summary counts $d stream datagrams, not acked, 0 acks" \
		"$d $d 0" \
		"$(jq -r 'select(.event == "summary") | "\(.datagrams) \(.not_acked.stream) \(.acks)"' "$T/$h.out")"
done

done_testing
