#!/usr/bin/env bats
# userq-bench leaks against the emulator (issue 11; SPEC §2, §3;
# releases.md §3): the known matrix of every profile in JSON, text and KTAP
# (checked by a KTAP parser), the evidence per source, --bisect (0, 1,
# 125), --only, --fail-on-leak, the skip without user queues, and fault
# injection, which gives unknown or an error and never a false fixed.

load helpers

DD88=dd88d42d9ca0
TEARDOWN=8e051e38a8d4
OVERFLOW=49abfa812617

setup() {
	setup_tmp
	DOC="$UQ_TMP/doc.json"
	OUT="$UQ_TMP/out.txt"
}

teardown() {
	teardown_tmp
}

# lk ARGS...: leaks with the JSON document in $DOC.
lk() {
	run uq_to "$DOC" leaks --format=json "$@"
}

# statuses: "commit:status ..." of the document's checks, in table order.
statuses() {
	json_get "$DOC" "' '.join(c['commit'] + ':' + c['status'] for c in d['results']['leaks']['checks'])" | tr -d '"'
}

# chk COMMIT EXPR: EXPR of check COMMIT (a python suffix, e.g. "['basis']").
chk() {
	j "[c for c in d['results']['leaks']['checks'] if c['commit'] == '$1'][0]$2"
}

# src COMMIT METHOD KEY: a member of the evidence of source METHOD.
src() {
	chk "$1" "['evidence']['sources'][[s['method'] for s in [c for c in d['results']['leaks']['checks'] if c['commit'] == '$1'][0]['evidence']['sources']].index('$2')]['$3']"
}

# ok_doc: a valid document with exit code $1 (default 0), nothing left
# behind.
ok_doc() {
	local want="${1:-0}"

	[ "$status" -eq "$want" ] || { echo "exit $status, want $want: $output"; return 1; }
	validate_json "$DOC"
	assert_audit_clean
	[ "$(j "d['run']['exit_code']")" = "$want" ]
}

# The matrix per profile (releases.md §2.2, §3.1; src/emu/profile.c).
matrix() {
	case $1 in
	6.16) echo "$DD88:missing $TEARDOWN:missing $OVERFLOW:missing" ;;
	6.18) echo "$DD88:missing $TEARDOWN:fixed $OVERFLOW:fixed" ;;
	7.0) echo "$DD88:missing $TEARDOWN:fixed $OVERFLOW:missing" ;;
	7.1 | 7.3 | explicit-sync)
		echo "$DD88:fixed $TEARDOWN:fixed $OVERFLOW:not-applicable" ;;
	esac
}

# ktap FILE: parse FILE as KTAP version 1 (Documentation/dev-tools/ktap.rst)
# and print one line per test case, "N ok|not-ok NAME [SKIP]"; fails on a
# missing or wrong version line, a missing plan or one that comes after a
# test line, numbering that is not 1..N in order, a count that differs from
# the plan, a SKIP directive without a reason or on a "not ok" line, and
# any line that is neither a test line nor a diagnostic.
ktap() {
	"$UQ_PYTHON3" - "$1" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().split("\n")
if lines and lines[-1] == "":
    lines.pop()
def fail(msg):
    sys.exit("KTAP: %s" % msg)
if not lines or lines[0] != "KTAP version 1":
    fail("first line is not 'KTAP version 1': %r" % (lines[:1],))
plan = None
num = 0
test_re = re.compile(r"^(ok|not ok) ([0-9]+)(?: ([^#]*?))?(?: # (.*))?$")
for ln in lines[1:]:
    m = re.match(r"^1\.\.([0-9]+)(?: # (.*))?$", ln)
    if m:
        if plan is not None:
            fail("second plan line %r" % ln)
        if num:
            fail("plan after a test line")
        plan = int(m.group(1))
        if plan == 0 and not (m.group(2) or "").startswith("SKIP "):
            fail("empty plan without a SKIP reason")
        continue
    if ln.startswith("#") or ln == "":
        continue
    m = test_re.match(ln)
    if not m:
        fail("not a test or diagnostic line: %r" % ln)
    if plan is None:
        fail("test line before the plan: %r" % ln)
    num += 1
    if int(m.group(2)) != num:
        fail("test %s where %d was due" % (m.group(2), num))
    name = (m.group(3) or "").strip()
    if not name:
        fail("test %d has no name" % num)
    directive = m.group(4)
    skip = ""
    if directive is not None:
        if not directive.startswith("SKIP"):
            fail("unknown directive %r" % directive)
        if not directive[4:].strip():
            fail("SKIP without a reason on test %d" % num)
        if m.group(1) != "ok":
            fail("SKIP on a 'not ok' line")
        skip = " SKIP"
    print("%d %s %s%s" % (num, m.group(1).replace(" ", "-"), name, skip))
if plan is None:
    fail("no plan line")
if num != plan:
    fail("plan says %d tests, %d found" % (plan, num))
PY
}

# ktap_expect PROFILE: the parsed KTAP lines the matrix of PROFILE gives.
ktap_expect() {
	local n=0 c s name

	for c in $(matrix "$1"); do
		n=$((n + 1))
		s=${c#*:}
		case ${c%%:*} in
		"$DD88") name=$DD88-signalled-at-creation ;;
		"$TEARDOWN") name=$TEARDOWN-queue-teardown ;;
		"$OVERFLOW") name=$OVERFLOW-wait-overflow ;;
		esac
		case $s in
		fixed) echo "$n ok $name" ;;
		missing) echo "$n not-ok $name" ;;
		*) echo "$n ok $name SKIP" ;;
		esac
	done
}

@test "leaks: the known matrix of every profile, in JSON" {
	for p in 6.16 6.18 7.0 7.1 7.3 explicit-sync; do
		lk --emulate="$p"
		ok_doc || { echo "profile $p"; return 1; }
		[ "$(statuses)" = "$(matrix "$p")" ] ||
			{ echo "$p: got '$(statuses)', want '$(matrix "$p")'"; return 1; }
		[ "$(j "d['errors']")" = '[]' ]
		[ "$(j "d['results']['leaks']['ip']")" = '"gfx"' ]
		[ "$(j "[c['evidence']['iterations'] for c in d['results']['leaks']['checks']]")" = '[4, 4, 4]' ]
	done
}

@test "leaks --emulate=6.18: dd88d42d9ca0 missing, seen by seq64 and kprobe, one fence driver per iteration" {
	lk --emulate=6.18
	ok_doc
	[ "$(chk $DD88 "['basis']")" = '"measured"' ]
	[ "$(chk $DD88 "['leak_per_iteration']")" = 1.0 ]
	[ "$(src $DD88 seq64 attributed)" = 4 ]
	[ "$(src $DD88 seq64 sees)" = '"leak"' ]
	[ "$(src $DD88 kprobe attributed)" = 4 ]
	[ "$(src $DD88 kprobe control)" = '{"before": 0, "after": 0, "delta": 0, "leaked": 0}' ]
	# the fences are freed: the slab cannot see this leak
	[ "$(src $DD88 slab sees)" = '"blind"' ]
	[ "$(src $DD88 slab leaked)" = 0 ]
	[ "$(src $DD88 debugfs sees)" = '"blind"' ]
	[ "$(chk $DD88 "['evidence']['reached']")" = '"reached"' ]
	[ "$(chk $TEARDOWN "['basis']")" = '"measured"' ]
	[ "$(src $TEARDOWN slab sees)" = '"no-leak"' ]
	[ "$(src $TEARDOWN seq64 sees)" = '"no-leak"' ]
	# the teardown check has no control
	[ "$(src $TEARDOWN kprobe control)" = null ]
	[ "$(src $OVERFLOW slab sees)" = '"no-leak"' ]
	[ "$(chk $OVERFLOW "['evidence']['reached']")" = '"reached"' ]
	[ "$(chk $DD88 "['error']")" = null ]
}

@test "leaks --emulate=6.16: the teardown leak counted per queue, the overflow by the slab, dd88d42d9ca0 inferred" {
	lk --emulate=6.16
	ok_doc
	for m in seq64 kprobe slab; do
		[ "$(src $TEARDOWN $m attributed)" = 4 ] || { echo "$m"; return 1; }
		[ "$(src $TEARDOWN $m per_iteration)" = 1.0 ]
	done
	# every queue that signalled leaks its fence driver: the control
	# leaks as much as the trigger, so the fence-driver sources cannot
	# tell; 8e051e38a8d4 came first in every tree
	[ "$(src $DD88 seq64 sees)" = '"masked"' ]
	[ "$(src $DD88 kprobe sees)" = '"masked"' ]
	[ "$(src $DD88 kprobe leaked)" = 5 ]
	[ "$(chk $DD88 "['basis']")" = '"inferred"' ]
	[ "$(chk $DD88 "['leak_per_iteration']")" = null ]
	[[ "$(chk $DD88 "['reason']")" == *"8e051e38a8d4 is missing"* ]]
	# one fence per failing WAIT stays in the slab
	[ "$(src $OVERFLOW slab attributed)" = 4 ]
	[ "$(src $OVERFLOW slab sees)" = '"leak"' ]
	[ "$(src $OVERFLOW seq64 sees)" = '"masked"' ]
	[ "$(chk $OVERFLOW "['basis']")" = '"measured"' ]
}

@test "leaks --emulate=7.0: the WAIT overflow leak pins one fence per iteration and the producer's fence driver" {
	lk --emulate=7.0
	ok_doc
	[ "$(src $OVERFLOW slab attributed)" = 4 ]
	[ "$(src $OVERFLOW seq64 attributed)" = 1 ]
	[ "$(src $OVERFLOW kprobe attributed)" = 1 ]
	[ "$(chk $OVERFLOW "['leak_per_iteration']")" = 1.0 ]
	[[ "$(chk $OVERFLOW "['evidence']['trigger']")" == *"EINVAL 4 time(s), success 0"* ]]
}

@test "leaks --emulate=7.1 and 7.3: the undersized WAIT succeeds: not-applicable, and no source needed" {
	for p in 7.1 7.3; do
		lk --emulate=$p
		ok_doc
		[ "$(chk $OVERFLOW "['evidence']['reached']")" = '"unreachable"' ]
		[ "$(chk $OVERFLOW "['basis']")" = null ]
		[[ "$(chk $OVERFLOW "['reason']")" == *1cc16538402a* ]]
	done
	# 7.3 has no fence slab (0d831487b5be)
	[ "$(src $TEARDOWN slab status)" = '"unavailable"' ]
	[ "$(src $TEARDOWN slab sees)" = '"unavailable"' ]
}

@test "leaks without root: seq64 alone still gives the matrix" {
	for p in 6.16 6.18 7.0 7.1; do
		USERQ_EMU_UNPRIVILEGED=1 lk --emulate=$p
		ok_doc
		[ "$(statuses)" = "$(matrix "$p")" ] ||
			{ echo "$p: got '$(statuses)'"; return 1; }
		[ "$(src $TEARDOWN kprobe status)" = '"unavailable"' ]
		[ "$(src $TEARDOWN slab status)" = '"unavailable"' ]
	done
}

@test "leaks --format=text: the table of every profile" {
	for p in 6.16 6.18 7.0 7.1 7.3 explicit-sync; do
		run uq_to "$OUT" leaks --emulate="$p" --format=text
		[ "$status" -eq 0 ] || { echo "$p: exit $status: $output"; return 1; }
		[ "$(head -1 "$OUT")" = "leaks on /dev/dri/renderD128 (emulated, profile $p)" ]
		got=$(awk '/^  [0-9a-f]+  / && length($1) == 12 { printf "%s%s:%s", sep, $1, $3; sep = " " }' "$OUT")
		[ "$got" = "$(matrix "$p")" ] || { echo "$p: got '$got'"; cat "$OUT"; return 1; }
	done
	run uq leaks --emulate=6.16 --format=text
	[[ "$output" == *"dd88d42d9ca0 signalled-at-creation: missing (inferred)"* ]]
	[[ "$output" == *"8e051e38a8d4 queue-teardown: missing (measured)"* ]]
	# the evidence per source, with the control's count
	[[ "$output" == *"slab     leak         before "*" control 2 attributed 4 fences"* ]]
}

@test "leaks --format=ktap: KTAP version 1 of every profile, checked by a parser" {
	for p in 6.16 6.18 7.0 7.1 7.3 explicit-sync; do
		run uq_to "$OUT" leaks --emulate="$p" --format=ktap
		[ "$status" -eq 0 ] || { echo "$p: exit $status: $output"; return 1; }
		run ktap "$OUT"
		[ "$status" -eq 0 ] || { echo "$p: $output"; cat "$OUT"; return 1; }
		[ "$output" = "$(ktap_expect "$p")" ] ||
			{ echo "$p: got"; echo "$output"; echo "want"; ktap_expect "$p"; return 1; }
	done
	# the SKIP directive carries the reason
	grep -q "^ok 3 $OVERFLOW-wait-overflow # SKIP not-applicable: .*1cc16538402a" "$OUT"
}

@test "leaks on a kernel without user queues: exit 77, every check unknown, KTAP all SKIP, --bisect 125" {
	lk --emulate=no-userq
	ok_doc 77
	[ "$(statuses)" = "$DD88:unknown $TEARDOWN:unknown $OVERFLOW:unknown" ]
	[ "$(j "d['results']['leaks']['ip']")" = null ]
	[ "$(j "len(d['errors'])")" = 1 ]
	[[ "$(j "d['errors'][0]['message']")" == *"no user queues"* ]]
	[[ "$output" == *"no user queues"* ]]

	run uq_to "$OUT" leaks --emulate=no-userq --format=ktap
	[ "$status" -eq 77 ]
	run ktap "$OUT"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ "$output" = "1 ok $DD88-signalled-at-creation SKIP
2 ok $TEARDOWN-queue-teardown SKIP
3 ok $OVERFLOW-wait-overflow SKIP" ]

	lk --emulate=no-userq --bisect
	ok_doc 125
	[[ "$(j "d['errors'][0]['message']")" == *"no user queues"* ]]
}

@test "leaks --bisect: 0 when every selected check is fixed or not applicable, 1 when one is missing, 125 without a device" {
	lk --emulate=6.18 --bisect
	ok_doc 1
	[[ "$output" == *"missing"*"git bisect exit 1"* ]]
	lk --emulate=7.1 --bisect
	ok_doc 0
	lk --emulate=7.3 --bisect
	ok_doc 0
	lk --emulate=6.18 --bisect --only=$TEARDOWN,$OVERFLOW
	ok_doc 0
	lk --emulate=7.0 --bisect --only=$OVERFLOW
	ok_doc 1
	lk --emulate=6.16 --bisect --only=$DD88
	ok_doc 1
	# no amdgpu node: 69 without --bisect, 125 with it
	run uq_to "$DOC" leaks --emulate --format=json --device=/dev/dri/renderD200
	[ "$status" -eq 69 ] || { echo "exit $status: $output"; return 1; }
	run uq_to "$DOC" leaks --emulate --format=json --device=/dev/dri/renderD200 --bisect
	[ "$status" -eq 125 ] || { echo "exit $status: $output"; return 1; }
	validate_json "$DOC"
	[ "$(j "d['run']['exit_code']")" = 125 ]
}

@test "leaks --only: prefixes of 7+ hex digits, table order, unknown ids refused with a suggestion" {
	lk --emulate=7.0 --only=49abfa8,dd88d42
	ok_doc
	[ "$(statuses)" = "$DD88:missing $OVERFLOW:missing" ]
	lk --emulate=7.0 --only=8E051E38A8D4
	ok_doc
	[ "$(statuses)" = "$TEARDOWN:fixed" ]
	# a full 40-digit id whose first 12 digits are the table's
	lk --emulate=7.0 --only=${TEARDOWN}0123456789abcdef01234567
	ok_doc
	[ "$(statuses)" = "$TEARDOWN:fixed" ]

	run uq leaks --emulate --only=dd88d43
	[ "$status" -eq 64 ]
	[[ "$output" == *"'dd88d43' is not a known leak fix"*"did you mean 'dd88d42d9ca0'?"* ]]
	run uq leaks --emulate --only=dd88d4
	[ "$status" -eq 64 ]
	[[ "$output" == *"not a commit id (7 to 40 hex digits)"* ]]
	run uq leaks --emulate --only=dd88d42d9cax
	[ "$status" -eq 64 ]
	run uq leaks --emulate --only=,
	[ "$status" -eq 64 ]
	run uq leaks --emulate --only=${TEARDOWN}ffff,deadbeef
	[ "$status" -eq 64 ]
	[[ "$output" == *"'deadbeef' is not a known leak fix"* ]]
}

@test "leaks --fail-on-leak: 1 when a check is missing, 0 when none is" {
	lk --emulate=6.18 --fail-on-leak
	ok_doc 1
	[[ "$output" == *"1 of 3 check(s) missing"* ]]
	lk --emulate=7.1 --fail-on-leak
	ok_doc 0
	lk --emulate=6.18 --fail-on-leak --only=$TEARDOWN
	ok_doc 0
}

@test "leaks: a WAIT that fails as the unfixed kernel's in one iteration only is unknown, not not-applicable" {
	t="$UQ_TMP/trace"
	USERQ_EMU_TRACE="$t" lk --emulate=7.1 --only=$OVERFLOW
	ok_doc
	# the first fill with room for 1 of 2 fences
	n=$(grep -m1 -o 'AMDGPU_USERQ_WAIT#[0-9]* waitq=[0-9]* syncobjs=\[[0-9]*,[0-9]*\] .*num_fences=1 =' "$t" |
		sed 's/^AMDGPU_USERQ_WAIT#\([0-9]*\) .*/\1/')
	[ -n "$n" ]
	USERQ_EMU_FAULT="AMDGPU_USERQ_WAIT:$n:EINVAL" lk --emulate=7.1 --only=$OVERFLOW
	ok_doc 0
	[ "$(statuses)" = "$OVERFLOW:unknown" ]
	[ "$(chk $OVERFLOW "['evidence']['reached']")" = '"mixed"' ]
	[[ "$(chk $OVERFLOW "['reason']")" == *"some iterations only"* ]]
	USERQ_EMU_FAULT="AMDGPU_USERQ_WAIT:$n:EINVAL" lk --emulate=7.1 --only=$OVERFLOW --bisect
	ok_doc 125
	USERQ_EMU_FAULT="AMDGPU_USERQ_WAIT:$n:EINVAL" lk --emulate=7.1 --only=$OVERFLOW --fail-on-leak
	ok_doc 77
	[[ "$output" == *"cannot tell"* ]]
	USERQ_EMU_FAULT="AMDGPU_USERQ_WAIT:$n:EINVAL" run uq_to "$OUT" leaks --emulate=7.1 --only=$OVERFLOW --format=ktap
	run ktap "$OUT"
	[ "$output" = "1 ok $OVERFLOW-wait-overflow SKIP" ]
}

@test "leaks under fault injection: unknown with the error and exit 2, never a false fixed" {
	local f p want got

	# one fault per ioctl the scenarios and the seq64 probe use, in each
	# check (numbers from USERQ_EMU_TRACE); every single fault of these
	# ioctls was swept by hand on 6.16, 6.18, 7.0 and 7.1 (see the commit)
	for p in 6.16 7.0; do
		for f in AMDGPU_USERQ_SIGNAL:4:EIO AMDGPU_USERQ_SIGNAL:21:ENOMEM \
			AMDGPU_USERQ_WAIT:6:EINVAL AMDGPU_USERQ_WAIT:13:EFAULT \
			AMDGPU_USERQ_WAIT:30:EIO AMDGPU_USERQ:9:ENOMEM \
			SYNCOBJ_CREATE:3:ENOMEM AMDGPU_GEM_VA:40:EIO; do
			USERQ_EMU_FAULT=$f lk --emulate=$p
			ok_doc 2 || { echo "$p $f"; return 1; }
			[[ "$(statuses)" == *":unknown"* ]] || { echo "$p $f: $(statuses)"; return 1; }
			# every other check keeps its status, or is unknown
			for want in $(matrix $p); do
				got=$(statuses | tr ' ' '\n' | grep "^${want%%:*}:")
				[ "$got" = "$want" ] || [ "$got" = "${want%%:*}:unknown" ] ||
					{ echo "$p $f: $got, want $want"; return 1; }
			done
			[ "$(j "len(d['errors']) > 0")" = true ]
			[ "$(j "[c['commit'] for c in d['results']['leaks']['checks'] if c['status'] == 'unknown' and c['error'] is None]")" = '[]' ]
		done
	done
	# the same under --bisect: the commit is skipped, not judged
	USERQ_EMU_FAULT=AMDGPU_USERQ_SIGNAL:4:EIO lk --emulate=6.18 --bisect
	ok_doc 125
	# and KTAP marks the failed check "not ok"
	USERQ_EMU_FAULT=AMDGPU_USERQ_SIGNAL:4:EIO run uq_to "$OUT" leaks --emulate=7.1 --format=ktap
	[ "$status" -eq 2 ]
	run ktap "$OUT"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ "$output" == *"not-ok $DD88-signalled-at-creation"* ]]
	grep -q '^# error: ' "$OUT"
}

@test "run includes leaks: results.leaks and its part" {
	run uq_to "$OUT" run --emulate=7.0 --quick -o "$DOC" --format=text
	[ "$status" -eq 0 ] || { echo "exit $status: $output"; return 1; }
	validate_json "$DOC"
	assert_audit_clean
	[ "$(statuses)" = "$(matrix 7.0)" ]
	[ "$(j "[p['command'] for p in d['run']['parts']][-1]")" = '"leaks"' ]
	grep -q "^leaks on /dev/dri/renderD128 (emulated, profile 7.0)$" "$OUT"
}

@test "--format=ktap is refused by the commands that have no KTAP form" {
	run uq info --emulate --format=ktap
	[ "$status" -eq 64 ]
	[[ "$output" == *"info has no KTAP form"* ]]
	run uq signal-wait --emulate --format=ktap
	[ "$status" -eq 64 ]
}

# Issue 12: the leak gates in JUnit, one case per known fix.
@test "--junit: one case per check; missing fails, not-applicable is skipped" {
	run uq leaks --emulate=6.18 -q -o "$UQ_TMP/a.json" --junit="$UQ_TMP/a.xml"
	[ "$status" -eq 0 ]
	validate_junit "$UQ_TMP/a.xml"
	[ "$(junit_get "$UQ_TMP/a.xml" 'count(//testcase)')" = 3 ]
	[ "$(junit_get "$UQ_TMP/a.xml" 'string(//testcase[failure]/@classname)')" = userq-bench.leaks.dd88d42d9ca0 ]
	[ "$(junit_get "$UQ_TMP/a.xml" 'count(//failure)')" = 1 ]
	run uq leaks --emulate=7.3 -q -o "$UQ_TMP/b.json" --junit="$UQ_TMP/b.xml"
	[ "$status" -eq 0 ]
	validate_junit "$UQ_TMP/b.xml"
	[ "$(junit_get "$UQ_TMP/b.xml" 'count(//failure)')" = 0 ]
	[ "$(junit_get "$UQ_TMP/b.xml" 'string(//testcase[skipped]/@classname)')" = userq-bench.leaks.49abfa812617 ]
}
