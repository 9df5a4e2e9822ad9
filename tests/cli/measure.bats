#!/usr/bin/env bats
# The measuring loop's surroundings (SPEC §2, §3) through signal-wait under
# the emulator: the progress line (only where it belongs), --samples CSV,
# --timeout (exit 124) and SIGINT (exit 130) with partial results.

load helpers

setup() {
	setup_tmp
	DOC="$UQ_TMP/doc.json"
}

teardown() {
	teardown_tmp
}

@test "--progress=auto with stderr not a terminal: stderr stays empty" {
	run uq signal-wait --emulate -n 3000 -o "$DOC" -q
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run uq signal-wait --emulate -n 3000 -o "$DOC" --format=json
	[ "$status" -eq 0 ]
	[[ "$output" == *'"schema_version"'* ]]
	[[ "$output" != *"signal-wait  "*"%"* ]]
	validate_json "$DOC"
}

@test "--progress=always: progress lines on stderr ending with the final state" {
	run uq signal-wait --emulate -n 3000 -o "$DOC" --progress=always --format=text
	[ "$status" -eq 0 ]
	[[ "$output" == *"signal-wait  100.0%  3000/3000  "*"/s  ETA 0:00:00"* ]]
	validate_json "$DOC"
	[ "$(j "d['results']['signal_wait']['iterations']")" = 3000 ]
}

@test "--quiet and --progress=never win over --progress=always" {
	run uq signal-wait --emulate -n 3000 -o "$DOC" --progress=always -q
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	validate_json "$DOC"
	run uq signal-wait --emulate -n 3000 -o "$DOC" --progress=never -q
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	validate_json "$DOC"
}

@test "--progress=auto on a terminal: the line is drawn and erased" {
	command -v script >/dev/null || skip "script(1) is not installed"
	[ "${UQ_VALGRIND:-0}" = 0 ] || skip "the pty test runs without valgrind"
	# stderr is a pty; the JSON goes to a file
	run script -qec "'$USERQ_BENCH' signal-wait --emulate -n 3000 -o '$DOC' --format=json" "$UQ_TMP/typescript"
	[ "$status" -eq 0 ]
	# the last thing on the terminal before the document is the erase
	grep -qF $'\r\033[K' "$UQ_TMP/typescript"
	grep -qF 'signal-wait  ' "$UQ_TMP/typescript"
	validate_json "$DOC"
}

@test "--samples=FILE: one CSV row per iteration and metric, matching the counts" {
	run uq signal-wait --emulate -n 1000 -o "$DOC" -q --samples="$UQ_TMP/s.csv"
	[ "$status" -eq 0 ]
	validate_json "$DOC"
	[ "$(head -n1 "$UQ_TMP/s.csv")" = "metric,iteration,ns" ]
	[ "$(wc -l <"$UQ_TMP/s.csv")" -eq 4001 ]
	[ "$(grep -c '^pair,' "$UQ_TMP/s.csv")" -eq 1000 ]
	[ "$(sed -n 2p "$UQ_TMP/s.csv" | cut -d, -f1,2)" = "signal,0" ]
	[ "$(tail -n1 "$UQ_TMP/s.csv" | cut -d, -f2)" = 999 ]
	# the CSV's maximum is the document's max
	[ "$(awk -F, '$1 == "pair" && $3 > m { m = $3 } END { print m }' "$UQ_TMP/s.csv")" = \
		"$(j "d['results']['signal_wait']['latency_ns']['pair']['max']")" ]
	[ -z "$(find "$UQ_TMP" -name '.s.csv.*')" ]
}

@test "--samples=/dev/full: exit 2 with one ENOSPC line, the document still written" {
	run uq signal-wait --emulate -n 100000 -o "$DOC" -q --samples=/dev/full
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "userq-bench: --samples: cannot write /dev/full: write failed: ENOSPC"* ]]
	validate_json "$DOC"
	[ "$(j "d['run']['exit_code']")" = 2 ]
	[ "$(j "d['errors'][-1]['where']")" = '"samples"' ]
	# the loop stopped at the failure, long before 100000
	[ "$(j "d['results']['signal_wait']['iterations'] < 100000")" = true ]
	assert_audit_clean
}

@test "--timeout: exit 124, one line, partial results that validate, nothing leaked" {
	run uq signal-wait --emulate -n 1000000000 --timeout=1 -o "$DOC" -q --samples="$UQ_TMP/s.csv"
	[ "$status" -eq 124 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "userq-bench: signal-wait: --timeout=1 expired; stopped and wrote partial results"* ]]
	validate_json "$DOC"
	[ "$(j "d['run']['exit_code']")" = 124 ]
	[ "$(j "d['errors'][-1]['where']")" = '"timeout"' ]
	[ "$(j "d['results']['signal_wait']['iterations'] < 1000000000")" = true ]
	# the samples of the iterations done, no more and no less
	[ "$(grep -c '^pair,' "$UQ_TMP/s.csv")" = "$(j "d['results']['signal_wait']['latency_ns']['pair']['count']")" ]
	assert_audit_clean
}

# The benchmark in the background with its samples going into a FIFO: the
# first CSV line read proves the loop runs, so SIGINT lands inside it
# without any sleep. The FIFO is opened read-write so that a run that dies
# before opening it cannot block the test; the read's time limit only
# turns such a failure into a failed test instead of a hang.
@test "SIGINT during the loop: exit 130, one line, partial results, nothing leaked" {
	local pid drain status line

	mkfifo "$UQ_TMP/fifo"
	exec 8<>"$UQ_TMP/fifo"
	if [ "${UQ_VALGRIND:-0}" = 1 ]; then
		valgrind -q --trace-children=yes --error-exitcode=99 \
			--leak-check=full --errors-for-leak-kinds=definite \
			--show-leak-kinds=definite \
			--suppressions="$UQ_TOP_SRCDIR/tests/valgrind.supp" \
			"$USERQ_BENCH" signal-wait --emulate -n 1000000000 -o "$DOC" -q \
			--samples="$UQ_TMP/fifo" 2>"$UQ_TMP/err" 8<&- &
	else
		"$USERQ_BENCH" signal-wait --emulate -n 1000000000 -o "$DOC" -q \
			--samples="$UQ_TMP/fifo" 2>"$UQ_TMP/err" 8<&- &
	fi
	pid=$!
	if ! read -t 300 -r line <&8; then
		kill "$pid" 2>/dev/null
		exec 8<&-
		echo "no samples from the run: $(cat "$UQ_TMP/err")"
		return 1
	fi
	[ "$line" = "metric,iteration,ns" ]
	kill -INT "$pid"
	cat <&8 >/dev/null &
	drain=$!
	exec 8<&-
	status=0
	wait "$pid" || status=$?
	kill "$drain"
	[ "$status" -eq 130 ] || { echo "exit $status: $(cat "$UQ_TMP/err")"; return 1; }
	[ "$(wc -l <"$UQ_TMP/err")" -eq 1 ] || { cat "$UQ_TMP/err"; return 1; }
	[ "$(cat "$UQ_TMP/err")" = "userq-bench: signal-wait: interrupted by SIGINT; stopped and wrote partial results" ]
	validate_json "$DOC"
	[ "$(j "d['run']['exit_code']")" = 130 ]
	[ "$(j "d['errors'][-1]['where']")" = '"signal"' ]
	[ "$(j "0 < d['results']['signal_wait']['iterations'] < 1000000000")" = true ]
	assert_audit_clean
}
