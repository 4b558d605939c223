#!/usr/bin/env bash
# The front door: tests/deps holds the one list of test packages.  Each
# part proves:
#  1. The list: every package says what needs it; unit < check < all;
#     "missing" agrees with dpkg, package by package; .ci/run installs
#     through it and has no apt-get of its own.
#  2. make demo never calls it; make check and make unit call it before
#     they build a unit test.
#  3. A user (nobody) is told in one line on stderr which packages are
#     missing, and why nothing can run when libcmocka-dev is one of them.
#  4. Root: apt-get is never called when nothing is missing; otherwise
#     apt-get update, then an install of exactly the missing ones; a failed
#     apt-get is reported and what can run still runs.
#  5. The whole way through make, as nobody, on a copy of the tree: make
#     check names the missing package and runs the unit tests; without
#     libcmocka-dev it fails before building any; make demo (on lo, in a
#     namespace of its own) runs without ever asking dpkg.
# Missing packages are simulated with a dpkg-query and an apt-get of our
# own first on PATH: nothing is installed or removed.
. "$(dirname "$0")/lib.sh"

DEPS=$TOP/tests/deps
chmod 755 "$T"

if ! command -v dpkg-query >/dev/null 2>&1; then
	skip "tests/deps" "dpkg-query is not installed (not Debian)"
	done_testing
	exit
fi

# 1. The list.
body=$(sed -n "/^PACKAGES='\$/,/^'\$/p" "$DEPS" | sed '1d;$d')
check "1: the list is not empty" test -n "$body"
expect_eq "1: every package has a level and says what needs it" "" \
	"$(awk 'NF && (NF < 3 || $1 !~ /^(unit|check|all)$/)' <<<"$body")"
expect_eq "1: no package is listed twice" "" \
	"$(awk 'NF { print $2 }' <<<"$body" | sort | uniq -d)"
expect_eq "1: unit is libcmocka-dev" libcmocka-dev "$("$DEPS" list unit)"
expect_eq "1: check starts with unit's" libcmocka-dev "$("$DEPS" list check | head -n 1)"
expect_eq "1: all is check's and then the rest" "$("$DEPS" list check)" \
	"$("$DEPS" list all | head -n "$("$DEPS" list check | wc -l)")"
check "1: all lists more than check" \
	test "$("$DEPS" list all | wc -l)" -gt "$("$DEPS" list check | wc -l)"
want=
for p in $("$DEPS" list all); do
	s=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)
	case $s in ?[iWt]*) ;; *) want+="$p"$'\n' ;; esac
done
expect_eq "1: missing agrees with dpkg-query, package by package" "${want%$'\n'}" \
	"$("$DEPS" missing all)"
expect_eq "1: .ci/run runs no apt-get of its own" "" \
	"$(sed -e 's/#.*//' -e 's/"[^"]*"//g' "$TOP/.ci/run" | grep -n 'apt-get')"
check "1: .ci/run installs with tests/deps install all" \
	grep -qx $'\ttests/deps install all || .*' "$TOP/.ci/run"
"$DEPS" list nosuchlevel >"$T/out" 2>"$T/err"
expect_eq "1: an unknown level: exit 2" 2 $?
expect_eq "1: an unknown level: stdout empty" "" "$(cat "$T/out")"
expect_line "1: an unknown level: usage on stderr" '^usage: tests/deps ' "$T/err"

# 2. Which make targets call it (make -n: what they would run).
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES make -n -C "$TOP" "$@" 2>&1; }
expect_eq "2: make demo never calls tests/deps" "" "$(mk -W src/mcast.c demo | grep deps)"
for t in check unit; do
	first=$(mk -W src/mcast.c -W tests/unit/test_probe.c "$t" | grep -nE 'tests/deps|-o tests/unit/' | head -n 1)
	expect_eq "2: make $t calls tests/deps prepare $t before building a unit test" \
		"tests/deps prepare $t" "${first#*:}"
done

# The fakes.  $T/missing holds the packages to take as not installed;
# apt-get logs each call in $T/apt.log, exits $T/apt.rc, and an install
# that succeeds takes its packages out of $T/missing.
mkdir "$T/bin"
cat >"$T/bin/dpkg-query" <<END
#!/bin/sh
echo "dpkg-query \$*" >>"$T/dpkg.log"
for a; do
	case \$a in -*) continue ;; esac
	grep -qx "\$a" "$T/missing" || echo "\$a ii "
done
END
cat >"$T/bin/apt-get" <<END
#!/bin/sh
echo "\$DEBIAN_FRONTEND \$*" >>"$T/apt.log"
rc=\$(cat "$T/apt.rc")
[ "\$rc" -eq 0 ] || exit "\$rc"
[ "\$1" = install ] || exit 0
for a; do sed -i "/^\$a\\\$/d" "$T/missing"; done
END
chmod 755 "$T/bin"/*
cp "$DEPS" "$T/deps"
chmod 755 "$T/deps"

# fake APTRC [PKG...]: set the fakes' state, PKG... missing.
fake() {
	echo "$1" >"$T/apt.rc"
	shift
	printf '%s\n' "$@" >"$T/missing"
	: >"$T/apt.log"
	: >"$T/dpkg.log"
	chmod 666 "$T/missing" "$T/apt.log" "$T/dpkg.log"
}
# as_user ARGS / as_root ARGS: tests/deps ARGS with the fakes, stdout in
# $T/out, stderr in $T/err; the exit status in $rc.
as_user() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		env PATH="$T/bin:$PATH" "$T/deps" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
as_root() {
	env PATH="$T/bin:$PATH" "$T/deps" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# result DESC RC STDOUT STDERR: the last run's exit status and streams.
result() {
	expect_eq "$1: exit $2" "$2" "$rc"
	expect_eq "$1: stdout" "$3" "$(cat "$T/out")"
	expect_eq "$1: stderr" "$4" "$(cat "$T/err")"
}

# 3. A user.
fake 0
as_user prepare check
result "3: user, nothing missing" 0 "" ""
check "3: the fake dpkg-query was asked" test -s "$T/dpkg.log"
fake 0 jq socat
as_user prepare check
result "3: user, two missing" 0 "" \
	"make check: missing socat jq: run it as root to install them; running what can run"
as_user missing check
result "3: user, missing" 0 $'socat\njq' ""
fake 0 socat
as_user prepare check
result "3: user, one missing" 0 "" \
	"make check: missing socat: run it as root to install it; running what can run"
as_user prepare unit
result "3: user, make unit needs no socat" 0 "" ""
fake 0 libcmocka-dev jq
as_user prepare check
result "3: user, no libcmocka-dev" 1 "" \
	"make check: missing libcmocka-dev jq: run it as root to install them; the unit tests need libcmocka-dev, so nothing can run"
as_user prepare unit
result "3: user, make unit without libcmocka-dev" 1 "" \
	"make unit: missing libcmocka-dev: run it as root to install it; the unit tests need libcmocka-dev, so nothing can run"
as_user install check
result "3: user, install" 2 "" "tests/deps: install needs root"
expect_eq "3: no apt-get as a user" "" "$(cat "$T/apt.log")"

# 4. Root.
fake 0
as_root prepare check
result "4: root, nothing missing" 0 "" ""
expect_eq "4: root, nothing missing: no apt-get" "" "$(cat "$T/apt.log")"
as_root install all
result "4: root, install all, nothing missing" 0 "" ""
expect_eq "4: root, install all, nothing missing: no apt-get" "" "$(cat "$T/apt.log")"
fake 0 socat jq clang
as_root prepare check
result "4: root, missing" 0 "" "make check: installing socat jq"
expect_eq "4: root, missing: apt-get update, then install of those two" \
	$'noninteractive update -qq\nnoninteractive install -y -qq --no-install-recommends socat jq' \
	"$(cat "$T/apt.log")"
: >"$T/apt.log"
as_root install all
result "4: root, install all" 0 "" "tests/deps: installing clang"
expect_eq "4: root, install all: apt-get update, then install of clang" \
	$'noninteractive update -qq\nnoninteractive install -y -qq --no-install-recommends clang' \
	"$(cat "$T/apt.log")"
fake 100 socat
as_root prepare check
result "4: root, apt-get fails" 0 "" \
	$'make check: installing socat\nmake check: apt-get failed, still missing socat; running what can run'
as_root install check
result "4: root, install, apt-get fails" 1 "" \
	$'tests/deps: installing socat\ntests/deps: apt-get failed'
fake 100 libcmocka-dev
as_root prepare unit
result "4: root, apt-get fails without libcmocka-dev" 1 "" \
	$'make unit: installing libcmocka-dev\nmake unit: apt-get failed, still missing libcmocka-dev; the unit tests need libcmocka-dev, so nothing can run'

# 5. Through make, as nobody, on a copy of the tree.
W=$T/tree
mkdir "$W"
if git -C "$TOP" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git -C "$TOP" ls-files -z -co --exclude-standard |
		(cd "$TOP" && tar --null -T - -cf -) | tar -xf - -C "$W"
else
	cp -a "$TOP/." "$W" && make -s -C "$W" clean >/dev/null
fi
chown -R 65534:65534 "$W"
# nobody_make TARGET: make TARGET in the copy as nobody, with the fakes and
# no make variables from a make check run above; streams in $T/out, $T/err.
nobody_make() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
		-u CC -u CFLAGS -u CPPFLAGS -u LDFLAGS -u LDLIBS \
		PATH="$T/bin:$PATH" TMPDIR=/tmp make -C "$W" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
fake 0 libcmocka-dev
nobody_make check
expect_eq "5: make check without libcmocka-dev: make fails" 2 "$rc"
expect_eq "5: ... its first line on stderr says why" \
	"make check: missing libcmocka-dev: run it as root to install it; the unit tests need libcmocka-dev, so nothing can run" \
	"$(head -n 1 "$T/err")"
expect_eq "5: ... no unit test was built" "" "$(find "$W/tests/unit" -type f ! -name '*.c')"
check "5: ... nothing ran" test -z "$(grep -E 'passed' "$T/out")"

fake 0 socat
nobody_make check
expect_eq "5: make check without socat: exit 0" 0 "$rc"
expect_eq "5: ... stderr is the one line" \
	"make check: missing socat: run it as root to install it; running what can run" \
	"$(cat "$T/err")"
check "5: ... the unit tests ran" grep -q '^# unit: tests/unit/test_probe$' "$T/out"
check "5: ... and passed" grep -qE '^[1-9][0-9]* passed, 0 failed, 0 skipped$' "$T/out"
check "5: ... the integration tests were skipped for want of root" \
	grep -q '^# integration tests skipped: they need root' "$T/out"
[ "$rc" -eq 0 ] || tail -n 20 "$T/out" "$T/err" | sed 's/^/#   /'

fake 0
nobody_make clean
ns_add d
on d setpriv --reuid=65534 --regid=65534 --clear-groups \
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
	-u CC -u CFLAGS -u CPPFLAGS -u LDFLAGS -u LDLIBS \
	PATH="$T/bin:$PATH" TMPDIR=/tmp make -C "$W" demo >"$T/out" 2>"$T/err"
expect_eq "5: make demo (on lo, in a namespace): exit 0" 0 $?
check "5: ... the exchange happened" grep -q '^received "ack" from 127.0.0.1:10000' "$T/out"
expect_eq "5: ... without asking dpkg" "" "$(cat "$T/dpkg.log")"

done_testing
