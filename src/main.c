/* SPDX-License-Identifier: MIT */
/*
 * userq-bench [GLOBAL OPTIONS] [COMMAND [COMMAND OPTIONS]]
 *
 * The top-level argp takes the global options up to the first non-option,
 * the command name (ARGP_IN_ORDER); the rest of the line is parsed by the
 * command's own argp, which has the global options as a child, so they are
 * valid after the command name too.
 */
#include <errno.h>
#include <gnu/libc-version.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "emu/profile.h"
#include "gpu/emulate.h"
#include "report/errors.h"
#include "report/host.h"
#include "report/compare.h"
#include "report/junit.h"
#include "measure/measure.h"
#include "report/output.h"
#include "parse.h"
#include "report/report.h"

#define DEFAULT_COMMAND "run"
#define STR_(x) #x
#define STR(x) STR_(x)

static const struct uq_command *const commands[] = {
	&uq_cmd_info, &uq_cmd_signal_wait, &uq_cmd_unmap, &uq_cmd_leaks,
	&uq_cmd_run,  &uq_cmd_compare,	   NULL,
};

static const struct uq_command *find_command(const char *name)
{
	for (size_t i = 0; commands[i]; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

/* --- global options -------------------------------------------------- */

enum {
	OPT_FORMAT = 0x100,
	OPT_PROGRESS,
	OPT_EMULATE,
	OPT_TIMEOUT,
	OPT_CPU,
	OPT_SAMPLES,
	OPT_JUNIT,
	OPT_REPEAT,
};

/* --samples=FILE: not in struct uq_opts, since measure.c owns the file. */
static const char *samples_path;

static const char *const format_names[] = { "json", "text", "ktap", NULL };
static const enum uq_format format_values[] = { UQ_FORMAT_JSON, UQ_FORMAT_TEXT,
						UQ_FORMAT_KTAP };
static const char *const progress_names[] = { "auto", "always", "never", NULL };
static const enum uq_progress progress_values[] = { UQ_PROGRESS_AUTO,
						    UQ_PROGRESS_ALWAYS,
						    UQ_PROGRESS_NEVER };

static const struct argp_option global_options[] = {
	{ "device", 'd', "PATH", 0,
	  "Render node to use (default: the first amdgpu render node)", 0 },
	{ "output", 'o', "FILE", 0,
	  "Write the JSON document to FILE, atomically", 0 },
	{ "format", OPT_FORMAT, "FORMAT", 0,
	  "What goes to stdout: json, text or ktap (leaks only) (default: "
	  "text on a terminal or with -o, else json)",
	  0 },
	{ "quiet", 'q', NULL, 0, "No text summary, no progress", 0 },
	{ "progress", OPT_PROGRESS, "WHEN", 0,
	  "Progress line on stderr: auto (stderr is a terminal), always or "
	  "never",
	  0 },
	{ "emulate", OPT_EMULATE, "PROFILE", OPTION_ARG_OPTIONAL,
	  "(profiles are listed at run time)", 0 },
	{ "timeout", OPT_TIMEOUT, "SECONDS", 0,
	  "Hard limit for the whole run (default 600); exit 124 on expiry", 0 },
	{ "cpu", OPT_CPU, "N", 0, "Pin the measuring thread to CPU N", 0 },
	{ "samples", OPT_SAMPLES, "FILE", 0,
	  "Write every measured latency to FILE as CSV (metric,iteration,ns)",
	  0 },
	{ "junit", OPT_JUNIT, "FILE", 0,
	  "Also write the pass/fail gates (compare, leak checks, the "
	  "fence-driver verdict) to FILE as JUnit XML",
	  0 },
	{ "repeat", OPT_REPEAT, "N", 0,
	  "Run the measurement N times in this process and keep each run's "
	  "statistics (default 1)",
	  0 },
	/* -h as well as argp's own -?: what people type first */
	{ NULL, 'h', NULL, 0, "Give this help list (as -?, --help)", -1 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

/* The profile @s is likely a typo of, or NULL. */
static const char *profile_hint(const char *s)
{
	const struct emu_profile *const *p = emu_profile_list();
	const char *names[16];
	size_t n = 0;

	for (; *p && n < 15; p++)
		names[n++] = (*p)->name;
	names[n] = NULL;
	return uq_suggest(s, names);
}

static error_t global_parse(int key, char *arg, struct argp_state *state)
{
	struct uq_opts *opts = state->input;
	char names[128];
	uint64_t cpu;
	int idx;

	switch (key) {
	case 'd':
		opts->device = arg;
		break;
	case 'o':
		if (!*arg)
			argp_error(state, "--output: empty file name");
		opts->output = arg;
		break;
	case OPT_FORMAT:
		uq_argp_parse_enum(state, "--format", arg, format_names, &idx);
		opts->format = format_values[idx];
		break;
	case 'q':
		opts->quiet = true;
		break;
	case OPT_PROGRESS:
		uq_argp_parse_enum(state, "--progress", arg, progress_names,
				   &idx);
		opts->progress = progress_values[idx];
		break;
	case OPT_EMULATE:
		if (arg && !emu_profile_find(arg))
			argp_error(
				state,
				"--emulate: unknown profile '%s' (known: %s)%s%s%s",
				arg,
				uq_emulate_profile_names(names, sizeof(names)),
				profile_hint(arg) ? "; did you mean '" : "",
				profile_hint(arg) ? profile_hint(arg) : "",
				profile_hint(arg) ? "'?" : "");
		opts->emulate = true;
		opts->emulate_profile = arg;
		break;
	case OPT_TIMEOUT:
		if (uq_parse_seconds(arg, 0.001, 1e7, &opts->timeout_s))
			argp_error(
				state,
				"--timeout: '%s' is not a number of seconds between 0.001 and 10000000",
				arg);
		break;
	case OPT_CPU:
		if (uq_parse_u64(arg, 0, CPU_SETSIZE - 1, &cpu))
			argp_error(state,
				   "--cpu: '%s' is not a CPU number (0-%d)",
				   arg, CPU_SETSIZE - 1);
		opts->cpu = (int)cpu;
		break;
	case OPT_SAMPLES:
		if (!*arg)
			argp_error(state, "--samples: empty file name");
		samples_path = arg;
		break;
	case OPT_JUNIT:
		if (!*arg)
			argp_error(state, "--junit: empty file name");
		opts->junit = arg;
		break;
	case OPT_REPEAT: {
		unsigned long n;
		char *end;

		errno = 0;
		n = strtoul(arg, &end, 10);
		if (errno || end == arg || *end || *arg == '-' || n < 1 ||
		    n > UQ_REPEAT_MAX)
			argp_error(state,
				   "--repeat: '%s' is not a number of runs "
				   "(1-%d)",
				   arg, UQ_REPEAT_MAX);
		opts->repeat = (unsigned int)n;
		break;
	}
	case 'h':
		argp_state_help(state, stdout, ARGP_HELP_STD_HELP);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static char *global_help(int key, const char *text, void *input)
{
	char names[128], *doc;

	if (key != OPT_EMULATE)
		return (char *)text;
	if (asprintf(&doc,
		     "Run against the built-in amdgpu kernel emulator; "
		     "PROFILE is one of %s (default " EMU_PROFILE_DEFAULT ")",
		     uq_emulate_profile_names(names, sizeof(names))) < 0)
		return (char *)text;
	return doc;
}

static const struct argp global_argp = {
	.options = global_options,
	.parser = global_parse,
	.help_filter = global_help,
};

/* --- command parsing ------------------------------------------------- */

struct cmdline {
	struct uq_opts opts;
	const struct uq_command *cmd;
	void *cmd_opts;
};

/* Kept in statics so that argp's exit() on --help or an error leaves
 * nothing unreachable behind. */
static char **sub_argv;
static char sub_name[64];

static error_t command_parse(int key, char *arg, struct argp_state *state)
{
	struct cmdline *cl = state->input;
	unsigned int child = 0;

	if (key != ARGP_KEY_INIT)
		return ARGP_ERR_UNKNOWN;
	if (cl->cmd->options || cl->cmd->parser)
		state->child_inputs[child++] = cl->cmd_opts;
	state->child_inputs[child] = &cl->opts;
	return 0;
}

static int parse_command(struct cmdline *cl, struct argp_state *state)
{
	const struct uq_command *cmd = cl->cmd;
	const struct argp cmd_argp = {
		.options = cmd->options,
		.parser = cmd->parser,
	};
	struct argp_child children[3] = { { NULL, 0, NULL, 0 } };
	struct argp argp = {
		.parser = command_parse,
		.args_doc = cmd->args_doc,
		.doc = cmd->doc,
		.children = children,
	};
	int first = state->next - 1, n = state->argc - first;
	unsigned int child = 0;

	if (cmd->options || cmd->parser)
		children[child++] =
			(struct argp_child){ &cmd_argp, 0, NULL, 0 };
	children[child] =
		(struct argp_child){ &global_argp, 0, "Global options:", 1 };

	if (cmd->opts_size) {
		cl->cmd_opts = calloc(1, cmd->opts_size);
		if (!cl->cmd_opts)
			return ENOMEM;
	}
	sub_argv = calloc((size_t)n + 1, sizeof(*sub_argv));
	if (!sub_argv)
		return ENOMEM;
	/* argp names the program after argv[0] in usage and errors. */
	snprintf(sub_name, sizeof(sub_name), "%s %s", state->name, cmd->name);
	sub_argv[0] = sub_name;
	for (int i = 1; i < n; i++)
		sub_argv[i] = state->argv[first + i];
	return argp_parse(&argp, n, sub_argv, 0, NULL, cl);
}

/* An unknown command: a typo of a command, or a profile that lost its
 * '=' ("--emulate 6.16": --emulate takes its argument only as
 * --emulate=PROFILE, so 6.16 came as a command). Exits 64. */
static void unknown_command(struct argp_state *state, const char *arg)
{
	const char *names[10], *hint;
	size_t n = 0;

	if (emu_profile_find(arg) && state->next >= 2 &&
	    !strcmp(state->argv[state->next - 2], "--emulate"))
		argp_error(
			state,
			"unknown command '%s'; did you mean --emulate=%s? (the profile follows '=')",
			arg, arg);
	for (; commands[n] && n < 9; n++)
		names[n] = commands[n]->name;
	names[n] = NULL;
	hint = uq_suggest(arg, names);
	if (hint)
		argp_error(state, "unknown command '%s'; did you mean '%s'?",
			   arg, hint);
	argp_error(state, "unknown command '%s'", arg);
}

static error_t top_parse(int key, char *arg, struct argp_state *state)
{
	struct cmdline *cl = state->input;
	error_t ret;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &cl->opts;
		return 0;
	case ARGP_KEY_ARG:
		cl->cmd = find_command(arg);
		if (!cl->cmd)
			unknown_command(state, arg);
		ret = parse_command(cl, state);
		if (ret)
			return ret;
		/* The command's parser consumed the rest of the line. */
		state->next = state->argc;
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

static char *top_help(int key, const char *text, void *input)
{
	char *doc = NULL;
	size_t len = 0;
	FILE *f;

	if (key != ARGP_KEY_HELP_POST_DOC)
		return (char *)text;
	f = open_memstream(&doc, &len);
	if (!f)
		return (char *)text;
	fputs("Commands:\n", f);
	for (size_t i = 0; commands[i]; i++)
		fprintf(f, "  %-12s %s\n", commands[i]->name,
			commands[i]->summary);
	fputs("\n'userq-bench COMMAND --help' lists the options of a "
	      "command.\nExit codes: 0 success, 1 leak or regression found, "
	      "2 run failed,\n64 usage error, 65 bad input, 69 no usable "
	      "device, 77 skipped,\n124 timeout, 125 kernel cannot be tested "
	      "(leaks, for git bisect),\n130 interrupted.",
	      f);
	if (fclose(f)) {
		free(doc);
		return (char *)text;
	}
	return doc;
}

static const struct argp_child top_children[] = {
	{ &global_argp, 0, NULL, 0 },
	{ NULL, 0, NULL, 0 },
};

static const struct argp top_argp = {
	.parser = top_parse,
	.args_doc = "[COMMAND [COMMAND OPTIONS]]",
	.doc = "ioctl exerciser and benchmark for amdgpu user-mode queues "
	       "and PRT unmaps.\v",
	.children = top_children,
	.help_filter = top_help,
};

/* --- version --------------------------------------------------------- */

static void print_version(FILE *f, struct argp_state *state)
{
	char names[128];

	fprintf(f, "%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
	fprintf(f, "build: gcc %s, glibc %s (run time %s), jansson %s\n",
		__VERSION__, STR(__GLIBC__) "." STR(__GLIBC_MINOR__),
		gnu_get_libc_version(), JANSSON_VERSION);
	fprintf(f, "sanitizers: %s\n",
#ifdef __SANITIZE_ADDRESS__
		"address"
#else
		"none"
#endif
	);
	fprintf(f, "uapi: amdgpu_drm.h at mainline 0030595c3e8b; "
		   "experimental AMDGPU_VM_EXPLICIT_SYNC (bit 10)\n");
	fprintf(f,
		"emulator: .libs/libuserq-emu.so beside the binary (build tree), "
		"%s/libuserq-emu.so (installed)\n",
		UQ_PKGLIBDIR);
	fprintf(f, "emulator profiles: %s (default %s)\n",
		uq_emulate_profile_names(names, sizeof(names)),
		EMU_PROFILE_DEFAULT);
	for (const struct emu_profile *const *p = emu_profile_list(); *p; p++)
		fprintf(f, "  %-14s %s\n", (*p)->name, (*p)->summary);
	fprintf(f, "result schema: version %d, %s/userq-bench.schema.json\n",
		UQ_SCHEMA_VERSION, UQ_PKGDATADIR);
}

/* --- running a command ----------------------------------------------- */

static double elapsed_s(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int print_json(FILE *f, const json_t *doc)
{
	char *text = uq_output_dump(doc);
	int ret = 0;

	if (!text || fputs(text, f) == EOF)
		ret = -ENOMEM;
	free(text);
	return ret;
}

/*
 * Write the document to the -o file. When that fails, the run fails (exit
 * 2, one stderr line), and the document, which then records the error,
 * goes to a fallback file named in the message. Returns whether even that
 * failed, so that the JSON must go to stdout.
 */
static bool output_failed(const struct uq_command *cmd, json_t *doc,
			  struct uq_errors *errs, int *rc, double duration,
			  struct uq_afile *out)
{
	char *path = NULL, *fb_path = NULL;
	const char *step;
	int ret, fb_fd, err;
	bool saved = false;

	ret = uq_output_write(out, doc, &path, &step);
	if (!ret) {
		free(path);
		return false;
	}
	err = -ret;
	fb_fd = uq_output_fallback_open(cmd->name, &fb_path);
	uq_error_add(
		errs, "output", err,
		"cannot write %s: %s failed: %s (%s); the results are in %s",
		path ? path : "-o", step, uq_errno_name(err),
		uq_errno_desc(err),
		fb_fd >= 0 ? fb_path : "the JSON on stdout");
	uq_error_print(uq_errors_last(errs));
	if (*rc == UQ_EXIT_OK)
		*rc = UQ_EXIT_FAIL;
	if (!uq_report_finish(doc, *rc, duration, errs) && fb_fd >= 0)
		saved = !uq_output_fallback_write(fb_fd, fb_path, doc);
	else if (fb_fd >= 0)
		uq_output_fallback_write(fb_fd, fb_path, NULL);
	if (!saved && fb_fd >= 0)
		uq_msg("cannot write %s either: the results follow on stdout",
		       fb_path);
	free(fb_path);
	free(path);
	return !saved;
}

/* Write the document where it goes; returns the final exit code. @out is
 * the -o file opened before the run, or NULL. */
/* --junit=FILE from the finished document. A failure is an error of the
 * run like any other: recorded, and the document finished again with it.
 * Returns nonzero only when out of memory. */
static int write_junit(const char *path, json_t *doc, struct uq_errors *errs,
		       int *rc, double duration)
{
	const char *step;
	int ret = uq_junit_write(doc, path, &step);

	if (!ret)
		return 0;
	uq_error_add(errs, "junit", -ret,
		     "cannot write the JUnit report %s: %s failed: %s (%s)",
		     path, step, uq_errno_name(-ret), uq_errno_desc(-ret));
	uq_error_print(&errs->v[errs->n - 1]);
	if (*rc == UQ_EXIT_OK || *rc == UQ_EXIT_FOUND)
		*rc = UQ_EXIT_FAIL;
	return uq_report_finish(doc, *rc, duration, errs);
}

static int emit(const struct uq_command *cmd, const struct uq_opts *opts,
		json_t *doc, struct uq_errors *errs, int rc, double duration,
		struct uq_afile *out)
{
	enum uq_stdout where;
	bool json_to_stdout = false;

	if (uq_report_finish(doc, rc, duration, errs)) {
		uq_msg("out of memory while writing the result document");
		if (out)
			uq_afile_abort(out);
		return UQ_EXIT_FAIL;
	}
	if (opts->junit && write_junit(opts->junit, doc, errs, &rc, duration)) {
		if (out)
			uq_afile_abort(out);
		return UQ_EXIT_FAIL;
	}
	if (out && output_failed(cmd, doc, errs, &rc, duration, out))
		json_to_stdout = true;
	where = uq_output_stdout(opts, isatty(STDOUT_FILENO));
	if (json_to_stdout)
		where = UQ_STDOUT_JSON;
	switch (where) {
	case UQ_STDOUT_JSON:
		print_json(stdout, doc);
		break;
	case UQ_STDOUT_KTAP:
		cmd->print_ktap(stdout, doc);
		break;
	case UQ_STDOUT_TEXT:
		if (cmd->print_text)
			cmd->print_text(stdout, doc);
		else
			print_json(stdout, doc);
		uq_print_repeat_spread(stdout, doc);
		break;
	default:
		break;
	}
	if (fflush(stdout) || ferror(stdout)) {
		uq_msg("cannot write to stdout: %s", uq_errno_name(errno));
		if (rc == UQ_EXIT_OK)
			rc = UQ_EXIT_FAIL;
	}
	return rc;
}

/* The stop reason becomes the exit code, unless the run never got going
 * (usage, bad input, no device, skipped): 124 and 130 say the results are
 * partial. */
static int apply_stop(const struct uq_command *cmd, const struct uq_opts *opts,
		      struct uq_errors *errs, int rc, size_t *why)
{
	int sig = uq_stop_signal();

	if (!uq_stopped() || rc == UQ_EXIT_USAGE || rc == UQ_EXIT_DATAERR ||
	    rc == UQ_EXIT_NODEV || rc == UQ_EXIT_SKIP)
		return rc;
	if (uq_stop_flag == UQ_STOP_TIMEOUT)
		uq_error_add(
			errs, "timeout", 0,
			"%s: --timeout=%g expired; stopped and wrote partial results (raise --timeout for longer runs)",
			cmd->name, opts->timeout_s);
	else
		uq_error_add(
			errs, "signal", 0,
			"%s: interrupted by SIG%s; stopped and wrote partial results",
			cmd->name, sigabbrev_np(sig) ? sigabbrev_np(sig) : "?");
	*why = errs->n - 1;
	return uq_stop_exit_code();
}

/*
 * --repeat=N: the command N times in this process. Samples of one run
 * share its host's state, so a per-sample test calls a little host drift
 * significant; the spread between runs is what tells. Each run's results
 * go to results.repeats[] (results.COMMAND is the last run's), and
 * results.repeat_spread sums them up. A failed or stopped run ends the
 * series.
 */
static int run_repeats(const struct uq_command *cmd, struct uq_run *run,
		       unsigned int n)
{
	json_t *list = json_array(), *copy;
	int rc = UQ_EXIT_OK;

	for (unsigned int i = 0; list && i < n; i++) {
		rc = cmd->run(run);
		copy = json_deep_copy(json_object_get(run->doc, "results"));
		if (!copy || json_array_append_new(list, copy)) {
			json_decref(list);
			list = NULL;
		}
		if (rc || uq_stopped())
			break;
	}
	if (!list || uq_report_set(run->doc, "results", "repeats", list) ||
	    uq_report_set(run->doc, "results", "repeat_spread",
			  uq_repeat_spread(run->doc))) {
		uq_error_add(run->errors, "repeat", ENOMEM,
			     "%s: out of memory keeping the runs' results",
			     cmd->name);
		return UQ_EXIT_FAIL;
	}
	return rc;
}

static int run_command(const struct uq_command *cmd, struct cmdline *cl,
		       int argc, char **argv, const struct timespec *t0_real,
		       const struct timespec *t0_mono)
{
	struct uq_run run = {
		.opts = &cl->opts,
		.command = cmd->name,
		.cmd_opts = cl->cmd_opts,
	};
	struct uq_errors errs;
	size_t why = SIZE_MAX; /* index of the error to print */
	struct uq_afile out_file, *out = NULL;
	struct uq_host host;
	int rc, ret;

	uq_errors_init(&errs);
	run.errors = &errs;
	run.doc = uq_report_new(cmd->name, argc, argv, t0_real);
	if (!run.doc) {
		uq_msg("out of memory");
		return UQ_EXIT_FAIL;
	}
	uq_host_query(&host);
	rc = uq_report_set(run.doc, NULL, "host", uq_report_host(&host));
	uq_host_fini(&host);
	if (rc) {
		uq_msg("out of memory");
		rc = UQ_EXIT_FAIL;
		goto out;
	}

	/* An -o or samples file that cannot be created fails the run
	 * before it touches the device: results nobody can keep are not
	 * worth measuring. */
	if (cl->opts.output) {
		ret = uq_afile_open(&out_file, cl->opts.output);
		if (ret) {
			uq_error_add(
				&errs, "output", -ret,
				"cannot write %s: %s failed: %s (%s); choose a file in a writable directory, or '-o -' for stdout",
				cl->opts.output, out_file.step,
				uq_errno_name(-ret), uq_errno_desc(-ret));
			rc = UQ_EXIT_FAIL;
			goto emit;
		}
		out = &out_file;
	}
	if (samples_path && uq_samples_open(samples_path, &errs)) {
		rc = UQ_EXIT_FAIL;
	} else {
		rc = cl->opts.repeat > 1 ?
			     run_repeats(cmd, &run, cl->opts.repeat) :
			     cmd->run(&run);
		if (rc && !run.reported)
			why = errs.n - 1;
		if (uq_samples_close() && !rc) {
			rc = UQ_EXIT_FAIL;
			why = errs.n - 1;
		}
		rc = apply_stop(cmd, &cl->opts, &errs, rc, &why);
	}
	/* The error contract: a document whose errors[] is not empty never
	 * comes with success or a mere "found": whatever failed decides the
	 * exit code, and its line is printed. (The cause of a skip is not a
	 * failure: uq_skip_add().) */
	if (uq_errors_failures(&errs) &&
	    (rc == UQ_EXIT_OK || rc == UQ_EXIT_FOUND)) {
		rc = UQ_EXIT_FAIL;
		for (why = 0; errs.v[why].skip; why++)
			;
		run.reported = false;
	}
emit:
	if (cmd->exit_code)
		rc = cmd->exit_code(&run, rc);
	if (rc && !run.reported) {
		if (why >= errs.n)
			why = errs.n - 1;
		if (errs.n)
			uq_error_print(&errs.v[why]);
		else
			uq_msg("%s failed (exit %d)", cmd->name, rc);
	}
	rc = emit(cmd, &cl->opts, run.doc, &errs, rc, elapsed_s(t0_mono), out);
	/* a failure to write the results is mapped as well */
	if (cmd->exit_code)
		rc = cmd->exit_code(&run, rc);
out:
	json_decref(run.doc);
	uq_errors_fini(&errs);
	return rc;
}

int main(int argc, char **argv)
{
	struct timespec t0_real, t0_mono;
	struct cmdline cl = {
		.opts = {
			.format = UQ_FORMAT_AUTO,
			.progress = UQ_PROGRESS_AUTO,
			.timeout_s = UQ_TIMEOUT_DEFAULT_S,
			.cpu = -1,
			.repeat = 1,
		},
	};
	const char *profile, *bad = NULL;
	char names[128], *argv0;
	int ret, rc;

	clock_gettime(CLOCK_REALTIME, &t0_real);
	clock_gettime(CLOCK_MONOTONIC, &t0_mono);
	argp_err_exit_status = UQ_EXIT_USAGE;
	argp_program_version_hook = print_version;

	/* getopt names the program after argv[0] in its own messages
	 * ("invalid option"): "userq-bench", not the path it was run by.
	 * The document and the --emulate re-exec keep the real argv[0]. */
	argv0 = argv[0];
	argv[0] = (char *)PACKAGE_NAME;
	ret = argp_parse(&top_argp, argc, argv, ARGP_IN_ORDER, NULL, &cl);
	argv[0] = argv0;
	if (ret) {
		uq_msg("cannot parse the command line: %s", uq_errno_name(ret));
		rc = ret == ENOMEM ? UQ_EXIT_FAIL : UQ_EXIT_USAGE;
		goto out;
	}
	if (!cl.cmd)
		cl.cmd = find_command(DEFAULT_COMMAND);
	if (cl.opts.repeat > 1 && !cl.cmd->repeat) {
		uq_msg("--repeat: %s does not measure (signal-wait and unmap "
		       "do)",
		       cl.cmd->name);
		rc = UQ_EXIT_USAGE;
		goto out;
	}
	if (cl.opts.junit && !cl.cmd->junit) {
		uq_msg("--junit: %s has no pass/fail gates to report "
		       "(compare, signal-wait, leaks and run have)",
		       cl.cmd->name);
		rc = UQ_EXIT_USAGE;
		goto out;
	}
	if (cl.opts.format == UQ_FORMAT_KTAP && !cl.cmd->print_ktap) {
		uq_msg("--format=ktap: %s has no KTAP form (leaks has); use json or text",
		       cl.cmd->name);
		rc = UQ_EXIT_USAGE;
		goto out;
	}
	if (cl.opts.emulate) {
		profile = uq_emulate_profile(cl.opts.emulate_profile, &bad);
		if (!profile) {
			uq_msg("USERQ_EMU_PROFILE: unknown profile '%s' (known: %s)",
			       bad,
			       uq_emulate_profile_names(names, sizeof(names)));
			rc = UQ_EXIT_USAGE;
			goto out;
		}
		if (!uq_emulate_is_child()) {
			rc = uq_emulate_reexec(profile, argv);
			goto out;
		}
	}
	if (cl.opts.cpu >= 0) {
		ret = uq_host_pin_cpu(cl.opts.cpu);
		if (ret) {
			uq_msg("--cpu=%d: cannot pin to CPU %d: %s; choose a CPU this process may use (taskset -p $$)",
			       cl.opts.cpu, cl.opts.cpu, uq_errno_name(-ret));
			rc = UQ_EXIT_USAGE;
			goto out;
		}
	}
	/* Best effort: the host object says whether it worked, and why not. */
	uq_host_lock_memory();
	ret = uq_stop_install(cl.opts.timeout_s);
	if (ret) {
		uq_msg("--timeout: cannot arm the timer: %s",
		       uq_errno_name(-ret));
		rc = UQ_EXIT_FAIL;
		goto out;
	}
	rc = run_command(cl.cmd, &cl, argc, argv, &t0_real, &t0_mono);
out:
	free(cl.cmd_opts);
	free(sub_argv);
	return rc;
}
