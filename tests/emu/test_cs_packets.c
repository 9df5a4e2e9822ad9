// SPDX-License-Identifier: MIT
/*
 * Kernel CS conformance, part 3: the packets real userspace sends besides
 * the ones the tool uses: INDIRECT_BUFFER calls and chains, DMA_DATA (CP
 * DMA fills and copies, as RADV's vkCmdFillBuffer/vkCmdCopyBuffer emit
 * them), the configuration and synchronisation packets the command
 * processor runs as no-ops, COPY_DATA (RADV's top-of-pipe timestamps)
 * and COND_EXEC, and what it cannot run failing the job as a hang does
 * (-ETIME, a ring reset CTX_QUERY2 reports).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "cs_helpers.h"

#define GFX AMDGPU_HW_IP_GFX
#define COMPUTE AMDGPU_HW_IP_COMPUTE
#define DST_MEM 5 /* WRITE_DATA DST_SEL memory */

#define DMA_SRC_DATA (2u << 29)
#define DMA_SRC_GDS (1u << 29)
#define DMA_DST_L2 (3u << 20)
#define DMA_DST_NOWHERE (2u << 20)
#define DMA_SRC_L2 (3u << 29)
#define DMA_CP_SYNC (1u << 31)
#define DMA_DAS (1u << 27)
#define DMA_DAIC (1u << 29)

static const uint32_t ips[2] = { GFX, COMPUTE };

static size_t write1(uint32_t *dw, const struct cs_rig *rig, uint64_t off,
		     uint32_t v)
{
	return pm4_write_data(dw, DST_MEM, false, cs_rig_va(rig, off), &v, 1);
}

/* dw runs on ip to its end: the job signals without an error. */
static void expect_job_runs(struct cs_rig *rig, uint32_t ip, const uint32_t *dw,
			    size_t n)
{
	uint64_t seq;

	ck_assert_int_eq(cs_rig_submit(rig, rig->ctx, ip, 0, dw, n, &seq), 0);
	ck_assert_int_eq(cs_wait_done(rig->fd, rig->ctx, ip, 0, seq), 0);
}

/* dw, on a new context, fails as a hang: the fence error is -ETIME, the
 * context sees the ring reset, and the marker after the packets is not
 * written. */
static void expect_job_hangs(struct cs_rig *rig, uint32_t ip,
			     const uint32_t *bad, size_t nbad)
{
	uint32_t dw[64], ctx = cs_ctx(rig->fd);
	union drm_amdgpu_ctx q;
	uint64_t seq;
	size_t n;

	*cs_rig_cpu(rig, 0x3f0) = 0;
	memcpy(dw, bad, nbad * 4);
	n = nbad + write1(dw + nbad, rig, 0x3f0, 0xaf);
	ck_assert_int_eq(cs_rig_submit(rig, ctx, ip, 0, dw, n, &seq), 0);
	ck_assert_int_eq(cs_wait_done(rig->fd, ctx, ip, 0, seq), -ETIME);
	ck_assert_uint_eq(*cs_rig_cpu(rig, 0x3f0), 0);
	ck_assert_int_eq(cs_ctx_op(rig->fd, AMDGPU_CTX_OP_QUERY_STATE2, ctx, 0,
				   0, &q),
			 0);
	ck_assert(q.out.state.flags & AMDGPU_CTX_QUERY2_FLAGS_RESET);
}

/* --- INDIRECT_BUFFER --- */

/*
 * A call runs the IB2 and comes back after the packet; a chain replaces
 * the IB being run (what follows the chain packet never runs), in the
 * kernel's IB as in an IB2.
 */
START_TEST(ib_call_and_chain)
{
	uint32_t ip = ips[_i], a[32], b[32], b2[16], c[16], d[16];
	uint64_t vb, vb2, vc, vd;
	struct cs_rig rig;
	size_t na = 0, nb = 0, nb2, nc = 0, nd;
	unsigned int i;

	cs_rig_init(&rig);
	nd = write1(d, &rig, 0x610, 5);
	vd = cs_rig_ib(&rig, d, nd);
	nc += write1(c + nc, &rig, 0x60c, 4);
	nc += pm4_indirect_buffer(c + nc, vd, (uint32_t)nd, true);
	vc = cs_rig_ib(&rig, c, nc);
	nb2 = write1(b2, &rig, 0x614, 6);
	vb2 = cs_rig_ib(&rig, b2, nb2);
	nb += write1(b + nb, &rig, 0x604, 2);
	nb += pm4_indirect_buffer(b + nb, vb2, (uint32_t)nb2, true);
	nb += write1(b + nb, &rig, 0x618, 0xbad);
	vb = cs_rig_ib(&rig, b, nb);

	na += write1(a + na, &rig, 0x600, 1);
	na += pm4_indirect_buffer(a + na, vb, (uint32_t)nb, false);
	na += write1(a + na, &rig, 0x608, 3);
	na += pm4_indirect_buffer(a + na, vc, (uint32_t)nc, true);
	na += write1(a + na, &rig, 0x61c, 0xbad);
	expect_job_runs(&rig, ip, a, na);
	for (i = 0; i < 6; i++)
		ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x600 + 4 * i), i + 1);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x618), 0);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x61c), 0);
	cs_rig_fini(&rig);
}
END_TEST

/* The CP has two IB levels: an IB2 calling another IB hangs the job; an
 * IB that chains to itself never ends and times out. */
START_TEST(ib_limits_hang)
{
	uint32_t ip = ips[_i], a[8], b[16], c[8], loop[8];
	uint64_t vb, vc, vloop;
	struct cs_rig rig;
	size_t nb = 0, nc;

	cs_rig_init(&rig);
	nc = write1(c, &rig, 0x704, 0xbad);
	vc = cs_rig_ib(&rig, c, nc);
	nb += write1(b + nb, &rig, 0x700, 1);
	nb += pm4_indirect_buffer(b + nb, vc, (uint32_t)nc, false);
	vb = cs_rig_ib(&rig, b, nb);
	*cs_rig_cpu(&rig, 0x700) = 0;
	expect_job_hangs(&rig, ip, a,
			 pm4_indirect_buffer(a, vb, (uint32_t)nb, false));
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x700), 1);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x704), 0);

	/* the IB's own address is known before its dwords are: reserve a
	 * slot, then chain it to itself (the IB BO is CPU mapped) */
	pm4_nop(loop, 4);
	vloop = cs_rig_ib(&rig, loop, 4);
	setenv("USERQ_EMU_JOB_TIMEOUT_MS", "50", 1);
	pm4_indirect_buffer(loop, vloop, 4, true);
	memcpy((char *)rig.ib.cpu + (vloop - rig.ib.va), loop, 4 * 4);
	expect_job_hangs(&rig, ip, a, pm4_indirect_buffer(a, vloop, 4, false));
	unsetenv("USERQ_EMU_JOB_TIMEOUT_MS");
	cs_rig_fini(&rig);
}
END_TEST

/* --- DMA_DATA --- */

/*
 * CP DMA: a fill with the DATA dword (byte-granular: the pattern's
 * little-endian bytes), copies memory to memory (also across GPU pages),
 * and the zero-byte DMA and the L2 prefetch (DST_SEL nowhere) write
 * nothing.
 */
START_TEST(dma_data_fill_and_copy)
{
	uint32_t ip = ips[_i], dw[64];
	struct cs_rig rig;
	unsigned int i;
	size_t n = 0;

	cs_rig_init(&rig);
	for (i = 0; i < 8; i++) {
		*cs_rig_cpu(&rig, 0x800 + 4 * i) = 0xc0de0000u + i;
		*cs_rig_cpu(&rig, 0xff8 + 4 * i) = 0xfeed0000u + i;
	}
	*cs_rig_cpu(&rig, 0x744) = 0xffffffffu;
	*cs_rig_cpu(&rig, 0xa00) = 0x77;
	n += pm4_dma_data(dw + n, DMA_SRC_DATA | DMA_CP_SYNC, 0x11223344u,
			  cs_rig_va(&rig, 0x700), 64);
	n += pm4_dma_data(dw + n, DMA_SRC_DATA, 0x55667788u,
			  cs_rig_va(&rig, 0x740), 6);
	n += pm4_dma_data(dw + n, DMA_SRC_L2 | DMA_DST_L2,
			  cs_rig_va(&rig, 0x800), cs_rig_va(&rig, 0x900), 32);
	/* 32 bytes from 0xff8 cross a GPU page boundary on both sides */
	n += pm4_dma_data(dw + n, 0, cs_rig_va(&rig, 0xff8),
			  cs_rig_va(&rig, 0x1ff4), 32);
	n += pm4_dma_data(dw + n, DMA_SRC_L2 | DMA_DST_NOWHERE,
			  cs_rig_va(&rig, 0x800), cs_rig_va(&rig, 0xa00), 4);
	n += pm4_dma_data(dw + n, DMA_SRC_DATA | DMA_CP_SYNC, 0x99,
			  cs_rig_va(&rig, 0xa00), 0);
	expect_job_runs(&rig, ip, dw, n);
	for (i = 0; i < 16; i++)
		ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x700 + 4 * i),
				  0x11223344u);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x740), 0x55667788u);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x744), 0xffff7788u);
	for (i = 0; i < 8; i++) {
		ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x900 + 4 * i),
				  0xc0de0000u + i);
		ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x1ff4 + 4 * i),
				  0xfeed0000u + i);
	}
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0xa00), 0x77);
	cs_rig_fini(&rig);
}
END_TEST

/* DMA_DATA forms the CP model does not run: GDS, register space, a
 * destination that does not increment, a short packet. */
START_TEST(dma_data_unsupported_hangs)
{
	uint32_t ip = ips[_i], bad[8];
	struct cs_rig rig;
	uint64_t va;

	cs_rig_init(&rig);
	va = cs_rig_va(&rig, 0x780);
	*cs_rig_cpu(&rig, 0x780) = 0;
	expect_job_hangs(&rig, ip, bad,
			 pm4_dma_data(bad, DMA_SRC_GDS, 0, va, 4));
	expect_job_hangs(&rig, ip, bad,
			 pm4_dma_data(bad, DMA_SRC_DATA, 1, 0x1234,
				      4 | DMA_DAS));
	expect_job_hangs(&rig, ip, bad,
			 pm4_dma_data(bad, DMA_SRC_DATA, 1, va, 8 | DMA_DAIC));
	pm4_dma_data(bad, DMA_SRC_DATA, 1, va, 4);
	bad[0] = pm4_hdr(PM4_DMA_DATA, 5);
	expect_job_hangs(&rig, ip, bad, 6);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x780), 0);
	cs_rig_fini(&rig);
}
END_TEST

/* --- COPY_DATA --- */

#define COPY_SRC_MEM 1u
#define COPY_SRC_L2 2u
#define COPY_SRC_GDS 3u
#define COPY_SRC_IMM 5u
#define COPY_SRC_TIMESTAMP 9u
#define COPY_DST_REG (0u << 8)
#define COPY_DST_L2 (2u << 8)
#define COPY_DST_MEM (5u << 8)
#define COPY_64 (1u << 16)
#define COPY_WR_CONFIRM (1u << 20)

/* AMDGPU_INFO_TIMESTAMP: the GPU clock counter as the CPU reads it */
static uint64_t gpu_clock(int fd)
{
	struct drm_amdgpu_info req;
	uint64_t v = 0;

	memset(&req, 0, sizeof(req));
	req.return_pointer = (uintptr_t)&v;
	req.return_size = sizeof(v);
	req.query = AMDGPU_INFO_TIMESTAMP;
	ck_assert_int_eq(ioctl(fd, DRM_IOCTL_AMDGPU_INFO, &req), 0);
	return v;
}

static uint64_t qword(struct cs_rig *rig, uint64_t off)
{
	return *cs_rig_cpu(rig, off) | (uint64_t)*cs_rig_cpu(rig, off + 4)
					       << 32;
}

/*
 * Memory to memory in 32 and 64 bits (a 64-bit copy ignores the low three
 * address bits), immediates, and the GPU clock counter: RADV's
 * vkCmdWriteTimestamp at the top of the pipe is COPY_DATA TIMESTAMP to
 * memory, 64 bits, WR_CONFIRM. Its value lies between the clock read
 * before the submission and after the wait, and not after the bottom-of-
 * pipe timestamp (RELEASE_MEM DATA_SEL 3) that follows it.
 */
START_TEST(copy_data_forms)
{
	uint32_t ip = ips[_i], dw[64];
	struct cs_rig rig;
	uint64_t before, after, seq, top, bottom;
	size_t n = 0;

	cs_rig_init(&rig);
	*cs_rig_cpu(&rig, 0x900) = 0x600dcafeu;
	*cs_rig_cpu(&rig, 0x908) = 0x89abcdefu;
	*cs_rig_cpu(&rig, 0x90c) = 0x01234567u;
	*cs_rig_cpu(&rig, 0x914) = 0x55555555u;
	*cs_rig_cpu(&rig, 0x934) = 0x77777777u;
	n += pm4_copy_data(dw + n, COPY_SRC_MEM | COPY_DST_MEM,
			   cs_rig_va(&rig, 0x900), cs_rig_va(&rig, 0x910));
	n += pm4_copy_data(dw + n, COPY_SRC_L2 | COPY_DST_L2 | COPY_64,
			   cs_rig_va(&rig, 0x90c), cs_rig_va(&rig, 0x91c));
	n += pm4_copy_data(dw + n, COPY_SRC_IMM | COPY_DST_MEM,
			   0xffffffff00000042ull, cs_rig_va(&rig, 0x930));
	n += pm4_copy_data(dw + n, COPY_SRC_IMM | COPY_DST_MEM | COPY_64,
			   0x0bad0bad12345678ull, cs_rig_va(&rig, 0x938));
	n += pm4_copy_data(dw + n,
			   COPY_SRC_TIMESTAMP | COPY_DST_MEM | COPY_64 |
				   COPY_WR_CONFIRM,
			   0, cs_rig_va(&rig, 0x940));
	n += pm4_release_mem(dw + n, 3, cs_rig_va(&rig, 0x948), 0);
	before = gpu_clock(rig.fd);
	ck_assert_int_eq(cs_rig_submit(&rig, rig.ctx, ip, 0, dw, n, &seq), 0);
	ck_assert_int_eq(cs_wait_done(rig.fd, rig.ctx, ip, 0, seq), 0);
	after = gpu_clock(rig.fd);

	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x910), 0x600dcafeu);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x914), 0x55555555u);
	ck_assert_uint_eq(qword(&rig, 0x918), 0x0123456789abcdefull);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x930), 0x42u);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x934), 0x77777777u);
	ck_assert_uint_eq(qword(&rig, 0x938), 0x0bad0bad12345678ull);
	top = qword(&rig, 0x940);
	bottom = qword(&rig, 0x948);
	ck_assert_uint_le(before, top);
	ck_assert_uint_le(top, bottom);
	ck_assert_uint_le(bottom, after);
	cs_rig_fini(&rig);
}
END_TEST

/* COPY_DATA forms the CP model does not run: to a register, from GDS, a
 * packet of the wrong size. */
START_TEST(copy_data_unsupported_hangs)
{
	uint32_t ip = ips[_i], bad[8];
	struct cs_rig rig;
	uint64_t va;

	cs_rig_init(&rig);
	va = cs_rig_va(&rig, 0x980);
	*cs_rig_cpu(&rig, 0x980) = 0;
	expect_job_hangs(&rig, ip, bad,
			 pm4_copy_data(bad, COPY_SRC_IMM | COPY_DST_REG, 1,
				       0x2000));
	expect_job_hangs(&rig, ip, bad,
			 pm4_copy_data(bad, COPY_SRC_GDS | COPY_DST_MEM, 0,
				       va));
	pm4_copy_data(bad, COPY_SRC_IMM | COPY_DST_MEM, 1, va);
	bad[0] = pm4_hdr(PM4_COPY_DATA, 4);
	expect_job_hangs(&rig, ip, bad, 5);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x980), 0);
	cs_rig_fini(&rig);
}
END_TEST

/* --- COND_EXEC --- */

/* A zero condition dword discards the next EXEC_COUNT dwords (here one
 * WRITE_DATA); any other value runs them. */
START_TEST(cond_exec_discards_when_zero)
{
	uint32_t ip = ips[_i], dw[64];
	struct cs_rig rig;
	size_t n = 0, w;

	cs_rig_init(&rig);
	*cs_rig_cpu(&rig, 0xa00) = 0;
	*cs_rig_cpu(&rig, 0xa04) = 0x80000000u;
	*cs_rig_cpu(&rig, 0xa10) = 0x1111;
	*cs_rig_cpu(&rig, 0xa14) = 0x2222;
	w = write1(dw, &rig, 0xa10, 0xbad);
	n += pm4_cond_exec(dw + n, cs_rig_va(&rig, 0xa00), (uint32_t)w);
	n += write1(dw + n, &rig, 0xa10, 0xbad);
	n += pm4_cond_exec(dw + n, cs_rig_va(&rig, 0xa04), (uint32_t)w);
	n += write1(dw + n, &rig, 0xa14, 0x600d);
	n += write1(dw + n, &rig, 0xa18, 0xe4d);
	expect_job_runs(&rig, ip, dw, n);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0xa10), 0x1111);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0xa14), 0x600d);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0xa18), 0xe4d);
	cs_rig_fini(&rig);
}
END_TEST

/* Discarding past the end of the IB is not modelled: the job fails. */
START_TEST(cond_exec_past_the_ib_hangs)
{
	uint32_t bad[8];
	struct cs_rig rig;

	cs_rig_init(&rig);
	*cs_rig_cpu(&rig, 0xa20) = 0;
	/* expect_job_hangs appends a 5-dword WRITE_DATA marker */
	expect_job_hangs(&rig, GFX, bad,
			 pm4_cond_exec(bad, cs_rig_va(&rig, 0xa20), 6));
	cs_rig_fini(&rig);
}
END_TEST

/* --- configuration and synchronisation packets --- */

#define PKT_CLEAR_STATE 0x12u
#define PKT_CONTEXT_CONTROL 0x28u
#define PKT_PFP_SYNC_ME 0x42u
#define PKT_EVENT_WRITE 0x46u
#define PKT_PREAMBLE_CNTL 0x4au
#define PKT_ACQUIRE_MEM 0x58u
#define PKT_SET_CONTEXT_REG 0x69u
#define PKT_SET_SH_REG 0x76u
#define PKT_SET_UCONFIG_REG 0x79u

/* One packet of body_dw dwords with opcode, body zero but its first
 * dword. */
static size_t pkt(uint32_t *dw, uint32_t opcode, uint32_t body_dw,
		  uint32_t first)
{
	uint32_t i;

	dw[0] = pm4_hdr(opcode, body_dw);
	for (i = 1; i <= body_dw; i++)
		dw[i] = i == 1 ? first : 0;
	return 1 + body_dw;
}

/* What RADV and radeonsi put before their work: run as no-ops, the work
 * after them runs. */
START_TEST(config_packets_run_as_noops)
{
	uint32_t ip = ips[_i], dw[96];
	struct cs_rig rig;
	size_t n = 0;

	cs_rig_init(&rig);
	if (ip == GFX) {
		n += pkt(dw + n, PKT_CONTEXT_CONTROL, 2, 0x80000000u);
		n += pkt(dw + n, PKT_CLEAR_STATE, 1, 0);
		n += pkt(dw + n, PKT_PREAMBLE_CNTL, 1, 0);
		n += pkt(dw + n, PKT_SET_CONTEXT_REG, 3, 0x200);
		n += pkt(dw + n, PKT_PFP_SYNC_ME, 1, 0);
	}
	n += pkt(dw + n, PKT_SET_SH_REG, 2, 0x204);
	n += pkt(dw + n, PKT_SET_UCONFIG_REG, 2, 0x240);
	/* CS_PARTIAL_FLUSH (event 7, index 4) */
	n += pkt(dw + n, PKT_EVENT_WRITE, 1, 7 | (4u << 8));
	n += pkt(dw + n, PKT_ACQUIRE_MEM, 7, 0);
	n += write1(dw + n, &rig, 0x500, 0x5e7);
	expect_job_runs(&rig, ip, dw, n);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, 0x500), 0x5e7);
	cs_rig_fini(&rig);
}
END_TEST

/* A graphics-pipe packet on a compute queue, an event that writes memory
 * (ZPASS_DONE has an address), a register write without a value. */
START_TEST(config_packets_misused_hang)
{
	uint32_t bad[8];
	struct cs_rig rig;

	cs_rig_init(&rig);
	expect_job_hangs(&rig, COMPUTE, bad,
			 pkt(bad, PKT_SET_CONTEXT_REG, 2, 0x200));
	expect_job_hangs(&rig, COMPUTE, bad,
			 pkt(bad, PKT_CONTEXT_CONTROL, 2, 0));
	expect_job_hangs(&rig, GFX, bad,
			 pkt(bad, PKT_EVENT_WRITE, 3, 0x15 | (1u << 8)));
	expect_job_hangs(&rig, GFX, bad, pkt(bad, PKT_SET_SH_REG, 1, 0x204));
	cs_rig_fini(&rig);
}
END_TEST

void cs_add_packet_tests(Suite *s)
{
	TCase *tc = tcase_create("cs_packets");

	tcase_set_timeout(tc, 120);
	conf_add_loop_test(tc, ib_call_and_chain, 0, 2);
	conf_add_loop_test(tc, ib_limits_hang, 0, 2);
	conf_add_loop_test(tc, dma_data_fill_and_copy, 0, 2);
	conf_add_loop_test(tc, dma_data_unsupported_hangs, 0, 2);
	conf_add_loop_test(tc, copy_data_forms, 0, 2);
	conf_add_loop_test(tc, copy_data_unsupported_hangs, 0, 2);
	conf_add_loop_test(tc, cond_exec_discards_when_zero, 0, 2);
	conf_add_test(tc, cond_exec_past_the_ib_hangs);
	conf_add_loop_test(tc, config_packets_run_as_noops, 0, 2);
	conf_add_test(tc, config_packets_misused_hang);
	suite_add_tcase(s, tc);
}
