/* SPDX-License-Identifier: MIT */
#include <string.h>

#include <xf86drm.h>

#include "drm_userq.h"

int uq_userq_create(int fd, uint32_t ip_type, uint32_t doorbell_handle,
		    uint32_t doorbell_offset, uint32_t flags, uint64_t queue_va,
		    uint64_t queue_size, uint64_t rptr_va, uint64_t wptr_va,
		    const void *mqd, uint64_t mqd_size, uint32_t *queue_id)
{
	union uapi_amdgpu_userq args;
	int ret;

	memset(&args, 0, sizeof(args));
	args.in.op = UAPI_AMDGPU_USERQ_OP_CREATE;
	args.in.ip_type = ip_type;
	args.in.doorbell_handle = doorbell_handle;
	args.in.doorbell_offset = doorbell_offset;
	args.in.flags = flags;
	args.in.queue_va = queue_va;
	args.in.queue_size = queue_size;
	args.in.rptr_va = rptr_va;
	args.in.wptr_va = wptr_va;
	args.in.mqd = (uintptr_t)mqd;
	args.in.mqd_size = mqd_size;
	ret = drmCommandWriteRead(fd, UAPI_AMDGPU_USERQ, &args, sizeof(args));
	if (!ret)
		*queue_id = args.out.queue_id;
	return ret;
}

int uq_userq_free(int fd, uint32_t queue_id)
{
	union uapi_amdgpu_userq args;

	memset(&args, 0, sizeof(args));
	args.in.op = UAPI_AMDGPU_USERQ_OP_FREE;
	args.in.queue_id = queue_id;
	return drmCommandWriteRead(fd, UAPI_AMDGPU_USERQ, &args, sizeof(args));
}

int uq_userq_signal(int fd, uint32_t queue_id, const uint32_t *syncobjs,
		    uint32_t num_syncobjs, const uint32_t *bo_read,
		    uint32_t num_bo_read, const uint32_t *bo_write,
		    uint32_t num_bo_write)
{
	struct uapi_amdgpu_userq_signal args = {
		.queue_id = queue_id,
		.syncobj_handles = (uintptr_t)syncobjs,
		.num_syncobj_handles = num_syncobjs,
		.bo_read_handles = (uintptr_t)bo_read,
		.bo_write_handles = (uintptr_t)bo_write,
		.num_bo_read_handles = num_bo_read,
		.num_bo_write_handles = num_bo_write,
	};

	return drmCommandWriteRead(fd, UAPI_AMDGPU_USERQ_SIGNAL, &args,
				   sizeof(args));
}

int uq_userq_wait(int fd, uint32_t waitq_id, const uint32_t *syncobjs,
		  uint32_t num_syncobjs, const uint32_t *timeline_syncobjs,
		  const uint32_t *timeline_points, uint16_t num_timeline,
		  const uint32_t *bo_read, uint32_t num_bo_read,
		  const uint32_t *bo_write, uint32_t num_bo_write,
		  struct uapi_amdgpu_userq_fence_info *fences,
		  uint16_t *num_fences)
{
	struct uapi_amdgpu_userq_wait args = {
		.waitq_id = waitq_id,
		.syncobj_handles = (uintptr_t)syncobjs,
		.syncobj_timeline_handles = (uintptr_t)timeline_syncobjs,
		.syncobj_timeline_points = (uintptr_t)timeline_points,
		.bo_read_handles = (uintptr_t)bo_read,
		.bo_write_handles = (uintptr_t)bo_write,
		.num_syncobj_timeline_handles = num_timeline,
		.num_fences = *num_fences,
		.num_syncobj_handles = num_syncobjs,
		.num_bo_read_handles = num_bo_read,
		.num_bo_write_handles = num_bo_write,
		.out_fences = (uintptr_t)fences,
	};
	int ret;

	ret = drmCommandWriteRead(fd, UAPI_AMDGPU_USERQ_WAIT, &args,
				  sizeof(args));
	if (!ret)
		*num_fences = args.num_fences;
	return ret;
}
