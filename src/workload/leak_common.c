// SPDX-License-Identifier: MIT
/* What the leak scenarios share: their queues, syncobjs and SIGNALs, with
 * every failure recorded under the scenario's name. */
#include <errno.h>

#include "gpu/bo.h"
#include "gpu/device.h"
#include "ioctl/drm_syncobj.h"
#include "ioctl/drm_userq.h"
#include "leak.h"

int leak_fail(const struct leak_env *env, const char *where, const char *what,
	      int ret)
{
	uq_error_add(
		env->errs, where, -ret,
		"%s: leaks, scenario %s: %s failed: %s (%s); check dmesg for amdgpu errors",
		env->vm->dev->node, env->name, what, uq_errno_name(-ret),
		uq_errno_desc(-ret));
	return ret;
}

int leak_queue_create(const struct leak_env *env, unsigned int slot,
		      struct uq_queue *q)
{
	/* uq_queue_create() records its own failing step */
	return uq_queue_create(env->vm, env->db, env->ip, slot, q, env->errs);
}

int leak_queue_destroy(const struct leak_env *env, struct uq_queue *q, int ret)
{
	int r = q->id ? uq_queue_destroy(env->vm, q, env->errs) : 0;

	return ret ? ret : r;
}

int leak_syncobj_create(const struct leak_env *env, uint32_t *handle)
{
	int ret = uq_drm_syncobj_create(env->vm->dev->fd, handle);

	if (ret) {
		*handle = 0;
		return leak_fail(env, "SYNCOBJ_CREATE", "SYNCOBJ_CREATE", ret);
	}
	return 0;
}

int leak_syncobj_destroy(const struct leak_env *env, uint32_t *handle, int ret)
{
	int r = 0;

	if (*handle)
		r = uq_syncobj_destroy(env->vm->dev, *handle,
				       "a leak scenario's syncobj", env->errs);
	*handle = 0;
	return ret ? ret : r;
}

int leak_signal(const struct leak_env *env, const struct uq_queue *q,
		const uint32_t *sync, uint16_t nsync)
{
	struct uapi_amdgpu_userq_signal args =
		uq_userq_signal_args(q->id, sync, nsync);
	int ret = uq_userq_signal(env->vm->dev->fd, &args);

	if (ret)
		return leak_fail(env, "AMDGPU_USERQ_SIGNAL", "USERQ_SIGNAL",
				 ret);
	return 0;
}
