/* SPDX-License-Identifier: MIT */
/*
 * --junit=FILE: the gates of a result document as JUnit XML, the format
 * GitLab CI (Mesa's CI) and Jenkins show per test case:
 * - compare: one case per statistic of each metric (classname
 *   "userq-bench.compare.METRIC", name "p50", "p90", ...); a statistic the
 *   comparison flags in a regression fails, a metric with nothing to
 *   compare is skipped with the reason;
 * - leaks: one case per known fix (results.leaks.checks[]): "missing"
 *   fails, "not-applicable" and "unknown" are skipped;
 * - signal-wait: one case for the fence-driver verdict: "leak" fails,
 *   "unknown" is skipped.
 * Errors of the run (errors[]) become one failing "run" case, so that a
 * run that could not test never shows green.
 */
#ifndef UQ_SRC_JUNIT_H
#define UQ_SRC_JUNIT_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

/* Whether @doc holds a gate --junit reports (compare, leaks or the
 * fence-driver verdict). */
bool uq_junit_has_gates(const json_t *doc);

/* Write the XML of @doc to @f. Returns 0 or -errno. */
int uq_junit_print(FILE *f, const json_t *doc);

/* Write it to @path as -o writes (atomically, never half a file).
 * Returns 0 or -errno; *@step says what failed. */
int uq_junit_write(const json_t *doc, const char *path, const char **step);

#endif
