/* SPDX-License-Identifier: MIT */
/*
 * Buffer objects as the commands use them: allocated in a domain, mapped
 * for the CPU when asked, and mapped into the file's GPU VM at an address
 * from libdrm's VA manager, with the page-table update waited for through
 * a VM timeline syncobj (gem-va-prt.md §6.4), so that a user queue or a CS
 * never runs ahead of its mappings. Teardown undoes each step in reverse.
 */
#ifndef UQ_SRC_BO_H
#define UQ_SRC_BO_H

#include <stdbool.h>
#include <stdint.h>

#include <amdgpu.h>

#include "report/errors.h"

struct uq_device;

/* Default wait for a page-table update: far longer than any real one. */
#define UQ_VM_WAIT_TIMEOUT_NS (5ull * 1000000000ull)

/* The VM timeline of a DRM file: one syncobj, strictly increasing points. */
struct uq_vm {
	struct uq_device *dev;
	uint32_t timeline; /* syncobj handle */
	uint64_t point; /* last point requested */
};

/**
 * uq_vm_init - create the VM timeline syncobj.
 * Returns 0 or -errno (recorded in @errs as SYNCOBJ_CREATE).
 */
int uq_vm_init(struct uq_vm *vm, struct uq_device *dev, struct uq_errors *errs);
/* Destroy the VM timeline; a failure is recorded in @errs. Returns 0 or
 * -errno. */
int uq_vm_fini(struct uq_vm *vm, struct uq_errors *errs);

/**
 * uq_syncobj_destroy - DRM_IOCTL_SYNCOBJ_DESTROY of @handle, @what it is
 * for the message. A teardown failure is never ignored: it is recorded in
 * @errs (the run then exits 2). Returns 0 or -errno.
 */
int uq_syncobj_destroy(struct uq_device *dev, uint32_t handle, const char *what,
		       struct uq_errors *errs);

/**
 * uq_vm_wait - wait for @point of the timeline (WAIT_ALL|WAIT_FOR_SUBMIT)
 * until @timeout_ns from now.
 * Returns 0, -ETIME on timeout, or -errno (recorded in @errs).
 */
int uq_vm_wait(struct uq_vm *vm, uint64_t point, uint64_t timeout_ns,
	       struct uq_errors *errs);

/**
 * uq_vm_va_op - one GEM_VA with its page-table update exported to the next
 * timeline point, which is returned in *@point (0 with DELAY_UPDATE, which
 * exports nothing). The caller decides whether and when to wait.
 * Returns 0 or -errno (recorded in @errs as GEM_VA when @errs is not NULL).
 */
int uq_vm_va_op(struct uq_vm *vm, uint32_t handle, uint32_t operation,
		uint32_t flags, uint64_t va, uint64_t size, uint64_t *point,
		struct uq_errors *errs);

struct uq_bo_desc {
	uint64_t size; /* rounded up to 4 KiB */
	/* of the BO and of its GPU VA: uq_va_alignment() (0: 4 KiB) */
	uint64_t alignment;
	uint32_t domain; /* AMDGPU_GEM_DOMAIN_GTT, _VRAM, _DOORBELL */
	uint64_t flags; /* AMDGPU_GEM_CREATE_* */
	bool cpu_map; /* mmap it for the CPU */
	uint32_t va_flags; /* 0: not mapped in the GPU VM; else AMDGPU_VM_PAGE_* */
	const char *what; /* for messages: "wptr", "ring", "IB"... */
};

struct uq_bo {
	uint32_t handle; /* GEM handle, 0 if none */
	uint64_t size;
	void *cpu; /* CPU mapping, or NULL */
	amdgpu_va_handle va_range;
	uint64_t va; /* GPU address, 0 if not mapped */
	uint32_t va_flags;
	const char *what;
};

/**
 * uq_bo_create - allocate, CPU-map and GPU-map a BO as @desc says, and
 * wait for the mapping's page-table update.
 * Returns 0 or -errno; on failure nothing is left allocated and the step
 * is recorded in @errs.
 */
int uq_bo_create(struct uq_vm *vm, const struct uq_bo_desc *desc,
		 struct uq_bo *bo, struct uq_errors *errs);

/*
 * uq_va_alignment - the alignment a BO and its GPU VA get for an @alignment
 * the kernel asked for (UQ_FW_AREAS, DEV_INFO): at least a GPU page, and a
 * power of two (libdrm's VA manager aligns by masking), rounded up.
 */
uint64_t uq_va_alignment(uint64_t alignment);

/**
 * uq_bo_destroy - unmap from the GPU VM (waiting for the update, so that
 * the BO is idle before it is freed), free the VA range, unmap for the
 * CPU, free. Errors are recorded in @errs (may be NULL); teardown goes on.
 * A zeroed struct uq_bo is fine.
 */
void uq_bo_destroy(struct uq_vm *vm, struct uq_bo *bo, struct uq_errors *errs);
/* uq_bo_destroy, and whether a GEM_VA UNMAP succeeded, with the time its
 * ioctl took in *@unmap_ns (the page-table wait after it not included). */
bool uq_bo_destroy_timed(struct uq_vm *vm, struct uq_bo *bo,
			 struct uq_errors *errs, uint64_t *unmap_ns);

#endif
