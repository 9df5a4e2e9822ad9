/* SPDX-License-Identifier: MIT */
#include <string.h>

#include <xf86drm.h>

#include "drm_ioctl.h"
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
	ret = uq_drm_command_write_read(fd, UAPI_AMDGPU_USERQ, &args,
					sizeof(args));
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
	return uq_drm_command_write_read(fd, UAPI_AMDGPU_USERQ, &args,
					 sizeof(args));
}

int uq_userq_signal(int fd, struct uapi_amdgpu_userq_signal *args)
{
	return uq_drm_command_write_read(fd, UAPI_AMDGPU_USERQ_SIGNAL, args,
					 sizeof(*args));
}

int uq_userq_wait(int fd, struct uapi_amdgpu_userq_wait *args)
{
	return uq_drm_command_write_read(fd, UAPI_AMDGPU_USERQ_WAIT, args,
					 sizeof(*args));
}
