/* SPDX-License-Identifier: MIT */
#include "pm4.h"

uint32_t uq_pm4_header(uint32_t opcode, uint32_t body_dw)
{
	return (UQ_PM4_TYPE3 << 30) |
	       (((body_dw - 1) & UQ_PM4_COUNT_MAX) << 16) |
	       ((opcode & 0xffu) << 8);
}

size_t uq_pm4_nop(uint32_t *dw, size_t ndw)
{
	if (!ndw || ndw - 1 > UQ_PM4_COUNT_MAX)
		return 0;
	if (ndw == 1) {
		dw[0] = uq_pm4_header(UQ_PM4_OP_NOP, UQ_PM4_COUNT_MAX + 1);
		return 1;
	}
	dw[0] = uq_pm4_header(UQ_PM4_OP_NOP, (uint32_t)(ndw - 1));
	for (size_t i = 1; i < ndw; i++)
		dw[i] = 0;
	return ndw;
}

size_t uq_pm4_wait_reg_mem(uint32_t *dw, uint64_t va, uint32_t ref,
			   uint32_t mask, enum uq_pm4_func func,
			   enum uq_pm4_engine engine, uint32_t poll_interval)
{
	if (va & 3)
		return 0;
	dw[0] = uq_pm4_header(UQ_PM4_OP_WAIT_REG_MEM,
			      UQ_PM4_WAIT_REG_MEM_DW - 1);
	dw[1] = ((uint32_t)func & 0x7u) | (UQ_PM4_WAIT_MEM_SPACE_MEM << 4) |
		(((uint32_t)engine & 0x3u) << 8);
	dw[2] = (uint32_t)va;
	dw[3] = (uint32_t)(va >> 32);
	dw[UQ_PM4_WAIT_REG_MEM_REF] = ref;
	dw[5] = mask;
	dw[6] = poll_interval;
	return UQ_PM4_WAIT_REG_MEM_DW;
}

size_t uq_pm4_pad(uint32_t *dw, size_t used, size_t align_dw)
{
	size_t rem = (align_dw - (used & (align_dw - 1))) & (align_dw - 1);

	if (rem == 1)
		rem += align_dw;
	return rem ? uq_pm4_nop(dw, rem) : 0;
}
