/* SPDX-License-Identifier: MIT */
/*
 * The emulator's one list (src/emu/lib/list.h) against the list_head rules
 * its users rely on: add_tail keeps insertion order, del is del_init (the
 * node is an empty list afterwards and may be deleted again), the _safe
 * walk survives removing the current entry.
 */
#include <check.h>

#include "emu/lib/list.h"
#include "unit.h"

Suite *suite_list(void);

struct item {
	int v;
	struct emu_list link;
};

static int walk(struct emu_list *head, int *out, int max)
{
	struct item *it;
	int n = 0;

	emu_list_for_each_entry(it, head, link) {
		if (n < max)
			out[n] = it->v;
		n++;
	}
	return n;
}

START_TEST(list_add_tail_keeps_order)
{
	struct emu_list head = EMU_LIST_INIT(head);
	struct item a = { .v = 1 }, b = { .v = 2 }, c = { .v = 3 };
	int got[4];

	ck_assert(emu_list_empty(&head));
	ck_assert_int_eq(walk(&head, got, 4), 0);
	emu_list_add_tail(&a.link, &head);
	emu_list_add_tail(&b.link, &head);
	emu_list_add_tail(&c.link, &head);
	ck_assert(!emu_list_empty(&head));
	ck_assert_int_eq(walk(&head, got, 4), 3);
	ck_assert_int_eq(got[0], 1);
	ck_assert_int_eq(got[1], 2);
	ck_assert_int_eq(got[2], 3);
	ck_assert_ptr_eq(emu_list_first_entry(&head, struct item, link), &a);
}
END_TEST

START_TEST(list_del_is_del_init)
{
	struct emu_list head;
	struct item a = { .v = 1 }, b = { .v = 2 };
	int got[4];

	emu_list_init(&head);
	emu_list_add_tail(&a.link, &head);
	emu_list_add_tail(&b.link, &head);
	emu_list_del(&a.link);
	ck_assert(emu_list_empty(&a.link));
	/* a second delete of the same node changes nothing */
	emu_list_del(&a.link);
	ck_assert_int_eq(walk(&head, got, 4), 1);
	ck_assert_int_eq(got[0], 2);
	emu_list_del(&b.link);
	ck_assert(emu_list_empty(&head));
}
END_TEST

START_TEST(list_move_tail_and_safe_walk)
{
	struct emu_list from, to;
	struct item it[5], *pos, *tmp;
	int got[5], i;

	emu_list_init(&from);
	emu_list_init(&to);
	for (i = 0; i < 5; i++) {
		it[i].v = i;
		emu_list_add_tail(&it[i].link, &from);
	}
	/* move the odd entries, removing the current one while walking */
	emu_list_for_each_entry_safe(pos, tmp, &from, link) {
		if (pos->v % 2)
			emu_list_move_tail(&pos->link, &to);
	}
	ck_assert_int_eq(walk(&from, got, 5), 3);
	ck_assert_int_eq(got[0], 0);
	ck_assert_int_eq(got[1], 2);
	ck_assert_int_eq(got[2], 4);
	ck_assert_int_eq(walk(&to, got, 5), 2);
	ck_assert_int_eq(got[0], 1);
	ck_assert_int_eq(got[1], 3);
}
END_TEST

Suite *suite_list(void)
{
	Suite *s = suite_create("list");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, list_add_tail_keeps_order);
	tcase_add_test(tc, list_del_is_del_init);
	tcase_add_test(tc, list_move_tail_and_safe_walk);
	suite_add_tcase(s, tc);
	return s;
}
