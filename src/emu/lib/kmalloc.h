/* SPDX-License-Identifier: MIT */
/*
 * kmalloc/kfree for the emulator's hot paths (kmalloc.c): small blocks
 * come back from a per-thread free list, so that a steady ioctl loop does
 * not call malloc.
 */
#ifndef UQ_EMU_LIB_KMALLOC_H
#define UQ_EMU_LIB_KMALLOC_H

#include <stddef.h>

void *emu_kmalloc(size_t size);
void *emu_kzalloc(size_t size);
/* kcalloc(): NULL on overflow of n * size */
void *emu_kcalloc(size_t n, size_t size);
/* Any block from malloc, calloc, realloc or the above; NULL is fine. */
void emu_kfree(void *p);

#endif
