/* SPDX-License-Identifier: MIT */
/*
 * Id allocator with the kernel idr's allocation rule (idr_alloc(): the
 * lowest free id in [start, end)). A flat pointer array is enough: the ids
 * handed out by one DRM file stay small, and a lowest-first scan is what
 * makes freed GEM handles, syncobj handles and queue ids come back first.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "idr.h"

/* idr ids are non-negative ints (idr_alloc() returns int). */
#define IDR_MAX_ID ((uint32_t)INT_MAX)

void emu_idr_init(struct emu_idr *idr)
{
	memset(idr, 0, sizeof(*idr));
}

void emu_idr_fini(struct emu_idr *idr)
{
	free(idr->slots);
	memset(idr, 0, sizeof(*idr));
}

static int idr_grow(struct emu_idr *idr, uint32_t id)
{
	uint32_t cap = idr->cap ? idr->cap : 16;
	void **slots;

	while (cap <= id)
		cap = cap > IDR_MAX_ID / 2 ? IDR_MAX_ID + 1u : cap * 2;
	slots = realloc(idr->slots, (size_t)cap * sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	memset(slots + idr->cap, 0, (size_t)(cap - idr->cap) * sizeof(*slots));
	idr->slots = slots;
	idr->cap = cap;
	return 0;
}

int emu_idr_alloc(struct emu_idr *idr, void *ptr, uint32_t start, uint32_t end)
{
	uint32_t id, limit;
	int ret;

	/* end 0 means "no limit" (the kernel's end <= 0). */
	limit = end == 0 || end > IDR_MAX_ID ? IDR_MAX_ID + 1u : end;
	if (!ptr || start >= limit)
		return start >= limit ? -ENOSPC : -EINVAL;

	for (id = start; id < limit && id < idr->cap; id++)
		if (!idr->slots[id])
			break;
	if (id >= limit)
		return -ENOSPC;
	if (id >= idr->cap) {
		ret = idr_grow(idr, id);
		if (ret)
			return ret;
	}
	idr->slots[id] = ptr;
	idr->count++;
	return (int)id;
}

void *emu_idr_find(const struct emu_idr *idr, uint32_t id)
{
	return id < idr->cap ? idr->slots[id] : NULL;
}

void *emu_idr_remove(struct emu_idr *idr, uint32_t id)
{
	void *p = emu_idr_find(idr, id);

	if (p) {
		idr->slots[id] = NULL;
		idr->count--;
	}
	return p;
}

void *emu_idr_next(const struct emu_idr *idr, uint32_t *id)
{
	for (uint32_t i = *id; i < idr->cap; i++) {
		if (idr->slots[i]) {
			*id = i;
			return idr->slots[i];
		}
	}
	return NULL;
}
