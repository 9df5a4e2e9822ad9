/* SPDX-License-Identifier: MIT */
#include <xf86drm.h>

#include "drm_gem.h"

int uq_gem_va(int fd, struct uapi_amdgpu_gem_va *args)
{
	return drmCommandWrite(fd, DRM_AMDGPU_GEM_VA, args, sizeof(*args));
}
