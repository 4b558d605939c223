#!/usr/bin/env bash
# A firewall that forbids the send (iptables OUTPUT DROP gives EPERM):
# mcast-send says what failed and the hint DIAGNOSTICS promises, exit 2,
# stdout empty.
. "$(dirname "$0")/lib.sh"

lan s=10.0.0.1/24
on s iptables -A OUTPUT -p udp --dport 10000 -j DROP
for args in "" "-c 2 -i 0.1" "-j"; do
	# shellcheck disable=SC2086
	on s "$SEND" $args >"$T/o" 2>"$T/e"
	expect_eq "EPERM (${args:-no options}): exit 2" 2 $?
	expect_eq "EPERM (${args:-no options}): stdout empty" "" "$(cat "$T/o")"
	expect_eq "EPERM (${args:-no options}): what failed, then the hint" \
		"$(printf '%s\n%s' 'mcast-send: send to 224.3.29.71:10000: Operation not permitted' \
			'mcast-send: hint: a firewall or a permission forbids this')" \
		"$(grep '^mcast-send: ' "$T/e")"
done

done_testing
