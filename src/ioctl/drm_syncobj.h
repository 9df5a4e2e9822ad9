/* SPDX-License-Identifier: MIT */
/*
 * Syncobj ioctls, one thin wrapper per ioctl. libdrm 2.4.114's
 * drmSyncobjCreate() and drmSyncobjDestroy() return -1 and leave the errno
 * in errno (its wait functions return -errno), and all of them retry
 * EINTR/EAGAIN without a bound: these return 0 or -errno like every other
 * wrapper and retry as drm_ioctl.h says.
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

/**
 * uq_drm_syncobj_wait - DRM_IOCTL_SYNCOBJ_WAIT on binary syncobjs.
 * uq_drm_syncobj_timeline_wait - DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT on points.
 * @deadline_ns: absolute CLOCK_MONOTONIC time.
 * @flags: DRM_SYNCOBJ_WAIT_FLAGS_*.
 *
 * Returns 0, -ETIME at the deadline, -EINVAL for a syncobj without a fence
 * (unless WAIT_FOR_SUBMIT), -ENOENT for an unknown handle.
 */
int uq_drm_syncobj_wait(int fd, uint32_t *handles, uint32_t count,
			int64_t deadline_ns, uint32_t flags);
int uq_drm_syncobj_timeline_wait(int fd, uint32_t *handles, uint64_t *points,
				 uint32_t count, int64_t deadline_ns,
				 uint32_t flags);

#endif
