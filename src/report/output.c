/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

enum uq_stdout uq_output_stdout(const struct uq_opts *opts, int stdout_tty)
{
	/* -o - (or /dev/stdout) already puts the document on stdout: nothing
	 * else may go there, neither the JSON again nor a summary */
	if (opts->output && uq_output_fd_alias(opts->output) == STDOUT_FILENO)
		return UQ_STDOUT_NONE;
	switch (opts->format) {
	case UQ_FORMAT_JSON:
		return UQ_STDOUT_JSON;
	case UQ_FORMAT_KTAP:
		/* like JSON, the result for a test runner: never quieted */
		return UQ_STDOUT_KTAP;
	case UQ_FORMAT_TEXT:
		return opts->quiet ? UQ_STDOUT_NONE : UQ_STDOUT_TEXT;
	default:
		if (opts->output || stdout_tty)
			return opts->quiet ? UQ_STDOUT_NONE : UQ_STDOUT_TEXT;
		return UQ_STDOUT_JSON;
	}
}

/* --- the document as text -------------------------------------------- */

#define DUMP_FLAGS (JSON_ENCODE_ANY | JSON_REAL_PRECISION(9))

static bool is_container(const json_t *v)
{
	return json_is_object(v) || json_is_array(v);
}

/* Arrays of scalars, and arrays of those (histogram buckets, argv), go on
 * one line: a histogram one number per line would be thousands of lines. */
static bool is_flat(const json_t *a)
{
	size_t i, j;
	json_t *v, *w;

	if (!json_is_array(a))
		return false;
	json_array_foreach(a, i, v)
	{
		if (json_is_object(v))
			return false;
		if (!json_is_array(v))
			continue;
		json_array_foreach(v, j, w) if (is_container(w)) return false;
	}
	return true;
}

static int dump_scalar(FILE *f, const json_t *v)
{
	char *s = json_dumps(v, DUMP_FLAGS);
	int ret = s && fputs(s, f) != EOF ? 0 : -1;

	free(s);
	return ret;
}

static int dump_flat(FILE *f, const json_t *v)
{
	size_t i;
	json_t *e;

	if (!json_is_array(v))
		return dump_scalar(f, v);
	fputc('[', f);
	json_array_foreach(v, i, e)
	{
		if (i)
			fputs(", ", f);
		if (dump_flat(f, e))
			return -1;
	}
	fputc(']', f);
	return 0;
}

static int dump(FILE *f, const json_t *v, int depth)
{
	bool obj = json_is_object(v);
	size_t n = obj ? json_object_size(v) : json_array_size(v), i = 0;
	const char *key;
	json_t *e;

	if (!is_container(v))
		return dump_scalar(f, v);
	if (!obj && is_flat(v))
		return dump_flat(f, v);
	if (!n)
		return fputs(obj ? "{}" : "[]", f) == EOF ? -1 : 0;
	fputs(obj ? "{\n" : "[\n", f);
	if (obj) {
		json_object_foreach((json_t *)v, key, e)
		{
			json_t *k = json_string(key);

			fprintf(f, "%*s", 2 * (depth + 1), "");
			if (!k || dump_scalar(f, k)) {
				json_decref(k);
				return -1;
			}
			json_decref(k);
			fputs(": ", f);
			if (dump(f, e, depth + 1))
				return -1;
			fputs(++i < n ? ",\n" : "\n", f);
		}
	} else {
		json_array_foreach(v, i, e)
		{
			fprintf(f, "%*s", 2 * (depth + 1), "");
			if (dump(f, e, depth + 1))
				return -1;
			fputs(i + 1 < n ? ",\n" : "\n", f);
		}
	}
	fprintf(f, "%*s%c", 2 * depth, "", obj ? '}' : ']');
	return 0;
}

char *uq_output_dump(const json_t *doc)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int ret;

	if (!f)
		return NULL;
	ret = dump(f, doc, 0);
	fputc('\n', f);
	if (ferror(f))
		ret = -1;
	if (fclose(f) || ret) {
		free(text);
		return NULL;
	}
	return text;
}

/* --- atomic files ---------------------------------------------------- */

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

static void afile_free(struct uq_afile *f)
{
	free(f->path);
	free(f->dir);
	free(f->tmp);
	f->path = f->dir = f->tmp = NULL;
	f->fd = -1;
}

int uq_output_fd_alias(const char *path)
{
	static const char *const fd_dirs[] = { "/dev/fd/", "/proc/self/fd/" };
	char *end;
	long n;

	if (!strcmp(path, "-") || !strcmp(path, "/dev/stdout"))
		return STDOUT_FILENO;
	if (!strcmp(path, "/dev/stderr"))
		return STDERR_FILENO;
	for (size_t i = 0; i < sizeof(fd_dirs) / sizeof(fd_dirs[0]); i++) {
		size_t len = strlen(fd_dirs[i]);

		if (strncmp(path, fd_dirs[i], len) || !path[len])
			continue;
		errno = 0;
		n = strtol(path + len, &end, 10);
		if (!errno && !*end && n >= 0 && n <= INT_MAX)
			return (int)n;
	}
	return -1;
}

/*
 * Follow @path through its symbolic links to the file that is to hold the
 * document, without creating anything: the atomic rename must replace that
 * file, never a link on the way to it. Stops at an fd alias (/dev/stdout,
 * /dev/fd/N: *fd is set, the shell's open file is written as it is, so
 * ">>" still appends) and at anything below /proc (its links name open
 * files, not paths). *final is malloc'd.
 */
static int resolve_target(const char *path, char **final, int *fd)
{
	char *cur = strdup(path);
	struct stat st;

	*fd = -1;
	*final = NULL;
	for (int hops = 0; cur && hops < 40; hops++) {
		char target[PATH_MAX], *next, *dir;
		ssize_t n;

		*fd = uq_output_fd_alias(cur);
		if (*fd >= 0 || !strncmp(cur, "/proc/", 6) || lstat(cur, &st) ||
		    !S_ISLNK(st.st_mode)) {
			*final = cur;
			return 0;
		}
		n = readlink(cur, target, sizeof(target) - 1);
		if (n < 0) {
			int err = errno;

			free(cur);
			return -err;
		}
		target[n] = '\0';
		if (target[0] == '/') {
			next = strdup(target);
		} else {
			dir = dirname(cur);
			if (asprintf(&next, "%s/%s", dir, target) < 0)
				next = NULL;
		}
		free(cur);
		cur = next;
	}
	if (!cur)
		return -ENOMEM;
	free(cur);
	return -ELOOP;
}

int uq_afile_open(struct uq_afile *f, const char *path)
{
	char *dir_copy = NULL, *base_copy = NULL;
	struct stat st;
	int ret, alias;

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	f->step = "follow the symbolic links";
	ret = resolve_target(path, &f->path, &alias);
	if (ret)
		goto out;
	ret = -ENOMEM;
	f->step = "allocate";
	dir_copy = strdup(f->path);
	base_copy = strdup(f->path);
	if (!dir_copy || !base_copy)
		goto out;
	f->dir = strdup(dirname(dir_copy));
	if (!f->dir)
		goto out;
	if (alias >= 0) {
		f->step = "duplicate the file descriptor";
		f->fd = fcntl(alias, F_DUPFD_CLOEXEC, 3);
		ret = f->fd < 0 ? -errno : 0;
		goto out;
	}
	if (!strncmp(f->path, "/proc/", 6) ||
	    (!stat(f->path, &st) && !S_ISREG(st.st_mode))) {
		f->step = "open";
		f->fd = open(f->path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		ret = f->fd < 0 ? -errno : 0;
		goto out;
	}
	if (asprintf(&f->tmp, "%s/.%s.XXXXXX", f->dir, basename(base_copy)) <
	    0) {
		f->tmp = NULL;
		goto out;
	}
	f->step = "create a temporary file in the directory";
	f->fd = mkostemp(f->tmp, O_CLOEXEC);
	if (f->fd < 0) {
		ret = -errno;
		free(f->tmp);
		f->tmp = NULL;
		goto out;
	}
	f->step = "write";
	ret = fchmod(f->fd, default_mode()) ? -errno : 0;
out:
	if (ret) {
		const char *step = f->step;

		uq_afile_abort(f);
		f->step = step;
	}
	free(base_copy);
	free(dir_copy);
	return ret;
}

int uq_afile_write(struct uq_afile *f, const void *data, size_t len)
{
	f->step = "write";
	return write_all(f->fd, data, len);
}

int uq_afile_commit(struct uq_afile *f)
{
	int ret = 0;

	f->step = "write";
	/* A pipe or a terminal cannot be synced, and needs not be. */
	if (fsync(f->fd) && (f->tmp || (errno != EINVAL && errno != EROFS)))
		ret = -errno;
	if (close(f->fd) && !ret)
		ret = -errno;
	f->fd = -1;
	if (!ret && f->tmp && rename(f->tmp, f->path)) {
		ret = -errno;
		f->step = "rename the temporary file over it";
	}
	if (ret && f->tmp)
		unlink(f->tmp);
	else if (f->tmp)
		sync_dir(f->dir);
	afile_free(f);
	return ret;
}

void uq_afile_abort(struct uq_afile *f)
{
	if (f->fd >= 0)
		close(f->fd);
	if (f->tmp)
		unlink(f->tmp);
	afile_free(f);
}

int uq_output_write(struct uq_afile *f, const json_t *doc, char **path,
		    const char **step)
{
	char *text = uq_output_dump(doc);
	int ret;

	*path = strdup(f->path ? f->path : "?");
	ret = text ? uq_afile_write(f, text, strlen(text)) : -ENOMEM;
	if (ret)
		uq_afile_abort(f);
	else
		ret = uq_afile_commit(f);
	*step = f->step;
	free(text);
	return ret;
}

int uq_output_fallback_open(const char *command, char **path)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	if (asprintf(path, "%s/userq-bench-%s-%ld-XXXXXX.json", tmp, command,
		     (long)getpid()) < 0) {
		*path = NULL;
		return -ENOMEM;
	}
	fd = mkostemps(*path, 5, O_CLOEXEC);
	if (fd < 0) {
		int err = errno;

		free(*path);
		*path = NULL;
		return -err;
	}
	return fd;
}

int uq_output_fallback_write(int fd, const char *path, const json_t *doc)
{
	char *text = doc ? uq_output_dump(doc) : NULL;
	int ret = text ? write_all(fd, text, strlen(text)) : -ENOMEM;

	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (ret)
		unlink(path);
	free(text);
	return ret;
}
