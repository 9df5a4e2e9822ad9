// SPDX-License-Identifier: MIT
/*
 * DRM_IOCTL_AMDGPU_USERQ conformance: emulator-notes rules 50-74
 * (userq.md §5), in the kernel's validation order. Rules that differ by
 * kernel version assert per profile flag. On a profile without user
 * queues each of them skips: rule 50 tests the -ENOTSUPP gate there.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "conformance.h"
#include "uapi/amdgpu_gem_va.h"
#include "userq_recipe.h"

#define BAD_USER_PTR 0x10ull
#define UNKNOWN 999u
#define LONG_MAX_VA 0x7fffffffffffffffull

static int create_with(struct uq_recipe *r, union uapi_amdgpu_userq *a)
{
	return uq_ioctl(r->fd, a);
}

/* A CREATE or FREE that each check of rules 51-72 refuses (one per i,
 * false past the last): the -ENOTSUPP gate must come before all of them. */
static bool spoil(union uapi_amdgpu_userq *a, unsigned int i)
{
	switch (i) {
	case 0:
		a->in.op = 77; /* rule 51 */
		break;
	case 1:
		a->in.flags = 1u << 31; /* rule 52 */
		break;
	case 2:
		a->in.ip_type = 9; /* rule 53 */
		break;
	case 3:
		a->in.queue_va = 0; /* rule 55 */
		break;
	case 4:
		a->in.queue_size = 3 * UQ_PAGE; /* rule 56 */
		break;
	case 5:
		a->in.rptr_va = 0; /* rule 57 */
		break;
	case 6:
		a->in.queue_va = uq_next_va(UQ_PAGE); /* rule 62: unmapped */
		break;
	case 7:
		a->in.doorbell_handle = UNKNOWN; /* rule 63 */
		break;
	case 8:
		a->in.doorbell_offset = 0xffffffffu; /* rule 64 */
		break;
	case 9:
		a->in.mqd_size = 8; /* rule 65 */
		break;
	case 10:
		a->in.mqd = BAD_USER_PTR; /* rule 66: never copied */
		break;
	case 11:
		a->in.op = UAPI_AMDGPU_USERQ_OP_FREE; /* rule 58 */
		a->in.queue_id = 1;
		break;
	case 12:
		memset(a, 0, sizeof(*a)); /* rule 72 */
		a->in.op = UAPI_AMDGPU_USERQ_OP_FREE;
		a->in.queue_id = UNKNOWN;
		break;
	default:
		return false;
	}
	return true;
}

/*
 * rule 50 (b6dff005): when no IP has user queues, USERQ, USERQ_SIGNAL
 * and USERQ_WAIT answer -ENOTSUPP before any other check. The gate is
 * tested here only: every other user-queue test skips on such a profile.
 * With user queues there is no gate: the calls reach their checks.
 */
START_TEST(rule50_no_userq_enotsupp)
{
	const struct emu_profile *p = conf_flags();
	struct uapi_amdgpu_info_device d;
	struct uapi_amdgpu_userq_signal s;
	struct uapi_amdgpu_userq_wait w;
	union uapi_amdgpu_userq a;
	int fd = conf_open();
	struct uq_recipe r;
	unsigned int i;
	uint32_t qid;

	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	memset(&s, 0, sizeof(s));
	memset(&w, 0, sizeof(w));
	uq_dev_info(fd, &d);
	if (p->userq) {
		/* rule 60: CREATE on GFX needs its bit */
		ck_assert_uint_ne(d.userq_ip_mask & (1u << AMDGPU_HW_IP_GFX),
				  0);
		ck_assert_int_eq(uq_create(&r, &qid), 0);
		ck_assert_int_ne(conf_ioctl(fd, UAPI_IOCTL_AMDGPU_USERQ_SIGNAL,
					    &s),
				 -UQ_ENOTSUPP);
		ck_assert_int_ne(uq_wait_raw(fd, &w), -UQ_ENOTSUPP);
		close(fd);
		return;
	}
	ck_assert(p->userq_enotsupp_gate); /* every such profile has it */
	ck_assert_int_eq(uq_create(&r, &qid), -UQ_ENOTSUPP);
	ck_assert_int_eq(uq_free(fd, 1), -UQ_ENOTSUPP);
	/* even a request that is invalid in some other way */
	for (i = 0, a = r.args; spoil(&a, i); i++, a = r.args)
		ck_assert_msg(uq_ioctl(fd, &a) == -UQ_ENOTSUPP,
			      "spoilt request %u passed the gate", i);
	ck_assert_int_eq(conf_ioctl(fd, UAPI_IOCTL_AMDGPU_USERQ_SIGNAL, &s),
			 -UQ_ENOTSUPP);
	ck_assert_int_eq(uq_wait_raw(fd, &w), -UQ_ENOTSUPP);
	/* before the arrays are copied (rules 77, 83) or counted (76, 82) */
	s.syncobj_handles = BAD_USER_PTR;
	s.num_syncobj_handles = 1;
	s.num_bo_write_handles = UAPI_AMDGPU_USERQ_MAX_HANDLES + 1;
	ck_assert_int_eq(conf_ioctl(fd, UAPI_IOCTL_AMDGPU_USERQ_SIGNAL, &s),
			 -UQ_ENOTSUPP);
	w.syncobj_handles = BAD_USER_PTR;
	w.num_syncobj_handles = 1;
	w.num_bo_read_handles = UAPI_AMDGPU_USERQ_MAX_HANDLES + 1;
	ck_assert_int_eq(uq_wait_raw(fd, &w), -UQ_ENOTSUPP);
	/* the IP mask says so too */
	ck_assert_uint_eq(d.userq_ip_mask, 0);
	close(fd);
}
END_TEST

/* rule 51 */
START_TEST(rule51_bad_op)
{
	static const uint32_t ops[] = { 0, 3, 0xffffffffu };
	int fd = conf_open();
	union uapi_amdgpu_userq a;
	unsigned int i;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		memset(&a, 0, sizeof(a));
		a.in.op = ops[i];
		ck_assert_int_eq(uq_ioctl(fd, &a), -EINVAL);
	}
}
END_TEST

/* rule 52 */
START_TEST(rule52_create_flags)
{
	static const uint32_t bad[] = { 1u << 3, 1u << 31, 0xf };
	int fd = conf_open();
	struct uq_recipe r;
	union uapi_amdgpu_userq a;
	unsigned int i;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		a = r.args;
		a.in.flags = bad[i];
		ck_assert_int_eq(create_with(&r, &a), -EINVAL);
	}
	/* every defined bit together is fine */
	a = r.args;
	a.in.flags = UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_PRIORITY_NORMAL_HIGH |
		     UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_SECURE;
	ck_assert_int_eq(create_with(&r, &a), 0);
}
END_TEST

/* rule 53 */
START_TEST(rule53_ip_type)
{
	static const uint32_t bad[] = { 3, 4, 9, 0x100 };
	int fd = conf_open();
	struct uq_recipe r;
	union uapi_amdgpu_userq a;
	unsigned int i;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_DMA);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		a = r.args;
		a.in.ip_type = bad[i];
		ck_assert_int_eq(create_with(&r, &a), -EINVAL);
	}
}
END_TEST

/* rule 54: SECURE is refused only for DMA without TMZ; the emulated
 * Navi 31 (GC 11.0.0) has no TMZ, so GFX and COMPUTE accept it and DMA
 * does not. */
START_TEST(rule54_secure_without_tmz)
{
	static const uint32_t ips[] = { AMDGPU_HW_IP_GFX, AMDGPU_HW_IP_COMPUTE,
					AMDGPU_HW_IP_DMA };
	int fd = conf_open();
	union uapi_amdgpu_userq a;
	struct uq_recipe r;
	unsigned int i;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	for (i = 0; i < 3; i++) {
		uq_recipe_init(&r, fd, ips[i]);
		a = r.args;
		a.in.flags = UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_SECURE;
		ck_assert_int_eq(create_with(&r, &a),
				 ips[i] == AMDGPU_HW_IP_DMA ? -EINVAL : 0);
	}
}
END_TEST

/* rule 55: queue_va 0 or AMDGPU_BO_INVALID_OFFSET (LONG_MAX), size 0 */
START_TEST(rule55_queue_va_size)
{
	int fd = conf_open();
	union uapi_amdgpu_userq a;
	struct uq_recipe r;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_COMPUTE);
	a = r.args;
	a.in.queue_va = 0;
	ck_assert_int_eq(create_with(&r, &a), -EINVAL);
	a = r.args;
	a.in.queue_va = LONG_MAX_VA;
	ck_assert_int_eq(create_with(&r, &a), -EINVAL);
	a = r.args;
	a.in.queue_size = 0;
	ck_assert_int_eq(create_with(&r, &a), -EINVAL);
}
END_TEST

/* rule 56, 8079b87c02e5 (6.18.y, 7.0 final, 7.1+): a power of two, at
 * least 4096 */
START_TEST(rule56_queue_size_pow2)
{
	bool strict = conf_flags()->userq_queue_size_check;
	int fd = conf_open();
	union uapi_amdgpu_userq a;
	struct uq_recipe r;
	uint32_t db2;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	ck_assert_int_eq(conf_gem_create(fd, UQ_PAGE,
					 AMDGPU_GEM_DOMAIN_DOORBELL, 0, &db2),
			 0);
	a = r.args;
	a.in.queue_size = 3 * UQ_PAGE; /* mapped, not a power of two */
	ck_assert_int_eq(create_with(&r, &a), strict ? -EINVAL : 0);
	a = r.args;
	a.in.queue_size = 2048; /* a power of two below a page */
	a.in.doorbell_handle = db2;
	ck_assert_int_eq(create_with(&r, &a), strict ? -EINVAL : 0);
	a = r.args;
	a.in.queue_size = UQ_PAGE;
	a.in.doorbell_offset = 5;
	ck_assert_int_eq(create_with(&r, &a), 0);
}
END_TEST

/* rule 57 */
START_TEST(rule57_rptr_wptr_zero)
{
	int fd = conf_open();
	union uapi_amdgpu_userq a;
	struct uq_recipe r;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	a = r.args;
	a.in.rptr_va = 0;
	ck_assert_int_eq(create_with(&r, &a), -EINVAL);
	a = r.args;
	a.in.wptr_va = 0;
	ck_assert_int_eq(create_with(&r, &a), -EINVAL);
}
END_TEST

/* rule 58: FREE takes op and queue_id only */
START_TEST(rule58_free_stray_fields)
{
	int fd = conf_open();
	union uapi_amdgpu_userq a;
	struct uq_recipe r;
	uint32_t qid;
	int i;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	qid = uq_create_ok(&r);
	for (i = 0; i < 10; i++) {
		memset(&a, 0, sizeof(a));
		a.in.op = UAPI_AMDGPU_USERQ_OP_FREE;
		a.in.queue_id = qid;
		switch (i) {
		case 0:
			a.in.ip_type = 1;
			break;
		case 1:
			a.in.doorbell_handle = 1;
			break;
		case 2:
			a.in.doorbell_offset = 1;
			break;
		case 3:
			a.in.flags = 1;
			break;
		case 4:
			a.in.queue_va = 1;
			break;
		case 5:
			a.in.queue_size = 1;
			break;
		case 6:
			a.in.rptr_va = 1;
			break;
		case 7:
			a.in.wptr_va = 1;
			break;
		case 8:
			a.in.mqd = 1;
			break;
		default:
			a.in.mqd_size = 1;
			break;
		}
		ck_assert_int_eq(uq_ioctl(fd, &a), -EINVAL);
	}
	ck_assert_int_eq(uq_free(fd, qid), 0);
}
END_TEST

/* rule 59: HIGH needs CAP_SYS_NICE, which a privileged process has (the
 * unprivileged side is in the observability suite). */
START_TEST(rule59_priority_high_privileged)
{
	int fd = conf_open();
	union uapi_amdgpu_userq a;
	struct uq_recipe r;
	uint32_t prio;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	for (prio = 0; prio <= 3; prio++) {
		uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
		a = r.args;
		a.in.flags = prio;
		ck_assert_int_eq(create_with(&r, &a), 0);
	}
}
END_TEST

/* rule 62: ring, rptr and wptr inside one mapping each (page count) */
START_TEST(rule62_va_checks)
{
	int fd = conf_open();
	union uapi_amdgpu_userq a;
	struct uq_recipe r;
	uint64_t unmapped = uq_next_va(UQ_PAGE);

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	if (!conf_require(conf_flags()->userq_va_check != EMU_VA_CHECK_NONE,
			  "6.16 has no VA check at CREATE (9e46b8bb0539 is "
			  "6.18); rule62_no_va_check_616 covers it"))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_COMPUTE);
	a = r.args;
	a.in.queue_va = unmapped;
	ck_assert_int_eq(create_with(&r, &a), -EINVAL);
	a = r.args;
	a.in.queue_size = 2 * UQ_RING_SIZE; /* past the end of the BO */
	ck_assert_int_eq(create_with(&r, &a), -EINVAL);
	a = r.args;
	a.in.queue_va = r.ring_va + UQ_PAGE; /* last page runs past */
	ck_assert_int_eq(create_with(&r, &a), -EINVAL);
	a = r.args;
	a.in.rptr_va = unmapped;
	ck_assert_int_eq(create_with(&r, &a), -EINVAL);
	a = r.args;
	a.in.wptr_va = unmapped + 8;
	ck_assert_int_eq(create_with(&r, &a), -EINVAL);
	/* 4096 bytes from rptr_va: one page, so its last page works */
	a = r.args;
	a.in.rptr_va = r.ring_va + UQ_RING_SIZE - UQ_PAGE;
	ck_assert_int_eq(create_with(&r, &a), 0);
	/* AMDGPU_GMC_HOLE_MASK: a sign-extended form of the same VA */
	a = r.args;
	a.in.queue_va = r.ring_va | 0xffff000000000000ull;
	a.in.doorbell_offset = 9;
	ck_assert_int_eq(create_with(&r, &a), 0);
}
END_TEST

/* 6.16 and 6.17 validate no VA at CREATE (9e46b8bb0539 came in 6.18):
 * an unmapped ring and rptr are accepted. The wptr is still looked up by
 * the MES code (mes_userq_create_wptr_mapping). */
START_TEST(rule62_no_va_check_616)
{
	int fd = conf_open();
	union uapi_amdgpu_userq a;
	struct uq_recipe r;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	if (!conf_require(conf_flags()->userq_va_check == EMU_VA_CHECK_NONE,
			  "validates VAs at CREATE (9e46b8bb0539, 6.18)"))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_COMPUTE);
	a = r.args;
	a.in.queue_va = uq_next_va(UQ_RING_SIZE);
	a.in.rptr_va = uq_next_va(UQ_PAGE);
	ck_assert_int_eq(create_with(&r, &a), 0);
	a = r.args;
	a.in.wptr_va = uq_next_va(UQ_PAGE);
	a.in.doorbell_offset = 9;
	ck_assert_int_eq(create_with(&r, &a), -EINVAL);
}
END_TEST

/*
 * The two forms of amdgpu_userq_input_va_validate (releases.md §5.5): the
 * page-count form of 6.18..7.1 needs size >> 12 pages from the start page,
 * so an rptr 16 bytes into a one-page BO passes; the end-address form of
 * newest mainline needs the page of the last byte in the same mapping, so
 * the same rptr fails.
 */
START_TEST(rule62_va_check_form)
{
	bool end_addr = conf_flags()->userq_va_check == EMU_VA_CHECK_END_ADDR;
	int fd = conf_open();
	union uapi_amdgpu_userq a;
	struct uq_recipe r;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	if (!conf_require(conf_flags()->userq_va_check != EMU_VA_CHECK_NONE,
			  "no VA check at CREATE before 6.18 (9e46b8bb0539)"))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_COMPUTE);
	a = r.args;
	a.in.rptr_va = r.rptr_va + 16;
	ck_assert_int_eq(create_with(&r, &a), end_addr ? -EINVAL : 0);
	/* the last 4 KiB of the ring BO, unaligned: one byte past it */
	a = r.args;
	a.in.rptr_va = r.ring_va + UQ_RING_SIZE - UQ_PAGE + 8;
	a.in.doorbell_offset = 9;
	ck_assert_int_eq(create_with(&r, &a), end_addr ? -EINVAL : 0);
	/* aligned: both forms accept it */
	a = r.args;
	a.in.rptr_va = r.ring_va + UQ_RING_SIZE - UQ_PAGE;
	a.in.doorbell_offset = 10;
	ck_assert_int_eq(create_with(&r, &a), 0);
}
END_TEST

/* rule 63 */
START_TEST(rule63_doorbell_unknown)
{
	int fd = conf_open();
	union uapi_amdgpu_userq a;
	struct uq_recipe r;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_DMA);
	a = r.args;
	a.in.doorbell_handle = UNKNOWN;
	ck_assert_int_eq(create_with(&r, &a), -EINVAL);
	a = r.args;
	a.in.doorbell_handle = 0;
	ck_assert_int_eq(create_with(&r, &a), -EINVAL);
	ck_assert_int_eq(create_with(&r, &r.args), 0);
}
END_TEST

/* rule 64, a018d1819f15 (6.18.y, 7.0 final, 7.1+): offset * 8 + 8 <= BO
 * size */
START_TEST(rule64_doorbell_offset)
{
	bool strict = conf_flags()->userq_doorbell_bound;
	int fd = conf_open();
	union uapi_amdgpu_userq a;
	struct uq_recipe r;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	a = r.args;
	a.in.doorbell_offset = UQ_PAGE / 8; /* one past the last slot */
	ck_assert_int_eq(create_with(&r, &a), strict ? -EINVAL : 0);
	a = r.args;
	a.in.doorbell_offset = 0xffffffffu; /* no u32 overflow either */
	ck_assert_int_eq(create_with(&r, &a), strict ? -EINVAL : 0);
	a = r.args;
	a.in.doorbell_offset = UQ_PAGE / 8 - 1; /* the last slot */
	ck_assert_int_eq(create_with(&r, &a), 0);
}
END_TEST

/* rule 65 */
START_TEST(rule65_mqd_size)
{
	static const struct {
		uint32_t ip;
		uint64_t bad[3];
	} cases[] = {
		{ AMDGPU_HW_IP_GFX, { 8, 24, 0 } },
		{ AMDGPU_HW_IP_COMPUTE, { 16, 4, 0 } },
		{ AMDGPU_HW_IP_DMA, { 16, 4, 0 } },
	};
	int fd = conf_open();
	union uapi_amdgpu_userq a;
	struct uq_recipe r;
	unsigned int i, j;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	for (i = 0; i < 3; i++) {
		uq_recipe_init(&r, fd, cases[i].ip);
		for (j = 0; j < 3; j++) {
			a = r.args;
			a.in.mqd_size = cases[i].bad[j];
			ck_assert_int_eq(create_with(&r, &a), -EINVAL);
		}
	}
}
END_TEST

/* rule 66: NULL mqd is -EINVAL for GFX and DMA, not checked for COMPUTE;
 * an unreadable one is -ENOMEM (memdup_user's -EFAULT is not passed on) */
START_TEST(rule66_mqd_pointer)
{
	int fd = conf_open();
	union uapi_amdgpu_userq a;
	struct uq_recipe r;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	a = r.args;
	a.in.mqd = 0;
	ck_assert_int_eq(create_with(&r, &a), -EINVAL);
	a = r.args;
	a.in.mqd = BAD_USER_PTR;
	ck_assert_int_eq(create_with(&r, &a), -ENOMEM);

	uq_recipe_init(&r, fd, AMDGPU_HW_IP_DMA);
	a = r.args;
	a.in.mqd = 0;
	ck_assert_int_eq(create_with(&r, &a), -EINVAL);
	a = r.args;
	a.in.mqd = BAD_USER_PTR;
	ck_assert_int_eq(create_with(&r, &a), -ENOMEM);

	uq_recipe_init(&r, fd, AMDGPU_HW_IP_COMPUTE);
	a = r.args;
	a.in.mqd = 0;
	ck_assert_int_eq(create_with(&r, &a), -ENOMEM);
}
END_TEST

/* rule 67, a0559012a18a + 5cfa33fabf01 (6.18.y, 6.19+): the MQD's VAs
 * must be mapped */
START_TEST(rule67_mqd_va)
{
	bool strict = conf_flags()->userq_mqd_va_checks;
	uint64_t unmapped = uq_next_va(UQ_PAGE);
	int fd = conf_open(), want = strict ? -EINVAL : 0;
	union uapi_amdgpu_userq a;
	struct uq_recipe r;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	r.gfx.shadow_va = unmapped;
	ck_assert_int_eq(create_with(&r, &r.args), want);
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	r.gfx.csa_va = unmapped;
	ck_assert_int_eq(create_with(&r, &r.args), want);
	/* the shadow area is larger than one page: all of it is checked */
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	r.gfx.shadow_va = r.ring_va + UQ_RING_SIZE - UQ_PAGE;
	ck_assert_int_eq(create_with(&r, &r.args), want);
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_COMPUTE);
	r.compute.eop_va = unmapped;
	ck_assert_int_eq(create_with(&r, &r.args), want);
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_DMA);
	r.sdma.csa_va = unmapped;
	a = r.args;
	ck_assert_int_eq(create_with(&r, &a), want);
}
END_TEST

/* rule 68: the BO holding wptr is at most one page */
START_TEST(rule68_wptr_bo_one_page)
{
	int fd = conf_open();
	union uapi_amdgpu_userq a;
	struct uq_recipe r;
	uint32_t big;
	uint64_t va;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_COMPUTE);
	big = conf_bo(fd, 2 * UQ_PAGE);
	va = uq_map_bo(fd, big, 2 * UQ_PAGE);
	a = r.args;
	a.in.wptr_va = va;
	ck_assert_int_eq(create_with(&r, &a), -EINVAL);
	/* rptr may live in a bigger BO */
	a = r.args;
	a.in.rptr_va = va;
	ck_assert_int_eq(create_with(&r, &a), 0);
}
END_TEST

/* rule 69, CVE-2026-68103 fix (7.1.6, 7.3): two live queues on one
 * absolute doorbell; older kernels overwrite the entry */
START_TEST(rule69_doorbell_collision)
{
	bool strict = conf_flags()->userq_doorbell_busy;
	int fd = conf_open();
	struct uq_recipe r, r2;
	uint32_t q1, q2;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	uq_recipe_init(&r2, fd, AMDGPU_HW_IP_COMPUTE);
	r2.args.in.doorbell_handle = r.doorbell;
	q1 = uq_create_ok(&r);
	ck_assert_int_eq(uq_create(&r2, &q2), strict ? -EBUSY : 0);
	/* another slot of the same BO is free */
	r2.args.in.doorbell_offset = 5;
	ck_assert_int_eq(uq_create(&r2, &q2), 0);
	/* FREE gives the doorbell back */
	ck_assert_int_eq(uq_free(fd, q1), 0);
	r2.args.in.doorbell_offset = 4;
	ck_assert_int_eq(uq_create(&r2, &q2), 0);
}
END_TEST

/* rule 70: 512 queues per file (1..512, -EBUSY), 511 before (-ENOMEM) */
START_TEST(rule70_queue_limit)
{
	/* idr_alloc(1, 512) before a03c6ed8be (6.19), then xa_alloc with
	 * XA_LIMIT(1, 512); -EBUSY only with the 7.1 refcounted queues */
	bool refcounted = conf_flags()->userq_refcounted;
	unsigned int i, limit = conf_flags()->userq_ids_xarray ? 512 : 511;
	int fd = conf_open();
	struct uq_recipe r;
	uint32_t qid, db2;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_COMPUTE);
	for (i = 0; i < limit; i++) {
		r.args.in.doorbell_offset = i;
		ck_assert_int_eq(uq_create(&r, &qid), 0);
		ck_assert_uint_eq(qid, i + 1);
	}
	ck_assert_int_eq(conf_gem_create(fd, UQ_PAGE,
					 AMDGPU_GEM_DOMAIN_DOORBELL, 0, &db2),
			 0);
	r.args.in.doorbell_handle = db2;
	r.args.in.doorbell_offset = 0;
	ck_assert_int_eq(uq_create(&r, &qid), refcounted ? -EBUSY : -ENOMEM);
	/* the failed queue left nothing behind: its slot is free again */
	ck_assert_int_eq(uq_free(fd, 7), 0);
	ck_assert_int_eq(uq_create(&r, &qid), 0);
	ck_assert_uint_eq(qid, 7);
}
END_TEST

/* rule 71: the lowest free id from 1, per file */
START_TEST(rule71_lowest_free_id)
{
	int fd = conf_open(), fd2 = conf_open();
	struct uq_recipe r, r2;
	uint32_t i;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	uq_recipe_init(&r2, fd2, AMDGPU_HW_IP_GFX);
	for (i = 1; i <= 3; i++) {
		r.args.in.doorbell_offset = i;
		ck_assert_uint_eq(uq_create_ok(&r), i);
	}
	ck_assert_int_eq(uq_free(fd, 2), 0);
	r.args.in.doorbell_offset = 20;
	ck_assert_uint_eq(uq_create_ok(&r), 2);
	/* ids are per file */
	ck_assert_uint_eq(uq_create_ok(&r2), 1);
	/* out.queue_id only: the rest of the argument comes back as sent */
	{
		union uapi_amdgpu_userq a = r.args, sent;

		a.in.doorbell_offset = 21;
		sent = a;
		ck_assert_int_eq(uq_ioctl(fd, &a), 0);
		ck_assert_uint_eq(a.out.queue_id, 4);
		ck_assert_mem_eq((char *)&a + 4, (char *)&sent + 4,
				 sizeof(a) - 4);
	}
}
END_TEST

/* rule 72 */
START_TEST(rule72_free_unknown)
{
	int want = conf_flags()->userq_refcounted ? -ENOENT : -EINVAL;
	int fd = conf_open();
	struct uq_recipe r;
	uint32_t qid;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_DMA);
	ck_assert_int_eq(uq_free(fd, UNKNOWN), want);
	ck_assert_int_eq(uq_free(fd, 0), want);
	qid = uq_create_ok(&r);
	ck_assert_int_eq(uq_free(fd, qid), 0);
	ck_assert_int_eq(uq_free(fd, qid), want);
	/* another file's queue is unknown here */
	qid = uq_create_ok(&r);
	ck_assert_int_eq(uq_free(conf_open(), qid), want);
}
END_TEST

/* rule 73: FREE waits for last_fence (older kernels: 100 ms at most),
 * then puts the doorbell; a never-completing fence does not hang it */
START_TEST(rule73_free_pending_last_fence)
{
	int fd = conf_open();
	struct uq_recipe r, r2;
	uint32_t qid, s;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_COMPUTE);
	qid = uq_create_ok(&r);
	s = conf_syncobj(fd, 0);
	*r.wptr_cpu = 16; /* a fence the GPU never reaches */
	ck_assert_int_eq(uq_signal(fd, qid, &s, 1), 0);
	ck_assert_int_eq(uq_free(fd, qid), 0);
	/* the doorbell was unpinned: the same one works again */
	uq_recipe_init(&r2, fd, AMDGPU_HW_IP_COMPUTE);
	r2.args.in.doorbell_handle = r.doorbell;
	ck_assert_uint_eq(uq_create_ok(&r2), qid);
}
END_TEST

/* rule 74: closing the file frees its queues and their fence drivers */
START_TEST(rule74_close_frees_queues)
{
	int fd = conf_open();
	struct uq_recipe r;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	uq_create_ok(&r);
	r.args.in.doorbell_offset = 6;
	uq_create_ok(&r);
	close(fd);
	/* both fence drivers (slots 0 and 1) are gone */
	ck_assert_uint_eq(uq_probe_slot(), 0);
}
END_TEST

/*
 * rule 61: 262144 live fence drivers fill the seq64 pool. Without 262144
 * live queues only the leaks can fill it: each loop creates a queue,
 * makes it park a reference to its own driver and SIGNAL again (the
 * dd88d42d leak), then frees it. Run on the profile that has that leak
 * but not the teardown leak (6.18), which keeps only the drivers.
 */
START_TEST(rule61_seq64_full)
{
	const struct emu_profile *p = conf_flags();
	uint16_t n = 1;
	struct uapi_amdgpu_userq_fence_info info;
	int fd = conf_open();
	struct uq_recipe r;
	uint32_t qid, s, i;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	if (!conf_require(p->fix_teardown_last_fence &&
				  !p->fix_signalled_fence_refs,
			  "fills the seq64 pool through the dd88d42d leak: "
			  "needs it without the 8e051e38 teardown leak (6.18)"))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_COMPUTE);
	s = conf_syncobj(fd, 0);
	for (i = 0; i < UAPI_AMDGPU_MAX_SEQ64_SLOTS; i++) {
		qid = uq_create_ok(&r);
		ck_assert_int_eq(uq_signal(fd, qid, &s, 1), 0);
		n = 1;
		ck_assert_int_eq(uq_wait(fd, qid, &s, 1, &info, &n), 0);
		ck_assert_uint_eq(uq_slot_of(info.va), i);
		ck_assert_int_eq(uq_signal(fd, qid, NULL, 0), 0);
		ck_assert_int_eq(uq_free(fd, qid), 0);
	}
	ck_assert_int_eq(uq_create(&r, &qid), -ENOSPC);
}
END_TEST

Suite *suite_userq(void)
{
	Suite *s = suite_create("userq");
	TCase *tc = tcase_create("create_free");
	TCase *full = tcase_create("seq64_full");

	conf_add_test(tc, rule50_no_userq_enotsupp);
	conf_add_test(tc, rule51_bad_op);
	conf_add_test(tc, rule52_create_flags);
	conf_add_test(tc, rule53_ip_type);
	conf_add_test(tc, rule54_secure_without_tmz);
	conf_add_test(tc, rule55_queue_va_size);
	conf_add_test(tc, rule56_queue_size_pow2);
	conf_add_test(tc, rule57_rptr_wptr_zero);
	conf_add_test(tc, rule58_free_stray_fields);
	conf_add_test(tc, rule59_priority_high_privileged);
	conf_add_test(tc, rule62_va_checks);
	conf_add_test(tc, rule62_no_va_check_616);
	conf_add_test(tc, rule62_va_check_form);
	conf_add_test(tc, rule63_doorbell_unknown);
	conf_add_test(tc, rule64_doorbell_offset);
	conf_add_test(tc, rule65_mqd_size);
	conf_add_test(tc, rule66_mqd_pointer);
	conf_add_test(tc, rule67_mqd_va);
	conf_add_test(tc, rule68_wptr_bo_one_page);
	conf_add_test(tc, rule69_doorbell_collision);
	conf_add_test(tc, rule70_queue_limit);
	conf_add_test(tc, rule71_lowest_free_id);
	conf_add_test(tc, rule72_free_unknown);
	conf_add_test(tc, rule73_free_pending_last_fence);
	conf_add_test(tc, rule74_close_frees_queues);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	conf_add_test(full, rule61_seq64_full);
	tcase_set_timeout(full, 900);
	suite_add_tcase(s, full);
	return s;
}
