// SPDX-License-Identifier: MIT
/*
 * Contexts (amdgpu_ctx.c): DRM_IOCTL_AMDGPU_CTX, the per-file context
 * manager, the scheduler entity of each (context, IP, ring) with the
 * fences of its last AMDGPU_CTX_SCHED_JOBS submissions, and what closing
 * the file does to them (amdgpu_flush, amdgpu_ctx_mgr_fini).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "amdgpu_ctx.h"
#include "amdgpu_bo_list.h"
#include "amdgpu_priv.h"
#include "emu/audit.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "emu/dma-buf/dma-fence.h"

/* AMDGPU_VM_MAX_NUM_CTX: context ids are 1..4095 */
#define AMDGPU_VM_MAX_NUM_CTX 4096u
#define AMDGPU_MAX_ENTITY_NUM 4u
/* MAX_WAIT_SCHED_ENTITY_Q_EMPTY (msecs_to_jiffies(1000)): what
 * amdgpu_flush gives amdgpu_vm_wait_idle at close */
#define VM_WAIT_IDLE_NS (1000ull * 1000 * 1000)

/* amdgpu_ctx_num_entities[]: rings a context may address per IP */
static const unsigned int ctx_num_entities[AMDGPU_EMU_HW_IP_NUM] = {
	[AMDGPU_HW_IP_GFX] = 1,	     [AMDGPU_HW_IP_COMPUTE] = 4,
	[AMDGPU_HW_IP_DMA] = 2,	     [AMDGPU_HW_IP_UVD] = 1,
	[AMDGPU_HW_IP_VCE] = 1,	     [AMDGPU_HW_IP_UVD_ENC] = 1,
	[AMDGPU_HW_IP_VCN_DEC] = 1,  [AMDGPU_HW_IP_VCN_ENC] = 1,
	[AMDGPU_HW_IP_VCN_JPEG] = 1, [AMDGPU_HW_IP_VPE] = 1,
};

struct amdgpu_ctx {
	unsigned int refs; /* kref */
	uint32_t id;
	int32_t init_priority;
	unsigned int reset_counter; /* gpu_reset_counter at creation */
	unsigned int reset_counter_query; /* ... at the last QUERY_STATE */
	uint32_t stable_pstate; /* the device's level at creation */
	struct amdgpu_ctx_entity
		*entities[AMDGPU_EMU_HW_IP_NUM][AMDGPU_MAX_ENTITY_NUM];
};

/* fpriv->ctx_mgr, plus fpriv->bo_list_handles */
struct amdgpu_ctx_mgr {
	struct emu_idr ctx_handles;
	struct emu_idr bo_lists;
};

static struct amdgpu_ctx_mgr *ctx_mgr(struct emu_file *file)
{
	return amdgpu_fpriv(file) ? amdgpu_fpriv(file)->ctx_mgr : NULL;
}

struct emu_idr *amdgpu_ctx_mgr_bo_lists(struct emu_file *file)
{
	return &ctx_mgr(file)->bo_lists;
}

/* --- entities -------------------------------------------------------- */

int amdgpu_ctx_get_entity(struct amdgpu_ctx *ctx, uint32_t hw_ip,
			  uint32_t instance, uint32_t ring,
			  struct amdgpu_ctx_entity **entity)
{
	struct amdgpu_ctx_entity *centity;

	/* amdgpu_ctx_get_entity: unknown IP, "Right now all IPs have only
	 * one instance", ring beyond amdgpu_ctx_num_entities */
	if (hw_ip >= AMDGPU_EMU_HW_IP_NUM)
		return -EINVAL;
	if (instance != 0)
		return -EINVAL;
	if (ring >= ctx_num_entities[hw_ip])
		return -EINVAL;

	/* amdgpu_ctx_init_entity, on first use; an IP without a scheduler
	 * still gets an entity (entity->rq NULL) */
	centity = ctx->entities[hw_ip][ring];
	if (!centity) {
		centity = calloc(1, sizeof(*centity));
		if (!centity)
			return -ENOMEM;
		amdgpu_sched_entity_init(&centity->entity, hw_ip);
		centity->sequence = 1;
		ctx->entities[hw_ip][ring] = centity;
	}
	/* drm_sched_entity_error: once a job of the entity failed (a reset,
	 * a killed entity), CS, WAIT_CS and the dependency lookups of the
	 * entity return that job's error */
	if (centity->entity.last_scheduled &&
	    centity->entity.last_scheduled->error)
		return centity->entity.last_scheduled->error;
	*entity = centity;
	return 0;
}

uint64_t amdgpu_ctx_add_fence(struct amdgpu_ctx_entity *centity,
			      struct emu_fence *fence)
{
	uint64_t seq = centity->sequence;
	unsigned int idx = seq & (AMDGPU_CTX_SCHED_JOBS - 1);
	struct emu_fence *other = centity->fences[idx];

	/* amdgpu_ctx_add_fence: WARN_ON(other && !signaled); the CS waited
	 * for it (amdgpu_ctx_wait_prev_fence) */
	EMU_WARN_ON(other && !emu_fence_is_signaled(other));
	centity->fences[idx] = emu_fence_get(fence);
	centity->sequence++;
	emu_fence_put(other);
	return seq;
}

int amdgpu_ctx_get_fence(struct amdgpu_ctx_entity *centity, uint64_t seq,
			 struct emu_fence **fence)
{
	*fence = NULL;
	/* amdgpu_ctx_get_fence: ~0 is the latest submission */
	if (seq == ~0ull)
		seq = centity->sequence - 1;
	if (seq >= centity->sequence)
		return -EINVAL;
	/* older than the kept window: long signalled */
	if (seq + AMDGPU_CTX_SCHED_JOBS < centity->sequence)
		return 0;
	*fence = emu_fence_get(
		centity->fences[seq & (AMDGPU_CTX_SCHED_JOBS - 1)]);
	return 0;
}

struct emu_fence *amdgpu_ctx_prev_fence(struct amdgpu_ctx_entity *centity)
{
	return centity->fences[centity->sequence & (AMDGPU_CTX_SCHED_JOBS - 1)];
}

/* --- contexts -------------------------------------------------------- */

/*
 * amdgpu_ctx_set_stable_pstate: one context at a time may force a level
 * (-EBUSY for the others); NONE returns the device to auto.
 */
static int set_stable_pstate(struct amdgpu_ctx *ctx, uint32_t level)
{
	if (emu_dev.adev.stable_pstate_ctx &&
	    emu_dev.adev.stable_pstate_ctx != ctx)
		return -EBUSY;
	if (level == emu_dev.adev.stable_pstate_level)
		return 0;
	emu_dev.adev.stable_pstate_level = level;
	emu_dev.adev.stable_pstate_ctx =
		level == AMDGPU_CTX_STABLE_PSTATE_NONE ? NULL : ctx;
	return 0;
}

/* amdgpu_ctx_do_release: drm_sched_entity_destroy (flush, then kill) of
 * every entity, then amdgpu_ctx_fini. */
static void ctx_release(struct amdgpu_ctx *ctx)
{
	unsigned int i, j, k;

	for (i = 0; i < AMDGPU_EMU_HW_IP_NUM; i++) {
		for (j = 0; j < AMDGPU_MAX_ENTITY_NUM; j++) {
			struct amdgpu_ctx_entity *centity = ctx->entities[i][j];

			if (!centity)
				continue;
			amdgpu_sched_entity_flush(&centity->entity);
			amdgpu_sched_entity_fini(&centity->entity);
		}
	}
	for (i = 0; i < AMDGPU_EMU_HW_IP_NUM; i++) {
		for (j = 0; j < AMDGPU_MAX_ENTITY_NUM; j++) {
			struct amdgpu_ctx_entity *centity = ctx->entities[i][j];

			if (!centity)
				continue;
			for (k = 0; k < AMDGPU_CTX_SCHED_JOBS; k++)
				emu_fence_put(centity->fences[k]);
			free(centity);
		}
	}
	/* amdgpu_ctx_fini: back to the level the device had at creation */
	set_stable_pstate(ctx, ctx->stable_pstate);
	if (emu_dev.adev.stable_pstate_ctx == ctx)
		emu_dev.adev.stable_pstate_ctx = NULL;
	free(ctx);
}

struct amdgpu_ctx *amdgpu_ctx_get(struct emu_file *file, uint32_t id)
{
	struct amdgpu_ctx_mgr *mgr = ctx_mgr(file);
	struct amdgpu_ctx *ctx = mgr ? emu_idr_find(&mgr->ctx_handles, id) :
				       NULL;

	if (ctx)
		ctx->refs++;
	return ctx;
}

void amdgpu_ctx_put(struct amdgpu_ctx *ctx)
{
	if (ctx && !EMU_WARN_ON(!ctx->refs) && --ctx->refs == 0)
		ctx_release(ctx);
}

/* amdgpu_ctx_priority_is_valid */
static bool priority_is_valid(int32_t prio)
{
	switch (prio) {
	case AMDGPU_CTX_PRIORITY_UNSET:
	case AMDGPU_CTX_PRIORITY_VERY_LOW:
	case AMDGPU_CTX_PRIORITY_LOW:
	case AMDGPU_CTX_PRIORITY_NORMAL:
	case AMDGPU_CTX_PRIORITY_HIGH:
	case AMDGPU_CTX_PRIORITY_VERY_HIGH:
		return true;
	default:
		return false;
	}
}

/* amdgpu_ctx_priority_permit: above NORMAL needs CAP_SYS_NICE or DRM
 * master (a render node never is) */
static int priority_permit(int32_t prio)
{
	if (!priority_is_valid(prio))
		return -EINVAL;
	if (prio <= AMDGPU_CTX_PRIORITY_NORMAL)
		return 0;
	return emu_unprivileged() ? -EACCES : 0;
}

/* amdgpu_ctx_alloc: the id first (lowest free in 1..4095), then
 * amdgpu_ctx_init, whose failure gives the id back and reports id 0 */
static int ctx_alloc(struct amdgpu_ctx_mgr *mgr, int32_t priority, uint32_t *id)
{
	struct amdgpu_ctx *ctx = calloc(1, sizeof(*ctx));
	int r;

	if (!ctx)
		return -ENOMEM;
	r = emu_idr_alloc(&mgr->ctx_handles, ctx, 1, AMDGPU_VM_MAX_NUM_CTX);
	if (r < 0) {
		free(ctx);
		return r;
	}
	*id = (uint32_t)r;
	r = priority_permit(priority);
	if (r) {
		emu_idr_remove(&mgr->ctx_handles, *id);
		*id = 0;
		free(ctx);
		return r;
	}
	ctx->refs = 1;
	ctx->id = *id;
	ctx->init_priority = priority;
	ctx->reset_counter = amdgpu_sched_gpu_reset_counter();
	ctx->reset_counter_query = ctx->reset_counter;
	ctx->stable_pstate = emu_dev.adev.stable_pstate_level;
	return 0;
}

/* amdgpu_ctx_free: -EINVAL for an unknown id */
static int ctx_free(struct amdgpu_ctx_mgr *mgr, uint32_t id)
{
	struct amdgpu_ctx *ctx = emu_idr_remove(&mgr->ctx_handles, id);

	if (!ctx)
		return -EINVAL;
	amdgpu_ctx_put(ctx);
	return 0;
}

/* amdgpu_ctx_query: "determine if a GPU reset has occurred since the last
 * call"; flags and hangs are always zero */
static int ctx_query(struct amdgpu_ctx_mgr *mgr, uint32_t id,
		     union drm_amdgpu_ctx_out *out)
{
	struct amdgpu_ctx *ctx = emu_idr_find(&mgr->ctx_handles, id);
	unsigned int reset_counter = amdgpu_sched_gpu_reset_counter();

	if (!ctx)
		return -EINVAL;
	out->state.flags = 0;
	out->state.hangs = 0;
	out->state.reset_status = ctx->reset_counter_query == reset_counter ?
					  AMDGPU_CTX_NO_RESET :
					  AMDGPU_CTX_UNKNOWN_RESET;
	ctx->reset_counter_query = reset_counter;
	return 0;
}

/*
 * amdgpu_ctx_query2: RESET when the device reset since the context was
 * created, VRAMLOST never (a ring reset keeps VRAM), GUILTY never (only a
 * full GPU reset marks contexts guilty, see sched_main.c), no RAS flags
 * (RAS is off on Navi 31 boards). reset_status is left as it was.
 */
static int ctx_query2(struct amdgpu_ctx_mgr *mgr, uint32_t id,
		      union drm_amdgpu_ctx_out *out)
{
	struct amdgpu_ctx *ctx = emu_idr_find(&mgr->ctx_handles, id);

	if (!ctx)
		return -EINVAL;
	out->state.flags = 0;
	out->state.hangs = 0;
	if (ctx->reset_counter != amdgpu_sched_gpu_reset_counter())
		out->state.flags |= AMDGPU_CTX_QUERY2_FLAGS_RESET;
	return 0;
}

/* amdgpu_ctx_stable_pstate */
static int ctx_stable_pstate(struct amdgpu_ctx_mgr *mgr, uint32_t id, bool set,
			     uint32_t *level)
{
	struct amdgpu_ctx *ctx = emu_idr_find(&mgr->ctx_handles, id);

	if (!ctx)
		return -EINVAL;
	if (set)
		return set_stable_pstate(ctx, *level);
	*level = emu_dev.adev.stable_pstate_level;
	return 0;
}

int amdgpu_ctx_ioctl(struct emu_file *file, void *data)
{
	union drm_amdgpu_ctx *args = data;
	struct amdgpu_ctx_mgr *mgr = ctx_mgr(file);
	uint32_t id = args->in.ctx_id, level;
	int32_t priority = args->in.priority;
	int r;

	/* amdgpu_ctx_ioctl: "For backwards compatibility reasons, we need to
	 * accept ioctls with garbage in the priority field" */
	if (!priority_is_valid(priority))
		priority = AMDGPU_CTX_PRIORITY_NORMAL;

	switch (args->in.op) {
	case AMDGPU_CTX_OP_ALLOC_CTX:
		r = ctx_alloc(mgr, priority, &id);
		args->out.alloc.ctx_id = id;
		break;
	case AMDGPU_CTX_OP_FREE_CTX:
		r = ctx_free(mgr, id);
		break;
	case AMDGPU_CTX_OP_QUERY_STATE:
		r = ctx_query(mgr, id, &args->out);
		break;
	case AMDGPU_CTX_OP_QUERY_STATE2:
		r = ctx_query2(mgr, id, &args->out);
		break;
	case AMDGPU_CTX_OP_GET_STABLE_PSTATE:
		if (args->in.flags)
			return -EINVAL;
		r = ctx_stable_pstate(mgr, id, false, &level);
		if (!r)
			args->out.pstate.flags = level;
		break;
	case AMDGPU_CTX_OP_SET_STABLE_PSTATE:
		if (args->in.flags & ~AMDGPU_CTX_STABLE_PSTATE_FLAGS_MASK)
			return -EINVAL;
		level = args->in.flags & AMDGPU_CTX_STABLE_PSTATE_FLAGS_MASK;
		if (level > AMDGPU_CTX_STABLE_PSTATE_PEAK)
			return -EINVAL;
		r = ctx_stable_pstate(mgr, id, true, &level);
		break;
	default:
		return -EINVAL;
	}
	return r;
}

/* --- the manager ----------------------------------------------------- */

int amdgpu_ctx_mgr_init(struct emu_file *file)
{
	struct amdgpu_ctx_mgr *mgr = calloc(1, sizeof(*mgr));

	if (!mgr)
		return -ENOMEM;
	emu_idr_init(&mgr->ctx_handles);
	emu_idr_init(&mgr->bo_lists);
	amdgpu_fpriv(file)->ctx_mgr = mgr;
	return 0;
}

/*
 * amdgpu_vm_wait_idle: everything in the root reservation (the VM's CS
 * fences) and the page-table jobs, for at most until `deadline`.
 */
static void vm_wait_idle(struct amdgpu_vm *vm, uint64_t deadline)
{
	unsigned int i, n = vm->nresv;
	struct emu_fence **fences = calloc(n + 1, sizeof(*fences));

	if (!fences)
		return;
	for (i = 0; i < n; i++)
		fences[i] = emu_fence_get(vm->resv[i]);
	fences[n] = emu_fence_get(vm->last_job);
	for (i = 0; i <= n; i++) {
		if (fences[i] && emu_fence_wait(fences[i], deadline))
			break;
	}
	for (i = 0; i <= n; i++)
		emu_fence_put(fences[i]);
	free(fences);
}

void amdgpu_ctx_mgr_fini(struct emu_file *file)
{
	struct amdgpu_ctx_mgr *mgr = ctx_mgr(file);
	struct amdgpu_bo_list *list;
	struct amdgpu_ctx *ctx;
	unsigned int i, j;
	uint32_t id;

	if (!mgr)
		return;

	/*
	 * amdgpu_flush, at close: every entity hands its queued jobs to the
	 * hardware (drm_sched_entity_flush, without limit for a process
	 * that is not exiting), then amdgpu_vm_wait_idle gives the VM's
	 * work up to a second. Jobs on the hardware keep running after
	 * that: they hold their own references.
	 */
	emu_idr_for_each(&mgr->ctx_handles, id, ctx)
		for (i = 0; i < AMDGPU_EMU_HW_IP_NUM; i++)
			for (j = 0; j < AMDGPU_MAX_ENTITY_NUM; j++)
				if (ctx->entities[i][j])
					amdgpu_sched_entity_flush(
						&ctx->entities[i][j]->entity);
	amdgpu_sched_kick();
	vm_wait_idle(amdgpu_file_vm(file), emu_now_ns() + VM_WAIT_IDLE_NS);

	/* amdgpu_ctx_mgr_fini: entities killed, contexts freed */
	emu_idr_for_each(&mgr->ctx_handles, id, ctx) {
		emu_idr_remove(&mgr->ctx_handles, id);
		if (ctx->refs != 1)
			emu_log("amdgpu: ctx %u is still alive", id);
		amdgpu_ctx_put(ctx);
	}
	/* amdgpu_driver_postclose_kms: the file's BO lists */
	emu_idr_for_each(&mgr->bo_lists, id, list) {
		emu_idr_remove(&mgr->bo_lists, id);
		amdgpu_bo_list_put(list);
	}
	emu_idr_fini(&mgr->ctx_handles);
	emu_idr_fini(&mgr->bo_lists);
	free(mgr);
	amdgpu_fpriv(file)->ctx_mgr = NULL;
}

void amdgpu_ctx_audit_file(struct emu_file *file, struct emu_audit *audit)
{
	struct amdgpu_ctx_mgr *mgr = ctx_mgr(file);

	if (mgr)
		audit->ctxs += mgr->ctx_handles.count;
}
