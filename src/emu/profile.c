/* SPDX-License-Identifier: MIT */
/*
 * The kernel behaviour profiles. Facts and their uncertainty:
 * docs/kernel/emulator-notes.md §9 and userq.md §10. Where a release is
 * UNVERIFIED there, the choice made here is noted.
 */
#include <stddef.h>
#include <string.h>

#include "profile.h"

/* 6.16: first release with user queues; all three leaks present. */
static const struct emu_profile profile_6_16 = {
	.name = "6.16",
	.summary =
		"Linux 6.16: signalled-fence, teardown and WAIT-overflow leaks",
	.uname_release = "6.16.0-emu",
	.kms_minor = 64,
	.userq = true,
	.user_queue_param = 1,
	.hw_ip_userq_num_slots = false, /* field added ~6.17, UNVERIFIED */
	.uq_fw_areas_all_ips = false,
	.userq_enotsupp_gate = false, /* b6dff005 came in Jan 2026 */
	.fix_signalled_fence_refs = false,
	.fix_teardown_last_fence = false,
	.fix_wait_overflow_ref = false,
	.wait_overflow_warn = true,
	.userq_handle_limits = false,
	.debugfs_queue_sep = '-',
	.slab_userq_fence = true,
};

/* Late 6.18.y: stable backports of Jan-Mar 2026 (8e051e38, b6dff005,
 * 49abfa81, the handle limits), but not dd88d42d. */
static const struct emu_profile profile_6_18 = {
	.name = "6.18",
	.summary = "Linux 6.18.y: signalled-at-creation leak (no dd88d42d)",
	.uname_release = "6.18.20-emu",
	.kms_minor = 64,
	.userq = true,
	.user_queue_param = 1,
	.hw_ip_userq_num_slots = true,
	.uq_fw_areas_all_ips = false,
	.userq_enotsupp_gate = true,
	.fix_signalled_fence_refs = false,
	.fix_teardown_last_fence = true,
	.fix_wait_overflow_ref = true,
	.wait_overflow_warn = true,
	.userq_handle_limits = true,
	.userq_handle_limit_syncobjs = true,
	.debugfs_queue_sep = '-',
	.slab_userq_fence = true,
	.bo_list_entry_limit = true,
};

/* 7.1: dd88d42d in mainline; u16 counts; refcounted queues. The newest
 * create checks (power-of-two ring, doorbell bound and collisions) are
 * placed here; their release is UNVERIFIED. CK7 was posted after the 7.1
 * drm-next pull, so 7.1 still accepts DELAY_UPDATE with a timeline out. */
static const struct emu_profile profile_7_1 = {
	.name = "7.1",
	.summary = "Linux 7.1: leaks fixed",
	.uname_release = "7.1.0-emu",
	.kms_minor = 64,
	.userq = true,
	.user_queue_param = 1,
	.hw_ip_userq_num_slots = true,
	.uq_fw_areas_all_ips = true,
	.userq_enotsupp_gate = true,
	.fix_signalled_fence_refs = true,
	.fix_teardown_last_fence = true,
	.fix_wait_overflow_ref = true,
	.wait_overflow_warn = false,
	.userq_handle_limits = true,
	.userq_u16_counts = true,
	.userq_strict_create = true,
	.userq_refcounted = true,
	.userq_wait_rework = true, /* release UNVERIFIED */
	.debugfs_queue_sep = '_',
	.slab_userq_fence = true,
	.bo_list_entry_limit = true,
};

/* The May 2026 explicit-sync series (NV1-NV3) on an amd-staging base of
 * about 7.1/7.2, which also carries CK7. */
static const struct emu_profile profile_7_1_explicit_sync = {
	.name = "7.1-explicit-sync",
	.summary = "7.1 + proposed AMDGPU_VM_EXPLICIT_SYNC (NV1-NV3), KMS 3.65",
	.uname_release = "7.1.0-explicit-sync-emu",
	.kms_minor = 65,
	.userq = true,
	.user_queue_param = 1,
	.hw_ip_userq_num_slots = true,
	.uq_fw_areas_all_ips = true,
	.vm_explicit_sync = true,
	.va_async_input_fences = true,
	.va_delay_update_timeline_einval = true,
	.userq_enotsupp_gate = true,
	.fix_signalled_fence_refs = true,
	.fix_teardown_last_fence = true,
	.fix_wait_overflow_ref = true,
	.wait_overflow_warn = false,
	.userq_handle_limits = true,
	.userq_u16_counts = true,
	.userq_strict_create = true,
	.userq_refcounted = true,
	.userq_wait_rework = true, /* release UNVERIFIED */
	.debugfs_queue_sep = '_',
	.slab_userq_fence = true,
	.bo_list_entry_limit = true,
};

/* A 6.18.y kernel on which no IP registers userq_funcs (amdgpu.user_queue
 * left at its GFX11 default -1, or firmware below the minimum). */
static const struct emu_profile profile_no_userq = {
	.name = "no-userq",
	.summary = "Linux 6.18.y with user queues disabled (user_queue=-1)",
	.uname_release = "6.18.20-emu",
	.kms_minor = 64,
	.userq = false,
	.user_queue_param = -1,
	.hw_ip_userq_num_slots = true,
	.uq_fw_areas_all_ips = false,
	.userq_enotsupp_gate = true,
	.fix_signalled_fence_refs = false,
	.fix_teardown_last_fence = true,
	.fix_wait_overflow_ref = true,
	.wait_overflow_warn = true,
	.userq_handle_limits = true,
	.userq_handle_limit_syncobjs = true,
	.debugfs_queue_sep = '-',
	.slab_userq_fence = true,
	.bo_list_entry_limit = true,
};

static const struct emu_profile *const profiles[] = {
	&profile_6_16,	   &profile_6_18,
	&profile_7_1,	   &profile_7_1_explicit_sync,
	&profile_no_userq, NULL,
};

const struct emu_profile *emu_profile_find(const char *name)
{
	for (size_t i = 0; profiles[i]; i++)
		if (!strcmp(profiles[i]->name, name))
			return profiles[i];
	return NULL;
}

const struct emu_profile *const *emu_profile_list(void)
{
	return profiles;
}
