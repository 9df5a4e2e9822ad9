/* SPDX-License-Identifier: MIT */
/*
 * User-mode queue internals shared by the userq files of the emulator:
 * queues and their manager (amdgpu_userq.c), fence drivers and userq
 * fences (amdgpu_userq_fence.c), SIGNAL and WAIT, and the per-BO
 * reservation the userq fences are published in (amdgpu_userq_resv.c).
 *
 * Every function here needs the device lock.
 */
#ifndef UQ_EMU_AMDGPU_USERQ_PRIV_H
#define UQ_EMU_AMDGPU_USERQ_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "emu/drm/drm_file.h"
#include "emu/dma-buf/dma-fence.h"
#include "emu/lib/idr.h"
#include "emu/lib/list.h"

struct emu_gem_object;
struct amdgpu_bo_va_mapping;
struct amdgpu_vm;

/* ring, rptr, wptr, and at most two MQD VAs (GFX shadow and CSA) */
#define AMDGPU_USERQ_MAX_VAS 5

/*
 * struct amdgpu_userq_fence_driver: one per queue, with a seq64 slot.
 * Besides the kernel's state it keeps what the leak accounting needs: who
 * released it (queue_freed) and how many of its references were lost,
 * i.e. taken by a holder that will never put them.
 */
struct amdgpu_userq_fence_driver {
	unsigned int refs; /* kref */
	uint32_t slot;
	uint64_t va; /* sign-extended GPU VA of the slot */
	/* *cpu_addr: the slot's value. Zeroed at alloc; only the GPU writes
	 * it, and the emulator models no GPU progress, so it stays 0. */
	uint64_t rptr;
	uint64_t context; /* dma_fence_context_alloc(1) */
	/* 7.3 hang detection (amdgpu_userq_start_hang_detect_work): when
	 * the queue's delayed work fires, EMU_TIME_INFINITE when idle */
	uint64_t hang_detect_ns;
	struct emu_list fences; /* pending fences, each holding a reference */
	struct emu_list link; /* device list of fence drivers */
	bool queue_freed; /* amdgpu_userq_fence_driver_free() dropped it */
	unsigned int lost; /* references that will never be put */
	/* scratch for the leak accounting (amdgpu_userq_audit.c) */
	unsigned int acct_refs;
	bool acct_live;
};

/* struct amdgpu_userq_fence */
struct amdgpu_userq_fence {
	struct emu_fence base;
	struct amdgpu_userq_fence_driver *fence_drv; /* holds a reference */
	/* fence_drv_xa entries moved in at creation */
	struct amdgpu_userq_fence_driver **fence_drv_array;
	unsigned int fence_drv_array_count;
	/* The array's references are still held: put when the fence is
	 * processed. False once put, or once lost (dd88d42d). */
	bool array_held;
	bool pending; /* on fence_drv->fences */
	unsigned int lost; /* references that will never be put */
	struct emu_list link; /* fence_drv->fences */
	struct emu_list all; /* device list of userq fences */
	bool acct_live;
};

/* struct amdgpu_usermode_queue */
struct amdgpu_usermode_queue {
	unsigned int refs; /* kref: the id, plus SIGNAL/WAIT while they run */
	struct amdgpu_userq_mgr *mgr;
	struct amdgpu_vm *vm; /* the file's VM (queue->vm) */
	uint64_t client_id; /* of the file that created it (debugfs) */
	uint32_t queue_id;
	uint32_t queue_type; /* AMDGPU_HW_IP_* */
	uint32_t priority;
	uint64_t queue_va, queue_size, rptr_va, wptr_va;
	uint64_t mqd_gpu_addr; /* the kernel MQD BO (debugfs mqd_info) */
	uint64_t serial; /* device-wide, for the debugfs handler */
	struct emu_gem_object *db_obj; /* pinned doorbell BO */
	uint32_t doorbell_offset;
	bool doorbell_registered; /* in the device's doorbell table */
	struct emu_gem_object *wptr_obj; /* GART-pinned wptr BO */
	struct amdgpu_userq_fence_driver *fence_drv;
	struct emu_fence *last_fence;
	/* fence_drv_xa: references parked by WAIT */
	struct amdgpu_userq_fence_driver **fence_drv_xa;
	unsigned int fence_drv_xa_count, fence_drv_xa_cap;
	struct emu_list link; /* device list of queues */
	bool debugfs; /* its debugfs directory exists */
	/* The VAs CREATE validated, whose bo_va it marked (ring, rptr, wptr
	 * and the MQD VAs; amdgpu_userq_va.c) */
	uint64_t userq_va[AMDGPU_USERQ_MAX_VAS];
	unsigned int userq_va_count;
};

/* struct amdgpu_userq_mgr: per DRM file. */
struct amdgpu_userq_mgr {
	struct emu_file *file;
	struct emu_idr queues; /* userq_idr / userq_xa */
};

/* --- amdgpu_userq.c --- */

/* amdgpu_userq_get: the live queue with this id, with a reference. */
struct amdgpu_usermode_queue *amdgpu_userq_get(struct emu_file *file,
					       uint32_t qid);
/* amdgpu_userq_put: the last reference destroys the queue. */
void amdgpu_userq_put(struct amdgpu_usermode_queue *queue);
/*
 * Wait for @queue's last fence as FREE and the eviction do: at most
 * 100 ms when @bounded (then @timeout_msg goes to the log), else the
 * kernel's unbounded wait, which the emulator reports (@who says whose)
 * and skips: nothing would ever signal the fence.
 */
void amdgpu_userq_wait_last_fence(struct amdgpu_usermode_queue *queue,
				  bool bounded, const char *who,
				  const char *timeout_msg);
/* mqd_info of a queue by serial: -ENOENT once it is gone. */
int amdgpu_userq_mqd_info(uint64_t serial, uint32_t *queue_type,
			  uint64_t *mqd_gpu_addr);

/* --- amdgpu_userq_va.c: the userq VA marks (6f3c8a5fe6, b6a28b77b88e) --- */

/* amdgpu_userq_buffer_va_list_add: CREATE validated @addr, which lies in
 * mapping @m; with gem_va_unmap_userq_wait its bo_va is marked and the
 * address remembered by @queue. */
void amdgpu_userq_va_mark(struct amdgpu_usermode_queue *queue,
			  struct amdgpu_bo_va_mapping *m, uint64_t addr);
/* amdgpu_userq_buffer_vas_list_cleanup at queue destroy: the marks of the
 * bo_vas still mapped at the queue's VAs are cleared, unless the profile
 * keeps them (userq_va_mark_sticky). */
void amdgpu_userq_va_marks_cleanup(struct amdgpu_usermode_queue *queue,
				   struct amdgpu_vm *vm);

/* --- amdgpu_userq_fence.c --- */

/* amdgpu_userq_fence_driver_alloc: -ENOSPC (seq64 full) or -ENOMEM. */
/* b6dff005fcf3: 0, or -ENOTSUPP when no IP has user queues (per profile). */
int amdgpu_userq_gate(void);
int amdgpu_userq_fence_driver_alloc(struct amdgpu_userq_fence_driver **out);
void amdgpu_userq_fence_driver_get(struct amdgpu_userq_fence_driver *drv);
void amdgpu_userq_fence_driver_put(struct amdgpu_userq_fence_driver *drv);
/* amdgpu_userq_fence_driver_free: the queue's teardown of its fence
 * state (parked references, last_fence per profile, its own reference). */
void amdgpu_userq_fence_driver_free(struct amdgpu_usermode_queue *queue);
/* amdgpu_userq_fence_create: a new fence on the queue's driver with
 * seqno seq, taking over its fence_drv_xa. A new reference. */
int amdgpu_userq_fence_create(struct amdgpu_usermode_queue *queue, uint64_t seq,
			      struct emu_fence **fence);
/* to_amdgpu_userq_fence: NULL for any other fence. */
struct amdgpu_userq_fence *to_amdgpu_userq_fence(struct emu_fence *f);
/* A fence reference whose holder forgot it (a leak the kernel has): the
 * fence stays allocated, reachable for the emulator's bookkeeping. */
void amdgpu_userq_fence_lose_ref(struct emu_fence *f);
unsigned int amdgpu_userq_fences_live(void);

/* --- amdgpu_userq_resv.c: the userq part of each BO's dma_resv --- */

enum amdgpu_userq_resv_usage {
	USERQ_RESV_USAGE_KERNEL,
	USERQ_RESV_USAGE_WRITE,
	USERQ_RESV_USAGE_READ,
	USERQ_RESV_USAGE_BOOKKEEP,
};

/* dma_resv_reserve_fences(obj, 1): 0 or -ENOMEM. */
int amdgpu_userq_resv_reserve(struct emu_gem_object *obj);
/* dma_resv_add_fence, after a reservation: cannot fail. */
void amdgpu_userq_resv_add(struct emu_gem_object *obj, struct emu_fence *f,
			   enum amdgpu_userq_resv_usage usage);
/* dma_resv_for_each_fence(usage): every fence with usage <= usage,
 * signalled ones included. fn borrows the fence; non-zero stops. */
int amdgpu_userq_resv_for_each(struct emu_gem_object *obj,
			       enum amdgpu_userq_resv_usage usage,
			       int (*fn)(struct emu_fence *f, void *arg),
			       void *arg);

/* --- the device's user-queue state --- */

#define AMDGPU_USERQ_DB_BUCKETS 4096
#define AMDGPU_USERQ_RESV_BUCKETS 1024

struct db_entry;
struct userq_resv;

/* emu_dev.userq; each member says which file owns it. */
struct amdgpu_userq_dev {
	/* amdgpu_userq.c: every live queue (fence_drv_xa walks for the
	 * audit), the queues' device-wide serials, and the doorbell table
	 * (adev->userq_doorbell_xa) */
	struct emu_list queues;
	uint64_t last_serial;
	struct db_entry *db_table[AMDGPU_USERQ_DB_BUCKETS];
	/* amdgpu_userq_fence.c: every fence driver and userq fence alive,
	 * and the foreign fences whose reference was lost (the WAIT
	 * overflow leak), kept reachable */
	struct emu_list fence_drivers;
	struct emu_list fences;
	unsigned int fences_live;
	struct emu_fence **lost_foreign;
	size_t lost_foreign_count, lost_foreign_cap;
	/* amdgpu_userq_resv.c: the userq part of each BO's dma_resv */
	struct userq_resv *resv_table[AMDGPU_USERQ_RESV_BUCKETS];
	/* amdgpu_userq_wait.c: the "once" of the modelled kernel's
	 * WARN_ON_ONCE on the fence-info overflow */
	bool wait_overflow_warned;
	/* amdgpu_userq_va.c: the evictions that GEM_VA UNMAP of a marked
	 * VA caused, the restores that followed, the emulated time each
	 * took (ns), and the "once" of the kernel's dev_warn_once */
	unsigned long evictions, restores;
	uint64_t evict_ns;
	bool unmap_vital_warned;
};

/* Empty lists and tables (amdgpu_device_init()). */
void amdgpu_userq_dev_init(struct amdgpu_userq_dev *uq);

#endif
