/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
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

/* "unmap 64K x1, implicit sync, busy VM (cs 5 ms): ok", then the table. */
static void print_case(FILE *f, const json_t *c)
{
	char size[24];
	json_t *table;

	fprintf(f, "%s %s x%" JSON_INTEGER_FORMAT ", %s sync, ", str(c, "op"),
		uq_unmap_size_str((uint64_t)num(c, "size"), size, sizeof(size)),
		num(c, "ranges"), str(c, "sync"));
	if (!strcmp(str(c, "busy"), "cs"))
		fprintf(f, "busy VM (CS for %" JSON_INTEGER_FORMAT " ms)",
			num(c, "busy_ms"));
	else
		fputs("idle VM", f);
	fprintf(f, ": %s\n", str(c, "status"));
	if (json_is_string(json_object_get(c, "reason")))
		fprintf(f, "  %s\n", str(c, "reason"));
	if (!json_is_object(json_object_get(c, "ioctl_ns")))
		return;
	table = json_pack("{s:O, s:O}", "ioctl_ns",
			  json_object_get(c, "ioctl_ns"), "complete_ns",
			  json_object_get(c, "complete_ns"));
	if (table)
		uq_text_stats_table(f, table);
	json_decref(table);
}

void uq_unmap_print_results(FILE *f, const json_t *doc)
{
	const json_t *unmap =
		json_object_get(json_object_get(doc, "results"), "unmap");
	const json_t *cases = json_object_get(unmap, "cases");
	const json_t *warnings = json_object_get(unmap, "warnings");
	const json_t *v;
	size_t i;

	if (!json_is_object(unmap))
		return;
	fprintf(f,
		"\nPRT unmap latency: ioctl_ns = GEM_VA call, complete_ns = until its VM timeline point signalled\n");
	json_array_foreach(cases, i, v)
	{
		fputc('\n', f);
		print_case(f, v);
	}
	if (!json_array_size(cases))
		fprintf(f, "(no case ran)\n");
	if (json_array_size(warnings)) {
		fprintf(f, "\nwarnings\n");
		json_array_foreach(warnings, i, v)
		{
			fprintf(f, "  - %s\n", str(v, "message"));
		}
	}
}
