/* SPDX-License-Identifier: MIT */
/*
 * The verdict of one leak check, and its JSON (results.leaks.checks[],
 * schema "leak_check"), from the fence sources' counts of the scenario's
 * trigger and control runs.
 */
#ifndef UQ_SRC_LEAKS_VERDICT_H
#define UQ_SRC_LEAKS_VERDICT_H

#include <stdbool.h>

#include <jansson.h>

#include "known.h"

/* One run of a scenario variant, on a DRM file of its own. */
struct uq_leak_run {
	bool ran; /* the scenario and the counts after it completed */
	bool gone; /* the device could not be opened again (69) */
	int ret; /* 0, or the -errno of what failed */
	json_t *sources; /* uq_fence_acct_json(); NULL if none */
	struct leak_outcome out;
};

/**
 * uq_leak_check_json - the check's status and evidence.
 * @ip: the IP of the scenarios' queues.
 * @t: the trigger run.
 * @c: the control run; NULL when the row has none.
 * @error: the message of the failure that stopped a run, or NULL.
 *
 * Returns the check object, or NULL when out of memory.
 */
json_t *uq_leak_check_json(const struct uq_leak_fix *fix, unsigned int ip,
			   const struct uq_leak_run *t,
			   const struct uq_leak_run *c, const char *error);

/* The check, unknown without a run, for @reason (no device, no user
 * queues); NULL when out of memory. */
json_t *uq_leak_check_untested(const struct uq_leak_fix *fix,
			       const char *reason);

#endif
