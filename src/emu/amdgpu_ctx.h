/* SPDX-License-Identifier: MIT */
/*
 * Kernel command submission: contexts (DRM_IOCTL_AMDGPU_CTX), CS, WAIT_CS
 * and WAIT_FENCES, run by the emulated command processor (amdgpu_cp.c).
 */
#ifndef UQ_EMU_AMDGPU_CTX_H
#define UQ_EMU_AMDGPU_CTX_H

#include "drm_file.h"

struct emu_audit;

int amdgpu_ctx_ioctl(struct emu_file *file, void *data);
int amdgpu_cs_ioctl(struct emu_file *file, void *data);
int amdgpu_cs_wait_ioctl(struct emu_file *file, void *data);
int amdgpu_cs_wait_fences_ioctl(struct emu_file *file, void *data);

/* amdgpu_ctx_mgr_init / _fini (the latter from postclose). */
int amdgpu_ctx_mgr_init(struct emu_file *file);
void amdgpu_ctx_mgr_fini(struct emu_file *file);

void amdgpu_ctx_audit_file(struct emu_file *file, struct emu_audit *audit);

#endif
