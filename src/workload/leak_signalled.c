// SPDX-License-Identifier: MIT
/*
 * dd88d42d9ca0 "drm/amdgpu: drop userq fence driver refs out of fence
 * process()" (releases.md §3.1). One producer per iteration, P0..Pn-1,
 * then the waiter W are created; iteration i: Pi SIGNALs into syncobj S,
 * W WAITs on S (count, then fill: the fill parks a reference to Pi's
 * fence driver on W), W SIGNALs, Pi is freed. W's wptr is never advanced,
 * so its fence is signalled at creation: without the fix the parked
 * reference moves into that fence and is never put, and Pi's fence driver
 * outlives Pi, one per iteration. The producers are created first so that
 * their fence drivers hold the lowest seq64 slots, where the seq64 probe
 * sees them (fence/seq64.c).
 *
 * The control SIGNALs on W once before the first WAIT instead, so that W
 * holds a last fence in both variants and the parked references are
 * dropped when W is freed. On a kernel without 8e051e38a8d4 every queue
 * that signalled leaks its fence driver anyway: the control then leaks as
 * much as the trigger, and the counts cannot show this leak.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "gpu/device.h"
#include "ioctl/drm_userq.h"
#include "leak.h"

unsigned int leak_signalled_slots(unsigned int iterations)
{
	return iterations + 1;
}

static int wait_on(const struct leak_env *env, const struct uq_queue *w,
		   uint32_t *sync)
{
	struct uapi_amdgpu_userq_fence_info f[2] = { { 0, 0 } };
	struct uapi_amdgpu_userq_wait args = uq_userq_wait_args(w->id, sync, 1);
	int fd = env->vm->dev->fd;
	uint16_t n = 0;
	int ret;

	ret = uq_userq_wait_count(fd, &args, &n);
	if (ret)
		return leak_fail(env, "AMDGPU_USERQ_WAIT", "USERQ_WAIT (count)",
				 ret);
	if (n != 1)
		return leak_fail(env, "AMDGPU_USERQ_WAIT",
				 "USERQ_WAIT (count) of one binary syncobj",
				 -EPROTO);
	ret = uq_userq_wait_fill(fd, &args, f, &n);
	if (ret)
		return leak_fail(env, "AMDGPU_USERQ_WAIT", "USERQ_WAIT (fill)",
				 ret);
	return 0;
}

int leak_signalled(const struct leak_env *env, struct leak_outcome *out)
{
	const unsigned int n = env->iterations;
	struct uq_queue w = { 0 }, *p;
	uint32_t sync = 0;
	int ret;

	out->reach = LEAK_REACHED;
	p = calloc(n, sizeof(*p));
	if (!p)
		return leak_fail(env, "leaks", "allocating the queues",
				 -ENOMEM);
	ret = leak_syncobj_create(env, &sync);
	for (unsigned int i = 0; !ret && i < n; i++)
		ret = leak_queue_create(env, i, &p[i]);
	if (!ret)
		ret = leak_queue_create(env, n, &w);
	if (!ret && env->variant == LEAK_CONTROL)
		ret = leak_signal(env, &w, NULL, 0);
	for (unsigned int i = 0; !ret && i < n; i++) {
		ret = leak_signal(env, &p[i], &sync, 1);
		if (!ret)
			ret = wait_on(env, &w, &sync);
		if (!ret && env->variant == LEAK_TRIGGER)
			ret = leak_signal(env, &w, NULL, 0);
		ret = leak_queue_destroy(env, &p[i], ret);
	}
	/* the syncobj first: its fence pins the last producer's driver */
	ret = leak_syncobj_destroy(env, &sync, ret);
	ret = leak_queue_destroy(env, &w, ret);
	for (unsigned int i = 0; i < n; i++)
		ret = leak_queue_destroy(env, &p[i], ret);
	free(p);
	snprintf(
		out->note, sizeof(out->note),
		"%u producer(s) waited on by one queue, %s", env->iterations,
		env->variant == LEAK_TRIGGER ?
			"which signalled after each WAIT (fence signalled at creation)" :
			"which signalled once before the first WAIT");
	return ret;
}
