#!/usr/bin/env bats
# The emulator library on its own (SPEC §5): unmodified programs see the
# emulated GPU through libdrm, the environment is checked at load, and the
# audit report is written.

load helpers

setup() {
	setup_tmp
}

teardown() {
	teardown_tmp
}

need_drmdevice() {
	command -v drmdevice >/dev/null || skip "drmdevice (libdrm-tests) not installed"
}

@test "drmdevice finds the emulated 1002:744c at 0000:03:00.0" {
	need_drmdevice
	run emu_run drmdevice
	[ "$status" -eq 0 ]
	[[ "$output" == *"--- Devices reported 1 ---"* ]]
	[[ "$output" == *"nodes[2] /dev/dri/renderD128"* ]]
	[[ "$output" == *"vendor_id     1002"* ]]
	[[ "$output" == *"device_id     744c"* ]]
	[[ "$output" == *"subvendor_id  1002"* ]]
	[[ "$output" == *"subdevice_id  0e3b"* ]]
	[[ "$output" == *"revision_id   c8"* ]]
	[[ "$output" == *"domain 0000"* ]]
	[[ "$output" == *"bus    03"* ]]
	[[ "$output" == *"Opening device node /dev/dri/renderD128"* ]]
}

@test "/dev/dri shows the render node only" {
	run emu_run ls /dev/dri
	[ "$status" -eq 0 ]
	[ "$output" = "renderD128" ]
	run emu_run stat -c '%F %t:%T' /dev/dri/renderD128
	[ "$status" -eq 0 ]
	[ "$output" = "character special file e2:80" ]
	run emu_run stat /dev/dri/card0
	[ "$status" -ne 0 ]
}

@test "amdgpu.user_queue follows the profile" {
	USERQ_EMU_PROFILE=6.18 run emu_run cat /sys/module/amdgpu/parameters/user_queue
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	USERQ_EMU_PROFILE=no-userq run emu_run cat /sys/module/amdgpu/parameters/user_queue
	[ "$status" -eq 0 ]
	[ "$output" = "-1" ]
}

@test "an unknown USERQ_EMU_PROFILE stops a preloaded program with 64" {
	USERQ_EMU_PROFILE=no-such-kernel run emu_run /bin/true
	[ "$status" -eq 64 ]
	[[ "$output" == *"userq-emu: unknown profile 'no-such-kernel' (known: "*"6.18"*")"* ]]
}

@test "a malformed USERQ_EMU_FAULT stops a preloaded program with 64" {
	USERQ_EMU_FAULT=AMDGPU_GEM_VA:0:EIO run emu_run /bin/true
	[ "$status" -eq 64 ]
	[[ "$output" == *"bad USERQ_EMU_FAULT entry 'AMDGPU_GEM_VA:0:EIO'"* ]]
	USERQ_EMU_FAULT=NO_SUCH_IOCTL:1:EIO run emu_run /bin/true
	[ "$status" -eq 64 ]
}

@test "USERQ_EMU_REPORT is written and clean after open and close" {
	need_drmdevice
	USERQ_EMU_PROFILE=6.18 run emu_run drmdevice
	[ "$status" -eq 0 ]
	assert_audit_clean
	run json_get "$USERQ_EMU_REPORT" "sorted(d.keys())"
	[ "$status" -eq 0 ]
	[ "$output" = '["bos", "ctxs", "fence_drv_leaked", "fence_drv_live", "fences_live", "kprobes", "profile", "queues", "seq64_slots_used", "syncobjs", "va_mappings"]' ]
	run json_get "$USERQ_EMU_REPORT" "d['profile']"
	[ "$output" = '"6.18"' ]
	# Atomic replacement leaves no temporary file behind.
	[ "$(ls "$UQ_TMP")" = "audit.json" ]
}
