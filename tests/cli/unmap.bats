#!/usr/bin/env bats
# userq-bench unmap against the emulator (SPEC §2-§4, gem-va-prt.md §7):
# the document validates, explicit sync follows the profile, and the
# figures keep the orderings that hold by construction (a busy implicit
# unmap cannot complete before the CS is released at t0 + busy_ms; an
# explicit one does not wait for it). No wall-clock thresholds.

load helpers

setup() {
	setup_tmp
	DOC="$UQ_TMP/doc.json"
}

teardown() {
	teardown_tmp
}

# case_get SIZE SYNC BUSY EXPR: EXPR evaluated on the case `c` of $DOC.
case_get() {
	json_get "$DOC" "[c for c in d['results']['unmap']['cases'] if c['size'] == $1 and c['sync'] == '$2' and c['busy'] == '$3'][0]$4"
}

# unmap_json ARGS...: run unmap into $DOC; exit status in $status.
unmap_json() {
	run uq_to "$DOC" unmap --format=json "$@"
	validate_json "$DOC"
	assert_audit_clean
}

@test "unmap busy/idle x implicit/explicit on explicit-sync: orderings by construction" {
	unmap_json --emulate=explicit-sync --busy=both --sync=both \
		--busy-ms=20 -n 5
	[ "$status" -eq 0 ] || { echo "exit $status: $output"; return 1; }
	[ "$(j "d['run']['command']")" = '"unmap"' ]
	[ "$(j "d['errors']")" = '[]' ]
	[ "$(j "len(d['results']['unmap']['cases'])")" = 8 ]
	[ "$(j "sorted(set(c['status'] for c in d['results']['unmap']['cases']))")" = '["ok"]' ]
	[ "$(j "sorted(set(c['ioctl_ns']['count'] for c in d['results']['unmap']['cases']))")" = '[5]' ]
	[ "$(j "sorted(set(c['busy_ms'] for c in d['results']['unmap']['cases'] if c['busy'] == 'cs'))")" = '[20]' ]
	for size in 65536 2097152; do
		busy_impl=$(case_get $size implicit cs "['complete_ns']['p50']")
		busy_impl_ioctl=$(case_get $size implicit cs "['ioctl_ns']['p50']")
		busy_expl=$(case_get $size explicit cs "['complete_ns']['p50']")
		idle_impl=$(case_get $size implicit none "['complete_ns']['p50']")
		idle_expl=$(case_get $size explicit none "['complete_ns']['p50']")
		echo "size $size: busy implicit $busy_impl (ioctl $busy_impl_ioctl), busy explicit $busy_expl, idle $idle_impl / $idle_expl"
		# The page-table job waits for the CS, released at t0 + 20 ms.
		[ "$busy_impl" -ge 20000000 ]
		# Explicit sync does not wait for the CS.
		[ "$busy_expl" -lt "$busy_impl" ]
		# Nothing to wait for on an idle VM.
		[ "$idle_impl" -lt "$busy_impl" ]
		[ "$idle_expl" -lt "$busy_impl" ]
		# The ioctl returns before the update it queued completes.
		[ "$busy_impl_ioctl" -lt "$busy_impl" ]
	done
	[ "$(j "d['results']['unmap']['busy_ip']")" = '"gfx"' ]
	[ "$(j "'emulated' in [w['kind'] for w in d['results']['unmap']['warnings']]")" = true ]
}

@test "unmap --emulate=6.18: explicit cases unsupported with the reason, implicit ok, exit 0" {
	unmap_json --emulate=6.18 --sync=both -n 3 --busy-ms=1
	[ "$status" -eq 0 ] || { echo "exit $status: $output"; return 1; }
	[ -z "$output" ] || { echo "unexpected stderr: $output"; return 1; }
	[ "$(j "d['device']['explicit_sync_unmap']")" = '"unsupported"' ]
	[ "$(j "sorted(set(c['status'] for c in d['results']['unmap']['cases'] if c['sync'] == 'implicit'))")" = '["ok"]' ]
	[ "$(j "sorted(set(c['status'] for c in d['results']['unmap']['cases'] if c['sync'] == 'explicit'))")" = '["unsupported"]' ]
	[ "$(j "len([c for c in d['results']['unmap']['cases'] if c['sync'] == 'explicit'])")" = 4 ]
	[ "$(j "all('EXPLICIT_SYNC' in c['reason'] and c['ioctl_ns'] is None for c in d['results']['unmap']['cases'] if c['sync'] == 'explicit')")" = true ]
	[ "$(j "d['errors']")" = '[]' ]
	[ "$(j "d['run']['exit_code']")" = 0 ]
}

@test "unmap, clear and replace at 64K and 2M: every case measured, busy implicit waits for the CS" {
	for op in unmap clear replace; do
		unmap_json --emulate=explicit-sync --op=$op --size=64K,2M \
			-n 3 --busy-ms=2
		[ "$status" -eq 0 ] || { echo "$op: exit $status: $output"; return 1; }
		[ "$(j "d['results']['unmap']['op']")" = "\"$op\"" ]
		[ "$(j "sorted(set(c['op'] for c in d['results']['unmap']['cases']))")" = "[\"$op\"]" ]
		[ "$(j "sorted(set(c['size'] for c in d['results']['unmap']['cases']))")" = '[65536, 2097152]' ]
		[ "$(j "[c['status'] for c in d['results']['unmap']['cases']]")" = '["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]' ]
		[ "$(j "sorted(set(c['complete_ns']['count'] for c in d['results']['unmap']['cases']))")" = '[3]' ]
		[ "$(j "all(c['complete_ns']['min'] >= 2000000 for c in d['results']['unmap']['cases'] if c['busy'] == 'cs' and c['sync'] == 'implicit')")" = true ]
	done
}

@test "unmap --busy-ip=compute: the CS on compute ring 0 keeps the VM busy as well" {
	unmap_json --emulate=explicit-sync --busy=cs --busy-ip=compute \
		--size=64K --busy-ms=10 -n 3
	[ "$status" -eq 0 ] || { echo "exit $status: $output"; return 1; }
	[ "$(j "d['results']['unmap']['busy_ip']")" = '"compute"' ]
	busy_impl=$(case_get 65536 implicit cs "['complete_ns']['p50']")
	busy_expl=$(case_get 65536 explicit cs "['complete_ns']['p50']")
	[ "$busy_impl" -ge 10000000 ]
	[ "$busy_expl" -lt "$busy_impl" ]
}

@test "unmap --ranges=3: one GEM_VA per range, all ranges cleaned up" {
	unmap_json --emulate=explicit-sync --ranges=3 --size=64K -n 3 \
		--busy=none --op=unmap
	[ "$status" -eq 0 ] || { echo "exit $status: $output"; return 1; }
	[ "$(j "sorted(set(c['ranges'] for c in d['results']['unmap']['cases']))")" = '[3]' ]
	[ "$(j "sorted(set(c['status'] for c in d['results']['unmap']['cases']))")" = '["ok"]' ]
}

@test "a failing GEM_VA UNMAP is reported with ioctl and errno, cleaned up, exit 2" {
	# GEM_VA calls: 2 of the explicit-sync probe at open, then MAP (3)
	# and the timed UNMAP (4) of the first iteration.
	USERQ_EMU_FAULT=AMDGPU_GEM_VA:4:ENOMEM \
		unmap_json --emulate=6.18 --busy=none --sync=implicit --size=64K -n 3
	[ "$status" -eq 2 ] || { echo "exit $status: $output"; return 1; }
	[[ "$output" == *"GEM_VA UNMAP"*"ENOMEM"* ]]
	[ "$(j "d['run']['exit_code']")" = 2 ]
	[ "$(j "[(e['where'], e['errno'], e['errno_name']) for e in d['errors']]")" = '[["GEM_VA", 12, "ENOMEM"]]' ]
	[ "$(j "[c['status'] for c in d['results']['unmap']['cases']]")" = '["failed"]' ]
	[ "$(j "'ENOMEM' in d['results']['unmap']['cases'][0]['reason']")" = true ]
}

@test "a failing PRT MAP fails its case; the other cases still run" {
	USERQ_EMU_FAULT=AMDGPU_GEM_VA:3:ENOMEM \
		unmap_json --emulate=6.18 --busy=none --sync=implicit --size=64K,2M -n 2
	[ "$status" -eq 2 ] || { echo "exit $status: $output"; return 1; }
	[[ "$output" == *"GEM_VA MAP"*"ENOMEM"* ]]
	[ "$(j "[c['status'] for c in d['results']['unmap']['cases']]")" = '["failed", "ok"]' ]
	[ "$(j "d['results']['unmap']['cases'][1]['complete_ns']['count']")" = 2 ]
}

@test "a GEM_VA failure while the CS spins: the spinner is released and waited for, exit 2" {
	# Probe (2), spinner flag and IB BO maps (3, 4), MAP (5), UNMAP (6).
	USERQ_EMU_FAULT=AMDGPU_GEM_VA:6:ENOMEM \
		unmap_json --emulate=explicit-sync --busy=cs --sync=implicit \
		--size=64K --busy-ms=50 -n 3
	[ "$status" -eq 2 ] || { echo "exit $status: $output"; return 1; }
	[ "$(j "[(e['where'], e['errno_name']) for e in d['errors']]")" = '[["GEM_VA", "ENOMEM"]]' ]
	[ "$(j "[c['status'] for c in d['results']['unmap']['cases']]")" = '["failed"]' ]
}

@test "--timeout during busy cases: partial results, spinner released, exit 124" {
	# 1000 busy iterations take 100 s: --timeout stops the case midway.
	# (5 s, not 1: under valgrind on a loaded host, setting up the device
	# alone can take a second, and then no case has begun)
	run uq unmap --emulate=explicit-sync --busy=cs --sync=implicit \
		--size=64K --busy-ms=100 -n 1000 --timeout=5 -o "$DOC" -q
	[ "$status" -eq 124 ] || { echo "exit $status: $output"; return 1; }
	validate_json "$DOC"
	assert_audit_clean
	[ "$(j "d['run']['exit_code']")" = 124 ]
	[ "$(j "d['results']['unmap']['cases'][0]['status']")" = '"ok"' ]
	[ "$(j "d['results']['unmap']['cases'][0]['complete_ns']['count'] < 1000")" = true ]
	[ "$(j "'stopped after' in d['results']['unmap']['cases'][0]['reason']")" = true ]
}

@test "unmap --busy-ms=1001 is a usage error (64): the GPU job timeout is 2 s" {
	run uq unmap --emulate --busy-ms=1001
	[ "$status" -eq 64 ]
	[[ "$output" == *"--busy-ms"*"1000"* ]]
	run uq unmap --emulate --busy-ms=1000 --help
	[ "$status" -eq 0 ]
}

@test "unmap rejects sizes that are not 4 KiB multiples and bad enums (64)" {
	for bad in --size=1000 --size=0 --size=64K,,2M --size=128G --op=free \
		--sync=none --busy=gfx --busy-ip=sdma --ranges=0 -n0; do
		run uq unmap --emulate "$bad"
		[ "$status" -eq 64 ] || { echo "$bad: exit $status"; return 1; }
	done
}

@test "unmap --format=text: one table per size, implicit and explicit side by side with their ratio" {
	run uq_to "$UQ_TMP/text" unmap --emulate=explicit-sync --size=64K,2M -n 2 \
		--format=text -o "$UQ_TMP/doc.json"
	[ "$status" -eq 0 ] || { echo "exit $status: $output"; return 1; }
	out=$(cat "$UQ_TMP/text")
	[[ "$out" == *"PRT unmap latency"* ]]
	[[ "$out" == *"unmap 64K x1 (µs; ratio = implicit p50 / explicit p50; busy = a CS holds the VM for 5 ms)"* ]]
	[[ "$out" == *"unmap 2M x1 (µs;"* ]]
	grep -q '^  VM     metric *impl p50 *impl p99 *expl p50 *expl p99 *ratio$' "$UQ_TMP/text"
	# the busy complete row: the ratio of the two p50s in the document
	want=$(json_get "$UQ_TMP/doc.json" "'%.2fx' % r if (r := [c for c in d['results']['unmap']['cases'] if c['size'] == 65536 and c['busy'] == 'cs' and c['sync'] == 'implicit'][0]['complete_ns']['p50'] / [c for c in d['results']['unmap']['cases'] if c['size'] == 65536 and c['busy'] == 'cs' and c['sync'] == 'explicit'][0]['complete_ns']['p50']) < 10 else '%.0fx' % r" | tr -d '"')
	grep -q "^  busy   complete .* $want\$" "$UQ_TMP/text"
	# no metric name carries a unit suffix, no internal document is cited
	! grep -q '_ns' "$UQ_TMP/text"
	! grep -q 'gem-va-prt.md\|userq.md' "$UQ_TMP/text"
	[[ "$out" == *"not hardware numbers"* ]]
	# each warning once
	[ "$(grep -c 'not hardware numbers' "$UQ_TMP/text")" -eq 1 ]
	assert_audit_clean
}

@test "unmap --format=text on a kernel without explicit sync: the reason once" {
	run uq_to "$UQ_TMP/text" unmap --emulate=6.18 --size=64K -n 2 --format=text
	[ "$status" -eq 0 ]
	grep -q '^  idle   ioctl .* unsupported  *-  *-$' "$UQ_TMP/text"
	[ "$(grep -c 'rejects AMDGPU_VM_EXPLICIT_SYNC' "$UQ_TMP/text")" -eq 1 ]
}
