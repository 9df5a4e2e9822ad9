/* SPDX-License-Identifier: MIT */
/*
 * The queue recipe's choices that do not need a device: the doorbell slot
 * of each queue inside its engine's window (releases.md §6.1: compute
 * 0x0D..0x8A, GFX 0x8D..0xFF, SDMA 0x100 + 10 qwords per engine), a new
 * doorbell page when a window is full, and the BO/VA alignment of the MQD
 * areas from UQ_FW_AREAS or DEV_INFO.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gpu/bo.h"
#include "gpu/device.h"
#include "gpu/userq.h"
#include "unit.h"

static void slot(unsigned int ip, unsigned int engines, unsigned int n,
		 unsigned int page, uint32_t offset)
{
	unsigned int p = 99;
	uint32_t o = 0;

	ck_assert_int_eq(uq_doorbell_slot(ip, engines, n, &p, &o), 0);
	ck_assert_msg(p == page && o == offset,
		      "ip %u slot %u: page %u offset 0x%x, expected %u 0x%x",
		      ip, n, p, o, page, offset);
}

START_TEST(test_doorbell_gfx_window)
{
	/* CP_RB_DOORBELL_RANGE ends at gfx_userqueue_end: 115 slots */
	slot(AMDGPU_HW_IP_GFX, 2, 0, 0, 0x8d);
	slot(AMDGPU_HW_IP_GFX, 2, 114, 0, 0xff);
	slot(AMDGPU_HW_IP_GFX, 2, 115, 1, 0x8d);
	slot(AMDGPU_HW_IP_GFX, 2, 230, 2, 0x8d);
}
END_TEST

START_TEST(test_doorbell_compute_window)
{
	/* CP_MEC_DOORBELL_RANGE: userqueue_start..end, 126 slots; never
	 * 0x8b/0x8c, the GFX rings */
	slot(AMDGPU_HW_IP_COMPUTE, 2, 0, 0, 0x0d);
	slot(AMDGPU_HW_IP_COMPUTE, 2, 125, 0, 0x8a);
	slot(AMDGPU_HW_IP_COMPUTE, 2, 126, 1, 0x0d);
}
END_TEST

START_TEST(test_doorbell_sdma_window)
{
	/* 10 qwords per engine from 0x100: 2 engines on Navi 3x */
	slot(AMDGPU_HW_IP_DMA, 2, 0, 0, 0x100);
	slot(AMDGPU_HW_IP_DMA, 2, 19, 0, 0x113);
	slot(AMDGPU_HW_IP_DMA, 2, 20, 1, 0x100);
	/* one engine: engine 1's range is not used */
	slot(AMDGPU_HW_IP_DMA, 1, 9, 0, 0x109);
	slot(AMDGPU_HW_IP_DMA, 1, 10, 1, 0x100);
	/* an unknown engine count counts as one */
	slot(AMDGPU_HW_IP_DMA, 0, 10, 1, 0x100);
}
END_TEST

START_TEST(test_doorbell_limits)
{
	unsigned int p;
	uint32_t o;

	/* the last slot of the last page, and one past it */
	slot(AMDGPU_HW_IP_DMA, 1, 10 * UQ_DOORBELL_MAX_PAGES - 1,
	     UQ_DOORBELL_MAX_PAGES - 1, 0x109);
	ck_assert_int_eq(uq_doorbell_slot(AMDGPU_HW_IP_DMA, 1,
					  10 * UQ_DOORBELL_MAX_PAGES, &p, &o),
			 -ERANGE);
	/* no user-queue window for other IPs */
	ck_assert_int_eq(uq_doorbell_slot(AMDGPU_HW_IP_UVD, 1, 0, &p, &o),
			 -ERANGE);
}
END_TEST

START_TEST(test_sdma_engines)
{
	struct uq_device *dev = calloc(1, sizeof(*dev));

	ck_assert_ptr_nonnull(dev);
	dev->ip[AMDGPU_HW_IP_DMA].count = 2;
	ck_assert_uint_eq(uq_sdma_engines(dev), 2);
	dev->ip[AMDGPU_HW_IP_DMA].count_err = EINVAL;
	ck_assert_uint_eq(uq_sdma_engines(dev), 1);
	dev->ip[AMDGPU_HW_IP_DMA].count_err = 0;
	dev->ip[AMDGPU_HW_IP_DMA].count = 0;
	ck_assert_uint_eq(uq_sdma_engines(dev), 1);
	free(dev);
}
END_TEST

START_TEST(test_va_alignment)
{
	/* at least a GPU page, and a power of two */
	ck_assert_uint_eq(uq_va_alignment(0), 4096);
	ck_assert_uint_eq(uq_va_alignment(4), 4096);
	ck_assert_uint_eq(uq_va_alignment(256), 4096);
	ck_assert_uint_eq(uq_va_alignment(4096), 4096);
	ck_assert_uint_eq(uq_va_alignment(4097), 8192);
	ck_assert_uint_eq(uq_va_alignment(0x3000), 0x4000);
	ck_assert_uint_eq(uq_va_alignment(64 << 10), 64 << 10);
	ck_assert_uint_eq(uq_va_alignment(2u << 20), 2u << 20);
}
END_TEST

static void area(const struct uq_area *a, uint32_t size, uint32_t alignment)
{
	ck_assert_msg(a->size == size && a->alignment == alignment,
		      "%s: size %u alignment %u, expected %u %u", a->what,
		      a->size, a->alignment, size, alignment);
}

START_TEST(test_areas_from_dev_info)
{
	struct uq_device *dev = calloc(1, sizeof(*dev));
	struct uq_area a[UQ_QUEUE_AREAS];

	ck_assert_ptr_nonnull(dev);
	dev->info.shadow_size = 73728;
	dev->info.shadow_alignment = 64 << 10;
	dev->info.csa_size = 484;
	dev->info.csa_alignment = 8192;
	/* UQ_FW_AREAS of COMPUTE and DMA: -EINVAL up to 7.0 */
	for (unsigned int ip = 0; ip <= AMDGPU_HW_IP_DMA; ip++) {
		dev->ip[ip].fw_areas_asked = true;
		dev->ip[ip].fw_areas_err = EINVAL;
	}
	ck_assert_uint_eq(uq_queue_areas(dev, AMDGPU_HW_IP_GFX, a), 2);
	area(&a[0], 73728, 64 << 10);
	area(&a[1], 484, 8192);
	ck_assert_uint_eq(uq_queue_areas(dev, AMDGPU_HW_IP_DMA, a), 1);
	area(&a[0], 484, 8192);
	/* no DEV_INFO field: the kernel's 2048-byte minimum */
	ck_assert_uint_eq(uq_queue_areas(dev, AMDGPU_HW_IP_COMPUTE, a), 1);
	area(&a[0], 2048, 256);
	free(dev);
}
END_TEST

START_TEST(test_areas_from_uq_fw_areas)
{
	struct uq_device *dev = calloc(1, sizeof(*dev));
	struct uq_area a[UQ_QUEUE_AREAS];

	ck_assert_ptr_nonnull(dev);
	dev->info.shadow_size = 4096;
	dev->info.shadow_alignment = 256;
	dev->info.csa_size = 4096;
	dev->info.csa_alignment = 256;
	for (unsigned int ip = 0; ip <= AMDGPU_HW_IP_DMA; ip++)
		dev->ip[ip].fw_areas_asked = true;
	dev->ip[AMDGPU_HW_IP_GFX].fw_areas.gfx.shadow_size = 73728;
	dev->ip[AMDGPU_HW_IP_GFX].fw_areas.gfx.shadow_alignment = 32 << 10;
	dev->ip[AMDGPU_HW_IP_GFX].fw_areas.gfx.csa_size = 484;
	dev->ip[AMDGPU_HW_IP_GFX].fw_areas.gfx.csa_alignment = 16 << 10;
	dev->ip[AMDGPU_HW_IP_COMPUTE].fw_areas.compute.eop_size = 4096;
	dev->ip[AMDGPU_HW_IP_COMPUTE].fw_areas.compute.eop_alignment = 8192;
	dev->ip[AMDGPU_HW_IP_DMA].fw_areas.sdma.csa_size = 32;
	dev->ip[AMDGPU_HW_IP_DMA].fw_areas.sdma.csa_alignment = 4;
	ck_assert_uint_eq(uq_queue_areas(dev, AMDGPU_HW_IP_GFX, a), 2);
	area(&a[0], 73728, 32 << 10);
	area(&a[1], 484, 16 << 10);
	ck_assert_uint_eq(uq_va_alignment(a[1].alignment), 16 << 10);
	ck_assert_uint_eq(uq_queue_areas(dev, AMDGPU_HW_IP_COMPUTE, a), 1);
	area(&a[0], 4096, 8192);
	ck_assert_uint_eq(uq_queue_areas(dev, AMDGPU_HW_IP_DMA, a), 1);
	area(&a[0], 32, 4);
	ck_assert_uint_eq(uq_va_alignment(a[0].alignment), 4096);
	free(dev);
}
END_TEST

Suite *suite_userq_recipe(void)
{
	Suite *s = suite_create("userq_recipe");
	TCase *tc = tcase_create("doorbell");
	TCase *al = tcase_create("alignment");

	tcase_add_test(tc, test_doorbell_gfx_window);
	tcase_add_test(tc, test_doorbell_compute_window);
	tcase_add_test(tc, test_doorbell_sdma_window);
	tcase_add_test(tc, test_doorbell_limits);
	tcase_add_test(tc, test_sdma_engines);
	suite_add_tcase(s, tc);
	tcase_add_test(al, test_va_alignment);
	tcase_add_test(al, test_areas_from_dev_info);
	tcase_add_test(al, test_areas_from_uq_fw_areas);
	suite_add_tcase(s, al);
	return s;
}
