/* SPDX-License-Identifier: MIT */
/*
 * EXPERIMENTAL, UNMERGED uAPI.
 *
 * AMDGPU_VM_EXPLICIT_SYNC as proposed in "[PATCH 2/3] drm/amdgpu: Implement
 * explicit sync for PRT unmaps" (Natalie Vock, amd-gfx, 29 May 2026; same bit
 * as the 2023 and 2024 attempts, none merged). No released kernel header and
 * no libdrm has it; every released kernel rejects the bit with -EINVAL.
 * Never detect support by the KMS minor (3.65 was proposed twice): probe
 * with GEM_VA instead. Kept apart from src/uapi/ the way IGT keeps
 * include/drm-uapi-experimental/, and to be dropped or corrected once an
 * upstream header carries it.
 */
#ifndef UQ_UAPI_AMDGPU_VM_EXPLICIT_SYNC_H
#define UQ_UAPI_AMDGPU_VM_EXPLICIT_SYNC_H

#ifndef AMDGPU_VM_EXPLICIT_SYNC
#define AMDGPU_VM_EXPLICIT_SYNC (1 << 10)
#endif

_Static_assert(AMDGPU_VM_EXPLICIT_SYNC == 0x400, "bit 10");

#endif
