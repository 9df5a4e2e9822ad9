// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "junit.h"
#include "output.h"

struct junit_case {
	const char *group; /* "compare", "leaks", ... */
	const char *classname, *name;
	char *failure; /* message; NULL: passed or skipped */
	char *skipped; /* reason */
};

struct junit_suite {
	const char *name;
	struct junit_case *v;
	size_t n, cap;
	unsigned int failures, skipped;
};

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

enum outcome { PASSED, FAILED, SKIPPED };

/* Takes @text (malloc'ed; NULL when the message could not be made). A
 * failure or skip without its message is -ENOMEM, never a pass. */
static int add_case(struct junit_suite *s, const char *group,
		    const char *classname, const char *name,
		    enum outcome outcome, char *text)
{
	char *failure = outcome == FAILED ? text : NULL;
	char *skipped = outcome == SKIPPED ? text : NULL;
	struct junit_case *v;

	if (outcome != PASSED && !text)
		return -ENOMEM;
	if (outcome == PASSED)
		free(text);

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;

		v = realloc(s->v, cap * sizeof(*v));
		if (!v) {
			free(failure);
			free(skipped);
			return -ENOMEM;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] =
		(struct junit_case){ group, classname, name, failure, skipped };
	s->failures += failure != NULL;
	s->skipped += skipped != NULL;
	return 0;
}

static char *msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *msg(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

static bool in_list(const json_t *list, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
	{
		if (!strcmp(json_string_value(v), s))
			return true;
	}
	return false;
}

static int compare_cases(struct junit_suite *s, const json_t *cmp)
{
	double threshold =
		json_number_value(json_object_get(cmp, "threshold_pct"));
	size_t i;
	json_t *m;
	int r = 0;

	json_array_foreach(json_object_get(cmp, "metrics"), i, m)
	{
		const char *verdict = jstr(m, "verdict");
		const json_t *chg = json_object_get(m, "change_pct");
		const char *stat;
		json_t *c;

		if (!json_object_size(chg)) {
			r = add_case(s, "compare", jstr(m, "metric"),
				     "compared", SKIPPED,
				     msg("nothing to compare: %s", verdict));
			if (r)
				return r;
			continue;
		}
		json_object_foreach((json_t *)chg, stat, c)
		{
			bool failed =
				!strcmp(verdict, "regression") &&
				in_list(json_object_get(m, "flagged"), stat);
			char *fail = NULL;

			if (failed)
				fail = msg(
					"%s %+.1f%% (p = %.3g), beyond %g%%",
					stat, json_number_value(c),
					json_number_value(json_object_get(
						json_object_get(m, "p_values"),
						stat)),
					threshold);
			r = add_case(s, "compare", jstr(m, "metric"), stat,
				     failed ? FAILED : PASSED, fail);
			if (r)
				return r;
		}
	}
	return 0;
}

static int leak_cases(struct junit_suite *s, const json_t *leaks)
{
	size_t i;
	json_t *c;
	int r = 0;

	json_array_foreach(json_object_get(leaks, "checks"), i, c)
	{
		const char *status = jstr(c, "status");
		const char *error = jstr(c, "error");
		enum outcome o = PASSED;
		char *text = NULL;

		if (*error) {
			/* the scenario failed: as in KTAP, not ok */
			o = FAILED;
			text = msg("the check could not run: %s", error);
		} else if (!strcmp(status, "missing")) {
			o = FAILED;
			text = msg("%s: the leak happens (fix %s missing)",
				   jstr(c, "title"), jstr(c, "commit"));
		} else if (strcmp(status, "fixed")) {
			o = SKIPPED;
			text = msg(
				"%s%s%s", status,
				json_is_string(json_object_get(c, "reason")) ?
					": " :
					"",
				jstr(c, "reason"));
		}
		r = add_case(s, "leaks", jstr(c, "commit"), jstr(c, "title"), o,
			     text);
		if (r)
			return r;
	}
	return 0;
}

static int verdict_case(struct junit_suite *s, const json_t *fd)
{
	const char *verdict = jstr(fd, "verdict");

	if (!strcmp(verdict, "leak"))
		return add_case(
			s, "signal_wait", "fence_drv", "no fence-driver leak",
			FAILED,
			msg("%" JSON_INTEGER_FORMAT
			    " fence driver(s) outlived their queues",
			    json_integer_value(json_object_get(fd, "leaked"))));
	if (strcmp(verdict, "no-leak"))
		return add_case(s, "signal_wait", "fence_drv",
				"no fence-driver leak", SKIPPED,
				msg("no usable fence source could tell"));
	return add_case(s, "signal_wait", "fence_drv", "no fence-driver leak",
			PASSED, NULL);
}

static const json_t *results(const json_t *doc, const char *key)
{
	return json_object_get(json_object_get(doc, "results"), key);
}

bool uq_junit_has_gates(const json_t *doc)
{
	return results(doc, "compare") || results(doc, "leaks") ||
	       json_object_get(results(doc, "signal_wait"), "fence_drv");
}

static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			/* XML 1.0 has no other control characters */
			if ((unsigned char)*s >= 0x20 || *s == '\t' ||
			    *s == '\n')
				fputc(*s, f);
		}
	}
}

static void print_suite(FILE *f, const struct junit_suite *s)
{
	fprintf(f,
		"<testsuites>\n  <testsuite name=\"%s\" tests=\"%zu\" "
		"failures=\"%u\" errors=\"0\" skipped=\"%u\">\n",
		s->name, s->n, s->failures, s->skipped);
	for (size_t i = 0; i < s->n; i++) {
		const struct junit_case *c = &s->v[i];

		fprintf(f, "    <testcase classname=\"userq-bench.%s.",
			c->group);
		xml_text(f, c->classname);
		fputs("\" name=\"", f);
		xml_text(f, c->name);
		fputs("\"", f);
		if (!c->failure && !c->skipped) {
			fputs("/>\n", f);
			continue;
		}
		fprintf(f, ">\n      <%s message=\"",
			c->failure ? "failure" : "skipped");
		xml_text(f, c->failure ? c->failure : c->skipped);
		fputs("\"/>\n    </testcase>\n", f);
	}
	fputs("  </testsuite>\n</testsuites>\n", f);
}

int uq_junit_print(FILE *f, const json_t *doc)
{
	const json_t *errors = json_object_get(doc, "errors");
	struct junit_suite s = {
		.name = jstr(json_object_get(doc, "run"), "command"),
	};
	const json_t *fd =
		json_object_get(results(doc, "signal_wait"), "fence_drv");
	int r = 0;

	if (results(doc, "compare"))
		r = compare_cases(&s, results(doc, "compare"));
	if (!r && results(doc, "leaks"))
		r = leak_cases(&s, results(doc, "leaks"));
	if (!r && fd)
		r = verdict_case(&s, fd);
	if (!r && json_array_size(errors))
		r = add_case(&s, "run", "errors", "no errors", FAILED,
			     msg("%zu error(s); the first: %s",
				 json_array_size(errors),
				 jstr(json_array_get(errors, 0), "message")));
	if (!r) {
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
		print_suite(f, &s);
		if (ferror(f))
			r = -EIO;
	}
	for (size_t i = 0; i < s.n; i++) {
		free(s.v[i].failure);
		free(s.v[i].skipped);
	}
	free(s.v);
	return r;
}

int uq_junit_write(const json_t *doc, const char *path, const char **step)
{
	struct uq_afile af;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;
	int r;

	*step = "build";
	mem = open_memstream(&buf, &len);
	if (!mem)
		return -errno;
	r = uq_junit_print(mem, doc);
	if (fclose(mem) && !r)
		r = -errno;
	if (r) {
		free(buf);
		return r;
	}
	r = uq_afile_open(&af, path);
	if (!r) {
		r = uq_afile_write(&af, buf, len);
		if (r) {
			/* commit also cleans up: keep the first error */
			uq_afile_commit(&af);
		} else {
			r = uq_afile_commit(&af);
		}
	}
	*step = af.step;
	free(buf);
	return r;
}
