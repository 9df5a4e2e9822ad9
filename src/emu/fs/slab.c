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
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "emu/amdgpu/amdgpu_userq_priv.h"
#include "emu/emu.h"
#include "emu/profile.h"
#include "vfs.h"

#define CACHE "amdgpu_userq_fence"
#define SLAB_DIR "/sys/kernel/slab/" CACHE
/* sizeof(struct amdgpu_userq_fence) rounded to the cache line */
#define OBJ_SIZE 128u
#define PAGE_SIZE 4096u
#define OBJS_PER_SLAB (PAGE_SIZE / OBJ_SIZE)
#define REAL_SLABINFO_MAX (1u << 20)

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
static int objects_read(const char *path, void *arg, char **buf, size_t *len)
{
	unsigned int n = live_fences();

	(void)path;
	(void)arg;
	*buf = malloc(48);
	if (!*buf)
		return -ENOMEM;
	*len = (size_t)snprintf(*buf, 48, "%u N0=%u\n", n, n);
	return 0;
}

/* The real file, without a line for the emulated cache. */
static size_t real_slabinfo(char *buf, size_t cap)
{
	size_t n = 0;
	ssize_t got;
	int fd;

	fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/slabinfo",
			  O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while (n < cap - 1 &&
	       (got = (ssize_t)syscall(SYS_read, fd, buf + n, cap - 1 - n)) > 0)
		n += (size_t)got;
	syscall(SYS_close, fd);
	buf[n] = '\0';
	/* keep whole lines only */
	while (n && buf[n - 1] != '\n')
		buf[--n] = '\0';
	return n;
}

/* slabinfo_show (version 2.1) */
static int slabinfo_read(const char *path, void *arg, char **buf, size_t *len)
{
	static const char header[] =
		"slabinfo - version: 2.1\n"
		"# name            <active_objs> <num_objs> <objsize> "
		"<objperslab> <pagesperslab> : tunables <limit> <batchcount> "
		"<sharedfactor> : slabdata <active_slabs> <num_slabs> "
		"<sharedavail>\n";
	unsigned int active = live_fences();
	unsigned int slabs = (active + OBJS_PER_SLAB - 1) / OBJS_PER_SLAB;
	size_t n, cap = REAL_SLABINFO_MAX + 256;

	(void)path;
	(void)arg;
	*buf = malloc(cap);
	if (!*buf)
		return -ENOMEM;
	n = real_slabinfo(*buf, REAL_SLABINFO_MAX);
	if (!n || strncmp(*buf, "slabinfo", 8)) {
		memcpy(*buf, header, sizeof(header));
		n = sizeof(header) - 1;
	}
	if (emu_active_profile()->slab_userq_fence)
		n += (size_t)snprintf(
			*buf + n, cap - n,
			"%-17s %6u %6u %6u %4u %4u : tunables %4u %4u %4u : "
			"slabdata %6u %6u %6u\n",
			CACHE, active, slabs * OBJS_PER_SLAB, OBJ_SIZE,
			OBJS_PER_SLAB, 1u, 0u, 0u, 0u, slabs, slabs, 0u);
	*len = n;
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
