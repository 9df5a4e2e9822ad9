/* SPDX-License-Identifier: MIT */
/*
 * The scenarios of `userq-bench leaks` (releases.md §3): one function per
 * known userq fence leak, each exercising the ioctl sequence that leaks on
 * a kernel without the fix. A scenario runs on a DRM file of its own,
 * between the "before" and "after" reads of the fence-driver sources
 * (cmd/leaks.c), creates its queues and syncobjs itself and frees all of
 * them before it returns, on every path.
 *
 * Each scenario has two variants: LEAK_TRIGGER takes the leaking step,
 * LEAK_CONTROL does the same work without it. What the trigger leaks
 * beyond the control is the leak of the fix's bug; a control that leaks by
 * itself shows that another leak (the teardown leak, 8e051e38a8d4) hides
 * the one under test.
 */
#ifndef UQ_SRC_WORKLOAD_LEAK_H
#define UQ_SRC_WORKLOAD_LEAK_H

#include <stdbool.h>
#include <stdint.h>

#include "gpu/userq.h"
#include "report/errors.h"

enum leak_variant {
	LEAK_TRIGGER,
	LEAK_CONTROL,
};

/* Whether the kernel took the path that leaks, as the scenario saw it. */
enum leak_reach {
	LEAK_REACHED, /* every iteration took it */
	LEAK_UNREACHABLE, /* no iteration could (e.g. the call succeeded) */
	LEAK_MIXED, /* some did, some did not: nothing can be concluded */
};

struct leak_env {
	struct uq_vm *vm;
	struct uq_doorbell *db;
	unsigned int ip;
	unsigned int iterations;
	enum leak_variant variant;
	const char *name; /* the scenario's name, for messages */
	struct uq_errors *errs;
};

struct leak_outcome {
	enum leak_reach reach;
	/* One line on what the kernel did, e.g. "USERQ_WAIT with room for
	 * 1 of 2 fences returned EINVAL 4 times". */
	char note[160];
};

/*
 * A scenario: 0, or -errno of the step that failed (recorded in env->errs;
 * everything it created is freed by then).
 */
typedef int (*leak_scenario_fn)(const struct leak_env *env,
				struct leak_outcome *out);

/* The doorbell slots a scenario's queues use, from 0; the seq64 probe
 * takes the next one. */
unsigned int leak_teardown_slots(unsigned int iterations);
unsigned int leak_signalled_slots(unsigned int iterations);
unsigned int leak_wait_overflow_slots(unsigned int iterations);

/* 8e051e38a8d4: fresh queues that SIGNAL once and are freed. */
int leak_teardown(const struct leak_env *env, struct leak_outcome *out);
/* dd88d42d9ca0: WAIT fill on a fresh producer's fence, then SIGNAL. */
int leak_signalled(const struct leak_env *env, struct leak_outcome *out);
/* 49abfa812617: fill-mode WAIT with room for fewer fences than it finds. */
int leak_wait_overflow(const struct leak_env *env, struct leak_outcome *out);

/* --- shared by the scenarios (workload/leak_common.c) --- */

/* A queue at doorbell @slot; 0 or -errno (recorded). */
int leak_queue_create(const struct leak_env *env, unsigned int slot,
		      struct uq_queue *q);
/* Free @q if created. Teardown goes on after a failure, so these take the
 * scenario's result so far and return it, or this step's -errno
 * (recorded) when it is the first failure. */
int leak_queue_destroy(const struct leak_env *env, struct uq_queue *q, int ret);
/* A binary syncobj; 0 or -errno (recorded). */
int leak_syncobj_create(const struct leak_env *env, uint32_t *handle);
/* Destroy @handle if not 0, then zero it; the result as above. */
int leak_syncobj_destroy(const struct leak_env *env, uint32_t *handle, int ret);
/* SIGNAL(@q -> @nsync syncobjs); 0 or -errno (recorded). */
int leak_signal(const struct leak_env *env, const struct uq_queue *q,
		const uint32_t *sync, uint16_t nsync);
/* Record the failure @ret of @what in the scenario; returns @ret. */
int leak_fail(const struct leak_env *env, const char *where, const char *what,
	      int ret);

#endif
