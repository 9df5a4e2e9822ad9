/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "unmap_report.h"

static const char *const status_names[] = {
	[UQ_UNMAP_OK] = "ok",
	[UQ_UNMAP_UNSUPPORTED] = "unsupported",
	[UQ_UNMAP_FAILED] = "failed",
};

const char *uq_unmap_size_str(uint64_t size, char *buf, size_t len)
{
	static const char units[] = { 'K', 'M', 'G' };
	int i = 0;

	while (i < 3 && size && !(size & 1023)) {
		size >>= 10;
		i++;
	}
	if (i)
		snprintf(buf, len, "%" PRIu64 "%c", size, units[i - 1]);
	else
		snprintf(buf, len, "%" PRIu64, size);
	return buf;
}

json_t *uq_unmap_case_json(const struct uq_unmap_case *c,
			   enum uq_unmap_status status, const char *reason,
			   const struct uq_unmap_result *r)
{
	json_t *ioctl_ns, *complete_ns, *map_ns;

	if (r && r->m_ready) {
		ioctl_ns = uq_metrics_json(&r->m, UQ_UNMAP_IOCTL);
		complete_ns = uq_metrics_json(&r->m, UQ_UNMAP_COMPLETE);
		map_ns = uq_stats_json(&r->map);
	} else {
		ioctl_ns = json_null();
		complete_ns = json_null();
		map_ns = json_null();
	}
	return json_pack("{s:s, s:I, s:I, s:s, s:s, s:I, s:s, s:o, s:o, s:o,"
			 " s:s?}",
			 "op", uq_prt_op_name(c->op), "size",
			 (json_int_t)c->size, "ranges", (json_int_t)c->ranges,
			 "sync", c->explicit_sync ? "explicit" : "implicit",
			 "busy", c->busy ? "cs" : "none", "busy_ms",
			 (json_int_t)(c->busy ? c->busy_ms : 0), "status",
			 status_names[status], "ioctl_ns", ioctl_ns,
			 "complete_ns", complete_ns, "map_ns", map_ns, "reason",
			 reason);
}

int uq_unmap_warn(json_t *warnings, const char *kind, const char *fmt, ...)
{
	char *msg;
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (len < 0)
		return -ENOMEM;
	len = json_array_append_new(warnings, json_pack("{s:s, s:s}", "kind",
							kind, "message", msg));
	free(msg);
	return len ? -ENOMEM : 0;
}

/* --- text ------------------------------------------------------------ */

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "?";
}

static json_int_t num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* A latency in µs with the three digits the histogram knows. */
static void cell_us(char *buf, size_t len, const json_t *stats, const char *key)
{
	const json_t *v = json_object_get(stats, key);

	if (!json_is_number(v))
		snprintf(buf, len, "-");
	else
		uq_text_number(buf, len, json_number_value(v),
			       &(struct uq_unit){ "µs", 1e3 });
}

/* The case of @cases with the group's op, size and ranges, @sync and
 * @busy, or NULL. */
static const json_t *find_case(const json_t *cases, const json_t *g,
			       const char *sync, const char *busy)
{
	const json_t *c;
	size_t i;

	json_array_foreach(cases, i, c)
	{
		if (!strcmp(str(c, "op"), str(g, "op")) &&
		    num(c, "size") == num(g, "size") &&
		    num(c, "ranges") == num(g, "ranges") &&
		    !strcmp(str(c, "sync"), sync) &&
		    !strcmp(str(c, "busy"), busy))
			return c;
	}
	return NULL;
}

/* The p50, p99 cells of one side: the numbers, or why there are none. */
static void side_cells(char p50[16], char p99[16], const json_t *c,
		       const char *metric)
{
	const json_t *s = json_object_get(c, metric);

	if (!c) {
		snprintf(p50, 16, "-");
		snprintf(p99, 16, "-");
	} else if (!json_integer_value(json_object_get(s, "count"))) {
		/* "unsupported" or "failed" */
		snprintf(p50, 16, "%.11s", str(c, "status"));
		snprintf(p99, 16, "-");
	} else {
		cell_us(p50, 16, s, "p50");
		cell_us(p99, 16, s, "p99");
	}
}

/* One size (op, ranges): idle and busy, ioctl and complete, implicit and
 * explicit side by side with the ratio of their p50s. */
static void print_group(FILE *f, const json_t *cases, const json_t *g)
{
	static const char *const busy_states[] = { "none", "cs" };
	static const char *const metrics[] = { "ioctl_ns", "complete_ns" };
	char size[24];

	const json_t *busy_case = find_case(cases, g, "implicit", "cs");

	if (!busy_case)
		busy_case = find_case(cases, g, "explicit", "cs");
	fprintf(f,
		"\n%s %s x%" JSON_INTEGER_FORMAT
		" (µs; ratio = implicit p50 / explicit p50",
		str(g, "op"),
		uq_unmap_size_str((uint64_t)num(g, "size"), size, sizeof(size)),
		num(g, "ranges"));
	if (busy_case)
		fprintf(f,
			"; busy = a CS holds the VM for %" JSON_INTEGER_FORMAT
			" ms",
			num(busy_case, "busy_ms"));
	fputs(")\n", f);
	fprintf(f, "  %-6s %-9s %12s %12s %12s %12s %8s\n", "VM", "metric",
		"impl p50", "impl p99", "expl p50", "expl p99", "ratio");
	for (size_t b = 0; b < 2; b++) {
		const json_t *imp =
			find_case(cases, g, "implicit", busy_states[b]);
		const json_t *exp =
			find_case(cases, g, "explicit", busy_states[b]);
		char busy[24];

		if (!imp && !exp)
			continue;
		if (b)
			snprintf(busy, sizeof(busy), "busy");
		else
			snprintf(busy, sizeof(busy), "idle");
		for (size_t m = 0; m < 2; m++) {
			char ip50[16], ip99[16], ep50[16], ep99[16];
			char ratio[16] = "-";
			const json_t *a, *e;

			side_cells(ip50, ip99, imp, metrics[m]);
			side_cells(ep50, ep99, exp, metrics[m]);
			a = json_object_get(json_object_get(imp, metrics[m]),
					    "p50");
			e = json_object_get(json_object_get(exp, metrics[m]),
					    "p50");
			if (json_is_number(a) && json_is_number(e) &&
			    json_number_value(e) > 0) {
				double r = json_number_value(a) /
					   json_number_value(e);

				snprintf(ratio, sizeof(ratio),
					 r < 10 ? "%.2fx" : "%.0fx", r);
			}
			fprintf(f, "  %-6s %-9s %12s %12s %12s %12s %8s\n",
				busy, m ? "complete" : "ioctl", ip50, ip99,
				ep50, ep99, ratio);
		}
	}
}

/* The reasons of the cases that did not measure, each reason once. */
static void print_reasons(FILE *f, const json_t *cases)
{
	const json_t *c, *d;
	size_t i, j;

	json_array_foreach(cases, i, c)
	{
		bool seen = false;

		if (!json_is_string(json_object_get(c, "reason")))
			continue;
		json_array_foreach(cases, j, d)
		{
			if (j >= i)
				break;
			if (json_is_string(json_object_get(d, "reason")) &&
			    !strcmp(str(d, "reason"), str(c, "reason")))
				seen = true;
		}
		if (!seen)
			fprintf(f, "  %s (%s sync): %s\n", str(c, "status"),
				str(c, "sync"), str(c, "reason"));
	}
}

/* What each kind of warning means; the man page says more. */
static const struct {
	const char *kind, *meaning;
} warning_kinds[] = {
	{ "slow_prt_map",
	  "PRT MAPs that took over 1 ms: a MAP first clears the VM's freed list, so other work may have distorted these cases" },
	{ "ioctl_waited",
	  "the GEM_VA ioctl waited as long as the busy CS: ioctl_ns and complete_ns do not separate submission from completion" },
};

static void print_warnings(FILE *f, const json_t *warnings)
{
	const json_t *w;
	size_t i, k;

	if (!json_array_size(warnings))
		return;
	fprintf(f, "\nwarnings (see unmap in userq-bench(1))\n");
	/* kinds without an explanation: their message says it all */
	json_array_foreach(warnings, i, w)
	{
		for (k = 0;
		     k < sizeof(warning_kinds) / sizeof(warning_kinds[0]); k++)
			if (!strcmp(str(w, "kind"), warning_kinds[k].kind))
				break;
		if (k == sizeof(warning_kinds) / sizeof(warning_kinds[0]))
			fprintf(f, "  - %s\n", str(w, "message"));
	}
	for (k = 0; k < sizeof(warning_kinds) / sizeof(warning_kinds[0]); k++) {
		bool head = false;

		json_array_foreach(warnings, i, w)
		{
			if (strcmp(str(w, "kind"), warning_kinds[k].kind))
				continue;
			if (!head)
				fprintf(f, "  - %s:\n",
					warning_kinds[k].meaning);
			head = true;
			fprintf(f, "      %s\n", str(w, "message"));
		}
	}
}

void uq_unmap_print_results(FILE *f, const json_t *doc)
{
	const json_t *unmap =
		json_object_get(json_object_get(doc, "results"), "unmap");
	const json_t *cases = json_object_get(unmap, "cases");
	const json_t *c, *d;
	size_t i, j;

	if (!json_is_object(unmap))
		return;
	fprintf(f,
		"\nPRT unmap latency: ioctl = the GEM_VA call, complete = until its VM timeline point signalled\n");
	/* one table per (op, size, ranges), in the order the cases ran */
	json_array_foreach(cases, i, c)
	{
		bool first = true;

		json_array_foreach(cases, j, d)
		{
			if (j >= i)
				break;
			if (!strcmp(str(c, "op"), str(d, "op")) &&
			    num(c, "size") == num(d, "size") &&
			    num(c, "ranges") == num(d, "ranges"))
				first = false;
		}
		if (first)
			print_group(f, cases, c);
	}
	if (!json_array_size(cases))
		fprintf(f, "(no case ran)\n");
	else
		print_reasons(f, cases);
	print_warnings(f, json_object_get(unmap, "warnings"));
}
