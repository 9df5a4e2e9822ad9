// SPDX-License-Identifier: MIT
/*
 * Split out of amdgpu_userq_fence.c: DRM_IOCTL_AMDGPU_USERQ_SIGNAL
 * (amdgpu_userq_signal_ioctl), userq.md §7
 * and emulator-notes rules 75-81: a new fence on the queue's fence driver
 * whose seqno is the u64 at offset 0 of the BO mapped at wptr_va,
 * published in syncobjs and BO reservations.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emu/lib/kmalloc.h"
#include "amdgpu_priv.h"
#include "amdgpu_trace.h"
#include "amdgpu_userq.h"
#include "amdgpu_userq_priv.h"
#include "emu/emu.h"
#include "emu/drm/drm_gem.h"
#include "emu/profile.h"
#include "emu/drm/drm_syncobj.h"
#include "emu/fs/tracefs.h"
#include "uapi/amdgpu_userq.h"

#define GPU_PAGE_SHIFT 12

/* kmalloc_array() beyond KMALLOC_MAX_SIZE fails */
#define KMALLOC_MAX_SIZE (4ull << 20)

struct signal_ctx {
	uint32_t *handles;
	struct emu_syncobj **syncobjs;
	unsigned int nsyncobjs;
	struct emu_gem_object **read, **write;
	unsigned int nread, nwrite;
};

static void put_objects(struct emu_gem_object **objs, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		emu_gem_object_put(objs[i]);
	emu_kfree(objs);
}

/*
 * The BO handle arrays: memdup_user and one drm_gem_object_lookup per
 * handle (6.16), or drm_gem_objects_lookup (7.1); both give -EFAULT for
 * an unreadable array and -ENOENT for an unknown handle. *n is the number
 * of references taken, also on failure.
 */
static int lookup_objects(struct emu_file *file, uint64_t uptr, uint32_t count,
			  struct emu_gem_object ***out, unsigned int *n)
{
	struct emu_gem_object **objs;
	uint32_t *handles;
	int r;

	*out = NULL;
	*n = 0;
	r = emu_memdup_array_user((void **)&handles, uptr, count,
				  sizeof(*handles));
	if (r)
		return r;
	if (!count)
		return 0;
	if ((uint64_t)count * sizeof(*objs) > KMALLOC_MAX_SIZE ||
	    !(objs = emu_kcalloc(count, sizeof(*objs)))) {
		emu_kfree(handles);
		return -ENOMEM;
	}
	*out = objs;
	for (; *n < count; (*n)++) {
		objs[*n] = emu_gem_lookup(file, handles[*n]);
		if (!objs[*n]) {
			emu_kfree(handles);
			return -ENOENT;
		}
	}
	emu_kfree(handles);
	return 0;
}

/*
 * amdgpu_userq_fence_read_wptr: the mapping at wptr_va (-EINVAL without
 * one), then the first little-endian u64 of its BO's kmap, whatever the
 * offset of wptr_va in the BO or of the mapping.
 */
static int read_wptr(struct emu_file *file, struct amdgpu_usermode_queue *queue,
		     uint64_t *wptr)
{
	uint64_t addr = queue->wptr_va & UAPI_AMDGPU_GMC_HOLE_MASK;
	struct amdgpu_bo_va_mapping *m;
	struct amdgpu_bo *bo;

	m = amdgpu_vm_bo_lookup_mapping(amdgpu_file_vm(file),
					addr >> GPU_PAGE_SHIFT);
	if (!m)
		return -EINVAL;
	bo = m->bo_va ? m->bo_va->bo : NULL;
	if (!bo) {
		emu_log("USERQ_SIGNAL: wptr_va 0x%llx is a PRT mapping; the "
			"kernel would oops here, the emulator says -EINVAL",
			(unsigned long long)queue->wptr_va);
		return -EINVAL;
	}
	/* amdgpu_bo_kmap: no CPU mapping for NO_CPU_ACCESS BOs */
	if (bo->flags & AMDGPU_GEM_CREATE_NO_CPU_ACCESS)
		return -EPERM;
	if (!bo->base.kmap)
		return -ENOMEM;
	memcpy(wptr, bo->base.kmap, sizeof(*wptr));
	return 0;
}

/* The count of syncobj handles at the profile's width: a u64 field read
 * into a u32 (6.16..7.0), or a u16 field (d8e760b7996d, 7.1). */
static uint32_t signal_num_syncobjs(const struct uapi_amdgpu_userq_signal *a)
{
	if (emu_active_profile()->userq_u16_counts)
		return (uint16_t)a->num_syncobj_handles;
	return (uint32_t)a->num_syncobj_handles;
}

static int publish(struct signal_ctx *c, struct emu_fence *fence)
{
	unsigned int i;
	int r;

	/* drm_exec_prepare_array(..., 1): lock and reserve a fence slot in
	 * every BO first; a failure leaves the fence only as last_fence */
	for (i = 0; i < c->nread; i++) {
		r = amdgpu_userq_resv_reserve(c->read[i]);
		if (r)
			return r;
	}
	for (i = 0; i < c->nwrite; i++) {
		r = amdgpu_userq_resv_reserve(c->write[i]);
		if (r)
			return r;
	}
	/* dma_resv_add_fence: READ usage for reads, WRITE for writes */
	for (i = 0; i < c->nread; i++)
		amdgpu_userq_resv_add(c->read[i], fence, USERQ_RESV_USAGE_READ);
	for (i = 0; i < c->nwrite; i++)
		amdgpu_userq_resv_add(c->write[i], fence,
				      USERQ_RESV_USAGE_WRITE);
	/* drm_syncobj_replace_fence: the whole fence, no timeline point */
	for (i = 0; i < c->nsyncobjs; i++)
		emu_syncobj_replace_fence(c->syncobjs[i], fence);
	return 0;
}

int amdgpu_userq_signal_ioctl(struct emu_file *file, void *data)
{
	const struct emu_profile *prof = emu_active_profile();
	struct uapi_amdgpu_userq_signal *args = data;
	struct amdgpu_usermode_queue *queue = NULL;
	struct signal_ctx c = { 0 };
	struct emu_fence *fence;
	uint32_t num_syncobjs;
	uint64_t wptr;
	unsigned int i;
	int r;

	emu_tracefs_kprobe_hit("amdgpu_userq_signal_ioctl");
	r = amdgpu_userq_gate();
	if (r)
		return r;
	/* ea78f8c68f4f: AMDGPU_USERQ_MAX_HANDLES; the 6.18.y backport
	 * (be267e15f99b) also bounds the u64 syncobj count */
	if (prof->userq_handle_limits &&
	    (args->num_bo_write_handles > UAPI_AMDGPU_USERQ_MAX_HANDLES ||
	     args->num_bo_read_handles > UAPI_AMDGPU_USERQ_MAX_HANDLES))
		return -EINVAL;
	if (prof->userq_handle_limit_syncobjs &&
	    args->num_syncobj_handles > UAPI_AMDGPU_USERQ_MAX_HANDLES)
		return -EINVAL;

	num_syncobjs = signal_num_syncobjs(args);
	r = emu_memdup_array_user((void **)&c.handles, args->syncobj_handles,
				  num_syncobjs, sizeof(uint32_t));
	if (r)
		return r;
	/* kmalloc_array of the syncobj pointers */
	if ((uint64_t)num_syncobjs * sizeof(*c.syncobjs) > KMALLOC_MAX_SIZE) {
		r = -ENOMEM;
		goto out;
	}
	if (num_syncobjs) {
		c.syncobjs = emu_kcalloc(num_syncobjs, sizeof(*c.syncobjs));
		if (!c.syncobjs) {
			r = -ENOMEM;
			goto out;
		}
	}
	/* drm_syncobj_find: unknown -> -ENOENT */
	for (; c.nsyncobjs < num_syncobjs; c.nsyncobjs++) {
		c.syncobjs[c.nsyncobjs] =
			emu_syncobj_find(file, c.handles[c.nsyncobjs]);
		if (!c.syncobjs[c.nsyncobjs]) {
			r = -ENOENT;
			goto out;
		}
	}
	r = lookup_objects(file, args->bo_read_handles,
			   args->num_bo_read_handles, &c.read, &c.nread);
	if (r)
		goto out;
	r = lookup_objects(file, args->bo_write_handles,
			   args->num_bo_write_handles, &c.write, &c.nwrite);
	if (r)
		goto out;

	/* amdgpu_userq_get / idr_find: not a queue of this file -> -ENOENT */
	queue = amdgpu_userq_get(file, args->queue_id);
	if (!queue) {
		r = -ENOENT;
		goto out;
	}
	r = read_wptr(file, queue, &wptr);
	if (r)
		goto out;
	r = amdgpu_userq_fence_create(queue, wptr, &fence);
	if (r)
		goto out;
	trace_amdgpu_userq_emit_fence(queue, fence);
	/* queue->last_fence is replaced by the new fence */
	emu_fence_put(queue->last_fence);
	queue->last_fence = emu_fence_get(fence);
	r = publish(&c, fence);
	emu_fence_put(fence);

out:
	amdgpu_userq_put(queue);
	put_objects(c.write, c.nwrite);
	put_objects(c.read, c.nread);
	for (i = 0; i < c.nsyncobjs; i++)
		emu_syncobj_put(c.syncobjs[i]);
	emu_kfree(c.syncobjs);
	emu_kfree(c.handles);
	return r;
}
