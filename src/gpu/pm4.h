/* SPDX-License-Identifier: MIT */
/*
 * PM4 type-3 packet encoders for the GFX and compute command processors
 * (CP), as the hardware documents them. Only what the busy-VM spinner needs:
 * NOP (padding) and WAIT_REG_MEM on memory.
 *
 * Sources of the encodings (facts, not code): Mesa src/amd/common/sid.h
 * (PKT3(), PKT3_NOP, PKT3_NOP_PAD, PKT3_WAIT_REG_MEM and its fields) and the
 * kernel's drivers/gpu/drm/amd/amdgpu/nvd.h and soc15d.h (PACKET3(),
 * WAIT_REG_MEM_FUNCTION/MEM_SPACE/OPERATION/ENGINE).
 *
 * Every encoder writes into a caller-provided dword array and returns the
 * number of dwords it wrote.
 */
#ifndef UQ_SRC_PM4_H
#define UQ_SRC_PM4_H

#include <stddef.h>
#include <stdint.h>

/* Type-3 header (sid.h PKT3(), soc15d.h PACKET3()): packet type 3 in bits
 * 31:30, COUNT = body dwords - 1 in bits 29:16, IT_OPCODE in bits 15:8,
 * PREDICATE in bit 0 (never set here). */
#define UQ_PM4_TYPE3 3u
#define UQ_PM4_COUNT_MAX 0x3fffu

/* IT opcodes (sid.h, nvd.h). */
#define UQ_PM4_OP_NOP 0x10u
#define UQ_PM4_OP_WAIT_REG_MEM 0x3cu

/* WAIT_REG_MEM control dword (nvd.h): FUNCTION bits 2:0, MEM_SPACE bits
 * 5:4 (0 register, 1 memory), OPERATION bits 7:6 (0 = wait_reg_mem),
 * ENGINE bits 9:8 (0 ME, 1 PFP; the compute MEC has ME only). */
enum uq_pm4_func {
	UQ_PM4_FUNC_ALWAYS = 0,
	UQ_PM4_FUNC_LT = 1,
	UQ_PM4_FUNC_LE = 2,
	UQ_PM4_FUNC_EQ = 3,
	UQ_PM4_FUNC_NE = 4,
	UQ_PM4_FUNC_GE = 5,
	UQ_PM4_FUNC_GT = 6,
};

enum uq_pm4_engine {
	UQ_PM4_ENGINE_ME = 0,
	UQ_PM4_ENGINE_PFP = 1,
};

#define UQ_PM4_WAIT_MEM_SPACE_MEM 1u

/* WAIT_REG_MEM is a header and six body dwords: control, ADDRESS_LO
 * (bits 1:0 must be zero for memory), ADDRESS_HI, REFERENCE, MASK,
 * POLL_INTERVAL. REFERENCE is the fifth dword (index 4) of the packet. */
#define UQ_PM4_WAIT_REG_MEM_DW 7u
#define UQ_PM4_WAIT_REG_MEM_REF 4u

/* Mesa polls with an interval of 4 (ac_emit_cp_wait_mem). */
#define UQ_PM4_POLL_INTERVAL_DEFAULT 4u

/**
 * uq_pm4_header - a type-3 packet header.
 * @opcode: IT opcode (UQ_PM4_OP_*).
 * @body_dw: dwords after the header, 1..UQ_PM4_COUNT_MAX + 1.
 */
uint32_t uq_pm4_header(uint32_t opcode, uint32_t body_dw);

/**
 * uq_pm4_nop - a NOP of exactly @ndw dwords (@ndw >= 1): a header whose
 * COUNT skips ndw - 1 zero dwords; for @ndw == 1 the header-only form with
 * COUNT 0x3fff that the CP treats as a single dword (sid.h PKT3_NOP_PAD).
 * Returns @ndw, or 0 if @ndw is 0 or longer than one packet can be.
 */
size_t uq_pm4_nop(uint32_t *dw, size_t ndw);

/**
 * uq_pm4_wait_reg_mem - WAIT_REG_MEM on a dword in memory: the CP stalls
 * until (*@va & @mask) @func @ref holds, re-reading every @poll_interval.
 * @va: GPU address, 4-byte aligned (else nothing is written and 0 returned).
 * @engine: UQ_PM4_ENGINE_ME on compute rings.
 * Returns UQ_PM4_WAIT_REG_MEM_DW.
 */
size_t uq_pm4_wait_reg_mem(uint32_t *dw, uint64_t va, uint32_t ref,
			   uint32_t mask, enum uq_pm4_func func,
			   enum uq_pm4_engine engine, uint32_t poll_interval);

/**
 * uq_pm4_pad - NOPs from @used dwords up to the next multiple of
 * @align_dw (a power of two). A remainder of one dword is padded with a
 * two-dword NOP plus a whole alignment unit, so the IB never relies on the
 * header-only NOP form. Writes nothing if @used is already aligned.
 * Returns the number of dwords written.
 */
size_t uq_pm4_pad(uint32_t *dw, size_t used, size_t align_dw);

#endif
