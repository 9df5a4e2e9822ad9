/* SPDX-License-Identifier: MIT */
/*
 * userq-bench unmap: PRT unmap latency with implicit and explicit sync, on
 * an idle VM and on a VM kept busy by a kernel CS (SPEC §2, gem-va-prt.md
 * §7). One case per op x size x sync x busy; each case is measured by
 * uq_unmap_case_measure() (unmap_case.h has the per-iteration recipe).
 *
 * Explicit sync is measured only where the device probe found
 * AMDGPU_VM_EXPLICIT_SYNC accepted; elsewhere those cases are
 * "unsupported", which is not an error. A failing case is recorded with its
 * ioctl and errno, cleaned up, and the other cases still run (exit 2).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "gpu/device.h"
#include "parse.h"
#include "report/report.h"
#include "report/unmap_report.h"

#define MAX_SIZES 16
#define MAX_RANGES 1024u
#define MAX_ITERATIONS 10000000ull
#define MAX_SIZE (64ull << 30)
#define MAX_SPAN (1ull << 40) /* ranges x size */
/* Newest kernels' GPU job timeout is 2 s (amdgpu_drv.c lockup_timeout): a
 * CS blocked much longer would be reset. */
#define MAX_BUSY_MS 1000ull
#define PAGE_4K 4096ull

#define VM_UPDATE_MODE_PARAM "/sys/module/amdgpu/parameters/vm_update_mode"
/* amdgpu.vm_update_mode bit 0: graphics VMs update page tables with the
 * CPU (AMDGPU_VM_USE_CPU_FOR_GFX); bit 1: compute (KFD) VMs. */
#define VM_USE_CPU_FOR_GFX 1

/* Slow PRT maps (UQ_UNMAP_SLOW_MAP_NS) are worth a warning when more than
 * 1 in this many maps of a case were slow while the median map was not:
 * not a rare outlier, and not a slow device. */
#define SLOW_MAP_RATIO 100

enum { SYNC_IMPLICIT = 1, SYNC_EXPLICIT = 2 };
enum { BUSY_NONE = 1, BUSY_CS = 2 };

struct unmap_opts {
	uint64_t sizes[MAX_SIZES];
	size_t nsizes;
	unsigned int ranges;
	uint64_t iterations;
	enum uq_prt_op op;
	unsigned int sync; /* SYNC_* mask */
	unsigned int busy; /* BUSY_* mask */
	unsigned int busy_ms;
	int busy_ip; /* AMDGPU_HW_IP_GFX, _COMPUTE, or -1: GFX if present */
};

/* --- options --------------------------------------------------------- */

enum {
	OPT_SIZE = 0x200,
	OPT_RANGES,
	OPT_OP,
	OPT_SYNC,
	OPT_BUSY,
	OPT_BUSY_MS,
	OPT_BUSY_IP,
};

static const char *const op_names[] = { "unmap", "clear", "replace", NULL };
static const enum uq_prt_op op_values[] = { UQ_PRT_UNMAP, UQ_PRT_CLEAR,
					    UQ_PRT_REPLACE };
static const char *const sync_names[] = { "implicit", "explicit", "both",
					  NULL };
static const unsigned int sync_values[] = { SYNC_IMPLICIT, SYNC_EXPLICIT,
					    SYNC_IMPLICIT | SYNC_EXPLICIT };
static const char *const busy_names[] = { "none", "cs", "both", NULL };
static const unsigned int busy_values[] = { BUSY_NONE, BUSY_CS,
					    BUSY_NONE | BUSY_CS };
static const char *const busy_ip_names[] = { "gfx", "compute", NULL };
static const int busy_ip_values[] = { AMDGPU_HW_IP_GFX, AMDGPU_HW_IP_COMPUTE };

static const struct argp_option unmap_options[] = {
	{ "size", OPT_SIZE, "BYTES[,BYTES...]", 0,
	  "Sizes of the PRT ranges: multiples of 4 KiB, suffixes K, M, G "
	  "(default 64K,2M)",
	  0 },
	{ "ranges", OPT_RANGES, "N", 0,
	  "PRT ranges per iteration, one GEM_VA each, timed together "
	  "(default 1)",
	  0 },
	{ "iterations", 'n', "N", 0, "Iterations per case (default 1000)", 0 },
	{ "op", OPT_OP, "OP", 0,
	  "unmap (UNMAP|PRT), clear (CLEAR) or replace (REPLACE|PRT with "
	  "handle 0, RADV's sparse unbind); default unmap",
	  0 },
	{ "sync", OPT_SYNC, "MODE", 0,
	  "implicit, explicit (AMDGPU_VM_EXPLICIT_SYNC) or both (default)", 0 },
	{ "busy", OPT_BUSY, "MODE", 0,
	  "none (idle VM), cs (VM kept busy by a kernel CS) or both (default)",
	  0 },
	{ "busy-ms", OPT_BUSY_MS, "MS", 0,
	  "How long the CS keeps the VM busy after t0 (default 5, at most "
	  "1000: newest kernels reset jobs after 2 s)",
	  0 },
	{ "busy-ip", OPT_BUSY_IP, "IP", 0,
	  "Ring 0 of gfx or compute for the busy CS (default gfx, compute "
	  "without gfx); while it spins, that ring runs nothing else",
	  0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static void set_defaults(struct unmap_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->sizes[0] = 64ull << 10;
	o->sizes[1] = 2ull << 20;
	o->nsizes = 2;
	o->ranges = 1;
	o->iterations = 1000;
	o->op = UQ_PRT_UNMAP;
	o->sync = SYNC_IMPLICIT | SYNC_EXPLICIT;
	o->busy = BUSY_NONE | BUSY_CS;
	o->busy_ms = 5;
	o->busy_ip = -1;
}

static void parse_sizes(struct argp_state *state, struct unmap_opts *o,
			const char *arg)
{
	int ret = uq_parse_size_list(arg, o->sizes, MAX_SIZES, &o->nsizes);

	if (ret == -E2BIG)
		argp_error(state, "--size: more than %d sizes", MAX_SIZES);
	if (ret)
		argp_error(state,
			   "--size: '%s' is not a list of sizes such as 64K,2M",
			   arg);
	for (size_t i = 0; i < o->nsizes; i++) {
		if (!o->sizes[i] || o->sizes[i] % PAGE_4K ||
		    o->sizes[i] > MAX_SIZE)
			argp_error(
				state,
				"--size: %" PRIu64
				" is not a multiple of 4 KiB between 4K and 64G",
				o->sizes[i]);
	}
}

static error_t unmap_parse(int key, char *arg, struct argp_state *state)
{
	struct unmap_opts *o = state->input;
	uint64_t v;
	int idx;

	switch (key) {
	case ARGP_KEY_INIT:
		set_defaults(o);
		break;
	case OPT_SIZE:
		parse_sizes(state, o, arg);
		break;
	case OPT_RANGES:
		if (uq_parse_u64(arg, 1, MAX_RANGES, &v))
			argp_error(
				state,
				"--ranges: '%s' is not a number from 1 to %u",
				arg, MAX_RANGES);
		o->ranges = (unsigned int)v;
		break;
	case 'n':
		if (uq_parse_u64(arg, 1, MAX_ITERATIONS, &o->iterations))
			argp_error(
				state,
				"--iterations: '%s' is not a number from 1 to %llu",
				arg, MAX_ITERATIONS);
		break;
	case OPT_OP:
		uq_argp_parse_enum(state, "--op", arg, op_names, &idx);
		o->op = op_values[idx];
		break;
	case OPT_SYNC:
		uq_argp_parse_enum(state, "--sync", arg, sync_names, &idx);
		o->sync = sync_values[idx];
		break;
	case OPT_BUSY:
		uq_argp_parse_enum(state, "--busy", arg, busy_names, &idx);
		o->busy = busy_values[idx];
		break;
	case OPT_BUSY_MS:
		if (uq_parse_u64(arg, 0, UINT64_MAX, &v))
			argp_error(
				state,
				"--busy-ms: '%s' is not a number of milliseconds",
				arg);
		if (v > MAX_BUSY_MS)
			argp_error(
				state,
				"--busy-ms: %s ms is too long: at most %llu, because the newest kernels reset a GPU job after 2 s",
				arg, MAX_BUSY_MS);
		o->busy_ms = (unsigned int)v;
		break;
	case OPT_BUSY_IP:
		uq_argp_parse_enum(state, "--busy-ip", arg, busy_ip_names,
				   &idx);
		o->busy_ip = busy_ip_values[idx];
		break;
	case ARGP_KEY_END:
		for (size_t i = 0; i < o->nsizes; i++)
			if (o->sizes[i] * o->ranges > MAX_SPAN)
				argp_error(
					state,
					"--ranges=%u of %" PRIu64
					" bytes span more than 1 TiB of GPU VA",
					o->ranges, o->sizes[i]);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* --- warnings ---------------------------------------------------------- */

/* amdgpu.vm_update_mode, or INT32_MIN when it cannot be read. */
static int read_vm_update_mode(void)
{
	FILE *f = fopen(VM_UPDATE_MODE_PARAM, "re");
	int mode;

	if (!f)
		return INT32_MIN;
	if (fscanf(f, "%d", &mode) != 1)
		mode = INT32_MIN;
	fclose(f);
	return mode;
}

static int warn_run(json_t *part, json_t *warnings, const struct uq_device *dev)
{
	int mode = read_vm_update_mode();
	int ret = 0;

	if (dev->emulated)
		ret = uq_unmap_warn(
			warnings, "emulated",
			"%s is the userq-bench emulator (profile %s): the figures are the emulator's model (page-table job latency USERQ_EMU_SDMA_US), not hardware numbers",
			dev->node,
			dev->emulator_profile ? dev->emulator_profile : "?");
	if (!ret)
		ret = json_object_set_new(part, "vm_update_mode",
					  mode == INT32_MIN ?
						  json_null() :
						  json_integer(mode)) ?
			      -ENOMEM :
			      0;
	/* -1 (auto) keeps SDMA updates for graphics (render node) VMs. */
	if (!ret && mode != INT32_MIN && mode > 0 &&
	    (mode & VM_USE_CPU_FOR_GFX))
		ret = uq_unmap_warn(
			warnings, "vm_update_mode",
			"amdgpu.vm_update_mode=%d: page tables are written by the CPU, so the GEM_VA ioctl itself waits for the fences implicit sync waits for; ioctl_ns includes that wait and the figures do not match the default SDMA mode",
			mode);
	return ret;
}

/* Warnings that one case's figures may be distorted. */
static int warn_case(json_t *warnings, const struct uq_unmap_case *c,
		     const struct uq_unmap_result *r, const char *label)
{
	struct uq_stats map, ioctl_ns;
	int ret = 0;

	uq_hist_stats(&r->map, &map);
	if (map.count > 1 && r->slow_maps * SLOW_MAP_RATIO > map.count - 1 &&
	    map.p50 < UQ_UNMAP_SLOW_MAP_NS)
		ret = uq_unmap_warn(
			warnings, "slow_prt_map",
			"%s: %" PRIu64 " of %" PRIu64
			" PRT MAPs took over %.1f ms to complete (median %.1f µs, max %.1f µs)",
			label, r->slow_maps, map.count - 1,
			(double)UQ_UNMAP_SLOW_MAP_NS / 1e6,
			(double)map.p50 / 1000.0, (double)map.max / 1000.0);
	if (ret || !c->busy || !c->busy_ms || !r->m_ready)
		return ret;
	uq_hist_stats(&r->m.hist[UQ_UNMAP_IOCTL], &ioctl_ns);
	if (ioctl_ns.count &&
	    ioctl_ns.p50 * 2 >= (uint64_t)c->busy_ms * 1000000ull)
		ret = uq_unmap_warn(
			warnings, "ioctl_waited",
			"%s: the GEM_VA ioctl took %.1f µs (median), as long as the busy CS (CPU page-table updates?)",
			label, (double)ioctl_ns.p50 / 1000.0);
	return ret;
}

/* --- the cases ----------------------------------------------------------- */

struct bench {
	struct uq_run *run;
	struct uq_device *dev;
	struct uq_vm vm;
	struct uq_spinner sp;
	int spinner_err; /* 0, or why busy cases cannot run */
	char *spinner_reason;
	json_t *cases, *warnings;
	bool failed;
};

static const char *case_label(const struct uq_unmap_case *c, char *buf,
			      size_t len)
{
	char size[24];

	snprintf(buf, len, "%s %s x%u %s %s", uq_prt_op_name(c->op),
		 uq_unmap_size_str(c->size, size, sizeof(size)), c->ranges,
		 c->explicit_sync ? "explicit" : "implicit",
		 c->busy ? "busy" : "idle");
	return buf;
}

static char *explicit_unsupported(const struct uq_caps *caps)
{
	char *reason = NULL;

	if (caps->explicit_sync_unmap == UQ_UNSUPPORTED)
		return strdup(
			"this kernel rejects AMDGPU_VM_EXPLICIT_SYNC (probe: GEM_VA UNMAP|PRT|EXPLICIT_SYNC gives EINVAL); it needs the proposed explicit-sync series for PRT unmaps");
	if (asprintf(&reason,
		     "explicit-sync support is unknown (%s); not measured",
		     caps->explicit_sync_reason) < 0)
		return NULL;
	return reason;
}

/* Measure one case and append its JSON. Returns 0 or -ENOMEM. */
static int run_case(struct bench *b, const struct uq_unmap_case *c)
{
	const struct uq_errors *errs = b->run->errors;
	struct uq_unmap_result *r = NULL;
	enum uq_unmap_status status = UQ_UNMAP_OK;
	char label[96], *reason = NULL;
	size_t mark = errs->n;
	json_t *j;
	int ret = 0;

	case_label(c, label, sizeof(label));
	if (c->explicit_sync &&
	    b->dev->caps.explicit_sync_unmap != UQ_SUPPORTED) {
		status = UQ_UNMAP_UNSUPPORTED;
		reason = explicit_unsupported(&b->dev->caps);
	} else if (c->busy && b->spinner_err) {
		status = UQ_UNMAP_FAILED;
		reason = b->spinner_reason ? strdup(b->spinner_reason) : NULL;
		b->failed = true;
	} else {
		r = calloc(1, sizeof(*r));
		if (!r)
			return -ENOMEM;
		ret = uq_unmap_case_measure(b->run, &b->vm, &b->sp, c, r);
		if (ret) {
			/* The first error of the case is the cause; cleanup
			 * may have added more. */
			status = UQ_UNMAP_FAILED;
			b->failed = true;
			reason = strdup(errs->n > mark ? errs->v[mark].message :
							 uq_errno_name(-ret));
		} else if (r->done < c->iterations) {
			if (asprintf(&reason,
				     "stopped after %" PRIu64 " of %" PRIu64
				     " iterations",
				     r->done, c->iterations) < 0)
				reason = NULL;
		}
		ret = warn_case(b->warnings, c, r, label);
	}
	j = uq_unmap_case_json(c, status, reason, r);
	if (!j || json_array_append_new(b->cases, j))
		ret = -ENOMEM;
	if (r)
		uq_unmap_result_fini(r);
	free(r);
	free(reason);
	return ret;
}

static int run_cases(struct bench *b, const struct unmap_opts *o)
{
	for (size_t s = 0; s < o->nsizes; s++) {
		for (unsigned int sync = SYNC_IMPLICIT; sync <= SYNC_EXPLICIT;
		     sync <<= 1) {
			for (unsigned int busy = BUSY_NONE; busy <= BUSY_CS;
			     busy <<= 1) {
				const struct uq_unmap_case c = {
					.op = o->op,
					.size = o->sizes[s],
					.ranges = o->ranges,
					.explicit_sync = sync == SYNC_EXPLICIT,
					.busy = busy == BUSY_CS,
					.busy_ms = o->busy_ms,
					.iterations = o->iterations,
				};

				if (!(o->sync & sync) || !(o->busy & busy))
					continue;
				if (uq_stopped())
					return 0;
				if (run_case(b, &c))
					return -ENOMEM;
			}
		}
	}
	return 0;
}

/* The busy-VM CS, if any case needs it; a failure fails those cases. */
static void start_spinner(struct bench *b, int ip)
{
	const struct uq_error *e;

	b->spinner_err = uq_spinner_create(&b->vm, ip, &b->sp, b->run->errors);
	if (!b->spinner_err)
		return;
	e = uq_errors_last(b->run->errors);
	if (asprintf(&b->spinner_reason, "no busy-VM CS: %s",
		     e ? e->message : uq_errno_name(-b->spinner_err)) < 0)
		b->spinner_reason = NULL;
}

static int unmap_bench(struct uq_run *run, struct uq_device *dev,
		       const struct unmap_opts *o)
{
	struct bench b = { .run = run, .dev = dev };
	uint32_t ip;
	json_t *part;
	int ret, rc;

	part = json_pack(
		"{s:[], s:[], s:s, s:I, s:s?, s:s}", "cases", "warnings", "op",
		uq_prt_op_name(o->op), "iterations", (json_int_t)o->iterations,
		"busy_ip",
		(o->busy & BUSY_CS) && !uq_spinner_ring(dev, o->busy_ip, &ip) ?
			uq_ip_name(ip) :
			NULL,
		"ranges_timing", "one GEM_VA per range, timed together");
	if (uq_report_set(run->doc, "results", "unmap", part))
		goto oom;
	b.cases = json_object_get(part, "cases");
	b.warnings = json_object_get(part, "warnings");
	if (warn_run(part, b.warnings, dev))
		goto oom;

	ret = uq_vm_init(&b.vm, dev, run->errors);
	if (ret)
		return UQ_EXIT_FAIL;
	if (o->busy & BUSY_CS)
		start_spinner(&b, o->busy_ip);
	ret = run_cases(&b, o);
	if (o->busy & BUSY_CS && !b.spinner_err)
		uq_spinner_destroy(&b.sp, run->errors);
	free(b.spinner_reason);
	if (uq_vm_fini(&b.vm, run->errors))
		b.failed = true;
	if (ret)
		goto oom;

	rc = uq_stop_exit_code();
	if (!rc && b.failed)
		rc = UQ_EXIT_FAIL;
	return rc;

oom:
	uq_error_add(run->errors, "unmap", ENOMEM, "%s: out of memory",
		     dev->node);
	return UQ_EXIT_FAIL;
}

static int unmap_run(struct uq_run *run)
{
	const struct unmap_opts *o = run->cmd_opts;
	struct uq_device *dev = NULL;
	struct uq_nodes nodes;
	size_t mark;
	int rc;

	/* An unreadable /dev/dri leaves the list empty; --device still
	 * works, and acquire says what is missing otherwise. */
	uq_nodes_scan(&nodes);
	rc = uq_device_acquire(run->opts, &nodes, run->errors, &dev);
	uq_nodes_free(&nodes);
	if (rc)
		return rc;
	if (uq_report_set(run->doc, NULL, "device", uq_report_device(dev))) {
		uq_error_add(run->errors, "unmap", ENOMEM, "%s: out of memory",
			     dev->node);
		rc = UQ_EXIT_FAIL;
	} else {
		mark = run->errors->n;
		rc = unmap_bench(run, dev, o);
		/* The line for a failed run is the first failure, not what
		 * cleanup or later cases recorded after it. */
		if (rc == UQ_EXIT_FAIL && run->errors->n > mark) {
			uq_error_print(&run->errors->v[mark]);
			run->reported = true;
		}
	}
	uq_device_close(dev);
	return rc;
}

/* --- text form --------------------------------------------------------- */

static void unmap_print_text(FILE *f, const json_t *doc)
{
	const json_t *dev = json_object_get(doc, "device");

	if (json_is_object(dev)) {
		const char *profile = json_string_value(
			json_object_get(dev, "emulator_profile"));

		fprintf(f, "%s: GFX %s, KMS %s%s%s; explicit-sync unmap %s\n",
			json_string_value(json_object_get(dev, "node")),
			json_string_value(json_object_get(dev, "gfx_ip")) ?:
									    "?",
			json_string_value(json_object_get(dev, "drm_version")),
			profile ? ", emulator profile " : "",
			profile ? profile : "",
			json_string_value(
				json_object_get(dev, "explicit_sync_unmap")));
	}
	uq_unmap_print_results(f, doc);
	uq_text_errors(f, doc);
}

const struct uq_command uq_cmd_unmap = {
	.name = "unmap",
	.summary = "PRT unmap latency, implicit/explicit sync",
	.args_doc = NULL,
	.doc = "Measure the GEM_VA removal of valid PRT mappings (UNMAP, CLEAR "
	       "or RADV-style REPLACE) with implicit sync and with "
	       "AMDGPU_VM_EXPLICIT_SYNC, on an idle VM and on a VM kept busy "
	       "by a kernel CS that a timer releases --busy-ms after t0. "
	       "ioctl_ns is the time the ioctl took, complete_ns the time "
	       "until its VM timeline point signalled.",
	.options = unmap_options,
	.parser = unmap_parse,
	.opts_size = sizeof(struct unmap_opts),
	.run = unmap_run,
	.print_text = unmap_print_text,
	.repeat = true,
};
