// SPDX-License-Identifier: MIT
#include <errno.h>
#include <sys/ioctl.h>

#include <xf86drm.h>

#include "drm_ioctl.h"

int uq_drm_ioctl(int fd, unsigned long request, void *arg)
{
	unsigned int tries = 0;

	while (ioctl(fd, request, arg) == -1) {
		if ((errno != EINTR && errno != EAGAIN) ||
		    ++tries > UQ_IOCTL_RETRIES)
			return -errno;
	}
	return 0;
}

int uq_drm_command_write(int fd, unsigned long index, void *data, size_t size)
{
	return uq_drm_ioctl(fd,
			    DRM_IOC(DRM_IOC_WRITE, DRM_IOCTL_BASE,
				    DRM_COMMAND_BASE + index, size),
			    data);
}

int uq_drm_command_write_read(int fd, unsigned long index, void *data,
			      size_t size)
{
	return uq_drm_ioctl(fd,
			    DRM_IOC(DRM_IOC_READ | DRM_IOC_WRITE,
				    DRM_IOCTL_BASE, DRM_COMMAND_BASE + index,
				    size),
			    data);
}
