// SPDX-License-Identifier: MIT
/*
 * userq-bench leaks: which of the known userq fence-leak fixes the kernel
 * has, proven by exercise (SPEC §2, releases.md §3).
 *
 * For each selected row of the table (leaks/known.c), on a DRM file of its
 * own: the fence-driver sources read "before" (kprobes created, seq64
 * probes), the row's scenario (workload/leak_*.c), the sources read
 * "after", and everything freed; then the same with the scenario's control
 * variant when the row has one. Per source, what the trigger leaked beyond
 * the control is the leak of the fix's bug. The status:
 *
 *	missing         a source that can see this leak saw it
 *	fixed           a source that can see it saw none, none saw it
 *	not-applicable  the kernel cannot take the leaking path
 *	unknown         no source could tell, or the scenario failed
 *
 * A source whose control leaked as much as the trigger is "masked": the
 * row's masked_by fix is missing, which this fix followed in every known
 * tree, so the status is missing with basis "inferred". Never fixed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fence/acct.h"
#include "gpu/device.h"
#include "gpu/userq.h"
#include "leaks/known.h"
#include "measure/measure.h"
#include "parse.h"
#include "report/report.h"

#define MAX_FIXES 64

struct leaks_opts {
	bool fail_on_leak;
	bool bisect;
	bool only_given;
	uint64_t only; /* bit i: uq_leak_fixes[i] */
};

enum {
	OPT_FAIL_ON_LEAK = 0x400,
	OPT_ONLY,
	OPT_BISECT,
};

static const struct argp_option leaks_options[] = {
	{ "only", OPT_ONLY, "COMMIT[,COMMIT]", 0,
	  "Run only these checks (commit ids, at least 7 hex digits)", 0 },
	{ "fail-on-leak", OPT_FAIL_ON_LEAK, NULL, 0,
	  "Exit 1 when a check is missing (77 when one cannot tell)", 0 },
	{ "bisect", OPT_BISECT, NULL, 0,
	  "Exit codes for git bisect run: 0 all fixed, 1 one missing, 125 "
	  "the kernel cannot be tested",
	  0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static bool is_hex(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return true;
}

/* The row whose commit @id (7..40 hex digits) names, -ENOENT, or -EEXIST
 * when it names two. */
static int find_fix(const char *id, size_t len)
{
	int found = -ENOENT;

	for (size_t i = 0; i < uq_leak_nfixes; i++) {
		const char *c = uq_leak_fixes[i].commit;
		size_t n = len < UQ_LEAK_COMMIT_LEN ? len : UQ_LEAK_COMMIT_LEN;

		if (strncasecmp(c, id, n))
			continue;
		if (found >= 0)
			return -EEXIST;
		found = (int)i;
	}
	return found;
}

/* An unknown id: a usage error with the known ids, and the one it is
 * likely a typo of (compared over as many digits as were given). */
static void only_error(struct argp_state *state, const char *id)
{
	char prefix[MAX_FIXES][UQ_LEAK_COMMIT_LEN + 1], known[256] = "";
	const char *names[MAX_FIXES + 1], *hint = NULL, *match;
	size_t len = strlen(id), used = 0, i;

	for (i = 0; i < uq_leak_nfixes && i < MAX_FIXES; i++) {
		snprintf(prefix[i], sizeof(prefix[i]), "%.*s",
			 (int)(len < UQ_LEAK_COMMIT_LEN ? len :
							  UQ_LEAK_COMMIT_LEN),
			 uq_leak_fixes[i].commit);
		names[i] = prefix[i];
		if (used < sizeof(known))
			used += (size_t)snprintf(known + used,
						 sizeof(known) - used, "%s%s",
						 i ? ", " : "",
						 uq_leak_fixes[i].commit);
	}
	names[i] = NULL;
	match = uq_suggest(id, names);
	for (i = 0; match && i < uq_leak_nfixes && i < MAX_FIXES; i++)
		if (names[i] == match)
			hint = uq_leak_fixes[i].commit;
	argp_error(state,
		   "--only: '%s' is not a known leak fix (known: %s)%s%s%s", id,
		   known, hint ? "; did you mean '" : "", hint ? hint : "",
		   hint ? "'?" : "");
}

static void parse_only(struct argp_state *state, struct leaks_opts *o,
		       const char *arg)
{
	char *list = strdup(arg), *save = NULL, *id;

	if (!list)
		argp_failure(state, UQ_EXIT_FAIL, ENOMEM, "--only");
	o->only_given = true;
	for (id = strtok_r(list, ",", &save); id;
	     id = strtok_r(NULL, ",", &save)) {
		size_t len = strlen(id);
		int i;

		if (len < 7 || len > 40 || !is_hex(id, len))
			argp_error(
				state,
				"--only: '%s' is not a commit id (7 to 40 hex digits)",
				id);
		i = find_fix(id, len);
		if (i == -EEXIST)
			argp_error(
				state,
				"--only: '%s' names more than one fix; give more digits",
				id);
		if (i < 0 || (len > UQ_LEAK_COMMIT_LEN &&
			      strncasecmp(uq_leak_fixes[i].commit, id,
					  UQ_LEAK_COMMIT_LEN)))
			only_error(state, id);
		o->only |= 1ull << i;
	}
	if (!o->only)
		argp_error(state, "--only: no commit given");
	free(list);
}

static error_t leaks_parse(int key, char *arg, struct argp_state *state)
{
	struct leaks_opts *o = state->input;

	switch (key) {
	case OPT_FAIL_ON_LEAK:
		o->fail_on_leak = true;
		break;
	case OPT_BISECT:
		o->bisect = true;
		break;
	case OPT_ONLY:
		parse_only(state, o, arg);
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static bool selected(const struct leaks_opts *o, size_t i)
{
	return !o->only_given || (o->only & (1ull << i));
}

/* --- one variant of a scenario, on a DRM file of its own ---------------- */

struct variant {
	bool ran; /* the scenario ran to its end */
	bool gone; /* the device could not be opened again (69) */
	int ret; /* 0, or the -errno of what failed */
	json_t *sources; /* uq_fence_acct_json() */
	struct leak_outcome out;
};

static int run_variant(struct uq_run *run, const char *node, unsigned int ip,
		       const struct uq_leak_fix *fix, enum leak_variant which,
		       struct variant *v)
{
	const struct uq_fence_sel all = { 0 };
	struct uq_doorbell db = { 0 };
	struct uq_device *dev = NULL;
	struct uq_fence_acct acct;
	struct uq_fence_ctx ctx;
	struct leak_env env;
	struct uq_vm vm;
	int ret, ret2;

	memset(v, 0, sizeof(*v));
	/* the device gone (69) ends the command, as no device at the start */
	ret = uq_device_open(node, run->errors, &dev);
	if (ret) {
		v->gone = ret == UQ_EXIT_NODEV;
		return v->ret = -EIO;
	}
	ret = uq_vm_init(&vm, dev, run->errors);
	if (ret)
		goto out_dev;
	ret = uq_doorbell_create(&vm, &db, run->errors);
	if (ret)
		goto out_vm;
	ctx = (struct uq_fence_ctx){
		.dev = dev,
		.vm = &vm,
		.db = &db,
		.ip = ip,
		.probe_slot = fix->slots(fix->iterations),
		.errs = run->errors,
	};
	env = (struct leak_env){
		.vm = &vm,
		.db = &db,
		.ip = ip,
		.iterations = fix->iterations,
		.variant = which,
		.name = fix->name,
		.errs = run->errors,
	};
	uq_fence_acct_init(&acct, &all, &ctx);
	ret = uq_fence_acct_before(&acct);
	if (!ret && uq_stopped())
		ret = -EINTR;
	if (!ret)
		ret = fix->run(&env, &v->out);
	if (!ret)
		ret = uq_fence_acct_after(&acct);
	if (!ret && uq_stopped())
		ret = -EINTR;
	v->ran = !ret;
	v->sources = uq_fence_acct_json(&acct);
	uq_fence_acct_fini(&acct);
	if (!v->sources && !ret) {
		uq_error_add(run->errors, "leaks", ENOMEM, "%s: out of memory",
			     node);
		ret = -ENOMEM;
	}
	uq_doorbell_destroy(&vm, &db, run->errors);
out_vm:
	ret2 = uq_vm_fini(&vm, run->errors);
	if (!ret)
		ret = ret2;
out_dev:
	/* no user queues: the device is asked again by the caller */
	if (ret && dev && uq_userq_missing(dev, ret))
		ret = -UQ_ENOTSUPP;
	uq_device_close(dev);
	v->ran = v->ran && !ret;
	return v->ret = ret;
}

/* --- the verdict of one check ------------------------------------------ */

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

static void decide(const struct uq_leak_fix *fix, const struct variant *t,
		   const struct variant *c, const json_t *sources,
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

/* The check's JSON without a scenario run: unknown for @reason. */
static json_t *check_untested(const struct uq_leak_fix *fix, const char *reason)
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

/* run_check(): the device could not be opened again (exit 69). */
#define CHECK_GONE 1

/* Run check @fix; its JSON in *@out (NULL: out of memory). Returns 0, the
 * -errno of a failed variant, or CHECK_GONE. */
static int run_check(struct uq_run *run, const char *node, unsigned int ip,
		     const struct uq_leak_fix *fix, json_t **out)
{
	struct variant t, c = { 0 };
	size_t mark = run->errors->n, n = 0, i;
	enum sees *says = NULL;
	json_t *sources, *ev, *o;
	const json_t *ts;
	struct verdict v;
	int ret;

	*out = NULL;
	ret = run_variant(run, node, ip, fix, LEAK_TRIGGER, &t);
	if (!ret && fix->control && !uq_stopped())
		ret = run_variant(run, node, ip, fix, LEAK_CONTROL, &c);
	sources = json_array();
	n = json_array_size(json_object_get(t.sources, "sources"));
	says = calloc(n + 1, sizeof(*says));
	if (!sources || !says)
		goto nomem;
	json_array_foreach(json_object_get(t.sources, "sources"), i, ts)
	{
		const json_t *cs = json_array_get(
			json_object_get(c.sources, "sources"), i);

		if (cs && strcmp(str(cs, "method"), str(ts, "method")))
			cs = NULL;
		if (json_array_append_new(
			    sources,
			    source_evidence(fix, ts, fix->control ? cs : NULL,
					    &says[i])))
			goto nomem;
	}
	decide(fix, &t, fix->control ? &c : NULL, sources, says, n, &v);
	ev = json_pack("{s:s, s:I, s:s, s:s, s:s?, s:o}", "scenario",
		       fix->scenario, "iterations", (json_int_t)fix->iterations,
		       "ip", uq_ip_name(ip), "trigger",
		       t.ran ? t.out.note : "did not complete", "control",
		       !fix->control ? NULL :
		       c.ran	     ? c.out.note :
				       "did not complete",
		       "sources", sources);
	sources = NULL;
	if (ev &&
	    json_object_set_new(ev, "reached",
				t.ran ? json_string(reach_name(t.out.reach)) :
					json_null()))
		goto nomem_ev;
	o = check_base(fix);
	if (!o || !ev ||
	    json_object_update_new(
		    o,
		    json_pack(
			    "{s:s, s:s?, s:s, s:o, s:o, s:s?}", "status",
			    v.status, "basis", v.basis, "reason", v.reason,
			    "leak_per_iteration",
			    v.have_rate ? json_real(v.per_iteration) :
					  json_null(),
			    "evidence", ev, "error",
			    run->errors->n > mark ?
				    run->errors->v[run->errors->n - 1].message :
				    NULL))) {
		json_decref(o);
		goto nomem;
	}
	*out = o;
	goto out;
nomem_ev:
	json_decref(ev);
nomem:
	json_decref(sources);
	uq_error_add(run->errors, "leaks", ENOMEM, "%s: out of memory", node);
	ret = ret ? ret : -ENOMEM;
out:
	if (t.gone || c.gone)
		ret = CHECK_GONE;
	free(says);
	json_decref(t.sources);
	json_decref(c.sources);
	return ret;
}

/* --- the command --------------------------------------------------------- */

static const unsigned int ip_order[] = { AMDGPU_HW_IP_GFX, AMDGPU_HW_IP_COMPUTE,
					 AMDGPU_HW_IP_DMA };

struct tally {
	unsigned int missing, unknown, failed, checks;
};

static void count(struct tally *t, const json_t *check)
{
	const char *s = str(check, "status");

	t->checks++;
	if (!strcmp(s, "missing"))
		t->missing++;
	else if (!strcmp(s, "unknown"))
		t->unknown++;
	if (json_is_string(json_object_get(check, "error")))
		t->failed++;
}

static int set_results(struct uq_run *run, const char *node, json_t *checks,
		       const char *ip)
{
	if (uq_report_set(run->doc, "results", "leaks",
			  json_pack("{s:s?, s:o}", "ip", ip, "checks",
				    checks))) {
		uq_error_add(run->errors, "leaks", ENOMEM, "%s: out of memory",
			     node ? node : "leaks");
		return UQ_EXIT_FAIL;
	}
	return 0;
}

/* Every selected check, untested for @reason. */
static int all_untested(struct uq_run *run, const struct leaks_opts *o,
			const char *node, const char *reason)
{
	json_t *checks = json_array();

	for (size_t i = 0; checks && i < uq_leak_nfixes; i++)
		if (selected(o, i) &&
		    json_array_append_new(checks,
					  check_untested(&uq_leak_fixes[i],
							 reason))) {
			json_decref(checks);
			checks = NULL;
		}
	if (!checks) {
		uq_error_add(run->errors, "leaks", ENOMEM, "out of memory");
		return UQ_EXIT_FAIL;
	}
	return set_results(run, node, checks, NULL);
}

static int skip_no_userq(struct uq_run *run, const struct leaks_opts *o,
			 const struct uq_device *dev, const char *detail)
{
	char reason[256];

	snprintf(
		reason, sizeof(reason),
		"no user queues (%s); the checks need Linux 6.16+ with amdgpu.user_queue=1 or 2",
		detail);
	uq_skip_add(run->errors, "AMDGPU_INFO(DEV_INFO)", 0, "%s: %s: skipped",
		    dev->node, reason);
	if (all_untested(run, o, dev->node, reason))
		return UQ_EXIT_FAIL;
	return UQ_EXIT_SKIP;
}

static int gate(struct uq_run *run, const struct leaks_opts *o,
		const char *node, const struct tally *t)
{
	if (o->bisect) {
		if (t->failed)
			return UQ_EXIT_UNTESTABLE;
		if (t->missing) {
			uq_msg("%s: leaks: %u check(s) missing: bad (git bisect exit 1)",
			       node, t->missing);
			run->reported = true;
			return UQ_EXIT_FOUND;
		}
		if (t->unknown) {
			uq_msg("%s: leaks: %u check(s) unknown: the kernel cannot be tested (git bisect exit 125)",
			       node, t->unknown);
			run->reported = true;
			return UQ_EXIT_UNTESTABLE;
		}
		return UQ_EXIT_OK;
	}
	if (t->failed)
		return UQ_EXIT_FAIL;
	if (!o->fail_on_leak)
		return UQ_EXIT_OK;
	run->reported = true;
	if (t->missing) {
		uq_msg("%s: leaks: %u of %u check(s) missing (see results.leaks.checks)",
		       node, t->missing, t->checks);
		return UQ_EXIT_FOUND;
	}
	if (t->unknown) {
		uq_msg("%s: --fail-on-leak cannot tell: %u check(s) unknown; see 'userq-bench info' for the fence sources and what they need",
		       node, t->unknown);
		return UQ_EXIT_SKIP;
	}
	run->reported = false;
	return UQ_EXIT_OK;
}

static int leaks_checks(struct uq_run *run, const struct leaks_opts *o,
			struct uq_device *dev, unsigned int ip)
{
	json_t *checks = json_array(), *c;
	struct tally t = { 0 };
	int rc = UQ_EXIT_OK, ret;

	if (!checks || set_results(run, dev->node, checks, uq_ip_name(ip)))
		return UQ_EXIT_FAIL;
	for (size_t i = 0; i < uq_leak_nfixes && !uq_stopped(); i++) {
		if (!selected(o, i))
			continue;
		ret = run_check(run, dev->node, ip, &uq_leak_fixes[i], &c);
		if (ret == -UQ_ENOTSUPP) {
			json_decref(c);
			return skip_no_userq(
				run, o, dev,
				"AMDGPU_USERQ returned ENOTSUPP (524)");
		}
		if (ret == CHECK_GONE) {
			json_decref(c);
			return UQ_EXIT_NODEV;
		}
		if (!c || json_array_append_new(checks, c))
			return UQ_EXIT_FAIL;
		count(&t, c);
	}
	if (uq_stopped())
		return UQ_EXIT_FAIL;
	rc = gate(run, o, dev->node, &t);
	return rc;
}

static int leaks_run(struct uq_run *run)
{
	const struct leaks_opts *o = run->cmd_opts;
	struct uq_device *dev = NULL;
	struct uq_nodes nodes;
	uint32_t mask;
	char detail[96];
	int rc;

	if (uq_nodes_scan(&nodes))
		nodes = (struct uq_nodes){ NULL, 0 };
	rc = uq_device_acquire(run->opts, &nodes, run->errors, &dev);
	uq_nodes_free(&nodes);
	if (rc) {
		all_untested(run, o, NULL, "no usable device");
		return rc;
	}
	if (uq_report_set(run->doc, NULL, "device", uq_report_device(dev))) {
		uq_error_add(run->errors, "leaks", ENOMEM, "%s: out of memory",
			     dev->node);
		rc = UQ_EXIT_FAIL;
		goto out;
	}
	mask = dev->caps.userq_ip_mask;
	for (size_t i = 0; i < sizeof(ip_order) / sizeof(ip_order[0]); i++) {
		if (mask & (1u << ip_order[i])) {
			rc = leaks_checks(run, o, dev, ip_order[i]);
			goto out;
		}
	}
	snprintf(detail, sizeof(detail), "userq_ip_mask 0x%x", mask);
	rc = skip_no_userq(run, o, dev, detail);
out:
	uq_device_close(dev);
	return rc;
}

/* --bisect: every way out that is neither "fixed" (0), "missing" (1) nor
 * an interrupt (130, which makes git bisect run stop) is "cannot test"
 * (125), so that the bisection skips the commit. */
static int leaks_exit_code(const struct uq_run *run, int rc)
{
	const struct leaks_opts *o = run->cmd_opts;

	if (!o || !o->bisect)
		return rc;
	switch (rc) {
	case UQ_EXIT_OK:
	case UQ_EXIT_FOUND:
	case UQ_EXIT_USAGE:
	case UQ_EXIT_INTR:
	case UQ_EXIT_UNTESTABLE:
		return rc;
	default:
		return UQ_EXIT_UNTESTABLE;
	}
}

/* --- text and KTAP forms ------------------------------------------------ */

static void print_header(FILE *f, const json_t *doc, const char *prefix)
{
	const json_t *dev = json_object_get(doc, "device");

	fprintf(f, "%sleaks on %s", prefix,
		json_is_object(dev) && str(dev, "node") ? str(dev, "node") :
							  "no device");
	if (json_is_true(json_object_get(dev, "emulated")))
		fprintf(f, " (emulated, profile %s)",
			str(dev, "emulator_profile") ?
				str(dev, "emulator_profile") :
				"?");
	fputc('\n', f);
}

static void print_rate(FILE *f, const json_t *v)
{
	char buf[32];

	if (json_is_number(v))
		snprintf(buf, sizeof(buf), "%.2f", json_number_value(v));
	else
		snprintf(buf, sizeof(buf), "-");
	fprintf(f, " %-9s", buf);
}

static void print_int(FILE *f, const char *label, const json_t *v)
{
	if (json_is_integer(v))
		fprintf(f, " %s %" JSON_INTEGER_FORMAT, label,
			json_integer_value(v));
	else
		fprintf(f, " %s -", label);
}

static void print_evidence(FILE *f, const json_t *ev)
{
	const json_t *s;
	size_t i;

	if (!json_is_object(ev))
		return;
	fprintf(f, "    scenario: %s, %" JSON_INTEGER_FORMAT " iterations\n",
		str(ev, "scenario"),
		json_integer_value(json_object_get(ev, "iterations")));
	fprintf(f, "    trigger: %s\n", str(ev, "trigger"));
	if (str(ev, "control"))
		fprintf(f, "    control: %s\n", str(ev, "control"));
	json_array_foreach(json_object_get(ev, "sources"), i, s)
	{
		const json_t *c = json_object_get(s, "control");

		fprintf(f, "    %-8s %-12s", str(s, "method"), str(s, "sees"));
		if (strcmp(str(s, "status"), "ok") ||
		    !json_is_integer(json_object_get(s, "attributed"))) {
			fprintf(f, " %s\n",
				str(s, "reason") ? str(s, "reason") :
						   "no count before and after");
			continue;
		}
		print_int(f, "before", json_object_get(s, "before"));
		print_int(f, "after", json_object_get(s, "after"));
		print_int(f, "leaked", json_object_get(s, "leaked"));
		if (json_is_object(c))
			print_int(f, "control", json_object_get(c, "leaked"));
		print_int(f, "attributed", json_object_get(s, "attributed"));
		fprintf(f, " %s\n", str(s, "counts"));
	}
}

static void leaks_print_text(FILE *f, const json_t *doc)
{
	const json_t *leaks =
		json_object_get(json_object_get(doc, "results"), "leaks");
	const json_t *c;
	size_t i;

	print_header(f, doc, "");
	if (!json_is_object(leaks)) {
		uq_text_errors(f, doc);
		return;
	}
	fprintf(f, "  %-12s  %-22s %-15s %-9s %s\n", "commit", "check",
		"status", "leak/iter", "title");
	json_array_foreach(json_object_get(leaks, "checks"), i, c)
	{
		fprintf(f, "  %-12s  %-22s %-15s", str(c, "commit"),
			str(c, "name"), str(c, "status"));
		print_rate(f, json_object_get(c, "leak_per_iteration"));
		fprintf(f, " %s\n", str(c, "title"));
	}
	json_array_foreach(json_object_get(leaks, "checks"), i, c)
	{
		fprintf(f, "\n  %s %s: %s%s%s%s\n", str(c, "commit"),
			str(c, "name"), str(c, "status"),
			str(c, "basis") ? " (" : "",
			str(c, "basis") ? str(c, "basis") : "",
			str(c, "basis") ? ")" : "");
		fprintf(f, "    %s\n", str(c, "reason"));
		print_evidence(f, json_object_get(c, "evidence"));
	}
	uq_text_errors(f, doc);
}

/* KTAP text may not hold a newline; a '#' would start a directive. */
static void ktap_text(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\n' ? ' ' : *s == '#' ? '_' : *s, f);
}

/*
 * KTAP version 1 (Documentation/dev-tools/ktap.rst): one test case per
 * check. fixed: ok; missing: not ok; not-applicable and unknown: ok with a
 * SKIP directive and the reason; a check whose scenario failed: not ok.
 */
static void leaks_print_ktap(FILE *f, const json_t *doc)
{
	const json_t *leaks =
		json_object_get(json_object_get(doc, "results"), "leaks");
	const json_t *checks = json_object_get(leaks, "checks");
	const json_t *errs = json_object_get(doc, "errors");
	const json_t *c;
	size_t i;

	fputs("KTAP version 1\n", f);
	if (!json_array_size(checks)) {
		fputs("1..0 # SKIP ", f);
		ktap_text(f, json_array_size(errs) ?
				     str(json_array_get(errs, 0), "message") :
				     "no check selected");
		fputc('\n', f);
		return;
	}
	fprintf(f, "1..%zu\n", json_array_size(checks));
	print_header(f, doc, "# userq-bench ");
	json_array_foreach(checks, i, c)
	{
		const char *status = str(c, "status");
		bool failed = json_is_string(json_object_get(c, "error"));
		bool skip = !failed && (!strcmp(status, "not-applicable") ||
					!strcmp(status, "unknown"));

		fprintf(f, "# %s \"", str(c, "commit"));
		ktap_text(f, str(c, "title"));
		fprintf(f, "\": %s", status);
		if (!skip) {
			fputs(": ", f);
			ktap_text(f, str(c, "reason"));
		}
		fputc('\n', f);
		if (failed) {
			fputs("# error: ", f);
			ktap_text(f, str(c, "error"));
			fputc('\n', f);
		}
		fprintf(f, "%s %zu %s-%s",
			!strcmp(status, "missing") || failed ? "not ok" : "ok",
			i + 1, str(c, "commit"), str(c, "name"));
		if (skip) {
			fprintf(f, " # SKIP %s: ", status);
			ktap_text(f, str(c, "reason"));
		}
		fputc('\n', f);
	}
}

const struct uq_command uq_cmd_leaks = {
	.name = "leaks",
	.summary = "which known userq fence-leak fixes the kernel has",
	.doc = "For each known userq fence-leak fix (dd88d42d9ca0 "
	       "signalled-at-creation, 8e051e38a8d4 queue teardown, "
	       "49abfa812617 WAIT overflow), run the scenario that leaks "
	       "without it on fresh queues, count the fence drivers and fences "
	       "before and after with every usable source, and report fixed, "
	       "missing, not-applicable or unknown with the evidence.",
	.options = leaks_options,
	.parser = leaks_parse,
	.opts_size = sizeof(struct leaks_opts),
	.run = leaks_run,
	.print_text = leaks_print_text,
	.print_ktap = leaks_print_ktap,
	.exit_code = leaks_exit_code,
};
