/* SPDX-License-Identifier: MIT */
/*
 * Host facts for the JSON "host" object (SPEC §4): kernel release, CPU
 * model, the clock the measurements use (its resolution, the cost of reading
 * it and the kernel clocksource behind it), the CPU the measuring thread is
 * pinned to, and whether the process memory is locked.
 */
#ifndef UQ_SRC_HOST_H
#define UQ_SRC_HOST_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

struct uq_host {
	char kernel[65]; /* uname -r */
	char *cpu_model; /* /proc/cpuinfo "model name"; NULL if unknown */
	const char *clock_name; /* "CLOCK_MONOTONIC" */
	clockid_t clock_id;
	int64_t resolution_ns; /* clock_getres(); -1 if it failed */
	int64_t overhead_ns; /* median cost of one clock read; -1 if unknown */
	char clocksource[32]; /* "tsc", "hpet"...; "" if unknown */
	int cpu; /* CPU the measuring thread is pinned to; -1: not pinned */
	bool mlocked; /* mlockall(MCL_CURRENT | MCL_FUTURE) in effect */
	const char *mlock_reason; /* why not; NULL when locked */
	char governor[32]; /* cpufreq scaling_governor of CPU 0; "" if none */
	bool have_load;
	double load[3]; /* getloadavg() when the run started */
};

/* getloadavg() now, as a JSON array [1, 5, 15 minutes], or null. For
 * host.load.after: two runs on a host whose load differs are not alike. */
json_t *uq_host_load_json(void);

/* Every USERQ_EMU_* variable in effect, as a JSON object: the emulator's
 * settings change its figures. */
json_t *uq_host_emulator_env_json(void);

/**
 * uq_host_query - fill @host. Never fails as a whole: a fact that cannot be
 * read is left unknown (NULL or -1), because it only describes the run.
 * Takes some tens of microseconds (the clock overhead measurement). The
 * pinning and locking facts are those of uq_host_pin_cpu() and
 * uq_host_lock_memory(), called before.
 */
void uq_host_query(struct uq_host *host);
void uq_host_fini(struct uq_host *host);

/**
 * uq_host_pin_cpu - pin the calling thread to @cpu, remembering the affinity
 * it had, which helper threads get back with uq_host_unpin_thread().
 *
 * Returns 0, -EINVAL if @cpu is not in the thread's allowed set (offline,
 * out of range, or excluded by a cpuset), or another -errno of
 * sched_setaffinity().
 */
int uq_host_pin_cpu(int cpu);

/**
 * uq_host_unpin_thread - give the calling thread the affinity the process
 * had before uq_host_pin_cpu(), so that a helper thread (progress) does not
 * compete with the measuring thread for its CPU. No-op when not pinned.
 *
 * Returns 0 or -errno.
 */
int uq_host_unpin_thread(void);

/**
 * uq_host_lock_memory - mlockall(MCL_CURRENT | MCL_FUTURE), so that page
 * faults do not land in measured intervals (cyclictest does the same).
 *
 * Not attempted without CAP_IPC_LOCK under a finite RLIMIT_MEMLOCK: with
 * MCL_FUTURE every later allocation beyond the limit would fail, which is
 * worse than an occasional page fault. Not attempted in an AddressSanitizer
 * build either, whose runtime turns mlockall into a no-op.
 *
 * Returns 0 or -errno; the reason is reported by uq_host_query().
 */
int uq_host_lock_memory(void);

#endif
