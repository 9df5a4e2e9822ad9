/* SPDX-License-Identifier: MIT */
/*
 * A timed store: a thread that writes a value to a 32-bit word at an
 * absolute CLOCK_MONOTONIC deadline. The busy-VM spinner uses it to
 * release its CS --busy-ms after t0 while the measuring thread is blocked
 * in the ioctl or in the timeline wait.
 *
 * The deadline is a timerfd armed with TFD_TIMER_ABSTIME, so arming it
 * after the reference time does not shift it, and the thread does no
 * sleeping of its own: it blocks in poll() on the timerfd (with a bounded
 * timeout, so that it notices a stop request even if arming failed). On
 * each wake-up it stores the value only if the current deadline has
 * passed, so an expiry left over from an earlier arming never stores the
 * value of a newer one early. It blocks every signal (they go to the
 * measuring thread) and inherits that thread's CPU affinity (--cpu): the
 * measuring thread is blocked in a wait when a release falls due.
 */
#ifndef UQ_SRC_RELEASE_TIMER_H
#define UQ_SRC_RELEASE_TIMER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

struct uq_release_timer {
	uint32_t *word; /* where the value goes (CPU mapping of a BO) */
	pthread_mutex_t lock; /* value, deadline_ns, quit */
	uint32_t value; /* what is written at the deadline */
	uint64_t deadline_ns; /* 0: nothing armed */
	bool quit;
	int tfd; /* timerfd, CLOCK_MONOTONIC */
	pthread_t thread;
	bool running;
};

/**
 * uq_release_timer_start - create the timerfd and the thread.
 * @word: the word to write; must stay mapped until uq_release_timer_stop().
 * Returns 0 or -errno (timerfd_create, pthread_create).
 */
int uq_release_timer_start(struct uq_release_timer *t, uint32_t *word);

/**
 * uq_release_timer_arm - write @value to the word at @deadline_ns
 * (CLOCK_MONOTONIC, as uq_now_ns()); at once if it has passed. Re-arming
 * replaces an earlier deadline that has not expired yet.
 * Returns 0 or -errno of timerfd_settime().
 */
int uq_release_timer_arm(struct uq_release_timer *t, uint32_t value,
			 uint64_t deadline_ns);

/**
 * uq_release_timer_stop - cancel a pending deadline (nothing more is
 * written), stop and join the thread, close the timerfd. A zeroed or never
 * started timer is fine.
 */
void uq_release_timer_stop(struct uq_release_timer *t);

#endif
