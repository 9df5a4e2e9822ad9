/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <string.h>

#include "hist.h"

void uq_hist_init(struct uq_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

uint64_t uq_hist_lower(unsigned int index)
{
	unsigned int shift, sub;

	if (index < UQ_HIST_EXACT)
		return index;
	shift = (index - UQ_HIST_EXACT) / UQ_HIST_SUB + 1;
	sub = (index - UQ_HIST_EXACT) % UQ_HIST_SUB + UQ_HIST_SUB;
	return (uint64_t)sub << shift;
}

uint64_t uq_hist_width(unsigned int index)
{
	if (index < UQ_HIST_EXACT)
		return 1;
	return 1ull << ((index - UQ_HIST_EXACT) / UQ_HIST_SUB + 1);
}

void uq_hist_merge(struct uq_hist *dst, const struct uq_hist *src)
{
	if (!src->count)
		return;
	dst->count += src->count;
	dst->sum += src->sum;
	dst->sum_sq += src->sum_sq;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	for (unsigned int i = 0; i < UQ_HIST_BUCKETS; i++)
		dst->buckets[i] += src->buckets[i];
}

/*
 * Mean and sum of squared deviations from the exact sums, without the
 * cancellation of sum_sq - sum^2 / n in floating point: with sum = q n + r
 * (0 <= r < n), sum^2 / n = q^2 n + 2 q r + r^2 / n, so
 * M2 = (sum_sq - q^2 n - 2 q r) - r^2 / n, where the bracket is an exact
 * integer (the sum of squared deviations from q) and r^2 / n < n.
 */
static void mean_m2(const struct uq_hist *h, double *mean, double *m2)
{
	uq_u128 n = h->count, q = h->sum / n, r = h->sum % n, dev_q;

	*mean = (double)q + (double)r / (double)n;
	dev_q = h->sum_sq - q * q * n - 2 * q * r;
	*m2 = (double)dev_q - (double)r * (double)r / (double)n;
	if (*m2 < 0) /* rounding of the last term only */
		*m2 = 0;
}

uint64_t uq_hist_percentile(const struct uq_hist *h, double q)
{
	uint64_t rank, seen = 0, v;
	unsigned int i;

	if (!h->count)
		return 0;
	/* nearest rank: the smallest sample with at least q of all at or
	 * below it */
	rank = (uint64_t)ceil(q * (double)h->count);
	if (rank < 1)
		rank = 1;
	if (rank > h->count)
		rank = h->count;
	for (i = 0; i < UQ_HIST_BUCKETS; i++) {
		seen += h->buckets[i];
		if (seen >= rank)
			break;
	}
	if (i == UQ_HIST_BUCKETS - 1 && h->max >= uq_hist_lower(i))
		return h->max; /* the open-ended top bucket */
	v = uq_hist_lower(i) + uq_hist_width(i) / 2;
	if (v < h->min)
		v = h->min;
	if (v > h->max)
		v = h->max;
	return v;
}

void uq_hist_stats(const struct uq_hist *h, struct uq_stats *s)
{
	double m2;

	memset(s, 0, sizeof(*s));
	s->count = h->count;
	if (!h->count)
		return;
	s->min = h->min;
	s->max = h->max;
	mean_m2(h, &s->mean, &m2);
	s->stddev = h->count > 1 ? sqrt(m2 / (double)(h->count - 1)) : 0.0;
	s->p50 = uq_hist_percentile(h, 0.50);
	s->p90 = uq_hist_percentile(h, 0.90);
	s->p99 = uq_hist_percentile(h, 0.99);
	s->p999 = uq_hist_percentile(h, 0.999);
}
