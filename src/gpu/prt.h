/* SPDX-License-Identifier: MIT */
/*
 * PRT (sparse) ranges for the unmap benchmark (gem-va-prt.md §5): N
 * adjacent ranges of one size in a VA region from libdrm's VA manager,
 * mapped as PRT (handle 0, no DELAY_UPDATE, so the PTEs are written and the
 * mappings become valid) and removed again with one GEM_VA per range:
 *
 *	unmap    UNMAP | PRT at the range start (§5.2)
 *	clear    CLEAR over the range, flags 0 (§5.3)
 *	replace  REPLACE | PRT with handle 0: the range goes back to PRT, as
 *	         RADV's sparse unbind (§5.4, §5.5); it stays mapped
 *
 * Every operation exports its page-table update to the next point of the
 * VM timeline (uq_vm_va_op). Teardown clears the whole region, whatever
 * state an error left it in.
 */
#ifndef UQ_SRC_PRT_H
#define UQ_SRC_PRT_H

#include <stdbool.h>
#include <stdint.h>

#include <amdgpu.h>

#include "bo.h"
#include "report/errors.h"

enum uq_prt_op {
	UQ_PRT_UNMAP,
	UQ_PRT_CLEAR,
	UQ_PRT_REPLACE,
};

/* "unmap", "clear", "replace". */
const char *uq_prt_op_name(enum uq_prt_op op);

struct uq_prt {
	struct uq_vm *vm;
	amdgpu_va_handle va_range;
	uint64_t va; /* start of range 0 */
	uint64_t size; /* bytes per range */
	unsigned int n; /* ranges, adjacent */
	bool mapped; /* some range may be mapped: teardown clears */
};

/**
 * uq_prt_create - reserve a VA region for @n ranges of @size bytes (a
 * multiple of 4 KiB), aligned to the largest power of two dividing @size,
 * at most 2 MiB (so 2 MiB ranges can use 2 MiB PTE fragments).
 * Returns 0 or -errno (recorded in @errs).
 */
int uq_prt_create(struct uq_vm *vm, uint64_t size, unsigned int n,
		  struct uq_prt *p, struct uq_errors *errs);

/**
 * uq_prt_map - MAP | PRT every range (no DELAY_UPDATE).
 * @point: the timeline point of the last range's update; waiting for it
 *         covers all of them (timeline points signal in order).
 * Returns 0 or -errno (recorded in @errs).
 */
int uq_prt_map(struct uq_prt *p, uint64_t *point, struct uq_errors *errs);

/**
 * uq_prt_op - @op on every range, one GEM_VA per range, with @flags added
 * (AMDGPU_VM_EXPLICIT_SYNC or 0).
 * @point: the timeline point of the last range's update.
 * Returns 0 or -errno (recorded in @errs, naming the operation and range).
 */
int uq_prt_op(struct uq_prt *p, enum uq_prt_op op, uint32_t flags,
	      uint64_t *point, struct uq_errors *errs);

/**
 * uq_prt_destroy - CLEAR the whole region if anything may be mapped, wait
 * for that update, and give the VA region back. Errors go to @errs (may be
 * NULL). A zeroed struct is fine.
 */
void uq_prt_destroy(struct uq_prt *p, struct uq_errors *errs);

#endif
