#!/usr/bin/env bash
# One version number in one place: the Makefile's VERSION.  --version of
# both programs, the installed man pages, debian/changelog and NEWS all say
# it, and no source file spells it out on its own.
. "$(dirname "$0")/lib.sh"

VERSION=$(sed -nE 's/^VERSION[[:space:]]*=[[:space:]]*([^[:space:]]+).*/\1/p' "$TOP/Makefile")
check "the Makefile sets VERSION once (got '$VERSION')" \
	test "$(grep -cE '^VERSION[[:space:]]*[:?]?=' "$TOP/Makefile")" -eq 1 -a -n "$VERSION"

for p in send recv; do
	out=$("$TOP/mcast-$p" --version 2>"$T/err")
	expect_eq "mcast-$p --version: exit 0" 0 $?
	expect_eq "mcast-$p --version prints the Makefile's VERSION" "mcast-$p $VERSION" "$out"
	expect_eq "mcast-$p --version: stderr empty" "" "$(cat "$T/err")"
done

# debian/changelog: a native package, so its version is VERSION itself.
deb=$(dpkg-parsechangelog -l "$TOP/debian/changelog" -S Version)
expect_eq "debian/changelog's version is VERSION" "$VERSION" "$deb"
expect_eq "debian/changelog's top entry is for source mcast" mcast \
	"$(sed -nE '1s/^([a-z0-9.+-]+) .*/\1/p' "$TOP/debian/changelog")"

# NEWS: its first version heading is VERSION's.
expect_eq "NEWS starts with this version's changes" "mcast $VERSION" \
	"$(grep -m 1 -E '^mcast [0-9]' "$TOP/NEWS")"

# The man pages get VERSION at install time, from an @VERSION@ in .Os.
make -s -C "$TOP" -o mcast-send -o mcast-recv install DESTDIR="$T/root" PREFIX=/usr >"$T/make" 2>&1
rc=$?
expect_eq "make install: exit 0" 0 "$rc"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$T/make"
for p in send recv; do
	m=$T/root/usr/share/man/man1/mcast-$p.1
	check "man/mcast-$p.1 takes its version from @VERSION@" \
		grep -q '@VERSION@' "$TOP/man/mcast-$p.1"
	check "installed mcast-$p.1 has no @VERSION@ left" \
		test -s "$m" -a -z "$(grep -l '@VERSION@' "$m" 2>/dev/null)"
	check "installed mcast-$p.1 shows $VERSION in its footer" \
		grep -qF "$VERSION" <<<"$(mandoc -Tascii "$m" 2>/dev/null | tail -n 1)"
done

# Nowhere else: no source, man page, unit or completion file spells it out.
escaped=${VERSION//./\\.}
expect_eq "no file in src/ man/ dist/ spells out $VERSION" "" \
	"$(grep -rIlE "(^|[^0-9.])$escaped([^0-9]|$)" "$TOP/src" "$TOP/man" "$TOP/dist" 2>/dev/null)"

done_testing
