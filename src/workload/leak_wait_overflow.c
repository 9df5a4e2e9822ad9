// SPDX-License-Identifier: MIT
/*
 * 49abfa812617 "drm/amdgpu/userq: Fix reference leak in
 * amdgpu_userq_wait_ioctl" (releases.md §3.1, §4.3). Producers P1 and P2
 * SIGNAL into syncobjs S1 and S2; the waiter W counts the fences of
 * [S1, S2] (2), then fills with room for one. Up to 7.0 the fill fails
 * with EINVAL, and without the fix the reference it took on the fence
 * that did not fit (P2's) is never put: one fence per iteration stays
 * allocated and pins P2's fence driver. From 7.1 (1cc16538402a) the
 * surplus fence is waited for in the ioctl, which succeeds: the path is
 * gone (not applicable). W never SIGNALs, so dd88d42d9ca0 plays no part.
 *
 * P2, P1 and W are created in that order, so that P2's fence driver, the
 * one the leak pins, holds the lowest seq64 slot, where the seq64 probe
 * sees it (fence/seq64.c). The control fills with room for every fence. Both variants end with a
 * SIGNAL on each producer, so that the fences a kernel without
 * 8e051e38a8d4 leaks at teardown are not ones the overflow leaked.
 */
#include <errno.h>
#include <stdio.h>

#include "gpu/device.h"
#include "ioctl/drm_userq.h"
#include "leak.h"

#define PRODUCERS 2

unsigned int leak_wait_overflow_slots(unsigned int iterations)
{
	(void)iterations;
	return PRODUCERS + 1;
}

/* One WAIT of W on @sync: count, then fill with room for 1 (trigger) or
 * for all. *@overflowed: the fill failed with EINVAL as the kernels
 * without 1cc16538402a fail it. */
static int wait_once(const struct leak_env *env, const struct uq_queue *w,
		     uint32_t *sync, bool *overflowed)
{
	struct uapi_amdgpu_userq_fence_info f[PRODUCERS + 2] = { { 0, 0 } };
	struct uapi_amdgpu_userq_wait args =
		uq_userq_wait_args(w->id, sync, PRODUCERS);
	int fd = env->vm->dev->fd;
	uint16_t n = 0;
	int ret;

	*overflowed = false;
	ret = uq_userq_wait_count(fd, &args, &n);
	if (ret)
		return leak_fail(env, "AMDGPU_USERQ_WAIT", "USERQ_WAIT (count)",
				 ret);
	if (n < PRODUCERS || n > PRODUCERS + 2)
		return leak_fail(env, "AMDGPU_USERQ_WAIT",
				 "USERQ_WAIT (count) of two binary syncobjs",
				 -EPROTO);
	if (env->variant == LEAK_TRIGGER)
		n = 1;
	ret = uq_userq_wait_fill(fd, &args, f, &n);
	if (ret == -EINVAL && env->variant == LEAK_TRIGGER) {
		*overflowed = true;
		return 0;
	}
	if (ret)
		return leak_fail(env, "AMDGPU_USERQ_WAIT",
				 env->variant == LEAK_TRIGGER ?
					 "USERQ_WAIT (fill, room for 1 fence)" :
					 "USERQ_WAIT (fill)",
				 ret);
	return 0;
}

static int signal_all(const struct leak_env *env, const struct uq_queue *p,
		      uint32_t *sync)
{
	int ret = 0;

	for (unsigned int k = 0; !ret && k < PRODUCERS; k++)
		ret = leak_signal(env, &p[k], &sync[k], 1);
	return ret;
}

int leak_wait_overflow(const struct leak_env *env, struct leak_outcome *out)
{
	struct uq_queue w = { 0 }, p[PRODUCERS] = { { 0 } };
	uint32_t sync[PRODUCERS] = { 0 };
	unsigned int failed = 0, done = 0;
	bool overflowed;
	int ret = 0;

	out->reach = LEAK_REACHED;
	for (unsigned int k = 0; !ret && k < PRODUCERS; k++)
		ret = leak_syncobj_create(env, &sync[k]);
	for (unsigned int k = PRODUCERS; !ret && k-- > 0;)
		ret = leak_queue_create(env, k, &p[k]);
	if (!ret)
		ret = leak_queue_create(env, PRODUCERS, &w);
	for (unsigned int i = 0; !ret && i < env->iterations; i++) {
		ret = signal_all(env, p, sync);
		if (!ret)
			ret = wait_once(env, &w, sync, &overflowed);
		if (!ret) {
			done++;
			failed += overflowed;
		}
	}
	if (!ret)
		ret = signal_all(env, p, sync);
	for (unsigned int k = 0; k < PRODUCERS; k++)
		ret = leak_syncobj_destroy(env, &sync[k], ret);
	ret = leak_queue_destroy(env, &w, ret);
	for (unsigned int k = 0; k < PRODUCERS; k++)
		ret = leak_queue_destroy(env, &p[k], ret);
	if (env->variant == LEAK_TRIGGER) {
		out->reach = failed == done ? LEAK_REACHED :
			     failed	    ? LEAK_MIXED :
					      LEAK_UNREACHABLE;
		snprintf(
			out->note, sizeof(out->note),
			"USERQ_WAIT (fill) with room for 1 of %u fences: EINVAL %u time(s), success %u time(s)",
			PRODUCERS, failed, done - failed);
	} else {
		snprintf(
			out->note, sizeof(out->note),
			"USERQ_WAIT (fill) with room for every fence, %u time(s)",
			done);
	}
	return ret;
}
