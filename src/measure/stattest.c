/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "stattest.h"

/* Walks the two bucket lists together, one pooled bucket at a time. */
struct walk {
	const struct uq_bucket *a, *b;
	size_t na, nb, i, j;
};

/* The next pooled bucket with samples: its counts in a and in b. Returns
 * 0, 1 at the end, -EINVAL when a list is out of order. */
static int walk_next(struct walk *w, uint64_t *ca, uint64_t *cb)
{
	uint64_t lower;

	for (;;) {
		bool ha = w->i < w->na, hb = w->j < w->nb;

		if (!ha && !hb)
			return 1;
		if (ha && hb)
			lower = w->a[w->i].lower < w->b[w->j].lower ?
					w->a[w->i].lower :
					w->b[w->j].lower;
		else
			lower = ha ? w->a[w->i].lower : w->b[w->j].lower;
		*ca = *cb = 0;
		if (ha && w->a[w->i].lower == lower) {
			*ca = w->a[w->i++].count;
			if (w->i < w->na && w->a[w->i].lower <= lower)
				return -EINVAL;
		}
		if (hb && w->b[w->j].lower == lower) {
			*cb = w->b[w->j++].count;
			if (w->j < w->nb && w->b[w->j].lower <= lower)
				return -EINVAL;
		}
		if (*ca || *cb)
			return 0;
	}
}

static uint64_t total(const struct uq_bucket *v, size_t n)
{
	uint64_t t = 0;

	for (size_t i = 0; i < n; i++)
		t += v[i].count;
	return t;
}

static double two_sided_p(double z)
{
	return erfc(fabs(z) / sqrt(2.0));
}

int uq_mwu(const struct uq_bucket *a, size_t na, const struct uq_bucket *b,
	   size_t nb, struct uq_mwu *out)
{
	struct walk w = { a, b, na, nb, 0, 0 };
	double n1, n2, n, ranks = 0, wb = 0, ties = 0, mu, var, d;
	uint64_t ca, cb;
	int ret;

	memset(out, 0, sizeof(*out));
	out->p = 1;
	out->auc = 0.5;
	out->n1 = total(a, na);
	out->n2 = total(b, nb);
	if (!out->n1 || !out->n2)
		return -EINVAL;
	n1 = (double)out->n1;
	n2 = (double)out->n2;
	n = n1 + n2;
	while (!(ret = walk_next(&w, &ca, &cb))) {
		double t = (double)ca + (double)cb;

		/* every sample of the bucket gets the bucket's mid-rank */
		wb += (double)cb * (ranks + (t + 1) / 2);
		ties += t * t * t - t;
		ranks += t;
	}
	if (ret < 0) {
		memset(out, 0, sizeof(*out));
		out->p = 1;
		return -EINVAL;
	}
	out->u = wb - n2 * (n2 + 1) / 2;
	out->auc = out->u / (n1 * n2);
	mu = n1 * n2 / 2;
	var = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)));
	if (var <= 0)
		return 0; /* all samples tied: no evidence either way */
	d = out->u - mu;
	d = fabs(d) <= 0.5 ? 0 : d - copysign(0.5, d);
	out->z = d / sqrt(var);
	out->p = two_sided_p(out->z);
	return 0;
}

double uq_quantile_test(const struct uq_bucket *a, size_t na,
			const struct uq_bucket *b, size_t nb, double q,
			double *z)
{
	struct walk w = { a, b, na, nb, 0, 0 };
	uint64_t n1 = total(a, na), n2 = total(b, nb), ca, cb;
	uint64_t below_a = 0, below_b = 0, split_a = 0, split_b = 0;
	double want, best = INFINITY, p1, p2, pp, se, d;
	int ret;

	if (z)
		*z = 0;
	if (!n1 || !n2 || q <= 0 || q >= 1)
		return 1;
	want = q * (double)(n1 + n2);
	while (!(ret = walk_next(&w, &ca, &cb))) {
		double off;

		below_a += ca;
		below_b += cb;
		off = fabs((double)(below_a + below_b) - want);
		if (off < best) {
			best = off;
			split_a = below_a;
			split_b = below_b;
		}
	}
	if (ret < 0)
		return 1;
	p1 = (double)(n1 - split_a) / (double)n1;
	p2 = (double)(n2 - split_b) / (double)n2;
	pp = (double)(n1 - split_a + n2 - split_b) / (double)(n1 + n2);
	se = sqrt(pp * (1 - pp) * (1.0 / (double)n1 + 1.0 / (double)n2));
	if (se <= 0)
		return 1;
	/* Yates' continuity correction */
	d = fabs(p2 - p1) - 0.5 * (1.0 / (double)n1 + 1.0 / (double)n2);
	if (d <= 0)
		return 1;
	if (z)
		*z = copysign(d / se, p2 - p1);
	return two_sided_p(d / se);
}

/*
 * The continued fraction of the regularized incomplete beta function
 * I_x(a, b), evaluated by the modified Lentz method; it converges quickly
 * for x < (a + 1) / (a + b + 2), and the caller uses the symmetry
 * I_x(a, b) = 1 - I_(1-x)(b, a) otherwise.
 */
static double beta_fraction(double a, double b, double x)
{
	const double tiny = 1e-300, eps = 1e-15;
	double c = 1, d = 1 - (a + b) * x / (a + 1), f;

	d = fabs(d) < tiny ? 1 / tiny : 1 / d;
	f = d;
	for (int m = 1; m <= 300; m++) {
		double num, delta;

		/* the even step: m (b - m) x / ((a + 2m - 1)(a + 2m)) */
		num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
		d = 1 + num * d;
		c = 1 + num / c;
		d = fabs(d) < tiny ? 1 / tiny : 1 / d;
		c = fabs(c) < tiny ? tiny : c;
		f *= c * d;
		/* the odd step: -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)) */
		num = -(a + m) * (a + b + m) * x /
		      ((a + 2 * m) * (a + 2 * m + 1));
		d = 1 + num * d;
		c = 1 + num / c;
		d = fabs(d) < tiny ? 1 / tiny : 1 / d;
		c = fabs(c) < tiny ? tiny : c;
		delta = c * d;
		f *= delta;
		if (fabs(delta - 1) < eps)
			break;
	}
	return f;
}

static double incomplete_beta(double a, double b, double x)
{
	double front;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) +
		    b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_fraction(a, b, x) / a;
	return 1 - front * beta_fraction(b, a, 1 - x) / b;
}

double uq_student_t_two_sided(double t, double df)
{
	if (!isfinite(t))
		return isnan(t) ? 1 : 0;
	return incomplete_beta(df / 2, 0.5, df / (df + t * t));
}

static void mean_var(const double *v, size_t n, double *mean, double *var)
{
	double m = 0, s = 0;

	for (size_t i = 0; i < n; i++)
		m += v[i];
	m /= (double)n;
	for (size_t i = 0; i < n; i++)
		s += (v[i] - m) * (v[i] - m);
	*mean = m;
	*var = s / (double)(n - 1);
}

double uq_welch(const double *a, size_t na, const double *b, size_t nb,
		double *t)
{
	double ma, va, mb, vb, sa, sb, se, tt, df;

	if (t)
		*t = 0;
	if (na < 2 || nb < 2)
		return 1;
	mean_var(a, na, &ma, &va);
	mean_var(b, nb, &mb, &vb);
	sa = va / (double)na;
	sb = vb / (double)nb;
	se = sqrt(sa + sb);
	if (se == 0) {
		if (t)
			*t = mb > ma ? INFINITY : mb < ma ? -INFINITY : 0;
		return mb == ma ? 1 : 0;
	}
	tt = (mb - ma) / se;
	df = (sa + sb) * (sa + sb) /
	     (sa * sa / (double)(na - 1) + sb * sb / (double)(nb - 1));
	if (t)
		*t = tt;
	return uq_student_t_two_sided(tt, df);
}
