#!/usr/bin/env bash
# Bad input: each case exits 2, prints nothing on stdout and exactly one
# line on stderr that names the option (or operand) and the problem; never
# a crash, never a "hint:" second line (that is for network errors).
# Nothing here needs a network, but every run happens inside a fresh
# namespace with only lo (and no route for multicast) all the same, so
# that no case could ever send through a real interface.
. "$(dirname "$0")/lib.sh"

ns_add x
mkdir "$T/dir"
big=$(head -c 65508 /dev/zero | tr '\0' x)
head -c 65508 /dev/zero >"$T/big"

# bad DESC PROG REGEX ARG...: PROG (send or recv) with ARG... is refused.
# A wrongly accepted case must not hang the run: timeout ends it.
bad() {
	local desc=$1 prog=$2 re=$3 bin rc
	shift 3
	case $prog in
	send) bin=$SEND ;;
	recv) bin=$RECV ;;
	esac
	on x timeout -k 1 10 "$bin" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	expect_eq "mcast-$prog $desc: exit 2" 2 "$rc"
	expect_eq "mcast-$prog $desc: stdout empty" "" "$(cat "$T/out")"
	expect_line "mcast-$prog $desc: one line on stderr naming the problem" \
		"^mcast-$prog: $re" "$T/err"
}

for p in send recv; do
	bad "--json=yes (a flag given a value)" $p 'option "--json=yes": takes no value$' --json=yes
	bad "interface-local ff01::1 without an interface" $p \
		'group ff01::1: interface-local scope needs an interface: write ff01::1%IFACE or use --interface$' ff01::1
	bad "non-multicast group 10.0.0.1" $p 'group "10\.0\.0\.1": not a multicast group' 10.0.0.1
	bad "empty group" $p 'group "": empty' ''
	bad "group that is no address" $p 'group "foo": not an IP address' foo
	bad "%scope on an IPv4 group" $p 'group "224\.1\.1\.1%lo": .*IPv6' 224.1.1.1%lo
	bad "a group, then a non-multicast one" $p 'group "10\.0\.0\.1": not a multicast group' 224.1.1.1 10.0.0.1
	bad "group range +0" $p 'group "224\.1\.1\.1\+0": bad range' 224.1.1.1+0
	bad "group range past the multicast space" $p 'group "239\.255\.255\.255\+2": range' 239.255.255.255+2
	bad "port 0" $p '--port "0": out of range 1\.\.65535' -p 0
	bad "port 65536" $p '--port "65536": out of range 1\.\.65535' -p 65536
	bad "port abc" $p '--port "abc": not a number' -p abc
	bad "port -1" $p '--port "-1": not a number' --port=-1
	bad "empty port" $p '--port "": empty' -p ''
	bad "unknown interface name" $p '--interface.*no such interface' -I nosuch0
	bad "unknown interface index" $p '--interface.*no such interface' -I 4000000
	bad "interface address not on this host" $p '--interface.*no interface has that address' -I 10.9.9.9
	bad "multicast address as interface" $p '--interface "224\.1\.1\.1": .*not an interface' -I 224.1.1.1
	bad "interface name too long" $p '--interface "abcdefghijklmnopq": .*too long' -I abcdefghijklmnopq
	bad "unknown long option" $p 'option "--bogus": unknown' --bogus
	bad "unknown short option" $p 'option "-Z": unknown' -Z
	# getopt is still inside "-Zq" when it finds -Z: the message must name
	# -Z, not whatever argv[optind - 1] happens to be (argv[0]).
	bad "unknown short option in a cluster (-Zq)" $p 'option "-Z.*": unknown' -Zq
	bad "missing value at the end (-p)" $p 'option "-p": needs a value' -p
	bad "missing value at the end (--port)" $p 'option "--port": needs a value' --port
	bad "missing value after -q (-qI)" $p 'option "-q?I": needs a value' -qI
	# A %scope that names no interface: the group's scope is to blame,
	# not --interface (which was not given).
	bad "link-local group with an unknown %scope" $p 'group %nosuch: no such interface' ff02::1%nosuch
	bad "site-local group with an unknown %scope" $p 'group %nosuch: no such interface' ff05::1%nosuch
	# A group named twice, by repeat or by overlapping ranges, is refused
	# naming both (lo is index 1 in a fresh namespace).
	bad "the same group twice" $p 'group "239\.1\.1\.1": already in 239\.1\.1\.1$' 239.1.1.1 239.1.1.1
	bad "a group inside an earlier range" $p 'group "239\.1\.1\.2": already in 239\.1\.1\.1\+4$' 239.1.1.1+4 239.1.1.2
	bad "overlapping ranges" $p 'group "239\.1\.1\.3\+4": already in 239\.1\.1\.1\+4$' 239.1.1.1+4 239.1.1.3+4
	bad "a range around an earlier group" $p 'group "239\.1\.1\.1\+9": already in 239\.1\.1\.5$' 239.1.1.5 239.1.1.1+9
	bad "overlapping IPv6 ranges" $p 'group "ff05::3\+2": already in ff05::1\+3$' ff05::1+3 ff05::3+2
	bad "one scoped group, its scope spelled two ways" $p 'group "ff02::1%1": already in ff02::1%lo$' ff02::1%lo ff02::1%1
done
bad "one interface named twice (-I lo -I 1)" recv '--interface "1": lo is already given$' -I lo -I 1
bad "one interface named twice (by name and address)" recv '--interface "127\.0\.0\.1": lo is already given$' -I lo -I 127.0.0.1
bad "one interface named twice (-I lo -I lo)" recv '--interface "lo": lo is already given$' -I lo -I lo

# Not duplicates: adjacent ranges, and one group on two interfaces (by
# %scope or by -I), in a namespace with lo and a veth pair v0/v1.
ns_add y
ip -n "$(ns y)" link add v0 type veth peer name v1
ip -n "$(ns y)" link set v0 up
ip -n "$(ns y)" link set v1 up
# good DESC ARG...: mcast-recv ARG... runs to its deadline (exit 1, no
# datagram) having joined, with nothing on stderr but its progress.
good() {
	local desc=$1
	shift
	on y timeout -k 1 10 "$RECV" -w 0.2 "$@" >"$T/out" 2>"$T/err"
	expect_eq "mcast-recv $desc: accepted, runs to its deadline (exit 1)" 1 $?
	check "mcast-recv $desc: joined" grep -q '^joined ' "$T/err"
}
good "adjacent ranges 239.1.1.1+4 239.1.1.5" -I lo 239.1.1.1+4 239.1.1.5
good "one link-local group on two interfaces by %scope" ff02::1:3%lo ff02::1:3%v0
good "one group on two interfaces by -I" -I lo -I v0 239.1.1.1

for w in -1 nan inf 1e3 99999999 '' 0x10 ' 1'; do
	case $w in
	'') re='empty' ;;
	99999999) re='too long' ;;
	*) re='not a number' ;;
	esac
	bad "--timeout \"$w\"" send "--timeout \"$w\": $re" -W "$w"
	bad "--deadline \"$w\"" recv "--deadline \"$w\": $re" -w "$w"
done
bad "--timeout just past 10^6 s" send '--timeout "1000000\.000000001": too long' -W 1000000.000000001

bad "ttl 256" send '--ttl "256": out of range 0\.\.255' -t 256
bad "ttl -1" send '--ttl "-1": not a number' -t -1
bad "ttl 1.5" send '--ttl "1\.5": not a number' --ttl 1.5
bad "message larger than 65507 bytes" send '--message "\.\.\.": larger than a UDP datagram can carry \(65507 bytes\)' -m "$big"
bad "file larger than 65507 bytes" send "--file \"$T/big\": larger than a UDP datagram can carry" -f "$T/big"
bad "stdin larger than 65507 bytes" send '--file "-": larger than a UDP datagram can carry' -f - <"$T/big"
bad "-f on a nonexistent file" send "--file \"$T/nonexistent\": No such file or directory" -f "$T/nonexistent"
bad "-f on a directory" send "--file \"$T/dir\": Is a directory" -f "$T/dir"
bad "-f naming an ESC sequence: escaped" send '--file "/x/\\x1b\[2Jy": No such file or directory' -f "$(printf '/x/\033[2Jy')"
# --expect beyond the responders mcast-send keeps could never be met.
bad "--expect 65537, past the responder table" send '--expect "65537": out of range 1\.\.65536 \(the responders kept\)' -e 65537
bad "--expect 1000000" send '--expect "1000000": out of range 1\.\.65536' -c 1 --expect 1000000
bad "--expect 0" send '--expect "0": out of range 1\.\.65536' -e 0
bad "--expect x" send '--expect "x": not a number' -e x
bad "-4 with -6" send 'option "-6": conflicts with the other family' -4 -6
bad "-6 with -4" recv 'option "-4": conflicts with the other family' -6 -4
# A file name is the user's input, but it is printed: a newline in it
# must not split the message into two lines.
bad "-f on a nonexistent file whose name holds a newline" send \
	"--file \"$T/no\\\\nsuch\": No such file or directory" -f "$T/no
such"
bad "-m with -f" send '--file "/etc/hostname": conflicts with --message' -m x -f /etc/hostname
bad "-f with -m" send '--file "/etc/hostname": conflicts with --message' -f /etc/hostname -m x

bad "--count 0" recv '--count "0": too small' --count 0
bad "--count -1" recv '--count "-1": not a number' -c -1
bad "--count 2^64" recv '--count "18446744073709551616": too large' -c 18446744073709551616
bad "--deadline 0" recv '--deadline "0": too short' --deadline 0
bad "--deadline below a nanosecond" recv '--deadline "0\.0000000001": too short' -w 0.0000000001
bad "--ack with --no-ack" recv '--ack "x": conflicts with --no-ack' --ack x --no-ack
bad "--no-ack with --ack" recv '--ack "x": conflicts with --no-ack' --no-ack --ack x
bad "--ack larger than 65507 bytes" recv '--ack .*larger than' --ack "$big"
bad "--name empty" recv '--name "": empty' --name ''
bad "--source 0.0.0.0" recv '--source "0\.0\.0\.0": the unspecified address is not a source' -s 0.0.0.0
bad "--source ::" recv '--source "::": the unspecified address is not a source' -6 -s :: ff3e::1
bad "--source multicast" recv '--source "224\.1\.1\.1": a source cannot be a multicast address' -s 224.1.1.1

# Hostile bytes in an argument come back escaped in the message.
bad "group with an escape sequence" send 'group "\\x1b\[2J": not an IP address' "$(printf '\033[2J')"

# --help and --version: stdout, exit 0, nothing on stderr.
for p in send recv; do
	case $p in
	send) bin=$SEND longs="file help interface loop no-loop message port quiet ttl version timeout" ;;
	recv) bin=$RECV longs="ack count help interface no-ack port quiet version deadline" ;;
	esac
	for h in -h --help; do
		on x "$bin" $h >"$T/out" 2>"$T/err"
		expect_eq "mcast-$p $h: exit 0" 0 $?
		check "mcast-$p $h: usage on stdout" grep -qE "^usage: mcast-$p " "$T/out"
		expect_eq "mcast-$p $h: stderr empty" "" "$(cat "$T/err")"
	done
	missing=
	for o in $longs; do
		grep -qE -- "--$o([^a-z-]|$)" "$T/out" || missing="$missing --$o"
	done
	expect_eq "mcast-$p --help documents every option of the contract" "" "$missing"
	on x "$bin" -V >"$T/out" 2>"$T/err"
	expect_eq "mcast-$p -V: exit 0" 0 $?
	expect_line "mcast-$p -V: one line, name and version" "^mcast-$p [0-9]+\.[0-9]+\.[0-9]+" "$T/out"
	expect_eq "mcast-$p -V: stderr empty" "" "$(cat "$T/err")"
	# Help and version are output like any other: a failed write is
	# status 2 with one line, never a silent 0.
	for h in -h --help -V --version; do
		on x "$bin" $h >/dev/full 2>"$T/err"
		expect_eq "mcast-$p $h >/dev/full: exit 2" 2 $?
		expect_line "mcast-$p $h >/dev/full: one line on stderr" \
			"^mcast-$p: stdout: No space left on device$" "$T/err"
	done
done

# One rule for -I and %scope in both tools: a group's scope names the
# interface the run uses (mcast-send: its one; mcast-recv: one of -I's).
ip -n "$(ns x)" link add dummy0 type veth peer name dummy1
ip -n "$(ns x)" link set dummy0 up
ip -n "$(ns x)" link set dummy1 up
bad "-I twice" send '--interface "dummy0": given twice: one run sends through one interface$' \
	-I lo -I dummy0
bad "scopes of two interfaces" send \
	'group "ff02::1:4%dummy0": its scope is not the interface this run sends through \(one run, one interface\)$' \
	ff02::1:3%lo ff02::1:4%dummy0
bad "-I lo with a scope on dummy0" send \
	'group "ff02::1:4%dummy0": its scope is not the interface this run sends through' \
	-I lo ff02::1:4%dummy0
bad "-I lo with a scope on dummy0" recv \
	'group "ff02::1:4%dummy0": its scope is not one of the --interface ones$' \
	-I lo ff02::1:4%dummy0

done_testing
