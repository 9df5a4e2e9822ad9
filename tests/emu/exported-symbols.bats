#!/usr/bin/env bats
# The emulator library's ABI, as libdrm pins its own (its symbols check):
# libuserq-emu.so exports exactly the libc functions it interposes, listed
# in tests/emu/exported-symbols.txt. An extra name is an accidental export
# (a function left at default visibility), a missing name a lost
# interposition (the wrapper is gone, or no longer EMU_EXPORT).
#
# Sanitizer builds (UQ_SANITIZE=1, configure --enable-sanitizers): the
# instrumentation may define symbols of the sanitizer runtimes' own
# protocol in the library (names starting __asan_, __ubsan_, __lsan_,
# __sanitizer_ or __odr_asan); those are not the emulator's and are left
# out there, and only there.

: "${USERQ_EMU_LIB:?run the tests through make check}"
: "${UQ_TOP_SRCDIR:?run the tests through make check}"

LIST="$UQ_TOP_SRCDIR/tests/emu/exported-symbols.txt"
SANITIZER_SYMS='^(__asan_|__ubsan_|__lsan_|__sanitizer_|__odr_asan)'

# nm_defined FILE: "TYPE NAME" of every dynamic symbol FILE defines, the
# version suffix (@GLIBC_2.2.5, @@...) cut.
nm_defined() {
	nm -D --defined-only "$1" | awk 'NF >= 3 { sub(/@.*/, "", $3); print $2, $3 }'
}

# The library's exported symbols as "TYPE NAME", sorted by name.
exports() {
	local out

	out=$(nm_defined "$USERQ_EMU_LIB") || return 1
	[ -n "$out" ] || return 1
	if [ "${UQ_SANITIZE:-0}" = 1 ]; then
		out=$(awk -v re="$SANITIZER_SYMS" '$2 !~ re' <<<"$out")
	fi
	LC_ALL=C sort -k2 <<<"$out"
}

# The checked-in list, without comments and blank lines.
expected() {
	grep -Ev '^[[:space:]]*(#|$)' "$LIST" | LC_ALL=C sort
}

# report TITLE NAMES: print TITLE and the names, indented, if there are any.
report() {
	local line

	[ -n "$2" ] || return 0
	echo "$1"
	while IFS= read -r line; do
		echo "  $line"
	done <<<"$2"
}

setup() {
	command -v nm >/dev/null || skip "nm (binutils) not installed"
	[ -f "$USERQ_EMU_LIB" ] || skip "$USERQ_EMU_LIB not built"
}

@test "libuserq-emu.so exports exactly the names of exported-symbols.txt" {
	local have want extra missing

	have=$(exports | awk '{ print $2 }')
	want=$(expected)
	[ -n "$want" ]
	extra=$(LC_ALL=C comm -23 <(echo "$have") <(echo "$want"))
	missing=$(LC_ALL=C comm -13 <(echo "$have") <(echo "$want"))
	report "accidental exports (not in tests/emu/exported-symbols.txt):" "$extra"
	report "lost interpositions (listed, not exported):" "$missing"
	[ -z "$extra" ] && [ -z "$missing" ]
}

@test "exported-symbols.txt is sorted and has no duplicates" {
	local names

	names=$(grep -Ev '^[[:space:]]*(#|$)' "$LIST")
	[ "$names" = "$(LC_ALL=C sort -u <<<"$names")" ]
}

@test "every export of libuserq-emu.so is a function (no data, no weak)" {
	local bad

	bad=$(exports | awk '$1 != "T"')
	report "exports that are not plain functions:" "$bad"
	[ -z "$bad" ]
}

@test "every export of libuserq-emu.so is a function libc defines" {
	local libc libc_names bad

	libc=$(ldd "$USERQ_EMU_LIB" | awk '$1 ~ /^libc\.so/ { print $3 }')
	[ -f "$libc" ] || skip "libc of $USERQ_EMU_LIB not found by ldd"
	libc_names=$(nm_defined "$libc" | awk '{ print $2 }' | LC_ALL=C sort -u)
	[ -n "$libc_names" ]
	bad=$(LC_ALL=C comm -23 <(exports | awk '{ print $2 }' | LC_ALL=C sort -u) \
		<(echo "$libc_names"))
	report "exports that interpose nothing in $libc:" "$bad"
	[ -z "$bad" ]
}
