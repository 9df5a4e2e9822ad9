/* SPDX-License-Identifier: MIT */
/* User-memory copies without a system call per copy (uaccess.c). */
#ifndef UQ_EMU_UACCESS_H
#define UQ_EMU_UACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copy n bytes between local and the user address uptr (write: to the
 * user); 0 or -EFAULT, as copy_{to,from}_user() fail. */
int emu_uaccess_copy(bool write, void *local, uint64_t uptr, size_t n);

/* The mappings may have lost access (munmap, mremap, mprotect, a fixed
 * mmap): re-read them before the next copy trusts the table. */
void emu_uaccess_invalidate(void);

/* In the child of fork(), from emu_getpid()'s fork handler. */
void emu_uaccess_atfork_child(void);

#endif
