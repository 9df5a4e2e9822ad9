// SPDX-License-Identifier: MIT
/*
 * Kernel CS conformance, part 3: the busy VM (gem-va-prt.md §6.3, §7;
 * emulator-notes rules 39-42). A CS puts its job fence into its VM's root
 * reservation (amdgpu_cs_submit), so the page-table job of an implicitly
 * synced unmap in the same VM waits for it (amdgpu_vm_clear_freed); with
 * AMDGPU_VM_EXPLICIT_SYNC (NV2) and only PRT or per-VM-BO frees it does
 * not. Orderings only: a point is not signalled while the CS spins, and
 * is after the CPU released it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_helpers.h"
#include "uapi/amdgpu_gem_va.h"
#include "uapi/experimental/amdgpu_vm_explicit_sync.h"

#define GFX AMDGPU_HW_IP_GFX
#define PRT AMDGPU_VM_PAGE_PRT
#define RANGE_A 0x4000000ull
#define RANGE_B 0x6000000ull
#define RANGE_SIZE 0x10000ull
/* Without the series the flag is -EINVAL: rule23_explicit_sync_flag. */
#define NEEDS_EXPLICIT_SYNC                                 \
	"no AMDGPU_VM_EXPLICIT_SYNC on this profile (NV2; " \
	"rule23_explicit_sync_flag tests its -EINVAL)"

/* A valid PRT mapping at va: mapped without DELAY_UPDATE, its point
 * waited for (gem-va-prt.md §7 step 2). */
static void prt_map_valid(int fd, uint32_t tl, uint64_t va, uint64_t point)
{
	ck_assert_int_eq(cs_gem_va(fd, 0, AMDGPU_VA_OP_MAP, PRT, va, RANGE_SIZE,
				   tl, point),
			 0);
	ck_assert_int_eq(cs_syncobj_wait(fd, tl, point, cs_far_deadline()), 0);
}

static void spin(struct cs_rig *rig, uint64_t *seq)
{
	ck_assert_int_eq(
		cs_rig_spin(rig, rig->ctx, GFX, 0, 0x100, 0x104, 0x5a, seq), 0);
	ck_assert(cs_still_busy(rig->fd, rig->ctx, GFX, 0, *seq));
}

/* The busy-VM recipe: a rig, a valid PRT mapping of RANGE_A at point 1
 * of a new timeline syncobj (returned), and a spinner in *seq. */
static uint32_t busy_vm(struct cs_rig *rig, uint64_t *seq)
{
	uint32_t tl;

	cs_rig_init(rig);
	tl = conf_syncobj(rig->fd, 0);
	prt_map_valid(rig->fd, tl, RANGE_A, 1);
	spin(rig, seq);
	return tl;
}

/*
 * Let the emulated SDMA time pass: a PRT map in another VM, queued now,
 * waited for. A page-table job queued before it that waits for nothing
 * has finished by then (each takes USERQ_EMU_SDMA_US after what it waits
 * for), so a point still unsignalled afterwards waits for something.
 */
static void sdma_clock(void)
{
	int fd = conf_open();

	prt_map_valid(fd, conf_syncobj(fd, 0), RANGE_A, 1);
	close(fd);
}

static void release(struct cs_rig *rig, uint64_t seq)
{
	*cs_rig_cpu(rig, 0x100) = 1;
	ck_assert_int_eq(cs_wait_done(rig->fd, rig->ctx, GFX, 0, seq), 0);
	ck_assert_uint_eq(*cs_rig_cpu(rig, 0x104), 0x5a);
}

/* Rule 39 with a kernel CS: the unmap's PT job waits for the CS. */
START_TEST(busy_vm_unmap_waits_for_the_cs)
{
	struct cs_rig rig;
	uint64_t seq;
	uint32_t tl;

	tl = busy_vm(&rig, &seq);

	ck_assert_int_eq(cs_gem_va(rig.fd, 0, AMDGPU_VA_OP_UNMAP, PRT, RANGE_A,
				   RANGE_SIZE, tl, 2),
			 0);
	sdma_clock();
	ck_assert_int_eq(cs_syncobj_wait(rig.fd, tl, 2, CS_LOOK), -ETIME);
	ck_assert_uint_eq(cs_syncobj_query(rig.fd, tl), 1);
	ck_assert(cs_busy(rig.fd, rig.ctx, GFX, 0, seq));

	*cs_rig_cpu(&rig, 0x100) = 1;
	ck_assert_int_eq(cs_syncobj_wait(rig.fd, tl, 2, cs_far_deadline()), 0);
	ck_assert_uint_eq(cs_syncobj_query(rig.fd, tl), 2);
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, GFX, 0, seq), 0);
	cs_rig_fini(&rig);
}
END_TEST

/* Rule 40: the explicit-sync profile with AMDGPU_VM_EXPLICIT_SYNC and a
 * PRT-only free does not wait. */
START_TEST(explicit_sync_unmap_does_not_wait)
{
	struct cs_rig rig;
	uint64_t seq;
	uint32_t tl;

	if (!conf_require(conf_flags()->vm_explicit_sync, NEEDS_EXPLICIT_SYNC))
		return;
	tl = busy_vm(&rig, &seq);

	ck_assert_int_eq(cs_gem_va(rig.fd, 0, AMDGPU_VA_OP_UNMAP,
				   PRT | AMDGPU_VM_EXPLICIT_SYNC, RANGE_A,
				   RANGE_SIZE, tl, 2),
			 0);
	ck_assert_int_eq(cs_syncobj_wait(rig.fd, tl, 2, cs_far_deadline()), 0);
	/* the point signalled while the CS still spins */
	ck_assert(cs_busy(rig.fd, rig.ctx, GFX, 0, seq));
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x104), 0);
	release(&rig, seq);
	cs_rig_fini(&rig);
}
END_TEST

/* Rule 40, fallback: a normal BO's mapping among the frees makes the
 * whole operation implicit; a per-VM BO's mapping does not. */
START_TEST(explicit_sync_falls_back_for_bo_mappings)
{
	struct cs_bo normal;
	struct cs_rig rig;
	uint32_t tl, pervm;
	uint64_t seq;

	if (!conf_require(conf_flags()->vm_explicit_sync, NEEDS_EXPLICIT_SYNC))
		return;
	cs_rig_init(&rig);
	tl = conf_syncobj(rig.fd, 0);
	cs_bo_new(rig.fd, RANGE_SIZE, RANGE_A, 0, &normal);
	ck_assert_int_eq(
		conf_gem_create(rig.fd, RANGE_SIZE, AMDGPU_GEM_DOMAIN_GTT,
				AMDGPU_GEM_CREATE_VM_ALWAYS_VALID, &pervm),
		0);
	ck_assert_int_eq(cs_gem_va(rig.fd, pervm, AMDGPU_VA_OP_MAP,
				   AMDGPU_VM_PAGE_READABLE, RANGE_B, RANGE_SIZE,
				   tl, 1),
			 0);
	ck_assert_int_eq(cs_syncobj_wait(rig.fd, tl, 1, cs_far_deadline()), 0);
	spin(&rig, &seq);

	/* the per-VM BO: explicit, done while the CS spins */
	ck_assert_int_eq(cs_gem_va(rig.fd, pervm, AMDGPU_VA_OP_UNMAP,
				   AMDGPU_VM_EXPLICIT_SYNC, RANGE_B, RANGE_SIZE,
				   tl, 2),
			 0);
	ck_assert_int_eq(cs_syncobj_wait(rig.fd, tl, 2, cs_far_deadline()), 0);
	ck_assert(cs_busy(rig.fd, rig.ctx, GFX, 0, seq));
	/* the normal BO: silently implicit */
	ck_assert_int_eq(cs_gem_va(rig.fd, normal.handle, AMDGPU_VA_OP_UNMAP,
				   AMDGPU_VM_EXPLICIT_SYNC, RANGE_A, RANGE_SIZE,
				   tl, 3),
			 0);
	sdma_clock();
	ck_assert_int_eq(cs_syncobj_wait(rig.fd, tl, 3, CS_LOOK), -ETIME);
	release(&rig, seq);
	ck_assert_int_eq(cs_syncobj_wait(rig.fd, tl, 3, cs_far_deadline()), 0);
	cs_bo_unmap_cpu(&normal);
	cs_rig_fini(&rig);
}
END_TEST

/* Implicit sync is per VM: another file's unmap does not wait for this
 * file's CS. */
START_TEST(other_vm_unmap_does_not_wait)
{
	struct cs_rig rig;
	int fd2 = conf_open();
	uint32_t tl2 = conf_syncobj(fd2, 0);
	uint64_t seq;

	cs_rig_init(&rig);
	prt_map_valid(fd2, tl2, RANGE_A, 1);
	spin(&rig, &seq);
	ck_assert_int_eq(cs_gem_va(fd2, 0, AMDGPU_VA_OP_UNMAP, PRT, RANGE_A,
				   RANGE_SIZE, tl2, 2),
			 0);
	ck_assert_int_eq(cs_syncobj_wait(fd2, tl2, 2, cs_far_deadline()), 0);
	ck_assert(cs_busy(rig.fd, rig.ctx, GFX, 0, seq));
	release(&rig, seq);
	close(fd2);
	cs_rig_fini(&rig);
}
END_TEST

/*
 * amdgpu_cs_vm_handling clears what DELAY_UPDATE left on vm->freed: after
 * a CS, a CLEAR of an empty range has nothing to clear and (before CK7)
 * exports a signalled stub. Without the CS the same CLEAR clears the
 * leftover, behind the spinning CS. CK7 exports vm->last_update, which
 * that clear also is, so the point waits in both cases.
 */
static void delay_update_leftover(bool cs_between)
{
	bool ck7 = conf_flags()->va_delay_update_timeline_einval;
	uint32_t dw[4], tl;
	struct cs_rig rig;
	uint64_t seq, nop;

	tl = busy_vm(&rig, &seq);
	ck_assert_int_eq(cs_gem_va(rig.fd, 0, AMDGPU_VA_OP_UNMAP,
				   PRT | AMDGPU_VM_DELAY_UPDATE, RANGE_A,
				   RANGE_SIZE, 0, 0),
			 0);
	if (cs_between)
		ck_assert_int_eq(cs_rig_submit(&rig, rig.ctx,
					       AMDGPU_HW_IP_COMPUTE, 0, dw,
					       pm4_nop(dw, 2), &nop),
				 0);
	ck_assert_int_eq(cs_gem_va(rig.fd, 0, AMDGPU_VA_OP_CLEAR, 0, RANGE_B,
				   RANGE_SIZE, tl, 2),
			 0);
	sdma_clock();
	if (cs_between && !ck7)
		ck_assert_int_eq(cs_syncobj_wait(rig.fd, tl, 2, CS_LOOK), 0);
	else
		ck_assert_int_eq(cs_syncobj_wait(rig.fd, tl, 2, CS_LOOK),
				 -ETIME);
	ck_assert(cs_busy(rig.fd, rig.ctx, GFX, 0, seq));
	release(&rig, seq);
	ck_assert_int_eq(cs_syncobj_wait(rig.fd, tl, 2, cs_far_deadline()), 0);
	cs_rig_fini(&rig);
}

START_TEST(cs_clears_delay_update_leftovers)
{
	delay_update_leftover(true);
}
END_TEST

START_TEST(delay_update_leftover_cleared_by_the_next_gem_va)
{
	delay_update_leftover(false);
}
END_TEST

void cs_add_sync_tests(Suite *s)
{
	TCase *tc = tcase_create("cs_busy_vm");

	tcase_set_timeout(tc, 120);
	conf_add_test(tc, busy_vm_unmap_waits_for_the_cs);
	conf_add_test(tc, explicit_sync_unmap_does_not_wait);
	conf_add_test(tc, explicit_sync_falls_back_for_bo_mappings);
	conf_add_test(tc, other_vm_unmap_does_not_wait);
	conf_add_test(tc, cs_clears_delay_update_leftovers);
	conf_add_test(tc, delay_update_leftover_cleared_by_the_next_gem_va);
	suite_add_tcase(s, tc);
}
