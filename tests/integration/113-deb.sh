#!/usr/bin/env bash
# The Debian package: dpkg-buildpackage builds it from a copy of the tree
# (leaving nothing there that git does not ignore), lintian has no error and
# no warning for it, apt-get installs it, the installed programs exchange a
# datagram on lo inside a throwaway namespace, every file the package
# promises is where it belongs, and the package is purged at the end, even
# when a check fails.  A machine that already has mcast installed is left
# alone: the install part is skipped there.
. "$(dirname "$0")/lib.sh"

VERSION=$(sed -nE 's/^VERSION[[:space:]]*=[[:space:]]*([^[:space:]]+).*/\1/p' "$TOP/Makefile")

# The tree as git sees it (tracked files and untracked ones it does not
# ignore), made a repository of its own so that what the build leaves
# behind shows up in git status.
mkdir "$T/pkg"
B=$T/pkg/mcast
mkdir "$B"
if git -C "$TOP" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git -C "$TOP" ls-files -z -co --exclude-standard |
		(cd "$TOP" && tar --null -T - -cf -) | tar -xf - -C "$B"
else
	cp -a "$TOP/." "$B" && make -s -C "$B" clean >/dev/null
fi
(cd "$B" && git init -q && git add -A &&
	git -c user.name=test -c user.email=test@invalid commit -qm snapshot) >"$T/git" 2>&1 ||
	{ echo "Bail out! cannot snapshot the tree: $(head -n 1 "$T/git")"; exit 1; }

# A clean environment: no make variables inherited from a make check run
# (make sanitize passes CC and CFLAGS down through MAKEFLAGS).
(cd "$B" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
	-u CC -u CFLAGS -u CPPFLAGS -u LDFLAGS -u LDLIBS \
	dpkg-buildpackage -us -uc -b) >"$T/build.log" 2>&1
rc=$?
expect_eq "dpkg-buildpackage -us -uc -b: exit 0" 0 "$rc"
if [ "$rc" -ne 0 ]; then
	tail -n 30 "$T/build.log" | sed 's/^/#   /'
	done_testing
	exit
fi
check "the build ran the unit tests" grep -qE '^[0-9]+ passed, 0 failed' "$T/build.log"
expect_eq "the build left nothing that git does not ignore" "" \
	"$(git -C "$B" status --porcelain)"

deb=$(ls "$T"/pkg/mcast_"$VERSION"_*.deb 2>/dev/null | head -n 1)
changes=$(ls "$T"/pkg/mcast_"$VERSION"_*.changes 2>/dev/null | head -n 1)
check "the package is mcast_${VERSION}_ARCH.deb" test -n "$deb" -a -n "$changes"
expect_eq "the package's version is the Makefile's" "$VERSION" \
	"$(dpkg-deb -f "$deb" Version 2>/dev/null)"

lintian "$changes" >"$T/lintian" 2>&1
# Root is fine here, and lintian says so on every run.
grep -v '^running with root privileges is not recommended!$' "$T/lintian" |
	grep -E '^[EW]: |^(error|warning):' >"$T/lintian.bad"
expect_eq "lintian: no error, no warning" "" "$(cat "$T/lintian.bad")"
grep -v '^running with root privileges is not recommended!$' "$T/lintian" |
	sed 's/^/# lintian: /'

if dpkg-query -W -f='${Status}\n' mcast 2>/dev/null | grep -q ' installed$'; then
	skip_all "installing the package" "mcast is installed on this machine already; not touching it"
fi

purge() {
	dpkg-query -W mcast >/dev/null 2>&1 && dpkg --purge mcast >"$T/purge" 2>&1
}
trap 'purge; cleanup' EXIT

DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb" \
	>"$T/install" 2>&1
rc=$?
expect_eq "apt-get install ./$(basename "$deb"): exit 0" 0 "$rc"
[ "$rc" -eq 0 ] || tail -n 20 "$T/install" | sed 's/^/#   /'
expect_eq "dpkg: mcast $VERSION is installed" "install ok installed $VERSION" \
	"$(dpkg-query -W -f='${Status} ${Version}' mcast 2>/dev/null)"

for p in send recv; do
	expect_eq "/usr/bin/mcast-$p --version" "mcast-$p $VERSION" "$(/usr/bin/mcast-$p --version 2>&1)"
done

# The installed pair, once, on lo inside a namespace of its own.
ns_add h
on h /usr/bin/mcast-recv -I lo -c 1 -w 5 >"$T/r.out" 2>"$T/r.err" & r=$!
wait_for "$T/r.err" joined && wait_joined h 224.3.29.71 lo
on h /usr/bin/mcast-send -I lo -W 1 >"$T/s.out" 2>"$T/s.err"
expect_eq "installed mcast-send on lo: exit 0" 0 $?
wait "$r"
expect_eq "installed mcast-recv on lo: exit 0 after -c 1" 0 $?
check "installed mcast-send got the ack" grep -q '^received "ack" from 127\.0\.0\.1:10000' "$T/s.out"
expect_eq "installed mcast-recv printed the message" "very important data" "$(sed -n 2p "$T/r.out")"

# Every file it promises.
unit=
for d in /lib/systemd/system /usr/lib/systemd/system; do
	[ -f "$d/mcast-recv.service" ] && unit=$d/mcast-recv.service
done
check "the unit is installed where systemd looks" test -n "$unit"
check "the unit is the one in dist/" cmp -s "$TOP/dist/systemd/mcast-recv.service" "${unit:-/nonexistent}"
check "/etc/default/mcast-recv is installed" cmp -s "$TOP/dist/default/mcast-recv" /etc/default/mcast-recv
check "/etc/default/mcast-recv is a conffile" \
	grep -q '^ */etc/default/mcast-recv ' <<<"$(dpkg-query -W -f='${Conffiles}\n' mcast)"
for c in mcast-send mcast-recv; do
	check "completion /usr/share/bash-completion/completions/$c" \
		cmp -s "$TOP/dist/bash-completion/mcast" "/usr/share/bash-completion/completions/$c"
	m=/usr/share/man/man1/$c.1.gz
	check "man page $m" test -s "$m"
	check "$m says $VERSION" zgrep -qF "mcast $VERSION" "$m"
done
check "/usr/share/doc/mcast/README.md" test -s /usr/share/doc/mcast/README.md.gz -o -s /usr/share/doc/mcast/README.md
check "/usr/share/doc/mcast/NEWS" test -s /usr/share/doc/mcast/NEWS.gz -o -s /usr/share/doc/mcast/NEWS
check "/usr/share/doc/mcast/copyright" test -s /usr/share/doc/mcast/copyright
if [ -n "$unit" ]; then
	# The installed unit as it is, man page check included.
	systemd-analyze verify --man=yes "$unit" >"$T/verify" 2>&1
	expect_eq "systemd-analyze verify on the installed unit: nothing to say" "" "$(cat "$T/verify")"
fi
# Installing must not have turned the responder on.
check "the service is not enabled" test ! -e /etc/systemd/system/multi-user.target.wants/mcast-recv.service

purge
expect_eq "dpkg --purge mcast: exit 0" 0 $?
check "purged: /usr/bin/mcast-send is gone" test ! -e /usr/bin/mcast-send
check "purged: /etc/default/mcast-recv is gone" test ! -e /etc/default/mcast-recv

done_testing
