/* SPDX-License-Identifier: MIT */
/*
 * Text summaries (report.h): units chosen by magnitude, three significant
 * digits, the aligned statistics table; and the JSON text of output.h
 * (arrays of numbers on one line, the same document after a round trip).
 */
#include <stdlib.h>
#include <string.h>

#include "report/output.h"
#include "report/report.h"
#include "unit.h"

START_TEST(test_text_units)
{
	static const struct {
		double ns;
		const char *want;
	} cases[] = {
		{ 0, "0 ns" },	       { 7, "7 ns" },
		{ 850, "850 ns" },     { 999, "999 ns" },
		{ 1000, "1.00 µs" },   { 1234, "1.23 µs" },
		{ 12345, "12.3 µs" },  { 123456, "123 µs" },
		{ 999999, "1000 µs" }, { 1500000, "1.50 ms" },
		{ 25e6, "25.0 ms" },   { 2e9, "2.00 s" },
		{ 3600e9, "3600 s" },
	};
	char buf[32];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_str_eq(uq_text_duration(buf, sizeof(buf),
						  cases[i].ns),
				 cases[i].want);
	ck_assert_str_eq(uq_text_unit(999)->name, "ns");
	ck_assert_str_eq(uq_text_unit(1000)->name, "µs");
	ck_assert_str_eq(uq_text_unit(1e6)->name, "ms");
	ck_assert_str_eq(uq_text_unit(1e9)->name, "s");
	/* a row's unit comes from its p50: bigger values keep it */
	ck_assert_str_eq(uq_text_number(buf, sizeof(buf), 2.5e6,
					uq_text_unit(1500)),
			 "2500");
	ck_assert_str_eq(uq_text_number(buf, sizeof(buf), 1500,
					uq_text_unit(1500)),
			 "1.50");
}
END_TEST

static char *table(const char *json)
{
	json_t *map = json_loads(json, 0, NULL);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	ck_assert(map && f);
	uq_text_stats_table(f, map);
	fclose(f);
	json_decref(map);
	return out;
}

START_TEST(test_text_stats_table)
{
	char *t = table(
		"{\"signal\": {\"count\": 100000, \"min\": 900, \"max\": 120345,"
		" \"mean\": 1300.5, \"stddev\": 80.1, \"p50\": 1234, \"p90\": 1456,"
		" \"p99\": 2100, \"p999\": 8900},"
		" \"wait_count\": null,"
		" \"pair\": {\"count\": 0, \"min\": null, \"max\": null,"
		" \"mean\": null, \"stddev\": null, \"p50\": null, \"p90\": null,"
		" \"p99\": null, \"p999\": null}}");

	ck_assert_str_eq(
		t,
		"  metric          count      min     mean   stddev      p50      p90      p99    p99.9      max\n"
		"  signal         100000     0.90     1.30     0.08     1.23     1.46     2.10     8.90      120  µs\n"
		"  wait_count          -        -        -        -        -        -        -        -        -\n"
		"  pair                0        -        -        -        -        -        -        -        -\n");
	free(t);
}
END_TEST

START_TEST(test_output_dump_flat_arrays)
{
	const char *src =
		"{\"a\": [1, 2, 3], \"h\": {\"buckets\": [[100, 3], [102, 4]]},"
		" \"o\": [{\"x\": 1}], \"e\": [], \"s\": \"\\u00b5s\\n\","
		" \"r\": 0.5, \"n\": null, \"k\\\"q\": {}}";
	json_t *doc = json_loads(src, 0, NULL), *back;
	char *text;

	ck_assert_ptr_nonnull(doc);
	text = uq_output_dump(doc);
	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_nonnull(strstr(text, "\"a\": [1, 2, 3],\n"));
	ck_assert_ptr_nonnull(
		strstr(text, "\"buckets\": [[100, 3], [102, 4]]\n"));
	ck_assert_ptr_nonnull(
		strstr(text, "  \"o\": [\n    {\n      \"x\": 1"));
	ck_assert_ptr_nonnull(strstr(text, "\"e\": [],"));
	ck_assert_int_eq(text[strlen(text) - 1], '\n');
	back = json_loads(text, 0, NULL);
	ck_assert_ptr_nonnull(back);
	ck_assert(json_equal(doc, back));
	json_decref(back);
	json_decref(doc);
	free(text);
}
END_TEST

Suite *suite_report_text(void)
{
	Suite *s = suite_create("report_text");
	TCase *tc = tcase_create("report_text");

	tcase_add_test(tc, test_text_units);
	tcase_add_test(tc, test_text_stats_table);
	tcase_add_test(tc, test_output_dump_flat_arrays);
	suite_add_tcase(s, tc);
	return s;
}
