/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "cli.h"
#include "measure.h"
#include "meter.h"
#include "samples.h"

/* --- stopping -------------------------------------------------------- */

volatile sig_atomic_t uq_stop_flag;
static volatile sig_atomic_t stop_signal;

static void say(const char *msg, size_t len)
{
	ssize_t ignored = write(STDERR_FILENO, msg, len);

	(void)ignored;
}

#define SAY(s) say(s, sizeof(s) - 1)

/* Async-signal-safe: only flags, write() and _exit(). */
static void on_stop_signal(int sig)
{
	/* A reader that went away (`| head`): stop as for SIGTERM, but a
	 * second one (the final write to that stdout) must not end the
	 * process before it has cleaned up. */
	if (sig == SIGPIPE) {
		if (!uq_stop_flag) {
			stop_signal = sig;
			uq_stop_flag = UQ_STOP_SIGNAL;
		}
		return;
	}
	if (sig == SIGALRM) {
		if (!uq_stop_flag) {
			stop_signal = sig;
			uq_stop_flag = UQ_STOP_TIMEOUT;
			return;
		}
		/* the interval timer fired again: the grace is over */
		SAY("userq-bench: the run did not stop within "
		    "10 s of --timeout or the interrupt; exiting without "
		    "cleanup\n");
		_exit(uq_stop_flag == UQ_STOP_SIGNAL ? UQ_EXIT_INTR :
						       UQ_EXIT_TIMEOUT);
	}
	if (uq_stop_flag == UQ_STOP_SIGNAL) {
		SAY("userq-bench: interrupted again; exiting without "
		    "cleanup\n");
		_exit(UQ_EXIT_INTR);
	}
	stop_signal = sig;
	uq_stop_flag = UQ_STOP_SIGNAL;
}

_Static_assert(UQ_STOP_GRACE_S == 10, "the message above says 10 s");

int uq_stop_install(double timeout_s)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGALRM, SIGPIPE };
	struct itimerval it;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL))
			return -errno;
	if (timeout_s <= 0)
		return 0;
	/* The first expiry sets the flag; the interval one is the backstop
	 * for a command that does not notice it. */
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = (time_t)timeout_s;
	it.it_value.tv_usec =
		(suseconds_t)((timeout_s - (double)it.it_value.tv_sec) * 1e6);
	if (!it.it_value.tv_sec && !it.it_value.tv_usec)
		it.it_value.tv_usec = 1;
	it.it_interval.tv_sec = UQ_STOP_GRACE_S;
	return setitimer(ITIMER_REAL, &it, NULL) ? -errno : 0;
}

int uq_stop_exit_code(void)
{
	switch (uq_stop_flag) {
	case UQ_STOP_TIMEOUT:
		return UQ_EXIT_TIMEOUT;
	case UQ_STOP_SIGNAL:
		return UQ_EXIT_INTR;
	default:
		return 0;
	}
}

int uq_stop_signal(void)
{
	return uq_stop_flag ? stop_signal : 0;
}

/* --- metrics --------------------------------------------------------- */

static bool progress_wanted(const struct uq_opts *opts, bool *tty)
{
	*tty = isatty(STDERR_FILENO);
	if (!opts || opts->quiet)
		return false;
	switch (opts->progress) {
	case UQ_PROGRESS_ALWAYS:
		return true;
	case UQ_PROGRESS_NEVER:
		return false;
	default:
		return *tty;
	}
}

int uq_metrics_init(struct uq_metrics *m, struct uq_run *run,
		    const char *const *names, unsigned int n,
		    uint64_t iterations, double duration_s, const char *label)
{
	const struct uq_opts *opts = run ? run->opts : NULL;
	bool tty;
	int ret;

	memset(m, 0, sizeof(*m));
	if (!n || n > UQ_METRICS_MAX || duration_s < 0) {
		if (run)
			uq_error_add(run->errors, "metrics", EINVAL,
				     "%s: %u metrics (at most %d): a bug",
				     label, n, UQ_METRICS_MAX);
		return -EINVAL;
	}
	m->n = n;
	m->names = names;
	m->hist = malloc(n * sizeof(*m->hist));
	m->batch = malloc(UQ_BATCH * sizeof(*m->batch));
	if (!m->hist || !m->batch) {
		uq_metrics_fini(m);
		if (run)
			uq_error_add(run->errors, "metrics", ENOMEM,
				     "%s: out of memory for the histograms",
				     label);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < n; i++)
		uq_hist_init(&m->hist[i]);
	m->target = iterations;
	m->samples = uq_samples_current();
	m->failed = uq_samples_failed();
	m->started_ns = uq_now_ns();
	if (duration_s > 0)
		m->deadline_ns = m->started_ns + (uint64_t)(duration_s * 1e9);
	if (progress_wanted(opts, &tty)) {
		/* no progress line is no reason to fail a run */
		m->meter = uq_meter_start(m, label, STDERR_FILENO, tty, &ret);
	}
	return 0;
}

void uq_metrics_flush(struct uq_metrics *m)
{
	for (unsigned int r = 0; r < m->fill; r++)
		for (unsigned int j = 0; j < m->n; j++)
			uq_hist_record(&m->hist[j], m->batch[r][j]);
	if (m->samples &&
	    uq_samples_write(m->samples, m->sample_prefix, m->names, m->n,
			     (const uint64_t(*)[UQ_METRICS_MAX])m->batch,
			     m->fill, m->flushed)) {
		m->samples = NULL;
		m->failed = true;
	}
	m->flushed += m->fill;
	m->fill = 0;
}

int uq_metrics_finish(struct uq_metrics *m)
{
	if (!m->finished_ns) {
		uq_metrics_flush(m);
		m->finished_ns = uq_now_ns();
	}
	uq_meter_stop(m->meter);
	m->meter = NULL;
	return m->failed ? -EIO : 0;
}

/* Loop time in seconds, up to uq_metrics_finish() or now. */
static double elapsed_s(const struct uq_metrics *m)
{
	uint64_t end = m->finished_ns ? m->finished_ns : uq_now_ns();

	return m->started_ns ? (double)(end - m->started_ns) / 1e9 : 0;
}

double uq_metrics_rate(const struct uq_metrics *m)
{
	double s = elapsed_s(m);

	return s > 0 ? (double)uq_metrics_count(m) / s : 0;
}

json_t *uq_metrics_json(const struct uq_metrics *m, unsigned int i)
{
	if (i >= m->n)
		return NULL;
	return uq_stats_json(&m->hist[i]);
}

void uq_metrics_fini(struct uq_metrics *m)
{
	uq_meter_stop(m->meter);
	free(m->hist);
	free(m->batch);
	m->meter = NULL;
	m->hist = NULL;
	m->batch = NULL;
}

/* --- STATS ----------------------------------------------------------- */

static json_t *buckets_json(const struct uq_hist *h)
{
	json_t *a = json_array();

	for (unsigned int i = 0; a && i < UQ_HIST_BUCKETS; i++) {
		if (!h->buckets[i])
			continue;
		if (json_array_append_new(
			    a, json_pack("[I, I]", (json_int_t)uq_hist_lower(i),
					 (json_int_t)h->buckets[i]))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *ns_json(uint64_t ns, bool valid)
{
	return valid ? json_integer((json_int_t)ns) : json_null();
}

static json_t *real_json(double v, bool valid)
{
	return valid && isfinite(v) ? json_real(v) : json_null();
}

json_t *uq_stats_json(const struct uq_hist *h)
{
	struct uq_stats s;
	bool any = h->count > 0;

	uq_hist_stats(h, &s);
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
			 " s:{s:s, s:i, s:i, s:o}}",
			 "count", (json_int_t)s.count, "min",
			 ns_json(s.min, any), "max", ns_json(s.max, any),
			 "mean", real_json(s.mean, any), "stddev",
			 real_json(s.stddev, any), "p50", ns_json(s.p50, any),
			 "p90", ns_json(s.p90, any), "p99", ns_json(s.p99, any),
			 "p999", ns_json(s.p999, any), "histogram", "scheme",
			 "log-linear", "sub_buckets", UQ_HIST_SUB,
			 "exact_below", UQ_HIST_EXACT, "buckets",
			 buckets_json(h));
}
