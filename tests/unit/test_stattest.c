/* SPDX-License-Identifier: MIT */
/*
 * The two-sample tests of compare (stattest.h) against direct computations
 * on raw samples: Mann-Whitney U from histogram buckets equals U counted
 * pair by pair with values in one bucket tied; same distributions give a
 * large p, shifted ones a tiny p; a tail-only shift shows in the quantile
 * test.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/hist.h"
#include "measure/stattest.h"
#include "unit.h"

static uint64_t rng_state;

/* Log-normal latencies around @median ns, sigma 0.25. */
static void draw(uint64_t *v, size_t n, double median, double scale)
{
	for (size_t i = 0; i < n; i++) {
		double z = sqrt(-2 * log(unit_rng_unit(&rng_state))) *
			   cos(2 * M_PI * unit_rng_unit(&rng_state));

		v[i] = (uint64_t)(median * exp(0.25 * z) * scale);
	}
}

/* The non-empty buckets of @v in the tool's histogram. */
static struct uq_bucket *to_buckets(const uint64_t *v, size_t n, size_t *nb)
{
	struct uq_hist *h = malloc(sizeof(*h));
	struct uq_bucket *b = malloc(UQ_HIST_BUCKETS * sizeof(*b));

	ck_assert(h && b);
	uq_hist_init(h);
	for (size_t i = 0; i < n; i++)
		uq_hist_record(h, v[i]);
	*nb = 0;
	for (unsigned int i = 0; i < UQ_HIST_BUCKETS; i++)
		if (h->buckets[i])
			b[(*nb)++] = (struct uq_bucket){ uq_hist_lower(i),
							 h->buckets[i] };
	free(h);
	return b;
}

/* U of @b against @a, pair by pair; values in one bucket are ties. */
static double direct_u(const uint64_t *a, size_t na, const uint64_t *b,
		       size_t nb)
{
	double u = 0;

	for (size_t j = 0; j < nb; j++) {
		unsigned int y = uq_hist_index(b[j]);

		for (size_t i = 0; i < na; i++) {
			unsigned int x = uq_hist_index(a[i]);

			u += y > x ? 1 : y == x ? 0.5 : 0;
		}
	}
	return u;
}

/* The textbook normal approximation from raw samples, with the tie
 * correction counted from the pooled bucket indexes. */
static double direct_p(const uint64_t *a, size_t na, const uint64_t *b,
		       size_t nb, double u)
{
	static uint64_t t[UQ_HIST_BUCKETS];
	double n1 = (double)na, n2 = (double)nb, n = n1 + n2, ties = 0, var, d;

	memset(t, 0, sizeof(t));
	for (size_t i = 0; i < na; i++)
		t[uq_hist_index(a[i])]++;
	for (size_t i = 0; i < nb; i++)
		t[uq_hist_index(b[i])]++;
	for (unsigned int i = 0; i < UQ_HIST_BUCKETS; i++)
		ties += (double)t[i] * (double)t[i] * (double)t[i] -
			(double)t[i];
	var = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)));
	d = fabs(u - n1 * n2 / 2) - 0.5;
	if (d < 0)
		d = 0;
	return erfc(d / sqrt(var) / sqrt(2));
}

static void check_against_direct(size_t na, size_t nb, double scale)
{
	uint64_t *a = malloc(na * sizeof(*a)), *b = malloc(nb * sizeof(*b));
	struct uq_bucket *ba, *bb;
	size_t nba, nbb;
	struct uq_mwu r;
	double u, p;

	ck_assert(a && b);
	draw(a, na, 3000, 1);
	draw(b, nb, 3000, scale);
	ba = to_buckets(a, na, &nba);
	bb = to_buckets(b, nb, &nbb);
	ck_assert_int_eq(uq_mwu(ba, nba, bb, nbb, &r), 0);
	u = direct_u(a, na, b, nb);
	p = direct_p(a, na, b, nb, u);
	ck_assert_uint_eq(r.n1, na);
	ck_assert_uint_eq(r.n2, nb);
	ck_assert_msg(fabs(r.u - u) < 1e-6 * u + 1e-9, "U %f, direct %f", r.u,
		      u);
	ck_assert_msg(fabs(r.p - p) <= 1e-9 + 1e-6 * p, "p %g, direct %g", r.p,
		      p);
	ck_assert(fabs(r.auc - u / ((double)na * (double)nb)) < 1e-12);
	free(ba);
	free(bb);
	free(a);
	free(b);
}

START_TEST(test_mwu_equals_direct)
{
	rng_state = 0xfeedface;
	check_against_direct(300, 500, 1.0);
	check_against_direct(1000, 700, 1.03);
	check_against_direct(50, 2000, 0.9);
}
END_TEST

/* Exact values below 128 ns: every distinct value is its own bucket. */
START_TEST(test_mwu_small_exact)
{
	/* a = 1 2 3, b = 2 4 5: U_b = pairs b > a + ties / 2
	 * b=2: > 1, tie 2 -> 1.5; b=4: 3; b=5: 3 -> 7.5 */
	static const struct uq_bucket a[] = { { 1, 1 }, { 2, 1 }, { 3, 1 } };
	static const struct uq_bucket b[] = { { 2, 1 }, { 4, 1 }, { 5, 1 } };
	struct uq_mwu r;

	ck_assert_int_eq(uq_mwu(a, 3, b, 3, &r), 0);
	ck_assert(fabs(r.u - 7.5) < 1e-12);
	ck_assert(fabs(r.auc - 7.5 / 9) < 1e-12);
	ck_assert(r.p > 0.1 && r.p <= 1);
}
END_TEST

START_TEST(test_mwu_identical_large_p)
{
	uint64_t *v = malloc(20000 * sizeof(*v)), *w;
	struct uq_bucket *b, *c;
	size_t nb, nc;
	struct uq_mwu r;

	w = malloc(20000 * sizeof(*w));
	ck_assert(v && w);
	rng_state = 7;
	draw(v, 20000, 2000, 1);
	b = to_buckets(v, 20000, &nb);
	/* a document against itself */
	ck_assert_int_eq(uq_mwu(b, nb, b, nb, &r), 0);
	ck_assert(fabs(r.auc - 0.5) < 1e-12);
	ck_assert(r.p > 0.999);
	/* another draw from the same distribution (fixed seed) */
	draw(w, 20000, 2000, 1);
	c = to_buckets(w, 20000, &nc);
	ck_assert_int_eq(uq_mwu(b, nb, c, nc, &r), 0);
	ck_assert_msg(r.p > 0.01, "p %g", r.p);
	free(b);
	free(c);
	free(v);
	free(w);
}
END_TEST

START_TEST(test_mwu_shift_tiny_p)
{
	uint64_t *v = malloc(20000 * sizeof(*v)), *w;
	struct uq_bucket *b, *c;
	size_t nb, nc;
	struct uq_mwu r;

	w = malloc(20000 * sizeof(*w));
	ck_assert(v && w);
	rng_state = 8;
	draw(v, 20000, 2000, 1);
	draw(w, 20000, 2000, 1.05);
	b = to_buckets(v, 20000, &nb);
	c = to_buckets(w, 20000, &nc);
	ck_assert_int_eq(uq_mwu(b, nb, c, nc, &r), 0);
	ck_assert_msg(r.p < 1e-10, "p %g", r.p);
	ck_assert(r.z > 0 && r.auc > 0.5);
	/* the other way round: the same p, the sign flips */
	ck_assert_int_eq(uq_mwu(c, nc, b, nb, &r), 0);
	ck_assert(r.p < 1e-10 && r.z < 0 && r.auc < 0.5);
	free(b);
	free(c);
	free(v);
	free(w);
}
END_TEST

START_TEST(test_mwu_degenerate)
{
	static const struct uq_bucket one[] = { { 1000, 50 } };
	static const struct uq_bucket bad[] = { { 2000, 1 }, { 1000, 1 } };
	struct uq_mwu r;

	/* all tied: no evidence */
	ck_assert_int_eq(uq_mwu(one, 1, one, 1, &r), 0);
	ck_assert(r.p == 1);
	ck_assert_int_eq(uq_mwu(one, 0, one, 1, &r), -EINVAL);
	ck_assert(r.p == 1);
	ck_assert_int_eq(uq_mwu(bad, 2, one, 1, &r), -EINVAL);
	ck_assert(uq_quantile_test(bad, 2, one, 1, 0.5, NULL) == 1);
	ck_assert(uq_quantile_test(one, 1, one, 1, 0.99, NULL) == 1);
}
END_TEST

/* Only the slowest 2% 10% slower (p99 +10%, the body unchanged): U barely
 * moves, the test at p99 sees it. */
START_TEST(test_quantile_tail_shift)
{
	const size_t n = 20000;
	uint64_t *v = malloc(n * sizeof(*v)), *w = malloc(n * sizeof(*w));
	struct uq_bucket *b, *c;
	size_t nb, nc;
	struct uq_mwu r;
	double z;

	ck_assert(v && w);
	rng_state = 9;
	draw(v, n, 2000, 1);
	memcpy(w, v, n * sizeof(*v));
	for (size_t i = 0; i < n; i++)
		if (w[i] > 2000 * exp(0.25 * 2.054)) /* above ~p98 */
			w[i] = w[i] * 11 / 10;
	b = to_buckets(v, n, &nb);
	c = to_buckets(w, n, &nc);
	ck_assert_int_eq(uq_mwu(b, nb, c, nc, &r), 0);
	ck_assert_msg(r.p > 0.01, "U p %g", r.p);
	ck_assert_msg(uq_quantile_test(b, nb, c, nc, 0.99, NULL) < 1e-6,
		      "p99 %g", uq_quantile_test(b, nb, c, nc, 0.99, NULL));
	ck_assert(uq_quantile_test(b, nb, c, nc, 0.5, NULL) > 0.5);
	/* the direction: NEW's p99 is the higher one */
	uq_quantile_test(b, nb, c, nc, 0.99, &z);
	ck_assert(z > 5);
	uq_quantile_test(c, nc, b, nb, 0.99, &z);
	ck_assert(z < -5);
	free(b);
	free(c);
	free(v);
	free(w);
}
END_TEST

/* Student's t against values every table gives. */
START_TEST(test_student_t_known_values)
{
	/* df 1 is the Cauchy distribution: P(|T| >= 1) = 1/2 exactly */
	ck_assert_double_eq_tol(uq_student_t_two_sided(1.0, 1), 0.5, 1e-12);
	/* the 5% two-sided critical value for df 10 is 2.228139 */
	ck_assert_double_eq_tol(uq_student_t_two_sided(2.228139, 10), 0.05,
				1e-6);
	/* df 30: 2.042272 */
	ck_assert_double_eq_tol(uq_student_t_two_sided(-2.042272, 30), 0.05,
				1e-6);
	/* large df: the normal, P(|Z| >= 1.959964) = 0.05 */
	ck_assert_double_eq_tol(uq_student_t_two_sided(1.959964, 1e7), 0.05,
				1e-5);
	ck_assert_double_eq_tol(uq_student_t_two_sided(0, 5), 1.0, 1e-12);
}
END_TEST

/* Welch on a worked example: equal variances and sizes make it the
 * pooled t test, which is easy to check by hand. */
START_TEST(test_welch)
{
	static const double a[] = { 1, 2, 3, 4, 5 };
	static const double b[] = { 3, 4, 5, 6, 7 };
	static const double flat_a[] = { 5, 5, 5 }, flat_b[] = { 6, 6, 6 };
	double t;

	/* means 3 and 5, variances 2.5: se = 1, t = 2, df = 8 */
	ck_assert_double_eq_tol(uq_welch(a, 5, b, 5, &t),
				uq_student_t_two_sided(2.0, 8), 1e-12);
	ck_assert_double_eq_tol(t, 2.0, 1e-12);
	ck_assert_double_eq_tol(uq_welch(b, 5, a, 5, &t),
				uq_student_t_two_sided(2.0, 8), 1e-12);
	ck_assert_double_lt(t, 0);
	/* t = 2 with df 8: p = 0.0805 (tables) */
	ck_assert_double_eq_tol(uq_student_t_two_sided(2.0, 8), 0.0805, 1e-3);
	/* one value a side: untestable */
	ck_assert_double_eq(uq_welch(a, 1, b, 5, &t), 1.0);
	ck_assert_double_eq(t, 0);
	/* no spread at all: certain when the means differ */
	ck_assert_double_eq(uq_welch(flat_a, 3, flat_b, 3, &t), 0.0);
	ck_assert_double_gt(t, 0);
	ck_assert_double_eq(uq_welch(flat_a, 3, flat_a, 3, &t), 1.0);
}
END_TEST

Suite *suite_stattest(void)
{
	Suite *s = suite_create("stattest");
	TCase *tc = tcase_create("stattest");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_mwu_equals_direct);
	tcase_add_test(tc, test_mwu_small_exact);
	tcase_add_test(tc, test_mwu_identical_large_p);
	tcase_add_test(tc, test_mwu_shift_tiny_p);
	tcase_add_test(tc, test_mwu_degenerate);
	tcase_add_test(tc, test_quantile_tail_shift);
	tcase_add_test(tc, test_student_t_known_values);
	tcase_add_test(tc, test_welch);
	suite_add_tcase(s, tc);
	return s;
}
