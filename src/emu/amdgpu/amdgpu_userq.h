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

/*
 * amdgpu_userq_gem_va_unmap_validate (6f3c8a5fe6, 6.19): GEM_VA UNMAP of a
 * mapping whose bo_va a userq CREATE marked waits on the BO's eviction
 * fence, which evicts every user queue of @vm's file and restores them
 * afterwards. Never fails. Needs the device lock, which it may drop
 * while the eviction takes its time: the caller looks its mapping up
 * again afterwards.
 */
struct amdgpu_vm;
void amdgpu_userq_gem_va_unmap_validate(struct amdgpu_vm *vm, uint64_t saddr);

void amdgpu_userq_audit_file(struct emu_file *file, struct emu_audit *audit);
void amdgpu_userq_audit_device(struct emu_audit *audit);

#endif
