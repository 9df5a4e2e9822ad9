/* SPDX-License-Identifier: MIT */
/*
 * The command line (SPEC §2): global options, exit codes (SPEC §3) and the
 * command table entry that each src/cmd_*.c provides.
 */
#ifndef UQ_SRC_CLI_H
#define UQ_SRC_CLI_H

#include <argp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "report/errors.h"

/* SPEC §3. */
enum uq_exit {
	UQ_EXIT_OK = 0,
	UQ_EXIT_FOUND = 1, /* leak found (--fail-on-leak), or a regression */
	UQ_EXIT_FAIL = 2, /* ioctl error, device lost */
	UQ_EXIT_USAGE = 64, /* EX_USAGE */
	UQ_EXIT_DATAERR = 65, /* EX_DATAERR */
	UQ_EXIT_NODEV = 69, /* EX_UNAVAILABLE */
	UQ_EXIT_SKIP = 77,
	UQ_EXIT_TIMEOUT = 124,
	/* --bisect: the kernel cannot be tested; git bisect run skips it */
	UQ_EXIT_UNTESTABLE = 125,
	UQ_EXIT_INTR = 130,
};

enum uq_format {
	UQ_FORMAT_AUTO, /* text on a terminal, else JSON */
	UQ_FORMAT_JSON,
	UQ_FORMAT_TEXT,
	UQ_FORMAT_KTAP, /* KTAP version 1, for the commands that have it */
};

enum uq_progress {
	UQ_PROGRESS_AUTO, /* only when stderr is a terminal */
	UQ_PROGRESS_ALWAYS,
	UQ_PROGRESS_NEVER,
};

#define UQ_TIMEOUT_DEFAULT_S 600.0

/* --repeat's limit: runs of one command in one process. */
#define UQ_REPEAT_MAX 1000

/* Global options, valid before and after the command name. */
struct uq_opts {
	const char *device; /* -d: NULL = first amdgpu render node */
	const char *output; /* -o: NULL = none */
	enum uq_format format;
	bool quiet;
	enum uq_progress progress;
	bool emulate;
	const char *emulate_profile; /* NULL: $USERQ_EMU_PROFILE or default */
	double timeout_s;
	int cpu; /* -1: do not pin */
	const char *junit; /* --junit: NULL = none */
	unsigned int repeat; /* --repeat: runs of the command, >= 1 */
};

/* What a command works with while it runs. */
struct uq_run {
	const struct uq_opts *opts;
	const char *command;
	void *cmd_opts; /* the command's own options, opts_size bytes */
	json_t *doc; /* the result document (report.h) */
	struct uq_errors *errors; /* its "errors" array */
	/* Set by a command that printed its own stderr line for a non-zero
	 * exit; otherwise main prints the last error record's message. */
	bool reported;
};

/*
 * One entry of the command table. The command's argp parser receives
 * cmd_opts (zeroed, opts_size bytes) as its input; main adds the global
 * options as a child, so they are accepted after the command name too.
 */
struct uq_command {
	const char *name;
	const char *summary; /* one line for the command list */
	const char *args_doc; /* positional arguments, or NULL */
	const char *doc; /* argp doc of the command's --help */
	const struct argp_option *options; /* NULL: none */
	argp_parser_t parser; /* NULL: none */
	size_t opts_size;
	/* Returns an exit code (enum uq_exit), with the reason for a
	 * failure in run->errors. Only implemented commands are registered. */
	int (*run)(struct uq_run *run);
	/* The text form of the finished document (--format=text). */
	void (*print_text)(FILE *out, const json_t *doc);
	/* Its document holds pass/fail gates that --junit reports
	 * (report/junit.h). */
	bool junit;
	/* It measures, so --repeat may run it several times. */
	bool repeat;
	/* The KTAP form (--format=ktap); NULL: the command has none. */
	void (*print_ktap)(FILE *out, const json_t *doc);
	/* The final exit code from @rc, once main has applied the stop
	 * reason and the error contract (leaks --bisect). NULL: @rc. */
	int (*exit_code)(const struct uq_run *run, int rc);
};

/* One per src/cmd_*.c. */
extern const struct uq_command uq_cmd_info;
extern const struct uq_command uq_cmd_signal_wait;
extern const struct uq_command uq_cmd_unmap;
extern const struct uq_command uq_cmd_leaks;
extern const struct uq_command uq_cmd_run;
extern const struct uq_command uq_cmd_compare;

#endif
