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
 *	uq_metrics_init(&m, run, names, 4, iterations, duration_s);
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
 */
#ifndef UQ_SRC_MEASURE_H
#define UQ_SRC_MEASURE_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "hist.h"

struct uq_run;

/* CLOCK_MONOTONIC through the vDSO, in ns. */
static inline uint64_t uq_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- stopping: --timeout, SIGINT, SIGTERM, --duration ---- */

enum uq_stop_reason {
	UQ_STOP_NONE = 0,
	UQ_STOP_TIMEOUT, /* --timeout expired: exit 124 */
	UQ_STOP_SIGNAL, /* SIGINT/SIGTERM: exit 130 */
};

extern volatile sig_atomic_t uq_stop_flag;

/* Install SIGINT/SIGTERM handlers and the --timeout timer (0: none). The
 * handlers only set uq_stop_flag; commands clean up and write partial
 * results themselves. */
int uq_stop_install(double timeout_s);
static inline bool uq_stopped(void)
{
	return uq_stop_flag != UQ_STOP_NONE;
}
/* The exit code for the stop reason (124, 130), or 0 if not stopped. */
int uq_stop_exit_code(void);

/* ---- metrics ---- */

#define UQ_METRICS_MAX 8
#define UQ_BATCH 256 /* rows per batch */

struct uq_samples; /* --samples=FILE writer, measure.c */
struct uq_meter; /* progress line, measure.c */

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
	const char *sample_prefix; /* metric prefix in the CSV, or NULL */
};

/**
 * uq_metrics_init - set up metrics for one measuring loop.
 * @run: the command's run (options: --samples, --progress, --quiet).
 * @names: @n metric names (at most UQ_METRICS_MAX), stable storage.
 * @iterations: rows to measure (0 = only @duration_s bounds the loop).
 * @duration_s: stop after this long (0 = no limit).
 * @label: what the progress line calls the loop, e.g. "signal-wait".
 *
 * Returns 0 or -errno (the reason recorded in run->errors).
 */
int uq_metrics_init(struct uq_metrics *m, struct uq_run *run,
		    const char *const *names, unsigned int n,
		    uint64_t iterations, double duration_s, const char *label);

/* Flush a full batch: histograms, samples, stop by duration. */
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

/* Has the loop measured its iterations, or run out its --duration? */
static inline bool uq_metrics_done(const struct uq_metrics *m)
{
	uint64_t done = atomic_load_explicit(&m->done, memory_order_relaxed);

	return (m->target && done >= m->target) ||
	       (m->deadline_ns && uq_now_ns() >= m->deadline_ns);
}

/* Flush the last partial batch, stop the progress line. */
void uq_metrics_finish(struct uq_metrics *m);

/* The STATS object of metric @i (SPEC §4) with its histogram buckets. */
json_t *uq_metrics_json(const struct uq_metrics *m, unsigned int i);

void uq_metrics_fini(struct uq_metrics *m);

/* STATS of any histogram (SPEC §4), with the non-empty buckets. */
json_t *uq_stats_json(const struct uq_hist *h);

#endif
