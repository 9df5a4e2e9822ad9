/* SPDX-License-Identifier: MIT */
/*
 * drm_syncobj: per-file handles to a fence slot that is either a binary
 * fence or a timeline (a chain of points, like dma_fence_chain).
 */
#ifndef UQ_EMU_SYNCOBJ_H
#define UQ_EMU_SYNCOBJ_H

#include <stdint.h>

struct emu_file;
struct emu_fence;
struct emu_syncobj;

/* drm_syncobj_find: a new reference, or NULL for an unknown handle. */
struct emu_syncobj *emu_syncobj_find(struct emu_file *file, uint32_t handle);
void emu_syncobj_put(struct emu_syncobj *syncobj);

/* drm_syncobj_replace_fence: binary semantics, drops the whole timeline;
 * fence NULL resets it. Takes its own reference. */
void emu_syncobj_replace_fence(struct emu_syncobj *syncobj,
			       struct emu_fence *fence);
/* drm_syncobj_add_point: the fence at timeline point `point`. */
void emu_syncobj_add_point(struct emu_syncobj *syncobj, struct emu_fence *fence,
			   uint64_t point);
/*
 * drm_syncobj_find_fence without waiting (flags 0): -ENOENT for an unknown
 * handle; -EINVAL when there is no fence for that point (UNVERIFIED errno,
 * emulator-notes rule 47). Point 0 is the current fence. *fence gets a new
 * reference; a point already collected reads as the signalled stub.
 */
int emu_syncobj_find_fence(struct emu_file *file, uint32_t handle,
			   uint64_t point, struct emu_fence **fence);

/*
 * Additions (syncobj issue), for USERQ_WAIT and GEM_VA:
 * drm_syncobj_find_fence with flags. DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT
 * (the only flag looked at) waits, with the device lock released, up to
 * 5 s (DRM_SYNCOBJ_WAIT_FOR_SUBMIT_TIMEOUT) for the point to appear, then
 * fails with -ETIME. Otherwise as emu_syncobj_find_fence.
 */
int emu_syncobj_find_fence_flags(struct emu_file *file, uint32_t handle,
				 uint64_t point, uint32_t flags,
				 struct emu_fence **fence);

/* The file's syncobjs, all dropped at file release (drm_syncobj_release). */
void emu_syncobj_file_init(struct emu_file *file);
void emu_syncobj_file_release(struct emu_file *file);
unsigned int emu_syncobj_file_count(struct emu_file *file);

/* DRM core ioctl handlers (drm_syncobj.c), listed in drm_ioctl.c's table. */
int emu_syncobj_create_ioctl(struct emu_file *file, void *data);
int emu_syncobj_destroy_ioctl(struct emu_file *file, void *data);
int emu_syncobj_wait_ioctl(struct emu_file *file, void *data);
int emu_syncobj_timeline_wait_ioctl(struct emu_file *file, void *data);
int emu_syncobj_reset_ioctl(struct emu_file *file, void *data);
int emu_syncobj_signal_ioctl(struct emu_file *file, void *data);
int emu_syncobj_timeline_signal_ioctl(struct emu_file *file, void *data);
int emu_syncobj_query_ioctl(struct emu_file *file, void *data);
int emu_syncobj_transfer_ioctl(struct emu_file *file, void *data);
int emu_syncobj_handle_to_fd_ioctl(struct emu_file *file, void *data);
int emu_syncobj_fd_to_handle_ioctl(struct emu_file *file, void *data);

#endif
