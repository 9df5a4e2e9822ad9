/* SPDX-License-Identifier: MIT */
/*
 * Shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.c): the input as a
 * NUL-terminated string, since the tool's parsers read C strings (the
 * kernel files and argv they parse never hold a NUL), and a check that
 * aborts, so that libFuzzer keeps the input as a crash.
 */
#ifndef UQ_TESTS_FUZZ_H
#define UQ_TESTS_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A copy of @data up to its first NUL, NUL-terminated; NULL when out of
 * memory (libFuzzer's -rss_limit_mb catches a real leak). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	size_t n = strnlen((const char *)data, size);
	char *s = malloc(n + 1);

	if (s) {
		memcpy(s, data, n);
		s[n] = '\0';
	}
	return s;
}

#define FUZZ_ASSERT(cond)                                                  \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, \
				#cond);                                    \
			abort();                                           \
		}                                                          \
	} while (0)

#endif
