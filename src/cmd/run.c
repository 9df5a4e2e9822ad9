/* SPDX-License-Identifier: MIT */
/*
 * userq-bench run (the default command): info, signal-wait, unmap and
 * leaks, each with its own defaults, into one document (SPEC §2): "nodes"
 * and "device" once, results.signal_wait, results.unmap and results.leaks,
 * and run.parts with each part's exit code.
 *
 * The parts go through the command table: each part's options are its
 * defaults, obtained by running the part's own argp parser on an empty
 * command line (--quick adds "-n N"), so `run` never needs to know their
 * option structs. Each part opens the device itself, as it does when run
 * alone. A part that is skipped (77: the device lacks what it needs) is
 * recorded and the run goes on; a failed part makes the run exit 2 after
 * the other parts; no device (69), --timeout (124) and interrupts (130)
 * end the run at once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "measure/measure.h"
#include "report/report.h"
#include "report/unmap_report.h"

struct run_opts {
	bool quick;
};

enum { OPT_QUICK = 0x300 };

/* --quick: iterations per part; NULL keeps the part's default. */
static const struct part {
	const struct uq_command *cmd;
	const char *quick_n;
} parts[] = {
	{ &uq_cmd_info, NULL },
	{ &uq_cmd_signal_wait, "1000" },
	{ &uq_cmd_unmap, "20" },
	{ &uq_cmd_leaks, NULL },
};

#define N_PARTS (sizeof(parts) / sizeof(parts[0]))

static const struct argp_option run_options[] = {
	{ "quick", OPT_QUICK, NULL, 0,
	  "A short run: 1000 signal-wait and 20 unmap iterations (per case) "
	  "instead of the defaults",
	  0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static error_t run_parse(int key, char *arg, struct argp_state *state)
{
	struct run_opts *o = state->input;

	switch (key) {
	case OPT_QUICK:
		o->quick = true;
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* The part's option struct with its defaults (plus -n N), or NULL with
 * *err set. A part without options gets NULL and *err 0. */
static void *part_opts(const struct part *p, bool quick, int *err)
{
	const struct uq_command *cmd = p->cmd;
	const struct argp argp = { .options = cmd->options,
				   .parser = cmd->parser };
	char *argv[] = { (char *)cmd->name, (char *)"-n", (char *)p->quick_n,
			 NULL };
	int argc = quick && p->quick_n ? 3 : 1;
	void *o;

	*err = 0;
	if (!cmd->opts_size)
		return NULL;
	o = calloc(1, cmd->opts_size);
	if (!o) {
		*err = ENOMEM;
		return NULL;
	}
	if (cmd->parser) {
		*err = argp_parse(&argp, argc, argv,
				  ARGP_NO_EXIT | ARGP_NO_ERRS | ARGP_NO_HELP,
				  NULL, o);
		if (*err) {
			free(o);
			return NULL;
		}
	}
	return o;
}

static const char *part_status(int rc)
{
	switch (rc) {
	case UQ_EXIT_OK:
		return "ok";
	case UQ_EXIT_SKIP:
		return "skipped";
	case UQ_EXIT_FOUND:
		return "found";
	default:
		return "failed";
	}
}

static int add_part(json_t *list, const char *name, const char *status, int rc,
		    const char *reason)
{
	return json_array_append_new(list, json_pack("{s:s, s:s, s:i, s:s?}",
						     "command", name, "status",
						     status, "exit_code", rc,
						     "reason", reason));
}

/* The last error recorded since @mark, if any. */
static const char *reason_since(const struct uq_errors *errs, size_t mark)
{
	return errs->n > mark ? errs->v[errs->n - 1].message : NULL;
}

static int run_part(struct uq_run *run, const struct part *p, bool quick,
		    json_t *list, int *rc)
{
	struct uq_run sub = *run;
	size_t mark = run->errors->n;
	int err, part_rc;
	void *o;

	o = part_opts(p, quick, &err);
	if (err) {
		uq_error_add(run->errors, p->cmd->name, err,
			     "run: cannot set up the default options of %s: %s",
			     p->cmd->name, uq_errno_name(err));
		*rc = UQ_EXIT_FAIL;
		return add_part(list, p->cmd->name, "failed", UQ_EXIT_FAIL,
				reason_since(run->errors, mark));
	}
	sub.command = p->cmd->name;
	sub.cmd_opts = o;
	sub.reported = false;
	part_rc = p->cmd->run(&sub);
	free(o);
	/* The line to print for the run is the first failed part's (main
	 * prints the one for a stop). */
	if (part_rc && part_rc != UQ_EXIT_SKIP && !*rc && !uq_stopped()) {
		*rc = part_rc;
		if (!sub.reported && run->errors->n > mark)
			uq_error_print(&run->errors->v[run->errors->n - 1]);
		run->reported = true;
	}
	return add_part(list, p->cmd->name, part_status(part_rc), part_rc,
			part_rc ? reason_since(run->errors, mark) : NULL);
}

static int run_run(struct uq_run *run)
{
	const struct run_opts *o = run->cmd_opts;
	bool quick = o && o->quick;
	json_t *list = json_array();
	int rc = UQ_EXIT_OK;

	if (uq_report_set(run->doc, "run", "parts", list)) {
		uq_error_add(run->errors, "run", ENOMEM, "out of memory");
		return UQ_EXIT_FAIL;
	}
	for (size_t i = 0; i < N_PARTS; i++) {
		if (run_part(run, &parts[i], quick, list, &rc)) {
			uq_error_add(run->errors, "run", ENOMEM,
				     "out of memory");
			return UQ_EXIT_FAIL;
		}
		if (uq_stopped())
			return uq_stop_exit_code();
		/* Without a device no later part can run either. */
		if (rc == UQ_EXIT_NODEV)
			return rc;
	}
	return rc;
}

/* --- text form ------------------------------------------------------- */

static void print_parts(FILE *f, const json_t *doc)
{
	const json_t *list =
		json_object_get(json_object_get(doc, "run"), "parts");
	const json_t *p;
	size_t i;

	fprintf(f, "\nparts\n");
	json_array_foreach(list, i, p)
	{
		const char *reason =
			json_string_value(json_object_get(p, "reason"));

		fprintf(f, "  %-12s %s%s%s\n",
			json_string_value(json_object_get(p, "command")),
			json_string_value(json_object_get(p, "status")),
			reason ? ": " : "", reason ? reason : "");
	}
}

/* Each part's text, from a copy of the document without "errors" (the
 * parts' printers would each list them); the errors once at the end. */
static void run_print_text(FILE *f, const json_t *doc)
{
	const json_t *results = json_object_get(doc, "results");
	json_t *view = json_copy((json_t *)doc);

	if (!view)
		return;
	json_object_del(view, "errors");
	if (uq_cmd_info.print_text)
		uq_cmd_info.print_text(f, view);
	if (json_object_get(results, "signal_wait") &&
	    uq_cmd_signal_wait.print_text) {
		fputc('\n', f);
		uq_cmd_signal_wait.print_text(f, view);
	}
	uq_unmap_print_results(f, view);
	if (json_object_get(results, "leaks") && uq_cmd_leaks.print_text) {
		fputc('\n', f);
		uq_cmd_leaks.print_text(f, view);
	}
	json_decref(view);
	print_parts(f, doc);
	uq_text_errors(f, doc);
}

const struct uq_command uq_cmd_run = {
	.name = "run",
	.summary = "info + signal-wait + unmap + leaks (the default)",
	.args_doc = NULL,
	.doc = "Run info, signal-wait, unmap and leaks, each with its "
	       "defaults, and write one document (results.signal_wait, "
	       "results.unmap, results.leaks, and "
	       "run.parts with each part's exit code). A part the device cannot "
	       "run (exit 77) is recorded and skipped; a failed part makes the "
	       "run exit 2 once the other parts have run.",
	.options = run_options,
	.parser = run_parse,
	.opts_size = sizeof(struct run_opts),
	.run = run_run,
	.print_text = run_print_text,
	.junit = true,
};
