#!/usr/bin/env bats
# The conformance runner's own machinery (tests/emu/runner.c): a test that
# does not apply on a profile reports SKIP with its reason, in the TAP and
# in automake's results, and tests are selected by name, a name that
# matches nothing being an error.

load helpers

RUNNER="${UQ_TOP_BUILDDIR:-.}/tests/emu/test_conformance"
NO_USERQ="no user queues on this profile (rule50_no_userq_enotsupp tests its -ENOTSUPP gate)"

setup() {
	[ -x "$RUNNER" ] || skip "no conformance runner (built only with Check)"
	setup_tmp
}

teardown() {
	teardown_tmp
}

# conformance ARGS...: the runner, without the audit report (the tests
# leave kernel objects to the end of their process on purpose).
conformance() {
	env -u USERQ_EMU_REPORT "$RUNNER" "$@"
}

# through_automake NAME ARGS...: the runner under automake's TAP driver,
# as make check runs it; $UQ_TMP/NAME.log and NAME.trs.
through_automake() {
	local name="$1"

	shift
	env -u USERQ_EMU_REPORT AM_TAP_AWK="${AWK:-awk}" \
		sh "$UQ_TOP_SRCDIR/build-aux/tap-driver.sh" --test-name "$name" \
		--log-file "$UQ_TMP/$name.log" --trs-file "$UQ_TMP/$name.trs" \
		--color-tests no --enable-hard-errors yes --expect-failure no \
		-- "$RUNNER" "$@"
}

@test "a rule that does not apply on the profile: a TAP SKIP directive with its reason" {
	run conformance no-userq rule81_signal_publishes
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "ok 1 - signal:rule81_signal_publishes # SKIP $NO_USERQ" ]
	[ "${lines[1]}" = "1..1" ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "automake counts such a test as SKIP, with the reason in the log" {
	run through_automake skip no-userq rule81_signal_publishes explicit_sync_falls_back_for_bo_mappings
	[ "$status" -eq 0 ]
	[ "$(grep -c '^:test-result: SKIP$' "$UQ_TMP/skip.trs")" -eq 2 ]
	! grep -q '^:test-result: PASS' "$UQ_TMP/skip.trs"
	grep -q '^:global-test-result: SKIP$' "$UQ_TMP/skip.trs"
	grep -qxF "ok 1 - signal:rule81_signal_publishes # SKIP $NO_USERQ" "$UQ_TMP/skip.log"
	grep -qxF "SKIP: skip 1 - signal:rule81_signal_publishes # SKIP $NO_USERQ" "$UQ_TMP/skip.log"
	grep -q '^SKIP: skip 2 - cs_busy_vm:explicit_sync_falls_back_for_bo_mappings # SKIP no AMDGPU_VM_EXPLICIT_SYNC' "$UQ_TMP/skip.log"
}

@test "the gate itself is tested, not skipped, on the profile it belongs to" {
	run through_automake gate no-userq rule50_no_userq_enotsupp rule23_explicit_sync_flag
	[ "$status" -eq 0 ]
	! grep -q 'SKIP' "$UQ_TMP/gate.trs"
	[ "$(grep -c '^:test-result: PASS$' "$UQ_TMP/gate.trs")" -ge 2 ]
}

@test "the same rule on a profile where it applies: a pass, no SKIP" {
	run conformance 7.1 rule81_signal_publishes
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "ok 1 - "*":signal:rule81_signal_publishes: Passed" ]]
	[[ "$output" != *SKIP* ]]
}

@test "a mistyped rule name is an error, not a pass with no tests" {
	run conformance 7.1 rule81_signal_publishe
	[ "$status" -eq 99 ]
	[[ "$output" == *"Bail out! no conformance test matches 'rule81_signal_publishe'"* ]]
	[[ "$output" != *"ok "* ]]
	UQ_CONF_ONLY="rule50_no_userq_enotsupp no_such_rule" run conformance "$UQ_TOP_SRCDIR/tests/emu/7.1.conf"
	[ "$status" -eq 99 ]
	[[ "$output" == *"no conformance test matches 'no_such_rule'"* ]]
	run through_automake typo 7.1 no_such_rule
	grep -q '^:test-result: ERROR' "$UQ_TMP/typo.trs"
	! grep -q '^:test-result: \(PASS\|SKIP\)' "$UQ_TMP/typo.trs"
}

@test "selection by pattern; --list names each test once" {
	run conformance --list 'rule8[12]_*'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' rule81_signal_publishes rule82_wait_handle_limits)" ]
	run conformance --list
	[ "$status" -eq 0 ]
	[ -z "$(printf '%s\n' "$output" | sort | uniq -d)" ]
	[[ "$output" == *"rule50_no_userq_enotsupp"* ]]
	run conformance --list nothing_like_this
	[ "$status" -eq 99 ]
}

@test "an unknown profile is an error" {
	run conformance 9.9 rule81_signal_publishes
	[ "$status" -eq 99 ]
	[[ "$output" == *"9.9 is neither a profile nor a file naming one"* ]]
}
