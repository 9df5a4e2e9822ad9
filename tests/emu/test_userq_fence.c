// SPDX-License-Identifier: MIT
/*
 * USERQ_SIGNAL, USERQ_WAIT and fence-driver lifetime: emulator-notes rules
 * 75-94 (userq.md §7-§10), and the three userspace-triggerable leaks,
 * counted with the seq64 probe (userq.md §11.1) and the slab view. Each
 * needs user queues: without, it skips (rule 50 tests the gate).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "conformance.h"
#include "cs_helpers.h"
#include "uapi/amdgpu_gem_va.h"
#include "userq_recipe.h"

#define BAD_USER_PTR 0x10ull
#define UNKNOWN 999u
#define SEQ64_BASE 0xffffffffffc00000ull
#define SLAB_OBJECTS "/sys/kernel/slab/amdgpu_userq_fence/objects"

/* A file with one queue of ip. */
static uint32_t setup(struct uq_recipe *r, uint32_t ip)
{
	int fd = conf_open();

	uq_recipe_init(r, fd, ip);
	return uq_create_ok(r);
}

static uint32_t fill1(int fd, uint32_t waitq, uint32_t s,
		      struct uapi_amdgpu_userq_fence_info *info)
{
	uint16_t n = 1;

	ck_assert_int_eq(uq_wait(fd, waitq, &s, 1, info, &n), 0);
	return n;
}

static unsigned long slab_objects(void)
{
	char buf[64];

	ck_assert_int_gt(uq_read_file(SLAB_OBJECTS, buf, sizeof(buf)), 0);
	return strtoul(buf, NULL, 10);
}

/* syncobj wait with an expired deadline: 0 signalled, -ETIME pending */
static int syncobj_poll(int fd, uint32_t s)
{
	struct drm_syncobj_wait w;

	memset(&w, 0, sizeof(w));
	w.handles = (uintptr_t)&s;
	w.count_handles = 1;
	w.timeout_nsec = 0;
	return conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w);
}

/* rule 75: the syncobj count at the profile's width, pads unchecked */
START_TEST(rule75_signal_count_width)
{
	const struct emu_profile *p = conf_flags();
	struct uapi_amdgpu_userq_signal sig;
	struct uq_recipe r;
	uint32_t qid, s;
	int want;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	qid = setup(&r, AMDGPU_HW_IP_GFX);
	s = conf_syncobj(r.fd, 0);
	memset(&sig, 0, sizeof(sig));
	sig.queue_id = qid;
	sig.pad = 0xdeadbeef;
	sig.syncobj_handles = (uintptr_t)&s;
	/* read as a u32 (6.16: a u64 field into a u32 local) or a u16 (7.1):
	 * both see 1; the 6.18.y backport bounds the u64 first */
	sig.num_syncobj_handles = 0x100000001ull;
	want = p->userq_handle_limit_syncobjs ? -EINVAL : 0;
	ck_assert_int_eq(conf_ioctl(r.fd, UAPI_IOCTL_AMDGPU_USERQ_SIGNAL, &sig),
			 want);
	/* bits 16..31: counted only where the field is wider than a u16 */
	sig.num_syncobj_handles = 0x10001;
	{
		uint32_t *many = calloc(0x10001, sizeof(*many));

		many[0] = s; /* the rest: handle 0, unknown */
		sig.syncobj_handles = (uintptr_t)many;
		want = p->userq_handle_limit_syncobjs ? -EINVAL :
		       p->userq_u16_counts	      ? 0 :
							-ENOENT;
		ck_assert_int_eq(
			conf_ioctl(r.fd, UAPI_IOCTL_AMDGPU_USERQ_SIGNAL, &sig),
			want);
		free(many);
	}
}
END_TEST

/* rule 76: at most 65536 BO handles each (profiles with the limits) */
START_TEST(rule76_signal_handle_limits)
{
	const struct emu_profile *p = conf_flags();
	uint32_t qid, *bos, n = UAPI_AMDGPU_USERQ_MAX_HANDLES + 1, i;
	struct uq_recipe r;
	int want = p->userq_handle_limits ? -EINVAL : 0;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	qid = setup(&r, AMDGPU_HW_IP_DMA);
	bos = malloc(n * sizeof(*bos));
	for (i = 0; i < n; i++)
		bos[i] = r.ring;
	ck_assert_int_eq(uq_signal_bos(r.fd, qid, NULL, 0, bos, n, NULL, 0),
			 want);
	ck_assert_int_eq(uq_signal_bos(r.fd, qid, NULL, 0, NULL, 0, bos, n),
			 want);
	/* 65536 is fine */
	ck_assert_int_eq(
		uq_signal_bos(r.fd, qid, NULL, 0, bos, n - 1, bos, n - 1), 0);
	free(bos);
}
END_TEST

/* rule 77: unknown syncobj, BO or queue -> -ENOENT, after the copies */
START_TEST(rule77_signal_enoent)
{
	uint32_t qid, s, unknown = UNKNOWN;
	struct uapi_amdgpu_userq_signal sig;
	struct uq_recipe r;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	qid = setup(&r, AMDGPU_HW_IP_COMPUTE);
	s = conf_syncobj(r.fd, 0);
	ck_assert_int_eq(uq_signal(r.fd, qid, &unknown, 1), -ENOENT);
	ck_assert_int_eq(uq_signal_bos(r.fd, qid, &s, 1, &unknown, 1, NULL, 0),
			 -ENOENT);
	ck_assert_int_eq(uq_signal_bos(r.fd, qid, &s, 1, NULL, 0, &unknown, 1),
			 -ENOENT);
	ck_assert_int_eq(uq_signal(r.fd, UNKNOWN, &s, 1), -ENOENT);
	ck_assert_int_eq(uq_signal(r.fd, 0, &s, 1), -ENOENT);
	/* the arrays are copied before the queue is looked up */
	memset(&sig, 0, sizeof(sig));
	sig.queue_id = UNKNOWN;
	sig.syncobj_handles = BAD_USER_PTR;
	sig.num_syncobj_handles = 1;
	ck_assert_int_eq(conf_ioctl(r.fd, UAPI_IOCTL_AMDGPU_USERQ_SIGNAL, &sig),
			 -EFAULT);
	/* nothing was signalled by the failures */
	ck_assert_int_eq(syncobj_poll(r.fd, s), -EINVAL);
}
END_TEST

/* rule 78: no mapping at wptr_va any more -> -EINVAL; a wptr BO without
 * CPU access cannot be kmapped -> -EPERM */
START_TEST(rule78_signal_wptr_mapping)
{
	struct uapi_amdgpu_gem_va va;
	struct uq_recipe r;
	uint32_t qid, nocpu;
	uint64_t nocpu_va;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	qid = setup(&r, AMDGPU_HW_IP_GFX);
	memset(&va, 0, sizeof(va));
	va.handle = r.wptr;
	va.operation = AMDGPU_VA_OP_UNMAP;
	va.va_address = r.wptr_va;
	va.map_size = UQ_PAGE;
	ck_assert_int_eq(conf_ioctl(r.fd, UAPI_IOCTL_AMDGPU_GEM_VA, &va), 0);
	ck_assert_int_eq(uq_signal(r.fd, qid, NULL, 0), -EINVAL);

	ck_assert_int_eq(conf_gem_create(r.fd, UQ_PAGE, AMDGPU_GEM_DOMAIN_GTT,
					 AMDGPU_GEM_CREATE_NO_CPU_ACCESS,
					 &nocpu),
			 0);
	nocpu_va = uq_map_bo(r.fd, nocpu, UQ_PAGE);
	r.args.in.wptr_va = nocpu_va;
	r.args.in.doorbell_offset = 7;
	qid = uq_create_ok(&r);
	ck_assert_int_eq(uq_signal(r.fd, qid, NULL, 0), -EPERM);
}
END_TEST

/* rule 79: seqno = the u64 at offset 0 of the wptr BO; signalled iff the
 * seq64 slot (0 without GPU progress) >= seqno */
START_TEST(rule79_seqno_from_wptr_bo)
{
	struct uapi_amdgpu_userq_fence_info info;
	struct uq_recipe r;
	uint32_t qid, s;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	if (!conf_require(conf_flags()->userq_va_check != EMU_VA_CHECK_END_ADDR,
			  "an unaligned wptr in a one-page BO fails the "
			  "end-address VA check (rule62_va_check_form)"))
		return;
	uq_recipe_init(&r, conf_open(), AMDGPU_HW_IP_COMPUTE);
	/* wptr_va inside the page: offset 0 of the BO is read */
	r.args.in.wptr_va = r.wptr_va + 16;
	qid = uq_create_ok(&r);
	s = conf_syncobj(r.fd, 0);
	ck_assert_int_eq(uq_signal(r.fd, qid, &s, 1), 0);
	ck_assert_int_eq(syncobj_poll(r.fd, s), 0); /* 0 >= 0 */
	ck_assert_uint_eq(fill1(r.fd, qid, s, &info), 1);
	ck_assert_uint_eq(info.value, 0);

	r.wptr_cpu[0] = 3;
	r.wptr_cpu[2] = 9;
	ck_assert_int_eq(uq_signal(r.fd, qid, &s, 1), 0);
	ck_assert_int_eq(syncobj_poll(r.fd, s), -ETIME); /* pending */
	ck_assert_uint_eq(fill1(r.fd, qid, s, &info), 1);
	ck_assert_uint_eq(info.value, 3);
}
END_TEST

/* rule 81: the fence goes to the syncobjs (replacing them, no timeline
 * point) and to the BOs' reservations (READ or WRITE usage) */
START_TEST(rule81_signal_publishes)
{
	struct uapi_amdgpu_userq_wait w;
	struct drm_syncobj_timeline_array q;
	uint32_t qid, s, tl, rd, wr;
	uint64_t point = 99;
	struct uq_recipe r;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	qid = setup(&r, AMDGPU_HW_IP_GFX);
	s = conf_syncobj(r.fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	tl = conf_syncobj(r.fd, 0);
	rd = conf_bo(r.fd, UQ_PAGE);
	wr = conf_bo(r.fd, UQ_PAGE);
	{
		uint32_t both[2] = { s, tl };

		ck_assert_int_eq(
			uq_signal_bos(r.fd, qid, both, 2, &rd, 1, &wr, 1), 0);
	}
	/* a timeline syncobj gets no point */
	memset(&q, 0, sizeof(q));
	q.handles = (uintptr_t)&tl;
	q.points = (uintptr_t)&point;
	q.count_handles = 1;
	ck_assert_int_eq(conf_ioctl(r.fd, DRM_IOCTL_SYNCOBJ_QUERY, &q), 0);
	ck_assert_uint_eq(point, 0);

	/* count mode per usage: READ sees both, WRITE only the write */
	memset(&w, 0, sizeof(w));
	w.bo_read_handles = (uintptr_t)&rd;
	w.num_bo_read_handles = 1;
	ck_assert_int_eq(uq_wait_raw(r.fd, &w), 0);
	ck_assert_uint_eq(w.num_fences, 1);
	memset(&w, 0, sizeof(w));
	w.bo_write_handles = (uintptr_t)&rd;
	w.num_bo_write_handles = 1;
	ck_assert_int_eq(uq_wait_raw(r.fd, &w), 0);
	ck_assert_uint_eq(w.num_fences, 0);
	memset(&w, 0, sizeof(w));
	w.bo_write_handles = (uintptr_t)&wr;
	w.num_bo_write_handles = 1;
	ck_assert_int_eq(uq_wait_raw(r.fd, &w), 0);
	ck_assert_uint_eq(w.num_fences, 1);
	memset(&w, 0, sizeof(w));
	w.bo_read_handles = (uintptr_t)&wr;
	w.num_bo_read_handles = 1;
	ck_assert_int_eq(uq_wait_raw(r.fd, &w), 0);
	ck_assert_uint_eq(w.num_fences, 1);

	/* a second SIGNAL replaces the signalled fence in the reservation */
	ck_assert_int_eq(uq_signal_bos(r.fd, qid, NULL, 0, &rd, 1, NULL, 0), 0);
	memset(&w, 0, sizeof(w));
	w.bo_read_handles = (uintptr_t)&rd;
	w.num_bo_read_handles = 1;
	ck_assert_int_eq(uq_wait_raw(r.fd, &w), 0);
	ck_assert_uint_eq(w.num_fences, 1);
	/* and two pending fences of one queue: the newer replaces the older */
	r.wptr_cpu[0] = 1;
	ck_assert_int_eq(uq_signal_bos(r.fd, qid, NULL, 0, &rd, 1, NULL, 0), 0);
	r.wptr_cpu[0] = 2;
	ck_assert_int_eq(uq_signal_bos(r.fd, qid, NULL, 0, &rd, 1, NULL, 0), 0);
	w.num_fences = 0; /* the last call wrote its count back */
	ck_assert_int_eq(uq_wait_raw(r.fd, &w), 0);
	ck_assert_uint_eq(w.num_fences, 1);
}
END_TEST

/* rule 82: at most 65536 BO handles each in WAIT (profiles with limits) */
START_TEST(rule82_wait_handle_limits)
{
	const struct emu_profile *p = conf_flags();
	uint32_t *bos, n = UAPI_AMDGPU_USERQ_MAX_HANDLES + 1, i;
	struct uapi_amdgpu_userq_wait w;
	struct uq_recipe r;
	int want = p->userq_handle_limits ? -EINVAL : 0;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	setup(&r, AMDGPU_HW_IP_DMA);
	bos = malloc(n * sizeof(*bos));
	for (i = 0; i < n; i++)
		bos[i] = r.ring;
	memset(&w, 0, sizeof(w));
	w.bo_read_handles = (uintptr_t)bos;
	w.num_bo_read_handles = n;
	ck_assert_int_eq(uq_wait_raw(r.fd, &w), want);
	memset(&w, 0, sizeof(w));
	w.bo_write_handles = (uintptr_t)bos;
	w.num_bo_write_handles = n;
	ck_assert_int_eq(uq_wait_raw(r.fd, &w), want);
	memset(&w, 0, sizeof(w));
	w.bo_write_handles = (uintptr_t)bos;
	w.num_bo_write_handles = n - 1;
	ck_assert_int_eq(uq_wait_raw(r.fd, &w), 0);
	free(bos);
}
END_TEST

/*
 * rule 83: unknown handles -> -ENOENT; timeline points read as u32 up to
 * 7.0 and as u64 from d097095dda74 (7.1; releases.md §4.1).
 */
START_TEST(rule83_wait_enoent_points_width)
{
	const struct emu_profile *p = conf_flags();
	struct drm_syncobj_timeline_array sig;
	struct uapi_amdgpu_userq_wait w;
	uint32_t unknown = UNKNOWN, tl, s, many[2];
	/* u32 {5, 1}: read as one u64 it is point 0x100000005 */
	uint32_t points[2] = { 5, 1 };
	uint64_t point5 = 5;
	struct uq_recipe r;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	setup(&r, AMDGPU_HW_IP_GFX);
	memset(&w, 0, sizeof(w));
	w.syncobj_handles = (uintptr_t)&unknown;
	w.num_syncobj_handles = 1;
	ck_assert_int_eq(uq_wait_raw(r.fd, &w), -ENOENT);
	memset(&w, 0, sizeof(w));
	w.syncobj_timeline_handles = (uintptr_t)&unknown;
	w.syncobj_timeline_points = (uintptr_t)points;
	w.num_syncobj_timeline_handles = 1;
	ck_assert_int_eq(uq_wait_raw(r.fd, &w), -ENOENT);
	memset(&w, 0, sizeof(w));
	w.bo_read_handles = (uintptr_t)&unknown;
	w.num_bo_read_handles = 1;
	ck_assert_int_eq(uq_wait_raw(r.fd, &w), -ENOENT);

	/* point 5 exists */
	tl = conf_syncobj(r.fd, 0);
	memset(&sig, 0, sizeof(sig));
	sig.handles = (uintptr_t)&tl;
	sig.points = (uintptr_t)&point5;
	sig.count_handles = 1;
	ck_assert_int_eq(
		conf_ioctl(r.fd, DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, &sig), 0);
	memset(&w, 0, sizeof(w));
	w.syncobj_timeline_handles = (uintptr_t)&tl;
	w.syncobj_timeline_points = (uintptr_t)points;
	w.num_syncobj_timeline_handles = 1;
	if (p->wait_timeline_points_u64) {
		/* 0x100000005 was never submitted: WAIT_FOR_SUBMIT gives up
		 * with -ETIME (drm_syncobj_find_fence, 5 s) */
		ck_assert_int_eq(uq_wait_raw(r.fd, &w), -ETIME);
		w.syncobj_timeline_points = (uintptr_t)&point5;
	}
	ck_assert_int_eq(uq_wait_raw(r.fd, &w), 0);
	ck_assert_uint_eq(w.num_fences, 1);

	/* WAIT's syncobj count: a u32 (6.16..7.0) or a u16 (7.1) */
	s = conf_syncobj(r.fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	many[0] = s;
	many[1] = UNKNOWN;
	memset(&w, 0, sizeof(w));
	w.syncobj_handles = (uintptr_t)many;
	w.num_syncobj_handles = 0x10001;
	if (p->userq_u16_counts) {
		ck_assert_int_eq(uq_wait_raw(r.fd, &w), 0);
		ck_assert_uint_eq(w.num_fences, 1);
	} else if (p->userq_handle_limit_syncobjs) {
		/* 6.18.y (cff1a76aa5): more than 65536 -> -EINVAL */
		ck_assert_int_eq(uq_wait_raw(r.fd, &w), -EINVAL);
	} else {
		uint32_t *big = calloc(0x10001, sizeof(*big));

		big[0] = s;
		w.syncobj_handles = (uintptr_t)big;
		ck_assert_int_eq(uq_wait_raw(r.fd, &w), -ENOENT);
		free(big);
	}
}
END_TEST

/* rule 84: count mode ignores waitq_id and takes no reference */
START_TEST(rule84_count_mode)
{
	struct uq_recipe rp, rw;
	uint32_t p, wq, s, i;
	uint16_t n;
	int fd;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	fd = conf_open();
	uq_recipe_init(&rp, fd, AMDGPU_HW_IP_COMPUTE);
	uq_recipe_init(&rw, fd, AMDGPU_HW_IP_GFX);
	p = uq_create_ok(&rp); /* slot 0 */
	wq = uq_create_ok(&rw); /* slot 1 */
	s = conf_syncobj(fd, 0);
	ck_assert_int_eq(uq_signal(fd, p, &s, 1), 0);
	for (i = 0; i < 5; i++) {
		n = 0;
		ck_assert_int_eq(uq_wait(fd, wq, &s, 1, NULL, &n), 0);
		ck_assert_uint_eq(n, 1);
	}
	n = 0;
	ck_assert_int_eq(uq_wait(fd, UNKNOWN, &s, 1, NULL, &n), 0);
	ck_assert_uint_eq(n, 1);
	/* nothing pins P's driver: its slot is free again for the probe */
	ck_assert_int_eq(uq_syncobj_destroy(fd, s), 0);
	ck_assert_int_eq(uq_free(fd, p), 0);
	if (conf_flags()->fix_teardown_last_fence)
		ck_assert_uint_eq(uq_probe_slot(), 0);
	else
		ck_assert_uint_eq(uq_probe_slot(), 2); /* last_fence leak */
}
END_TEST

/* rule 84: timeline fences are unwrapped (chains count each point) */
START_TEST(rule84_count_unwraps_timelines)
{
	struct drm_syncobj_transfer t;
	struct uapi_amdgpu_userq_wait w;
	uint32_t qid, s, tl, point32 = 2;
	uint64_t point64 = 2;
	struct uq_recipe r;
	int i;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	qid = setup(&r, AMDGPU_HW_IP_COMPUTE);
	s = conf_syncobj(r.fd, 0);
	tl = conf_syncobj(r.fd, 0);
	for (i = 1; i <= 2; i++) {
		r.wptr_cpu[0] = (uint64_t)i; /* pending: not collected */
		ck_assert_int_eq(uq_signal(r.fd, qid, &s, 1), 0);
		memset(&t, 0, sizeof(t));
		t.src_handle = s;
		t.dst_handle = tl;
		t.dst_point = (uint64_t)i;
		ck_assert_int_eq(
			conf_ioctl(r.fd, DRM_IOCTL_SYNCOBJ_TRANSFER, &t), 0);
	}
	memset(&w, 0, sizeof(w));
	w.syncobj_timeline_handles = (uintptr_t)&tl;
	/* the element width of the running kernel (d097095dda74) */
	w.syncobj_timeline_points = conf_flags()->wait_timeline_points_u64 ?
					    (uintptr_t)&point64 :
					    (uintptr_t)&point32;
	w.num_syncobj_timeline_handles = 1;
	ck_assert_int_eq(uq_wait_raw(r.fd, &w), 0);
	ck_assert_uint_eq(w.num_fences, 2);
	/* fill mode: one fence context, so one entry after de-duplication */
	{
		struct uapi_amdgpu_userq_fence_info info[2];

		w.waitq_id = qid;
		w.num_fences = 2;
		w.out_fences = (uintptr_t)info;
		ck_assert_int_eq(uq_wait_raw(r.fd, &w), 0);
		ck_assert_uint_eq(w.num_fences, 1);
		ck_assert_uint_eq(info[0].value, 2);
	}
}
END_TEST

/*
 * rule 85: more fences than num_fences -> -EINVAL up to 7.0; without
 * 49abfa812617 the syncobj fence that overran is leaked (it stays in the
 * slab). From 1cc16538402a (7.1) the ioctl waits for the fences that do
 * not fit (signalled here) and succeeds, returning the ones that fit.
 */
START_TEST(rule85_wait_overflow)
{
	const struct emu_profile *p = conf_flags();
	int want = p->wait_overflow_blocks ? 0 : -EINVAL;
	struct uapi_amdgpu_userq_fence_info info[2];
	struct uq_recipe r1, r2;
	uint32_t p1, p2, s[2];
	unsigned long before;
	uint16_t n;
	int fd;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	fd = conf_open();
	uq_recipe_init(&r1, fd, AMDGPU_HW_IP_COMPUTE);
	uq_recipe_init(&r2, fd, AMDGPU_HW_IP_DMA);
	p1 = uq_create_ok(&r1);
	p2 = uq_create_ok(&r2);
	s[0] = conf_syncobj(fd, 0);
	s[1] = conf_syncobj(fd, 0);
	ck_assert_int_eq(uq_signal(fd, p1, &s[0], 1), 0);
	ck_assert_int_eq(uq_signal(fd, p2, &s[1], 1), 0);
	/* later fences become last_fence: the syncobjs hold the only other
	 * references of the first two */
	ck_assert_int_eq(uq_signal(fd, p1, NULL, 0), 0);
	ck_assert_int_eq(uq_signal(fd, p2, NULL, 0), 0);
	before = p->slab_userq_fence ? slab_objects() : 4;
	ck_assert_uint_eq(before, 4);

	n = 1;
	ck_assert_int_eq(uq_wait(fd, p1, s, 2, info, &n), want);
	if (!want) {
		/* the first fits and is returned; the second was waited */
		ck_assert_uint_eq(n, 1);
	}
	/* one syncobj listed twice overruns too (gathering comes first) */
	{
		uint32_t twice[2] = { s[0], s[0] };

		n = 1;
		ck_assert_int_eq(uq_wait(fd, p1, twice, 2, info, &n), want);
	}
	/* the room for both: fine */
	n = 2;
	ck_assert_int_eq(uq_wait(fd, p1, s, 2, info, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(uq_syncobj_destroy(fd, s[0]), 0);
	ck_assert_int_eq(uq_syncobj_destroy(fd, s[1]), 0);
	/* fixed: only the two last_fences; else also the two overrun ones
	 * (7.2 has no slab: the seq64 probe above is the evidence there) */
	if (p->slab_userq_fence)
		ck_assert_uint_eq(slab_objects(),
				  p->fix_wait_overflow_ref ? 2 : 4);
}
END_TEST

/* rule 86: fill mode looks the waiting queue up after gathering */
START_TEST(rule86_unknown_waitq)
{
	struct uapi_amdgpu_userq_fence_info info;
	uint32_t qid, s, unknown = UNKNOWN;
	struct uq_recipe r;
	uint16_t n = 1;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	qid = setup(&r, AMDGPU_HW_IP_GFX);
	s = conf_syncobj(r.fd, 0);
	ck_assert_int_eq(uq_signal(r.fd, qid, &s, 1), 0);
	ck_assert_int_eq(uq_wait(r.fd, UNKNOWN, &s, 1, &info, &n), -EINVAL);
	/* an unknown syncobj is found out before the queue */
	n = 1;
	ck_assert_int_eq(uq_wait(r.fd, UNKNOWN, &unknown, 1, &info, &n),
			 -ENOENT);
}
END_TEST

/* rule 87: other fences are waited for and not returned */
START_TEST(rule87_non_userq_fences)
{
	struct uapi_amdgpu_userq_fence_info info[2];
	struct uapi_amdgpu_userq_wait w;
	uint32_t qid, stub, vm, bo;
	struct uapi_amdgpu_gem_va va;
	uint64_t point = 1;
	struct uq_recipe r;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	qid = setup(&r, AMDGPU_HW_IP_GFX);
	stub = conf_syncobj(r.fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	memset(&w, 0, sizeof(w));
	w.waitq_id = qid;
	w.syncobj_handles = (uintptr_t)&stub;
	w.num_syncobj_handles = 1;
	w.num_fences = 2;
	w.out_fences = (uintptr_t)info;
	ck_assert_int_eq(uq_wait_raw(r.fd, &w), 0);
	ck_assert_uint_eq(w.num_fences, 0);

	/* a page-table job of GEM_VA: waited for inside the ioctl */
	vm = conf_syncobj(r.fd, 0);
	bo = conf_bo(r.fd, UQ_PAGE);
	memset(&va, 0, sizeof(va));
	va.handle = bo;
	va.operation = AMDGPU_VA_OP_MAP;
	va.flags = AMDGPU_VM_PAGE_READABLE;
	va.va_address = uq_next_va(UQ_PAGE);
	va.map_size = UQ_PAGE;
	va.vm_timeline_syncobj_out = vm;
	va.vm_timeline_point = point;
	ck_assert_int_eq(conf_ioctl(r.fd, UAPI_IOCTL_AMDGPU_GEM_VA, &va), 0);
	memset(&w, 0, sizeof(w));
	w.waitq_id = qid;
	w.syncobj_timeline_handles = (uintptr_t)&vm;
	w.syncobj_timeline_points = (uintptr_t)&point;
	w.num_syncobj_timeline_handles = 1;
	w.num_fences = 2;
	w.out_fences = (uintptr_t)info;
	ck_assert_int_eq(uq_wait_raw(r.fd, &w), 0);
	ck_assert_uint_eq(w.num_fences, 0);
	/* it signalled on the way */
	{
		struct drm_syncobj_timeline_wait tw;

		memset(&tw, 0, sizeof(tw));
		tw.handles = (uintptr_t)&vm;
		tw.points = (uintptr_t)&point;
		tw.count_handles = 1;
		ck_assert_int_eq(
			conf_ioctl(r.fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &tw),
			0);
	}
}
END_TEST

/* rule 88, 90, 91: returned as {slot VA, seqno}; slots lowest free first,
 * at 0xffffffffffc00000 + 8 * slot */
START_TEST(rule88_90_91_fence_info_and_slots)
{
	struct uapi_amdgpu_userq_fence_info info;
	struct uq_recipe r[3];
	uint32_t q[3], s, i;
	int fd;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	fd = conf_open();
	s = conf_syncobj(fd, 0);
	for (i = 0; i < 3; i++) {
		uq_recipe_init(&r[i], fd, AMDGPU_HW_IP_GFX);
		q[i] = uq_create_ok(&r[i]);
		ck_assert_int_eq(uq_signal(fd, q[i], &s, 1), 0);
		ck_assert_uint_eq(fill1(fd, q[i], s, &info), 1);
		ck_assert_uint_eq(info.va, SEQ64_BASE + 8ull * i);
		ck_assert_uint_eq(uq_slot_of(info.va), i);
		ck_assert_uint_eq(info.value, 0);
	}
	/* free the middle queue (its parked reference goes with it, and S
	 * no longer holds its fence) */
	ck_assert_int_eq(uq_signal(fd, q[2], &s, 1), 0);
	ck_assert_int_eq(uq_free(fd, q[1]), 0);
	uq_recipe_init(&r[1], fd, AMDGPU_HW_IP_DMA);
	q[1] = uq_create_ok(&r[1]);
	ck_assert_int_eq(uq_signal(fd, q[1], &s, 1), 0);
	ck_assert_uint_eq(fill1(fd, q[1], s, &info), 1);
	/* slot 1 again, unless q[1]'s last_fence keeps it (6.16) */
	ck_assert_uint_eq(uq_slot_of(info.va),
			  conf_flags()->fix_teardown_last_fence ? 1 : 3);
}
END_TEST

/* rule 89: an unwritable out_fences -> -EFAULT, the references stay */
START_TEST(rule89_wait_efault_keeps_refs)
{
	struct uq_recipe rp, rw;
	uint32_t p, wq, s;
	struct uapi_amdgpu_userq_wait w;
	int fd;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	fd = conf_open();
	uq_recipe_init(&rp, fd, AMDGPU_HW_IP_COMPUTE);
	uq_recipe_init(&rw, fd, AMDGPU_HW_IP_GFX);
	p = uq_create_ok(&rp); /* slot 0 */
	wq = uq_create_ok(&rw); /* slot 1 */
	s = conf_syncobj(fd, 0);
	ck_assert_int_eq(uq_signal(fd, p, &s, 1), 0);
	memset(&w, 0, sizeof(w));
	w.waitq_id = wq;
	w.syncobj_handles = (uintptr_t)&s;
	w.num_syncobj_handles = 1;
	w.num_fences = 1;
	w.out_fences = BAD_USER_PTR;
	ck_assert_int_eq(uq_wait_raw(fd, &w), -EFAULT);
	ck_assert_uint_eq(w.num_fences, 1); /* written before the copy */
	ck_assert_int_eq(uq_syncobj_destroy(fd, s), 0);
	ck_assert_int_eq(uq_free(fd, p), 0);
	/* W's parked reference keeps P's driver: slot 0 stays taken */
	ck_assert_uint_eq(uq_probe_slot(), 2);
	/* until W goes */
	ck_assert_int_eq(uq_free(fd, wq), 0);
	ck_assert_uint_eq(uq_probe_slot(),
			  conf_flags()->fix_teardown_last_fence ? 0 : 1);
}
END_TEST

/*
 * The self loop of userq.md §10.1: SIGNAL once, then N x {WAIT count,
 * WAIT fill, SIGNAL} on one queue, destroy the syncobj, FREE the queue.
 * Without dd88d42d the queue's fence driver is leaked (one, however many
 * iterations): the probe finds slot 0 taken.
 */
static uint32_t self_loop(int fd, unsigned int iterations)
{
	struct uapi_amdgpu_userq_fence_info info;
	struct uq_recipe r;
	uint32_t q, s, i, slot = 0;
	uint16_t n;

	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	q = uq_create_ok(&r);
	s = conf_syncobj(fd, 0);
	ck_assert_int_eq(uq_signal(fd, q, &s, 1), 0);
	for (i = 0; i < iterations; i++) {
		n = 0;
		ck_assert_int_eq(uq_wait(fd, q, &s, 1, NULL, &n), 0);
		ck_assert_uint_eq(n, 1);
		ck_assert_uint_eq(fill1(fd, q, s, &info), 1);
		if (i)
			ck_assert_uint_eq(uq_slot_of(info.va), slot);
		slot = uq_slot_of(info.va);
		ck_assert_int_eq(uq_signal(fd, q, &s, 1), 0);
	}
	ck_assert_int_eq(uq_syncobj_destroy(fd, s), 0);
	ck_assert_int_eq(uq_free(fd, q), 0);
	return slot;
}

START_TEST(leak_self_loop)
{
	const struct emu_profile *p = conf_flags();
	bool leaks = !p->fix_signalled_fence_refs ||
		     !p->fix_teardown_last_fence;
	/* on 6.16 the probe leaks its own queue's driver too */
	bool probe_leaks = !p->fix_teardown_last_fence;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	ck_assert_uint_eq(self_loop(conf_open(), 10), 0);
	ck_assert_uint_eq(uq_probe_slot(), leaks ? 1 : 0);
	/* a second round leaks one more driver, not more of the first */
	ck_assert_uint_eq(self_loop(conf_open(), 3), !leaks	 ? 0 :
						     probe_leaks ? 2 :
								   1);
	ck_assert_uint_eq(uq_probe_slot(), !leaks ? 0 : probe_leaks ? 3 : 2);
}
END_TEST

/* The cross pattern: three producers, one waiter. The waiter's SIGNAL
 * leaks one reference on each producer's driver (dd88d42d); on 6.16
 * every signalled queue also leaks its own through last_fence. */
START_TEST(leak_cross_three_producers)
{
	const struct emu_profile *p = conf_flags();
	struct uapi_amdgpu_userq_fence_info info[3];
	struct uq_recipe rp[3], rw;
	uint32_t prod[3], wq, s[3], i, want;
	uint16_t n;
	int fd;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	fd = conf_open();
	for (i = 0; i < 3; i++) {
		uq_recipe_init(&rp[i], fd, AMDGPU_HW_IP_COMPUTE);
		prod[i] = uq_create_ok(&rp[i]); /* slots 0..2 */
		s[i] = conf_syncobj(fd, 0);
		ck_assert_int_eq(uq_signal(fd, prod[i], &s[i], 1), 0);
	}
	uq_recipe_init(&rw, fd, AMDGPU_HW_IP_GFX);
	wq = uq_create_ok(&rw); /* slot 3 */
	for (i = 0; i < 4; i++) {
		n = 0;
		ck_assert_int_eq(uq_wait(fd, wq, s, 3, NULL, &n), 0);
		ck_assert_uint_eq(n, 3);
		n = 3;
		ck_assert_int_eq(uq_wait(fd, wq, s, 3, info, &n), 0);
		ck_assert_uint_eq(n, 3);
		ck_assert_int_eq(uq_signal(fd, wq, NULL, 0), 0);
	}
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(uq_syncobj_destroy(fd, s[i]), 0);
		ck_assert_int_eq(uq_free(fd, prod[i]), 0);
	}
	ck_assert_int_eq(uq_free(fd, wq), 0);
	if (!p->fix_teardown_last_fence)
		want = 4; /* every queue was signalled */
	else if (!p->fix_signalled_fence_refs)
		want = 3;
	else
		want = 0;
	ck_assert_uint_eq(uq_probe_slot(), want);
}
END_TEST

/* The teardown leak of 8e051e38: CREATE, SIGNAL, FREE (or close). */
START_TEST(leak_teardown_last_fence)
{
	bool leaks = !conf_flags()->fix_teardown_last_fence;
	struct uq_recipe r;
	uint32_t q, s;
	int fd;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	fd = conf_open();
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_DMA);
	q = uq_create_ok(&r);
	s = conf_syncobj(fd, 0);
	ck_assert_int_eq(uq_signal(fd, q, &s, 1), 0);
	ck_assert_int_eq(uq_syncobj_destroy(fd, s), 0);
	ck_assert_int_eq(uq_free(fd, q), 0);
	/* 7.2 dropped the slab (0d831487b5be): the probe tells alone */
	if (conf_flags()->slab_userq_fence)
		ck_assert_uint_eq(slab_objects(), leaks ? 1 : 0);
	ck_assert_uint_eq(uq_probe_slot(), leaks ? 1 : 0);
	/* closing the file instead of FREE: the same (the probe above
	 * leaked slot 1 and a fence itself on 6.16) */
	fd = conf_open();
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_DMA);
	q = uq_create_ok(&r);
	ck_assert_int_eq(uq_signal(fd, q, NULL, 0), 0);
	close(fd);
	if (conf_flags()->slab_userq_fence)
		ck_assert_uint_eq(slab_objects(), leaks ? 3 : 0);
	ck_assert_uint_eq(uq_probe_slot(), leaks ? 3 : 0);
}
END_TEST

/*
 * 7.3 per-queue reset (amd-drm-next-7.3-2026-07-02, releases.md §5.3): a
 * SIGNAL whose fence the GPU never reaches arms hang detection; when the
 * lockup timeout passes, the queue is reset, its fences are
 * force-completed (-ECANCELED on the last) and gpu_reset_counter goes up,
 * which CTX_QUERY2 shows. Older kernels have no per-queue timer: the fence
 * stays pending. Run by hang_detect_rerun with a 100 ms lockup timeout.
 */
START_TEST(hang_detect_child)
{
	bool resets = conf_flags()->userq_per_queue_reset;
	union drm_amdgpu_ctx out;
	struct uq_recipe r;
	uint32_t q, s, ctx;

	q = setup(&r, AMDGPU_HW_IP_GFX);
	ctx = cs_ctx(r.fd);
	s = conf_syncobj(r.fd, 0);
	r.wptr_cpu[0] = 5; /* a wptr the GPU never reaches */
	ck_assert_int_eq(uq_signal(r.fd, q, &s, 1), 0);
	if (resets) {
		/* hang detection (100 ms in the re-run) ends the wait; the
		 * deadline only bounds a broken emulator */
		ck_assert_int_eq(
			conf_timeline_wait(r.fd, s, 0, 0,
					   conf_now_ns() + 60000000000ll),
			0);
	} else {
		/* no per-queue timer: pending for good, whenever looked at */
		ck_assert_int_eq(syncobj_poll(r.fd, s), -ETIME);
		ck_assert_int_eq(
			conf_timeline_wait(r.fd, s, 0, 0,
					   conf_now_ns() + 1000000000ll),
			-ETIME);
	}
	ck_assert_int_eq(cs_ctx_op(r.fd, AMDGPU_CTX_OP_QUERY_STATE2, ctx, 0, 0,
				   &out),
			 0);
	ck_assert_uint_eq(out.out.state.flags & AMDGPU_CTX_QUERY2_FLAGS_RESET,
			  resets ? AMDGPU_CTX_QUERY2_FLAGS_RESET : 0);
	/* the queue lives on: a fence at a reached wptr signals at once */
	r.wptr_cpu[0] = resets ? 5 : 0;
	ck_assert_int_eq(uq_signal(r.fd, q, &s, 1), 0);
	ck_assert_int_eq(syncobj_poll(r.fd, s), 0);
	conf_rerun_ok();
}
END_TEST

START_TEST(hang_detect_rerun)
{
	const char *env[] = { "USERQ_EMU_JOB_TIMEOUT_MS=100", NULL };

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	conf_rerun_must_pass("userq_fence", "hang_child", env);
}
END_TEST

Suite *suite_userq_fence(void)
{
	Suite *s = suite_create("userq_fence");
	TCase *sig = tcase_create("signal");
	TCase *wait = tcase_create("wait");
	TCase *leak = tcase_create("leaks");
	TCase *hang_child = conf_in_rerun() ? tcase_create("hang_child") : NULL;
	TCase *hang = tcase_create("hang");

	conf_add_test(sig, rule75_signal_count_width);
	conf_add_test(sig, rule76_signal_handle_limits);
	conf_add_test(sig, rule77_signal_enoent);
	conf_add_test(sig, rule78_signal_wptr_mapping);
	conf_add_test(sig, rule79_seqno_from_wptr_bo);
	conf_add_test(sig, rule81_signal_publishes);
	tcase_set_timeout(sig, 60);
	suite_add_tcase(s, sig);

	conf_add_test(wait, rule82_wait_handle_limits);
	conf_add_test(wait, rule83_wait_enoent_points_width);
	conf_add_test(wait, rule84_count_mode);
	conf_add_test(wait, rule84_count_unwraps_timelines);
	conf_add_test(wait, rule85_wait_overflow);
	conf_add_test(wait, rule86_unknown_waitq);
	conf_add_test(wait, rule87_non_userq_fences);
	conf_add_test(wait, rule88_90_91_fence_info_and_slots);
	conf_add_test(wait, rule89_wait_efault_keeps_refs);
	tcase_set_timeout(wait, 60);
	suite_add_tcase(s, wait);

	conf_add_test(leak, leak_self_loop);
	conf_add_test(leak, leak_cross_three_producers);
	conf_add_test(leak, leak_teardown_last_fence);
	tcase_set_timeout(leak, 60);
	suite_add_tcase(s, leak);

	/* the child only exists in its re-run (it needs the short lockup
	 * timeout the re-run sets) */
	if (conf_in_rerun()) {
		conf_add_test(hang_child, hang_detect_child);
		tcase_set_timeout(hang_child, 60);
		suite_add_tcase(s, hang_child);
	}
	conf_add_test(hang, hang_detect_rerun);
	tcase_set_timeout(hang, 60);
	suite_add_tcase(s, hang);
	return s;
}
