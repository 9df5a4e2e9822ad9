/* SPDX-License-Identifier: MIT */
/*
 * AMDGPU_INFO results newer than libdrm 2.4.114: the 448-byte
 * drm_amdgpu_info_device (shadow/CSA fields, userq_ip_mask from KMS 3.64),
 * the 40-byte drm_amdgpu_info_hw_ip (userq_num_slots) and
 * AMDGPU_INFO_UQ_FW_AREAS (kernel commit 90c448fef312) with its 16-byte
 * drm_amdgpu_info_uq_metadata, as in include/uapi/drm/amdgpu_drm.h at
 * mainline 0030595c3e8b.
 *
 * The kernel copies min(return_size, sizeof(result)) bytes, so a caller may
 * pass these larger structs to any kernel: an older kernel simply leaves the
 * tail as the caller pre-filled it (zero).
 */
#ifndef UQ_UAPI_AMDGPU_INFO_H
#define UQ_UAPI_AMDGPU_INFO_H

#include <stddef.h>
#include <drm.h>
#include <amdgpu_drm.h>
#include "uq_assert.h"

#ifndef AMDGPU_INFO_UQ_FW_AREAS
#define AMDGPU_INFO_UQ_FW_AREAS 0x24
#endif
#ifndef AMDGPU_HW_IP_VPE
#define AMDGPU_HW_IP_VPE 9
#endif
#ifndef AMDGPU_FAMILY_GC_11_0_0
#define AMDGPU_FAMILY_GC_11_0_0 145 /* Navi 31/32/33 */
#endif
#ifndef AMDGPU_FAMILY_GC_11_0_1
#define AMDGPU_FAMILY_GC_11_0_1 148
#endif
#ifndef AMDGPU_FAMILY_GC_11_5_0
#define AMDGPU_FAMILY_GC_11_5_0 150
#endif
#ifndef AMDGPU_FAMILY_GC_12_0_0
#define AMDGPU_FAMILY_GC_12_0_0 152
#endif
#ifndef AMDGPU_INFO_FW_MES
#define AMDGPU_INFO_FW_MES 0x1a
#endif
#ifndef AMDGPU_IDS_FLAGS_CONFORMANT_TRUNC_COORD
#define AMDGPU_IDS_FLAGS_CONFORMANT_TRUNC_COORD 0x8
#endif
#ifndef AMDGPU_IDS_FLAGS_GANG_SUBMIT
#define AMDGPU_IDS_FLAGS_GANG_SUBMIT 0x10
#endif

/* AMDGPU_INFO_DEV_INFO result, KMS 3.64 (448 bytes; libdrm 2.4.114: 368). */
struct uapi_amdgpu_info_device {
	__u32 device_id;
	__u32 chip_rev;
	__u32 external_rev;
	__u32 pci_rev;
	__u32 family;
	__u32 num_shader_engines;
	__u32 num_shader_arrays_per_engine;
	__u32 gpu_counter_freq; /* kHz */
	__u64 max_engine_clock;
	__u64 max_memory_clock;
	__u32 cu_active_number;
	__u32 cu_ao_mask;
	__u32 cu_bitmap[4][4];
	__u32 enabled_rb_pipes_mask;
	__u32 num_rb_pipes;
	__u32 num_hw_gfx_contexts;
	__u32 pcie_gen;
	__u64 ids_flags;
	__u64 virtual_address_offset;
	__u64 virtual_address_max;
	__u32 virtual_address_alignment;
	__u32 pte_fragment_size;
	__u32 gart_page_size;
	__u32 ce_ram_size;
	__u32 vram_type;
	__u32 vram_bit_width;
	__u32 vce_harvest_config;
	__u32 gc_double_offchip_lds_buf;
	__u64 prim_buf_gpu_addr;
	__u64 pos_buf_gpu_addr;
	__u64 cntl_sb_buf_gpu_addr;
	__u64 param_buf_gpu_addr;
	__u32 prim_buf_size;
	__u32 pos_buf_size;
	__u32 cntl_sb_buf_size;
	__u32 param_buf_size;
	__u32 wave_front_size;
	__u32 num_shader_visible_vgprs;
	__u32 num_cu_per_sh;
	__u32 num_tcc_blocks;
	__u32 gs_vgt_table_depth;
	__u32 gs_prim_buffer_depth;
	__u32 max_gs_waves_per_vgt;
	__u32 pcie_num_lanes;
	__u32 cu_ao_bitmap[4][4];
	__u64 high_va_offset;
	__u64 high_va_max;
	__u32 pa_sc_tile_steering_override;
	__u64 tcc_disabled_mask; /* 3.35 */
	__u64 min_engine_clock; /* 3.50 */
	__u64 min_memory_clock;
	__u32 tcp_cache_size; /* 3.52 */
	__u32 num_sqc_per_wgp;
	__u32 sqc_data_cache_size;
	__u32 sqc_inst_cache_size;
	__u32 gl1c_cache_size;
	__u32 gl2c_cache_size;
	__u64 mall_size;
	__u32 enabled_rb_pipes_mask_hi;
	__u32 shadow_size; /* GFX11 CP shadowing */
	__u32 shadow_alignment;
	__u32 csa_size;
	__u32 csa_alignment;
	__u32 userq_ip_mask; /* 3.64: bit (1 << AMDGPU_HW_IP_*) */
	__u32 pad;
};

/* AMDGPU_INFO_HW_IP_INFO result with userq_num_slots (40 bytes). libdrm
 * added and then reverted this field (7816984a), so its header stays at 32;
 * the kernel fills 32 or 40 bytes depending on its version. */
struct uapi_amdgpu_info_hw_ip {
	__u32 hw_ip_version_major;
	__u32 hw_ip_version_minor;
	__u64 capabilities_flags;
	__u32 ib_start_alignment;
	__u32 ib_size_alignment;
	__u32 available_rings;
	__u32 ip_discovery_version; /* 23:16 major, 15:8 minor, 7:0 rev */
	__u32 userq_num_slots;
	__u32 pad;
};

/* AMDGPU_INFO_UQ_FW_AREAS result, one member per IP. */
struct uapi_amdgpu_info_uq_metadata_gfx {
	__u32 shadow_size;
	__u32 shadow_alignment;
	__u32 csa_size;
	__u32 csa_alignment;
};

struct uapi_amdgpu_info_uq_metadata_compute {
	__u32 eop_size;
	__u32 eop_alignment;
};

struct uapi_amdgpu_info_uq_metadata_sdma {
	__u32 csa_size;
	__u32 csa_alignment;
};

struct uapi_amdgpu_info_uq_metadata {
	union {
		struct uapi_amdgpu_info_uq_metadata_gfx gfx;
		struct uapi_amdgpu_info_uq_metadata_compute compute;
		struct uapi_amdgpu_info_uq_metadata_sdma sdma;
	};
};

#define UQ_DEVINFO struct uapi_amdgpu_info_device
UQ_ASSERT_SIZE(UQ_DEVINFO, 448);
UQ_ASSERT_OFF(UQ_DEVINFO, device_id, 0);
UQ_ASSERT_OFF(UQ_DEVINFO, chip_rev, 4);
UQ_ASSERT_OFF(UQ_DEVINFO, external_rev, 8);
UQ_ASSERT_OFF(UQ_DEVINFO, pci_rev, 12);
UQ_ASSERT_OFF(UQ_DEVINFO, family, 16);
UQ_ASSERT_OFF(UQ_DEVINFO, num_shader_engines, 20);
UQ_ASSERT_OFF(UQ_DEVINFO, num_shader_arrays_per_engine, 24);
UQ_ASSERT_OFF(UQ_DEVINFO, gpu_counter_freq, 28);
UQ_ASSERT_OFF(UQ_DEVINFO, max_engine_clock, 32);
UQ_ASSERT_OFF(UQ_DEVINFO, max_memory_clock, 40);
UQ_ASSERT_OFF(UQ_DEVINFO, cu_active_number, 48);
UQ_ASSERT_OFF(UQ_DEVINFO, cu_ao_mask, 52);
UQ_ASSERT_OFF(UQ_DEVINFO, cu_bitmap, 56);
UQ_ASSERT_OFF(UQ_DEVINFO, enabled_rb_pipes_mask, 120);
UQ_ASSERT_OFF(UQ_DEVINFO, num_rb_pipes, 124);
UQ_ASSERT_OFF(UQ_DEVINFO, num_hw_gfx_contexts, 128);
UQ_ASSERT_OFF(UQ_DEVINFO, pcie_gen, 132);
UQ_ASSERT_OFF(UQ_DEVINFO, ids_flags, 136);
UQ_ASSERT_OFF(UQ_DEVINFO, virtual_address_offset, 144);
UQ_ASSERT_OFF(UQ_DEVINFO, virtual_address_max, 152);
UQ_ASSERT_OFF(UQ_DEVINFO, virtual_address_alignment, 160);
UQ_ASSERT_OFF(UQ_DEVINFO, pte_fragment_size, 164);
UQ_ASSERT_OFF(UQ_DEVINFO, gart_page_size, 168);
UQ_ASSERT_OFF(UQ_DEVINFO, ce_ram_size, 172);
UQ_ASSERT_OFF(UQ_DEVINFO, vram_type, 176);
UQ_ASSERT_OFF(UQ_DEVINFO, vram_bit_width, 180);
UQ_ASSERT_OFF(UQ_DEVINFO, vce_harvest_config, 184);
UQ_ASSERT_OFF(UQ_DEVINFO, gc_double_offchip_lds_buf, 188);
UQ_ASSERT_OFF(UQ_DEVINFO, prim_buf_gpu_addr, 192);
UQ_ASSERT_OFF(UQ_DEVINFO, pos_buf_gpu_addr, 200);
UQ_ASSERT_OFF(UQ_DEVINFO, cntl_sb_buf_gpu_addr, 208);
UQ_ASSERT_OFF(UQ_DEVINFO, param_buf_gpu_addr, 216);
UQ_ASSERT_OFF(UQ_DEVINFO, prim_buf_size, 224);
UQ_ASSERT_OFF(UQ_DEVINFO, pos_buf_size, 228);
UQ_ASSERT_OFF(UQ_DEVINFO, cntl_sb_buf_size, 232);
UQ_ASSERT_OFF(UQ_DEVINFO, param_buf_size, 236);
UQ_ASSERT_OFF(UQ_DEVINFO, wave_front_size, 240);
UQ_ASSERT_OFF(UQ_DEVINFO, num_shader_visible_vgprs, 244);
UQ_ASSERT_OFF(UQ_DEVINFO, num_cu_per_sh, 248);
UQ_ASSERT_OFF(UQ_DEVINFO, num_tcc_blocks, 252);
UQ_ASSERT_OFF(UQ_DEVINFO, gs_vgt_table_depth, 256);
UQ_ASSERT_OFF(UQ_DEVINFO, gs_prim_buffer_depth, 260);
UQ_ASSERT_OFF(UQ_DEVINFO, max_gs_waves_per_vgt, 264);
UQ_ASSERT_OFF(UQ_DEVINFO, pcie_num_lanes, 268);
UQ_ASSERT_OFF(UQ_DEVINFO, cu_ao_bitmap, 272);
UQ_ASSERT_OFF(UQ_DEVINFO, high_va_offset, 336);
UQ_ASSERT_OFF(UQ_DEVINFO, high_va_max, 344);
UQ_ASSERT_OFF(UQ_DEVINFO, pa_sc_tile_steering_override, 352);
UQ_ASSERT_OFF(UQ_DEVINFO, tcc_disabled_mask, 360);
UQ_ASSERT_OFF(UQ_DEVINFO, min_engine_clock, 368);
UQ_ASSERT_OFF(UQ_DEVINFO, min_memory_clock, 376);
UQ_ASSERT_OFF(UQ_DEVINFO, tcp_cache_size, 384);
UQ_ASSERT_OFF(UQ_DEVINFO, num_sqc_per_wgp, 388);
UQ_ASSERT_OFF(UQ_DEVINFO, sqc_data_cache_size, 392);
UQ_ASSERT_OFF(UQ_DEVINFO, sqc_inst_cache_size, 396);
UQ_ASSERT_OFF(UQ_DEVINFO, gl1c_cache_size, 400);
UQ_ASSERT_OFF(UQ_DEVINFO, gl2c_cache_size, 404);
UQ_ASSERT_OFF(UQ_DEVINFO, mall_size, 408);
UQ_ASSERT_OFF(UQ_DEVINFO, enabled_rb_pipes_mask_hi, 416);
UQ_ASSERT_OFF(UQ_DEVINFO, shadow_size, 420);
UQ_ASSERT_OFF(UQ_DEVINFO, shadow_alignment, 424);
UQ_ASSERT_OFF(UQ_DEVINFO, csa_size, 428);
UQ_ASSERT_OFF(UQ_DEVINFO, csa_alignment, 432);
UQ_ASSERT_OFF(UQ_DEVINFO, userq_ip_mask, 436);
UQ_ASSERT_OFF(UQ_DEVINFO, pad, 440);
#undef UQ_DEVINFO
/* libdrm 2.4.114's copy ends after tcc_disabled_mask. */
_Static_assert(sizeof(struct drm_amdgpu_info_device) == 368,
	       "libdrm's info_device is the 368-byte one");

UQ_ASSERT_SIZE(struct uapi_amdgpu_info_hw_ip, 40);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_hw_ip, hw_ip_version_major, 0);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_hw_ip, hw_ip_version_minor, 4);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_hw_ip, capabilities_flags, 8);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_hw_ip, ib_start_alignment, 16);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_hw_ip, ib_size_alignment, 20);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_hw_ip, available_rings, 24);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_hw_ip, ip_discovery_version, 28);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_hw_ip, userq_num_slots, 32);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_hw_ip, pad, 36);

UQ_ASSERT_SIZE(struct uapi_amdgpu_info_uq_metadata, 16);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_uq_metadata, gfx.shadow_size, 0);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_uq_metadata, gfx.shadow_alignment, 4);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_uq_metadata, gfx.csa_size, 8);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_uq_metadata, gfx.csa_alignment, 12);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_uq_metadata, compute.eop_size, 0);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_uq_metadata, compute.eop_alignment, 4);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_uq_metadata, sdma.csa_size, 0);
UQ_ASSERT_OFF(struct uapi_amdgpu_info_uq_metadata, sdma.csa_alignment, 4);

#endif
