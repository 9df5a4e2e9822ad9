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

@test "stat sizes are the filesystem's: a page in sysfs, 0 in procfs, debugfs and tracefs" {
	dev=/sys/bus/pci/devices/0000:03:00.0
	run emu_run stat -L -c '%s %n' "$dev/vendor" /sys/class/drm/version \
		/proc/version /proc/sys/kernel/osrelease
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '4096 %s\n' "$dev/vendor" /sys/class/drm/version)
$(printf '0 %s\n' /proc/version /proc/sys/kernel/osrelease)" ]
	# tracefs and debugfs are root's (mode 0700)
	if [ "$(id -u)" = 0 ]; then
		run emu_run stat -c '%s' /sys/kernel/tracing/trace
		[ "$status" -eq 0 ]
		[ "$output" = 0 ]
	fi
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
	[ "$output" = '["bos", "ctxs", "fence_drv_leaked", "fence_drv_live", "fences_live", "kprobes", "profile", "queues", "seq64_slots_used", "syncobjs", "trace_events", "trace_instances", "userq_evict_ns", "userq_evictions", "userq_restores", "va_mappings"]' ]
	run json_get "$USERQ_EMU_REPORT" "d['profile']"
	[ "$output" = '"6.18"' ]
	# Atomic replacement leaves no temporary file behind.
	[ "$(ls "$UQ_TMP")" = "audit.json" ]
}

# trace_check FILE: the lines of a USERQ_EMU_TRACE file are numbered
# 1..N without a gap (in any order: a sleeping call is written when it
# returns), each ioctl's own calls 1..n likewise, and every line ends in a
# result.
trace_check() {
	"$UQ_PYTHON3" - "$1" <<'PY'
import re, sys
seqs, per = [], {}
for line in open(sys.argv[1]):
    m = re.match(r'^(\d+) ([A-Z0-9_]+)#(\d+)( .*)? = (0|-1 E[A-Z0-9]+( \(injected\))?)( -> .*)?$', line.rstrip('\n'))
    if not m:
        sys.exit("malformed trace line: %r" % line)
    seqs.append(int(m.group(1)))
    per.setdefault(m.group(2), []).append(int(m.group(3)))
if sorted(seqs) != list(range(1, len(seqs) + 1)):
    sys.exit("sequence numbers are not 1..%d" % len(seqs))
for name, ns in per.items():
    if sorted(ns) != list(range(1, len(ns) + 1)):
        sys.exit("%s numbered %s" % (name, sorted(ns)))
PY
}

@test "USERQ_EMU_TRACE: one numbered line per ioctl, arguments and results decoded" {
	local t="$UQ_TMP/trace"

	USERQ_EMU_TRACE="$t" run uq_to "$UQ_TMP/doc.json" signal-wait --emulate=6.18 -n 5 --format=json
	[ "$status" -eq 0 ]
	trace_check "$t"
	grep -Eq '^1 VERSION#1 = 0$' "$t"
	grep -Eq '^[0-9]+ AMDGPU_USERQ#1 op=CREATE ip=GFX doorbell=[0-9]+:[0-9]+ flags=0x0 queue_va=0x[0-9a-f]+ size=0x[0-9a-f]+ = 0 -> queue=[0-9]+$' "$t"
	grep -Eq '^[0-9]+ AMDGPU_USERQ_SIGNAL#1 queue=[0-9]+ syncobjs=\[[0-9]+\] bo_read=[0-9]+ bo_write=[0-9]+ = 0$' "$t"
	grep -Eq '^[0-9]+ AMDGPU_USERQ#[0-9]+ op=FREE queue=[0-9]+ = 0$' "$t"
	grep -Eq '^[0-9]+ SYNCOBJ_CREATE#1 flags=0 = 0 -> handle=[0-9]+$' "$t"
	grep -Eq '^[0-9]+ AMDGPU_GEM_CREATE#1 size=0x[0-9a-f]+ domains=[A-Z|]+ flags=0x[0-9a-f]+ = 0 -> handle=[0-9]+$' "$t"
	# A probe the kernel refuses shows its errno name.
	grep -Eq '^[0-9]+ AMDGPU_INFO#[0-9]+ query=HW_IP_COUNT ip=UVD instance=0 size=4 = -1 EINVAL$' "$t"
	! grep -q injected "$t"
}

@test "USERQ_EMU_TRACE marks an injected fault, numbered as USERQ_EMU_FAULT counts" {
	local t="$UQ_TMP/trace" seq line

	USERQ_EMU_FAULT=AMDGPU_USERQ_SIGNAL:3:EIO USERQ_EMU_TRACE="$t" \
		run uq_to "$UQ_TMP/doc.json" signal-wait --emulate=6.18 -n 5 --format=json
	[ "$status" -eq 2 ]
	trace_check "$t"
	line=$(grep ' AMDGPU_USERQ_SIGNAL#3 ' "$t")
	[[ "$line" == *" = -1 EIO (injected)" ]]
	[ "$(grep -c injected "$t")" -eq 1 ]
	# The same call as any:SEQ: the trace's first column is what
	# USERQ_EMU_FAULT=any counts.
	seq=${line%% *}
	rm -f "$t"
	USERQ_EMU_FAULT="any:$seq:ENOMEM" USERQ_EMU_TRACE="$t" \
		run uq_to "$UQ_TMP/doc.json" signal-wait --emulate=6.18 -n 5 --format=json
	[ "$status" -eq 2 ]
	grep -Eq "^$seq AMDGPU_USERQ_SIGNAL#3 .* = -1 ENOMEM \(injected\)$" "$t"
}

@test "an USERQ_EMU_TRACE that cannot be opened stops a preloaded program with 64" {
	USERQ_EMU_TRACE="$UQ_TMP/no/such/dir/trace" run emu_run /bin/true
	[ "$status" -eq 64 ]
	[[ "$output" == *"USERQ_EMU_TRACE: cannot open '$UQ_TMP/no/such/dir/trace'"* ]]
}
