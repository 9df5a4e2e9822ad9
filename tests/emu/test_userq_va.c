// SPDX-License-Identifier: MIT
/*
 * The GEM_VA unmap wait on VAs that backed user queues (releases.md §5.1):
 * 6f3c8a5fe6 "validate userq va for GEM unmap" (6.19) marks the bo_va of
 * every VA CREATE validates, and AMDGPU_VA_OP_UNMAP of a marked mapping
 * waits on the BO's eviction fence, which evicts (and later restores) every
 * user queue of the file. 6.19/7.0 clear the marks when the queue is
 * destroyed; b6a28b77b88e "userq_va_mapped should remain true once done"
 * (7.1) keeps them. CLEAR, REPLACE, GEM close and PRT unmaps never wait,
 * and no ioctl's result changes.
 *
 * The evictions are seen in the USERQ_EMU_REPORT audit (userq_evictions,
 * userq_restores). Each test runs its scenario in a fresh process with the
 * report on (the "va_scenario" case, chosen by UQ_VA_SCENARIO), then reads
 * the report that process wrote at exit and asserts the count per profile.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "conformance.h"
#include "uapi/amdgpu_gem_va.h"
#include "userq_recipe.h"

#define SCENARIO_ENV "UQ_VA_SCENARIO"

enum scenario {
	SC_UNMAP_LIVE, /* UNMAP a VA of a live queue */
	SC_UNMAP_AFTER_FREE, /* FREE Q1, UNMAP its ring, Q2 alive */
	SC_SHARED_AFTER_FREE, /* a BO of Q1 and Q2: FREE Q1, UNMAP it */
	SC_EACH_QUEUE_IN_TURN, /* FREE Q2 + its unmaps, then Q1's */
	SC_FREE_ALL_FIRST, /* FREE Q1 and Q2, then every unmap */
	SC_CLEAR_REPLACE_CLOSE, /* CLEAR, REPLACE, GEM close, queues alive */
	SC_PRT, /* PRT unmaps, a queue's rptr in a PRT range */
	SC_COUNT,
};

static const char *const scenario_names[SC_COUNT] = {
	[SC_UNMAP_LIVE] = "unmap_live",
	[SC_UNMAP_AFTER_FREE] = "unmap_after_free",
	[SC_SHARED_AFTER_FREE] = "shared_after_free",
	[SC_EACH_QUEUE_IN_TURN] = "each_queue_in_turn",
	[SC_FREE_ALL_FIRST] = "free_all_first",
	[SC_CLEAR_REPLACE_CLOSE] = "clear_replace_close",
	[SC_PRT] = "prt",
};

/* One GEM_VA without a timeline: 0 or -errno. */
static int va_op(int fd, uint32_t handle, uint32_t op, uint32_t flags,
		 uint64_t va, uint64_t size)
{
	struct uapi_amdgpu_gem_va v;

	memset(&v, 0, sizeof(v));
	v.handle = handle;
	v.operation = op;
	v.flags = flags;
	v.va_address = va;
	v.map_size = size;
	return conf_ioctl(fd, UAPI_IOCTL_AMDGPU_GEM_VA, &v);
}

#define RWX                                                   \
	(AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE | \
	 AMDGPU_VM_PAGE_EXECUTABLE)

static void unmap_ok(int fd, uint32_t handle, uint64_t va)
{
	/* no errno change on any profile */
	ck_assert_int_eq(va_op(fd, handle, AMDGPU_VA_OP_UNMAP, RWX, va, 0), 0);
}

/* Every BO mapping of a COMPUTE recipe: ring, rptr, wptr, EOP. */
static void unmap_recipe(const struct uq_recipe *r)
{
	unmap_ok(r->fd, r->ring, r->ring_va);
	unmap_ok(r->fd, r->rptr, r->rptr_va);
	unmap_ok(r->fd, r->wptr, r->wptr_va);
	unmap_ok(r->fd, r->area0, r->area0_va);
}

static void run_scenario(enum scenario sc)
{
	int fd = conf_open();
	struct uq_recipe r1, r2;
	uint64_t prt_va = 0;
	uint32_t q1, q2;

	uq_recipe_init(&r1, fd, AMDGPU_HW_IP_COMPUTE);
	uq_recipe_init(&r2, fd, AMDGPU_HW_IP_COMPUTE);
	if (sc == SC_SHARED_AFTER_FREE)
		/* Q2's rptr is Q1's: one bo_va backs both queues */
		r2.args.in.rptr_va = r1.rptr_va;
	if (sc == SC_PRT) {
		/* Q2's rptr in a PRT range: validated, but prt_va has no BO
		 * and is never marked */
		prt_va = uq_next_va(UQ_PAGE);
		ck_assert_int_eq(va_op(fd, 0, AMDGPU_VA_OP_MAP,
				       AMDGPU_VM_PAGE_PRT, prt_va, UQ_PAGE),
				 0);
		r2.args.in.rptr_va = prt_va;
	}
	q1 = uq_create_ok(&r1);
	q2 = uq_create_ok(&r2);

	switch (sc) {
	case SC_UNMAP_LIVE:
		unmap_ok(fd, r1.ring, r1.ring_va);
		break;
	case SC_UNMAP_AFTER_FREE:
		ck_assert_int_eq(uq_free(fd, q1), 0);
		unmap_ok(fd, r1.ring, r1.ring_va);
		break;
	case SC_SHARED_AFTER_FREE:
		ck_assert_int_eq(uq_free(fd, q1), 0);
		unmap_ok(fd, r1.rptr, r1.rptr_va);
		break;
	case SC_EACH_QUEUE_IN_TURN:
		/* the order of a per-queue teardown: 4 unmaps with Q1 alive,
		 * 4 with no queue left */
		ck_assert_int_eq(uq_free(fd, q2), 0);
		unmap_recipe(&r2);
		ck_assert_int_eq(uq_free(fd, q1), 0);
		unmap_recipe(&r1);
		break;
	case SC_FREE_ALL_FIRST:
		ck_assert_int_eq(uq_free(fd, q2), 0);
		ck_assert_int_eq(uq_free(fd, q1), 0);
		unmap_recipe(&r2);
		unmap_recipe(&r1);
		break;
	case SC_CLEAR_REPLACE_CLOSE:
		/* CLEAR over Q1's ring, REPLACE over its rptr, GEM close of
		 * its EOP BO: all with both queues alive */
		ck_assert_int_eq(va_op(fd, 0, AMDGPU_VA_OP_CLEAR, 0, r1.ring_va,
				       UQ_RING_SIZE),
				 0);
		ck_assert_int_eq(va_op(fd, r1.rptr, AMDGPU_VA_OP_REPLACE, RWX,
				       r1.rptr_va, UQ_PAGE),
				 0);
		ck_assert_int_eq(conf_gem_close(fd, r1.area0), 0);
		break;
	case SC_PRT:
		ck_assert_int_eq(va_op(fd, 0, AMDGPU_VA_OP_UNMAP,
				       AMDGPU_VM_PAGE_PRT, prt_va, UQ_PAGE),
				 0);
		break;
	case SC_COUNT:
		break;
	}
	close(fd);
}

/* The case the tests below re-run: only present in such a re-run. */
START_TEST(va_scenario)
{
	const char *s = getenv(SCENARIO_ENV);

	ck_assert_ptr_nonnull(s);
	ck_assert_int_lt(atoi(s), SC_COUNT);
	run_scenario((enum scenario)atoi(s));
	conf_rerun_ok();
}
END_TEST

/*
 * Evictions expected of each scenario on this profile. e: the unmap wait
 * exists (6f3c8a5fe6); s: marks stay after FREE (b6a28b77b88e).
 */
static long expected_evictions(enum scenario sc)
{
	const struct emu_profile *p = conf_flags();
	bool e = p->gem_va_unmap_userq_wait, s = p->userq_va_mark_sticky;

	switch (sc) {
	case SC_UNMAP_LIVE:
		return e ? 1 : 0;
	case SC_UNMAP_AFTER_FREE:
	case SC_SHARED_AFTER_FREE:
		/* 6.19/7.0: FREE cleared the marks, even of a bo_va that
		 * another live queue still uses */
		return e && s ? 1 : 0;
	case SC_EACH_QUEUE_IN_TURN:
		return e && s ? 4 : 0;
	default:
		return 0;
	}
}

static long json_number(const char *json, const char *key)
{
	char pattern[64];
	const char *p;

	snprintf(pattern, sizeof(pattern), "\"%s\":", key);
	p = strstr(json, pattern);
	ck_assert_msg(p != NULL, "no %s in the report: %s", key, json);
	return strtol(p + strlen(pattern), NULL, 10);
}

START_TEST(gem_va_unmap_userq_wait)
{
	char path[] = "/tmp/uq-va-XXXXXX", env_report[64], env_sc[32],
	     buf[4096];
	const char *env[] = { env_report, env_sc, NULL };
	enum scenario sc = (enum scenario)_i;
	long want = expected_evictions(sc);
	int tmp;

	if (!conf_require(conf_flags()->userq, UQ_NEEDS_USERQ))
		return;
	tmp = mkstemp(path);
	ck_assert_int_ge(tmp, 0);
	close(tmp);
	snprintf(env_report, sizeof(env_report), "USERQ_EMU_REPORT=%s", path);
	snprintf(env_sc, sizeof(env_sc), SCENARIO_ENV "=%d", (int)sc);
	conf_rerun_must_pass("userq_va", "va_scenario", env);
	ck_assert_int_gt(uq_read_file(path, buf, sizeof(buf)), 0);
	unlink(path);
	ck_assert_msg(json_number(buf, "userq_evictions") == want,
		      "%s: %ld evictions, expected %ld", scenario_names[sc],
		      json_number(buf, "userq_evictions"), want);
	/* the resume work restores after each eviction */
	ck_assert_int_eq(json_number(buf, "userq_restores"), want);
	if (!want)
		ck_assert_int_eq(json_number(buf, "userq_evict_ns"), 0);
}
END_TEST

Suite *suite_userq_va(void)
{
	Suite *s = suite_create("userq_va");
	TCase *tc = tcase_create("gem_va_unmap");

	conf_add_loop_test(tc, gem_va_unmap_userq_wait, 0, SC_COUNT);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	if (getenv(SCENARIO_ENV)) {
		TCase *child = tcase_create("va_scenario");

		conf_add_test(child, va_scenario);
		suite_add_tcase(s, child);
	}
	return s;
}
