/* SPDX-License-Identifier: MIT */
#include <argp.h>
#include <errno.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

/* Digits only: strtoull alone would accept blanks, signs and "-1". */
static int parse_digits(const char *s, const char **end, uint64_t *out)
{
	uint64_t v = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned int d = (unsigned int)(*p - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*end = p;
	*out = v;
	return 0;
}

int uq_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	const char *end;
	uint64_t v;
	int ret;

	ret = parse_digits(s, &end, &v);
	if (ret)
		return ret;
	if (*end)
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int uq_parse_size(const char *s, uint64_t *out)
{
	const char *end;
	unsigned int shift;
	uint64_t v;
	int ret;

	ret = parse_digits(s, &end, &v);
	if (ret)
		return ret;
	switch (*end) {
	case '\0':
		shift = 0;
		break;
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	default:
		return -EINVAL;
	}
	if (shift && end[1])
		return -EINVAL;
	if (v > (UINT64_MAX >> shift))
		return -ERANGE;
	*out = v << shift;
	return 0;
}

int uq_parse_size_list(const char *s, uint64_t *out, size_t max, size_t *n)
{
	size_t count = 0;
	const char *p = s;

	for (;;) {
		size_t len = strcspn(p, ",");
		char item[32];
		uint64_t v;
		int ret;

		if (!len || len >= sizeof(item))
			return -EINVAL;
		memcpy(item, p, len);
		item[len] = '\0';
		ret = uq_parse_size(item, &v);
		if (ret)
			return ret;
		if (count == max)
			return -E2BIG;
		/* Written as we go: the caller only trusts out[] on 0. */
		out[count++] = v;
		if (!p[len])
			break;
		p += len + 1;
	}
	*n = count;
	return 0;
}

int uq_parse_seconds(const char *s, double min, double max, double *out)
{
	bool digits = false, dot = false;
	double v;

	/* Plain decimal only: strtod would also take "inf", "nan", "0x1p3"
	 * and leading blanks. */
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits = true;
		else if (*p == '.' && !dot)
			dot = true;
		else
			return -EINVAL;
	}
	if (!digits)
		return -EINVAL;
	errno = 0;
	v = strtod(s, NULL);
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int uq_parse_enum(const char *s, const char *const *names, int *out)
{
	for (int i = 0; names[i]; i++) {
		if (!strcmp(s, names[i])) {
			*out = i;
			return 0;
		}
	}
	return -EINVAL;
}

char *uq_enum_join(const char *const *names, const char *sep, char *buf,
		   size_t len)
{
	size_t used = 0;

	if (!len)
		return buf;
	buf[0] = '\0';
	for (int i = 0; names[i]; i++) {
		const char *parts[2] = { i ? sep : "", names[i] };

		for (int j = 0; j < 2; j++) {
			size_t l = strlen(parts[j]);

			if (used + l >= len)
				l = len - 1 - used;
			memcpy(buf + used, parts[j], l);
			used += l;
			buf[used] = '\0';
		}
	}
	return buf;
}

/* Edit distance (insertions, deletions, substitutions) of two short
 * strings; SIZE_MAX when either is too long to be a typo of a name. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[33], prev, tmp;

	if (la > 32 || lb > 32)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

const char *uq_suggest(const char *s, const char *const *names)
{
	size_t best = SIZE_MAX, d, len = strlen(s);
	const char *pick = NULL;

	if (!len)
		return NULL;
	for (size_t i = 0; names[i]; i++) {
		size_t n = strlen(names[i]);
		size_t limit = n < 6 ? 1 : n / 3;

		d = edit_distance(s, names[i]);
		/* a unique abbreviation counts as close, too */
		if (d > limit && len >= 3 && len < n &&
		    !strncmp(s, names[i], len))
			d = limit;
		if (d <= limit && d < best) {
			best = d;
			pick = names[i];
		} else if (d <= limit && d == best) {
			pick = NULL; /* ambiguous: suggest nothing */
		}
	}
	return pick;
}

void uq_argp_parse_enum(struct argp_state *state, const char *opt,
			const char *arg, const char *const *names, int *idx)
{
	const char *hint;
	char list[64];

	if (!uq_parse_enum(arg, names, idx))
		return;
	hint = uq_suggest(arg, names);
	uq_enum_join(names, ", ", list, sizeof(list));
	if (hint)
		argp_error(state,
			   "%s: '%s' is not one of %s; did you mean '%s'?", opt,
			   arg, list, hint);
	else
		argp_error(state, "%s: '%s' is not one of %s", opt, arg, list);
}
