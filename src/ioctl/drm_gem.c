/* SPDX-License-Identifier: MIT */
#include <xf86drm.h>

#include "drm_gem.h"
#include "drm_ioctl.h"

int uq_gem_create(int fd, union drm_amdgpu_gem_create *args)
{
	return uq_drm_command_write_read(fd, DRM_AMDGPU_GEM_CREATE, args,
					 sizeof(*args));
}

int uq_gem_mmap(int fd, union drm_amdgpu_gem_mmap *args)
{
	return uq_drm_command_write_read(fd, DRM_AMDGPU_GEM_MMAP, args,
					 sizeof(*args));
}

int uq_gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close args = { .handle = handle };

	return uq_drm_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &args);
}

int uq_gem_va(int fd, struct uapi_amdgpu_gem_va *args)
{
	return uq_drm_command_write(fd, DRM_AMDGPU_GEM_VA, args, sizeof(*args));
}
