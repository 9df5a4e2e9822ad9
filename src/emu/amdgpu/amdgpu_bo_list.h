/* SPDX-License-Identifier: MIT */
/*
 * BO lists (amdgpu_bo_list.c): DRM_IOCTL_AMDGPU_BO_LIST and the lists a
 * CS names with bo_list_handle or builds from an AMDGPU_CHUNK_ID_BO_HANDLES
 * chunk. A list holds a reference on each BO. The per-file handles live
 * in the context manager (amdgpu_ctx_mgr_bo_lists).
 *
 * All functions need the device lock.
 */
#ifndef UQ_EMU_AMDGPU_BO_LIST_H
#define UQ_EMU_AMDGPU_BO_LIST_H

#include <stdint.h>

#include <drm.h>
#include <amdgpu_drm.h>

struct emu_file;
struct emu_gem_object;

struct amdgpu_bo_list_entry {
	struct emu_gem_object *bo; /* a reference */
	uint32_t priority;
};

struct amdgpu_bo_list {
	unsigned int refs;
	uint32_t num_entries;
	struct amdgpu_bo_list_entry *entries;
};

/* amdgpu_bo_create_list_entry_array: the user's entry array, at the
 * entry size the user gives (bo_info_size); *info is malloc'd. */
int amdgpu_bo_create_list_entry_array(const struct drm_amdgpu_bo_list_in *in,
				      struct drm_amdgpu_bo_list_entry **info);
/* amdgpu_bo_list_create: -ENOENT for an unknown BO handle. */
int amdgpu_bo_list_create(struct emu_file *file,
			  const struct drm_amdgpu_bo_list_entry *info,
			  uint32_t num_entries, struct amdgpu_bo_list **list);
/* amdgpu_bo_list_get: a new reference, -ENOENT for an unknown handle. */
int amdgpu_bo_list_get(struct emu_file *file, uint32_t id,
		       struct amdgpu_bo_list **list);
void amdgpu_bo_list_put(struct amdgpu_bo_list *list);

/*
 * DRM_IOCTL_AMDGPU_BO_LIST (amdgpu_bo_list_ioctl). Not yet in the driver
 * table of amdgpu_drv.c, whose owner wires it in.
 */
int amdgpu_bo_list_ioctl(struct emu_file *file, void *data);

#endif
