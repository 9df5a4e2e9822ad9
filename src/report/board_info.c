// SPDX-License-Identifier: MIT
/*
 * The "board_info" object of `userq-bench info`: the raw AMDGPU_INFO
 * answers of the device, everything the emulator's board file holds
 * (boards/navi31.board), so that scripts/board-from-info can turn a real
 * card's report into a board. The names are the board file's keys. A
 * query the kernel refuses is null: the board then says "absent" or
 * "none", or the script takes the value from a base board and says so.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <amdgpu_drm.h>

#include "board_info.h"
#include "ioctl/drm_info.h"
#include "uapi/amdgpu_gem_va.h"

/* SENSOR subqueries and VIDEO_CAPS codecs newer than libdrm 2.4.114's
 * header are numbered here (include/uapi/drm/amdgpu_drm.h). */
#define SENSOR_NUM 13 /* GFX_SCLK (1) .. GPU_INPUT_POWER (0xc) */
#define CODEC_NUM 8 /* MPEG2 .. AV1 */
#define REG_GB_ADDR_CONFIG 0x263e /* soc21 dword offset, GC segment 0 */

struct dev_field {
	const char *name;
	size_t offset;
	unsigned int count; /* of u32; 0 for one u64 */
};

#define DEV32(f)                                                             \
	{                                                                    \
#f, offsetof(struct uapi_amdgpu_info_device, f),             \
			sizeof(((struct uapi_amdgpu_info_device *)0)->f) / 4 \
	}
#define DEV64(f)                                                   \
	{                                                          \
#f, offsetof(struct uapi_amdgpu_info_device, f), 0 \
	}

/* DEV_INFO as the board file has it, plus what the kernel derives
 * (ids_flags, the VA range, userq_ip_mask), which the script reads. */
static const struct dev_field dev_fields[] = {
	DEV32(device_id),
	DEV32(chip_rev),
	DEV32(external_rev),
	DEV32(pci_rev),
	DEV32(family),
	DEV32(num_shader_engines),
	DEV32(num_shader_arrays_per_engine),
	DEV32(gpu_counter_freq),
	DEV64(max_engine_clock),
	DEV64(max_memory_clock),
	DEV32(cu_active_number),
	DEV32(cu_ao_mask),
	DEV32(cu_bitmap),
	DEV32(enabled_rb_pipes_mask),
	DEV32(num_rb_pipes),
	DEV32(num_hw_gfx_contexts),
	DEV32(pcie_gen),
	DEV64(ids_flags),
	DEV32(virtual_address_alignment),
	DEV32(pte_fragment_size),
	DEV32(gart_page_size),
	DEV32(ce_ram_size),
	DEV32(vram_type),
	DEV32(vram_bit_width),
	DEV32(vce_harvest_config),
	DEV32(gc_double_offchip_lds_buf),
	DEV32(wave_front_size),
	DEV32(num_shader_visible_vgprs),
	DEV32(num_cu_per_sh),
	DEV32(num_tcc_blocks),
	DEV32(gs_vgt_table_depth),
	DEV32(gs_prim_buffer_depth),
	DEV32(max_gs_waves_per_vgt),
	DEV32(pcie_num_lanes),
	DEV32(cu_ao_bitmap),
	DEV32(pa_sc_tile_steering_override),
	DEV64(tcc_disabled_mask),
	DEV64(min_engine_clock),
	DEV64(min_memory_clock),
	DEV32(tcp_cache_size),
	DEV32(num_sqc_per_wgp),
	DEV32(sqc_data_cache_size),
	DEV32(sqc_inst_cache_size),
	DEV32(gl1c_cache_size),
	DEV32(gl2c_cache_size),
	DEV64(mall_size),
	DEV32(enabled_rb_pipes_mask_hi),
	DEV32(shadow_size),
	DEV32(shadow_alignment),
	DEV32(csa_size),
	DEV32(csa_alignment),
	DEV32(userq_ip_mask),
};

static const char *const ip_names[UQ_HW_IP_COUNT] = {
	"gfx",	   "compute", "dma",	 "uvd",	     "vce",
	"uvd_enc", "vcn_dec", "vcn_enc", "vcn_jpeg", "vpe",
};

/* AMDGPU_INFO_FW_* by number; NULL: not a firmware the board lists on
 * its own (MEC index 1 and SDMA instances are listed apart). */
static const char *const fw_names[] = {
	[AMDGPU_INFO_FW_VCE] = "vce",
	[AMDGPU_INFO_FW_UVD] = "uvd",
	[AMDGPU_INFO_FW_GMC] = "gmc",
	[AMDGPU_INFO_FW_GFX_ME] = "gfx_me",
	[AMDGPU_INFO_FW_GFX_PFP] = "gfx_pfp",
	[AMDGPU_INFO_FW_GFX_CE] = "gfx_ce",
	[AMDGPU_INFO_FW_GFX_RLC] = "gfx_rlc",
	[AMDGPU_INFO_FW_GFX_MEC] = "gfx_mec",
	[AMDGPU_INFO_FW_SMC] = "smc",
	[AMDGPU_INFO_FW_SDMA] = NULL,
	[AMDGPU_INFO_FW_SOS] = "sos",
	[AMDGPU_INFO_FW_ASD] = "asd",
	[AMDGPU_INFO_FW_GFX_RLC_RESTORE_LIST_CNTL] = "rlc_restore_list_cntl",
	[AMDGPU_INFO_FW_GFX_RLC_RESTORE_LIST_GPM_MEM] =
		"rlc_restore_list_gpm_mem",
	[AMDGPU_INFO_FW_GFX_RLC_RESTORE_LIST_SRM_MEM] =
		"rlc_restore_list_srm_mem",
	[AMDGPU_INFO_FW_VCN] = "vcn",
	[AMDGPU_INFO_FW_DMCU] = "dmcu",
	[AMDGPU_INFO_FW_TA] = "ta",
	[AMDGPU_INFO_FW_DMCUB] = "dmcub",
	[AMDGPU_INFO_FW_TOC] = "toc",
	[0x16] = "cap",
	[0x17] = "gfx_rlcp",
	[0x18] = "gfx_rlcv",
	[0x19] = "mes_kiq",
	[0x1a] = "mes",
	[0x1b] = "imu",
	[0x1c] = "vpe",
};

static const char *const sensor_names[SENSOR_NUM] = {
	[1] = "gfx_sclk",
	[2] = "gfx_mclk",
	[3] = "gpu_temp",
	[4] = "gpu_load",
	[5] = "gpu_avg_power",
	[6] = "vddnb",
	[7] = "vddgfx",
	[8] = "stable_pstate_gfx_sclk",
	[9] = "stable_pstate_gfx_mclk",
	[10] = "peak_pstate_gfx_sclk",
	[11] = "peak_pstate_gfx_mclk",
	[12] = "gpu_input_power",
};

static const char *const codec_names[CODEC_NUM] = {
	"mpeg2", "mpeg4", "vc1", "mpeg4_avc", "hevc", "jpeg", "vp9", "av1",
};

/* u64 as an integer while it fits json_int_t, else a hex string */
static json_t *u64_json(uint64_t v)
{
	char buf[24];

	if (v <= (uint64_t)INT64_MAX)
		return json_integer((json_int_t)v);
	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
	return json_string(buf);
}

static json_t *dev_info_json(const struct uapi_amdgpu_info_device *d)
{
	json_t *o;
	size_t i;

	o = json_object();
	for (i = 0; o && i < sizeof(dev_fields) / sizeof(dev_fields[0]); i++) {
		const struct dev_field *f = &dev_fields[i];
		const char *p = (const char *)d + f->offset;
		json_t *v;

		if (!f->count) {
			uint64_t x;

			memcpy(&x, p, sizeof(x));
			v = u64_json(x);
		} else if (f->count == 1) {
			uint32_t x;

			memcpy(&x, p, sizeof(x));
			v = json_integer(x);
		} else {
			v = json_array();
			for (unsigned int j = 0; v && j < f->count; j++) {
				uint32_t x;

				memcpy(&x, p + 4 * j, sizeof(x));
				json_array_append_new(v, json_integer(x));
			}
		}
		json_object_set_new(o, f->name, v);
	}
	/* the VA range as the kernel derives it from vm_manager.max_pfn */
	if (o) {
		json_object_set_new(o, "virtual_address_max",
				    u64_json(d->virtual_address_max));
		json_object_set_new(o, "high_va_max", u64_json(d->high_va_max));
	}
	return o;
}

static int popcount32(uint32_t v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

static json_t *hw_ip_json(int fd)
{
	json_t *o = json_object();

	for (uint32_t ip = 0; o && ip < UQ_HW_IP_COUNT; ip++) {
		struct uapi_amdgpu_info_hw_ip info;
		uint32_t count;

		/* HW_IP_COUNT fails for a type without a valid block */
		if (uq_info_hw_ip_count(fd, ip, &count) ||
		    uq_info_hw_ip(fd, ip, 0, &info)) {
			json_object_set_new(o, ip_names[ip], json_null());
			continue;
		}
		json_object_set_new(
			o, ip_names[ip],
			json_pack("{s:I, s:I, s:i, s:I, s:I, s:I, s:I, s:I}",
				  "major", (json_int_t)info.hw_ip_version_major,
				  "minor", (json_int_t)info.hw_ip_version_minor,
				  "rings", popcount32(info.available_rings),
				  "ib_start_alignment",
				  (json_int_t)info.ib_start_alignment,
				  "ib_size_alignment",
				  (json_int_t)info.ib_size_alignment,
				  "ip_discovery_version",
				  (json_int_t)info.ip_discovery_version,
				  "userq_num_slots",
				  (json_int_t)info.userq_num_slots, "count",
				  (json_int_t)count));
	}
	return o;
}

static json_t *fw_one(int fd, uint32_t type, uint32_t index)
{
	uint32_t ver, feature;

	if (uq_info_fw_version(fd, type, 0, index, &ver, &feature))
		return json_null();
	return json_pack("[I, I]", (json_int_t)ver, (json_int_t)feature);
}

static json_t *fw_json(int fd)
{
	json_t *o = json_object(), *sdma = json_array();
	uint32_t n_sdma = 0;

	for (uint32_t t = 0; o && t < sizeof(fw_names) / sizeof(fw_names[0]);
	     t++)
		if (fw_names[t])
			json_object_set_new(o, fw_names[t], fw_one(fd, t, 0));
	if (!o || !sdma) {
		json_decref(o);
		json_decref(sdma);
		return NULL;
	}
	json_object_set_new(o, "gfx_mec2",
			    fw_one(fd, AMDGPU_INFO_FW_GFX_MEC, 1));
	if (!uq_info_hw_ip_count(fd, AMDGPU_HW_IP_DMA, &n_sdma))
		for (uint32_t i = 0; i < n_sdma && i < 8; i++)
			json_array_append_new(
				sdma, fw_one(fd, AMDGPU_INFO_FW_SDMA, i));
	json_object_set_new(o, "sdma", sdma);
	return o;
}

static json_t *fw_areas_json(int fd)
{
	struct uapi_amdgpu_info_uq_metadata m;
	json_t *o = json_object();

	if (!o)
		return NULL;
	json_object_set_new(
		o, "gfx",
		uq_info_uq_fw_areas(fd, AMDGPU_HW_IP_GFX, 0, &m) ?
			json_null() :
			json_pack("{s:I, s:I, s:I, s:I}", "shadow_size",
				  (json_int_t)m.gfx.shadow_size,
				  "shadow_alignment",
				  (json_int_t)m.gfx.shadow_alignment,
				  "csa_size", (json_int_t)m.gfx.csa_size,
				  "csa_alignment",
				  (json_int_t)m.gfx.csa_alignment));
	json_object_set_new(
		o, "compute",
		uq_info_uq_fw_areas(fd, AMDGPU_HW_IP_COMPUTE, 0, &m) ?
			json_null() :
			json_pack("{s:I, s:I}", "eop_size",
				  (json_int_t)m.compute.eop_size,
				  "eop_alignment",
				  (json_int_t)m.compute.eop_alignment));
	json_object_set_new(
		o, "dma",
		uq_info_uq_fw_areas(fd, AMDGPU_HW_IP_DMA, 0, &m) ?
			json_null() :
			json_pack("{s:I, s:I}", "csa_size",
				  (json_int_t)m.sdma.csa_size, "csa_alignment",
				  (json_int_t)m.sdma.csa_alignment));
	return o;
}

static json_t *heap_json(const struct drm_amdgpu_heap_info *h)
{
	return json_pack("{s:I, s:I}", "total_heap_size",
			 (json_int_t)h->total_heap_size, "usable_heap_size",
			 (json_int_t)h->usable_heap_size);
}

static json_t *memory_json(int fd)
{
	struct drm_amdgpu_memory_info mem;

	if (uq_info_query(fd, AMDGPU_INFO_MEMORY, NULL, &mem, sizeof(mem)))
		return json_null();
	return json_pack("{s:o, s:o, s:o}", "vram", heap_json(&mem.vram),
			 "cpu_accessible_vram",
			 heap_json(&mem.cpu_accessible_vram), "gtt",
			 heap_json(&mem.gtt));
}

static json_t *gds_json(int fd)
{
	struct drm_amdgpu_info_gds gds;

	if (uq_info_query(fd, AMDGPU_INFO_GDS_CONFIG, NULL, &gds, sizeof(gds)))
		return json_null();
	return json_pack("{s:I, s:I, s:I}", "gds_size",
			 (json_int_t)gds.gds_total_size, "gws_size",
			 (json_int_t)gds.gws_per_compute_partition, "oa_size",
			 (json_int_t)gds.oa_per_compute_partition);
}

static json_t *gb_addr_config_json(int fd)
{
	/* dword_offset, count 1, instance all-ones (every SE/SH), flags */
	const uint32_t args[4] = { REG_GB_ADDR_CONFIG, 1, 0xffffffff, 0 };
	uint32_t v;

	if (uq_info_query(fd, AMDGPU_INFO_READ_MMR_REG, args, &v, sizeof(v)))
		return json_null();
	return json_integer(v);
}

static json_t *sensor_json(int fd)
{
	json_t *o = json_object();

	for (uint32_t t = 1; o && t < SENSOR_NUM; t++) {
		const uint32_t args[4] = { t, 0, 0, 0 };
		uint32_t v;

		json_object_set_new(o, sensor_names[t],
				    uq_info_query(fd, AMDGPU_INFO_SENSOR, args,
						  &v, sizeof(v)) ?
					    json_null() :
					    json_integer(v));
	}
	return o;
}

static json_t *codecs_json(int fd, uint32_t type)
{
	const uint32_t args[4] = { type, 0, 0, 0 };
	struct drm_amdgpu_info_video_caps caps;
	json_t *o;

	if (uq_info_query(fd, AMDGPU_INFO_VIDEO_CAPS, args, &caps,
			  sizeof(caps)))
		return json_null();
	o = json_object();
	for (unsigned int i = 0; o && i < CODEC_NUM; i++) {
		const struct drm_amdgpu_info_video_codec_info *c =
			&caps.codec_info[i];

		if (!c->valid)
			continue;
		json_object_set_new(
			o, codec_names[i],
			json_pack("[I, I, I, I]", (json_int_t)c->max_width,
				  (json_int_t)c->max_height,
				  (json_int_t)c->max_pixels_per_frame,
				  (json_int_t)c->max_level));
	}
	return o;
}

/* One hex id of the node's PCI device in sysfs, as libdrm reads it. */
static json_t *sysfs_id_json(const struct stat *st, const char *name)
{
	char path[128];
	unsigned int v;
	FILE *f;
	int n;

	snprintf(path, sizeof(path), "/sys/dev/char/%u:%u/device/%s",
		 major(st->st_rdev), minor(st->st_rdev), name);
	f = fopen(path, "re");
	if (!f)
		return json_null();
	n = fscanf(f, "%x", &v);
	fclose(f);
	return n == 1 ? json_integer(v) : json_null();
}

/* The PCI subsystem ids (the device id and revision are DEV_INFO's). */
static json_t *pci_json(int fd)
{
	struct stat st;

	if (fstat(fd, &st) || !S_ISCHR(st.st_mode))
		return json_pack("{s:n, s:n}", "subsystem_vendor",
				 "subsystem_device");
	return json_pack("{s:o, s:o}", "subsystem_vendor",
			 sysfs_id_json(&st, "subsystem_vendor"),
			 "subsystem_device",
			 sysfs_id_json(&st, "subsystem_device"));
}

json_t *uq_report_board_info(int fd,
			     const struct uapi_amdgpu_info_device *dev_info)
{
	return json_pack(
		"{s:o*, s:o*, s:o*, s:o*, s:o*, s:o*, s:o*, s:o*, s:o*, s:{s:o*, s:o*}}",
		"pci", pci_json(fd), "dev_info", dev_info_json(dev_info),
		"hw_ip", hw_ip_json(fd), "fw", fw_json(fd), "fw_areas",
		fw_areas_json(fd), "memory", memory_json(fd), "gds",
		gds_json(fd), "gb_addr_config", gb_addr_config_json(fd),
		"sensor", sensor_json(fd), "video_caps", "decode",
		codecs_json(fd, AMDGPU_INFO_VIDEO_CAPS_DECODE), "encode",
		codecs_json(fd, AMDGPU_INFO_VIDEO_CAPS_ENCODE));
}
