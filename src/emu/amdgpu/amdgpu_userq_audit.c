// SPDX-License-Identifier: MIT
/*
 * No kernel file: the emulator's own accounting. The device-wide part of
 * the USERQ_EMU_REPORT audit for user queues: live
 * and leaked fence drivers, live userq fences, seq64 slots, kprobes.
 *
 * A fence driver is leaked when its queue is gone and nothing that could
 * still put a reference to it is alive. Every reference is accounted:
 *
 *   - the queue's own (until amdgpu_userq_fence_driver_free);
 *   - one per userq fence on it (fence->fence_drv);
 *   - one per entry parked in a live queue's fence_drv_xa;
 *   - one per entry of a pending fence's fence_drv_array (processing it
 *     would put them);
 *   - ->lost: entries no code path will ever put (the array of a fence
 *     created signalled without dd88d42d, or of a fence freed unprocessed);
 *   - anything else (a reference held by an ioctl in flight) keeps it live.
 *
 * A userq fence is live when references other than its lost ones and its
 * driver's pending list exist (a syncobj, a BO reservation, a live
 * queue's last_fence, a container fence...). Liveness then spreads: a live
 * fence keeps its driver and its still-held array entries live, a live
 * driver its pending fences. What stays dead is exactly what can never be
 * freed: the leaked fence drivers (with their seq64 slots) and fences.
 */
#include "amdgpu_seq64.h"
#include "amdgpu_userq.h"
#include "amdgpu_userq_priv.h"
#include "emu/audit.h"
#include "emu/device.h"
#include "emu/fs/tracefs.h"

static bool mark_driver(struct amdgpu_userq_fence_driver *drv)
{
	if (drv->acct_live)
		return false;
	drv->acct_live = true;
	return true;
}

static bool spread_from_fence(struct amdgpu_userq_fence *f)
{
	bool changed = mark_driver(f->fence_drv);
	unsigned int i;

	for (i = 0; f->array_held && i < f->fence_drv_array_count; i++)
		changed |= mark_driver(f->fence_drv_array[i]);
	return changed;
}

static bool spread_from_driver(struct amdgpu_userq_fence_driver *drv)
{
	struct amdgpu_userq_fence *f;
	bool changed = false;

	emu_list_for_each_entry(f, &drv->fences, link) {
		if (!f->acct_live) {
			f->acct_live = true;
			changed = true;
		}
	}
	return changed;
}

/* Known references of every driver, in acct_refs. */
static void count_known_refs(void)
{
	struct amdgpu_userq_fence_driver *drv;
	struct amdgpu_usermode_queue *q;
	struct amdgpu_userq_fence *f;
	unsigned int i;

	emu_list_for_each_entry(drv, &emu_dev.userq.fence_drivers, link) {
		drv->acct_refs = drv->lost + (drv->queue_freed ? 0 : 1);
		drv->acct_live = !drv->queue_freed;
	}
	emu_list_for_each_entry(f, &emu_dev.userq.fences, all) {
		f->fence_drv->acct_refs++;
		for (i = 0; f->array_held && i < f->fence_drv_array_count; i++)
			f->fence_drv_array[i]->acct_refs++;
		/* references besides the lost ones and the pending list */
		f->acct_live = f->base.refs > f->lost + (f->pending ? 1 : 0);
	}
	emu_list_for_each_entry(q, &emu_dev.userq.queues, link) {
		for (i = 0; i < q->fence_drv_xa_count; i++) {
			q->fence_drv_xa[i]->acct_refs++;
			q->fence_drv_xa[i]->acct_live = true;
		}
	}
	emu_list_for_each_entry(drv, &emu_dev.userq.fence_drivers, link) {
		/* a holder the accounting does not know: live */
		if (drv->refs > drv->acct_refs)
			drv->acct_live = true;
	}
}

void amdgpu_userq_audit_device(struct emu_audit *audit)
{
	struct amdgpu_userq_fence_driver *drv;
	struct amdgpu_userq_fence *f;
	unsigned int live = 0, leaked = 0;
	bool changed;

	count_known_refs();
	do {
		changed = false;
		emu_list_for_each_entry(f, &emu_dev.userq.fences, all) {
			if (f->acct_live)
				changed |= spread_from_fence(f);
		}
		emu_list_for_each_entry(drv, &emu_dev.userq.fence_drivers,
					link) {
			if (drv->acct_live)
				changed |= spread_from_driver(drv);
		}
	} while (changed);

	emu_list_for_each_entry(drv, &emu_dev.userq.fence_drivers, link) {
		live++;
		if (!drv->acct_live)
			leaked++;
	}
	audit->fence_drv_live = live;
	audit->fence_drv_leaked = leaked;
	audit->fences_live = amdgpu_userq_fences_live();
	audit->seq64_slots_used = amdgpu_seq64_used();
	audit->kprobes = emu_tracefs_kprobe_count();
	/* amdgpu_userq_va.c: GEM_VA unmap evictions so far */
	audit->userq_evictions = emu_dev.userq.evictions;
	audit->userq_restores = emu_dev.userq.restores;
	audit->userq_evict_ns = (unsigned long)emu_dev.userq.evict_ns;
}
