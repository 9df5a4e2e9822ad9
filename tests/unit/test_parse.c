/* SPDX-License-Identifier: MIT */
/* Option value parsing (src/parse.c): what is accepted, what is refused
 * with which errno, and that a refused value leaves the output alone. */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "parse.h"
#include "unit.h"

static const char *const colours[] = { "red", "green", "blue", NULL };

START_TEST(u64_accepts_decimal_in_range)
{
	uint64_t v = 0;

	ck_assert_int_eq(uq_parse_u64("0", 0, 10, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(uq_parse_u64("10", 0, 10, &v), 0);
	ck_assert_uint_eq(v, 10);
	ck_assert_int_eq(
		uq_parse_u64("18446744073709551615", 0, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
}
END_TEST

START_TEST(u64_refuses_non_decimal)
{
	static const char *const bad[] = { "",	 "-1",	 "+1",	" 1", "1 ",
					   "1x", "0x10", "1.0", "abc" };
	uint64_t v = 42;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(uq_parse_u64(bad[i], 0, UINT64_MAX, &v) ==
				      -EINVAL,
			      "'%s' accepted", bad[i]);
		ck_assert_uint_eq(v, 42);
	}
}
END_TEST

START_TEST(u64_range_and_overflow_are_erange)
{
	uint64_t v = 42;

	ck_assert_int_eq(uq_parse_u64("11", 0, 10, &v), -ERANGE);
	ck_assert_int_eq(uq_parse_u64("0", 1, 10, &v), -ERANGE);
	ck_assert_int_eq(uq_parse_u64("18446744073709551616", 0, UINT64_MAX,
				      &v),
			 -ERANGE);
	ck_assert_uint_eq(v, 42);
}
END_TEST

START_TEST(size_suffixes_are_binary)
{
	uint64_t v = 0;

	ck_assert_int_eq(uq_parse_size("4096", &v), 0);
	ck_assert_uint_eq(v, 4096);
	ck_assert_int_eq(uq_parse_size("64K", &v), 0);
	ck_assert_uint_eq(v, 64 * 1024);
	ck_assert_int_eq(uq_parse_size("64k", &v), 0);
	ck_assert_uint_eq(v, 64 * 1024);
	ck_assert_int_eq(uq_parse_size("2M", &v), 0);
	ck_assert_uint_eq(v, 2 * 1024 * 1024);
	ck_assert_int_eq(uq_parse_size("1G", &v), 0);
	ck_assert_uint_eq(v, 1ull << 30);
}
END_TEST

START_TEST(size_refuses_bad_suffix_and_overflow)
{
	uint64_t v = 7;

	ck_assert_int_eq(uq_parse_size("64KB", &v), -EINVAL);
	ck_assert_int_eq(uq_parse_size("64T", &v), -EINVAL);
	ck_assert_int_eq(uq_parse_size("K", &v), -EINVAL);
	ck_assert_int_eq(uq_parse_size("-1K", &v), -EINVAL);
	ck_assert_int_eq(uq_parse_size("17179869184G", &v), -ERANGE);
	ck_assert_uint_eq(v, 7);
}
END_TEST

START_TEST(size_list_splits_on_commas)
{
	uint64_t v[4] = { 0 };
	size_t n = 0;

	ck_assert_int_eq(uq_parse_size_list("64K,2M", v, 4, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(v[0], 65536);
	ck_assert_uint_eq(v[1], 2097152);
	ck_assert_int_eq(uq_parse_size_list("4096", v, 4, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(v[0], 4096);
}
END_TEST

START_TEST(size_list_refuses_empty_items_and_too_many)
{
	uint64_t v[2];
	size_t n = 99;

	ck_assert_int_eq(uq_parse_size_list("", v, 2, &n), -EINVAL);
	ck_assert_int_eq(uq_parse_size_list("64K,", v, 2, &n), -EINVAL);
	ck_assert_int_eq(uq_parse_size_list(",64K", v, 2, &n), -EINVAL);
	ck_assert_int_eq(uq_parse_size_list("64K,,2M", v, 2, &n), -EINVAL);
	ck_assert_int_eq(uq_parse_size_list("1,2,3", v, 2, &n), -E2BIG);
	ck_assert_int_eq(uq_parse_size_list("1,2X", v, 2, &n), -EINVAL);
	ck_assert_uint_eq(n, 99);
}
END_TEST

START_TEST(seconds_accepts_plain_decimals)
{
	double v = 0;

	ck_assert_int_eq(uq_parse_seconds("600", 0.001, 1e7, &v), 0);
	ck_assert_double_eq(v, 600.0);
	ck_assert_int_eq(uq_parse_seconds("0.5", 0.001, 1e7, &v), 0);
	ck_assert_double_eq(v, 0.5);
	ck_assert_int_eq(uq_parse_seconds(".25", 0.001, 1e7, &v), 0);
	ck_assert_double_eq(v, 0.25);
}
END_TEST

START_TEST(seconds_refuses_other_notations)
{
	static const char *const bad[] = { "",	  ".",	 "1..2", "1.2.3",
					   "inf", "nan", "1e3",	 "0x10",
					   "-1",  " 1",	 "1s" };
	double v = 3.0;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(uq_parse_seconds(bad[i], 0, 1e7, &v) == -EINVAL,
			      "'%s' accepted", bad[i]);
	ck_assert_int_eq(uq_parse_seconds("0", 0.001, 1e7, &v), -ERANGE);
	ck_assert_int_eq(uq_parse_seconds("20000000", 0.001, 1e7, &v), -ERANGE);
	ck_assert_double_eq(v, 3.0);
}
END_TEST

START_TEST(enum_matches_exactly)
{
	int idx = -1;

	ck_assert_int_eq(uq_parse_enum("red", colours, &idx), 0);
	ck_assert_int_eq(idx, 0);
	ck_assert_int_eq(uq_parse_enum("blue", colours, &idx), 0);
	ck_assert_int_eq(idx, 2);
	ck_assert_int_eq(uq_parse_enum("Blue", colours, &idx), -EINVAL);
	ck_assert_int_eq(uq_parse_enum("bl", colours, &idx), -EINVAL);
	ck_assert_int_eq(uq_parse_enum("", colours, &idx), -EINVAL);
	ck_assert_int_eq(idx, 2);
}
END_TEST

START_TEST(enum_join_lists_and_truncates)
{
	char buf[32], small[8];

	ck_assert_str_eq(uq_enum_join(colours, "|", buf, sizeof(buf)),
			 "red|green|blue");
	ck_assert_str_eq(uq_enum_join(colours, ", ", small, sizeof(small)),
			 "red, gr");
}
END_TEST

START_TEST(suggest_finds_typos_and_abbreviations)
{
	static const char *const cmds[] = { "info", "signal-wait", "unmap",
					    "run",  "compare",	   NULL };
	static const char *const profiles[] = { "6.16", "6.18", "7.1",
						"no-userq", NULL };
	char longer[200];

	ck_assert_str_eq(uq_suggest("infx", cmds), "info");
	ck_assert_str_eq(uq_suggest("sigal-wait", cmds), "signal-wait");
	ck_assert_str_eq(uq_suggest("signl-wiat", cmds), "signal-wait");
	ck_assert_str_eq(uq_suggest("comp", cmds), "compare");
	ck_assert_str_eq(uq_suggest("rum", cmds), "run");
	ck_assert_ptr_null(uq_suggest("frobnicate", cmds));
	ck_assert_ptr_null(uq_suggest("", cmds));
	/* one edit from three names: no guess */
	ck_assert_ptr_null(uq_suggest("6.1", profiles));
	ck_assert_ptr_null(uq_suggest("6.19", profiles));
	ck_assert_str_eq(uq_suggest("6.166", profiles), "6.16");
	ck_assert_str_eq(uq_suggest("no-usrq", profiles), "no-userq");
	/* very long input: no quadratic work, no guess */
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	ck_assert_ptr_null(uq_suggest(longer, cmds));
}
END_TEST

Suite *suite_parse(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, u64_accepts_decimal_in_range);
	tcase_add_test(tc, u64_refuses_non_decimal);
	tcase_add_test(tc, u64_range_and_overflow_are_erange);
	tcase_add_test(tc, size_suffixes_are_binary);
	tcase_add_test(tc, size_refuses_bad_suffix_and_overflow);
	tcase_add_test(tc, size_list_splits_on_commas);
	tcase_add_test(tc, size_list_refuses_empty_items_and_too_many);
	tcase_add_test(tc, seconds_accepts_plain_decimals);
	tcase_add_test(tc, seconds_refuses_other_notations);
	tcase_add_test(tc, enum_matches_exactly);
	tcase_add_test(tc, enum_join_lists_and_truncates);
	tcase_add_test(tc, suggest_finds_typos_and_abbreviations);
	suite_add_tcase(s, tc);
	return s;
}
