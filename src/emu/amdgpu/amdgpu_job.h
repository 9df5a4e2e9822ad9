/* SPDX-License-Identifier: MIT */
/*
 * A kernel CS job (struct amdgpu_job + struct drm_sched_job): the IBs one
 * CS ioctl submits to one scheduler entity, the two fences the scheduler
 * hands out for it (drm_sched_fence: scheduled and finished), what it
 * waits for, and the part of the GPU VM the command processor sees while
 * it runs.
 *
 * The VM view is taken when the job is submitted: every mapping of the
 * file's VM whose PTEs are written, each holding a reference on its BO.
 * That is what the hardware sees for the whole job in the kernel too:
 * removing a mapping only clears its PTEs in a page-table job that
 * implicitly syncs to this job's fence (amdgpu_vm_clear_freed), and the
 * command processor reads the BO through its kmap without the device lock.
 *
 * All functions need the device lock.
 */
#ifndef UQ_EMU_AMDGPU_JOB_H
#define UQ_EMU_AMDGPU_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu/dma-buf/dma-fence.h"
#include "emu/lib/list.h"

struct amdgpu_vm;
struct amdgpu_hw_ring;
struct amdgpu_sched_entity;
struct emu_gem_object;

/* struct amdgpu_ib, as amdgpu_cs_p2_ib fills it. */
struct amdgpu_cs_ib {
	uint64_t va; /* chunk_ib->va_start */
	uint32_t length_dw; /* chunk_ib->ib_bytes / 4 */
	uint32_t flags; /* AMDGPU_IB_FLAG_* */
};

/* Where the CP fetches in one IB level: a kernel IB or what it chained
 * to (level 0), or an IB it called (level 1, the hardware's IB2). */
struct amdgpu_cp_ib_pos {
	uint64_t va;
	uint32_t length_dw;
	uint32_t dw; /* the next packet */
};

/* One valid mapping of the VM as the job sees it (GPU pages, inclusive). */
struct amdgpu_cp_map {
	uint64_t start, last;
	uint64_t offset; /* bytes into the BO */
	struct emu_gem_object *bo; /* a reference; NULL for a PRT mapping */
};

/*
 * struct drm_sched_fence: "scheduled" signals when the job is handed to
 * the hardware ring, "finished" when it completed (with an error if it
 * failed). One allocation; "finished" holds a reference on "scheduled",
 * and the allocation is freed with "scheduled".
 */
struct amdgpu_sched_fence {
	struct emu_fence scheduled;
	struct emu_fence finished;
};

struct amdgpu_job {
	/* scheduler bookkeeping (sched_main.c) */
	struct amdgpu_sched_entity *entity; /* until popped */
	struct amdgpu_hw_ring *ring;
	struct amdgpu_job *queue_next; /* the entity's queue, then the ring's */
	struct emu_list sub_link; /* not popped, in submission order */
	struct amdgpu_sched_fence *s_fence;
	struct emu_fence **deps; /* drm_sched_job_add_dependency */
	unsigned int ndeps, deps_cap;
	uint64_t timeout_ns; /* EMU_TIME_INFINITE: never times out */
	bool started;
	uint64_t start_ns;

	/* struct amdgpu_job */
	struct amdgpu_cs_ib *ibs;
	unsigned int num_ibs;
	struct emu_gem_object *uf_bo; /* user fence BO (FENCE chunk) or NULL */
	uint64_t uf_offset;
	uint64_t uf_sequence;

	/* the command processor (hw/cp.c): position and VM view */
	unsigned int ib; /* the kernel IB being run */
	bool ib_loaded; /* cp_pos[0] holds ibs[ib] or what it chained to */
	unsigned int cp_level; /* 0 or 1: inside a called IB */
	struct amdgpu_cp_ib_pos cp_pos[2];
	struct amdgpu_cp_map *maps;
	size_t nmaps;
	bool fault_logged;
};

/* amdgpu_job_alloc: a job for num_ibs IBs (num_ibs > 0), or NULL. */
struct amdgpu_job *amdgpu_job_alloc(unsigned int num_ibs);
/* drm_sched_job_add_dependency: takes its own reference; signalled and
 * NULL fences are skipped. 0 or -ENOMEM. */
int amdgpu_job_add_dep(struct amdgpu_job *job, struct emu_fence *fence);
/* Drop the dependencies that have signalled. Returns the completion time
 * of the first one that has not (EMU_TIME_INFINITE if unknown), or 0 when
 * all have signalled. */
uint64_t amdgpu_job_deps_pending(struct amdgpu_job *job);
/* The VM view (see above); 0 or -ENOMEM. */
int amdgpu_job_snapshot_vm(struct amdgpu_job *job, struct amdgpu_vm *vm);
/* amdgpu_job_free: drops every reference the job holds. */
void amdgpu_job_free(struct amdgpu_job *job);

#endif
