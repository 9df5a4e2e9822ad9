#!/usr/bin/env bats
# Where results go (SPEC §2): -o FILE is atomic, and every way it can fail
# (unwritable directory, a file where a directory should be, a full disk, a
# file size limit) gives one message, exit 2, and leaves neither a partial
# nor a temporary file; --samples=FILE fails the same way. The documents
# come from compare of synthetic documents (no device needed) and from
# info under the emulator.

load helpers

setup() {
	setup_tmp
	"$UQ_PYTHON3" "$UQ_TOP_SRCDIR/tests/synth-doc" >"$UQ_TMP/base.json"
}

teardown() {
	teardown_tmp
}

# no_temp DIR NAME: no temporary file of NAME left in DIR.
no_temp() {
	[ -z "$(find "$1" -maxdepth 1 -name ".$2.*" 2>/dev/null)" ]
}

# fails_cleanly PATH WHAT: -o PATH exits 2 with one line naming PATH.
fails_cleanly() {
	run uq compare "$UQ_TMP/base.json" "$UQ_TMP/base.json" -o "$1" -q
	[ "$status" -eq 2 ] || { echo "exit $status: $output"; return 1; }
	[ "${#lines[@]}" -eq 1 ] || { echo "$output"; return 1; }
	[[ "$output" == "userq-bench: cannot write $1: "*"$2"* ]] || { echo "$output"; return 1; }
}

@test "-o below a regular file (ENOTDIR): exit 2, one line, nothing left" {
	echo data >"$UQ_TMP/file"
	fails_cleanly "$UQ_TMP/file/result.json" ENOTDIR
	[ "$(cat "$UQ_TMP/file")" = data ]
	[ "$(cd "$UQ_TMP" && ls -A | sort | tr '\n' ' ')" = "base.json file " ]
}

@test "-o into /proc (no new files there, even for root): exit 2, nothing left" {
	fails_cleanly /proc/uq-result.json "create a temporary file in the directory failed"
	[ ! -e /proc/uq-result.json ]
	no_temp /proc uq-result.json
}

@test "-o into a read-only directory: exit 2, nothing left" {
	[ "$(id -u)" != 0 ] || skip "root ignores directory permissions (see the /proc and /sys tests)"
	mkdir "$UQ_TMP/ro"
	chmod 555 "$UQ_TMP/ro"
	fails_cleanly "$UQ_TMP/ro/result.json" EACCES
	[ -z "$(ls -A "$UQ_TMP/ro")" ]
}

@test "-o /dev/full (a full disk): exit 2 with ENOSPC; the device node stays" {
	fails_cleanly /dev/full ENOSPC
	[ -c /dev/full ]
	no_temp /dev full
}

# A file size limit makes write() fail with EFBIG once the document passes
# it (SIGXFSZ ignored): the way a nearly full disk fails a regular file.
small_fsize() {
	trap '' XFSZ
	ulimit -f 2
	uq compare "$UQ_TMP/base.json" "$UQ_TMP/base.json" -o "$UQ_TMP/result.json" -q
}

@test "-o when the write fails midway (EFBIG): exit 2, the old file untouched, no temp" {
	echo "old content" >"$UQ_TMP/result.json"
	run small_fsize
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "userq-bench: cannot write $UQ_TMP/result.json: write failed: EFBIG"* ]]
	[ "$(cat "$UQ_TMP/result.json")" = "old content" ]
	no_temp "$UQ_TMP" result.json
}

@test "-o /dev/stdout is written directly, not replaced" {
	run uq compare "$UQ_TMP/base.json" "$UQ_TMP/base.json" -o /dev/stdout -q
	[ "$status" -eq 0 ]
	echo "$output" >"$UQ_TMP/doc.json"
	validate_json "$UQ_TMP/doc.json"
}

@test "-o to a directory: exit 2 with EISDIR" {
	mkdir "$UQ_TMP/dir"
	fails_cleanly "$UQ_TMP/dir" EISDIR
}

@test "--samples=FILE: the CSV header only for a command that measures nothing" {
	run uq info --emulate=6.18 --samples="$UQ_TMP/s.csv" -q -o "$UQ_TMP/doc.json"
	[ "$status" -eq 0 ]
	validate_json "$UQ_TMP/doc.json"
	[ "$(cat "$UQ_TMP/s.csv")" = "metric,iteration,ns" ]
	no_temp "$UQ_TMP" s.csv
}

@test "--samples into a missing directory: exit 2 before the device is opened, one line" {
	run uq info --emulate=6.18 --samples="$UQ_TMP/missing/s.csv" -q -o "$UQ_TMP/doc.json"
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "userq-bench: --samples: cannot write $UQ_TMP/missing/s.csv: create a temporary file in the directory failed: ENOENT"* ]]
	validate_json "$UQ_TMP/doc.json"
	[ "$(json_get "$UQ_TMP/doc.json" "d['errors'][-1]['where']")" = '"samples"' ]
	[ "$(json_get "$UQ_TMP/doc.json" "d['device']")" = null ]
}

@test "--samples= (empty) is a usage error" {
	run uq info --samples=
	[ "$status" -eq 64 ]
	[[ "$output" == *"--samples: empty file name"* ]]
}

@test "the host object says how the clock was measured and whether memory is locked" {
	run uq compare "$UQ_TMP/base.json" "$UQ_TMP/base.json" -o "$UQ_TMP/doc.json" -q
	[ "$status" -eq 0 ]
	validate_json "$UQ_TMP/doc.json"
	[ "$(json_get "$UQ_TMP/doc.json" "d['host']['clock']['id']")" = '"CLOCK_MONOTONIC"' ]
	[ "$(json_get "$UQ_TMP/doc.json" "d['host']['clock']['overhead_ns'] >= 0")" = true ]
	[ "$(json_get "$UQ_TMP/doc.json" "d['host']['cpu']")" = null ]
	# locked, or the reason why not
	[ "$(json_get "$UQ_TMP/doc.json" "d['host']['mlockall'] or len(d['host']['mlockall_reason']) > 10")" = true ]
}

@test "--cpu=N pins the run and says so; a CPU this process may not use is exit 64" {
	local cpu

	cpu=$(taskset -pc $$ | sed 's/.*: //; s/[-,].*//')
	run uq compare "$UQ_TMP/base.json" "$UQ_TMP/base.json" --cpu="$cpu" -o "$UQ_TMP/doc.json" -q
	[ "$status" -eq 0 ]
	[ "$(json_get "$UQ_TMP/doc.json" "d['host']['cpu']")" = "$cpu" ]
	run uq compare "$UQ_TMP/base.json" "$UQ_TMP/base.json" --cpu=1023 -q
	[ "$status" -eq 64 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "userq-bench: --cpu=1023: cannot pin to CPU 1023: EINVAL"* ]]
}
