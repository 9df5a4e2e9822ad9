/* SPDX-License-Identifier: MIT */
/*
 * Driver-internal state of the emulated amdgpu: the device data behind
 * AMDGPU_INFO (amdgpu_device.c), the per-file private data
 * (struct amdgpu_fpriv, amdgpu_kms.c) and the BO (struct amdgpu_bo,
 * amdgpu_object.h), plus the ioctl handlers the table in amdgpu_drv.c
 * points at.
 */
#ifndef UQ_EMU_AMDGPU_PRIV_H
#define UQ_EMU_AMDGPU_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "amdgpu_vm.h"
#include "emu/drm/drm_file.h"
#include "emu/drm/drm_gem.h"
#include "uapi/amdgpu_gem_va.h"
#include "uapi/amdgpu_info.h"

/* The kernel's AMDGPU_HW_IP_NUM counts VPE (9); libdrm 2.4.114's stops at 9. */
#define AMDGPU_EMU_HW_IP_NUM 10

/* Firmware types newer than libdrm 2.4.114 (include/uapi/drm/amdgpu_drm.h). */
#ifndef AMDGPU_INFO_FW_CAP
#define AMDGPU_INFO_FW_CAP 0x16
#endif
#ifndef AMDGPU_INFO_FW_GFX_RLCP
#define AMDGPU_INFO_FW_GFX_RLCP 0x17
#endif
#ifndef AMDGPU_INFO_FW_GFX_RLCV
#define AMDGPU_INFO_FW_GFX_RLCV 0x18
#endif
#ifndef AMDGPU_INFO_FW_MES_KIQ
#define AMDGPU_INFO_FW_MES_KIQ 0x19
#endif
#ifndef AMDGPU_INFO_FW_IMU
#define AMDGPU_INFO_FW_IMU 0x1b
#endif
#ifndef AMDGPU_INFO_FW_VPE
#define AMDGPU_INFO_FW_VPE 0x1c
#endif
#define AMDGPU_EMU_FW_NUM 0x1d

#ifndef AMDGPU_INFO_MAX_IBS
#define AMDGPU_INFO_MAX_IBS 0x22
#endif
#ifndef AMDGPU_INFO_GPUVM_FAULT
#define AMDGPU_INFO_GPUVM_FAULT 0x23
#endif

/* BO create flags newer than libdrm 2.4.114. */
#ifndef AMDGPU_GEM_CREATE_DISCARDABLE
#define AMDGPU_GEM_CREATE_DISCARDABLE (1 << 12)
#endif
#ifndef AMDGPU_GEM_CREATE_GFX12_DCC
#define AMDGPU_GEM_CREATE_GFX12_DCC (1 << 16)
#endif

/* One hardware IP as HW_IP_INFO / HW_IP_COUNT describe it. */
struct amdgpu_emu_hw_ip {
	bool present; /* an IP block of this type exists and is valid */
	uint32_t major, minor; /* IP block version */
	uint32_t num_rings; /* after the amdgpu_ctx_num_entities cap */
	uint32_t ib_start_alignment, ib_size_alignment;
	uint32_t ip_discovery_version;
	uint32_t userq_num_slots; /* MES HQD slots when userq is on */
	uint32_t count; /* HW_IP_COUNT */
};

struct amdgpu_emu_fw {
	uint32_t ver, feature;
};

/* AMDGPU_INFO_SENSOR subqueries newer than libdrm 2.4.114. */
#ifndef AMDGPU_INFO_SENSOR_PEAK_PSTATE_GFX_SCLK
#define AMDGPU_INFO_SENSOR_PEAK_PSTATE_GFX_SCLK 0xa
#endif
#ifndef AMDGPU_INFO_SENSOR_PEAK_PSTATE_GFX_MCLK
#define AMDGPU_INFO_SENSOR_PEAK_PSTATE_GFX_MCLK 0xb
#endif
#ifndef AMDGPU_INFO_SENSOR_GPU_INPUT_POWER
#define AMDGPU_INFO_SENSOR_GPU_INPUT_POWER 0xc
#endif
/* AMDGPU_INFO_SENSOR_GFX_SCLK (1) .. GPU_INPUT_POWER (0xc) */
#define AMDGPU_EMU_SENSOR_NUM 13
/* AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_MPEG2 .. _AV1 */
#define AMDGPU_EMU_CODEC_NUM 8

/* One AMDGPU_INFO_SENSOR answer: the value as the ioctl returns it (MHz,
 * millidegrees, percent, watts, millivolts), or none when the SMU of the
 * board does not provide that sensor (the ioctl's -EINVAL). */
struct amdgpu_emu_sensor {
	bool supported;
	uint32_t value;
};

/* One row of the ASIC's static codec table (soc21.c codec_info_build). */
struct amdgpu_emu_codec {
	bool valid;
	uint32_t max_width, max_height, max_pixels_per_frame, max_level;
};

/*
 * A board: what AMDGPU_INFO reports of one GPU model. Data only, read from
 * a board file (boards/navi31.board, amdgpu_board.c); amdgpu_device_init()
 * derives the rest as the kernel does.
 */
struct amdgpu_board {
	char name[32];
	/* PCI subsystem ids (sysfs; the device id and revision are
	 * dev_info's) */
	uint32_t pci_subsystem_vendor, pci_subsystem_device;
	/* without what the kernel derives: ids_flags, the VA fields, the gfx
	 * shadow info and userq_ip_mask */
	struct uapi_amdgpu_info_device dev_info;
	/* the inputs of DEV_INFO ids_flags (amdgpu_kms.c): AMD_IS_APU,
	 * adev->gfx.mcbp, amdgpu_is_tmz(), ta_cntl2_truncate_coord_mode */
	bool apu, mcbp, tmz, trunc_coord;
	/* userq_num_slots: with user queues on */
	struct amdgpu_emu_hw_ip hw_ip[AMDGPU_EMU_HW_IP_NUM];
	uint32_t userq_ip_mask; /* IPs with user queues, when on */
	struct amdgpu_emu_fw fw[AMDGPU_EMU_FW_NUM];
	struct amdgpu_emu_fw fw_sdma[2]; /* per SDMA instance */
	struct amdgpu_emu_fw fw_mec2;
	uint32_t sdma_num_instances;

	/* amdgpu_gfx_shadow_info (gfx_v11_0_get_gfx_shadow_info) */
	uint32_t shadow_size, shadow_alignment, csa_size, csa_alignment;
	uint32_t eop_size, eop_alignment;
	/* sdma_v6_0 get_csa_info */
	uint32_t sdma_csa_size, sdma_csa_alignment;

	/* GMC / TTM */
	uint64_t real_vram_size, visible_vram_size, gtt_size;
	uint64_t vram_pin_size, visible_pin_size, gart_pin_size;
	uint64_t max_pfn; /* vm_manager.max_pfn */
	uint32_t gds_size, gws_size, oa_size;

	uint32_t gb_addr_config;
	uint64_t gpu_counter_hz; /* RLC clock counter frequency */

	/* AMDGPU_INFO_SENSOR, indexed by subquery */
	struct amdgpu_emu_sensor sensor[AMDGPU_EMU_SENSOR_NUM];
	/* AMDGPU_INFO_VIDEO_CAPS: decode [0], encode [1] */
	struct amdgpu_emu_codec codec[2][AMDGPU_EMU_CODEC_NUM];
};

/* amdgpu_board.c: the board file, or the reason it cannot be loaded. */
#define AMDGPU_BOARD_DEFAULT "navi31"
/* Fill @board from the file $USERQ_EMU_BOARD, else the build tree's or the
 * installed boards/navi31.board. 0, or -1 with @err (a path and line and
 * what is wrong) filled. */
int amdgpu_board_load(struct amdgpu_board *board, char *err, size_t err_len);

struct amdgpu_ctx;

/* The one emulated GPU (struct amdgpu_device, reduced to what is used):
 * emu_dev.adev. Each member says which file owns it. */
struct amdgpu_device {
	/* amdgpu_device.c: the board, and what the kernel derives from it
	 * for the active profile */
	const struct amdgpu_board *board;
	struct uapi_amdgpu_info_device dev_info; /* DEV_INFO's answer */
	struct amdgpu_emu_hw_ip hw_ip[AMDGPU_EMU_HW_IP_NUM];
	uint64_t sdma_job_ns; /* USERQ_EMU_SDMA_US: one page-table job */
	/* amdgpu_gem.c: ttm_resource_manager_usage */
	uint64_t vram_usage, gtt_usage;
	/* amdgpu_vm.c: vm->id, from 1 */
	uint64_t next_vm_id;
	/* amdgpu_ctx.c: adev->pm.stable_pstate_ctx and the forced
	 * performance level it set (AMDGPU_CTX_STABLE_PSTATE_*) */
	uint32_t stable_pstate_level;
	struct amdgpu_ctx *stable_pstate_ctx;
};

/* The file's driver_priv (struct amdgpu_fpriv in amdgpu.h). */
struct amdgpu_fpriv {
	struct amdgpu_vm vm;
	struct amdgpu_bo_va *prt_va; /* the per-file PRT bo_va */
	struct amdgpu_ctx_mgr *ctx_mgr; /* amdgpu_ctx.c */
	struct amdgpu_userq_mgr *userq_mgr; /* amdgpu_userq.c */
};

static inline struct amdgpu_fpriv *amdgpu_fpriv(struct emu_file *file)
{
	return file->driver_priv;
}

/* The VM of a DRM file, e.g. for CS to add its fences to the root resv. */
static inline struct amdgpu_vm *amdgpu_file_vm(struct emu_file *file)
{
	return &amdgpu_fpriv(file)->vm;
}

/* struct amdgpu_bo: every GEM object of the emulator is one of these. */
struct amdgpu_bo {
	struct emu_gem_object base;
	uint32_t preferred_domains, allowed_domains;
	uint64_t flags; /* AMDGPU_GEM_CREATE_* as the BO was created */
	uint64_t alignment;
	/* VM_ALWAYS_VALID: the id of the VM whose root reservation the BO
	 * shares (amdgpu_vm_is_bo_always_valid); 0 for a normal BO. */
	uint64_t vm_id;
	bool userptr; /* amdgpu_ttm_tt_get_usermm(); no GEM_USERPTR yet */
	uint32_t placement; /* the domain counted in vram/gtt_usage */
	/* bo_va of this BO in each VM (amdgpu_vm_bo_base chain) */
	struct amdgpu_bo_va *vm_bo;
};

static inline struct amdgpu_bo *gem_to_amdgpu_bo(struct emu_gem_object *obj)
{
	if (!obj)
		return NULL;
	return (struct amdgpu_bo *)((char *)obj -
				    offsetof(struct amdgpu_bo, base));
}

/* amdgpu_vm_is_bo_always_valid */
static inline bool amdgpu_bo_always_valid(const struct amdgpu_vm *vm,
					  const struct amdgpu_bo *bo)
{
	return bo && bo->vm_id && bo->vm_id == vm->id;
}

/* Ioctl handlers (amdgpu_kms.c, amdgpu_gem.c, amdgpu_gem_va.c). */
/* The job timeout of every IP (amdgpu.lockup_timeout), in ns. */
uint64_t amdgpu_lockup_timeout_ns(void);
int amdgpu_info_ioctl(struct emu_file *file, void *data);
int amdgpu_gem_create_ioctl(struct emu_file *file, void *data);
int amdgpu_gem_mmap_ioctl(struct emu_file *file, void *data);
int amdgpu_gem_va_ioctl(struct emu_file *file, void *data);

#endif
