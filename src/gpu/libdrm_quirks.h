/* SPDX-License-Identifier: MIT */
/*
 * Work-arounds for libdrm bugs the tool can reach (see libdrm_quirks.c).
 */
#ifndef UQ_GPU_LIBDRM_QUIRKS_H
#define UQ_GPU_LIBDRM_QUIRKS_H

/*
 * Around one amdgpu_device_initialize() call: arm makes a failing
 * drmGetVersion() return an empty version instead of NULL; disarm ends
 * that and returns the errno of the drmGetVersion() that failed in
 * between, or 0 if none did. Calling thread only.
 */
void uq_libdrm_version_quirk_arm(void);
int uq_libdrm_version_quirk_disarm(void);

#endif
