/* SPDX-License-Identifier: MIT */
#include <string.h>

#include <xf86drm.h>

#include "drm_gem.h"

int uq_gem_va(int fd, uint32_t handle, uint32_t operation, uint32_t flags,
	      uint64_t va, uint64_t offset_in_bo, uint64_t map_size,
	      uint32_t timeline_syncobj, uint64_t timeline_point,
	      const uint32_t *in_syncobjs, uint32_t num_in_syncobjs)
{
	struct uapi_amdgpu_gem_va args;

	memset(&args, 0, sizeof(args));
	args.handle = handle;
	args.operation = operation;
	args.flags = flags;
	args.va_address = va;
	args.offset_in_bo = offset_in_bo;
	args.map_size = map_size;
	args.vm_timeline_point = timeline_point;
	args.vm_timeline_syncobj_out = timeline_syncobj;
	args.num_syncobj_handles = num_in_syncobjs;
	args.input_fence_syncobj_handles = (uintptr_t)in_syncobjs;
	return drmCommandWrite(fd, DRM_AMDGPU_GEM_VA, &args, sizeof(args));
}
