/* SPDX-License-Identifier: MIT */
/*
 * drm_syncobj rules (emulator-notes.md §8.4, gem-va-prt.md §6.4 and §10.3),
 * checked against drivers/gpu/drm/drm_syncobj.c: one test per rule, named
 * after it. Every wait has a timeout; nothing asserts how long a call took.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "uapi/amdgpu_gem_va.h"
#include "uapi/drm_syncobj.h"
#include "conformance.h"

/* The newest argument sizes (drm.h at mainline); libdrm 2.4.114's
 * DRM_IOCTL_SYNCOBJ_WAIT / _TIMELINE_WAIT are the 32- and 40-byte forms. */
#define IOCTL_SYNCOBJ_WAIT_NEW DRM_IOWR(0xC3, struct uapi_drm_syncobj_wait)
#define IOCTL_SYNCOBJ_TIMELINE_WAIT_NEW \
	DRM_IOWR(0xCA, struct uapi_drm_syncobj_timeline_wait)

#define WAIT_ALL DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL
#define WAIT_FOR_SUBMIT DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT
#define WAIT_AVAILABLE DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE
#define LAST_SUBMITTED DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED

/* A user address above TASK_SIZE_MAX: access_ok() refuses it. */
#define KERNEL_ADDRESS 0xffff888000000000ull
/* Far enough for any emulated job; only a hang would reach it. */
#define GENEROUS_NS (10ull * 1000000000ull)

static uint64_t u64p(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static int destroy(int fd, uint32_t handle)
{
	struct drm_syncobj_destroy args = { .handle = handle };

	return conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &args);
}

/* The newest-size binary WAIT. */
static int wait_handles(int fd, const uint32_t *handles, uint32_t count,
			int64_t timeout, uint32_t flags, uint32_t *first)
{
	struct uapi_drm_syncobj_wait args = {
		.handles = u64p(handles),
		.timeout_nsec = timeout,
		.count_handles = count,
		.flags = flags,
		.first_signaled = 0xdeadbeef,
	};
	int ret = conf_ioctl(fd, IOCTL_SYNCOBJ_WAIT_NEW, &args);

	if (first)
		*first = args.first_signaled;
	return ret;
}

static int wait_one(int fd, uint32_t handle, int64_t timeout, uint32_t flags)
{
	return wait_handles(fd, &handle, 1, timeout, flags, NULL);
}

/* The newest-size TIMELINE_WAIT. */
static int timeline_wait(int fd, const uint32_t *handles,
			 const uint64_t *points, uint32_t count,
			 int64_t timeout, uint32_t flags, uint32_t *first)
{
	struct uapi_drm_syncobj_timeline_wait args = {
		.handles = u64p(handles),
		.points = u64p(points),
		.timeout_nsec = timeout,
		.count_handles = count,
		.flags = flags,
		.first_signaled = 0xdeadbeef,
	};
	int ret = conf_ioctl(fd, IOCTL_SYNCOBJ_TIMELINE_WAIT_NEW, &args);

	if (first)
		*first = args.first_signaled;
	return ret;
}

static int timeline_wait_one(int fd, uint32_t handle, uint64_t point,
			     int64_t timeout, uint32_t flags)
{
	return timeline_wait(fd, &handle, &point, 1, timeout, flags, NULL);
}

static int timeline_signal(int fd, uint32_t handle, uint64_t point)
{
	struct drm_syncobj_timeline_array args = {
		.handles = u64p(&handle),
		.points = u64p(&point),
		.count_handles = 1,
	};

	return conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, &args);
}

static uint64_t query(int fd, uint32_t handle, uint32_t flags)
{
	uint64_t point = 0xdeadbeef;
	struct drm_syncobj_timeline_array args = {
		.handles = u64p(&handle),
		.points = u64p(&point),
		.count_handles = 1,
		.flags = flags,
	};

	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &args), 0);
	return point;
}

static int array_ioctl(int fd, unsigned long request, const uint32_t *handles,
		       uint32_t count)
{
	struct drm_syncobj_array args = {
		.handles = u64p(handles),
		.count_handles = count,
	};

	return conf_ioctl(fd, request, &args);
}

static int transfer(int fd, uint32_t src, uint64_t src_point, uint32_t dst,
		    uint64_t dst_point, uint32_t flags)
{
	struct drm_syncobj_transfer args = {
		.src_handle = src,
		.dst_handle = dst,
		.src_point = src_point,
		.dst_point = dst_point,
		.flags = flags,
	};

	return conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_TRANSFER, &args);
}

/* Rule 44: handles per file from 1, the lowest free one first (idr). */
START_TEST(create_handles_lowest_free_from_1)
{
	int fd = conf_open(), fd2 = conf_open();

	ck_assert_uint_eq(conf_syncobj(fd, 0), 1);
	ck_assert_uint_eq(conf_syncobj(fd, 0), 2);
	ck_assert_uint_eq(conf_syncobj(fd, 0), 3);
	ck_assert_int_eq(destroy(fd, 2), 0);
	ck_assert_int_eq(destroy(fd, 1), 0);
	ck_assert_uint_eq(conf_syncobj(fd, 0), 1);
	ck_assert_uint_eq(conf_syncobj(fd, 0), 2);
	ck_assert_uint_eq(conf_syncobj(fd, 0), 4);
	/* another DRM file has its own table */
	ck_assert_uint_eq(conf_syncobj(fd2, 0), 1);
	close(fd2);
	close(fd);
}
END_TEST

/* drm_syncobj_create_ioctl: flags other than CREATE_SIGNALED. */
START_TEST(create_unknown_flags_einval)
{
	int fd = conf_open();
	struct drm_syncobj_create args = { .flags = 1u << 1 };

	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &args),
			 -EINVAL);
	close(fd);
}
END_TEST

/* Rule 44: CREATE_SIGNALED installs a signalled fence. */
START_TEST(create_signaled_then_wait_returns_0)
{
	int fd = conf_open();
	uint32_t h = conf_syncobj(fd, DRM_SYNCOBJ_CREATE_SIGNALED);

	ck_assert_int_eq(wait_one(fd, h, 0, 0), 0);
	ck_assert_int_eq(wait_one(fd, h, INT64_MAX, WAIT_ALL), 0);
	close(fd);
}
END_TEST

/* Rule 45: drm_syncobj_destroy of an unknown handle. */
START_TEST(destroy_unknown_handle_einval)
{
	int fd = conf_open();
	uint32_t h = conf_syncobj(fd, 0);

	ck_assert_int_eq(destroy(fd, h + 1), -EINVAL);
	ck_assert_int_eq(destroy(fd, 0), -EINVAL);
	ck_assert_int_eq(destroy(fd, h), 0);
	ck_assert_int_eq(destroy(fd, h), -EINVAL);
	close(fd);
}
END_TEST

/* drm_syncobj_destroy_ioctl: a non-zero pad, checked before the handle. */
START_TEST(destroy_nonzero_pad_einval)
{
	int fd = conf_open();
	struct drm_syncobj_destroy args = { .handle = conf_syncobj(fd, 0),
					    .pad = 1 };

	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &args),
			 -EINVAL);
	ck_assert_int_eq(destroy(fd, args.handle), 0);
	close(fd);
}
END_TEST

/* Rule 47: no fence and no WAIT_FOR_SUBMIT (drm_syncobj_array_wait_timeout
 * refuses up front, whatever the timeout). */
START_TEST(wait_without_fence_einval)
{
	int fd = conf_open();
	uint32_t h = conf_syncobj(fd, 0);

	ck_assert_int_eq(wait_one(fd, h, 0, 0), -EINVAL);
	ck_assert_int_eq(wait_one(fd, h, conf_now_ns() + GENEROUS_NS, WAIT_ALL),
			 -EINVAL);
	ck_assert_int_eq(timeline_wait_one(fd, h, 1, 0, 0), -EINVAL);
	close(fd);
}
END_TEST

/* Rules 46/47: WAIT_FOR_SUBMIT with an absolute timeout already past. */
START_TEST(wait_for_submit_past_timeout_etime)
{
	int fd = conf_open();
	uint32_t h = conf_syncobj(fd, 0);

	ck_assert_int_eq(wait_one(fd, h, conf_now_ns() - 1, WAIT_FOR_SUBMIT),
			 -ETIME);
	ck_assert_int_eq(timeline_wait_one(fd, h, 1, conf_now_ns() - 1,
					   WAIT_FOR_SUBMIT | WAIT_ALL),
			 -ETIME);
	close(fd);
}
END_TEST

/* Rule 46: timeout 0 polls (drm_timeout_abs_to_jiffies); a point not
 * signalled yet gives -ETIME at once. */
START_TEST(wait_timeout_0_unsignalled_etime)
{
	int fd = conf_open();
	uint32_t h = conf_syncobj(fd, 0);

	ck_assert_int_eq(timeline_signal(fd, h, 1), 0);
	ck_assert_int_eq(timeline_wait_one(fd, h, 2, 0, WAIT_FOR_SUBMIT),
			 -ETIME);
	ck_assert_int_eq(timeline_wait_one(fd, h, 2, 0, WAIT_AVAILABLE),
			 -ETIME);
	ck_assert_int_eq(timeline_wait_one(fd, h, 1, 0, 0), 0);
	close(fd);
}
END_TEST

struct signaller {
	int fd;
	uint32_t handle;
	int ret;
};

static void *signal_point_1(void *arg)
{
	struct signaller *s = arg;

	s->ret = timeline_signal(s->fd, s->handle, 1);
	return NULL;
}

/* Rule 47: WAIT_FOR_SUBMIT waits for the point to appear, whichever of
 * the wait and the signal comes first. */
START_TEST(wait_for_submit_sees_later_point)
{
	int fd = conf_open();
	struct signaller s = { .fd = fd,
			       .handle = conf_syncobj(fd, 0),
			       .ret = -1 };
	pthread_t thread;

	ck_assert_int_eq(pthread_create(&thread, NULL, signal_point_1, &s), 0);
	ck_assert_int_eq(timeline_wait_one(fd, s.handle, 1,
					   conf_now_ns() + GENEROUS_NS,
					   WAIT_FOR_SUBMIT | WAIT_ALL),
			 0);
	ck_assert_int_eq(pthread_join(thread, NULL), 0);
	ck_assert_int_eq(s.ret, 0);
	ck_assert_uint_eq(query(fd, s.handle, 0), 1);
	close(fd);
}
END_TEST

/* Rule 48: QUERY gives the last signalled point of a timeline. */
START_TEST(timeline_signal_then_query)
{
	int fd = conf_open();
	uint32_t h = conf_syncobj(fd, 0), hs[2];
	uint64_t points[2] = { 3, 7 };
	struct drm_syncobj_timeline_array args = {
		.handles = u64p(hs),
		.points = u64p(points),
		.count_handles = 2,
	};

	ck_assert_uint_eq(query(fd, h, 0), 0);
	hs[0] = hs[1] = h;
	ck_assert_int_eq(
		conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, &args), 0);
	ck_assert_uint_eq(query(fd, h, 0), 7);
	ck_assert_int_eq(timeline_signal(fd, h, 9), 0);
	ck_assert_uint_eq(query(fd, h, 0), 9);
	close(fd);
}
END_TEST

/* Rule 48: LAST_SUBMITTED gives the newest point, signalled or not; an
 * out-of-order point never lowers it (dma_fence_chain_init). */
START_TEST(query_last_submitted)
{
	int fd = conf_open();
	uint32_t h = conf_syncobj(fd, 0);

	ck_assert_uint_eq(query(fd, h, LAST_SUBMITTED), 0);
	ck_assert_int_eq(timeline_signal(fd, h, 5), 0);
	ck_assert_uint_eq(query(fd, h, LAST_SUBMITTED), 5);
	ck_assert_int_eq(timeline_signal(fd, h, 2), 0);
	ck_assert_uint_eq(query(fd, h, LAST_SUBMITTED), 5);
	ck_assert_uint_eq(query(fd, h, 0), 5);
	close(fd);
}
END_TEST

/* drm_syncobj_query_ioctl: a binary fence (no chain) reads as point 0. */
START_TEST(query_binary_syncobj_is_0)
{
	int fd = conf_open();
	uint32_t h = conf_syncobj(fd, DRM_SYNCOBJ_CREATE_SIGNALED);

	ck_assert_uint_eq(query(fd, h, 0), 0);
	ck_assert_uint_eq(query(fd, h, LAST_SUBMITTED), 0);
	close(fd);
}
END_TEST

/* dma_fence_chain_find_seqno: a wait on a point signalled (or covered by a
 * later signalled point) returns 0; a point beyond the timeline is -EINVAL
 * without WAIT_FOR_SUBMIT. */
START_TEST(timeline_wait_on_signalled_point)
{
	int fd = conf_open();
	uint32_t h = conf_syncobj(fd, 0);

	ck_assert_int_eq(timeline_signal(fd, h, 4), 0);
	ck_assert_int_eq(timeline_wait_one(fd, h, 4, 0, WAIT_ALL), 0);
	ck_assert_int_eq(timeline_wait_one(fd, h, 2, 0, 0), 0);
	ck_assert_int_eq(timeline_wait_one(fd, h, 0, 0, 0), 0);
	ck_assert_int_eq(timeline_wait_one(fd, h, 5, 0, 0), -EINVAL);
	ck_assert_int_eq(timeline_wait_one(fd, h, 5, 0, WAIT_AVAILABLE),
			 -ETIME);
	/* the binary WAIT sees the newest point */
	ck_assert_int_eq(wait_one(fd, h, 0, 0), 0);
	close(fd);
}
END_TEST

/* drm_syncobj_array_wait_timeout: wait-any writes the index of the first
 * signalled handle to first_signaled. */
START_TEST(wait_any_first_signaled)
{
	int fd = conf_open();
	uint32_t hs[3], first;
	uint64_t points[3] = { 1, 1, 1 };

	hs[0] = conf_syncobj(fd, 0);
	hs[1] = conf_syncobj(fd, 0);
	hs[2] = conf_syncobj(fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	ck_assert_int_eq(wait_handles(fd, hs, 3, 0, WAIT_FOR_SUBMIT, &first),
			 0);
	ck_assert_uint_eq(first, 2);
	/* all: the empty ones keep it waiting */
	ck_assert_int_eq(wait_handles(fd, hs, 3, 0, WAIT_FOR_SUBMIT | WAIT_ALL,
				      NULL),
			 -ETIME);
	ck_assert_int_eq(timeline_signal(fd, hs[1], 1), 0);
	ck_assert_int_eq(timeline_wait(fd, hs, points, 3, 0, WAIT_FOR_SUBMIT,
				       &first),
			 0);
	ck_assert_uint_eq(first, 1);
	close(fd);
}
END_TEST

/* drm_syncobj_transfer_ioctl: a timeline point into a binary syncobj
 * (dst_point 0) and a binary fence into a timeline point. */
START_TEST(transfer_between_timeline_and_binary)
{
	int fd = conf_open();
	uint32_t tl = conf_syncobj(fd, 0), bin = conf_syncobj(fd, 0),
		 tl2 = conf_syncobj(fd, 0);

	ck_assert_int_eq(timeline_signal(fd, tl, 3), 0);
	ck_assert_int_eq(transfer(fd, tl, 3, bin, 0, 0), 0);
	ck_assert_int_eq(wait_one(fd, bin, 0, 0), 0);
	/* the binary syncobj now holds the chain node itself */
	ck_assert_uint_eq(query(fd, bin, LAST_SUBMITTED), 3);

	ck_assert_int_eq(transfer(fd, bin, 0, tl2, 6, 0), 0);
	ck_assert_uint_eq(query(fd, tl2, LAST_SUBMITTED), 6);
	ck_assert_uint_eq(query(fd, tl2, 0), 6);
	ck_assert_int_eq(timeline_wait_one(fd, tl2, 6, 0, 0), 0);
	close(fd);
}
END_TEST

/* drm_syncobj_transfer: unknown dst -ENOENT before the source is looked
 * at; a source point not submitted is -EINVAL (drm_syncobj_find_fence);
 * a non-zero pad -EINVAL first. */
START_TEST(transfer_errors)
{
	int fd = conf_open();
	uint32_t src = conf_syncobj(fd, 0), dst = conf_syncobj(fd, 0);
	struct drm_syncobj_transfer args = {
		.src_handle = src,
		.dst_handle = dst,
		.pad = 1,
	};

	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_TRANSFER, &args),
			 -EINVAL);
	ck_assert_int_eq(transfer(fd, 99, 0, 98, 0, 0), -ENOENT);
	ck_assert_int_eq(transfer(fd, 99, 0, dst, 1, 0), -ENOENT);
	ck_assert_int_eq(transfer(fd, src, 0, dst, 0, 0), -EINVAL);
	ck_assert_int_eq(timeline_signal(fd, src, 1), 0);
	ck_assert_int_eq(transfer(fd, src, 2, dst, 0, 0), -EINVAL);
	close(fd);
}
END_TEST

/* drm_syncobj_reset_ioctl: the fence is removed, so a plain wait is
 * -EINVAL again. */
START_TEST(reset_removes_fence)
{
	int fd = conf_open();
	uint32_t h = conf_syncobj(fd, DRM_SYNCOBJ_CREATE_SIGNALED);

	ck_assert_int_eq(array_ioctl(fd, DRM_IOCTL_SYNCOBJ_RESET, &h, 1), 0);
	ck_assert_int_eq(wait_one(fd, h, 0, 0), -EINVAL);
	ck_assert_int_eq(array_ioctl(fd, DRM_IOCTL_SYNCOBJ_SIGNAL, &h, 1), 0);
	ck_assert_int_eq(wait_one(fd, h, 0, 0), 0);
	close(fd);
}
END_TEST

/* drm_syncobj_array_find: an unknown handle anywhere in the array. */
START_TEST(unknown_handle_enoent)
{
	int fd = conf_open();
	uint32_t hs[2] = { conf_syncobj(fd, DRM_SYNCOBJ_CREATE_SIGNALED), 42 };
	uint64_t points[2] = { 1, 1 };
	struct drm_syncobj_timeline_array ta = {
		.handles = u64p(hs),
		.points = u64p(points),
		.count_handles = 2,
	};

	ck_assert_int_eq(wait_handles(fd, hs, 2, 0, 0, NULL), -ENOENT);
	ck_assert_int_eq(timeline_wait(fd, hs, points, 2, 0, 0, NULL), -ENOENT);
	ck_assert_int_eq(array_ioctl(fd, DRM_IOCTL_SYNCOBJ_RESET, hs, 2),
			 -ENOENT);
	ck_assert_int_eq(array_ioctl(fd, DRM_IOCTL_SYNCOBJ_SIGNAL, hs, 2),
			 -ENOENT);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &ta), -ENOENT);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, &ta),
			 -ENOENT);
	/* handle 0 is never allocated */
	hs[1] = 0;
	ck_assert_int_eq(wait_handles(fd, hs, 2, 0, 0, NULL), -ENOENT);
	close(fd);
}
END_TEST

/* Flag checks come first in every ioctl. */
START_TEST(bad_flags_einval)
{
	int fd = conf_open();
	uint32_t h = conf_syncobj(fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	uint64_t point = 0;
	struct drm_syncobj_timeline_array ta = {
		.handles = u64p(&h),
		.points = u64p(&point),
		.count_handles = 1,
		.flags = 1u << 1,
	};
	struct drm_syncobj_array a = {
		.handles = u64p(&h),
		.count_handles = 1,
		.pad = 1,
	};

	/* WAIT_AVAILABLE only exists for the timeline wait */
	ck_assert_int_eq(wait_one(fd, h, 0, WAIT_AVAILABLE), -EINVAL);
	ck_assert_int_eq(wait_one(fd, h, 0, 1u << 4), -EINVAL);
	ck_assert_int_eq(timeline_wait_one(fd, h, 0, 0, 1u << 4), -EINVAL);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &ta), -EINVAL);
	ta.flags = LAST_SUBMITTED; /* valid for QUERY only */
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, &ta),
			 -EINVAL);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_RESET, &a), -EINVAL);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_SIGNAL, &a), -EINVAL);
	/* WAIT_DEADLINE is valid, deadline_nsec only a hint */
	ck_assert_int_eq(
		wait_one(fd, h, 0, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE), 0);
	close(fd);
}
END_TEST

/* count_handles 0: the waits succeed at once (no handles read), the
 * other array ioctls are -EINVAL. */
START_TEST(count_handles_0)
{
	int fd = conf_open();
	struct drm_syncobj_timeline_array ta = { 0 };

	ck_assert_int_eq(wait_handles(fd, NULL, 0, 0, 0, NULL), 0);
	ck_assert_int_eq(timeline_wait(fd, NULL, NULL, 0, 0, 0, NULL), 0);
	ck_assert_int_eq(array_ioctl(fd, DRM_IOCTL_SYNCOBJ_RESET, NULL, 0),
			 -EINVAL);
	ck_assert_int_eq(array_ioctl(fd, DRM_IOCTL_SYNCOBJ_SIGNAL, NULL, 0),
			 -EINVAL);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &ta), -EINVAL);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, &ta),
			 -EINVAL);
	close(fd);
}
END_TEST

/* drm_ioctl zero-extends the 32-byte (libdrm 2.4.114) WAIT: no deadline. */
START_TEST(old_32_byte_wait_accepted)
{
	int fd = conf_open();
	uint32_t hs[2] = { conf_syncobj(fd, 0),
			   conf_syncobj(fd, DRM_SYNCOBJ_CREATE_SIGNALED) };
	struct drm_syncobj_wait args = {
		.handles = u64p(hs),
		.count_handles = 2,
		.timeout_nsec = 0,
		.flags = WAIT_FOR_SUBMIT,
		.first_signaled = 0xdeadbeef,
	};

	ck_assert_uint_eq(_IOC_SIZE(DRM_IOCTL_SYNCOBJ_WAIT), 32);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &args), 0);
	ck_assert_uint_eq(args.first_signaled, 1);
	args.flags = WAIT_FOR_SUBMIT | WAIT_ALL;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &args), -ETIME);
	close(fd);
}
END_TEST

/* The newest 40-byte WAIT, with deadline_nsec. */
START_TEST(new_40_byte_wait_accepted)
{
	int fd = conf_open();
	uint32_t h = conf_syncobj(fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	struct uapi_drm_syncobj_wait args = {
		.handles = u64p(&h),
		.count_handles = 1,
		.timeout_nsec = conf_now_ns() + GENEROUS_NS,
		.flags = WAIT_ALL | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE,
		.deadline_nsec = (uint64_t)conf_now_ns(),
	};

	ck_assert_uint_eq(_IOC_SIZE(IOCTL_SYNCOBJ_WAIT_NEW), 40);
	ck_assert_int_eq(conf_ioctl(fd, IOCTL_SYNCOBJ_WAIT_NEW, &args), 0);
	ck_assert_uint_eq(args.first_signaled, 0);
	close(fd);
}
END_TEST

/* The 40-byte TIMELINE_WAIT of libdrm 2.4.114 and the newest 48-byte one. */
START_TEST(old_40_and_new_48_byte_timeline_wait_accepted)
{
	int fd = conf_open();
	uint32_t h = conf_syncobj(fd, 0);
	uint64_t point = 2;
	struct drm_syncobj_timeline_wait old = {
		.handles = u64p(&h),
		.points = u64p(&point),
		.count_handles = 1,
		.timeout_nsec = 0,
		.flags = WAIT_FOR_SUBMIT,
	};
	struct uapi_drm_syncobj_timeline_wait new = {
		.handles = u64p(&h),
		.points = u64p(&point),
		.count_handles = 1,
		.timeout_nsec = conf_now_ns() + GENEROUS_NS,
		.flags = WAIT_ALL | DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE,
		.deadline_nsec = (uint64_t)conf_now_ns(),
	};

	ck_assert_uint_eq(_IOC_SIZE(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT), 40);
	ck_assert_uint_eq(_IOC_SIZE(IOCTL_SYNCOBJ_TIMELINE_WAIT_NEW), 48);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &old),
			 -ETIME);
	ck_assert_int_eq(timeline_signal(fd, h, 2), 0);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &old),
			 0);
	ck_assert_int_eq(conf_ioctl(fd, IOCTL_SYNCOBJ_TIMELINE_WAIT_NEW, &new),
			 0);
	close(fd);
}
END_TEST

/* drm_syncobj_array_find / the points readers: unreadable arrays. */
START_TEST(bad_handles_pointer_efault)
{
	int fd = conf_open();
	uint32_t h = conf_syncobj(fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	uint64_t point = 0;
	struct drm_syncobj_timeline_array ta = {
		.handles = 8, /* unmapped page */
		.points = u64p(&point),
		.count_handles = 1,
	};

	ck_assert_int_eq(wait_handles(fd, (const uint32_t *)8, 1, 0, 0, NULL),
			 -EFAULT);
	ck_assert_int_eq(wait_handles(fd, (const uint32_t *)KERNEL_ADDRESS, 1,
				      0, 0, NULL),
			 -EFAULT);
	ck_assert_int_eq(array_ioctl(fd, DRM_IOCTL_SYNCOBJ_RESET,
				     (const uint32_t *)8, 1),
			 -EFAULT);
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &ta), -EFAULT);
	/* an unreadable points array of TIMELINE_WAIT (NULL means all 0) */
	ck_assert_int_eq(timeline_wait(fd, &h, (const uint64_t *)8, 1, 0, 0,
				       NULL),
			 -EFAULT);
	ck_assert_int_eq(timeline_wait(fd, &h, NULL, 1, 0, 0, NULL), 0);
	/* QUERY's output array */
	ta.handles = u64p(&h);
	ta.points = 8;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &ta), -EFAULT);
	close(fd);
}
END_TEST

/* gem-va-prt.md §6.4: the PT update of a PRT MAP lands at point 1 of the
 * VM timeline syncobj; WAIT_FOR_SUBMIT|WAIT_ALL sees it signal. */
START_TEST(gem_va_prt_map_signals_timeline_point)
{
	int fd = conf_open();
	uint32_t h = conf_syncobj(fd, 0);
	struct uapi_amdgpu_gem_va va = {
		.operation = AMDGPU_VA_OP_MAP,
		.flags = AMDGPU_VM_PAGE_PRT,
		.va_address = 0x100000,
		.map_size = 0x10000,
		.vm_timeline_point = 1,
		.vm_timeline_syncobj_out = h,
	};

	ck_assert_int_eq(conf_ioctl(fd, UAPI_IOCTL_AMDGPU_GEM_VA, &va), 0);
	ck_assert_int_eq(timeline_wait_one(fd, h, 1,
					   conf_now_ns() + GENEROUS_NS,
					   WAIT_FOR_SUBMIT | WAIT_ALL),
			 0);
	ck_assert_uint_eq(query(fd, h, 0), 1);
	ck_assert_uint_eq(query(fd, h, LAST_SUBMITTED), 1);
	close(fd);
}
END_TEST

Suite *suite_syncobj(void)
{
	Suite *s = suite_create("syncobj");
	TCase *tc = tcase_create("rules");

	conf_add_test(tc, create_handles_lowest_free_from_1);
	conf_add_test(tc, create_unknown_flags_einval);
	conf_add_test(tc, create_signaled_then_wait_returns_0);
	conf_add_test(tc, destroy_unknown_handle_einval);
	conf_add_test(tc, destroy_nonzero_pad_einval);
	conf_add_test(tc, wait_without_fence_einval);
	conf_add_test(tc, wait_for_submit_past_timeout_etime);
	conf_add_test(tc, wait_timeout_0_unsignalled_etime);
	conf_add_test(tc, wait_for_submit_sees_later_point);
	conf_add_test(tc, timeline_signal_then_query);
	conf_add_test(tc, query_last_submitted);
	conf_add_test(tc, query_binary_syncobj_is_0);
	conf_add_test(tc, timeline_wait_on_signalled_point);
	conf_add_test(tc, wait_any_first_signaled);
	conf_add_test(tc, transfer_between_timeline_and_binary);
	conf_add_test(tc, transfer_errors);
	conf_add_test(tc, reset_removes_fence);
	conf_add_test(tc, unknown_handle_enoent);
	conf_add_test(tc, bad_flags_einval);
	conf_add_test(tc, count_handles_0);
	conf_add_test(tc, old_32_byte_wait_accepted);
	conf_add_test(tc, new_40_byte_wait_accepted);
	conf_add_test(tc, old_40_and_new_48_byte_timeline_wait_accepted);
	conf_add_test(tc, bad_handles_pointer_efault);
	conf_add_test(tc, gem_va_prt_map_signals_timeline_point);
	suite_add_tcase(s, tc);
	return s;
}
