/* SPDX-License-Identifier: MIT */
/*
 * userq-bench compare BASE.json NEW.json: the latency statistics of two
 * result documents side by side, each change judged by size and
 * significance (compare.c); exit 1 on a regression. Opens no device.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report/compare.h"
#include "parse.h"
#include "report/report.h"

#define THRESHOLD_DEFAULT 5.0
#define ALPHA_DEFAULT 0.01

struct compare_opts {
	const char *base, *new;
	struct uq_compare_opts c;
};

enum {
	OPT_THRESHOLD = 0x200,
	OPT_ALPHA,
};

static const struct argp_option compare_options[] = {
	{ "threshold", OPT_THRESHOLD, "PCT", 0,
	  "Smallest change of p50, p90, p99 or the mean (pairs/s for "
	  "throughput) that counts, in percent (default 5)",
	  0 },
	{ "alpha", OPT_ALPHA, "P", 0,
	  "Significance level: a change counts only if its test gives a "
	  "p-value below P (default 0.01)",
	  0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static error_t compare_parse(int key, char *arg, struct argp_state *state)
{
	struct compare_opts *o = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		o->c.threshold_pct = THRESHOLD_DEFAULT;
		o->c.alpha = ALPHA_DEFAULT;
		break;
	case OPT_THRESHOLD:
		if (uq_parse_seconds(arg, 0, 1000, &o->c.threshold_pct))
			argp_error(
				state,
				"--threshold: '%s' is not a percentage between 0 and 1000",
				arg);
		break;
	case OPT_ALPHA:
		if (uq_parse_seconds(arg, 0, 0.5, &o->c.alpha) ||
		    o->c.alpha <= 0)
			argp_error(
				state,
				"--alpha: '%s' is not a probability above 0 and at most 0.5",
				arg);
		break;
	case ARGP_KEY_ARG:
		if (state->arg_num >= 2)
			argp_error(
				state,
				"too many arguments: compare takes BASE.json and NEW.json");
		if (state->arg_num == 0)
			o->base = arg;
		else
			o->new = arg;
		break;
	case ARGP_KEY_END:
		if (!o->new)
			argp_error(
				state,
				"compare needs two result documents: BASE.json NEW.json");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* The host facts that make two runs alike or not. */
static json_t *origin_host(const json_t *doc)
{
	const json_t *host = json_object_get(doc, "host");
	const json_t *before =
		json_object_get(json_object_get(host, "load"), "before");

	return json_pack("{s:O?, s:O?, s:O?}", "load_1m",
			 json_array_get(before, 0), "cpufreq_governor",
			 json_object_get(host, "cpufreq_governor"),
			 "emulator_env", json_object_get(host, "emulator_env"));
}

/*
 * How the hosts of two runs differ: samples of one run share its host's
 * state, so a changed governor, a loaded host or other emulator settings
 * move every figure together, which the tests cannot tell from a
 * regression.
 */
static json_t *host_warnings(const json_t *b, const json_t *n)
{
	const json_t *gb = json_object_get(b, "cpufreq_governor");
	const json_t *gn = json_object_get(n, "cpufreq_governor");
	const json_t *lb = json_object_get(b, "load_1m");
	const json_t *ln = json_object_get(n, "load_1m");
	const json_t *eb = json_object_get(b, "emulator_env");
	const json_t *en = json_object_get(n, "emulator_env");
	json_t *w = json_array();
	const char *key;
	json_t *v;
	char *msg;

	if (!w)
		return NULL;
	if (!json_equal((json_t *)gb, (json_t *)gn) &&
	    asprintf(&msg, "cpufreq governor %s in BASE, %s in NEW",
		     json_is_string(gb) ? json_string_value(gb) : "unknown",
		     json_is_string(gn) ? json_string_value(gn) : "unknown") >=
		    0) {
		json_array_append_new(w, json_string(msg));
		free(msg);
	}
	if (json_is_number(lb) && json_is_number(ln) &&
	    fabs(json_number_value(lb) - json_number_value(ln)) >= 1.0 &&
	    asprintf(
		    &msg,
		    "host load (1 minute, at the start) %.2f in BASE, %.2f in NEW",
		    json_number_value(lb), json_number_value(ln)) >= 0) {
		json_array_append_new(w, json_string(msg));
		free(msg);
	}
	json_object_foreach((json_t *)eb, key, v)
	{
		const json_t *o = json_object_get(en, key);

		if (json_equal(v, (json_t *)o))
			continue;
		if (asprintf(&msg, "%s=%s in BASE, %s in NEW", key,
			     json_string_value(v),
			     o ? json_string_value(o) : "unset") >= 0) {
			json_array_append_new(w, json_string(msg));
			free(msg);
		}
	}
	json_object_foreach((json_t *)en, key, v)
	{
		if (json_object_get(eb, key))
			continue;
		if (asprintf(&msg, "%s unset in BASE, %s in NEW", key,
			     json_string_value(v)) >= 0) {
			json_array_append_new(w, json_string(msg));
			free(msg);
		}
	}
	return w;
}

/* Where a document came from, for the reader of the comparison. */
static json_t *origin(const char *path, const json_t *doc)
{
	const json_t *run = json_object_get(doc, "run");
	const json_t *dev = json_object_get(doc, "device");

	return json_pack(
		"{s:s, s:O?, s:O?, s:O?, s:O?, s:O?, s:O?, s:o}", "path", path,
		"command", json_object_get(run, "command"), "started_at",
		json_object_get(run, "started_at"), "version",
		json_object_get(json_object_get(doc, "tool"), "version"),
		"kernel",
		json_object_get(json_object_get(doc, "host"), "kernel"),
		"device", json_object_get(dev, "pci_id"), "emulator_profile",
		json_object_get(dev, "emulator_profile"), "host",
		origin_host(doc));
}

static json_t *load(struct uq_run *run, const char *path)
{
	char why[256];
	json_t *doc = uq_compare_load(path, why, sizeof(why));

	if (!doc)
		uq_error_add(run->errors, "compare", 0,
			     "compare: %s is not a valid result document: %s",
			     path, why);
	return doc;
}

/* The one stderr line of exit 1: which metrics regressed, and how. */
static void report_regressions(const json_t *res, const char *new_path)
{
	const json_t *metrics = json_object_get(res, "metrics");
	char list[512] = "";
	size_t i, len = 0, shown = 0, total = 0;
	json_t *m;

	json_array_foreach(metrics, i, m)
	{
		const char *v =
			json_string_value(json_object_get(m, "verdict"));
		const char *stat;
		double c;

		if (strcmp(v, "regression"))
			continue;
		total++;
		if (shown == 3 || len >= sizeof(list) - 1)
			continue;
		stat = json_string_value(
			json_array_get(json_object_get(m, "flagged"), 0));
		c = json_number_value(json_object_get(
			json_object_get(m, "change_pct"), stat));
		len += (size_t)snprintf(
			list + len, sizeof(list) - len, "%s%s %s %+.1f%%",
			shown ? ", " : "",
			json_string_value(json_object_get(m, "metric")), stat,
			c);
		shown++;
	}
	if (len >= sizeof(list))
		len = sizeof(list) - 1;
	uq_msg("compare: %s regresses in %zu metric%s beyond %g%% (p < %g): %s%s",
	       new_path, total, total == 1 ? "" : "s",
	       json_number_value(json_object_get(res, "threshold_pct")),
	       json_number_value(json_object_get(res, "alpha")), list,
	       total > shown ? ", ..." : "");
}

static const char *str(const json_t *o, const char *k);

/* Why a run's exit code makes its numbers unfit to compare, or NULL. A
 * run cut short by --timeout or a signal is compared on what it measured
 * (the "nothing in common" check catches one that measured nothing). */
static const char *unfit_exit(const json_t *doc)
{
	switch (json_integer_value(
		json_object_get(json_object_get(doc, "run"), "exit_code"))) {
	case UQ_EXIT_FAIL:
		return "failed (exit 2)";
	case UQ_EXIT_USAGE:
		return "was a usage error (exit 64)";
	case UQ_EXIT_DATAERR:
		return "had bad input (exit 65)";
	case UQ_EXIT_NODEV:
		return "found no usable device (exit 69)";
	case UQ_EXIT_SKIP:
		return "was skipped (exit 77)";
	default:
		return NULL;
	}
}

/* "a, b, c (+N more)" of the metrics with @verdict, for the message. */
static void list_metrics(char *buf, size_t len, const json_t *res,
			 const char *verdict)
{
	size_t i, used = 0, n = 0, shown = 0;
	json_t *m;

	buf[0] = '\0';
	json_array_foreach(json_object_get(res, "metrics"), i, m)
	{
		if (strcmp(str(m, "verdict"), verdict))
			continue;
		n++;
		if (shown < 3 && used < len) {
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 shown ? ", " : "",
						 str(m, "metric"));
			shown++;
		}
	}
	if (n > shown && used < len)
		snprintf(buf + used, len - used, " (+%zu more)", n - shown);
}

/* Commands whose statistics mean the same: equal ones, and run against
 * the parts it is made of (its signal-wait and unmap are those commands
 * with their defaults). */
static bool same_measurement(const char *a, const char *b)
{
	if (!strcmp(a, b))
		return true;
	if (!strcmp(b, "run"))
		b = a, a = "run";
	return !strcmp(a, "run") &&
	       (!strcmp(b, "signal-wait") || !strcmp(b, "unmap"));
}

/*
 * A comparison that compares nothing must not pass: documents of unrelated
 * commands, from runs that failed or were skipped, or with no latency
 * statistic measured in both, are refused (exit 65) with the reason and
 * the metrics that only one of them has.
 */
static int check_comparable(struct uq_run *run, const json_t *base,
			    const json_t *new, const json_t *res)
{
	const struct compare_opts *o = run->cmd_opts;
	const json_t *sum = json_object_get(res, "summary");
	const char *cb = str(json_object_get(base, "run"), "command");
	const char *cn = str(json_object_get(new, "run"), "command");
	char only_b[160], only_n[160], why[256];
	json_int_t paired;

	paired = json_integer_value(json_object_get(sum, "regression")) +
		 json_integer_value(json_object_get(sum, "improvement")) +
		 json_integer_value(json_object_get(sum, "unchanged"));
	if (!same_measurement(cb, cn))
		snprintf(why, sizeof(why),
			 "they come from different commands (%s, %s)", cb, cn);
	else if (unfit_exit(base))
		snprintf(why, sizeof(why), "the run of %s %s", o->base,
			 unfit_exit(base));
	else if (unfit_exit(new))
		snprintf(why, sizeof(why), "the run of %s %s", o->new,
			 unfit_exit(new));
	else if (!paired)
		snprintf(why, sizeof(why),
			 "no latency statistic was measured in both");
	else
		return 0;
	list_metrics(only_b, sizeof(only_b), res, "only_base");
	list_metrics(only_n, sizeof(only_n), res, "only_new");
	uq_error_add(
		run->errors, "compare", 0,
		"compare: %s and %s cannot be compared: %s; only in BASE: %s; only in NEW: %s",
		o->base, o->new, why, only_b[0] ? only_b : "none",
		only_n[0] ? only_n : "none");
	return UQ_EXIT_DATAERR;
}

static int compare_run(struct uq_run *run)
{
	const struct compare_opts *o = run->cmd_opts;
	json_t *base, *new = NULL, *res;
	int rc = UQ_EXIT_DATAERR;

	base = load(run, o->base);
	if (base)
		new = load(run, o->new);
	if (!new)
		goto out;
	res = uq_compare(base, new, &o->c);
	if (res) {
		json_object_set_new(res, "base", origin(o->base, base));
		json_object_set_new(res, "new", origin(o->new, new));
		json_object_set_new(
			res, "warnings",
			host_warnings(
				json_object_get(json_object_get(res, "base"),
						"host"),
				json_object_get(json_object_get(res, "new"),
						"host")));
	}
	if (uq_report_set(run->doc, "results", "compare", res)) {
		uq_error_add(run->errors, "compare", ENOMEM,
			     "compare: out of memory");
		rc = UQ_EXIT_FAIL;
		goto out;
	}
	rc = check_comparable(run, base, new, res);
	if (rc)
		goto out;
	if (json_integer_value(json_object_get(json_object_get(res, "summary"),
					       "regression"))) {
		report_regressions(res, o->new);
		run->reported = true;
		rc = UQ_EXIT_FOUND;
	}
out:
	json_decref(base);
	json_decref(new);
	return rc;
}

/* --- text ------------------------------------------------------------ */

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "?";
}

/* Terminal columns of a UTF-8 string: "µs" is three bytes, two columns. */
static int columns(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* "        host: load 0.52, governor performance, USERQ_EMU_SDMA_US=20" */
static void print_host(FILE *f, const json_t *h)
{
	const json_t *load = json_object_get(h, "load_1m");
	const char *key;
	json_t *v;

	fprintf(f, "        host: load ");
	if (json_is_number(load))
		fprintf(f, "%.2f", json_number_value(load));
	else
		fputs("unknown", f);
	fprintf(f, ", governor %s",
		json_is_string(json_object_get(h, "cpufreq_governor")) ?
			str(h, "cpufreq_governor") :
			"unknown");
	json_object_foreach(json_object_get(h, "emulator_env"), key, v)
		fprintf(f, ", %s=%s", key, json_string_value(v));
	fputc('\n', f);
}

static void print_origin(FILE *f, const char *what, const json_t *o)
{
	fprintf(f, "  %-5s %s: %s, %s, userq-bench %s", what, str(o, "path"),
		str(o, "command"), str(o, "started_at"), str(o, "version"));
	if (json_is_string(json_object_get(o, "emulator_profile")))
		fprintf(f, ", emulated %s", str(o, "emulator_profile"));
	else if (json_is_string(json_object_get(o, "device")))
		fprintf(f, ", %s", str(o, "device"));
	fputc('\n', f);
	print_host(f, json_object_get(o, "host"));
}

static void fmt_p(char *buf, size_t len, const json_t *p)
{
	double v = json_number_value(p);

	if (!json_is_number(p))
		snprintf(buf, len, "-");
	else if (v < 1e-99)
		snprintf(buf, len, "<1e-99");
	else if (v < 0.001)
		snprintf(buf, len, "%.1e", v);
	else
		snprintf(buf, len, "%.3f", v);
}

/* Is @stat in the array @key of the metric @m? */
static bool listed(const json_t *m, const char *key, const char *stat)
{
	size_t i;
	json_t *s;

	json_array_foreach(json_object_get(m, key), i, s)
	{
		if (!strcmp(json_string_value(s), stat))
			return true;
	}
	return false;
}

static void print_metric(FILE *f, const json_t *m)
{
	const json_t *b = json_object_get(m, "base");
	const json_t *n = json_object_get(m, "new");
	const json_t *chg = json_object_get(m, "change_pct");
	const json_t *pv = json_object_get(m, "p_values");
	const char *v = str(m, "verdict"), *key;
	bool lat = !strcmp(str(m, "better"), "lower");
	const struct uq_unit *u = uq_text_unit(
		lat ? json_number_value(json_object_get(b, "p50")) : 1);
	char p[16];
	json_t *x;

	fmt_p(p, sizeof(p), json_object_get(m, "p_value"));
	fprintf(f, "\n%s: %s", str(m, "metric"), v);
	if (!strcmp(str(m, "test"), "welch_t_runs"))
		fprintf(f,
			" (Welch t across %" JSON_INTEGER_FORMAT
			" vs %" JSON_INTEGER_FORMAT " runs: means of the "
			"runs' statistics)",
			json_integer_value(json_object_get(
				json_object_get(m, "runs"), "base")),
			json_integer_value(json_object_get(
				json_object_get(m, "runs"), "new")));
	else if (json_is_number(json_object_get(m, "p_value")))
		fprintf(f, " (Mann-Whitney p = %s)", p);
	fputc('\n', f);
	if (json_is_string(json_object_get(m, "note")))
		fprintf(f, "  (%s)\n", str(m, "note"));
	fprintf(f, "  %s%*s %12s %12s %9s %9s\n", lat ? u->name : "",
		8 - (lat ? columns(u->name) : 0), "", "base", "new", "change",
		"p");
	if (lat)
		fprintf(f,
			"  %-8s %12" JSON_INTEGER_FORMAT
			" %12" JSON_INTEGER_FORMAT "\n",
			"count",
			json_integer_value(json_object_get(b, "count")),
			json_integer_value(json_object_get(n, "count")));
	json_object_foreach((json_t *)chg, key, x)
	{
		char bs[32], ns[32], cs[16];

		if (lat) {
			uq_text_number(
				bs, sizeof(bs),
				json_number_value(json_object_get(b, key)), u);
			uq_text_number(
				ns, sizeof(ns),
				json_number_value(json_object_get(n, key)), u);
		} else {
			snprintf(bs, sizeof(bs), "%.1f",
				 json_number_value(json_object_get(b, key)));
			snprintf(ns, sizeof(ns), "%.1f",
				 json_number_value(json_object_get(n, key)));
		}
		if (json_is_number(x))
			snprintf(cs, sizeof(cs), "%+.1f%%",
				 json_number_value(x));
		else
			snprintf(cs, sizeof(cs), "-");
		fmt_p(p, sizeof(p), json_object_get(pv, key));
		fprintf(f, "  %-8s %12s %12s %9s %9s%s\n",
			strcmp(key, "value") ? key : "per s", bs, ns, cs, p,
			listed(m, "worse_stats", key)  ? "  worse" :
			listed(m, "better_stats", key) ? "  better" :
							 "");
	}
}

static void compare_print_text(FILE *f, const json_t *doc)
{
	const json_t *res =
		json_object_get(json_object_get(doc, "results"), "compare");
	const json_t *sum = json_object_get(res, "summary");
	const json_t *metrics = json_object_get(res, "metrics");
	size_t i;
	json_t *m;

	if (!res)
		return;
	fprintf(f, "compare\n");
	print_origin(f, "BASE", json_object_get(res, "base"));
	print_origin(f, "NEW", json_object_get(res, "new"));
	json_array_foreach(json_object_get(res, "warnings"), i, m) fprintf(
		f, "  warning: the hosts differ: %s\n", json_string_value(m));
	fprintf(f,
		"  a change counts when beyond %g%% and significant (p < %g)\n",
		json_number_value(json_object_get(res, "threshold_pct")),
		json_number_value(json_object_get(res, "alpha")));
	if (json_is_string(json_object_get(res, "test")))
		fprintf(f, "  test: %s\n", str(res, "test"));
	json_array_foreach(metrics, i, m)
	{
		const char *v = str(m, "verdict");

		if (strcmp(v, "only_base") && strcmp(v, "only_new") &&
		    strcmp(v, "no_data"))
			print_metric(f, m);
	}
	json_array_foreach(metrics, i, m)
	{
		const char *v = str(m, "verdict");

		if (!strcmp(v, "only_base"))
			fprintf(f, "\n%s: only in BASE", str(m, "metric"));
		else if (!strcmp(v, "only_new"))
			fprintf(f, "\n%s: only in NEW", str(m, "metric"));
		else if (!strcmp(v, "no_data"))
			fprintf(f, "\n%s: no data in BASE or NEW",
				str(m, "metric"));
	}
	fprintf(f,
		"\n\nsummary: %" JSON_INTEGER_FORMAT
		" regression(s), %" JSON_INTEGER_FORMAT
		" improvement(s), %" JSON_INTEGER_FORMAT
		" unchanged, %" JSON_INTEGER_FORMAT
		" only in BASE, %" JSON_INTEGER_FORMAT
		" only in NEW, %" JSON_INTEGER_FORMAT " without data\n",
		json_integer_value(json_object_get(sum, "regression")),
		json_integer_value(json_object_get(sum, "improvement")),
		json_integer_value(json_object_get(sum, "unchanged")),
		json_integer_value(json_object_get(sum, "only_base")),
		json_integer_value(json_object_get(sum, "only_new")),
		json_integer_value(json_object_get(sum, "no_data")));
}

const struct uq_command uq_cmd_compare = {
	.name = "compare",
	.summary = "compare two result documents",
	.args_doc = "BASE.json NEW.json",
	.doc = "Compare the latency statistics of two result documents: "
	       "p50, p90, p99 and the mean of every latency (and pairs/s), "
	       "matched by path. A change counts when it is beyond "
	       "--threshold and significant at --alpha (Brown-Mood test for "
	       "the percentiles, Mann-Whitney U for the distribution, both "
	       "from the histograms). Exit 1 when NEW regresses, 0 "
	       "otherwise, 65 when a file is not a result document. Opens "
	       "no device.",
	.options = compare_options,
	.parser = compare_parse,
	.opts_size = sizeof(struct compare_opts),
	.run = compare_run,
	.print_text = compare_print_text,
	.junit = true,
};
