// SPDX-License-Identifier: MIT
/* The text and KTAP forms of results.leaks (report/leaks_report.h). */
#include <string.h>

#include "leaks_report.h"
#include "report.h"

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void print_header(FILE *f, const json_t *doc, const char *prefix)
{
	const json_t *dev = json_object_get(doc, "device");

	fprintf(f, "%sleaks on %s", prefix,
		json_is_object(dev) && str(dev, "node") ? str(dev, "node") :
							  "no device");
	if (json_is_true(json_object_get(dev, "emulated")))
		fprintf(f, " (emulated, profile %s)",
			str(dev, "emulator_profile") ?
				str(dev, "emulator_profile") :
				"?");
	fputc('\n', f);
}

static void print_rate(FILE *f, const json_t *v)
{
	char buf[32];

	if (json_is_number(v))
		snprintf(buf, sizeof(buf), "%.2f", json_number_value(v));
	else
		snprintf(buf, sizeof(buf), "-");
	fprintf(f, " %-9s", buf);
}

static void print_evidence(FILE *f, const json_t *ev)
{
	const json_t *s;
	size_t i;

	if (!json_is_object(ev))
		return;
	fprintf(f, "    scenario: %s, %" JSON_INTEGER_FORMAT " iterations\n",
		str(ev, "scenario"),
		json_integer_value(json_object_get(ev, "iterations")));
	fprintf(f, "    trigger: %s\n", str(ev, "trigger"));
	if (str(ev, "control"))
		fprintf(f, "    control: %s\n", str(ev, "control"));
	json_array_foreach(json_object_get(ev, "sources"), i, s)
	{
		const json_t *c = json_object_get(s, "control");

		fprintf(f, "    %-8s %-12s", str(s, "method"), str(s, "sees"));
		if (strcmp(str(s, "status"), "ok") ||
		    !json_is_integer(json_object_get(s, "attributed"))) {
			fprintf(f, " %s\n",
				str(s, "reason") ? str(s, "reason") :
						   "no count before and after");
			continue;
		}
		uq_text_labelled_int(f, "before", json_object_get(s, "before"));
		uq_text_labelled_int(f, "after", json_object_get(s, "after"));
		uq_text_labelled_int(f, "leaked", json_object_get(s, "leaked"));
		if (json_is_object(c))
			uq_text_labelled_int(f, "control",
					     json_object_get(c, "leaked"));
		uq_text_labelled_int(f, "attributed",
				     json_object_get(s, "attributed"));
		fprintf(f, " %s\n", str(s, "counts"));
	}
}

void uq_leaks_print_text(FILE *f, const json_t *doc)
{
	const json_t *leaks =
		json_object_get(json_object_get(doc, "results"), "leaks");
	const json_t *c;
	size_t i;

	print_header(f, doc, "");
	if (!json_is_object(leaks)) {
		uq_text_errors(f, doc);
		return;
	}
	fprintf(f, "  %-12s  %-22s %-15s %-9s %s\n", "commit", "check",
		"status", "leak/iter", "title");
	json_array_foreach(json_object_get(leaks, "checks"), i, c)
	{
		fprintf(f, "  %-12s  %-22s %-15s", str(c, "commit"),
			str(c, "name"), str(c, "status"));
		print_rate(f, json_object_get(c, "leak_per_iteration"));
		fprintf(f, " %s\n", str(c, "title"));
	}
	json_array_foreach(json_object_get(leaks, "checks"), i, c)
	{
		fprintf(f, "\n  %s %s: %s%s%s%s\n", str(c, "commit"),
			str(c, "name"), str(c, "status"),
			str(c, "basis") ? " (" : "",
			str(c, "basis") ? str(c, "basis") : "",
			str(c, "basis") ? ")" : "");
		fprintf(f, "    %s\n", str(c, "reason"));
		print_evidence(f, json_object_get(c, "evidence"));
	}
	uq_text_errors(f, doc);
}

/* KTAP text may not hold a newline; a '#' would start a directive. */
static void ktap_text(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\n' ? ' ' : *s == '#' ? '_' : *s, f);
}

/*
 * KTAP version 1 (Documentation/dev-tools/ktap.rst): one test case per
 * check. fixed: ok; missing: not ok; not-applicable and unknown: ok with a
 * SKIP directive and the reason; a check whose scenario failed: not ok.
 */
void uq_leaks_print_ktap(FILE *f, const json_t *doc)
{
	const json_t *leaks =
		json_object_get(json_object_get(doc, "results"), "leaks");
	const json_t *checks = json_object_get(leaks, "checks");
	const json_t *errs = json_object_get(doc, "errors");
	const json_t *c;
	size_t i;

	fputs("KTAP version 1\n", f);
	if (!json_array_size(checks)) {
		fputs("1..0 # SKIP ", f);
		ktap_text(f, json_array_size(errs) ?
				     str(json_array_get(errs, 0), "message") :
				     "no check selected");
		fputc('\n', f);
		return;
	}
	fprintf(f, "1..%zu\n", json_array_size(checks));
	print_header(f, doc, "# userq-bench ");
	json_array_foreach(checks, i, c)
	{
		const char *status = str(c, "status");
		bool failed = json_is_string(json_object_get(c, "error"));
		bool skip = !failed && (!strcmp(status, "not-applicable") ||
					!strcmp(status, "unknown"));

		fprintf(f, "# %s \"", str(c, "commit"));
		ktap_text(f, str(c, "title"));
		fprintf(f, "\": %s", status);
		if (!skip) {
			fputs(": ", f);
			ktap_text(f, str(c, "reason"));
		}
		fputc('\n', f);
		if (failed) {
			fputs("# error: ", f);
			ktap_text(f, str(c, "error"));
			fputc('\n', f);
		}
		fprintf(f, "%s %zu %s-%s",
			!strcmp(status, "missing") || failed ? "not ok" : "ok",
			i + 1, str(c, "commit"), str(c, "name"));
		if (skip) {
			fprintf(f, " # SKIP %s: ", status);
			ktap_text(f, str(c, "reason"));
		}
		fputc('\n', f);
	}
}
