/* SPDX-License-Identifier: MIT */
/*
 * The emulator's id allocator against the kernel idr rules it models:
 * idr_alloc() hands out the lowest free id in [start, end), freed ids come
 * back lowest first, a full range is -ENOSPC.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>

#include "emu/lib/idr.h"
#include "unit.h"

Suite *suite_idr(void);

static int tag[64];

static void *p(int i)
{
	return &tag[i];
}

START_TEST(idr_alloc_starts_at_start)
{
	struct emu_idr idr;

	emu_idr_init(&idr);
	ck_assert_int_eq(emu_idr_alloc(&idr, p(0), 1, 0), 1);
	ck_assert_int_eq(emu_idr_alloc(&idr, p(1), 1, 0), 2);
	ck_assert_int_eq(emu_idr_alloc(&idr, p(2), 0, 0), 0);
	ck_assert_uint_eq(idr.count, 3);
	emu_idr_fini(&idr);
}
END_TEST

START_TEST(idr_reuses_lowest_free_id)
{
	struct emu_idr idr;

	emu_idr_init(&idr);
	for (int i = 1; i <= 5; i++)
		ck_assert_int_eq(emu_idr_alloc(&idr, p(i), 1, 0), i);
	ck_assert_ptr_eq(emu_idr_remove(&idr, 4), p(4));
	ck_assert_ptr_eq(emu_idr_remove(&idr, 2), p(2));
	/* The lowest hole first, then the next one, then the end. */
	ck_assert_int_eq(emu_idr_alloc(&idr, p(10), 1, 0), 2);
	ck_assert_int_eq(emu_idr_alloc(&idr, p(11), 1, 0), 4);
	ck_assert_int_eq(emu_idr_alloc(&idr, p(12), 1, 0), 6);
	ck_assert_ptr_eq(emu_idr_find(&idr, 2), p(10));
	ck_assert_ptr_eq(emu_idr_find(&idr, 4), p(11));
	emu_idr_fini(&idr);
}
END_TEST

START_TEST(idr_range_end_is_exclusive_enospc)
{
	struct emu_idr idr;

	emu_idr_init(&idr);
	ck_assert_int_eq(emu_idr_alloc(&idr, p(0), 1, 4), 1);
	ck_assert_int_eq(emu_idr_alloc(&idr, p(1), 1, 4), 2);
	ck_assert_int_eq(emu_idr_alloc(&idr, p(2), 1, 4), 3);
	ck_assert_int_eq(emu_idr_alloc(&idr, p(3), 1, 4), -ENOSPC);
	ck_assert_uint_eq(idr.count, 3);
	emu_idr_remove(&idr, 2);
	ck_assert_int_eq(emu_idr_alloc(&idr, p(4), 1, 4), 2);
	/* An empty range is full from the start. */
	ck_assert_int_eq(emu_idr_alloc(&idr, p(5), 7, 7), -ENOSPC);
	emu_idr_fini(&idr);
}
END_TEST

START_TEST(idr_start_above_existing_ids)
{
	struct emu_idr idr;

	emu_idr_init(&idr);
	ck_assert_int_eq(emu_idr_alloc(&idr, p(0), 100, 0), 100);
	ck_assert_int_eq(emu_idr_alloc(&idr, p(1), 1, 0), 1);
	ck_assert_int_eq(emu_idr_alloc(&idr, p(2), 100, 0), 101);
	ck_assert_ptr_null(emu_idr_find(&idr, 50));
	ck_assert_ptr_null(emu_idr_find(&idr, 100000));
	emu_idr_fini(&idr);
}
END_TEST

START_TEST(idr_remove_unknown_is_null)
{
	struct emu_idr idr;

	emu_idr_init(&idr);
	ck_assert_ptr_null(emu_idr_remove(&idr, 1));
	ck_assert_int_eq(emu_idr_alloc(&idr, p(0), 1, 0), 1);
	ck_assert_ptr_null(emu_idr_remove(&idr, 2));
	ck_assert_ptr_null(emu_idr_remove(&idr, 1u << 30));
	ck_assert_ptr_eq(emu_idr_remove(&idr, 1), p(0));
	ck_assert_ptr_null(emu_idr_remove(&idr, 1));
	ck_assert_uint_eq(idr.count, 0);
	emu_idr_fini(&idr);
}
END_TEST

START_TEST(idr_iteration_visits_used_ids_in_order)
{
	struct emu_idr idr;
	uint32_t id, seen[8];
	unsigned int n = 0;
	void *ptr;

	emu_idr_init(&idr);
	for (int i = 1; i <= 6; i++)
		emu_idr_alloc(&idr, p(i), 1, 0);
	emu_idr_remove(&idr, 1);
	emu_idr_remove(&idr, 3);
	emu_idr_remove(&idr, 6);
	emu_idr_for_each(&idr, id, ptr) {
		ck_assert_uint_lt(n, 8);
		ck_assert_ptr_eq(ptr, p((int)id));
		seen[n++] = id;
	}
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(seen[0], 2);
	ck_assert_uint_eq(seen[1], 4);
	ck_assert_uint_eq(seen[2], 5);
	emu_idr_fini(&idr);
}
END_TEST

START_TEST(idr_iteration_of_empty_idr)
{
	struct emu_idr idr;
	uint32_t id = 0;

	emu_idr_init(&idr);
	ck_assert_ptr_null(emu_idr_next(&idr, &id));
	emu_idr_alloc(&idr, p(0), 3, 0);
	id = 4;
	ck_assert_ptr_null(emu_idr_next(&idr, &id));
	id = 0;
	ck_assert_ptr_eq(emu_idr_next(&idr, &id), p(0));
	ck_assert_uint_eq(id, 3);
	emu_idr_fini(&idr);
}
END_TEST

START_TEST(idr_grows_past_initial_capacity)
{
	struct emu_idr idr;

	emu_idr_init(&idr);
	for (int i = 1; i <= 1000; i++)
		ck_assert_int_eq(emu_idr_alloc(&idr, p(i % 64), 1, 0), i);
	ck_assert_uint_eq(idr.count, 1000);
	emu_idr_remove(&idr, 513);
	ck_assert_int_eq(emu_idr_alloc(&idr, p(0), 1, 0), 513);
	ck_assert_int_eq(emu_idr_alloc(&idr, p(0), 1, 0), 1001);
	emu_idr_fini(&idr);
}
END_TEST

START_TEST(idr_rejects_null_pointer)
{
	struct emu_idr idr;

	emu_idr_init(&idr);
	ck_assert_int_eq(emu_idr_alloc(&idr, NULL, 1, 0), -EINVAL);
	ck_assert_uint_eq(idr.count, 0);
	emu_idr_fini(&idr);
}
END_TEST

Suite *suite_idr(void)
{
	Suite *s = suite_create("idr");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, idr_alloc_starts_at_start);
	tcase_add_test(tc, idr_reuses_lowest_free_id);
	tcase_add_test(tc, idr_range_end_is_exclusive_enospc);
	tcase_add_test(tc, idr_start_above_existing_ids);
	tcase_add_test(tc, idr_remove_unknown_is_null);
	tcase_add_test(tc, idr_iteration_visits_used_ids_in_order);
	tcase_add_test(tc, idr_iteration_of_empty_idr);
	tcase_add_test(tc, idr_grows_past_initial_capacity);
	tcase_add_test(tc, idr_rejects_null_pointer);
	suite_add_tcase(s, tc);
	return s;
}
