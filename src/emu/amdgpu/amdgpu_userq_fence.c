// SPDX-License-Identifier: MIT
/*
 * amdgpu_userq_fence.c without its two ioctls (amdgpu_userq_signal.c,
 * amdgpu_userq_wait.c): userq fence drivers and userq fences.
 *
 * A fence driver is reference counted: the queue holds one from creation
 * to its teardown, every userq fence holds one, and every entry parked in
 * some queue's fence_drv_xa (by WAIT) or moved into a fence's
 * fence_drv_array (by SIGNAL) holds one. It is destroyed, and its seq64
 * slot freed, only when the count reaches 0. A fence's release frees its
 * fence_drv_array without putting the entries; only processing the fence
 * (or, with dd88d42d, creating it signalled) puts them. That is how the
 * kernel leaks: every reference that no holder will ever put is counted
 * in ->lost, for the audit (amdgpu_userq_audit.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emu/lib/kmalloc.h"
#include "amdgpu_priv.h"
#include "amdgpu_seq64.h"
#include "amdgpu_userq_priv.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "emu/profile.h"
#include "emu/fs/tracefs.h"

static void userq_fence_release(struct emu_fence *f);
static uint64_t userq_fence_hang_detect_ns(struct emu_fence *f);
static void userq_fence_hang_detected(struct emu_fence *f);

/* amdgpu_userq_fence_ops */
static const struct emu_fence_ops userq_fence_ops = {
	.driver_name = "amdgpu_userq_fence",
	.release = userq_fence_release,
	.timer_ns = userq_fence_hang_detect_ns,
	.timer_fire = userq_fence_hang_detected,
};

struct amdgpu_userq_fence *to_amdgpu_userq_fence(struct emu_fence *f)
{
	emu_lockdep_assert_held();

	if (!f || f->ops != &userq_fence_ops)
		return NULL;
	return emu_container_of(f, struct amdgpu_userq_fence, base);
}

unsigned int amdgpu_userq_fences_live(void)
{
	emu_lockdep_assert_held();

	return emu_dev.userq.fences_live;
}

/* --- fence drivers ------------------------------------------------------- */

int amdgpu_userq_fence_driver_alloc(struct amdgpu_userq_fence_driver **out)
{
	struct amdgpu_userq_fence_driver *drv;
	int r;

	emu_lockdep_assert_held();
	emu_tracefs_kprobe_hit("amdgpu_userq_fence_driver_alloc");
	*out = NULL;
	drv = emu_kcalloc(1, sizeof(*drv));
	if (!drv)
		return -ENOMEM;
	/* amdgpu_seq64_alloc: the lowest free slot, -ENOSPC when full */
	r = amdgpu_seq64_alloc(&drv->slot, &drv->va);
	if (r) {
		emu_kfree(drv);
		return r;
	}
	/* memset(cpu_addr, 0), kref_init: the queue's reference */
	drv->rptr = 0;
	drv->hang_detect_ns = EMU_TIME_INFINITE;
	drv->refs = 1;
	drv->context = emu_fence_context_alloc(1);
	emu_list_init(&drv->fences);
	emu_list_add_tail(&drv->link, &emu_dev.userq.fence_drivers);
	*out = drv;
	return 0;
}

void amdgpu_userq_fence_driver_get(struct amdgpu_userq_fence_driver *drv)
{
	emu_lockdep_assert_held();

	emu_tracefs_kprobe_hit("amdgpu_userq_fence_driver_get");
	drv->refs++;
}

/* amdgpu_userq_fence_driver_destroy: the kref release. */
static void fence_driver_destroy(struct amdgpu_userq_fence_driver *drv)
{
	struct amdgpu_userq_fence *f, *tmp;

	emu_tracefs_kprobe_hit("amdgpu_userq_fence_driver_destroy");
	/* Pending fences are cancelled. (They hold references on drv, so
	 * none can be left here; kept as the kernel has it.) */
	emu_list_for_each_entry_safe(f, tmp, &drv->fences, link) {
		if (!emu_fence_is_signaled(&f->base)) {
			f->base.error = -ECANCELED;
			emu_fence_signal(&f->base);
		}
		emu_list_del(&f->link);
		f->pending = false;
		emu_fence_put(&f->base);
	}
	amdgpu_seq64_free(drv->va);
	emu_list_del(&drv->link);
	emu_kfree(drv);
}

void amdgpu_userq_fence_driver_put(struct amdgpu_userq_fence_driver *drv)
{
	emu_lockdep_assert_held();

	emu_tracefs_kprobe_hit("amdgpu_userq_fence_driver_put");
	if (!drv)
		return;
	if (EMU_WARN_ON(!drv->refs)) /* put without references */
		return;
	if (--drv->refs == 0)
		fence_driver_destroy(drv);
}

/* amdgpu_userq_walk_and_drop_fence_drv */
static void walk_and_drop_fence_drv(struct amdgpu_usermode_queue *queue)
{
	unsigned int i;

	for (i = 0; i < queue->fence_drv_xa_count; i++)
		amdgpu_userq_fence_driver_put(queue->fence_drv_xa[i]);
	queue->fence_drv_xa_count = 0;
	emu_kfree(queue->fence_drv_xa);
	queue->fence_drv_xa = NULL;
	queue->fence_drv_xa_cap = 0;
}

void amdgpu_userq_fence_driver_free(struct amdgpu_usermode_queue *queue)
{
	struct amdgpu_userq_fence_driver *drv = queue->fence_drv;

	emu_lockdep_assert_held();
	emu_tracefs_kprobe_hit("amdgpu_userq_fence_driver_free");
	if (emu_active_profile()->fix_teardown_last_fence) {
		/* 8e051e38a8d4 (and 48c33af0b62d): last_fence is put here */
		emu_fence_put(queue->last_fence);
	} else if (queue->last_fence) {
		/* before 8e051e38a8d4: the queue is kfree()d with it */
		amdgpu_userq_fence_lose_ref(queue->last_fence);
	}
	queue->last_fence = NULL;
	walk_and_drop_fence_drv(queue);
	/* 48c33af0b62d: the queue's own reference, fence_drv = NULL */
	queue->fence_drv = NULL;
	if (drv) {
		drv->queue_freed = true;
		amdgpu_userq_fence_driver_put(drv);
	}
}

/* --- fences -------------------------------------------------------------- */

/* The array's references will never be put: count them as lost. */
static void fence_drv_array_lose(struct amdgpu_userq_fence *f)
{
	unsigned int i;

	if (!f->array_held)
		return;
	for (i = 0; i < f->fence_drv_array_count; i++)
		f->fence_drv_array[i]->lost++;
	f->array_held = false;
}

/* amdgpu_userq_fence_put_fence_drv_array */
static void fence_drv_array_put(struct amdgpu_userq_fence *f)
{
	unsigned int i;

	if (!f->array_held)
		return;
	for (i = 0; i < f->fence_drv_array_count; i++)
		amdgpu_userq_fence_driver_put(f->fence_drv_array[i]);
	f->fence_drv_array_count = 0;
	f->array_held = false;
}

/* amdgpu_userq_fence_free (the RCU callback of the fence's release) */
static void userq_fence_release(struct emu_fence *base)
{
	struct amdgpu_userq_fence *f = to_amdgpu_userq_fence(base);

	amdgpu_userq_fence_driver_put(f->fence_drv);
	/* kvfree(fence_drv_array): the entries are not put */
	fence_drv_array_lose(f);
	emu_kfree(f->fence_drv_array);
	emu_list_del(&f->all);
	if (!EMU_WARN_ON(!emu_dev.userq.fences_live))
		emu_dev.userq.fences_live--;
	emu_kfree(f);
}

static void fence_driver_process(struct amdgpu_userq_fence_driver *drv);

/*
 * amdgpu_userq_start_hang_detect_work (7.3 per-queue reset): a fence that
 * is not signalled at creation arms the queue's delayed work with the
 * IP's lockup timeout; queue_delayed_work leaves an armed one alone.
 * Without GPU progress nothing cancels it, so it fires.
 */
static void start_hang_detect(struct amdgpu_userq_fence_driver *drv)
{
	if (!emu_active_profile()->userq_per_queue_reset ||
	    drv->hang_detect_ns != EMU_TIME_INFINITE)
		return;
	drv->hang_detect_ns = emu_now_ns() + amdgpu_lockup_timeout_ns();
}

static uint64_t userq_fence_hang_detect_ns(struct emu_fence *f)
{
	struct amdgpu_userq_fence *uf = to_amdgpu_userq_fence(f);

	return uf && uf->pending ? uf->fence_drv->hang_detect_ns :
				   EMU_TIME_INFINITE;
}

/*
 * amdgpu_userq_hang_detect_work with per-queue reset (MES resets the
 * queue; Navi 31 supports AMDGPU_RESET_TYPE_PER_QUEUE): gpu_reset_counter
 * goes up and amdgpu_userq_fence_driver_force_completion() sets -ECANCELED
 * on the last fence, writes its seqno to the slot and processes the
 * driver, which signals every pending fence up to it.
 */
static void userq_fence_hang_detected(struct emu_fence *f)
{
	struct amdgpu_userq_fence_driver *drv =
		to_amdgpu_userq_fence(f)->fence_drv;
	struct amdgpu_userq_fence *last;

	drv->hang_detect_ns = EMU_TIME_INFINITE;
	if (emu_list_empty(&drv->fences))
		return;
	last = emu_list_last_entry(&drv->fences, struct amdgpu_userq_fence,
				   link);
	emu_log("amdgpu: user queue hang detected (fence context %llu); "
		"per-queue reset, fences up to %llu force-completed with "
		"-ECANCELED",
		(unsigned long long)drv->context,
		(unsigned long long)last->base.seqno);
	emu_dev.sched.gpu_reset_counter++;
	last->base.error = -ECANCELED;
	if (drv->rptr < last->base.seqno)
		drv->rptr = last->base.seqno;
	fence_driver_process(drv);
}

/* amdgpu_userq_fence_driver_process: signal every pending fence whose
 * seqno the slot has reached, and put their fence_drv_array references.
 * The GPU never advances a slot here; only a 7.3 per-queue reset does. */
static void fence_driver_process(struct amdgpu_userq_fence_driver *drv)
{
	struct amdgpu_userq_fence *f, *tmp;
	struct emu_list done;

	emu_tracefs_kprobe_hit("amdgpu_userq_fence_driver_process");
	if (!drv)
		return;
	/* dd88d42d9ca0: cut the completed prefix, then signal and put */
	emu_list_init(&done);
	emu_list_for_each_entry_safe(f, tmp, &drv->fences, link) {
		if (drv->rptr < f->base.seqno)
			break;
		emu_list_move_tail(&f->link, &done);
	}
	emu_list_for_each_entry_safe(f, tmp, &done, link) {
		emu_list_del(&f->link);
		f->pending = false;
		emu_fence_signal(&f->base);
		fence_drv_array_put(f);
		emu_fence_put(&f->base);
	}
}

int amdgpu_userq_fence_create(struct amdgpu_usermode_queue *queue, uint64_t seq,
			      struct emu_fence **fence)
{
	struct amdgpu_userq_fence_driver *drv = queue->fence_drv;
	struct amdgpu_userq_fence *f;
	unsigned int i;

	emu_lockdep_assert_held();
	/* amdgpu_userq_fence_create: no fence driver -> -EINVAL */
	if (!drv)
		return -EINVAL;
	/* amdgpu_userq_fence_alloc: kmem_cache_alloc -> -ENOMEM */
	f = emu_kcalloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	emu_fence_init(&f->base, &userq_fence_ops, drv->context, seq);
	f->fence_drv = drv;
	amdgpu_userq_fence_driver_get(drv);
	emu_list_init(&f->link);
	emu_list_add_tail(&f->all, &emu_dev.userq.fences);
	emu_dev.userq.fences_live++;

	/* Every fence_drv_xa entry moves into the fence's array. If the
	 * array cannot be allocated, the entries stay in the xarray. */
	if (queue->fence_drv_xa_count) {
		f->fence_drv_array = emu_kcalloc(queue->fence_drv_xa_count,
						 sizeof(*f->fence_drv_array));
		if (f->fence_drv_array) {
			for (i = 0; i < queue->fence_drv_xa_count; i++)
				f->fence_drv_array[i] = queue->fence_drv_xa[i];
			f->fence_drv_array_count = queue->fence_drv_xa_count;
			f->array_held = true;
			queue->fence_drv_xa_count = 0;
		}
	}

	/* amdgpu_userq_fence_signaled: *cpu_addr >= seqno. Pending fences
	 * go on the driver's list, which holds a reference. */
	if (drv->rptr >= seq) {
		emu_fence_signal(&f->base);
		if (emu_active_profile()->fix_signalled_fence_refs)
			/* dd88d42d9ca0: amdgpu_userq_fence_init drops them */
			fence_drv_array_put(f);
		else
			/* before dd88d42d9ca0: never processed, never put */
			fence_drv_array_lose(f);
	} else {
		f->pending = true;
		emu_list_add_tail(&f->link, &drv->fences);
		emu_fence_get(&f->base);
		start_hang_detect(drv);
	}
	*fence = &f->base;
	return 0;
}

void amdgpu_userq_fence_lose_ref(struct emu_fence *f)
{
	struct amdgpu_userq_fence *uf = to_amdgpu_userq_fence(f);
	struct amdgpu_userq_dev *uq = &emu_dev.userq;
	struct emu_fence **grown;

	emu_lockdep_assert_held();
	if (!f)
		return;
	if (uf) {
		uf->lost++;
		return;
	}
	if (uq->lost_foreign_count == uq->lost_foreign_cap) {
		size_t cap = uq->lost_foreign_cap ? uq->lost_foreign_cap * 2 :
						    16;

		grown = realloc(uq->lost_foreign, cap * sizeof(*grown));
		if (!grown) {
			emu_log("userq: out of memory tracking a leaked fence");
			return;
		}
		uq->lost_foreign = grown;
		uq->lost_foreign_cap = cap;
	}
	uq->lost_foreign[uq->lost_foreign_count++] = f;
}
