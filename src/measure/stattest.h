/* SPDX-License-Identifier: MIT */
/*
 * Two-sample tests on histograms (for compare): the samples are known only
 * to the resolution of their buckets, so values within one bucket count as
 * ties. Pure functions, unit-tested against raw samples.
 */
#ifndef UQ_SRC_STATTEST_H
#define UQ_SRC_STATTEST_H

#include <stddef.h>
#include <stdint.h>

/* One histogram bucket: the samples in [lower, next bucket's lower). */
struct uq_bucket {
	uint64_t lower;
	uint64_t count;
};

struct uq_mwu {
	uint64_t n1, n2; /* sample sizes of a and b */
	double u; /* U of b: pairs (x in a, y in b) with y > x, ties 1/2 */
	double auc; /* u / (n1 n2): P(b > a) + P(tie) / 2; 0.5 = no shift */
	double z; /* normal approximation, tie and continuity corrected */
	double p; /* two-sided p-value */
};

/**
 * uq_mwu - Mann-Whitney U test of @b against @a.
 * @a, @b: buckets in ascending order of lower bound, of the same scheme
 *         (a value's bucket is the same in both); empty buckets allowed.
 *
 * Mid-ranks over the pooled buckets; the variance carries the tie
 * correction, n1 n2 / 12 * ((N + 1) - sum(t^3 - t) / (N (N - 1))).
 * Returns 0, or -EINVAL when either sample is empty or the buckets are not
 * in ascending order (then *out is zeroed, p = 1).
 */
int uq_mwu(const struct uq_bucket *a, size_t na, const struct uq_bucket *b,
	   size_t nb, struct uq_mwu *out);

/**
 * uq_quantile_test - is the @q quantile of @b different from that of @a?
 * Brown-Mood: split the pooled samples at the bucket boundary closest to
 * the pooled @q quantile and test the two proportions above it (2x2 table,
 * normal approximation). A shift of only the tail, which Mann-Whitney
 * barely sees, shows here.
 *
 * @z: if not NULL, the signed statistic: above 0 when @b has more samples
 *     above the split (its quantile is higher), 0 when untestable.
 *
 * Returns the two-sided p-value; 1 when untestable (empty, or every sample
 * on one side of the split).
 */
double uq_quantile_test(const struct uq_bucket *a, size_t na,
			const struct uq_bucket *b, size_t nb, double q,
			double *z);

/**
 * uq_welch - Welch's unequal-variance t test of @b against @a: for one
 * statistic per run (--repeat), where the runs, not the samples within a
 * run, are the independent observations.
 * @t: if not NULL, the statistic: above 0 when @b's mean is higher.
 *
 * Returns the two-sided p-value from Student's t with the
 * Welch-Satterthwaite degrees of freedom; 1 with fewer than two values on
 * a side. Two samples without any spread give 0 when their means differ.
 */
double uq_welch(const double *a, size_t na, const double *b, size_t nb,
		double *t);

/* Student's t distribution: P(|T| >= |t|) with @df degrees of freedom. */
double uq_student_t_two_sided(double t, double df);

#endif
