/* SPDX-License-Identifier: MIT */
/*
 * Kernel behaviour profiles (SPEC §5; docs/kernel/releases.md §2.2, which
 * corrects emulator-notes.md §9). A rule that differs by kernel release
 * reads one flag from here; handlers never compare profile names. Each
 * flag names the commit it stands for.
 *
 * This file is also compiled into userq-bench, so that `--emulate=NAME`
 * knows the valid names without loading the emulator.
 */
#ifndef UQ_EMU_PROFILE_H
#define UQ_EMU_PROFILE_H

#include <stdbool.h>

/* How CREATE checks that a VA is mapped (amdgpu_userq_input_va_validate). */
enum emu_va_check {
	/* 6.16, 6.17: no check at CREATE */
	EMU_VA_CHECK_NONE,
	/* 9e46b8bb0539 (6.18): size >> 12 pages from the start page */
	EMU_VA_CHECK_PAGE_COUNT,
	/* newest mainline (7.3 material): zero size and overflow -EINVAL,
	 * and the last byte's page must be in the same mapping */
	EMU_VA_CHECK_END_ADDR,
};

/* How long FREE and file close wait for a queue's last fence. */
enum emu_free_wait {
	/* 6.16..6.18.y: at most 100 ms, interruptible */
	EMU_FREE_WAIT_100MS,
	/* 6.19/7.0: unbounded and interruptible; a signal marks the queue
	 * HUNG and FREE goes on */
	EMU_FREE_WAIT_UNBOUNDED_INTR,
	/* newest mainline: dma_fence_wait(f, false), unbounded */
	EMU_FREE_WAIT_UNBOUNDED,
};

struct emu_profile {
	const char *name;
	const char *summary; /* one line, for --version and `info` */
	const char *uname_release; /* what the profile stands for */
	/* models an unmerged series: docs call it hypothetical */
	bool hypothetical;

	/* DRM_IOCTL_VERSION minor: 64 (6.16 "Userq IP support query"),
	 * 65 with the explicit-sync series (NV3). */
	unsigned int kms_minor;
	/* userq_funcs registered for GFX/COMPUTE/DMA: userq_ip_mask 0x7. */
	bool userq;
	/* /sys/module/amdgpu/parameters/user_queue (fb20954c9717) */
	int user_queue_param;
	/* HW_IP_INFO fills 40 bytes with userq_num_slots (6.17). */
	bool hw_ip_userq_num_slots;
	/* dbdff5c99b "add AMDGPU_IDS_FLAGS_GANG_SUBMIT" (6.18): DEV_INFO
	 * ids_flags has GANG_SUBMIT on bare metal. */
	bool dev_info_gang_submit;
	/* UQ_FW_AREAS answers COMPUTE and DMA (the _compute/_sdma union
	 * members; release UNVERIFIED, placed in 7.1). Without it another IP
	 * than GFX is -EINVAL (6.16..7.0 amdgpu_kms.c). */
	bool uq_fw_areas_all_ips;

	/* --- GEM_VA (gem-va-prt.md §4) --- */
	/* NV2: AMDGPU_VM_EXPLICIT_SYNC in valid_flags and prt_flags. */
	bool vm_explicit_sync;
	/* NV1: input syncobjs become PT-job dependencies, no blocking. */
	bool va_async_input_fences;
	/* CK7 (7.1): DELAY_UPDATE with vm_timeline_syncobj_out is -EINVAL. */
	bool va_delay_update_timeline_einval;
	/* cd7cfcdb4dd4 (7.1): va_address + map_size overflow is -EINVAL. */
	bool gem_va_overflow_check;
	/* 6f3c8a5fe6 "validate userq va for GEM unmap" (6.19): UNMAP of a
	 * VA that CREATE validated waits on the BO's eviction fence, which
	 * evicts (and later restores) every queue of the file. */
	bool gem_va_unmap_userq_wait;
	/* b6a28b77b88e (7.1): the mark stays once set (6.19/7.0 clear it
	 * when the queue is destroyed). */
	bool userq_va_mark_sticky;

	/* --- userq CREATE and FREE (userq.md §5) --- */
	/* b6dff005fcf3: all three ioctls -ENOTSUPP when no IP has userq. */
	bool userq_enotsupp_gate;
	/* CREATE's VA checks of ring, rptr and wptr. */
	enum emu_va_check userq_va_check;
	/* a0559012a18a + 5cfa33fabf01: MES MQD VAs checked (EOP 2048, GFX
	 * shadow and CSA, SDMA CSA 32) and the error returned. */
	bool userq_mqd_va_checks;
	/* 8079b87c02e5: queue_size a power of two and >= 4096. */
	bool userq_queue_size_check;
	/* a018d1819f15: doorbell_offset * 8 + 8 <= doorbell BO size. */
	bool userq_doorbell_bound;
	/* "reject mapping a reserved doorbell to a new queue" (xa_insert_irq,
	 * CVE-2026-68103: 7.1.6, 7.3): a doorbell in use is -EBUSY; older
	 * kernels overwrite the entry. */
	bool userq_doorbell_busy;
	/* a03c6ed8be (6.19): queue ids from an xarray, 1..512 (older: idr,
	 * 1..511); a full table is still -ENOMEM. */
	bool userq_ids_xarray;
	/* 7.1 refcounted queues (amdgpu_userq_get/put): a full table is
	 * -EBUSY, FREE of an unknown id -ENOENT (older: -EINVAL), and the
	 * fence driver is allocated first. */
	bool userq_refcounted;
	/* How FREE waits for the last fence. */
	enum emu_free_wait userq_free_wait;
	/* 7.3 per-queue reset: a fence the GPU does not reach is
	 * force-completed with -ECANCELED when hang detection fires. */
	bool userq_per_queue_reset;
	/* f41e74f2111c + f8c38071b96e (7.3): amdgpu_userq_* tracepoints. */
	bool userq_tracepoints;
	/* debugfs per-queue directory: none (6.16), "queue-%u" (6.17..7.0)
	 * or "queue_%u" (amdgpu_debugfs_userq_init, 7.1). */
	char debugfs_queue_sep;

	/* --- userq SIGNAL and WAIT (userq.md §7, §8) --- */
	/* dd88d42d9ca0: refs of signalled-at-creation fences are dropped. */
	bool fix_signalled_fence_refs;
	/* 8e051e38a8d4: last_fence put at queue teardown. */
	bool fix_teardown_last_fence;
	/* 49abfa812617: WAIT overflow puts the fence it took. */
	bool fix_wait_overflow_ref;
	/* WARN_ON_ONCE on WAIT overflow (until 7b7d7693a55d). */
	bool wait_overflow_warn;
	/* 1cc16538402a (7.1): fences beyond num_fences are waited for in
	 * the ioctl, which succeeds; count mode writes min(count, 65535). */
	bool wait_overflow_blocks;
	/* ea78f8c68f4f / 64ac7c09fc44: BO handle counts <= 65536. */
	bool userq_handle_limits;
	/* the 6.18.y backports also limit num_syncobj_handles, in SIGNAL
	 * and in WAIT (cff1a76aa5). */
	bool userq_handle_limit_syncobjs;
	/* d8e760b7996d / c561d2320492 (7.1): u16 count fields. */
	bool userq_u16_counts;
	/* a1371d9f0e61 "rework amdgpu_userq_wait_ioctl v4" (7.1): syncobj
	 * arrays copied before the BO lookups, gather order timeline,
	 * syncobj, read BOs, write BOs (older: BOs first). */
	bool userq_wait_rework;
	/* d097095dda74 (7.1): WAIT timeline points are u64 (older: u32). */
	bool wait_timeline_points_u64;
	/* slab cache amdgpu_userq_fence exists (until 0d831487b5be, 7.2). */
	bool slab_userq_fence;

	/* --- kernel CS (amdgpu_cs.c, amdgpu_bo_list.c) --- */
	/* "drm/amdgpu: limit the number of BO list entries": bo_number above
	 * AMDGPU_BO_LIST_MAX_ENTRIES (128 Ki) is -EINVAL (2025; which
	 * release first has it is UNVERIFIED, placed after 6.16). */
	bool bo_list_entry_limit;
};

/* NULL if unknown. Accepts the aliases (7.1-explicit-sync). */
const struct emu_profile *emu_profile_find(const char *name);
/* NULL-terminated list, in table order, without aliases. */
const struct emu_profile *const *emu_profile_list(void);
#define EMU_PROFILE_DEFAULT "6.18"

#endif
