// SPDX-License-Identifier: MIT
/*
 * A growable buffer for fake-file contents; see seq_file.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "seq_file.h"

/* seq_buf_alloc starts at one page as well. */
#define SEQ_INITIAL_SIZE 4096

void emu_seq_init(struct emu_seq_file *m)
{
	memset(m, 0, sizeof(*m));
}

void emu_seq_release(struct emu_seq_file *m)
{
	free(m->buf);
	emu_seq_init(m);
}

/* Room for n more bytes and a NUL. */
static char *seq_reserve(struct emu_seq_file *m, size_t n)
{
	size_t size = m->size ? m->size : SEQ_INITIAL_SIZE;
	char *grown;

	if (m->error)
		return NULL;
	if (n >= SIZE_MAX - m->count) {
		m->error = -ENOMEM;
		return NULL;
	}
	if (m->count + n < m->size)
		return m->buf + m->count;
	while (size <= m->count + n) {
		if (size > SIZE_MAX / 2) {
			size = m->count + n + 1;
			break;
		}
		size *= 2;
	}
	grown = realloc(m->buf, size);
	if (!grown) {
		m->error = -ENOMEM;
		return NULL;
	}
	m->buf = grown;
	m->size = size;
	return m->buf + m->count;
}

void emu_seq_write(struct emu_seq_file *m, const void *data, size_t len)
{
	char *p = seq_reserve(m, len);

	if (!p)
		return;
	memcpy(p, data, len);
	m->count += len;
	m->buf[m->count] = '\0';
}

void emu_seq_puts(struct emu_seq_file *m, const char *s)
{
	emu_seq_write(m, s, strlen(s));
}

void emu_seq_putc(struct emu_seq_file *m, char c)
{
	emu_seq_write(m, &c, 1);
}

void emu_seq_vprintf(struct emu_seq_file *m, const char *fmt, va_list ap)
{
	size_t room = m->size - m->count;
	va_list again;
	int n;
	char *p;

	if (m->error)
		return;
	/* Format into what is left; on overflow grow once and redo, as
	 * seq_read does with a bigger buffer. */
	va_copy(again, ap);
	n = vsnprintf(room ? m->buf + m->count : NULL, room, fmt, ap);
	if (n < 0) {
		va_end(again);
		return;
	}
	if ((size_t)n >= room) {
		p = seq_reserve(m, (size_t)n);
		if (p)
			vsnprintf(p, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	if (!m->error)
		m->count += (size_t)n;
}

void emu_seq_printf(struct emu_seq_file *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emu_seq_vprintf(m, fmt, ap);
	va_end(ap);
}

static int copy_fd(struct emu_seq_file *m, int fd)
{
	for (;;) {
		/* the real file's length is unknown (procfs says 0): read
		 * into the buffer's free space, growing it as needed */
		char *p = seq_reserve(m, SEQ_INITIAL_SIZE);
		long n;

		if (!p)
			return m->error;
		n = syscall(SYS_read, fd, p, m->size - m->count - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		m->count += (size_t)n;
		m->buf[m->count] = '\0';
	}
}

int emu_seq_copy_file(struct emu_seq_file *m, const char *path)
{
	size_t start = m->count;
	int fd, r;

	/* the system call itself: the interposed open() would find the
	 * emulator's own file at path */
	fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = copy_fd(m, fd);
	syscall(SYS_close, fd);
	if (r) {
		m->count = start;
		if (m->buf)
			m->buf[start] = '\0';
	}
	return r;
}

ssize_t emu_seq_read(const struct emu_seq_file *m, char *buf, size_t size,
		     off_t *pos)
{
	size_t n;

	if (*pos < 0)
		return -EINVAL;
	if ((unsigned long long)*pos >= m->count)
		return 0;
	n = m->count - (size_t)*pos;
	if (n > size)
		n = size;
	if (n > SSIZE_MAX)
		n = SSIZE_MAX;
	memcpy(buf, m->buf + *pos, n);
	*pos += (off_t)n;
	return (ssize_t)n;
}
