/* SPDX-License-Identifier: MIT */
/*
 * User-mode queue ioctls (userq.md §5, §7, §8), one thin wrapper per ioctl
 * (and per USERQ operation): fill the uapi struct (SIGNAL and WAIT take the
 * caller's, as libdrm's amdgpu_userq_signal/_wait do), one
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
 * @args: the uapi struct (uq_userq_signal_args() fills it for syncobjs
 *        only); the kernel changes none of its fields.
 *
 * Errno: -EINVAL for a handle count above the limit (syncobjs below 65536,
 * u16 from 7.1; BOs <= 65536 on kernels with handle limits) or no mapping
 * at the queue's wptr_va; -ENOENT for an unknown syncobj, BO or queue;
 * -EFAULT for unreadable arrays; -ENOMEM.
 */
int uq_userq_signal(int fd, struct uapi_amdgpu_userq_signal *args);

/**
 * uq_userq_wait - DRM_IOCTL_AMDGPU_USERQ_WAIT, either pass of the two-call
 * protocol. With num_fences == 0 (count): the kernel writes an upper bound
 * of the fence count and takes no reference. With num_fences == N (fill):
 * it writes up to N {va, value} pairs of user-queue fences to out_fences,
 * one per producer queue, each taking a fence-driver reference that is
 * parked on waitq_id until its next SIGNAL, and writes the real count back
 * to num_fences. uq_userq_wait_count() and uq_userq_wait_fill() set these
 * two fields for each pass.
 * @fd: render node fd.
 * @args: the uapi struct (uq_userq_wait_args() fills it for binary
 *        syncobjs only). syncobj_timeline_points is passed through as it
 *        is: kernels up to 7.0 read it as a u32 array, 7.1 as u64.
 *
 * Errno: -EINVAL for a handle count above the limit (syncobjs below 65536,
 * u16 from 7.1), more fences than num_fences in fill mode (6.16 without
 * 49abfa812617 also leaks a fence reference then), or an unknown waitq_id
 * in fill mode; -ENOENT for an unknown syncobj or BO; -EFAULT for
 * unreadable or unwritable arrays (the references taken stay parked);
 * -ETIME (UNVERIFIED) when a timeline point got no fence within 5 s.
 */
int uq_userq_wait(int fd, struct uapi_amdgpu_userq_wait *args);

/*
 * Call forms for what the tool does: SIGNAL into and WAIT on binary
 * syncobjs, no timelines, no BOs. Inline, so that a measured loop that
 * prepares the structs once pays for the ioctl wrapper only.
 */

/* SIGNAL args: @queue_id signals into @syncobjs[@count]. */
static inline struct uapi_amdgpu_userq_signal
uq_userq_signal_args(uint32_t queue_id, const uint32_t *syncobjs,
		     uint16_t count)
{
	return (struct uapi_amdgpu_userq_signal){
		.queue_id = queue_id,
		.syncobj_handles = (uintptr_t)syncobjs,
		.num_syncobj_handles = count,
	};
}

/* WAIT args: @waitq_id waits on the binary @syncobjs[@count]. */
static inline struct uapi_amdgpu_userq_wait
uq_userq_wait_args(uint32_t waitq_id, const uint32_t *syncobjs, uint16_t count)
{
	return (struct uapi_amdgpu_userq_wait){
		.waitq_id = waitq_id,
		.syncobj_handles = (uintptr_t)syncobjs,
		.num_syncobj_handles = count,
	};
}

/* WAIT, count pass: *@count = the kernel's upper bound of the fences
 * (left alone on failure). */
static inline int uq_userq_wait_count(int fd,
				      struct uapi_amdgpu_userq_wait *args,
				      uint16_t *count)
{
	int ret;

	args->num_fences = 0;
	args->out_fences = 0;
	ret = uq_userq_wait(fd, args);
	if (!ret)
		*count = args->num_fences;
	return ret;
}

/* WAIT, fill pass: up to *@count fences into @fences; *@count = how many
 * (left alone on failure). */
static inline int
uq_userq_wait_fill(int fd, struct uapi_amdgpu_userq_wait *args,
		   struct uapi_amdgpu_userq_fence_info *fences, uint16_t *count)
{
	int ret;

	args->num_fences = *count;
	args->out_fences = (uintptr_t)fences;
	ret = uq_userq_wait(fd, args);
	if (!ret)
		*count = args->num_fences;
	return ret;
}

#endif
