/* SPDX-License-Identifier: MIT */
/*
 * drm_syncobj model (drivers/gpu/drm/drm_syncobj.c): per-file handles to a
 * fence slot holding a binary fence or the newest node of a timeline.
 *
 * Validation order and errno follow mainline after Tvrtko Ursulin's 2025
 * series ("drm/syncobj: Avoid one temporary allocation in
 * drm_syncobj_array_find" and friends; release UNVERIFIED, likely 6.17):
 * handles, wait points and timeline-signal points are read one element at a
 * time after an access_ok() of the whole array, so an earlier bad element
 * wins over a later fault. 6.16 copied each array whole first; the two
 * differ only for arrays that fault part-way or lie above the user address
 * limit, so every profile uses the newer order.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "emu/lib/kmalloc.h"
#include "uapi/drm_syncobj.h"

#include "drm_file.h"
#include "emu/emu.h"
#include "emu/dma-buf/dma-fence.h"
#include "emu/dma-buf/sync_file.h"
#include "emu/fs/anon_inode.h"
#include "emu/lib/idr.h"
#include "emu/lib/list.h"
#include "drm_syncobj.h"

/* x86-64 TASK_SIZE_MAX with 4-level paging: what access_ok() accepts. */
#define EMU_TASK_SIZE_MAX 0x00007ffffffff000ull
/* KMALLOC_MAX_SIZE (order-10 pages): larger kmalloc_array()s fail. */
#define EMU_KMALLOC_MAX_SIZE (4ull << 20)
/* sizeof(struct syncobj_wait_entry) in the kernel */
#define EMU_KSIZE_WAIT_ENTRY 64
/* DRM_SYNCOBJ_WAIT_FOR_SUBMIT_TIMEOUT */
#define EMU_WAIT_FOR_SUBMIT_TIMEOUT_NS (5ull * EMU_NSEC_PER_SEC)

/* struct syncobj_wait_entry: one waiter for a point to materialise. */
struct syncobj_wait {
	struct emu_list node; /* on the syncobj's waiters */
	struct emu_fence *fence; /* set once the point has a fence */
	uint64_t point;
	bool queued;
};

struct emu_syncobj {
	unsigned int refs;
	struct emu_fence *fence; /* NULL, a binary fence or a chain node */
	struct emu_list waiters; /* cb_list */
};

static bool access_ok(uint64_t uptr, uint64_t size)
{
	return size <= EMU_TASK_SIZE_MAX && uptr <= EMU_TASK_SIZE_MAX - size;
}

static bool kmalloc_array_fits(uint64_t n, uint64_t size)
{
	return n <= EMU_KMALLOC_MAX_SIZE / size;
}

/*
 * Read count elements from user memory the way a __get_user() loop does:
 * returns how many leading elements were readable.
 */
static uint32_t read_user_array(void *dst, uint64_t uptr, uint32_t count,
				size_t size)
{
	uint32_t i;

	if (!emu_copy_from_user(dst, uptr, (size_t)count * size))
		return count;
	for (i = 0; i < count; i++)
		if (emu_copy_from_user((char *)dst + i * size, uptr + i * size,
				       size))
			break;
	return i;
}

static void emu_syncobj_get(struct emu_syncobj *syncobj)
{
	syncobj->refs++;
}

struct emu_syncobj *emu_syncobj_find(struct emu_file *file, uint32_t handle)
{
	struct emu_syncobj *syncobj = emu_idr_find(&file->syncobjs, handle);

	if (syncobj)
		emu_syncobj_get(syncobj);
	return syncobj;
}

/* drm_syncobj_free() drops the fence; waiters hold references, so none is
 * left on the list by then. */
void emu_syncobj_put(struct emu_syncobj *syncobj)
{
	if (!syncobj || EMU_WARN_ON(!syncobj->refs) || --syncobj->refs)
		return;
	emu_syncobj_replace_fence(syncobj, NULL);
	emu_kfree(syncobj);
}

/* drm_syncobj_fence_get: the current fence (the newest point), +1 ref. */
static struct emu_fence *emu_syncobj_fence_get(struct emu_syncobj *syncobj)
{
	return emu_fence_get(syncobj->fence);
}

/*
 * The fence that signals `point` now: the current fence for point 0, else
 * the chain node found by dma_fence_chain_find_seqno(), or the stub when
 * the point was signalled and collected. -EINVAL when there is no fence or
 * the point has not been submitted (the check repeated by
 * drm_syncobj_find_fence, drm_syncobj_fence_add_wait,
 * syncobj_wait_syncobj_func and drm_syncobj_array_wait_timeout).
 */
static int fence_for_point(struct emu_syncobj *syncobj, uint64_t point,
			   struct emu_fence **out)
{
	struct emu_fence *fence = emu_syncobj_fence_get(syncobj);

	if (!fence || emu_fence_chain_find_seqno(&fence, point)) {
		emu_fence_put(fence);
		return -EINVAL;
	}
	*out = fence ? fence : emu_fence_get_stub();
	return 0;
}

static void wait_dequeue(struct syncobj_wait *wait)
{
	emu_list_del(&wait->node);
	wait->queued = false;
}

/* syncobj_wait_syncobj_func(): a new fence may carry a waiter's point. */
static void process_waiters(struct emu_syncobj *syncobj)
{
	struct syncobj_wait *wait, *next;

	emu_list_for_each_entry_safe(wait, next, &syncobj->waiters, node) {
		if (fence_for_point(syncobj, wait->point, &wait->fence))
			continue;
		wait_dequeue(wait);
	}
}

/* drm_syncobj_fence_add_wait() */
static void wait_add(struct emu_syncobj *syncobj, struct syncobj_wait *wait)
{
	if (wait->fence || !fence_for_point(syncobj, wait->point, &wait->fence))
		return;
	emu_list_add_tail(&wait->node, &syncobj->waiters);
	wait->queued = true;
}

/* drm_syncobj_remove_wait() */
static void wait_remove(struct syncobj_wait *wait)
{
	if (wait->queued)
		wait_dequeue(wait);
}

/* drm_syncobj_replace_fence() */
void emu_syncobj_replace_fence(struct emu_syncobj *syncobj,
			       struct emu_fence *fence)
{
	struct emu_fence *old = syncobj->fence;

	syncobj->fence = emu_fence_get(fence);
	if (fence != old) {
		process_waiters(syncobj);
		emu_wake_all();
	}
	emu_fence_put(old);
}

/* drm_syncobj_add_point(): out-of-order points get a context of their own
 * (dma_fence_chain_init), which makes QUERY report 0 until all signal. */
void emu_syncobj_add_point(struct emu_syncobj *syncobj, struct emu_fence *fence,
			   uint64_t point)
{
	struct emu_fence *prev = emu_syncobj_fence_get(syncobj);
	struct emu_fence *chain, *iter;

	chain = emu_fence_chain_create(prev, fence, point);
	if (!chain) {
		/* the kernel allocates the node before it gets here */
		emu_log("syncobj: out of memory adding point %llu",
			(unsigned long long)point);
		emu_fence_put(prev);
		return;
	}
	emu_fence_put(syncobj->fence);
	syncobj->fence = chain;
	process_waiters(syncobj);
	emu_wake_all();

	/* walk the chain once to collect signalled points */
	for (iter = emu_fence_get(prev); iter;
	     iter = emu_fence_chain_walk(iter))
		;
	emu_fence_put(prev);
}

/* drm_syncobj_assign_null_handle(): a private stub signalled now. */
static int assign_null_handle(struct emu_syncobj *syncobj)
{
	struct emu_fence *fence = emu_fence_allocate_private_stub(emu_now_ns());

	if (!fence)
		return -ENOMEM;
	emu_syncobj_replace_fence(syncobj, fence);
	emu_fence_put(fence);
	return 0;
}

/* drm_syncobj_find_fence() */
int emu_syncobj_find_fence_flags(struct emu_file *file, uint32_t handle,
				 uint64_t point, uint32_t flags,
				 struct emu_fence **fence)
{
	struct emu_syncobj *syncobj = emu_syncobj_find(file, handle);
	struct syncobj_wait wait = { .point = point };
	uint64_t deadline;
	int ret;

	*fence = NULL;
	if (!syncobj)
		return -ENOENT;
	ret = fence_for_point(syncobj, point, fence);
	if (!ret || !(flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT))
		goto out;

	deadline = emu_now_ns() + EMU_WAIT_FOR_SUBMIT_TIMEOUT_NS;
	wait_add(syncobj, &wait);
	for (;;) {
		if (wait.fence) {
			ret = 0;
			break;
		}
		if (emu_now_ns() >= deadline) {
			ret = -ETIME;
			break;
		}
		emu_cond_wait_until(deadline);
	}
	wait_remove(&wait);
	*fence = wait.fence;
out:
	emu_syncobj_put(syncobj);
	return ret;
}

int emu_syncobj_find_fence(struct emu_file *file, uint32_t handle,
			   uint64_t point, struct emu_fence **fence)
{
	return emu_syncobj_find_fence_flags(file, handle, point, 0, fence);
}

/* drm_syncobj_open() */
void emu_syncobj_file_init(struct emu_file *file)
{
	emu_idr_init(&file->syncobjs);
}

/* drm_syncobj_release() */
void emu_syncobj_file_release(struct emu_file *file)
{
	struct emu_syncobj *syncobj;
	uint32_t id;

	emu_idr_for_each(&file->syncobjs, id, syncobj)
		emu_syncobj_put(syncobj);
	emu_idr_fini(&file->syncobjs);
}

unsigned int emu_syncobj_file_count(struct emu_file *file)
{
	return file->syncobjs.count;
}

/* drm_syncobj_create() */
static int syncobj_create(uint32_t flags, struct emu_syncobj **out)
{
	struct emu_syncobj *syncobj = emu_kcalloc(1, sizeof(*syncobj));
	int ret;

	if (!syncobj)
		return -ENOMEM;
	syncobj->refs = 1;
	emu_list_init(&syncobj->waiters);
	if (flags & DRM_SYNCOBJ_CREATE_SIGNALED) {
		ret = assign_null_handle(syncobj);
		if (ret) {
			emu_syncobj_put(syncobj);
			return ret;
		}
	}
	*out = syncobj;
	return 0;
}

/*
 * drm_syncobj_array_find(): access_ok() of the handle array, the pointer
 * array allocation, then per handle: read it (-EFAULT), look it up
 * (-ENOENT).
 */
static int array_find(struct emu_file *file, uint64_t uhandles, uint32_t count,
		      struct emu_syncobj ***out)
{
	struct emu_syncobj **syncobjs;
	uint32_t *handles, nread, i;
	int ret = 0;

	if (!access_ok(uhandles, (uint64_t)count * sizeof(uint32_t)))
		return -EFAULT;
	if (!kmalloc_array_fits(count, sizeof(void *)))
		return -ENOMEM;
	syncobjs = emu_kcalloc(count, sizeof(*syncobjs));
	handles = emu_kcalloc(count, sizeof(*handles));
	if (!syncobjs || !handles) {
		emu_kfree(syncobjs);
		emu_kfree(handles);
		return -ENOMEM;
	}
	nread = read_user_array(handles, uhandles, count, sizeof(*handles));
	for (i = 0; i < count; i++) {
		if (i >= nread) {
			ret = -EFAULT;
			break;
		}
		syncobjs[i] = emu_syncobj_find(file, handles[i]);
		if (!syncobjs[i]) {
			ret = -ENOENT;
			break;
		}
	}
	emu_kfree(handles);
	if (ret) {
		while (i-- > 0)
			emu_syncobj_put(syncobjs[i]);
		emu_kfree(syncobjs);
		return ret;
	}
	*out = syncobjs;
	return 0;
}

/* drm_syncobj_array_free() */
static void array_free(struct emu_syncobj **syncobjs, uint32_t count)
{
	uint32_t i;

	for (i = 0; i < count; i++)
		emu_syncobj_put(syncobjs[i]);
	emu_kfree(syncobjs);
}

/*
 * drm_timeout_abs_to_jiffies(): 0 means poll, a time not after now too;
 * the kernel clamps huge timeouts to MAX_SCHEDULE_TIMEOUT - 1 jiffies,
 * which is forever in practice.
 */
static uint64_t abs_timeout_to_deadline(int64_t timeout_nsec)
{
	if (timeout_nsec <= 0)
		return 0;
	if (timeout_nsec == INT64_MAX)
		return EMU_TIME_INFINITE;
	return (uint64_t)timeout_nsec;
}

/*
 * drm_syncobj_array_wait_timeout(). upoints 0: every point is 0 (the binary
 * WAIT). *first is written only on success: the first signalled index found
 * by the initial pass, or for wait-any the one that ended the wait; ~0 for
 * WAIT_ALL when nothing was signalled at the start.
 */
static int array_wait(struct emu_syncobj **syncobjs, uint64_t upoints,
		      uint32_t count, uint32_t flags, uint64_t deadline,
		      uint32_t *first)
{
	const uint32_t submit = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT |
				DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE;
	const bool avail = flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE;
	const bool all = flags & DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL;
	struct syncobj_wait *entries;
	uint64_t *points = NULL, wake, c;
	uint32_t i, signaled, npoints = count, idx = ~0u;
	struct emu_fence *fence;
	int ret;

	if (upoints && !access_ok(upoints, (uint64_t)count * sizeof(uint64_t)))
		return -EFAULT;
	if (!kmalloc_array_fits(count, EMU_KSIZE_WAIT_ENTRY))
		return -ENOMEM;
	entries = emu_kcalloc(count, sizeof(*entries));
	if (upoints)
		points = emu_kcalloc(count, sizeof(*points));
	if (!entries || (upoints && !points)) {
		emu_kfree(entries);
		emu_kfree(points);
		return -ENOMEM;
	}
	if (upoints)
		npoints = read_user_array(points, upoints, count,
					  sizeof(*points));

	/* First pass: every point must exist unless waiting for it;
	 * -EINVAL now, since it can never be reported later. */
	signaled = 0;
	for (i = 0; i < count; i++) {
		if (i >= npoints) {
			ret = -EFAULT;
			goto cleanup;
		}
		entries[i].point = points ? points[i] : 0;
		if (fence_for_point(syncobjs[i], entries[i].point,
				    &entries[i].fence)) {
			if (flags & submit)
				continue;
			ret = -EINVAL;
			goto cleanup;
		}
		if (avail || emu_fence_is_signaled(entries[i].fence)) {
			if (signaled == 0)
				idx = i;
			signaled++;
		}
	}
	if (signaled == count || (signaled > 0 && !all)) {
		ret = 0;
		goto cleanup;
	}

	if (flags & submit)
		for (i = 0; i < count; i++)
			wait_add(syncobjs[i], &entries[i]);

	/* WAIT_DEADLINE only hints the driver (dma_fence_set_deadline). */
	for (;;) {
		signaled = 0;
		wake = deadline;
		for (i = 0; i < count; i++) {
			fence = entries[i].fence;
			if (!fence)
				continue;
			if (avail || emu_fence_is_signaled(fence)) {
				if (!all) {
					idx = i;
					ret = 0;
					goto cleanup;
				}
				signaled++;
				continue;
			}
			c = emu_fence_completion_ns(fence);
			if (c < wake)
				wake = c;
		}
		if (signaled == count) {
			ret = 0;
			break;
		}
		if (emu_now_ns() >= deadline) {
			ret = -ETIME;
			break;
		}
		/* woken by any signal or new point, or at the earliest
		 * known completion */
		emu_cond_wait_until(wake);
	}

cleanup:
	for (i = 0; i < count; i++) {
		wait_remove(&entries[i]);
		emu_fence_put(entries[i].fence);
	}
	emu_kfree(entries);
	emu_kfree(points);
	if (!ret)
		*first = idx;
	return ret;
}

/* drm_syncobj_create_ioctl() */
int emu_syncobj_create_ioctl(struct emu_file *file, void *data)
{
	struct drm_syncobj_create *args = data;
	struct emu_syncobj *syncobj;
	int ret;

	if (args->flags & ~DRM_SYNCOBJ_CREATE_SIGNALED)
		return -EINVAL;
	ret = syncobj_create(args->flags, &syncobj);
	if (ret)
		return ret;
	/* drm_syncobj_get_handle(): idr_alloc(..., 1, 0) */
	ret = emu_idr_alloc(&file->syncobjs, syncobj, 1, 0);
	if (ret < 0) {
		emu_syncobj_put(syncobj);
		return ret;
	}
	args->handle = ret;
	return 0;
}

/* drm_syncobj_destroy_ioctl(), drm_syncobj_destroy() */
int emu_syncobj_destroy_ioctl(struct emu_file *file, void *data)
{
	struct drm_syncobj_destroy *args = data;
	struct emu_syncobj *syncobj;

	if (args->pad)
		return -EINVAL;
	syncobj = emu_idr_remove(&file->syncobjs, args->handle);
	if (!syncobj)
		return -EINVAL;
	emu_syncobj_put(syncobj);
	return 0;
}

/* drm_syncobj_wait_ioctl() */
int emu_syncobj_wait_ioctl(struct emu_file *file, void *data)
{
	struct uapi_drm_syncobj_wait *args = data;
	struct emu_syncobj **syncobjs;
	uint32_t first;
	int ret;

	if (args->flags & ~(DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL |
			    DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT |
			    DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE))
		return -EINVAL;
	/* an empty wait succeeds at once (older kernels: -EINVAL) */
	if (args->count_handles == 0)
		return 0;
	ret = array_find(file, args->handles, args->count_handles, &syncobjs);
	if (ret)
		return ret;
	ret = array_wait(syncobjs, 0, args->count_handles, args->flags,
			 abs_timeout_to_deadline(args->timeout_nsec), &first);
	if (!ret)
		args->first_signaled = first;
	array_free(syncobjs, args->count_handles);
	return ret;
}

/* drm_syncobj_timeline_wait_ioctl() */
int emu_syncobj_timeline_wait_ioctl(struct emu_file *file, void *data)
{
	struct uapi_drm_syncobj_timeline_wait *args = data;
	struct emu_syncobj **syncobjs;
	uint32_t first;
	int ret;

	if (args->flags & ~(DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL |
			    DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT |
			    DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE |
			    DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE))
		return -EINVAL;
	if (args->count_handles == 0)
		return 0;
	ret = array_find(file, args->handles, args->count_handles, &syncobjs);
	if (ret)
		return ret;
	ret = array_wait(syncobjs, args->points, args->count_handles,
			 args->flags,
			 abs_timeout_to_deadline(args->timeout_nsec), &first);
	if (!ret)
		args->first_signaled = first;
	array_free(syncobjs, args->count_handles);
	return ret;
}

/* drm_syncobj_reset_ioctl() */
int emu_syncobj_reset_ioctl(struct emu_file *file, void *data)
{
	struct drm_syncobj_array *args = data;
	struct emu_syncobj **syncobjs;
	uint32_t i;
	int ret;

	if (args->pad)
		return -EINVAL;
	if (args->count_handles == 0)
		return -EINVAL;
	ret = array_find(file, args->handles, args->count_handles, &syncobjs);
	if (ret)
		return ret;
	for (i = 0; i < args->count_handles; i++)
		emu_syncobj_replace_fence(syncobjs[i], NULL);
	array_free(syncobjs, args->count_handles);
	return 0;
}

/* drm_syncobj_signal_ioctl() */
int emu_syncobj_signal_ioctl(struct emu_file *file, void *data)
{
	struct drm_syncobj_array *args = data;
	struct emu_syncobj **syncobjs;
	uint32_t i;
	int ret;

	if (args->pad)
		return -EINVAL;
	if (args->count_handles == 0)
		return -EINVAL;
	ret = array_find(file, args->handles, args->count_handles, &syncobjs);
	if (ret)
		return ret;
	for (i = 0; i < args->count_handles; i++) {
		ret = assign_null_handle(syncobjs[i]);
		if (ret)
			break;
	}
	array_free(syncobjs, args->count_handles);
	return ret;
}

/*
 * drm_syncobj_timeline_signal_ioctl(): the global stub at each point; a
 * NULL points array means point 0 everywhere, which still adds a chain
 * node (seqno 0, or the previous node's seqno on a new context). A fault
 * part-way leaves the earlier points added.
 */
int emu_syncobj_timeline_signal_ioctl(struct emu_file *file, void *data)
{
	struct drm_syncobj_timeline_array *args = data;
	uint32_t count = args->count_handles, i, npoints = count;
	struct emu_syncobj **syncobjs;
	uint64_t *points = NULL, point;
	struct emu_fence *stub;
	int ret;

	if (args->flags != 0)
		return -EINVAL;
	if (count == 0)
		return -EINVAL;
	if (!access_ok(args->points, (uint64_t)count * sizeof(uint64_t)))
		return -EFAULT;
	ret = array_find(file, args->handles, count, &syncobjs);
	if (ret)
		return ret;
	if (args->points) {
		points = emu_kcalloc(count, sizeof(*points));
		if (!points) {
			ret = -ENOMEM;
			goto out;
		}
		npoints = read_user_array(points, args->points, count,
					  sizeof(*points));
	}
	for (i = 0; i < count; i++) {
		if (i >= npoints) {
			ret = -EFAULT;
			break;
		}
		point = points ? points[i] : 0;
		stub = emu_fence_get_stub();
		emu_syncobj_add_point(syncobjs[i], stub, point);
		emu_fence_put(stub);
	}
	emu_kfree(points);
out:
	array_free(syncobjs, count);
	return ret;
}

/*
 * The last signalled point (drm_syncobj_query_ioctl): walk the timeline's
 * own context back to the oldest node still pending; if that is the newest
 * and it is signalled, its seqno, else the point before it. A binary fence
 * reads 0.
 */
static uint64_t query_point(struct emu_syncobj *syncobj, bool last_submitted)
{
	struct emu_fence *fence = emu_syncobj_fence_get(syncobj);
	struct emu_fence *iter, *last;
	uint64_t point = 0;

	if (!emu_fence_is_chain(fence)) {
		emu_fence_put(fence);
		return 0;
	}
	if (last_submitted) {
		point = fence->seqno;
		emu_fence_put(fence);
		return point;
	}
	last = emu_fence_get(fence);
	for (iter = emu_fence_get(fence); iter;
	     iter = emu_fence_chain_walk(iter)) {
		if (iter->context != fence->context) {
			/* most likely out-of-order points */
			emu_fence_put(iter);
			break;
		}
		emu_fence_put(last);
		last = emu_fence_get(iter);
	}
	point = emu_fence_is_signaled(last) ? last->seqno :
					      emu_fence_chain_prev_seqno(last);
	emu_fence_put(last);
	emu_fence_put(fence);
	return point;
}

/* drm_syncobj_query_ioctl() */
int emu_syncobj_query_ioctl(struct emu_file *file, void *data)
{
	struct drm_syncobj_timeline_array *args = data;
	const bool last_submitted = args->flags &
				    DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED;
	struct emu_syncobj **syncobjs;
	uint64_t point;
	uint32_t i;
	int ret;

	if (args->flags & ~DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED)
		return -EINVAL;
	if (args->count_handles == 0)
		return -EINVAL;
	if (!access_ok(args->points,
		       (uint64_t)args->count_handles * sizeof(uint64_t)))
		return -EFAULT;
	ret = array_find(file, args->handles, args->count_handles, &syncobjs);
	if (ret)
		return ret;
	for (i = 0; i < args->count_handles; i++) {
		point = query_point(syncobjs[i], last_submitted);
		/* __put_user() per point: the earlier ones stay written */
		ret = emu_copy_to_user(args->points + i * sizeof(point), &point,
				       sizeof(point));
		if (ret) {
			ret = -EFAULT;
			break;
		}
	}
	array_free(syncobjs, args->count_handles);
	return ret;
}

/* drm_syncobj_transfer_to_timeline(): the source fence, flattened by
 * dma_fence_unwrap_merge(), becomes point dst_point. */
static int transfer_to_timeline(struct emu_file *file,
				struct drm_syncobj_transfer *args)
{
	struct emu_syncobj *dst = emu_syncobj_find(file, args->dst_handle);
	struct emu_fence *tmp, *fence;
	int ret;

	if (!dst)
		return -ENOENT;
	ret = emu_syncobj_find_fence_flags(file, args->src_handle,
					   args->src_point, args->flags, &tmp);
	if (ret)
		goto out;
	fence = emu_fence_unwrap_merge(&tmp, 1);
	emu_fence_put(tmp);
	if (!fence) {
		ret = -ENOMEM;
		goto out;
	}
	emu_syncobj_add_point(dst, fence, args->dst_point);
	emu_fence_put(fence);
out:
	emu_syncobj_put(dst);
	return ret;
}

/* drm_syncobj_transfer_to_binary() */
static int transfer_to_binary(struct emu_file *file,
			      struct drm_syncobj_transfer *args)
{
	struct emu_syncobj *dst = emu_syncobj_find(file, args->dst_handle);
	struct emu_fence *fence;
	int ret;

	if (!dst)
		return -ENOENT;
	ret = emu_syncobj_find_fence_flags(
		file, args->src_handle, args->src_point, args->flags, &fence);
	if (!ret) {
		emu_syncobj_replace_fence(dst, fence);
		emu_fence_put(fence);
	}
	emu_syncobj_put(dst);
	return ret;
}

/*
 * drm_syncobj_transfer_ioctl(): flags are not validated; only
 * WAIT_FOR_SUBMIT means something (to drm_syncobj_find_fence).
 */
int emu_syncobj_transfer_ioctl(struct emu_file *file, void *data)
{
	struct drm_syncobj_transfer *args = data;

	if (args->pad)
		return -EINVAL;
	if (args->dst_point)
		return transfer_to_timeline(file, args);
	return transfer_to_binary(file, args);
}

/* --- fds: syncobj files and sync_files --- */

static void syncobj_file_release(void *priv)
{
	emu_syncobj_put(priv);
}

/* drm_syncobj_file_fops */
static const struct emu_anon_ops syncobj_file_ops = {
	.name = "syncobj_file",
	.release = syncobj_file_release,
};

/* drm_syncobj_export_sync_file: the fence at point (drm_syncobj_find_fence
 * without flags: -ENOENT, or -EINVAL when there is none) in a sync_file;
 * the fd is O_CLOEXEC. */
static int export_sync_file(struct emu_file *file, uint32_t handle,
			    uint64_t point, int32_t *out)
{
	struct emu_fence *fence;
	int fd, r;

	r = emu_syncobj_find_fence(file, handle, point, &fence);
	if (r)
		return r;
	fd = emu_sync_file_install(fence);
	if (fd < 0) {
		emu_fence_put(fence);
		return fd;
	}
	*out = fd;
	return 0;
}

/* drm_syncobj_handle_to_fd: an unknown handle is -EINVAL here (not
 * -ENOENT); the fd is O_CLOEXEC whatever the caller asked. */
static int handle_to_fd(struct emu_file *file, uint32_t handle, int32_t *out)
{
	struct emu_syncobj *syncobj = emu_syncobj_find(file, handle);
	int fd;

	if (!syncobj)
		return -EINVAL;
	fd = emu_anon_fd_install(&syncobj_file_ops, syncobj, O_CLOEXEC);
	if (fd < 0) {
		emu_syncobj_put(syncobj);
		return fd;
	}
	*out = fd;
	return 0;
}

/*
 * drm_syncobj_handle_to_fd_ioctl: pad -> -EINVAL; flags beyond
 * EXPORT_SYNC_FILE | TIMELINE -> -EINVAL; point is read with TIMELINE
 * only, and a point without EXPORT_SYNC_FILE is -EINVAL.
 */
int emu_syncobj_handle_to_fd_ioctl(struct emu_file *file, void *data)
{
	struct uapi_drm_syncobj_handle *args = data;
	uint64_t point = 0;

	if (args->pad)
		return -EINVAL;
	if (args->flags &
	    ~(uint32_t)(DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE |
			DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE))
		return -EINVAL;
	if (args->flags & DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE)
		point = args->point;
	if (args->flags & DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE)
		return export_sync_file(file, args->handle, point, &args->fd);
	if (args->point)
		return -EINVAL;
	return handle_to_fd(file, args->handle, &args->fd);
}

/* drm_syncobj_import_sync_file_fence: a bad fd or one that is not a
 * sync_file -> -EINVAL (sync_file_get_fence), checked before the handle
 * (-ENOENT); the fence replaces the syncobj's, or becomes point. */
static int import_sync_file(struct emu_file *file, int fd, uint32_t handle,
			    uint64_t point)
{
	struct emu_syncobj *syncobj;
	struct emu_fence *fence;

	fence = emu_sync_file_fence(fd);
	if (!fence)
		return -EINVAL;
	syncobj = emu_syncobj_find(file, handle);
	if (!syncobj)
		return -ENOENT;
	if (point)
		emu_syncobj_add_point(syncobj, fence, point);
	else
		emu_syncobj_replace_fence(syncobj, fence);
	emu_syncobj_put(syncobj);
	return 0;
}

/* drm_syncobj_fd_to_handle: an fd that is not open or not a syncobj file
 * -> -EINVAL; always a new handle, even if the file has one already. */
static int fd_to_handle(struct emu_file *file, int fd, uint32_t *handle)
{
	struct emu_syncobj *syncobj;
	int r;

	syncobj = emu_anon_fd_get(fd, &syncobj_file_ops, &r);
	if (!syncobj)
		return -EINVAL;
	emu_syncobj_get(syncobj);
	r = emu_idr_alloc(&file->syncobjs, syncobj, 1, 0);
	if (r < 0) {
		emu_syncobj_put(syncobj);
		return r;
	}
	*handle = (uint32_t)r;
	return 0;
}

/* drm_syncobj_fd_to_handle_ioctl: the checks of handle_to_fd's, mirrored */
int emu_syncobj_fd_to_handle_ioctl(struct emu_file *file, void *data)
{
	struct uapi_drm_syncobj_handle *args = data;
	uint64_t point = 0;

	if (args->pad)
		return -EINVAL;
	if (args->flags &
	    ~(uint32_t)(DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE |
			DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE))
		return -EINVAL;
	if (args->flags & DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE)
		point = args->point;
	if (args->flags & DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE)
		return import_sync_file(file, args->fd, args->handle, point);
	if (args->point)
		return -EINVAL;
	return fd_to_handle(file, args->fd, &args->handle);
}
