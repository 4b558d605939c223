#!/usr/bin/env bash
# A name cut to fit a small probe never merges two responders (issue 11,
# item 10): two receivers on one host (one address and port) named
# responder-number-1 and -2 answer a probe whose 16-byte message leaves
# room for 13 bytes of name; the cut names end in "~" and four hex digits
# of a hash of the whole name, so they differ, and -e 2 is met.
. "$(dirname "$0")/lib.sh"

lan s=10.0.0.1/24 r=10.0.0.2/24
start_recv r a --name responder-number-1 -w 30
pa=$RP
start_recv r b --name responder-number-2 -w 30
pb=$RP
on s "$SEND" -c 3 -i 0.05 -e 2 -m 0123456789abcdef >"$T/s.out" 2>"$T/s.err"
expect_eq "two receivers, names cut: -e 2 is met, exit 0" 0 $?
names=$(sed -nE 's/^10\.0\.0\.2:10000 name="([^"]*)": 3\/3 answered.*/\1/p' "$T/s.out" | sort)
expect_eq "two responders in the summary, each 3/3" 2 "$(printf '%s\n' "$names" | grep -c .)"
check "each name is cut to 13 bytes ending in ~ and 4 hex digits ($(echo $names))" \
	bash -c "printf '%s\n' '$names' | grep -qvE '^responde~[0-9a-f]{4}$' && exit 1 || exit 0"
check "the two cut names differ" test "$(printf '%s\n' "$names" | sort -u | wc -l)" -eq 2
stop_recv INT "$pa" "receiver 1"
stop_recv INT "$pb" "receiver 2"

done_testing
