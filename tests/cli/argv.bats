#!/usr/bin/env bats
# Adversarial command lines (issue 9, item 9): empty, negative, overflowing
# and non-numeric values, unknown enum values, duplicated options, huge
# lists and sizes, for every option of every command. userq-bench never
# dies by a signal and exits only with a code of SPEC §3; a bad value is
# a usage error: exit 64 with one "userq-bench[ CMD]: ..." line and argp's
# "Try ... --help" hint, nothing else. The random part uses a fixed seed,
# so every run tries the same command lines.

load helpers

setup() {
	setup_tmp
}

teardown() {
	teardown_tmp
}

# The codes an argv can cause (SPEC §3); 124 when --timeout expires.
documented_exit() {
	case $1 in
	0 | 1 | 2 | 64 | 65 | 69 | 77 | 124) return 0 ;;
	esac
	return 1
}

# check_usage_error: $status and $output of a `run` are those of a usage
# error: 64, one message line, then argp's hint (wrapped at 79 columns).
check_usage_error() {
	local first rest

	first=${output%%$'\n'*}
	rest=$(printf '%s\n' "$output" | tail -n +2 | tr '\n' ' ')
	[ "$status" -eq 64 ] &&
		[[ $first =~ ^userq-bench(\ [a-z-]+)?:\ . ]] &&
		[[ $rest =~ ^Try\ \`userq-bench(\ [a-z-]+)?\ --help\'\ or\ \`userq-bench(\ [a-z-]+)?\ --usage\'\ for\ more\ information\.\ $ ]]
}

# bad_values CMD OPT VALUES...: each value of OPT is a usage error (found
# while parsing, before any device is opened: no --emulate needed).
bad_values() {
	local cmd="$1" opt="$2" v bad=0

	shift 2
	for v in "$@"; do
		run uq "$cmd" "$opt" "$v"
		if ! check_usage_error; then
			echo "$cmd $opt '${v:0:60}': exit $status, output:" >&2
			printf '%s\n' "${output:0:600}" >&2
			bad=$((bad + 1))
		fi
	done
	[ $bad -eq 0 ]
}

# A 5000-character word, a 10000-element size list (past every limit).
long_word=$(printf 'x%.0s' $(seq 5000))
long_list=$(printf '4K,%.0s' $(seq 9999))4K

bad_ints=("" "-1" "-0" "+5" " 5" "5 " "0x10" "1e3" "1.5" "abc" "5abc"
	"18446744073709551616" "99999999999999999999999999999" "$long_word")
bad_seconds=("" "-1" "inf" "nan" "1e999" "0x1p3" " 1" "1 " "1..2" "1,5"
	"abc" "-0.5" "$long_word")
bad_enums=("" "NOPE" "GFX" "json " " text" "a,b" "$long_word")

@test "integer options: empty, negative, signed, blank, hex, overflow: exit 64" {
	bad_values signal-wait -n "${bad_ints[@]}"
	bad_values signal-wait --warmup "${bad_ints[@]}"
	bad_values signal-wait --queues "${bad_ints[@]}" 0
	bad_values unmap -n "${bad_ints[@]}"
	bad_values unmap --ranges "${bad_ints[@]}" 0
	bad_values unmap --busy-ms "${bad_ints[@]}"
	bad_values info --cpu "${bad_ints[@]}" 1024
}

@test "seconds options: empty, negative, inf, nan, hex float, overflow: exit 64" {
	bad_values info --timeout "${bad_seconds[@]}" 0
	bad_values signal-wait --duration "${bad_seconds[@]}" 0
	bad_values compare --threshold "${bad_seconds[@]}"
	bad_values compare --alpha "${bad_seconds[@]}" 0.6
}

@test "enum options: unknown values: exit 64" {
	bad_values info --format "${bad_enums[@]}" xml
	bad_values info --progress "${bad_enums[@]}"
	bad_values signal-wait --ip "${bad_enums[@]}"
	bad_values signal-wait --pattern "${bad_enums[@]}"
	bad_values signal-wait --fence-source "${bad_enums[@]}" file:
	bad_values unmap --op "${bad_enums[@]}"
	bad_values unmap --sync "${bad_enums[@]}"
	bad_values unmap --busy "${bad_enums[@]}"
	bad_values unmap --busy-ip "${bad_enums[@]}"
}

@test "sizes: empty elements, unknown suffixes, overflow, a huge list: exit 64" {
	bad_values unmap --size "" "," "64K," ",64K" "64K,,2M" "-4K" "4KB" \
		"1Q" "4 K" "18446744073709551616" "17179869184G" "0x1000" \
		"$long_word" "$long_list"
}

@test "empty file names and unknown emulator profiles: exit 64" {
	bad_values info -o ""
	bad_values info --samples ""
	local v bad=0
	for v in "" NOPE "6.18 " "$long_word"; do
		run uq info "--emulate=$v"
		check_usage_error || { echo "--emulate='${v:0:60}': exit $status: ${output:0:300}" >&2; bad=1; }
	done
	[ $bad -eq 0 ]
}

@test "duplicated options: the last one counts, the run succeeds" {
	run uq signal-wait --emulate --emulate=6.18 -q -n 5 -n 5 --ip gfx \
		--ip gfx --pattern self --pattern self --warmup 1 --warmup 1
	[ "$status" -eq 0 ] || { echo "exit $status: $output"; return 1; }
	run uq unmap --emulate -q -n 5 --size 4K,4K,4K --op unmap --op unmap \
		--sync implicit --sync implicit --ranges 1 --ranges 1
	[ "$status" -eq 0 ] || { echo "exit $status: $output"; return 1; }
	run uq info --emulate --format json --format text -q -q
	[ "$status" -eq 0 ] || { echo "exit $status: $output"; return 1; }
}

# A value for OPT: mostly valid ones, the rest bad or odd.
pick() {
	local -a pool

	case $1 in
	-n | --warmup) pool=(1 5 0 "" -1 18446744073709551616 abc) ;;
	--queues) pool=(1 2 0 "" -3 99999999999999999999 4) ;;
	--ranges) pool=(1 2 0 "" -1 18446744073709551616 x) ;;
	--busy-ms) pool=(0 1 5 "" -5 99999999999999999999) ;;
	--duration) pool=(0.02 "" -1 inf 1e999 0) ;;
	--timeout) pool=(5 "" -1 nan 0) ;;
	--cpu) pool=(0 "" -1 1024 99999999999999999999) ;;
	--format) pool=(json text "" xml) ;;
	--progress) pool=(auto always never "" sometimes) ;;
	--ip | --busy-ip) pool=(gfx compute sdma "" vcn GFX) ;;
	--pattern) pool=(self "" nope) ;;
	--fence-source) pool=(auto none seq64 slab tracepoint "file:$UQ_TMP/none" "" bogus) ;;
	--op) pool=(unmap clear replace "" map) ;;
	--sync) pool=(implicit explicit both "" async) ;;
	--busy) pool=(none cs both "" gpu) ;;
	--size) pool=(4K 64K,2M 4K,4K "" 0 1Q "$long_list" 17179869184G) ;;
	--threshold) pool=(5 0 "" -1 1001) ;;
	--alpha) pool=(0.05 "" 0.9 -1) ;;
	-o) pool=("$UQ_TMP/out.json" "" -) ;;
	--samples) pool=("$UQ_TMP/samples.tsv" "") ;;
	-d) pool=(/nonexistent "$UQ_TMP" /dev/null "") ;;
	esac
	value=${pool[RANDOM % ${#pool[@]}]}
}

@test "random command lines (fixed seed): no signal, only documented exit codes" {
	local -a common=(-o --format -q --progress --timeout --cpu --samples -d)
	local -a sw=(-n --duration --warmup --queues --ip --pattern --fence-source --fail-on-leak)
	local -a um=(--size --ranges -n --op --sync --busy --busy-ms --busy-ip)
	local -a cmp=(--threshold --alpha)
	local cmd i k n opt value bad=0 runs=0 codes=""
	local -a argv opts

	RANDOM=20261204
	for i in $(seq 60); do
		case $((i % 5)) in
		0) cmd=info opts=("${common[@]}") ;;
		1) cmd=signal-wait opts=("${common[@]}" "${sw[@]}") ;;
		2) cmd=unmap opts=("${common[@]}" "${um[@]}") ;;
		3) cmd=run opts=("${common[@]}" --quick) ;;
		4) cmd=compare opts=("${common[@]}" "${cmp[@]}") ;;
		esac
		argv=("$cmd" --emulate)
		# RANDOM in this shell only: a subshell ($(...)) reseeds it
		n=$((RANDOM % 7))
		for ((k = 0; k < n; k++)); do
			opt=${opts[RANDOM % ${#opts[@]}]}
			case $opt in
			-q | --quick | --fail-on-leak) argv+=("$opt") ;;
			*)
				pick "$opt"
				argv+=("$opt" "$value")
				;;
			esac
		done
		# Bounded runs: the last -n wins; --timeout stops the rest.
		case $cmd in
		signal-wait | unmap) argv+=(-n 5 --timeout 10) ;;
		run) argv+=(--quick --timeout 20) ;;
		compare) argv+=("$UQ_TMP/none.json" "$UQ_TOP_SRCDIR/README.md") ;;
		esac
		run uq "${argv[@]}"
		runs=$((runs + 1))
		codes="$codes $status"
		if ! documented_exit "$status" ||
			{ [ "$status" -eq 64 ] && ! check_usage_error; }; then
			echo "userq-bench ${argv[*]:0:40}: exit $status, output:" >&2
			printf '%s\n' "${output:0:600}" >&2
			bad=$((bad + 1))
		fi
	done
	echo "# $runs command lines, $bad wrong; exit codes:" \
		"$(echo $codes | tr ' ' '\n' | sort -n | uniq -c | awk '{printf "%s x%s ", $2, $1}')" >&3
	[ $bad -eq 0 ]
}
