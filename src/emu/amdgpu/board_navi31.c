// SPDX-License-Identifier: MIT
/*
 * Board data (no kernel file): a Navi 31 class board (GFX 11.0.0, SDMA
 * 6.0, VCN/JPEG 4.0, PCI 1002:744c rev 0xc8, 24 GiB GDDR6 on a 384-bit
 * bus, resizable BAR), as AMDGPU_INFO reports it. Data only: what the
 * kernel derives from it (the DEV_INFO VA fields, the userq masks of the
 * active profile) is computed by amdgpu_device.c.
 *
 * The IP, ring and userq-slot numbers follow amdgpu_hw_ip_info();
 * everything else is a plausible value for such a board, marked as such.
 */
#include "amdgpu.h"
#include "amdgpu_priv.h"

/* IP_VERSION_MAJ_MIN_REV(maj, min, 0) of the IP blocks below. */
#define GC_11_0_0_DISCOVERY 0x0b0000
#define SDMA_6_0_0_DISCOVERY 0x060000
#define VCN_4_0_0_DISCOVERY 0x040000 /* UVD_HWIP, also for JPEG */

const struct amdgpu_board amdgpu_board_navi31 = {
	.name = "navi31",
	/* AMDGPU_INFO_DEV_INFO as amdgpu_kms.c fills it for this board */
	.dev_info = {
		.device_id = 0x744c,
		.chip_rev = 0x0, /* adev->rev_id */
		.external_rev = 0x1, /* rev_id + 0x1 for GC 11.0.0 (soc21.c) */
		.pci_rev = 0xc8,
		.family = AMDGPU_FAMILY_GC_11_0_0,
		.num_shader_engines = 6,
		.num_shader_arrays_per_engine = 2,
		.gpu_counter_freq = 100000, /* kHz */
		.max_engine_clock = 2500000, /* kHz */
		.max_memory_clock = 1250000, /* kHz */
		.cu_active_number = 96,
		/* gfx_v11_0_get_cu_info: SE 4-5 fold into columns 2-3 of
		 * rows 0-1; 8 CUs (4 WGPs) per shader array, every CU of a
		 * dGPU always-on. */
		.cu_bitmap = { { 0xff, 0xff, 0xff, 0xff },
			       { 0xff, 0xff, 0xff, 0xff },
			       { 0xff, 0xff, 0, 0 },
			       { 0xff, 0xff, 0, 0 } },
		.cu_ao_bitmap = { { 0xff, 0xff, 0xff, 0xff },
				  { 0xff, 0xff, 0xff, 0xff },
				  { 0xff, 0xff, 0, 0 },
				  { 0xff, 0xff, 0, 0 } },
		.cu_ao_mask = 0xffffffff,
		.enabled_rb_pipes_mask = 0xffffff,
		.num_rb_pipes = 24,
		.num_hw_gfx_contexts = 8,
		.pcie_gen = 4,
		.pcie_num_lanes = 16,
		.ids_flags = AMDGPU_IDS_FLAGS_PREEMPTION | AMDGPU_IDS_FLAGS_TMZ |
			     AMDGPU_IDS_FLAGS_CONFORMANT_TRUNC_COORD |
			     AMDGPU_IDS_FLAGS_GANG_SUBMIT, /* mode PF (0) */
		.virtual_address_alignment = 4096, /* max(PAGE_SIZE, 4096) */
		.gart_page_size = 4096,
		.pte_fragment_size = (1u << 9) * 4096, /* fragment_size 9 */
		.ce_ram_size = 0, /* GFX11 has no CE */
		.vram_type = AMDGPU_VRAM_TYPE_GDDR6,
		.vram_bit_width = 384,
		.vce_harvest_config = 0,
		.gc_double_offchip_lds_buf = 1,
		.wave_front_size = 32,
		.num_shader_visible_vgprs = 256, /* gfx.config.max_gprs */
		.num_cu_per_sh = 8,
		.num_tcc_blocks = 24,
		.gs_vgt_table_depth = 32,
		.gs_prim_buffer_depth = 1792,
		.max_gs_waves_per_vgt = 32,
		.pa_sc_tile_steering_override = 0,
		.tcc_disabled_mask = 0,
		.min_engine_clock = 500000, /* kHz */
		.min_memory_clock = 96000, /* kHz */
		.tcp_cache_size = 32, /* KiB */
		.num_sqc_per_wgp = 1,
		.sqc_data_cache_size = 16,
		.sqc_inst_cache_size = 32,
		.gl1c_cache_size = 256,
		.gl2c_cache_size = 6144,
		.mall_size = 96ull << 20, /* bytes */
		.enabled_rb_pipes_mask_hi = 0,
	},
	/* amdgpu_hw_ip_info(): rings after min(amdgpu_ctx_num_entities,
	 * ready rings); userq_num_slots = HQD bits in the MES masks. */
	.hw_ip = {
		/* GFX 11.0: one gfx ring (GFX11_NUM_GFX_RINGS). MES
		 * gfx_hqd_mask: one user slot on the single ME pipe
		 * (UNVERIFIED count). */
		[AMDGPU_HW_IP_GFX] = {
			.present = true,
			.major = 11,
			.minor = 0,
			.num_rings = 1,
			.ib_start_alignment = 32,
			.ib_size_alignment = 32,
			.ip_discovery_version = GC_11_0_0_DISCOVERY,
			.userq_num_slots = 1,
			.count = 1,
		},
		/* COMPUTE: the GFX block; 8 compute rings capped at 4
		 * entities. compute_hqd_mask 0xc on 4 pipes (UNVERIFIED). */
		[AMDGPU_HW_IP_COMPUTE] = {
			.present = true,
			.major = 11,
			.minor = 0,
			.num_rings = 4,
			.ib_start_alignment = 32,
			.ib_size_alignment = 32,
			.ip_discovery_version = GC_11_0_0_DISCOVERY,
			.userq_num_slots = 8,
			.count = 1,
		},
		/* SDMA 6.0, two instances. sdma_hqd_mask 0xfc each
		 * (UNVERIFIED). */
		[AMDGPU_HW_IP_DMA] = {
			.present = true,
			.major = 6,
			.minor = 0,
			.num_rings = 2,
			.ib_start_alignment = 256,
			.ib_size_alignment = 4,
			.ip_discovery_version = SDMA_6_0_0_DISCOVERY,
			.userq_num_slots = 12,
			.count = 2,
		},
		/* No UVD, VCE or VPE block on Navi 31: HW_IP_INFO answers
		 * zeros, HW_IP_COUNT -EINVAL. VCN 4.0 has unified (encode)
		 * rings only, so VCN_DEC reports the block with no ring. */
		[AMDGPU_HW_IP_VCN_DEC] = {
			.present = true,
			.major = 4,
			.minor = 0,
			.num_rings = 0,
			.ib_start_alignment = 256,
			.ib_size_alignment = 64,
			.ip_discovery_version = VCN_4_0_0_DISCOVERY,
			.count = 2,
		},
		[AMDGPU_HW_IP_VCN_ENC] = {
			.present = true,
			.major = 4,
			.minor = 0,
			.num_rings = 1,
			.ib_start_alignment = 256,
			.ib_size_alignment = 4,
			.ip_discovery_version = VCN_4_0_0_DISCOVERY,
			.count = 2,
		},
		[AMDGPU_HW_IP_VCN_JPEG] = {
			.present = true,
			.major = 4,
			.minor = 0,
			.num_rings = 1,
			.ib_start_alignment = 256,
			.ib_size_alignment = 64,
			.ip_discovery_version = VCN_4_0_0_DISCOVERY,
			.count = 2,
		},
	},
	/* amdgpu_userq_get_supported_ip_mask: GFX, COMPUTE, DMA (3.64) */
	.userq_ip_mask = (1u << AMDGPU_HW_IP_GFX) |
			 (1u << AMDGPU_HW_IP_COMPUTE) | (1u << AMDGPU_HW_IP_DMA),
	/* Firmware versions: ME/PFP/MEC/MES above the GFX 11.0.0 userq
	 * minimums (ME 2420, PFP 2580, MEC 2650, MES 120; userq.md §4); the
	 * rest plausible. */
	.fw = {
		[AMDGPU_INFO_FW_GFX_ME] = { 2530, 40 },
		[AMDGPU_INFO_FW_GFX_PFP] = { 2680, 40 },
		[AMDGPU_INFO_FW_GFX_CE] = { 0, 0 }, /* no CE */
		[AMDGPU_INFO_FW_GFX_RLC] = { 0x6c, 1 },
		[AMDGPU_INFO_FW_GFX_MEC] = { 2700, 38 },
		[AMDGPU_INFO_FW_SMC] = { 0x004e6a00, 0 },
		[AMDGPU_INFO_FW_SOS] = { 0x00210e64, 0 },
		[AMDGPU_INFO_FW_ASD] = { 0x21000109, 0 },
		[AMDGPU_INFO_FW_VCN] = { 0x0511601c, 0 },
		[AMDGPU_INFO_FW_TA] = { 0x2700002c, 0 },
		[AMDGPU_INFO_FW_DMCUB] = { 0x07002a00, 0 },
		[AMDGPU_INFO_FW_TOC] = { 0x00000017, 0 },
		[AMDGPU_INFO_FW_GFX_RLCP] = { 0x6c, 1 },
		[AMDGPU_INFO_FW_GFX_RLCV] = { 0, 0 },
		[AMDGPU_INFO_FW_MES_KIQ] = { 0x6f, 0x6f },
		[AMDGPU_INFO_FW_MES] = { 0x7a, 0x6f },
		[AMDGPU_INFO_FW_IMU] = { 0x0b1e1f00, 0 },
	},
	.fw_mec2 = { 2700, 38 }, /* the MEC firmware, as on every GFX11 */
	.sdma_num_instances = 2,
	.fw_sdma = { { 0x16, 60 }, { 0x16, 60 } },

	/* gfx_v11_0: MQD_SHADOW_BASE_SIZE / _ALIGNMENT, MQD_FWWORKAREA_SIZE
	 * / _ALIGNMENT, GFX11_MEC_HPD_SIZE (values as remembered from the
	 * kernel source, UNVERIFIED); sdma_v6_0 CSA 32 bytes (userq.md). */
	.shadow_size = 73728,
	.shadow_alignment = 256,
	.csa_size = 484,
	.csa_alignment = 256,
	.eop_size = 2048,
	.eop_alignment = 256,
	.sdma_csa_size = 32,
	.sdma_csa_alignment = 4,

	/* Memory: 24 GiB VRAM, all CPU visible (resizable BAR); GTT as the
	 * kernel sizes it for a 32 GiB host (half of system memory). Some
	 * VRAM is pinned by the kernel (firmware, page tables). */
	.real_vram_size = 24ull << 30,
	.visible_vram_size = 24ull << 30,
	.gtt_size = 16ull << 30,
	.vram_pin_size = 48ull << 20,
	.visible_pin_size = 48ull << 20,
	.gart_pin_size = 2ull << 20,
	/* 256 TiB (48-bit) VM: max_pfn = vm_size_GiB << 18 */
	.max_pfn = 1ull << 36,
	.tmz = true, /* AMDGPU_IDS_FLAGS_TMZ above */
	/* gfx_v11_0_set_gds_init */
	.gds_size = 0x1000,
	.gws_size = 64,
	.oa_size = 16,

	/* GB_ADDR_CONFIG: 32 pipes, 256 B interleave, 2 compressed
	 * fragments, 32 packers (plausible for Navi 31, UNVERIFIED). */
	.gb_addr_config = 0x00000545,
	.gpu_counter_hz = 100000000,
};
