/* SPDX-License-Identifier: MIT */
/*
 * Conformance test runner. make check runs it once per profile, through a
 * tests/emu/<profile>.conf file naming the profile (CONF_LOG_COMPILER). It
 * re-executes itself with LD_PRELOAD=$USERQ_EMU_LIB and USERQ_EMU_PROFILE
 * set, then runs every suite; output is TAP (CK_TAP_LOG_FILE_NAME=-).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance.h"

static int run_suites(void)
{
	SRunner *sr = srunner_create(suite_drm_core());
	int failed;

	srunner_add_suite(sr, suite_syncobj());
	srunner_add_suite(sr, suite_info());
	srunner_add_suite(sr, suite_gem());
	srunner_add_suite(sr, suite_gem_va());
	srunner_add_suite(sr, suite_userq());
	srunner_add_suite(sr, suite_userq_fence());
	srunner_add_suite(sr, suite_userq_obs());
	srunner_add_suite(sr, suite_cs());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
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

int main(int argc, char **argv)
{
	const char *lib = getenv("USERQ_EMU_LIB");
	char *profile;

	if (getenv("UQ_CONF_CHILD")) /* re-executed: under the emulator */
		return run_suites();

	if (!lib || access(lib, R_OK)) {
		fprintf(stderr, "USERQ_EMU_LIB must name libuserq-emu.so\n");
		return 99; /* hard error for the automake harness */
	}
	profile = argc > 1 ? read_profile_file(argv[1]) : strdup("6.18");
	if (!profile) {
		fprintf(stderr, "%s: no profile name in %s\n", argv[0],
			argc > 1 ? argv[1] : "(none)");
		return 99;
	}
	setenv("UQ_CONF_CHILD", "1", 1);
	setenv("USERQ_EMU_PROFILE", profile, 1);
	setenv("LD_PRELOAD", lib, 1);
	free(profile);
	execl("/proc/self/exe", argv[0], (char *)NULL);
	fprintf(stderr, "%s: re-exec failed: %s\n", argv[0], strerror(errno));
	return 99;
}
