/* SPDX-License-Identifier: MIT */
/*
 * lib/kstrtox.c: what kstrtoul_from_user() accepts from a write(2) to a
 * kernel file (tracefs enable, buffer_size_kb, ...): one unsigned number
 * in @base (0: 0x for hex, 0 for octal), then at most one newline; no
 * leading blank, no sign, nothing else.
 */
#ifndef UQ_EMU_LIB_KSTRTOX_H
#define UQ_EMU_LIB_KSTRTOX_H

#include <stddef.h>

/* 0, or -EINVAL (bad text, or more than 31 bytes) / -ERANGE. */
int emu_kstrtoul_user(const char *buf, size_t len, unsigned int base,
		      unsigned long *val);

#endif
