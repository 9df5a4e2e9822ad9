// SPDX-License-Identifier: MIT
/*
 * The emulated device: a Navi 31 class board (GFX 11.0.0, SDMA 6.0,
 * VCN/JPEG 4.0, PCI 1002:744c rev 0xc8, 24 GiB GDDR6 on a 384-bit bus,
 * resizable BAR) and the data AMDGPU_INFO answers from.
 *
 * The VA fields follow amdgpu_kms.c for a 48-bit VM (gem-va-prt.md §3 and
 * §9.4); the IP, ring and userq-slot numbers follow amdgpu_hw_ip_info();
 * everything else is a plausible value for such a board, marked as such.
 */
#include <stdlib.h>
#include <string.h>

#include "amdgpu.h"
#include "amdgpu_priv.h"
#include "emu/emu.h"
#include "emu/profile.h"

struct amdgpu_device amdgpu_adev;

/* Default page-table (SDMA) job latency, SPEC §5 USERQ_EMU_SDMA_US. */
#define SDMA_US_DEFAULT 20

/* Families and register offsets used below. */
#define GC_11_0_0_DISCOVERY 0x0b0000 /* IP_VERSION_MAJ_MIN_REV(11, 0, 0) */
#define SDMA_6_0_0_DISCOVERY 0x060000
#define VCN_4_0_0_DISCOVERY 0x040000 /* UVD_HWIP, also for JPEG */

static uint64_t sdma_job_ns(void)
{
	const char *s = getenv("USERQ_EMU_SDMA_US");
	char *end;
	unsigned long long us;

	if (!s || !*s)
		return SDMA_US_DEFAULT * 1000ull;
	us = strtoull(s, &end, 10);
	if (*end || us > 60ull * 1000 * 1000) {
		emu_log("USERQ_EMU_SDMA_US=%s is not a number of microseconds "
			"(at most 60 s); using %d",
			s, SDMA_US_DEFAULT);
		return SDMA_US_DEFAULT * 1000ull;
	}
	return us * 1000ull;
}

/* amdgpu_hw_ip_info(): versions, rings after min(amdgpu_ctx_num_entities,
 * ready rings), IB alignments; userq_num_slots = HQD bits in the MES masks
 * when userq is on (else 0). */
static void init_hw_ips(struct amdgpu_device *adev, bool userq)
{
	struct amdgpu_emu_hw_ip *ip = adev->hw_ip;

	/* GFX 11.0: one gfx ring (GFX11_NUM_GFX_RINGS). MES gfx_hqd_mask: one
	 * user slot on the single ME pipe (UNVERIFIED count). */
	ip[AMDGPU_HW_IP_GFX] = (struct amdgpu_emu_hw_ip){
		.present = true,
		.major = 11,
		.minor = 0,
		.num_rings = 1,
		.ib_start_alignment = 32,
		.ib_size_alignment = 32,
		.ip_discovery_version = GC_11_0_0_DISCOVERY,
		.userq_num_slots = userq ? 1 : 0,
		.count = 1,
	};
	/* COMPUTE: the GFX block; 8 compute rings capped at 4 entities.
	 * compute_hqd_mask 0xc on 4 pipes (UNVERIFIED). */
	ip[AMDGPU_HW_IP_COMPUTE] = (struct amdgpu_emu_hw_ip){
		.present = true,
		.major = 11,
		.minor = 0,
		.num_rings = 4,
		.ib_start_alignment = 32,
		.ib_size_alignment = 32,
		.ip_discovery_version = GC_11_0_0_DISCOVERY,
		.userq_num_slots = userq ? 8 : 0,
		.count = 1,
	};
	/* SDMA 6.0, two instances. sdma_hqd_mask 0xfc each (UNVERIFIED). */
	ip[AMDGPU_HW_IP_DMA] = (struct amdgpu_emu_hw_ip){
		.present = true,
		.major = 6,
		.minor = 0,
		.num_rings = 2,
		.ib_start_alignment = 256,
		.ib_size_alignment = 4,
		.ip_discovery_version = SDMA_6_0_0_DISCOVERY,
		.userq_num_slots = userq ? 12 : 0,
		.count = 2,
	};
	/* No UVD, VCE or VPE block on Navi 31: HW_IP_INFO answers zeros,
	 * HW_IP_COUNT -EINVAL. VCN 4.0 has unified (encode) rings only, so
	 * VCN_DEC reports the block with no ring. */
	ip[AMDGPU_HW_IP_VCN_DEC] = (struct amdgpu_emu_hw_ip){
		.present = true,
		.major = 4,
		.minor = 0,
		.num_rings = 0,
		.ib_start_alignment = 256,
		.ib_size_alignment = 64,
		.ip_discovery_version = VCN_4_0_0_DISCOVERY,
		.count = 2,
	};
	ip[AMDGPU_HW_IP_VCN_ENC] = (struct amdgpu_emu_hw_ip){
		.present = true,
		.major = 4,
		.minor = 0,
		.num_rings = 1,
		.ib_start_alignment = 256,
		.ib_size_alignment = 4,
		.ip_discovery_version = VCN_4_0_0_DISCOVERY,
		.count = 2,
	};
	ip[AMDGPU_HW_IP_VCN_JPEG] = (struct amdgpu_emu_hw_ip){
		.present = true,
		.major = 4,
		.minor = 0,
		.num_rings = 1,
		.ib_start_alignment = 256,
		.ib_size_alignment = 64,
		.ip_discovery_version = VCN_4_0_0_DISCOVERY,
		.count = 2,
	};
}

/* Firmware versions: ME/PFP/MEC/MES above the GFX 11.0.0 userq minimums
 * (ME 2420, PFP 2580, MEC 2650, MES 120; userq.md §4); the rest plausible. */
static void init_fw(struct amdgpu_device *adev)
{
	struct amdgpu_emu_fw *fw = adev->fw;

	fw[AMDGPU_INFO_FW_GFX_ME] = (struct amdgpu_emu_fw){ 2530, 40 };
	fw[AMDGPU_INFO_FW_GFX_PFP] = (struct amdgpu_emu_fw){ 2680, 40 };
	fw[AMDGPU_INFO_FW_GFX_CE] = (struct amdgpu_emu_fw){ 0, 0 }; /* no CE */
	fw[AMDGPU_INFO_FW_GFX_RLC] = (struct amdgpu_emu_fw){ 0x6c, 1 };
	fw[AMDGPU_INFO_FW_GFX_MEC] = (struct amdgpu_emu_fw){ 2700, 38 };
	adev->fw_mec2 = fw[AMDGPU_INFO_FW_GFX_MEC];
	fw[AMDGPU_INFO_FW_SMC] = (struct amdgpu_emu_fw){ 0x004e6a00, 0 };
	fw[AMDGPU_INFO_FW_SOS] = (struct amdgpu_emu_fw){ 0x00210e64, 0 };
	fw[AMDGPU_INFO_FW_ASD] = (struct amdgpu_emu_fw){ 0x21000109, 0 };
	fw[AMDGPU_INFO_FW_VCN] = (struct amdgpu_emu_fw){ 0x0511601c, 0 };
	fw[AMDGPU_INFO_FW_TA] = (struct amdgpu_emu_fw){ 0x2700002c, 0 };
	fw[AMDGPU_INFO_FW_DMCUB] = (struct amdgpu_emu_fw){ 0x07002a00, 0 };
	fw[AMDGPU_INFO_FW_TOC] = (struct amdgpu_emu_fw){ 0x00000017, 0 };
	fw[AMDGPU_INFO_FW_GFX_RLCP] = (struct amdgpu_emu_fw){ 0x6c, 1 };
	fw[AMDGPU_INFO_FW_GFX_RLCV] = (struct amdgpu_emu_fw){ 0, 0 };
	fw[AMDGPU_INFO_FW_MES_KIQ] = (struct amdgpu_emu_fw){ 0x6f, 0x6f };
	fw[AMDGPU_INFO_FW_MES] = (struct amdgpu_emu_fw){ 0x7a, 0x6f };
	fw[AMDGPU_INFO_FW_IMU] = (struct amdgpu_emu_fw){ 0x0b1e1f00, 0 };
	adev->sdma_num_instances = 2;
	adev->fw_sdma[0] = (struct amdgpu_emu_fw){ 0x16, 60 };
	adev->fw_sdma[1] = adev->fw_sdma[0];
}

/* AMDGPU_INFO_DEV_INFO as amdgpu_kms.c fills it for this board. */
static void init_dev_info(struct amdgpu_device *adev, bool userq)
{
	struct uapi_amdgpu_info_device *d = &adev->dev_info;
	uint64_t vm_size;
	int se, sh;

	memset(d, 0, sizeof(*d));
	d->device_id = 0x744c;
	d->chip_rev = 0x0; /* adev->rev_id */
	d->external_rev = 0x1; /* rev_id + 0x1 for GC 11.0.0 (soc21.c) */
	d->pci_rev = 0xc8;
	d->family = AMDGPU_FAMILY_GC_11_0_0;
	d->num_shader_engines = 6;
	d->num_shader_arrays_per_engine = 2;
	d->gpu_counter_freq = 100000; /* kHz */
	d->max_engine_clock = 2500000; /* kHz */
	d->max_memory_clock = 1250000; /* kHz */
	d->cu_active_number = 96;
	/* gfx_v11_0_get_cu_info: SE 4-5 fold into columns 2-3; every CU of a
	 * dGPU is always-on. 8 CUs (4 WGPs) per shader array. */
	for (se = 0; se < 6; se++) {
		for (sh = 0; sh < 2; sh++) {
			d->cu_bitmap[se % 4][sh + (se / 4) * 2] = 0xff;
			d->cu_ao_bitmap[se % 4][sh + (se / 4) * 2] = 0xff;
		}
	}
	d->cu_ao_mask = 0xffffffff;
	d->enabled_rb_pipes_mask = 0xffffff;
	d->num_rb_pipes = 24;
	d->num_hw_gfx_contexts = 8;
	d->pcie_gen = 4;
	d->pcie_num_lanes = 16;
	d->ids_flags = AMDGPU_IDS_FLAGS_PREEMPTION | AMDGPU_IDS_FLAGS_TMZ |
		       AMDGPU_IDS_FLAGS_CONFORMANT_TRUNC_COORD |
		       AMDGPU_IDS_FLAGS_GANG_SUBMIT; /* mode PF (0) */

	/* amdgpu_kms.c DEV_INFO VA fields */
	vm_size = adev->max_pfn * UAPI_AMDGPU_GPU_PAGE_SIZE -
		  UAPI_AMDGPU_VA_RESERVED_TOP;
	d->virtual_address_offset = UAPI_AMDGPU_VA_RESERVED_BOTTOM;
	d->virtual_address_max = vm_size < UAPI_AMDGPU_GMC_HOLE_START ?
					 vm_size :
					 UAPI_AMDGPU_GMC_HOLE_START;
	if (vm_size > UAPI_AMDGPU_GMC_HOLE_START) {
		d->high_va_offset = UAPI_AMDGPU_GMC_HOLE_END;
		d->high_va_max = UAPI_AMDGPU_GMC_HOLE_END | vm_size;
	}
	d->virtual_address_alignment = 4096; /* max(PAGE_SIZE, 4096) */
	d->gart_page_size = 4096;
	d->pte_fragment_size =
		(1u << 9) * 4096; /* vm_manager.fragment_size 9 */

	d->ce_ram_size = 0; /* GFX11 has no CE */
	d->vram_type = AMDGPU_VRAM_TYPE_GDDR6;
	d->vram_bit_width = 384;
	d->vce_harvest_config = 0;
	d->gc_double_offchip_lds_buf = 1;
	d->wave_front_size = 32;
	d->num_shader_visible_vgprs = 256; /* gfx.config.max_gprs */
	d->num_cu_per_sh = 8;
	d->num_tcc_blocks = 24;
	d->gs_vgt_table_depth = 32;
	d->gs_prim_buffer_depth = 1792;
	d->max_gs_waves_per_vgt = 32;
	d->pa_sc_tile_steering_override = 0;
	d->tcc_disabled_mask = 0;
	d->min_engine_clock = 500000; /* kHz */
	d->min_memory_clock = 96000; /* kHz */
	d->tcp_cache_size = 32; /* KiB */
	d->num_sqc_per_wgp = 1;
	d->sqc_data_cache_size = 16;
	d->sqc_inst_cache_size = 32;
	d->gl1c_cache_size = 256;
	d->gl2c_cache_size = 6144;
	d->mall_size = 96ull << 20; /* bytes */
	d->enabled_rb_pipes_mask_hi = 0;
	/* amdgpu_gfx_get_gfx_shadow_info */
	d->shadow_size = adev->shadow_size;
	d->shadow_alignment = adev->shadow_alignment;
	d->csa_size = adev->csa_size;
	d->csa_alignment = adev->csa_alignment;
	/* amdgpu_userq_get_supported_ip_mask: GFX, COMPUTE, DMA (3.64) */
	d->userq_ip_mask = userq ? (1u << AMDGPU_HW_IP_GFX) |
					   (1u << AMDGPU_HW_IP_COMPUTE) |
					   (1u << AMDGPU_HW_IP_DMA) :
				   0;
}

void amdgpu_device_init(void)
{
	struct amdgpu_device *adev = &amdgpu_adev;
	const struct emu_profile *p = emu_active_profile();

	memset(adev, 0, sizeof(*adev));

	/* 256 TiB (48-bit) VM: max_pfn = vm_size_GiB << 18 */
	adev->max_pfn = 1ull << 36;

	/* gfx_v11_0: MQD_SHADOW_BASE_SIZE / _ALIGNMENT, MQD_FWWORKAREA_SIZE
	 * / _ALIGNMENT, GFX11_MEC_HPD_SIZE (values as remembered from the
	 * kernel source, UNVERIFIED); sdma_v6_0 CSA 32 bytes (userq.md). */
	adev->shadow_size = 73728;
	adev->shadow_alignment = 256;
	adev->csa_size = 484;
	adev->csa_alignment = 256;
	adev->eop_size = 2048;
	adev->eop_alignment = 256;
	adev->sdma_csa_size = 32;
	adev->sdma_csa_alignment = 4;

	/* Memory: 24 GiB VRAM, all CPU visible (resizable BAR); GTT as the
	 * kernel sizes it for a 32 GiB host (half of system memory). Some
	 * VRAM is pinned by the kernel (firmware, page tables). */
	adev->real_vram_size = 24ull << 30;
	adev->visible_vram_size = 24ull << 30;
	adev->gtt_size = 16ull << 30;
	adev->vram_pin_size = 48ull << 20;
	adev->visible_pin_size = 48ull << 20;
	adev->gart_pin_size = 2ull << 20;
	adev->vram_usage = adev->vram_pin_size;
	adev->gtt_usage = adev->gart_pin_size;
	adev->tmz = true; /* AMDGPU_IDS_FLAGS_TMZ below */
	/* gfx_v11_0_set_gds_init */
	adev->gds_size = 0x1000;
	adev->gws_size = 64;
	adev->oa_size = 16;

	/* GB_ADDR_CONFIG: 32 pipes, 256 B interleave, 2 compressed
	 * fragments, 32 packers (plausible for Navi 31, UNVERIFIED). */
	adev->gb_addr_config = 0x00000545;
	adev->gpu_counter_hz = 100000000;
	adev->sdma_job_ns = sdma_job_ns();

	init_hw_ips(adev, p->userq);
	init_fw(adev);
	init_dev_info(adev, p->userq);
}
