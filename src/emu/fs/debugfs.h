/* SPDX-License-Identifier: MIT */
/*
 * The emulated debugfs (root only): /sys/kernel/debug/dri/ with one
 * client-<id>/ directory per DRM file (drm_debugfs_clients_add, holding
 * proc_info and a device link) and, for each live user queue, a
 * queue-<n>/ (6.16-7.0) or queue_<n>/ (newest) directory holding mqd_info
 * (amdgpu_userq_create / amdgpu_debugfs_userq_init).
 *
 * All functions need the device lock.
 */
#ifndef UQ_EMU_AMDGPU_DEBUGFS_H
#define UQ_EMU_AMDGPU_DEBUGFS_H

#include <stdint.h>

struct queue_dir;

/* The queue directories: emu_dev.debugfs, owned by debugfs.c. */
struct emu_debugfs {
	struct queue_dir *queue_dirs; /* which queue owns which name */
};

void amdgpu_debugfs_client_add(uint64_t client_id);
void amdgpu_debugfs_client_remove(uint64_t client_id);
/* serial: the queue's device-wide serial, read back by mqd_info. */
void amdgpu_debugfs_userq_add(uint64_t client_id, uint32_t queue_id,
			      uint64_t serial);
void amdgpu_debugfs_userq_remove(uint64_t client_id, uint32_t queue_id,
				 uint64_t serial);

#endif
