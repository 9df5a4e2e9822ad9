/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "measure/measure.h"
#include "release_timer.h"

/* Upper bound of one poll(): the thread re-checks quit at least this
 * often, even if the stop request's timerfd_settime() failed. */
#define POLL_MS 200

/* The thread only polls a timerfd and stores a word: a small stack, which
 * matters under mlockall(MCL_FUTURE), where the default 8 MiB would be
 * locked for as long as the timer runs. */
#define RELEASE_STACK (PTHREAD_STACK_MIN + 64 * 1024)

static void store(struct uq_release_timer *t)
{
	__atomic_store_n(t->word, t->value, __ATOMIC_SEQ_CST);
}

/* One wake-up: store if the armed deadline has passed. Returns quit. */
static bool expire(struct uq_release_timer *t)
{
	bool quit;

	pthread_mutex_lock(&t->lock);
	if (t->deadline_ns && uq_now_ns() >= t->deadline_ns) {
		store(t);
		t->deadline_ns = 0;
	}
	quit = t->quit;
	pthread_mutex_unlock(&t->lock);
	return quit;
}

static void *release_thread(void *arg)
{
	struct uq_release_timer *t = arg;

	/* named, so that per-thread CPU figures (bench/run) tell it apart
	 * from the engine thread of the emulator */
	pthread_setname_np(pthread_self(), "uq-release");
	for (;;) {
		struct pollfd p = { .fd = t->tfd, .events = POLLIN };
		uint64_t expirations;

		ssize_t n;

		/* The expiration count itself does not matter: expire()
		 * looks at the clock. */
		if (poll(&p, 1, POLL_MS) > 0) {
			n = read(t->tfd, &expirations, sizeof(expirations));
			(void)n;
		}
		if (expire(t))
			break;
	}
	return NULL;
}

int uq_release_timer_start(struct uq_release_timer *t, uint32_t *word)
{
	pthread_attr_t ta;
	sigset_t all, old;
	int ret;

	memset(t, 0, sizeof(*t));
	t->word = word;
	t->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (t->tfd < 0)
		return -errno;
	ret = pthread_mutex_init(&t->lock, NULL);
	if (ret)
		goto err_close;
	/* The thread inherits a mask that blocks every signal, so that
	 * SIGINT, SIGTERM and SIGALRM (uq_stop_install) reach the measuring
	 * thread. */
	pthread_attr_init(&ta);
	pthread_attr_setstacksize(&ta, RELEASE_STACK);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&t->thread, &ta, release_thread, t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&ta);
	if (ret)
		goto err_mutex;
	t->running = true;
	return 0;

err_mutex:
	pthread_mutex_destroy(&t->lock);
err_close:
	close(t->tfd);
	t->tfd = -1;
	return -ret;
}

static int set_timer(struct uq_release_timer *t, uint64_t deadline_ns)
{
	struct itimerspec its;

	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = (time_t)(deadline_ns / 1000000000ull);
	its.it_value.tv_nsec = (long)(deadline_ns % 1000000000ull);
	return timerfd_settime(t->tfd, TFD_TIMER_ABSTIME, &its, NULL) ? -errno :
									0;
}

int uq_release_timer_arm(struct uq_release_timer *t, uint32_t value,
			 uint64_t deadline_ns)
{
	/* 0 means "not armed" here and would disarm a timerfd; any past
	 * time fires at once. */
	if (!deadline_ns)
		deadline_ns = 1;
	pthread_mutex_lock(&t->lock);
	t->value = value;
	t->deadline_ns = deadline_ns;
	pthread_mutex_unlock(&t->lock);
	return set_timer(t, deadline_ns);
}

void uq_release_timer_stop(struct uq_release_timer *t)
{
	if (!t->running)
		return;
	pthread_mutex_lock(&t->lock);
	t->deadline_ns = 0;
	t->quit = true;
	pthread_mutex_unlock(&t->lock);
	/* Wake the thread now rather than at its next poll timeout. */
	set_timer(t, 1);
	pthread_join(t->thread, NULL);
	pthread_mutex_destroy(&t->lock);
	close(t->tfd);
	t->tfd = -1;
	t->running = false;
}
