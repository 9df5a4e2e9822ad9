/* SPDX-License-Identifier: MIT */
/*
 * The content of a fake file, produced the way a kernel seq_file show()
 * produces it (fs/seq_file.c): a buffer that grows as text is printed
 * into it, so that no reader sizes a buffer by hand, and emu_seq_read()
 * with seq_read()'s offset semantics to serve it.
 *
 * A failed allocation is sticky: later output is dropped and m->error is
 * -ENOMEM, which the file's open reports (the kernel's seq_read fails
 * with -ENOMEM the same way).
 */
#ifndef UQ_EMU_FS_SEQ_FILE_H
#define UQ_EMU_FS_SEQ_FILE_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

struct emu_seq_file {
	char *buf; /* NUL-terminated when count > 0 */
	size_t size; /* allocated */
	size_t count; /* bytes produced */
	int error; /* 0 or -ENOMEM */
};

void emu_seq_init(struct emu_seq_file *m);
void emu_seq_release(struct emu_seq_file *m);

void emu_seq_printf(struct emu_seq_file *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void emu_seq_vprintf(struct emu_seq_file *m, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void emu_seq_puts(struct emu_seq_file *m, const char *s);
void emu_seq_putc(struct emu_seq_file *m, char c);
/* Binary content (seq_write). */
void emu_seq_write(struct emu_seq_file *m, const void *data, size_t len);
/* The whole real file at path (one the fake one extends or rewrites),
 * appended; 0, or -errno of the open or a read, m then left as it was. */
int emu_seq_copy_file(struct emu_seq_file *m, const char *path);

/*
 * seq_read: up to size bytes from offset *pos into buf, *pos advanced by
 * the count returned. Short at the end, 0 at or past the end, -EINVAL
 * for a negative offset.
 */
ssize_t emu_seq_read(const struct emu_seq_file *m, char *buf, size_t size,
		     off_t *pos);

#endif
