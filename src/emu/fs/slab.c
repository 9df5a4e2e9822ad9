// SPDX-License-Identifier: MIT
/*
 * The slab cache "amdgpu_userq_fence" (amdgpu_userq_fence_slab_init,
 * SLAB_HWCACHE_ALIGN; 6.16..7.1, removed by 0d831487b5be): SLUB's
 * /sys/kernel/slab/amdgpu_userq_fence/objects and its /proc/slabinfo
 * line count the userq fences alive. Both are root only here
 * (USERQ_EMU_UNPRIVILEGED gives EACCES, SPEC §5).
 *
 * /proc/slabinfo replaces the real file: the real caches are listed when
 * the real file can be read, the emulated one is added.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu/amdgpu/amdgpu_userq_priv.h"
#include "emu/emu.h"
#include "emu/profile.h"
#include "seq_file.h"
#include "vfs.h"

#define CACHE "amdgpu_userq_fence"
#define SLAB_DIR "/sys/kernel/slab/" CACHE
/* sizeof(struct amdgpu_userq_fence) rounded to the cache line */
#define OBJ_SIZE 128u
#define PAGE_SIZE 4096u
#define OBJS_PER_SLAB (PAGE_SIZE / OBJ_SIZE)

static int slab_gate(const char *path, void *arg)
{
	(void)path;
	(void)arg;
	return emu_unprivileged() ? -EACCES : 0;
}

static unsigned int live_fences(void)
{
	bool took = emu_lock_unless_held();
	unsigned int n;

	n = amdgpu_userq_fences_live();
	emu_unlock_taken(took);
	return n;
}

/* show_slab_objects(SO_ALL | SO_OBJECTS), with the per-node count */
static int objects_read(const char *path, void *arg, struct emu_seq_file *m)
{
	unsigned int n = live_fences();

	(void)path;
	(void)arg;
	emu_seq_printf(m, "%u N0=%u\n", n, n);
	return 0;
}

/* The real file, without a line for the emulated cache: false when it
 * cannot be read (m is left as it was). */
static bool real_slabinfo(struct emu_seq_file *m)
{
	size_t start = m->count;

	if (emu_seq_copy_file(m, "/proc/slabinfo"))
		return false;
	if (m->count - start < 8 || strncmp(m->buf + start, "slabinfo", 8)) {
		m->count = start;
		return false;
	}
	/* keep whole lines only */
	while (m->count > start && m->buf[m->count - 1] != '\n')
		m->count--;
	return true;
}

/* slabinfo_show (version 2.1) */
static int slabinfo_read(const char *path, void *arg, struct emu_seq_file *m)
{
	unsigned int active = live_fences();
	unsigned int slabs = (active + OBJS_PER_SLAB - 1) / OBJS_PER_SLAB;

	(void)path;
	(void)arg;
	if (!real_slabinfo(m))
		emu_seq_puts(m, "slabinfo - version: 2.1\n"
				"# name            <active_objs> <num_objs> "
				"<objsize> <objperslab> <pagesperslab> : "
				"tunables <limit> <batchcount> <sharedfactor> "
				": slabdata <active_slabs> <num_slabs> "
				"<sharedavail>\n");
	if (emu_active_profile()->slab_userq_fence)
		emu_seq_printf(m,
			       "%-17s %6u %6u %6u %4u %4u : tunables %4u %4u "
			       "%4u : slabdata %6u %6u %6u\n",
			       CACHE, active, slabs * OBJS_PER_SLAB, OBJ_SIZE,
			       OBJS_PER_SLAB, 1u, 0u, 0u, 0u, slabs, slabs, 0u);
	return 0;
}

__attribute__((constructor)) static void slab_init(void)
{
	static const struct emu_vfs_ops dir_ops = { .access = slab_gate };
	static const struct emu_vfs_ops objects_ops = {
		.read = objects_read,
	};
	static const struct emu_vfs_ops slabinfo_ops = {
		.read = slabinfo_read,
		.access = slab_gate,
	};

	emu_init();
	/* slabinfo is mode 0400 */
	emu_vfs_add_file("/proc/slabinfo", 0400, &slabinfo_ops, NULL);
	if (!emu_active_profile()->slab_userq_fence)
		return;
	emu_vfs_add_dir(SLAB_DIR, &dir_ops, NULL);
	emu_vfs_add_file(SLAB_DIR "/objects", 0444, &objects_ops, NULL);
}
