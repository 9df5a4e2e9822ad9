/* SPDX-License-Identifier: MIT */
/*
 * seq64 source (userq.md §11.1): every fence driver owns one u64 slot of
 * the device's seq64 area for its whole life, and a new one takes the
 * lowest free slot. A probe queue reads its own slot index, so the index
 * is the position of the lowest free slot: it grows by one for each fence
 * driver below it that outlived its queue.
 *
 * The arithmetic, with f, b, a the indices of the first and second probe
 * before the workload and of the probe after it:
 *
 *	t = b - f              fence drivers one probe cycle leaves behind by
 *	                       itself: 1 on kernels without 8e051e38 (the
 *	                       probe queue's last_fence is never put), else 0
 *	a - b = t + leaked     the second probe's own leftover, plus what the
 *	                       workload left behind
 *	leaked = a - b - t
 *
 * The workload creates its producer queues first, right after the probes,
 * so their slots are the lowest free ones and a leaked producer shows as
 * index growth. On a kernel with the teardown leak, the workload's queues
 * that ever signalled leak too: they are in "leaked" (they outlived their
 * queues), and the probes' own t per cycle is reported apart, as
 * teardown_leak and probe_leaked = t * cycles, so that leaked +
 * probe_leaked is what the device lost in this run.
 */
#include <errno.h>

#include <xf86drm.h>

#include "gpu/device.h"
#include "ioctl/drm_userq.h"
#include "source.h"
#include "gpu/userq.h"
#include "ioctl/drm_syncobj.h"

/* A binary syncobj yields one fence; a little room for a kernel that
 * counts more (the count is an upper bound). */
#define PROBE_FENCES 4

static int probe_fail(const struct uq_fence_ctx *ctx, const char *where,
		      int ret, const char *what)
{
	uq_error_add(
		ctx->errs, where, -ret,
		"%s: seq64 probe: %s failed: %s; check dmesg for amdgpu errors",
		ctx->dev->node, what, uq_errno_name(-ret));
	return ret;
}

static int probe_protocol(const struct uq_fence_ctx *ctx, const char *where,
			  const char *what, unsigned int n)
{
	uq_error_add(
		ctx->errs, where, EPROTO,
		"%s: seq64 probe: %s returned %u fences for the probe's own syncobj, expected 1; the kernel's USERQ_WAIT does not behave as documented",
		ctx->dev->node, what, n);
	return -EPROTO;
}

/* One cycle: queue P signals into a fresh syncobj S, waits on its own
 * fence (fill) to read its slot, then P is freed and S destroyed. P being
 * its own waiter, the reference the fill parks is dropped with P; there is
 * no SIGNAL after the WAIT, so the probe never hits dd88d42d. */
static int probe_cycle(const struct uq_fence_ctx *ctx, int64_t *slot)
{
	/* Zeroed: the kernel writes it through a pointer that valgrind (and
	 * the emulator's process_vm_writev) do not mark as written. */
	struct uapi_amdgpu_userq_fence_info f[PROBE_FENCES] = { { 0, 0 } };
	struct uapi_amdgpu_userq_signal signal;
	struct uapi_amdgpu_userq_wait wait;
	int fd = ctx->dev->fd;
	struct uq_queue q;
	uint32_t sync;
	uint16_t n = 0;
	int ret, ret2;

	ret = uq_drm_syncobj_create(fd, &sync);
	if (ret)
		return probe_fail(ctx, "SYNCOBJ_CREATE", ret, "SYNCOBJ_CREATE");
	ret = uq_queue_create(ctx->vm, ctx->db, ctx->ip, ctx->probe_slot, &q,
			      ctx->errs);
	if (ret)
		goto out_sync;
	signal = uq_userq_signal_args(q.id, &sync, 1);
	ret = uq_userq_signal(fd, &signal);
	if (ret) {
		probe_fail(ctx, "AMDGPU_USERQ_SIGNAL", ret, "USERQ_SIGNAL");
		goto out_queue;
	}
	wait = uq_userq_wait_args(q.id, &sync, 1);
	ret = uq_userq_wait_count(fd, &wait, &n);
	if (ret) {
		probe_fail(ctx, "AMDGPU_USERQ_WAIT", ret, "USERQ_WAIT (count)");
		goto out_queue;
	}
	if (n < 1 || n > PROBE_FENCES) {
		ret = probe_protocol(ctx, "AMDGPU_USERQ_WAIT",
				     "USERQ_WAIT (count)", n);
		goto out_queue;
	}
	ret = uq_userq_wait_fill(fd, &wait, f, &n);
	if (ret) {
		probe_fail(ctx, "AMDGPU_USERQ_WAIT", ret, "USERQ_WAIT (fill)");
		goto out_queue;
	}
	if (n != 1) {
		ret = probe_protocol(ctx, "AMDGPU_USERQ_WAIT",
				     "USERQ_WAIT (fill)", n);
		goto out_queue;
	}
	*slot = uq_seq64_slot(f[0].va);
out_queue:
	ret2 = uq_queue_destroy(ctx->vm, &q, ctx->errs);
	if (!ret)
		ret = ret2;
out_sync:
	ret2 = uq_syncobj_destroy(ctx->vm->dev, sync,
				  "the seq64 probe's syncobj", ctx->errs);
	return ret ? ret : ret2;
}

static int seq64_read(struct uq_fence_src *s, const struct uq_fence_ctx *ctx,
		      enum uq_fence_phase phase)
{
	int64_t slot;
	int ret;

	if (phase == UQ_PHASE_DURING)
		return 0;
	if (phase == UQ_PHASE_BEFORE) {
		ret = probe_cycle(ctx, &s->seq64.first);
		if (ret)
			return ret;
		s->seq64.cycles++;
	}
	ret = probe_cycle(ctx, &slot);
	if (ret)
		return ret;
	s->seq64.cycles++;
	uq_fence_src_set(s, phase, slot);
	return 0;
}

static int64_t teardown_leak(const struct uq_fence_src *s)
{
	int64_t t = s->value[UQ_PHASE_BEFORE] - s->seq64.first;

	return t > 0 ? t : 0;
}

static int64_t seq64_leaked(const struct uq_fence_src *s)
{
	int64_t v = s->value[UQ_PHASE_AFTER] - s->value[UQ_PHASE_BEFORE] -
		    teardown_leak(s);

	return v > 0 ? v : 0;
}

static int seq64_json(const struct uq_fence_src *s, json_t *o)
{
	json_t *extra;

	if (!s->have[UQ_PHASE_BEFORE])
		return 0;
	extra = json_pack("{s:I, s:I, s:I, s:I}", "first_probe",
			  (json_int_t)s->seq64.first, "teardown_leak",
			  (json_int_t)teardown_leak(s), "probe_cycles",
			  (json_int_t)s->seq64.cycles, "probe_leaked",
			  (json_int_t)(teardown_leak(s) * s->seq64.cycles));
	if (!extra)
		return -ENOMEM;
	json_object_update(o, extra);
	json_decref(extra);
	return 0;
}

const struct uq_fence_ops uq_fence_seq64_ops = {
	.counts = "fence_drivers",
	.counts_fence_drivers = true,
	.read = seq64_read,
	.leaked = seq64_leaked,
	.json = seq64_json,
};
