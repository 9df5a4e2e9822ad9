/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "uapi/experimental/amdgpu_vm_explicit_sync.h"
#include "unmap_case.h"
#include "report/unmap_report.h"

static const char *const metric_names[UQ_UNMAP_METRICS] = {
	[UQ_UNMAP_IOCTL] = "ioctl_ns",
	[UQ_UNMAP_COMPLETE] = "complete_ns",
};

struct bench {
	struct uq_vm *vm;
	struct uq_spinner *sp;
	struct uq_prt prt;
	struct uq_errors *errs;
	struct uq_unmap_result *r;
	enum uq_prt_op op;
	uint32_t flags; /* AMDGPU_VM_EXPLICIT_SYNC or 0 */
	uint64_t busy_ns;
	/* Step 1: map the ranges (or nothing, for replace). */
	int (*prepare)(struct bench *b);
};

/* MAP | PRT every range and wait until the mappings are valid. */
static int map_ranges(struct bench *b)
{
	uint64_t t = uq_now_ns(), point = 0;
	int ret;

	ret = uq_prt_map(&b->prt, &point, b->errs);
	if (!ret)
		ret = uq_vm_wait(b->vm, point, UQ_VM_WAIT_TIMEOUT_NS, b->errs);
	t = uq_now_ns() - t;
	if (b->r->map.count && t > UQ_UNMAP_SLOW_MAP_NS)
		b->r->slow_maps++;
	uq_hist_record(&b->r->map, t);
	return ret;
}

static int nothing(struct bench *b)
{
	(void)b;
	return 0;
}

static int measure_idle(struct bench *b)
{
	struct uq_metrics *m = &b->r->m;
	uint64_t t0, t1, t2, point = 0;
	int ret;

	while (!uq_stopped() && !uq_metrics_done(m)) {
		uint64_t *row = uq_metrics_row(m);

		ret = b->prepare(b);
		if (ret)
			return ret;
		t0 = uq_now_ns();
		ret = uq_prt_op(&b->prt, b->op, b->flags, &point, b->errs);
		t1 = uq_now_ns();
		if (ret)
			return ret;
		ret = uq_vm_wait(b->vm, point, UQ_VM_WAIT_TIMEOUT_NS, b->errs);
		t2 = uq_now_ns();
		if (ret)
			return ret;
		row[UQ_UNMAP_IOCTL] = t1 - t0;
		row[UQ_UNMAP_COMPLETE] = t2 - t0;
		uq_metrics_commit(m);
	}
	return 0;
}

static int measure_busy(struct bench *b)
{
	struct uq_metrics *m = &b->r->m;
	uint64_t timeout = b->busy_ns + UQ_VM_WAIT_TIMEOUT_NS;
	uint64_t t0, tv, t1, t2, point = 0;
	int ret;

	while (!uq_stopped() && !uq_metrics_done(m)) {
		uint64_t *row = uq_metrics_row(m);

		ret = b->prepare(b);
		if (!ret)
			ret = uq_spinner_submit(b->sp, b->errs);
		if (ret)
			return ret;
		t0 = uq_now_ns();
		ret = uq_spinner_release_at(b->sp, t0 + b->busy_ns, b->errs);
		tv = uq_now_ns();
		if (!ret)
			ret = uq_prt_op(&b->prt, b->op, b->flags, &point,
					b->errs);
		t1 = uq_now_ns();
		if (!ret)
			ret = uq_vm_wait(b->vm, point, timeout, b->errs);
		t2 = uq_now_ns();
		if (!ret)
			ret = uq_spinner_wait(b->sp, timeout, b->errs);
		if (ret)
			return ret;
		row[UQ_UNMAP_IOCTL] = t1 - tv;
		row[UQ_UNMAP_COMPLETE] = t2 - t0;
		uq_metrics_commit(m);
	}
	return 0;
}

int uq_unmap_case_measure(struct uq_run *run, struct uq_vm *vm,
			  struct uq_spinner *sp, const struct uq_unmap_case *c,
			  struct uq_unmap_result *r)
{
	struct bench b = {
		.vm = vm,
		.sp = c->busy ? sp : NULL,
		.errs = run->errors,
		.r = r,
		.op = c->op,
		.flags = c->explicit_sync ? AMDGPU_VM_EXPLICIT_SYNC : 0,
		.busy_ns = (uint64_t)c->busy_ms * 1000000ull,
		.prepare = c->op == UQ_PRT_REPLACE ? nothing : map_ranges,
	};
	char size[24];
	int ret;

	memset(r, 0, sizeof(*r));
	uq_hist_init(&r->map);
	snprintf(r->label, sizeof(r->label), "%s.%s.x%u.%s.%s",
		 uq_prt_op_name(c->op),
		 uq_unmap_size_str(c->size, size, sizeof(size)), c->ranges,
		 c->explicit_sync ? "explicit" : "implicit",
		 c->busy ? "busy" : "idle");
	ret = uq_metrics_init(&r->m, run, metric_names, UQ_UNMAP_METRICS,
			      c->iterations, 0, r->label);
	if (ret)
		return ret;
	r->m_ready = true;
	r->m.sample_prefix = r->label;

	ret = uq_prt_create(vm, c->size, c->ranges, &b.prt, b.errs);
	if (ret)
		goto out;
	/* replace keeps the ranges mapped: map them once. */
	if (c->op == UQ_PRT_REPLACE)
		ret = map_ranges(&b);
	if (!ret)
		ret = c->busy ? measure_busy(&b) : measure_idle(&b);
	if (ret && b.sp) {
		uq_spinner_release(b.sp);
		uq_spinner_wait(b.sp, b.busy_ns + UQ_VM_WAIT_TIMEOUT_NS,
				b.errs);
	}
	uq_prt_destroy(&b.prt, b.errs);
out:
	uq_metrics_finish(&r->m);
	r->done = uq_metrics_count(&r->m);
	return ret;
}

void uq_unmap_result_fini(struct uq_unmap_result *r)
{
	if (r->m_ready)
		uq_metrics_fini(&r->m);
	r->m_ready = false;
}
