/* SPDX-License-Identifier: MIT */
/*
 * Kernel behaviour profiles (SPEC §5, docs/kernel/emulator-notes.md §9).
 * A rule that differs by kernel version reads one flag from here; handlers
 * never compare profile names. Each flag names the commit it stands for.
 *
 * This file is also compiled into userq-bench, so that `--emulate=NAME`
 * knows the valid names without loading the emulator.
 */
#ifndef UQ_EMU_PROFILE_H
#define UQ_EMU_PROFILE_H

#include <stdbool.h>

struct emu_profile {
	const char *name;
	const char *summary; /* one line, for --help and `info` */
	const char *uname_release; /* what the profile stands for */

	/* DRM_IOCTL_VERSION minor: 64 (6.16 "Userq IP support query"),
	 * 65 with the explicit-sync series (NV3). */
	unsigned int kms_minor;
	/* userq_funcs registered for GFX/COMPUTE/DMA: userq_ip_mask 0x7. */
	bool userq;
	/* /sys/module/amdgpu/parameters/user_queue (fb20954c9717) */
	int user_queue_param;
	/* HW_IP_INFO fills 40 bytes with userq_num_slots (~6.17). */
	bool hw_ip_userq_num_slots;
	/* UQ_FW_AREAS answers COMPUTE and DMA too (Oct 2025). */
	bool uq_fw_areas_all_ips;

	/* --- GEM_VA (gem-va-prt.md §4) --- */
	/* NV2: AMDGPU_VM_EXPLICIT_SYNC in valid_flags and prt_flags. */
	bool vm_explicit_sync;
	/* NV1: input syncobjs become PT-job dependencies, no blocking. */
	bool va_async_input_fences;
	/* CK7: DELAY_UPDATE with vm_timeline_syncobj_out is -EINVAL. */
	bool va_delay_update_timeline_einval;

	/* --- userq (userq.md; used from the userq issue on) --- */
	/* b6dff005fcf3: all three ioctls -ENOTSUPP when no IP has userq. */
	bool userq_enotsupp_gate;
	/* dd88d42d9ca0: refs of signalled-at-creation fences are dropped. */
	bool fix_signalled_fence_refs;
	/* 8e051e38a8d4: last_fence put at queue teardown. */
	bool fix_teardown_last_fence;
	/* 49abfa812617: WAIT overflow puts the fence it took. */
	bool fix_wait_overflow_ref;
	/* WARN_ON_ONCE on WAIT overflow (6.16..7.0). */
	bool wait_overflow_warn;
	/* ea78f8c68f4f / 64ac7c09fc44: BO handle counts <= 65536. */
	bool userq_handle_limits;
	/* 6.18.y variant of the limit also checks num_syncobj_handles. */
	bool userq_handle_limit_syncobjs;
	/* d8e760b7996d / c561d2320492: u16 count fields. */
	bool userq_u16_counts;
	/* newest create checks: queue_size power of two and >= 4096,
	 * doorbell offset inside the BO, doorbell collisions -EBUSY. */
	bool userq_strict_create;
	/* 7.1 refcounted queues: 512 ids, -EBUSY when full, FREE of an
	 * unknown id -ENOENT (older: 511 ids, -ENOMEM, -EINVAL). */
	bool userq_refcounted;
	/* a1371d9f0e61 "rework amdgpu_userq_wait_ioctl v4": syncobj arrays
	 * copied before the BO lookups, gather order timeline, syncobj, read
	 * BOs, write BOs (older: BOs first), count clamped to 65535 (older:
	 * a u16 that wraps). Added with the userq issue. */
	bool userq_wait_rework;
	/* debugfs per-queue directory name: "queue-%u" or "queue_%u". */
	char debugfs_queue_sep;
	/* slab cache amdgpu_userq_fence exists (6.16..7.1; 0d831487b5be). */
	bool slab_userq_fence;

	/* --- kernel CS (amdgpu_cs.c, amdgpu_bo_list.c) --- */
	/* "drm/amdgpu: limit the number of BO list entries": bo_number above
	 * AMDGPU_BO_LIST_MAX_ENTRIES (128 Ki) is -EINVAL (2025; which
	 * release first has it is UNVERIFIED, placed after 6.16). */
	bool bo_list_entry_limit;
};

/* NULL if unknown. */
const struct emu_profile *emu_profile_find(const char *name);
/* NULL-terminated list, in table order. */
const struct emu_profile *const *emu_profile_list(void);
#define EMU_PROFILE_DEFAULT "6.18"

#endif
