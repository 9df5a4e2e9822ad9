/* SPDX-License-Identifier: MIT */
/*
 * Pure parsing helpers for option values: no I/O, no global state, so they
 * are unit-tested directly (tests/unit/test_parse.c). Each returns 0 or a
 * negative errno and leaves *out untouched on failure.
 */
#ifndef UQ_SRC_PARSE_H
#define UQ_SRC_PARSE_H

#include <stddef.h>
#include <stdint.h>

/**
 * uq_parse_u64 - an unsigned decimal integer in [min, max].
 * @s: the text; leading/trailing blanks, signs and empty text are rejected.
 *
 * Returns 0, -EINVAL if @s is not a decimal number, -ERANGE if it is
 * outside [min, max] or does not fit 64 bits.
 */
int uq_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/**
 * uq_parse_size - a byte count: a decimal integer with an optional binary
 * suffix K, M or G (either case; 1K = 1024), as in "64K" or "2M".
 *
 * Returns 0, -EINVAL for bad syntax or an unknown suffix, -ERANGE on
 * overflow of 64 bits.
 */
int uq_parse_size(const char *s, uint64_t *out);

/**
 * uq_parse_size_list - a comma-separated list of uq_parse_size() values,
 * as in "64K,2M".
 * @out: array of @max entries.
 * @n: number of entries stored.
 *
 * Returns 0, -EINVAL for bad syntax or an empty element, -ERANGE on
 * overflow, -E2BIG for more than @max entries.
 */
int uq_parse_size_list(const char *s, uint64_t *out, size_t max, size_t *n);

/**
 * uq_parse_seconds - a non-negative decimal number of seconds ("1.5")
 * in [min, max].
 *
 * Returns 0, -EINVAL for bad syntax (also "inf", "nan", hex), -ERANGE
 * outside [min, max].
 */
int uq_parse_seconds(const char *s, double min, double max, double *out);

/**
 * uq_parse_enum - the index of @s in the NULL-terminated list @names
 * (exact, case-sensitive match).
 *
 * Returns 0, or -EINVAL if @s is not in the list.
 */
int uq_parse_enum(const char *s, const char *const *names, int *out);

/**
 * uq_enum_join - "a|b|c" from a NULL-terminated list, for messages.
 * @buf: output, always NUL-terminated when @len > 0 (truncated if short).
 *
 * Returns @buf.
 */
char *uq_enum_join(const char *const *names, const char *sep, char *buf,
		   size_t len);

/**
 * uq_suggest - the name of @names that @s is most likely a typo of (a small
 * edit distance, or a unique abbreviation of at least 3 characters), for a
 * "did you mean" hint; NULL when none is close or two are equally close.
 */
const char *uq_suggest(const char *s, const char *const *names);

struct argp_state;
/**
 * uq_argp_parse_enum - uq_parse_enum() for an argp option: a value outside
 * @names is a usage error ("--OPT: 'ARG' is not one of a, b, c"), reported
 * through argp_error(), which exits with 64.
 */
void uq_argp_parse_enum(struct argp_state *state, const char *opt,
			const char *arg, const char *const *names, int *idx);

#endif
