/* SPDX-License-Identifier: MIT */
#include <errno.h>

#include <xf86drm.h>

#include "drm_ioctl.h"
#include "drm_syncobj.h"

int uq_drm_syncobj_create(int fd, uint32_t *handle)
{
	struct drm_syncobj_create args = { .flags = 0 };
	int ret = uq_drm_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &args);

	if (!ret)
		*handle = args.handle;
	return ret;
}

int uq_drm_syncobj_destroy(int fd, uint32_t handle)
{
	struct drm_syncobj_destroy args = { .handle = handle };

	return uq_drm_ioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &args);
}

int uq_drm_syncobj_wait(int fd, uint32_t *handles, uint32_t count,
			int64_t deadline_ns, uint32_t flags)
{
	struct drm_syncobj_wait args = {
		.handles = (uintptr_t)handles,
		.timeout_nsec = deadline_ns,
		.count_handles = count,
		.flags = flags,
	};

	return uq_drm_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &args);
}

int uq_drm_syncobj_timeline_wait(int fd, uint32_t *handles, uint64_t *points,
				 uint32_t count, int64_t deadline_ns,
				 uint32_t flags)
{
	struct drm_syncobj_timeline_wait args = {
		.handles = (uintptr_t)handles,
		.points = (uintptr_t)points,
		.timeout_nsec = deadline_ns,
		.count_handles = count,
		.flags = flags,
	};

	return uq_drm_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &args);
}
