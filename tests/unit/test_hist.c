/* SPDX-License-Identifier: MIT */
/*
 * The histogram against exact nearest-rank percentiles of sorted arrays, on
 * random, constant, bimodal and heavy-tailed data: every percentile within
 * 1% relative error, and count/min/max exact.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/hist.h"
#include "unit.h"

#define N_SAMPLES 200000

static uint64_t rng_state;

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t exact_percentile(const uint64_t *sorted, size_t n, double q)
{
	size_t rank = (size_t)ceil(q * (double)n);

	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
}

static void check_against_exact(uint64_t *v, size_t n)
{
	static const double qs[] = { 0.5, 0.9, 0.99, 0.999, 1.0 };
	struct uq_hist *h = malloc(sizeof(*h));
	struct uq_stats s;
	double sum = 0, sq = 0, mean;

	ck_assert_ptr_nonnull(h);
	uq_hist_init(h);
	for (size_t i = 0; i < n; i++) {
		uq_hist_record(h, v[i]);
		sum += (double)v[i];
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	for (size_t i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		uint64_t want = exact_percentile(v, n, qs[i]);
		uint64_t got = uq_hist_percentile(h, qs[i]);
		double err =
			want ? fabs((double)got - (double)want) / (double)want :
			       (double)got;

		ck_assert_msg(err <= 0.01,
			      "p%g: histogram %llu, exact %llu (error %.4f%%)",
			      qs[i] * 100, (unsigned long long)got,
			      (unsigned long long)want, err * 100);
	}
	uq_hist_stats(h, &s);
	ck_assert_uint_eq(s.count, n);
	ck_assert_uint_eq(s.min, v[0]);
	ck_assert_uint_eq(s.max, v[n - 1]);
	mean = sum / (double)n;
	for (size_t i = 0; i < n; i++)
		sq += ((double)v[i] - mean) * ((double)v[i] - mean);
	ck_assert_msg(fabs(s.mean - mean) <= 1e-9 * mean + 1e-9,
		      "mean %f vs %f", s.mean, mean);
	ck_assert_msg(fabs(s.stddev - sqrt(sq / (double)(n - 1))) <=
			      1e-6 * s.stddev + 1e-9,
		      "stddev %f vs %f", s.stddev, sqrt(sq / (double)(n - 1)));
	free(h);
}

static uint64_t *samples(void)
{
	uint64_t *v = malloc(N_SAMPLES * sizeof(*v));

	ck_assert_ptr_nonnull(v);
	rng_state = 0x9e3779b97f4a7c15ull;
	return v;
}

START_TEST(test_hist_uniform_random)
{
	uint64_t *v = samples();

	/* 1 ns .. 100 s, uniform in log space: every octave is exercised */
	for (size_t i = 0; i < N_SAMPLES; i++)
		v[i] = (uint64_t)exp(unit_rng_unit(&rng_state) * log(1e11));
	check_against_exact(v, N_SAMPLES);
	free(v);
}
END_TEST

START_TEST(test_hist_constant)
{
	static const uint64_t values[] = { 0,	 1,	    127,
					   128,	 129,	    4095,
					   4096, 123456789, 100000000000ull };

	for (size_t k = 0; k < sizeof(values) / sizeof(values[0]); k++) {
		uint64_t *v = samples();

		for (size_t i = 0; i < 1000; i++)
			v[i] = values[k];
		check_against_exact(v, 1000);
		free(v);
	}
}
END_TEST

START_TEST(test_hist_bimodal)
{
	uint64_t *v = samples();

	/* fast path ~2 us, 5% slow path ~20 ms, both with jitter */
	for (size_t i = 0; i < N_SAMPLES; i++) {
		if (unit_rng(&rng_state) % 100 < 5)
			v[i] = 20000000 + unit_rng(&rng_state) % 2000000;
		else
			v[i] = 2000 + unit_rng(&rng_state) % 300;
	}
	check_against_exact(v, N_SAMPLES);
	free(v);
}
END_TEST

START_TEST(test_hist_heavy_tail)
{
	uint64_t *v = samples();

	/* Pareto, alpha 1.1, from 500 ns: a tail reaching seconds */
	for (size_t i = 0; i < N_SAMPLES; i++) {
		double x = 500.0 / pow(unit_rng_unit(&rng_state), 1.0 / 1.1);

		v[i] = x > 1e11 ? 100000000000ull : (uint64_t)x;
	}
	check_against_exact(v, N_SAMPLES);
	free(v);
}
END_TEST

START_TEST(test_hist_bucket_bounds)
{
	/* every value lies in its bucket, and no bucket is wider than 1/64 of
	 * its lower bound */
	for (uint64_t ns = 0; ns < (1ull << 40);
	     ns = ns < 4096 ? ns + 1 : ns + ns / 97) {
		unsigned int i = uq_hist_index(ns);
		uint64_t lo = uq_hist_lower(i), w = uq_hist_width(i);

		ck_assert_uint_lt(i, UQ_HIST_BUCKETS);
		ck_assert_uint_le(lo, ns);
		ck_assert_uint_lt(ns, lo + w);
		if (lo >= UQ_HIST_EXACT)
			ck_assert_uint_le(w * UQ_HIST_SUB, lo);
	}
	for (unsigned int i = 1; i < UQ_HIST_BUCKETS; i++)
		ck_assert_uint_eq(uq_hist_lower(i),
				  uq_hist_lower(i - 1) + uq_hist_width(i - 1));
}
END_TEST

START_TEST(test_hist_bucket_edges)
{
	/* value -> bucket at the edges of the layout: the exact range, the
	 * first octaves (2 and 4 ns wide buckets), the top octave and the
	 * overflow into the top bucket */
	static const struct {
		uint64_t ns;
		unsigned int index;
		uint64_t lower, width;
	} edges[] = {
		{ 0, 0, 0, 1 },
		{ 1, 1, 1, 1 },
		{ 127, 127, 127, 1 },
		{ 128, 128, 128, 2 },
		{ 129, 128, 128, 2 },
		{ 130, 129, 130, 2 },
		{ 255, 191, 254, 2 },
		{ 256, 192, 256, 4 },
		{ 259, 192, 256, 4 },
		{ 260, 193, 260, 4 },
		{ 511, 255, 508, 4 },
		{ 512, 256, 512, 8 },
		{ 1ull << 39, UQ_HIST_BUCKETS - 64, 1ull << 39, 1ull << 33 },
		{ (1ull << 40) - 1, UQ_HIST_BUCKETS - 1,
		  (1ull << 40) - (1ull << 33), 1ull << 33 },
		{ 1ull << 40, UQ_HIST_BUCKETS - 1, (1ull << 40) - (1ull << 33),
		  1ull << 33 },
		{ UINT64_MAX, UQ_HIST_BUCKETS - 1, (1ull << 40) - (1ull << 33),
		  1ull << 33 },
	};

	ck_assert_uint_eq(UQ_HIST_BUCKETS, 2240);
	for (size_t k = 0; k < sizeof(edges) / sizeof(edges[0]); k++) {
		unsigned int i = uq_hist_index(edges[k].ns);

		ck_assert_msg(i == edges[k].index, "%llu ns: bucket %u, not %u",
			      (unsigned long long)edges[k].ns, i,
			      edges[k].index);
		ck_assert_uint_eq(uq_hist_lower(i), edges[k].lower);
		ck_assert_uint_eq(uq_hist_width(i), edges[k].width);
	}
	/* every lower edge opens its own bucket, and the value below it
	 * closes the previous one */
	for (unsigned int i = 1; i < UQ_HIST_BUCKETS; i++) {
		ck_assert_uint_eq(uq_hist_index(uq_hist_lower(i)), i);
		ck_assert_uint_eq(uq_hist_index(uq_hist_lower(i) - 1), i - 1);
	}
}
END_TEST

START_TEST(test_hist_exact_moments)
{
	struct uq_hist *h = malloc(sizeof(*h));
	struct uq_stats s;

	ck_assert_ptr_nonnull(h);
	/* 1, 2, 3, 4: mean 2.5, sample variance 5/3 */
	uq_hist_init(h);
	for (uint64_t v = 1; v <= 4; v++)
		uq_hist_record(h, v);
	uq_hist_stats(h, &s);
	ck_assert(s.mean == 2.5);
	ck_assert(fabs(s.stddev - sqrt(5.0 / 3.0)) < 1e-15);
	/* a large offset with a tiny spread, where sum_sq - sum^2 / n in
	 * doubles would cancel to noise: 10^12 + {0, 1, 2}, 10^5 times each
	 * (mean 10^12 + 1, sample variance 2n / (3n - 1) for n = 10^5) */
	uq_hist_init(h);
	for (int k = 0; k < 100000; k++)
		for (uint64_t d = 0; d < 3; d++)
			uq_hist_record(h, 1000000000000ull + d);
	uq_hist_stats(h, &s);
	ck_assert(s.mean == 1000000000001.0);
	ck_assert_msg(fabs(s.stddev - sqrt(200000.0 / 299999.0)) < 1e-12,
		      "stddev %.15f", s.stddev);
	/* one sample: stddev 0 */
	uq_hist_init(h);
	uq_hist_record(h, 7);
	uq_hist_stats(h, &s);
	ck_assert(s.mean == 7.0 && s.stddev == 0.0);
	free(h);
}
END_TEST

START_TEST(test_hist_merge_equals_single)
{
	struct uq_hist *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b)),
		       *all = malloc(sizeof(*all));
	struct uq_stats sa, sall;

	ck_assert(a && b && all);
	uq_hist_init(a);
	uq_hist_init(b);
	uq_hist_init(all);
	rng_state = 42;
	for (int i = 0; i < 50000; i++) {
		uint64_t x = 1000 + unit_rng(&rng_state) % 100000;

		uq_hist_record(i % 3 ? a : b, x);
		uq_hist_record(all, x);
	}
	uq_hist_merge(a, b);
	ck_assert_mem_eq(a->buckets, all->buckets, sizeof(a->buckets));
	uq_hist_stats(a, &sa);
	uq_hist_stats(all, &sall);
	ck_assert_uint_eq(sa.count, sall.count);
	ck_assert_uint_eq(sa.min, sall.min);
	ck_assert_uint_eq(sa.max, sall.max);
	ck_assert_uint_eq(sa.p99, sall.p99);
	/* the sums are exact integers: merging loses nothing */
	ck_assert(sa.mean == sall.mean);
	ck_assert(sa.stddev == sall.stddev);
	free(a);
	free(b);
	free(all);
}
END_TEST

START_TEST(test_hist_empty)
{
	struct uq_hist *h = malloc(sizeof(*h));
	struct uq_stats s;

	ck_assert_ptr_nonnull(h);
	uq_hist_init(h);
	uq_hist_stats(h, &s);
	ck_assert_uint_eq(s.count, 0);
	ck_assert_uint_eq(s.p99, 0);
	ck_assert_uint_eq(s.min, 0);
	free(h);
}
END_TEST

Suite *suite_hist(void)
{
	Suite *s = suite_create("hist");
	TCase *tc = tcase_create("hist");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_hist_uniform_random);
	tcase_add_test(tc, test_hist_constant);
	tcase_add_test(tc, test_hist_bimodal);
	tcase_add_test(tc, test_hist_heavy_tail);
	tcase_add_test(tc, test_hist_bucket_bounds);
	tcase_add_test(tc, test_hist_bucket_edges);
	tcase_add_test(tc, test_hist_exact_moments);
	tcase_add_test(tc, test_hist_merge_equals_single);
	tcase_add_test(tc, test_hist_empty);
	suite_add_tcase(s, tc);
	return s;
}
