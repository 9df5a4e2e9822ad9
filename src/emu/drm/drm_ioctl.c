/* SPDX-License-Identifier: MIT */
/*
 * drm_ioctl.c without its dispatch (that is in drm_file.c): the DRM core's
 * ioctl table drm_ioctls[] (handlers from drm_ioctl.c, drm_gem.c and
 * drm_syncobj.c) as an amdgpu render node answers them.
 *
 * The table mirrors drm_ioctls[]: indexed by command number, each entry
 * with the kernel's request value in the NEWEST struct size, so that older
 * shorter requests are zero-extended by the dispatcher as drm_ioctl()
 * does. Core ioctls the kernel lacks DRM_RENDER_ALLOW for are listed too:
 * a render client gets -EACCES for them, never "unknown ioctl".
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <drm.h>

#include "drm_file.h"
#include "emu/emu.h"
#include "drm_gem.h"
#include "drm_prime.h"
#include "emu/profile.h"
#include "drm_syncobj.h"
#include "uapi/drm_syncobj.h"

#ifndef DRM_CAP_ATOMIC_ASYNC_PAGE_FLIP
#define DRM_CAP_ATOMIC_ASYNC_PAGE_FLIP 0x15
#endif

/* amdgpu_drv.c: DRIVER_NAME; the date is "0" since the core stopped
 * taking it from drivers ("drm: remove driver date", v6.14). */
#define AMDGPU_DRIVER_NAME "amdgpu"
#define AMDGPU_DRIVER_DATE "0"
#define AMDGPU_KMS_MAJOR 3

/* drm_copy_field(): copy at most *buf_len bytes (no NUL), then report the
 * full length. */
static int copy_field(char *ubuf, __kernel_size_t *buf_len, const char *value)
{
	size_t len = strlen(value);
	size_t n = len < *buf_len ? len : *buf_len;

	*buf_len = len;
	if (n && ubuf)
		return emu_copy_to_user((uint64_t)(uintptr_t)ubuf, value, n);
	return 0;
}

/*
 * drm_version(). The kernel's desc is amdgpu's DRIVER_DESC, "AMD GPU"; the
 * emulator appends its tag and profile so that userq-bench (src/device.c)
 * can tell it is not on hardware. A deliberate deviation for the tool.
 */
static int drm_version_ioctl(struct emu_file *file, void *data)
{
	const struct emu_profile *prof = emu_active_profile();
	struct drm_version *v = data;
	char desc[128];
	int ret;

	(void)file;
	snprintf(desc, sizeof(desc),
		 "AMD GPU (userq-bench emulator, profile %s)", prof->name);
	v->version_major = AMDGPU_KMS_MAJOR;
	v->version_minor = (int)prof->kms_minor;
	v->version_patchlevel = 0;
	ret = copy_field(v->name, &v->name_len, AMDGPU_DRIVER_NAME);
	if (!ret)
		ret = copy_field(v->date, &v->date_len, AMDGPU_DRIVER_DATE);
	if (!ret)
		ret = copy_field(v->desc, &v->desc_len, desc);
	return ret;
}

/*
 * drm_getclient(): the hollowed-out version that only answers idx 0. Only
 * reachable from a primary node; the emulated node is a render node, so
 * drm_ioctl_permit() turns the ioctl away first (GET_CLIENT lacks
 * DRM_RENDER_ALLOW).
 */
static int drm_getclient_ioctl(struct emu_file *file, void *data)
{
	struct drm_client *c = data;

	(void)file;
	if (c->idx != 0)
		return -EINVAL;
	c->auth = 1;
	c->pid = (unsigned long)getpid();
	c->uid = 65534; /* overflowuid */
	c->magic = 0;
	c->iocs = 0;
	return 0;
}

/* drm_getcap() for amdgpu (DRIVER_MODESET | DRIVER_GEM | DRIVER_SYNCOBJ |
 * DRIVER_SYNCOBJ_TIMELINE, display through DC). */
static int drm_getcap_ioctl(struct emu_file *file, void *data)
{
	struct drm_get_cap *req = data;

	(void)file;
	req->value = 0;
	/* The caps every driver answers, render-only ones included. */
	switch (req->capability) {
	case DRM_CAP_TIMESTAMP_MONOTONIC:
		req->value = 1;
		return 0;
	case DRM_CAP_PRIME:
		req->value = DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT;
		return 0;
	case DRM_CAP_SYNCOBJ:
	case DRM_CAP_SYNCOBJ_TIMELINE:
		req->value = 1;
		return 0;
	}

	/* KMS caps: amdgpu is a modeset driver, so they are answered on the
	 * render node too. Values from amdgpu_dm_mode_config_init()
	 * (preferred_depth 24, prefer_shadow 1, async_page_flip) and DCN3's
	 * 256-pixel cursor; the cursor size and the atomic async flip are
	 * UNVERIFIED for Navi 31. */
	switch (req->capability) {
	case DRM_CAP_DUMB_BUFFER:
	case DRM_CAP_VBLANK_HIGH_CRTC:
	case DRM_CAP_DUMB_PREFER_SHADOW:
	case DRM_CAP_ASYNC_PAGE_FLIP:
	case DRM_CAP_ADDFB2_MODIFIERS:
	case DRM_CAP_PAGE_FLIP_TARGET:
	case DRM_CAP_CRTC_IN_VBLANK_EVENT:
	case DRM_CAP_ATOMIC_ASYNC_PAGE_FLIP:
		req->value = 1;
		return 0;
	case DRM_CAP_DUMB_PREFERRED_DEPTH:
		req->value = 24;
		return 0;
	case DRM_CAP_CURSOR_WIDTH:
	case DRM_CAP_CURSOR_HEIGHT:
		req->value = 256;
		return 0;
	default:
		/* drm_getcap(): unknown capability */
		return -EINVAL;
	}
}

/* drm_gem_close_ioctl(): pad is not checked. */
static int drm_gem_close_ioctl(struct emu_file *file, void *data)
{
	struct drm_gem_close *args = data;

	return emu_gem_handle_delete(file, args->handle);
}

struct core_ioctl {
	struct emu_ioctl_desc desc;
	bool render_allow;
};

#define CORE(ioctl, func, render)                                         \
	[_IOC_NR(DRM_IOCTL_##ioctl)] = {                                  \
		{ .cmd = DRM_IOCTL_##ioctl, .fn = func, .name = #ioctl }, \
		render                                                    \
	}
/* Newer and larger than libdrm 2.4.114's drm.h: the kernel's cmd. */
#define CORE_NEW(nr, ioctl, size, func)                                     \
	[nr] = { { .cmd = DRM_IOWR(nr, size), .fn = func, .name = #ioctl }, \
		 true }

static const struct core_ioctl core_ioctls[] = {
	CORE(VERSION, drm_version_ioctl, true),
	CORE(GET_UNIQUE, NULL, false),
	CORE(GET_MAGIC, NULL, false),
	CORE(GET_CLIENT, drm_getclient_ioctl, false),
	CORE(GET_STATS, NULL, false),
	CORE(SET_VERSION, NULL, false),
	CORE(GEM_CLOSE, drm_gem_close_ioctl, true),
	CORE(GEM_FLINK, NULL, false),
	CORE(GEM_OPEN, NULL, false),
	CORE(GET_CAP, drm_getcap_ioctl, true),
	CORE(SET_CLIENT_CAP, NULL, false),
	CORE(AUTH_MAGIC, NULL, false),
	CORE(SET_MASTER, NULL, false),
	CORE(DROP_MASTER, NULL, false),
	CORE(PRIME_HANDLE_TO_FD, emu_prime_handle_to_fd_ioctl, true),
	CORE(PRIME_FD_TO_HANDLE, emu_prime_fd_to_handle_ioctl, true),
	CORE(MODE_GETRESOURCES, NULL, false),
	CORE(MODE_CREATE_DUMB, NULL, true),
	CORE(MODE_MAP_DUMB, NULL, true),
	CORE(MODE_DESTROY_DUMB, NULL, true),
	CORE(SYNCOBJ_CREATE, emu_syncobj_create_ioctl, true),
	CORE(SYNCOBJ_DESTROY, emu_syncobj_destroy_ioctl, true),
	CORE_NEW(0xC1, SYNCOBJ_HANDLE_TO_FD, struct uapi_drm_syncobj_handle,
		 emu_syncobj_handle_to_fd_ioctl),
	CORE_NEW(0xC2, SYNCOBJ_FD_TO_HANDLE, struct uapi_drm_syncobj_handle,
		 emu_syncobj_fd_to_handle_ioctl),
	CORE_NEW(0xC3, SYNCOBJ_WAIT, struct uapi_drm_syncobj_wait,
		 emu_syncobj_wait_ioctl),
	CORE(SYNCOBJ_RESET, emu_syncobj_reset_ioctl, true),
	CORE(SYNCOBJ_SIGNAL, emu_syncobj_signal_ioctl, true),
	CORE_NEW(0xCA, SYNCOBJ_TIMELINE_WAIT,
		 struct uapi_drm_syncobj_timeline_wait,
		 emu_syncobj_timeline_wait_ioctl),
	CORE(SYNCOBJ_QUERY, emu_syncobj_query_ioctl, true),
	CORE(SYNCOBJ_TRANSFER, emu_syncobj_transfer_ioctl, true),
	CORE(SYNCOBJ_TIMELINE_SIGNAL, emu_syncobj_timeline_signal_ioctl, true),
};

_Static_assert(_IOC_NR(DRM_IOCTL_SYNCOBJ_WAIT) == 0xC3, "syncobj wait nr");
_Static_assert(_IOC_NR(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT) == 0xCA,
	       "syncobj timeline wait nr");
_Static_assert(_IOC_NR(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD) == 0xC1,
	       "syncobj handle to fd nr");

const struct emu_ioctl_desc *emu_drm_core_ioctl(unsigned int nr,
						bool *render_allow)
{
	if (nr >= sizeof(core_ioctls) / sizeof(core_ioctls[0]) ||
	    !core_ioctls[nr].desc.cmd)
		return NULL;
	*render_allow = core_ioctls[nr].render_allow;
	return &core_ioctls[nr].desc;
}
