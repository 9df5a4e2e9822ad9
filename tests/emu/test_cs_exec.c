// SPDX-License-Identifier: MIT
/*
 * Kernel CS conformance, part 2: what the emulated command processor runs
 * (each PM4 packet, unsupported packets, page faults, PRT), WAIT_CS and
 * WAIT_FENCES, syncobj and dependency chunks, the job timeout
 * (amdgpu_job_timedout) and jobs across fork() and close().
 *
 * No test measures time: they check orderings (a job is busy before the
 * CPU writes its flag and done after).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs_helpers.h"
#include "uapi/amdgpu_gem_va.h"

#define GFX AMDGPU_HW_IP_GFX
#define COMPUTE AMDGPU_HW_IP_COMPUTE
#define MEM 1 /* WAIT_REG_MEM MEM_SPACE memory */
#define DST_MEM 5 /* WRITE_DATA DST_SEL memory */

/* --- packets --- */

START_TEST(pm4_nop_and_write_data)
{
	static const uint32_t three[3] = { 0x11, 0x22, 0x33 };
	struct cs_rig rig;
	uint32_t dw[64];
	uint64_t seq;
	size_t n = 0;

	cs_rig_init(&rig);
	n += pm4_nop(dw + n, 1); /* header only (COUNT 0x3fff) */
	n += pm4_nop(dw + n, 5);
	n += pm4_write_data(dw + n, DST_MEM, false, cs_rig_va(&rig, 0), three,
			    3);
	n += pm4_write_data(dw + n, 2, true, cs_rig_va(&rig, 0x40), three, 3);
	n += pm4_write_data(dw + n, 1, false, cs_rig_va(&rig, 0x80), three, 1);
	ck_assert_int_eq(cs_rig_submit(&rig, rig.ctx, GFX, 0, dw, n, &seq), 0);
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, GFX, 0, seq), 0);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0), 0x11);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 4), 0x22);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 8), 0x33);
	/* WR_ONE_ADDR: every dword to the same address */
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x40), 0x33);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x44), 0);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x80), 0x11);
	cs_rig_fini(&rig);
}
END_TEST

struct wait_case {
	uint32_t func, mem, mask, ref;
	bool holds;
	uint32_t fix; /* a value for which it holds */
};

/* WAIT_REG_MEM compare functions: (mem & mask) FUNC ref */
static const struct wait_case wait_cases[] = {
	{ FUNC_ALWAYS, 5, ~0u, 9, true, 0 },
	{ FUNC_LT, 5, ~0u, 9, true, 0 },
	{ FUNC_LT, 9, ~0u, 9, false, 8 },
	{ FUNC_LE, 9, ~0u, 9, true, 0 },
	{ FUNC_LE, 10, ~0u, 9, false, 9 },
	{ FUNC_EQ, 0x1ff, 0xff, 0xff, true, 0 },
	{ FUNC_EQ, 0x1fe, 0xff, 0xff, false, 0x2ff },
	{ FUNC_NE, 3, ~0u, 4, true, 0 },
	{ FUNC_NE, 4, ~0u, 4, false, 5 },
	{ FUNC_GE, 4, ~0u, 4, true, 0 },
	{ FUNC_GE, 3, ~0u, 4, false, 4 },
	{ FUNC_GT, 5, ~0u, 4, true, 0 },
	{ FUNC_GT, 0xf04, 0xff, 4, false, 0x105 },
};

START_TEST(pm4_wait_reg_mem_functions)
{
	const struct wait_case *c = &wait_cases[_i];
	volatile uint32_t *flag, *mark;
	uint32_t dw[32], marker = 0xabc0 + (uint32_t)_i;
	struct cs_rig rig;
	uint64_t seq;
	size_t n = 0;

	cs_rig_init(&rig);
	flag = cs_rig_cpu(&rig, 0x100);
	mark = cs_rig_cpu(&rig, 0x200);
	*flag = c->mem;
	n += pm4_wait_reg_mem(dw + n, c->func, MEM, cs_rig_va(&rig, 0x100),
			      c->ref, c->mask);
	n += pm4_write_data(dw + n, DST_MEM, false, cs_rig_va(&rig, 0x200),
			    &marker, 1);
	ck_assert_int_eq(cs_rig_submit(&rig, rig.ctx, COMPUTE, 0, dw, n, &seq),
			 0);
	if (!c->holds) {
		/* the CP polls; nothing after the wait has run */
		ck_assert(cs_still_busy(rig.fd, rig.ctx, COMPUTE, 0, seq));
		ck_assert_uint_eq(*mark, 0);
		*flag = c->fix;
	}
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, COMPUTE, 0, seq), 0);
	ck_assert_uint_eq(*mark, marker);
	cs_rig_fini(&rig);
}
END_TEST

START_TEST(pm4_release_mem_and_eop)
{
	struct cs_rig rig;
	uint32_t dw[64];
	uint64_t seq;
	size_t n = 0;

	cs_rig_init(&rig);
	*cs_rig_cpu(&rig, 0x04) = 0x5555;
	*cs_rig_cpu(&rig, 0x30) = 0x7777;
	n += pm4_release_mem(dw + n, 1, cs_rig_va(&rig, 0x00),
			     0xaaaabbbbccccddddull);
	n += pm4_release_mem(dw + n, 2, cs_rig_va(&rig, 0x10),
			     0x0123456789abcdefull);
	n += pm4_release_mem(dw + n, 3, cs_rig_va(&rig, 0x20), 0);
	n += pm4_release_mem(dw + n, 0, cs_rig_va(&rig, 0x30), 1);
	n += pm4_event_write_eop(dw + n, 2, cs_rig_va(&rig, 0x40),
				 0xfedcba9876543210ull);
	n += pm4_event_write_eop(dw + n, 1, cs_rig_va(&rig, 0x50), 0x42);
	ck_assert_int_eq(cs_rig_submit(&rig, rig.ctx, GFX, 0, dw, n, &seq), 0);
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, GFX, 0, seq), 0);
	/* DATA_SEL 1: the low dword only */
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x00), 0xccccdddd);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x04), 0x5555);
	/* DATA_SEL 2: 64 bits */
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x10), 0x89abcdef);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x14), 0x01234567);
	/* DATA_SEL 3: the GPU clock counter */
	ck_assert(*cs_rig_cpu(&rig, 0x20) || *cs_rig_cpu(&rig, 0x24));
	/* DATA_SEL 0: nothing written */
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x30), 0x7777);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x40), 0x76543210);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x44), 0xfedcba98);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x50), 0x42);
	cs_rig_fini(&rig);
}
END_TEST

/* A job whose packet the CP cannot run fails as a hang the bad-opcode
 * interrupt reports (drm_sched_fault, then amdgpu_job_timedout at once):
 * -ETIME, and a ring reset CTX_QUERY2 shows; what came before the packet
 * ran, what follows did not. */
static void expect_job_fails(struct cs_rig *rig, uint32_t ctx,
			     const uint32_t *bad, size_t nbad)
{
	uint32_t dw[64], before = 0xb4, after = 0xaf;
	union drm_amdgpu_ctx q;
	uint64_t seq;
	size_t n = 0;

	*cs_rig_cpu(rig, 0x300) = 0;
	*cs_rig_cpu(rig, 0x304) = 0;
	n += pm4_write_data(dw + n, DST_MEM, false, cs_rig_va(rig, 0x300),
			    &before, 1);
	memcpy(dw + n, bad, nbad * 4);
	n += nbad;
	n += pm4_write_data(dw + n, DST_MEM, false, cs_rig_va(rig, 0x304),
			    &after, 1);
	ck_assert_int_eq(cs_rig_submit(rig, ctx, GFX, 0, dw, n, &seq), 0);
	ck_assert_int_eq(cs_wait_done(rig->fd, ctx, GFX, 0, seq), -ETIME);
	ck_assert_uint_eq(*cs_rig_cpu(rig, 0x300), before);
	ck_assert_uint_eq(*cs_rig_cpu(rig, 0x304), 0);
	ck_assert_int_eq(cs_ctx_op(rig->fd, AMDGPU_CTX_OP_QUERY_STATE2, ctx, 0,
				   0, &q),
			 0);
	ck_assert(q.out.state.flags & AMDGPU_CTX_QUERY2_FLAGS_RESET);
}

START_TEST(pm4_unsupported_packets_fail_the_job)
{
	struct cs_rig rig;
	uint32_t bad[8], data = 1;

	cs_rig_init(&rig);
	/* an unknown opcode */
	bad[0] = pm4_hdr(0x99, 1);
	bad[1] = 0;
	expect_job_fails(&rig, cs_ctx(rig.fd), bad, 2);
	/* type 0 and type 2 packets */
	bad[0] = 0x00001234;
	expect_job_fails(&rig, cs_ctx(rig.fd), bad, 2);
	bad[0] = 0x80000000;
	expect_job_fails(&rig, cs_ctx(rig.fd), bad, 1);
	/* register space: WAIT_REG_MEM on a register, WRITE_DATA to one */
	pm4_wait_reg_mem(bad, FUNC_ALWAYS, 0, 0x1234, 0, 0);
	expect_job_fails(&rig, cs_ctx(rig.fd), bad, 7);
	pm4_write_data(bad, 0, false, 0x1234, &data, 1);
	expect_job_fails(&rig, cs_ctx(rig.fd), bad, 5);
	/* GDS */
	pm4_write_data(bad, 3, false, 0, &data, 1);
	expect_job_fails(&rig, cs_ctx(rig.fd), bad, 5);
	/* the reserved compare function 7 */
	pm4_wait_reg_mem(bad, 7, MEM, cs_rig_va(&rig, 0), 0, 0);
	expect_job_fails(&rig, cs_ctx(rig.fd), bad, 7);
	/* a packet running past the end of its IB */
	bad[0] = pm4_hdr(PM4_NOP, 40);
	expect_job_fails(&rig, cs_ctx(rig.fd), bad, 1);
	cs_rig_fini(&rig);
}
END_TEST

/*
 * drm_sched_entity_error: once a job of an entity failed, the entity
 * takes no more work (amdgpu_ctx_get_entity fails the CS with the job's
 * error; jobs already queued fail in amdgpu_job_prepare_job); other
 * entities and contexts are unaffected.
 */
START_TEST(failed_job_poisons_its_entity)
{
	uint32_t bad[2] = { pm4_hdr(0x99, 1), 0 }, dw[16], v = 7;
	uint32_t ctx2;
	struct cs_rig rig;
	uint64_t seq;
	size_t n;

	cs_rig_init(&rig);
	expect_job_fails(&rig, rig.ctx, bad, 2);
	/* amdgpu_ctx_get_entity returns the entity's error to the CS */
	n = pm4_write_data(dw, DST_MEM, false, cs_rig_va(&rig, 0x400), &v, 1);
	ck_assert_int_eq(cs_rig_submit(&rig, rig.ctx, GFX, 0, dw, n, &seq),
			 -ETIME);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x400), 0);
	/* the same context's compute entity runs */
	ck_assert_int_eq(cs_rig_submit(&rig, rig.ctx, COMPUTE, 0, dw, n, &seq),
			 0);
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, COMPUTE, 0, seq), 0);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x400), 7);
	/* another context on the same ring runs */
	v = 8;
	ctx2 = cs_ctx(rig.fd);
	n = pm4_write_data(dw, DST_MEM, false, cs_rig_va(&rig, 0x400), &v, 1);
	ck_assert_int_eq(cs_rig_submit(&rig, ctx2, GFX, 0, dw, n, &seq), 0);
	ck_assert_int_eq(cs_wait_done(rig.fd, ctx2, GFX, 0, seq), 0);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x400), 8);
	cs_rig_fini(&rig);
}
END_TEST

/*
 * A GPU page fault does not fail the job (gmc_v11_0_process_interrupt only
 * logs it without retry faults): reads return 0, writes are dropped.
 * amdgpu_cs_patch_ibs checks IB addresses only for UVD/VCE/VCN parsers, so
 * an unmapped GFX IB is accepted; its fetch reads zeros, a type-0 header
 * the CP model does not run: the job hangs (-ETIME).
 */
START_TEST(page_faults)
{
	uint32_t dw[32], v = 0x99;
	struct cs_rig rig;
	struct cs_req req;
	uint64_t seq;
	size_t n = 0;

	cs_rig_init(&rig);
	n += pm4_write_data(dw + n, DST_MEM, false, 0x7000000, &v, 1);
	n += pm4_wait_reg_mem(dw + n, FUNC_EQ, MEM, 0x7000100, 0, ~0u);
	n += pm4_write_data(dw + n, DST_MEM, false, cs_rig_va(&rig, 0x10), &v,
			    1);
	ck_assert_int_eq(cs_rig_submit(&rig, rig.ctx, GFX, 0, dw, n, &seq), 0);
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, GFX, 0, seq), 0);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x10), 0x99);

	cs_req_init(&req, rig.ctx);
	cs_req_ib(&req, COMPUTE, 0, 0x5000000, 64, 0);
	ck_assert_int_eq(cs_req_submit(rig.fd, &req, &seq), 0);
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, COMPUTE, 0, seq),
			 -ETIME);
	cs_rig_fini(&rig);
}
END_TEST

/* PRT pages read as zero and drop writes, without a fault */
START_TEST(prt_reads_zero)
{
	uint32_t dw[32], v = 5, s;
	struct cs_rig rig;
	uint64_t seq;
	size_t n = 0;

	cs_rig_init(&rig);
	s = conf_syncobj(rig.fd, 0);
	ck_assert_int_eq(cs_gem_va(rig.fd, 0, AMDGPU_VA_OP_MAP,
				   AMDGPU_VM_PAGE_PRT, 0x800000, 0x10000, s, 1),
			 0);
	ck_assert_int_eq(cs_syncobj_wait(rig.fd, s, 1, cs_far_deadline()), 0);
	n += pm4_write_data(dw + n, DST_MEM, false, 0x800010, &v, 1);
	n += pm4_wait_reg_mem(dw + n, FUNC_EQ, MEM, 0x800010, 0, ~0u);
	n += pm4_write_data(dw + n, DST_MEM, false, cs_rig_va(&rig, 0x10), &v,
			    1);
	ck_assert_int_eq(cs_rig_submit(&rig, rig.ctx, GFX, 0, dw, n, &seq), 0);
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, GFX, 0, seq), 0);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x10), 5);
	cs_rig_fini(&rig);
}
END_TEST

/*
 * A DELAY_UPDATE mapping has no PTEs until something updates it: a CS
 * that lists the BO does (amdgpu_cs_vm_handling, amdgpu_vm_bo_update of
 * the BO list), one that does not sees a page fault.
 */
START_TEST(delay_update_mapping_needs_the_bo_list)
{
	uint32_t dw[16], v = 0x77, bos[3], list;
	struct drm_amdgpu_bo_list_entry e[3];
	struct cs_rig rig;
	struct cs_bo late;
	struct cs_req req;
	uint64_t seq, ib;
	size_t n, i;

	cs_rig_init(&rig);
	cs_bo_new(rig.fd, CS_PAGE, 0x900000, AMDGPU_VM_DELAY_UPDATE, &late);
	n = pm4_write_data(dw, DST_MEM, false, 0x900000, &v, 1);
	ib = cs_rig_ib(&rig, dw, n);
	bos[0] = rig.ib.handle;
	bos[1] = rig.data.handle;
	bos[2] = late.handle;

	cs_req_init(&req, rig.ctx);
	cs_req_ib(&req, GFX, 0, ib, (uint32_t)(4 * n), 0);
	cs_req_bos(&req, bos, 2);
	ck_assert_int_eq(cs_req_submit(rig.fd, &req, &seq), 0);
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, GFX, 0, seq), 0);
	ck_assert_uint_eq(*(volatile uint32_t *)late.cpu, 0);

	cs_req_init(&req, rig.ctx);
	cs_req_ib(&req, GFX, 0, ib, (uint32_t)(4 * n), 0);
	cs_req_bos(&req, bos, 3);
	ck_assert_int_eq(cs_req_submit(rig.fd, &req, &seq), 0);
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, GFX, 0, seq), 0);
	ck_assert_uint_eq(*(volatile uint32_t *)late.cpu, 0x77);

	/* the same through a BO list handle (amdgpu_bo_list_get) */
	for (i = 0; i < 3; i++) {
		e[i].bo_handle = bos[i];
		e[i].bo_priority = 0;
	}
	*(volatile uint32_t *)late.cpu = 0;
	ck_assert_int_eq(cs_gem_va(rig.fd, late.handle, AMDGPU_VA_OP_UNMAP, 0,
				   0x900000, CS_PAGE, 0, 0),
			 0);
	ck_assert_int_eq(cs_gem_va(rig.fd, late.handle, AMDGPU_VA_OP_MAP,
				   AMDGPU_VM_PAGE_WRITEABLE |
					   AMDGPU_VM_DELAY_UPDATE,
				   0x900000, CS_PAGE, 0, 0),
			 0);
	ck_assert_int_eq(cs_bo_list_op(rig.fd, AMDGPU_BO_LIST_OP_CREATE, 0, e,
				       3, sizeof(e[0]), &list),
			 0);
	cs_req_init(&req, rig.ctx);
	cs_req_ib(&req, GFX, 0, ib, (uint32_t)(4 * n), 0);
	req.bo_list = list;
	ck_assert_int_eq(cs_req_submit(rig.fd, &req, &seq), 0);
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, GFX, 0, seq), 0);
	ck_assert_uint_eq(*(volatile uint32_t *)late.cpu, 0x77);
	cs_bo_unmap_cpu(&late);
	cs_rig_fini(&rig);
}
END_TEST

/* The FENCE chunk: the CP writes the 64-bit handle after the IBs. */
START_TEST(user_fence_written)
{
	struct drm_amdgpu_cs_chunk_fence fence;
	uint32_t dw[16], bos[2];
	struct cs_rig rig;
	struct cs_bo uf;
	struct cs_req req;
	uint64_t seq, ib;
	size_t n;

	cs_rig_init(&rig);
	cs_bo_new(rig.fd, CS_PAGE, 0, 0, &uf);
	n = pm4_nop(dw, 4);
	ib = cs_rig_ib(&rig, dw, n);
	bos[0] = rig.ib.handle;
	bos[1] = rig.data.handle;
	fence.handle = uf.handle;
	fence.offset = 64;
	cs_req_init(&req, rig.ctx);
	cs_req_ib(&req, GFX, 0, ib, (uint32_t)(4 * n), 0);
	cs_req_bos(&req, bos, 2);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_FENCE, &fence, sizeof(fence) / 4);
	ck_assert_int_eq(cs_req_submit(rig.fd, &req, &seq), 0);
	ck_assert_int_eq(cs_req_submit(rig.fd, &req, &seq), 0);
	ck_assert_uint_eq(seq, 2);
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, GFX, 0, seq), 0);
	ck_assert_uint_eq(*(volatile uint64_t *)((char *)uf.cpu + 64), 2);
	cs_bo_unmap_cpu(&uf);
	cs_rig_fini(&rig);
}
END_TEST

/* --- WAIT_CS and WAIT_FENCES --- */

struct releaser {
	volatile uint32_t *flag;
};

static void *release_flag(void *arg)
{
	struct releaser *r = arg;

	*r->flag = 1;
	return NULL;
}

/* amdgpu_cs_wait_ioctl: status 1 busy, 0 done; ~0 is the latest handle;
 * 0 none; a handle not submitted yet -EINVAL; timeouts are absolute,
 * negative ones infinite (amdgpu_gem_timeout) */
START_TEST(wait_cs_busy_then_done)
{
	struct releaser rel;
	struct cs_rig rig;
	pthread_t thread;
	uint64_t seq, busy;

	cs_rig_init(&rig);
	ck_assert_int_eq(cs_rig_spin(&rig, rig.ctx, GFX, 0, 0x100, 0x104, 0x1d,
				     &seq),
			 0);
	ck_assert_uint_eq(seq, 1);
	ck_assert(cs_still_busy(rig.fd, rig.ctx, GFX, 0, seq));
	ck_assert(cs_busy(rig.fd, rig.ctx, GFX, 0, ~0ull));
	/* a deadline in the future that passes while it spins */
	ck_assert_int_eq(cs_wait(rig.fd, rig.ctx, GFX, 0, seq,
				 (uint64_t)(conf_now_ns() + 2000000), &busy),
			 0);
	ck_assert_uint_eq(busy, 1);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x104), 0);
	/* nothing and the future */
	ck_assert_int_eq(cs_wait(rig.fd, rig.ctx, GFX, 0, 0, CS_LOOK, &busy),
			 0);
	ck_assert_uint_eq(busy, 0);
	ck_assert_int_eq(cs_wait(rig.fd, rig.ctx, GFX, 0, 2, CS_LOOK, &busy),
			 -EINVAL);
	/* unknown context, bad entity */
	ck_assert_int_eq(cs_wait(rig.fd, 9, GFX, 0, 1, CS_LOOK, &busy),
			 -EINVAL);
	ck_assert_int_eq(cs_wait(rig.fd, rig.ctx, GFX, 1, 1, CS_LOOK, &busy),
			 -EINVAL);
	ck_assert_int_eq(cs_wait(rig.fd, rig.ctx, 12, 0, 1, CS_LOOK, &busy),
			 -EINVAL);

	/* released from another thread while this one waits forever */
	rel.flag = cs_rig_cpu(&rig, 0x100);
	ck_assert_int_eq(pthread_create(&thread, NULL, release_flag, &rel), 0);
	ck_assert_int_eq(cs_wait(rig.fd, rig.ctx, GFX, 0, seq, ~0ull, &busy),
			 0);
	ck_assert_uint_eq(busy, 0);
	pthread_join(thread, NULL);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x104), 0x1d);
	cs_rig_fini(&rig);
}
END_TEST

static int wait_fences(int fd, const struct drm_amdgpu_fence *f, uint32_t count,
		       bool all, uint64_t timeout, uint32_t *status,
		       uint32_t *first)
{
	union drm_amdgpu_wait_fences w;
	int r;

	memset(&w, 0, sizeof(w));
	w.in.fences = (uintptr_t)f;
	w.in.fence_count = count;
	w.in.wait_all = all;
	w.in.timeout_ns = timeout;
	r = conf_ioctl(fd, DRM_IOCTL_AMDGPU_WAIT_FENCES, &w);
	*status = w.out.status;
	*first = w.out.first_signaled;
	return r;
}

/* amdgpu_cs_wait_fences_ioctl: status 1 = signalled (all or any) */
START_TEST(wait_fences_all_and_any)
{
	struct drm_amdgpu_fence f[2];
	uint32_t dw[8], status, first;
	struct cs_rig rig;
	uint64_t spin, nop;

	cs_rig_init(&rig);
	ck_assert_int_eq(
		cs_rig_spin(&rig, rig.ctx, GFX, 0, 0x100, 0x104, 1, &spin), 0);
	ck_assert_int_eq(cs_rig_submit(&rig, rig.ctx, COMPUTE, 2, dw,
				       pm4_nop(dw, 2), &nop),
			 0);
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, COMPUTE, 2, nop), 0);
	memset(f, 0, sizeof(f));
	f[0] = (struct drm_amdgpu_fence){ rig.ctx, GFX, 0, 0, spin };
	f[1] = (struct drm_amdgpu_fence){ rig.ctx, COMPUTE, 0, 2, nop };

	ck_assert_int_eq(
		wait_fences(rig.fd, f, 2, false, CS_LOOK, &status, &first), 0);
	ck_assert_uint_eq(status, 1);
	ck_assert_uint_eq(first, 1);
	ck_assert_int_eq(
		wait_fences(rig.fd, f, 2, true, CS_LOOK, &status, &first), 0);
	ck_assert_uint_eq(status, 0);
	ck_assert_int_eq(
		wait_fences(rig.fd, f, 1, false, CS_LOOK, &status, &first), 0);
	ck_assert_uint_eq(status, 0);
	ck_assert_uint_eq(first, ~0u);
	/* none: wait_all is trivially true, wait_any refuses */
	ck_assert_int_eq(
		wait_fences(rig.fd, f, 0, true, CS_LOOK, &status, &first), 0);
	ck_assert_uint_eq(status, 1);
	ck_assert_int_eq(wait_fences(rig.fd, f, 0, false, CS_LOOK, &status,
				     &first),
			 -EINVAL);
	/* the array, a context, a handle */
	ck_assert_int_eq(wait_fences(rig.fd, (void *)0x10, 2, true, CS_LOOK,
				     &status, &first),
			 -EFAULT);
	f[1].ctx_id = 9;
	ck_assert_int_eq(wait_fences(rig.fd, f, 2, false, CS_LOOK, &status,
				     &first),
			 -EINVAL);
	f[1].ctx_id = rig.ctx;
	f[1].seq_no = 5;
	ck_assert_int_eq(wait_fences(rig.fd, f, 2, false, CS_LOOK, &status,
				     &first),
			 -EINVAL);
	/* wait_all looks them up one by one and stops at the first one
	 * still busy when the timeout expired */
	ck_assert_int_eq(
		wait_fences(rig.fd, f, 2, true, CS_LOOK, &status, &first), 0);
	ck_assert_uint_eq(status, 0);
	ck_assert_int_eq(wait_fences(rig.fd, f + 1, 1, true, CS_LOOK, &status,
				     &first),
			 -EINVAL);
	f[1].seq_no = nop;

	*cs_rig_cpu(&rig, 0x100) = 1;
	ck_assert_int_eq(wait_fences(rig.fd, f, 2, true,
				     (uint64_t)cs_far_deadline(), &status,
				     &first),
			 0);
	ck_assert_uint_eq(status, 1);
	ck_assert_int_eq(
		wait_fences(rig.fd, f, 1, false, CS_LOOK, &status, &first), 0);
	ck_assert_uint_eq(status, 1);
	ck_assert_uint_eq(first, 0);
	cs_rig_fini(&rig);
}
END_TEST

/* --- syncobjs and dependencies --- */

/* amdgpu_cs_post_dependencies: the job fence replaces a syncobj's fence
 * or becomes a timeline point */
START_TEST(syncobj_out_signals_with_the_job)
{
	struct drm_amdgpu_cs_chunk_syncobj tl;
	uint32_t dw[32], bos[2], bin, timeline, marker = 3;
	struct cs_rig rig;
	struct cs_req req;
	uint64_t seq, ib;
	size_t n = 0;

	cs_rig_init(&rig);
	bin = conf_syncobj(rig.fd, 0);
	timeline = conf_syncobj(rig.fd, 0);
	n += pm4_wait_reg_mem(dw, FUNC_EQ, MEM, cs_rig_va(&rig, 0x100), 1, ~0u);
	n += pm4_write_data(dw + n, DST_MEM, false, cs_rig_va(&rig, 0x104),
			    &marker, 1);
	ib = cs_rig_ib(&rig, dw, n);
	bos[0] = rig.ib.handle;
	bos[1] = rig.data.handle;
	memset(&tl, 0, sizeof(tl));
	tl.handle = timeline;
	tl.point = 5;

	cs_req_init(&req, rig.ctx);
	cs_req_ib(&req, GFX, 0, ib, (uint32_t)(4 * n), 0);
	cs_req_bos(&req, bos, 2);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_SIGNAL, &tl,
		     sizeof(tl) / 4);
	ck_assert_int_eq(cs_req_submit(rig.fd, &req, &seq), 0);
	cs_req_init(&req, rig.ctx);
	cs_req_ib(&req, COMPUTE, 0, ib, (uint32_t)(4 * n), 0);
	cs_req_bos(&req, bos, 2);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_SYNCOBJ_OUT, &bin, 1);
	ck_assert_int_eq(cs_req_submit(rig.fd, &req, &seq), 0);

	ck_assert_int_eq(cs_syncobj_wait(rig.fd, timeline, 5, CS_LOOK), -ETIME);
	ck_assert_int_eq(cs_syncobj_wait(rig.fd, bin, 0, CS_LOOK), -ETIME);
	ck_assert_uint_eq(cs_syncobj_query(rig.fd, timeline), 0);
	*cs_rig_cpu(&rig, 0x100) = 1;
	ck_assert_int_eq(
		cs_syncobj_wait(rig.fd, timeline, 5, cs_far_deadline()), 0);
	ck_assert_int_eq(cs_syncobj_wait(rig.fd, bin, 0, cs_far_deadline()), 0);
	ck_assert_uint_eq(cs_syncobj_query(rig.fd, timeline), 5);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x104), 3);
	cs_rig_fini(&rig);
}
END_TEST

/* A job that waits (SYNCOBJ_IN, DEPENDENCIES) runs only after the fence;
 * SCHEDULED_DEPENDENCIES only waits for the other job to start. */
START_TEST(dependencies_order_jobs)
{
	struct drm_amdgpu_cs_chunk_dep dep, sdep;
	uint32_t dw[16], bos[2], out, ctx2, ctx3, ctx4, v1 = 1, v2 = 2, v3 = 3;
	struct cs_rig rig;
	struct cs_req req;
	uint64_t spin, s1, s2, s3, ib1, ib2, ib3;
	size_t n;

	cs_rig_init(&rig);
	ctx2 = cs_ctx(rig.fd);
	ctx3 = cs_ctx(rig.fd);
	ctx4 = cs_ctx(rig.fd);
	out = conf_syncobj(rig.fd, 0);
	bos[0] = rig.ib.handle;
	bos[1] = rig.data.handle;
	n = pm4_wait_reg_mem(dw, FUNC_EQ, MEM, cs_rig_va(&rig, 0x100), 1, ~0u);
	ib1 = cs_rig_ib(&rig, dw, n);
	cs_req_init(&req, rig.ctx);
	cs_req_ib(&req, COMPUTE, 0, ib1, (uint32_t)(4 * n), 0);
	cs_req_bos(&req, bos, 2);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_SYNCOBJ_OUT, &out, 1);
	ck_assert_int_eq(cs_req_submit(rig.fd, &req, &spin), 0);

	/* ctx2 after the syncobj, ctx4 after the handle, both on the one
	 * GFX ring */
	n = pm4_write_data(dw, DST_MEM, false, cs_rig_va(&rig, 0x200), &v1, 1);
	ib1 = cs_rig_ib(&rig, dw, n);
	cs_req_init(&req, ctx2);
	cs_req_ib(&req, GFX, 0, ib1, (uint32_t)(4 * n), 0);
	cs_req_bos(&req, bos, 2);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_SYNCOBJ_IN, &out, 1);
	ck_assert_int_eq(cs_req_submit(rig.fd, &req, &s1), 0);

	n = pm4_write_data(dw, DST_MEM, false, cs_rig_va(&rig, 0x204), &v2, 1);
	ib2 = cs_rig_ib(&rig, dw, n);
	dep = (struct drm_amdgpu_cs_chunk_dep){ COMPUTE, 0, 0, rig.ctx, spin };
	cs_req_init(&req, ctx4);
	cs_req_ib(&req, GFX, 0, ib2, (uint32_t)(4 * n), 0);
	cs_req_bos(&req, bos, 2);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_DEPENDENCIES, &dep, sizeof(dep) / 4);
	ck_assert_int_eq(cs_req_submit(rig.fd, &req, &s2), 0);

	/* ctx3, submitted last on the same ring: only for the spinner to be
	 * scheduled. Had the others not waited, the ring would have run
	 * them before it. */
	n = pm4_write_data(dw, DST_MEM, false, cs_rig_va(&rig, 0x208), &v3, 1);
	ib3 = cs_rig_ib(&rig, dw, n);
	sdep = dep;
	cs_req_init(&req, ctx3);
	cs_req_ib(&req, GFX, 0, ib3, (uint32_t)(4 * n), 0);
	cs_req_bos(&req, bos, 2);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_SCHEDULED_DEPENDENCIES, &sdep,
		     sizeof(sdep) / 4);
	ck_assert_int_eq(cs_req_submit(rig.fd, &req, &s3), 0);

	ck_assert_int_eq(cs_wait_done(rig.fd, ctx3, GFX, 0, s3), 0);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x208), 3);
	ck_assert(cs_busy(rig.fd, rig.ctx, COMPUTE, 0, spin));
	ck_assert(cs_still_busy(rig.fd, ctx2, GFX, 0, s1));
	ck_assert(cs_still_busy(rig.fd, ctx4, GFX, 0, s2));
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x200), 0);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x204), 0);

	*cs_rig_cpu(&rig, 0x100) = 1;
	ck_assert_int_eq(cs_wait_done(rig.fd, ctx2, GFX, 0, s1), 0);
	ck_assert_int_eq(cs_wait_done(rig.fd, ctx4, GFX, 0, s2), 0);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x200), 1);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x204), 2);
	cs_rig_fini(&rig);
}
END_TEST

/* --- the job timeout --- */

/*
 * amdgpu_job_timedout on GFX11 (per-queue reset): the job's fence gets
 * -ETIME, the device's reset counter moves (CTX_QUERY2 RESET for contexts
 * older than the reset, not GUILTY), the context is not refused (no
 * -ECANCELED) but the hung entity is (drm_sched_entity_error), and the
 * ring runs the jobs queued behind.
 * Check forks this test, so the environment change stays in it.
 */
START_TEST(job_timeout_resets_the_ring)
{
	uint32_t dw[16], old_ctx, new_ctx, v = 0x44;
	union drm_amdgpu_ctx q;
	struct cs_rig rig;
	uint64_t spin, behind, again, other;
	size_t n;

	setenv("USERQ_EMU_JOB_TIMEOUT_MS", "50", 1);
	cs_rig_init(&rig);
	old_ctx = cs_ctx(rig.fd);
	ck_assert_int_eq(
		cs_rig_spin(&rig, rig.ctx, GFX, 0, 0x100, 0x104, 1, &spin), 0);
	/* another context's job, queued on the same ring behind it */
	n = pm4_write_data(dw, DST_MEM, false, cs_rig_va(&rig, 0x200), &v, 1);
	ck_assert_int_eq(cs_rig_submit(&rig, old_ctx, GFX, 0, dw, n, &behind),
			 0);

	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, GFX, 0, spin), -ETIME);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x104), 0);
	ck_assert_int_eq(cs_wait_done(rig.fd, old_ctx, GFX, 0, behind), 0);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x200), 0x44);

	ck_assert_int_eq(cs_ctx_op(rig.fd, AMDGPU_CTX_OP_QUERY_STATE2, rig.ctx,
				   0, 0, &q),
			 0);
	ck_assert_uint_eq(q.out.state.flags, AMDGPU_CTX_QUERY2_FLAGS_RESET);
	ck_assert_int_eq(cs_ctx_op(rig.fd, AMDGPU_CTX_OP_QUERY_STATE2, old_ctx,
				   0, 0, &q),
			 0);
	ck_assert_uint_eq(q.out.state.flags, AMDGPU_CTX_QUERY2_FLAGS_RESET);
	new_ctx = cs_ctx(rig.fd);
	ck_assert_int_eq(cs_ctx_op(rig.fd, AMDGPU_CTX_OP_QUERY_STATE2, new_ctx,
				   0, 0, &q),
			 0);
	ck_assert_uint_eq(q.out.state.flags, 0);
	/* QUERY_STATE reports a reset once per context */
	ck_assert_int_eq(cs_ctx_op(rig.fd, AMDGPU_CTX_OP_QUERY_STATE, rig.ctx,
				   0, 0, &q),
			 0);
	ck_assert_uint_eq(q.out.state.reset_status, AMDGPU_CTX_UNKNOWN_RESET);
	ck_assert_int_eq(cs_ctx_op(rig.fd, AMDGPU_CTX_OP_QUERY_STATE, rig.ctx,
				   0, 0, &q),
			 0);
	ck_assert_uint_eq(q.out.state.reset_status, AMDGPU_CTX_NO_RESET);

	/* the hung entity: the CS fails with its error (amdgpu_ctx_get_entity
	 * -> drm_sched_entity_error), so does WAIT_CS */
	v = 0x55;
	n = pm4_write_data(dw, DST_MEM, false, cs_rig_va(&rig, 0x204), &v, 1);
	ck_assert_int_eq(cs_rig_submit(&rig, rig.ctx, GFX, 0, dw, n, &again),
			 -ETIME);
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, GFX, 0, spin), -ETIME);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x204), 0);
	/* its other entities and the new context run */
	ck_assert_int_eq(
		cs_rig_submit(&rig, rig.ctx, COMPUTE, 0, dw, n, &other), 0);
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, COMPUTE, 0, other), 0);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x204), 0x55);
	v = 0x66;
	n = pm4_write_data(dw, DST_MEM, false, cs_rig_va(&rig, 0x208), &v, 1);
	ck_assert_int_eq(cs_rig_submit(&rig, new_ctx, GFX, 0, dw, n, &other),
			 0);
	ck_assert_int_eq(cs_wait_done(rig.fd, new_ctx, GFX, 0, other), 0);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x208), 0x66);
	cs_rig_fini(&rig);
	unsetenv("USERQ_EMU_JOB_TIMEOUT_MS");
}
END_TEST

/* --- fork and close --- */

/* A child has the parent's jobs but not its engine thread: the jobs run
 * in the child too once it looks at them. */
START_TEST(jobs_across_fork)
{
	struct cs_rig rig;
	uint64_t spin, busy;
	int status;
	pid_t pid;

	cs_rig_init(&rig);
	ck_assert_int_eq(
		cs_rig_spin(&rig, rig.ctx, GFX, 0, 0x100, 0x104, 9, &spin), 0);
	ck_assert(cs_busy(rig.fd, rig.ctx, GFX, 0, spin));
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int code = 0, r;

		r = cs_wait(rig.fd, rig.ctx, GFX, 0, spin, CS_LOOK, &busy);
		if (r || !busy)
			code = 1;
		*cs_rig_cpu(&rig, 0x100) = 1;
		if (!code) {
			r = cs_wait(rig.fd, rig.ctx, GFX, 0, spin,
				    (uint64_t)cs_far_deadline(), &busy);
			if (r || busy)
				code = 2;
		}
		if (code)
			fprintf(stderr, "fork child: %d busy %llu\n", r,
				(unsigned long long)busy);
		_exit(code);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	/* the flag is in shared BO memory: the parent's job finishes too */
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, GFX, 0, spin), 0);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x104), 9);
	cs_rig_fini(&rig);
}
END_TEST

/*
 * Closing the file (amdgpu_flush, amdgpu_ctx_mgr_fini) hands queued jobs
 * to the hardware and gives the VM a second; a job still running keeps
 * running: its writes land after the close.
 */
START_TEST(close_leaves_running_jobs)
{
	volatile uint32_t *flag, *mark;
	struct cs_rig rig;
	uint64_t spin;
	int64_t guard;

	cs_rig_init(&rig);
	ck_assert_int_eq(cs_rig_spin(&rig, rig.ctx, COMPUTE, 1, 0x100, 0x104,
				     0xc1, &spin),
			 0);
	ck_assert(cs_busy(rig.fd, rig.ctx, COMPUTE, 1, spin));
	flag = cs_rig_cpu(&rig, 0x100);
	mark = cs_rig_cpu(&rig, 0x104);
	close(rig.fd);
	ck_assert_uint_eq(*mark, 0);
	*flag = 1;
	/* a hang guard, not a timing check */
	guard = cs_far_deadline();
	while (*mark != 0xc1 && conf_now_ns() < guard)
		sched_yield();
	ck_assert_uint_eq(*mark, 0xc1);
	cs_bo_unmap_cpu(&rig.ib);
	cs_bo_unmap_cpu(&rig.data);
}
END_TEST

void cs_add_exec_tests(Suite *s)
{
	TCase *tc = tcase_create("cs_exec");

	tcase_set_timeout(tc, 120);
	conf_add_test(tc, pm4_nop_and_write_data);
	conf_add_loop_test(tc, pm4_wait_reg_mem_functions, 0,
			   sizeof(wait_cases) / sizeof(wait_cases[0]));
	conf_add_test(tc, pm4_release_mem_and_eop);
	conf_add_test(tc, pm4_unsupported_packets_fail_the_job);
	conf_add_test(tc, failed_job_poisons_its_entity);
	conf_add_test(tc, page_faults);
	conf_add_test(tc, prt_reads_zero);
	conf_add_test(tc, delay_update_mapping_needs_the_bo_list);
	conf_add_test(tc, user_fence_written);
	conf_add_test(tc, wait_cs_busy_then_done);
	conf_add_test(tc, wait_fences_all_and_any);
	conf_add_test(tc, syncobj_out_signals_with_the_job);
	conf_add_test(tc, dependencies_order_jobs);
	conf_add_test(tc, job_timeout_resets_the_ring);
	conf_add_test(tc, jobs_across_fork);
	conf_add_test(tc, close_leaves_running_jobs);
	suite_add_tcase(s, tc);
}
