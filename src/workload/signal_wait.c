/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>

#include <xf86drm.h>

#include "gpu/device.h"
#include "signal_wait.h"
#include "ioctl/drm_syncobj.h"

static const char *const self_names[] = {
	[SW_M_SIGNAL] = "signal",
	[SW_M_WAIT_COUNT] = "wait_count",
	[SW_M_WAIT_FILL] = "wait_fill",
	[SW_M_PAIR] = "pair",
};

static const char *const cross_names[] = {
	[SW_M_SIGNAL] = "signal",
	[SW_M_WAIT_COUNT] = "wait_count",
	[SW_M_WAIT_FILL] = "wait_fill",
	[SW_M_PAIR] = "pair",
	[SW_M_PRODUCER_SIGNAL] = "producer_signal",
};

unsigned int sw_queue_count(enum sw_pattern pattern, unsigned int nprod)
{
	return pattern == SW_CROSS ? nprod + 1 : nprod;
}

const char *const *sw_metric_names(enum sw_pattern pattern, unsigned int *n)
{
	if (pattern == SW_CROSS) {
		*n = SW_METRICS;
		return cross_names;
	}
	*n = SW_M_PAIR + 1;
	return self_names;
}

int sw_work_setup(struct sw_work *w, struct uq_vm *vm, struct uq_doorbell *db,
		  unsigned int ip, enum sw_pattern pattern, unsigned int nprod,
		  struct uq_errors *errs)
{
	struct uq_device *dev = vm->dev;
	unsigned int nq;
	int ret;

	*w = (struct sw_work){
		.vm = vm,
		.fd = dev->fd,
		.ip = ip,
		.pattern = pattern,
		.nprod = nprod,
	};
	nq = sw_queue_count(pattern, nprod);
	w->q = calloc(nq, sizeof(*w->q));
	w->sync = calloc(nq, sizeof(*w->sync));
	w->signal = calloc(nq, sizeof(*w->signal));
	w->wait = calloc(nq, sizeof(*w->wait));
	w->fences = calloc(nprod, sizeof(*w->fences));
	if (!w->q || !w->sync || !w->signal || !w->wait || !w->fences) {
		uq_error_add(errs, "signal-wait", ENOMEM, "%s: out of memory",
			     dev->node);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < nq; i++) {
		ret = uq_queue_create(vm, db, ip, i, &w->q[i], errs);
		if (ret)
			return ret;
		w->nq++;
	}
	for (unsigned int i = 0; i < nq; i++) {
		ret = uq_drm_syncobj_create(w->fd, &w->sync[i]);
		if (ret) {
			uq_error_add(errs, "SYNCOBJ_CREATE", -ret,
				     "%s: SYNCOBJ_CREATE for queue %u: %s",
				     dev->node, w->q[i].id,
				     uq_errno_name(-ret));
			return ret;
		}
		w->nsync++;
	}
	for (unsigned int i = 0; i < nq; i++) {
		w->signal[i] = uq_userq_signal_args(w->q[i].id, &w->sync[i], 1);
		w->wait[i] = uq_userq_wait_args(w->q[i].id, &w->sync[i], 1);
	}
	/* The cross waiter waits on the producers' syncobjs, not its own. */
	if (pattern == SW_CROSS)
		w->wait[nprod] = uq_userq_wait_args(w->q[nprod].id, w->sync,
						    (uint16_t)nprod);
	return 0;
}

int sw_work_teardown(struct sw_work *w, struct uq_errors *errs)
{
	int ret = 0, r;

	for (unsigned int i = 0; i < w->nsync; i++) {
		r = uq_syncobj_destroy(w->vm->dev, w->sync[i],
				       "a signal-wait syncobj", errs);
		if (r && !ret)
			ret = r;
	}
	w->nsync = 0;
	/* Every queue before any BO (uq_queue_release()): an UNMAP of a BO
	 * that backed a queue would evict the queues still alive. */
	for (unsigned int i = w->nq; i-- > 0;) {
		r = uq_queue_free(w->vm, &w->q[i], &w->teardown, errs);
		if (r && !ret)
			ret = r;
	}
	for (unsigned int i = w->nq; i-- > 0;)
		uq_queue_release(w->vm, &w->q[i], &w->teardown, errs);
	w->nq = 0;
	free(w->fences);
	free(w->wait);
	free(w->signal);
	free(w->sync);
	free(w->q);
	w->fences = NULL;
	w->wait = NULL;
	w->signal = NULL;
	w->sync = NULL;
	w->q = NULL;
	return ret;
}

/* Record where an iteration failed, for sw_loop_error(); returns @ret. */
static int sw_fail(struct sw_work *w, const char *where, const char *op,
		   uint32_t queue, int ret)
{
	w->fail_where = where;
	w->fail_op = op;
	w->fail_queue = queue;
	return ret;
}

/*
 * One iteration of each pattern: the ioctls between clock reads, the
 * latencies stored in @row. The ioctl args were prepared by
 * sw_work_setup(); the WAIT helpers only set the fence count and array of
 * each pass. The fill asks for as many fences as the count returned
 * (Mesa's protocol); a count of 0 or beyond the syncobjs cannot happen for
 * binary syncobjs that hold a fence.
 */
static inline int self_iteration(struct sw_work *w, unsigned int i,
				 uint64_t *row)
{
	struct uapi_amdgpu_userq_signal *signal = &w->signal[i];
	struct uapi_amdgpu_userq_wait *wait = &w->wait[i];
	uint64_t t0, t1, t2, t3;
	uint16_t n = 0;
	int ret;

	t0 = uq_now_ns();
	ret = uq_userq_signal(w->fd, signal);
	t1 = uq_now_ns();
	if (ret)
		goto fail_signal;
	ret = uq_userq_wait_count(w->fd, wait, &n);
	t2 = uq_now_ns();
	if (ret || n != 1)
		goto fail_count;
	ret = uq_userq_wait_fill(w->fd, wait, w->fences, &n);
	t3 = uq_now_ns();
	if (ret)
		goto fail_fill;
	row[SW_M_SIGNAL] = t1 - t0;
	row[SW_M_WAIT_COUNT] = t2 - t1;
	row[SW_M_WAIT_FILL] = t3 - t2;
	row[SW_M_PAIR] = t3 - t0;
	return 0;

fail_signal:
	return sw_fail(w, "AMDGPU_USERQ_SIGNAL", "USERQ_SIGNAL",
		       signal->queue_id, ret);
fail_count:
	return sw_fail(w, "AMDGPU_USERQ_WAIT", "USERQ_WAIT (count)",
		       wait->waitq_id, ret ? ret : -EPROTO);
fail_fill:
	return sw_fail(w, "AMDGPU_USERQ_WAIT", "USERQ_WAIT (fill)",
		       wait->waitq_id, ret);
}

static inline int cross_iteration(struct sw_work *w, uint64_t *row)
{
	const unsigned int np = w->nprod;
	struct uapi_amdgpu_userq_signal *signal = &w->signal[np];
	struct uapi_amdgpu_userq_wait *wait = &w->wait[np];
	uint64_t t0, t1, t2, t3, t4;
	unsigned int p;
	uint16_t n = 0;
	int ret;

	t0 = uq_now_ns();
	for (p = 0; p < np; p++) {
		ret = uq_userq_signal(w->fd, &w->signal[p]);
		if (ret)
			goto fail_producer;
	}
	t1 = uq_now_ns();
	ret = uq_userq_wait_count(w->fd, wait, &n);
	t2 = uq_now_ns();
	if (ret || !n || n > np)
		goto fail_count;
	ret = uq_userq_wait_fill(w->fd, wait, w->fences, &n);
	t3 = uq_now_ns();
	if (ret)
		goto fail_fill;
	ret = uq_userq_signal(w->fd, signal);
	t4 = uq_now_ns();
	if (ret)
		goto fail_signal;
	row[SW_M_PRODUCER_SIGNAL] = t1 - t0;
	row[SW_M_WAIT_COUNT] = t2 - t1;
	row[SW_M_WAIT_FILL] = t3 - t2;
	row[SW_M_SIGNAL] = t4 - t3;
	row[SW_M_PAIR] = t4 - t0;
	return 0;

fail_producer:
	return sw_fail(w, "AMDGPU_USERQ_SIGNAL", "USERQ_SIGNAL (producer)",
		       w->signal[p].queue_id, ret);
fail_count:
	return sw_fail(w, "AMDGPU_USERQ_WAIT", "USERQ_WAIT (count)",
		       wait->waitq_id, ret ? ret : -EPROTO);
fail_fill:
	return sw_fail(w, "AMDGPU_USERQ_WAIT", "USERQ_WAIT (fill)",
		       wait->waitq_id, ret);
fail_signal:
	return sw_fail(w, "AMDGPU_USERQ_SIGNAL", "USERQ_SIGNAL (waiter)",
		       signal->queue_id, ret);
}

int sw_warmup(struct sw_work *w, uint64_t n)
{
	uint64_t row[UQ_METRICS_MAX];
	unsigned int i = 0;
	int ret = 0;

	for (uint64_t k = 0; k < n && !uq_stopped() && !ret; k++) {
		if (w->pattern == SW_CROSS) {
			ret = cross_iteration(w, row);
		} else {
			ret = self_iteration(w, i, row);
			if (++i == w->nprod)
				i = 0;
		}
		w->iteration += !ret;
	}
	return ret;
}

static int measure_self(struct sw_work *w, struct uq_metrics *m)
{
	unsigned int i = 0;
	int ret;

	while (!uq_stopped() && !uq_metrics_done(m)) {
		ret = self_iteration(w, i, uq_metrics_row(m));
		if (ret)
			return ret;
		uq_metrics_commit(m);
		if (++i == w->nprod)
			i = 0;
	}
	return 0;
}

static int measure_cross(struct sw_work *w, struct uq_metrics *m)
{
	int ret;

	while (!uq_stopped() && !uq_metrics_done(m)) {
		ret = cross_iteration(w, uq_metrics_row(m));
		if (ret)
			return ret;
		uq_metrics_commit(m);
	}
	return 0;
}

int sw_measure(struct sw_work *w, struct uq_metrics *m)
{
	int ret;

	ret = w->pattern == SW_CROSS ? measure_cross(w, m) : measure_self(w, m);
	w->iteration += atomic_load(&m->done);
	return ret;
}

void sw_loop_error(const struct sw_work *w, int ret, const char *node,
		   struct uq_errors *errs)
{
	const char *where = w->fail_where;

	if (ret == -EPROTO)
		uq_error_add(
			errs, where, EPROTO,
			"%s: %s on queue %u at iteration %llu returned a fence count outside 1..%u for binary syncobjs that hold a fence; the kernel's USERQ_WAIT does not behave as documented",
			node, w->fail_op, w->fail_queue,
			(unsigned long long)w->iteration + 1, w->nprod);
	else
		uq_error_add(
			errs, where, -ret,
			"%s: %s on queue %u at iteration %llu: %s (%s); check dmesg for amdgpu errors",
			node, w->fail_op, w->fail_queue,
			(unsigned long long)w->iteration + 1,
			uq_errno_name(-ret), uq_errno_desc(-ret));
}
