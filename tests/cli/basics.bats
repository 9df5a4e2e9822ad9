#!/usr/bin/env bats
# The command line itself (SPEC §2, §3): help, version, usage errors (64),
# no usable device (69), the default command.

load helpers

setup() {
	setup_tmp
}

teardown() {
	teardown_tmp
}

# Does this machine have a real amdgpu render node?
have_amdgpu_node() {
	local d

	for d in /sys/class/drm/renderD*/device/driver; do
		[ -e "$d" ] && [ "$(basename "$(readlink -f "$d")")" = amdgpu ] && return 0
	done
	return 1
}

@test "--help exits 0 and lists the commands and exit codes" {
	run uq --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"Usage: userq-bench"* ]]
	for cmd in info signal-wait unmap run compare; do
		[[ "$output" == *"  $cmd "* ]]
	done
	[[ "$output" == *"--emulate[=PROFILE]"* ]]
	[[ "$output" == *"69 no usable device"* ]]
	# every listed command is implemented: no "(*)" footnote
	[[ "$output" != *"(*)"* ]]
	[[ "$output" != *"not implemented"* ]]
}

@test "every command has its own --help (exit 0) with the global options" {
	for cmd in info signal-wait unmap run compare; do
		run uq "$cmd" --help
		[ "$status" -eq 0 ]
		[[ "$output" == *"Usage: userq-bench $cmd"* ]]
		[[ "$output" == *"Global options:"* ]]
		[[ "$output" == *"--device=PATH"* ]]
	done
	run uq compare --help
	[[ "$output" == *"BASE.json NEW.json"* ]]
}

@test "--version and -V print the version and build configuration" {
	run uq --version
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^userq-bench\ [0-9]+\.[0-9]+\.[0-9]+ ]]
	[[ "$output" == *"emulator profiles: 6.16, 6.18, 7.0, 7.1, 7.3, explicit-sync, no-userq (default 6.18)"* ]]
	[[ "$output" == *"result schema: version 1"* ]]
	run uq -V
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^userq-bench\  ]]
	run uq info --version
	[ "$status" -eq 0 ]
}

@test "an unknown option is a usage error (64), before or after the command" {
	run uq --bogus
	[ "$status" -eq 64 ]
	[[ "$output" == *"unrecognized option '--bogus'"* ]]
	run uq info --bogus
	[ "$status" -eq 64 ]
	[[ "$output" == *"Try \`userq-bench info --help'"* ]]
}

@test "an unknown command is a usage error (64)" {
	run uq frobnicate
	[ "$status" -eq 64 ]
	[[ "$output" == *"unknown command 'frobnicate'"* ]]
}

@test "bad option values are usage errors (64), before or after the command" {
	local bad

	for bad in --format=xml --format= --progress=sometimes --timeout=abc \
		--timeout=0 --timeout=-1 --timeout=1e3 --cpu=-1 --cpu=x \
		--cpu=99999 --output=; do
		run uq "$bad" info
		[ "$status" -eq 64 ] || { echo "$bad (before): $status $output"; false; }
		run uq info "$bad"
		[ "$status" -eq 64 ] || { echo "$bad (after): $status $output"; false; }
	done
	run uq info --format=xml
	[[ "$output" == *"--format: 'xml' is not one of json, text"* ]]
}

@test "--emulate=bogus is a usage error (64) naming the known profiles" {
	run uq --emulate=bogus info
	[ "$status" -eq 64 ]
	[[ "$output" == *"unknown profile 'bogus' (known: 6.16, 6.18, 7.0, 7.1, 7.3, explicit-sync, no-userq)"* ]]
	run uq info --emulate=bogus
	[ "$status" -eq 64 ]
}

@test "an unknown USERQ_EMU_PROFILE with --emulate is a usage error (64)" {
	USERQ_EMU_PROFILE=bogus run uq info --emulate
	[ "$status" -eq 64 ]
	[[ "$output" == *"USERQ_EMU_PROFILE: unknown profile 'bogus'"* ]]
}

@test "--device=/dev/null: not a DRM device, exit 69 with one line" {
	run uq_to "$UQ_TMP/doc.json" --device=/dev/null info --format=json
	[ "$status" -eq 69 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "userq-bench: /dev/null is not a DRM device (a character device with major 226)"* ]]
	# The document is still written, with the reason.
	validate_json "$UQ_TMP/doc.json"
	[ "$(json_get "$UQ_TMP/doc.json" "d['run']['exit_code']")" = 69 ]
	[ "$(json_get "$UQ_TMP/doc.json" "d['device']")" = null ]
	[ "$(json_get "$UQ_TMP/doc.json" "d['errors'][0]['errno_name']")" = '"ENODEV"' ]
}

@test "--device is never opened unless it is a DRM character device" {
	command -v strace >/dev/null || skip "strace is not installed"
	# A FIFO opens O_RDWR at once: the old code would have opened it (as it
	# would have armed /dev/watchdog). Neither it nor a directory or a
	# regular file may be opened at all.
	mkfifo "$UQ_TMP/fifo"
	echo x >"$UQ_TMP/file"
	for path in "$UQ_TMP/fifo" "$UQ_TMP/file" "$UQ_TMP"; do
		# (LeakSanitizer cannot run under ptrace: off for this run)
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
			run strace -f -qq -e trace=open,openat -o "$UQ_TMP/strace.out" \
			"$USERQ_BENCH" --device="$path" info -q
		[ "$status" -eq 69 ]
		[[ "$output" == *"$path is not a DRM device"* ]]
		! grep -F "\"$path\"" "$UQ_TMP/strace.out"
	done
}

@test "--device=PATH that does not exist: exit 69 naming it and ENOENT" {
	run uq info --device="$UQ_TMP/renderD200" --quiet
	[ "$status" -eq 69 ]
	[[ "$output" == *"cannot open $UQ_TMP/renderD200: ENOENT"* ]]
}

@test "plain info without the emulator and without an amdgpu node: exit 69 suggesting --emulate" {
	if have_amdgpu_node; then
		skip "this machine has an amdgpu render node"
	fi
	run uq_to "$UQ_TMP/doc.json" info --format=json
	[ "$status" -eq 69 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"no amdgpu render node found"*"--emulate"* ]]
	validate_json "$UQ_TMP/doc.json"
}

@test "no command means run" {
	# run against a node that is not a DRM device: it stops at once with
	# 69, and the document it still writes names the command it ran
	run uq --device=/dev/null --quiet -o "$UQ_TMP/run.json"
	[ "$status" -eq 69 ]
	validate_json "$UQ_TMP/run.json"
	[ "$(json_get "$UQ_TMP/run.json" "d['run']['command']")" = '"run"' ]
}

@test "--emulate without the emulator library: exit 69 listing the path tried" {
	USERQ_EMU_LIB="$UQ_TMP/missing/libuserq-emu.so" run uq info --emulate
	[ "$status" -eq 69 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"not found (tried $UQ_TMP/missing/libuserq-emu.so)"* ]]
}

@test "-h is --help, on its own and after a command" {
	run uq -h
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "Usage: userq-bench [OPTION...] [COMMAND [COMMAND OPTIONS]]" ]]
	run uq unmap -h
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "Usage: userq-bench unmap [OPTION...]" ]]
}

@test "usage errors name the program, not its path, and suggest what was meant" {
	run "$USERQ_BENCH" -x
	[ "$status" -eq 64 ]
	[ "${lines[0]}" = "userq-bench: invalid option -- 'x'" ]
	run uq infx
	[ "$status" -eq 64 ]
	[ "${lines[0]}" = "userq-bench: unknown command 'infx'; did you mean 'info'?" ]
	run uq sigal-wait
	[ "${lines[0]}" = "userq-bench: unknown command 'sigal-wait'; did you mean 'signal-wait'?" ]
	run uq frobnicate
	[ "$status" -eq 64 ]
	[ "${lines[0]}" = "userq-bench: unknown command 'frobnicate'" ]
	run uq --emulate 6.16 info
	[ "$status" -eq 64 ]
	[ "${lines[0]}" = "userq-bench: unknown command '6.16'; did you mean --emulate=6.16? (the profile follows '=')" ]
	run uq unmap --sync=implict
	[ "$status" -eq 64 ]
	[ "${lines[0]}" = "userq-bench unmap: --sync: 'implict' is not one of implicit, explicit, both; did you mean 'implicit'?" ]
	run uq --format=jsn info
	[ "${lines[0]}" = "userq-bench: --format: 'jsn' is not one of json, text, ktap; did you mean 'json'?" ]
	# Ambiguous (6.16, 6.18 and 7.1 are one edit away): no guess.
	run uq --emulate=6.1 info
	[ "$status" -eq 64 ]
	[[ "${lines[0]}" == "userq-bench: --emulate: unknown profile '6.1' (known: "*")" ]]
}

@test "the man page and --help agree on every option and default" {
	command -v man >/dev/null || skip "man is not installed"
	run "$UQ_PYTHON3" "$UQ_TOP_SRCDIR/tests/help-vs-man" "$USERQ_BENCH" \
		"$UQ_TOP_SRCDIR/man/userq-bench.1"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
}

# Issue 9: EINTR and EAGAIN are retried as drmIoctl does, but bounded
# (src/ioctl/drm_ioctl.h): a few of them are invisible; a kernel that
# answers EAGAIN for ever is an error, not a hang.
@test "EINTR and EAGAIN are retried, a bounded number of times" {
	USERQ_EMU_FAULT=AMDGPU_USERQ_SIGNAL:3:EINTR,AMDGPU_USERQ_WAIT:5:EAGAIN,AMDGPU_GEM_VA:2:EINTR \
		run uq signal-wait --emulate -n 50 -o "$UQ_TMP/doc.json" -q
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ "$(json_get "$UQ_TMP/doc.json" "len(d['errors'])")" = 0 ]
	USERQ_EMU_FAULT=AMDGPU_USERQ_SIGNAL:3+:EAGAIN \
		run uq signal-wait --emulate -n 50 -o "$UQ_TMP/doc.json" -q
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == *"USERQ_SIGNAL failed: EAGAIN"* ]]
	[ "$(json_get "$UQ_TMP/doc.json" "d['errors'][0]['errno_name']")" = '"EAGAIN"' ]
}
