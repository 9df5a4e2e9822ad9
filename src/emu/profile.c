/* SPDX-License-Identifier: MIT */
/*
 * The kernel behaviour profiles, one per userq kernel line in use. The
 * facts, with the commits and releases that carry them, are in
 * docs/kernel/releases.md §2.2; where a release is UNVERIFIED there, the
 * choice made here is noted at the flag.
 */
#include <stddef.h>
#include <string.h>

#include "profile.h"

/* 6.16: the first release with user queues; all three leaks present, no
 * checks at CREATE beyond the arguments, no per-queue debugfs. */
static const struct emu_profile profile_6_16 = {
	.name = "6.16",
	.summary = "Linux 6.16: first userq release; all three fence leaks",
	.uname_release = "6.16.0-emu",
	.kms_minor = 64,
	.userq = true,
	.user_queue_param = 1,
	.userq_va_check = EMU_VA_CHECK_NONE,
	.userq_free_wait = EMU_FREE_WAIT_100MS,
	.debugfs_queue_sep = '\0',
	.wait_overflow_warn = true,
	.slab_userq_fence = true,
};

/* Late 6.18.y (drm-kmod pr/6.18.x, June 2026): the stable backports of
 * January-March 2026 (b6dff005, 8e051e38, 8079b87c, a018d181, a0559012 +
 * 5cfa33fa, the handle limits, 49abfa81, 7b7d7693), but not dd88d42d. */
static const struct emu_profile profile_6_18 = {
	.name = "6.18",
	.summary =
		"Linux 6.18.y (late): signalled-at-creation leak, no dd88d42d",
	.uname_release = "6.18.33-emu",
	.kms_minor = 64,
	.userq = true,
	.user_queue_param = 1,
	.hw_ip_userq_num_slots = true,
	.dev_info_gang_submit = true,
	.userq_enotsupp_gate = true,
	.userq_va_check = EMU_VA_CHECK_PAGE_COUNT,
	.userq_mqd_va_checks = true,
	.userq_queue_size_check = true,
	.userq_doorbell_bound = true,
	.userq_free_wait = EMU_FREE_WAIT_100MS,
	.debugfs_queue_sep = '-',
	.fix_teardown_last_fence = true,
	.fix_wait_overflow_ref = true,
	.userq_handle_limits = true,
	.userq_handle_limit_syncobjs = true,
	.slab_userq_fence = true,
	.bo_list_entry_limit = true,
};

/*
 * 6.19 and 7.0 (drm-kmod pr/6.19-deprecated, pr/7.0-deprecated): xarray
 * queue ids, the unbounded FREE wait and the GEM_VA unmap wait. 7.0 final
 * has the ring-size and doorbell-bound checks (releases.md §1a). The
 * handle limits and 49abfa81 are absent from the drm-kmod branches; that
 * 7.0.y lacks them too is UNVERIFIED, and this profile follows the
 * branches.
 */
static const struct emu_profile profile_7_0 = {
	.name = "7.0",
	.summary = "Linux 7.0 (6.19 without its ring-size and doorbell "
		   "checks): xarray queue ids, unmap evicts queues; dd88d42d "
		   "and WAIT-overflow leaks",
	.uname_release = "7.0.0-emu",
	.kms_minor = 64,
	.userq = true,
	.user_queue_param = 1,
	.hw_ip_userq_num_slots = true,
	.dev_info_gang_submit = true,
	.gem_va_unmap_userq_wait = true,
	.userq_enotsupp_gate = true,
	.userq_va_check = EMU_VA_CHECK_PAGE_COUNT,
	.userq_mqd_va_checks = true,
	.userq_queue_size_check = true,
	.userq_doorbell_bound = true,
	.userq_ids_xarray = true,
	.userq_free_wait = EMU_FREE_WAIT_UNBOUNDED_INTR,
	.debugfs_queue_sep = '-',
	.fix_teardown_last_fence = true,
	.wait_overflow_warn = true,
	.slab_userq_fence = true,
	.bo_list_entry_limit = true,
};

/*
 * Late 7.1.y (7.1.6 and later: the doorbell -EBUSY of CVE-2026-68103):
 * dd88d42d, u16 counts, refcounted queues, the WAIT rework and in-ioctl
 * overflow wait, u64 timeline points, CK7 and the GEM_VA overflow guard.
 * The end-address VA check may be 7.1 or 7.2 (UNVERIFIED): placed in 7.3.
 * The FREE wait form of 7.1 is UNVERIFIED: the newest form is used.
 */
static const struct emu_profile profile_7_1 = {
	.name = "7.1",
	.summary = "Linux 7.1.y (late): leaks fixed, undersized WAIT blocks, "
		   "u64 timeline points",
	.uname_release = "7.1.6-emu",
	.kms_minor = 64,
	.userq = true,
	.user_queue_param = 1,
	.hw_ip_userq_num_slots = true,
	.dev_info_gang_submit = true,
	.uq_fw_areas_all_ips = true,
	.va_delay_update_timeline_einval = true,
	.gem_va_overflow_check = true,
	.gem_va_unmap_userq_wait = true,
	.userq_va_mark_sticky = true,
	.userq_enotsupp_gate = true,
	.userq_va_check = EMU_VA_CHECK_PAGE_COUNT,
	.userq_mqd_va_checks = true,
	.userq_queue_size_check = true,
	.userq_doorbell_bound = true,
	.userq_doorbell_busy = true,
	.userq_ids_xarray = true,
	.userq_refcounted = true,
	.userq_free_wait = EMU_FREE_WAIT_UNBOUNDED,
	.debugfs_queue_sep = '_',
	.fix_signalled_fence_refs = true,
	.fix_teardown_last_fence = true,
	.fix_wait_overflow_ref = true,
	.wait_overflow_blocks = true,
	.userq_handle_limits = true,
	.userq_u16_counts = true,
	.userq_wait_rework = true,
	.wait_timeline_points_u64 = true,
	.slab_userq_fence = true,
	.bo_list_entry_limit = true,
};

/* 7.3 (7.2 is the same without the tracepoints and per-queue reset): no
 * fence slab (0d831487), the end-address VA check, per-queue reset and
 * the userq tracepoints. */
#define PROFILE_7_3_FLAGS                                                     \
	.userq = true, .user_queue_param = 1, .hw_ip_userq_num_slots = true,  \
	.dev_info_gang_submit = true, .uq_fw_areas_all_ips = true,            \
	.va_delay_update_timeline_einval = true,                              \
	.gem_va_overflow_check = true, .gem_va_unmap_userq_wait = true,       \
	.userq_va_mark_sticky = true, .userq_enotsupp_gate = true,            \
	.userq_va_check = EMU_VA_CHECK_END_ADDR, .userq_mqd_va_checks = true, \
	.userq_queue_size_check = true, .userq_doorbell_bound = true,         \
	.userq_doorbell_busy = true, .userq_ids_xarray = true,                \
	.userq_refcounted = true, .userq_free_wait = EMU_FREE_WAIT_UNBOUNDED, \
	.userq_per_queue_reset = true, .userq_tracepoints = true,             \
	.debugfs_queue_sep = '_', .fix_signalled_fence_refs = true,           \
	.fix_teardown_last_fence = true, .fix_wait_overflow_ref = true,       \
	.wait_overflow_blocks = true, .userq_handle_limits = true,            \
	.userq_u16_counts = true, .userq_wait_rework = true,                  \
	.wait_timeline_points_u64 = true, .slab_userq_fence = false,          \
	.bo_list_entry_limit = true

static const struct emu_profile profile_7_3 = {
	.name = "7.3",
	.summary = "Linux 7.3: userq tracepoints, per-queue reset, no fence "
		   "slab",
	.uname_release = "7.3.0-emu",
	.kms_minor = 64,
	PROFILE_7_3_FLAGS,
};

/* Hypothetical: 7.3 plus the unmerged AMDGPU_VM_EXPLICIT_SYNC series (v1,
 * May 2026, NV1-NV3; releases.md §7). Its KMS 3.65 bump is part of it. */
static const struct emu_profile profile_explicit_sync = {
	.name = "explicit-sync",
	.summary = "hypothetical: 7.3 + the unmerged AMDGPU_VM_EXPLICIT_SYNC "
		   "series (v1), KMS 3.65",
	.uname_release = "7.3.0-explicit-sync-emu",
	.hypothetical = true,
	.kms_minor = 65,
	PROFILE_7_3_FLAGS,
	.vm_explicit_sync = true,
	.va_async_input_fences = true,
};

/* Late 6.18.y on which no IP registers userq_funcs (amdgpu.user_queue
 * left at its GFX11 default -1, or firmware below the minimum). */
static const struct emu_profile profile_no_userq = {
	.name = "no-userq",
	.summary = "Linux 6.18.y with user queues disabled (user_queue=-1)",
	.uname_release = "6.18.33-emu",
	.kms_minor = 64,
	.userq = false,
	.user_queue_param = -1,
	.hw_ip_userq_num_slots = true,
	.dev_info_gang_submit = true,
	.userq_enotsupp_gate = true,
	.userq_va_check = EMU_VA_CHECK_PAGE_COUNT,
	.userq_mqd_va_checks = true,
	.userq_queue_size_check = true,
	.userq_doorbell_bound = true,
	.userq_free_wait = EMU_FREE_WAIT_100MS,
	.debugfs_queue_sep = '-',
	.fix_teardown_last_fence = true,
	.fix_wait_overflow_ref = true,
	.userq_handle_limits = true,
	.userq_handle_limit_syncobjs = true,
	.slab_userq_fence = true,
	.bo_list_entry_limit = true,
};

static const struct emu_profile *const profiles[] = {
	&profile_6_16, &profile_6_18,	       &profile_7_0,	  &profile_7_1,
	&profile_7_3,  &profile_explicit_sync, &profile_no_userq, NULL,
};

/* Names that earlier releases of the tool accepted. */
static const struct {
	const char *alias;
	const struct emu_profile *profile;
} aliases[] = {
	/* the explicit-sync profile was based on 7.1 until issue 10 */
	{ "7.1-explicit-sync", &profile_explicit_sync },
};

const struct emu_profile *emu_profile_find(const char *name)
{
	for (size_t i = 0; profiles[i]; i++)
		if (!strcmp(profiles[i]->name, name))
			return profiles[i];
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcmp(aliases[i].alias, name))
			return aliases[i].profile;
	return NULL;
}

const struct emu_profile *const *emu_profile_list(void)
{
	return profiles;
}
