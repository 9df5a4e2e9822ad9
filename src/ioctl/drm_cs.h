/* SPDX-License-Identifier: MIT */
/*
 * Kernel command submission (DRM_IOCTL_AMDGPU_CS) through libdrm 2.4.114's
 * raw CS API: one thin wrapper that fills the chunk array libdrm lacks a
 * helper for (one IB, one SYNCOBJ_OUT) and makes one
 * amdgpu_cs_submit_raw2() call. Contexts and BO lists are created with
 * libdrm directly (amdgpu_cs_ctx_create2, amdgpu_bo_list_create_raw).
 */
#ifndef UQ_SRC_DRM_CS_H
#define UQ_SRC_DRM_CS_H

#include <stdint.h>

#include <amdgpu.h>

/**
 * uq_cs_submit_ib - submit one IB on a ring of @ctx and attach the job's
 * fence to a binary syncobj.
 * @adev: the libdrm device (its DRM file is the VM the IB runs in).
 * @ctx: context from amdgpu_cs_ctx_create2().
 * @bo_list: BO list handle from amdgpu_bo_list_create_raw(), or 0.
 * @ip_type: AMDGPU_HW_IP_GFX or AMDGPU_HW_IP_COMPUTE.
 * @ring: ring index of that IP.
 * @ib_va: GPU address of the IB (ib_start_alignment of HW_IP_INFO).
 * @ib_bytes: IB size (a multiple of ib_size_alignment).
 * @syncobj_out: syncobj that receives the job fence (replacing its fence).
 * @seq: the job's sequence number on the ring (may be NULL).
 *
 * Returns 0 or -errno (amdgpu_cs_ioctl and its parser): -EINVAL for a
 * bad IP, ring, context, IB size or chunk; -ENOENT for an unknown BO list
 * or syncobj; -ENOMEM; -ECANCELED when the context is guilty of a GPU
 * reset.
 */
int uq_cs_submit_ib(amdgpu_device_handle adev, amdgpu_context_handle ctx,
		    uint32_t bo_list, uint32_t ip_type, uint32_t ring,
		    uint64_t ib_va, uint32_t ib_bytes, uint32_t syncobj_out,
		    uint64_t *seq);

#endif
