/* SPDX-License-Identifier: MIT */
/*
 * The signal-wait workload (userq.md §10.1, the spam loop): user queues
 * that SIGNAL into syncobjs and WAIT on them (count, then fill) with an
 * unchanged wptr, so that every fence is signalled at creation and, on
 * kernels without dd88d42d, every reference a fill parks on the waiter is
 * leaked by its next SIGNAL.
 *
 * self:  queue i: SIGNAL(Qi -> Si); WAIT count and fill (waitq Qi, [Si]).
 *        With several queues the iterations go round them.
 * cross: SIGNAL(Pi -> Si) for every producer; WAIT count and fill (waitq
 *        W, [S0..Sn-1]); SIGNAL(W -> Sw), whose fence inherits the n
 *        parked references.
 *
 * The producers are created first, so that their fence drivers take the
 * lowest free seq64 slots, where the seq64 probe sees them (fence/seq64.c).
 */
#ifndef UQ_SRC_SIGNAL_WAIT_H
#define UQ_SRC_SIGNAL_WAIT_H

#include <stdint.h>

#include "ioctl/drm_userq.h"
#include "report/errors.h"
#include "measure/measure.h"
#include "gpu/userq.h"

/* Producer queues (the doorbells take more pages as windows fill up). */
#define SW_MAX_QUEUES 100

enum sw_pattern {
	SW_SELF,
	SW_CROSS,
};

/* Metric rows: the SPEC's four, and the producers' SIGNALs of cross. */
enum sw_metric {
	SW_M_SIGNAL, /* the waiter's SIGNAL (self: the queue's) */
	SW_M_WAIT_COUNT,
	SW_M_WAIT_FILL,
	SW_M_PAIR, /* the whole iteration */
	SW_M_PRODUCER_SIGNAL, /* cross: SIGNALs of all producers */
	SW_METRICS,
};

struct sw_work {
	struct uq_vm *vm;
	int fd;
	unsigned int ip;
	enum sw_pattern pattern;
	unsigned int nprod; /* producer queues */
	unsigned int nq; /* queues: the producers, then the cross waiter */
	struct uq_queue *q;
	uint32_t *sync; /* one binary syncobj per queue */
	unsigned int nsync; /* created so far */
	/* The loop's ioctl args per queue, prepared by sw_work_setup():
	 * queue i signals into sync[i] and waits on sync[i], except the
	 * cross waiter, which waits on the producers' sync[0..nprod-1]
	 * (cross producers never wait). */
	struct uapi_amdgpu_userq_signal *signal;
	struct uapi_amdgpu_userq_wait *wait;
	struct uapi_amdgpu_userq_fence_info *fences; /* nprod */
	/* Where the loop failed, for the message. */
	const char *fail_where; /* the ioctl */
	const char *fail_op; /* which call of it */
	unsigned int fail_queue;
	uint64_t iteration; /* iterations done, warm-up included */
	struct uq_teardown teardown; /* what sw_work_teardown() cost */
};

/* Queues the workload creates: the producers, and the cross waiter. */
unsigned int sw_queue_count(enum sw_pattern pattern, unsigned int nprod);

/* The metric names of @pattern for uq_metrics_init() (stable storage). */
const char *const *sw_metric_names(enum sw_pattern pattern, unsigned int *n);

/**
 * sw_work_setup - create the queues (producers first, doorbell slots from
 * 0) and one syncobj per queue.
 * Returns 0 or -errno (recorded in @errs); on failure sw_work_teardown()
 * still has to be called.
 */
int sw_work_setup(struct sw_work *w, struct uq_vm *vm, struct uq_doorbell *db,
		  unsigned int ip, enum sw_pattern pattern, unsigned int nprod,
		  struct uq_errors *errs);

/**
 * sw_work_teardown - destroy the syncobjs first (their fences pin the
 * producers' fence drivers), then free every queue, the waiter first, and
 * only then unmap and free their BOs; the cost goes to w->teardown.
 * Returns 0 or the first -errno (recorded in @errs).
 */
int sw_work_teardown(struct sw_work *w, struct uq_errors *errs);

/**
 * sw_warmup - @n iterations that are not measured (stops early on
 * uq_stopped()). Returns 0 or -errno; sw_loop_error() records it.
 */
int sw_warmup(struct sw_work *w, uint64_t n);

/**
 * sw_measure - the measuring loop, until @m is done or uq_stopped().
 * Returns 0 or -errno; sw_loop_error() records it.
 */
int sw_measure(struct sw_work *w, struct uq_metrics *m);

/* Record the failure @ret of sw_warmup()/sw_measure() in @errs. */
void sw_loop_error(const struct sw_work *w, int ret, const char *node,
		   struct uq_errors *errs);

#endif
