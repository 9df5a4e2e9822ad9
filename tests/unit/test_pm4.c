/* SPDX-License-Identifier: MIT */
/*
 * The PM4 encoders against dwords worked out by hand from the documented
 * fields (Mesa sid.h, kernel nvd.h): type 3 in bits 31:30, COUNT = body
 * dwords - 1 in bits 29:16, opcode in bits 15:8; WAIT_REG_MEM's control
 * dword FUNCTION 2:0, MEM_SPACE 5:4, ENGINE 9:8.
 */
#include <check.h>
#include <string.h>

#include "gpu/pm4.h"
#include "unit.h"

#define POISON 0xdeadbeefu

static void poison(uint32_t *dw, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dw[i] = POISON;
}

START_TEST(test_pm4_header)
{
	/* NOP with one body dword: count 0. */
	ck_assert_uint_eq(uq_pm4_header(UQ_PM4_OP_NOP, 1), 0xc0001000u);
	/* WAIT_REG_MEM: six body dwords, count 5. */
	ck_assert_uint_eq(uq_pm4_header(UQ_PM4_OP_WAIT_REG_MEM, 6),
			  0xc0053c00u);
	/* The largest count. */
	ck_assert_uint_eq(uq_pm4_header(UQ_PM4_OP_NOP, 0x4000), 0xffff1000u);
}
END_TEST

START_TEST(test_pm4_nop)
{
	uint32_t dw[8];

	poison(dw, 8);
	/* One dword: the header-only NOP (sid.h PKT3_NOP_PAD). */
	ck_assert_uint_eq(uq_pm4_nop(dw, 1), 1);
	ck_assert_uint_eq(dw[0], 0xffff1000u);
	ck_assert_uint_eq(dw[1], POISON);

	poison(dw, 8);
	ck_assert_uint_eq(uq_pm4_nop(dw, 2), 2);
	ck_assert_uint_eq(dw[0], 0xc0001000u);
	ck_assert_uint_eq(dw[1], 0);
	ck_assert_uint_eq(dw[2], POISON);

	poison(dw, 8);
	ck_assert_uint_eq(uq_pm4_nop(dw, 5), 5);
	ck_assert_uint_eq(dw[0], 0xc0031000u);
	for (int i = 1; i < 5; i++)
		ck_assert_uint_eq(dw[i], 0);
	ck_assert_uint_eq(dw[5], POISON);

	ck_assert_uint_eq(uq_pm4_nop(dw, 0), 0);
	/* 0x4001 dwords would need COUNT 0x3fff, the header-only form. */
	ck_assert_uint_eq(uq_pm4_nop(dw, 0x4001), 0);
}
END_TEST

START_TEST(test_pm4_wait_reg_mem_ge_me)
{
	uint32_t dw[8];

	poison(dw, 8);
	ck_assert_uint_eq(uq_pm4_wait_reg_mem(dw, 0x123456789abcull, 7,
					      0xffffffffu, UQ_PM4_FUNC_GE,
					      UQ_PM4_ENGINE_ME, 4),
			  7);
	ck_assert_uint_eq(dw[0], 0xc0053c00u);
	/* function 5 (>=) | mem space 1 << 4 | engine ME 0 << 8 */
	ck_assert_uint_eq(dw[1], 0x00000015u);
	ck_assert_uint_eq(dw[2], 0x56789abcu);
	ck_assert_uint_eq(dw[3], 0x00001234u);
	ck_assert_uint_eq(dw[4], 7);
	ck_assert_uint_eq(dw[UQ_PM4_WAIT_REG_MEM_REF], 7);
	ck_assert_uint_eq(dw[5], 0xffffffffu);
	ck_assert_uint_eq(dw[6], 4);
	ck_assert_uint_eq(dw[7], POISON);
}
END_TEST

START_TEST(test_pm4_wait_reg_mem_eq_pfp)
{
	uint32_t dw[8];

	ck_assert_uint_eq(uq_pm4_wait_reg_mem(dw, 0xffff800000001000ull, 1,
					      0x0000ffffu, UQ_PM4_FUNC_EQ,
					      UQ_PM4_ENGINE_PFP, 0x20),
			  7);
	/* function 3 (==) | mem space 1 << 4 | engine PFP 1 << 8 */
	ck_assert_uint_eq(dw[1], 0x00000113u);
	ck_assert_uint_eq(dw[2], 0x00001000u);
	ck_assert_uint_eq(dw[3], 0xffff8000u);
	ck_assert_uint_eq(dw[4], 1);
	ck_assert_uint_eq(dw[5], 0x0000ffffu);
	ck_assert_uint_eq(dw[6], 0x20);
}
END_TEST

START_TEST(test_pm4_wait_reg_mem_misaligned)
{
	uint32_t dw[8];

	poison(dw, 8);
	/* Bits 1:0 of ADDRESS_LO are not address bits for memory. */
	ck_assert_uint_eq(uq_pm4_wait_reg_mem(dw, 0x1002, 1, ~0u,
					      UQ_PM4_FUNC_GE, UQ_PM4_ENGINE_ME,
					      4),
			  0);
	ck_assert_uint_eq(dw[0], POISON);
}
END_TEST

START_TEST(test_pm4_pad)
{
	uint32_t dw[32];

	/* Aligned already: nothing. */
	poison(dw, 32);
	ck_assert_uint_eq(uq_pm4_pad(dw, 8, 8), 0);
	ck_assert_uint_eq(dw[0], POISON);

	/* Two dwords short: one two-dword NOP. */
	ck_assert_uint_eq(uq_pm4_pad(dw, 6, 8), 2);
	ck_assert_uint_eq(dw[0], 0xc0001000u);
	ck_assert_uint_eq(dw[1], 0);

	/* One dword short (the spinner's 7-dword WAIT_REG_MEM in a 32-byte
	 * aligned IB): a 9-dword NOP to the next unit, never the
	 * header-only form. */
	poison(dw, 32);
	ck_assert_uint_eq(uq_pm4_pad(dw, 7, 8), 9);
	ck_assert_uint_eq(dw[0], 0xc0071000u);
	for (int i = 1; i < 9; i++)
		ck_assert_uint_eq(dw[i], 0);
	ck_assert_uint_eq(dw[9], POISON);

	/* A 64-byte alignment: 9 dwords short. */
	ck_assert_uint_eq(uq_pm4_pad(dw, 7, 16), 9);
	ck_assert_uint_eq(dw[0], 0xc0071000u);
	ck_assert_uint_eq(uq_pm4_pad(dw, 3, 1), 0);
}
END_TEST

Suite *suite_pm4(void)
{
	Suite *s = suite_create("pm4");
	TCase *tc = tcase_create("pm4");

	tcase_add_test(tc, test_pm4_header);
	tcase_add_test(tc, test_pm4_nop);
	tcase_add_test(tc, test_pm4_wait_reg_mem_ge_me);
	tcase_add_test(tc, test_pm4_wait_reg_mem_eq_pfp);
	tcase_add_test(tc, test_pm4_wait_reg_mem_misaligned);
	tcase_add_test(tc, test_pm4_pad);
	suite_add_tcase(s, tc);
	return s;
}
