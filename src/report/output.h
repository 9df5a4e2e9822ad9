/* SPDX-License-Identifier: MIT */
/*
 * Where the result document goes (SPEC §2): -o FILE, written atomically,
 * and stdout as JSON or as the command's text summary.
 */
#ifndef UQ_SRC_OUTPUT_H
#define UQ_SRC_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "cli.h"
#include "errors.h"

enum uq_stdout {
	UQ_STDOUT_NONE,
	UQ_STDOUT_JSON,
	UQ_STDOUT_TEXT,
	UQ_STDOUT_KTAP, /* the command's KTAP form */
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
 * temporary file in the directory of the final file (O_EXCL), fsync,
 * rename over it, fsync of the directory. Symbolic links are followed to
 * the file they name: the rename replaces that file, never the link. An
 * fd alias ("-", /dev/stdout, /dev/fd/N) is written through the open file
 * it names, and an existing file that is not regular (a FIFO, /dev/null,
 * /dev/full) is written directly: renaming over either would replace it.
 */
struct uq_afile {
	char *path; /* the file written: symbolic links followed */
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
 * uq_output_fd_alias - the file descriptor that @path names itself: 1 for
 * "-" and /dev/stdout, 2 for /dev/stderr, N for /dev/fd/N and
 * /proc/self/fd/N; else -1. Such a target is written through the open
 * file the shell handed over (so "-o /dev/stdout >>log" appends), never
 * renamed over.
 */
int uq_output_fd_alias(const char *path);

/**
 * uq_output_write - write the document to @f (opened with uq_afile_open()
 * before the run started) and commit it. Frees @f.
 * @path: receives a malloc'd copy of the file's path (links followed).
 * @step: receives what failed, for the message.
 *
 * Returns 0 or -errno.
 */
int uq_output_write(struct uq_afile *f, const json_t *doc, char **path,
		    const char **step);

/*
 * When -o cannot take the document, the results are not lost: they go to
 * a new file in $TMPDIR (or /tmp), never over an existing one.
 * uq_output_fallback_open() creates it (returns an fd and the malloc'd
 * *path, or -errno); uq_output_fallback_write() writes @doc to it, syncs
 * and closes it, and removes it on failure (returns 0 or -errno).
 */
int uq_output_fallback_open(const char *command, char **path);
int uq_output_fallback_write(int fd, const char *path, const json_t *doc);

#endif
