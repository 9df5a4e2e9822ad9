// SPDX-License-Identifier: MIT
/*
 * The device's seq64 slot pool (amdgpu_seq64.c): a bitmap of 262144 slots,
 * lowest free first. See amdgpu_seq64.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "amdgpu_seq64.h"
#include "emu/fs/tracefs.h"
#include "uapi/amdgpu_gem_va.h"
#include "uapi/amdgpu_userq.h"

#define SEQ64_SLOTS UAPI_AMDGPU_MAX_SEQ64_SLOTS
#define SEQ64_WORDS (SEQ64_SLOTS / 64)

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

static uint64_t seq64_used[SEQ64_WORDS];
static unsigned int seq64_nused;
/* No free slot below this word: keeps find_first_zero_bit cheap when
 * thousands of slots stay taken (leaked fence drivers). */
static unsigned int seq64_hint;

int amdgpu_seq64_alloc(uint32_t *slot, uint64_t *va)
{
	unsigned int w, bit;

	emu_tracefs_kprobe_hit("amdgpu_seq64_alloc");
	/* amdgpu_seq64_alloc: find_first_zero_bit, -ENOSPC when full */
	for (w = seq64_hint; w < SEQ64_WORDS; w++)
		if (seq64_used[w] != UINT64_MAX)
			break;
	seq64_hint = w;
	if (w == SEQ64_WORDS)
		return -ENOSPC;
	bit = (unsigned int)__builtin_ctzll(~seq64_used[w]);
	seq64_used[w] |= 1ull << bit;
	seq64_nused++;
	*slot = w * 64 + bit;
	*va = SEQ64_VA_BASE + 8ull * *slot;
	return 0;
}

void amdgpu_seq64_free(uint64_t va)
{
	uint64_t slot = (va - SEQ64_VA_BASE) / 8;

	emu_tracefs_kprobe_hit("amdgpu_seq64_free");
	/* amdgpu_seq64_free: a VA outside the pool is ignored */
	if (slot >= SEQ64_SLOTS ||
	    !(seq64_used[slot / 64] & (1ull << (slot % 64))))
		return;
	seq64_used[slot / 64] &= ~(1ull << (slot % 64));
	seq64_nused--;
	if (slot / 64 < seq64_hint)
		seq64_hint = (unsigned int)(slot / 64);
}

unsigned int amdgpu_seq64_used(void)
{
	return seq64_nused;
}
