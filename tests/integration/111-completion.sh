#!/usr/bin/env bash
# Bash completion, dist/bash-completion/mcast: loaded into a bash with
# bash-completion's helpers, it offers the options, the values that can be
# listed and nothing for groups; its option lists are the ones --help
# shows; make install puts it under both commands' names and make uninstall
# takes it away.  No network is used (the namespace is only there for the
# interface names it offers).
. "$(dirname "$0")/lib.sh"

COMP=$TOP/dist/bash-completion/mcast
BC=/usr/share/bash-completion/bash_completion

# complete.sh HELPERS COMPFILE LINE: COMPREPLY for LINE, the cursor at its
# end, one word a line; HELPERS empty: without bash-completion's.
cat >"$T/complete.sh" <<'END'
helpers=$1 comp=$2 line=$3
[ -n "$helpers" ] && . "$helpers"
. "$comp"
COMP_LINE=$line
COMP_POINT=${#line}
read -ra COMP_WORDS <<<"$line"
[ "${line: -1}" = " " ] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMPREPLY=()
_mcast "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
[ "${#COMPREPLY[@]}" -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}"
END

# complete_line [--plain] LINE: the same, sorted, from a fresh bash started
# in $T (file names are completed there); --plain: no helpers.
complete_line() {
	local helpers=$BC
	if [ "$1" = --plain ]; then
		helpers=
		shift
	fi
	(cd "$T" && bash --norc --noprofile "$T/complete.sh" "$helpers" "$COMP" "$1" 2>&1 | sort)
}

check "it parses" bash -n "$COMP"
expect_eq "complete -p: both commands use _mcast" \
	"$(printf 'complete -F _mcast mcast-send\ncomplete -F _mcast mcast-recv')" \
	"$(bash --norc --noprofile -c ". '$BC'; . '$COMP'; complete -p mcast-send mcast-recv")"

expect_eq "mcast-send --t" "$(printf -- '--timeout\n--timestamp\n--ttl')" \
	"$(complete_line 'mcast-send --t')"
expect_eq "mcast-recv --no-" "--no-ack" "$(complete_line 'mcast-recv --no-')"
expect_eq "mcast-send --no-" "--no-loop" "$(complete_line 'mcast-send --no-')"
expect_eq "mcast-recv --a" "$(printf -- '--ack\n--ack-rate\n--allow')" \
	"$(complete_line 'mcast-recv --a')"
expect_eq "mcast-send --ttl" "$(printf '0\n1\n2\n255\n32\n64')" \
	"$(complete_line 'mcast-send --ttl ')"
expect_eq "mcast-send -t 6" "64" "$(complete_line 'mcast-send -t 6')"
expect_eq "a path works as the command" "--no-ack" \
	"$(complete_line './mcast-recv --no-')"
expect_eq "mcast-recv -t: no TTLs (mcast-recv has no -t)" "" \
	"$(complete_line 'mcast-recv -t ')"
expect_eq "mcast-recv -f: no file names (mcast-recv has no -f)" "" \
	"$(cd "$T" && touch somefile && complete_line 'mcast-recv -f ')"
expect_eq "mcast-send -- --t: no options after --" "" \
	"$(complete_line 'mcast-send -- --t')"
expect_eq "mcast-recv -- -: no options after --" "" \
	"$(complete_line 'mcast-recv -- -')"

# Interface names: those of the namespace the completion runs in.
ns_add c
on c ip link add mcveth0 type veth peer name mcveth1
expect_eq "mcast-recv -I in a namespace with lo, mcveth0 and mcveth1" \
	"$(printf 'lo\nmcveth0\nmcveth1')" \
	"$(cd "$T" && on c bash --norc --noprofile "$T/complete.sh" "$BC" "$COMP" 'mcast-recv -I ' 2>&1 | sort)"
check "mcast-recv -I includes lo" grep -qx lo <<<"$(complete_line 'mcast-recv -I ')"
expect_eq "mcast-send --interface=l" "lo" "$(complete_line 'mcast-send --interface=l')"

touch "$T/probe.bin" "$T/probe.txt"
expect_eq "mcast-send -f probe.b: file names" "probe.bin" \
	"$(complete_line 'mcast-send -f probe.b')"
expect_eq "mcast-send --file=probe.t: file names" "probe.txt" \
	"$(complete_line 'mcast-send --file=probe.t')"

expect_eq "groups are not completed" "" "$(complete_line 'mcast-recv 224.')"
expect_eq "nor the first operand" "" "$(complete_line 'mcast-send ')"
expect_eq "nor --port's value" "" "$(complete_line 'mcast-send --port ')"
expect_eq "nor --allow's value" "" "$(complete_line 'mcast-recv --allow ')"
expect_eq "other commands get nothing" "" "$(complete_line 'mcast-foo --t')"

expect_eq "without bash-completion: mcast-send --t" \
	"$(printf -- '--timeout\n--timestamp\n--ttl')" "$(complete_line --plain 'mcast-send --t')"
expect_eq "without bash-completion: mcast-recv -I includes lo" lo \
	"$(complete_line --plain 'mcast-recv -I ' | grep -x lo)"

# The options offered are exactly those --help documents: every -x and
# --long word in it, and the usage line's bundle of flags ([-46DhjqV]).
for p in send recv; do
	bin=$TOP/mcast-$p
	want=$( ("$bin" --help | grep -oE -- '(^|[][ ,|])--?[A-Za-z0-9][A-Za-z0-9-]*' |
		sed -E 's/^[][ ,|]//' | grep -vxE -- '-[0-9A-Za-z]{2,}'
		"$bin" --help | sed -nE '1s/^usage: [^[]*\[-([A-Za-z0-9]+)\].*/\1/p' |
		grep -o . | sed 's/^/-/') | sort -u)
	got=$(complete_line "mcast-$p -" | sort -u)
	expect_eq "mcast-$p: the options offered are those of --help" "$want" "$got"
done

# make install and make uninstall.
make -s -C "$TOP" -o mcast-send -o mcast-recv install DESTDIR="$T/root" PREFIX=/usr >"$T/make" 2>&1
rc=$?
expect_eq "make install DESTDIR=... PREFIX=/usr: exit 0" 0 "$rc"
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$T/make"
d=$T/root/usr/share/bash-completion/completions
for c in mcast-send mcast-recv; do
	check "make install puts completions/$c" cmp -s "$COMP" "$d/$c"
done
make -s -C "$TOP" uninstall DESTDIR="$T/root" PREFIX=/usr >>"$T/make" 2>&1
check "make uninstall removes both" test ! -e "$d/mcast-send" -a ! -e "$d/mcast-recv"

done_testing
