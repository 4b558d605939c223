#!/usr/bin/env bash
# Stream mode (issue 12) over IPv6, one receiver R on the LAN with S.
#  1. The -6 default group ff05::3:29:71 (site-local: S's ULA is the
#     source, R's report comes from its ULA): 1000 datagrams of 1316 bytes
#     at 1000/s, all received, exactly 0 lost, R's final report in, hops 0;
#     text, so the summary's row is checked as printed.
#  2. The link-local group ff02::1:3%eth0 at the IPv6 maximum, 65527
#     bytes (fragmented), JSON: all received, 0 lost, bytes exact, final,
#     from R's link-local address.
#  3. R's own stream events say the same.
. "$(dirname "$0")/lib.sh"

lan s=fd00::1/64 r=fd00::2/64

# lladdr HOST: the link-local address of HOST's eth0.
lladdr() {
	ip -n "$(ns "$1")" -6 addr show dev eth0 scope link |
		sed -nE 's/^ *inet6 (fe80::[0-9a-f:]+)\/64 .*/\1/p' | head -n 1
}
llr=$(lladdr r)
lls=$(lladdr s)
check "S and R have link-local addresses" test -n "$llr" -a -n "$lls"

start_recv r r -6 -j --name r -w 60
rr=$RP
start_recv r rl -j --name r -w 60 ff02::1:3%eth0
rl=$RP

# stderr_ok FILE BANNER: the banner, any late notes, R's final report.
stderr_ok() {
	awk -v b="$2" '
		NR == 1 { ok = $0 == b; next }
		/^late by [0-9]+ ms: [0-9]+ datagrams skipped$/ { next }
		{ n++; ok = ok && $0 == "1 of 1 receivers sent their final report" }
		END { exit !(ok && n == 1) }' "$1"
}

# ---- 1. ff05::3:29:71, text ---------------------------------------------
on s "$SEND" -6 -r 1000 -c 1000 -l 1316 >"$T/s1.out" 2>"$T/s1.err"
expect_eq "ff05::3:29:71: exit 0" 0 $?
n1=$(sed -nE 's/^([0-9]+) datagrams of 1316 bytes sent at 1000\/s in .*, 1 receivers reported$/\1/p' "$T/s1.out")
expect_eq "ff05::3:29:71: the summary's title" "--- [ff05::3:29:71]:10000 stream statistics ---" \
	"$(grep -- '^--- ' "$T/s1.out")"
check "ff05::3:29:71: the totals: 1 receivers reported" test -n "$n1"
r='[0-9]+\.[0-9]{3}'
check "ff05::3:29:71: R's row, from its ULA: all $n1 received, 0 lost (0.00%), final" \
	grep -qxE "\[fd00::2\]:10000 name=\"r\": $n1 received, 0 lost \(0\.00%\), 0 dups, 0 reordered, jitter $r ms, delay min/p50/p90/p99/max $r/$r/$r/$r/$r ms, [0-9]+ pps [0-9.]+ Mbit/s, hops=0" "$T/s1.out"
check "ff05::3:29:71: R's final report line" \
	grep -qE "^report from \[fd00::2\]:10000 name=\"r\": $n1 received, 0 lost \(0\.00%\), .*, hops=0, final$" "$T/s1.out"
expect_eq "ff05::3:29:71: stdout is report lines and the 3-line summary" \
	"$(($(grep -c '^report from ' "$T/s1.out") + 3))" "$(wc -l <"$T/s1.out")"
check "ff05::3:29:71: stderr: the banner, any late notes, R's final report in" \
	stderr_ok "$T/s1.err" "streaming 1000 datagrams of 1316 bytes at 1000/s to [ff05::3:29:71]:10000 ttl 1 via eth0 (the kernel's choice)"

# ---- 2. ff02::1:3%eth0, 65527 bytes, JSON --------------------------------
on s "$SEND" -j -r 50 -c 50 -l 65527 ff02::1:3%eth0 >"$T/s2.out" 2>"$T/s2.err"
expect_eq "ff02::1:3%eth0, 65527 bytes: exit 0" 0 $?
n2=$(jq -r 'select(.event == "summary") | .sent' "$T/s2.out")
expect_eq "ff02::1:3%eth0, 65527 bytes: R, link-local, all $n2, 0 lost, bytes exact, final" \
	"[$llr%eth0]:10000 r true $n2 0 0 $((n2 * 65527)) 0 true" \
	"$(jq -r 'select(.event == "summary") | .responders[] |
		"\(.from) \(.name) \(.final) \(.received) \(.lost) \(.loss_pct) \(.bytes) \(.first_seq) \(.end_seen)"' "$T/s2.out")"
expect_eq "ff02::1:3%eth0: the summary's group, size, mode" "[ff02::1:3%eth0]:10000 65527 stream" \
	"$(jq -r 'select(.event == "summary") | "\(.group) \(.size) \(.mode)"' "$T/s2.out")"
check "ff02::1:3%eth0: stderr: the banner, any late notes, R's final report in" \
	stderr_ok "$T/s2.err" "streaming 50 datagrams of 65527 bytes at 50/s to [ff02::1:3%eth0]:10000 ttl 1 via eth0"

# ---- 3. R's side ---------------------------------------------------------
stop_recv INT "$rr" "R (ff05::3:29:71)"
stop_recv INT "$rl" "R (ff02::1:3%eth0)"
expect_eq "R (ff05::3:29:71): one stream event, from S's ULA, $n1 received, 0 lost" \
	"[fd00::1] $n1 0 $((n1 * 1316)) true" \
	"$(jq -r 'select(.event == "stream") | "\(.from | sub(":[0-9]+$"; "")) \(.received) \(.lost) \(.bytes) \(.end_seen)"' "$T/r.out")"
expect_eq "R (ff02::1:3%eth0): one stream event, from S's link-local address, $n2 received" \
	"[$lls%eth0] $n2 0 $((n2 * 65527)) true" \
	"$(jq -r 'select(.event == "stream") | "\(.from | sub(":[0-9]+$"; "")) \(.received) \(.lost) \(.bytes) \(.end_seen)"' "$T/rl.out")"
expect_eq "R: stderr says it joined each group, nothing else" \
	"joined ff05::3:29:71 on the default interface, listening on port 10000
joined ff02::1:3%eth0 on eth0, listening on port 10000" \
	"$(cat "$T/r.err" "$T/rl.err")"

done_testing
