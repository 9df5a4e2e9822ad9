/* SPDX-License-Identifier: MIT */
/*
 * GEM core (drm_gem.c): object lifetime, per-file handles and fake mmap
 * offsets. Each object's memory is a memfd, mapped once for the emulator
 * (kmap) and again, shared, wherever the process mmap()s the object's fake
 * offset, so both views see the same pages.
 *
 * All functions need the device lock.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "drm_file.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "drm_gem.h"

#define GEM_PAGE_SIZE 4096ull
/*
 * DRM_FILE_PAGE_OFFSET_START: fake offsets begin above 4 GiB (in pages,
 * (0xFFFFFFFF >> PAGE_SHIFT) + 1 on 64-bit), clear of any real file
 * offset a driver might also serve.
 */
#define GEM_OFFSET_START 0x100000000ull

static uint64_t gem_pages_bytes(uint64_t size)
{
	return (size + GEM_PAGE_SIZE - 1) & ~(GEM_PAGE_SIZE - 1);
}

static int gem_track(struct emu_gem_object *obj)
{
	if (emu_dev.gem.nobjs == emu_dev.gem.cap) {
		size_t cap = emu_dev.gem.cap ? emu_dev.gem.cap * 2 : 64;
		struct emu_gem_object **t =
			realloc(emu_dev.gem.objs, cap * sizeof(*t));

		if (!t)
			return -ENOMEM;
		emu_dev.gem.objs = t;
		emu_dev.gem.cap = cap;
	}
	emu_dev.gem.objs[emu_dev.gem.nobjs++] = obj;
	return 0;
}

static void gem_untrack(struct emu_gem_object *obj)
{
	for (size_t i = 0; i < emu_dev.gem.nobjs; i++) {
		if (emu_dev.gem.objs[i] == obj) {
			emu_dev.gem.objs[i] =
				emu_dev.gem.objs[--emu_dev.gem.nobjs];
			return;
		}
	}
}

int emu_gem_object_init(struct emu_gem_object *obj, uint64_t size)
{
	uint64_t bytes = gem_pages_bytes(size);
	int ret;

	emu_lockdep_assert_held();
	obj->refs = 1; /* kref_init() */
	obj->handle_count = 0;
	obj->size = size;
	obj->mmap_offset = 0;
	obj->kmap = NULL;
	/* shmem_file_setup(): anonymous, sparse backing store. */
	obj->memfd = memfd_create("emu-gem", MFD_CLOEXEC);
	if (obj->memfd < 0)
		return -ENOMEM;
	if (ftruncate(obj->memfd, (off_t)bytes)) {
		ret = -ENOMEM;
		goto err_close;
	}
	if (bytes) {
		obj->kmap = emu_libc_mmap(NULL, bytes, PROT_READ | PROT_WRITE,
					  MAP_SHARED, obj->memfd, 0);
		if (obj->kmap == MAP_FAILED) {
			obj->kmap = NULL;
			ret = -ENOMEM;
			goto err_close;
		}
	}
	ret = gem_track(obj);
	if (ret)
		goto err_unmap;
	return 0;

err_unmap:
	if (obj->kmap)
		munmap(obj->kmap, bytes);
	obj->kmap = NULL;
err_close:
	emu_libc_close(obj->memfd);
	obj->memfd = -1;
	return ret;
}

void emu_gem_object_get(struct emu_gem_object *obj)
{
	emu_lockdep_assert_held();

	obj->refs++;
}

void emu_gem_object_put(struct emu_gem_object *obj)
{
	emu_lockdep_assert_held();

	if (!obj || EMU_WARN_ON(!obj->refs) || --obj->refs)
		return;
	/* drm_gem_object_release(), then the driver's free callback.
	 * Process mappings of the memfd stay valid on their own. */
	gem_untrack(obj);
	if (obj->kmap)
		munmap(obj->kmap, gem_pages_bytes(obj->size));
	obj->kmap = NULL;
	if (obj->memfd >= 0)
		emu_libc_close(obj->memfd);
	obj->memfd = -1;
	if (obj->free)
		obj->free(obj);
	else
		free(obj);
}

/* drm_gem_object_handle_put_unlocked(): the handles together hold one
 * reference, dropped with the last of them. */
static void gem_handle_put(struct emu_gem_object *obj)
{
	if (!EMU_WARN_ON(!obj->handle_count) && --obj->handle_count == 0)
		emu_gem_object_put(obj);
}

int emu_gem_handle_create(struct emu_file *file, struct emu_gem_object *obj,
			  uint32_t *handle)
{
	int id, ret;

	emu_lockdep_assert_held();
	/* drm_gem_handle_create_tail() */
	if (obj->handle_count++ == 0)
		emu_gem_object_get(obj);
	id = emu_idr_alloc(&file->gem_handles, obj, 1, 0);
	if (id < 0) {
		gem_handle_put(obj);
		return id;
	}
	if (obj->open) {
		ret = obj->open(obj, file);
		if (ret) {
			emu_idr_remove(&file->gem_handles, (uint32_t)id);
			gem_handle_put(obj);
			return ret;
		}
	}
	*handle = (uint32_t)id;
	return 0;
}

struct emu_gem_object *emu_gem_lookup(struct emu_file *file, uint32_t handle)
{
	struct emu_gem_object *obj = emu_idr_find(&file->gem_handles, handle);

	emu_lockdep_assert_held();
	if (obj)
		emu_gem_object_get(obj);
	return obj;
}

int emu_gem_handle_delete(struct emu_file *file, uint32_t handle)
{
	struct emu_gem_object *obj = emu_idr_remove(&file->gem_handles, handle);

	emu_lockdep_assert_held();
	/* drm_gem_handle_delete(): an unknown handle is -EINVAL. */
	if (!obj)
		return -EINVAL;
	/* drm_gem_object_release_handle(): the driver's close first. */
	if (obj->close)
		obj->close(obj, file);
	gem_handle_put(obj);
	return 0;
}

int emu_gem_mmap_offset(struct emu_gem_object *obj, uint64_t *offset)
{
	emu_lockdep_assert_held();

	/* drm_gem_create_mmap_offset() is idempotent. */
	if (!obj->mmap_offset) {
		obj->mmap_offset = GEM_OFFSET_START + emu_dev.gem.offsets_used;
		emu_dev.gem.offsets_used +=
			gem_pages_bytes(obj->size ? obj->size : 1);
	}
	*offset = obj->mmap_offset;
	return 0;
}

static bool gem_file_has_handle(struct emu_file *file,
				struct emu_gem_object *obj)
{
	struct emu_gem_object *o;
	uint32_t id;

	emu_idr_for_each(&file->gem_handles, id, o)
		if (o == obj)
			return true;
	return false;
}

int emu_gem_mmap_lookup(struct emu_file *file, uint64_t offset, uint64_t len,
			struct emu_gem_object **out)
{
	struct emu_gem_object *obj = NULL;

	emu_lockdep_assert_held();
	for (size_t i = 0; i < emu_dev.gem.nobjs; i++) {
		if (emu_dev.gem.objs[i]->mmap_offset &&
		    emu_dev.gem.objs[i]->mmap_offset == offset) {
			obj = emu_dev.gem.objs[i];
			break;
		}
	}
	/* drm_vma_offset_exact_lookup_locked(): the range must start at the
	 * node and fit in it. */
	if (!obj || gem_pages_bytes(len) > gem_pages_bytes(obj->size))
		return -EINVAL;
	if (!gem_file_has_handle(file, obj))
		return -EACCES;
	emu_gem_object_get(obj);
	*out = obj;
	return 0;
}
