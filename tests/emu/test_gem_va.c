// SPDX-License-Identifier: MIT
/*
 * GEM_VA conformance: emulator-notes rules 19-43, in the validation order
 * of gem-va-prt.md §4 (amdgpu_gem_va_ioctl). A request that breaks two
 * rules must fail with the earlier rule's errno.
 *
 * Loop tests run once per request encoding: the 64-byte struct as DRM_IOW
 * (the kernel's definition) and as DRM_IOWR, and libdrm 2.4.114's 40-byte
 * struct as DRM_IOW and as DRM_IOWR (what drmCommandWriteRead sends). The
 * 40-byte requests carry garbage where the 6.16 fields would be: the DRM
 * core must not read past the request size. No encoding is copied back.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "conformance.h"
#include "uapi/amdgpu_gem_va.h"
#include "uapi/experimental/amdgpu_vm_explicit_sync.h"

#define PAGE 4096ull
#define A 0x100000ull /* a free low-half VA */
#define B 0x4000000ull /* another one, far from A */
#define VM_SIZE 0xffffffbfe000ull /* max_pfn * 4096 - RESERVED_TOP */
#define HIGH(x) ((x) | 0xffff000000000000ull) /* sign-extended high half */
#define BAD_USER_PTR 0x10ull
#define UNKNOWN_HANDLE 999u

enum encoding { V64_IOW, V64_IOWR, V40_IOW, V40_IOWR, N_ENCODINGS };
/* the encodings that carry the 6.16 fields */
#define N_ENCODINGS_64 2

#define GEM_VA_64_IOWR                                 \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_AMDGPU_GEM_VA, \
		 struct uapi_amdgpu_gem_va)
#define GEM_VA_40_IOWR \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_AMDGPU_GEM_VA, struct drm_amdgpu_gem_va)

struct va {
	uint32_t handle, op, flags;
	uint64_t va, offset, size;
	/* 6.16 fields */
	uint64_t point;
	uint32_t syncobj;
	uint32_t nsyncs;
	uint64_t syncs;
};

#define VA(...) (&(struct va){ __VA_ARGS__ })

static int gem_va(int fd, int enc, const struct va *a)
{
	struct uapi_amdgpu_gem_va v, sent;
	unsigned long req;
	int r;

	memset(&v, 0, sizeof(v));
	v.handle = a->handle;
	v.operation = a->op;
	v.flags = a->flags;
	v.va_address = a->va;
	v.offset_in_bo = a->offset;
	v.map_size = a->size;
	v.vm_timeline_point = a->point;
	v.vm_timeline_syncobj_out = a->syncobj;
	v.num_syncobj_handles = a->nsyncs;
	v.input_fence_syncobj_handles = a->syncs;
	switch (enc) {
	case V64_IOW:
		req = UAPI_IOCTL_AMDGPU_GEM_VA;
		break;
	case V64_IOWR:
		req = GEM_VA_64_IOWR;
		break;
	default:
		ck_assert_msg(!a->point && !a->syncobj && !a->nsyncs &&
				      !a->syncs,
			      "6.16 fields in a 40-byte request");
		/* garbage beyond the 40 bytes: an unknown out syncobj and
		 * an unreadable input array */
		v.vm_timeline_point = 5;
		v.vm_timeline_syncobj_out = 0xdead;
		v.num_syncobj_handles = 1;
		v.input_fence_syncobj_handles = BAD_USER_PTR;
		req = enc == V40_IOW ? DRM_IOCTL_AMDGPU_GEM_VA : GEM_VA_40_IOWR;
		break;
	}
	sent = v;
	r = conf_ioctl(fd, req, &v);
	/* rule 21/38: DRM_IOW, nothing is copied back (not even the masked
	 * high-half address) */
	ck_assert_mem_eq(&v, &sent, sizeof(v));
	return r;
}

static int64_t deadline_in(int64_t ns)
{
	return conf_now_ns() + ns;
}

/* A generous deadline: a page-table job takes USERQ_EMU_SDMA_US. */
#define LONG_NS (30ll * 1000000000)
/* Already expired: a check, not a wait. */
#define EXPIRED 0

#define WAIT_SUBMIT                        \
	(DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL | \
	 DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT)

#define PRT AMDGPU_VM_PAGE_PRT
#define RW (AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE)
#define MAP AMDGPU_VA_OP_MAP
#define UNMAP AMDGPU_VA_OP_UNMAP
#define CLEAR AMDGPU_VA_OP_CLEAR
#define REPLACE AMDGPU_VA_OP_REPLACE

/* rule 19 */
START_TEST(rule19_reserved_bottom)
{
	int fd = conf_open();

	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = MAP, .flags = PRT, .va = 0xf000, .size = PAGE)),
		-EINVAL);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = MAP, .flags = PRT, .va = 0, .size = PAGE)),
		-EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = UNMAP, .flags = PRT, .va = 0xf000)),
			 -EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = CLEAR, .va = 0xf000, .size = PAGE)),
			 -EINVAL);
	/* before the handle lookup (rule 26) */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = UNKNOWN_HANDLE, .op = MAP,
				   .flags = RW, .va = 0xf000, .size = PAGE)),
			 -EINVAL);
	/* the first usable page */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = 0x10000,
				   .size = PAGE)),
			 0);
	close(fd);
}
END_TEST

/* rule 20 */
START_TEST(rule20_hole)
{
	int fd = conf_open();

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT,
				   .va = 0x800000000000ull, .size = PAGE)),
			 -EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT,
				   .va = 0xffff7ffffffff000ull, .size = PAGE)),
			 -EINVAL);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = UNMAP, .flags = PRT, .va = 0x900000000000ull)),
		-EINVAL);
	/* before the handle lookup */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = UNKNOWN_HANDLE, .op = MAP,
				   .flags = RW, .va = 0x800000000000ull,
				   .size = PAGE)),
			 -EINVAL);
	/* both edges of the hole are usable */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT,
				   .va = 0x7ffffffff000ull, .size = PAGE)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT,
				   .va = 0xffff800000000000ull, .size = PAGE)),
			 0);
	close(fd);
}
END_TEST

/* rule 21: high-half addresses are masked to 48 bits inside the kernel */
START_TEST(rule21_high_half_masked)
{
	int fd = conf_open();
	uint64_t hi = HIGH(0x800000010000ull);

	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = MAP, .flags = PRT, .va = hi, .size = 2 * PAGE)),
		0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = hi + PAGE,
				   .size = PAGE)),
			 -EINVAL);
	ck_assert_int_eq(
		gem_va(fd, _i, VA(.op = UNMAP, .flags = PRT, .va = hi)), 0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = UNMAP, .flags = PRT, .va = hi)),
			 -ENOENT);
	/* the top of the high half ends exactly at vm_size */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT,
				   .va = HIGH(VM_SIZE - PAGE), .size = PAGE)),
			 0);
	close(fd);
}
END_TEST

/* rule 22 */
START_TEST(rule22_vm_size)
{
	int fd = conf_open();

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT,
				   .va = HIGH(VM_SIZE - PAGE),
				   .size = 2 * PAGE)),
			 -EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = CLEAR, .va = HIGH(VM_SIZE - PAGE),
				   .size = 2 * PAGE)),
			 -EINVAL);
	/* UNMAP too, although it ignores the size otherwise */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = UNMAP, .flags = PRT,
				   .va = HIGH(VM_SIZE - PAGE),
				   .size = 2 * PAGE)),
			 -EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = UNMAP, .flags = PRT,
				   .va = HIGH(VM_SIZE - PAGE), .size = PAGE)),
			 -ENOENT);
	/* before the handle lookup */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = UNKNOWN_HANDLE, .op = MAP,
				   .flags = RW, .va = HIGH(VM_SIZE - PAGE),
				   .size = 2 * PAGE)),
			 -EINVAL);
	close(fd);
}
END_TEST

/* rule 22: no overflow guard, va + size may wrap past the check */
/*
 * 0x10000 + 0xffffffffffff0000 wraps to 0 <= vm_size: before cd7cfcdb4dd4
 * ("avoid integer overflow in VA range check", 7.1) UNMAP goes on to look
 * for a mapping (-ENOENT); from 7.1 step 4 catches it (-EINVAL).
 */
START_TEST(rule22_overflow_guard)
{
	int fd = conf_open();

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = UNMAP, .flags = PRT, .va = 0x10000,
				   .size = 0xffffffffffff0000ull)),
			 conf_flags()->gem_va_overflow_check ? -EINVAL :
							       -ENOENT);
	/* without the wrap it is caught */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = UNMAP, .flags = PRT, .va = 0x10000,
				   .size = 0xfffffffffffe0000ull)),
			 -EINVAL);
	/* MAP gets past it too, but amdgpu_vm_verify_parameters catches the
	 * overflow */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = 0x10000,
				   .size = 0xffffffffffff0000ull)),
			 -EINVAL);
	close(fd);
}
END_TEST

/* rule 23 */
START_TEST(rule23_flags)
{
	int fd = conf_open();
	uint32_t h = conf_bo(fd, 16 * PAGE);

	/* PRT combines with DELAY_UPDATE only */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP,
				   .flags = PRT | AMDGPU_VM_PAGE_READABLE,
				   .va = A, .size = PAGE)),
			 -EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT | AMDGPU_VM_MTYPE_UC,
				   .va = A, .size = PAGE)),
			 -EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP,
				   .flags = PRT | AMDGPU_VM_PAGE_NOALLOC,
				   .va = A, .size = PAGE)),
			 -EINVAL);
	/* unknown bits */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = MAP,
				   .flags = RW | (1u << 11), .va = A,
				   .size = PAGE)),
			 -EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = MAP, .flags = 1u << 31,
				   .va = A, .size = PAGE)),
			 -EINVAL);
	/* before the handle lookup */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = UNKNOWN_HANDLE, .op = MAP,
				   .flags = RW | (1u << 11), .va = A,
				   .size = PAGE)),
			 -EINVAL);
	/* valid sets: flags 0, the full normal set (any MTYPE value), PRT
	 * with DELAY_UPDATE */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = MAP, .flags = 0, .va = A,
				   .size = PAGE)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = MAP,
				   .flags = AMDGPU_VM_DELAY_UPDATE | RW |
					    AMDGPU_VM_PAGE_EXECUTABLE |
					    AMDGPU_VM_MTYPE_MASK |
					    AMDGPU_VM_PAGE_NOALLOC,
				   .va = A + PAGE, .size = PAGE)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP,
				   .flags = PRT | AMDGPU_VM_DELAY_UPDATE,
				   .va = A + 2 * PAGE, .size = PAGE)),
			 0);
	close(fd);
}
END_TEST

/* rule 23: bit 10 is valid only with NV2 */
START_TEST(rule23_explicit_sync_flag)
{
	int fd = conf_open();
	uint32_t h = conf_bo(fd, PAGE);
	int expect = conf_flags()->vm_explicit_sync ? 0 : -EINVAL;

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP,
				   .flags = PRT | AMDGPU_VM_EXPLICIT_SYNC,
				   .va = A, .size = PAGE)),
			 expect);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = MAP,
				   .flags = RW | AMDGPU_VM_EXPLICIT_SYNC,
				   .va = B, .size = PAGE)),
			 expect);
	close(fd);
}
END_TEST

/* gem-va-prt.md §8.3: the side-effect-free explicit-sync probe */
START_TEST(explicit_sync_probe)
{
	int fd = conf_open();

	/* control: a valid VA with no PRT mapping */
	ck_assert_int_eq(gem_va(fd, _i, VA(.op = UNMAP, .flags = PRT, .va = A)),
			 -ENOENT);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = UNMAP,
				   .flags = PRT | AMDGPU_VM_EXPLICIT_SYNC,
				   .va = A)),
			 conf_flags()->vm_explicit_sync ? -ENOENT : -EINVAL);
	close(fd);
}
END_TEST

/* rules 24 and 43: DELAY_UPDATE with a timeline out-fence */
START_TEST(rule24_delay_update_timeline)
{
	int fd = conf_open();
	uint32_t s = conf_syncobj(fd, 0);
	bool ck7 = conf_flags()->va_delay_update_timeline_einval;

	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = MAP, .flags = PRT | AMDGPU_VM_DELAY_UPDATE,
			  .va = A, .size = PAGE, .syncobj = s, .point = 1)),
		ck7 ? -EINVAL : 0);
	/* either way the point never appears: no export */
	ck_assert_int_eq(conf_timeline_wait(fd, s, 1, WAIT_SUBMIT, EXPIRED),
			 -ETIME);
	/* CK7 comes before the operation and handle checks */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = UNKNOWN_HANDLE, .op = MAP,
				   .flags = RW | AMDGPU_VM_DELAY_UPDATE,
				   .va = B, .size = PAGE, .syncobj = s,
				   .point = 2)),
			 ck7 ? -EINVAL : -ENOENT);
	/* without the out-fence DELAY_UPDATE is fine everywhere */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP,
				   .flags = PRT | AMDGPU_VM_DELAY_UPDATE,
				   .va = B, .size = PAGE)),
			 0);
	close(fd);
}
END_TEST

/* rule 25 */
START_TEST(rule25_operation)
{
	int fd = conf_open();

	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = 0, .flags = PRT, .va = A, .size = PAGE)),
		-EINVAL);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = 5, .flags = PRT, .va = A, .size = PAGE)),
		-EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = 0xffffffffu, .va = A, .size = PAGE)),
			 -EINVAL);
	/* before the handle lookup */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = UNKNOWN_HANDLE, .op = 5,
				   .flags = RW, .va = A, .size = PAGE)),
			 -EINVAL);
	close(fd);
}
END_TEST

/* rule 26 */
START_TEST(rule26_handle)
{
	int fd = conf_open();

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = 0, .op = MAP, .flags = RW, .va = A,
				   .size = PAGE)),
			 -ENOENT);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = UNKNOWN_HANDLE, .op = MAP,
				   .flags = RW, .va = A, .size = PAGE)),
			 -ENOENT);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = 0, .op = REPLACE, .flags = RW,
				   .va = A, .size = PAGE)),
			 -ENOENT);
	/* UNMAP without PRT and handle 0 does not reach the PRT bo_va */
	ck_assert_int_eq(gem_va(fd, _i, VA(.handle = 0, .op = UNMAP, .va = A)),
			 -ENOENT);
	/* ignored for CLEAR and for PRT ops */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = UNKNOWN_HANDLE, .op = CLEAR,
				   .va = A, .size = PAGE)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = UNKNOWN_HANDLE, .op = MAP,
				   .flags = PRT, .va = A, .size = PAGE)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = UNKNOWN_HANDLE, .op = UNMAP,
				   .flags = PRT, .va = A)),
			 0);
	close(fd);
}
END_TEST

/* handles are per file: another file's BO does not resolve */
START_TEST(rule26_handle_of_other_file)
{
	int fd = conf_open();
	int other = conf_open();
	uint32_t h = conf_bo(other, PAGE);

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = MAP, .flags = RW, .va = A,
				   .size = PAGE)),
			 -ENOENT);
	ck_assert_int_eq(gem_va(other, _i,
				VA(.handle = h, .op = MAP, .flags = RW, .va = A,
				   .size = PAGE)),
			 0);
	close(other);
	close(fd);
}
END_TEST

/* rule 27 */
START_TEST(rule27_input_array_unreadable)
{
	int fd = conf_open();

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A,
				   .size = PAGE, .nsyncs = 1,
				   .syncs = BAD_USER_PTR)),
			 -EFAULT);
	/* memdup_user: more than kmalloc can allocate fails first */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A,
				   .size = PAGE, .nsyncs = 1u << 30,
				   .syncs = BAD_USER_PTR)),
			 -ENOMEM);
	/* the handle lookup (rule 26) comes first */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = UNKNOWN_HANDLE, .op = MAP,
				   .flags = RW, .va = A, .size = PAGE,
				   .nsyncs = 1, .syncs = BAD_USER_PTR)),
			 -ENOENT);
	/* nothing was mapped */
	ck_assert_int_eq(gem_va(fd, _i, VA(.op = UNMAP, .flags = PRT, .va = A)),
			 -ENOENT);
	close(fd);
}
END_TEST

/* rule 28 */
START_TEST(rule28_input_handle_zero)
{
	int fd = conf_open();
	uint32_t zero[1] = { 0 };

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A,
				   .size = PAGE, .nsyncs = 1,
				   .syncs = (uintptr_t)zero)),
			 -EINVAL);
	/* before the timeline lookup (rule 32) ... */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A,
				   .size = PAGE, .syncobj = 777, .point = 1,
				   .nsyncs = 1, .syncs = (uintptr_t)zero)),
			 -EINVAL);
	/* ... and before the operation (rule 35 would say -ENOENT) */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = UNMAP, .flags = PRT, .va = A,
				   .nsyncs = 1, .syncs = (uintptr_t)zero)),
			 -EINVAL);
	close(fd);
}
END_TEST

/* rule 29 */
START_TEST(rule29_input_handle_unknown)
{
	int fd = conf_open();
	uint32_t s = conf_syncobj(fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	uint32_t unknown[1] = { 12345 };
	uint32_t then_zero[2] = { s, 0 };

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A,
				   .size = PAGE, .nsyncs = 1,
				   .syncs = (uintptr_t)unknown)),
			 -ENOENT);
	/* handles are taken in order: a good one, then a zero */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A,
				   .size = PAGE, .nsyncs = 2,
				   .syncs = (uintptr_t)then_zero)),
			 -EINVAL);
	/* nothing was mapped */
	ck_assert_int_eq(gem_va(fd, _i, VA(.op = UNMAP, .flags = PRT, .va = A)),
			 -ENOENT);
	close(fd);
}
END_TEST

/* rule 29: drm_syncobj_find_fence on a syncobj without a fence (errno
 * UNVERIFIED upstream, believed -EINVAL) */
START_TEST(rule29_input_syncobj_without_fence)
{
	int fd = conf_open();
	uint32_t s = conf_syncobj(fd, 0);

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A,
				   .size = PAGE, .nsyncs = 1,
				   .syncs = (uintptr_t)&s)),
			 -EINVAL);
	close(fd);
}
END_TEST

/* rule 30: a signalled input fence lets the operation through */
START_TEST(rule30_input_signalled)
{
	int fd = conf_open();
	uint32_t s[2];

	s[0] = conf_syncobj(fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	s[1] = conf_syncobj(fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A,
				   .size = PAGE, .nsyncs = 2,
				   .syncs = (uintptr_t)s)),
			 0);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = MAP, .flags = PRT, .va = A, .size = PAGE)),
		-EINVAL);
	close(fd);
}
END_TEST

/*
 * rule 30: an input fence that is a page-table job of an earlier GEM_VA.
 * Before NV1 the ioctl waits for it, so it is signalled when the ioctl
 * returns; with NV1 it becomes a dependency, so it is signalled once the
 * operation's own fence is.
 */
START_TEST(rule30_input_fence_waited_or_dependency)
{
	int fd = conf_open();
	uint32_t s1 = conf_syncobj(fd, 0), s2 = conf_syncobj(fd, 0);

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A,
				   .size = PAGE, .syncobj = s1, .point = 1)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = B,
				   .size = PAGE, .syncobj = s2, .point = 1,
				   .nsyncs = 1, .syncs = (uintptr_t)&s1)),
			 0);
	if (!conf_flags()->va_async_input_fences)
		ck_assert_int_eq(conf_timeline_wait(fd, s1, 1, 0, EXPIRED), 0);
	ck_assert_int_eq(conf_timeline_wait(fd, s2, 1, WAIT_SUBMIT,
					    deadline_in(LONG_NS)),
			 0);
	ck_assert_int_eq(conf_timeline_wait(fd, s1, 1, 0, EXPIRED), 0);
	close(fd);
}
END_TEST

/* rule 31 (a resolved BO without a bo_va in this VM) cannot be reached
 * through ioctls: every handle creation adds the bo_va, a PRIME import's
 * too (test_prime.c, rule31_import_has_its_own_bo_va). */

/* rule 32 */
START_TEST(rule32_timeline_unknown)
{
	int fd = conf_open();

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A,
				   .size = PAGE, .syncobj = 777, .point = 1)),
			 -ENOENT);
	/* nothing was mapped */
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = MAP, .flags = PRT, .va = A, .size = PAGE)),
		0);
	/* before the operation: an overlapping MAP still says -ENOENT */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A,
				   .size = PAGE, .syncobj = 777)),
			 -ENOENT);
	/* with DELAY_UPDATE the lookup still happens (before CK7) */
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = MAP, .flags = PRT | AMDGPU_VM_DELAY_UPDATE,
			  .va = B, .size = PAGE, .syncobj = 777)),
		conf_flags()->va_delay_update_timeline_einval ? -EINVAL :
								-ENOENT);
	close(fd);
}
END_TEST

/* rule 33: amdgpu_vm_verify_parameters */
START_TEST(rule33_verify_parameters)
{
	int fd = conf_open();
	uint32_t h = conf_bo(fd, 4 * PAGE);

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A + 0x800,
				   .size = PAGE)),
			 -EINVAL);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = MAP, .flags = PRT, .va = A, .size = 0x800)),
		-EINVAL);
	ck_assert_int_eq(
		gem_va(fd, _i, VA(.op = MAP, .flags = PRT, .va = A, .size = 0)),
		-EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = MAP, .flags = RW, .va = A,
				   .offset = 0x800, .size = PAGE)),
			 -EINVAL);
	/* offset + size beyond the BO */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = MAP, .flags = RW, .va = A,
				   .offset = PAGE, .size = 4 * PAGE)),
			 -EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = MAP, .flags = RW, .va = A,
				   .offset = 0, .size = 5 * PAGE)),
			 -EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = MAP, .flags = RW, .va = A,
				   .offset = 3 * PAGE, .size = PAGE)),
			 0);
	/* REPLACE and CLEAR check the same way */
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = REPLACE, .flags = PRT, .va = B, .size = 0)),
		-EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = REPLACE, .flags = RW,
				   .va = B, .offset = 2 * PAGE,
				   .size = 4 * PAGE)),
			 -EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = CLEAR, .va = B + 0x800, .size = PAGE)),
			 -EINVAL);
	ck_assert_int_eq(gem_va(fd, _i, VA(.op = CLEAR, .va = B, .size = 0)),
			 -EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = CLEAR, .va = B, .size = PAGE + 1)),
			 -EINVAL);
	close(fd);
}
END_TEST

/* rule 33/35: UNMAP has no parameter checks; the page number truncates */
START_TEST(rule33_unmap_unchecked)
{
	int fd = conf_open();

	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = MAP, .flags = PRT, .va = A, .size = 2 * PAGE)),
		0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = UNMAP, .flags = PRT, .va = A + 0x800,
				   .size = 0x123)),
			 0);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = MAP, .flags = PRT, .va = A, .size = 2 * PAGE)),
		0);
	close(fd);
}
END_TEST

/* rule 34 */
START_TEST(rule34_overlap)
{
	int fd = conf_open();
	uint32_t h = conf_bo(fd, 4 * PAGE);

	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = MAP, .flags = PRT, .va = A, .size = 4 * PAGE)),
		0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A + 3 * PAGE,
				   .size = 2 * PAGE)),
			 -EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A - PAGE,
				   .size = 2 * PAGE)),
			 -EINVAL);
	/* a BO over a PRT range */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = MAP, .flags = RW,
				   .va = A + PAGE, .size = PAGE)),
			 -EINVAL);
	/* neighbours touch without overlapping */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A - PAGE,
				   .size = PAGE)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = MAP, .flags = RW,
				   .va = A + 4 * PAGE, .size = 4 * PAGE)),
			 0);
	/* PRT over a BO range */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A + 7 * PAGE,
				   .size = PAGE)),
			 -EINVAL);
	/* REPLACE never conflicts */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = REPLACE, .flags = PRT,
				   .va = A + 2 * PAGE, .size = 4 * PAGE)),
			 0);
	close(fd);
}
END_TEST

/* rule 35 */
START_TEST(rule35_unmap_exact_start)
{
	int fd = conf_open();
	uint32_t h = conf_bo(fd, 4 * PAGE), h2 = conf_bo(fd, 4 * PAGE);

	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = MAP, .flags = PRT, .va = A, .size = 4 * PAGE)),
		0);
	/* the middle of a mapping */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = UNMAP, .flags = PRT, .va = A + PAGE)),
			 -ENOENT);
	/* the mapping belongs to the PRT bo_va, not to a BO */
	ck_assert_int_eq(gem_va(fd, _i, VA(.handle = h, .op = UNMAP, .va = A)),
			 -ENOENT);
	ck_assert_int_eq(gem_va(fd, _i, VA(.op = UNMAP, .flags = PRT, .va = A)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i, VA(.op = UNMAP, .flags = PRT, .va = A)),
			 -ENOENT);

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = MAP, .flags = RW, .va = B,
				   .size = 4 * PAGE)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i, VA(.op = UNMAP, .flags = PRT, .va = B)),
			 -ENOENT);
	ck_assert_int_eq(gem_va(fd, _i, VA(.handle = h2, .op = UNMAP, .va = B)),
			 -ENOENT);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = UNMAP, .va = B + PAGE)),
			 -ENOENT);
	ck_assert_int_eq(gem_va(fd, _i, VA(.handle = h, .op = UNMAP, .va = B)),
			 0);
	close(fd);
}
END_TEST

/* rule 36 */
START_TEST(rule36_clear_empty)
{
	int fd = conf_open();

	ck_assert_int_eq(
		gem_va(fd, _i, VA(.op = CLEAR, .va = A, .size = 64 * PAGE)), 0);
	/* flags may carry PRT; the handle is ignored */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = 3, .op = CLEAR, .flags = PRT,
				   .va = A, .size = PAGE)),
			 0);
	close(fd);
}
END_TEST

/* rule 36: a CLEAR inside one mapping leaves two pieces */
START_TEST(rule36_clear_splits)
{
	int fd = conf_open();

	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = MAP, .flags = PRT, .va = A, .size = 16 * PAGE)),
		0);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = CLEAR, .va = A + 4 * PAGE, .size = 4 * PAGE)),
		0);
	/* the hole is free, its neighbours are not */
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = UNMAP, .flags = PRT, .va = A + 4 * PAGE)),
		-ENOENT);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A + 3 * PAGE,
				   .size = PAGE)),
			 -EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A + 8 * PAGE,
				   .size = PAGE)),
			 -EINVAL);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A + 4 * PAGE,
				   .size = 4 * PAGE)),
			 0);
	/* the pieces start at A and A + 8 pages */
	ck_assert_int_eq(gem_va(fd, _i, VA(.op = UNMAP, .flags = PRT, .va = A)),
			 0);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = UNMAP, .flags = PRT, .va = A + 8 * PAGE)),
		0);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = UNMAP, .flags = PRT, .va = A + 4 * PAGE)),
		0);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = MAP, .flags = PRT, .va = A, .size = 16 * PAGE)),
		0);
	close(fd);
}
END_TEST

/* rule 36: one CLEAR over several mappings of different bo_va */
START_TEST(rule36_clear_across_mappings)
{
	int fd = conf_open();
	uint32_t h = conf_bo(fd, 4 * PAGE);

	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = MAP, .flags = PRT, .va = A, .size = 4 * PAGE)),
		0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = MAP, .flags = RW,
				   .va = A + 4 * PAGE, .size = 4 * PAGE)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A + 8 * PAGE,
				   .size = 4 * PAGE)),
			 0);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = CLEAR, .va = A + 2 * PAGE, .size = 8 * PAGE)),
		0);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.handle = h, .op = UNMAP, .va = A + 4 * PAGE)),
		-ENOENT);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = UNMAP, .flags = PRT, .va = A + 8 * PAGE)),
		-ENOENT);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A + 2 * PAGE,
				   .size = 8 * PAGE)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i, VA(.op = UNMAP, .flags = PRT, .va = A)),
			 0);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = UNMAP, .flags = PRT, .va = A + 10 * PAGE)),
		0);
	close(fd);
}
END_TEST

/* rule 34/36: REPLACE splits what it covers, and returns ranges to PRT
 * the way RADV unbinds sparse memory */
START_TEST(rule36_replace)
{
	int fd = conf_open();
	uint32_t h = conf_bo(fd, 4 * PAGE);

	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = MAP, .flags = PRT, .va = A, .size = 16 * PAGE)),
		0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = REPLACE, .flags = RW,
				   .va = A + 4 * PAGE, .size = 4 * PAGE)),
			 0);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = UNMAP, .flags = PRT, .va = A + 4 * PAGE)),
		-ENOENT);
	/* bind -> unbind: REPLACE with PRT, handle 0 */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = REPLACE, .flags = PRT,
				   .va = A + 4 * PAGE, .size = 4 * PAGE)),
			 0);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.handle = h, .op = UNMAP, .va = A + 4 * PAGE)),
		-ENOENT);
	ck_assert_int_eq(gem_va(fd, _i, VA(.op = UNMAP, .flags = PRT, .va = A)),
			 0);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = UNMAP, .flags = PRT, .va = A + 4 * PAGE)),
		0);
	ck_assert_int_eq(
		gem_va(fd, _i,
		       VA(.op = UNMAP, .flags = PRT, .va = A + 8 * PAGE)),
		0);
	close(fd);
}
END_TEST

/* rule 38: the 40-byte request never reads the 6.16 fields */
START_TEST(rule38_short_request_zero_extended)
{
	int fd = conf_open();
	struct uapi_amdgpu_gem_va v;

	memset(&v, 0, sizeof(v));
	v.operation = AMDGPU_VA_OP_MAP;
	v.flags = AMDGPU_VM_PAGE_PRT;
	v.va_address = A;
	v.map_size = PAGE;
	v.vm_timeline_syncobj_out = 0xdead;
	/* the 64-byte request sees the unknown syncobj ... */
	ck_assert_int_eq(conf_ioctl(fd, UAPI_IOCTL_AMDGPU_GEM_VA, &v), -ENOENT);
	/* ... the 40-byte one does not */
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_AMDGPU_GEM_VA, &v), 0);
	close(fd);
}
END_TEST

/* rule 43: the out point signals once the page-table job has run */
START_TEST(rule43_timeline_points)
{
	int fd = conf_open();
	uint32_t s = conf_syncobj(fd, 0);
	uint32_t h = conf_bo(fd, 4 * PAGE);
	struct drm_syncobj_timeline_array q;
	uint64_t point = 0;

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A,
				   .size = 4 * PAGE, .syncobj = s, .point = 1)),
			 0);
	ck_assert_int_eq(conf_timeline_wait(fd, s, 1, WAIT_SUBMIT,
					    deadline_in(LONG_NS)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = UNMAP, .flags = PRT, .va = A,
				   .syncobj = s, .point = 2)),
			 0);
	ck_assert_int_eq(conf_timeline_wait(fd, s, 2, WAIT_SUBMIT,
					    deadline_in(LONG_NS)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.handle = h, .op = MAP, .flags = RW, .va = B,
				   .size = 4 * PAGE, .syncobj = s, .point = 3)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = CLEAR, .va = B, .size = 4 * PAGE,
				   .syncobj = s, .point = 4)),
			 0);
	ck_assert_int_eq(conf_timeline_wait(fd, s, 4, WAIT_SUBMIT,
					    deadline_in(LONG_NS)),
			 0);
	memset(&q, 0, sizeof(q));
	q.handles = (uintptr_t)&s;
	q.points = (uintptr_t)&point;
	q.count_handles = 1;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &q), 0);
	ck_assert_uint_eq(point, 4);
	close(fd);
}
END_TEST

/* rule 43: point 0 replaces the syncobj's fence (binary use) */
START_TEST(rule43_point_zero_replaces)
{
	int fd = conf_open();
	uint32_t s = conf_syncobj(fd, 0);
	struct drm_syncobj_wait w;

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A,
				   .size = PAGE, .syncobj = s)),
			 0);
	memset(&w, 0, sizeof(w));
	w.handles = (uintptr_t)&s;
	w.count_handles = 1;
	w.timeout_nsec = deadline_in(LONG_NS);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w), 0);
	close(fd);
}
END_TEST

/* rules 41 and 43: unmapping a mapping whose PTEs were never written
 * needs no PT job; the exported fence is already signalled */
START_TEST(rule41_unmap_invalid_mapping_stub)
{
	int fd = conf_open();
	uint32_t s = conf_syncobj(fd, 0);

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP,
				   .flags = PRT | AMDGPU_VM_DELAY_UPDATE,
				   .va = A, .size = 4 * PAGE)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = UNMAP, .flags = PRT, .va = A,
				   .syncobj = s, .point = 1)),
			 0);
	ck_assert_int_eq(conf_timeline_wait(fd, s, 1, WAIT_SUBMIT, EXPIRED), 0);
	/* the same for an empty CLEAR */
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = CLEAR, .va = B, .size = PAGE,
				   .syncobj = s, .point = 2)),
			 0);
	ck_assert_int_eq(conf_timeline_wait(fd, s, 2, WAIT_SUBMIT, EXPIRED), 0);
	close(fd);
}
END_TEST

/* rules 39-42: a delayed unmap is cleared by the next update of the VM;
 * explicit sync with PRT-only frees is accepted and completes */
START_TEST(rule42_prt_map_after_delayed_unmap)
{
	int fd = conf_open();
	uint32_t s = conf_syncobj(fd, 0);
	uint32_t flags =
		conf_flags()->vm_explicit_sync ? AMDGPU_VM_EXPLICIT_SYNC : 0;

	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = A,
				   .size = 4 * PAGE, .syncobj = s, .point = 1)),
			 0);
	ck_assert_int_eq(conf_timeline_wait(fd, s, 1, WAIT_SUBMIT,
					    deadline_in(LONG_NS)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = UNMAP,
				   .flags = PRT | AMDGPU_VM_DELAY_UPDATE,
				   .va = A)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = MAP, .flags = PRT, .va = B,
				   .size = PAGE, .syncobj = s, .point = 2)),
			 0);
	ck_assert_int_eq(conf_timeline_wait(fd, s, 2, WAIT_SUBMIT,
					    deadline_in(LONG_NS)),
			 0);
	ck_assert_int_eq(gem_va(fd, _i,
				VA(.op = UNMAP, .flags = PRT | flags, .va = B,
				   .syncobj = s, .point = 3)),
			 0);
	ck_assert_int_eq(conf_timeline_wait(fd, s, 3, WAIT_SUBMIT,
					    deadline_in(LONG_NS)),
			 0);
	close(fd);
}
END_TEST

Suite *suite_gem_va(void)
{
	Suite *s = suite_create("gem_va");
	TCase *tc = tcase_create("gem_va");

	conf_add_loop_test(tc, rule19_reserved_bottom, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule20_hole, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule21_high_half_masked, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule22_vm_size, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule22_overflow_guard, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule23_flags, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule23_explicit_sync_flag, 0, N_ENCODINGS);
	conf_add_loop_test(tc, explicit_sync_probe, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule24_delay_update_timeline, 0, N_ENCODINGS_64);
	conf_add_loop_test(tc, rule25_operation, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule26_handle, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule26_handle_of_other_file, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule27_input_array_unreadable, 0,
			   N_ENCODINGS_64);
	conf_add_loop_test(tc, rule28_input_handle_zero, 0, N_ENCODINGS_64);
	conf_add_loop_test(tc, rule29_input_handle_unknown, 0, N_ENCODINGS_64);
	conf_add_loop_test(tc, rule29_input_syncobj_without_fence, 0,
			   N_ENCODINGS_64);
	conf_add_loop_test(tc, rule30_input_signalled, 0, N_ENCODINGS_64);
	conf_add_loop_test(tc, rule30_input_fence_waited_or_dependency, 0,
			   N_ENCODINGS_64);
	conf_add_loop_test(tc, rule32_timeline_unknown, 0, N_ENCODINGS_64);
	conf_add_loop_test(tc, rule33_verify_parameters, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule33_unmap_unchecked, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule34_overlap, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule35_unmap_exact_start, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule36_clear_empty, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule36_clear_splits, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule36_clear_across_mappings, 0, N_ENCODINGS);
	conf_add_loop_test(tc, rule36_replace, 0, N_ENCODINGS);
	conf_add_test(tc, rule38_short_request_zero_extended);
	conf_add_loop_test(tc, rule41_unmap_invalid_mapping_stub, 0,
			   N_ENCODINGS_64);
	conf_add_loop_test(tc, rule42_prt_map_after_delayed_unmap, 0,
			   N_ENCODINGS_64);
	conf_add_loop_test(tc, rule43_timeline_points, 0, N_ENCODINGS_64);
	conf_add_loop_test(tc, rule43_point_zero_replaces, 0, N_ENCODINGS_64);
	suite_add_tcase(s, tc);
	return s;
}
