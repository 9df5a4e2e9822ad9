/* SPDX-License-Identifier: MIT */
/*
 * The known userq fence leaks and their fixes (releases.md §3), as data:
 * one row per fix. Adding a fix is adding a row here and its scenario in
 * src/workload/ (workload/leak.h); `userq-bench leaks` needs nothing else.
 */
#ifndef UQ_SRC_LEAKS_KNOWN_H
#define UQ_SRC_LEAKS_KNOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "workload/leak.h"

#define UQ_LEAK_COMMIT_LEN 12

struct uq_leak_fix {
	const char *commit; /* 12 hex digits, the mainline (or drm-next) id */
	const char *name; /* short, for KTAP and the text table */
	const char *title; /* the commit's subject */
	const char *mechanism; /* in ioctl terms */
	const char *first_release; /* first mainline release with the fix */
	const char *const *backports; /* known stable backports; NULL-ended */
	const char *scenario; /* the scenario's name */
	leak_scenario_fn run;
	unsigned int (*slots)(unsigned int iterations);
	unsigned int iterations;
	/* Run a control variant and count only what the trigger leaks
	 * beyond it. */
	bool control;
	/* What a source must count to see the leak ("fence_drivers",
	 * "fences"); NULL-ended. Other sources are shown, not asked. */
	const char *const *seen_as;
	/* The fix whose absence hides this leak (the control leaks as much
	 * as the trigger), and which this fix followed in every known tree,
	 * so that a kernel without it lacks this fix too; NULL: none. */
	const char *masked_by;
	/* Why the path can be unreachable (not-applicable); NULL: never. */
	const char *unreachable_reason;
};

extern const struct uq_leak_fix uq_leak_fixes[];
extern const size_t uq_leak_nfixes;

#endif
