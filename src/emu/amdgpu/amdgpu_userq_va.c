// SPDX-License-Identifier: MIT
/*
 * The userq VA marks and the GEM_VA unmap wait (releases.md §5.1): the
 * part of amdgpu_userq.c that "validate userq va for GEM unmap"
 * (6f3c8a5fe6, 6.19) added, with the eviction it causes
 * (amdgpu_eviction_fence.c, amdgpu_userq_evict and the resume work).
 *
 * CREATE marks the bo_va of every VA it validates (bo_va->userq_va_mapped).
 * 6.19/7.0 clear the marks when the queue is destroyed, through the VAs the
 * queue remembers, so that FREE of one queue also clears a bo_va it shares
 * with another; from b6a28b77b88e (7.1) a mark stays for the bo_va's life.
 * Only AMDGPU_VA_OP_UNMAP looks at it. Every BO of the file carries the
 * file's eviction fence in its BOOKKEEP slot, so waiting for those fences
 * starts an eviction: each live queue's last fence is waited for, every
 * queue of the file is unmapped from the MES, the fence signals, and the
 * resume work maps the queues again. The ioctl's result never changes.
 *
 * The emulator counts each eviction and restore (emu_dev.userq, shown by
 * the USERQ_EMU_REPORT audit) and charges each MES queue operation one
 * firmware round trip of USERQ_EMU_SDMA_US: a MES REMOVE_QUEUE or
 * ADD_QUEUE is a packet on the MES ring answered by a fence write, the same
 * kind of round trip the emulator charges a page-table job, and no public
 * measurement of the MES calls exists to prefer another figure. The
 * eviction's time is spent in the UNMAP ioctl (it waits for the eviction
 * fence); the restore runs in the resume work, off the ioctl, and is only
 * accounted.
 */
#include <stddef.h>

#include "amdgpu_priv.h"
#include "amdgpu_trace.h"
#include "amdgpu_userq.h"
#include "amdgpu_userq_priv.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "emu/profile.h"

void amdgpu_userq_va_mark(struct amdgpu_usermode_queue *queue,
			  struct amdgpu_bo_va_mapping *m, uint64_t addr)
{
	emu_lockdep_assert_held();

	if (!emu_active_profile()->gem_va_unmap_userq_wait)
		return;
	/* a PRT mapping has no BO: prt_va is never marked */
	if (!m || !m->bo_va || !m->bo_va->bo)
		return;
	m->bo_va->userq_va_mapped = true;
	if (!EMU_WARN_ON(queue->userq_va_count >= AMDGPU_USERQ_MAX_VAS))
		queue->userq_va[queue->userq_va_count++] = addr;
}

void amdgpu_userq_va_marks_cleanup(struct amdgpu_usermode_queue *queue,
				   struct amdgpu_vm *vm)
{
	unsigned int i;

	emu_lockdep_assert_held();

	/* b6a28b77b88e "userq_va_mapped should remain true once done" */
	if (emu_active_profile()->userq_va_mark_sticky) {
		queue->userq_va_count = 0;
		return;
	}
	for (i = 0; i < queue->userq_va_count; i++) {
		struct amdgpu_bo_va_mapping *m = amdgpu_vm_bo_lookup_mapping(
			vm, queue->userq_va[i] >> 12);

		/* a VA unmapped before the queue went has nothing to clear */
		if (m && m->bo_va)
			m->bo_va->userq_va_mapped = false;
	}
	queue->userq_va_count = 0;
}

/* Sleep, with the device lock dropped, until @ns have passed. */
static void spend(uint64_t ns)
{
	uint64_t deadline = emu_now_ns() + ns;

	while (emu_now_ns() < deadline)
		emu_cond_wait_until(deadline);
}

/* amdgpu_userq_evict: wait for each queue's last fence (6.19/7.0: 100 ms,
 * then "Not evicting userqueue, timeout waiting for work" and the queue is
 * evicted anyway; newest code: dma_fence_wait(f, false)), then unmap it. */
static unsigned int userq_evict(struct amdgpu_userq_mgr *mgr)
{
	bool bounded = emu_active_profile()->userq_free_wait !=
		       EMU_FREE_WAIT_UNBOUNDED;
	struct amdgpu_usermode_queue *queue;
	unsigned int n = 0;
	uint32_t id;

	emu_idr_for_each(&mgr->queues, id, queue) {
		n++;
		amdgpu_userq_wait_last_fence(
			queue, bounded, "amdgpu: eviction",
			"Not evicting userqueue, timeout waiting for work");
		/* amdgpu_userq_preempt_helper */
		trace_amdgpu_userq_state_start(queue,
					       AMDGPU_USERQ_STATE_MAPPED);
		trace_amdgpu_userq_state_changed(queue,
						 AMDGPU_USERQ_STATE_PREEMPTED);
	}
	return n;
}

/* The resume work: amdgpu_userq_restore_helper maps every queue again. */
static void userq_restore(struct amdgpu_userq_mgr *mgr)
{
	struct amdgpu_usermode_queue *queue;
	uint32_t id;

	emu_idr_for_each(&mgr->queues, id, queue) {
		trace_amdgpu_userq_state_start(queue,
					       AMDGPU_USERQ_STATE_PREEMPTED);
		trace_amdgpu_userq_state_changed(queue,
						 AMDGPU_USERQ_STATE_MAPPED);
	}
}

void amdgpu_userq_gem_va_unmap_validate(struct amdgpu_vm *vm, uint64_t saddr)
{
	struct amdgpu_fpriv *fpriv =
		(struct amdgpu_fpriv *)(void *)((char *)vm -
						offsetof(struct amdgpu_fpriv,
							 vm));
	struct amdgpu_userq_dev *uq = &emu_dev.userq;
	uint64_t op_ns = emu_dev.adev.sdma_job_ns, t0;
	unsigned int n;

	emu_lockdep_assert_held();

	/* amdgpu_userq_get_supported_ip_mask() == 0: return at once */
	if (!emu_dev.adev.dev_info.userq_ip_mask)
		return;
	/* a kernel log line (dmesg, once), not something the process
	 * sees: only with the emulator's debug output */
	if (!uq->unmap_vital_warned) {
		uq->unmap_vital_warned = true;
		emu_dbg("amdgpu: now unmapping a vital queue va:%llx",
			(unsigned long long)saddr);
	}
	/*
	 * dma_resv_wait_timeout(BOOKKEEP) on the file's eviction fence. With
	 * no live queue the eviction has nothing to unmap and costs nothing:
	 * it is not counted. The emulator's waits are never interrupted by a
	 * signal, so 6.19/7.0's "Attempt to unmap an active userq buffer"
	 * (the -EBUSY of an interrupted wait) never shows.
	 */
	if (!fpriv->userq_mgr || !fpriv->userq_mgr->queues.count)
		return;
	t0 = emu_now_ns();
	n = userq_evict(fpriv->userq_mgr);
	/* one MES REMOVE_QUEUE per queue, then the fence signals */
	spend((uint64_t)n * op_ns);
	uq->evictions++;
	uq->evict_ns += emu_now_ns() - t0;
	/* the resume work: one MES ADD_QUEUE per queue, off the ioctl */
	userq_restore(fpriv->userq_mgr);
	uq->restores++;
	emu_dbg("amdgpu: UNMAP at 0x%llx evicted and restored %u user "
		"queue(s)",
		(unsigned long long)saddr, n);
}
