/* SPDX-License-Identifier: MIT */
/*
 * Kernel command submission: contexts (DRM_IOCTL_AMDGPU_CTX), CS, WAIT_CS
 * and WAIT_FENCES, run by the emulated command processor.
 *
 * Files, after the kernel's: amdgpu_ctx.c contexts and their scheduler
 * entities; amdgpu_cs.c the CS ioctl, its chunks and the waits;
 * amdgpu_bo_list.c BO lists; amdgpu_job.c jobs; sched_main.c the GPU
 * scheduler (drm_sched), rings, job timeout and the engine thread;
 * hw/cp.c the PM4 command processor.
 */
#ifndef UQ_EMU_AMDGPU_CTX_H
#define UQ_EMU_AMDGPU_CTX_H

#include <stdint.h>

#include "emu/drm/gpu_scheduler.h"
#include "emu/drm/drm_file.h"
#include "emu/lib/idr.h"

struct emu_audit;
struct emu_fence;

int amdgpu_ctx_ioctl(struct emu_file *file, void *data);
int amdgpu_cs_ioctl(struct emu_file *file, void *data);
int amdgpu_cs_wait_ioctl(struct emu_file *file, void *data);
int amdgpu_cs_wait_fences_ioctl(struct emu_file *file, void *data);

/* amdgpu_ctx_mgr_init / _fini (the latter from postclose). */
int amdgpu_ctx_mgr_init(struct emu_file *file);
void amdgpu_ctx_mgr_fini(struct emu_file *file);

void amdgpu_ctx_audit_file(struct emu_file *file, struct emu_audit *audit);

/* --- for the CS ioctl (amdgpu_cs.c) ----------------------------------- */

/* amdgpu_sched_jobs (default 32): fences a context keeps per entity */
#define AMDGPU_CTX_SCHED_JOBS 32u

/* struct amdgpu_ctx_entity */
struct amdgpu_ctx_entity {
	struct amdgpu_sched_entity entity;
	uint64_t sequence; /* the next CS handle, from 1 */
	struct emu_fence *fences[AMDGPU_CTX_SCHED_JOBS];
};

struct amdgpu_ctx;

/* amdgpu_ctx_get: a new reference, NULL for an unknown id. */
struct amdgpu_ctx *amdgpu_ctx_get(struct emu_file *file, uint32_t id);
/* amdgpu_ctx_put: the last reference flushes and frees the context (may
 * sleep with the device lock released). */
void amdgpu_ctx_put(struct amdgpu_ctx *ctx);
/* amdgpu_ctx_get_entity: -EINVAL for an unknown IP, an instance other
 * than 0 or a ring beyond amdgpu_ctx_num_entities; -ENOMEM. */
int amdgpu_ctx_get_entity(struct amdgpu_ctx *ctx, uint32_t hw_ip,
			  uint32_t instance, uint32_t ring,
			  struct amdgpu_ctx_entity **entity);
/* amdgpu_ctx_add_fence: remember the job's fence; returns its handle. */
uint64_t amdgpu_ctx_add_fence(struct amdgpu_ctx_entity *centity,
			      struct emu_fence *fence);
/*
 * amdgpu_ctx_get_fence: 0 with *fence a new reference, or NULL when the
 * handle is too old to be kept (it has signalled long ago); -EINVAL for a
 * handle not submitted yet. Handle ~0 is the latest.
 */
int amdgpu_ctx_get_fence(struct amdgpu_ctx_entity *centity, uint64_t seq,
			 struct emu_fence **fence);
/* The fence a new CS must wait for before taking a slot
 * (amdgpu_ctx_wait_prev_fence), or NULL. Borrowed. */
struct emu_fence *amdgpu_ctx_prev_fence(struct amdgpu_ctx_entity *centity);

/* fpriv->bo_list_handles (BO lists, amdgpu_bo_list.c) of a file */
struct emu_idr *amdgpu_ctx_mgr_bo_lists(struct emu_file *file);

#endif
