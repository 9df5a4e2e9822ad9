// SPDX-License-Identifier: MIT
/*
 * The part of drivers/dma-buf/dma-resv.c that user queues use, for each
 * BO's reservation object: USERQ_SIGNAL adds its fence with READ or WRITE usage, USERQ_WAIT
 * collects the fences of a usage class.
 *
 * The emulator's BOs have no dma_resv of their own, so the entries live in
 * a table keyed by the GEM object. A BO's entries must go when the BO is
 * freed (the kernel's resv is part of the BO), so the first reservation
 * chains a hook in front of the object's free callback. The hook stays
 * until the object dies.
 */
#include <errno.h>
#include <stdlib.h>

#include "amdgpu_userq_priv.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "emu/drm/drm_gem.h"

#define RESV_BUCKETS AMDGPU_USERQ_RESV_BUCKETS

struct resv_entry {
	struct emu_fence *fence;
	enum amdgpu_userq_resv_usage usage;
};

struct userq_resv {
	struct emu_gem_object *obj;
	void (*free_next)(struct emu_gem_object *obj);
	struct resv_entry *fences;
	unsigned int count, cap;
	struct userq_resv *next;
};

static unsigned int resv_hash(const struct emu_gem_object *obj)
{
	return (unsigned int)(((uintptr_t)obj >> 4) % RESV_BUCKETS);
}

static struct userq_resv **resv_slot(const struct emu_gem_object *obj)
{
	struct userq_resv **pp = &emu_dev.userq.resv_table[resv_hash(obj)];

	while (*pp && (*pp)->obj != obj)
		pp = &(*pp)->next;
	return pp;
}

/* The BO is being freed (drm_gem_object_release -> dma_resv_fini): drop
 * its fences, then run the original destructor. */
static void resv_obj_free(struct emu_gem_object *obj)
{
	struct userq_resv **pp = resv_slot(obj), *r = *pp;
	void (*free_next)(struct emu_gem_object * obj);
	unsigned int i;

	if (EMU_WARN_ON(!r)) { /* the hook is set with the reservation */
		free(obj);
		return;
	}
	*pp = r->next;
	free_next = r->free_next;
	for (i = 0; i < r->count; i++)
		emu_fence_put(r->fences[i].fence);
	free(r->fences);
	free(r);
	if (free_next)
		free_next(obj);
	else
		free(obj);
}

int amdgpu_userq_resv_reserve(struct emu_gem_object *obj)
{
	struct userq_resv **pp = resv_slot(obj), *r = *pp;

	emu_lockdep_assert_held();
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return -ENOMEM;
		r->obj = obj;
		r->free_next = obj->free;
		obj->free = resv_obj_free;
		*pp = r;
	}
	if (r->count == r->cap) {
		unsigned int cap = r->cap ? r->cap * 2 : 4;
		struct resv_entry *grown =
			realloc(r->fences, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		r->fences = grown;
		r->cap = cap;
	}
	return 0;
}

void amdgpu_userq_resv_add(struct emu_gem_object *obj, struct emu_fence *f,
			   enum amdgpu_userq_resv_usage usage)
{
	struct userq_resv *r = *resv_slot(obj);
	unsigned int i;

	emu_lockdep_assert_held();
	/* dma_resv_add_fence() after dma_resv_reserve_fences() */
	if (EMU_WARN_ON(!r || r->count == r->cap))
		return;
	/*
	 * dma_resv_add_fence: the first entry that is an older fence of the
	 * same context with a usage at least as weak, or that is already
	 * signalled, is replaced; otherwise the fence is appended.
	 */
	for (i = 0; i < r->count; i++) {
		struct resv_entry *e = &r->fences[i];

		if ((e->fence->context == f->context && e->usage >= usage &&
		     !emu_fence_is_later(e->fence, f)) ||
		    emu_fence_is_signaled(e->fence)) {
			emu_fence_put(e->fence);
			e->fence = emu_fence_get(f);
			e->usage = usage;
			return;
		}
	}
	r->fences[r->count].fence = emu_fence_get(f);
	r->fences[r->count].usage = usage;
	r->count++;
}

int amdgpu_userq_resv_for_each(struct emu_gem_object *obj,
			       enum amdgpu_userq_resv_usage usage,
			       int (*fn)(struct emu_fence *f, void *arg),
			       void *arg)
{
	struct userq_resv *r = *resv_slot(obj);
	unsigned int i;
	int ret;

	emu_lockdep_assert_held();
	for (i = 0; r && i < r->count; i++) {
		if (r->fences[i].usage > usage)
			continue;
		ret = fn(r->fences[i].fence, arg);
		if (ret)
			return ret;
	}
	return 0;
}
