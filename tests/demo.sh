#!/usr/bin/env bash
# make demo: the classic example's exchange on the loopback interface only.
# A receiver joins 224.3.29.71 on lo; the sender sends through lo.
set -u
cd "$(dirname "$0")/.." || exit 2
out=$(mktemp -d)
trap 'kill "$rpid" 2>/dev/null; rm -rf "$out"' EXIT

echo "\$ ./mcast-recv --interface lo --count 1 &"
./mcast-recv --interface lo --count 1 --deadline 5 >"$out/recv" 2>&1 &
rpid=$!
for _ in $(seq 50); do grep -q joined "$out/recv" && break; sleep 0.1; done
echo "\$ ./mcast-send --interface lo"
./mcast-send --interface lo
status=$?
wait "$rpid"
echo
echo "receiver's output:"
sed 's/^/  /' "$out/recv"
echo "mcast-send exit status: $status"
exit "$status"
