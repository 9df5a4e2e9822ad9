/* SPDX-License-Identifier: MIT */
/*
 * User-mode queues as the commands use them: the queue-creation recipe of
 * IGT and Mesa (userq.md §6) for GFX, COMPUTE and SDMA, and the teardown in
 * the kernel's order (the queue is freed before any BO it uses).
 *
 * Per queue: a 64 KiB ring, the wptr and the rptr each at offset 0 of its
 * own one-page BO, and the IP's firmware areas (GFX shadow and CSA, COMPUTE
 * EOP, SDMA CSA) sized from AMDGPU_INFO_UQ_FW_AREAS, else from DEV_INFO.
 * All are GTT BOs mapped R/W/X uncached, with every page-table update
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

/* One DOORBELL-domain page shared by the queues of a DRM file; each queue
 * takes its own slot, at an IP-specific place (doorbell_offset() in
 * userq.c). */
struct uq_doorbell {
	struct uq_bo bo;
};

/**
 * uq_doorbell_create - allocate the doorbell page (not mapped in the GPU
 * VM, never written: the queues never run).
 * Returns 0 or -errno (recorded in @errs).
 */
int uq_doorbell_create(struct uq_vm *vm, struct uq_doorbell *db,
		       struct uq_errors *errs);
/* Free it, after every queue that uses it; a failed GEM_CLOSE is recorded
 * in @errs. A zeroed struct is fine. */
void uq_doorbell_destroy(struct uq_vm *vm, struct uq_doorbell *db,
			 struct uq_errors *errs);

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
 * @slot: the queue's doorbell slot, from 0 in the IP's range of the page
 *        (-ERANGE past it; GFX has 115).
 * @q: the queue; zeroed here.
 *
 * Returns 0 or -errno, the failing step recorded in @errs (for the USERQ
 * ioctl itself with where "AMDGPU_USERQ(CREATE)"); on failure nothing is
 * left allocated.
 */
int uq_queue_create(struct uq_vm *vm, struct uq_doorbell *db, unsigned int ip,
		    unsigned int slot, struct uq_queue *q,
		    struct uq_errors *errs);

/**
 * uq_queue_destroy - free the queue, then unmap and free its BOs. If the
 * FREE fails the BOs are kept (the kernel frees the queue before them when
 * the DRM file is closed). A zeroed or never created queue is fine.
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
