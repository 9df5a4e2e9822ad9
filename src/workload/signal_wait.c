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
	int ret;

	*w = (struct sw_work){
		.vm = vm,
		.fd = dev->fd,
		.ip = ip,
		.pattern = pattern,
		.nprod = nprod,
	};
	w->q = calloc(sw_queue_count(pattern, nprod), sizeof(*w->q));
	w->qid = calloc(sw_queue_count(pattern, nprod), sizeof(*w->qid));
	w->sync = calloc(sw_queue_count(pattern, nprod), sizeof(*w->sync));
	w->fences = calloc(nprod, sizeof(*w->fences));
	if (!w->q || !w->qid || !w->sync || !w->fences) {
		uq_error_add(errs, "signal-wait", ENOMEM, "%s: out of memory",
			     dev->node);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < sw_queue_count(pattern, nprod); i++) {
		ret = uq_queue_create(vm, db, ip, i, &w->q[i], errs);
		if (ret)
			return ret;
		w->qid[i] = w->q[i].id;
		w->nq++;
	}
	for (unsigned int i = 0; i < w->nq; i++) {
		ret = uq_drm_syncobj_create(w->fd, &w->sync[i]);
		if (ret) {
			uq_error_add(errs, "SYNCOBJ_CREATE", -ret,
				     "%s: SYNCOBJ_CREATE for queue %u: %s",
				     dev->node, w->qid[i], uq_errno_name(-ret));
			return ret;
		}
		w->nsync++;
	}
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
	for (unsigned int i = w->nq; i-- > 0;) {
		r = uq_queue_destroy(w->vm, &w->q[i], errs);
		if (r && !ret)
			ret = r;
	}
	w->nq = 0;
	free(w->fences);
	free(w->sync);
	free(w->qid);
	free(w->q);
	w->fences = NULL;
	w->sync = NULL;
	w->qid = NULL;
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
 * latencies stored in @row. The WAIT fill asks for as many fences as the
 * count returned (Mesa's protocol); a count of 0 or beyond the syncobjs
 * cannot happen for binary syncobjs that hold a fence.
 */
static inline int self_iteration(struct sw_work *w, unsigned int i,
				 uint64_t *row)
{
	const uint32_t *sync = &w->sync[i];
	const uint32_t qid = w->qid[i];
	uint64_t t0, t1, t2, t3;
	uint16_t n = 0;
	int ret;

	t0 = uq_now_ns();
	ret = uq_userq_signal(w->fd, qid, sync, 1, NULL, 0, NULL, 0);
	t1 = uq_now_ns();
	if (ret)
		goto fail_signal;
	ret = uq_userq_wait(w->fd, qid, sync, 1, NULL, NULL, 0, NULL, 0, NULL,
			    0, NULL, &n);
	t2 = uq_now_ns();
	if (ret || n != 1)
		goto fail_count;
	ret = uq_userq_wait(w->fd, qid, sync, 1, NULL, NULL, 0, NULL, 0, NULL,
			    0, w->fences, &n);
	t3 = uq_now_ns();
	if (ret)
		goto fail_fill;
	row[SW_M_SIGNAL] = t1 - t0;
	row[SW_M_WAIT_COUNT] = t2 - t1;
	row[SW_M_WAIT_FILL] = t3 - t2;
	row[SW_M_PAIR] = t3 - t0;
	return 0;

fail_signal:
	return sw_fail(w, "AMDGPU_USERQ_SIGNAL", "USERQ_SIGNAL", qid, ret);
fail_count:
	return sw_fail(w, "AMDGPU_USERQ_WAIT", "USERQ_WAIT (count)", qid,
		       ret ? ret : -EPROTO);
fail_fill:
	return sw_fail(w, "AMDGPU_USERQ_WAIT", "USERQ_WAIT (fill)", qid, ret);
}

static inline int cross_iteration(struct sw_work *w, uint64_t *row)
{
	const unsigned int np = w->nprod;
	const uint32_t wq = w->qid[np];
	uint64_t t0, t1, t2, t3, t4;
	unsigned int p;
	uint16_t n = 0;
	int ret;

	t0 = uq_now_ns();
	for (p = 0; p < np; p++) {
		ret = uq_userq_signal(w->fd, w->qid[p], &w->sync[p], 1, NULL, 0,
				      NULL, 0);
		if (ret)
			goto fail_producer;
	}
	t1 = uq_now_ns();
	ret = uq_userq_wait(w->fd, wq, w->sync, np, NULL, NULL, 0, NULL, 0,
			    NULL, 0, NULL, &n);
	t2 = uq_now_ns();
	if (ret || !n || n > np)
		goto fail_count;
	ret = uq_userq_wait(w->fd, wq, w->sync, np, NULL, NULL, 0, NULL, 0,
			    NULL, 0, w->fences, &n);
	t3 = uq_now_ns();
	if (ret)
		goto fail_fill;
	ret = uq_userq_signal(w->fd, wq, &w->sync[np], 1, NULL, 0, NULL, 0);
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
		       w->qid[p], ret);
fail_count:
	return sw_fail(w, "AMDGPU_USERQ_WAIT", "USERQ_WAIT (count)", wq,
		       ret ? ret : -EPROTO);
fail_fill:
	return sw_fail(w, "AMDGPU_USERQ_WAIT", "USERQ_WAIT (fill)", wq, ret);
fail_signal:
	return sw_fail(w, "AMDGPU_USERQ_SIGNAL", "USERQ_SIGNAL (waiter)", wq,
		       ret);
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
