/* SPDX-License-Identifier: MIT */
/*
 * The logic of `userq-bench compare`: read two result documents, match
 * their metrics by path, and judge each change by size (--threshold) and
 * significance (--alpha). No I/O beyond reading the two files, so the unit
 * tests call it directly.
 *
 * Metrics compared:
 *   signal_wait.latency_ns.<name>        every latency of signal-wait
 *   signal_wait.pairs_per_s              throughput (higher is better)
 *   unmap[<op> <size> x<ranges> <sync> <busy>].ioctl_ns, .complete_ns
 */
#ifndef UQ_SRC_COMPARE_H
#define UQ_SRC_COMPARE_H

#include <stddef.h>

#include <jansson.h>

struct uq_compare_opts {
	double threshold_pct; /* smallest change that counts, in % */
	double alpha; /* significance level of the tests */
};

/**
 * uq_compare_load - read and check a result document: JSON, an object,
 * schema_version 1, tool.name userq-bench, run and results objects, and
 * every STATS compare uses well-formed (numbers where count > 0, histogram
 * buckets ascending).
 * @why: on failure, what is wrong (without the path).
 *
 * Returns the document, or NULL.
 */
json_t *uq_compare_load(const char *path, char *why, size_t len);

/* uq_compare_load() of a document in memory (@size bytes at @buf, no NUL
 * needed): what the fuzzer feeds (tests/fuzz/fuzz_compare.c). */
json_t *uq_compare_loadb(const char *buf, size_t size, char *why, size_t len);

/**
 * uq_compare - the "compare" result object: {threshold_pct, alpha,
 * metrics: [...], summary: {...}} (schema: $defs/compare).
 * Both documents must have passed uq_compare_load().
 *
 * Returns the object, or NULL when out of memory.
 */
json_t *uq_compare(const json_t *base, const json_t *new,
		   const struct uq_compare_opts *opts);

/**
 * uq_repeat_spread - how much each statistic moved between the runs of
 * --repeat (results.repeats[]): per metric, per statistic {min, median,
 * max, cv_pct} over the runs (schema: $defs/repeat_spread).
 *
 * Returns the array (empty without repeats), or NULL when out of memory.
 */
json_t *uq_repeat_spread(const json_t *doc);

#endif
