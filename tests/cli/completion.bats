#!/usr/bin/env bats
# scripts/completion/userq-bench under bash-completion: every option and
# every enum value completes, in the "--opt=value" and "--opt value"
# forms, and the options offered are the ones --help lists.

load helpers

setup() {
	BC=/usr/share/bash-completion/bash_completion
	[ -r "$BC" ] || skip "bash-completion is not installed (apt-get install bash-completion)"
	COMPLETION="$UQ_TOP_SRCDIR/scripts/completion/userq-bench"
}

# complete LINE: the completions bash would offer at the end of LINE, one
# per line, sorted. The line is split into COMP_WORDS as bash does, with
# '=' and ':' (in COMP_WORDBREAKS) as words of their own.
complete() {
	bash --norc --noprofile -c '
		source "$1"
		source "$2"
		line=$3
		COMP_LINE=$line
		COMP_POINT=${#line}
		COMP_WORDS=()
		for w in $line; do
			while [[ $w =~ ^([^=:]*)([=:])(.*)$ ]]; do
				[ -n "${BASH_REMATCH[1]}" ] && COMP_WORDS+=("${BASH_REMATCH[1]}")
				COMP_WORDS+=("${BASH_REMATCH[2]}")
				w=${BASH_REMATCH[3]}
			done
			[ -n "$w" ] && COMP_WORDS+=("$w")
		done
		[[ $line == *" " || $line == *= || $line == *: ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_userq_bench userq-bench "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort
	' bash "$BC" "$COMPLETION" "$1"
}

# offers LINE WORD...: the completions of LINE are exactly WORD...
offers() {
	local line="$1" got want

	shift
	got=$(complete "$line" | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	[ "$got" = "$want" ] || { echo "'$line': got '$got', want '$want'"; return 1; }
}

@test "commands, and enum values after '=' and after a space" {
	offers "userq-bench " compare info leaks run signal-wait unmap
	offers "userq-bench sig" signal-wait
	offers "userq-bench --format=" json ktap text
	offers "userq-bench --format=j" json
	offers "userq-bench --format t" text
	offers "userq-bench info --progress=" always auto never
	offers "userq-bench signal-wait --ip=" compute gfx sdma
	offers "userq-bench signal-wait --ip " compute gfx sdma
	offers "userq-bench signal-wait --pattern=" cross self
	offers "userq-bench signal-wait --fence-source=s" seq64 slab
	offers "userq-bench signal-wait --fence-source=t" tracepoint
	offers "userq-bench unmap --op=" clear replace unmap
	offers "userq-bench unmap --sync=" both explicit implicit
	offers "userq-bench unmap --busy=" both cs none
	offers "userq-bench unmap --busy-ip=" compute gfx
}

@test "--emulate=<Tab> offers the profiles --version lists" {
	profiles=$("$USERQ_BENCH" --version | sed -n 's/^emulator profiles: \(.*\) (default .*/\1/p' | tr -d ',')
	[ -n "$profiles" ]
	# shellcheck disable=SC2086
	offers "userq-bench --emulate=" $profiles
	offers "userq-bench --emulate=no" no-userq
}

@test "the options offered for each command are the ones its --help lists" {
	for cmd in "" info signal-wait unmap leaks run compare; do
		help=$("$USERQ_BENCH" $cmd --help | grep -o -- '--[a-z][a-z-]*' |
			grep -v -e '--usage' | sort -u | tr '\n' ' ')
		got=$(complete "userq-bench $cmd --" | sed 's/=$//' | sort -u | tr '\n' ' ')
		[ "$got" = "$help" ] || { echo "$cmd: completion '$got', --help '$help'"; return 1; }
	done
}
