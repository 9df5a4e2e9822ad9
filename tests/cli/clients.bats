#!/usr/bin/env bats
# Userspace nobody here wrote, against the emulator (issue 13): libdrm's
# amdgpu_stress, Mesa's RADV through vulkaninfo, Mesa's radeonsi through
# eglinfo, and two small programs of our own (tests/clients/vk-fill.c on
# RADV, gl-fill.c on radeonsi) that fill buffers and write timestamps and
# check the data. drmdevice is run by emulator.bats.
#
# Each test skips, with the package to install, when its client is
# absent. These tests run in the gcc suite only: not under memcheck
# (scripts/check leaves the file out) and not in the sanitizer build
# (Makefile.am: an ASan preload library cannot be loaded into these
# uninstrumented programs).

load helpers

setup() {
	setup_tmp
	# RADV's shader cache stays in the test's directory
	export XDG_CACHE_HOME="$UQ_TMP/cache"
	VK_FILL="$UQ_TOP_BUILDDIR/tests/clients/vk-fill"
	GL_FILL="$UQ_TOP_BUILDDIR/tests/clients/gl-fill"
}

teardown() {
	teardown_tmp
}

RADV_ICD=/usr/share/vulkan/icd.d/radeon_icd.x86_64.json

need_radv() {
	[ -r "$RADV_ICD" ] || skip "RADV is not installed (apt-get install mesa-vulkan-drivers)"
}

need_vk_fill() {
	[ -x "$VK_FILL" ] ||
		skip "tests/clients/vk-fill was not built (configure found no vulkan.pc: apt-get install libvulkan-dev)"
	need_radv
}

need_radeonsi() {
	[ -n "$(find /usr/lib /usr/lib64 -name radeonsi_dri.so -print -quit 2>/dev/null)" ] ||
		skip "radeonsi is not installed (apt-get install libgl1-mesa-dri libegl-mesa0)"
}

need_gl_fill() {
	[ -x "$GL_FILL" ] ||
		skip "tests/clients/gl-fill was not built (configure found no egl.pc or gl.pc: apt-get install libegl-dev libgl-dev)"
	need_radeonsi
}

# run_gl_fill MODE: gl-fill under the emulator; its exit 77 (no radeonsi
# context) is a failure, as vk-fill's is below.
run_gl_fill() {
	XDG_RUNTIME_DIR="$UQ_TMP" run emu_run "$GL_FILL" "$1"
	if [ "$status" -eq 77 ]; then
		echo "gl-fill $1 could not run under the emulator: $output" >&2
		return 1
	fi
}

# run_vk_fill MODE: vk-fill under the emulator. Its exit 77 (no AMD
# Vulkan device, or RADV without VK_EXT_calibrated_timestamps, which
# Mesa 22.3 has) is a failure here, not a skip: with RADV installed, the
# emulated GPU not showing up as such is the emulator's fault.
run_vk_fill() {
	run emu_run "$VK_FILL" "$1"
	if [ "$status" -eq 77 ]; then
		echo "vk-fill $1 could not run under the emulator: $output" >&2
		return 1
	fi
}

@test "amdgpu_stress -b allocates BOs in VRAM, GTT and both" {
	command -v amdgpu_stress >/dev/null ||
		skip "amdgpu_stress is not installed (apt-get install libdrm-tests)"
	# it exits without freeing: closing the file frees its objects
	# (drm_file release), which the audit of leftovers does not count on
	UQ_AUDIT_DIRTY_OK=1
	run emu_run amdgpu_stress -b v 1m -b g 64k -b vg 4k
	[ "$status" -eq 0 ]
	# BO 0 is amdgpu_stress's own command buffer (GTT)
	[[ "$output" == *"Allocated BO number 1 at 0x"*", domain 0x4, size 1048576"* ]]
	[[ "$output" == *"Allocated BO number 2 at 0x"*", domain 0x2, size 65536"* ]]
	[[ "$output" == *"Allocated BO number 3 at 0x"*", domain 0x6, size 4096"* ]]
}

# The summary names the device and its Vulkan version. The board data
# (DEV_INFO, VRAM size, kernel version) shows in the full vulkaninfo
# output rather than in the summary: memory heap sizes from the VRAM and
# GTT sizes, and driverInfo/the device's properties from DEV_INFO.
@test "vulkaninfo --summary lists the emulated GPU as RADV GFX1100" {
	command -v vulkaninfo >/dev/null ||
		skip "vulkaninfo is not installed (apt-get install vulkan-tools)"
	need_radv
	VK_ICD_FILENAMES="$RADV_ICD" run emu_run vulkaninfo --summary
	[ "$status" -eq 0 ]
	[[ "$output" == *"deviceName         = AMD Radeon Graphics (RADV GFX1100)"* ]]
	[[ "$output" == *"apiVersion         = 1.3."* ]]
	[[ "$output" == *"vendorID           = 0x1002"* ]]
	[[ "$output" == *"deviceID           = 0x744c"* ]]
	[[ "$output" == *"deviceType         = PHYSICAL_DEVICE_TYPE_DISCRETE_GPU"* ]]
	[[ "$output" == *"driverName         = radv"* ]]
}

# The board's memory sizes as RADV turns them into heaps: the VRAM heap
# is the 24560 MiB a real Navi 31 reports (not 24 GiB), all of it
# CPU-visible as with resizable BAR (visible = min(BAR, VRAM)).
@test "vulkaninfo: RADV's VRAM heap is the board's 24560 MiB" {
	command -v vulkaninfo >/dev/null ||
		skip "vulkaninfo is not installed (apt-get install vulkan-tools)"
	need_radv
	VK_ICD_FILENAMES="$RADV_ICD" run emu_run vulkaninfo
	[ "$status" -eq 0 ]
	[[ "$output" == *"size   = 25753026560 (0x5ff000000)"* ]]
	[[ "$output" != *"size   = 25769803776 "* ]] # 24 GiB
}

# eglinfo (mesa-utils) initialises every EGL platform it knows. On the
# surfaceless and device platforms Mesa picks the render node and loads
# radeonsi, which creates its screen (INFO queries, a context, its
# buffers). GBM opens the primary node /dev/dri/card0, which the emulator
# does not present (no KMS), and Wayland and X11 have no server here:
# those fail, on a headless machine with a real GPU too for the latter
# two, so eglinfo's exit status (the number of failed platforms) is not
# asserted.
@test "eglinfo: radeonsi drives the emulated GPU on the surfaceless and device platforms" {
	command -v eglinfo >/dev/null ||
		skip "eglinfo is not installed (apt-get install mesa-utils)"
	need_radeonsi
	XDG_RUNTIME_DIR="$UQ_TMP" run emu_run eglinfo
	# platform (or device) and the driver its display got
	drivers=$(awk '/ platform:$/ { p = $1 } /^Device #/ { p = "Device" $2 }
		/^EGL driver name:/ { print p, $4 }' <<<"$output")
	echo "$drivers"
	[[ "$drivers" == *"Surfaceless radeonsi"* ]]
	[[ "$drivers" == *"Device#0: radeonsi"* ]]
	[[ "$output" != *"not emulated"* ]]
}

@test "vkCmdFillBuffer through RADV writes the data on the graphics and compute queues" {
	need_vk_fill
	VK_ICD_FILENAMES="$RADV_ICD" run_vk_fill fill
	[ "$status" -eq 0 ]
	[[ "$output" == *"graphics queue (family 0): VK_SUCCESS, data ok"* ]]
	[[ "$output" == *"compute queue (family 1): VK_SUCCESS, data ok"* ]]
	[[ "$output" != *"CP (ring"* ]]
}

# vkCmdWriteTimestamp: top of the pipe is COPY_DATA from the GPU clock,
# bottom is RELEASE_MEM with the clock as data; the device clock RADV
# reads for VK_EXT_calibrated_timestamps (AMDGPU_INFO_TIMESTAMP) brackets
# both.
@test "vkCmdWriteTimestamp through RADV gives ordered timestamps on the device clock" {
	need_vk_fill
	VK_ICD_FILENAMES="$RADV_ICD" run_vk_fill timestamp
	[ "$status" -eq 0 ]
	[[ "$output" == *"graphics queue (family 0): VK_SUCCESS, data ok, timestamps VK_SUCCESS: "* ]]
	[[ "$output" == *"compute queue (family 1): VK_SUCCESS, data ok, timestamps VK_SUCCESS: "* ]]
	[[ "$output" != *"CP (ring"* ]]
}

@test "work the command processor cannot run reaches RADV as VK_ERROR_DEVICE_LOST" {
	need_vk_fill
	VK_ICD_FILENAMES="$RADV_ICD" run_vk_fill lost
	[ "$status" -eq 0 ]
	[[ "$output" == *"compute-shader fill: "*", data not written"* ]]
	[[ "$output" == *"VK_ERROR_DEVICE_LOST"* ]]
	# the emulator says why: the dispatch stopped the CP, the ring reset
	[[ "$output" == *"CP (ring comp_"*"opcode 0x15"* ]]
	[[ "$output" == *"Ring comp_"*" reset succeeded"* ]]
}

@test "glClearBufferSubData through radeonsi writes the data between ordered GL_TIMESTAMP queries" {
	need_gl_fill
	run_gl_fill fill
	[ "$status" -eq 0 ]
	[[ "$output" == *"renderer: AMD Radeon Graphics (gfx1100, "* ]]
	[[ "$output" == *"clear: ok, GL error 0x0, reset status GL_NO_ERROR"* ]]
	[[ "$output" == *"timestamps: "* ]]
	[[ "$output" != *"CP (ring"* ]]
}

# radeonsi learns of the ring reset from CTX_QUERY2 (RESET, not GUILTY:
# a per-queue reset does not mark the context) and reports it as an
# innocent context reset.
@test "work the command processor cannot run reaches radeonsi as a context reset" {
	need_gl_fill
	run_gl_fill lost
	[ "$status" -eq 0 ]
	[[ "$output" == *"compute-shader clear: data not written, reset status GL_INNOCENT_CONTEXT_RESET"* ]]
	[[ "$output" == *"CP (ring gfx_"*"opcode 0x15"* ]]
	[[ "$output" == *"Ring gfx_"*" reset succeeded"* ]]
}
