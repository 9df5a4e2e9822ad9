/* SPDX-License-Identifier: MIT */
/*
 * /proc/kallsyms for the emulated amdgpu module: the userq symbols that
 * tracefs kprobes can be put on (kallsyms.c).
 */
#ifndef UQ_EMU_KALLSYMS_H
#define UQ_EMU_KALLSYMS_H

#include <stdbool.h>
#include <stdint.h>

/*
 * kallsyms_lookup_name for "SYM" or "MOD:SYM": true and *addr when the
 * symbol is one of the module's. *module_known: MOD names a loaded module
 * (always, without "MOD:").
 */
bool emu_kallsyms_lookup(const char *name, uint64_t *addr, bool *module_known);
/* The symbol at an exact address, or NULL. */
const char *emu_kallsyms_name(uint64_t addr);

#endif
