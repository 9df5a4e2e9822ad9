/* SPDX-License-Identifier: MIT */
/*
 * An id allocator like the kernel's idr with idr_alloc(idr, p, 1, 0): the
 * lowest free id >= start, so handles and queue ids are reused lowest first,
 * as GEM handles, syncobj handles and userq ids are.
 */
#ifndef UQ_EMU_IDR_H
#define UQ_EMU_IDR_H

#include <stdint.h>

struct emu_idr {
	void **slots; /* slots[id] */
	uint32_t cap;
	uint32_t count;
};

void emu_idr_init(struct emu_idr *idr);
void emu_idr_fini(struct emu_idr *idr);
/* Lowest free id in [start, end) (end 0 = no limit); -ENOSPC or -ENOMEM. */
int emu_idr_alloc(struct emu_idr *idr, void *ptr, uint32_t start, uint32_t end);
void *emu_idr_find(const struct emu_idr *idr, uint32_t id);
void *emu_idr_remove(struct emu_idr *idr, uint32_t id);
/* Next used id >= *id, stored in *id; NULL when none. */
void *emu_idr_next(const struct emu_idr *idr, uint32_t *id);

#define emu_idr_for_each(idr, id, p) \
	for ((id) = 0; ((p) = emu_idr_next((idr), &(id))) != NULL; (id)++)

#endif
