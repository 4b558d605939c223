#!/usr/bin/env bash
# Loss injected on one receiver only, with iptables' statistic match in B's
# own namespace (INPUT, UDP to port 10000: the probes; B's acks leave by
# OUTPUT and are never dropped).  C, on the same switch, loses nothing.
#  1. --mode nth --every 4 --packet 0 drops probes 0, 4, 8, 12, 16 of 20:
#     exactly 25% loss, and B's own summary shows the 4 gaps in seq 1..19.
#  2. --mode random --probability 0.3 over 100 probes: the loss is
#     binomial (mean 30, standard deviation 4.6), so the test accepts
#     15%..45% (about 3.3 standard deviations each side: a spurious failure
#     about once in a thousand runs).  Exact figures are still checked
#     where they follow from what was dropped: B's receiver saw exactly the
#     probes B answered, and iptables dropped exactly the others.
. "$(dirname "$0")/lib.sh"

# dropped: packets B's DROP rule has dropped so far.
dropped() {
	on b iptables -L INPUT -v -n -x | awk '$3 == "DROP" { print $1 }'
}

# seqs FILE ADDR: the seq of every ack line from ADDR, one per line, sorted.
seqs() {
	grep "^received \"ack\" from ${2//./\\.}:10000 " "$1" |
		grep -oE 'seq=[0-9]+' | cut -d= -f2 | sort -n
}

lan s=10.0.0.1/24 b=10.0.0.2/24 c=10.0.0.3/24

if ! on b iptables -A INPUT -p udp --dport 10000 \
	-m statistic --mode nth --every 4 --packet 0 -j DROP 2>"$T/ipt.err"; then
	skip_all "loss injected with iptables" "iptables cannot add a statistic rule here: $(head -n 1 "$T/ipt.err")"
fi

# ---- 1. every 4th probe dropped: exactly 25% ------------------------------
start_recv b b1 --name hostb -w 60
pb=$RP
start_recv c c1 --name hostc -w 60
pc=$RP
on s timeout 60 "$SEND" -c 20 -i 0.05 -W 2 >"$T/n.out" 2>"$T/n.err"
expect_eq "nth: sender exits 0" 0 $?
expect_sending "nth: sender stderr" "$T/n.err" 20
expect_eq "nth: B answered every probe but 0, 4, 8, 12, 16" \
	"$(seq 0 19 | awk '$1 % 4 != 0')" "$(seqs "$T/n.out" 10.0.0.2)"
expect_eq "nth: C answered probes 0..19" "$(seq 0 19)" "$(seqs "$T/n.out" 10.0.0.3)"
expect_eq "nth: iptables dropped 5 probes on B" 5 "$(dropped)"
expect_eq "nth: summary totals" "20 probes sent, 2 responders, 35 acks" \
	"$(grep ' probes sent, ' "$T/n.out")"
check "nth: B 15/20 answered, 25.0% loss, 21.1% since first (first answered: 1)" \
	grep -qxE "10\.0\.0\.2:10000 name=\"hostb\": 15/20 answered, 25\.0% loss, 21\.1% since first, 0 dup, 0 reordered, hops=0, $RE_RTT" "$T/n.out"
check "nth: C 20/20 answered, 0.0% loss" \
	grep -qxE "10\.0\.0\.3:10000 name=\"hostc\": 20/20 answered, 0\.0% loss, 0\.0% since first, 0 dup, 0 reordered, hops=0, $RE_RTT" "$T/n.out"
expect_eq "nth: stdout is 35 ack lines and the 4-line summary" 39 "$(wc -l <"$T/n.out")"

stop_recv TERM "$pb" "nth: B" b1
stop_recv TERM "$pc" "nth: C" c1
# 15 probes of 24 + 19 bytes; the gaps between seq 1 and 19 are 4, 8, 12, 16.
check "nth: B's own summary shows 4 lost in seq 1..19" \
	grep -qxE '10\.0\.0\.1:[0-9]+: 15 datagrams, 645 bytes, probes seq 1\.\.19, 4 lost, 0 dup, 0 reordered' "$T/b1.out"
check "nth: C's own summary shows none lost" \
	grep -qxE '10\.0\.0\.1:[0-9]+: 20 datagrams, 860 bytes, probes seq 0\.\.19, 0 lost, 0 dup, 0 reordered' "$T/c1.out"

# ---- 2. random 30% drop: 15%..45% -------------------------------------------
on b iptables -F INPUT
on b iptables -A INPUT -p udp --dport 10000 \
	-m statistic --mode random --probability 0.3 -j DROP
start_recv b b2 --name hostb -w 60
pb=$RP
start_recv c c2 --name hostc -w 60
pc=$RP
on s timeout 60 "$SEND" -c 100 -i 0.01 -W 2 >"$T/r.out" 2>"$T/r.err"
expect_eq "random: sender exits 0" 0 $?
expect_sending "random: sender stderr" "$T/r.err" 100

seqs "$T/r.out" 10.0.0.2 >"$T/r-b.seqs"
nb=$(wc -l <"$T/r-b.seqs")
loss=$((100 - nb))
check "random: B's loss $loss% lies in 15%..45%" test "$loss" -ge 15 -a "$loss" -le 45
expect_eq "random: B answered each probe at most once" "$nb" "$(sort -u "$T/r-b.seqs" | wc -l)"
expect_eq "random: iptables dropped exactly the probes B did not answer" "$loss" "$(dropped)"
# Loss since the first answered probe f: of the 100 - f probes from f on.
first=$(head -n 1 "$T/r-b.seqs")
since=$(awk -v f="$first" -v n="$nb" 'BEGIN { printf "%.1f", 100 * (100 - f - n) / (100 - f) }')
check "random: B's summary line: $nb/100 answered, $loss.0% loss, $since% since first" \
	grep -qxE "10\.0\.0\.2:10000 name=\"hostb\": $nb/100 answered, $loss\.0% loss, ${since//./\\.}% since first, 0 dup, 0 reordered, hops=0, $RE_RTT" "$T/r.out"
expect_eq "random: C answered probes 0..99" "$(seq 0 99)" "$(seqs "$T/r.out" 10.0.0.3)"
check "random: C 100/100 answered, 0.0% loss" \
	grep -qxE "10\.0\.0\.3:10000 name=\"hostc\": 100/100 answered, 0\.0% loss, 0\.0% since first, 0 dup, 0 reordered, hops=0, $RE_RTT" "$T/r.out"

stop_recv TERM "$pb" "random: B" b2
stop_recv TERM "$pc" "random: C" c2
# B's receiver saw exactly the probes B answered; its gaps are the seqs
# missing between the first and the last of them.
last=$(tail -n 1 "$T/r-b.seqs")
gaps=$((last - first + 1 - nb))
check "random: B's own summary: $nb datagrams, seq $first..$last, $gaps lost" \
	grep -qxE "10\.0\.0\.1:[0-9]+: $nb datagrams, $((nb * 43)) bytes, probes seq $first\.\.$last, $gaps lost, 0 dup, 0 reordered" "$T/b2.out"
check "random: C's own summary: 100 datagrams, none lost" \
	grep -qxE '10\.0\.0\.1:[0-9]+: 100 datagrams, 4300 bytes, probes seq 0\.\.99, 0 lost, 0 dup, 0 reordered' "$T/c2.out"

done_testing
