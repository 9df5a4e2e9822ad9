/* SPDX-License-Identifier: MIT */
/*
 * GEM core: objects, per-file handles, fake mmap offsets (drm_gem.c).
 *
 * BO memory lives in a memfd per object, mapped once into the emulator
 * ("kernel" view, kmap) and, on mmap() of the fake offset, into the
 * process: both views share the pages, so the emulator sees CPU writes.
 */
#ifndef UQ_EMU_GEM_H
#define UQ_EMU_GEM_H

#include <stddef.h>
#include <stdint.h>

struct emu_file;
struct emu_dma_buf;

/* The GEM core's objects: emu_dev.gem, owned by drm_gem.c. */
struct emu_gem_state {
	struct emu_gem_object **objs; /* live objects */
	size_t nobjs, cap;
	uint64_t offsets_used; /* fake mmap offset space handed out */
};

struct emu_gem_object {
	unsigned int refs; /* kref: handles, VA mappings, pins... */
	unsigned int handle_count;
	uint64_t size;
	int memfd;
	void *kmap; /* size bytes, the emulator's own mapping */
	uint64_t mmap_offset; /* fake offset, 0 until first GEM_MMAP */
	struct emu_dma_buf *dma_buf; /* obj->dma_buf: exported, fds open */
	/* Driver hooks (drm_gem_object_funcs). open/close run when a handle
	 * to the object is created in / deleted from a file: amdgpu adds and
	 * removes the BO's bo_va in that file's VM there
	 * (amdgpu_gem_object_open/_close). free is the destructor, called at
	 * the last put. Any may be NULL. */
	int (*open)(struct emu_gem_object *obj, struct emu_file *file);
	/* drm_gem_object_funcs.export: 0 or -errno, before a PRIME export */
	int (*export)(struct emu_gem_object *obj);
	void (*close)(struct emu_gem_object *obj, struct emu_file *file);
	void (*free)(struct emu_gem_object *obj);
};

/* Backing store for size bytes; 0 or -errno. */
int emu_gem_object_init(struct emu_gem_object *obj, uint64_t size);
void emu_gem_object_get(struct emu_gem_object *obj);
void emu_gem_object_put(struct emu_gem_object *obj);

/* drm_gem_handle_create: lowest free handle from 1; takes a reference. */
int emu_gem_handle_create(struct emu_file *file, struct emu_gem_object *obj,
			  uint32_t *handle);
/* drm_gem_object_lookup: NULL if unknown; returns a new reference. */
struct emu_gem_object *emu_gem_lookup(struct emu_file *file, uint32_t handle);
/* drm_gem_handle_delete: -EINVAL if unknown (DRM_IOCTL_GEM_CLOSE). */
int emu_gem_handle_delete(struct emu_file *file, uint32_t handle);
/* drm_gem_create_mmap_offset */
int emu_gem_mmap_offset(struct emu_gem_object *obj, uint64_t *offset);
/*
 * drm_gem_mmap(): the object whose fake offset range starts at offset and
 * covers len bytes, with a new reference. -EINVAL when there is none
 * (drm_vma_offset_exact_lookup_locked()), -EACCES when file holds no
 * handle to it (drm_vma_node_is_allowed()).
 */
int emu_gem_mmap_lookup(struct emu_file *file, uint64_t offset, uint64_t len,
			struct emu_gem_object **obj);

#endif
