#!/usr/bin/env bats
# scripts/report (installed as userq-bench-report): the hardware report
# kit, tried under --emulate: a tarball and a Markdown summary, redacted.

load helpers

setup() {
	setup_tmp
	REPORT="$UQ_TOP_SRCDIR/scripts/report"
	mkdir -p "$UQ_TMP/out"
}

teardown() {
	teardown_tmp
}

# report_dir: unpack the one tarball of $UQ_TMP/out into $UQ_TMP/x and
# print the report's directory.
report_dir() {
	mkdir -p "$UQ_TMP/x"
	tar -C "$UQ_TMP/x" -xJf "$UQ_TMP"/out/userq-bench-report-*.tar.xz
	ls -d "$UQ_TMP"/x/userq-bench-report-*
}

@test "--emulate: a tarball and a Markdown summary with the tool's documents" {
	run "$REPORT" --emulate --quick -o "$UQ_TMP/out"
	[ "$status" -eq 0 ]
	[[ "$output" == *"wrote $UQ_TMP/out/userq-bench-report-"*".tar.xz and "* ]]
	[ "$(ls "$UQ_TMP"/out/*.tar.xz | wc -l)" -eq 1 ]
	[ "$(ls "$UQ_TMP"/out/*.md | wc -l)" -eq 1 ]
	d=$(report_dir)
	for f in info.json run.json info.exit run.exit kernel.txt kernel-config.txt \
		amdgpu-parameters.txt versions.txt root-would-add.txt summary.md; do
		[ -e "$d/$f" ] || { echo "missing $f"; return 1; }
	done
	validate_json "$d/info.json"
	validate_json "$d/run.json"
	[ "$(cat "$d/info.exit")" = 0 ]
	[ "$(cat "$d/run.exit")" = 0 ]
	[ "$(json_get "$d/run.json" "d['device']['emulated']")" = true ]
	grep -q "^$(uname -r | sed 's/[.]/[.]/g')\$" <(sed -n 's/^uname -r: //p' "$d/kernel.txt")
	md="$(ls "$UQ_TMP"/out/*.md)"
	cmp "$md" "$d/summary.md"
	grep -q '^# userq-bench report' "$md"
	grep -q 'emulator (profile `6.18`)' "$md"
	grep -q 'fence-driver verdict \*\*leak\*\*, leaked 1' "$md"
	grep -q '^| unmap 64K x1 implicit cs | ok |' "$md"
	grep -q '^| pair | ' "$md"
	grep -q '^- `userq-bench run`: exit 0' "$md"
	# nothing else left in the output directory
	[ "$(ls "$UQ_TMP/out" | wc -l)" -eq 2 ]
}

@test "host names, user names and home directories are redacted" {
	# A host name and a home directory that end up in the documents (the
	# temporary -o paths are recorded in run.argv).
	mkdir -p "$UQ_TMP/bin" "$UQ_TMP/home/reportuser/redact-host.example"
	printf '#!/bin/sh\necho redact-host.example\n' >"$UQ_TMP/bin/hostname"
	chmod +x "$UQ_TMP/bin/hostname"
	HOME="$UQ_TMP/home/reportuser" TMPDIR="$UQ_TMP/home/reportuser/redact-host.example" \
		PATH="$UQ_TMP/bin:$PATH" run "$REPORT" --emulate --quick -o "$UQ_TMP/out"
	[ "$status" -eq 0 ]
	d=$(report_dir)
	! grep -rl 'redact-host.example' "$d" "$UQ_TMP/out"/*.md
	! grep -rl "$UQ_TMP/home/reportuser" "$d" "$UQ_TMP/out"/*.md
	grep -q '<home>/<host>/' "$d/run.json"
}

@test "without root it runs, and says what root would add" {
	command -v setpriv >/dev/null || skip "setpriv (util-linux) is not installed"
	[ "$(id -u)" = 0 ] || skip "needs root to drop to another user"
	chmod 0777 "$UQ_TMP" "$UQ_TMP/out"
	# The build tree must be readable by nobody for this test to apply.
	setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$USERQ_EMU_LIB" ||
		skip "the build tree is not readable by nobody"
	run setpriv --reuid=65534 --regid=65534 --clear-groups \
		env HOME=/nonexistent TMPDIR="$UQ_TMP" USERQ_EMU_REPORT= \
		"$REPORT" --emulate --quick -o "$UQ_TMP/out"
	[ "$status" -eq 0 ]
	d=$(report_dir)
	[ "$(cat "$d/run.exit")" = 0 ]
	grep -q '^- ' "$d/root-would-add.txt"
	grep -q 'What running as root would add' "$UQ_TMP"/out/*.md
}

@test "usage errors: 64; no userq-bench binary: 69" {
	run "$REPORT" --bogus
	[ "$status" -eq 64 ]
	[[ "$output" == *"unknown argument '--bogus'"* ]]
	run "$REPORT" -o "$UQ_TMP/missing-dir"
	[ "$status" -eq 64 ]
	USERQ_BENCH= run "$REPORT" --bench="$UQ_TMP/no-such-binary" -o "$UQ_TMP/out"
	[ "$status" -eq 69 ]
	[ "$(ls "$UQ_TMP/out" | wc -l)" -eq 0 ]
}
