#!/usr/bin/env bats
# SIGINT and SIGTERM at deterministic points of each command (issue 9,
# item 8): the emulator sends the signal as the K-th ioctl starts
# (USERQ_EMU_FAULT=any:K:SIGINT), so the point does not depend on timing.
# The points are drawn, with a fixed seed per command, from the setup (the
# first tenth of the command's ioctls), the measurement (the middle) and
# the teardown (the last tenth), counted on an uninterrupted run with
# USERQ_EMU_TRACE. Every run must end with exit 130, one line on stderr,
# a valid partial document (-o FILE, or stdout), and nothing left behind.

load helpers

setup() {
	setup_tmp
}

teardown() {
	teardown_tmp
}

# ioctl_count ARGS...: the ioctls an uninterrupted run of ARGS makes.
ioctl_count() {
	USERQ_EMU_TRACE="$UQ_TMP/trace" "$USERQ_BENCH" "$@" -o "$UQ_TMP/full.json" -q \
		>/dev/null 2>&1 || { echo "uninterrupted run failed: $*" >&2; return 1; }
	wc -l <"$UQ_TMP/trace"
}

# points NAME TOTAL: one point in the setup, two in the measurement, one
# in the teardown (under valgrind, which is slow, one in the measurement).
points() {
	"$UQ_PYTHON3" - "$1" "$2" "${UQ_VALGRIND:-0}" <<'PY'
import random, sys
name, total, slow = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
rnd = random.Random("signals:" + name)
tenth = max(1, total // 10)
phases = [(1, tenth), (tenth + 1, total - tenth), (tenth + 1, total - tenth),
          (total - tenth + 1, total)]
if slow:
    phases = phases[1:2]
print(" ".join(str(rnd.randint(lo, max(lo, hi))) for lo, hi in phases))
PY
}

# interrupted SIG K ARGS...: run ARGS with SIG at ioctl K, once writing to
# -o FILE and once to stdout; check exit, stderr, document and audit.
interrupted() {
	local sig=$1 k=$2 cmd=$3 out status
	shift 2

	for out in file stdout; do
		rm -f "$UQ_TMP/doc.json" "$USERQ_EMU_REPORT"
		status=0
		if [ $out = file ]; then
			USERQ_EMU_FAULT="any:$k:$sig" uq "$@" -o "$UQ_TMP/doc.json" -q \
				>"$UQ_TMP/stdout" 2>"$UQ_TMP/err" || status=$?
			[ ! -s "$UQ_TMP/stdout" ] || { echo "stdout with -o: $(head -c 200 "$UQ_TMP/stdout")"; return 1; }
		else
			USERQ_EMU_FAULT="any:$k:$sig" uq "$@" --format=json -q \
				>"$UQ_TMP/doc.json" 2>"$UQ_TMP/err" || status=$?
		fi
		[ "$status" -eq 130 ] || { echo "$sig at ioctl $k ($out): exit $status: $(cat "$UQ_TMP/err")"; return 1; }
		[ "$(wc -l <"$UQ_TMP/err")" -eq 1 ] || { echo "$sig at ioctl $k ($out): $(cat "$UQ_TMP/err")"; return 1; }
		grep -q "^userq-bench: $cmd: interrupted by $sig" "$UQ_TMP/err" ||
			{ echo "$sig at ioctl $k ($out): $(cat "$UQ_TMP/err")"; return 1; }
		validate_json "$UQ_TMP/doc.json"
		[ "$(json_get "$UQ_TMP/doc.json" "d['run']['exit_code']")" = 130 ]
		assert_audit_clean "$USERQ_EMU_REPORT" ||
			{ echo "$sig at ioctl $k ($out) left objects behind"; return 1; }
	done
}

each_point() {
	local name=$1 total k sig=SIGINT
	shift

	total=$(ioctl_count "$@")
	[ "$total" -gt 20 ]
	for k in $(points "$name" "$total"); do
		interrupted "$sig" "$k" "$@"
		[ $sig = SIGINT ] && sig=SIGTERM || sig=SIGINT
	done
}

@test "signal-wait: SIGINT/SIGTERM in setup, loop and teardown, with and without -o" {
	each_point signal-wait signal-wait --emulate -n 300
}

@test "signal-wait on 7.3: the same" {
	each_point signal-wait-7.3 signal-wait --emulate=7.3 -n 300
}

@test "unmap with a busy VM: the spinner is released on every path" {
	each_point unmap unmap --emulate=explicit-sync --busy=cs --size=64K -n 3
}

@test "info: interrupted while probing" {
	each_point info info --emulate
}

@test "run: interrupted in any of its parts" {
	each_point run run --emulate --quick
}

@test "a bad signal name in USERQ_EMU_FAULT is refused (64)" {
	USERQ_EMU_FAULT="any:1:SIGFOO" run uq info --emulate
	[ "$status" -eq 64 ]
	[[ "$output" == *"unknown errno or signal"* ]]
}

# A fence that never signals: the page-table update of every GEM_VA takes
# 60 s (USERQ_EMU_SDMA_US), so the VM timeline wait would run to its own
# 10 s limit and record an ETIME. --timeout=1 must end the wait instead:
# exit 124, the timeout as the only error, partial results, nothing left.
@test "a VM timeline point that never signals: --timeout ends the wait (124)" {
	USERQ_EMU_SDMA_US=60000000 run uq unmap --emulate --size=64K -n 3 \
		--timeout=1 -o "$UQ_TMP/doc.json" -q
	[ "$status" -eq 124 ] || { echo "exit $status: $output"; return 1; }
	validate_json "$UQ_TMP/doc.json"
	[ "$(json_get "$UQ_TMP/doc.json" "[e['where'] for e in d['errors']]")" = '["timeout"]' ]
	[ "$(json_get "$UQ_TMP/doc.json" "d['run']['exit_code']")" = 124 ]
}

# A WAIT_REG_MEM the GPU would spin on for ever (no job timeout: lockup
# timeout -1) while --timeout expires: the spinner is released, the CS
# finishes, exit 124.
@test "a busy-VM spinner with no job timeout: --timeout releases it (124)" {
	USERQ_EMU_JOB_TIMEOUT_MS=-1 run uq unmap --emulate=explicit-sync --busy=cs \
		--busy-ms=1000 --size=64K -n 50 --timeout=1 -o "$UQ_TMP/doc.json" -q
	[ "$status" -eq 124 ] || { echo "exit $status: $output"; return 1; }
	validate_json "$UQ_TMP/doc.json"
	[ "$(json_get "$UQ_TMP/doc.json" "[e['where'] for e in d['errors']]")" = '["timeout"]' ]
}

# SIGPIPE: the reader of stdout goes away in the middle of the run (CSV
# samples to stdout, `| head`): the run stops as for SIGTERM, cleans up and
# writes its partial document to -o.
@test "SIGPIPE from a reader that went away mid-run: exit 130, partial results" {
	local status

	status=$(bash -c '"$1" signal-wait --emulate -n 100000000 --samples=/dev/stdout \
		-o "$2" -q 2>"$3" | head -n 3 >/dev/null; echo "${PIPESTATUS[0]}"' \
		_ "$USERQ_BENCH" "$UQ_TMP/doc.json" "$UQ_TMP/err")
	[ "$status" -eq 130 ] || { echo "exit $status: $(cat "$UQ_TMP/err")"; return 1; }
	[ "$(cat "$UQ_TMP/err")" = "userq-bench: signal-wait: interrupted by SIGPIPE; stopped and wrote partial results" ]
	validate_json "$UQ_TMP/doc.json"
	[ "$(json_get "$UQ_TMP/doc.json" "d['run']['exit_code']")" = 130 ]
	assert_audit_clean
}

# ... or before the document is written to it: one message, exit 2, and
# nothing left behind; the process is not killed by the signal.
@test "SIGPIPE on the final write to a closed stdout: one message, exit 2" {
	local status

	status=$(bash -c '"$1" signal-wait --emulate -n 200 --format=json 2>"$2" |
		true; echo "${PIPESTATUS[0]}"' _ "$USERQ_BENCH" "$UQ_TMP/err")
	[ "$status" -eq 2 ] || { echo "exit $status: $(cat "$UQ_TMP/err")"; return 1; }
	[ "$(cat "$UQ_TMP/err")" = "userq-bench: cannot write to stdout: EPIPE" ]
	assert_audit_clean
}
