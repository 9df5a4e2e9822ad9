/* SPDX-License-Identifier: MIT */
/*
 * Where the result document goes (SPEC §2): -o FILE, written atomically,
 * and stdout as JSON or as the command's text summary.
 */
#ifndef UQ_SRC_OUTPUT_H
#define UQ_SRC_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "cli.h"
#include "errors.h"

enum uq_stdout {
	UQ_STDOUT_NONE,
	UQ_STDOUT_JSON,
	UQ_STDOUT_TEXT,
};

/**
 * uq_output_stdout - what goes to stdout: --format if given (text is
 * suppressed by --quiet, JSON is not: it is the result, not a summary);
 * else with -o the text summary unless --quiet; else text on a terminal
 * (unless --quiet) and JSON otherwise.
 * @stdout_tty: whether stdout is a terminal.
 */
enum uq_stdout uq_output_stdout(const struct uq_opts *opts, int stdout_tty);

/* The document as indented JSON with a final newline; NULL when out of
 * memory. free() it. */
char *uq_output_dump(const json_t *doc);

/*
 * A file written so that its path is either untouched or complete: a
 * temporary file in the same directory (O_EXCL), fsync, rename over the
 * path, fsync of the directory. An existing path that is not a regular file
 * (/dev/stdout, a FIFO, /dev/null, /dev/full) is written directly: renaming
 * over a device node would replace it.
 */
struct uq_afile {
	char *path;
	char *dir; /* the directory of path */
	char *tmp; /* the temporary file; NULL when direct */
	int fd;
	const char *step; /* what failed, for the message */
};

/* Open @f for @path. Returns 0 or -errno (f->step says what failed). */
int uq_afile_open(struct uq_afile *f, const char *path);
/* Returns 0 or -errno. */
int uq_afile_write(struct uq_afile *f, const void *data, size_t len);
/* fsync, close, rename; on failure the temporary file is removed. Frees
 * @f. Returns 0 or -errno (f->step says what failed). */
int uq_afile_commit(struct uq_afile *f);
/* Close and remove the temporary file; frees @f. */
void uq_afile_abort(struct uq_afile *f);

/**
 * uq_output_write_atomic - write @data to @path so that @path is either
 * untouched or complete: a temporary file in the same directory (O_EXCL),
 * fsync, rename over @path, fsync of the directory. On failure the
 * temporary file is removed.
 * @errs: receives the message on failure.
 *
 * Returns 0 or -errno.
 */
int uq_output_write_atomic(const char *path, const char *data, size_t len,
			   struct uq_errors *errs);

#endif
