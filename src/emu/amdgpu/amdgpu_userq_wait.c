// SPDX-License-Identifier: MIT
/*
 * Split out of amdgpu_userq_fence.c: DRM_IOCTL_AMDGPU_USERQ_WAIT
 * (amdgpu_userq_wait_ioctl), userq.md §8 and emulator-notes rules 82-89.
 *
 * Count mode (num_fences == 0) writes an upper bound of the fences the
 * inputs hold and takes no reference. Fill mode gathers them, keeps the
 * newest per fence context, waits for the fences that are not userq
 * fences and returns the userq ones as {seq64 slot VA, seqno}, parking a
 * reference on each producer's fence driver in the waiting queue.
 *
 * Two generations: 6.16..7.0, and 7.1 with the rework of a1371d9f0e61
 * ("rework amdgpu_userq_wait_ioctl v4", userq_wait_rework), which copies
 * the syncobj arrays before looking up BOs and gathers syncobjs before
 * BOs, and 1cc16538402a (wait_overflow_blocks), which waits in the ioctl
 * for the fences that do not fit and clamps the count instead of
 * wrapping it. d097095dda74 (7.1) reads the timeline points as u64.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emu/lib/kmalloc.h"
#include "amdgpu_priv.h"
#include "amdgpu_trace.h"
#include "amdgpu_userq.h"
#include "amdgpu_userq_priv.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "emu/drm/drm_gem.h"
#include "emu/profile.h"
#include "emu/drm/drm_syncobj.h"
#include "emu/fs/tracefs.h"
#include "uapi/amdgpu_userq.h"

#define KMALLOC_MAX_SIZE (4ull << 20)
/*
 * dma_fence_wait(fence, true) on a fence of another kind waits without a
 * limit, until a signal interrupts it. The emulator bounds that wait and
 * reports -ETIME when a fence never signals (a divergence it logs).
 */
#define NON_USERQ_WAIT_NS (30ull * EMU_NSEC_PER_SEC)

struct wait_ctx {
	struct emu_file *file;
	const struct uapi_amdgpu_userq_wait *args;
	uint32_t *syncobj_handles, *timeline_handles;
	uint64_t *timeline_points;
	uint32_t *read_handles, *write_handles;
	uint32_t nsyncobjs;
	uint16_t npoints;
	struct emu_gem_object **read, **write;
	unsigned int nread, nwrite;
	/* count mode */
	uint32_t count;
	/* fill mode */
	struct emu_fence **fences;
	unsigned int nfences, cap;
};

/* kmalloc_array-style: a NULL array for 0 elements, -ENOMEM beyond the
 * kmalloc limit or on allocation failure. */
static int alloc_array(void **out, uint64_t n, size_t size)
{
	*out = NULL;
	if (!n)
		return 0;
	if (n * size > KMALLOC_MAX_SIZE)
		return -ENOMEM;
	*out = emu_kcalloc(n, size);
	return *out ? 0 : -ENOMEM;
}

/* drm_gem_object_lookup per handle: -ENOENT for an unknown one. */
static int lookup_handles(struct emu_file *file, const uint32_t *handles,
			  uint32_t count, struct emu_gem_object ***objs,
			  unsigned int *n)
{
	int r = alloc_array((void **)objs, count, sizeof(**objs));

	*n = 0;
	if (r)
		return r;
	for (; *n < count; (*n)++) {
		(*objs)[*n] = emu_gem_lookup(file, handles[*n]);
		if (!(*objs)[*n])
			return -ENOENT;
	}
	return 0;
}

/* d097095dda74 (7.1): the points are a u64 array; 6.16..7.0 and 6.18.y
 * copy u32 values (releases.md §4.1). Kept as u64 either way. */
static int copy_timeline_points(struct wait_ctx *c)
{
	const struct uapi_amdgpu_userq_wait *a = c->args;
	uint32_t *narrow = NULL;
	int r;

	if (emu_active_profile()->wait_timeline_points_u64)
		return emu_memdup_array_user((void **)&c->timeline_points,
					     a->syncobj_timeline_points,
					     c->npoints, sizeof(uint64_t));
	r = emu_memdup_array_user((void **)&narrow, a->syncobj_timeline_points,
				  c->npoints, sizeof(uint32_t));
	if (r || !c->npoints)
		return r;
	c->timeline_points = emu_kcalloc(c->npoints, sizeof(uint64_t));
	if (c->timeline_points)
		for (unsigned int i = 0; i < c->npoints; i++)
			c->timeline_points[i] = narrow[i];
	emu_kfree(narrow);
	return c->timeline_points ? 0 : -ENOMEM;
}

static int copy_syncobj_arrays(struct wait_ctx *c)
{
	const struct uapi_amdgpu_userq_wait *a = c->args;
	int r;

	r = emu_memdup_array_user((void **)&c->syncobj_handles,
				  a->syncobj_handles, c->nsyncobjs,
				  sizeof(uint32_t));
	if (!r)
		r = emu_memdup_array_user((void **)&c->timeline_handles,
					  a->syncobj_timeline_handles,
					  c->npoints, sizeof(uint32_t));
	if (!r)
		r = copy_timeline_points(c);
	return r;
}

static int copy_bo_arrays(struct wait_ctx *c)
{
	const struct uapi_amdgpu_userq_wait *a = c->args;
	int r;

	r = emu_memdup_array_user((void **)&c->read_handles, a->bo_read_handles,
				  a->num_bo_read_handles, sizeof(uint32_t));
	if (!r)
		r = emu_memdup_array_user((void **)&c->write_handles,
					  a->bo_write_handles,
					  a->num_bo_write_handles,
					  sizeof(uint32_t));
	return r;
}

static int lookup_bos(struct wait_ctx *c)
{
	int r;

	r = lookup_handles(c->file, c->read_handles,
			   c->args->num_bo_read_handles, &c->read, &c->nread);
	if (!r)
		r = lookup_handles(c->file, c->write_handles,
				   c->args->num_bo_write_handles, &c->write,
				   &c->nwrite);
	return r;
}

/* The inputs, in each generation's order (-EFAULT, -ENOMEM, -ENOENT). */
static int wait_copy_inputs(struct wait_ctx *c)
{
	int r;

	if (emu_active_profile()->userq_wait_rework) {
		/* syncobj arrays, then drm_gem_objects_lookup read, write */
		r = copy_syncobj_arrays(c);
		if (!r)
			r = copy_bo_arrays(c);
		return r ? r : lookup_bos(c);
	}
	/* memdup_user of read, write, syncobj, timeline handles and
	 * points, then the per-handle lookups of read and write BOs */
	r = copy_bo_arrays(c);
	if (!r)
		r = copy_syncobj_arrays(c);
	return r ? r : lookup_bos(c);
}

static void wait_ctx_fini(struct wait_ctx *c)
{
	unsigned int i;

	for (i = 0; i < c->nfences; i++)
		emu_fence_put(c->fences[i]);
	emu_kfree(c->fences);
	for (i = 0; i < c->nread; i++)
		emu_gem_object_put(c->read[i]);
	for (i = 0; i < c->nwrite; i++)
		emu_gem_object_put(c->write[i]);
	emu_kfree(c->read);
	emu_kfree(c->write);
	emu_kfree(c->read_handles);
	emu_kfree(c->write_handles);
	emu_kfree(c->syncobj_handles);
	emu_kfree(c->timeline_handles);
	emu_kfree(c->timeline_points);
}

/* drm_syncobj_find_fence(..., DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT) */
static int find_fence(struct wait_ctx *c, uint32_t handle, uint64_t point,
		      struct emu_fence **fence)
{
	return emu_syncobj_find_fence_flags(
		c->file, handle, point, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT,
		fence);
}

/* --- count mode ---------------------------------------------------------- */

static int count_one(struct emu_fence *f, void *arg)
{
	(void)f;
	((struct wait_ctx *)arg)->count++;
	return 0;
}

static int count_timelines(struct wait_ctx *c)
{
	struct emu_fence *fence;
	unsigned int i;
	int r;

	/* every fence inside a chain or array counts (unwrapped) */
	for (i = 0; i < c->npoints; i++) {
		r = find_fence(c, c->timeline_handles[i], c->timeline_points[i],
			       &fence);
		if (r)
			return r;
		emu_fence_unwrap_for_each(fence, count_one, c);
		emu_fence_put(fence);
	}
	return 0;
}

static int count_syncobjs(struct wait_ctx *c)
{
	struct emu_fence *fence;
	unsigned int i;
	int r;

	/* one per binary syncobj */
	for (i = 0; i < c->nsyncobjs; i++) {
		r = find_fence(c, c->syncobj_handles[i], 0, &fence);
		if (r)
			return r;
		c->count++;
		emu_fence_put(fence);
	}
	return 0;
}

static void count_bos(struct wait_ctx *c)
{
	unsigned int i;

	/* dma_resv_for_each_fence: READ takes kernel, write and read
	 * fences; WRITE takes kernel and write fences */
	for (i = 0; i < c->nread; i++)
		amdgpu_userq_resv_for_each(c->read[i], USERQ_RESV_USAGE_READ,
					   count_one, c);
	for (i = 0; i < c->nwrite; i++)
		amdgpu_userq_resv_for_each(c->write[i], USERQ_RESV_USAGE_WRITE,
					   count_one, c);
}

static int wait_count(struct wait_ctx *c, struct uapi_amdgpu_userq_wait *args)
{
	int r;

	/* waitq_id is not looked at; no reference is taken */
	r = count_timelines(c);
	if (!r)
		r = count_syncobjs(c);
	if (r)
		return r;
	count_bos(c);
	if (emu_active_profile()->wait_overflow_blocks)
		/* 1cc16538402a: min(num_fences, USHRT_MAX) */
		args->num_fences = c->count > 0xffff ? 0xffff : c->count;
	else
		/* accumulated in a u16: wraps */
		args->num_fences = (uint16_t)c->count;
	return 0;
}

/* --- fill mode ----------------------------------------------------------- */

/*
 * More fences than the caller has room for: WARN_ON_ONCE and -EINVAL
 * (6.16..7.0), -EINVAL without the warning from 7b7d7693a55d (6.18.y).
 * From 1cc16538402a (7.1) the ioctl waits for @f instead
 * (amdgpu_userq_wait_add_fence: dma_fence_wait(f, true)), takes no
 * fence-driver reference for it and goes on; 0 when it signalled.
 */
static int wait_overflow(struct emu_fence *f)
{
	bool *once = &emu_dev.userq.wait_overflow_warned;

	if (emu_active_profile()->wait_overflow_blocks) {
		if (!emu_fence_wait(f, emu_now_ns() + NON_USERQ_WAIT_NS))
			return 0;
		/* interruptible and unbounded in the kernel: only a signal
		 * ends it (-ERESTARTSYS); the emulator gives up */
		emu_log("USERQ_WAIT: a fence beyond num_fences did not signal "
			"in %llu s; the kernel would wait on",
			NON_USERQ_WAIT_NS / EMU_NSEC_PER_SEC);
		return -ETIME;
	}

	if (emu_active_profile()->wait_overflow_warn && !*once) {
		*once = true;
		emu_kernel_warn(
			"amdgpu_userq_wait_ioctl: "
			"WARN_ON_ONCE(num_fences >= wait_info->num_fences) "
			"(the kernel would print a backtrace here)");
	}
	return -EINVAL;
}

/*
 * The reference the overflow path held when it bailed out: put with
 * 49abfa812617, leaked before it.
 */
static void overflow_drop(struct emu_fence *fence)
{
	if (emu_active_profile()->fix_wait_overflow_ref)
		emu_fence_put(fence);
	else
		amdgpu_userq_fence_lose_ref(fence);
}

static int add_fence(struct emu_fence *f, void *arg)
{
	struct wait_ctx *c = arg;

	if (c->nfences >= c->cap)
		return wait_overflow(f);
	c->fences[c->nfences++] = emu_fence_get(f);
	return 0;
}

static int gather_timelines(struct wait_ctx *c)
{
	struct emu_fence *fence;
	unsigned int i;
	int r;

	for (i = 0; i < c->npoints; i++) {
		r = find_fence(c, c->timeline_handles[i], c->timeline_points[i],
			       &fence);
		if (r)
			return r;
		r = emu_fence_unwrap_for_each(fence, add_fence, c);
		if (r) {
			overflow_drop(fence);
			return r;
		}
		emu_fence_put(fence);
	}
	return 0;
}

static int gather_syncobjs(struct wait_ctx *c)
{
	struct emu_fence *fence;
	unsigned int i;
	int r;

	for (i = 0; i < c->nsyncobjs; i++) {
		r = find_fence(c, c->syncobj_handles[i], 0, &fence);
		if (r)
			return r;
		/* the reference from the lookup becomes the array's */
		if (c->nfences >= c->cap) {
			r = wait_overflow(fence);
			if (!r) {
				/* waited for: the lookup's reference goes */
				emu_fence_put(fence);
				continue;
			}
			overflow_drop(fence);
			return r;
		}
		c->fences[c->nfences++] = fence;
	}
	return 0;
}

static int gather_bos(struct wait_ctx *c)
{
	unsigned int i;
	int r;

	for (i = 0; i < c->nread; i++) {
		r = amdgpu_userq_resv_for_each(
			c->read[i], USERQ_RESV_USAGE_READ, add_fence, c);
		if (r)
			return r;
	}
	for (i = 0; i < c->nwrite; i++) {
		r = amdgpu_userq_resv_for_each(
			c->write[i], USERQ_RESV_USAGE_WRITE, add_fence, c);
		if (r)
			return r;
	}
	return 0;
}

static int wait_gather(struct wait_ctx *c)
{
	int r;

	if (emu_active_profile()->userq_wait_rework) {
		/* a1371d9f0e61: timeline, syncobj, read BOs, write BOs */
		r = gather_timelines(c);
		if (!r)
			r = gather_syncobjs(c);
		return r ? r : gather_bos(c);
	}
	/* older code: read BOs, write BOs, timeline, syncobj */
	r = gather_bos(c);
	if (!r)
		r = gather_timelines(c);
	return r ? r : gather_syncobjs(c);
}

/* xa_alloc(&waitq->fence_drv_xa, xa_limit_32b) and a driver reference */
static int park_fence_drv(struct amdgpu_usermode_queue *waitq,
			  struct amdgpu_userq_fence_driver *drv)
{
	if (waitq->fence_drv_xa_count == waitq->fence_drv_xa_cap) {
		unsigned int cap = waitq->fence_drv_xa_cap ?
					   waitq->fence_drv_xa_cap * 2 :
					   8;
		void *grown = realloc(waitq->fence_drv_xa,
				      cap * sizeof(*waitq->fence_drv_xa));

		if (!grown)
			return -ENOMEM;
		waitq->fence_drv_xa = grown;
		waitq->fence_drv_xa_cap = cap;
	}
	waitq->fence_drv_xa[waitq->fence_drv_xa_count++] = drv;
	amdgpu_userq_fence_driver_get(drv);
	return 0;
}

static int wait_fill(struct wait_ctx *c, struct uapi_amdgpu_userq_wait *args)
{
	struct uapi_amdgpu_userq_fence_info *info = NULL;
	struct amdgpu_usermode_queue *waitq;
	unsigned int i, cnt = 0;
	int r;

	c->cap = args->num_fences;
	r = alloc_array((void **)&info, c->cap, sizeof(*info));
	if (!r)
		r = alloc_array((void **)&c->fences, c->cap,
				sizeof(*c->fences));
	if (!r)
		r = wait_gather(c);
	if (r)
		goto out;
	/* dma_fence_dedup_array: the newest fence per context */
	c->nfences = emu_fence_dedup_array(c->fences, c->nfences);

	/* the waiting queue, looked up only now: unknown -> -EINVAL */
	waitq = amdgpu_userq_get(c->file, args->waitq_id);
	if (!waitq) {
		r = -EINVAL;
		goto out;
	}
	for (i = 0; i < c->nfences; i++) {
		struct emu_fence *f = c->fences[i];
		struct amdgpu_userq_fence *uf = to_amdgpu_userq_fence(f);

		if (!uf) {
			/* other fences are waited for here, not returned */
			r = emu_fence_wait(f, emu_now_ns() + NON_USERQ_WAIT_NS);
			if (r) {
				emu_log("USERQ_WAIT: a %s fence did not signal "
					"in %llu s; the kernel would wait on",
					f->ops && f->ops->driver_name ?
						f->ops->driver_name :
						"plain",
					NON_USERQ_WAIT_NS / EMU_NSEC_PER_SEC);
				break;
			}
			continue;
		}
		/* signalled or not: +1 on the producer's fence driver,
		 * parked in the waiter's fence_drv_xa */
		r = park_fence_drv(waitq, uf->fence_drv);
		if (r)
			break;
		trace_amdgpu_userq_wait_deps(waitq, f);
		info[cnt].va = uf->fence_drv->va;
		info[cnt].value = f->seqno;
		cnt++;
	}
	amdgpu_userq_put(waitq);
	if (r)
		goto out;
	/* the references stay parked even if the copy fails */
	args->num_fences = (uint16_t)cnt;
	if (emu_copy_to_user(args->out_fences, info, cnt * sizeof(*info)))
		r = -EFAULT;
out:
	emu_kfree(info);
	return r;
}

int amdgpu_userq_wait_ioctl(struct emu_file *file, void *data)
{
	const struct emu_profile *prof = emu_active_profile();
	struct uapi_amdgpu_userq_wait *args = data;
	struct wait_ctx c = { .file = file, .args = args };
	int r;

	emu_tracefs_kprobe_hit("amdgpu_userq_wait_ioctl");
	r = amdgpu_userq_gate();
	if (r)
		return r;
	/* 64ac7c09fc44: AMDGPU_USERQ_MAX_HANDLES; the 6.18.y backport
	 * (cff1a76aa5) also limits num_syncobj_handles */
	if (prof->userq_handle_limits &&
	    (args->num_bo_write_handles > UAPI_AMDGPU_USERQ_MAX_HANDLES ||
	     args->num_bo_read_handles > UAPI_AMDGPU_USERQ_MAX_HANDLES ||
	     (prof->userq_handle_limit_syncobjs &&
	      args->num_syncobj_handles > UAPI_AMDGPU_USERQ_MAX_HANDLES)))
		return -EINVAL;
	/* c561d2320492: num_syncobj_handles is a u16 from 7.1 */
	c.nsyncobjs = prof->userq_u16_counts ?
			      (uint16_t)args->num_syncobj_handles :
			      args->num_syncobj_handles;
	c.npoints = args->num_syncobj_timeline_handles;

	r = wait_copy_inputs(&c);
	if (!r)
		r = args->num_fences ? wait_fill(&c, args) :
				       wait_count(&c, args);
	wait_ctx_fini(&c);
	return r;
}
