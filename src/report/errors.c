/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"

const char *uq_errno_name(int err)
{
	const char *name;

	if (err == UQ_ENOTSUPP)
		return "ENOTSUPP";
	name = strerrorname_np(err);
	return name ? name : "E?";
}

const char *uq_errno_desc(int err)
{
	if (err == UQ_ENOTSUPP)
		return "Operation is not supported";
	return strerror(err);
}

const char *uq_errno_device_lost(int err)
{
	switch (err) {
	case ENODEV:
		/* drm_dev_enter() fails once the device is unplugged or
		 * the driver unbound; amdgpu also answers it after a failed
		 * reset left the GPU unusable */
		return "the GPU is gone: unplugged, driver unbound, or left "
		       "unusable by a failed reset; see dmesg";
	case ECANCELED:
		/* amdgpu: a context's work after a reset made it guilty or
		 * lost VRAM, and the fences a queue reset force-completed */
		return "the kernel cancelled the work after a GPU or queue "
		       "reset; see dmesg for 'reset'";
	default:
		return NULL;
	}
}

void uq_errors_init(struct uq_errors *errs)
{
	errs->v = NULL;
	errs->n = 0;
	errs->cap = 0;
}

void uq_errors_fini(struct uq_errors *errs)
{
	for (size_t i = 0; i < errs->n; i++) {
		free(errs->v[i].where);
		free(errs->v[i].message);
	}
	free(errs->v);
	uq_errors_init(errs);
}

static int errors_grow(struct uq_errors *errs)
{
	size_t cap = errs->cap ? errs->cap * 2 : 4;
	struct uq_error *v;

	if (errs->n < errs->cap)
		return 0;
	v = realloc(errs->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	errs->v = v;
	errs->cap = cap;
	return 0;
}

static const struct uq_error *error_vadd(struct uq_errors *errs,
					 const char *where, int err, bool skip,
					 const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

static const struct uq_error *error_vadd(struct uq_errors *errs,
					 const char *where, int err, bool skip,
					 const char *fmt, va_list ap)
{
	struct uq_error *e;
	char *message;
	int len;

	len = vasprintf(&message, fmt, ap);
	if (len < 0)
		goto oom;
	if (uq_errno_device_lost(err) &&
	    !strstr(message, uq_errno_device_lost(err))) {
		char *longer;

		if (asprintf(&longer, "%s (%s)", message,
			     uq_errno_device_lost(err)) < 0)
			goto oom_message;
		free(message);
		message = longer;
	}
	if (errors_grow(errs))
		goto oom_message;
	e = &errs->v[errs->n];
	e->where = strdup(where);
	if (!e->where)
		goto oom_message;
	e->err = err;
	e->skip = skip;
	e->message = message;
	errs->n++;
	return e;

oom_message:
	/* Keep the information: the caller may never print it otherwise. */
	uq_msg("%s (error not recorded: out of memory)", message);
	free(message);
	return NULL;
oom:
	uq_msg("%s failed: %s (error not recorded: out of memory)", where,
	       uq_errno_name(err));
	return NULL;
}

const struct uq_error *uq_error_add(struct uq_errors *errs, const char *where,
				    int err, const char *fmt, ...)
{
	const struct uq_error *e;
	va_list ap;

	va_start(ap, fmt);
	e = error_vadd(errs, where, err, false, fmt, ap);
	va_end(ap);
	return e;
}

const struct uq_error *uq_skip_add(struct uq_errors *errs, const char *where,
				   int err, const char *fmt, ...)
{
	const struct uq_error *e;
	va_list ap;

	va_start(ap, fmt);
	e = error_vadd(errs, where, err, true, fmt, ap);
	va_end(ap);
	return e;
}

size_t uq_errors_failures(const struct uq_errors *errs)
{
	size_t n = 0;

	for (size_t i = 0; i < errs->n; i++)
		n += !errs->v[i].skip;
	return n;
}

const struct uq_error *uq_errors_last(const struct uq_errors *errs)
{
	return errs->n ? &errs->v[errs->n - 1] : NULL;
}

static json_t *error_json(const struct uq_error *e)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	if (json_object_set_new(o, "where", json_string(e->where)) ||
	    json_object_set_new(o, "errno",
				e->err ? json_integer(e->err) : json_null()) ||
	    json_object_set_new(o, "errno_name",
				e->err ? json_string(uq_errno_name(e->err)) :
					 json_null()) ||
	    json_object_set_new(o, "message", json_string(e->message))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *uq_errors_json(const struct uq_errors *errs, bool with_skips)
{
	json_t *a = json_array();

	if (!a)
		return NULL;
	for (size_t i = 0; i < errs->n; i++) {
		if (errs->v[i].skip && !with_skips)
			continue;
		if (json_array_append_new(a, error_json(&errs->v[i]))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

void uq_msg(const char *fmt, ...)
{
	char *line = NULL;
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vasprintf(&line, fmt, ap);
	va_end(ap);
	/* One fprintf: glibc writes an unbuffered stream's line at once, so
	 * concurrent writers (the emulator, valgrind) do not split it. */
	if (len < 0)
		fprintf(stderr, "userq-bench: %s (out of memory)\n", fmt);
	else
		fprintf(stderr, "userq-bench: %s\n", line);
	free(line);
}

void uq_error_print(const struct uq_error *e)
{
	uq_msg("%s", e->message);
}
