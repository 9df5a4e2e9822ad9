// SPDX-License-Identifier: MIT
/*
 * drm_debugfs.c's client directories (drm_debugfs_clients_add) + amdgpu's
 * userq queue directories (amdgpu_debugfs_userq_init); see fs/debugfs.h.
 * The
 * debugfs root is mode 0700: an unprivileged process gets EACCES for
 * anything below it (SPEC §5, USERQ_EMU_UNPRIVILEGED).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "debugfs.h"
#include "emu/amdgpu/amdgpu_userq_priv.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "emu/profile.h"
#include "seq_file.h"
#include "vfs.h"

#define DEBUGFS_ROOT "/sys/kernel/debug"
#define DRI_ROOT DEBUGFS_ROOT "/dri"
#define PATH_LEN 160

/*
 * Which queue owns a queue directory name: debugfs_create_dir() of a name
 * that exists fails, and a later removal must not take another queue's
 * directory with it.
 */
struct queue_dir {
	uint64_t client_id;
	uint32_t queue_id;
	uint64_t serial;
	struct queue_dir *next;
};

static int debugfs_gate(const char *path, void *arg)
{
	(void)path;
	(void)arg;
	/* debugfs is mode 0700, root only */
	return emu_unprivileged() ? -EACCES : 0;
}

static const struct emu_vfs_ops debugfs_root_ops = { .access = debugfs_gate };

static void client_path(char *buf, uint64_t client_id)
{
	snprintf(buf, PATH_LEN, DRI_ROOT "/client-%llu",
		 (unsigned long long)client_id);
}

static void queue_path(char *buf, uint64_t client_id, uint32_t queue_id)
{
	/* "queue-%d" (6.17-7.0) or "queue_%d" (7.1) */
	snprintf(buf, PATH_LEN, DRI_ROOT "/client-%llu/queue%c%u",
		 (unsigned long long)client_id,
		 emu_active_profile()->debugfs_queue_sep, queue_id);
}

/* drm_debugfs_proc_info_show */
static int proc_info_read(const char *path, void *arg, struct emu_seq_file *m)
{
	char comm[17] = "";

	(void)path;
	(void)arg;
	if (prctl(PR_GET_NAME, comm, 0, 0, 0))
		strcpy(comm, "Unset");
	emu_seq_printf(m, "pid: %d\ncomm: %s\n", (int)getpid(), comm);
	return 0;
}

/* amdgpu_mqd_info_read */
static int mqd_info_read(const char *path, void *arg, struct emu_seq_file *m)
{
	uint64_t serial = (uint64_t)(uintptr_t)arg, addr = 0;
	uint32_t type = 0;
	bool took;
	int r;

	(void)path;
	took = emu_lock_unless_held();
	r = amdgpu_userq_mqd_info(serial, &type, &addr);
	emu_unlock_taken(took);
	if (r)
		return r;
	emu_seq_printf(m, "queue_type: %u\nmqd_gpu_address: 0x%llx\n", type,
		       (unsigned long long)addr);
	return 0;
}

void amdgpu_debugfs_client_add(uint64_t client_id)
{
	emu_lockdep_assert_held();

	static const struct emu_vfs_ops proc_info_ops = {
		.read = proc_info_read,
	};
	char dir[PATH_LEN], path[PATH_LEN + 16];

	client_path(dir, client_id);
	emu_vfs_add_dir(dir, NULL, NULL);
	snprintf(path, sizeof(path), "%s/proc_info", dir);
	emu_vfs_add_file(path, 0444, &proc_info_ops, NULL);
	snprintf(path, sizeof(path), "%s/device", dir);
	snprintf(dir, sizeof(dir), "../%s", emu_pci.slot_name);
	emu_vfs_add_link(path, dir);
}

void amdgpu_debugfs_client_remove(uint64_t client_id)
{
	char dir[PATH_LEN];

	emu_lockdep_assert_held();
	client_path(dir, client_id);
	emu_vfs_remove(dir);
}

void amdgpu_debugfs_userq_add(uint64_t client_id, uint32_t queue_id,
			      uint64_t serial)
{
	emu_lockdep_assert_held();

	static const struct emu_vfs_ops mqd_info_ops = {
		.read = mqd_info_read,
	};
	char dir[PATH_LEN], path[PATH_LEN + 16];
	struct queue_dir *d;

	/* 6.16 has no per-queue directory (added in 6.17) */
	if (!emu_active_profile()->debugfs_queue_sep)
		return;
	for (d = emu_dev.debugfs.queue_dirs; d; d = d->next)
		if (d->client_id == client_id && d->queue_id == queue_id)
			return; /* the name exists: no directory */
	d = calloc(1, sizeof(*d));
	if (!d)
		return;
	d->client_id = client_id;
	d->queue_id = queue_id;
	d->serial = serial;
	d->next = emu_dev.debugfs.queue_dirs;
	emu_dev.debugfs.queue_dirs = d;
	queue_path(dir, client_id, queue_id);
	emu_vfs_add_dir(dir, NULL, NULL);
	snprintf(path, sizeof(path), "%s/mqd_info", dir);
	emu_vfs_add_file(path, 0444, &mqd_info_ops, (void *)(uintptr_t)serial);
}

void amdgpu_debugfs_userq_remove(uint64_t client_id, uint32_t queue_id,
				 uint64_t serial)
{
	struct queue_dir **pp, *d;
	char dir[PATH_LEN];

	emu_lockdep_assert_held();
	for (pp = &emu_dev.debugfs.queue_dirs; (d = *pp); pp = &d->next) {
		if (d->serial != serial)
			continue;
		*pp = d->next;
		free(d);
		queue_path(dir, client_id, queue_id);
		emu_vfs_remove(dir);
		return;
	}
}

/* The debugfs root and the device's DRM directory, at load. */
__attribute__((constructor)) static void amdgpu_debugfs_init(void)
{
	char path[PATH_LEN];

	emu_init();
	emu_vfs_add_dir(DEBUGFS_ROOT, &debugfs_root_ops, NULL);
	emu_vfs_add_dir(DRI_ROOT, NULL, NULL);
	/* the device's directory, named after dev->unique */
	snprintf(path, sizeof(path), DRI_ROOT "/%s", emu_pci.slot_name);
	emu_vfs_add_dir(path, NULL, NULL);
	/* drm_name_info: driver, device and unique name */
	snprintf(path, sizeof(path), DRI_ROOT "/%s/name", emu_pci.slot_name);
	emu_vfs_add_staticf(path, "amdgpu dev=%s unique=%s\n",
			    emu_pci.slot_name, emu_pci.slot_name);
	/* tracefs, automounted under debugfs */
	emu_vfs_add_link(DEBUGFS_ROOT "/tracing", "../tracing");
}
