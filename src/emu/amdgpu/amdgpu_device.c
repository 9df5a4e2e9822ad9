// SPDX-License-Identifier: MIT
/*
 * The emulated amdgpu device (amdgpu_device.c, reduced to its init): the
 * board's data (the board file, amdgpu_board.c) completed as the kernel
 * derives it (the DEV_INFO VA fields follow amdgpu_kms.c for a 48-bit VM,
 * gem-va-prt.md §3 and §9.4; ids_flags, userq slots and masks per
 * profile), and the device's run-time state.
 */
#include <stdlib.h>
#include <string.h>

#include "amdgpu.h"
#include "amdgpu_priv.h"
#include "amdgpu_userq_priv.h"
#include "emu/device.h"
#include "emu/drm/gpu_scheduler.h"
#include "emu/emu.h"
#include "emu/profile.h"

/* Default page-table (SDMA) job latency, SPEC §5 USERQ_EMU_SDMA_US. */
#define SDMA_US_DEFAULT 20

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

/* AMDGPU_INFO_DEV_INFO: the board's data plus what amdgpu_kms.c derives
 * at query time from the VM size, the gfx shadow info and userq support. */
static void init_dev_info(struct amdgpu_device *adev, bool userq)
{
	const struct amdgpu_board *board = adev->board;
	struct uapi_amdgpu_info_device *d = &adev->dev_info;
	uint64_t vm_size;

	*d = board->dev_info;
	/* amdgpu_kms.c DEV_INFO ids_flags. PREEMPTION is adev->gfx.mcbp,
	 * which amdgpu_device_set_mcbp() sets only for amdgpu.mcbp=1 or
	 * under SR-IOV (the board says what the card runs with); TMZ is
	 * amdgpu_is_tmz() (amdgpu_gmc_tmz_set: off for GC 11.0.0). The
	 * emulated device is bare metal: never MODE_PT or MODE_VF. */
	d->ids_flags = 0;
	if (board->apu)
		d->ids_flags |= AMDGPU_IDS_FLAGS_FUSION;
	if (board->mcbp)
		d->ids_flags |= AMDGPU_IDS_FLAGS_PREEMPTION;
	if (board->tmz)
		d->ids_flags |= AMDGPU_IDS_FLAGS_TMZ;
	if (board->trunc_coord)
		d->ids_flags |= AMDGPU_IDS_FLAGS_CONFORMANT_TRUNC_COORD;
	/* dbdff5c99b: "not supported under SRIOV", so always here */
	if (emu_active_profile()->dev_info_gang_submit)
		d->ids_flags |= AMDGPU_IDS_FLAGS_GANG_SUBMIT;
	/* amdgpu_kms.c DEV_INFO VA fields */
	vm_size = board->max_pfn * UAPI_AMDGPU_GPU_PAGE_SIZE -
		  UAPI_AMDGPU_VA_RESERVED_TOP;
	d->virtual_address_offset = UAPI_AMDGPU_VA_RESERVED_BOTTOM;
	/* max(PAGE_SIZE, AMDGPU_GPU_PAGE_SIZE) on a 4 KiB-page host */
	d->virtual_address_alignment = UAPI_AMDGPU_GPU_PAGE_SIZE;
	d->virtual_address_max = vm_size < UAPI_AMDGPU_GMC_HOLE_START ?
					 vm_size :
					 UAPI_AMDGPU_GMC_HOLE_START;
	if (vm_size > UAPI_AMDGPU_GMC_HOLE_START) {
		d->high_va_offset = UAPI_AMDGPU_GMC_HOLE_END;
		d->high_va_max = UAPI_AMDGPU_GMC_HOLE_END | vm_size;
	}
	/* amdgpu_gfx_get_gfx_shadow_info() calls gfx_v11_0_get_gfx_shadow_info
	 * without skip_check: it fails (-ENOTSUPP, fields left 0) unless
	 * adev->gfx.cp_gfx_shadow, which gfx_v11_0_check_fw_cp_gfx_shadow()
	 * sets only under SR-IOV (6.16 .. 7.0). Bare metal:
	 * DEV_INFO carries 0; UQ_FW_AREAS (skip_check) has the sizes. */
	d->shadow_size = 0;
	d->shadow_alignment = 0;
	d->csa_size = 0;
	d->csa_alignment = 0;
	/* amdgpu_userq_get_supported_ip_mask */
	d->userq_ip_mask = userq ? board->userq_ip_mask : 0;
}

void amdgpu_device_init(void)
{
	struct amdgpu_device *adev = &emu_dev.adev;
	const struct emu_profile *p = emu_active_profile();
	unsigned int i;

	memset(adev, 0, sizeof(*adev));
	adev->board = &emu_dev.board; /* read by amdgpu_board_init() */
	/* amdgpu_hw_ip_info(): no user-queue slots when userq is off */
	for (i = 0; i < AMDGPU_EMU_HW_IP_NUM; i++) {
		adev->hw_ip[i] = adev->board->hw_ip[i];
		if (!p->userq)
			adev->hw_ip[i].userq_num_slots = 0;
	}
	init_dev_info(adev, p->userq);
	adev->vram_usage = adev->board->vram_pin_size;
	adev->gtt_usage = adev->board->gart_pin_size;
	adev->sdma_job_ns = sdma_job_ns();
	amdgpu_userq_dev_init(&emu_dev.userq);
	amdgpu_sched_dev_init();
}

/* amdgpu's lockup_timeout (2000 ms for
 * every queue in current kernels, emulator-notes §9) */
#define JOB_TIMEOUT_MS_DEFAULT 2000u

/* amdgpu_device_get_job_timeout_settings: USERQ_EMU_JOB_TIMEOUT_MS as
 * amdgpu.lockup_timeout reads it (one value for every IP): 0 keeps the
 * default, a negative value never times out. */
uint64_t amdgpu_lockup_timeout_ns(void)
{
	const char *s = getenv("USERQ_EMU_JOB_TIMEOUT_MS");
	long long ms;
	char *end;

	if (!s || !*s)
		return JOB_TIMEOUT_MS_DEFAULT * 1000000ull;
	ms = strtoll(s, &end, 10);
	if (*end) {
		emu_log("USERQ_EMU_JOB_TIMEOUT_MS=%s is not a number of "
			"milliseconds; using %u",
			s, JOB_TIMEOUT_MS_DEFAULT);
		ms = 0;
	}
	if (ms < 0)
		return EMU_TIME_INFINITE;
	if (ms == 0)
		ms = JOB_TIMEOUT_MS_DEFAULT;
	if ((unsigned long long)ms > EMU_TIME_INFINITE / 2 / 1000000ull)
		return EMU_TIME_INFINITE;
	return (uint64_t)ms * 1000000ull;
}
