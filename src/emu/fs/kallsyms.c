// SPDX-License-Identifier: MIT
/*
 * /proc/kallsyms: the emulated amdgpu module's userq functions, in the
 * kernel's "%px %c %s\t[%s]" format, sorted by address. Global functions
 * of a module read as 'T'. Only these symbols exist; real kernel symbols
 * are not listed.
 *
 * A non-root reader of the real file gets zero addresses (kptr_restrict);
 * SPEC §5 has USERQ_EMU_UNPRIVILEGED make the read fail with EACCES
 * instead, and that is what the emulator does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/emu.h"
#include "kallsyms.h"
#include "seq_file.h"
#include "vfs.h"

#define MODULE_NAME "amdgpu"

struct ksym {
	uint64_t addr;
	const char *name;
};

/*
 * Ascending addresses inside the module's text. Each function listed here
 * calls emu_tracefs_kprobe_hit() on entry, so that a kprobe on any of them
 * counts as it would on the kernel; keep the two in step.
 */
static const struct ksym amdgpu_syms[] = {
	{ 0xffffffffc0a1a040ull, "amdgpu_seq64_alloc" },
	{ 0xffffffffc0a1a1c0ull, "amdgpu_seq64_free" },
	{ 0xffffffffc0a1b2c0ull, "amdgpu_userq_fence_driver_alloc" },
	{ 0xffffffffc0a1b4e0ull, "amdgpu_userq_fence_driver_free" },
	{ 0xffffffffc0a1b580ull, "amdgpu_userq_fence_driver_process" },
	{ 0xffffffffc0a1b6a0ull, "amdgpu_userq_fence_driver_destroy" },
	{ 0xffffffffc0a1b820ull, "amdgpu_userq_fence_driver_get" },
	{ 0xffffffffc0a1b860ull, "amdgpu_userq_fence_driver_put" },
	{ 0xffffffffc0a1c900ull, "amdgpu_userq_signal_ioctl" },
	{ 0xffffffffc0a1d140ull, "amdgpu_userq_wait_ioctl" },
	{ 0xffffffffc0a1f0a0ull, "amdgpu_userq_ioctl" },
	{ 0xffffffffc0a1f7e0ull, "amdgpu_userq_mgr_init" },
	{ 0xffffffffc0a1f8c0ull, "amdgpu_userq_mgr_fini" },
};

#define NSYMS (sizeof(amdgpu_syms) / sizeof(amdgpu_syms[0]))

bool emu_kallsyms_lookup(const char *name, uint64_t *addr, bool *module_known)
{
	const char *colon = strchr(name, ':');
	size_t i;

	*module_known = true;
	if (colon) {
		*module_known =
			(size_t)(colon - name) == strlen(MODULE_NAME) &&
			!strncmp(name, MODULE_NAME, strlen(MODULE_NAME));
		if (!*module_known)
			return false;
		name = colon + 1;
	}
	for (i = 0; i < NSYMS; i++) {
		if (!strcmp(amdgpu_syms[i].name, name)) {
			*addr = amdgpu_syms[i].addr;
			return true;
		}
	}
	return false;
}

const char *emu_kallsyms_name(uint64_t addr)
{
	size_t i;

	for (i = 0; i < NSYMS; i++)
		if (amdgpu_syms[i].addr == addr)
			return amdgpu_syms[i].name;
	return NULL;
}

static int kallsyms_gate(const char *path, void *arg)
{
	(void)path;
	(void)arg;
	return emu_unprivileged() ? -EACCES : 0;
}

/* s_show (kernel/kallsyms.c) for module symbols */
static int kallsyms_read(const char *path, void *arg, struct emu_seq_file *m)
{
	size_t i;

	(void)path;
	(void)arg;
	for (i = 0; i < NSYMS; i++)
		emu_seq_printf(m, "%016llx T %s\t[%s]\n",
			       (unsigned long long)amdgpu_syms[i].addr,
			       amdgpu_syms[i].name, MODULE_NAME);
	return 0;
}

__attribute__((constructor)) static void kallsyms_init(void)
{
	static const struct emu_vfs_ops ops = {
		.read = kallsyms_read,
		.access = kallsyms_gate,
	};

	emu_init();
	emu_vfs_add_file("/proc/kallsyms", 0444, &ops, NULL);
}
