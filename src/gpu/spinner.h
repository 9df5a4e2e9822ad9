/* SPDX-License-Identifier: MIT */
/*
 * The busy-VM spinner (gem-va-prt.md §7 step 3): a kernel CS in the
 * measuring DRM file (so in its VM) whose IB is one PM4 WAIT_REG_MEM that
 * polls a flag dword in a CPU-visible GTT BO until the CPU writes the
 * release value. While it runs, its job fence sits in the VM root
 * reservation (amdgpu_cs_submit adds it with DMA_RESV_USAGE_WRITE), so an
 * implicitly synced unmap's page-table job waits for it.
 *
 * Each submission waits for a new sequence value (WAIT_REG_MEM function
 * ">=" against a reference that grows per submission), so a late or early
 * release of one submission can never release the next one before its
 * time. The release comes from a uq_release_timer thread at an absolute
 * deadline, or at once from uq_spinner_release().
 *
 * The job's fence is never handed to GEM_VA as an input syncobj: the
 * kernel would wait for it inside the ioctl (gem-va-prt.md §7 cautions).
 */
#ifndef UQ_SRC_SPINNER_H
#define UQ_SRC_SPINNER_H

#include <stdbool.h>
#include <stdint.h>

#include <amdgpu.h>

#include "bo.h"
#include "report/errors.h"
#include "release_timer.h"

struct uq_device;

struct uq_spinner {
	struct uq_vm *vm;
	uint32_t ip; /* AMDGPU_HW_IP_GFX or _COMPUTE */
	uint32_t ring;
	amdgpu_context_handle ctx;
	struct uq_bo flag; /* the dword the IB polls, at offset 0 */
	struct uq_bo ib;
	uint32_t ib_bytes;
	uint32_t *ref; /* REFERENCE dword of the WAIT_REG_MEM in the IB */
	uint32_t bo_list;
	uint32_t fence; /* binary syncobj: the last submission's job fence */
	uint32_t seq; /* value the current submission waits for */
	bool in_flight; /* submitted, its fence not seen signalled yet */
	struct uq_release_timer timer;
};

/**
 * uq_spinner_ring - the IP the spinner uses on @dev: @want (AMDGPU_HW_IP_GFX
 * or AMDGPU_HW_IP_COMPUTE) if its ring 0 exists; for @want -1, GFX ring 0
 * when the device has one, else compute ring 0.
 * Returns 0 with *@ip set, or -ENODEV.
 */
int uq_spinner_ring(const struct uq_device *dev, int want, uint32_t *ip);

/**
 * uq_spinner_create - context, flag and IB BOs (mapped in @vm, page-table
 * updates waited for), BO list, fence syncobj and release thread.
 * @want: the IP, as for uq_spinner_ring().
 * Returns 0 or -errno; on failure the step is recorded in @errs and nothing
 * is left allocated.
 */
int uq_spinner_create(struct uq_vm *vm, int want, struct uq_spinner *sp,
		      struct uq_errors *errs);

/**
 * uq_spinner_submit - submit the spinning CS for the next sequence value.
 * The previous submission must have been waited for.
 * Returns 0 or -errno (recorded in @errs).
 */
int uq_spinner_submit(struct uq_spinner *sp, struct uq_errors *errs);

/**
 * uq_spinner_release_at - release the current submission at @deadline_ns
 * (CLOCK_MONOTONIC), from the release thread. If the timer cannot be armed,
 * the spinner is released at once and -errno returned (recorded in @errs).
 */
int uq_spinner_release_at(struct uq_spinner *sp, uint64_t deadline_ns,
			  struct uq_errors *errs);

/* uq_spinner_release - release the current submission now. */
void uq_spinner_release(struct uq_spinner *sp);

/**
 * uq_spinner_wait - wait for the current submission's job fence, at most
 * @timeout_ns. Nothing to do if none is in flight.
 * Returns 0, -ETIME (the CS did not finish: GPU hung?) or -errno, recorded
 * in @errs.
 */
int uq_spinner_wait(struct uq_spinner *sp, uint64_t timeout_ns,
		    struct uq_errors *errs);

/**
 * uq_spinner_destroy - release and wait for any submission in flight (with a
 * timeout), stop the release thread, then free everything in reverse order.
 * Errors go to @errs (may be NULL). A zeroed struct is fine.
 */
void uq_spinner_destroy(struct uq_spinner *sp, struct uq_errors *errs);

#endif
