/* SPDX-License-Identifier: MIT */
/*
 * User-mode queue ioctls (userq.md §5, §7, §8), one thin wrapper per ioctl
 * (and per USERQ operation): fill the uapi struct, one
 * drmCommandWriteRead(), return 0 or -errno.
 *
 * Errno every one of them can return first: -ENOTSUPP (524, UQ_ENOTSUPP)
 * when no IP of the device has user queues (kernel b6dff005fcf3, 6.18.y and
 * later; before it CREATE fails with -EINVAL and SIGNAL/WAIT with the
 * errno of their normal checks); -EINVAL on kernels before 6.16, which do
 * not know the ioctl numbers.
 */
#ifndef UQ_SRC_DRM_USERQ_H
#define UQ_SRC_DRM_USERQ_H

#include <stdint.h>

#include "uapi/amdgpu_userq.h"

/**
 * uq_userq_create - DRM_IOCTL_AMDGPU_USERQ, AMDGPU_USERQ_OP_CREATE.
 * @fd: render node fd; the queue belongs to its DRM file and VM.
 * @ip_type: AMDGPU_HW_IP_GFX, _COMPUTE or _DMA.
 * @doorbell_handle: GEM handle of a DOORBELL-domain BO (pinned while the
 *                   queue lives).
 * @doorbell_offset: doorbell slot in 8-byte units inside that BO.
 * @flags: AMDGPU_USERQ_CREATE_FLAGS_* (priority in bits 0-1, SECURE).
 * @queue_va: GPU VA of the ring.
 * @queue_size: ring size in bytes (newest kernels: power of two, >= 4096).
 * @rptr_va: GPU VA of the read pointer; 4096 bytes from it must be mapped.
 * @wptr_va: GPU VA of the write pointer; 4096 bytes from it must be
 *           mapped, SIGNAL reads the u64 at offset 0 of its BO, and the
 *           newest kernels want that BO no larger than one page.
 * @mqd: the IP's MQD struct (struct uapi_amdgpu_userq_mqd_*).
 * @mqd_size: its size: 16 for GFX, 8 for COMPUTE and DMA.
 * @queue_id: the new queue's id (per DRM file, lowest free from 1).
 *
 * Errno (amdgpu_userq_ioctl, in check order): -EINVAL for unknown flags,
 * IP type, a zero or all-ones queue_va, a zero queue_size, zero rptr/wptr
 * VAs, an IP without user queues, unmapped VAs, an unknown doorbell
 * handle, a doorbell offset beyond the BO, or a wrong mqd_size; -EACCES for
 * priority HIGH without CAP_SYS_NICE; -ENOSPC when the device's 262144
 * seq64 fence slots are used up; -EBUSY when the absolute doorbell is in
 * use by another live queue or the file has 512 queues (older kernels:
 * -ENOMEM at 511); -ENOMEM when the MQD cannot be copied.
 */
int uq_userq_create(int fd, uint32_t ip_type, uint32_t doorbell_handle,
		    uint32_t doorbell_offset, uint32_t flags, uint64_t queue_va,
		    uint64_t queue_size, uint64_t rptr_va, uint64_t wptr_va,
		    const void *mqd, uint64_t mqd_size, uint32_t *queue_id);

/**
 * uq_userq_free - DRM_IOCTL_AMDGPU_USERQ, AMDGPU_USERQ_OP_FREE. The kernel
 * waits for the queue's last SIGNAL fence first (newest kernels without a
 * limit), so a queue must never be signalled with a wptr the GPU will not
 * reach.
 * @fd: render node fd of the queue's DRM file.
 * @queue_id: the queue.
 *
 * Errno: -ENOENT for an unknown id (older kernels: -EINVAL).
 */
int uq_userq_free(int fd, uint32_t queue_id);

/**
 * uq_userq_signal - DRM_IOCTL_AMDGPU_USERQ_SIGNAL: create a fence on the
 * queue's fence driver with seqno = the u64 at offset 0 of the wptr BO,
 * install it in each syncobj (replacing its fence) and in the BOs'
 * reservations. A fence whose seqno the queue's seq64 slot already reached
 * is signalled at creation.
 * @fd: render node fd.
 * @queue_id: the signalling queue.
 * @syncobjs: syncobj handles that receive the fence (may be NULL if 0).
 * @num_syncobjs: their count, below 65536 (u16 from 7.1).
 * @bo_read: GEM handles that get the fence as a READ fence.
 * @num_bo_read: their count (<= 65536 on kernels with handle limits).
 * @bo_write: GEM handles that get it as a WRITE fence.
 * @num_bo_write: their count (<= 65536 on kernels with handle limits).
 *
 * Errno: -EINVAL for a handle count above the limit or no mapping at the
 * queue's wptr_va; -ENOENT for an unknown syncobj, BO or queue; -EFAULT
 * for unreadable arrays; -ENOMEM.
 */
int uq_userq_signal(int fd, uint32_t queue_id, const uint32_t *syncobjs,
		    uint32_t num_syncobjs, const uint32_t *bo_read,
		    uint32_t num_bo_read, const uint32_t *bo_write,
		    uint32_t num_bo_write);

/**
 * uq_userq_wait - DRM_IOCTL_AMDGPU_USERQ_WAIT, either pass of the two-call
 * protocol. With *@num_fences == 0 (count): the kernel writes an upper
 * bound of the fence count and takes no reference. With *@num_fences == N
 * (fill): it returns up to N {va, value} pairs of user-queue fences, one
 * per producer queue, each taking a fence-driver reference that is parked
 * on @waitq_id until its next SIGNAL, and writes the real count back.
 * @fd: render node fd.
 * @waitq_id: the waiting queue (only looked at in fill mode).
 * @syncobjs: binary syncobj handles to wait for.
 * @num_syncobjs: their count, below 65536 (u16 from 7.1).
 * @timeline_syncobjs: timeline syncobj handles.
 * @timeline_points: their points; read as a u32 array up to 7.1.
 * @num_timeline: their count.
 * @bo_read: GEM handles whose READ (and stronger) fences are waited for.
 * @num_bo_read: their count.
 * @bo_write: GEM handles whose WRITE (and stronger) fences are waited for.
 * @num_bo_write: their count.
 * @fences: output array of *@num_fences entries (NULL in count mode).
 * @num_fences: in: the capacity of @fences (0 = count); out: the count.
 *
 * Errno: -EINVAL for a handle count above the limit, more fences than
 * *@num_fences in fill mode (6.16 without 49abfa812617 also leaks a fence
 * reference then), or an unknown @waitq_id in fill mode; -ENOENT for an
 * unknown syncobj or BO; -EFAULT for unreadable or unwritable arrays
 * (the references taken stay parked); -ETIME (UNVERIFIED) when a timeline
 * point got no fence within 5 s.
 */
int uq_userq_wait(int fd, uint32_t waitq_id, const uint32_t *syncobjs,
		  uint32_t num_syncobjs, const uint32_t *timeline_syncobjs,
		  const uint32_t *timeline_points, uint16_t num_timeline,
		  const uint32_t *bo_read, uint32_t num_bo_read,
		  const uint32_t *bo_write, uint32_t num_bo_write,
		  struct uapi_amdgpu_userq_fence_info *fences,
		  uint16_t *num_fences);

#endif
