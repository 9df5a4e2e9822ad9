# Shared helpers for the bats command-line tests.
#
# Environment (set by make check, see AM_TESTS_ENVIRONMENT):
#   USERQ_BENCH     the userq-bench binary under test
#   USERQ_EMU_LIB   the emulator library (libuserq-emu.so)
#   UQ_SCHEMA       the JSON schema of result documents
#   UQ_PYTHON3      Debian's /usr/bin/python3 (has python3-jsonschema)
#   UQ_VALGRIND=1   run userq-bench under valgrind memcheck
#   UQ_SANITIZE=1   the build uses ASan/UBSan
#   USERQ_EMU_WARN_FATAL=1  an emulator invariant (EMU_WARN_ON) aborts

: "${USERQ_BENCH:?run the tests through make check}"
: "${USERQ_EMU_LIB:?run the tests through make check}"
: "${UQ_PYTHON3:=/usr/bin/python3}"
# An emulator bug must fail the test, not pass with a line on stderr.
export USERQ_EMU_WARN_FATAL="${USERQ_EMU_WARN_FATAL:-1}"

setup_tmp() {
	UQ_TMP=$(mktemp -d "${BATS_TMPDIR:-/tmp}/uq.XXXXXX")
	export USERQ_EMU_REPORT="$UQ_TMP/audit.json"
}

# Every test that ran anything under the emulator must have left no kernel
# object behind (SPEC §3: failure paths free what they created), so the
# audit is checked here, after each test, rather than by each test. A test
# that leaves objects on purpose sets UQ_AUDIT_DIRTY_OK=1.
teardown_tmp() {
	local ret=0

	if [ -n "${UQ_TMP:-}" ] && [ -s "$USERQ_EMU_REPORT" ] &&
		[ "${UQ_AUDIT_DIRTY_OK:-0}" != 1 ]; then
		assert_audit_clean "$USERQ_EMU_REPORT" || ret=1
	fi
	[ -n "${UQ_TMP:-}" ] && rm -rf "$UQ_TMP"
	return $ret
}

# uq ARGS...: run userq-bench (under valgrind memcheck with UQ_VALGRIND=1).
# Use with bats' `run`: `run uq info --emulate`. valgrind follows the
# --emulate re-exec (--trace-children) and turns any memory error or
# definite leak into exit status 99.
uq() {
	if [ "${UQ_VALGRIND:-0}" = 1 ]; then
		valgrind -q --trace-children=yes --error-exitcode=99 \
			--leak-check=full --errors-for-leak-kinds=definite \
			--show-leak-kinds=definite \
			--suppressions="$UQ_TOP_SRCDIR/tests/valgrind.supp" \
			"$USERQ_BENCH" "$@"
	else
		"$USERQ_BENCH" "$@"
	fi
}

# emu_run CMD ARGS...: run any program under the emulator. In sanitizer
# builds the (instrumented) emulator needs the ASan runtime loaded first.
emu_run() {
	local preload="$USERQ_EMU_LIB"

	if [ "${UQ_SANITIZE:-0}" = 1 ]; then
		preload="$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libubsan.so):$preload"
	fi
	LD_PRELOAD="$preload${LD_PRELOAD:+:$LD_PRELOAD}" "$@"
}

# uq_to FILE ARGS...: userq-bench with stdout in FILE (stderr stays in
# bats' $output).
uq_to() {
	local out="$1"

	shift
	uq "$@" >"$out"
}

# validate_json FILE: FILE is a result document valid against the schema.
validate_json() {
	"$UQ_PYTHON3" "$UQ_TOP_SRCDIR/tests/validate-json" "$UQ_SCHEMA" "$1"
}

# json_get FILE EXPR: print a value of the document (jq-like python
# expression on `d`, e.g. "d['device']['emulated']"); JSON-encoded.
json_get() {
	"$UQ_PYTHON3" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(eval(sys.argv[2])))' "$1" "$2"
}

# j EXPR: a value of the document $DOC, JSON-encoded (see json_get).
j() {
	json_get "$DOC" "$1"
}

# assert_audit_clean [FILE]: the emulator's audit shows that the process
# left no queue, BO, mapping, syncobj, context, kprobe, tracefs instance
# or enabled trace event behind.
assert_audit_clean() {
	local f="${1:-$USERQ_EMU_REPORT}"

	[ -s "$f" ] || { echo "no audit written to $f" >&2; return 1; }
	"$UQ_PYTHON3" - "$f" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
left = {k: a[k] for k in ("queues", "bos", "va_mappings", "syncobjs", "ctxs", "kprobes", "trace_instances", "trace_events") if a.get(k)}
if left:
    sys.exit("objects left behind: %s" % left)
PY
}

# validate_junit FILE: FILE is JUnit XML valid against the Jenkins xunit
# plugin's JUnit schema (tests/junit-10.xsd, MIT, kept verbatim).
validate_junit() {
	command -v xmllint >/dev/null ||
		{ echo "xmllint is not installed (apt-get install libxml2-utils)" >&2; return 1; }
	xmllint --noout --schema "$UQ_TOP_SRCDIR/tests/junit-10.xsd" "$1"
}

# junit_get FILE XPATH: the XPath value in a JUnit file.
junit_get() {
	xmllint --xpath "$2" "$1"
}
