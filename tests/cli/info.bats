#!/usr/bin/env bats
# userq-bench info against the emulator, on every kernel profile: the
# document validates against the schema and says what the profile is
# (SPEC §2, §4, §5); text output; -o written atomically.

load helpers

setup() {
	setup_tmp
	DOC="$UQ_TMP/doc.json"
}

teardown() {
	teardown_tmp
}

# info_json PROFILE: run info on PROFILE into $DOC and check what holds
# for every profile.
info_json() {
	run uq_to "$DOC" info --emulate="$1" --format=json
	[ "$status" -eq 0 ] || { echo "exit $status: $output"; return 1; }
	[ -z "$output" ] || { echo "unexpected stderr: $output"; return 1; }
	validate_json "$DOC"
	[ "$(j "d['device']['emulated']")" = true ]
	[ "$(j "d['device']['emulator_profile']")" = "\"$1\"" ]
	[ "$(j "d['run']['command']")" = '"info"' ]
	[ "$(j "d['run']['exit_code']")" = 0 ]
	[ "$(j "d['errors']")" = '[]' ]
	[ "$(j "d['device']['node']")" = '"/dev/dri/renderD128"' ]
	[ "$(j "d['device']['pci_id']")" = '"1002:744c"' ]
	[ "$(j "d['device']['pci_bus']")" = '"0000:03:00.0"' ]
	[ "$(j "d['device']['family']")" = 145 ]
	[ "$(j "d['device']['gfx_ip']")" = '"11.0.0"' ]
	[ "$(j "[n['node'] for n in d['nodes'] if n['selected']]")" = '["/dev/dri/renderD128"]' ]
	assert_audit_clean
}

@test "info --emulate=6.16: userq on, explicit sync rejected, KMS 3.64" {
	info_json 6.16
	[ "$(j "d['device']['userq']['ips']")" = '["gfx", "compute", "sdma"]' ]
	[ "$(j "d['device']['explicit_sync_unmap']")" = '"unsupported"' ]
	[ "$(j "d['device']['drm_version']")" = '"3.64.0"' ]
}

@test "info --emulate=6.18: three userq IPs, explicit sync unsupported" {
	info_json 6.18
	[ "$(j "d['device']['userq']['ip_mask']")" = 7 ]
	[ "$(j "d['device']['userq']['ips']")" = '["gfx", "compute", "sdma"]' ]
	[ "$(j "d['device']['explicit_sync_unmap']")" = '"unsupported"' ]
	[ "$(j "d['device']['drm_version']")" = '"3.64.0"' ]
	[ "$(j "d['device']['userq']['user_queue_param']")" = 1 ]
}

# fsrc METHOD KEY: a member of fence source METHOD in info's document.
fsrc() {
	j "[s for s in d['device']['fence_sources'] if s['method'] == '$1'][0]['$2']"
}

@test "info --emulate=7.3: tracepoint source ok, slab gone with 7.2 (0d831487b5be)" {
	info_json 7.3
	[ "$(fsrc tracepoint status)" = '"ok"' ]
	[ "$(fsrc tracepoint reason)" = null ]
	[ "$(fsrc slab status)" = '"unavailable"' ]
	[ "$(fsrc slab reason)" = '"no amdgpu_userq_fence slab (removed in 7.2, 0d831487b5be)"' ]
}

@test "info before 7.3: tracepoint source unavailable, naming f41e74f2111c" {
	for p in 6.16 6.18 7.0 7.1; do
		info_json $p
		[ "$(fsrc tracepoint status)" = '"unavailable"' ]
		[ "$(fsrc tracepoint reason)" = '"no amdgpu_userq_* tracepoints in tracefs (added in 7.3, f41e74f2111c)"' ]
		# the slab still exists there
		[ "$(fsrc slab status)" = '"ok"' ]
	done
	run uq info --emulate=7.1 --format=text
	[ "$status" -eq 0 ]
	[[ "$output" == *"tracepoint"*"unavailable: no amdgpu_userq_* tracepoints in tracefs (added in 7.3, f41e74f2111c)"* ]]
}

@test "info --emulate=7.1: explicit sync still unsupported" {
	info_json 7.1
	[ "$(j "d['device']['userq']['ips']")" = '["gfx", "compute", "sdma"]' ]
	[ "$(j "d['device']['explicit_sync_unmap']")" = '"unsupported"' ]
	[ "$(j "d['device']['drm_version']")" = '"3.64.0"' ]
}

@test "info --emulate=explicit-sync: the probe finds explicit sync, KMS 3.65" {
	info_json explicit-sync
	[ "$(j "d['device']['explicit_sync_unmap']")" = '"supported"' ]
	[ "$(j "d['device']['drm_version']")" = '"3.65.0"' ]
	[ "$(j "d['device']['userq']['ips']")" = '["gfx", "compute", "sdma"]' ]
}

@test "info --emulate=no-userq: no userq IPs, seq64 unavailable with the reason" {
	info_json no-userq
	[ "$(j "d['device']['userq']['ip_mask']")" = 0 ]
	[ "$(j "d['device']['userq']['user_queue_param']")" = -1 ]
	[ "$(j "d['device']['userq']['ips']")" = '[]' ]
	[ "$(j "d['device']['explicit_sync_unmap']")" = '"unsupported"' ]
	[ "$(j "[s['status'] for s in d['device']['fence_sources'] if s['method'] == 'seq64']")" = '["unavailable"]' ]
	[[ "$(j "[s['reason'] for s in d['device']['fence_sources'] if s['method'] == 'seq64'][0]")" == *"userq_ip_mask 0"* ]]
}

@test "info --emulate=no-userq --format=text says there are no user queues" {
	run uq info --emulate=no-userq --format=text
	[ "$status" -eq 0 ]
	[[ "$output" == *"user queues"*"none (userq_ip_mask 0x0)"* ]]
	[[ "$output" == *"amdgpu.user_queue"*"-1"* ]]
	[[ "$output" == *"seq64"*"unavailable: no user queues"* ]]
	assert_audit_clean
}

@test "every fence source is listed; an unavailable one says why" {
	info_json 6.18
	[ "$(j "[s['method'] for s in d['device']['fence_sources']]")" = '["seq64", "kprobe", "debugfs", "slab", "tracepoint"]' ]
	[ "$(j "[s['status'] for s in d['device']['fence_sources'] if s['method'] == 'seq64']")" = '["ok"]' ]
	[ "$(j "all(s['status'] == 'ok' or len(s['reason']) > 10 for s in d['device']['fence_sources'])")" = true ]
}

@test "USERQ_EMU_UNPRIVILEGED=1: root-only sources unavailable with a reason, seq64 still ok" {
	USERQ_EMU_UNPRIVILEGED=1 info_json 6.18
	[ "$(j "[s['status'] for s in d['device']['fence_sources'] if s['method'] != 'seq64']")" = '["unavailable", "unavailable", "unavailable", "unavailable"]' ]
	[ "$(j "all(len(s['reason']) > 10 for s in d['device']['fence_sources'] if s['method'] != 'seq64')")" = true ]
	[ "$(j "[s['status'] for s in d['device']['fence_sources'] if s['method'] == 'seq64']")" = '["ok"]' ]
}

@test "plain --emulate uses USERQ_EMU_PROFILE, else 6.18; the old explicit-sync name is an alias" {
	run uq_to "$DOC" info --emulate --format=json
	[ "$status" -eq 0 ]
	[ "$(j "d['device']['emulator_profile']")" = '"6.18"' ]
	USERQ_EMU_PROFILE=7.1-explicit-sync run uq_to "$DOC" info --emulate --format=json
	[ "$status" -eq 0 ]
	[ "$(j "d['device']['emulator_profile']")" = '"explicit-sync"' ]
	[ "$(j "d['device']['explicit_sync_unmap']")" = '"supported"' ]
	assert_audit_clean
}

# Without USERQ_EMU_LIB, a userq-bench in the build tree uses the build
# tree's library (make check runs the build tree's binary).
uq_without_emu_lib() {
	(
		unset USERQ_EMU_LIB
		uq "$@"
	)
}

@test "--emulate finds the build tree's emulator without USERQ_EMU_LIB" {
	run uq_without_emu_lib info --emulate=7.1 -q -o "$DOC"
	[ "$status" -eq 0 ]
	validate_json "$DOC"
	[ "$(j "d['device']['emulator_profile']")" = '"7.1"' ]
	assert_audit_clean
}

@test "global options work before the command too" {
	run uq_to "$DOC" --emulate=7.1 --format=json info
	[ "$status" -eq 0 ]
	validate_json "$DOC"
	[ "$(j "d['device']['emulator_profile']")" = '"7.1"' ]
	[ "$(j "d['run']['argv'][1:]")" = '["--emulate=7.1", "--format=json", "info"]' ]
}

@test "the emulator preloaded by hand is detected without --emulate" {
	USERQ_EMU_PROFILE=7.1 emu_run "$USERQ_BENCH" info --format=json >"$DOC"
	validate_json "$DOC"
	[ "$(j "d['device']['emulated']")" = true ]
	[ "$(j "d['device']['emulator_profile']")" = '"7.1"' ]
	assert_audit_clean
}

@test "info --format=text is a readable summary" {
	run uq info --emulate=6.18 --format=text
	[ "$status" -eq 0 ]
	[[ "$output" == *"render nodes:"* ]]
	[[ "$output" == *"/dev/dri/renderD128"*"amdgpu (selected)"* ]]
	[[ "$output" == *"emulated"*"yes, profile 6.18"* ]]
	[[ "$output" == *"PCI"*"0000:03:00.0, 1002:744c rev 0xc8"* ]]
	[[ "$output" == *"GFX IP"*"11.0.0"* ]]
	[[ "$output" == *"DRM/KMS"*"amdgpu 3.64.0"* ]]
	[[ "$output" == *"user queues"*"gfx, compute, sdma (userq_ip_mask 0x7)"* ]]
	[[ "$output" == *"explicit-sync unmap"*"unsupported"* ]]
	[[ "$output" == *"fence-driver sources:"*"seq64"*"ok"* ]]
	# Text, not JSON.
	[[ "$output" != *'"schema_version"'* ]]
	assert_audit_clean
}

@test "-o FILE writes a valid document; stdout gets the text summary" {
	run uq info --emulate=6.18 -o "$UQ_TMP/result.json"
	[ "$status" -eq 0 ]
	validate_json "$UQ_TMP/result.json"
	[ "$(json_get "$UQ_TMP/result.json" "d['device']['emulator_profile']")" = '"6.18"' ]
	[[ "$output" == *"render nodes:"* ]]
	[[ "$output" != *'"schema_version"'* ]]
	# Nothing but the result and the audit: no temporary file left.
	[ "$(cd "$UQ_TMP" && ls -A | sort | tr '\n' ' ')" = "audit.json result.json " ]
	assert_audit_clean
}

@test "-o FILE --quiet: nothing on stdout; --format=json: JSON on stdout too" {
	run uq info --emulate=6.18 -o "$UQ_TMP/result.json" --quiet
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	validate_json "$UQ_TMP/result.json"
	run uq_to "$DOC" info --emulate=6.18 -o "$UQ_TMP/result.json" --format=json
	[ "$status" -eq 0 ]
	validate_json "$DOC"
	validate_json "$UQ_TMP/result.json"
}

@test "-o replaces an existing file" {
	echo "old content" >"$UQ_TMP/result.json"
	run uq info --emulate=7.1 -o "$UQ_TMP/result.json" -q
	[ "$status" -eq 0 ]
	validate_json "$UQ_TMP/result.json"
	[ "$(cd "$UQ_TMP" && ls -A | sort | tr '\n' ' ')" = "audit.json result.json " ]
}

@test "-o into an unwritable directory: exit 2, one message, nothing left" {
	local dir

	if [ "$(id -u)" = 0 ]; then
		# root writes anywhere a mode allows; sysfs refuses new files.
		dir=/sys
	else
		dir="$UQ_TMP/ro"
		mkdir "$dir"
		chmod 555 "$dir"
	fi
	run uq info --emulate=6.18 -o "$dir/uq-result.json" -q
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "userq-bench: cannot write $dir/uq-result.json: "* ]]
	[ ! -e "$dir/uq-result.json" ]
	[ -z "$(find "$dir" -maxdepth 1 -name '.uq-result.json.*' 2>/dev/null)" ]
	assert_audit_clean
}

@test "-o into a missing directory: exit 2; stdout still has the document" {
	run uq_to "$DOC" info --emulate=6.18 -o "$UQ_TMP/missing/result.json" --format=json
	[ "$status" -eq 2 ]
	[[ "$output" == *"cannot write $UQ_TMP/missing/result.json"*"ENOENT"* ]]
	validate_json "$DOC"
	[ "$(j "d['run']['exit_code']")" = 2 ]
	[ "$(j "d['errors'][-1]['where']")" = '"output"' ]
	[ ! -e "$UQ_TMP/missing" ]
}

@test "explicit-sync probe: a failing control call gives unknown with the reason" {
	USERQ_EMU_FAULT=AMDGPU_GEM_VA:1:EIO run uq_to "$DOC" info --emulate=explicit-sync --format=json
	[ "$status" -eq 0 ]
	validate_json "$DOC"
	[ "$(j "d['device']['explicit_sync_unmap']")" = '"unknown"' ]
	[[ "$(j "d['device']['explicit_sync_unmap_reason']")" == *"control GEM_VA UNMAP|PRT"*"returned EIO, expected ENOENT"* ]]
	assert_audit_clean
}

@test "explicit-sync probe: an unexpected errno on the flagged call gives unknown" {
	USERQ_EMU_FAULT=AMDGPU_GEM_VA:2:ENOMEM run uq_to "$DOC" info --emulate=6.18 --format=json
	[ "$status" -eq 0 ]
	[ "$(j "d['device']['explicit_sync_unmap']")" = '"unknown"' ]
	[[ "$(j "d['device']['explicit_sync_unmap_reason']")" == *"UNMAP|PRT|EXPLICIT_SYNC"*"returned ENOMEM"* ]]
}

@test "a failing AMDGPU_INFO: exit 2, one line naming the device, the step and the errno" {
	USERQ_EMU_FAULT=AMDGPU_INFO:1+:EIO run uq_to "$DOC" info --emulate=6.18 --format=json
	[ "$status" -eq 2 ]
	[[ "$output" == *"userq-bench: /dev/dri/renderD128: libdrm amdgpu_device_initialize failed: EIO"* ]]
	validate_json "$DOC"
	[ "$(j "d['run']['exit_code']")" = 2 ]
	[ "$(j "d['errors'][0]['errno_name']")" = '"EIO"' ]
	assert_audit_clean
}

# libdrm's amdgpu_device_initialize() makes its own two DRM_IOCTL_VERSION
# calls (the 5th and 6th of info) and would crash on a NULL result; the
# tool's drmGetVersion() (src/gpu/libdrm_quirks.c) turns that into a
# clean failure naming the errno. On a kernel: the GPU unplugged between
# the tool's own VERSION call and libdrm's.
@test "DRM_IOCTL_VERSION failing inside libdrm's amdgpu_device_initialize: exit 2 with the errno, no crash" {
	for call in 5 6; do
		USERQ_EMU_FAULT="VERSION:$call:ENODEV" run uq_to "$DOC" info --emulate=6.18 --format=json
		[ "$status" -eq 2 ]
		[ "${#lines[@]}" -eq 1 ]
		[[ "$output" == *"userq-bench: /dev/dri/renderD128: DRM_IOCTL_VERSION failed inside libdrm's amdgpu_device_initialize: ENODEV"*"the GPU is gone"* ]]
		validate_json "$DOC"
		[ "$(j "d['errors'][0]['where']")" = '"DRM_IOCTL_VERSION"' ]
		[ "$(j "d['errors'][0]['errno_name']")" = '"ENODEV"' ]
		assert_audit_clean
	done
	USERQ_EMU_FAULT="VERSION:6:EIO" run uq_to "$DOC" info --emulate=6.18 --format=json
	[ "$status" -eq 2 ]
	[[ "$output" == *"amdgpu_device_initialize: EIO (Input/output error); check dmesg for amdgpu errors"* ]]
}

@test "a node whose DRM_IOCTL_VERSION fails: listed with the errno, exit 69" {
	USERQ_EMU_FAULT=VERSION:1+:EIO run uq_to "$DOC" info --emulate=6.18 --format=json
	[ "$status" -eq 69 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"no usable amdgpu render node: /dev/dri/renderD128: DRM_IOCTL_VERSION failed: EIO"* ]]
	validate_json "$DOC"
	[ "$(j "d['nodes'][0]['error']")" = '"EIO"' ]
	[ "$(j "d['nodes'][0]['error_where']")" = '"DRM_IOCTL_VERSION"' ]
}

@test "--device=/dev/dri/renderD128 under the emulator selects it" {
	run uq_to "$DOC" info --emulate=6.18 --device=/dev/dri/renderD128 --format=json
	[ "$status" -eq 0 ]
	validate_json "$DOC"
	[ "$(j "d['device']['node']")" = '"/dev/dri/renderD128"' ]
	assert_audit_clean
}

@test "--emulate --device=/dev/null: exit 69 under the emulator too" {
	run uq_to "$DOC" info --emulate=6.18 --device=/dev/null --format=json
	[ "$status" -eq 69 ]
	[[ "$output" == *"/dev/null is not a DRM device"* ]]
	validate_json "$DOC"
}

# Issue 9: a failed HW_IP_COUNT is not an absent IP: the entry stays, with
# its errno and no count, and info still answers (exit 0).
@test "a failed HW_IP_COUNT shows as the errno, not as an absent IP" {
	USERQ_EMU_FAULT=AMDGPU_INFO:8:EIO run uq_to "$DOC" info --emulate --format=json
	[ "$status" -eq 0 ]
	validate_json "$DOC"
	[ "$(j "[(e['ip'], e['count'], e.get('errno_name')) for e in d['device']['hw_ips'][:3]]")" = '[["gfx", 1, null], ["compute", null, "EIO"], ["sdma", 2, null]]' ]
}
