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
	# /proc is written directly (its links name open files): nothing there
	# to create.
	fails_cleanly /proc/uq-result.json "open failed: ENOENT"
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
# The fallback file fails the same way, so the JSON comes on stdout.
# stdout is a pipe, which the limit does not apply to.
small_fsize() {
	(
		trap '' XFSZ
		ulimit -f 2
		TMPDIR="$UQ_TMP/fallback" uq compare "$UQ_TMP/base.json" "$UQ_TMP/base.json" \
			-o "$UQ_TMP/result.json" -q
	) | cat >"$UQ_TMP/stdout.json"
	return "${PIPESTATUS[0]}"
}

@test "-o when the write fails midway (EFBIG): exit 2, the old file untouched, the results on stdout" {
	echo "old content" >"$UQ_TMP/result.json"
	mkdir "$UQ_TMP/fallback"
	run small_fsize
	[ "$status" -eq 2 ]
	[[ "${lines[0]}" == "userq-bench: cannot write $UQ_TMP/result.json: write failed: EFBIG"*"the results are in $UQ_TMP/fallback/userq-bench-compare-"*".json" ]]
	[[ "${lines[1]}" == "userq-bench: cannot write $UQ_TMP/fallback/userq-bench-compare-"*"either: the results follow on stdout" ]]
	[ "${#lines[@]}" -eq 2 ]
	[ "$(cat "$UQ_TMP/result.json")" = "old content" ]
	no_temp "$UQ_TMP" result.json
	[ -z "$(ls -A "$UQ_TMP/fallback")" ]
	validate_json "$UQ_TMP/stdout.json"
	[ "$(json_get "$UQ_TMP/stdout.json" "d['run']['exit_code']")" = 2 ]
	[ "$(json_get "$UQ_TMP/stdout.json" "d['errors'][-1]['errno_name']")" = '"EFBIG"' ]
}

@test "-o on a full disk (a tiny tmpfs): exit 2, no partial file, the results in a fallback file" {
	[ "$(id -u)" = 0 ] || skip "mounting a tmpfs needs root"
	mkdir "$UQ_TMP/tiny" "$UQ_TMP/fallback"
	mount -t tmpfs -o size=8k tmpfs "$UQ_TMP/tiny" 2>/dev/null ||
		skip "cannot mount a tmpfs here"
	run env TMPDIR="$UQ_TMP/fallback" "$USERQ_BENCH" run --emulate --quick -q -o "$UQ_TMP/tiny/run.json"
	ls -A "$UQ_TMP/tiny" >"$UQ_TMP/tiny.ls"
	umount "$UQ_TMP/tiny"
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "userq-bench: cannot write $UQ_TMP/tiny/run.json: write failed: ENOSPC (No space left on device); the results are in $UQ_TMP/fallback/userq-bench-run-"*".json" ]]
	[ ! -s "$UQ_TMP/tiny.ls" ] # neither the file nor a temporary one
	fb=$(ls "$UQ_TMP"/fallback/userq-bench-run-*.json)
	validate_json "$fb"
	[ "$(json_get "$fb" "d['run']['exit_code']")" = 2 ]
	[ "$(json_get "$fb" "d['errors'][-1]['where']")" = '"output"' ]
	[ "$(json_get "$fb" "d['errors'][-1]['errno_name']")" = '"ENOSPC"' ]
	[ "$(json_get "$fb" "'signal_wait' in d['results'] and 'unmap' in d['results']")" = true ]
}

@test "-o through a symbolic link writes the file it names; the link stays" {
	ln -s real.json "$UQ_TMP/link.json"
	run uq compare "$UQ_TMP/base.json" "$UQ_TMP/base.json" -o "$UQ_TMP/link.json" -q
	[ "$status" -eq 0 ]
	[ -L "$UQ_TMP/link.json" ]
	[ "$(readlink "$UQ_TMP/link.json")" = real.json ]
	validate_json "$UQ_TMP/real.json"
	no_temp "$UQ_TMP" real.json
	no_temp "$UQ_TMP" link.json
	# A dangling link, through a chain, to another directory: the target
	# is created there, and the links stay.
	mkdir "$UQ_TMP/sub"
	ln -s sub/new.json "$UQ_TMP/mid.json"
	ln -s mid.json "$UQ_TMP/first.json"
	run uq compare "$UQ_TMP/base.json" "$UQ_TMP/base.json" -o "$UQ_TMP/first.json" -q
	[ "$status" -eq 0 ]
	[ -L "$UQ_TMP/first.json" ] && [ -L "$UQ_TMP/mid.json" ]
	validate_json "$UQ_TMP/sub/new.json"
	# A loop of links: one message, exit 2.
	ln -s loop2 "$UQ_TMP/loop1"
	ln -s loop1 "$UQ_TMP/loop2"
	fails_cleanly "$UQ_TMP/loop1" ELOOP
}

@test "-o /dev/stdout: the shell's file is written (>> appends), /dev/stdout stays a link" {
	echo "earlier line" >"$UQ_TMP/log"
	uq compare "$UQ_TMP/base.json" "$UQ_TMP/base.json" -o /dev/stdout -q >>"$UQ_TMP/log"
	[ -L /dev/stdout ]
	[ "$(head -n 1 "$UQ_TMP/log")" = "earlier line" ]
	tail -n +2 "$UQ_TMP/log" >"$UQ_TMP/doc.json"
	validate_json "$UQ_TMP/doc.json"
}

@test "-o - is stdout: the JSON once, and no text summary mixed into it" {
	uq compare "$UQ_TMP/base.json" "$UQ_TMP/base.json" -o - >"$UQ_TMP/a.json"
	validate_json "$UQ_TMP/a.json"
	uq compare "$UQ_TMP/base.json" "$UQ_TMP/base.json" -o - --format=text >"$UQ_TMP/b.json"
	validate_json "$UQ_TMP/b.json"
	uq compare "$UQ_TMP/base.json" "$UQ_TMP/base.json" -o - --format=json >"$UQ_TMP/c.json"
	validate_json "$UQ_TMP/c.json"
	[ ! -e "$UQ_TMP/-" ]
}

@test "-o is checked before the device is touched: a directory fails at once" {
	mkdir "$UQ_TMP/dir"
	# Any ioctl would fail; the only error must be the one about -o.
	USERQ_EMU_FAULT=any:1+:EIO run uq_to "$UQ_TMP/doc.json" signal-wait --emulate=6.18 \
		-n 1000000 -o "$UQ_TMP/dir" --format=json
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "userq-bench: cannot write $UQ_TMP/dir: open failed: EISDIR"* ]]
	validate_json "$UQ_TMP/doc.json"
	[ "$(json_get "$UQ_TMP/doc.json" "len(d['errors'])")" = 1 ]
	[ "$(json_get "$UQ_TMP/doc.json" "d['device']")" = null ]
	[ "$(json_get "$UQ_TMP/doc.json" "d['results']")" = '{}' ]
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
