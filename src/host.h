/* SPDX-License-Identifier: MIT */
/*
 * Host facts for the JSON "host" object (SPEC §4): kernel release, CPU
 * model and the clock the measurements use, with its resolution and the
 * cost of reading it.
 */
#ifndef UQ_SRC_HOST_H
#define UQ_SRC_HOST_H

#include <stdint.h>
#include <time.h>

struct uq_host {
	char kernel[65]; /* uname -r */
	char *cpu_model; /* /proc/cpuinfo "model name"; NULL if unknown */
	const char *clock_name; /* "CLOCK_MONOTONIC" */
	clockid_t clock_id;
	int64_t resolution_ns; /* clock_getres(); -1 if it failed */
	int64_t overhead_ns; /* median cost of one clock read; -1 if unknown */
};

/**
 * uq_host_query - fill @host. Never fails as a whole: a fact that cannot be
 * read is left unknown (NULL or -1), because it only describes the run.
 * Takes a few hundred microseconds (the clock overhead measurement).
 */
void uq_host_query(struct uq_host *host);
void uq_host_fini(struct uq_host *host);

/**
 * uq_host_pin_cpu - pin the calling thread to @cpu.
 *
 * Returns 0, -EINVAL if @cpu is not in the thread's allowed set (offline,
 * out of range, or excluded by a cpuset), or another -errno of
 * sched_setaffinity().
 */
int uq_host_pin_cpu(int cpu);

#endif
