#!/usr/bin/env bash
# The standing responder's unit, dist/systemd/mcast-recv.service, checked
# offline: systemd-analyze verify finds nothing to say about it, and
# systemd-analyze security rates its exposure at most 2.0.  Nothing here
# starts the service: its ExecStart command line, expanded as systemd
# expands it (with only the unit's defaults, then with the shipped
# /etc/default/mcast-recv), runs as nobody without capabilities, with
# sockets of the unit's RestrictAddressFamilies= only (restrict_af.c, a
# seccomp filter as systemd's), inside a throwaway namespace; it joins on
# lo, answers a probe and ends cleanly on SIGTERM.
. "$(dirname "$0")/lib.sh"

UNIT=$TOP/dist/systemd/mcast-recv.service
DEFAULTS=$TOP/dist/default/mcast-recv

# verify needs ExecStart's binary to exist: a copy of the unit whose
# ExecStart names the built one.  Any output (even "ignoring" warnings,
# which leave the exit status 0) is a failure.
sed "s|^ExecStart=/usr/bin/mcast-recv |ExecStart=$RECV |" "$UNIT" >"$T/mcast-recv.service"
check "the copy's ExecStart names the built binary" \
	grep -q "^ExecStart=$RECV " "$T/mcast-recv.service"
systemd-analyze verify --man=no "$T/mcast-recv.service" >"$T/verify" 2>&1
expect_eq "systemd-analyze verify: exit 0" 0 $?
expect_eq "systemd-analyze verify: nothing to say" "" "$(cat "$T/verify")"

systemd-analyze security --offline=true --no-pager "$UNIT" >"$T/sec" 2>&1
expect_eq "systemd-analyze security: exit 0" 0 $?
level=$(sed -nE 's/.*Overall exposure level for mcast-recv\.service: ([0-9]+\.[0-9]+).*/\1/p' "$T/sec")
if [ -n "$level" ] && awk -v l="$level" 'BEGIN { exit !(l <= 2.0) }'; then
	ok "exposure level $level is at most 2.0"
else
	not_ok "exposure level at most 2.0 (got '${level:-none}')"
	grep -E '✗|Overall' "$T/sec" | sed 's/^/#   /'
fi

# What the package and the unit promise each other.
expect_eq "ExecStart runs /usr/bin/mcast-recv" 1 \
	"$(grep -c '^ExecStart=/usr/bin/mcast-recv ' "$UNIT")"
check "EnvironmentFile is /etc/default/mcast-recv, optional" \
	grep -qx 'EnvironmentFile=-/etc/default/mcast-recv' "$UNIT"
for v in MCAST_GROUP MCAST_PORT MCAST_INTERFACE MCAST_ACK_RATE MCAST_ALLOW MCAST_OPTS; do
	check "the defaults file sets $v" grep -qE "^$v=" "$DEFAULTS"
done

# The address families the unit allows, as numbers for restrict_af.
fams=
for f in $(sed -n 's/^RestrictAddressFamilies=//p' "$UNIT"); do
	case $f in
	AF_UNIX) fams="$fams 1" ;;
	AF_INET) fams="$fams 2" ;;
	AF_INET6) fams="$fams 10" ;;
	AF_NETLINK) fams="$fams 16" ;;
	*) fams="$fams unknown-$f" ;;
	esac
done
expect_eq "RestrictAddressFamilies: IPv4, IPv6, netlink (interface addresses)" \
	" 2 10 16" "$fams"
# restrict_af refuses socket(2) outside those, as systemd would.
RAF=
if ${CC:-cc} -std=c11 -o "$T/restrict_af" "$TOP/tests/integration/restrict_af.c" \
	>"$T/cc" 2>&1 && "$T/restrict_af" 2 -- true; then
	RAF=$T/restrict_af
	# The control, in a namespace of its own like every run here.
	ns_add ctl
	on ctl "$RAF" 1 -- "$RECV" -I lo -w 1 >"$T/raf.out" 2>"$T/raf.err"
	expect_eq "control: mcast-recv with AF_UNIX sockets only fails (exit 2)" 2 $?
else
	skip "RestrictAddressFamilies emulated" "cannot build a seccomp launcher: $(head -n 1 "$T/cc")"
fi

# run_exec NAME [ENVFILE]: expand ExecStart as systemd does, the unit's
# Environment= first, then ENVFILE, then MCAST_INTERFACE="-I lo" (the
# namespace has nothing else), and run it in host NAME as nobody, with no
# capability and no way to gain one, and (when restrict_af could be built)
# with sockets of the unit's address families only.  ${VAR} is one word;
# $VAR is split on blanks and vanishes when empty.
run_exec() {
	local h=$1 envfile=${2:-} line
	line=$(sed -n 's/^ExecStart=//p' "$UNIT" |
		sed -E 's/\$\{([A-Z_]+)\}/"${\1}"/g; s|^/usr/bin/mcast-recv |"$BIN" |')
	(
		set -f +u
		unset MCAST_GROUP MCAST_PORT MCAST_INTERFACE MCAST_ACK_RATE MCAST_ALLOW MCAST_OPTS
		for kv in $(sed -n 's/^Environment=//p' "$UNIT"); do
			export "${kv?}"
		done
		if [ -n "$envfile" ]; then
			set -a
			# shellcheck disable=SC1090
			. "$envfile"
			set +a
		fi
		export MCAST_INTERFACE="-I lo"
		eval "set -- $line"
		printf '%s\n' "$*" >"$T/$h.cmd"
		exec ip netns exec "$(ns "$h")" setpriv --reuid=nobody --regid=nogroup \
			--clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs \
			${RAF:+"$RAF"} ${RAF:+$fams} ${RAF:+--} "$@"
	) >"$T/$h.out" 2>"$T/$h.err" &
	PID=$!
}

# The binary where nobody can read it ($T is root's alone).
mkdir -m 755 "$T/bin"
cp "$RECV" "$T/bin/mcast-recv"
chmod 711 "$T"
BIN=$T/bin/mcast-recv

for case in unit file; do
	ns_add "$case"
	if [ "$case" = unit ]; then
		what="with only the unit's defaults"
		run_exec "$case"
	else
		what="with the shipped defaults file"
		run_exec "$case" "$DEFAULTS"
	fi
	if wait_for "$T/$case.err" joined && wait_joined "$case" 224.3.29.71 lo; then
		ok "ExecStart $what joins 224.3.29.71 on lo as nobody"
	else
		not_ok "ExecStart $what joins 224.3.29.71 on lo as nobody"
		sed 's/^/#   /' "$T/$case.err"
	fi
	st=/proc/$PID/status
	check "ExecStart $what: runs as nobody" \
		awk -v u="$(id -u nobody)" '/^Uid:/ { exit !($2 == u && $3 == u) }' "$st"
	check "ExecStart $what: without capabilities" \
		grep -qE '^CapBnd:[[:space:]]+0+$' "$st"
	if [ -n "$RAF" ]; then
		check "ExecStart $what: under the address-family filter" \
			grep -qE '^Seccomp:[[:space:]]+2$' "$st"
	fi
	expect_eq "ExecStart $what" \
		"$BIN --port 10000 --ack-rate 1000 -I lo -- 224.3.29.71" \
		"$(cat "$T/$case.cmd" 2>/dev/null)"
	on "$case" "$SEND" -I lo -W 1 >"$T/$case.send" 2>&1
	expect_eq "ExecStart $what: the probe is answered" 0 $?
	check "ExecStart $what: the receiver printed the datagram" \
		grep -qE '^received 19 bytes from ' "$T/$case.out"
	kill -TERM "$PID" 2>/dev/null
	wait "$PID"
	expect_eq "ExecStart $what: SIGTERM ends it with status 0" 0 $?
	check "ExecStart $what: its summary reached stdout" \
		grep -q -- '--- 224.3.29.71:10000 statistics ---' "$T/$case.out"
done

done_testing
