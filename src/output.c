/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

enum uq_stdout uq_output_stdout(const struct uq_opts *opts, int stdout_tty)
{
	switch (opts->format) {
	case UQ_FORMAT_JSON:
		return UQ_STDOUT_JSON;
	case UQ_FORMAT_TEXT:
		return opts->quiet ? UQ_STDOUT_NONE : UQ_STDOUT_TEXT;
	default:
		if (opts->output || stdout_tty)
			return opts->quiet ? UQ_STDOUT_NONE : UQ_STDOUT_TEXT;
		return UQ_STDOUT_JSON;
	}
}

char *uq_output_dump(const json_t *doc)
{
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(9));
	size_t len;
	char *out;

	if (!text)
		return NULL;
	len = strlen(text);
	out = realloc(text, len + 2);
	if (!out) {
		free(text);
		return NULL;
	}
	out[len] = '\n';
	out[len + 1] = '\0';
	return out;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The permissions a plain creat(2) would give: mkstemp uses 0600. */
static mode_t default_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

/* Make the rename durable; a directory that cannot be opened for fsync
 * (some filesystems) does not make the write fail. */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return;
	fsync(fd);
	close(fd);
}

int uq_output_write_atomic(const char *path, const char *data, size_t len,
			   struct uq_errors *errs)
{
	char *dir_copy = NULL, *base_copy = NULL, *tmp = NULL;
	const char *dir, *step;
	int fd = -1, ret;

	dir_copy = strdup(path);
	base_copy = strdup(path);
	if (!dir_copy || !base_copy) {
		ret = -ENOMEM;
		step = "allocate";
		goto err;
	}
	dir = dirname(dir_copy);
	if (asprintf(&tmp, "%s/.%s.XXXXXX", dir, basename(base_copy)) < 0) {
		tmp = NULL;
		ret = -ENOMEM;
		step = "allocate";
		goto err;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		step = "create a temporary file in the directory";
		goto err;
	}
	step = "write";
	ret = fchmod(fd, default_mode()) ? -errno : 0;
	if (!ret)
		ret = write_all(fd, data, len);
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	fd = -1;
	if (!ret && rename(tmp, path)) {
		ret = -errno;
		step = "rename the temporary file to it";
	}
	if (ret)
		goto err_unlink;
	sync_dir(dir);
	free(tmp);
	free(base_copy);
	free(dir_copy);
	return 0;

err_unlink:
	unlink(tmp);
err:
	uq_error_add(
		errs, "output", -ret,
		"cannot write %s: %s failed: %s (%s); choose a writable directory with -o",
		path, step, uq_errno_name(-ret), uq_errno_desc(-ret));
	free(tmp);
	free(base_copy);
	free(dir_copy);
	return ret;
}
