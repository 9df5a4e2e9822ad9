/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gpu/device.h"
#include "source.h"

#define MAX_TEXT (1u << 20)

static const struct uq_fence_ops *const fence_ops[UQ_FENCE_KINDS] = {
	[UQ_FENCE_SEQ64] = &uq_fence_seq64_ops,
	[UQ_FENCE_KPROBE] = &uq_fence_kprobe_ops,
	[UQ_FENCE_DEBUGFS] = &uq_fence_debugfs_ops,
	[UQ_FENCE_SLAB] = &uq_fence_slab_ops,
	[UQ_FENCE_TRACEPOINT] = &uq_fence_tracepoint_ops,
	[UQ_FENCE_FILE] = &uq_fence_file_ops,
};

static const char *kind_name(unsigned int kind)
{
	return kind == UQ_FENCE_FILE ? "file" : uq_fence_method_name(kind);
}

int uq_fence_sel_add(struct uq_fence_sel *sel, const char *arg)
{
	bool none = !strcmp(arg, "none");

	if ((none && sel->given && !sel->none) || (!none && sel->none))
		return -EEXIST;
	if (none) {
		sel->none = true;
	} else if (!strcmp(arg, "auto")) {
		sel->all = true;
	} else if (!strncmp(arg, "file:", 5)) {
		if (!arg[5])
			return -EINVAL;
		if (sel->nfiles == UQ_FENCE_MAX_FILES)
			return -E2BIG;
		sel->file[sel->nfiles++] = arg + 5;
	} else {
		unsigned int m;

		for (m = 0; m < UQ_FENCE_METHODS; m++)
			if (!strcmp(arg, uq_fence_method_name(m)))
				break;
		if (m == UQ_FENCE_METHODS)
			return -EINVAL;
		sel->method[m] = true;
	}
	sel->given = true;
	return 0;
}

void uq_fence_src_unavailable(struct uq_fence_src *s, const char *fmt, ...)
{
	va_list ap;

	if (!s->ok)
		return;
	s->ok = false;
	va_start(ap, fmt);
	vsnprintf(s->reason, sizeof(s->reason), fmt, ap);
	va_end(ap);
}

void uq_fence_src_set(struct uq_fence_src *s, enum uq_fence_phase phase,
		      int64_t value)
{
	s->value[phase] = value;
	s->have[phase] = true;
}

int uq_fence_read_text(const char *path, char **text)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	int fd, ret = 0;

	if (!buf)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		free(buf);
		return ret;
	}
	for (;;) {
		ssize_t n;

		if (cap - len < 2) {
			char *nbuf = cap < MAX_TEXT ? realloc(buf, cap * 2) :
						      NULL;

			if (!nbuf) {
				ret = cap < MAX_TEXT ? -ENOMEM : -EFBIG;
				break;
			}
			buf = nbuf;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (ret) {
		free(buf);
		return ret;
	}
	buf[len] = '\0';
	*text = buf;
	return 0;
}

int uq_fence_src_read_text(struct uq_fence_src *s, const char *path,
			   char **text)
{
	int ret = uq_fence_read_text(path, text);

	if (ret)
		uq_fence_src_unavailable(s, "cannot read %s: %s", path,
					 uq_errno_name(-ret));
	return ret;
}

int uq_fence_write_text(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd, ret = 0;
	ssize_t n;

	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	do {
		n = write(fd, text, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != len)
		ret = -EIO;
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

static void add_source(struct uq_fence_acct *a, unsigned int kind,
		       const char *path)
{
	const struct uq_fence_source *cap;
	struct uq_fence_src *s = &a->src[a->n++];

	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->ok = true;
	if (kind == UQ_FENCE_FILE) {
		snprintf(s->path, sizeof(s->path), "%s", path);
	} else {
		cap = &a->ctx.dev->caps.fence[kind];
		snprintf(s->path, sizeof(s->path), "%s", cap->path);
		if (!cap->ok)
			uq_fence_src_unavailable(s, "%s", cap->reason);
	}
}

void uq_fence_acct_init(struct uq_fence_acct *a, const struct uq_fence_sel *sel,
			const struct uq_fence_ctx *ctx)
{
	bool all = sel->all || !sel->given;

	memset(a, 0, sizeof(*a));
	a->ctx = *ctx;
	if (sel->none)
		return;
	for (unsigned int m = 0; m < UQ_FENCE_METHODS; m++)
		if (all || sel->method[m])
			add_source(a, m, NULL);
	for (unsigned int i = 0; i < sel->nfiles; i++)
		add_source(a, UQ_FENCE_FILE, sel->file[i]);

	for (unsigned int i = 0; i < a->n; i++) {
		struct uq_fence_src *s = &a->src[i];
		const struct uq_fence_ops *ops = fence_ops[s->kind];

		if (s->ok && ops->start)
			ops->start(s, &a->ctx);
	}
}

/* Read the sources of @phase; seq64 first (@seq64_first) or last. */
static int read_phase(struct uq_fence_acct *a, enum uq_fence_phase phase,
		      bool seq64_first)
{
	for (unsigned int pass = 0; pass < 2; pass++) {
		bool seq64_pass = (pass == 0) == seq64_first;

		for (unsigned int i = 0; i < a->n; i++) {
			struct uq_fence_src *s = &a->src[i];
			int ret;

			if (!s->ok || (s->kind == UQ_FENCE_SEQ64) != seq64_pass)
				continue;
			ret = fence_ops[s->kind]->read(s, &a->ctx, phase);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int uq_fence_acct_before(struct uq_fence_acct *a)
{
	return read_phase(a, UQ_PHASE_BEFORE, true);
}

void uq_fence_acct_during(struct uq_fence_acct *a)
{
	read_phase(a, UQ_PHASE_DURING, true);
}

int uq_fence_acct_after(struct uq_fence_acct *a)
{
	return read_phase(a, UQ_PHASE_AFTER, false);
}

void uq_fence_acct_fini(struct uq_fence_acct *a)
{
	for (unsigned int i = 0; i < a->n; i++) {
		const struct uq_fence_ops *ops = fence_ops[a->src[i].kind];

		if (ops->stop)
			ops->stop(&a->src[i], &a->ctx);
	}
}

static bool complete(const struct uq_fence_src *s)
{
	return s->ok && s->have[UQ_PHASE_BEFORE] && s->have[UQ_PHASE_AFTER];
}

static int64_t src_leaked(const struct uq_fence_src *s)
{
	const struct uq_fence_ops *ops = fence_ops[s->kind];
	int64_t v;

	if (ops->leaked)
		return ops->leaked(s);
	v = s->value[UQ_PHASE_AFTER] - s->value[UQ_PHASE_BEFORE];
	return v > 0 ? v : 0;
}

enum uq_verdict uq_fence_acct_verdict(const struct uq_fence_acct *a,
				      int64_t *leaked)
{
	struct uq_fence_view v[UQ_FENCE_MAX_SOURCES];

	for (unsigned int i = 0; i < a->n; i++) {
		const struct uq_fence_src *s = &a->src[i];

		v[i].ok = complete(s);
		v[i].counts_fence_drivers =
			fence_ops[s->kind]->counts_fence_drivers;
		v[i].leaked = v[i].ok ? src_leaked(s) : 0;
	}
	return uq_fence_verdict(v, a->n, leaked);
}

void uq_fence_acct_describe(const struct uq_fence_acct *a, bool leak, char *buf,
			    size_t len)
{
	size_t used = 0;

	if (!len)
		return;
	buf[0] = '\0';
	for (unsigned int i = 0; i < a->n && used < len; i++) {
		const struct uq_fence_src *s = &a->src[i];
		const char *sep = used ? (leak ? ", " : "; ") : "";
		int n;

		if (leak) {
			if (!complete(s) || src_leaked(s) <= 0)
				continue;
			n = snprintf(buf + used, len - used, "%s%s %lld", sep,
				     kind_name(s->kind),
				     (long long)src_leaked(s));
		} else if (!s->ok) {
			n = snprintf(buf + used, len - used, "%s%s: %s", sep,
				     kind_name(s->kind), s->reason);
		} else if (!complete(s)) {
			n = snprintf(buf + used, len - used,
				     "%s%s: no count before and after the run",
				     sep, kind_name(s->kind));
		} else {
			/* a usable source that cannot count fence drivers */
			n = snprintf(buf + used, len - used,
				     "%s%s: does not count fence drivers", sep,
				     kind_name(s->kind));
		}
		if (n < 0)
			break;
		used += (size_t)n;
	}
	if (!used)
		snprintf(buf, len, "%s",
			 leak ? "no source" : "no source selected");
}

static json_t *int_or_null(bool have, int64_t v)
{
	return have ? json_integer(v) : json_null();
}

/* The tracepoint source with the kprobe source's lifetime counts: true,
 * false or null (cannot tell). */
static int destroyed_json(const struct uq_fence_acct *a,
			  const struct uq_fence_src *s, json_t *o)
{
	const struct uq_fence_src *kprobe = NULL;
	int d;

	for (unsigned int i = 0; i < a->n; i++)
		if (a->src[i].kind == UQ_FENCE_KPROBE)
			kprobe = &a->src[i];
	d = uq_fence_tracepoint_destroyed(s, kprobe);
	return json_object_set_new(o, "referenced_destroyed",
				   d < 0 ? json_null() : json_boolean(d));
}

static json_t *source_json(const struct uq_fence_acct *a,
			   const struct uq_fence_src *s)
{
	const struct uq_fence_ops *ops = fence_ops[s->kind];
	bool ok = complete(s);
	json_t *o;

	o = json_pack("{s:s, s:s, s:s?, s:s, s:o, s:o, s:o, s:o, s:o}",
		      "method", kind_name(s->kind), "status",
		      s->ok ? "ok" : "unavailable", "reason",
		      s->ok ? NULL : s->reason, "counts", ops->counts, "before",
		      int_or_null(s->have[UQ_PHASE_BEFORE],
				  s->value[UQ_PHASE_BEFORE]),
		      "during",
		      int_or_null(s->have[UQ_PHASE_DURING],
				  s->value[UQ_PHASE_DURING]),
		      "after",
		      int_or_null(s->have[UQ_PHASE_AFTER],
				  s->value[UQ_PHASE_AFTER]),
		      "delta",
		      int_or_null(ok, s->value[UQ_PHASE_AFTER] -
					      s->value[UQ_PHASE_BEFORE]),
		      "leaked", int_or_null(ok, ok ? src_leaked(s) : 0));
	if (!o)
		return NULL;
	if (s->path[0] &&
	    json_object_set_new(o, "path", json_string(s->path))) {
		json_decref(o);
		return NULL;
	}
	if ((ops->json && ops->json(s, o)) ||
	    (s->kind == UQ_FENCE_TRACEPOINT && destroyed_json(a, s, o))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *uq_fence_acct_json(const struct uq_fence_acct *a)
{
	json_t *sources = json_array();
	enum uq_verdict verdict;
	int64_t leaked;

	if (!sources)
		return NULL;
	for (unsigned int i = 0; i < a->n; i++) {
		if (json_array_append_new(sources,
					  source_json(a, &a->src[i]))) {
			json_decref(sources);
			return NULL;
		}
	}
	verdict = uq_fence_acct_verdict(a, &leaked);
	return json_pack("{s:o, s:o, s:s}", "sources", sources, "leaked",
			 leaked >= 0 ? json_integer(leaked) : json_null(),
			 "verdict", uq_verdict_name(verdict));
}
