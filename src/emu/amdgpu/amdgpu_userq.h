/* SPDX-License-Identifier: MIT */
/*
 * User-mode queues: DRM_IOCTL_AMDGPU_USERQ (create/free), USERQ_SIGNAL,
 * USERQ_WAIT, fence drivers and the seq64 pool (userq.md).
 */
#ifndef UQ_EMU_AMDGPU_USERQ_H
#define UQ_EMU_AMDGPU_USERQ_H

#include "emu/drm/drm_file.h"

struct emu_audit;

int amdgpu_userq_ioctl(struct emu_file *file, void *data);
int amdgpu_userq_signal_ioctl(struct emu_file *file, void *data);
int amdgpu_userq_wait_ioctl(struct emu_file *file, void *data);

/* amdgpu_userq_mgr_init / _fini (the latter from amdgpu_drm_release). */
int amdgpu_userq_mgr_init(struct emu_file *file);
void amdgpu_userq_mgr_fini(struct emu_file *file);

void amdgpu_userq_audit_file(struct emu_file *file, struct emu_audit *audit);
void amdgpu_userq_audit_device(struct emu_audit *audit);

#endif
