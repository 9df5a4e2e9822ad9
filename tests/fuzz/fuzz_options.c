/* SPDX-License-Identifier: MIT */
/*
 * The option-value parsers (src/parse.c) on any argv string: integers in
 * a range, sizes with K/M/G, size lists, seconds, enums, and the joined
 * enum list of the messages. What they accept must be what they return.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "parse.h"
#include "fuzz.h"

static const char *const names[] = { "map", "unmap", "replace", "clear", NULL };

static void check_u64(const char *s)
{
	static const uint64_t ranges[][2] = {
		{ 0, UINT64_MAX },
		{ 1, 1000000 },
		{ 0, 1023 },
		{ 5, 5 },
	};

	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		uint64_t v = 0xdeadbeef;
		int ret = uq_parse_u64(s, ranges[i][0], ranges[i][1], &v);

		FUZZ_ASSERT(ret == 0 || ret == -EINVAL || ret == -ERANGE);
		if (ret) {
			FUZZ_ASSERT(v == 0xdeadbeef);
			continue;
		}
		FUZZ_ASSERT(v >= ranges[i][0] && v <= ranges[i][1]);
		/* digits only, so the number is the text without its
		 * leading zeros */
		FUZZ_ASSERT(strspn(s, "0123456789") == strlen(s));
		FUZZ_ASSERT(v == strtoull(s, NULL, 10));
	}
}

static void check_size(const char *s)
{
	uint64_t v, list[8];
	size_t n = 99;
	int ret;

	ret = uq_parse_size(s, &v);
	FUZZ_ASSERT(ret == 0 || ret == -EINVAL || ret == -ERANGE);
	if (!ret)
		FUZZ_ASSERT(!strchr(s, ','));
	ret = uq_parse_size_list(s, list, 8, &n);
	FUZZ_ASSERT(ret == 0 || ret == -EINVAL || ret == -ERANGE ||
		    ret == -E2BIG);
	if (ret) {
		FUZZ_ASSERT(n == 99);
		return;
	}
	FUZZ_ASSERT(n >= 1 && n <= 8);
	/* one element per comma */
	{
		size_t commas = 0;

		for (const char *p = s; *p; p++)
			commas += *p == ',';
		FUZZ_ASSERT(n == commas + 1);
	}
}

static void check_seconds(const char *s)
{
	double v = -1;
	int ret = uq_parse_seconds(s, 0.001, 1e7, &v);

	FUZZ_ASSERT(ret == 0 || ret == -EINVAL || ret == -ERANGE);
	if (!ret)
		FUZZ_ASSERT(v >= 0.001 && v <= 1e7);
}

static void check_enum(const char *s, size_t len)
{
	char buf[256];
	int idx = -1;

	if (!uq_parse_enum(s, names, &idx))
		FUZZ_ASSERT(idx >= 0 && idx < 4 && !strcmp(s, names[idx]));
	else
		FUZZ_ASSERT(idx == -1);
	/* @s as the separator, @len from the input: truncation at every
	 * length, the result always a string within the buffer. */
	memset(buf, 'x', sizeof(buf));
	uq_enum_join(names, s, buf, len);
	if (len)
		FUZZ_ASSERT(strnlen(buf, len) < len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len;
	char *s;

	if (!size)
		return 0;
	len = data[0]; /* 0..255 */
	s = fuzz_cstr(data + 1, size - 1);
	if (!s)
		return 0;
	check_u64(s);
	check_size(s);
	check_seconds(s);
	check_enum(s, len);
	free(s);
	return 0;
}
