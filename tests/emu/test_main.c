/* SPDX-License-Identifier: MIT */
/*
 * Conformance test runner. make check runs it once per profile, through a
 * tests/emu/<profile>.conf file naming the profile (CONF_LOG_COMPILER). It
 * re-executes itself with LD_PRELOAD=$USERQ_EMU_LIB and USERQ_EMU_PROFILE
 * set, then runs every suite, or the tests named (UQ_CONF_ONLY, or the
 * command line); output is TAP, with "# SKIP reason" for the tests that do
 * not apply on the profile (runner.c).
 *
 *   test_conformance [PROFILE | FILE.conf] [TEST-OR-PATTERN...]
 *   test_conformance --list [PATTERN...]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance.h"
#include "runner.h"

#define ONLY_ENV "UQ_CONF_ONLY"
#define HARD_ERROR 99 /* for the automake harness: ERROR, not FAIL */
#define USAGE                                                                   \
	"usage: %s [PROFILE | FILE.conf] [TEST-OR-PATTERN...]\n"                \
	"       %s --list [PATTERN...]\n"                                       \
	"Runs the conformance tests (or those named) under the emulator with\n" \
	"the profile (default " EMU_PROFILE_DEFAULT "); TAP on stdout.\n"

static SRunner *build_runner(void)
{
	SRunner *sr = srunner_create(suite_drm_core());

	srunner_add_suite(sr, suite_syncobj());
	srunner_add_suite(sr, suite_info());
	srunner_add_suite(sr, suite_gem());
	srunner_add_suite(sr, suite_gem_va());
	srunner_add_suite(sr, suite_userq());
	srunner_add_suite(sr, suite_userq_fence());
	srunner_add_suite(sr, suite_userq_obs());
	srunner_add_suite(sr, suite_userq_va());
	srunner_add_suite(sr, suite_userq_trace());
	srunner_add_suite(sr, suite_cs());
	srunner_add_suite(sr, suite_prime());
	return sr;
}

/* A pattern that selects nothing is an error, never a pass. */
static bool all_patterns_match(void)
{
	const char *miss = conf_select_unmatched();

	if (!miss)
		return true;
	printf("Bail out! no conformance test matches '%s'\n", miss);
	fprintf(stderr,
		"test_conformance: no test matches '%s' "
		"(test_conformance --list lists them)\n",
		miss);
	return false;
}

static int run_suites(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	SRunner *sr;
	FILE *tap;
	int failed, fd, r;

	r = conf_select(getenv(ONLY_ENV), false);
	if (!r)
		r = conf_skips_open();
	if (r) {
		fprintf(stderr, "test_conformance: setup: %s\n", strerror(-r));
		return HARD_ERROR;
	}
	sr = build_runner();
	if (!all_patterns_match()) {
		srunner_free(sr);
		return HARD_ERROR;
	}
	/* Check's TAP goes to a file; the skips are marked on the copy */
	snprintf(path, sizeof(path), "%s/uq-conf-tap-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	fd = mkostemp(path, O_CLOEXEC);
	tap = fd < 0 ? NULL : fdopen(fd, "r");
	if (!tap) {
		fprintf(stderr, "test_conformance: %s: %s\n", path,
			strerror(errno));
		srunner_free(sr);
		return HARD_ERROR;
	}
	unsetenv("CK_TAP_LOG_FILE_NAME");
	srunner_set_tap(sr, path);
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	unlink(path);
	if (conf_tap_finish(tap, stdout))
		failed++;
	fclose(tap);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* args joined by spaces (a selection, as UQ_CONF_ONLY), or NULL */
static char *join_args(char **args, int n)
{
	char *spec = NULL;
	size_t len = 0;
	FILE *f;
	int i;

	if (n <= 0)
		return NULL;
	f = open_memstream(&spec, &len);
	if (!f)
		return NULL;
	for (i = 0; i < n; i++)
		fprintf(f, "%s ", args[i]);
	fclose(f);
	return spec;
}

static int list_tests(char **patterns, int n)
{
	char *spec = join_args(patterns, n);

	conf_select(spec, true);
	srunner_free(build_runner());
	free(spec);
	return all_patterns_match() ? EXIT_SUCCESS : HARD_ERROR;
}

static char *read_profile_file(const char *path)
{
	char buf[64] = "";
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, " \t\r\n")] = '\0';
	return buf[0] ? strdup(buf) : NULL;
}

/* A .conf file naming the profile, or the profile's name itself. */
static char *profile_arg(const char *arg)
{
	if (!access(arg, R_OK))
		return read_profile_file(arg);
	return emu_profile_find(arg) ? strdup(arg) : NULL;
}

int main(int argc, char **argv)
{
	const char *lib = getenv("USERQ_EMU_LIB");
	char *profile, *only;

	if (getenv("UQ_CONF_CHILD")) /* re-executed: under the emulator */
		return run_suites();
	if (argc > 1 && !strcmp(argv[1], "--list"))
		return list_tests(argv + 2, argc - 2);
	if (argc > 1 && argv[1][0] == '-') {
		fprintf(stderr, USAGE, argv[0], argv[0]);
		return strcmp(argv[1], "--help") ? HARD_ERROR : EXIT_SUCCESS;
	}

	/* run by hand in the build tree: the library built next to it */
	if (!lib || !*lib)
		lib = UQ_BUILDDIR "/.libs/libuserq-emu.so";
	if (access(lib, R_OK)) {
		fprintf(stderr,
			"%s: USERQ_EMU_LIB must name libuserq-emu.so (%s)\n",
			argv[0], lib);
		return HARD_ERROR;
	}
	profile = argc > 1 ? profile_arg(argv[1]) : strdup(EMU_PROFILE_DEFAULT);
	if (!profile) {
		fprintf(stderr,
			"%s: %s is neither a profile nor a file naming one\n",
			argv[0], argv[1]);
		return HARD_ERROR;
	}
	/* test names after the profile replace UQ_CONF_ONLY */
	only = join_args(argv + 2, argc - 2);
	if (only)
		setenv(ONLY_ENV, only, 1);
	free(only);
	setenv("UQ_CONF_CHILD", "1", 1);
	setenv("USERQ_EMU_PROFILE", profile, 1);
	setenv("LD_PRELOAD", lib, 1);
	free(profile);
	execl("/proc/self/exe", argv[0], (char *)NULL);
	fprintf(stderr, "%s: re-exec failed: %s\n", argv[0], strerror(errno));
	return HARD_ERROR;
}
