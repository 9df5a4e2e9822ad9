/* SPDX-License-Identifier: MIT */
/*
 * User-mode queues as the commands use them: the queue-creation recipe of
 * IGT and Mesa (userq.md §6) for GFX, COMPUTE and SDMA, and the teardown in
 * the kernel's order (the queue is freed before any BO it uses; with
 * several queues, every queue before any BO: uq_queue_release()).
 *
 * Per queue: a 64 KiB ring, the wptr and the rptr each at offset 0 of its
 * own one-page BO, and the IP's firmware areas (GFX shadow and CSA, COMPUTE
 * EOP, SDMA CSA) sized and aligned (BO and GPU VA) as
 * AMDGPU_INFO_UQ_FW_AREAS, else DEV_INFO, asks. Each queue rings a doorbell
 * inside its engine's window (uq_doorbell_slot()). All are GTT BOs mapped R/W/X uncached, with every page-table update
 * waited for before the queue is created (bo.c). The wptr stays 0 and no
 * doorbell is ever rung: the queues never run, and every fence they
 * signal is signalled at creation.
 */
#ifndef UQ_SRC_USERQ_H
#define UQ_SRC_USERQ_H

#include <stdbool.h>
#include <stdint.h>

#include "bo.h"
#include "report/errors.h"

struct uq_device;

/*
 * The doorbells of a DRM file's queues: DOORBELL-domain pages, each shared
 * by up to one window of queues per IP (uq_doorbell_slot()). Page 0 is
 * allocated by uq_doorbell_create(), the others by uq_queue_create() when
 * a slot lies past the windows of the pages so far.
 */
#define UQ_DOORBELL_MAX_PAGES 16

struct uq_doorbell {
	struct uq_bo page[UQ_DOORBELL_MAX_PAGES];
	unsigned int npages;
};

/**
 * uq_doorbell_create - allocate the first doorbell page (not mapped in the
 * GPU VM, never written: the queues never run).
 * Returns 0 or -errno (recorded in @errs).
 */
int uq_doorbell_create(struct uq_vm *vm, struct uq_doorbell *db,
		       struct uq_errors *errs);
/* Free every page, after every queue that uses one; a failed GEM_CLOSE is
 * recorded in @errs. A zeroed struct is fine. */
void uq_doorbell_destroy(struct uq_vm *vm, struct uq_doorbell *db,
			 struct uq_errors *errs);

/*
 * Doorbell windows of a 4 KiB doorbell page, in qwords (the unit of
 * doorbell_offset; releases.md §6, AMDGPU_NAVI10_DOORBELL_ASSIGNMENT): the
 * slots the CP and the SDMA engines listen to for user queues.
 */
#define UQ_DB_COMPUTE_FIRST 0x0du /* ..0x8a: CP_MEC_DOORBELL_RANGE */
#define UQ_DB_COMPUTE_LAST 0x8au
#define UQ_DB_GFX_FIRST 0x8du /* ..0xff: CP_RB_DOORBELL_RANGE */
#define UQ_DB_GFX_LAST 0xffu
#define UQ_DB_SDMA_FIRST 0x100u /* 10 qwords per SDMA engine */
#define UQ_DB_SDMA_PER_ENGINE 10u

/**
 * uq_doorbell_slot - where queue slot @slot of @ip rings: page @slot /
 * window, at qword @offset of the IP's window in that page.
 * @sdma_engines: SDMA instances (the SDMA window is 10 qwords each).
 * Returns 0, or -ERANGE for an IP without a window or a slot past
 * UQ_DOORBELL_MAX_PAGES pages.
 */
int uq_doorbell_slot(unsigned int ip, unsigned int sdma_engines,
		     unsigned int slot, unsigned int *page, uint32_t *offset);

/* SDMA instances of @dev: HW_IP_COUNT of DMA (adev->sdma.num_instances),
 * 1 if the kernel did not answer (engine 0's window exists everywhere). */
unsigned int uq_sdma_engines(const struct uq_device *dev);

/* One firmware area of a queue's MQD, as the kernel asks for it. */
struct uq_area {
	const char *what;
	uint32_t size, alignment;
};

/**
 * uq_queue_areas - the MQD areas of an @ip queue (GFX shadow and CSA,
 * COMPUTE EOP, SDMA CSA) with the size and alignment from
 * AMDGPU_INFO_UQ_FW_AREAS where the kernel answered, else DEV_INFO (GFX
 * shadow and CSA, which IGT also uses for the SDMA CSA), else the kernel's
 * minimum. Returns how many (1 or 2) were written to @a.
 */
unsigned int uq_queue_areas(const struct uq_device *dev, unsigned int ip,
			    struct uq_area *a);

#define UQ_QUEUE_AREAS 2

struct uq_queue {
	unsigned int ip; /* AMDGPU_HW_IP_GFX, _COMPUTE or _DMA */
	uint32_t id; /* 0 until created */
	uint32_t doorbell_offset;
	struct uq_bo ring, wptr, rptr;
	struct uq_bo area[UQ_QUEUE_AREAS]; /* shadow+CSA, EOP, or CSA */
};

/**
 * uq_queue_create - allocate and map the queue's BOs, then create it.
 * @vm: the DRM file's VM timeline (every map is waited for).
 * @db: the doorbell page.
 * @ip: AMDGPU_HW_IP_GFX, _COMPUTE or _DMA.
 * @slot: the queue's doorbell slot among the file's queues of @ip, from 0
 *        (uq_doorbell_slot(); a new doorbell page is allocated when the
 *        slot is past the windows of the pages so far).
 * @q: the queue; zeroed here.
 *
 * Returns 0 or -errno, the failing step recorded in @errs (for the USERQ
 * ioctl itself with where "AMDGPU_USERQ(CREATE)"); on failure nothing is
 * left allocated.
 */
int uq_queue_create(struct uq_vm *vm, struct uq_doorbell *db, unsigned int ip,
		    unsigned int slot, struct uq_queue *q,
		    struct uq_errors *errs);

/* The cost of a teardown: FREE ioctls and GEM_VA UNMAP ioctls, apart. */
struct uq_teardown {
	unsigned int queues; /* FREEs that succeeded */
	unsigned int unmaps; /* GEM_VA UNMAPs that succeeded */
	uint64_t free_ns; /* time in those FREEs */
	uint64_t unmap_ns; /* time in those UNMAPs (the unmap wait of 6.19+) */
};

/**
 * uq_queue_free - AMDGPU_USERQ FREE of the queue, if it was created; its
 * BOs stay. The time is added to @td (may be NULL).
 * Returns 0 or the FREE's -errno (recorded in @errs, may be NULL).
 */
int uq_queue_free(struct uq_vm *vm, struct uq_queue *q, struct uq_teardown *td,
		  struct uq_errors *errs);

/**
 * uq_queue_release - unmap and free the BOs of a freed (or never created)
 * queue; the UNMAP time is added to @td (may be NULL). Does nothing while
 * the queue still exists (a failed FREE leaves its BOs to the kernel's
 * cleanup at close).
 *
 * Kernels from 6.19 (6f3c8a5fe6) make the UNMAP of a BO that backed a
 * user queue wait on the file's eviction fence, which evicts and restores
 * every other queue of the file; from 7.1 (b6a28b77b88e) even after that
 * queue is freed. A file with several queues is therefore torn down by
 * freeing all of them first, then releasing their BOs.
 */
void uq_queue_release(struct uq_vm *vm, struct uq_queue *q,
		      struct uq_teardown *td, struct uq_errors *errs);

/**
 * uq_queue_destroy - uq_queue_free() then uq_queue_release(), for a file's
 * only queue. A zeroed or never created queue is fine.
 * Returns 0 or the FREE's -errno (recorded in @errs).
 */
int uq_queue_destroy(struct uq_vm *vm, struct uq_queue *q,
		     struct uq_errors *errs);

/**
 * uq_userq_missing - does @ret (-errno) from a USERQ ioctl mean that the
 * kernel has no user queues (as opposed to a failure)? -ENOTSUPP (524)
 * since b6dff005fcf3; -EINVAL from a kernel older than KMS 3.64 (6.16).
 */
bool uq_userq_missing(const struct uq_device *dev, int ret);

#endif
