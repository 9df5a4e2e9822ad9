// SPDX-License-Identifier: MIT
/*
 * amdgpu_kms.c's DRM_IOCTL_AMDGPU_INFO (amdgpu_info_ioctl and helpers;
 * the file hooks are in amdgpu_drv.c), answered from emu_dev.adev.
 *
 * Every query copies min(return_size, sizeof(result)) bytes to
 * return_pointer and leaves the rest of the caller's buffer alone.
 */
#include <errno.h>
#include <string.h>

#include "amdgpu_priv.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "emu/profile.h"

/* amdgpu_kms.c READ_MMR_REG limits: AMDGPU_GFX_MAX_SE,
 * AMDGPU_GFX_MAX_SH_PER_SE and the 128-register cap. */
#define GFX_MAX_SE 4
#define GFX_MAX_SH_PER_SE 2
#define MMR_MAX_COUNT 128

/* soc21_allowed_read_registers, as dword offsets of this board
 * (GC segment 0 base 0x1260). */
#define REG_GRBM_STATUS 0x2004
#define REG_GB_ADDR_CONFIG 0x263e

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/* copy_to_user(out, result, min(size, sizeof result)) ? -EFAULT : 0 */
static int copy_result(uint64_t out, uint32_t size, const void *result,
		       size_t result_size)
{
	return emu_copy_to_user(out, result,
				min_u32(size, (uint32_t)result_size)) ?
		       -EFAULT :
		       0;
}

/* amdgpu_hw_ip_info */
static int hw_ip_info(const struct drm_amdgpu_info *info,
		      struct uapi_amdgpu_info_hw_ip *result)
{
	const struct amdgpu_emu_hw_ip *ip;

	/* AMDGPU_HW_IP_INSTANCE_MAX_COUNT is 1 */
	if (info->query_hw_ip.ip_instance >= AMDGPU_HW_IP_INSTANCE_MAX_COUNT)
		return -EINVAL;
	/* unknown IP type: the switch's default */
	if (info->query_hw_ip.type >= AMDGPU_EMU_HW_IP_NUM)
		return -EINVAL;

	memset(result, 0, sizeof(*result));
	ip = &emu_dev.adev.hw_ip[info->query_hw_ip.type];
	/* no valid IP block of that type: 0 with an all-zero result */
	if (!ip->present)
		return 0;
	result->hw_ip_version_major = ip->major;
	result->hw_ip_version_minor = ip->minor;
	result->capabilities_flags = 0;
	result->ib_start_alignment = ip->ib_start_alignment;
	result->ib_size_alignment = ip->ib_size_alignment;
	result->available_rings = (1u << ip->num_rings) - 1;
	result->ip_discovery_version = ip->ip_discovery_version;
	result->userq_num_slots = ip->userq_num_slots;
	return 0;
}

/* amdgpu_firmware_info */
static int firmware_info(const struct drm_amdgpu_info *info,
			 struct drm_amdgpu_info_firmware *fw)
{
	const struct amdgpu_device *adev = &emu_dev.adev;
	uint32_t type = info->query_fw.fw_type;
	uint32_t index = info->query_fw.index;

	switch (type) {
	case AMDGPU_INFO_FW_GFX_MEC:
		/* MEC1 or MEC2 */
		if (index == 0) {
			fw->ver = adev->board->fw[type].ver;
			fw->feature = adev->board->fw[type].feature;
		} else if (index == 1) {
			fw->ver = adev->board->fw_mec2.ver;
			fw->feature = adev->board->fw_mec2.feature;
		} else {
			return -EINVAL;
		}
		return 0;
	case AMDGPU_INFO_FW_SDMA:
		if (index >= adev->board->sdma_num_instances)
			return -EINVAL;
		fw->ver = adev->board->fw_sdma[index].ver;
		fw->feature = adev->board->fw_sdma[index].feature;
		return 0;
	case AMDGPU_INFO_FW_VCE:
	case AMDGPU_INFO_FW_UVD:
	case AMDGPU_INFO_FW_GMC:
	case AMDGPU_INFO_FW_GFX_ME:
	case AMDGPU_INFO_FW_GFX_PFP:
	case AMDGPU_INFO_FW_GFX_CE:
	case AMDGPU_INFO_FW_GFX_RLC:
	case AMDGPU_INFO_FW_GFX_RLC_RESTORE_LIST_CNTL:
	case AMDGPU_INFO_FW_GFX_RLC_RESTORE_LIST_GPM_MEM:
	case AMDGPU_INFO_FW_GFX_RLC_RESTORE_LIST_SRM_MEM:
	case AMDGPU_INFO_FW_SMC:
	case AMDGPU_INFO_FW_SOS:
	case AMDGPU_INFO_FW_ASD:
	case AMDGPU_INFO_FW_VCN:
	case AMDGPU_INFO_FW_DMCU:
	case AMDGPU_INFO_FW_TA:
	case AMDGPU_INFO_FW_DMCUB:
	case AMDGPU_INFO_FW_TOC:
	case AMDGPU_INFO_FW_CAP:
	case AMDGPU_INFO_FW_GFX_RLCP:
	case AMDGPU_INFO_FW_GFX_RLCV:
	case AMDGPU_INFO_FW_MES_KIQ:
	case AMDGPU_INFO_FW_MES:
	case AMDGPU_INFO_FW_IMU:
	case AMDGPU_INFO_FW_VPE:
		fw->ver = adev->board->fw[type].ver;
		fw->feature = adev->board->fw[type].feature;
		return 0;
	default:
		return -EINVAL;
	}
}

/* soc21_read_register: only allow-listed registers; others fail. */
static int read_register(uint32_t reg, uint32_t *value)
{
	switch (reg) {
	case REG_GB_ADDR_CONFIG:
		*value = emu_dev.adev.board->gb_addr_config;
		return 0;
	case REG_GRBM_STATUS:
		*value = 0; /* idle */
		return 0;
	default:
		return -EINVAL;
	}
}

static int read_mmr_reg(const struct drm_amdgpu_info *info)
{
	uint32_t se = (info->read_mmr_reg.instance >>
		       AMDGPU_INFO_MMR_SE_INDEX_SHIFT) &
		      AMDGPU_INFO_MMR_SE_INDEX_MASK;
	uint32_t sh = (info->read_mmr_reg.instance >>
		       AMDGPU_INFO_MMR_SH_INDEX_SHIFT) &
		      AMDGPU_INFO_MMR_SH_INDEX_MASK;
	uint32_t count = info->read_mmr_reg.count;
	uint32_t regs[MMR_MAX_COUNT];
	uint32_t i;

	/* amdgpu_info_ioctl READ_MMR_REG: all-ones selects every SE/SH */
	if (se != AMDGPU_INFO_MMR_SE_INDEX_MASK && se >= GFX_MAX_SE)
		return -EINVAL;
	if (sh != AMDGPU_INFO_MMR_SH_INDEX_MASK && sh >= GFX_MAX_SH_PER_SE)
		return -EINVAL;
	if (count > MMR_MAX_COUNT)
		return -EINVAL;
	for (i = 0; i < count; i++) {
		/* a register outside the allow list: "unallowed offset",
		 * -EFAULT */
		if (read_register(info->read_mmr_reg.dword_offset + i,
				  &regs[i])) {
			emu_dbg("amdgpu: READ_MMR_REG unallowed offset %#x",
				info->read_mmr_reg.dword_offset + i);
			return -EFAULT;
		}
	}
	return copy_result(info->return_pointer, info->return_size, regs,
			   count * sizeof(regs[0]));
}

static int uq_fw_areas(const struct drm_amdgpu_info *info)
{
	const struct amdgpu_device *adev = &emu_dev.adev;
	struct uapi_amdgpu_info_uq_metadata meta;

	memset(&meta, 0, sizeof(meta));
	switch (info->query_hw_ip.type) {
	case AMDGPU_HW_IP_GFX:
		/* amdgpu_userq_metadata_info_gfx: get_gfx_shadow_info exists
		 * on GFX11 (a missing callback would be -EOPNOTSUPP) */
		meta.gfx.shadow_size = adev->board->shadow_size;
		meta.gfx.shadow_alignment = adev->board->shadow_alignment;
		meta.gfx.csa_size = adev->board->csa_size;
		meta.gfx.csa_alignment = adev->board->csa_alignment;
		break;
	case AMDGPU_HW_IP_COMPUTE:
		/* "Update AMDGPU_INFO_UQ_FW_AREAS query for compute/sdma"
		 * (release UNVERIFIED, 7.1 here): EOP from the gfx
		 * shadow-info callback. 6.16..7.0 answer GFX only: the
		 * switch's default is -EINVAL (releases.md §4.2). */
		if (!emu_active_profile()->uq_fw_areas_all_ips)
			return -EINVAL;
		meta.compute.eop_size = adev->board->eop_size;
		meta.compute.eop_alignment = adev->board->eop_alignment;
		break;
	case AMDGPU_HW_IP_DMA:
		/* same change: adev->sdma.get_csa_info */
		if (!emu_active_profile()->uq_fw_areas_all_ips)
			return -EINVAL;
		meta.sdma.csa_size = adev->board->sdma_csa_size;
		meta.sdma.csa_alignment = adev->board->sdma_csa_alignment;
		break;
	default:
		/* 6.16..7.0: -EINVAL for every IP but GFX; the errno of the
		 * later code for other IPs is UNVERIFIED (90c448fef312 form
		 * kept: -ENOTSUPP) */
		return emu_active_profile()->uq_fw_areas_all_ips ?
			       -EMU_ENOTSUPP :
			       -EINVAL;
	}
	/* 90c448fef312 quirk: a failed copy_to_user sets -EFAULT but the
	 * query still returns 0 */
	if (copy_result(info->return_pointer, info->return_size, &meta,
			sizeof(meta)))
		emu_dbg("amdgpu: UQ_FW_AREAS copy fault returns 0 (quirk)");
	return 0;
}

static int dev_info(const struct drm_amdgpu_info *info)
{
	return copy_result(info->return_pointer, info->return_size,
			   &emu_dev.adev.dev_info,
			   sizeof(emu_dev.adev.dev_info));
}

static int memory_info(const struct drm_amdgpu_info *info)
{
	const struct amdgpu_device *adev = &emu_dev.adev;
	struct drm_amdgpu_memory_info mem;
	uint64_t usable_vram;

	/* AMDGPU_VM_RESERVED_VRAM: 8 MiB kept for page tables */
	memset(&mem, 0, sizeof(mem));
	usable_vram = adev->board->real_vram_size - adev->board->vram_pin_size -
		      (8ull << 20);
	mem.vram.total_heap_size = adev->board->real_vram_size;
	mem.vram.usable_heap_size = usable_vram;
	mem.vram.heap_usage = adev->vram_usage;
	mem.vram.max_allocation = mem.vram.usable_heap_size * 3 / 4;

	mem.cpu_accessible_vram.total_heap_size =
		adev->board->visible_vram_size;
	mem.cpu_accessible_vram.usable_heap_size =
		adev->board->visible_vram_size - adev->board->visible_pin_size <
				usable_vram ?
			adev->board->visible_vram_size -
				adev->board->visible_pin_size :
			usable_vram;
	mem.cpu_accessible_vram.heap_usage = adev->vram_usage;
	mem.cpu_accessible_vram.max_allocation =
		mem.cpu_accessible_vram.usable_heap_size * 3 / 4;

	mem.gtt.total_heap_size = adev->board->gtt_size;
	mem.gtt.usable_heap_size =
		adev->board->gtt_size - adev->board->gart_pin_size;
	mem.gtt.heap_usage = adev->gtt_usage;
	mem.gtt.max_allocation = mem.gtt.usable_heap_size * 3 / 4;
	return copy_result(info->return_pointer, info->return_size, &mem,
			   sizeof(mem));
}

static int vram_gtt_info(const struct drm_amdgpu_info *info)
{
	const struct amdgpu_device *adev = &emu_dev.adev;
	struct drm_amdgpu_info_vram_gtt vg;

	vg.vram_size = adev->board->real_vram_size -
		       adev->board->vram_pin_size - (8ull << 20);
	vg.vram_cpu_accessible_size =
		adev->board->visible_vram_size - adev->board->visible_pin_size;
	if (vg.vram_cpu_accessible_size > vg.vram_size)
		vg.vram_cpu_accessible_size = vg.vram_size;
	vg.gtt_size = adev->board->gtt_size - adev->board->gart_pin_size;
	return copy_result(info->return_pointer, info->return_size, &vg,
			   sizeof(vg));
}

static int hw_ip_count(const struct drm_amdgpu_info *info)
{
	uint32_t type = info->query_hw_ip.type;
	uint32_t count;

	/* amdgpu_ip_get_block_type + amdgpu_device_ip_get_ip_block: no
	 * valid block of that type -> -EINVAL */
	if (type >= AMDGPU_EMU_HW_IP_NUM || !emu_dev.adev.hw_ip[type].present)
		return -EINVAL;
	count = emu_dev.adev.hw_ip[type].count;
	return copy_result(info->return_pointer, info->return_size, &count,
			   sizeof(count));
}

/* AMDGPU_INFO_SENSOR: adev->pm.dpm_enabled is true on the board; a sensor
 * the SMU does not read (smu_read_sensor -EOPNOTSUPP) and an unknown
 * subquery are both -EINVAL. The board holds the converted answer. */
static int sensor_info(const struct drm_amdgpu_info *info)
{
	uint32_t type = info->sensor_info.type;
	const struct amdgpu_emu_sensor *s;

	if (type == 0 || type >= AMDGPU_EMU_SENSOR_NUM) {
		emu_dbg("amdgpu: SENSOR invalid request %u", type);
		return -EINVAL;
	}
	s = &emu_dev.adev.board->sensor[type];
	if (!s->supported)
		return -EINVAL;
	return copy_result(info->return_pointer, info->return_size, &s->value,
			   sizeof(s->value));
}

/* AMDGPU_INFO_VIDEO_CAPS: the ASIC's static codec table (soc21.c
 * soc21_query_video_codecs); no table at all is -EINVAL. */
static int video_caps(const struct drm_amdgpu_info *info)
{
	const struct amdgpu_emu_codec *codec;
	struct drm_amdgpu_info_video_caps caps;
	bool any = false;
	unsigned int i;

	switch (info->video_cap.type) {
	case AMDGPU_INFO_VIDEO_CAPS_DECODE:
	case AMDGPU_INFO_VIDEO_CAPS_ENCODE:
		break;
	default:
		emu_dbg("amdgpu: VIDEO_CAPS invalid request %u",
			info->video_cap.type);
		return -EINVAL;
	}
	codec = emu_dev.adev.board->codec[info->video_cap.type];
	memset(&caps, 0, sizeof(caps));
	for (i = 0; i < AMDGPU_EMU_CODEC_NUM; i++) {
		if (!codec[i].valid)
			continue;
		any = true;
		caps.codec_info[i].valid = 1;
		caps.codec_info[i].max_width = codec[i].max_width;
		caps.codec_info[i].max_height = codec[i].max_height;
		caps.codec_info[i].max_pixels_per_frame =
			codec[i].max_pixels_per_frame;
		caps.codec_info[i].max_level = codec[i].max_level;
	}
	if (!any)
		return -EINVAL;
	return copy_result(info->return_pointer, info->return_size, &caps,
			   sizeof(caps));
}

int amdgpu_info_ioctl(struct emu_file *file, void *data)
{
	const struct drm_amdgpu_info *info = data;
	const struct amdgpu_device *adev = &emu_dev.adev;
	uint64_t out = info->return_pointer;
	uint32_t size = info->return_size;
	uint32_t ui32 = 0;
	uint64_t ui64 = 0;
	int r;

	(void)file;
	/* amdgpu_info_ioctl: nowhere to write the result */
	if (!size || !out)
		return -EINVAL;

	switch (info->query) {
	case AMDGPU_INFO_ACCEL_WORKING:
		ui32 = 1; /* adev->accel_working */
		return copy_result(out, size, &ui32, sizeof(ui32));
	case AMDGPU_INFO_HW_IP_INFO: {
		struct uapi_amdgpu_info_hw_ip ip;

		r = hw_ip_info(info, &ip);
		if (r)
			return r;
		/* the struct is 40 bytes once userq_num_slots exists */
		return copy_result(
			out, size, &ip,
			emu_active_profile()->hw_ip_userq_num_slots ?
				sizeof(ip) :
				offsetof(struct uapi_amdgpu_info_hw_ip,
					 userq_num_slots));
	}
	case AMDGPU_INFO_HW_IP_COUNT:
		return hw_ip_count(info);
	case AMDGPU_INFO_TIMESTAMP:
		/* amdgpu_gfx_get_gpu_clock_counter: a 100 MHz counter */
		ui64 = emu_now_ns() /
		       (EMU_NSEC_PER_SEC / adev->board->gpu_counter_hz);
		return copy_result(out, size, &ui64, sizeof(ui64));
	case AMDGPU_INFO_FW_VERSION: {
		struct drm_amdgpu_info_firmware fw;

		/* only one instance of each IP block */
		if (info->query_fw.ip_instance != 0)
			return -EINVAL;
		r = firmware_info(info, &fw);
		if (r)
			return r;
		return copy_result(out, size, &fw, sizeof(fw));
	}
	case AMDGPU_INFO_NUM_BYTES_MOVED:
	case AMDGPU_INFO_NUM_EVICTIONS:
	case AMDGPU_INFO_NUM_VRAM_CPU_PAGE_FAULTS:
		ui64 = 0; /* nothing ever moves in the emulator */
		return copy_result(out, size, &ui64, sizeof(ui64));
	case AMDGPU_INFO_VRAM_USAGE:
	case AMDGPU_INFO_VIS_VRAM_USAGE:
		ui64 = adev->vram_usage;
		return copy_result(out, size, &ui64, sizeof(ui64));
	case AMDGPU_INFO_GTT_USAGE:
		ui64 = adev->gtt_usage;
		return copy_result(out, size, &ui64, sizeof(ui64));
	case AMDGPU_INFO_VRAM_LOST_COUNTER:
		ui32 = 0;
		return copy_result(out, size, &ui32, sizeof(ui32));
	case AMDGPU_INFO_GDS_CONFIG: {
		struct drm_amdgpu_info_gds gds;

		memset(&gds, 0, sizeof(gds));
		gds.compute_partition_size = adev->board->gds_size;
		gds.gds_total_size = adev->board->gds_size;
		gds.gws_per_compute_partition = adev->board->gws_size;
		gds.oa_per_compute_partition = adev->board->oa_size;
		return copy_result(out, size, &gds, sizeof(gds));
	}
	case AMDGPU_INFO_VRAM_GTT:
		return vram_gtt_info(info);
	case AMDGPU_INFO_READ_MMR_REG:
		return read_mmr_reg(info);
	case AMDGPU_INFO_DEV_INFO:
		return dev_info(info);
	case AMDGPU_INFO_MEMORY:
		return memory_info(info);
	case AMDGPU_INFO_GPUVM_FAULT: {
		/* { u64 addr; u32 status; u32 vmhub; }: no fault so far */
		uint8_t fault[16];

		memset(fault, 0, sizeof(fault));
		return copy_result(out, size, fault, sizeof(fault));
	}
	case AMDGPU_INFO_UQ_FW_AREAS:
		return uq_fw_areas(info);
	case AMDGPU_INFO_SENSOR:
		return sensor_info(info);
	case AMDGPU_INFO_VIDEO_CAPS:
		return video_caps(info);
	case AMDGPU_INFO_CRTC_FROM_ID:
	case AMDGPU_INFO_VCE_CLOCK_TABLE:
	case AMDGPU_INFO_VBIOS:
	case AMDGPU_INFO_NUM_HANDLES:
	case AMDGPU_INFO_RAS_ENABLED_FEATURES:
	case AMDGPU_INFO_MAX_IBS:
		/* real queries the emulator does not answer: say so loudly */
		emu_log("amdgpu: AMDGPU_INFO query 0x%x is not emulated "
			"(returning -EINVAL)",
			info->query);
		return -EINVAL;
	default:
		/* amdgpu_info_ioctl: "Invalid request" */
		emu_dbg("amdgpu: AMDGPU_INFO invalid request 0x%x",
			info->query);
		return -EINVAL;
	}
}
