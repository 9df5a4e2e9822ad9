// SPDX-License-Identifier: MIT
/*
 * No kernel file: the hardware. The emulated command processor runs PM4
 * from BO memory (see hw/cp.h).
 *
 * Encodings used (facts from Mesa src/amd/common/sid.h and the kernel's
 * drivers/gpu/drm/amd/amdgpu/nvd.h / soc15d.h):
 *  - PACKET3 header: type 3 in bits 31:30, COUNT (body dwords - 1) in bits
 *    29:16, IT opcode in bits 15:8; NOP with COUNT 0x3fff is one dword
 *    (sid.h PKT3_NOP_PAD, the kernel's ring->funcs->nop).
 *  - WRITE_DATA: control DST_SEL bits 11:8 (0 register, 1 memory via GRBM,
 *    2 TC/L2, 3 GDS, 5 memory), WR_ONE_ADDR bit 16; then ADDR_LO, ADDR_HI
 *    and the data dwords.
 *  - WAIT_REG_MEM: control FUNCTION bits 2:0 (0 always, 1 <, 2 <=, 3 ==,
 *    4 !=, 5 >=, 6 >), MEM_SPACE bits 5:4 (0 register, 1 memory),
 *    OPERATION bits 7:6 (0 wait), ENGINE bits 9:8; then POLL_ADDRESS_LO
 *    (bits 31:2), POLL_ADDRESS_HI, REFERENCE, MASK, POLL_INTERVAL. The
 *    condition is (memory & MASK) FUNCTION REFERENCE.
 *  - EVENT_WRITE_EOP: EVENT_CNTL, ADDRESS_LO, then ADDRESS_HI bits 15:0
 *    with DATA_SEL bits 31:29 and INT_SEL bits 25:24, DATA_LO, DATA_HI.
 *  - RELEASE_MEM (gfx9+, COUNT 6): EVENT_CNTL, then DST_SEL bits 17:16,
 *    INT_SEL bits 26:24, DATA_SEL bits 31:29; ADDRESS_LO, ADDRESS_HI,
 *    DATA_LO, DATA_HI, INT_CTXID.
 *  - DATA_SEL: 0 none, 1 low 32 bits, 2 64 bits, 3 the 64-bit GPU clock
 *    counter, 4 the 64-bit system counter.
 *  - INDIRECT_BUFFER (COUNT 2): IB_BASE_LO (bits 31:2), IB_BASE_HI, then
 *    IB_SIZE in dwords bits 19:0, CHAIN bit 20, VALID bit 23, VMID bits
 *    27:24 (what gfx_v11_0_ring_emit_ib_gfx writes; VMID is ignored in a
 *    user IB, which runs in its own VMID).
 *  - DMA_DATA (gfx9+ form, COUNT 5): CONTROL with ENGINE_SEL bit 0,
 *    DST_SEL bits 21:20 (0 memory, 1 GDS, 2 nowhere, 3 memory via L2),
 *    SRC_SEL bits 30:29 (0 memory, 1 GDS, 2 the DATA dword, 3 memory via
 *    L2), CP_SYNC bit 31; SRC_ADDR_LO or DATA, SRC_ADDR_HI, DST_ADDR_LO,
 *    DST_ADDR_HI; COMMAND with BYTE_COUNT bits 25:0, SAS bit 26 and DAS
 *    bit 27 (1: register space), SAIC bit 28 and DAIC bit 29 (1: the
 *    address does not increment), RAW_WAIT bit 30, DIS_WC bit 31.
 *  - COPY_DATA (COUNT 4): CONTROL with SRC_SEL bits 3:0 (0 register,
 *    1 memory, 2 memory via L2, 3 GDS, 4 perfcounter, 5 immediate, 9 the
 *    GPU clock counter), DST_SEL bits 11:8 (0 register, 1 memory via
 *    GRBM, 2 memory via L2, 3 GDS, 4 perfcounter, 5 memory), COUNT_SEL
 *    bit 16 (1: 64 bits), WR_CONFIRM bit 20, ENGINE_SEL bits 31:30; then
 *    SRC_ADDR_LO or the immediate's low dword, SRC_ADDR_HI or its high
 *    dword, DST_ADDR_LO, DST_ADDR_HI.
 *  - COND_EXEC (gfx9+ form, COUNT 3): ADDR_LO (bits 31:2), ADDR_HI, a
 *    reserved dword, EXEC_COUNT bits 13:0: when the dword at the address
 *    is 0, the next EXEC_COUNT dwords are discarded (what
 *    gfx_v11_0_ring_emit_init_cond_exec relies on).
 *  - PREDICATE, header bit 0: run only if SET_PREDICATION's condition
 *    holds; the model has no predication, so every packet runs.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cp.h"
#include "emu/amdgpu/amdgpu_job.h"
#include "emu/amdgpu/amdgpu_priv.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "emu/drm/drm_gem.h"
#include "emu/drm/gpu_scheduler.h"

#define PM4_TYPE(h) ((h) >> 30)
#define PM4_COUNT(h) (((h) >> 16) & 0x3fffu)
#define PM4_OPCODE(h) (((h) >> 8) & 0xffu)
#define PM4_COUNT_HEADER_ONLY 0x3fffu

#define PKT3_NOP 0x10u
#define PKT3_CLEAR_STATE 0x12u
#define PKT3_COND_EXEC 0x22u
#define PKT3_CONTEXT_CONTROL 0x28u
#define PKT3_WRITE_DATA 0x37u
#define PKT3_WAIT_REG_MEM 0x3cu
#define PKT3_INDIRECT_BUFFER 0x3fu
#define PKT3_COPY_DATA 0x40u
#define PKT3_PFP_SYNC_ME 0x42u
#define PKT3_EVENT_WRITE 0x46u
#define PKT3_EVENT_WRITE_EOP 0x47u
#define PKT3_RELEASE_MEM 0x49u
#define PKT3_PREAMBLE_CNTL 0x4au
#define PKT3_DMA_DATA 0x50u
#define PKT3_ACQUIRE_MEM 0x58u
#define PKT3_SET_CONFIG_REG 0x68u
#define PKT3_SET_CONTEXT_REG 0x69u
#define PKT3_SET_SH_REG 0x76u
#define PKT3_SET_UCONFIG_REG 0x79u
#define PKT3_SET_UCONFIG_REG_INDEX 0x7au
#define PKT3_SET_SH_REG_INDEX 0x9bu

#define IB_SIZE_MASK 0xfffffu
#define IB_CHAIN (1u << 20)

#define COPY_SRC_SEL(c) ((c)&0xfu)
#define COPY_DST_SEL(c) (((c) >> 8) & 0xfu)
#define COPY_COUNT_SEL (1u << 16)
#define COPY_SEL_MEM 1u /* memory (as a destination: through GRBM) */
#define COPY_SEL_MEM_L2 2u
#define COPY_DST_MEM 5u
#define COPY_SRC_IMM 5u /* 5 as a source is the immediate */
#define COPY_SRC_TIMESTAMP 9u

#define COND_EXEC_COUNT(d) ((d)&0x3fffu)

#define DMA_DST_SEL(c) (((c) >> 20) & 0x3u)
#define DMA_SRC_SEL(c) (((c) >> 29) & 0x3u)
#define DMA_SEL_MEM 0u
#define DMA_SEL_GDS 1u
#define DMA_DST_NOWHERE 2u
#define DMA_SRC_DATA 2u
#define DMA_SEL_MEM_L2 3u
#define DMA_BYTE_COUNT(c) ((c)&0x3ffffffu)
#define DMA_SAS (1u << 26)
#define DMA_DAS (1u << 27)
#define DMA_SAIC (1u << 28)
#define DMA_DAIC (1u << 29)

/* The GPU ignores the sign extension of high-half addresses
 * (AMDGPU_GMC_HOLE_MASK, as amdgpu_cs_patch_ibs masks va_start). */
#define GMC_HOLE_MASK 0x0000ffffffffffffull
#define GPU_PAGE_SHIFT 12

/* The body dwords the executed packets need at most (RELEASE_MEM). */
#define BODY_MAX 7u

enum cp_access { CP_MAPPED, CP_PRT, CP_FAULT };

struct cp_ctx {
	struct amdgpu_job *job;
	const char *ring;
	bool compute; /* a MEC queue: no PFP, no context registers */
	struct amdgpu_cp_ib_pos *pos; /* the IB being fetched */
	uint32_t header;
	const char *why; /* why the current packet is not supported */
};

/* The job's VM view: the valid mapping holding va, and where that byte
 * lives in its BO's kmap. */
static enum cp_access cp_translate(struct amdgpu_job *job, uint64_t va,
				   unsigned int len, void **ptr)
{
	uint64_t pfn, off;
	size_t lo = 0, hi = job->nmaps;
	const struct amdgpu_cp_map *m = NULL;

	va &= GMC_HOLE_MASK;
	pfn = va >> GPU_PAGE_SHIFT;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (job->maps[mid].last < pfn) {
			lo = mid + 1;
		} else if (job->maps[mid].start > pfn) {
			hi = mid;
		} else {
			m = &job->maps[mid];
			break;
		}
	}
	if (!m)
		return CP_FAULT;
	/* PRT pages (AMDGPU_PTE_PRT): reads return zero, writes are
	 * discarded, no fault */
	if (!m->bo)
		return CP_PRT;
	off = m->offset + (va - (m->start << GPU_PAGE_SHIFT));
	if (!m->bo->kmap || off + len > m->bo->size)
		return CP_FAULT;
	*ptr = (char *)m->bo->kmap + off;
	return CP_MAPPED;
}

/* gmc_v11_0_process_interrupt logs the fault; without retry faults the
 * access goes to the default page and the job goes on. */
static void cp_fault(struct amdgpu_job *job, const char *ring, uint64_t va,
		     const char *what)
{
	if (job->fault_logged)
		return;
	job->fault_logged = true;
	emu_log("amdgpu: [gfxhub] page fault (ring %s) at address 0x%llx "
		"(%s): no valid mapping in this VM; reads return 0, writes "
		"are dropped (first fault of this job)",
		ring, (unsigned long long)(va & GMC_HOLE_MASK), what);
}

static uint32_t cp_read32(struct amdgpu_job *job, const char *ring, uint64_t va,
			  const char *what)
{
	void *p;

	switch (cp_translate(job, va, 4, &p)) {
	case CP_MAPPED:
		/* the CPU may write it at any time through its own mapping */
		return __atomic_load_n((uint32_t *)p, __ATOMIC_ACQUIRE);
	case CP_PRT:
		return 0;
	default:
		cp_fault(job, ring, va, what);
		return 0;
	}
}

static void cp_write(struct amdgpu_job *job, const char *ring, uint64_t va,
		     uint64_t value, unsigned int len)
{
	void *p;

	switch (cp_translate(job, va, len, &p)) {
	case CP_MAPPED:
		if (len == 8)
			__atomic_store_n((uint64_t *)p, value,
					 __ATOMIC_RELEASE);
		else
			__atomic_store_n((uint32_t *)p, (uint32_t)value,
					 __ATOMIC_RELEASE);
		break;
	case CP_PRT:
		break;
	default:
		cp_fault(job, ring, va, "write");
		break;
	}
}

/* Dword i of the current IB. The CP fetches through the VM like any
 * other access; IB_BASE_LO holds address bits 31:2. */
static uint32_t cp_fetch(struct cp_ctx *c, uint32_t i)
{
	uint64_t va = (c->pos->va & ~3ull) + 4ull * i;

	return cp_read32(c->job, c->ring, va, "IB fetch");
}

/* len bytes (len <= the bytes left in va's GPU page) of one mapping, or
 * NULL for a PRT page; false on a fault, logged. */
static bool cp_span(struct cp_ctx *c, uint64_t va, unsigned int len,
		    const char *what, void **ptr)
{
	switch (cp_translate(c->job, va, len, ptr)) {
	case CP_MAPPED:
		return true;
	case CP_PRT:
		*ptr = NULL;
		return true;
	default:
		cp_fault(c->job, c->ring, va, what);
		return false;
	}
}

/* Bytes from va to the end of its GPU page, at most n. */
static unsigned int cp_page_left(uint64_t va, uint64_t n)
{
	uint64_t left = (1ull << GPU_PAGE_SHIFT) -
			(va & ((1ull << GPU_PAGE_SHIFT) - 1));

	return (unsigned int)(n < left ? n : left);
}

/* The RLC clock counter (the board's gpu_counter_hz) at the CP's "now". */
static uint64_t cp_gpu_counter(void)
{
	unsigned __int128 t = (unsigned __int128)emu_now_ns() *
			      emu_dev.adev.board->gpu_counter_hz;

	return (uint64_t)(t / EMU_NSEC_PER_SEC);
}

/* The data write of EVENT_WRITE_EOP / RELEASE_MEM (DATA_SEL). */
static int cp_eop_write(struct cp_ctx *c, uint64_t addr, uint32_t data_sel,
			uint32_t lo, uint32_t hi)
{
	switch (data_sel) {
	case 0: /* discard: the event only */
		return 0;
	case 1: /* low 32 bits, dword aligned */
		cp_write(c->job, c->ring, addr & ~3ull, lo, 4);
		return 0;
	case 2: /* 64 bits, qword aligned */
		cp_write(c->job, c->ring, addr & ~7ull,
			 ((uint64_t)hi << 32) | lo, 8);
		return 0;
	case 3: /* GPU clock counter */
	case 4: /* system counter: the same clock here */
		cp_write(c->job, c->ring, addr & ~7ull, cp_gpu_counter(), 8);
		return 0;
	default:
		c->why = "DATA_SEL not emulated";
		return -EINVAL;
	}
}

/* 0: done, 1: condition false (poll again), -EINVAL: not supported. */
static int cp_write_data(struct cp_ctx *c, const uint32_t *body, uint32_t count)
{
	uint32_t dst_sel = (body[0] >> 8) & 0xfu;
	bool one_addr = body[0] & (1u << 16);
	uint64_t addr = (body[1] & ~3u) | ((uint64_t)body[2] << 32);
	uint32_t i, n;

	if (count < 2) {
		c->why = "WRITE_DATA without an address";
		return -EINVAL;
	}
	switch (dst_sel) {
	case 1: /* memory, synchronous via GRBM */
	case 2: /* TC/L2 */
	case 5: /* memory */
		break;
	case 0:
		c->why = "WRITE_DATA to a register (DST_SEL 0) not emulated";
		return -EINVAL;
	case 3:
		c->why = "WRITE_DATA to GDS (DST_SEL 3) not emulated";
		return -EINVAL;
	default:
		c->why = "WRITE_DATA DST_SEL not emulated";
		return -EINVAL;
	}
	/* the data follows the three control dwords */
	n = count - 2;
	for (i = 0; i < n; i++) {
		uint32_t v = cp_fetch(c, c->pos->dw + 4 + i);

		cp_write(c->job, c->ring, addr + (one_addr ? 0 : 4ull * i), v,
			 4);
	}
	return 0;
}

static int cp_wait_reg_mem(struct cp_ctx *c, const uint32_t *body,
			   uint32_t count)
{
	uint32_t func = body[0] & 0x7u;
	uint32_t mem_space = (body[0] >> 4) & 0x3u;
	uint32_t operation = (body[0] >> 6) & 0x3u;
	uint64_t addr = (body[1] & ~3u) | ((uint64_t)body[2] << 32);
	uint32_t ref = body[3], mask = body[4], v;
	bool ok;

	if (count < 5) {
		c->why = "short WAIT_REG_MEM";
		return -EINVAL;
	}
	if (mem_space != 1) {
		c->why = "register-space WAIT_REG_MEM not emulated";
		return -EINVAL;
	}
	if (operation != 0) {
		c->why = "WAIT_REG_MEM OPERATION not emulated";
		return -EINVAL;
	}
	v = cp_read32(c->job, c->ring, addr, "WAIT_REG_MEM") & mask;
	switch (func) {
	case 0:
		ok = true;
		break;
	case 1:
		ok = v < ref;
		break;
	case 2:
		ok = v <= ref;
		break;
	case 3:
		ok = v == ref;
		break;
	case 4:
		ok = v != ref;
		break;
	case 5:
		ok = v >= ref;
		break;
	case 6:
		ok = v > ref;
		break;
	default:
		c->why = "WAIT_REG_MEM FUNCTION 7 (reserved)";
		return -EINVAL;
	}
	return ok ? 0 : 1;
}

static int cp_event_write_eop(struct cp_ctx *c, const uint32_t *body,
			      uint32_t count)
{
	uint64_t addr = body[1] | ((uint64_t)(body[2] & 0xffffu) << 32);

	if (count < 4) {
		c->why = "short EVENT_WRITE_EOP";
		return -EINVAL;
	}
	/* INT_SEL would raise an EOP interrupt; nobody listens for a user
	 * IB's interrupts, so nothing to emulate */
	return cp_eop_write(c, addr, (body[2] >> 29) & 0x7u, body[3], body[4]);
}

static int cp_release_mem(struct cp_ctx *c, const uint32_t *body,
			  uint32_t count)
{
	uint32_t dst_sel = (body[1] >> 16) & 0x3u;
	uint64_t addr = body[2] | ((uint64_t)body[3] << 32);

	if (count < 5) {
		c->why = "short RELEASE_MEM";
		return -EINVAL;
	}
	/* 0: memory controller, 1: TC/L2; 2 and 3 target queue state */
	if (dst_sel > 1) {
		c->why = "RELEASE_MEM DST_SEL not emulated";
		return -EINVAL;
	}
	return cp_eop_write(c, addr, (body[1] >> 29) & 0x7u, body[4], body[5]);
}

/*
 * COPY_DATA between memory, immediates and the GPU clock counter: the
 * memory-only forms, among them RADV's vkCmdWriteTimestamp at the top of
 * the pipe (COPY_DATA TIMESTAMP to memory, 64 bits). Registers, GDS and
 * perfcounters on either side are not emulated. WR_CONFIRM needs nothing:
 * the model's writes are done when the packet ends.
 */
static int cp_copy_data(struct cp_ctx *c, const uint32_t *body, uint32_t count)
{
	uint32_t src_sel = COPY_SRC_SEL(body[0]),
		 dst_sel = COPY_DST_SEL(body[0]);
	bool wide = body[0] & COPY_COUNT_SEL;
	/* a 64-bit copy ignores address bits 2:0, a 32-bit one bits 1:0 */
	uint64_t align = wide ? ~7ull : ~3ull;
	uint64_t src = (body[1] | ((uint64_t)body[2] << 32)) & align;
	uint64_t dst = (body[3] | ((uint64_t)body[4] << 32)) & align;
	uint64_t v;

	if (count != 4) {
		c->why = "COPY_DATA with COUNT other than 4";
		return -EINVAL;
	}
	if (dst_sel != COPY_SEL_MEM && dst_sel != COPY_SEL_MEM_L2 &&
	    dst_sel != COPY_DST_MEM) {
		c->why = "COPY_DATA to a register, GDS or perfcounter not "
			 "emulated";
		return -EINVAL;
	}
	switch (src_sel) {
	case COPY_SEL_MEM:
	case COPY_SEL_MEM_L2:
		v = cp_read32(c->job, c->ring, src, "COPY_DATA read");
		if (wide)
			v |= (uint64_t)cp_read32(c->job, c->ring, src + 4,
						 "COPY_DATA read")
			     << 32;
		break;
	case COPY_SRC_IMM:
		v = body[1] | ((uint64_t)body[2] << 32);
		break;
	case COPY_SRC_TIMESTAMP:
		v = cp_gpu_counter();
		break;
	default:
		c->why = "COPY_DATA from a register, GDS or perfcounter not "
			 "emulated";
		return -EINVAL;
	}
	cp_write(c->job, c->ring, dst, wide ? v : (uint32_t)v, wide ? 8 : 4);
	return 0;
}

/*
 * COND_EXEC: discard the next EXEC_COUNT dwords when the condition dword
 * is 0. The dwords discarded must lie in the IB being fetched; where the
 * CP would go when the count runs past its end is not modelled.
 */
static int cp_cond_exec(struct cp_ctx *c, const uint32_t *body, uint32_t count,
			uint32_t ndw)
{
	uint64_t addr = (body[0] & ~3u) | ((uint64_t)body[1] << 32);
	uint32_t skip = COND_EXEC_COUNT(body[3]);

	if (count != 3) {
		c->why = "COND_EXEC with COUNT other than 3";
		return -EINVAL;
	}
	if (skip > c->pos->length_dw - c->pos->dw - ndw) {
		c->why = "COND_EXEC discarding past the end of the IB not "
			 "emulated";
		return -EINVAL;
	}
	if (!cp_read32(c->job, c->ring, addr, "COND_EXEC"))
		c->pos->dw += skip;
	return 0;
}

/*
 * INDIRECT_BUFFER: CHAIN replaces the IB being fetched (what follows the
 * packet is never read); otherwise the kernel IB calls an IB2 and goes
 * on after the packet when it ends. An IB2 cannot call further (the CP
 * has two IB levels; gfx_v11_0 puts the user IB at the first). 0, or
 * -EINVAL; the packet's dwords are consumed here.
 */
static int cp_indirect_buffer(struct cp_ctx *c, const uint32_t *body,
			      uint32_t count, uint32_t ndw)
{
	struct amdgpu_job *job = c->job;
	uint64_t va = (body[0] & ~3u) | ((uint64_t)(body[1] & 0xffffu) << 32);
	uint32_t size = body[2] & IB_SIZE_MASK;

	if (count != 2) {
		c->why = "INDIRECT_BUFFER with COUNT other than 2";
		return -EINVAL;
	}
	if (body[2] & IB_CHAIN) {
		*c->pos = (struct amdgpu_cp_ib_pos){ .va = va,
						     .length_dw = size };
		return 0;
	}
	if (job->cp_level) {
		c->why = "INDIRECT_BUFFER call from an IB2 (no third IB level)";
		return -EINVAL;
	}
	c->pos->dw += ndw;
	job->cp_level = 1;
	job->cp_pos[1] =
		(struct amdgpu_cp_ib_pos){ .va = va, .length_dw = size };
	return 0;
}

/* DMA_DATA with SRC_SEL DATA: the dword, repeated, in little-endian byte
 * order from the destination address on. */
static int cp_dma_fill(struct cp_ctx *c, uint64_t dst, uint32_t data,
		       uint64_t n)
{
	uint64_t done = 0;

	while (done < n) {
		unsigned int len = cp_page_left(dst + done, n - done), i;
		unsigned char *p;

		if (cp_span(c, dst + done, len, "DMA_DATA write",
			    (void **)&p) &&
		    p)
			for (i = 0; i < len; i++)
				p[i] = (unsigned char)(data >>
						       (8 * ((done + i) & 3)));
		done += len;
	}
	return 0;
}

/* DMA_DATA memory to memory, in GPU-page pieces; an unmapped source
 * reads as 0, an unmapped destination drops the bytes. */
static int cp_dma_copy(struct cp_ctx *c, uint64_t dst, uint64_t src, uint64_t n)
{
	static const unsigned char zero[1u << GPU_PAGE_SHIFT];
	uint64_t done = 0;

	while (done < n) {
		unsigned int len = cp_page_left(src + done, n - done);
		const void *from = zero;
		void *s, *d;

		len = cp_page_left(dst + done, len);
		if (cp_span(c, src + done, len, "DMA_DATA read", &s) && s)
			from = s;
		if (cp_span(c, dst + done, len, "DMA_DATA write", &d) && d)
			memmove(d, from, len);
		done += len;
	}
	return 0;
}

/* DMA_DATA (CP DMA): the forms RADV and radeonsi use for buffer fills,
 * copies, L2 prefetches (DST_SEL nowhere) and the zero-byte DMA that
 * waits for earlier DMA. Register and GDS sides and non-incrementing
 * addresses are not emulated. */
static int cp_dma_data(struct cp_ctx *c, const uint32_t *body, uint32_t count)
{
	uint32_t ctl = body[0], cmd = body[5];
	uint32_t src_sel = DMA_SRC_SEL(ctl), dst_sel = DMA_DST_SEL(ctl);
	uint64_t src = body[1] | ((uint64_t)body[2] << 32);
	uint64_t dst = body[3] | ((uint64_t)body[4] << 32);
	uint64_t n = DMA_BYTE_COUNT(cmd);

	if (count != 5) {
		c->why = "DMA_DATA with COUNT other than 5";
		return -EINVAL;
	}
	if (src_sel == DMA_SEL_GDS || dst_sel == DMA_SEL_GDS) {
		c->why = "DMA_DATA from or to GDS not emulated";
		return -EINVAL;
	}
	if ((cmd & DMA_DAS) || ((cmd & DMA_SAS) && src_sel != DMA_SRC_DATA)) {
		c->why = "DMA_DATA in register space (SAS/DAS) not emulated";
		return -EINVAL;
	}
	if (cmd & (DMA_SAIC | DMA_DAIC)) {
		c->why = "DMA_DATA without address increment (SAIC/DAIC) not "
			 "emulated";
		return -EINVAL;
	}
	if (!n || dst_sel == DMA_DST_NOWHERE)
		return 0; /* a wait for earlier DMA, or a prefetch */
	if (src_sel == DMA_SRC_DATA)
		return cp_dma_fill(c, dst, body[1], n);
	return cp_dma_copy(c, dst, src, n);
}

/*
 * Packets that only configure state the model does not keep (registers:
 * what they set matters to draws and dispatches, which are not emulated)
 * or order work the model already runs in order (caches, PFP/ME sync):
 * nothing to do once their size is right. min_count is the smallest
 * COUNT the packet has; gfx_only marks packets of the graphics pipe
 * (PFP or context registers), which a compute queue (MEC) rejects.
 */
struct cp_noop {
	uint8_t opcode;
	uint16_t min_count, max_count;
	bool gfx_only;
	const char *name;
};

#define ANY PM4_COUNT_HEADER_ONLY
static const struct cp_noop cp_noops[] = {
	{ PKT3_CLEAR_STATE, 0, 0, true, "CLEAR_STATE" },
	{ PKT3_CONTEXT_CONTROL, 1, 1, true, "CONTEXT_CONTROL" },
	{ PKT3_PFP_SYNC_ME, 0, 0, true, "PFP_SYNC_ME" },
	/* COUNT 0: an event without data (cache flushes, partial flushes,
	 * VS/PS/CS done); the events with an address write memory
	 * (ZPASS_DONE, SAMPLE_PIPELINESTAT, ...), which is not emulated */
	{ PKT3_EVENT_WRITE, 0, 0, false, "EVENT_WRITE" },
	{ PKT3_PREAMBLE_CNTL, 0, 0, true, "PREAMBLE_CNTL" },
	/* gfx10+: COUNT 6 (gfx9: 5) */
	{ PKT3_ACQUIRE_MEM, 5, 6, false, "ACQUIRE_MEM" },
	{ PKT3_SET_CONFIG_REG, 1, ANY, true, "SET_CONFIG_REG" },
	{ PKT3_SET_CONTEXT_REG, 1, ANY, true, "SET_CONTEXT_REG" },
	{ PKT3_SET_SH_REG, 1, ANY, false, "SET_SH_REG" },
	{ PKT3_SET_UCONFIG_REG, 1, ANY, false, "SET_UCONFIG_REG" },
	{ PKT3_SET_UCONFIG_REG_INDEX, 1, ANY, false, "SET_UCONFIG_REG_INDEX" },
	{ PKT3_SET_SH_REG_INDEX, 1, ANY, false, "SET_SH_REG_INDEX" },
};
#undef ANY

/* 0: a no-op packet, run; -EINVAL: one, malformed or on the wrong queue;
 * 1: not a no-op packet. */
static int cp_noop(struct cp_ctx *c, uint32_t opcode, uint32_t count)
{
	size_t i;

	for (i = 0; i < sizeof(cp_noops) / sizeof(cp_noops[0]); i++) {
		const struct cp_noop *p = &cp_noops[i];

		if (p->opcode != opcode)
			continue;
		if (p->gfx_only && c->compute) {
			c->why = "a graphics-pipe packet on a compute queue";
			return -EINVAL;
		}
		if (count < p->min_count || count > p->max_count) {
			c->why = "a configuration packet of the wrong size";
			return -EINVAL;
		}
		return 0;
	}
	return 1;
}

static void cp_unsupported(const struct cp_ctx *c)
{
	const struct amdgpu_job *job = c->job;

	emu_log("amdgpu: CP (ring %s): %s: PM4 header 0x%08x (type %u, "
		"opcode 0x%02x) at IB %u%s dword %u (va 0x%llx); the CP stops "
		"on it as on an illegal packet",
		c->ring, c->why, c->header, PM4_TYPE(c->header),
		PM4_OPCODE(c->header), job->ib, job->cp_level ? " (IB2)" : "",
		c->pos->dw,
		(unsigned long long)((c->pos->va & ~3ull) + 4ull * c->pos->dw));
}

/* The IB level to fetch from next, after ends of IBs; NULL when every
 * kernel IB ran to its end. */
static struct amdgpu_cp_ib_pos *cp_next_pos(struct amdgpu_job *job)
{
	for (;;) {
		struct amdgpu_cp_ib_pos *pos;

		if (!job->ib_loaded) {
			if (job->ib >= job->num_ibs)
				return NULL;
			job->cp_pos[0] = (struct amdgpu_cp_ib_pos){
				.va = job->ibs[job->ib].va,
				.length_dw = job->ibs[job->ib].length_dw,
			};
			job->cp_level = 0;
			job->ib_loaded = true;
		}
		pos = &job->cp_pos[job->cp_level];
		if (pos->dw < pos->length_dw)
			return pos;
		if (job->cp_level) {
			/* back to the packet after the call */
			job->cp_level = 0;
			continue;
		}
		job->ib++;
		job->ib_loaded = false;
	}
}

enum amdgpu_cp_status amdgpu_cp_run(struct amdgpu_job *job, const char *ring,
				    unsigned int budget)
{
	struct cp_ctx c = { .job = job, .ring = ring };

	emu_lockdep_assert_held();
	c.compute = job->ring && job->ring->hw_ip == AMDGPU_HW_IP_COMPUTE;
	while (budget--) {
		uint32_t body[BODY_MAX] = { 0 };
		uint32_t count, opcode, ndw, i;
		int r;

		c.pos = cp_next_pos(job);
		if (!c.pos)
			return AMDGPU_CP_DONE;
		c.header = cp_fetch(&c, c.pos->dw);
		c.why = NULL;
		if (PM4_TYPE(c.header) != 3) {
			c.why = "type 0/1/2 packets are not emulated";
			cp_unsupported(&c);
			return AMDGPU_CP_ERROR;
		}
		count = PM4_COUNT(c.header);
		opcode = PM4_OPCODE(c.header);
		ndw = opcode == PKT3_NOP && count == PM4_COUNT_HEADER_ONLY ?
			      1 :
			      count + 2;
		if (ndw > c.pos->length_dw - c.pos->dw) {
			c.why = "packet runs past the end of the IB";
			cp_unsupported(&c);
			return AMDGPU_CP_ERROR;
		}
		if (opcode != PKT3_NOP)
			for (i = 0; i < BODY_MAX && i < ndw - 1; i++)
				body[i] = cp_fetch(&c, c.pos->dw + 1 + i);

		switch (opcode) {
		case PKT3_NOP:
			r = 0;
			break;
		case PKT3_WRITE_DATA:
			r = cp_write_data(&c, body, count);
			break;
		case PKT3_WAIT_REG_MEM:
			r = cp_wait_reg_mem(&c, body, count);
			break;
		case PKT3_EVENT_WRITE_EOP:
			r = cp_event_write_eop(&c, body, count);
			break;
		case PKT3_RELEASE_MEM:
			r = cp_release_mem(&c, body, count);
			break;
		case PKT3_INDIRECT_BUFFER:
			r = cp_indirect_buffer(&c, body, count, ndw);
			if (!r)
				continue; /* the position moved */
			break;
		case PKT3_DMA_DATA:
			r = cp_dma_data(&c, body, count);
			break;
		case PKT3_COPY_DATA:
			r = cp_copy_data(&c, body, count);
			break;
		case PKT3_COND_EXEC:
			r = cp_cond_exec(&c, body, count, ndw);
			break;
		default:
			r = cp_noop(&c, opcode, count);
			if (r > 0) {
				c.why = "unknown or unsupported opcode";
				r = -EINVAL;
			}
			break;
		}
		if (r < 0) {
			cp_unsupported(&c);
			return AMDGPU_CP_ERROR;
		}
		if (r > 0)
			return AMDGPU_CP_WAIT;
		c.pos->dw += ndw;
	}
	return AMDGPU_CP_YIELD;
}

void amdgpu_cp_write_user_fence(struct amdgpu_job *job, const char *ring)
{
	struct emu_gem_object *bo = job->uf_bo;

	emu_lockdep_assert_held();
	if (!bo)
		return;
	/* gfx_v11_0_ring_emit_fence: a 64-bit write needs a qword aligned
	 * address (the kernel BUG()s otherwise); amdgpu_cs_p1_user_fence
	 * lets offset + 8 wrap around 2^32, which writes outside the BO */
	if ((job->uf_offset & 7) || job->uf_offset + 8 > bo->size ||
	    !bo->kmap) {
		emu_log("amdgpu: CP (ring %s): user fence at offset 0x%llx of "
			"its BO is not a qword inside the BO: not written",
			ring, (unsigned long long)job->uf_offset);
		return;
	}
	__atomic_store_n((uint64_t *)((char *)bo->kmap + job->uf_offset),
			 job->uf_sequence, __ATOMIC_RELEASE);
}
