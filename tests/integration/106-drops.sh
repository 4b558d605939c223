#!/usr/bin/env bash
# Kernel drops counted once (issue 11, item 12): a receiver of 21 groups
# has two sockets (20 memberships each at most); a flood to the first
# group while the receiver is stopped overflows the first socket only, and
# one datagram to the 21st group goes to the second.  The summary's
# "dropped" equals the kernel's RcvbufErrors, not twice it (the kernel
# sends the drop count only once it is not 0, so a count left over from
# one socket's batch must not be taken for the other's).
. "$(dirname "$0")/lib.sh"

lan s=10.0.0.1/24 r=10.0.0.2/24
H=$TOP/tests/integration/hostile_send.py

start_recv -g 239.1.1.21 r d -q -j -w 600 --no-ack --rcvbuf 4096 239.1.1.1+21
rb0=$(udp r RcvbufErrors)
kill -STOP "$RP"
on s python3 "$H" send --wait 0 --repeat 1000 239.1.1.1 10000 fill:64 >/dev/null
sleep 0.2
kill -CONT "$RP"
sleep 0.3
on s python3 "$H" send --wait 0 239.1.1.21 10000 text:other-socket >/dev/null
sleep 0.3
on s python3 "$H" send --wait 0 239.1.1.1 10000 text:first-socket >/dev/null
sleep 0.3
rb=$(($(udp r RcvbufErrors) - rb0))
stop_recv INT "$RP" "two sockets"
dropped=$(jq -r 'select(.event == "summary" and .final) | .dropped' "$T/d.out")
echo "# kernel RcvbufErrors +$rb; summary dropped $dropped"
check "the kernel dropped some ($rb)" test "$rb" -gt 0
expect_eq "dropped in the summary = the kernel's count, once" "$rb" "$dropped"

done_testing
