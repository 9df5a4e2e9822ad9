/* SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "report.h"

static const struct uq_unit units[] = {
	{ "ns", 1 },
	{ "µs", 1e3 },
	{ "ms", 1e6 },
	{ "s", 1e9 },
};

#define N_UNITS (sizeof(units) / sizeof(units[0]))

const struct uq_unit *uq_text_unit(double ns)
{
	size_t i = 0;

	while (i + 1 < N_UNITS && fabs(ns) >= units[i + 1].ns)
		i++;
	return &units[i];
}

char *uq_text_number(char *buf, size_t len, double ns,
		     const struct uq_unit *unit)
{
	double v = ns / unit->ns, a = fabs(v);

	/* the histogram is good to 1%: three digits say all it knows */
	if (unit->ns == 1 || a >= 100 || a == 0)
		snprintf(buf, len, "%.0f", v);
	else if (a >= 10)
		snprintf(buf, len, "%.1f", v);
	else
		snprintf(buf, len, "%.2f", v);
	return buf;
}

char *uq_text_duration(char *buf, size_t len, double ns)
{
	const struct uq_unit *u = uq_text_unit(ns);
	size_t n;

	uq_text_number(buf, len, ns, u);
	n = strlen(buf);
	snprintf(buf + n, len - n, " %s", u->name);
	return buf;
}

static const char *const columns[] = { "min", "mean", "stddev", "p50",
				       "p90", "p99",  "p999",	"max" };
static const char *const headings[] = { "min", "mean", "stddev", "p50",
					"p90", "p99",  "p99.9",	 "max" };
#define N_COLUMNS (sizeof(columns) / sizeof(columns[0]))
#define NUM_W 8

void uq_text_stats_table(FILE *f, const json_t *stats_map)
{
	int name_w = 6; /* strlen("metric") */
	const char *key;
	json_t *s;

	json_object_foreach((json_t *)stats_map, key,
			    s) if ((int)strlen(key) > name_w)
		name_w = (int)strlen(key);
	fprintf(f, "  %-*s %10s", name_w, "metric", "count");
	for (size_t c = 0; c < N_COLUMNS; c++)
		fprintf(f, " %*s", NUM_W, headings[c]);
	fputc('\n', f);
	json_object_foreach((json_t *)stats_map, key, s)
	{
		json_t *count = json_object_get(s, "count");
		json_t *p50 = json_object_get(s, "p50");
		const struct uq_unit *u;

		fprintf(f, "  %-*s", name_w, key);
		if (!json_integer_value(count) || !json_is_number(p50)) {
			fprintf(f, " %10s", json_is_integer(count) ? "0" : "-");
			for (size_t c = 0; c < N_COLUMNS; c++)
				fprintf(f, " %*s", NUM_W, "-");
			fputc('\n', f);
			continue;
		}
		fprintf(f, " %10" JSON_INTEGER_FORMAT,
			json_integer_value(count));
		u = uq_text_unit(json_number_value(p50));
		for (size_t c = 0; c < N_COLUMNS; c++) {
			json_t *v = json_object_get(s, columns[c]);
			char num[32] = "-";

			if (json_is_number(v))
				uq_text_number(num, sizeof(num),
					       json_number_value(v), u);
			fprintf(f, " %*s", NUM_W, num);
		}
		fprintf(f, "  %s\n", u->name);
	}
}

void uq_text_errors(FILE *f, const json_t *doc)
{
	const json_t *errors = json_object_get(doc, "errors");
	const json_t *e;
	size_t i;

	if (!json_array_size(errors))
		return;
	fprintf(f, "\nerrors\n");
	json_array_foreach(errors, i, e)
	{
		const char *msg =
			json_string_value(json_object_get(e, "message"));

		fprintf(f, "  %s\n", msg ? msg : "(no message)");
	}
}

void uq_print_repeat_spread(FILE *f, const json_t *doc)
{
	const json_t *sp = json_object_get(json_object_get(doc, "results"),
					   "repeat_spread");
	size_t i;
	json_t *m;

	if (!json_array_size(sp))
		return;
	fprintf(f, "\nspread between the runs (--repeat): min / median / max "
		   "of each run's statistic, and its coefficient of "
		   "variation\n");
	json_array_foreach(sp, i, m)
	{
		const char *name =
			json_string_value(json_object_get(m, "metric"));
		const json_t *stats = json_object_get(m, "stats");
		const char *stat;
		json_t *s;

		fprintf(f, "  %s (%" JSON_INTEGER_FORMAT " runs)\n",
			name ? name : "?",
			json_integer_value(json_object_get(m, "runs")));
		json_object_foreach((json_t *)stats, stat, s)
		{
			double med =
				json_number_value(json_object_get(s, "median"));
			bool rate = !strcmp(stat, "value");
			const struct uq_unit *u = uq_text_unit(rate ? 1 : med);
			char lo[32], mid[32], hi[32], cv[16] = "-";

			if (rate) {
				snprintf(lo, sizeof(lo), "%.1f/s",
					 json_number_value(
						 json_object_get(s, "min")));
				snprintf(mid, sizeof(mid), "%.1f/s", med);
				snprintf(hi, sizeof(hi), "%.1f/s",
					 json_number_value(
						 json_object_get(s, "max")));
			} else {
				uq_text_number(
					lo, sizeof(lo),
					json_number_value(
						json_object_get(s, "min")),
					u);
				uq_text_number(mid, sizeof(mid), med, u);
				uq_text_number(
					hi, sizeof(hi),
					json_number_value(
						json_object_get(s, "max")),
					u);
			}
			if (json_is_number(json_object_get(s, "cv_pct")))
				snprintf(cv, sizeof(cv), "%.1f%%",
					 json_number_value(
						 json_object_get(s, "cv_pct")));
			fprintf(f, "    %-6s %10s %10s %10s %s  cv %s\n",
				rate ? "per s" : stat, lo, mid, hi,
				rate ? "" : u->name, cv);
		}
	}
}

void uq_text_labelled_int(FILE *f, const char *label, const json_t *v)
{
	if (json_is_integer(v))
		fprintf(f, " %s %" JSON_INTEGER_FORMAT, label,
			json_integer_value(v));
	else
		fprintf(f, " %s -", label);
}
