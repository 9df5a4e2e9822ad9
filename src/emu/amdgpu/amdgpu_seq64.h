/* SPDX-License-Identifier: MIT */
/*
 * The seq64 pool (amdgpu_seq64.c): AMDGPU_VA_RESERVED_SEQ64_SIZE (2 MiB)
 * of u64 slots per device, 262144 of them, mapped read-only into every VM
 * just below the CSA area at the top of the address space. The only user
 * is the userq fence driver: one slot each, for its whole life.
 *
 * All functions need the device lock.
 */
#ifndef UQ_EMU_AMDGPU_SEQ64_H
#define UQ_EMU_AMDGPU_SEQ64_H

#include <stdint.h>

#include "uapi/amdgpu_userq.h"

#define AMDGPU_SEQ64_WORDS (UAPI_AMDGPU_MAX_SEQ64_SLOTS / 64)

/* adev->seq64: emu_dev.seq64, owned by amdgpu_seq64.c. */
struct amdgpu_seq64 {
	uint64_t used[AMDGPU_SEQ64_WORDS]; /* the slot bitmap */
	unsigned int nused;
	/* No free slot below this word: keeps find_first_zero_bit cheap
	 * when thousands of slots stay taken (leaked fence drivers). */
	unsigned int hint;
};

/*
 * amdgpu_seq64_alloc: the lowest free slot (find_first_zero_bit) and its
 * sign-extended GPU VA, 0xffffffffffc00000 + 8 * slot on a 48-bit VM, so
 * that (va & 0x1fffff) >> 3 == slot. -ENOSPC when all slots are taken.
 */
int amdgpu_seq64_alloc(uint32_t *slot, uint64_t *va);
/* amdgpu_seq64_free: by VA, as the kernel does; out-of-range is ignored. */
void amdgpu_seq64_free(uint64_t va);
/* Slots in use (for the audit). */
unsigned int amdgpu_seq64_used(void);

#endif
