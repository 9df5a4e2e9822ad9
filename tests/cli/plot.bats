#!/usr/bin/env bats
# scripts/userq-bench-plot: result documents to a PNG or SVG image with
# gnuplot (signal-wait latency by percentile, unmap implicit vs explicit).

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
	grep -q 'pair latency by percentile' "$UQ_TMP/plot.svg"
	grep -q 'complete_ns, implicit vs explicit sync' "$UQ_TMP/plot.svg"
	run "$UQ_PYTHON3" "$PLOT" --format=svg -o "$UQ_TMP/plot.img" "$UQ_TMP/sw.json"
	[ "$status" -eq 0 ]
	grep -q '<svg' "$UQ_TMP/plot.img"
	! grep -q 'implicit vs explicit' "$UQ_TMP/plot.img"
}

@test "--script prints the gnuplot input" {
	run "$UQ_PYTHON3" "$PLOT" --script -o "$UQ_TMP/plot.png" "$UQ_TMP/sw.json"
	[ "$status" -eq 0 ]
	[[ "$output" == *"set multiplot"* ]]
	[[ "$output" == *'$pct_signal_0 << EOD'* ]]
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

@test "latency by percentile: x is 1/(1-p) on a log axis, ticks 50% to 99.99%" {
	run "$UQ_PYTHON3" "$PLOT" --script -o "$UQ_TMP/plot.png" "$UQ_TMP/sw.json"
	[ "$status" -eq 0 ]
	[[ "$output" == *'set xtics ("50%%" 2, "90%%" 10, "99%%" 100, "99.9%%" 1000'* ]]
	[[ "$output" == *"set logscale x"* ]]
	# The staircase ends at p = 1 - 1/count: x = count.
	count=$("$UQ_PYTHON3" -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"]["signal_wait"]["latency_ns"]["pair"]["count"])' "$UQ_TMP/sw.json")
	last=$(printf '%s\n' "$output" | sed -n '/^$pct_pair_0 << EOD/,/^EOD/p' | sed -n '$!p' | tail -n 1 | cut -d' ' -f1)
	[ "$last" = "$count" ]
}

@test "every panel of an emulated document says so, with the profile" {
	run "$UQ_PYTHON3" "$PLOT" --script -o "$UQ_TMP/plot.png" "$UQ_TMP/run.json"
	[ "$status" -eq 0 ]
	panels=$(printf '%s\n' "$output" | grep -c '^set title')
	tagged=$(printf '%s\n' "$output" | grep '^set title' | grep -c '(emulated, profile 6.18)')
	[ "$panels" -eq 6 ]
	[ "$tagged" -eq "$panels" ]
	# A document from real hardware carries no such tag.
	"$UQ_PYTHON3" -c 'import json,sys; d=json.load(open(sys.argv[1])); d["device"]["emulated"]=False; d["device"]["emulator_profile"]=None; json.dump(d, open(sys.argv[2], "w"))' \
		"$UQ_TMP/run.json" "$UQ_TMP/hw.json"
	run "$UQ_PYTHON3" "$PLOT" --script -o "$UQ_TMP/plot.png" "$UQ_TMP/hw.json"
	[ "$status" -eq 0 ]
	! printf '%s\n' "$output" | grep -q emulated
}

@test "unmap: implicit and explicit side by side as points, with their p50 ratio" {
	run "$UQ_PYTHON3" "$PLOT" --script -o "$UQ_TMP/plot.png" "$UQ_TMP/run.json"
	[ "$status" -eq 0 ]
	# points with whiskers on the log axis, never bars
	! printf '%s\n' "$output" | grep -q 'style data histograms'
	[[ "$output" == *'$unmap_complete_ns_0_implicit using 1:2:3:4 with yerrorbars'* ]]
	[[ "$output" == *'$unmap_complete_ns_0_explicit using 1:2:3:4 with yerrorbars'* ]]
	# the ratio of the first group, computed independently from the document
	want=$("$UQ_PYTHON3" - "$UQ_TMP/run.json" <<'PY'
import json, sys
cases = json.load(open(sys.argv[1]))["results"]["unmap"]["cases"]
c0 = cases[0]
key = lambda c: (c["op"], c["size"], c["ranges"], c["busy"])
p = {c["sync"]: c["complete_ns"]["p50"] for c in cases if key(c) == key(c0)}
r = p["implicit"] / p["explicit"]
print(("%.2f×" if r < 10 else "%.0f×") % r)
PY
)
	[[ "$output" == *"set label \"$want\" at 0, graph 0.95"* ]]
}

@test "unmap: a kernel without explicit sync is named on the panel, with no ratio" {
	"$UQ_PYTHON3" - "$UQ_TMP/run.json" "$UQ_TMP/noexpl.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["results"]["unmap"]["cases"]:
    if c["sync"] == "explicit":
        c["status"] = "unsupported"
        c["ioctl_ns"] = c["complete_ns"] = None
json.dump(d, open(sys.argv[2], "w"))
PY
	run "$UQ_PYTHON3" "$PLOT" --script -o "$UQ_TMP/plot.png" "$UQ_TMP/noexpl.json"
	[ "$status" -eq 0 ]
	[[ "$output" == *'set label "explicit sync unsupported by the kernel"'* ]]
	! printf '%s\n' "$output" | grep -q 'ratio'
}
