// SPDX-License-Identifier: MIT
/*
 * The device's seq64 slot pool (amdgpu_seq64.c): a bitmap of 262144 slots,
 * lowest free first. See amdgpu_seq64.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "amdgpu_seq64.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "emu/fs/tracefs.h"
#include "uapi/amdgpu_gem_va.h"
#include "uapi/amdgpu_userq.h"

#define SEQ64_SLOTS UAPI_AMDGPU_MAX_SEQ64_SLOTS
#define SEQ64_WORDS AMDGPU_SEQ64_WORDS

/*
 * AMDGPU_VA_RESERVED_SEQ64_START on a 48-bit VM (max_pfn << 12 = 2^48):
 * top - CSA (2 MiB) - seq64 (2 MiB), then amdgpu_gmc_sign_extend().
 */
#define SEQ64_VA_TOP (1ull << 48)
#define SEQ64_VA_BASE                                       \
	((SEQ64_VA_TOP - UAPI_AMDGPU_VA_RESERVED_CSA_SIZE - \
	  UAPI_AMDGPU_VA_RESERVED_SEQ64_SIZE) |             \
	 ~UAPI_AMDGPU_GMC_HOLE_MASK)

_Static_assert(SEQ64_VA_BASE == 0xffffffffffc00000ull, "seq64 base VA");
_Static_assert(SEQ64_SLOTS == 262144, "AMDGPU_MAX_SEQ64_SLOTS");

_Static_assert(SEQ64_SLOTS % 64 == 0, "whole bitmap words");

int amdgpu_seq64_alloc(uint32_t *slot, uint64_t *va)
{
	struct amdgpu_seq64 *pool = &emu_dev.seq64;
	unsigned int w, bit;

	emu_lockdep_assert_held();
	emu_tracefs_kprobe_hit("amdgpu_seq64_alloc");
	/* amdgpu_seq64_alloc: find_first_zero_bit, -ENOSPC when full */
	for (w = pool->hint; w < SEQ64_WORDS; w++)
		if (pool->used[w] != UINT64_MAX)
			break;
	pool->hint = w;
	if (w == SEQ64_WORDS)
		return -ENOSPC;
	bit = (unsigned int)__builtin_ctzll(~pool->used[w]);
	pool->used[w] |= 1ull << bit;
	pool->nused++;
	*slot = w * 64 + bit;
	*va = SEQ64_VA_BASE + 8ull * *slot;
	return 0;
}

void amdgpu_seq64_free(uint64_t va)
{
	struct amdgpu_seq64 *pool = &emu_dev.seq64;
	uint64_t slot = (va - SEQ64_VA_BASE) / 8;

	emu_lockdep_assert_held();
	emu_tracefs_kprobe_hit("amdgpu_seq64_free");
	/* amdgpu_seq64_free: a VA outside the pool is ignored */
	if (slot >= SEQ64_SLOTS)
		return;
	/* A free slot freed again: no fence driver owned it. */
	if (EMU_WARN_ON(!(pool->used[slot / 64] & (1ull << (slot % 64)))))
		return;
	pool->used[slot / 64] &= ~(1ull << (slot % 64));
	pool->nused--;
	if (slot / 64 < pool->hint)
		pool->hint = (unsigned int)(slot / 64);
}

unsigned int amdgpu_seq64_used(void)
{
	emu_lockdep_assert_held();

	return emu_dev.seq64.nused;
}
