#!/usr/bin/env bats
# bench/raw-loop, the limit `make bench` measures the tool against: it runs
# under the emulator, tears down cleanly (the audit after each test), and
# issues exactly the ioctls of `signal-wait --pattern=self`, setup, loop and
# teardown, as the emulator's trace shows them. No timing is asserted.

load helpers

setup() {
	setup_tmp
	RAW_LOOP="$UQ_TOP_BUILDDIR/bench/raw-loop"
}

teardown() {
	teardown_tmp
}

@test "bench/raw-loop 1000 runs under the emulator and counts its iterations" {
	USERQ_EMU_PROFILE=7.1 run emu_run "$RAW_LOOP" 1000
	[ "$status" -eq 0 ]
	[ "$output" = 1000 ]
}

@test "bench/raw-loop issues the ioctls of signal-wait --pattern=self" {
	# the tool itself, also in the memcheck pass of scripts/check:
	# this test compares ioctls, signal_wait.bats checks memory
	USERQ_EMU_TRACE="$UQ_TMP/tool" run "$USERQ_BENCH" signal-wait --emulate=7.1 \
		--fence-source=none -n 3 --progress=never --quiet --format=json
	[ "$status" -eq 0 ]
	USERQ_EMU_PROFILE=7.1 USERQ_EMU_TRACE="$UQ_TMP/raw" \
		run emu_run "$RAW_LOOP" 3
	[ "$status" -eq 0 ]
	[ "$output" = 3 ]
	# SEQ and N number the calls alike; only first_signaled of a
	# WAIT_ALL wait depends on whether the VM update had completed
	norm() {
		sed -E 's/first_signaled=[0-9]+/first_signaled=X/' "$1"
	}
	[ "$(grep -c ' AMDGPU_USERQ_SIGNAL#' "$UQ_TMP/raw")" -eq 3 ]
	[ "$(grep -c ' AMDGPU_USERQ_WAIT#' "$UQ_TMP/raw")" -eq 6 ]
	diff -u <(norm "$UQ_TMP/tool") <(norm "$UQ_TMP/raw")
}
