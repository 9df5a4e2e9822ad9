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
 * the control is the leak of the fix's bug; leaks/verdict.c turns that into
 * the status, report/leaks_report.c prints it as text and KTAP.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fence/acct.h"
#include "gpu/device.h"
#include "gpu/userq.h"
#include "leaks/known.h"
#include "leaks/verdict.h"
#include "measure/measure.h"
#include "parse.h"
#include "report/leaks_report.h"
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

static int run_variant(struct uq_run *run, const char *node, unsigned int ip,
		       const struct uq_leak_fix *fix, enum leak_variant which,
		       struct uq_leak_run *v)
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

/* run_check(): the device could not be opened again (exit 69). */
#define CHECK_GONE 1

/* Run check @fix; its JSON in *@out (NULL: out of memory). Returns 0, the
 * -errno of a failed variant, or CHECK_GONE. */
static int run_check(struct uq_run *run, const char *node, unsigned int ip,
		     const struct uq_leak_fix *fix, json_t **out)
{
	struct uq_leak_run t, c = { 0 };
	size_t mark = run->errors->n;
	int ret;

	ret = run_variant(run, node, ip, fix, LEAK_TRIGGER, &t);
	if (!ret && fix->control && !uq_stopped())
		ret = run_variant(run, node, ip, fix, LEAK_CONTROL, &c);
	*out = uq_leak_check_json(
		fix, ip, &t, fix->control ? &c : NULL,
		run->errors->n > mark ?
			run->errors->v[run->errors->n - 1].message :
			NULL);
	if (!*out) {
		uq_error_add(run->errors, "leaks", ENOMEM, "%s: out of memory",
			     node);
		ret = ret ? ret : -ENOMEM;
	}
	if (t.gone || c.gone)
		ret = CHECK_GONE;
	json_decref(t.sources);
	json_decref(c.sources);
	return ret;
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
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
		    json_array_append_new(
			    checks, uq_leak_check_untested(&uq_leak_fixes[i],
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

/*
 * A "missing" inferred from a control that leaked as much as the trigger
 * rests on the masking fix being missing too. If this very run measured
 * that fix as fixed, the inference does not hold: unknown.
 */
static int recheck_inferred(const json_t *checks, json_t *c)
{
	const char *basis = json_string_value(json_object_get(c, "basis"));
	const struct uq_leak_fix *fix = NULL;
	size_t i;
	json_t *m;
	char *why;

	if (!basis || strcmp(basis, "inferred"))
		return 0;
	for (size_t k = 0; k < uq_leak_nfixes; k++)
		if (!strcmp(uq_leak_fixes[k].commit,
			    json_string_value(json_object_get(c, "commit"))))
			fix = &uq_leak_fixes[k];
	if (!fix || !fix->masked_by)
		return 0;
	json_array_foreach(checks, i, m)
	{
		const char *st =
			json_string_value(json_object_get(m, "status"));

		if (strcmp(json_string_value(json_object_get(m, "commit")),
			   fix->masked_by) ||
		    !st || strcmp(st, "fixed"))
			continue;
		if (asprintf(&why,
			     "the control leaked as much as the trigger, but %s, "
			     "which would explain it, measured fixed",
			     fix->masked_by) < 0)
			return -ENOMEM;
		json_object_set_new(c, "status", json_string("unknown"));
		json_object_set_new(c, "basis", json_null());
		json_object_set_new(c, "reason", json_string(why));
		free(why);
	}
	return 0;
}

static int leaks_checks(struct uq_run *run, const struct leaks_opts *o,
			struct uq_device *dev, unsigned int ip)
{
	json_t *checks = json_array(), *c;
	struct tally t = { 0 };
	size_t i;
	int ret;

	if (!checks || set_results(run, dev->node, checks, uq_ip_name(ip)))
		return UQ_EXIT_FAIL;
	for (i = 0; i < uq_leak_nfixes && !uq_stopped(); i++) {
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
	}
	if (uq_stopped())
		return UQ_EXIT_FAIL;
	json_array_foreach(checks, i, c)
	{
		if (recheck_inferred(checks, c))
			return UQ_EXIT_FAIL;
		count(&t, c);
	}
	return gate(run, o, dev->node, &t);
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
	.print_text = uq_leaks_print_text,
	.print_ktap = uq_leaks_print_ktap,
	.exit_code = leaks_exit_code,
	.junit = true,
};
