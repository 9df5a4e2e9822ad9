/* SPDX-License-Identifier: MIT */
/*
 * DRM core syncobj arguments in their newest sizes (include/uapi/drm/drm.h at
 * mainline 0030595c3e8b). libdrm 2.4.114 has the older, shorter forms: the
 * waits without deadline_nsec and drm_syncobj_handle without point. The DRM
 * core zero-extends a shorter argument, so both sizes are valid requests.
 */
#ifndef UQ_UAPI_DRM_SYNCOBJ_H
#define UQ_UAPI_DRM_SYNCOBJ_H

#include <stddef.h>
#include <drm.h>
#include "uq_assert.h"

#ifndef DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE
#define DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE (1 << 3)
#endif

struct uapi_drm_syncobj_wait {
	__u64 handles;
	__s64 timeout_nsec; /* absolute CLOCK_MONOTONIC */
	__u32 count_handles;
	__u32 flags;
	__u32 first_signaled;
	__u32 pad;
	__u64 deadline_nsec; /* newer kernels */
};

struct uapi_drm_syncobj_timeline_wait {
	__u64 handles;
	__u64 points;
	__s64 timeout_nsec; /* absolute CLOCK_MONOTONIC */
	__u32 count_handles;
	__u32 flags;
	__u32 first_signaled;
	__u32 pad;
	__u64 deadline_nsec; /* newer kernels */
};

/* "drm/syncobj: Extend EXPORT_SYNC_FILE for timeline syncobjs": point
 * is read only with these flags. */
#ifndef DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE
#define DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE (1 << 1)
#endif
#ifndef DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE
#define DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE (1 << 1)
#endif

struct uapi_drm_syncobj_handle {
	__u32 handle;
	__u32 flags;
	__s32 fd;
	__u32 pad;
	__u64 point; /* newer kernels: timeline EXPORT/IMPORT_SYNC_FILE */
};

UQ_ASSERT_SIZE(struct uapi_drm_syncobj_wait, 40);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_wait, handles, 0);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_wait, timeout_nsec, 8);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_wait, count_handles, 16);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_wait, flags, 20);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_wait, first_signaled, 24);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_wait, pad, 28);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_wait, deadline_nsec, 32);
_Static_assert(sizeof(struct drm_syncobj_wait) == 32, "old syncobj_wait");

UQ_ASSERT_SIZE(struct uapi_drm_syncobj_timeline_wait, 48);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_timeline_wait, handles, 0);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_timeline_wait, points, 8);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_timeline_wait, timeout_nsec, 16);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_timeline_wait, count_handles, 24);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_timeline_wait, flags, 28);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_timeline_wait, first_signaled, 32);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_timeline_wait, pad, 36);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_timeline_wait, deadline_nsec, 40);
_Static_assert(sizeof(struct drm_syncobj_timeline_wait) == 40,
	       "old syncobj_timeline_wait");

UQ_ASSERT_SIZE(struct uapi_drm_syncobj_handle, 24);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_handle, handle, 0);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_handle, flags, 4);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_handle, fd, 8);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_handle, pad, 12);
UQ_ASSERT_OFF(struct uapi_drm_syncobj_handle, point, 16);

#endif
