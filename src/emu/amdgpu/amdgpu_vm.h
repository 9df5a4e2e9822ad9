/* SPDX-License-Identifier: MIT */
/*
 * The per-file GPU VM (amdgpu_vm.c): bo_va per (BO, VM) plus the file's
 * PRT bo_va, the mappings of the address space, the freed list, and the
 * page-table (SDMA) jobs that write PTEs.
 *
 * A mapping is "valid" once its PTEs were written (bo_va->valids) and
 * "invalid" before that (bo_va->invalids, e.g. after a DELAY_UPDATE map).
 * Removing a valid mapping puts it on vm->freed; the next
 * amdgpu_vm_clear_freed() queues one PT job per freed mapping, which
 * implicitly syncs to every unfinished fence in the VM root reservation
 * (amdgpu_sync_resv with AMDGPU_SYNC_EQ_OWNER). Removing an invalid mapping
 * frees it at once, without any job.
 *
 * Page-table jobs are job fences of USERQ_EMU_SDMA_US each, in submission
 * order on the VM's "delayed" scheduler entity: every job also depends on
 * the job queued before it (an entity runs its jobs in FIFO order).
 *
 * All functions need the device lock.
 */
#ifndef UQ_EMU_AMDGPU_VM_H
#define UQ_EMU_AMDGPU_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu/lib/list.h"

struct emu_fence;
struct amdgpu_bo;

struct amdgpu_bo_va_mapping {
	struct emu_list list; /* bo_va valids/invalids, or vm->freed */
	uint64_t start, last; /* GPU pages, inclusive */
	uint64_t offset; /* bytes into the BO */
	uint32_t flags; /* AMDGPU_VM_* of the GEM_VA request */
	struct amdgpu_bo_va *bo_va; /* NULL once removed from the VM */
	bool valid; /* on bo_va->valids: PTEs written */
	/* Set when freed (NV2, amdgpu_vm_update_ctx_add_freed_mapping): a
	 * PRT mapping or one of a VM_ALWAYS_VALID BO, whose clear may skip
	 * implicit sync under AMDGPU_VM_EXPLICIT_SYNC. */
	bool explicit_ok;
};

struct amdgpu_bo_va {
	struct amdgpu_vm *vm;
	struct amdgpu_bo *bo; /* NULL for the PRT bo_va */
	struct amdgpu_bo_va *bo_next; /* next bo_va of the same BO */
	struct emu_list vm_link; /* vm->bo_vas */
	unsigned int ref_count; /* GEM handles of the BO in this file */
	struct emu_list valids, invalids;
	struct emu_fence *last_pt_update;
	/* 6f3c8a5fe6 (6.19): a userq CREATE validated a VA of this bo_va
	 * (amdgpu_userq_va.c); its UNMAP then waits on the eviction fence. */
	bool userq_va_mapped;
};

struct amdgpu_vm {
	uint64_t id; /* device-wide, from 1 */
	uint64_t context; /* fence context of the delayed entity */
	uint64_t seqno;
	/* The address space: mappings sorted by start (non-overlapping). */
	struct amdgpu_bo_va_mapping **va;
	size_t nva, va_cap;
	struct emu_list freed;
	struct emu_list bo_vas;
	/* Fences in the root PD reservation that implicit sync waits for
	 * (KERNEL/WRITE/READ usage, owner this VM or undefined). */
	struct emu_fence **resv;
	unsigned int nresv, resv_cap;
	struct emu_fence *last_update; /* vm->last_update */
	struct emu_fence *last_job; /* newest job on the delayed entity */
};

/*
 * What one GEM_VA (or GEM close) syncs its page-table jobs to, besides the
 * entity order (NV1's struct amdgpu_vm_update_ctx, reduced).
 */
struct amdgpu_vm_sync {
	struct emu_fence *const *deps; /* NV1: input syncobj fences */
	unsigned int ndeps;
	bool explicit_sync; /* NV2: AMDGPU_VM_EXPLICIT_SYNC was given */
};

/* amdgpu_vm_init / amdgpu_vm_fini: 0 or -ENOMEM. */
int amdgpu_vm_init(struct amdgpu_vm *vm);
void amdgpu_vm_fini(struct amdgpu_vm *vm);

/* amdgpu_vm_bo_add: a bo_va with ref_count 1 (bo NULL: the PRT bo_va). */
struct amdgpu_bo_va *amdgpu_vm_bo_add(struct amdgpu_vm *vm,
				      struct amdgpu_bo *bo);
struct amdgpu_bo_va *amdgpu_vm_bo_find(struct amdgpu_vm *vm,
				       struct amdgpu_bo *bo);
/* amdgpu_vm_bo_del: valid mappings go to vm->freed, invalid ones are
 * freed; the bo_va is freed. */
void amdgpu_vm_bo_del(struct amdgpu_bo_va *bo_va);

/* GEM_VA operations on the mapping tree; 0 or -errno. */
int amdgpu_vm_bo_map(struct amdgpu_bo_va *bo_va, uint64_t saddr,
		     uint64_t offset, uint64_t size, uint32_t flags);
int amdgpu_vm_bo_replace_map(struct amdgpu_bo_va *bo_va, uint64_t saddr,
			     uint64_t offset, uint64_t size, uint32_t flags);
int amdgpu_vm_bo_unmap(struct amdgpu_bo_va *bo_va, uint64_t saddr);
int amdgpu_vm_bo_clear_mappings(struct amdgpu_vm *vm, uint64_t saddr,
				uint64_t size);

/*
 * amdgpu_vm_clear_freed: one PT job per freed mapping. *fence (if fence is
 * not NULL and something was freed) gets a reference to the last job and
 * is left alone otherwise. sync may be NULL (implicit sync, no extra
 * dependencies).
 */
int amdgpu_vm_clear_freed(struct amdgpu_vm *vm,
			  const struct amdgpu_vm_sync *sync,
			  struct emu_fence **fence);
/* amdgpu_vm_bo_update(clear = false): write the PTEs of every invalid
 * mapping of bo_va in one job; updates bo_va->last_pt_update, or
 * vm->last_update for a VM_ALWAYS_VALID BO. */
int amdgpu_vm_bo_update(struct amdgpu_bo_va *bo_va,
			const struct amdgpu_vm_sync *sync);

/*
 * A fence in the VM root reservation (a kernel CS of this VM adds its
 * gang-leader fence with DMA_RESV_USAGE_WRITE, amdgpu_cs_submit): implicit
 * sync of later unmaps waits for it. Takes its own reference; signalled
 * fences are pruned.
 */
void amdgpu_vm_add_resv_fence(struct amdgpu_vm *vm, struct emu_fence *f);

/* amdgpu_vm_bo_lookup_mapping: the mapping containing GPU page pfn. */
struct amdgpu_bo_va_mapping *amdgpu_vm_bo_lookup_mapping(struct amdgpu_vm *vm,
							 uint64_t pfn);
/* Mappings in the address space (BO and PRT), for the audit. */
size_t amdgpu_vm_mapping_count(const struct amdgpu_vm *vm);

#endif
