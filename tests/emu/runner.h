/* SPDX-License-Identifier: MIT */
/*
 * The conformance runner's own machinery (test_main.c uses it): selecting
 * tests by name, and reporting the tests that skipped as TAP SKIPs.
 *
 * Selection: UQ_CONF_ONLY holds test names or fnmatch(3) patterns,
 * separated by spaces or commas; conf_add_loop_test() adds only the tests
 * that match one. A pattern that matches no test is an error, so that a
 * mistyped name does not pass with zero tests.
 *
 * Skips: conf_require() appends "name<TAB>reason" to a file the runner
 * opened (UQ_CONF_SKIP_FD; Check's forked tests share its offset); Check
 * writes its TAP to a second file; at the end the runner copies that TAP
 * to stdout, with "# SKIP reason" on the "ok" line of each test that
 * recorded a skip. Records and results are matched in run order.
 */
#ifndef UQ_TESTS_RUNNER_H
#define UQ_TESTS_RUNNER_H

#include <stdbool.h>
#include <stdio.h>

/* Parse spec (NULL: every test). With list, conf_add_loop_test prints
 * the names it is given instead of adding the tests. 0 or -errno. */
int conf_select(const char *spec, bool list);
/* The first pattern that matched no test, or NULL. */
const char *conf_select_unmatched(void);

/* Open the skip-record file and export its descriptor: 0 or -errno. */
int conf_skips_open(void);
/* Copy Check's TAP (tap, read from its start) to out, marking the
 * skipped tests. 0, or -1 when a skip record matched no passed test (it
 * was recorded outside a test's body). */
int conf_tap_finish(FILE *tap, FILE *out);

#endif
