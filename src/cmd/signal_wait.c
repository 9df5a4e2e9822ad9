/* SPDX-License-Identifier: MIT */
/*
 * userq-bench signal-wait: the fence-leak exerciser and USERQ_SIGNAL/WAIT
 * latency benchmark (SPEC §2, userq.md §10.1).
 *
 *	capabilities: userq_ip_mask, the IP           (else skip, 77)
 *	VM timeline, doorbell page
 *	fence accounting: kprobes, seq64 probes, "before"
 *	workload queues and syncobjs, "during"
 *	warm-up, measuring loop
 *	syncobjs destroyed, queues freed, "after", kprobes removed
 *
 * Every step undoes the earlier ones on failure, and on SIGINT/SIGTERM and
 * --timeout (uq_stopped()) the run takes the same way out with partial
 * results.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "gpu/device.h"
#include "fence/acct.h"
#include "measure/measure.h"
#include "parse.h"
#include "report/report.h"
#include "workload/signal_wait.h"
#include "gpu/userq.h"

#define DEFAULT_ITERATIONS 100000
#define MAX_COUNT 1000000000000ull

struct sw_opts {
	uint64_t iterations; /* 0: only --duration bounds the loop */
	bool iterations_set;
	double duration_s; /* 0: none */
	uint64_t warmup;
	unsigned int queues;
	int ip; /* -1: the first IP with user queues */
	enum sw_pattern pattern;
	struct uq_fence_sel sel;
	bool fail_on_leak;
};

enum {
	OPT_DURATION = 0x200,
	OPT_WARMUP,
	OPT_QUEUES,
	OPT_IP,
	OPT_PATTERN,
	OPT_FENCE_SOURCE,
	OPT_FAIL_ON_LEAK,
};

static const char *const ip_names[] = { "gfx", "compute", "sdma", NULL };
static const unsigned int ip_values[] = { AMDGPU_HW_IP_GFX,
					  AMDGPU_HW_IP_COMPUTE,
					  AMDGPU_HW_IP_DMA };
static const char *const pattern_names[] = { "self", "cross", NULL };

static const struct argp_option sw_options[] = {
	{ "iterations", 'n', "N", 0,
	  "Measured iterations (default 100000; with --duration alone, none)",
	  0 },
	{ "duration", OPT_DURATION, "SECONDS", 0,
	  "Stop measuring after SECONDS (with -n: whichever comes first)", 0 },
	{ "warmup", OPT_WARMUP, "N", 0,
	  "Iterations before measuring, not recorded (default 0)", 0 },
	{ "queues", OPT_QUEUES, "N", 0,
	  "Producer queues (default 1, at most 100)", 0 },
	{ "ip", OPT_IP, "IP", 0,
	  "gfx, compute or sdma (default: the first with user queues)", 0 },
	{ "pattern", OPT_PATTERN, "PATTERN", 0,
	  "self: each queue waits on its own fence; cross: a separate waiter "
	  "queue waits on all producers (default self)",
	  0 },
	{ "fence-source", OPT_FENCE_SOURCE, "SOURCE", 0,
	  "Fence-driver accounting: auto (every usable source), seq64, "
	  "kprobe, debugfs, slab, tracepoint, file:PATH or none; repeatable "
	  "(default auto)",
	  0 },
	{ "fail-on-leak", OPT_FAIL_ON_LEAK, NULL, 0,
	  "Exit 1 when fence drivers outlived their queues", 0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static void fence_source_error(struct argp_state *state, const char *arg,
			       int ret)
{
	if (ret == -EEXIST)
		argp_error(
			state,
			"--fence-source: 'none' cannot be combined with other sources");
	else if (ret == -E2BIG)
		argp_error(state, "--fence-source: at most %d file: sources",
			   UQ_FENCE_MAX_FILES);
	else
		argp_error(
			state,
			"--fence-source: '%s' is not one of auto, seq64, kprobe, debugfs, slab, tracepoint, file:PATH, none",
			arg);
}

static error_t sw_parse(int key, char *arg, struct argp_state *state)
{
	struct sw_opts *o = state->input;
	uint64_t v;
	int idx, ret;

	switch (key) {
	case ARGP_KEY_INIT:
		o->iterations = DEFAULT_ITERATIONS;
		o->queues = 1;
		o->ip = -1;
		o->pattern = SW_SELF;
		break;
	case 'n':
		if (uq_parse_u64(arg, 1, MAX_COUNT, &o->iterations))
			argp_error(
				state,
				"--iterations: '%s' is not a number from 1 to %llu",
				arg, MAX_COUNT);
		o->iterations_set = true;
		break;
	case OPT_DURATION:
		if (uq_parse_seconds(arg, 0.001, 1e7, &o->duration_s))
			argp_error(
				state,
				"--duration: '%s' is not a number of seconds between 0.001 and 10000000",
				arg);
		break;
	case OPT_WARMUP:
		if (uq_parse_u64(arg, 0, MAX_COUNT, &o->warmup))
			argp_error(
				state,
				"--warmup: '%s' is not a number from 0 to %llu",
				arg, MAX_COUNT);
		break;
	case OPT_QUEUES:
		if (uq_parse_u64(arg, 1, SW_MAX_QUEUES, &v))
			argp_error(
				state,
				"--queues: '%s' is not a number from 1 to %d",
				arg, SW_MAX_QUEUES);
		o->queues = (unsigned int)v;
		break;
	case OPT_IP:
		uq_argp_parse_enum(state, "--ip", arg, ip_names, &idx);
		o->ip = (int)ip_values[idx];
		break;
	case OPT_PATTERN:
		uq_argp_parse_enum(state, "--pattern", arg, pattern_names,
				   &idx);
		o->pattern = (enum sw_pattern)idx;
		break;
	case OPT_FENCE_SOURCE:
		ret = uq_fence_sel_add(&o->sel, arg);
		if (ret)
			fence_source_error(state, arg, ret);
		break;
	case OPT_FAIL_ON_LEAK:
		o->fail_on_leak = true;
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	case ARGP_KEY_END:
		if (o->duration_s > 0 && !o->iterations_set)
			o->iterations = 0;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* --- capabilities ---------------------------------------------------- */

#define skip(run, where, err, fmt, ...) \
	(uq_skip_add((run)->errors, where, err, fmt, __VA_ARGS__), UQ_EXIT_SKIP)

static const char *user_queue_param(const struct uq_device *dev, char *buf,
				    size_t len)
{
	if (dev->user_queue_err)
		snprintf(buf, len, "amdgpu.user_queue not readable: %s",
			 uq_errno_name(dev->user_queue_err));
	else
		snprintf(buf, len, "amdgpu.user_queue=%d", dev->user_queue);
	return buf;
}

/* IGT style: ask the capability record first, skip when it says no. */
static int choose_ip(struct uq_run *run, const struct uq_device *dev,
		     const struct sw_opts *o, unsigned int *ip)
{
	uint32_t mask = dev->caps.userq_ip_mask;
	char detail[160], param[64];

	if (!mask) {
		snprintf(detail, sizeof(detail), "userq_ip_mask 0, %s%s",
			 user_queue_param(dev, param, sizeof(param)),
			 dev->drm_minor < 64 ?
				 ", KMS older than 3.64 has no user queues" :
				 "");
		return skip(
			run, "AMDGPU_INFO(DEV_INFO)", 0,
			"%s: no user queues (%s); signal-wait needs Linux 6.16+ with amdgpu.user_queue=1 or 2 on a GFX11/GFX12 GPU: skipped",
			dev->node, detail);
	}
	if (o->ip >= 0) {
		if (!(mask & (1u << o->ip))) {
			snprintf(detail, sizeof(detail),
				 "%s (userq_ip_mask 0x%x)", uq_ip_name(o->ip),
				 mask);
			return skip(
				run, "AMDGPU_INFO(DEV_INFO)", 0,
				"%s: no user queues for %s; choose another --ip: skipped",
				dev->node, detail);
		}
		*ip = (unsigned int)o->ip;
		return 0;
	}
	for (size_t i = 0; ip_names[i]; i++) {
		if (mask & (1u << ip_values[i])) {
			*ip = ip_values[i];
			return 0;
		}
	}
	snprintf(detail, sizeof(detail), "userq_ip_mask 0x%x", mask);
	return skip(run, "AMDGPU_INFO(DEV_INFO)", 0,
		    "%s: no user queues for gfx, compute or sdma (%s): skipped",
		    dev->node, detail);
}

/* A USERQ failure that means "no user queues here" skips; others fail. */
static int queue_failure(struct uq_run *run, const struct uq_device *dev,
			 int ret)
{
	char detail[128];

	if (!uq_userq_missing(dev, ret))
		return UQ_EXIT_FAIL;
	if (ret == -UQ_ENOTSUPP)
		snprintf(
			detail, sizeof(detail), "%s",
			"AMDGPU_USERQ returned ENOTSUPP (524): user queues are disabled");
	else
		snprintf(
			detail, sizeof(detail),
			"AMDGPU_USERQ returned EINVAL on KMS %d.%d: the kernel predates user queues",
			dev->drm_major, dev->drm_minor);
	return skip(
		run, "AMDGPU_USERQ(CREATE)", -ret,
		"%s: %s; signal-wait needs Linux 6.16+ with amdgpu.user_queue=1 or 2: skipped",
		dev->node, detail);
}

/* --- results --------------------------------------------------------- */

struct sw_result {
	unsigned int ip;
	const struct uq_metrics *m; /* NULL: the loop never started */
	uint64_t loop_ns;
	const struct uq_fence_acct *acct;
	struct uq_teardown teardown; /* the workload's queues and BOs */
};

static json_t *latency_json(const struct sw_opts *o, const struct uq_metrics *m)
{
	const char *const *names;
	json_t *lat = json_object();
	unsigned int n;

	names = sw_metric_names(o->pattern, &n);
	for (unsigned int i = 0; lat && i < n; i++) {
		json_t *s = m ? uq_metrics_json(m, i) : json_null();

		if (json_object_set_new(lat, names[i], s)) {
			json_decref(lat);
			return NULL;
		}
	}
	return lat;
}

/* The workload's teardown: every FREE, then every UNMAP (schema). */
static json_t *teardown_json(const struct uq_teardown *t)
{
	return json_pack("{s:I, s:I, s:I, s:I}", "queues",
			 (json_int_t)t->queues, "free_ns",
			 (json_int_t)t->free_ns, "unmaps",
			 (json_int_t)t->unmaps, "unmap_ns",
			 (json_int_t)t->unmap_ns);
}

static json_t *results_json(const struct sw_opts *o, const struct sw_result *r)
{
	uint64_t done = r->m ? atomic_load(&r->m->done) : 0;
	json_t *pps =
		done && r->loop_ns ?
			json_real((double)done * 1e9 / (double)r->loop_ns) :
			json_null();

	return json_pack("{s:I, s:I, s:f, s:s, s:s, s:I, s:o, s:o, s:o, s:o}",
			 "iterations", (json_int_t)done, "warmup",
			 (json_int_t)o->warmup, "duration_s",
			 (double)r->loop_ns / 1e9, "ip", uq_ip_name(r->ip),
			 "pattern", pattern_names[o->pattern], "queues",
			 (json_int_t)o->queues, "latency_ns",
			 latency_json(o, r->m), "pairs_per_s", pps, "teardown",
			 teardown_json(&r->teardown), "fence_drv",
			 uq_fence_acct_json(r->acct));
}

/* --- the run --------------------------------------------------------- */

/* Warm-up and measuring loop; @m is initialised when *@have_m is set.
 * Failures are recorded in run->errors. */
static int measure(struct uq_run *run, const struct uq_device *dev,
		   const struct sw_opts *o, struct sw_work *w,
		   struct uq_metrics *m, bool *have_m, uint64_t *loop_ns)
{
	const char *const *names;
	unsigned int n;
	uint64_t t0;
	int ret;

	ret = sw_warmup(w, o->warmup);
	if (ret) {
		sw_loop_error(w, ret, dev->node, run->errors);
		return ret;
	}
	names = sw_metric_names(o->pattern, &n);
	ret = uq_metrics_init(m, run, names, n, o->iterations, o->duration_s,
			      "signal-wait");
	if (ret)
		return ret;
	*have_m = true;
	t0 = uq_now_ns();
	ret = sw_measure(w, m);
	*loop_ns = uq_now_ns() - t0;
	uq_metrics_finish(m);
	if (ret)
		sw_loop_error(w, ret, dev->node, run->errors);
	return ret;
}

/*
 * --fail-on-leak: exit 1 on a leak, naming the device, the count and the
 * sources that saw it; a gate that cannot tell does not pass: exit 77 with
 * why each source could not.
 */
static int leak_gate(struct uq_run *run, const struct uq_device *dev,
		     const struct uq_fence_acct *acct)
{
	enum uq_verdict verdict;
	char seen[512];
	int64_t leaked;

	verdict = uq_fence_acct_verdict(acct, &leaked);
	if (verdict == UQ_VERDICT_NO_LEAK)
		return UQ_EXIT_OK;
	uq_fence_acct_describe(acct, verdict == UQ_VERDICT_LEAK, seen,
			       sizeof(seen));
	run->reported = true;
	if (verdict == UQ_VERDICT_LEAK) {
		uq_msg("%s: fence-driver leak: verdict leak, %lld fence driver%s outlived %s (seen by %s)",
		       dev->node, (long long)leaked, leaked == 1 ? "" : "s",
		       leaked == 1 ? "its queue" : "their queues", seen);
		return UQ_EXIT_FOUND;
	}
	uq_msg("%s: --fail-on-leak cannot tell: verdict unknown, no fence source could count fence drivers (%s); see 'userq-bench info' for the sources and what they need",
	       dev->node, seen);
	return UQ_EXIT_SKIP;
}

static int session(struct uq_run *run, struct uq_device *dev,
		   const struct sw_opts *o, unsigned int ip)
{
	struct sw_result res = { .ip = ip };
	struct uq_doorbell db = { 0 };
	struct sw_work work = { 0 };
	struct uq_fence_acct acct;
	struct uq_fence_ctx ctx;
	bool have_m = false, set_up = false;
	struct uq_metrics m;
	struct uq_vm vm;
	int ret, rc = UQ_EXIT_OK;

	if (uq_vm_init(&vm, dev, run->errors))
		return UQ_EXIT_FAIL;
	if (uq_doorbell_create(&vm, &db, run->errors)) {
		rc = UQ_EXIT_FAIL;
		goto out_vm;
	}
	ctx = (struct uq_fence_ctx){
		.dev = dev,
		.vm = &vm,
		.db = &db,
		.ip = ip,
		.probe_slot = sw_queue_count(o->pattern, o->queues),
		.errs = run->errors,
		.iterations = o->iterations ? o->iterations + o->warmup :
					      UINT64_MAX,
		.queues = sw_queue_count(o->pattern, o->queues),
	};
	uq_fence_acct_init(&acct, &o->sel, &ctx);
	res.acct = &acct;

	ret = uq_fence_acct_before(&acct);
	if (ret) {
		rc = queue_failure(run, dev, ret);
		goto out_acct;
	}
	if (uq_stopped())
		goto out_acct;
	ret = sw_work_setup(&work, &vm, &db, ip, o->pattern, o->queues,
			    run->errors);
	if (ret) {
		rc = queue_failure(run, dev, ret);
		goto out_work;
	}
	set_up = true;
	uq_fence_acct_during(&acct);

	ret = measure(run, dev, o, &work, &m, &have_m, &res.loop_ns);
	if (ret || (have_m && m.failed))
		rc = UQ_EXIT_FAIL;
	res.m = have_m ? &m : NULL;

out_work:
	if (sw_work_teardown(&work, run->errors) && !rc)
		rc = UQ_EXIT_FAIL;
	res.teardown = work.teardown;
	if (set_up && uq_fence_acct_after(&acct) && !rc)
		rc = UQ_EXIT_FAIL;
out_acct:
	uq_fence_acct_fini(&acct);
	uq_doorbell_destroy(&vm, &db, run->errors);
	if (rc != UQ_EXIT_SKIP &&
	    uq_report_set(run->doc, "results", "signal_wait",
			  results_json(o, &res))) {
		uq_error_add(run->errors, "signal-wait", ENOMEM,
			     "%s: out of memory", dev->node);
		rc = UQ_EXIT_FAIL;
	}
	if (!rc && o->fail_on_leak)
		rc = leak_gate(run, dev, &acct);
	if (have_m)
		uq_metrics_fini(&m);
out_vm:
	if (uq_vm_fini(&vm, run->errors) && !rc)
		rc = UQ_EXIT_FAIL;
	return rc;
}

static int sw_run(struct uq_run *run)
{
	const struct sw_opts *o = run->cmd_opts;
	struct uq_device *dev = NULL;
	struct uq_nodes nodes;
	unsigned int ip = 0;
	int rc;

	/* An unreadable /dev/dri still leaves --device. */
	if (uq_nodes_scan(&nodes))
		nodes = (struct uq_nodes){ NULL, 0 };
	rc = uq_device_acquire(run->opts, &nodes, run->errors, &dev);
	uq_nodes_free(&nodes);
	if (rc)
		return rc;
	if (uq_report_set(run->doc, NULL, "device", uq_report_device(dev))) {
		uq_error_add(run->errors, "signal-wait", ENOMEM,
			     "%s: out of memory", dev->node);
		rc = UQ_EXIT_FAIL;
	}
	if (!rc)
		rc = choose_ip(run, dev, o, &ip);
	if (!rc)
		rc = session(run, dev, o, ip);
	uq_device_close(dev);
	return rc;
}

/* --- text form ------------------------------------------------------- */

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* What the tracepoint source saw in the run. */
static void print_tracepoint(FILE *f, const json_t *s)
{
	const json_t *d = json_object_get(s, "referenced_destroyed");

	fprintf(f, "; parked");
	uq_text_labelled_int(f, "refs", json_object_get(s, "parked_refs"));
	uq_text_labelled_int(f, "on drivers",
			     json_object_get(s, "referenced_drivers"));
	fputc(';', f);
	uq_text_labelled_int(f, "fences", json_object_get(s, "fences_emitted"));
	uq_text_labelled_int(f, "from drivers",
			     json_object_get(s, "emitting_drivers"));
	fprintf(f, "; referenced drivers destroyed: %s",
		json_is_true(d)	 ? "yes" :
		json_is_false(d) ? "no" :
				   "unknown");
}

static void print_source(FILE *f, const json_t *s)
{
	const json_t *t = json_object_get(s, "teardown_leak");
	const json_t *parked = json_object_get(s, "parked_refs");

	fprintf(f, "  %-10s %-11s", str(s, "method"), str(s, "status"));
	if (strcmp(str(s, "status"), "ok")) {
		fprintf(f, " %s\n", str(s, "reason"));
		return;
	}
	uq_text_labelled_int(f, "before", json_object_get(s, "before"));
	uq_text_labelled_int(f, "after", json_object_get(s, "after"));
	uq_text_labelled_int(f, "delta", json_object_get(s, "delta"));
	fprintf(f, " %s;", str(s, "counts"));
	uq_text_labelled_int(f, "leaked", json_object_get(s, "leaked"));
	if (json_is_integer(t))
		fprintf(f,
			"; teardown leak %" JSON_INTEGER_FORMAT
			" per probe cycle",
			json_integer_value(t));
	if (json_is_integer(parked))
		print_tracepoint(f, s);
	fputc('\n', f);
}

static json_int_t int_of(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* "teardown: 2 queue(s) freed in 21 us, then 10 buffer(s) unmapped in
 * 48 us": the FREE and the GEM_VA UNMAP ioctls */
static void print_teardown(FILE *f, const json_t *t)
{
	if (!json_is_object(t))
		return;
	fprintf(f,
		"\nteardown: %" JSON_INTEGER_FORMAT
		" queue(s) freed in %.0f us, then %" JSON_INTEGER_FORMAT
		" buffer(s) unmapped in %.0f us\n",
		int_of(t, "queues"), (double)int_of(t, "free_ns") / 1e3,
		int_of(t, "unmaps"), (double)int_of(t, "unmap_ns") / 1e3);
}

static void sw_print_text(FILE *f, const json_t *doc)
{
	const json_t *dev = json_object_get(doc, "device");
	const json_t *sw =
		json_object_get(json_object_get(doc, "results"), "signal_wait");
	const json_t *fd = json_object_get(sw, "fence_drv");
	const json_t *pps = json_object_get(sw, "pairs_per_s");
	const json_t *leaked = json_object_get(fd, "leaked");
	const json_t *v;
	size_t i;

	/* "device" is null in a document of a run that found no device */
	fprintf(f, "signal-wait on %s",
		json_is_object(dev) && str(dev, "node") ? str(dev, "node") :
							  "no device");
	if (json_is_true(json_object_get(dev, "emulated")))
		fprintf(f, " (emulated, profile %s)",
			str(dev, "emulator_profile") ?
				str(dev, "emulator_profile") :
				"?");
	fputc('\n', f);
	if (!json_is_object(sw)) {
		uq_text_errors(f, doc);
		return;
	}
	fprintf(f,
		"  %s, pattern %s, %" JSON_INTEGER_FORMAT
		" producer queue(s), %" JSON_INTEGER_FORMAT
		" iterations (+%" JSON_INTEGER_FORMAT " warm-up)",
		str(sw, "ip"), str(sw, "pattern"),
		json_integer_value(json_object_get(sw, "queues")),
		json_integer_value(json_object_get(sw, "iterations")),
		json_integer_value(json_object_get(sw, "warmup")));
	if (json_is_number(pps))
		fprintf(f, ", %.0f pairs/s", json_number_value(pps));
	fprintf(f, "\n\n");
	uq_text_stats_table(f, json_object_get(sw, "latency_ns"));
	fprintf(f,
		"  (signal: USERQ_SIGNAL; wait_count: USERQ_WAIT counting the fences; wait_fill: USERQ_WAIT returning them; pair: the whole iteration)\n");

	print_teardown(f, json_object_get(sw, "teardown"));

	fprintf(f, "\nfence drivers: %s", str(fd, "verdict"));
	if (json_is_integer(leaked))
		fprintf(f, ", %" JSON_INTEGER_FORMAT " outlived their queues",
			json_integer_value(leaked));
	fputc('\n', f);
	json_array_foreach(json_object_get(fd, "sources"), i, v)
		print_source(f, v);
	uq_text_errors(f, doc);
}

const struct uq_command uq_cmd_signal_wait = {
	.name = "signal-wait",
	.summary = "fence-leak exerciser, SIGNAL/WAIT latency",
	.doc = "Run the USERQ_SIGNAL/USERQ_WAIT loop that leaks a fence "
	       "driver on kernels without dd88d42d (no doorbell, wptr 0: every "
	       "fence is signalled at creation), measure the latency of each "
	       "ioctl, and count the fence drivers that outlived their queues "
	       "with every usable accounting source (seq64 probe, kprobes, "
	       "debugfs, slab, the 7.3 tracepoints, a custom file).",
	.options = sw_options,
	.parser = sw_parse,
	.opts_size = sizeof(struct sw_opts),
	.run = sw_run,
	.print_text = sw_print_text,
	.junit = true,
	.repeat = true,
};
