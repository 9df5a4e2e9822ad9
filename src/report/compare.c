/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "report.h"
#include "measure/stattest.h"

#define KEY_MAX 160

enum better { LOWER, HIGHER };

/* One metric of one document. */
struct metric {
	char key[KEY_MAX];
	enum better better;
	const json_t *stats; /* STATS or null; NULL for a rate */
	const json_t *rate; /* the rate (a number or null); NULL for STATS */
	const json_t *sig; /* STATS whose histogram tests a rate, or NULL */
	const json_t *unmap_case; /* the unmap case object, or NULL */
};

struct metrics {
	struct metric v[256];
	size_t n;
	bool overflow;
};

static int fail(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A metric name that does not fit KEY_MAX would be cut, and two cut names
 * could then match although their metrics differ: the document is not
 * one this tool wrote. */
static int too_long(char *why, size_t len, const char *where)
{
	return fail(why, len, "%s: a metric name is too long (over %d bytes)",
		    where, KEY_MAX - 1);
}

static struct metric *add(struct metrics *ms)
{
	if (ms->n == sizeof(ms->v) / sizeof(ms->v[0])) {
		ms->overflow = true;
		return NULL;
	}
	memset(&ms->v[ms->n], 0, sizeof(ms->v[0]));
	return &ms->v[ms->n++];
}

/* "64K", "2M", or the byte count. */
static void size_name(char *buf, size_t len, json_int_t size)
{
	static const char sfx[] = "KMGT";
	int i = -1;

	while (size >= 1024 && size % 1024 == 0 && i < 3) {
		size /= 1024;
		i++;
	}
	if (i < 0)
		snprintf(buf, len, "%" JSON_INTEGER_FORMAT, size);
	else
		snprintf(buf, len, "%" JSON_INTEGER_FORMAT "%c", size, sfx[i]);
}

static int collect_signal_wait(const json_t *sw, struct metrics *ms, char *why,
			       size_t len)
{
	const json_t *lat = json_object_get(sw, "latency_ns");
	const json_t *rate = json_object_get(sw, "pairs_per_s");
	struct metric *m;
	const char *name;
	json_t *s;

	if (!json_is_object(sw))
		return fail(why, len, "results.signal_wait is not an object");
	if (!json_is_object(lat))
		return fail(why, len,
			    "results.signal_wait.latency_ns is missing");
	json_object_foreach((json_t *)lat, name, s)
	{
		m = add(ms);
		if (!m)
			break;
		if (snprintf(m->key, sizeof(m->key),
			     "signal_wait.latency_ns.%s",
			     name) >= (int)sizeof(m->key))
			return too_long(why, len,
					"results.signal_wait.latency_ns");
		m->stats = s;
	}
	if (rate && !json_is_number(rate) && !json_is_null(rate))
		return fail(why, len,
			    "results.signal_wait.pairs_per_s is not a number");
	if (rate) {
		m = add(ms);
		if (m) {
			snprintf(m->key, sizeof(m->key),
				 "signal_wait.pairs_per_s");
			m->better = HIGHER;
			m->rate = rate;
			/* pairs/s is the reciprocal of the pair latency's
			 * mean: its distribution says whether a change is
			 * noise */
			m->sig = json_object_get(lat, "pair");
		}
	}
	return 0;
}

static int collect_unmap(const json_t *um, struct metrics *ms, char *why,
			 size_t len)
{
	static const char *const keys[] = { "ioctl_ns", "complete_ns" };
	const json_t *cases = json_object_get(um, "cases");
	size_t i;
	json_t *c;

	if (!json_is_array(cases))
		return fail(why, len, "results.unmap.cases is missing");
	json_array_foreach(cases, i, c)
	{
		const char *op = json_string_value(json_object_get(c, "op"));
		const char *sync =
			json_string_value(json_object_get(c, "sync"));
		const char *busy =
			json_string_value(json_object_get(c, "busy"));
		json_t *size = json_object_get(c, "size");
		json_t *ranges = json_object_get(c, "ranges");
		char sz[32];

		if (!op || !sync || !busy || !json_is_integer(size) ||
		    !json_is_integer(ranges))
			return fail(
				why, len,
				"results.unmap.cases[%zu]: op, size, ranges, sync or busy missing",
				i);
		size_name(sz, sizeof(sz), json_integer_value(size));
		for (size_t k = 0; k < 2; k++) {
			struct metric *m;

			if (!json_object_get(c, keys[k]))
				return fail(
					why, len,
					"results.unmap.cases[%zu].%s is missing",
					i, keys[k]);
			m = add(ms);
			if (!m)
				return 0;
			if (snprintf(m->key, sizeof(m->key),
				     "unmap[%s %s x%" JSON_INTEGER_FORMAT
				     " %s %s].%s",
				     op, sz, json_integer_value(ranges), sync,
				     busy, keys[k]) >= (int)sizeof(m->key)) {
				char where[48];

				snprintf(where, sizeof(where),
					 "results.unmap.cases[%zu]", i);
				return too_long(why, len, where);
			}
			m->stats = json_object_get(c, keys[k]);
			m->unmap_case = c;
		}
	}
	return 0;
}

static int collect(const json_t *doc, struct metrics *ms, char *why, size_t len)
{
	const json_t *res = json_object_get(doc, "results");
	const json_t *sw = json_object_get(res, "signal_wait");
	const json_t *um = json_object_get(res, "unmap");
	int ret = 0;

	ms->n = 0;
	ms->overflow = false;
	if (sw)
		ret = collect_signal_wait(sw, ms, why, len);
	if (!ret && um)
		ret = collect_unmap(um, ms, why, len);
	return ret;
}

static bool is_count(const json_t *v)
{
	return json_is_integer(v) && json_integer_value(v) >= 0;
}

static int check_histogram(const json_t *h, const char *key, char *why,
			   size_t len)
{
	const json_t *b = json_object_get(h, "buckets");
	json_int_t prev = -1;
	size_t i;
	json_t *e;

	if (!json_is_object(h) || !json_is_array(b) ||
	    !json_is_string(json_object_get(h, "scheme")) ||
	    !is_count(json_object_get(h, "sub_buckets")))
		return fail(why, len, "%s.histogram is malformed", key);
	json_array_foreach(b, i, e)
	{
		json_t *lo = json_array_get(e, 0), *n = json_array_get(e, 1);

		if (json_array_size(e) != 2 || !is_count(lo) || !is_count(n) ||
		    json_integer_value(lo) <= prev)
			return fail(
				why, len,
				"%s.histogram.buckets[%zu] is not [lower_ns, count] above the previous one",
				key, i);
		prev = json_integer_value(lo);
	}
	return 0;
}

static int check_stats(const json_t *s, const char *key, char *why, size_t len)
{
	static const char *const need[] = { "p50", "p90", "p99", "mean" };
	const json_t *h;

	if (json_is_null(s))
		return 0;
	if (!json_is_object(s) || !is_count(json_object_get(s, "count")))
		return fail(why, len, "%s is not a STATS object with a count",
			    key);
	if (json_integer_value(json_object_get(s, "count")) > 0) {
		for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
			if (!json_is_number(json_object_get(s, need[i])))
				return fail(why, len, "%s.%s is not a number",
					    key, need[i]);
	}
	h = json_object_get(s, "histogram");
	return h ? check_histogram(h, key, why, len) : 0;
}

/* A failed json_load*(): why, with the position when it is a syntax
 * error (jansson sets line -1 when it could not read at all). */
static void not_json(const json_error_t *jerr, char *why, size_t len)
{
	if (jerr->line < 0)
		snprintf(why, len, "%s", jerr->text);
	else
		snprintf(why, len, "not JSON: %s at line %d column %d",
			 jerr->text, jerr->line, jerr->column);
}

/* Check a parsed document; takes the reference to @doc. */
static json_t *check_doc(json_t *doc, char *why, size_t len)
{
	struct metrics *ms;
	json_t *v;
	int ret = 0;

	v = json_object_get(doc, "schema_version");
	if (!json_is_object(doc))
		ret = fail(why, len, "not a JSON object");
	else if (!v)
		ret = fail(why, len, "no schema_version");
	else if (!json_is_integer(v) || json_integer_value(v) != 1)
		ret = fail(
			why, len,
			"schema_version %s, this userq-bench reads version 1",
			json_is_integer(v) ? "is not 1" : "is not a number");
	else if (strcmp(json_string_value(json_object_get(json_object_get(doc, "tool"), "name")) ?:
				"",
			"userq-bench"))
		ret = fail(why, len, "tool.name is not userq-bench");
	else if (!json_is_object(json_object_get(doc, "run")))
		ret = fail(why, len, "no run object");
	else if (!json_is_object(json_object_get(doc, "results")))
		ret = fail(why, len, "no results object");
	if (ret)
		goto err;
	ms = malloc(sizeof(*ms));
	if (!ms) {
		ret = fail(why, len, "out of memory");
		goto err;
	}
	ret = collect(doc, ms, why, len);
	for (size_t i = 0; !ret && i < ms->n; i++) {
		if (ms->v[i].stats)
			ret = check_stats(ms->v[i].stats, ms->v[i].key, why,
					  len);
		if (ms->v[i].sig && !ret)
			ret = check_stats(ms->v[i].sig, ms->v[i].key, why, len);
	}
	free(ms);
	if (!ret)
		return doc;
err:
	json_decref(doc);
	return NULL;
}

json_t *uq_compare_load(const char *path, char *why, size_t len)
{
	json_error_t jerr;
	json_t *doc;

	doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		not_json(&jerr, why, len);
		return NULL;
	}
	return check_doc(doc, why, len);
}

json_t *uq_compare_loadb(const char *buf, size_t size, char *why, size_t len)
{
	json_error_t jerr;
	json_t *doc;

	doc = json_loadb(buf, size, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		not_json(&jerr, why, len);
		return NULL;
	}
	return check_doc(doc, why, len);
}

/* --- comparing ------------------------------------------------------- */

struct hist_view {
	struct uq_bucket *b;
	size_t n;
	char scheme[64];
};

/* The buckets of a checked STATS; false when it has no histogram. */
static bool hist_view(const json_t *s, struct hist_view *hv)
{
	const json_t *h = json_object_get(s, "histogram");
	const json_t *b = json_object_get(h, "buckets");
	size_t i;
	json_t *e;

	memset(hv, 0, sizeof(*hv));
	if (!json_is_array(b))
		return false;
	snprintf(hv->scheme, sizeof(hv->scheme), "%s/%" JSON_INTEGER_FORMAT,
		 json_string_value(json_object_get(h, "scheme")),
		 json_integer_value(json_object_get(h, "sub_buckets")));
	hv->n = json_array_size(b);
	hv->b = calloc(hv->n ? hv->n : 1, sizeof(*hv->b));
	if (!hv->b)
		return false;
	json_array_foreach(b, i, e)
	{
		hv->b[i].lower =
			(uint64_t)json_integer_value(json_array_get(e, 0));
		hv->b[i].count =
			(uint64_t)json_integer_value(json_array_get(e, 1));
	}
	return true;
}

/* One statistic of a metric, side by side. */
struct stat_cmp {
	const char *name;
	double base, new, change; /* change in %, NAN when undefined */
	double p; /* NAN when untested */
	double z; /* the test's direction: > 0 when NEW's values are higher */
};

static double change_pct(double base, double new)
{
	if (base == 0)
		return new == 0 ? 0 : NAN;
	return (new - base) / base * 100;
}

static json_t *num_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *stats_side(const struct stat_cmp *sc, size_t n, bool is_new,
			  const json_t *count)
{
	json_t *o = json_object();

	if (o && count)
		json_object_set(o, "count", (json_t *)count);
	for (size_t i = 0; o && i < n; i++)
		json_object_set_new(o, sc[i].name,
				    num_or_null(is_new ? sc[i].new :
							 sc[i].base));
	return o;
}

static json_t *stat_map(const struct stat_cmp *sc, size_t n, bool pvals)
{
	json_t *o = json_object();

	for (size_t i = 0; o && i < n; i++)
		json_object_set_new(o, sc[i].name,
				    num_or_null(pvals ? sc[i].p :
							sc[i].change));
	return o;
}

/* Does the change of @sc count: beyond the threshold and significant, the
 * test pointing the same way as the change (a mean pulled up by a few
 * outliers while the bulk got faster does not count as slower)? Untested
 * changes (no histograms) count by the threshold alone. */
static bool counts(const struct stat_cmp *sc,
		   const struct uq_compare_opts *opts)
{
	if (!isfinite(sc->change) || fabs(sc->change) <= opts->threshold_pct)
		return false;
	if (isnan(sc->p))
		return true;
	return sc->p < opts->alpha && (sc->z > 0) == (sc->change > 0);
}

/* A regression when a statistic counts in the bad direction; else an
 * improvement when one counts in the good direction. @flagged gets the
 * statistics behind the verdict, @worse and @better all that count. */
static const char *verdict(const struct stat_cmp *sc, size_t n,
			   enum better better,
			   const struct uq_compare_opts *opts, json_t *flagged,
			   json_t *worse_list, json_t *better_list)
{
	bool worse = false, improved = false;

	for (size_t i = 0; i < n; i++) {
		if (!counts(&sc[i], opts))
			continue;
		if ((sc[i].change > 0) == (better == LOWER)) {
			worse = true;
			json_array_append_new(worse_list,
					      json_string(sc[i].name));
		} else {
			improved = true;
			json_array_append_new(better_list,
					      json_string(sc[i].name));
		}
	}
	for (size_t i = 0; (worse || improved) && i < n; i++)
		if (counts(&sc[i], opts) &&
		    ((sc[i].change > 0) == (better == LOWER)) == worse)
			json_array_append_new(flagged, json_string(sc[i].name));
	return worse ? "regression" : improved ? "improvement" : "unchanged";
}

static double stat_num(const json_t *s, const char *k)
{
	const json_t *v = json_object_get(s, k);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

static bool has_data(const struct metric *m)
{
	if (m->rate)
		return json_is_number(m->rate);
	return json_is_object(m->stats) &&
	       json_integer_value(json_object_get(m->stats, "count")) > 0;
}

/* Mann-Whitney on the histograms of two STATS; *tested false without. */
static void test_hists(const json_t *sb, const json_t *sn, struct uq_mwu *u,
		       struct hist_view *hb, struct hist_view *hn, bool *tested,
		       const char **note)
{
	*tested = false;
	*note = NULL;
	memset(u, 0, sizeof(*u));
	memset(hb, 0, sizeof(*hb));
	memset(hn, 0, sizeof(*hn));
	u->p = NAN;
	if (!hist_view(sb, hb) || !hist_view(sn, hn)) {
		*note = "no histogram: not tested for significance";
		return;
	}
	if (strcmp(hb->scheme, hn->scheme)) {
		*note = "histogram schemes differ: not tested for significance";
		return;
	}
	if (uq_mwu(hb->b, hb->n, hn->b, hn->n, u)) {
		u->p = NAN;
		*note = "empty histogram: not tested for significance";
		return;
	}
	*tested = true;
}

/* --- runs (--repeat) ---------------------------------------------------- */

/* The metrics of each run of a document's results.repeats[]. */
struct run_set {
	struct metrics **runs;
	size_t n;
};

static void run_set_free(struct run_set *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		free(rs->runs[i]);
	free(rs->runs);
	rs->runs = NULL;
	rs->n = 0;
}

/* 0 with rs->n = 0 when the document holds no repeats; -ENOMEM. A run
 * whose results do not collect is left out. */
static int run_set_load(const json_t *doc, struct run_set *rs)
{
	const json_t *reps =
		json_object_get(json_object_get(doc, "results"), "repeats");
	char why[256];
	size_t i;
	json_t *r;

	rs->runs = NULL;
	rs->n = 0;
	if (!json_is_array(reps) || !json_array_size(reps))
		return 0;
	rs->runs = calloc(json_array_size(reps), sizeof(*rs->runs));
	if (!rs->runs)
		return -ENOMEM;
	json_array_foreach(reps, i, r)
	{
		json_t *wrap = json_pack("{s:O}", "results", r);
		struct metrics *ms = malloc(sizeof(*ms));

		if (!wrap || !ms) {
			json_decref(wrap);
			free(ms);
			run_set_free(rs);
			return -ENOMEM;
		}
		if (collect(wrap, ms, why, sizeof(why)) || ms->overflow)
			free(ms);
		else
			rs->runs[rs->n++] = ms;
		json_decref(wrap);
	}
	return 0;
}

static const struct metric *find(const struct metrics *ms, const char *key,
				 size_t nth);

/* The value of @stat ("p50", ..., or "value" for a rate) of metric
 * (@key, @nth) in each run that has it: their number. */
static size_t run_values(const struct run_set *rs, const char *key, size_t nth,
			 const char *stat, double *out)
{
	size_t n = 0;

	for (size_t i = 0; i < rs->n; i++) {
		const struct metric *m = find(rs->runs[i], key, nth);
		const json_t *v;

		if (!m)
			continue;
		v = m->rate ? m->rate : json_object_get(m->stats, stat);
		if (json_is_number(v))
			out[n++] = json_number_value(v);
	}
	return n;
}

static double mean_of(const double *v, size_t n)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		s += v[i];
	return n ? s / (double)n : NAN;
}

/*
 * With runs on both sides, a statistic is compared across runs: its
 * per-run values, Welch's t test, and the change of their means. Returns
 * false (and leaves @sc) when a side has fewer than two runs with it.
 */
static bool test_runs(const struct run_set *rb, const struct run_set *rn,
		      const char *key, size_t nth, struct stat_cmp *sc,
		      size_t *nb_out, size_t *nn_out)
{
	double *vb, *vn;
	size_t nb, nn;
	bool ok = false;

	if (!rb || !rn || rb->n < 2 || rn->n < 2)
		return false;
	vb = calloc(rb->n, sizeof(*vb));
	vn = calloc(rn->n, sizeof(*vn));
	if (vb && vn) {
		nb = run_values(rb, key, nth, sc->name, vb);
		nn = run_values(rn, key, nth, sc->name, vn);
		if (nb >= 2 && nn >= 2) {
			sc->base = mean_of(vb, nb);
			sc->new = mean_of(vn, nn);
			sc->change = change_pct(sc->base, sc->new);
			sc->p = uq_welch(vb, nb, vn, nn, &sc->z);
			*nb_out = nb;
			*nn_out = nn;
			ok = true;
		}
	}
	free(vb);
	free(vn);
	return ok;
}

static json_t *compare_metric(const struct metric *mb, const struct metric *mn,
			      const struct uq_compare_opts *opts,
			      const struct run_set *rb,
			      const struct run_set *rn, size_t nth)
{
	static const char *const names[] = { "p50", "p90", "p99", "mean" };
	static const double qs[] = { 0.50, 0.90, 0.99 };
	struct hist_view hb, hn;
	struct stat_cmp sc[4];
	const char *note, *v;
	struct uq_mwu u;
	json_t *o, *flagged = json_array(), *worse = json_array();
	json_t *better = json_array();
	size_t n = 0, runs_b = 0, runs_n = 0;
	bool tested, by_runs = false;

	if (mb->rate) {
		test_hists(mb->sig, mn->sig, &u, &hb, &hn, &tested, &note);
		/* more pairs per second is a lower pair latency */
		sc[0] = (struct stat_cmp){ "value",
					   json_number_value(mb->rate),
					   json_number_value(mn->rate),
					   0,
					   u.p,
					   -u.z };
		sc[0].change = change_pct(sc[0].base, sc[0].new);
		n = 1;
		if (tested)
			note = "significance from the pair latency histograms";
	} else {
		test_hists(mb->stats, mn->stats, &u, &hb, &hn, &tested, &note);
		for (n = 0; n < 4; n++) {
			sc[n].name = names[n];
			sc[n].base = stat_num(mb->stats, names[n]);
			sc[n].new = stat_num(mn->stats, names[n]);
			sc[n].change = change_pct(sc[n].base, sc[n].new);
			/* quantiles by Brown-Mood, the mean by U */
			sc[n].p = NAN;
			sc[n].z = u.z;
			if (tested && n < 3)
				sc[n].p = uq_quantile_test(hb.b, hb.n, hn.b,
							   hn.n, qs[n],
							   &sc[n].z);
			else if (tested)
				sc[n].p = u.p;
		}
	}
	/* --repeat on both sides: the runs are the observations */
	if (rb && rn && rb->n >= 2 && rn->n >= 2) {
		struct stat_cmp runs[4];

		memcpy(runs, sc, sizeof(runs));
		by_runs = true;
		for (size_t i = 0; by_runs && i < n; i++)
			by_runs = test_runs(rb, rn, mb->key, nth, &runs[i],
					    &runs_b, &runs_n);
		if (by_runs)
			memcpy(sc, runs, sizeof(runs));
	}
	v = verdict(sc, n, mb->better, opts, flagged, worse, better);
	o = json_pack(
		"{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b,"
		" s:o, s:o, s:o, s:s?}",
		"metric", mb->key, "better",
		mb->better == LOWER ? "lower" : "higher", "verdict", v, "base",
		stats_side(sc, n, false,
			   mb->stats ? json_object_get(mb->stats, "count") :
				       NULL),
		"new",
		stats_side(sc, n, true,
			   mn->stats ? json_object_get(mn->stats, "count") :
				       NULL),
		"change_pct", stat_map(sc, n, false), "p_values",
		stat_map(sc, n, true), "p_value", num_or_null(u.p), "auc",
		tested ? json_real(u.auc) : json_null(), "tested", tested,
		"flagged", flagged, "worse_stats", worse, "better_stats",
		better, "note", note);
	if (o)
		json_object_set_new(o, "test",
				    json_string(by_runs ? "welch_t_runs" :
							  "samples"));
	if (o && by_runs)
		json_object_set_new(o, "runs",
				    json_pack("{s:I, s:I}", "base",
					      (json_int_t)runs_b, "new",
					      (json_int_t)runs_n));
	if (o && mb->unmap_case)
		json_object_set_new(
			o, "case",
			json_pack("{s:O, s:O, s:O, s:O, s:O}", "op",
				  json_object_get(mb->unmap_case, "op"), "size",
				  json_object_get(mb->unmap_case, "size"),
				  "ranges",
				  json_object_get(mb->unmap_case, "ranges"),
				  "sync",
				  json_object_get(mb->unmap_case, "sync"),
				  "busy",
				  json_object_get(mb->unmap_case, "busy")));
	free(hb.b);
	free(hn.b);
	return o;
}

static json_t *unpaired(const struct metric *m, const char *verdict)
{
	return json_pack("{s:s, s:s, s:s, s:n, s:n, s:n, s:n, s:n, s:n, s:b,"
			 " s:[], s:[], s:[]}",
			 "metric", m->key, "better",
			 m->better == LOWER ? "lower" : "higher", "verdict",
			 verdict, "base", "new", "change_pct", "p_values",
			 "p_value", "auc", "tested", 0, "flagged",
			 "worse_stats", "better_stats");
}

/* How many metrics before @m in @ms have its key: a document may hold two
 * cases of the same key (unmap --size 64K,64K), and the k-th of one
 * document pairs with the k-th of the other. */
static size_t nth_of_key(const struct metrics *ms, const struct metric *m)
{
	size_t nth = 0;

	for (const struct metric *p = ms->v; p < m; p++)
		nth += !strcmp(p->key, m->key);
	return nth;
}

/* The @nth metric of @key in @ms, or NULL. */
static const struct metric *find(const struct metrics *ms, const char *key,
				 size_t nth)
{
	for (size_t i = 0; i < ms->n; i++)
		if (!strcmp(ms->v[i].key, key) && !nth--)
			return &ms->v[i];
	return NULL;
}

static void count_verdict(json_t *summary, const char *v)
{
	json_t *c = json_object_get(summary, v);

	json_object_set_new(summary, v,
			    json_integer(json_integer_value(c) + 1));
}

json_t *uq_compare(const json_t *base, const json_t *new,
		   const struct uq_compare_opts *opts)
{
	struct metrics *mb = malloc(sizeof(*mb)), *mn = malloc(sizeof(*mn));
	struct run_set rsb = { 0 }, rsn = { 0 };
	json_t *out = NULL, *list, *summary;
	char why[256];

	if (!mb || !mn || run_set_load(base, &rsb) || run_set_load(new, &rsn))
		goto out;
	/* both documents passed uq_compare_load() */
	collect(base, mb, why, sizeof(why));
	collect(new, mn, why, sizeof(why));
	list = json_array();
	summary = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "regression", 0,
			    "improvement", 0, "unchanged", 0, "only_base", 0,
			    "only_new", 0, "no_data", 0);
	out = json_pack("{s:f, s:f, s:o, s:o, s:s}", "threshold_pct",
			opts->threshold_pct, "alpha", opts->alpha, "metrics",
			list, "summary", summary, "test",
			rsb.n >= 2 && rsn.n >= 2 ?
				"Welch's t test across runs: each run's "
				"statistic is one observation (--repeat on "
				"both sides)" :
				"per-sample tests on the histograms: "
				"Brown-Mood at p50/p90/p99, Mann-Whitney U for "
				"the mean (run with --repeat on both sides to "
				"test across runs)");
	if (!out)
		goto out;
	for (size_t i = 0; i < mb->n; i++) {
		const struct metric *b = &mb->v[i],
				    *n = find(mn, b->key, nth_of_key(mb, b));
		const char *v;
		json_t *m;

		if (!n)
			m = unpaired(b, "only_base");
		else if (!has_data(b) || !has_data(n))
			m = unpaired(b, "no_data");
		else
			m = compare_metric(b, n, opts, &rsb, &rsn,
					   nth_of_key(mb, b));
		v = json_string_value(json_object_get(m, "verdict"));
		if (!m || json_array_append_new(list, m)) {
			json_decref(out);
			out = NULL;
			goto out;
		}
		count_verdict(summary, v);
	}
	for (size_t i = 0; i < mn->n; i++) {
		if (find(mb, mn->v[i].key, nth_of_key(mn, &mn->v[i])))
			continue;
		if (json_array_append_new(list,
					  unpaired(&mn->v[i], "only_new"))) {
			json_decref(out);
			out = NULL;
			goto out;
		}
		count_verdict(summary, "only_new");
	}
out:
	run_set_free(&rsb);
	run_set_free(&rsn);
	free(mb);
	free(mn);
	return out;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* {min, median, max, cv_pct} of @n values (sorted here). */
static json_t *spread_of(double *v, size_t n)
{
	double mean = mean_of(v, n), ss = 0, med;

	qsort(v, n, sizeof(*v), cmp_double);
	med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	for (size_t i = 0; i < n; i++)
		ss += (v[i] - mean) * (v[i] - mean);
	return json_pack("{s:f, s:f, s:f, s:o}", "min", v[0], "median", med,
			 "max", v[n - 1], "cv_pct",
			 n > 1 && mean != 0 ?
				 json_real(sqrt(ss / (double)(n - 1)) /
					   fabs(mean) * 100) :
				 json_null());
}

json_t *uq_repeat_spread(const json_t *doc)
{
	static const char *const lat[] = { "p50", "p90", "p99", "mean" };
	static const char *const rate[] = { "value" };
	struct run_set rs;
	json_t *out = NULL;
	double *v = NULL;

	if (run_set_load(doc, &rs))
		return NULL;
	out = json_array();
	v = calloc(rs.n ? rs.n : 1, sizeof(*v));
	if (!out || !v || !rs.n)
		goto done;
	for (size_t i = 0; i < rs.runs[0]->n; i++) {
		const struct metric *m = &rs.runs[0]->v[i];
		const char *const *names = m->rate ? rate : lat;
		size_t nn = m->rate ? 1 : 4, nth = nth_of_key(rs.runs[0], m);
		json_t *stats = json_object(), *e;
		size_t runs = 0;

		for (size_t k = 0; stats && k < nn; k++) {
			size_t c = run_values(&rs, m->key, nth, names[k], v);

			if (c)
				json_object_set_new(stats, names[k],
						    spread_of(v, c));
			runs = c > runs ? c : runs;
		}
		e = json_pack("{s:s, s:I, s:o}", "metric", m->key, "runs",
			      (json_int_t)runs, "stats", stats);
		if (!e || json_array_append_new(out, e)) {
			json_decref(out);
			out = NULL;
			break;
		}
	}
done:
	free(v);
	run_set_free(&rs);
	return out;
}
