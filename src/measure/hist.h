/* SPDX-License-Identifier: MIT */
/*
 * Fixed-memory log-linear latency histogram (HDR / fio style).
 *
 * Values below 128 ns get a bucket each (exact). Above, every power-of-two
 * range [2^e, 2^(e+1)) is split into 64 equal buckets, so a bucket is at most
 * 1/64 of its lower bound wide. A percentile is reported as the midpoint of
 * the bucket holding the exact nearest-rank sample, clamped to [min, max]:
 * its relative error is at most 1/128 (0.79%) anywhere from 1 ns to the top
 * bucket (2^40 ns, about 18 minutes; larger values land in the top bucket and
 * only max keeps them exactly).
 *
 * count, min, max, the sum and the sum of squares are exact integers, so
 * that recording a sample is a few integer instructions (a clz, adds, one
 * 64x64 multiply; no floating point, no division) and merging is exact;
 * mean and stddev are derived from the sums only when asked
 * (uq_hist_stats()). The sums stay exact while the sum of squares fits in
 * 128 bits, e.g. 2^30 samples of up to 2^49 ns (6.5 days). Memory is
 * sizeof(struct uq_hist), whatever the number of samples.
 */
#ifndef UQ_HIST_H
#define UQ_HIST_H

#include <stdbool.h>
#include <stdint.h>

#define UQ_HIST_SUB_BITS 6
#define UQ_HIST_SUB (1u << UQ_HIST_SUB_BITS) /* buckets per octave */
#define UQ_HIST_EXACT (2u * UQ_HIST_SUB) /* values below are exact */
#define UQ_HIST_MAX_SHIFT 33 /* top octave: [2^39, 2^40) */
#define UQ_HIST_BUCKETS (UQ_HIST_EXACT + UQ_HIST_MAX_SHIFT * UQ_HIST_SUB)

/* GCC and Clang have it on every 64-bit target Debian builds for. */
__extension__ typedef unsigned __int128 uq_u128;

struct uq_hist {
	uint64_t count;
	uint64_t min;
	uint64_t max;
	uq_u128 sum; /* of the samples */
	uq_u128 sum_sq; /* of their squares */
	uint64_t buckets[UQ_HIST_BUCKETS];
};

struct uq_stats {
	uint64_t count;
	uint64_t min;
	uint64_t max;
	double mean;
	double stddev; /* sample standard deviation (n - 1) */
	uint64_t p50;
	uint64_t p90;
	uint64_t p99;
	uint64_t p999;
};

void uq_hist_init(struct uq_hist *h);

/* Bucket of a value. */
static inline unsigned int uq_hist_index(uint64_t ns)
{
	unsigned int shift;

	if (ns < UQ_HIST_EXACT)
		return (unsigned int)ns;
	/* keep the top 7 bits: ns >> shift is in [64, 128) */
	shift = 63u - (unsigned int)__builtin_clzll(ns) - UQ_HIST_SUB_BITS;
	if (shift > UQ_HIST_MAX_SHIFT)
		return UQ_HIST_BUCKETS - 1;
	return UQ_HIST_EXACT + (shift - 1) * UQ_HIST_SUB +
	       (unsigned int)(ns >> shift) - UQ_HIST_SUB;
}

/* The [lower, lower + width) range of a bucket. */
uint64_t uq_hist_lower(unsigned int index);
uint64_t uq_hist_width(unsigned int index);

/* The hot path: every measured latency goes through here (from a flushed
 * batch, measure.h). */
static inline void uq_hist_record(struct uq_hist *h, uint64_t ns)
{
	h->buckets[uq_hist_index(ns)]++;
	h->count++;
	if (ns < h->min)
		h->min = ns;
	if (ns > h->max)
		h->max = ns;
	h->sum += ns;
	h->sum_sq += (uq_u128)ns * ns;
}

/* dst += src */
void uq_hist_merge(struct uq_hist *dst, const struct uq_hist *src);

/* Nearest-rank percentile (q in (0, 1]); 0 for an empty histogram. */
uint64_t uq_hist_percentile(const struct uq_hist *h, double q);

void uq_hist_stats(const struct uq_hist *h, struct uq_stats *s);

#endif
