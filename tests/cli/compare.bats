#!/usr/bin/env bats
# userq-bench compare BASE.json NEW.json (SPEC §2, §3): exit 1 on a
# regression beyond --threshold that is significant at --alpha, 0 for the
# same document, the same distribution and an improvement, 65 for input
# that is not a result document, 64 for usage errors. The documents are
# synthetic (tests/synth-doc), with seeded latency distributions.

load helpers

setup() {
	setup_tmp
	OUT="$UQ_TMP/out.json"
}

teardown() {
	teardown_tmp
}

# synth NAME ARGS...: $UQ_TMP/NAME.json from tests/synth-doc, validated.
synth() {
	local name="$1"

	shift
	"$UQ_PYTHON3" "$UQ_TOP_SRCDIR/tests/synth-doc" "$@" >"$UQ_TMP/$name.json"
	validate_json "$UQ_TMP/$name.json"
}

# cmp ARGS...: compare with stdout in $OUT; stderr stays in $output.
cmp() {
	uq compare "$@" >"$OUT"
}

# j EXPR: a value of $OUT, JSON-encoded.
j() {
	json_get "$OUT" "$1"
}

# verdicts: "metric=verdict" for every metric of $OUT, space-separated.
verdicts() {
	j "' '.join(m['metric'] + '=' + m['verdict'] for m in d['results']['compare']['metrics'])" | tr -d '"'
}

@test "a document against itself: exit 0, every metric unchanged, p = 1" {
	synth base
	run cmp "$UQ_TMP/base.json" "$UQ_TMP/base.json" --format=json
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	validate_json "$OUT"
	[ "$(j "d['run']['command']")" = '"compare"' ]
	[ "$(j "d['run']['exit_code']")" = 0 ]
	[ "$(j "d['device']")" = null ]
	[ "$(j "d['results']['compare']['summary']['unchanged']")" = 5 ]
	[ "$(j "d['results']['compare']['summary']['regression']")" = 0 ]
	[ "$(j "all(m['p_value'] > 0.999 for m in d['results']['compare']['metrics'])")" = true ]
	[ "$(j "all(v == 0 for m in d['results']['compare']['metrics'] for v in m['change_pct'].values())")" = true ]
}

@test "another draw from the same distribution: exit 0, unchanged" {
	synth base --seed 1
	synth other --seed 2
	run cmp "$UQ_TMP/base.json" "$UQ_TMP/other.json"
	[ "$status" -eq 0 ]
	validate_json "$OUT"
	[ "$(j "d['results']['compare']['summary']['unchanged']")" = 5 ]
}

@test "a 10% regression of every latency: exit 1, one line naming it, verdicts in JSON" {
	synth base --seed 1
	synth worse --seed 2 --scale 1.1
	run cmp "$UQ_TMP/base.json" "$UQ_TMP/worse.json"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "userq-bench: compare: $UQ_TMP/worse.json regresses in 5 metrics beyond 5% (p < 0.01): signal_wait.latency_ns.signal p50 +"* ]]
	validate_json "$OUT"
	[ "$(j "d['run']['exit_code']")" = 1 ]
	[ "$(verdicts)" = "signal_wait.latency_ns.signal=regression signal_wait.latency_ns.wait_count=regression signal_wait.latency_ns.wait_fill=regression signal_wait.latency_ns.pair=regression signal_wait.pairs_per_s=regression" ]
	# the p99 of pair went up by about 10%, and significantly so
	[ "$(j "9 < [m for m in d['results']['compare']['metrics'] if m['metric'] == 'signal_wait.latency_ns.pair'][0]['change_pct']['p99'] < 11")" = true ]
	[ "$(j "[m for m in d['results']['compare']['metrics'] if m['metric'] == 'signal_wait.latency_ns.pair'][0]['p_values']['p99'] < 1e-6")" = true ]
	[ "$(j "[m for m in d['results']['compare']['metrics'] if m['metric'] == 'signal_wait.pairs_per_s'][0]['change_pct']['value'] < -5")" = true ]
	[ "$(j "d['results']['compare']['base']['path']")" = "\"$UQ_TMP/base.json\"" ]
}

@test "a 10% p99 regression with the body unchanged: exit 1, only p99 flagged" {
	synth base --seed 1
	synth tail --seed 1 --tail-scale 1.1
	run cmp "$UQ_TMP/base.json" "$UQ_TMP/tail.json"
	[ "$status" -eq 1 ]
	validate_json "$OUT"
	[ "$(j "[m['flagged'] for m in d['results']['compare']['metrics'] if m['metric'] == 'signal_wait.latency_ns.pair'][0]")" = '["p99"]' ]
	[ "$(j "[m['change_pct']['p50'] for m in d['results']['compare']['metrics'] if m['metric'] == 'signal_wait.latency_ns.pair'][0]")" = 0.0 ]
}

@test "an improvement: exit 0, verdict improvement" {
	synth base --seed 1
	synth better --seed 2 --scale 0.9
	run cmp "$UQ_TMP/base.json" "$UQ_TMP/better.json"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	validate_json "$OUT"
	[ "$(j "d['results']['compare']['summary']['improvement']")" = 5 ]
	[ "$(j "d['results']['compare']['summary']['regression']")" = 0 ]
}

@test "--threshold above the change: the 10% regression does not count" {
	synth base --seed 1
	synth worse --seed 2 --scale 1.1
	run cmp "$UQ_TMP/base.json" "$UQ_TMP/worse.json" --threshold=20
	[ "$status" -eq 0 ]
	validate_json "$OUT"
	[ "$(j "d['results']['compare']['threshold_pct']")" = 20.0 ]
	[ "$(j "d['results']['compare']['summary']['unchanged']")" = 5 ]
}

@test "a change too small to be significant with few samples does not count" {
	synth base --seed 1 --n 30
	synth worse --seed 2 --n 30 --scale 1.08
	run cmp "$UQ_TMP/base.json" "$UQ_TMP/worse.json" --alpha=0.000001
	[ "$status" -eq 0 ]
	validate_json "$OUT"
	[ "$(j "d['results']['compare']['summary']['regression']")" = 0 ]
}

@test "--format=text: a side-by-side table with changes, p-values and the verdict" {
	local re='p99 +[0-9.]+ +[0-9.]+ +\+(9|10)\.[0-9]% +[^ ]+ +worse'

	synth base --seed 1
	synth worse --seed 2 --scale 1.1
	run uq compare "$UQ_TMP/base.json" "$UQ_TMP/worse.json" --format=text
	[ "$status" -eq 1 ]
	[[ "$output" == *"signal_wait.latency_ns.pair: regression (Mann-Whitney p = "* ]]
	[[ "$output" =~ $re ]]
	[[ "$output" == *"summary: 5 regression(s), 0 improvement(s), 0 unchanged"* ]]
	[[ "$output" != *'"schema_version"'* ]]
}

@test "metrics in only one document are listed as such, not errors" {
	synth sw --command signal-wait
	synth run --command run
	run cmp "$UQ_TMP/sw.json" "$UQ_TMP/run.json"
	[ "$status" -eq 0 ]
	validate_json "$OUT"
	[ "$(j "d['results']['compare']['summary']['only_new']")" = 16 ]
	[ "$(j "d['results']['compare']['summary']['only_base']")" = 0 ]
	[ "$(j "[m['verdict'] for m in d['results']['compare']['metrics'] if m['metric'] == 'unmap[unmap 2M x1 explicit cs].complete_ns']")" = '["only_new"]' ]
	run uq compare "$UQ_TMP/run.json" "$UQ_TMP/sw.json" --format=text
	[ "$status" -eq 0 ]
	[[ "$output" == *"unmap[unmap 64K x1 implicit none].ioctl_ns: only in BASE"* ]]
}

@test "unmap cases are matched by op, size, ranges, sync and busy" {
	synth a --command unmap --seed 1
	synth b --command unmap --seed 2 --scale 1.2
	run cmp "$UQ_TMP/a.json" "$UQ_TMP/b.json"
	[ "$status" -eq 1 ]
	validate_json "$OUT"
	[ "$(j "d['results']['compare']['summary']['regression']")" = 16 ]
	[ "$(j "[m['case'] for m in d['results']['compare']['metrics'] if m['metric'] == 'unmap[unmap 2M x1 explicit cs].ioctl_ns'][0]")" = '{"op": "unmap", "size": 2097152, "ranges": 1, "sync": "explicit", "busy": "cs"}' ]
}

# bad_input FILE WHAT: compare with FILE as NEW exits 65 with one line.
bad_input() {
	run cmp "$UQ_TMP/base.json" "$1"
	[ "$status" -eq 65 ] || { echo "exit $status: $output"; return 1; }
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "userq-bench: compare: $1 is not a valid result document: "*"$2"* ]] || { echo "$output"; return 1; }
	validate_json "$OUT"
	[ "$(j "d['run']['exit_code']")" = 65 ]
	[ "$(j "d['results']")" = '{}' ]
}

@test "input that is not a result document: exit 65 naming the file and why" {
	synth base
	echo "not json" >"$UQ_TMP/text.json"
	bad_input "$UQ_TMP/text.json" "not JSON"
	head -c 2000 "$UQ_TMP/base.json" >"$UQ_TMP/truncated.json"
	bad_input "$UQ_TMP/truncated.json" "not JSON"
	: >"$UQ_TMP/empty.json"
	bad_input "$UQ_TMP/empty.json" "not JSON"
	echo '[1, 2]' >"$UQ_TMP/array.json"
	bad_input "$UQ_TMP/array.json" "not a JSON object"
	"$UQ_PYTHON3" "$UQ_TOP_SRCDIR/tests/synth-doc" --schema-version 2 >"$UQ_TMP/v2.json"
	bad_input "$UQ_TMP/v2.json" "schema_version is not 1"
	"$UQ_PYTHON3" -c 'import json,sys; d=json.load(open(sys.argv[1])); del d["results"]["signal_wait"]["latency_ns"]; json.dump(d, open(sys.argv[2], "w"))' \
		"$UQ_TMP/base.json" "$UQ_TMP/nolat.json"
	bad_input "$UQ_TMP/nolat.json" "results.signal_wait.latency_ns is missing"
	"$UQ_PYTHON3" -c 'import json,sys; d=json.load(open(sys.argv[1])); d["results"]["signal_wait"]["latency_ns"]["pair"]["p99"] = "fast"; json.dump(d, open(sys.argv[2], "w"))' \
		"$UQ_TMP/base.json" "$UQ_TMP/badp99.json"
	bad_input "$UQ_TMP/badp99.json" "signal_wait.latency_ns.pair.p99 is not a number"
	"$UQ_PYTHON3" -c 'import json,sys; d=json.load(open(sys.argv[1])); b=d["results"]["signal_wait"]["latency_ns"]["pair"]["histogram"]["buckets"]; b.reverse(); json.dump(d, open(sys.argv[2], "w"))' \
		"$UQ_TMP/base.json" "$UQ_TMP/badhist.json"
	bad_input "$UQ_TMP/badhist.json" "signal_wait.latency_ns.pair.histogram.buckets[1]"
	bad_input "$UQ_TMP/missing.json" "No such file"
}

@test "BASE that is not a result document: exit 65 too" {
	synth new
	echo '{"schema_version": 1}' >"$UQ_TMP/bare.json"
	run cmp "$UQ_TMP/bare.json" "$UQ_TMP/new.json"
	[ "$status" -eq 65 ]
	[[ "$output" == *"$UQ_TMP/bare.json is not a valid result document: tool.name is not userq-bench"* ]]
}

@test "compare usage errors: exit 64" {
	synth base
	local args

	for args in "" "$UQ_TMP/base.json" "$UQ_TMP/base.json $UQ_TMP/base.json $UQ_TMP/base.json" \
		"--threshold=abc $UQ_TMP/base.json $UQ_TMP/base.json" \
		"--threshold=-1 $UQ_TMP/base.json $UQ_TMP/base.json" \
		"--alpha=0 $UQ_TMP/base.json $UQ_TMP/base.json" \
		"--alpha=2 $UQ_TMP/base.json $UQ_TMP/base.json" \
		"--bogus $UQ_TMP/base.json $UQ_TMP/base.json"; do
		# shellcheck disable=SC2086
		run uq compare $args
		[ "$status" -eq 64 ] || { echo "compare $args: exit $status: $output"; return 1; }
	done
	run uq compare "$UQ_TMP/base.json"
	[[ "$output" == *"compare needs two result documents: BASE.json NEW.json"* ]]
}

@test "compare -o FILE writes the comparison document atomically" {
	synth base
	run uq compare "$UQ_TMP/base.json" "$UQ_TMP/base.json" -o "$UQ_TMP/cmp.json" -q
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	validate_json "$UQ_TMP/cmp.json"
	[ "$(json_get "$UQ_TMP/cmp.json" "d['results']['compare']['summary']['unchanged']")" = 5 ]
	[ "$(cd "$UQ_TMP" && ls -A | sort | tr '\n' ' ')" = "base.json cmp.json " ]
}

# set_exit FILE CODE: the document's run.exit_code becomes CODE.
set_exit() {
	"$UQ_PYTHON3" -c 'import json,sys; d=json.load(open(sys.argv[1])); d["run"]["exit_code"]=int(sys.argv[2]); json.dump(d, open(sys.argv[1], "w"))' "$1" "$2"
}

@test "compare refuses runs that failed or were skipped: exit 65, never a pass" {
	synth base --command signal-wait --seed 1
	for code in 2 69 77; do
		synth new --command signal-wait --seed 1
		set_exit "$UQ_TMP/new.json" "$code"
		run cmp "$UQ_TMP/base.json" "$UQ_TMP/new.json"
		[ "$status" -eq 65 ]
		[ "${#lines[@]}" -eq 1 ]
		[[ "$output" == "userq-bench: compare: $UQ_TMP/base.json and $UQ_TMP/new.json cannot be compared: the run of $UQ_TMP/new.json "*"(exit $code)"* ]]
		validate_json "$OUT"
		[ "$(j "d['run']['exit_code']")" = 65 ]
	done
	# The same holds for BASE.
	set_exit "$UQ_TMP/base.json" 2
	run cmp "$UQ_TMP/base.json" "$UQ_TMP/base.json"
	[ "$status" -eq 65 ]
}

@test "compare refuses documents with nothing in common, and lists what only one has" {
	synth sw --command signal-wait
	synth um --command unmap
	run cmp "$UQ_TMP/sw.json" "$UQ_TMP/um.json"
	[ "$status" -eq 65 ]
	[[ "$output" == *"cannot be compared: they come from different commands (signal-wait, unmap); only in BASE: signal_wait."*"; only in NEW: unmap["*"(+13 more)"* ]]
	# An info document measured nothing: against a run, nothing in common.
	run uq info --emulate=6.18 -q -o "$UQ_TMP/info.json"
	[ "$status" -eq 0 ]
	run cmp "$UQ_TMP/info.json" "$UQ_TMP/info.json"
	[ "$status" -eq 65 ]
	[[ "$output" == *"cannot be compared: no latency statistic was measured in both; only in BASE: none; only in NEW: none"* ]]
	synth run --command run
	run cmp "$UQ_TMP/run.json" "$UQ_TMP/info.json"
	[ "$status" -eq 65 ]
	[[ "$output" == *"different commands (run, info)"* ]]
	# An interrupted run that measured nothing has nothing in common either.
	synth cut --command signal-wait
	"$UQ_PYTHON3" -c 'import json,sys; d=json.load(open(sys.argv[1])); d["run"]["exit_code"]=130; d["results"]={}; json.dump(d, open(sys.argv[1], "w"))' "$UQ_TMP/cut.json"
	run cmp "$UQ_TMP/sw.json" "$UQ_TMP/cut.json"
	[ "$status" -eq 65 ]
	[[ "$output" == *"no latency statistic was measured in both; only in BASE: signal_wait."* ]]
}

@test "documents record the host's load, governor and emulator settings; compare shows them and warns when they differ" {
	run uq signal-wait --emulate=6.18 -n 200 -q -o "$UQ_TMP/a.json"
	[ "$status" -eq 0 ]
	USERQ_EMU_SDMA_US=40 run uq signal-wait --emulate=6.18 -n 200 -q -o "$UQ_TMP/b.json"
	[ "$status" -eq 0 ]
	validate_json "$UQ_TMP/a.json"
	[ "$(json_get "$UQ_TMP/a.json" "len(d['host']['load']['before'])")" = 3 ]
	[ "$(json_get "$UQ_TMP/a.json" "len(d['host']['load']['after'])")" = 3 ]
	[ "$(json_get "$UQ_TMP/a.json" "d['host']['emulator_env']['USERQ_EMU_PROFILE']")" = '"6.18"' ]
	[ "$(json_get "$UQ_TMP/b.json" "d['host']['emulator_env']['USERQ_EMU_SDMA_US']")" = '"40"' ]
	"$UQ_PYTHON3" -c 'import json,sys; d=json.load(open(sys.argv[1])); d["host"]["cpufreq_governor"]="performance"; d["host"]["load"]["before"][0]=0.25; json.dump(d, open(sys.argv[1], "w"))' "$UQ_TMP/a.json"
	"$UQ_PYTHON3" -c 'import json,sys; d=json.load(open(sys.argv[1])); d["host"]["cpufreq_governor"]="powersave"; d["host"]["load"]["before"][0]=3.5; json.dump(d, open(sys.argv[1], "w"))' "$UQ_TMP/b.json"
	run uq compare "$UQ_TMP/a.json" "$UQ_TMP/b.json" --format=text
	[[ "$output" == *"        host: load 0.25, governor performance, "*"USERQ_EMU_PROFILE=6.18"* ]]
	[[ "$output" == *"warning: the hosts differ: cpufreq governor performance in BASE, powersave in NEW"* ]]
	[[ "$output" == *"warning: the hosts differ: host load (1 minute, at the start) 0.25 in BASE, 3.50 in NEW"* ]]
	[[ "$output" == *"warning: the hosts differ: USERQ_EMU_SDMA_US unset in BASE, 40 in NEW"* ]]
	run cmp "$UQ_TMP/a.json" "$UQ_TMP/b.json"
	validate_json "$OUT"
	[ "$(j "len(d['results']['compare']['warnings'])")" = 3 ]
	# the same host: no warning
	run cmp "$UQ_TMP/a.json" "$UQ_TMP/a.json"
	[ "$status" -eq 0 ]
	[ "$(j "d['results']['compare']['warnings']")" = '[]' ]
}

# Found by tests/fuzz/fuzz_compare: the k-th of two cases of one key
# (unmap --size 64K,64K) pairs with the k-th of the other document, not
# every one with the first.
@test "two unmap cases of the same key: each pairs with its own, a document against itself is unchanged" {
	local dup="$UQ_TOP_SRCDIR/tests/fuzz/corpus/compare/regress-duplicate-cases.json"

	# the tool writes such documents
	run uq_to "$UQ_TMP/dup.json" unmap --emulate -q -n 5 --size 4K,4K \
		--sync implicit --busy none --format json
	[ "$status" -eq 0 ] || { echo "exit $status: $output"; return 1; }
	[ "$(json_get "$UQ_TMP/dup.json" "[c['size'] for c in d['results']['unmap']['cases']]")" = '[4096, 4096]' ]
	run cmp "$dup" "$dup" --format=json
	[ "$status" -eq 0 ] || { echo "exit $status: $output"; return 1; }
	[ "$(j "d['results']['compare']['summary']['unchanged']")" = 4 ]
	[ "$(j "d['results']['compare']['summary']['improvement']")" = 0 ]
	[ "$(j "d['results']['compare']['summary']['regression']")" = 0 ]
}

# Found by tests/fuzz/fuzz_compare: a metric name longer than compare
# keeps would be cut, and two cut names could match.
@test "a metric name too long to keep: exit 65, not a match of cut names" {
	run uq compare "$UQ_TOP_SRCDIR/tests/fuzz/corpus/compare/regress-cut-metric-names.json" \
		"$UQ_TOP_SRCDIR/tests/fuzz/corpus/compare/regress-cut-metric-names.json"
	[ "$status" -eq 65 ] || { echo "exit $status: $output"; return 1; }
	[[ $output == *"too long"* ]] || { echo "$output"; return 1; }
}

# Issue 12: --junit for GitLab CI / Jenkins, valid against a JUnit schema:
# one case per statistic, a failure for each flagged regression.
@test "--junit: one case per statistic, failures for the regressions, schema-valid" {
	synth base --seed 1
	synth worse --seed 2 --scale 1.1
	run cmp "$UQ_TMP/base.json" "$UQ_TMP/worse.json" --junit="$UQ_TMP/junit.xml"
	[ "$status" -eq 1 ]
	validate_junit "$UQ_TMP/junit.xml"
	# 4 latency metrics x (p50, p90, p99, mean) + pairs per second
	[ "$(junit_get "$UQ_TMP/junit.xml" 'string(//testsuite/@tests)')" = 17 ]
	[ "$(junit_get "$UQ_TMP/junit.xml" 'count(//testcase)')" = 17 ]
	[ "$(junit_get "$UQ_TMP/junit.xml" 'count(//failure)')" = "$(j "sum(len(m['flagged']) for m in d['results']['compare']['metrics'] if m['verdict'] == 'regression')")" ]
	[ "$(junit_get "$UQ_TMP/junit.xml" 'string(//testsuite/@failures)')" = "$(junit_get "$UQ_TMP/junit.xml" 'count(//failure)')" ]
	junit_get "$UQ_TMP/junit.xml" 'string(//testcase[@classname="userq-bench.compare.signal_wait.latency_ns.pair"][@name="p99"]/failure/@message)' | grep -q '^p99 +'
	# unchanged: no failure at all
	run cmp "$UQ_TMP/base.json" "$UQ_TMP/base.json" --junit="$UQ_TMP/same.xml"
	[ "$status" -eq 0 ]
	validate_junit "$UQ_TMP/same.xml"
	[ "$(junit_get "$UQ_TMP/same.xml" 'count(//failure)')" = 0 ]
}

@test "--junit: refused where there is no gate (64); an unwritable file is an error (2)" {
	run uq info --emulate --junit="$UQ_TMP/x.xml"
	[ "$status" -eq 64 ]
	[ "$output" = "userq-bench: --junit: info has no pass/fail gates to report (compare, signal-wait, leaks and run have)" ]
	[ ! -e "$UQ_TMP/x.xml" ]
	synth base --seed 1
	run cmp "$UQ_TMP/base.json" "$UQ_TMP/base.json" --junit="$UQ_TMP/no/such/dir/j.xml"
	[ "$status" -eq 2 ]
	[[ "$output" == *"cannot write the JUnit report $UQ_TMP/no/such/dir/j.xml"* ]]
	[ "$(j "d['errors'][0]['where']")" = '"junit"' ]
}

# Issue 12 item 7: --repeat keeps each run's statistics; compare of two
# documents with runs tests across runs and says so.
@test "--repeat=3: three runs kept, their spread, and compare tests across runs" {
	run uq signal-wait --emulate -n 100 --repeat=3 -q -o "$UQ_TMP/r1.json"
	[ "$status" -eq 0 ]
	validate_json "$UQ_TMP/r1.json"
	[ "$(json_get "$UQ_TMP/r1.json" "len(d['results']['repeats'])")" = 3 ]
	[ "$(json_get "$UQ_TMP/r1.json" "[m['runs'] for m in d['results']['repeat_spread']]")" = '[3, 3, 3, 3, 3]' ]
	[ "$(json_get "$UQ_TMP/r1.json" "d['results']['signal_wait'] == d['results']['repeats'][-1]['signal_wait']")" = true ]
	# the same runs on both sides: every statistic the same, p = 1
	run cmp "$UQ_TMP/r1.json" "$UQ_TMP/r1.json"
	[ "$status" -eq 0 ]
	validate_json "$OUT"
	[[ "$(j "d['results']['compare']['test']")" == '"Welch'* ]]
	[ "$(j "sorted({m['test'] for m in d['results']['compare']['metrics']})")" = '["welch_t_runs"]' ]
	[ "$(j "sorted({m['runs']['base'] for m in d['results']['compare']['metrics']})")" = '[3]' ]
	[ "$(j "sorted({p for m in d['results']['compare']['metrics'] for p in m['p_values'].values()})")" = '[1.0]' ]
	# runs on one side only: the per-sample tests, and the reason
	synth single --seed 1
	run cmp "$UQ_TMP/single.json" "$UQ_TMP/r1.json"
	validate_json "$OUT"
	[ "$(j "sorted({m['test'] for m in d['results']['compare']['metrics'] if m['verdict'] not in ('only_base', 'only_new', 'no_data')})")" = '["samples"]' ]
	[[ "$(j "d['results']['compare']['test']")" == *"--repeat on both sides"* ]]
}

@test "--repeat: a usage error where nothing is measured or N is not 1-1000 (64)" {
	run uq info --emulate --repeat=2
	[ "$status" -eq 64 ]
	[ "$output" = "userq-bench: --repeat: info does not measure (signal-wait and unmap do)" ]
	for n in 0 1001 -1 x 2x; do
		run uq signal-wait --emulate --repeat="$n"
		[ "$status" -eq 64 ] || { echo "--repeat=$n: $status"; return 1; }
	done
}
