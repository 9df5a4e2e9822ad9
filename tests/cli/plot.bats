#!/usr/bin/env bats
# scripts/userq-bench-plot: result documents to a PNG or SVG image with
# gnuplot (latency CDFs of signal-wait, unmap p50/p99 by case).

load helpers

setup() {
	setup_tmp
	PLOT="$UQ_TOP_SRCDIR/scripts/userq-bench-plot"
	command -v gnuplot >/dev/null || skip "gnuplot is not installed (apt-get install gnuplot-nox)"
	"$UQ_PYTHON3" "$UQ_TOP_SRCDIR/tests/synth-doc" --command run >"$UQ_TMP/run.json"
	"$UQ_PYTHON3" "$UQ_TOP_SRCDIR/tests/synth-doc" --seed 2 --scale 1.1 >"$UQ_TMP/sw.json"
	validate_json "$UQ_TMP/run.json"
	validate_json "$UQ_TMP/sw.json"
}

teardown() {
	teardown_tmp
}

@test "two documents to a PNG: a non-empty PNG image" {
	run "$UQ_PYTHON3" "$PLOT" -o "$UQ_TMP/plot.png" "$UQ_TMP/run.json" "$UQ_TMP/sw.json"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -s "$UQ_TMP/plot.png" ]
	[ "$(head -c 8 "$UQ_TMP/plot.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
	# nothing else left behind
	[ "$(cd "$UQ_TMP" && ls -A | sort | tr '\n' ' ')" = "plot.png run.json sw.json " ]
}

@test "SVG by extension or --format: the panels of both commands" {
	run "$UQ_PYTHON3" "$PLOT" -o "$UQ_TMP/plot.svg" "$UQ_TMP/run.json"
	[ "$status" -eq 0 ]
	grep -q '<svg' "$UQ_TMP/plot.svg"
	grep -q 'pair latency CDF' "$UQ_TMP/plot.svg"
	grep -q 'complete_ns by case' "$UQ_TMP/plot.svg"
	run "$UQ_PYTHON3" "$PLOT" --format=svg -o "$UQ_TMP/plot.img" "$UQ_TMP/sw.json"
	[ "$status" -eq 0 ]
	grep -q '<svg' "$UQ_TMP/plot.img"
	! grep -q 'by case' "$UQ_TMP/plot.img"
}

@test "--script prints the gnuplot input" {
	run "$UQ_PYTHON3" "$PLOT" --script -o "$UQ_TMP/plot.png" "$UQ_TMP/sw.json"
	[ "$status" -eq 0 ]
	[[ "$output" == *"set multiplot"* ]]
	[[ "$output" == *'$cdf_signal_0 << EOD'* ]]
	[ ! -e "$UQ_TMP/plot.png" ]
}

@test "bad input: 65; unknown extension and no documents: 64" {
	echo "{" >"$UQ_TMP/bad.json"
	run "$UQ_PYTHON3" "$PLOT" -o "$UQ_TMP/plot.png" "$UQ_TMP/bad.json"
	[ "$status" -eq 65 ]
	[[ "$output" == "userq-bench-plot: $UQ_TMP/bad.json: not JSON"* ]]
	echo '{"schema_version": 1, "results": {}}' >"$UQ_TMP/empty.json"
	run "$UQ_PYTHON3" "$PLOT" -o "$UQ_TMP/plot.png" "$UQ_TMP/empty.json"
	[ "$status" -eq 65 ]
	[[ "$output" == *"nothing to plot"* ]]
	run "$UQ_PYTHON3" "$PLOT" -o "$UQ_TMP/plot.gif" "$UQ_TMP/sw.json"
	[ "$status" -eq 64 ]
	run "$UQ_PYTHON3" "$PLOT"
	[ "$status" -eq 64 ]
	[ ! -e "$UQ_TMP/plot.png" ]
}

@test "a compare document has no latencies to plot: 65" {
	run uq compare "$UQ_TMP/sw.json" "$UQ_TMP/sw.json" -o "$UQ_TMP/cmp.json" -q
	[ "$status" -eq 0 ]
	validate_json "$UQ_TMP/cmp.json"
	run "$UQ_PYTHON3" "$PLOT" -o "$UQ_TMP/plot.png" "$UQ_TMP/cmp.json"
	[ "$status" -eq 65 ]
}
