#!/usr/bin/env bats
# userq-bench run (SPEC §2): info + signal-wait + unmap in one document
# that validates against the schema; a part the device cannot run (77) is
# recorded, not fatal; no command means run.

load helpers

setup() {
	setup_tmp
	DOC="$UQ_TMP/doc.json"
}

teardown() {
	teardown_tmp
}

@test "run --emulate --quick: one document with every part" {
	run uq run --emulate=explicit-sync --quick -o "$DOC" -q
	[ "$status" -eq 0 ] || { echo "exit $status: $output"; return 1; }
	validate_json "$DOC"
	assert_audit_clean
	[ "$(j "d['run']['command']")" = '"run"' ]
	[ "$(j "[(p['command'], p['status']) for p in d['run']['parts']]")" = '[["info", "ok"], ["signal-wait", "ok"], ["unmap", "ok"], ["leaks", "ok"]]' ]
	[ "$(j "d['device']['emulated']")" = true ]
	[ "$(j "[n['node'] for n in d['nodes'] if n['selected']]")" = '["/dev/dri/renderD128"]' ]
	[ "$(j "d['results']['signal_wait']['latency_ns']['pair']['count']")" = 1000 ]
	[ "$(j "len(d['results']['unmap']['cases'])")" = 8 ]
	[ "$(j "sorted(set(c['status'] for c in d['results']['unmap']['cases']))")" = '["ok"]' ]
	[ "$(j "sorted(set(c['complete_ns']['count'] for c in d['results']['unmap']['cases']))")" = '[20]' ]
	[ "$(j "d['errors']")" = '[]' ]
}

@test "run on a kernel without user queues: signal-wait skipped (77) and recorded, exit 0" {
	run uq run --emulate=no-userq --quick -o "$DOC" -q
	[ "$status" -eq 0 ] || { echo "exit $status: $output"; return 1; }
	validate_json "$DOC"
	assert_audit_clean
	[ "$(j "[(p['command'], p['status'], p['exit_code']) for p in d['run']['parts']]")" = '[["info", "ok", 0], ["signal-wait", "skipped", 77], ["unmap", "ok", 0], ["leaks", "skipped", 77]]' ]
	[ "$(j "d['run']['parts'][1]['reason'] is not None")" = true ]
	[ "$(j "'signal_wait' in d['results']")" = false ]
	[ "$(j "sorted(set(c['status'] for c in d['results']['unmap']['cases'] if c['sync'] == 'implicit'))")" = '["ok"]' ]
	[ "$(j "d['run']['exit_code']")" = 0 ]
}

@test "run --format=text prints every part and the list of parts" {
	run uq run --emulate=no-userq --quick --format=text
	[ "$status" -eq 0 ] || { echo "exit $status: $output"; return 1; }
	[[ "$output" == *"render nodes:"* ]]
	[[ "$output" == *"PRT unmap latency"* ]]
	[[ "$output" == *"signal-wait  skipped"* ]]
	assert_audit_clean
}

@test "no command means run; --timeout stops it with partial results (124)" {
	run uq --emulate --timeout=2 -o "$DOC" -q
	[ "$status" -eq 124 ] || { echo "exit $status: $output"; return 1; }
	validate_json "$DOC"
	assert_audit_clean
	[ "$(j "d['run']['command']")" = '"run"' ]
	[ "$(j "d['run']['exit_code']")" = 124 ]
	[ "$(j "d['run']['parts'][0]['command']")" = '"info"' ]
}

@test "run rejects arguments (64)" {
	run uq run --emulate bogus
	[ "$status" -eq 64 ]
}

@test "errors recorded during the run never come with exit 0 (ECANCELED unmap, ETIME timeline wait)" {
	for fault in AMDGPU_GEM_VA:12:ECANCELED SYNCOBJ_TIMELINE_WAIT:9:ETIME; do
		USERQ_EMU_FAULT=$fault run uq_to "$DOC" run --emulate=6.18 --quick --format=json
		[ "$status" -eq 2 ] || { echo "$fault: exit $status"; return 1; }
		[ "${#lines[@]}" -eq 1 ]
		[[ "$output" == "userq-bench: /dev/dri/renderD128: "* ]]
		validate_json "$DOC"
		[ "$(json_get "$DOC" "d['run']['exit_code']")" = 2 ]
		[ "$(json_get "$DOC" "len(d['errors']) >= 1")" = true ]
		[ "$(json_get "$DOC" "d['errors'][0]['errno_name']")" = "\"${fault##*:}\"" ]
		assert_audit_clean
	done
}

@test "a failed destroy is never ignored; libdrm's -1 becomes the real errno" {
	USERQ_EMU_FAULT=SYNCOBJ_DESTROY:1:EIO run uq_to "$DOC" run --emulate=6.18 --quick --format=json
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"SYNCOBJ_DESTROY of the seq64 probe's syncobj (syncobj "*") failed: EIO"* ]]
	validate_json "$DOC"
	[ "$(json_get "$DOC" "[e['errno_name'] for e in d['errors']]")" = '["EIO"]' ]
	# The syncobj the kernel still holds is freed at close; nothing else.
	[ "$(json_get "$USERQ_EMU_REPORT" "d['syncobjs']")" = 1 ]
	UQ_AUDIT_DIRTY_OK=1
	USERQ_EMU_FAULT=SYNCOBJ_CREATE:1:ENOMEM run uq_to "$DOC" run --emulate=6.18 --quick --format=json
	[ "$status" -eq 2 ]
	[[ "$output" == *"SYNCOBJ_CREATE for the VM timeline failed: ENOMEM"* ]]
}
