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
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "cp.h"
#include "emu/amdgpu/amdgpu_job.h"
#include "emu/amdgpu/amdgpu_priv.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "emu/drm/drm_gem.h"

#define PM4_TYPE(h) ((h) >> 30)
#define PM4_COUNT(h) (((h) >> 16) & 0x3fffu)
#define PM4_OPCODE(h) (((h) >> 8) & 0xffu)
#define PM4_COUNT_HEADER_ONLY 0x3fffu

#define PKT3_NOP 0x10u
#define PKT3_WRITE_DATA 0x37u
#define PKT3_WAIT_REG_MEM 0x3cu
#define PKT3_EVENT_WRITE_EOP 0x47u
#define PKT3_RELEASE_MEM 0x49u

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
	const struct amdgpu_cs_ib *ib;
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
	uint64_t va = (c->ib->va & ~3ull) + 4ull * i;

	return cp_read32(c->job, c->ring, va, "IB fetch");
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
		uint32_t v = cp_fetch(c, c->job->dw + 4 + i);

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

static void cp_unsupported(const struct cp_ctx *c)
{
	const struct amdgpu_job *job = c->job;

	emu_log("amdgpu: CP (ring %s): %s: PM4 header 0x%08x (type %u, "
		"opcode 0x%02x) at IB %u dword %u (va 0x%llx); the job fails "
		"with -EINVAL",
		c->ring, c->why, c->header, PM4_TYPE(c->header),
		PM4_OPCODE(c->header), job->ib, job->dw,
		(unsigned long long)((c->ib->va & ~3ull) + 4ull * job->dw));
}

enum amdgpu_cp_status amdgpu_cp_run(struct amdgpu_job *job, const char *ring,
				    unsigned int budget)
{
	struct cp_ctx c = { .job = job, .ring = ring };

	emu_lockdep_assert_held();
	while (budget--) {
		uint32_t body[BODY_MAX] = { 0 };
		uint32_t count, opcode, ndw, i;
		int r;

		if (job->ib >= job->num_ibs)
			return AMDGPU_CP_DONE;
		c.ib = &job->ibs[job->ib];
		if (job->dw >= c.ib->length_dw) {
			job->ib++;
			job->dw = 0;
			continue;
		}
		c.header = cp_fetch(&c, job->dw);
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
		if (ndw > c.ib->length_dw - job->dw) {
			c.why = "packet runs past the end of the IB";
			cp_unsupported(&c);
			return AMDGPU_CP_ERROR;
		}
		if (opcode != PKT3_NOP)
			for (i = 0; i < BODY_MAX && i < ndw - 1; i++)
				body[i] = cp_fetch(&c, job->dw + 1 + i);

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
		default:
			c.why = "unknown or unsupported opcode";
			r = -EINVAL;
			break;
		}
		if (r < 0) {
			cp_unsupported(&c);
			return AMDGPU_CP_ERROR;
		}
		if (r > 0)
			return AMDGPU_CP_WAIT;
		job->dw += ndw;
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
