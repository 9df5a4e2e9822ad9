#!/usr/bin/env bats
# userq-bench signal-wait against the emulator (SPEC §2-§4, §6; userq.md
# §10-§11): the leak verdict and the exact number of pinned fence drivers
# per kernel profile and pattern, from the seq64 probe and the kprobes, the
# teardown leak reported apart, the skip without user queues, option
# errors, and that every way out leaves nothing behind.

load helpers

setup() {
	setup_tmp
	DOC="$UQ_TMP/doc.json"
}

teardown() {
	teardown_tmp
}

# sw ARGS...: signal-wait with the JSON document in $DOC.
sw() {
	run uq_to "$DOC" signal-wait --format=json "$@"
}

# src METHOD KEY: a member of the fence_drv source METHOD.
src() {
	j "[s for s in d['results']['signal_wait']['fence_drv']['sources'] if s['method'] == '$1'][0]['$2']"
}

# audit KEY: a member of the emulator's audit of the run.
audit() {
	json_get "$USERQ_EMU_REPORT" "d['$1']"
}

# ok_run: exit 0, a valid document, nothing left behind.
ok_run() {
	[ "$status" -eq 0 ] || { echo "exit $status: $output"; return 1; }
	validate_json "$DOC"
	assert_audit_clean
	[ "$(j "d['run']['exit_code']")" = 0 ]
	[ "$(j "d['errors']")" = '[]' ]
}

@test "signal-wait --emulate=6.18 -n 1000: one leaked fence driver, seen by seq64 and kprobe" {
	sw --emulate=6.18 -n 1000
	ok_run
	[ "$(j "d['results']['signal_wait']['iterations']")" = 1000 ]
	[ "$(j "d['results']['signal_wait']['pattern']")" = '"self"' ]
	[ "$(j "d['results']['signal_wait']['ip']")" = '"gfx"' ]
	[ "$(j "d['results']['signal_wait']['latency_ns']['pair']['count']")" = 1000 ]
	[ "$(j "d['results']['signal_wait']['latency_ns']['signal']['count']")" = 1000 ]
	[ "$(j "d['results']['signal_wait']['pairs_per_s'] > 0")" = true ]
	[ "$(j "d['results']['signal_wait']['fence_drv']['verdict']")" = '"leak"' ]
	[ "$(j "d['results']['signal_wait']['fence_drv']['leaked']")" = 1 ]
	[ "$(src seq64 status)" = '"ok"' ]
	[ "$(src seq64 leaked)" = 1 ]
	[ "$(src seq64 teardown_leak)" = 0 ]
	[ "$(src kprobe status)" = '"ok"' ]
	[ "$(src kprobe leaked)" = 1 ]
	[ "$(src kprobe alloc)" = 1 ]
	[ "$(src kprobe destroy)" = 0 ]
	# dd88d42d leaves no fence behind, and the queue is gone
	[ "$(src slab delta)" = 0 ]
	[ "$(src debugfs during)" = 1 ]
	[ "$(src debugfs after)" = 0 ]
	# the emulator's own count of fence drivers that can never be freed
	[ "$(audit fence_drv_leaked)" = 1 ]
}

@test "signal-wait --emulate=6.16: the workload's leak, and the probes' teardown leak apart" {
	sw --emulate=6.16 -n 1000
	ok_run
	[ "$(j "d['results']['signal_wait']['fence_drv']['verdict']")" = '"leak"' ]
	[ "$(j "d['results']['signal_wait']['fence_drv']['leaked']")" = 1 ]
	[ "$(src seq64 leaked)" = 1 ]
	[ "$(src kprobe leaked)" = 1 ]
	# each probe cycle leaks its own queue's fence driver (8e051e38)
	[ "$(src seq64 teardown_leak)" = 1 ]
	[ "$(src seq64 probe_cycles)" = 3 ]
	[ "$(src seq64 probe_leaked)" = 3 ]
	# the workload queue's last_fence is never put: one fence in the slab
	[ "$(src slab delta)" = 1 ]
	# what the device lost = the workload's + the probes'
	[ "$(audit fence_drv_leaked)" = 4 ]
}

@test "signal-wait --emulate=7.1: no-leak with every source ok" {
	sw --emulate=7.1 -n 1000
	ok_run
	[ "$(j "d['results']['signal_wait']['fence_drv']['verdict']")" = '"no-leak"' ]
	[ "$(j "d['results']['signal_wait']['fence_drv']['leaked']")" = 0 ]
	[ "$(j "sorted(s['method'] for s in d['results']['signal_wait']['fence_drv']['sources'])")" = '["debugfs", "kprobe", "seq64", "slab", "tracepoint"]' ]
	# every source but the 7.3 tracepoints (tested below) is ok
	[ "$(j "[s['method'] for s in d['results']['signal_wait']['fence_drv']['sources'] if s['method'] != 'tracepoint' and (s['status'] != 'ok' or s['leaked'] != 0)]")" = '[]' ]
	[ "$(src debugfs during)" = 1 ]
	[ "$(src kprobe alloc)" = 1 ]
	[ "$(src kprobe destroy)" = 1 ]
	[ "$(audit fence_drv_leaked)" = 0 ]
}

@test "signal-wait --emulate=7.1: the teardown frees every queue before any unmap, so no queue is evicted" {
	# 6f3c8a5fe6 + b6a28b77b88e: on 7.1 an UNMAP of a BO that ever
	# backed a queue evicts the file's live queues (tests/emu/
	# test_userq_va.c shows the per-queue order evicting there)
	sw --emulate=7.1 --pattern=cross --queues=3 -n 100
	ok_run
	# 3 producers and the waiter, 5 GFX buffers each
	[ "$(j "d['results']['signal_wait']['teardown']['queues']")" = 4 ]
	[ "$(j "d['results']['signal_wait']['teardown']['unmaps']")" = 20 ]
	[ "$(j "d['results']['signal_wait']['teardown']['free_ns'] > 0")" = true ]
	[ "$(j "d['results']['signal_wait']['teardown']['unmap_ns'] > 0")" = true ]
	[ "$(audit userq_evictions)" = 0 ]
	[ "$(audit userq_restores)" = 0 ]
}

@test "signal-wait --pattern=cross --queues=3 on 6.18: the three producers leak" {
	sw --emulate=6.18 --pattern=cross --queues=3 -n 1000
	ok_run
	[ "$(j "d['results']['signal_wait']['pattern']")" = '"cross"' ]
	[ "$(j "d['results']['signal_wait']['queues']")" = 3 ]
	[ "$(j "d['results']['signal_wait']['latency_ns']['producer_signal']['count']")" = 1000 ]
	[ "$(j "d['results']['signal_wait']['fence_drv']['verdict']")" = '"leak"' ]
	[ "$(j "d['results']['signal_wait']['fence_drv']['leaked']")" = 3 ]
	[ "$(src seq64 leaked)" = 3 ]
	[ "$(src kprobe leaked)" = 3 ]
	[ "$(src kprobe alloc)" = 4 ]
	[ "$(src debugfs during)" = 4 ]
	[ "$(audit fence_drv_leaked)" = 3 ]
}

@test "signal-wait --fail-on-leak: 1 on a leak, 0 without" {
	sw --emulate=6.18 -n 100 --fail-on-leak
	[ "$status" -eq 1 ]
	# one line: the device, the verdict, the count, the sources that saw it
	[ "${#lines[@]}" -eq 1 ]
	[ "$output" = "userq-bench: /dev/dri/renderD128: fence-driver leak: verdict leak, 1 fence driver outlived its queue (seen by seq64 1, kprobe 1)" ]
	validate_json "$DOC"
	assert_audit_clean
	[ "$(j "d['run']['exit_code']")" = 1 ]
	[ "$(j "d['results']['signal_wait']['fence_drv']['verdict']")" = '"leak"' ]

	sw --emulate=7.1 -n 100 --fail-on-leak
	ok_run
	[ "$(j "d['results']['signal_wait']['fence_drv']['verdict']")" = '"no-leak"' ]
}

@test "signal-wait --fail-on-leak that cannot tell: exit 77 with why each source could not" {
	sw --emulate=6.18 -n 100 --fail-on-leak --fence-source=none
	[ "$status" -eq 77 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"--fail-on-leak cannot tell: verdict unknown"*"(no source selected)"* ]]
	validate_json "$DOC"
	[ "$(j "d['run']['exit_code']")" = 77 ]
	[ "$(j "d['results']['signal_wait']['fence_drv']['verdict']")" = '"unknown"' ]
	# Unprivileged, with only root-only sources: each one's reason.
	USERQ_EMU_UNPRIVILEGED=1 sw --emulate=6.18 -n 100 --fail-on-leak \
		--fence-source=kprobe --fence-source=slab
	[ "$status" -eq 77 ]
	[[ "$output" == *"(kprobe: "*"EACCES; slab: "*"EACCES)"* ]]
	assert_audit_clean
}

@test "signal-wait unprivileged: root-only sources unavailable with reasons, seq64 still finds the leak" {
	USERQ_EMU_UNPRIVILEGED=1 sw --emulate=6.18 -n 500
	ok_run
	for m in kprobe debugfs slab tracepoint; do
		[ "$(src $m status)" = '"unavailable"' ]
		[[ "$(src $m reason)" == *EACCES* ]]
	done
	[ "$(src seq64 status)" = '"ok"' ]
	[ "$(src seq64 leaked)" = 1 ]
	[ "$(j "d['results']['signal_wait']['fence_drv']['verdict']")" = '"leak"' ]
	[ "$(j "d['results']['signal_wait']['fence_drv']['leaked']")" = 1 ]
}

@test "signal-wait --emulate=no-userq: skipped (77), naming the cause" {
	sw --emulate=no-userq -n 10
	[ "$status" -eq 77 ]
	validate_json "$DOC"
	assert_audit_clean
	[[ "$output" == *"userq_ip_mask 0"* ]]
	[[ "$output" == *"amdgpu.user_queue"* ]]
	[[ "$output" == *"6.16"* ]]
	[ "$(j "d['run']['exit_code']")" = 77 ]
	[ "$(j "'signal_wait' in d['results']")" = false ]
}

@test "signal-wait: ENOTSUPP (524) from USERQ skips (77)" {
	USERQ_EMU_FAULT=AMDGPU_USERQ:1:ENOTSUPP sw --emulate=6.18 -n 10
	[ "$status" -eq 77 ]
	validate_json "$DOC"
	assert_audit_clean
	[[ "$output" == *"ENOTSUPP (524)"* ]]
	[[ "$output" == *"amdgpu.user_queue=1 or 2"* ]]
}

@test "signal-wait --ip=gfx|compute|sdma all work" {
	for ip in gfx compute sdma; do
		sw --emulate=6.18 --ip=$ip -n 200
		ok_run
		[ "$(j "d['results']['signal_wait']['ip']")" = "\"$ip\"" ]
		[ "$(j "d['results']['signal_wait']['fence_drv']['leaked']")" = 1 ]
	done
}

# doorbells IP: the doorbell_offset of every USERQ CREATE of the trace.
doorbells() {
	sed -n 's/.* op=CREATE ip=\([A-Z]*\) doorbell=[0-9]*:\([0-9]*\) .*/\1 \2/p' "$1"
}

@test "signal-wait: every queue rings a doorbell in its engine's window, a new page when one is full" {
	# releases.md §6.1: compute 0x0d-0x8a, GFX 0x8d-0xff, SDMA 0x100 + 10
	# qwords per engine (2 engines: 0x100-0x113). 7.1 refuses a doorbell
	# in use (-EBUSY), so the 25 SDMA queues need a second page.
	local t="$UQ_TMP/trace" lo hi n
	for spec in "gfx 13 255 3" "compute 13 138 3" "sdma 256 275 25"; do
		set -- $spec
		rm -f "$t"
		USERQ_EMU_TRACE="$t" sw --emulate=7.1 --ip=$1 --queues=$4 -n 10
		ok_run
		lo=$2 hi=$3
		[ "$1" = gfx ] && lo=141
		n=$(doorbells "$t" | wc -l)
		[ "$n" -ge "$4" ]
		doorbells "$t" | while read -r ip off; do
			[ "$off" -ge "$lo" ] && [ "$off" -le "$hi" ] ||
				{ echo "$ip doorbell $off outside $lo-$hi"; return 1; }
		done
	done
	# the 21st SDMA queue took slot 0x100 of a second doorbell page
	[ "$(grep -c 'AMDGPU_GEM_CREATE.*domains=DOORBELL' "$t")" = 2 ]
}

@test "signal-wait --duration stops the loop by itself" {
	sw --emulate=7.1 --duration=0.2
	ok_run
	[ "$(j "d['results']['signal_wait']['iterations'] > 0")" = true ]
	[ "$(j "d['results']['signal_wait']['iterations'] == d['results']['signal_wait']['latency_ns']['pair']['count']")" = true ]
}

@test "signal-wait --warmup runs unmeasured iterations" {
	sw --emulate=6.18 -n 100 --warmup=50 --queues=2
	ok_run
	[ "$(j "d['results']['signal_wait']['iterations']")" = 100 ]
	[ "$(j "d['results']['signal_wait']['warmup']")" = 50 ]
	[ "$(j "d['results']['signal_wait']['latency_ns']['pair']['count']")" = 100 ]
	# self with two queues: each leaks its own fence driver
	[ "$(j "d['results']['signal_wait']['fence_drv']['leaked']")" = 2 ]
}

@test "signal-wait --fence-source: none, a subset, file:PATH" {
	sw --emulate=6.18 -n 50 --fence-source=none
	ok_run
	[ "$(j "d['results']['signal_wait']['fence_drv']")" = '{"sources": [], "leaked": null, "verdict": "unknown"}' ]
	# nothing is read, but the emulator still knows
	[ "$(audit fence_drv_leaked)" = 1 ]

	printf 'fences: 3\nfence_drv_live: 7\n' >"$UQ_TMP/counter"
	sw --emulate=6.18 -n 50 --fence-source=seq64 \
		--fence-source="file:$UQ_TMP/counter" \
		--fence-source="file:$UQ_TMP/missing"
	ok_run
	[ "$(j "[s['method'] for s in d['results']['signal_wait']['fence_drv']['sources']]")" = '["seq64", "file", "file"]' ]
	[ "$(j "d['results']['signal_wait']['fence_drv']['sources'][1]['before']")" = 7 ]
	[ "$(j "d['results']['signal_wait']['fence_drv']['sources'][1]['delta']")" = 0 ]
	[ "$(j "d['results']['signal_wait']['fence_drv']['sources'][2]['status']")" = '"unavailable"' ]
	[[ "$(j "d['results']['signal_wait']['fence_drv']['sources'][2]['reason']")" == *ENOENT* ]]
	[ "$(j "d['results']['signal_wait']['fence_drv']['leaked']")" = 1 ]
}

@test "signal-wait: an ioctl failure in the loop exits 2 with partial results, nothing left" {
	USERQ_EMU_FAULT=AMDGPU_USERQ_SIGNAL:20:EIO sw --emulate=6.18 -n 1000 --fence-source=kprobe
	[ "$status" -eq 2 ]
	validate_json "$DOC"
	assert_audit_clean
	[[ "$output" == *"USERQ_SIGNAL"*"EIO"* ]]
	[ "$(j "d['errors'][-1]['where']")" = '"AMDGPU_USERQ_SIGNAL"' ]
	[ "$(j "d['errors'][-1]['errno_name']")" = '"EIO"' ]
	[ "$(j "d['results']['signal_wait']['iterations'] < 1000")" = true ]
}

@test "signal-wait --timeout: exit 124, cleaned up, kprobes removed" {
	sw --emulate=6.18 -n 1000000000000 --timeout=0.3
	[ "$status" -eq 124 ]
	validate_json "$DOC"
	assert_audit_clean
	[ "$(j "d['run']['exit_code']")" = 124 ]
	[ "$(src kprobe status)" = '"ok"' ]
}

@test "signal-wait --format=text: a summary with the verdict" {
	run uq signal-wait --emulate=6.18 -n 100 --format=text
	[ "$status" -eq 0 ]
	[[ "$output" == *"signal-wait on /dev/dri/renderD128 (emulated, profile 6.18)"* ]]
	[[ "$output" == *"fence drivers: leak, 1 outlived their queues"* ]]
	[[ "$output" == *"wait_fill"* ]]
	# min, mean and stddev beside the percentiles, and what each row is
	[[ "$output" == *"  metric          count      min     mean   stddev      p50      p90      p99    p99.9      max"* ]]
	[[ "$output" == *"(signal: USERQ_SIGNAL; wait_count: USERQ_WAIT counting the fences; wait_fill: USERQ_WAIT returning them; pair: the whole iteration)"* ]]
	# the teardown: one GFX queue, then its five buffers
	[[ "$output" == *"teardown: 1 queue(s) freed in "*" us, then 5 buffer(s) unmapped in "*" us"* ]]
	assert_audit_clean
}

@test "signal-wait --format=text without a device says so" {
	run uq_to "$UQ_TMP/text" signal-wait --device=/dev/null --format=text
	[ "$status" -eq 69 ]
	[ "$(head -n 1 "$UQ_TMP/text")" = "signal-wait on no device" ]
	! grep -q '(null)' "$UQ_TMP/text"
}

@test "signal-wait option errors exit 64" {
	for bad in --queues=0 --queues=101 --ip=vcn --pattern=ring \
		--fence-source=bogus --fence-source=file: -n0 --iterations=x \
		--duration=-1 --warmup=x extra; do
		run uq signal-wait --emulate "$bad"
		[ "$status" -eq 64 ] || { echo "$bad: exit $status"; return 1; }
	done
	run uq signal-wait --emulate --fence-source=none --fence-source=seq64
	[ "$status" -eq 64 ]
	[[ "$output" == *"'none' cannot be combined"* ]]
}

# Issue 12: the fence-driver verdict as a JUnit case.
@test "--junit: the fence-driver verdict fails on 6.18 (dd88d42d missing), passes on 7.1" {
	run uq signal-wait --emulate=6.18 -n 50 -q -o "$UQ_TMP/a.json" --junit="$UQ_TMP/a.xml"
	[ "$status" -eq 0 ]
	validate_junit "$UQ_TMP/a.xml"
	[ "$(junit_get "$UQ_TMP/a.xml" 'count(//testcase[@classname="userq-bench.signal_wait.fence_drv"]/failure)')" = 1 ]
	run uq signal-wait --emulate=7.1 -n 50 -q -o "$UQ_TMP/b.json" --junit="$UQ_TMP/b.xml"
	[ "$status" -eq 0 ]
	validate_junit "$UQ_TMP/b.xml"
	[ "$(junit_get "$UQ_TMP/b.xml" 'count(//testcase)')" = 1 ]
	[ "$(junit_get "$UQ_TMP/b.xml" 'count(//failure)')" = 0 ]
}

# The tracepoint source (issue 10 item 4; releases.md §5.4): the 7.3
# amdgpu_userq_* events in a tracefs instance of the run's own.

@test "signal-wait --emulate=7.3: tracepoint ok, one parked reference per iteration, no-leak with the others" {
	sw --emulate=7.3 -n 1000
	ok_run
	[ "$(j "d['results']['signal_wait']['fence_drv']['verdict']")" = '"no-leak"' ]
	[ "$(j "d['results']['signal_wait']['fence_drv']['leaked']")" = 0 ]
	[ "$(src tracepoint status)" = '"ok"' ]
	[ "$(src tracepoint counts)" = '"fence_driver_refs"' ]
	# the self pattern: one wait_deps per iteration (f41e74f2111c)
	[ "$(src tracepoint delta)" = 1000 ]
	[ "$(src tracepoint parked_refs)" = 1000 ]
	[ "$(src tracepoint fences_emitted)" = 1000 ]
	[ "$(src tracepoint emitting_drivers)" = 1 ]
	[ "$(src tracepoint referenced_drivers)" = 1 ]
	[ "$(src tracepoint queues_created)" = 1 ]
	[ "$(src tracepoint queues_destroyed)" = 1 ]
	[ "$(src tracepoint events_lost)" = 0 ]
	[ "$(src tracepoint leaked)" = 0 ]
	# with the kprobe lifetime counts: the referenced driver is gone
	[ "$(src kprobe alloc)" = 1 ]
	[ "$(src kprobe destroy)" = 1 ]
	[ "$(src tracepoint referenced_destroyed)" = true ]
	[[ "$(src tracepoint instance)" == '"uqb_'*'_userq"' ]]
	# every other source agrees; slab is gone in 7.2
	[ "$(j "[s['method'] for s in d['results']['signal_wait']['fence_drv']['sources'] if s['method'] != 'slab' and (s['status'] != 'ok' or s['leaked'] != 0)]")" = '[]' ]
	[ "$(src slab status)" = '"unavailable"' ]
	[ "$(src slab reason)" = '"no amdgpu_userq_fence slab (removed in 7.2, 0d831487b5be)"' ]
	# the instance and its switches are gone (assert_audit_clean too)
	[ "$(audit trace_instances)" = 0 ]
	[ "$(audit trace_events)" = 0 ]
	[ "$(audit fence_drv_leaked)" = 0 ]
}

@test "signal-wait --pattern=cross --queues=3 on 7.3: the waiter references each producer" {
	sw --emulate=7.3 --pattern=cross --queues=3 -n 200
	ok_run
	[ "$(j "d['results']['signal_wait']['fence_drv']['verdict']")" = '"no-leak"' ]
	[ "$(src tracepoint parked_refs)" = 600 ]
	[ "$(src tracepoint referenced_drivers)" = 3 ]
	[ "$(src tracepoint queues_created)" = 4 ]
	[ "$(src tracepoint queues_destroyed)" = 4 ]
	[ "$(src tracepoint referenced_destroyed)" = true ]
}

@test "signal-wait before 7.3: the tracepoint source unavailable with its reason" {
	for p in 6.18 7.1; do
		sw --emulate=$p -n 100
		ok_run
		[ "$(src tracepoint status)" = '"unavailable"' ]
		[ "$(src tracepoint reason)" = '"no amdgpu_userq_* tracepoints in tracefs (added in 7.3, f41e74f2111c)"' ]
		[ "$(src tracepoint referenced_destroyed)" = null ]
		[ "$(src slab status)" = '"ok"' ]
	done
}

@test "signal-wait --fence-source=tracepoint alone cannot tell no-leak: it does not count fence drivers" {
	sw --emulate=7.3 -n 100 --fence-source=tracepoint --fail-on-leak
	[ "$status" -eq 77 ]
	[[ "$output" == *"(tracepoint: does not count fence drivers)"* ]]
	validate_json "$DOC"
	assert_audit_clean
	[ "$(src tracepoint parked_refs)" = 100 ]
	# without the kprobe counts the lifetime cannot be told
	[ "$(src tracepoint referenced_destroyed)" = null ]
	[ "$(j "d['results']['signal_wait']['fence_drv']['verdict']")" = '"unknown"' ]
}

@test "signal-wait on 7.3, unprivileged: tracepoint unavailable with EACCES" {
	USERQ_EMU_UNPRIVILEGED=1 sw --emulate=7.3 -n 100
	ok_run
	[ "$(src tracepoint status)" = '"unavailable"' ]
	[[ "$(src tracepoint reason)" == *EACCES* ]]
}

@test "signal-wait on 7.3: every way out removes the tracefs instance" {
	# an ioctl failure in the loop
	USERQ_EMU_FAULT=AMDGPU_USERQ_SIGNAL:20:EIO sw --emulate=7.3 -n 1000
	[ "$status" -eq 2 ]
	validate_json "$DOC"
	assert_audit_clean
	[ "$(audit trace_instances)" = 0 ]
	# the --timeout stop
	sw --emulate=7.3 -n 1000000000000 --timeout=0.3
	[ "$status" -eq 124 ]
	validate_json "$DOC"
	assert_audit_clean
	[ "$(audit trace_instances)" = 0 ]
	[ "$(audit trace_events)" = 0 ]
	# a --duration run: no iteration count, the buffer gets the cap
	sw --emulate=7.3 --duration=0.2 --fence-source=tracepoint
	[ "$status" -eq 0 ]
	validate_json "$DOC"
	assert_audit_clean
	[ "$(src tracepoint status)" = '"ok"' ]
	[ "$(j "d['results']['signal_wait']['iterations'] == $(src tracepoint parked_refs)")" = true ]
}

@test "signal-wait --format=text on 7.3: the tracepoint line" {
	run uq signal-wait --emulate=7.3 -n 100 --format=text
	[ "$status" -eq 0 ]
	[[ "$output" == *"tracepoint ok          before 2 after 102 delta 100 fence_driver_refs; leaked 0; parked refs 100 on drivers 1; fences 100 from drivers 1; referenced drivers destroyed: yes"* ]]
	[[ "$output" == *"slab       unavailable no amdgpu_userq_fence slab (removed in 7.2, 0d831487b5be)"* ]]
	assert_audit_clean
}
