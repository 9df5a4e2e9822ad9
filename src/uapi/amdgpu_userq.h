/* SPDX-License-Identifier: MIT */
/*
 * User-mode queue ABI of amdgpu (DRM_IOCTL_AMDGPU_USERQ, _USERQ_SIGNAL,
 * _USERQ_WAIT), as first released in Linux 6.16 (kernel commit a292fdecd728)
 * and laid out in include/uapi/drm/amdgpu_drm.h at mainline 0030595c3e8b.
 *
 * libdrm 2.4.114 (Debian 12) has none of this, so the project carries its own
 * definitions. Struct names carry a uapi_ prefix so they never collide with a
 * newer libdrm's copies of the same structs.
 *
 * 7.1 count-width change (kernel commits d8e760b7996d and c561d2320492): the
 * SIGNAL num_syncobj_handles went from u64 to u16 + u16 pad + u32 pad, and the
 * WAIT num_syncobj_handles from u32 to u16 + u16 pad. Sizes and the
 * little-endian position of the low bytes are unchanged, so writing the
 * count as the wide (pre-7.1) type with a value below 65536 works on every
 * kernel on little endian. That is what these definitions do; big endian is
 * not supported.
 */
#ifndef UQ_UAPI_AMDGPU_USERQ_H
#define UQ_UAPI_AMDGPU_USERQ_H

#include <stddef.h>
#include <drm.h>
#include "amdgpu_gem_va.h"
#include "uq_assert.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "userq count fields are only portable across 6.16..7.1+ on little endian"
#endif

#define UAPI_AMDGPU_USERQ 0x16
#define UAPI_AMDGPU_USERQ_SIGNAL 0x17
#define UAPI_AMDGPU_USERQ_WAIT 0x18

#define UAPI_AMDGPU_USERQ_OP_CREATE 1
#define UAPI_AMDGPU_USERQ_OP_FREE 2

#define UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_PRIORITY_MASK 0x3
#define UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_PRIORITY_SHIFT 0
#define UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_PRIORITY_NORMAL_LOW 0
#define UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_PRIORITY_LOW 1
#define UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_PRIORITY_NORMAL_HIGH 2
#define UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_PRIORITY_HIGH 3 /* CAP_SYS_NICE */
#define UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_SECURE (1u << 2)

/* Per DRM file (AMDGPU_MAX_USERQ_COUNT) and per SIGNAL/WAIT handle array. */
#define UAPI_AMDGPU_MAX_USERQ_COUNT 512
#define UAPI_AMDGPU_USERQ_MAX_HANDLES (1u << 16)

/* One u64 seq64 slot per fence driver, per device (amdgpu_seq64.c). */
#define UAPI_AMDGPU_MAX_SEQ64_SLOTS (UAPI_AMDGPU_VA_RESERVED_SEQ64_SIZE / 8)

/* Kernel-internal errno returned by the userq ioctls when no IP has user
 * queues (b6dff005fcf3). glibc has no name for it. */
#define UAPI_ENOTSUPP 524

struct uapi_amdgpu_userq_in {
	__u32 op;
	__u32 queue_id; /* FREE only */
	__u32 ip_type; /* AMDGPU_HW_IP_GFX, _COMPUTE or _DMA */
	__u32 doorbell_handle; /* GEM handle of a DOORBELL-domain BO */
	__u32 doorbell_offset; /* in 8-byte units inside that BO */
	__u32 flags;
	__u64 queue_va;
	__u64 queue_size;
	__u64 rptr_va;
	__u64 wptr_va;
	__u64 mqd; /* user pointer to the per-IP MQD struct below */
	__u64 mqd_size;
};

struct uapi_amdgpu_userq_out {
	__u32 queue_id;
	__u32 _pad;
};

union uapi_amdgpu_userq {
	struct uapi_amdgpu_userq_in in;
	struct uapi_amdgpu_userq_out out;
};

/* GFX11 and GFX12 graphics queue */
struct uapi_amdgpu_userq_mqd_gfx11 {
	__u64 shadow_va;
	__u64 csa_va;
};

/* compute queue */
struct uapi_amdgpu_userq_mqd_compute_gfx11 {
	__u64 eop_va;
};

/* SDMA queue */
struct uapi_amdgpu_userq_mqd_sdma_gfx11 {
	__u64 csa_va;
};

struct uapi_amdgpu_userq_signal {
	__u32 queue_id;
	__u32 pad;
	__u64 syncobj_handles; /* pointer to __u32[] */
	__u64 num_syncobj_handles; /* u16 + pads from 7.1: keep < 65536 */
	__u64 bo_read_handles; /* pointer to __u32[] */
	__u64 bo_write_handles; /* pointer to __u32[] */
	__u32 num_bo_read_handles;
	__u32 num_bo_write_handles;
};

struct uapi_amdgpu_userq_fence_info {
	__u64 va; /* sign-extended GPU VA of the producer's seq64 slot */
	__u64 value; /* done when *va >= value */
};

struct uapi_amdgpu_userq_wait {
	__u32 waitq_id;
	__u32 pad;
	__u64 syncobj_handles; /* pointer to __u32[] */
	__u64 syncobj_timeline_handles; /* pointer to __u32[] */
	/* Read by the kernel as a u32 array up to 7.1 (memdup_array_user with
	 * sizeof(u32)); only points < 2^32 are portable. */
	__u64 syncobj_timeline_points;
	__u64 bo_read_handles; /* pointer to __u32[] */
	__u64 bo_write_handles; /* pointer to __u32[] */
	__u16 num_syncobj_timeline_handles;
	__u16 num_fences; /* in: capacity of out_fences (0 = count); out: count */
	__u32 num_syncobj_handles; /* u16 + u16 pad from 7.1: keep < 65536 */
	__u32 num_bo_read_handles;
	__u32 num_bo_write_handles;
	__u64 out_fences; /* pointer to struct uapi_amdgpu_userq_fence_info[] */
};

#define UAPI_IOCTL_AMDGPU_USERQ \
	DRM_IOWR(DRM_COMMAND_BASE + UAPI_AMDGPU_USERQ, union uapi_amdgpu_userq)
#define UAPI_IOCTL_AMDGPU_USERQ_SIGNAL                        \
	DRM_IOWR(DRM_COMMAND_BASE + UAPI_AMDGPU_USERQ_SIGNAL, \
		 struct uapi_amdgpu_userq_signal)
#define UAPI_IOCTL_AMDGPU_USERQ_WAIT                        \
	DRM_IOWR(DRM_COMMAND_BASE + UAPI_AMDGPU_USERQ_WAIT, \
		 struct uapi_amdgpu_userq_wait)

UQ_ASSERT_SIZE(struct uapi_amdgpu_userq_in, 72);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_in, op, 0);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_in, queue_id, 4);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_in, ip_type, 8);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_in, doorbell_handle, 12);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_in, doorbell_offset, 16);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_in, flags, 20);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_in, queue_va, 24);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_in, queue_size, 32);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_in, rptr_va, 40);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_in, wptr_va, 48);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_in, mqd, 56);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_in, mqd_size, 64);
UQ_ASSERT_SIZE(struct uapi_amdgpu_userq_out, 8);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_out, queue_id, 0);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_out, _pad, 4);
UQ_ASSERT_SIZE(union uapi_amdgpu_userq, 72);

UQ_ASSERT_SIZE(struct uapi_amdgpu_userq_mqd_gfx11, 16);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_mqd_gfx11, shadow_va, 0);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_mqd_gfx11, csa_va, 8);
UQ_ASSERT_SIZE(struct uapi_amdgpu_userq_mqd_compute_gfx11, 8);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_mqd_compute_gfx11, eop_va, 0);
UQ_ASSERT_SIZE(struct uapi_amdgpu_userq_mqd_sdma_gfx11, 8);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_mqd_sdma_gfx11, csa_va, 0);

UQ_ASSERT_SIZE(struct uapi_amdgpu_userq_signal, 48);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_signal, queue_id, 0);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_signal, pad, 4);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_signal, syncobj_handles, 8);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_signal, num_syncobj_handles, 16);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_signal, bo_read_handles, 24);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_signal, bo_write_handles, 32);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_signal, num_bo_read_handles, 40);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_signal, num_bo_write_handles, 44);

UQ_ASSERT_SIZE(struct uapi_amdgpu_userq_fence_info, 16);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_fence_info, va, 0);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_fence_info, value, 8);

UQ_ASSERT_SIZE(struct uapi_amdgpu_userq_wait, 72);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_wait, waitq_id, 0);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_wait, pad, 4);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_wait, syncobj_handles, 8);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_wait, syncobj_timeline_handles, 16);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_wait, syncobj_timeline_points, 24);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_wait, bo_read_handles, 32);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_wait, bo_write_handles, 40);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_wait, num_syncobj_timeline_handles, 48);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_wait, num_fences, 50);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_wait, num_syncobj_handles, 52);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_wait, num_bo_read_handles, 56);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_wait, num_bo_write_handles, 60);
UQ_ASSERT_OFF(struct uapi_amdgpu_userq_wait, out_fences, 64);

_Static_assert(UAPI_IOCTL_AMDGPU_USERQ == 0xc0486456, "USERQ request");
_Static_assert(UAPI_IOCTL_AMDGPU_USERQ_SIGNAL == 0xc0306457, "SIGNAL request");
_Static_assert(UAPI_IOCTL_AMDGPU_USERQ_WAIT == 0xc0486458, "WAIT request");

#endif
