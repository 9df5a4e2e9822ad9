/* SPDX-License-Identifier: MIT */
/*
 * One case of the unmap benchmark (gem-va-prt.md §7): op x size x sync x
 * busy, measured over N iterations. Per iteration:
 *
 *   1. MAP | PRT the ranges and wait for their timeline point, so the
 *      mappings are valid and removing them queues page-table work
 *      (replace: the ranges are mapped once; each REPLACE leaves them
 *      mapped and valid again once its point has signalled);
 *   2. busy: submit the spinner CS (same DRM file, same VM);
 *   3. t0; busy: arm the spinner's release at t0 + busy_ms; tv;
 *   4. the GEM_VA op on every range (+ AMDGPU_VM_EXPLICIT_SYNC), each
 *      exporting its update to the VM timeline; t1 when the last returns;
 *   5. wait for the last point (WAIT_ALL | WAIT_FOR_SUBMIT, with a
 *      timeout); t2;
 *   6. busy: wait for the CS fence (with a timeout).
 *
 *   ioctl_ns = t1 - tv, complete_ns = t2 - t0.
 *
 * Without the spinner t0 == tv. With it, t0 precedes the arming of the
 * release (one timerfd_settime) so that the release is exactly busy_ms
 * after t0, and an implicitly synced unmap's complete_ns is at least
 * busy_ms by construction; the arming is kept out of ioctl_ns. The release
 * is armed before the ioctl rather than after it, so that a kernel that
 * waits inside the ioctl (CPU page-table updates) cannot deadlock against
 * its own release.
 *
 * With several ranges, each gets its own GEM_VA (as RADV unbinds tile by
 * tile): ioctl_ns covers all of them, complete_ns ends when the last
 * range's point signals (timeline points signal in order).
 */
#ifndef UQ_SRC_UNMAP_CASE_H
#define UQ_SRC_UNMAP_CASE_H

#include <stdbool.h>
#include <stdint.h>

#include "gpu/bo.h"
#include "measure/hist.h"
#include "measure/measure.h"
#include "gpu/prt.h"
#include "gpu/spinner.h"

struct uq_run;

struct uq_unmap_case {
	enum uq_prt_op op;
	uint64_t size; /* bytes per range */
	unsigned int ranges;
	bool explicit_sync; /* add AMDGPU_VM_EXPLICIT_SYNC */
	bool busy; /* keep the VM busy with the spinner CS */
	unsigned int busy_ms;
	uint64_t iterations;
};

/* A PRT MAP on an idle VM with nothing left to clear takes a page-table
 * job; far longer means it waited for something (gem-va-prt.md §5.1). */
#define UQ_UNMAP_SLOW_MAP_NS 1000000ull

/* Metric indices of struct uq_unmap_result's metrics. */
enum {
	UQ_UNMAP_IOCTL,
	UQ_UNMAP_COMPLETE,
	UQ_UNMAP_METRICS,
};

struct uq_unmap_result {
	struct uq_metrics m; /* ioctl_ns, complete_ns */
	bool m_ready; /* m was initialised */
	struct uq_hist map; /* PRT MAP to signalled, per map (not timed) */
	/* Maps after the first (which also allocates the page tables of a
	 * fresh VA region) that took longer than UQ_UNMAP_SLOW_MAP_NS. */
	uint64_t slow_maps;
	uint64_t done; /* measured iterations */
	char label[64]; /* progress line and --samples metric prefix */
};

/**
 * uq_unmap_case_measure - run one case. @sp must be a created spinner for a
 * busy case, and is not used otherwise. On failure the spinner is
 * released and waited for, the ranges are cleared, and the iterations
 * measured so far stay in @r.
 * Returns 0 (also when stopped by uq_stopped()) or -errno of the failed
 * step, which is recorded in run->errors.
 */
int uq_unmap_case_measure(struct uq_run *run, struct uq_vm *vm,
			  struct uq_spinner *sp, const struct uq_unmap_case *c,
			  struct uq_unmap_result *r);

/* Free what uq_unmap_case_measure() left in @r. */
void uq_unmap_result_fini(struct uq_unmap_result *r);

#endif
