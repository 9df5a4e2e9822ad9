/* SPDX-License-Identifier: MIT */
/*
 * GEM and VA ioctls (gem-va-prt.md §1-§6), one thin wrapper per ioctl:
 * one uq_drm_ioctl() of the caller's uapi struct, return 0 or -errno.
 */
#ifndef UQ_SRC_DRM_GEM_H
#define UQ_SRC_DRM_GEM_H

#include <stdint.h>

#include <amdgpu_drm.h>

#include "uapi/amdgpu_gem_va.h"

/* DRM_IOCTL_AMDGPU_GEM_CREATE: @args->out.handle on success. */
int uq_gem_create(int fd, union drm_amdgpu_gem_create *args);
/* DRM_IOCTL_AMDGPU_GEM_MMAP: @args->out.addr_ptr, the fake offset to
 * mmap() the render node at. */
int uq_gem_mmap(int fd, union drm_amdgpu_gem_mmap *args);
/* DRM_IOCTL_GEM_CLOSE of @handle: -EINVAL for an unknown one. */
int uq_gem_close(int fd, uint32_t handle);

/**
 * uq_gem_va - DRM_IOCTL_AMDGPU_GEM_VA with the 64-byte struct of 6.16+
 * (libdrm 2.4.114 only sends the 40-byte one, without timeline output or
 * input fences). The kernel table has it as DRM_IOW: nothing is copied
 * back.
 * @fd: render node fd (the DRM file whose VM is changed).
 * @args: the uapi struct; callers fill the fields they use with a
 *        designated initializer, the rest stays 0:
 *   handle: GEM handle; 0 for PRT operations and CLEAR, where it is
 *           ignored.
 *   operation: AMDGPU_VA_OP_MAP, _UNMAP, _CLEAR or _REPLACE.
 *   flags: AMDGPU_VM_* (PRT, DELAY_UPDATE, R/W/X, MTYPE, NOALLOC; the
 *          experimental AMDGPU_VM_EXPLICIT_SYNC).
 *   va_address: GPU virtual address, 4 KiB aligned.
 *   offset_in_bo: offset of the mapping in the BO (0 for PRT).
 *   map_size: size in bytes; UNMAP only range-checks it, so 0 is fine.
 *   vm_timeline_syncobj_out: syncobj that receives the page-table update
 *                            fence, or 0.
 *   vm_timeline_point: its point; 0 replaces the syncobj's fence.
 *   input_fence_syncobj_handles: syncobjs the update waits for, or 0.
 *   num_syncobj_handles: their count.
 *
 * Errno the kernel documents (amdgpu_gem_va_ioctl, in check order):
 * -EINVAL for a VA in the reserved bottom or the hole, beyond the VM, bad
 * flags (AMDGPU_VM_EXPLICIT_SYNC on every released kernel), an unknown
 * operation, a misaligned or zero-sized MAP/REPLACE/CLEAR, or a MAP that
 * overlaps; -ENOENT when a non-PRT, non-CLEAR operation names no valid BO,
 * an input or timeline syncobj is unknown, or UNMAP finds no mapping
 * starting at va_address; -EFAULT for unreadable input syncobjs.
 * Page-table update failures are never returned.
 */
int uq_gem_va(int fd, struct uapi_amdgpu_gem_va *args);

#endif
