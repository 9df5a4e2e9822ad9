// SPDX-License-Identifier: MIT
/*
 * libdrm_amdgpu's amdgpu_device_initialize() (2.4.114, Debian 12's; the
 * later sources read for this do the same) calls drmGetVersion() on the
 * fd it is given and reads the result without checking it for NULL. The
 * tool's own drmGetVersion() on the same file has just succeeded, so on a
 * kernel that call fails only when the device goes away in between
 * (drm_ioctl() answers -ENODEV once drm_dev_is_unplugged()): hot-unplug or
 * a driver unbind racing the open, or a fault injected by the emulator
 * (scripts/fault-sweep). Either way the process would die of SIGSEGV
 * inside libdrm.
 *
 * The executable's drmGetVersion() takes precedence over libdrm's for
 * every caller, libdrm_amdgpu included (ELF symbol interposition: the
 * linker exports it because libdrm_amdgpu refers to it). It calls
 * libdrm's; only while armed around amdgpu_device_initialize(), a
 * failure returns an empty version (0.0.0, no strings) instead, which
 * libdrm_amdgpu refuses as "not 3.x.x" with -EBADF, and the errno is kept
 * so that the tool reports the real cause. Unarmed, it is libdrm's
 * function, NULL included.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include <xf86drm.h>

#include "libdrm_quirks.h"

typedef drmVersionPtr (*drm_get_version_fn)(int fd);

static __thread bool version_quirk_armed;
static __thread int version_quirk_errno;

drmVersionPtr drmGetVersion(int fd)
{
	/* libdrm's (the next definition after the executable's); a few
	 * calls per run, so no caching */
	drm_get_version_fn fn =
		(drm_get_version_fn)dlsym(RTLD_NEXT, "drmGetVersion");
	drmVersionPtr v;
	int err;

	if (!fn) {
		errno = ENOSYS;
		return NULL;
	}
	errno = 0;
	v = fn(fd);
	if (v || !version_quirk_armed)
		return v;
	err = errno ? errno : ENOTTY;
	if (!version_quirk_errno)
		version_quirk_errno = err;
	/* drmFreeVersion() frees the struct and its (NULL) strings */
	v = calloc(1, sizeof(*v));
	errno = err;
	return v;
}

void uq_libdrm_version_quirk_arm(void)
{
	version_quirk_armed = true;
	version_quirk_errno = 0;
}

int uq_libdrm_version_quirk_disarm(void)
{
	version_quirk_armed = false;
	return version_quirk_errno;
}
