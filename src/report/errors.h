/* SPDX-License-Identifier: MIT */
/*
 * Errors: errno names, the record list behind the JSON "errors" array
 * (SPEC §4), and the one line on stderr that every failure prints (SPEC §3).
 *
 * Errors carry context up: the layer that sees the failure records where
 * (the ioctl or step), the errno and a message naming the device and what
 * the user can do; the command prints one line at the top.
 */
#ifndef UQ_SRC_ERRORS_H
#define UQ_SRC_ERRORS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/* Kernel-internal errno that amdgpu returns from some paths (userq gating,
 * UQ_FW_AREAS); glibc has no name for it. */
#define UQ_ENOTSUPP 524

/**
 * uq_errno_name - symbolic name of an errno value.
 * @err: positive errno value.
 *
 * Returns "ENOENT", "ENOTSUPP" for 524, or "E?" for a value glibc does not
 * know. Never NULL; the string is static.
 */
const char *uq_errno_name(int err);

/**
 * uq_errno_desc - description of an errno value, as strerror() but with a
 * text for ENOTSUPP (524). Never NULL.
 */
const char *uq_errno_desc(int err);

/**
 * uq_errno_device_lost - plain words for the errno values that mean the GPU
 * or its work is gone (ENODEV, ECANCELED), NULL for the others. Every error
 * recorded with one of them carries these words.
 */
const char *uq_errno_device_lost(int err);

struct uq_error {
	char *where; /* ioctl or step: "AMDGPU_INFO(DEV_INFO)", "output" */
	int err; /* positive errno, 0 if none */
	char *message; /* one line, no trailing newline */
	bool skip; /* the cause of a skip (exit 77), not a failure */
};

struct uq_errors {
	struct uq_error *v;
	size_t n, cap;
};

void uq_errors_init(struct uq_errors *errs);
void uq_errors_fini(struct uq_errors *errs);

/**
 * uq_error_add - record an error.
 * @errs: the list.
 * @where: the failing ioctl or step.
 * @err: positive errno, or 0.
 * @fmt: printf format of the message: the device, what failed and what the
 *       user can do. The errno name is not added; put it in the message.
 *
 * Returns the new record, or NULL when out of memory (the error is then
 * still printed to stderr, so it is never lost).
 */
const struct uq_error *uq_error_add(struct uq_errors *errs, const char *where,
				    int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/**
 * uq_skip_add - record why a command skipped (exit 77): the feature is
 * absent, nothing failed. It reaches errors[] only when the run's exit is
 * 77 (a run whose part skipped says so in run.parts), and it never makes a
 * run fail.
 */
const struct uq_error *uq_skip_add(struct uq_errors *errs, const char *where,
				   int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The records that are failures, not skip causes. */
size_t uq_errors_failures(const struct uq_errors *errs);

/* The last record, or NULL. */
const struct uq_error *uq_errors_last(const struct uq_errors *errs);

/**
 * uq_errors_json - the records as a JSON array of
 * {where, errno, errno_name, message}; errno and errno_name are null for
 * records without an errno. Skip causes only @with_skips. NULL when out of
 * memory.
 */
json_t *uq_errors_json(const struct uq_errors *errs, bool with_skips);

/**
 * uq_msg - print "userq-bench: <message>" and a newline on stderr: the one
 * line a failing run prints.
 */
void uq_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* uq_msg() of a record's message. */
void uq_error_print(const struct uq_error *e);

#endif
