/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report/output.h"
#include "samples.h"

#define SAMPLES_BUF (64 * 1024)
#define SAMPLES_NAME_MAX 256
/* The longest line: a name, a comma, 20 digits, a comma, 20 digits. */
#define SAMPLES_LINE_MAX (2 * SAMPLES_NAME_MAX + 48)

struct uq_samples {
	struct uq_afile file;
	struct uq_errors *errs;
	char *path;
	int err; /* the first failure, 0 while fine */
	bool open;
	size_t fill;
	char buf[SAMPLES_BUF];
};

/* One per process: the file is given once, on the command line, and every
 * loop of the run (the unmap cases, run's commands) appends to it. */
static struct uq_samples *samples;

struct uq_samples *uq_samples_current(void)
{
	return samples && samples->open ? samples : NULL;
}

bool uq_samples_failed(void)
{
	return samples && samples->err;
}

static void samples_fail(struct uq_samples *s, int ret)
{
	if (s->err)
		return;
	s->err = -ret;
	uq_error_add(
		s->errs, "samples", -ret,
		"--samples: cannot write %s: %s failed: %s (%s); choose a writable file",
		s->path, s->file.step, uq_errno_name(-ret),
		uq_errno_desc(-ret));
	if (s->open)
		uq_afile_abort(&s->file);
	s->open = false;
}

static int samples_drain(struct uq_samples *s)
{
	int ret = uq_afile_write(&s->file, s->buf, s->fill);

	s->fill = 0;
	if (ret)
		samples_fail(s, ret);
	return ret;
}

int uq_samples_open(const char *path, struct uq_errors *errs)
{
	static const char header[] = "metric,iteration,ns\n";
	int ret;

	if (samples)
		return -EBUSY;
	samples = calloc(1, sizeof(*samples));
	if (!samples) {
		uq_error_add(errs, "samples", ENOMEM,
			     "--samples: cannot write %s: out of memory", path);
		return -ENOMEM;
	}
	samples->errs = errs;
	samples->path = strdup(path);
	samples->file.step = "allocate";
	if (!samples->path) {
		samples->err = ENOMEM;
		uq_error_add(errs, "samples", ENOMEM,
			     "--samples: cannot write %s: out of memory", path);
		return -ENOMEM;
	}
	ret = uq_afile_open(&samples->file, path);
	if (ret) {
		samples_fail(samples, ret);
		return ret;
	}
	samples->open = true;
	memcpy(samples->buf, header, sizeof(header) - 1);
	samples->fill = sizeof(header) - 1;
	return 0;
}

int uq_samples_close(void)
{
	struct uq_samples *s = samples;
	int ret;

	if (!s)
		return 0;
	ret = -s->err;
	if (s->open && !samples_drain(s)) {
		s->open = false;
		ret = uq_afile_commit(&s->file);
		if (ret) {
			/* the file is already closed and removed */
			samples_fail(s, ret);
		}
	}
	ret = -s->err;
	free(s->path);
	free(s);
	samples = NULL;
	return ret;
}

static char *put_u64(char *p, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* The metric column, CSV-quoted when it has to be. */
static size_t metric_field(char *out, const char *prefix, const char *name)
{
	char raw[2 * SAMPLES_NAME_MAX];
	size_t len = 0;

	snprintf(raw, sizeof(raw), "%s%s%.*s", prefix ? prefix : "",
		 prefix ? "." : "", SAMPLES_NAME_MAX, name);
	if (!raw[strcspn(raw, ",\"\r\n")]) {
		len = strlen(raw);
		memcpy(out, raw, len);
		return len;
	}
	out[len++] = '"';
	for (const char *c = raw; *c && len < 2 * SAMPLES_NAME_MAX - 2; c++) {
		if (*c == '"')
			out[len++] = '"';
		out[len++] = *c;
	}
	out[len++] = '"';
	return len;
}

int uq_samples_write(struct uq_samples *s, const char *prefix,
		     const char *const *names, unsigned int n,
		     const uint64_t (*rows)[UQ_METRICS_MAX], unsigned int nrows,
		     uint64_t first)
{
	char field[UQ_METRICS_MAX][2 * SAMPLES_NAME_MAX];
	size_t flen[UQ_METRICS_MAX];

	if (!s->open)
		return -s->err;
	for (unsigned int j = 0; j < n; j++)
		flen[j] = metric_field(field[j], prefix, names[j]);
	for (unsigned int r = 0; r < nrows; r++) {
		for (unsigned int j = 0; j < n; j++) {
			char *p;

			if (s->fill + SAMPLES_LINE_MAX > SAMPLES_BUF &&
			    samples_drain(s))
				return -s->err;
			p = s->buf + s->fill;
			memcpy(p, field[j], flen[j]);
			p += flen[j];
			*p++ = ',';
			p = put_u64(p, first + r);
			*p++ = ',';
			p = put_u64(p, rows[r][j]);
			*p++ = '\n';
			s->fill = (size_t)(p - s->buf);
		}
	}
	return 0;
}
