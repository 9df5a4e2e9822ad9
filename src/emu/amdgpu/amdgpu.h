/* SPDX-License-Identifier: MIT */
/*
 * The amdgpu driver part of the emulator: what the DRM core calls.
 */
#ifndef UQ_EMU_AMDGPU_H
#define UQ_EMU_AMDGPU_H

#include "emu/drm/drm_file.h"

struct emu_audit;

/* Driver ioctls, indexed by nr - DRM_COMMAND_BASE (amdgpu_ioctls_kms[]). */
extern const struct emu_ioctl_desc amdgpu_ioctls[];
extern const unsigned int amdgpu_num_ioctls;

/* Read the board file into emu_dev.board, first at init; a board that
 * cannot be read exits with 64 (amdgpu_board.c). */
void amdgpu_board_init(void);
/* Device init, once (fills the INFO data for the active profile). */
void amdgpu_device_init(void);
/* amdgpu_driver_open_kms: the file's VM, PRT bo_va... 0 or -errno. */
int amdgpu_driver_open(struct emu_file *file);
/* amdgpu_drm_release, before the DRM core's release: user queues go
 * first (amdgpu_userq_mgr_fini), while the file's BOs and syncobjs are
 * still there. Then the core drops syncobjs and GEM handles. */
void amdgpu_driver_preclose(struct emu_file *file);
/* amdgpu_driver_postclose_kms: tear down in the kernel's order (queues,
 * contexts, BO list, VM), with the GEM handles already released. */
void amdgpu_driver_postclose(struct emu_file *file);
/* Add what this file still holds to the audit (before the cleanup). */
void amdgpu_audit_file(struct emu_file *file, struct emu_audit *audit);
/* Add the device-wide state: fence drivers live and leaked, userq fences
 * alive, seq64 slots in use (zero until user queues are emulated). */
void amdgpu_audit_device(struct emu_audit *audit);

#endif
