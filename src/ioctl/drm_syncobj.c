/* SPDX-License-Identifier: MIT */
#include <errno.h>

#include <xf86drm.h>

#include "drm_syncobj.h"

int uq_drm_syncobj_create(int fd, uint32_t *handle)
{
	return drmSyncobjCreate(fd, 0, handle) ? -errno : 0;
}

int uq_drm_syncobj_destroy(int fd, uint32_t handle)
{
	return drmSyncobjDestroy(fd, handle) ? -errno : 0;
}
