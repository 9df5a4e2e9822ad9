/* SPDX-License-Identifier: MIT */
/*
 * The emulator's fake-file buffer (src/emu/fs/seq_file.c) against the
 * kernel's seq_read() rules: a read at offset N returns the bytes from N,
 * short at the end, 0 at or past the end; output grows the buffer, so
 * content of any size is kept whole.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu/fs/seq_file.h"
#include "unit.h"

Suite *suite_seq_file(void);

START_TEST(seq_empty_reads_eof)
{
	struct emu_seq_file m;
	char buf[8];
	off_t pos = 0;

	emu_seq_init(&m);
	ck_assert_int_eq(emu_seq_read(&m, buf, sizeof(buf), &pos), 0);
	ck_assert_int_eq(pos, 0);
	emu_seq_release(&m);
}
END_TEST

START_TEST(seq_partial_reads_advance_offset)
{
	struct emu_seq_file m;
	char buf[8];
	off_t pos = 0;

	emu_seq_init(&m);
	emu_seq_puts(&m, "queue_type: ");
	emu_seq_printf(&m, "%u\n", 3u);
	ck_assert_uint_eq(m.count, 14);
	ck_assert_int_eq(emu_seq_read(&m, buf, 5, &pos), 5);
	ck_assert_int_eq(pos, 5);
	ck_assert_int_eq(memcmp(buf, "queue", 5), 0);
	ck_assert_int_eq(emu_seq_read(&m, buf, 5, &pos), 5);
	ck_assert_int_eq(memcmp(buf, "_type", 5), 0);
	/* short read at the end */
	ck_assert_int_eq(emu_seq_read(&m, buf, sizeof(buf), &pos), 4);
	ck_assert_int_eq(memcmp(buf, ": 3\n", 4), 0);
	ck_assert_int_eq(pos, 14);
	/* then EOF, and the offset stays */
	ck_assert_int_eq(emu_seq_read(&m, buf, sizeof(buf), &pos), 0);
	ck_assert_int_eq(pos, 14);
	emu_seq_release(&m);
}
END_TEST

START_TEST(seq_read_at_offset)
{
	struct emu_seq_file m;
	char buf[8] = "";
	off_t pos = 6;

	emu_seq_init(&m);
	emu_seq_puts(&m, "pid: 42\n");
	ck_assert_int_eq(emu_seq_read(&m, buf, sizeof(buf), &pos), 2);
	ck_assert_int_eq(memcmp(buf, "2\n", 2), 0);
	ck_assert_int_eq(pos, 8);
	emu_seq_release(&m);
}
END_TEST

START_TEST(seq_offset_past_end_is_eof)
{
	struct emu_seq_file m;
	char buf[8] = "untouch";
	off_t pos = 100;

	emu_seq_init(&m);
	emu_seq_puts(&m, "1\n");
	ck_assert_int_eq(emu_seq_read(&m, buf, sizeof(buf), &pos), 0);
	ck_assert_int_eq(pos, 100);
	ck_assert_str_eq(buf, "untouch");
	pos = 2; /* exactly at the end */
	ck_assert_int_eq(emu_seq_read(&m, buf, sizeof(buf), &pos), 0);
	pos = -1;
	ck_assert_int_eq(emu_seq_read(&m, buf, sizeof(buf), &pos), -EINVAL);
	emu_seq_release(&m);
}
END_TEST

START_TEST(seq_grows_beyond_initial_size)
{
	struct emu_seq_file m;
	char line[32], buf[64];
	off_t pos = 0;
	size_t i, total = 0;

	emu_seq_init(&m);
	/* far more than one page, in small pieces */
	for (i = 0; i < 5000; i++)
		emu_seq_printf(&m, "%016zx T sym%zu\n", i, i);
	ck_assert_int_eq(m.error, 0);
	ck_assert_uint_gt(m.count, 4096 * 16);
	ck_assert_uint_gt(m.size, m.count);
	/* every line is there, in order */
	for (i = 0; i < 5000; i++) {
		int n = snprintf(line, sizeof(line), "%016zx T sym%zu\n", i, i);

		ck_assert_int_eq(memcmp(m.buf + total, line, (size_t)n), 0);
		total += (size_t)n;
	}
	ck_assert_uint_eq(total, m.count);
	/* and read back whole, in odd-sized pieces */
	total = 0;
	for (;;) {
		ssize_t n = emu_seq_read(&m, buf, 37, &pos);

		ck_assert_int_ge(n, 0);
		if (!n)
			break;
		ck_assert_int_eq(memcmp(buf, m.buf + total, (size_t)n), 0);
		total += (size_t)n;
	}
	ck_assert_uint_eq(total, m.count);
	ck_assert_int_eq(pos, (off_t)m.count);
	emu_seq_release(&m);
}
END_TEST

START_TEST(seq_printf_of_large_content)
{
	struct emu_seq_file m;
	size_t big = 3 * 4096 + 123, i;
	char *s = malloc(big + 1);

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < big; i++)
		s[i] = (char)('a' + i % 26);
	s[big] = '\0';
	emu_seq_init(&m);
	emu_seq_puts(&m, "head ");
	/* one format whose output alone exceeds the free space */
	emu_seq_printf(&m, "[%s] %d\n", s, -7);
	ck_assert_int_eq(m.error, 0);
	ck_assert_uint_eq(m.count, 5 + 1 + big + 1 + 3 + 1);
	ck_assert_int_eq(memcmp(m.buf, "head [", 6), 0);
	ck_assert_int_eq(memcmp(m.buf + 6, s, big), 0);
	ck_assert_str_eq(m.buf + 6 + big, "] -7\n");
	free(s);
	emu_seq_release(&m);
}
END_TEST

START_TEST(seq_write_keeps_binary_bytes)
{
	static const unsigned char cfg[6] = {
		0x02, 0x10, 0x00, 0x00, 0x4c, 0x74
	};
	struct emu_seq_file m;
	char buf[8];
	off_t pos = 1;

	emu_seq_init(&m);
	emu_seq_write(&m, cfg, sizeof(cfg));
	emu_seq_putc(&m, '\0');
	ck_assert_uint_eq(m.count, 7);
	ck_assert_int_eq(emu_seq_read(&m, buf, sizeof(buf), &pos), 6);
	ck_assert_int_eq(memcmp(buf, cfg + 1, 5), 0);
	ck_assert_int_eq(buf[5], '\0');
	emu_seq_release(&m);
}
END_TEST

START_TEST(seq_copy_file_reads_to_eof)
{
	struct emu_seq_file m;
	char tmpl[] = "/tmp/uq-seq-XXXXXX";
	size_t i, len = 10000;
	int fd = mkstemp(tmpl);

	ck_assert_int_ge(fd, 0);
	for (i = 0; i < len; i++)
		ck_assert_int_eq(write(fd, i % 50 == 49 ? "\n" : "x", 1), 1);
	close(fd);
	emu_seq_init(&m);
	emu_seq_puts(&m, ">");
	ck_assert_int_eq(emu_seq_copy_file(&m, tmpl), 0);
	ck_assert_uint_eq(m.count, 1 + len);
	ck_assert_int_eq(m.buf[0], '>');
	ck_assert_int_eq(m.buf[50], '\n');
	ck_assert_int_eq(m.buf[len], '\n');
	unlink(tmpl);
	/* a failure leaves what was there */
	ck_assert_int_eq(emu_seq_copy_file(&m, tmpl), -ENOENT);
	ck_assert_uint_eq(m.count, 1 + len);
	ck_assert_int_eq(emu_seq_copy_file(&m, "/"), -EISDIR);
	ck_assert_uint_eq(m.count, 1 + len);
	ck_assert_int_eq(m.buf[m.count], '\0');
	emu_seq_release(&m);
}
END_TEST

Suite *suite_seq_file(void)
{
	Suite *s = suite_create("seq_file");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, seq_empty_reads_eof);
	tcase_add_test(tc, seq_partial_reads_advance_offset);
	tcase_add_test(tc, seq_read_at_offset);
	tcase_add_test(tc, seq_offset_past_end_is_eof);
	tcase_add_test(tc, seq_grows_beyond_initial_size);
	tcase_add_test(tc, seq_printf_of_large_content);
	tcase_add_test(tc, seq_write_keeps_binary_bytes);
	tcase_add_test(tc, seq_copy_file_reads_to_eof);
	suite_add_tcase(s, tc);
	return s;
}
