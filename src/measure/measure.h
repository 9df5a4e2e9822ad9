/* SPDX-License-Identifier: MIT */
/*
 * The measuring loop's toolkit (cyclictest/fio style): the clock, a set of
 * latency metrics fed in fixed-size batches, and the stop flag.
 *
 * A command's hot loop does only this per iteration: read the clock, do the
 * operation, store the latencies in the current batch row, commit the row.
 * Everything else (histograms, --samples CSV, progress) happens when a full
 * batch is flushed, or in the progress thread, which only reads an atomic
 * counter. No allocation and no branch on options inside the loop.
 *
 *	struct uq_metrics m;
 *	static const char *const names[] = { "signal", "wait_count", ... };
 *
 *	uq_metrics_init(&m, run, names, 4, iterations, duration_s,
 *			"signal-wait");
 *	while (!uq_stopped() && !uq_metrics_done(&m)) {
 *		uint64_t *row = uq_metrics_row(&m), t0, t1, t2;
 *
 *		t0 = uq_now_ns(); op_a(); t1 = uq_now_ns(); op_b();
 *		t2 = uq_now_ns();
 *		row[0] = t1 - t0; row[1] = t2 - t1; row[2] = t2 - t0;
 *		uq_metrics_commit(&m);
 *	}
 *	uq_metrics_finish(&m);    // last partial batch, progress line cleared
 *	json = uq_metrics_json(&m, i)  // STATS of metric i
 *	uq_metrics_fini(&m);
 *
 * main.c installs the stop handlers (uq_stop_install) and opens and closes
 * the --samples file (uq_samples_open/close) around the command; commands
 * only check uq_stopped() and return uq_stop_exit_code() when it is set.
 */
#ifndef UQ_SRC_MEASURE_H
#define UQ_SRC_MEASURE_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "report/errors.h"
#include "hist.h"

struct uq_run;

/* CLOCK_MONOTONIC through the vDSO, in ns. */
static inline uint64_t uq_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- stopping: --timeout, SIGINT, SIGTERM, SIGPIPE, --duration ---- */

enum uq_stop_reason {
	UQ_STOP_NONE = 0,
	UQ_STOP_TIMEOUT, /* --timeout expired: exit 124 */
	UQ_STOP_SIGNAL, /* SIGINT/SIGTERM/SIGPIPE: exit 130 */
};

/* After the stop flag is set, how long the command has to clean up before
 * a second SIGALRM ends the process without cleanup (exit 124). */
#define UQ_STOP_GRACE_S 10

extern volatile sig_atomic_t uq_stop_flag;

/*
 * Install SIGINT/SIGTERM/SIGPIPE handlers and the --timeout timer (0:
 * none); SIGPIPE (stdout's reader went away) stops like SIGTERM but never
 * escalates. The
 * handlers only set uq_stop_flag; commands clean up and write partial
 * results themselves. A second SIGINT/SIGTERM, or the command still running
 * UQ_STOP_GRACE_S after the timeout, ends the process at once (130, 124):
 * the kernel then releases what the DRM file held. SA_RESTART is set; a
 * blocking wait must be bounded to notice the flag.
 * Returns 0 or -errno.
 */
int uq_stop_install(double timeout_s);
static inline bool uq_stopped(void)
{
	return uq_stop_flag != UQ_STOP_NONE;
}
/* The exit code for the stop reason (124, 130), or 0 if not stopped. */
int uq_stop_exit_code(void);
/* The signal that stopped the run (SIGINT, SIGTERM), SIGALRM for the
 * timeout, 0 if not stopped. */
int uq_stop_signal(void);

/* ---- metrics ---- */

#define UQ_METRICS_MAX 8
#define UQ_BATCH 256 /* rows per batch */

struct uq_samples; /* --samples=FILE writer, samples.c */
struct uq_meter; /* progress line, meter.c */

struct uq_metrics {
	unsigned int n;
	const char *const *names; /* n metric names, e.g. "pair" */
	struct uq_hist *hist; /* n histograms */
	uint64_t (*batch)[UQ_METRICS_MAX]; /* UQ_BATCH rows */
	unsigned int fill; /* rows used in the current batch */
	uint64_t target; /* iterations to measure; 0 = until duration */
	uint64_t deadline_ns; /* --duration end; 0 = none */
	uint64_t started_ns;
	_Atomic uint64_t done; /* committed rows (read by progress) */
	struct uq_samples *samples;
	struct uq_meter *meter;
	/* Metric prefix in the --samples CSV, or NULL: the metric column is
	 * "<sample_prefix>.<name>". Set it after uq_metrics_init() when a
	 * command has several loops with the same names (unmap cases). */
	const char *sample_prefix;
	/* Added after the first sketch: */
	uint64_t flushed; /* rows already in the histograms */
	uint64_t finished_ns; /* uq_metrics_finish() time; 0 = running */
	bool failed; /* --samples could not be written: the loop ends */
};

/**
 * uq_metrics_init - set up metrics for one measuring loop.
 * @run: the command's run (options: --progress, --quiet; --samples is
 *       process-wide, opened by main).
 * @names: @n metric names (1..UQ_METRICS_MAX), stable storage.
 * @iterations: rows to measure (0 = only @duration_s bounds the loop).
 * @duration_s: stop after this long (0 = no limit).
 * @label: what the progress line calls the loop, e.g. "signal-wait".
 *
 * Returns 0 or -errno (the reason recorded in run->errors).
 */
int uq_metrics_init(struct uq_metrics *m, struct uq_run *run,
		    const char *const *names, unsigned int n,
		    uint64_t iterations, double duration_s, const char *label);

/* Flush a full batch: histograms, samples (a write failure ends the loop). */
void uq_metrics_flush(struct uq_metrics *m);

static inline uint64_t *uq_metrics_row(struct uq_metrics *m)
{
	return m->batch[m->fill];
}

static inline void uq_metrics_commit(struct uq_metrics *m)
{
	atomic_store_explicit(
		&m->done,
		atomic_load_explicit(&m->done, memory_order_relaxed) + 1,
		memory_order_relaxed);
	if (++m->fill == UQ_BATCH)
		uq_metrics_flush(m);
}

/* Has the loop measured its iterations, or run out its --duration? Also
 * true once --samples failed (the run then exits 2). */
static inline bool uq_metrics_done(const struct uq_metrics *m)
{
	uint64_t done = atomic_load_explicit(&m->done, memory_order_relaxed);

	return (m->target && done >= m->target) ||
	       (m->deadline_ns && uq_now_ns() >= m->deadline_ns) || m->failed;
}

/* Flush the last partial batch, stop the progress line. Returns 0, or
 * -errno when --samples could not be written (recorded in run->errors;
 * main makes the exit code 2). Ignoring the value is fine. */
int uq_metrics_finish(struct uq_metrics *m);

/* Committed rows so far. */
static inline uint64_t uq_metrics_count(const struct uq_metrics *m)
{
	return atomic_load_explicit(&m->done, memory_order_relaxed);
}

/* Committed rows per second from uq_metrics_init() to uq_metrics_finish()
 * (or now); 0 when none. */
double uq_metrics_rate(const struct uq_metrics *m);

/* The STATS object of metric @i (SPEC §4) with its histogram buckets. */
json_t *uq_metrics_json(const struct uq_metrics *m, unsigned int i);

/* Also stops the progress line if uq_metrics_finish() was not called. */
void uq_metrics_fini(struct uq_metrics *m);

/*
 * STATS of any histogram (SPEC §4), with the non-empty buckets:
 * {count, min, max, mean, stddev, p50, p90, p99, p999, histogram: {scheme:
 * "log-linear", sub_buckets: 64, exact_below: 128, buckets: [[lower_ns,
 * count], ...]}}. min..p999 are null when count is 0. NULL when out of
 * memory.
 */
json_t *uq_stats_json(const struct uq_hist *h);

/* ---- --samples=FILE: every measured latency as CSV ---- */

/*
 * uq_samples_open - start the CSV "metric,iteration,ns" (header line
 * first) in a temporary file beside @path; every uq_metrics flush appends
 * its rows. Failures are recorded in @errs, which must outlive the run.
 * Returns 0 or -errno.
 */
int uq_samples_open(const char *path, struct uq_errors *errs);

/* Write out, fsync and rename over the path; remove the temporary file
 * after a failure. Returns 0 (also when not open) or -errno, recorded in
 * the errs of uq_samples_open() unless recorded already. */
int uq_samples_close(void);

/* Did writing the samples fail (open, a flush or close)? */
bool uq_samples_failed(void);

#endif
