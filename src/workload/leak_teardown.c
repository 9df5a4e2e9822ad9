// SPDX-License-Identifier: MIT
/*
 * 8e051e38a8d4 "drm/amdgpu/userq: Fix fence reference leak on queue
 * teardown v2" (releases.md §3.1): each iteration creates a queue, SIGNALs
 * once into a syncobj and frees the queue. Without the fix the queue's
 * last_fence is never put: the fence stays allocated and pins the queue's
 * fence driver (and its seq64 slot), one of each per iteration. There is
 * no WAIT, so no other known leak can add to the count.
 */
#include <stdio.h>

#include "leak.h"

unsigned int leak_teardown_slots(unsigned int iterations)
{
	return iterations;
}

int leak_teardown(const struct leak_env *env, struct leak_outcome *out)
{
	uint32_t sync = 0;
	int ret;

	out->reach = LEAK_REACHED;
	ret = leak_syncobj_create(env, &sync);
	for (unsigned int i = 0; !ret && i < env->iterations; i++) {
		struct uq_queue q = { 0 };

		ret = leak_queue_create(env, i, &q);
		if (ret)
			break;
		if (env->variant == LEAK_TRIGGER)
			ret = leak_signal(env, &q, &sync, 1);
		ret = leak_queue_destroy(env, &q, ret);
	}
	ret = leak_syncobj_destroy(env, &sync, ret);
	snprintf(out->note, sizeof(out->note),
		 "%u queue(s) created, %s and freed", env->iterations,
		 env->variant == LEAK_TRIGGER ? "each signalled once" :
						"never signalled");
	return ret;
}
