// SPDX-License-Identifier: MIT
/*
 * Selecting conformance tests by name, and turning recorded skips into
 * TAP "# SKIP" directives (runner.h says how).
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conformance.h"
#include "runner.h"

#define SKIP_FD_ENV "UQ_CONF_SKIP_FD"
#define MAX_PATTERNS 64
#define PASSED ": Passed"

static char *spec_copy;
static const char *patterns[MAX_PATTERNS];
static unsigned int matches[MAX_PATTERNS];
static size_t npatterns;
static bool listing;
static int skip_fd = -1;

int conf_select(const char *spec, bool list)
{
	char *tok, *save;

	listing = list;
	if (!spec)
		return 0;
	spec_copy = strdup(spec);
	if (!spec_copy)
		return -ENOMEM;
	for (tok = strtok_r(spec_copy, " ,\t\n", &save); tok;
	     tok = strtok_r(NULL, " ,\t\n", &save)) {
		if (npatterns == MAX_PATTERNS)
			return -E2BIG;
		patterns[npatterns++] = tok;
	}
	return 0;
}

const char *conf_select_unmatched(void)
{
	for (size_t i = 0; i < npatterns; i++)
		if (!matches[i])
			return patterns[i];
	return NULL;
}

/* Every pattern is tried, so that each one's match count is right. */
static bool selected(const char *name)
{
	bool any = npatterns == 0;

	for (size_t i = 0; i < npatterns; i++) {
		if (!fnmatch(patterns[i], name, 0)) {
			matches[i]++;
			any = true;
		}
	}
	return any;
}

void conf_add_loop_test(TCase *tc, const TTest *t, int start, int end)
{
	if (!selected(t->name))
		return;
	if (listing) {
		printf("%s\n", t->name);
		return;
	}
	_tcase_add_test(tc, t, 0, 0, start, end);
}

bool conf_require_in(const char *fn, bool cond, const char *reason)
{
	const char *fd = getenv(SKIP_FD_ENV);
	size_t n = strlen(fn), i;
	char rec[512];
	int len;

	if (cond)
		return true;
	if (n <= 3 || strcmp(fn + n - 3, "_fn"))
		ck_abort_msg("conf_require outside a test's body (in %s)", fn);
	if (!fd)
		ck_abort_msg("conf_require without the runner's " SKIP_FD_ENV);
	len = snprintf(rec, sizeof(rec), "%.*s\t%s\n", (int)(n - 3), fn,
		       reason);
	if (len <= 0 || (size_t)len >= sizeof(rec))
		ck_abort_msg("skip reason too long: %s", reason);
	/* the reason ends the TAP line: no '#', tab or newline inside */
	for (i = n - 2; i < (size_t)len - 1; i++)
		if (rec[i] == '#' || rec[i] == '\t' || rec[i] == '\n')
			rec[i] = ' ';
	/* one write on an O_APPEND file: records of tests never interleave */
	if (write(atoi(fd), rec, (size_t)len) != len)
		ck_abort_msg("skip record: %s", strerror(errno));
	return false;
}

int conf_skips_open(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096], num[16];

	snprintf(path, sizeof(path), "%s/uq-conf-skips-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	skip_fd = mkostemp(path, O_APPEND | O_CLOEXEC);
	if (skip_fd < 0)
		return -errno;
	unlink(path);
	snprintf(num, sizeof(num), "%d", skip_fd);
	return setenv(SKIP_FD_ENV, num, 1) ? -errno : 0;
}

struct skip_rec {
	char *name;
	char *reason;
};

/* All records, in the order the tests wrote them; *n of them. */
static struct skip_rec *read_skips(size_t *n, char **text)
{
	struct skip_rec *recs = NULL;
	size_t len = 0, cap = 0, count = 0;
	char *buf = NULL, *line, *save, *tab;
	ssize_t got;

	*n = 0;
	*text = NULL;
	if (skip_fd < 0 || lseek(skip_fd, 0, SEEK_SET) < 0)
		return NULL;
	do {
		if (len + 4096 > cap) {
			cap = cap ? 2 * cap : 8192;
			buf = realloc(buf, cap);
			if (!buf)
				return NULL;
		}
		got = read(skip_fd, buf + len, cap - len - 1);
		if (got > 0)
			len += (size_t)got;
	} while (got > 0);
	buf[len] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		recs = realloc(recs, (count + 1) * sizeof(*recs));
		if (!recs)
			return NULL;
		recs[count].name = line;
		recs[count].reason = tab + 1;
		count++;
	}
	*n = count;
	*text = buf;
	return recs;
}

/*
 * Check writes "ok N - FILE:TCASE:TEST: Passed" for a passed test, FILE
 * being that of the last assertion. It is the skip of record rec if TEST
 * is rec's name: written back as "ok N - TCASE:TEST # SKIP reason".
 */
static bool mark_skip(char *line, const struct skip_rec *rec, FILE *out)
{
	size_t len = strlen(line), plen = strlen(PASSED);
	const char *dash = strstr(line, " - ");
	char *test, *tcase;

	if (strncmp(line, "ok ", 3) || !dash || len < plen ||
	    strcmp(line + len - plen, PASSED))
		return false;
	line[len - plen] = '\0';
	test = strrchr(line, ':');
	if (!test || strcmp(test + 1, rec->name)) {
		line[len - plen] = ':';
		return false;
	}
	*test = '\0';
	tcase = strrchr(line, ':');
	*test = ':';
	tcase = tcase && tcase > dash ? tcase + 1 : (char *)dash + 3;
	fprintf(out, "%.*s%s # SKIP %s\n", (int)(dash + 3 - line), line, tcase,
		rec->reason);
	return true;
}

/* A failed test that had recorded a skip: it stays a failure. */
static bool failed_after_skip(const char *line, const struct skip_rec *rec)
{
	char needle[160];

	snprintf(needle, sizeof(needle), ":%s:", rec->name);
	return !strncmp(line, "not ok ", 7) && strstr(line, needle);
}

int conf_tap_finish(FILE *tap, FILE *out)
{
	size_t nrec, next = 0, cap = 0;
	char *text, *line = NULL;
	struct skip_rec *recs = read_skips(&nrec, &text);
	ssize_t len;
	int ret = 0;

	while ((len = getline(&line, &cap, tap)) > 0) {
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (next < nrec && mark_skip(line, &recs[next], out)) {
			next++;
			continue;
		}
		if (next < nrec && failed_after_skip(line, &recs[next]))
			next++;
		fprintf(out, "%s\n", line);
	}
	for (; next < nrec; next++, ret = -1)
		fprintf(stderr,
			"conformance: the skip recorded by %s (%s) matched no "
			"test result\n",
			recs[next].name, recs[next].reason);
	fflush(out);
	free(line);
	free(recs);
	free(text);
	return ret;
}
