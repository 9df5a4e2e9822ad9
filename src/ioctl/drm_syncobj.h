/* SPDX-License-Identifier: MIT */
/*
 * Syncobj creation and destruction, one thin wrapper per ioctl. libdrm
 * 2.4.114's drmSyncobjCreate() and drmSyncobjDestroy() return -1 and leave
 * the errno in errno (its wait functions return -errno): these return 0 or
 * -errno like every other wrapper, so a failure keeps its errno name.
 */
#ifndef UQ_SRC_DRM_SYNCOBJ_H
#define UQ_SRC_DRM_SYNCOBJ_H

#include <stdint.h>

/**
 * uq_drm_syncobj_create - DRM_IOCTL_SYNCOBJ_CREATE, no flags (an
 * unsignalled syncobj).
 * @handle: receives the new handle.
 *
 * Returns 0 or -errno.
 */
int uq_drm_syncobj_create(int fd, uint32_t *handle);

/**
 * uq_drm_syncobj_destroy - DRM_IOCTL_SYNCOBJ_DESTROY of @handle.
 * Returns 0 or -errno (-EINVAL for an unknown handle).
 */
int uq_drm_syncobj_destroy(int fd, uint32_t handle);

#endif
