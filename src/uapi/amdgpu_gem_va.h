/* SPDX-License-Identifier: MIT */
/*
 * The 64-byte DRM_IOCTL_AMDGPU_GEM_VA argument of Linux 6.16+ (VM timeline
 * out-fence and input syncobjs; "drm/amdgpu: Add input fence to sync bo
 * map/unmap", listed in the drm-next-6.16 pull), the DOORBELL GEM domain and
 * the VA-space constants, as in include/uapi/drm/amdgpu_drm.h at mainline
 * 0030595c3e8b. libdrm 2.4.114 only has the 40-byte struct.
 *
 * GEM_VA is DRM_IOW in the kernel's table, so nothing is ever copied back.
 * The DRM core copies _IOC_SIZE(cmd) bytes in and zero-fills the rest, so a
 * 40-byte caller means "no timeline output, no input fences".
 */
#ifndef UQ_UAPI_AMDGPU_GEM_VA_H
#define UQ_UAPI_AMDGPU_GEM_VA_H

#include <stddef.h>
#include <drm.h>
#include <amdgpu_drm.h>
#include "uq_assert.h"

#ifndef AMDGPU_GEM_DOMAIN_DOORBELL
#define AMDGPU_GEM_DOMAIN_DOORBELL 0x40 /* libdrm 2.4.117+ */
#endif
#ifndef AMDGPU_GEM_DOMAIN_MMIO_REMAP
#define AMDGPU_GEM_DOMAIN_MMIO_REMAP 0x80
#endif
#ifndef AMDGPU_VM_PAGE_NOALLOC
#define AMDGPU_VM_PAGE_NOALLOC (1 << 9) /* KMS 3.47 */
#endif

#define UAPI_AMDGPU_GEM_VA_SIZE_V1 40 /* before 6.16 */
#define UAPI_AMDGPU_GEM_VA_SIZE_V2 64 /* 6.16+ */

struct uapi_amdgpu_gem_va {
	__u32 handle; /* ignored for PRT ops and CLEAR */
	__u32 _pad;
	__u32 operation; /* AMDGPU_VA_OP_* */
	__u32 flags; /* AMDGPU_VM_* */
	__u64 va_address;
	__u64 offset_in_bo;
	__u64 map_size;
	/* 6.16+ */
	__u64 vm_timeline_point; /* 0: replace the syncobj's fence */
	__u32 vm_timeline_syncobj_out; /* 0: none */
	__u32 num_syncobj_handles;
	__u64 input_fence_syncobj_handles; /* pointer to __u32[] */
};

#define UAPI_IOCTL_AMDGPU_GEM_VA \
	DRM_IOW(DRM_COMMAND_BASE + DRM_AMDGPU_GEM_VA, struct uapi_amdgpu_gem_va)

/* VA layout of a 48-bit VM (amdgpu_vm.h / amdgpu_gmc.h, 2025-2026). */
#define UAPI_AMDGPU_GPU_PAGE_SIZE 4096ull
#define UAPI_AMDGPU_VA_RESERVED_BOTTOM (1ull << 16)
#define UAPI_AMDGPU_VA_RESERVED_TRAP_SIZE (2ull << 12)
#define UAPI_AMDGPU_VA_RESERVED_CSA_SIZE (2ull << 20)
/* seq64 area: 2 MiB of u64 fence slots, one per userq fence driver. */
#define UAPI_AMDGPU_VA_RESERVED_SEQ64_SIZE (2ull << 20)
#define UAPI_AMDGPU_VA_RESERVED_TOP           \
	(UAPI_AMDGPU_VA_RESERVED_TRAP_SIZE +  \
	 UAPI_AMDGPU_VA_RESERVED_SEQ64_SIZE + \
	 UAPI_AMDGPU_VA_RESERVED_CSA_SIZE)
#define UAPI_AMDGPU_GMC_HOLE_START 0x0000800000000000ull
#define UAPI_AMDGPU_GMC_HOLE_END 0xffff800000000000ull
#define UAPI_AMDGPU_GMC_HOLE_MASK 0x0000ffffffffffffull

_Static_assert(sizeof(struct uapi_amdgpu_gem_va) == 64, "gem_va size");
_Static_assert(offsetof(struct uapi_amdgpu_gem_va, handle) == 0, "handle");
_Static_assert(offsetof(struct uapi_amdgpu_gem_va, _pad) == 4, "_pad");
_Static_assert(offsetof(struct uapi_amdgpu_gem_va, operation) == 8, "op");
_Static_assert(offsetof(struct uapi_amdgpu_gem_va, flags) == 12, "flags");
_Static_assert(offsetof(struct uapi_amdgpu_gem_va, va_address) == 16, "va");
_Static_assert(offsetof(struct uapi_amdgpu_gem_va, offset_in_bo) == 24, "off");
_Static_assert(offsetof(struct uapi_amdgpu_gem_va, map_size) == 32, "size");
_Static_assert(offsetof(struct uapi_amdgpu_gem_va, vm_timeline_point) == 40,
	       "vm_timeline_point");
_Static_assert(offsetof(struct uapi_amdgpu_gem_va, vm_timeline_syncobj_out) ==
		       48,
	       "vm_timeline_syncobj_out");
_Static_assert(offsetof(struct uapi_amdgpu_gem_va, num_syncobj_handles) == 52,
	       "num_syncobj_handles");
_Static_assert(offsetof(struct uapi_amdgpu_gem_va,
			input_fence_syncobj_handles) == 56,
	       "input_fence_syncobj_handles");
/* The old struct is the first 40 bytes of the new one. */
_Static_assert(sizeof(struct drm_amdgpu_gem_va) == UAPI_AMDGPU_GEM_VA_SIZE_V1,
	       "libdrm's gem_va is the pre-6.16 one");
_Static_assert(UAPI_IOCTL_AMDGPU_GEM_VA == 0x40406448, "GEM_VA request");
_Static_assert(UAPI_AMDGPU_VA_RESERVED_TOP == 0x402000, "reserved top");

#endif
