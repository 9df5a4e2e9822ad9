/* SPDX-License-Identifier: MIT */
/*
 * The user-queue creation recipe of userq.md §6 for the conformance tests,
 * and thin raw-ioctl wrappers around USERQ, USERQ_SIGNAL and USERQ_WAIT.
 *
 * Recipe: a 64 KiB GTT ring; rptr and wptr each at offset 0 of their own
 * 4 KiB GTT BO; the IP's MQD areas (GFX shadow and CSA sized from
 * DEV_INFO, a 4 KiB COMPUTE EOP, a 4 KiB SDMA CSA); a one-page
 * DOORBELL-domain BO, not VA-mapped. Every other BO is mapped R/W/X at
 * its own VA through GEM_VA with a timeline out-fence, and the last point
 * is waited for before CREATE.
 */
#ifndef UQ_TESTS_USERQ_RECIPE_H
#define UQ_TESTS_USERQ_RECIPE_H

#include <stdbool.h>
#include <stdint.h>

#include "uapi/amdgpu_info.h"
#include "uapi/amdgpu_userq.h"

#define UQ_ENOTSUPP 524
#define UQ_RING_SIZE (64ull << 10)
#define UQ_PAGE 4096ull

/* The SKIP reason of a test that needs user queues, on a profile without
 * them; the gate such a kernel has is asserted by one test of its own. */
#define UQ_NEEDS_USERQ                    \
	"no user queues on this profile " \
	"(rule50_no_userq_enotsupp tests its -ENOTSUPP gate)"

struct uq_recipe {
	int fd;
	uint32_t ip;
	uint32_t ring, rptr, wptr, area0, area1, doorbell; /* BO handles */
	uint64_t ring_va, rptr_va, wptr_va, area0_va, area1_va;
	struct uapi_amdgpu_userq_mqd_gfx11 gfx;
	struct uapi_amdgpu_userq_mqd_compute_gfx11 compute;
	struct uapi_amdgpu_userq_mqd_sdma_gfx11 sdma;
	union uapi_amdgpu_userq args; /* a valid CREATE */
	volatile uint64_t *wptr_cpu; /* the wptr BO, CPU-mapped */
};

/* AMDGPU_INFO_DEV_INFO that must succeed. */
void uq_dev_info(int fd, struct uapi_amdgpu_info_device *d);
/* Allocate and map everything for one queue of ip on fd; args ready. */
void uq_recipe_init(struct uq_recipe *r, int fd, uint32_t ip);
/* A BO of size bytes mapped at a fresh VA (timeline waited); its VA. */
uint64_t uq_map_bo(int fd, uint32_t handle, uint64_t size);
/* The next unused VA of this process's recipes (all files). */
uint64_t uq_next_va(uint64_t size);

/* DRM_IOCTL_AMDGPU_USERQ with args as given: 0 or -errno. */
int uq_ioctl(int fd, union uapi_amdgpu_userq *args);
/* CREATE from the recipe's args: 0 and *qid, or -errno. */
int uq_create(struct uq_recipe *r, uint32_t *qid);
/* CREATE that must succeed (or, without user queues, fail as it must). */
uint32_t uq_create_ok(struct uq_recipe *r);
int uq_free(int fd, uint32_t qid);

/* USERQ_SIGNAL of qid into syncobjs (and BOs). */
int uq_signal(int fd, uint32_t qid, const uint32_t *syncobjs,
	      unsigned int nsyncobjs);
int uq_signal_bos(int fd, uint32_t qid, const uint32_t *syncobjs,
		  unsigned int nsyncobjs, const uint32_t *read,
		  unsigned int nread, const uint32_t *write,
		  unsigned int nwrite);
/* USERQ_WAIT on binary syncobjs: count mode when out is NULL. *num in:
 * capacity, out: what the kernel wrote. */
int uq_wait(int fd, uint32_t waitq, const uint32_t *syncobjs,
	    unsigned int nsyncobjs, struct uapi_amdgpu_userq_fence_info *out,
	    uint16_t *num);
int uq_wait_raw(int fd, struct uapi_amdgpu_userq_wait *w);

/* The seq64 slot index of a fence_info VA (SPEC §6). */
static inline uint32_t uq_slot_of(uint64_t va)
{
	return (uint32_t)((va & 0x1fffff) >> 3);
}

/*
 * The seq64 probe of userq.md §11.1 on a new file: create P, SIGNAL P->S,
 * WAIT (count, fill) on P, FREE P, destroy S. The lowest free slot.
 */
uint32_t uq_probe_slot(void);

/* SYNCOBJ_DESTROY */
int uq_syncobj_destroy(int fd, uint32_t handle);
/* The whole content of a file (NUL-terminated): its length, or -errno. */
long uq_read_file(const char *path, char *buf, size_t size);
/* write(2) of a string to path, opened O_WRONLY|O_APPEND: 0 or -errno. */
int uq_write_file(const char *path, const char *text);

#endif
