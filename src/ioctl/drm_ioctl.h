/* SPDX-License-Identifier: MIT */
/*
 * The one way the tool's wrappers issue an ioctl. libdrm's drmIoctl()
 * retries EINTR and EAGAIN for as long as they come back; a driver or an
 * emulator that keeps answering EAGAIN would hold the tool in that loop,
 * past --timeout. These retry the same two errnos, at most
 * UQ_IOCTL_RETRIES times, then return the errno like any failure.
 */
#ifndef UQ_SRC_DRM_IOCTL_H
#define UQ_SRC_DRM_IOCTL_H

#include <stddef.h>

#define UQ_IOCTL_RETRIES 1000

/* ioctl(2) of @request: 0 or -errno. */
int uq_drm_ioctl(int fd, unsigned long request, void *arg);

/* DRM_COMMAND_BASE + @index, as drmCommandWrite / drmCommandWriteRead
 * build the request (DRM_IOW / DRM_IOWR of @size bytes): 0 or -errno. */
int uq_drm_command_write(int fd, unsigned long index, void *data, size_t size);
int uq_drm_command_write_read(int fd, unsigned long index, void *data,
			      size_t size);

#endif
