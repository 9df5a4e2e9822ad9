// SPDX-License-Identifier: MIT
/*
 * The table of known leak fixes (src/leaks/known.c) is data that
 * `userq-bench leaks` trusts: every row must be complete and consistent, so
 * that adding a fix cannot silently break --only, the verdict or KTAP.
 */
#include <string.h>

#include "leaks/known.h"
#include "unit.h"

static bool all_of(const char *s, const char *set)
{
	return *s && strspn(s, set) == strlen(s);
}

START_TEST(test_rows_complete)
{
	for (size_t i = 0; i < uq_leak_nfixes; i++) {
		const struct uq_leak_fix *f = &uq_leak_fixes[i];

		ck_assert_uint_eq(strlen(f->commit), UQ_LEAK_COMMIT_LEN);
		ck_assert_msg(all_of(f->commit, "0123456789abcdef"),
			      "%s: not lower-case hex", f->commit);
		ck_assert_msg(all_of(f->name,
				     "abcdefghijklmnopqrstuvwxyz0123456789-"),
			      "%s: name '%s' is not a KTAP-friendly word",
			      f->commit, f->name);
		ck_assert(f->title && *f->title);
		ck_assert(f->mechanism && *f->mechanism);
		ck_assert(f->first_release && *f->first_release);
		ck_assert(f->scenario && *f->scenario);
		ck_assert(f->backports);
		ck_assert(f->run && f->slots);
		ck_assert_uint_ge(f->iterations, 1);
		ck_assert_msg(f->seen_as && f->seen_as[0],
			      "%s: no source kind can see it", f->commit);
		/* the sources' kinds (fence/source.h "counts") */
		for (const char *const *k = f->seen_as; *k; k++)
			ck_assert_msg(!strcmp(*k, "fence_drivers") ||
					      !strcmp(*k, "fences"),
				      "%s: unknown kind %s", f->commit, *k);
	}
}
END_TEST

/* --only accepts 7 digits: no two rows may share them. */
START_TEST(test_prefixes_unique)
{
	for (size_t i = 0; i < uq_leak_nfixes; i++)
		for (size_t j = i + 1; j < uq_leak_nfixes; j++)
			ck_assert_msg(strncmp(uq_leak_fixes[i].commit,
					      uq_leak_fixes[j].commit, 7),
				      "%s and %s share 7 digits",
				      uq_leak_fixes[i].commit,
				      uq_leak_fixes[j].commit);
}
END_TEST

/* A masked leak is detected through the control, and inferred from
 * another row of the table. */
START_TEST(test_masked_by)
{
	for (size_t i = 0; i < uq_leak_nfixes; i++) {
		const struct uq_leak_fix *f = &uq_leak_fixes[i];
		bool found = false;

		if (!f->masked_by)
			continue;
		ck_assert_msg(f->control, "%s: masked_by without a control",
			      f->commit);
		for (size_t j = 0; j < uq_leak_nfixes; j++)
			if (j != i &&
			    !strcmp(uq_leak_fixes[j].commit, f->masked_by))
				found = true;
		ck_assert_msg(found, "%s: masked_by %s is not in the table",
			      f->commit, f->masked_by);
	}
}
END_TEST

/* The three fixes are there. */
START_TEST(test_known_fixes)
{
	static const char *const want[] = { "dd88d42d9ca0", "8e051e38a8d4",
					    "49abfa812617" };

	for (size_t k = 0; k < 3; k++) {
		bool found = false;

		for (size_t i = 0; i < uq_leak_nfixes; i++)
			found |= !strcmp(uq_leak_fixes[i].commit, want[k]);
		ck_assert_msg(found, "%s missing from the table", want[k]);
	}
}
END_TEST

Suite *suite_leaks_known(void)
{
	Suite *s = suite_create("leaks_known");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_rows_complete);
	tcase_add_test(tc, test_prefixes_unique);
	tcase_add_test(tc, test_masked_by);
	tcase_add_test(tc, test_known_fixes);
	suite_add_tcase(s, tc);
	return s;
}
