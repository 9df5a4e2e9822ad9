// SPDX-License-Identifier: MIT
/*
 * BO lists (amdgpu_bo_list.c): the list ioctl and the lists the CS ioctl
 * uses. See amdgpu_bo_list.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "amdgpu_bo_list.h"
#include "amdgpu_ctx.h"
#include "emu/emu.h"
#include "emu/drm/drm_gem.h"
#include "emu/lib/idr.h"
#include "emu/profile.h"

/* AMDGPU_BO_LIST_MAX_PRIORITY: priorities are clamped to 32 */
#define BO_LIST_MAX_PRIORITY 32u
/* AMDGPU_BO_LIST_MAX_ENTRIES */
#define BO_LIST_MAX_ENTRIES (128u * 1024)

void amdgpu_bo_list_put(struct amdgpu_bo_list *list)
{
	uint32_t i;

	emu_lockdep_assert_held();
	if (!list || EMU_WARN_ON(!list->refs) || --list->refs)
		return;
	/* amdgpu_bo_list_free: drops the BO references */
	for (i = 0; i < list->num_entries; i++)
		emu_gem_object_put(list->entries[i].bo);
	free(list->entries);
	free(list);
}

int amdgpu_bo_create_list_entry_array(const struct drm_amdgpu_bo_list_in *in,
				      struct drm_amdgpu_bo_list_entry **info)
{
	const size_t info_size = sizeof(struct drm_amdgpu_bo_list_entry);
	struct drm_amdgpu_bo_list_entry *p;
	size_t bytes, i;
	void *dup;
	int r;

	emu_lockdep_assert_held();
	*info = NULL;
	if (emu_active_profile()->bo_list_entry_limit &&
	    in->bo_number > BO_LIST_MAX_ENTRIES)
		return -EINVAL;

	if (in->bo_info_size == info_size) {
		/* vmemdup_array_user: the array as it is; no kmalloc limit,
		 * only kvmalloc's INT_MAX */
		if ((uint64_t)in->bo_number * info_size > INT_MAX)
			return -ENOMEM;
		bytes = in->bo_number * info_size;
		dup = malloc(bytes ? bytes : 1);
		if (!dup)
			return -ENOMEM;
		r = emu_copy_from_user(dup, in->bo_info_ptr, bytes);
		if (r) {
			free(dup);
			return r;
		}
		*info = dup;
		return 0;
	}

	/* another entry size: min(size, 8) bytes of each, zero-extended */
	if ((uint64_t)in->bo_number * info_size > INT_MAX)
		return -ENOMEM;
	p = calloc(in->bo_number ? in->bo_number : 1, info_size);
	if (!p)
		return -ENOMEM;
	bytes = in->bo_info_size < info_size ? in->bo_info_size : info_size;
	for (i = 0; i < in->bo_number; i++) {
		r = emu_copy_from_user(
			&p[i], in->bo_info_ptr + (uint64_t)i * in->bo_info_size,
			bytes);
		if (r) {
			free(p);
			return r;
		}
	}
	*info = p;
	return 0;
}

int amdgpu_bo_list_create(struct emu_file *file,
			  const struct drm_amdgpu_bo_list_entry *info,
			  uint32_t num_entries, struct amdgpu_bo_list **result)
{
	struct amdgpu_bo_list *list = calloc(1, sizeof(*list));
	uint32_t i;

	emu_lockdep_assert_held();
	if (!list)
		return -ENOMEM;
	list->refs = 1;
	list->entries =
		calloc(num_entries ? num_entries : 1, sizeof(*list->entries));
	if (!list->entries) {
		free(list);
		return -ENOMEM;
	}
	for (i = 0; i < num_entries; i++) {
		struct emu_gem_object *obj =
			emu_gem_lookup(file, info[i].bo_handle);

		/* amdgpu_bo_list_create: drm_gem_object_lookup failing */
		if (!obj) {
			amdgpu_bo_list_put(list);
			return -ENOENT;
		}
		list->entries[list->num_entries].bo = obj;
		list->entries[list->num_entries].priority =
			info[i].bo_priority < BO_LIST_MAX_PRIORITY ?
				info[i].bo_priority :
				BO_LIST_MAX_PRIORITY;
		list->num_entries++;
	}
	*result = list;
	return 0;
}

int amdgpu_bo_list_get(struct emu_file *file, uint32_t id,
		       struct amdgpu_bo_list **result)
{
	struct amdgpu_bo_list *list =
		emu_idr_find(amdgpu_ctx_mgr_bo_lists(file), id);

	emu_lockdep_assert_held();
	*result = list;
	if (!list)
		return -ENOENT;
	list->refs++;
	return 0;
}

int amdgpu_bo_list_ioctl(struct emu_file *file, void *data)
{
	emu_lockdep_assert_held();

	union drm_amdgpu_bo_list *args = data;
	struct emu_idr *handles = amdgpu_ctx_mgr_bo_lists(file);
	struct drm_amdgpu_bo_list_entry *info = NULL;
	uint32_t handle = args->in.list_handle;
	struct amdgpu_bo_list *list = NULL, *old;
	int r;

	/* amdgpu_bo_list_ioctl: the entry array is read for every op */
	r = amdgpu_bo_create_list_entry_array(&args->in, &info);
	if (r)
		return r;

	switch (args->in.operation) {
	case AMDGPU_BO_LIST_OP_CREATE:
		r = amdgpu_bo_list_create(file, info, args->in.bo_number,
					  &list);
		if (r)
			goto out;
		r = emu_idr_alloc(handles, list, 1, 0);
		if (r < 0)
			goto out;
		handle = (uint32_t)r;
		list = NULL;
		break;
	case AMDGPU_BO_LIST_OP_DESTROY:
		/* amdgpu_bo_list_destroy: an unknown handle is no error */
		amdgpu_bo_list_put(emu_idr_remove(handles, handle));
		handle = 0;
		break;
	case AMDGPU_BO_LIST_OP_UPDATE:
		r = amdgpu_bo_list_create(file, info, args->in.bo_number,
					  &list);
		if (r)
			goto out;
		/* idr_replace of an unknown handle: -ENOENT */
		old = emu_idr_find(handles, handle);
		if (!old) {
			r = -ENOENT;
			goto out;
		}
		emu_idr_remove(handles, handle);
		emu_idr_alloc(handles, list, handle, handle + 1);
		amdgpu_bo_list_put(old);
		list = NULL;
		break;
	default:
		r = -EINVAL;
		goto out;
	}
	memset(args, 0, sizeof(*args));
	args->out.list_handle = handle;
	r = 0;
out:
	amdgpu_bo_list_put(list);
	free(info);
	return r;
}
