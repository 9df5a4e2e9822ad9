/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/host.h"
#include "meter.h"

/* The thread only sleeps and formats a line: a small stack, which matters
 * under mlockall(MCL_FUTURE), where the default 8 MiB would be locked. */
#define METER_STACK (PTHREAD_STACK_MIN + 64 * 1024)

struct uq_meter {
	const struct uq_metrics *m;
	const char *label;
	int fd;
	bool tty;
	bool stop; /* under lock */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
};

static void put_rate(char *buf, size_t len, double rate)
{
	if (rate >= 1e6)
		snprintf(buf, len, "%.3gM/s", rate / 1e6);
	else if (rate >= 1e4)
		snprintf(buf, len, "%.3gk/s", rate / 1e3);
	else
		snprintf(buf, len, "%.0f/s", rate);
}

static void put_hms(char *buf, size_t len, double s)
{
	unsigned long long t = s < 0 ? 0 : (unsigned long long)(s + 0.5);

	snprintf(buf, len, "%llu:%02llu:%02llu", t / 3600, t / 60 % 60, t % 60);
}

size_t uq_progress_format(char *buf, size_t len, const char *label,
			  uint64_t done, uint64_t target, uint64_t elapsed_ns,
			  uint64_t left_ns)
{
	double el = (double)elapsed_ns / 1e9, frac = 0, eta = -1, rate;
	char count[48], rate_s[24], eta_s[32] = "-";
	int n;

	rate = el > 0 ? (double)done / el : 0;
	if (target) {
		frac = (double)done / (double)target;
		if (rate > 0)
			eta = (double)(target > done ? target - done : 0) /
			      rate;
		snprintf(count, sizeof(count), "%llu/%llu",
			 (unsigned long long)done, (unsigned long long)target);
	} else {
		snprintf(count, sizeof(count), "%llu",
			 (unsigned long long)done);
	}
	if (left_ns != UINT64_MAX) {
		double left = (double)left_ns / 1e9;

		/* whichever of the two limits comes first ends the loop */
		if (el + left > 0 && el / (el + left) > frac)
			frac = el / (el + left);
		if (eta < 0 || left < eta)
			eta = left;
	}
	if (frac > 1)
		frac = 1;
	put_rate(rate_s, sizeof(rate_s), rate);
	if (eta >= 0)
		put_hms(eta_s, sizeof(eta_s), eta);
	n = snprintf(buf, len, "%s  %5.1f%%  %s  %s  ETA %s", label, frac * 100,
		     count, rate_s, eta_s);
	if (n < 0)
		n = 0;
	return (size_t)n < len ? (size_t)n : len - 1;
}

static size_t meter_line(const struct uq_meter *mt, char *buf, size_t len)
{
	const struct uq_metrics *m = mt->m;
	uint64_t now = m->finished_ns ? m->finished_ns : uq_now_ns();
	uint64_t left = UINT64_MAX;

	if (m->deadline_ns)
		left = m->deadline_ns > now ? m->deadline_ns - now : 0;
	return uq_progress_format(buf, len, mt->label, uq_metrics_count(m),
				  m->target, now - m->started_ns, left);
}

static void meter_write(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return; /* progress is best effort */
		s += n;
		len -= (size_t)n;
	}
}

static void meter_draw(const struct uq_meter *mt)
{
	char line[256];
	size_t n;

	if (mt->tty) {
		line[0] = '\r';
		n = 1 + meter_line(mt, line + 1, sizeof(line) - 5);
		/* erase what a longer previous line left */
		memcpy(line + n, "\033[K", 3);
		n += 3;
	} else {
		n = meter_line(mt, line, sizeof(line) - 1);
		line[n++] = '\n';
	}
	meter_write(mt->fd, line, n);
}

static void *meter_thread(void *arg)
{
	struct uq_meter *mt = arg;
	long period_ns = mt->tty ? 1000000000L / UQ_METER_HZ : 1000000000L;
	struct timespec next;

	/* named, so that per-thread CPU figures (bench/run) tell it apart */
	pthread_setname_np(pthread_self(), "uq-meter");
	/* the measuring thread's CPU is not ours */
	uq_host_unpin_thread();
	clock_gettime(CLOCK_MONOTONIC, &next);
	pthread_mutex_lock(&mt->lock);
	/* on a terminal, say at once that the loop runs, even when it is
	 * over before this thread ran (uq_meter_stop() erases the line) */
	if (mt->tty)
		meter_draw(mt);
	while (!mt->stop) {
		next.tv_nsec += period_ns;
		if (next.tv_nsec >= 1000000000L) {
			next.tv_sec += next.tv_nsec / 1000000000L;
			next.tv_nsec %= 1000000000L;
		}
		while (!mt->stop && pthread_cond_timedwait(&mt->cond, &mt->lock,
							   &next) != ETIMEDOUT)
			;
		if (!mt->stop)
			meter_draw(mt);
	}
	pthread_mutex_unlock(&mt->lock);
	return NULL;
}

struct uq_meter *uq_meter_start(const struct uq_metrics *m, const char *label,
				int fd, bool tty, int *err)
{
	struct uq_meter *mt = calloc(1, sizeof(*mt));
	pthread_condattr_t ca;
	pthread_attr_t ta;
	sigset_t all, old;
	int ret;

	if (!mt) {
		*err = -ENOMEM;
		return NULL;
	}
	mt->m = m;
	mt->label = label;
	mt->fd = fd;
	mt->tty = tty;
	pthread_mutex_init(&mt->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&mt->cond, &ca);
	pthread_condattr_destroy(&ca);
	pthread_attr_init(&ta);
	pthread_attr_setstacksize(&ta, METER_STACK);
	/* SIGINT, SIGTERM and SIGALRM go to the measuring thread, where they
	 * interrupt what blocks it. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&mt->thread, &ta, meter_thread, mt);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&ta);
	if (ret) {
		pthread_cond_destroy(&mt->cond);
		pthread_mutex_destroy(&mt->lock);
		free(mt);
		*err = -ret;
		return NULL;
	}
	return mt;
}

void uq_meter_stop(struct uq_meter *mt)
{
	if (!mt)
		return;
	pthread_mutex_lock(&mt->lock);
	mt->stop = true;
	pthread_cond_signal(&mt->cond);
	pthread_mutex_unlock(&mt->lock);
	pthread_join(mt->thread, NULL);
	if (mt->tty)
		meter_write(mt->fd, "\r\033[K", 4);
	else
		meter_draw(mt);
	pthread_cond_destroy(&mt->cond);
	pthread_mutex_destroy(&mt->lock);
	free(mt);
}
