#!/usr/bin/env bats
# The emulator's board file (boards/navi31.board, USERQ_EMU_BOARD) and what
# a real Navi 31 shows outside AMDGPU_INFO (issue 13 differences 4 and 6);
# the board round trip through `info` and scripts/board-from-info.

load helpers

setup() {
	setup_tmp
	BOARD="$UQ_TOP_SRCDIR/boards/navi31.board"
}

teardown() {
	teardown_tmp
}

# bad_board NAME SED: a copy of the board with SED applied, in $UQ_TMP.
bad_board() {
	sed -e "$2" "$BOARD" >"$UQ_TMP/$1.board"
	echo "$UQ_TMP/$1.board"
}

@test "a missing board file stops a preloaded program with 64" {
	USERQ_EMU_BOARD="$UQ_TMP/none.board" run emu_run /bin/true
	[ "$status" -eq 64 ]
	[[ "$output" == *"userq-emu: board file $UQ_TMP/none.board: No such file or directory"* ]]
}

# make bench preloads .libs/libuserq-emu.so from the build directory: a
# path relative to the working directory still finds the tree's boards/.
@test "a library preloaded by a relative .libs/ path finds its build tree's board" {
	unset USERQ_EMU_BOARD
	lib_dir=$(dirname "$(dirname "$USERQ_EMU_LIB")")
	[ -f "$lib_dir/libuserq-emu.la" ] || skip "not a libtool build tree: $USERQ_EMU_LIB"
	cd "$lib_dir"
	USERQ_EMU_LIB=.libs/libuserq-emu.so run emu_run /bin/true
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "a malformed board file names the file, the line and the fault" {
	f=$(bad_board unknown '$a no.such.key = 1')
	USERQ_EMU_BOARD="$f" run emu_run /bin/true
	[ "$status" -eq 64 ]
	[[ "$output" == *"$f:"*": unknown key 'no.such.key'"* ]]
	f=$(bad_board missing '/^gds.oa_size/d')
	USERQ_EMU_BOARD="$f" run emu_run /bin/true
	[ "$status" -eq 64 ]
	[[ "$output" == *"key 'gds.oa_size' missing"* ]]
	f=$(bad_board count 's/^dev_info.cu_bitmap = 0xff /dev_info.cu_bitmap = /')
	USERQ_EMU_BOARD="$f" run emu_run /bin/true
	[ "$status" -eq 64 ]
	[[ "$output" == *"dev_info.cu_bitmap: 16 values expected, 15 given"* ]]
	f=$(bad_board range 's/^dev_info.device_id = .*/dev_info.device_id = 0x1744c0000/')
	USERQ_EMU_BOARD="$f" run emu_run /bin/true
	[ "$status" -eq 64 ]
	[[ "$output" == *"dev_info.device_id: 0x1744c0000 does not fit 32 bits"* ]]
	f=$(bad_board twice '$a gmc.tmz = 1')
	USERQ_EMU_BOARD="$f" run emu_run /bin/true
	[ "$status" -eq 64 ]
	[[ "$output" == *"gmc.tmz given twice"* ]]
}

@test "boot_vga and the module's initstate are there (Mesa's device-select reads them)" {
	run emu_run cat /sys/bus/pci/devices/0000:03:00.0/boot_vga
	[ "$status" -eq 0 ]
	[ "$output" = "1" ]
	run emu_run cat /sys/bus/pci/devices/0000:03:00.0/device
	[ "$status" -eq 0 ]
	[ "$output" = "0x744c" ]
	run emu_run cat /sys/module/amdgpu/initstate
	[ "$status" -eq 0 ]
	[ "$output" = "live" ]
}

@test "the board's PCI identity is what sysfs shows" {
	f=$(bad_board navi32 's/^dev_info.device_id = .*/dev_info.device_id = 0x747e/; s/^dev_info.pci_rev = .*/dev_info.pci_rev = 0xc0/; s/^pci.subsystem_device = .*/pci.subsystem_device = 0x1234/')
	USERQ_EMU_BOARD="$f" run emu_run cat /sys/bus/pci/devices/0000:03:00.0/device \
		/sys/bus/pci/devices/0000:03:00.0/revision \
		/sys/bus/pci/devices/0000:03:00.0/subsystem_device
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '0x747e\n0xc0\n0x1234')" ]
}

@test "uname -r and osrelease show the profile's kernel release" {
	USERQ_EMU_PROFILE=6.16 run emu_run uname -r
	[ "$status" -eq 0 ]
	[ "$output" = "6.16.0-emu" ]
	USERQ_EMU_PROFILE=7.1 run emu_run cat /proc/sys/kernel/osrelease
	[ "$status" -eq 0 ]
	[ "$output" = "7.1.6-emu" ]
	# the rest of utsname stays the host's
	[ "$(emu_run uname -m)" = "$(uname -m)" ]
}

@test "/proc/version shows the profile's release in the host's banner" {
	USERQ_EMU_PROFILE=7.1 run emu_run cat /proc/version
	[ "$status" -eq 0 ]
	host=$(cat /proc/version)
	rel=$(uname -r)
	# only the release word differs
	[ "$output" = "${host/ version $rel / version 7.1.6-emu }" ]
	[ "$output" != "$host" ]
}

@test "info JSON -> board-from-info -> the emulator answers the same INFO" {
	uq_to "$UQ_TMP/a.json" --emulate=7.1 info --format=json
	validate_json "$UQ_TMP/a.json"
	"$UQ_PYTHON3" "$UQ_TOP_SRCDIR/scripts/board-from-info" --name navi31 \
		"$UQ_TMP/a.json" >"$UQ_TMP/made.board"
	# 7.1 answers every query the board needs: nothing from the base
	[ -z "$(grep -v '^#' "$UQ_TMP/made.board" | grep '\[base')" ]
	USERQ_EMU_BOARD="$UQ_TMP/made.board" uq_to "$UQ_TMP/b.json" \
		--emulate=7.1 info --format=json
	"$UQ_PYTHON3" - "$UQ_TMP/a.json" "$UQ_TMP/b.json" "$BOARD" "$UQ_TMP/made.board" <<'PY'
import json, sys

def board(path):
    d = {}
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if line:
            k, v = (s.strip() for s in line.split("=", 1))
            d[k] = [t if t == "none" or k == "name" else int(t, 0)
                    for t in v.split()]
    return d

a, b = (json.load(open(p))["device"] for p in sys.argv[1:3])
if a != b:
    sys.exit("the made board answers differently: %s" %
             [k for k in a if a[k] != b.get(k)])
orig, made = board(sys.argv[3]), board(sys.argv[4])
diff = sorted(k for k in set(orig) | set(made) if orig.get(k) != made.get(k))
if diff:
    sys.exit("keys that did not round-trip: %s" % diff)
PY
	# an older kernel lacks UQ_FW_AREAS for COMPUTE and DMA: from the base
	uq_to "$UQ_TMP/c.json" --emulate=6.16 info --format=json
	run "$UQ_PYTHON3" "$UQ_TOP_SRCDIR/scripts/board-from-info" \
		--base "$BOARD" "$UQ_TMP/c.json"
	[ "$status" -eq 0 ]
	[[ "$output" == *"compute.eop_size = 2048  # [base: UQ_FW_AREAS compute refused by this kernel]"* ]]
	[[ "$output" == *"name = pci_1002_744c"* ]]
}

@test "board-from-info refuses a document without board_info" {
	echo '{"device": {"node": "/dev/dri/renderD128"}}' >"$UQ_TMP/old.json"
	run "$UQ_PYTHON3" "$UQ_TOP_SRCDIR/scripts/board-from-info" "$UQ_TMP/old.json"
	[ "$status" -ne 0 ]
	[[ "$output" == *"no device.board_info"* ]]
}
