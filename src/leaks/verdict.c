// SPDX-License-Identifier: MIT
/*
 * The verdict of one leak check (leaks/verdict.h): per source, what the
 * trigger leaked beyond the control, and from that the status.
 *
 *	missing         a source that can see this leak saw it
 *	fixed           a source that can see it saw none, none saw it
 *	not-applicable  the kernel did not take the leaking path
 *	unknown         no source could tell, or the scenario failed
 *
 * A source whose control leaked as much as the trigger is "masked": the
 * row's masked_by fix is missing, which this fix followed in every known
 * tree, so the status is missing with basis "inferred". Never fixed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpu/device.h"
#include "verdict.h"

enum sees {
	SEES_LEAK, /* leaked beyond the control */
	SEES_NONE, /* could see, saw nothing */
	SEES_MASKED, /* the control leaked as much */
	SEES_ODD, /* the control leaked more */
	SEES_BLIND, /* does not count what this leak leaves behind */
	SEES_NOTHING, /* unavailable, or no count */
};

static const char *const sees_names[] = {
	[SEES_LEAK] = "leak",	  [SEES_NONE] = "no-leak",
	[SEES_MASKED] = "masked", [SEES_ODD] = "inconsistent",
	[SEES_BLIND] = "blind",	  [SEES_NOTHING] = "unavailable",
};

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool counts_it(const struct uq_leak_fix *fix, const char *counts)
{
	for (const char *const *k = fix->seen_as; counts && *k; k++)
		if (!strcmp(*k, counts))
			return true;
	return false;
}

static json_t *copy_member(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return v ? json_incref(v) : json_null();
}

/* One source's evidence; *@s what it says. */
static json_t *source_evidence(const struct uq_leak_fix *fix, const json_t *t,
			       const json_t *c, enum sees *s)
{
	const json_t *tl = json_object_get(t, "leaked");
	const json_t *cl = c ? json_object_get(c, "leaked") : NULL;
	bool ok = !strcmp(str(t, "status") ? str(t, "status") : "", "ok") &&
		  json_is_integer(tl) &&
		  (!c ||
		   (!strcmp(str(c, "status") ? str(c, "status") : "", "ok") &&
		    json_is_integer(cl)));
	json_int_t attributed = 0, ctl = 0;
	json_t *o, *control = json_null();

	*s = SEES_NOTHING;
	if (ok) {
		ctl = c ? json_integer_value(cl) : 0;
		attributed = json_integer_value(tl) - ctl;
		if (!counts_it(fix, str(t, "counts")))
			*s = SEES_BLIND;
		else if (attributed > 0)
			*s = SEES_LEAK;
		else if (attributed < 0)
			*s = SEES_ODD;
		else
			*s = ctl > 0 ? SEES_MASKED : SEES_NONE;
	}
	if (c)
		control = json_pack("{s:o, s:o, s:o, s:o}", "before",
				    copy_member(c, "before"), "after",
				    copy_member(c, "after"), "delta",
				    copy_member(c, "delta"), "leaked",
				    copy_member(c, "leaked"));
	o = json_pack(
		"{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s}",
		"method", copy_member(t, "method"), "status",
		copy_member(t, "status"), "reason", copy_member(t, "reason"),
		"counts", copy_member(t, "counts"), "before",
		copy_member(t, "before"), "after", copy_member(t, "after"),
		"delta", copy_member(t, "delta"), "leaked",
		copy_member(t, "leaked"), "control", control, "attributed",
		ok ? json_integer(attributed) : json_null(), "per_iteration",
		ok ? json_real((double)attributed / fix->iterations) :
		     json_null(),
		"sees", sees_names[*s]);
	/* a control source that is unavailable says why */
	if (o && c && !ok && !strcmp(str(t, "status"), "ok") &&
	    str(c, "reason"))
		json_object_set(o, "reason", json_object_get(c, "reason"));
	return o;
}

struct verdict {
	const char *status;
	const char *basis; /* measured, inferred, NULL */
	char reason[512];
	double per_iteration; /* NaN when not measured */
	bool have_rate;
};

static void append(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* List the sources that say @what in @buf ("seq64 4, kprobe 4"). */
static void list_sources(char *buf, size_t len, const json_t *sources,
			 const enum sees *says, enum sees what, bool counts)
{
	const json_t *s;
	bool first = true;
	size_t i;

	json_array_foreach(sources, i, s)
	{
		if (says[i] != what)
			continue;
		append(buf, len, "%s%s", first ? "" : ", ", str(s, "method"));
		if (counts)
			append(buf, len, " %" JSON_INTEGER_FORMAT,
			       json_integer_value(
				       json_object_get(s, "attributed")));
		first = false;
	}
}

/* Why each source could not tell, for an unknown. */
static void list_blind(char *buf, size_t len, const json_t *sources,
		       const enum sees *says)
{
	const json_t *s;
	size_t i;

	json_array_foreach(sources, i, s)
	{
		append(buf, len, "%s%s: ", i ? "; " : "", str(s, "method"));
		if (says[i] == SEES_BLIND)
			append(buf, len,
			       "counts %s, which this leak leaves alone",
			       str(s, "counts"));
		else if (says[i] == SEES_ODD)
			append(buf, len,
			       "the control leaked more than the trigger");
		else if (str(s, "reason"))
			append(buf, len, "%s", str(s, "reason"));
		else
			append(buf, len, "no count before and after");
	}
	if (!i)
		append(buf, len, "no fence source");
}

static void decide(const struct uq_leak_fix *fix, const struct uq_leak_run *t,
		   const struct uq_leak_run *c, const json_t *sources,
		   const enum sees *says, size_t n, struct verdict *v)
{
	bool any[SEES_NOTHING + 1] = { false };
	double rate = 0;
	const json_t *s;
	size_t i;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < n; i++)
		any[says[i]] = true;
	if (!t->ran || (c && !c->ran)) {
		v->status = "unknown";
		snprintf(v->reason, sizeof(v->reason),
			 "the scenario did not complete (see errors)");
		return;
	}
	if (t->out.reach == LEAK_UNREACHABLE) {
		v->status = "not-applicable";
		snprintf(v->reason, sizeof(v->reason), "%s",
			 fix->unreachable_reason ?
				 fix->unreachable_reason :
				 "the kernel did not take the leaking path");
		return;
	}
	if (t->out.reach == LEAK_MIXED) {
		v->status = "unknown";
		snprintf(
			v->reason, sizeof(v->reason),
			"the kernel took the leaking path in some iterations only (%s)",
			t->out.note);
		return;
	}
	if (any[SEES_LEAK]) {
		v->status = "missing";
		v->basis = "measured";
		append(v->reason, sizeof(v->reason),
		       "leaked beyond the control, seen by ");
		list_sources(v->reason, sizeof(v->reason), sources, says,
			     SEES_LEAK, true);
		json_array_foreach(sources, i,
				   s) if (says[i] == SEES_LEAK &&
					  json_number_value(json_object_get(
						  s, "per_iteration")) >
						  rate) rate =
			json_number_value(json_object_get(s, "per_iteration"));
		append(v->reason, sizeof(v->reason), " over %u iterations",
		       fix->iterations);
		v->per_iteration = rate;
		v->have_rate = true;
		return;
	}
	if (any[SEES_ODD]) {
		v->status = "unknown";
		append(v->reason, sizeof(v->reason),
		       "no usable source could tell: ");
		list_blind(v->reason, sizeof(v->reason), sources, says);
		return;
	}
	if (any[SEES_MASKED]) {
		append(v->reason, sizeof(v->reason),
		       "the control leaked as much as the trigger (");
		list_sources(v->reason, sizeof(v->reason), sources, says,
			     SEES_MASKED, false);
		if (fix->masked_by) {
			v->status = "missing";
			v->basis = "inferred";
			append(v->reason, sizeof(v->reason),
			       "): every queue that signalled leaked its fence driver, so %s is missing, "
			       "which %s followed in every known tree",
			       fix->masked_by, fix->commit);
		} else {
			v->status = "unknown";
			append(v->reason, sizeof(v->reason),
			       "): another leak hides this one");
		}
		return;
	}
	if (any[SEES_NONE]) {
		v->status = "fixed";
		v->basis = "measured";
		append(v->reason, sizeof(v->reason), "no leak seen by ");
		list_sources(v->reason, sizeof(v->reason), sources, says,
			     SEES_NONE, false);
		append(v->reason, sizeof(v->reason), " over %u iterations",
		       fix->iterations);
		v->have_rate = true;
		return;
	}
	v->status = "unknown";
	append(v->reason, sizeof(v->reason), "no usable source could tell: ");
	list_blind(v->reason, sizeof(v->reason), sources, says);
}

static const char *reach_name(enum leak_reach r)
{
	switch (r) {
	case LEAK_REACHED:
		return "reached";
	case LEAK_UNREACHABLE:
		return "unreachable";
	default:
		return "mixed";
	}
}

static json_t *string_list(const char *const *v)
{
	json_t *a = json_array();

	for (; a && v && *v; v++)
		if (json_array_append_new(a, json_string(*v))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *check_base(const struct uq_leak_fix *fix)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s}", "commit",
			 fix->commit, "name", fix->name, "title", fix->title,
			 "mechanism", fix->mechanism, "first_release",
			 fix->first_release, "backports",
			 string_list(fix->backports), "scenario",
			 fix->scenario);
}

json_t *uq_leak_check_untested(const struct uq_leak_fix *fix,
			       const char *reason)
{
	json_t *o = check_base(fix);

	if (o &&
	    json_object_update_new(
		    o, json_pack("{s:s, s:n, s:s, s:n, s:n, s:n}", "status",
				 "unknown", "basis", "reason", reason,
				 "leak_per_iteration", "evidence", "error")))
		return json_decref(o), NULL;
	return o;
}

/*
 * The control run's source of @method, matched by name: the sources a run
 * could use may differ between two runs (a kprobe that failed to arm).
 * With a control run but no such source there, a placeholder that sees
 * nothing, so that the trigger is never judged without its control.
 */
static const json_t *control_source(const struct uq_leak_run *c,
				    const char *method)
{
	static json_t *missing;
	size_t i;
	json_t *cs;

	json_array_foreach(json_object_get(c->sources, "sources"), i, cs)
	{
		if (method &&
		    !strcmp(str(cs, "method") ? str(cs, "method") : "", method))
			return cs;
	}
	if (!missing)
		missing = json_pack("{s:s, s:s}", "status", "unavailable",
				    "reason", "not usable in the control run");
	return missing;
}

json_t *uq_leak_check_json(const struct uq_leak_fix *fix, unsigned int ip,
			   const struct uq_leak_run *t,
			   const struct uq_leak_run *c, const char *error)
{
	const json_t *tsrc = json_object_get(t->sources, "sources");
	size_t n = json_array_size(tsrc), i;
	json_t *sources = json_array(), *ev = NULL, *o = NULL;
	enum sees *says = calloc(n + 1, sizeof(*says));
	const json_t *ts;
	struct verdict v;

	if (!sources || !says)
		goto fail;
	json_array_foreach(tsrc, i, ts)
	{
		const json_t *cs = c ? control_source(c, str(ts, "method")) :
				       NULL;

		if (json_array_append_new(sources, source_evidence(fix, ts, cs,
								   &says[i])))
			goto fail;
	}
	decide(fix, t, c, sources, says, n, &v);
	ev = json_pack("{s:s, s:I, s:s, s:s, s:s?, s:O, s:o}", "scenario",
		       fix->scenario, "iterations", (json_int_t)fix->iterations,
		       "ip", uq_ip_name(ip), "trigger",
		       t->ran ? t->out.note : "did not complete", "control",
		       !c     ? NULL :
		       c->ran ? c->out.note :
				"did not complete",
		       "sources", sources, "reached",
		       t->ran ? json_string(reach_name(t->out.reach)) :
				json_null());
	o = check_base(fix);
	if (!ev || !o ||
	    json_object_update_new(
		    o, json_pack("{s:s, s:s?, s:s, s:o, s:O, s:s?}", "status",
				 v.status, "basis", v.basis, "reason", v.reason,
				 "leak_per_iteration",
				 v.have_rate ? json_real(v.per_iteration) :
					       json_null(),
				 "evidence", ev, "error", error)))
		goto fail;
	json_decref(ev);
	json_decref(sources);
	free(says);
	return o;
fail:
	json_decref(o);
	json_decref(ev);
	json_decref(sources);
	free(says);
	return NULL;
}
