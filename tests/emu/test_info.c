// SPDX-License-Identifier: MIT
/*
 * AMDGPU_INFO conformance: emulator-notes rules 11-18 (gem-va-prt.md §9,
 * userq.md §3). Every test asks through a raw DRM_IOCTL_AMDGPU_INFO.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "conformance.h"
#include "uapi/amdgpu_gem_va.h"
#include "uapi/amdgpu_info.h"

#define ENOTSUPP_KERNEL 524
#define HW_IP_NUM_KERNEL 10 /* VPE is 9 */
/* in the unmapped first page */
#define BAD_OUT ((void *)(uintptr_t)0x10)
#define UNUSED_QUERY 0xfe

static int info(int fd, uint32_t query, void *out, uint32_t size, const void *u,
		size_t ulen)
{
	struct drm_amdgpu_info req;

	memset(&req, 0, sizeof(req));
	req.return_pointer = (uintptr_t)out;
	req.return_size = size;
	req.query = query;
	/* the 16-byte union after query */
	if (u)
		memcpy(&req.read_mmr_reg, u,
		       ulen < sizeof(req.read_mmr_reg) ?
			       ulen :
			       sizeof(req.read_mmr_reg));
	return conf_ioctl(fd, DRM_IOCTL_AMDGPU_INFO, &req);
}

static int hw_ip_query(int fd, uint32_t query, uint32_t type, uint32_t instance,
		       void *out, uint32_t size)
{
	uint32_t u[2] = { type, instance };

	return info(fd, query, out, size, u, sizeof(u));
}

static int fw_query(int fd, uint32_t type, uint32_t instance, uint32_t index,
		    struct drm_amdgpu_info_firmware *fw)
{
	uint32_t u[4] = { type, instance, index, 0 };

	return info(fd, AMDGPU_INFO_FW_VERSION, fw, sizeof(*fw), u, sizeof(u));
}

static bool all_bytes(const void *p, size_t n, uint8_t v)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != v)
			return false;
	return true;
}

/* rule 11 */
START_TEST(rule11_return_size_zero)
{
	int fd = conf_open();
	uint32_t v = 0xaaaaaaaa;

	ck_assert_int_eq(info(fd, AMDGPU_INFO_ACCEL_WORKING, &v, 0, NULL, 0),
			 -EINVAL);
	ck_assert_uint_eq(v, 0xaaaaaaaa);
	close(fd);
}
END_TEST

START_TEST(rule11_return_pointer_null)
{
	int fd = conf_open();

	ck_assert_int_eq(info(fd, AMDGPU_INFO_ACCEL_WORKING, NULL, 4, NULL, 0),
			 -EINVAL);
	/* checked before the query: an unknown query gives the same answer */
	ck_assert_int_eq(info(fd, UNUSED_QUERY, NULL, 4, NULL, 0), -EINVAL);
	close(fd);
}
END_TEST

/* rule 12 */
START_TEST(rule12_unknown_query)
{
	int fd = conf_open();
	uint8_t buf[64];

	memset(buf, 0xaa, sizeof(buf));
	ck_assert_int_eq(info(fd, UNUSED_QUERY, buf, sizeof(buf), NULL, 0),
			 -EINVAL);
	ck_assert(all_bytes(buf, sizeof(buf), 0xaa));
	close(fd);
}
END_TEST

/* rule 13: min(return_size, sizeof result) bytes, the rest untouched */
START_TEST(rule13_truncation)
{
	int fd = conf_open();
	struct uapi_amdgpu_info_device full;
	uint8_t buf[sizeof(full) + 32];
	uint32_t sizes[] = { 1, 20, 147, 368, 447 };
	size_t i;

	ck_assert_int_eq(info(fd, AMDGPU_INFO_DEV_INFO, &full, sizeof(full),
			      NULL, 0),
			 0);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		memset(buf, 0xaa, sizeof(buf));
		ck_assert_int_eq(info(fd, AMDGPU_INFO_DEV_INFO, buf, sizes[i],
				      NULL, 0),
				 0);
		ck_assert_mem_eq(buf, &full, sizes[i]);
		ck_assert(all_bytes(buf + sizes[i], sizeof(buf) - sizes[i],
				    0xaa));
	}
	/* a larger buffer gets exactly the 448 bytes */
	memset(buf, 0xaa, sizeof(buf));
	ck_assert_int_eq(
		info(fd, AMDGPU_INFO_DEV_INFO, buf, sizeof(buf), NULL, 0), 0);
	ck_assert_mem_eq(buf, &full, sizeof(full));
	ck_assert(all_bytes(buf + sizeof(full), 32, 0xaa));
	close(fd);
}
END_TEST

START_TEST(rule13_efault)
{
	int fd = conf_open();

	ck_assert_int_eq(info(fd, AMDGPU_INFO_DEV_INFO, BAD_OUT, 448, NULL, 0),
			 -EFAULT);
	ck_assert_int_eq(info(fd, AMDGPU_INFO_ACCEL_WORKING, BAD_OUT, 448, NULL,
			      0),
			 -EFAULT);
	close(fd);
}
END_TEST

/* rule 14 */
START_TEST(rule14_accel_working)
{
	int fd = conf_open();
	uint32_t v = 0;

	ck_assert_int_eq(
		info(fd, AMDGPU_INFO_ACCEL_WORKING, &v, sizeof(v), NULL, 0), 0);
	ck_assert_uint_eq(v, 1);
	close(fd);
}
END_TEST

/* rule 15 */
START_TEST(rule15_dev_info)
{
	int fd = conf_open();
	struct uapi_amdgpu_info_device d;

	memset(&d, 0xaa, sizeof(d));
	ck_assert_int_eq(info(fd, AMDGPU_INFO_DEV_INFO, &d, sizeof(d), NULL, 0),
			 0);
	ck_assert_uint_eq(d.device_id, 0x744c);
	ck_assert_uint_eq(d.pci_rev, 0xc8);
	ck_assert_uint_eq(d.family, AMDGPU_FAMILY_GC_11_0_0);
	ck_assert_uint_eq(d.virtual_address_offset, 0x10000);
	ck_assert_uint_eq(d.virtual_address_max, 0x800000000000ull);
	ck_assert_uint_eq(d.high_va_offset, 0xffff800000000000ull);
	ck_assert_uint_eq(d.high_va_max, 0xffffffffffbfe000ull);
	ck_assert_uint_eq(d.virtual_address_alignment, 4096);
	ck_assert_uint_eq(d.gart_page_size, 4096);
	/* issue 13 difference 2: the shadow callback fails without
	 * cp_gfx_shadow (SR-IOV only), so bare metal reports 0 */
	ck_assert_uint_eq(d.shadow_size, 0);
	ck_assert_uint_eq(d.shadow_alignment, 0);
	ck_assert_uint_eq(d.csa_size, 0);
	ck_assert_uint_eq(d.csa_alignment, 0);
	ck_assert_uint_ne(d.cu_active_number, 0);
	/* issue 13 difference 1: no PREEMPTION (mcbp off by default), no
	 * TMZ (GC 11.0.0), no FUSION, CONFORMANT_TRUNC_COORD, GANG_SUBMIT
	 * from dbdff5c99b (6.18), bare metal (mode 0) */
	ck_assert_uint_eq(d.ids_flags,
			  AMDGPU_IDS_FLAGS_CONFORMANT_TRUNC_COORD |
				  (conf_flags()->dev_info_gang_submit ?
					   AMDGPU_IDS_FLAGS_GANG_SUBMIT :
					   0));
	ck_assert_uint_eq(d.userq_ip_mask, conf_flags()->userq ? 0x7 : 0);
	ck_assert_uint_eq(d.pad, 0);
	close(fd);
}
END_TEST

/* libdrm 2.4.114 asks for 368 bytes: it gets the prefix, nothing more */
START_TEST(rule15_dev_info_368)
{
	int fd = conf_open();
	struct uapi_amdgpu_info_device full;
	struct drm_amdgpu_info_device old;
	uint8_t buf[sizeof(full)];

	ck_assert_int_eq(info(fd, AMDGPU_INFO_DEV_INFO, &full, sizeof(full),
			      NULL, 0),
			 0);
	ck_assert_int_eq(
		info(fd, AMDGPU_INFO_DEV_INFO, &old, sizeof(old), NULL, 0), 0);
	ck_assert_mem_eq(&old, &full, sizeof(old));
	ck_assert_uint_eq(old.family, AMDGPU_FAMILY_GC_11_0_0);
	memset(buf, 0xaa, sizeof(buf));
	ck_assert_int_eq(info(fd, AMDGPU_INFO_DEV_INFO, buf, 368, NULL, 0), 0);
	ck_assert(all_bytes(buf + 368, sizeof(buf) - 368, 0xaa));
	close(fd);
}
END_TEST

/* rule 16 */
START_TEST(rule16_read_mmr_gb_addr_config)
{
	int fd = conf_open();
	uint32_t u[4] = { 0x263e, 1, 0xffffffff, 0 };
	uint32_t v[2] = { 0, 0xaaaaaaaa };

	ck_assert_int_eq(info(fd, AMDGPU_INFO_READ_MMR_REG, v, 4, u, sizeof(u)),
			 0);
	ck_assert_uint_ne(v[0], 0);
	ck_assert_uint_eq(v[1], 0xaaaaaaaa);
	close(fd);
}
END_TEST

START_TEST(rule16_read_mmr_limits)
{
	int fd = conf_open();
	uint32_t regs[256];
	uint32_t too_many[4] = { 0x263e, 129, 0xffffffff, 0 };
	uint32_t bad_se[4] = { 0x263e, 1, 0xffffff05, 0 };
	uint32_t bad_sh[4] = { 0x263e, 1, 0xffff02ff, 0 };
	uint32_t not_allowed[4] = { 0x263f, 1, 0xffffffff, 0 };
	uint32_t se0[4] = { 0x263e, 1, 0xffffff00, 0 };

	/* amdgpu_info_ioctl: more than 128 registers, or an SE/SH index
	 * beyond the GFX limits */
	ck_assert_int_eq(info(fd, AMDGPU_INFO_READ_MMR_REG, regs, sizeof(regs),
			      too_many, sizeof(too_many)),
			 -EINVAL);
	ck_assert_int_eq(info(fd, AMDGPU_INFO_READ_MMR_REG, regs, sizeof(regs),
			      bad_se, sizeof(bad_se)),
			 -EINVAL);
	ck_assert_int_eq(info(fd, AMDGPU_INFO_READ_MMR_REG, regs, sizeof(regs),
			      bad_sh, sizeof(bad_sh)),
			 -EINVAL);
	/* soc21_read_register refuses registers off its allow list; the
	 * ioctl reports "unallowed offset" as -EFAULT */
	ck_assert_int_eq(info(fd, AMDGPU_INFO_READ_MMR_REG, regs, sizeof(regs),
			      not_allowed, sizeof(not_allowed)),
			 -EFAULT);
	ck_assert_int_eq(info(fd, AMDGPU_INFO_READ_MMR_REG, regs, sizeof(regs),
			      se0, sizeof(se0)),
			 0);
	close(fd);
}
END_TEST

/* rule 17: 40 bytes with userq_num_slots, or 32 */
START_TEST(rule17_hw_ip_info)
{
	const uint32_t types[] = { AMDGPU_HW_IP_GFX, AMDGPU_HW_IP_COMPUTE,
				   AMDGPU_HW_IP_DMA };
	const struct emu_profile *p = conf_flags();
	int fd = conf_open();
	size_t i;

	for (i = 0; i < 3; i++) {
		struct uapi_amdgpu_info_hw_ip ip;

		memset(&ip, 0xaa, sizeof(ip));
		ck_assert_int_eq(hw_ip_query(fd, AMDGPU_INFO_HW_IP_INFO,
					     types[i], 0, &ip, sizeof(ip)),
				 0);
		ck_assert_uint_ne(ip.available_rings, 0);
		ck_assert_uint_ne(ip.hw_ip_version_major, 0);
		ck_assert_uint_ne(ip.ip_discovery_version, 0);
		if (p->hw_ip_userq_num_slots) {
			if (p->userq)
				ck_assert_uint_ne(ip.userq_num_slots, 0);
			else
				ck_assert_uint_eq(ip.userq_num_slots, 0);
			ck_assert_uint_eq(ip.pad, 0);
		} else {
			/* the old kernel fills only 32 bytes */
			ck_assert_uint_eq(ip.userq_num_slots, 0xaaaaaaaa);
			ck_assert_uint_eq(ip.pad, 0xaaaaaaaa);
		}
	}
	close(fd);
}
END_TEST

START_TEST(rule17_hw_ip_info_32)
{
	int fd = conf_open();
	struct drm_amdgpu_info_hw_ip ip;
	uint8_t buf[40];

	ck_assert_int_eq(sizeof(ip), 32);
	ck_assert_int_eq(hw_ip_query(fd, AMDGPU_INFO_HW_IP_INFO,
				     AMDGPU_HW_IP_GFX, 0, &ip, sizeof(ip)),
			 0);
	ck_assert_uint_eq(ip.hw_ip_version_major, 11);
	ck_assert_uint_eq(ip.available_rings, 1);
	memset(buf, 0xaa, sizeof(buf));
	ck_assert_int_eq(hw_ip_query(fd, AMDGPU_INFO_HW_IP_INFO,
				     AMDGPU_HW_IP_GFX, 0, buf, 32),
			 0);
	ck_assert(all_bytes(buf + 32, 8, 0xaa));
	close(fd);
}
END_TEST

START_TEST(rule17_hw_ip_info_bad_input)
{
	int fd = conf_open();
	struct uapi_amdgpu_info_hw_ip ip;
	struct uapi_amdgpu_info_hw_ip zero;

	/* amdgpu_hw_ip_info: ip_instance >= AMDGPU_HW_IP_INSTANCE_MAX_COUNT */
	ck_assert_int_eq(hw_ip_query(fd, AMDGPU_INFO_HW_IP_INFO,
				     AMDGPU_HW_IP_GFX, 1, &ip, sizeof(ip)),
			 -EINVAL);
	/* unknown IP type */
	ck_assert_int_eq(hw_ip_query(fd, AMDGPU_INFO_HW_IP_INFO,
				     HW_IP_NUM_KERNEL, 0, &ip, sizeof(ip)),
			 -EINVAL);
	/* a known type without a block on this board: 0, all zero */
	memset(&ip, 0xaa, sizeof(ip));
	memset(&zero, 0, sizeof(zero));
	ck_assert_int_eq(hw_ip_query(fd, AMDGPU_INFO_HW_IP_INFO,
				     AMDGPU_HW_IP_UVD, 0, &ip, 32),
			 0);
	ck_assert_mem_eq(&ip, &zero, 32);
	close(fd);
}
END_TEST

START_TEST(hw_ip_count)
{
	int fd = conf_open();
	uint32_t n = 0;

	ck_assert_int_eq(hw_ip_query(fd, AMDGPU_INFO_HW_IP_COUNT,
				     AMDGPU_HW_IP_GFX, 0, &n, sizeof(n)),
			 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(hw_ip_query(fd, AMDGPU_INFO_HW_IP_COUNT,
				     AMDGPU_HW_IP_DMA, 0, &n, sizeof(n)),
			 0);
	ck_assert_uint_eq(n, 2);
	/* no UVD block: amdgpu_device_ip_get_ip_block finds nothing */
	ck_assert_int_eq(hw_ip_query(fd, AMDGPU_INFO_HW_IP_COUNT,
				     AMDGPU_HW_IP_UVD, 0, &n, sizeof(n)),
			 -EINVAL);
	close(fd);
}
END_TEST

/* rule 18 */
START_TEST(rule18_uq_fw_areas_gfx)
{
	int fd = conf_open();
	struct uapi_amdgpu_info_uq_metadata m;
	struct uapi_amdgpu_info_device d;

	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(hw_ip_query(fd, AMDGPU_INFO_UQ_FW_AREAS,
				     AMDGPU_HW_IP_GFX, 0, &m, sizeof(m)),
			 0);
	ck_assert_uint_ne(m.gfx.shadow_size, 0);
	ck_assert_uint_ne(m.gfx.shadow_alignment, 0);
	ck_assert_uint_ne(m.gfx.csa_size, 0);
	ck_assert_uint_ne(m.gfx.csa_alignment, 0);
	/* the same callback, with skip_check, fills UQ_FW_AREAS; DEV_INFO
	 * calls it without, so on bare metal its copy stays 0 */
	ck_assert_int_eq(info(fd, AMDGPU_INFO_DEV_INFO, &d, sizeof(d), NULL, 0),
			 0);
	ck_assert_uint_eq(d.shadow_size, 0);
	ck_assert_uint_eq(d.csa_size, 0);
	close(fd);
}
END_TEST

START_TEST(rule18_uq_fw_areas_compute_dma)
{
	int fd = conf_open();
	struct uapi_amdgpu_info_uq_metadata m;
	/* 6.16..7.0 answer GFX only, -EINVAL otherwise (amdgpu_kms.c
	 * switch default; releases.md §4.2) */
	int expect = conf_flags()->uq_fw_areas_all_ips ? 0 : -EINVAL;

	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(hw_ip_query(fd, AMDGPU_INFO_UQ_FW_AREAS,
				     AMDGPU_HW_IP_COMPUTE, 0, &m, sizeof(m)),
			 expect);
	if (!expect) {
		ck_assert_uint_ne(m.compute.eop_size, 0);
		ck_assert_uint_ne(m.compute.eop_alignment, 0);
	}
	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(hw_ip_query(fd, AMDGPU_INFO_UQ_FW_AREAS,
				     AMDGPU_HW_IP_DMA, 0, &m, sizeof(m)),
			 expect);
	if (!expect) {
		ck_assert_uint_ne(m.sdma.csa_size, 0);
		ck_assert_uint_ne(m.sdma.csa_alignment, 0);
	}
	/* every other IP: -EINVAL before, -ENOTSUPP (524, not EOPNOTSUPP)
	 * with the COMPUTE/DMA answers */
	ck_assert_int_eq(hw_ip_query(fd, AMDGPU_INFO_UQ_FW_AREAS,
				     AMDGPU_HW_IP_VCN_ENC, 0, &m, sizeof(m)),
			 conf_flags()->uq_fw_areas_all_ips ? -ENOTSUPP_KERNEL :
							     -EINVAL);
	close(fd);
}
END_TEST

/* 90c448fef312: a failed copy-out still returns 0 */
START_TEST(rule18_uq_fw_areas_copy_fault_returns_0)
{
	int fd = conf_open();

	ck_assert_int_eq(hw_ip_query(fd, AMDGPU_INFO_UQ_FW_AREAS,
				     AMDGPU_HW_IP_GFX, 0, BAD_OUT, 16),
			 0);
	close(fd);
}
END_TEST

START_TEST(fw_version)
{
	int fd = conf_open();
	struct drm_amdgpu_info_firmware fw;

	/* above the GFX 11.0.0 userq firmware minimums (userq.md §4) */
	ck_assert_int_eq(fw_query(fd, AMDGPU_INFO_FW_GFX_ME, 0, 0, &fw), 0);
	ck_assert_uint_ge(fw.ver, 2420);
	ck_assert_int_eq(fw_query(fd, AMDGPU_INFO_FW_GFX_PFP, 0, 0, &fw), 0);
	ck_assert_uint_ge(fw.ver, 2580);
	ck_assert_int_eq(fw_query(fd, AMDGPU_INFO_FW_GFX_MEC, 0, 0, &fw), 0);
	ck_assert_uint_ge(fw.ver, 2650);
	ck_assert_int_eq(fw_query(fd, AMDGPU_INFO_FW_MES, 0, 0, &fw), 0);
	ck_assert_uint_ge(fw.ver, 120);
	ck_assert_int_eq(fw_query(fd, AMDGPU_INFO_FW_SDMA, 0, 1, &fw), 0);
	ck_assert_uint_ne(fw.ver, 0);
	close(fd);
}
END_TEST

START_TEST(fw_version_bad_input)
{
	int fd = conf_open();
	struct drm_amdgpu_info_firmware fw;

	/* amdgpu_info_ioctl: one instance of each IP block */
	ck_assert_int_eq(fw_query(fd, AMDGPU_INFO_FW_GFX_ME, 1, 0, &fw),
			 -EINVAL);
	/* amdgpu_firmware_info: SDMA index >= num_instances, MEC index > 1,
	 * unknown firmware type */
	ck_assert_int_eq(fw_query(fd, AMDGPU_INFO_FW_SDMA, 0, 2, &fw), -EINVAL);
	ck_assert_int_eq(fw_query(fd, AMDGPU_INFO_FW_GFX_MEC, 0, 2, &fw),
			 -EINVAL);
	ck_assert_int_eq(fw_query(fd, 0x09, 0, 0, &fw), -EINVAL);
	ck_assert_int_eq(fw_query(fd, 0xff, 0, 0, &fw), -EINVAL);
	close(fd);
}
END_TEST

START_TEST(memory_and_vram_gtt)
{
	int fd = conf_open();
	struct drm_amdgpu_memory_info mem;
	struct drm_amdgpu_info_vram_gtt vg;

	ck_assert_int_eq(
		info(fd, AMDGPU_INFO_MEMORY, &mem, sizeof(mem), NULL, 0), 0);
	/* issue 13 difference 6: 24560 MiB, as a real card reports it
	 * (MEMORY's total is gmc.real_vram_size) */
	ck_assert_uint_eq(mem.vram.total_heap_size, 24560ull << 20);
	ck_assert_uint_eq(mem.cpu_accessible_vram.total_heap_size,
			  24560ull << 20);
	ck_assert_uint_le(mem.vram.usable_heap_size, mem.vram.total_heap_size);
	ck_assert_uint_eq(mem.vram.max_allocation,
			  mem.vram.usable_heap_size * 3 / 4);
	ck_assert_uint_ne(mem.gtt.total_heap_size, 0);
	ck_assert_int_eq(
		info(fd, AMDGPU_INFO_VRAM_GTT, &vg, sizeof(vg), NULL, 0), 0);
	ck_assert_uint_eq(vg.vram_size, mem.vram.usable_heap_size);
	ck_assert_uint_le(vg.vram_cpu_accessible_size, vg.vram_size);
	close(fd);
}
END_TEST

/* issue 13 difference 6: one JPEG instance with one ring
 * (jpeg_v4_0_early_init), two VCN instances */
START_TEST(hw_ip_count_vcn_jpeg)
{
	int fd = conf_open();
	uint32_t n = 0;

	ck_assert_int_eq(hw_ip_query(fd, AMDGPU_INFO_HW_IP_COUNT,
				     AMDGPU_HW_IP_VCN_JPEG, 0, &n, sizeof(n)),
			 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(hw_ip_query(fd, AMDGPU_INFO_HW_IP_COUNT,
				     AMDGPU_HW_IP_VCN_ENC, 0, &n, sizeof(n)),
			 0);
	ck_assert_uint_eq(n, 2);
	close(fd);
}
END_TEST

static int video_caps(int fd, uint32_t type,
		      struct drm_amdgpu_info_video_caps *caps)
{
	uint32_t u[1] = { type };

	memset(caps, 0xaa, sizeof(*caps));
	return info(fd, AMDGPU_INFO_VIDEO_CAPS, caps, sizeof(*caps), u,
		    sizeof(u));
}

static void assert_codec(const struct drm_amdgpu_info_video_caps *caps,
			 unsigned int idx, uint32_t w, uint32_t h,
			 uint32_t level)
{
	const struct drm_amdgpu_info_video_codec_info *c =
		&caps->codec_info[idx];

	ck_assert_uint_eq(c->valid, 1);
	ck_assert_uint_eq(c->max_width, w);
	ck_assert_uint_eq(c->max_height, h);
	ck_assert_uint_eq(c->max_pixels_per_frame, w * h);
	ck_assert_uint_eq(c->max_level, level);
}

/* issue 13 difference 3: soc21.c vcn_4_0_0_video_codecs_{decode,encode}
 * _vcn0, zero for the codecs it lacks, -EINVAL for another type */
START_TEST(video_caps_vcn_4_0)
{
	int fd = conf_open();
	struct drm_amdgpu_info_video_caps caps;

	ck_assert_int_eq(video_caps(fd, AMDGPU_INFO_VIDEO_CAPS_DECODE, &caps),
			 0);
	assert_codec(&caps, AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_MPEG4_AVC, 4096,
		     4096, 52);
	assert_codec(&caps, AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_HEVC, 8192, 4352,
		     186);
	assert_codec(&caps, AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_JPEG, 16384, 16384,
		     0);
	assert_codec(&caps, AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_VP9, 8192, 4352,
		     0);
	assert_codec(&caps, AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_AV1, 8192, 4352,
		     0);
	ck_assert(all_bytes(
		&caps.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_MPEG2],
		3 * sizeof(caps.codec_info[0]), 0));
	ck_assert_int_eq(video_caps(fd, AMDGPU_INFO_VIDEO_CAPS_ENCODE, &caps),
			 0);
	assert_codec(&caps, AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_MPEG4_AVC, 4096,
		     4096, 0);
	assert_codec(&caps, AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_HEVC, 8192, 4352,
		     0);
	assert_codec(&caps, AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_AV1, 8192, 4352,
		     0);
	ck_assert_uint_eq(
		caps.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_VP9].valid, 0);
	ck_assert_uint_eq(
		caps.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_JPEG].valid,
		0);
	ck_assert_int_eq(video_caps(fd, 2, &caps), -EINVAL);
	close(fd);
}
END_TEST

static int sensor(int fd, uint32_t type, uint32_t *v)
{
	uint32_t u[1] = { type };

	*v = 0xaaaaaaaa;
	return info(fd, AMDGPU_INFO_SENSOR, v, sizeof(*v), u, sizeof(u));
}

/* issue 13 difference 5: what smu_v13_0_0_read_sensor and
 * smu_read_sensor provide answers, in the ioctl's units; VDDNB and
 * GPU_INPUT_POWER (SMU 13.0.0 lacks them) and unknown subqueries are
 * -EINVAL. The values are the board's (emulated); only their range is
 * asserted. */
START_TEST(sensor_smu_13_0_0)
{
	int fd = conf_open();
	uint32_t v, sclk, peak;

	ck_assert_int_eq(sensor(fd, AMDGPU_INFO_SENSOR_GFX_SCLK, &sclk), 0);
	ck_assert_int_eq(sensor(fd, 0xa /* PEAK_PSTATE_GFX_SCLK */, &peak), 0);
	ck_assert_uint_gt(sclk, 0);
	ck_assert_uint_le(sclk, peak); /* MHz */
	ck_assert_int_eq(sensor(fd, AMDGPU_INFO_SENSOR_GFX_MCLK, &v), 0);
	ck_assert_uint_gt(v, 0);
	ck_assert_int_eq(sensor(fd, 0xb /* PEAK_PSTATE_GFX_MCLK */, &v), 0);
	ck_assert_uint_gt(v, 0);
	ck_assert_int_eq(sensor(fd, AMDGPU_INFO_SENSOR_GPU_TEMP, &v), 0);
	ck_assert_uint_ge(v, 1000); /* millidegrees */
	ck_assert_uint_le(v, 110000);
	ck_assert_int_eq(sensor(fd, AMDGPU_INFO_SENSOR_GPU_LOAD, &v), 0);
	ck_assert_uint_le(v, 100);
	ck_assert_int_eq(sensor(fd, AMDGPU_INFO_SENSOR_GPU_AVG_POWER, &v), 0);
	ck_assert_uint_le(v, 500); /* W */
	ck_assert_int_eq(sensor(fd, AMDGPU_INFO_SENSOR_VDDGFX, &v), 0);
	ck_assert_uint_gt(v, 0);
	ck_assert_uint_lt(v, 2000); /* mV */
	ck_assert_int_eq(
		sensor(fd, AMDGPU_INFO_SENSOR_STABLE_PSTATE_GFX_SCLK, &v), 0);
	ck_assert_uint_le(v, peak);
	ck_assert_int_eq(
		sensor(fd, AMDGPU_INFO_SENSOR_STABLE_PSTATE_GFX_MCLK, &v), 0);
	ck_assert_uint_gt(v, 0);
	ck_assert_int_eq(sensor(fd, AMDGPU_INFO_SENSOR_VDDNB, &v), -EINVAL);
	ck_assert_uint_eq(v, 0xaaaaaaaa);
	ck_assert_int_eq(sensor(fd, 0xc /* GPU_INPUT_POWER */, &v), -EINVAL);
	ck_assert_int_eq(sensor(fd, 0, &v), -EINVAL);
	ck_assert_int_eq(sensor(fd, 0xd, &v), -EINVAL);
	close(fd);
}
END_TEST

Suite *suite_info(void)
{
	Suite *s = suite_create("info");
	TCase *tc = tcase_create("info");

	conf_add_test(tc, rule11_return_size_zero);
	conf_add_test(tc, rule11_return_pointer_null);
	conf_add_test(tc, rule12_unknown_query);
	conf_add_test(tc, rule13_truncation);
	conf_add_test(tc, rule13_efault);
	conf_add_test(tc, rule14_accel_working);
	conf_add_test(tc, rule15_dev_info);
	conf_add_test(tc, rule15_dev_info_368);
	conf_add_test(tc, rule16_read_mmr_gb_addr_config);
	conf_add_test(tc, rule16_read_mmr_limits);
	conf_add_test(tc, rule17_hw_ip_info);
	conf_add_test(tc, rule17_hw_ip_info_32);
	conf_add_test(tc, rule17_hw_ip_info_bad_input);
	conf_add_test(tc, hw_ip_count);
	conf_add_test(tc, rule18_uq_fw_areas_gfx);
	conf_add_test(tc, rule18_uq_fw_areas_compute_dma);
	conf_add_test(tc, rule18_uq_fw_areas_copy_fault_returns_0);
	conf_add_test(tc, fw_version);
	conf_add_test(tc, fw_version_bad_input);
	conf_add_test(tc, memory_and_vram_gtt);
	conf_add_test(tc, hw_ip_count_vcn_jpeg);
	conf_add_test(tc, video_caps_vcn_4_0);
	conf_add_test(tc, sensor_smu_13_0_0);
	suite_add_tcase(s, tc);
	return s;
}
