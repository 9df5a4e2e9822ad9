// SPDX-License-Identifier: MIT
/*
 * DRM_IOCTL_AMDGPU_CS, WAIT_CS and WAIT_FENCES (amdgpu_cs.c), in the
 * kernel's order: amdgpu_cs_parser_init, amdgpu_cs_pass1 (copy the chunk
 * array and each chunk, check chunk ids and sizes, IB entities, user
 * fence, BO handles), amdgpu_cs_pass2 (IBs, dependencies, syncobjs),
 * amdgpu_cs_parser_bos (the BO list), amdgpu_cs_vm_handling (page-table
 * updates, the DELAY_UPDATE leftovers of vm->freed), amdgpu_cs_sync_rings,
 * amdgpu_cs_submit (fences into the VM root reservation, the context's
 * fence slot, the out syncobjs, the scheduler).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "amdgpu_bo_list.h"
#include "amdgpu_ctx.h"
#include "amdgpu_job.h"
#include "amdgpu_priv.h"
#include "emu/drm/gpu_scheduler.h"
#include "emu/emu.h"
#include "emu/dma-buf/dma-fence.h"
#include "emu/drm/drm_gem.h"
#include "emu/drm/drm_syncobj.h"

/* Newer than libdrm 2.4.114 (include/uapi/drm/amdgpu_drm.h, 6.5+) */
#ifndef AMDGPU_CHUNK_ID_CP_GFX_SHADOW
#define AMDGPU_CHUNK_ID_CP_GFX_SHADOW 0x0a
#endif
#define CS_CHUNK_CP_GFX_SHADOW_FLAGS_INIT_SHADOW 0x1
struct cs_chunk_cp_gfx_shadow {
	uint64_t shadow_va;
	uint64_t csa_va;
	uint64_t gds_va;
	uint64_t flags;
};

/* AMDGPU_CS_GANG_SIZE: distinct entities one CS may feed */
#define CS_GANG_SIZE 4u
/* The PAGE_SIZE a user fence BO must have (amdgpu_cs_p1_user_fence) */
#define CS_UF_BO_SIZE 4096u
/* Every chunk's data is at least this big here, zero-extended, so that
 * chunks the kernel reads without a size check read zeros. */
#define CS_CHUNK_MIN_BYTES 64u

struct cs_chunk {
	uint32_t chunk_id;
	uint32_t length_dw;
	void *kdata;
};

struct cs_post_dep {
	struct emu_syncobj *syncobj;
	uint64_t point;
};

/* struct amdgpu_cs_parser */
struct cs_parser {
	struct emu_file *file;
	struct amdgpu_ctx *ctx;
	struct cs_chunk *chunks;
	uint32_t nchunks;
	/* the gang: one job per distinct entity, the last IB's leads */
	struct amdgpu_ctx_entity *entities[CS_GANG_SIZE];
	unsigned int num_ibs[CS_GANG_SIZE];
	struct amdgpu_job *jobs[CS_GANG_SIZE];
	unsigned int gang_size, gang_leader_idx;
	struct emu_gem_object *uf_bo;
	uint32_t uf_offset;
	struct amdgpu_bo_list *bo_list;
	struct cs_post_dep *post_deps;
	unsigned int num_post_deps;
	bool have_post_deps;
	/* p->sync: what every job of the gang waits for */
	struct amdgpu_job *sync;
};

/* --- pass 1 ---------------------------------------------------------- */

/* amdgpu_cs_job_idx: the gang slot of the IB's entity */
static int cs_job_idx(struct cs_parser *p,
		      const struct drm_amdgpu_cs_chunk_ib *chunk_ib)
{
	struct amdgpu_ctx_entity *entity;
	unsigned int i;
	int r;

	r = amdgpu_ctx_get_entity(p->ctx, chunk_ib->ip_type,
				  chunk_ib->ip_instance, chunk_ib->ring,
				  &entity);
	if (r)
		return r;
	/* "Abort if there is no run queue associated with this entity." */
	if (!entity->entity.has_rq)
		return -EINVAL;
	for (i = 0; i < p->gang_size; i++)
		if (p->entities[i] == entity)
			return (int)i;
	if (i == CS_GANG_SIZE)
		return -EINVAL;
	p->entities[i] = entity;
	p->gang_size = i + 1;
	return (int)i;
}

/* amdgpu_ring_max_ibs, called with the IP type as the ring type */
static unsigned int ring_max_ibs(uint32_t type)
{
	switch (type) {
	case AMDGPU_HW_IP_GFX:
		return 192;
	case AMDGPU_HW_IP_COMPUTE:
		return 125;
	case AMDGPU_HW_IP_VCN_JPEG:
		return 16;
	default:
		return 49;
	}
}

/* amdgpu_cs_p1_ib */
static int cs_p1_ib(struct cs_parser *p,
		    const struct drm_amdgpu_cs_chunk_ib *chunk_ib)
{
	int r = cs_job_idx(p, chunk_ib);

	if (r < 0)
		return r;
	if (p->num_ibs[r] >= ring_max_ibs(chunk_ib->ip_type))
		return -EINVAL;
	p->num_ibs[r]++;
	p->gang_leader_idx = (unsigned int)r;
	return 0;
}

/* amdgpu_cs_p1_user_fence */
static int cs_p1_user_fence(struct cs_parser *p,
			    const struct drm_amdgpu_cs_chunk_fence *data)
{
	struct emu_gem_object *obj = emu_gem_lookup(p->file, data->handle);
	uint32_t end = data->offset + 8; /* u32: may wrap around */

	if (!obj)
		return -EINVAL;
	if (p->uf_bo)
		emu_gem_object_put(p->uf_bo);
	p->uf_bo = obj;
	/* exactly one page, the 8-byte fence inside it; no userptr BO (the
	 * emulator has none) */
	if (obj->size != CS_UF_BO_SIZE || end > obj->size) {
		emu_gem_object_put(p->uf_bo);
		p->uf_bo = NULL;
		return -EINVAL;
	}
	p->uf_offset = data->offset;
	return 0;
}

/* amdgpu_cs_p1_bo_handles: a list of its own for this CS */
static int cs_p1_bo_handles(struct cs_parser *p,
			    const struct drm_amdgpu_bo_list_in *data)
{
	struct drm_amdgpu_bo_list_entry *info;
	int r;

	r = amdgpu_bo_create_list_entry_array(data, &info);
	if (r)
		return r;
	amdgpu_bo_list_put(p->bo_list);
	p->bo_list = NULL;
	r = amdgpu_bo_list_create(p->file, info, data->bo_number, &p->bo_list);
	free(info);
	return r;
}

/* Copy one chunk descriptor and its data (kvmalloc_array: at most
 * INT_MAX bytes). */
static int cs_copy_chunk(struct cs_chunk *chunk, uint64_t uptr)
{
	struct drm_amdgpu_cs_chunk user_chunk;
	size_t size;
	int r;

	r = emu_copy_from_user(&user_chunk, uptr, sizeof(user_chunk));
	if (r)
		return r;
	chunk->chunk_id = user_chunk.chunk_id;
	chunk->length_dw = user_chunk.length_dw;
	if ((uint64_t)chunk->length_dw * 4 > INT_MAX)
		return -ENOMEM;
	size = (size_t)chunk->length_dw * 4;
	chunk->kdata = calloc(
		1, size > CS_CHUNK_MIN_BYTES ? size : CS_CHUNK_MIN_BYTES);
	if (!chunk->kdata)
		return -ENOMEM;
	return emu_copy_from_user(chunk->kdata, user_chunk.chunk_data, size);
}

/* amdgpu_cs_pass1: "Copy the data from userspace and go over it the first
 * time" */
static int cs_pass1(struct cs_parser *p, const union drm_amdgpu_cs *cs)
{
	uint64_t *chunk_array;
	uint32_t i;
	size_t size;
	int r;

	if ((uint64_t)cs->in.num_chunks * sizeof(uint64_t) > INT_MAX)
		return -ENOMEM;
	chunk_array = malloc((size_t)cs->in.num_chunks * sizeof(uint64_t));
	if (!chunk_array)
		return -ENOMEM;
	r = emu_copy_from_user(chunk_array, cs->in.chunks,
			       (size_t)cs->in.num_chunks * sizeof(uint64_t));
	if (r)
		goto out;
	p->chunks = calloc(cs->in.num_chunks, sizeof(*p->chunks));
	if (!p->chunks) {
		r = -ENOMEM;
		goto out;
	}
	p->nchunks = cs->in.num_chunks;

	for (i = 0; i < p->nchunks; i++) {
		struct cs_chunk *chunk = &p->chunks[i];

		r = cs_copy_chunk(chunk, chunk_array[i]);
		if (r)
			goto out;
		size = (size_t)chunk->length_dw * 4;

		/* "Assume the worst on the following checks" */
		r = -EINVAL;
		switch (chunk->chunk_id) {
		case AMDGPU_CHUNK_ID_IB:
			if (size < sizeof(struct drm_amdgpu_cs_chunk_ib))
				goto out;
			r = cs_p1_ib(p, chunk->kdata);
			break;
		case AMDGPU_CHUNK_ID_FENCE:
			if (size < sizeof(struct drm_amdgpu_cs_chunk_fence))
				goto out;
			r = cs_p1_user_fence(p, chunk->kdata);
			break;
		case AMDGPU_CHUNK_ID_BO_HANDLES:
			if (size < sizeof(struct drm_amdgpu_bo_list_in))
				goto out;
			r = cs_p1_bo_handles(p, chunk->kdata);
			break;
		case AMDGPU_CHUNK_ID_DEPENDENCIES:
		case AMDGPU_CHUNK_ID_SYNCOBJ_IN:
		case AMDGPU_CHUNK_ID_SYNCOBJ_OUT:
		case AMDGPU_CHUNK_ID_SCHEDULED_DEPENDENCIES:
		case AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_WAIT:
		case AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_SIGNAL:
		case AMDGPU_CHUNK_ID_CP_GFX_SHADOW:
			r = 0;
			break;
		default:
			goto out;
		}
		if (r)
			goto out;
	}

	/* no IB at all */
	if (!p->gang_size) {
		r = -EINVAL;
		goto out;
	}
	/* amdgpu_job_alloc per gang member */
	for (i = 0; i < p->gang_size; i++) {
		p->jobs[i] = amdgpu_job_alloc(p->num_ibs[i]);
		if (!p->jobs[i]) {
			r = -ENOMEM;
			goto out;
		}
	}
	r = 0;
out:
	free(chunk_array);
	return r;
}

/* --- pass 2 ---------------------------------------------------------- */

/* amdgpu_cs_p2_ib */
static int cs_p2_ib(struct cs_parser *p, const struct cs_chunk *chunk,
		    unsigned int *ce_preempt, unsigned int *de_preempt)
{
	const struct drm_amdgpu_cs_chunk_ib *chunk_ib = chunk->kdata;
	struct amdgpu_job *job;
	struct amdgpu_cs_ib *ib;
	int r;

	r = cs_job_idx(p, chunk_ib);
	if (r < 0)
		return r;
	job = p->jobs[r];
	ib = &job->ibs[job->num_ibs++];

	/* "Each GFX command submit allows only 1 IB max preemptible for
	 * CE & DE" */
	if (chunk_ib->ip_type == AMDGPU_HW_IP_GFX &&
	    (chunk_ib->flags & AMDGPU_IB_FLAG_PREEMPT)) {
		if (chunk_ib->flags & AMDGPU_IB_FLAG_CE)
			(*ce_preempt)++;
		else
			(*de_preempt)++;
		if (*ce_preempt > 1 || *de_preempt > 1)
			return -EINVAL;
	}
	/* the MM engines' no_user_fence is not reached: their IBs are not
	 * run here (see cs_check_emulated) */
	ib->va = chunk_ib->va_start;
	ib->length_dw = chunk_ib->ib_bytes / 4;
	ib->flags = chunk_ib->flags;
	return 0;
}

/* amdgpu_sync_fence into p->sync (kept as the dependencies of a job) */
static int cs_sync_fence(struct cs_parser *p, struct emu_fence *fence)
{
	if (!p->sync) {
		p->sync = calloc(1, sizeof(*p->sync));
		if (!p->sync)
			return -ENOMEM;
	}
	return amdgpu_job_add_dep(p->sync, fence);
}

/* amdgpu_cs_p2_dependencies: fences of earlier CS by context, IP, ring
 * and handle; SCHEDULED_DEPENDENCIES waits for them to start only */
static int cs_p2_dependencies(struct cs_parser *p, const struct cs_chunk *chunk)
{
	const struct drm_amdgpu_cs_chunk_dep *deps = chunk->kdata;
	size_t i, num_deps = (size_t)chunk->length_dw * 4 / sizeof(*deps);
	int r;

	for (i = 0; i < num_deps; i++) {
		struct amdgpu_ctx_entity *entity;
		struct amdgpu_sched_fence *s;
		struct emu_fence *fence;
		struct amdgpu_ctx *ctx;

		ctx = amdgpu_ctx_get(p->file, deps[i].ctx_id);
		if (!ctx)
			return -EINVAL;
		r = amdgpu_ctx_get_entity(ctx, deps[i].ip_type,
					  deps[i].ip_instance, deps[i].ring,
					  &entity);
		if (!r)
			r = amdgpu_ctx_get_fence(entity, deps[i].handle,
						 &fence);
		amdgpu_ctx_put(ctx);
		if (r)
			return r;
		if (!fence)
			continue;
		s = amdgpu_sched_fence_of(fence);
		if (chunk->chunk_id == AMDGPU_CHUNK_ID_SCHEDULED_DEPENDENCIES &&
		    s) {
			emu_fence_get(&s->scheduled);
			emu_fence_put(fence);
			fence = &s->scheduled;
		}
		r = cs_sync_fence(p, fence);
		emu_fence_put(fence);
		if (r)
			return r;
	}
	return 0;
}

/* amdgpu_syncobj_lookup_and_add: drm_syncobj_find_fence errors are
 * returned as they are (-ENOENT unknown handle, -EINVAL no fence) */
static int cs_syncobj_lookup_and_add(struct cs_parser *p, uint32_t handle,
				     uint64_t point, uint32_t flags)
{
	struct emu_fence *fence;
	int r;

	r = emu_syncobj_find_fence_flags(p->file, handle, point, flags, &fence);
	if (r) {
		emu_dbg("amdgpu: syncobj %u failed to find fence @ %llu (%d)",
			handle, (unsigned long long)point, r);
		return r;
	}
	r = cs_sync_fence(p, fence);
	emu_fence_put(fence);
	return r;
}

/* amdgpu_cs_p2_syncobj_in */
static int cs_p2_syncobj_in(struct cs_parser *p, const struct cs_chunk *chunk)
{
	const struct drm_amdgpu_cs_chunk_sem *deps = chunk->kdata;
	size_t i, num_deps = (size_t)chunk->length_dw * 4 / sizeof(*deps);
	int r;

	for (i = 0; i < num_deps; i++) {
		r = cs_syncobj_lookup_and_add(p, deps[i].handle, 0, 0);
		if (r)
			return r;
	}
	return 0;
}

/* amdgpu_cs_p2_syncobj_timeline_wait */
static int cs_p2_syncobj_timeline_wait(struct cs_parser *p,
				       const struct cs_chunk *chunk)
{
	const struct drm_amdgpu_cs_chunk_syncobj *deps = chunk->kdata;
	size_t i, num_deps = (size_t)chunk->length_dw * 4 / sizeof(*deps);
	int r;

	for (i = 0; i < num_deps; i++) {
		r = cs_syncobj_lookup_and_add(p, deps[i].handle, deps[i].point,
					      deps[i].flags);
		if (r)
			return r;
	}
	return 0;
}

/* amdgpu_cs_p2_syncobj_out / _timeline_signal: one such chunk per CS;
 * an unknown handle is -EINVAL */
static int cs_p2_post_deps(struct cs_parser *p, const struct cs_chunk *chunk,
			   bool timeline)
{
	const struct drm_amdgpu_cs_chunk_syncobj *points = chunk->kdata;
	const struct drm_amdgpu_cs_chunk_sem *sems = chunk->kdata;
	size_t i, num_deps, elem;

	if (p->have_post_deps)
		return -EINVAL;
	p->have_post_deps = true;
	elem = timeline ? sizeof(*points) : sizeof(*sems);
	num_deps = (size_t)chunk->length_dw * 4 / elem;
	p->post_deps = calloc(num_deps ? num_deps : 1, sizeof(*p->post_deps));
	if (!p->post_deps)
		return -ENOMEM;
	for (i = 0; i < num_deps; i++) {
		struct cs_post_dep *dep = &p->post_deps[i];

		dep->point = timeline ? points[i].point : 0;
		dep->syncobj = emu_syncobj_find(
			p->file, timeline ? points[i].handle : sems[i].handle);
		if (!dep->syncobj)
			return -EINVAL;
		p->num_post_deps++;
	}
	return 0;
}

/* amdgpu_cs_p2_shadow: only the flags are checked; the CP model keeps no
 * shadow state */
static int cs_p2_shadow(const struct cs_chunk *chunk)
{
	const struct cs_chunk_cp_gfx_shadow *shadow = chunk->kdata;

	if (shadow->flags & ~(uint64_t)CS_CHUNK_CP_GFX_SHADOW_FLAGS_INIT_SHADOW)
		return -EINVAL;
	return 0;
}

static int cs_pass2(struct cs_parser *p)
{
	unsigned int ce_preempt = 0, de_preempt = 0;
	uint32_t i;
	int r = 0;

	for (i = 0; i < p->nchunks && !r; i++) {
		const struct cs_chunk *chunk = &p->chunks[i];

		switch (chunk->chunk_id) {
		case AMDGPU_CHUNK_ID_IB:
			r = cs_p2_ib(p, chunk, &ce_preempt, &de_preempt);
			break;
		case AMDGPU_CHUNK_ID_DEPENDENCIES:
		case AMDGPU_CHUNK_ID_SCHEDULED_DEPENDENCIES:
			r = cs_p2_dependencies(p, chunk);
			break;
		case AMDGPU_CHUNK_ID_SYNCOBJ_IN:
			r = cs_p2_syncobj_in(p, chunk);
			break;
		case AMDGPU_CHUNK_ID_SYNCOBJ_OUT:
			r = cs_p2_post_deps(p, chunk, false);
			break;
		case AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_WAIT:
			r = cs_p2_syncobj_timeline_wait(p, chunk);
			break;
		case AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_SIGNAL:
			r = cs_p2_post_deps(p, chunk, true);
			break;
		case AMDGPU_CHUNK_ID_CP_GFX_SHADOW:
			r = cs_p2_shadow(chunk);
			break;
		}
	}
	return r;
}

/* --- the BO list, the VM, the submission ----------------------------- */

/* amdgpu_cs_parser_bos: a list handle and a BO_HANDLES chunk together
 * are -EINVAL; an unknown list -ENOENT */
static int cs_parser_bos(struct cs_parser *p, const union drm_amdgpu_cs *cs)
{
	if (cs->in.bo_list_handle) {
		if (p->bo_list)
			return -EINVAL;
		return amdgpu_bo_list_get(p->file, cs->in.bo_list_handle,
					  &p->bo_list);
	}
	return 0;
}

/*
 * Not kernel behaviour: the CP model runs GFX and COMPUTE IBs only. The
 * kernel accepts SDMA, VCN and JPEG IBs (their rings exist on Navi 31);
 * rather than pretend to run them, the emulator refuses them loudly, after
 * every check the kernel makes first and before anything is changed.
 */
static int cs_check_emulated(struct cs_parser *p)
{
	unsigned int i;

	for (i = 0; i < p->gang_size; i++) {
		uint32_t ip = p->entities[i]->entity.hw_ip;

		if (!amdgpu_sched_ip_emulated(ip)) {
			emu_log("amdgpu: CS on HW IP %u is not emulated (only "
				"GFX and COMPUTE IBs run): -EINVAL",
				ip);
			return -EINVAL;
		}
	}
	return 0;
}

/* amdgpu_ctx_wait_prev_fence: a context keeps AMDGPU_CTX_SCHED_JOBS
 * fences per entity; a new CS waits for the one whose slot it takes.
 * Done before the VM handling here (the kernel does it after, with the
 * VM locked), so that nothing can change the VM between its page-table
 * updates and the job's view of it while the device lock is released. */
static void cs_wait_prev_fence(struct cs_parser *p)
{
	struct amdgpu_ctx_entity *entity = p->entities[p->gang_leader_idx];
	struct emu_fence *other;

	while ((other = amdgpu_ctx_prev_fence(entity)) &&
	       !emu_fence_is_signaled(other)) {
		amdgpu_sched_kick();
		emu_fence_wait(other, EMU_TIME_INFINITE);
	}
}

/* The list's bo_va in this VM (amdgpu_vm_bo_find), NULL if none. */
static struct amdgpu_bo_va *cs_bo_va(struct amdgpu_vm *vm,
				     struct emu_gem_object *obj)
{
	return amdgpu_vm_bo_find(vm, gem_to_amdgpu_bo(obj));
}

/*
 * amdgpu_cs_vm_handling: clear the freed mappings (amdgpu_vm_clear_freed,
 * which also clears DELAY_UPDATE leftovers and implicitly syncs to the
 * VM's earlier CS), write the PTEs of the PRT bo_va and of every listed BO
 * (the job waits for those updates), amdgpu_vm_handle_moved for the
 * per-VM BOs, and wait for vm->last_update.
 */
static int cs_vm_handling(struct cs_parser *p)
{
	struct amdgpu_fpriv *fpriv = amdgpu_fpriv(p->file);
	struct amdgpu_vm *vm = &fpriv->vm;
	struct amdgpu_bo_va *bo_va;
	uint32_t i;
	int r;

	r = amdgpu_vm_clear_freed(vm, NULL, NULL);
	if (r)
		return r;
	r = amdgpu_vm_bo_update(fpriv->prt_va, NULL);
	if (!r)
		r = cs_sync_fence(p, fpriv->prt_va->last_pt_update);
	if (r)
		return r;
	for (i = 0; p->bo_list && i < p->bo_list->num_entries; i++) {
		bo_va = cs_bo_va(vm, p->bo_list->entries[i].bo);
		if (!bo_va)
			continue;
		r = amdgpu_vm_bo_update(bo_va, NULL);
		if (!r)
			r = cs_sync_fence(p, bo_va->last_pt_update);
		if (r)
			return r;
	}
	/* amdgpu_vm_handle_moved: per-VM BOs with new mappings */
	emu_list_for_each_entry(bo_va, &vm->bo_vas, vm_link) {
		if (!amdgpu_bo_always_valid(vm, bo_va->bo))
			continue;
		r = amdgpu_vm_bo_update(bo_va, NULL);
		if (r)
			return r;
	}
	return cs_sync_fence(p, vm->last_update);
}

/* amdgpu_cs_sync_rings + amdgpu_cs_submit */
static int cs_submit(struct cs_parser *p, union drm_amdgpu_cs *cs)
{
	struct amdgpu_vm *vm = amdgpu_file_vm(p->file);
	struct amdgpu_job *leader = p->jobs[p->gang_leader_idx];
	uint64_t timeout = amdgpu_lockup_timeout_ns();
	struct emu_fence *fence;
	unsigned int i, k;
	uint64_t seq;
	int r;

	/* amdgpu_sync_push_to_job for each job of the gang */
	for (i = 0; i < p->gang_size; i++) {
		struct amdgpu_job *job = p->jobs[i];

		for (k = 0; p->sync && k < p->sync->ndeps; k++) {
			r = amdgpu_job_add_dep(job, p->sync->deps[k]);
			if (r)
				return r;
		}
		r = amdgpu_job_snapshot_vm(job, vm);
		if (r)
			return r;
		job->timeout_ns = timeout;
	}
	/* drm_sched_job_arm */
	for (i = 0; i < p->gang_size; i++) {
		r = amdgpu_sched_job_arm(p->jobs[i], &p->entities[i]->entity);
		if (r)
			return r;
	}
	/* the leader starts once the other gang members were scheduled */
	for (i = 0; i < p->gang_size; i++) {
		if (p->jobs[i] == leader)
			continue;
		r = amdgpu_job_add_dep(leader, &p->jobs[i]->s_fence->scheduled);
		if (r)
			return r;
	}

	/* Nothing fails from here on. Every job's fence goes into the
	 * reservation of every locked object, the VM root PD included:
	 * the leader's as writer, the others' as readers. That is what an
	 * implicitly synced unmap waits for (amdgpu_vm_clear_freed). */
	fence = &leader->s_fence->finished;
	for (i = 0; i < p->gang_size; i++)
		amdgpu_vm_add_resv_fence(vm, &p->jobs[i]->s_fence->finished);

	seq = amdgpu_ctx_add_fence(p->entities[p->gang_leader_idx], fence);

	/* amdgpu_cs_post_dependencies: a timeline point when one is given,
	 * else the whole syncobj fence is replaced */
	for (i = 0; i < p->num_post_deps; i++) {
		if (p->post_deps[i].point)
			emu_syncobj_add_point(p->post_deps[i].syncobj, fence,
					      p->post_deps[i].point);
		else
			emu_syncobj_replace_fence(p->post_deps[i].syncobj,
						  fence);
	}

	if (p->uf_bo) {
		leader->uf_bo = p->uf_bo;
		leader->uf_offset = p->uf_offset;
		p->uf_bo = NULL;
	}
	leader->uf_sequence = seq;
	cs->out.handle = seq;

	for (i = 0; i < p->gang_size; i++) {
		amdgpu_sched_entity_push_job(p->jobs[i]);
		p->jobs[i] = NULL;
	}
	return 0;
}

/* amdgpu_cs_parser_fini */
static void cs_parser_fini(struct cs_parser *p)
{
	unsigned int i;

	for (i = 0; i < p->num_post_deps; i++)
		emu_syncobj_put(p->post_deps[i].syncobj);
	free(p->post_deps);
	amdgpu_job_free(p->sync);
	amdgpu_ctx_put(p->ctx);
	amdgpu_bo_list_put(p->bo_list);
	for (i = 0; i < p->nchunks; i++)
		free(p->chunks[i].kdata);
	free(p->chunks);
	for (i = 0; i < p->gang_size; i++)
		amdgpu_job_free(p->jobs[i]);
	if (p->uf_bo)
		emu_gem_object_put(p->uf_bo);
}

int amdgpu_cs_ioctl(struct emu_file *file, void *data)
{
	union drm_amdgpu_cs *cs = data;
	struct cs_parser p;
	int r;

	/* amdgpu_cs_parser_init: no chunks, unknown context. (A guilty
	 * context is -ECANCELED; only a full GPU reset makes one, which the
	 * model never does, see sched_main.c.) */
	if (cs->in.num_chunks == 0)
		return -EINVAL;
	memset(&p, 0, sizeof(p));
	p.file = file;
	p.ctx = amdgpu_ctx_get(file, cs->in.ctx_id);
	if (!p.ctx)
		return -EINVAL;

	r = cs_pass1(&p, cs);
	if (!r)
		r = cs_pass2(&p);
	if (!r)
		r = cs_parser_bos(&p, cs);
	if (!r)
		r = cs_check_emulated(&p);
	if (!r) {
		cs_wait_prev_fence(&p);
		r = cs_vm_handling(&p);
	}
	if (!r)
		r = cs_submit(&p, cs);
	cs_parser_fini(&p);
	return r;
}

/* --- WAIT_CS and WAIT_FENCES ----------------------------------------- */

/* amdgpu_gem_timeout: an absolute CLOCK_MONOTONIC time; negative as s64
 * means forever, the past means "just look" */
static uint64_t gem_timeout_deadline(uint64_t timeout_ns)
{
	if ((int64_t)timeout_ns < 0)
		return EMU_TIME_INFINITE;
	return timeout_ns;
}

/* amdgpu_cs_get_fence: -EINVAL for an unknown context, the entity's and
 * amdgpu_ctx_get_fence's errors; *fence NULL for a long-retired handle */
static int cs_get_fence(struct emu_file *file, uint32_t ctx_id,
			uint32_t ip_type, uint32_t ip_instance, uint32_t ring,
			uint64_t seq, struct emu_fence **fence)
{
	struct amdgpu_ctx_entity *entity;
	struct amdgpu_ctx *ctx;
	int r;

	*fence = NULL;
	ctx = amdgpu_ctx_get(file, ctx_id);
	if (!ctx)
		return -EINVAL;
	r = amdgpu_ctx_get_entity(ctx, ip_type, ip_instance, ring, &entity);
	if (!r)
		r = amdgpu_ctx_get_fence(entity, seq, fence);
	amdgpu_ctx_put(ctx);
	return r;
}

/* dma_fence_wait_timeout: 1 signalled, 0 timed out; a signalled fence
 * with an error gives that error (as the callers turn it) */
static int cs_fence_wait(struct emu_fence *fence, uint64_t deadline)
{
	amdgpu_sched_kick();
	return emu_fence_wait(fence, deadline) ? 0 : 1;
}

int amdgpu_cs_wait_ioctl(struct emu_file *file, void *data)
{
	union drm_amdgpu_wait_cs *wait = data;
	uint64_t deadline = gem_timeout_deadline(wait->in.timeout);
	struct emu_fence *fence;
	int r;

	/* amdgpu_cs_wait_ioctl */
	r = cs_get_fence(file, wait->in.ctx_id, wait->in.ip_type,
			 wait->in.ip_instance, wait->in.ring, wait->in.handle,
			 &fence);
	if (r)
		return r;
	if (fence) {
		r = cs_fence_wait(fence, deadline);
		/* a job that failed: its error, e.g. -ETIME after a timeout */
		if (r > 0 && fence->error)
			r = fence->error;
		emu_fence_put(fence);
	} else {
		r = 1;
	}
	if (r < 0)
		return r;
	memset(wait, 0, sizeof(*wait));
	/* status 1: still busy when the timeout expired */
	wait->out.status = r == 0;
	return 0;
}

/* amdgpu_cs_wait_all_fences: one after the other, the same deadline */
static int cs_wait_all_fences(struct emu_file *file,
			      union drm_amdgpu_wait_fences *wait,
			      const struct drm_amdgpu_fence *fences)
{
	uint64_t deadline = gem_timeout_deadline(wait->in.timeout_ns);
	uint32_t i, count = wait->in.fence_count;
	int r = 1;

	for (i = 0; i < count; i++) {
		struct emu_fence *fence;

		r = cs_get_fence(file, fences[i].ctx_id, fences[i].ip_type,
				 fences[i].ip_instance, fences[i].ring,
				 fences[i].seq_no, &fence);
		if (r)
			return r;
		if (!fence) {
			r = 1;
			continue;
		}
		r = cs_fence_wait(fence, deadline);
		if (r > 0 && fence->error)
			r = fence->error;
		emu_fence_put(fence);
		if (r < 0)
			return r;
		if (r == 0)
			break;
	}
	memset(wait, 0, sizeof(*wait));
	wait->out.status = r > 0;
	return 0;
}

/*
 * amdgpu_cs_wait_any_fence: a long-retired handle counts as signalled at
 * once (the later ones are not even looked up); dma_fence_wait_any_timeout
 * refuses an empty array (-EINVAL) and reports the lowest signalled index;
 * the ioctl returns that fence's error after filling the result.
 */
static int cs_wait_any_fence(struct emu_file *file,
			     union drm_amdgpu_wait_fences *wait,
			     const struct drm_amdgpu_fence *fences)
{
	uint64_t deadline = gem_timeout_deadline(wait->in.timeout_ns);
	uint32_t i, count = wait->in.fence_count, first = ~0u;
	struct emu_fence **array;
	int r = 0;

	array = calloc(count ? count : 1, sizeof(*array));
	if (!array)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		r = cs_get_fence(file, fences[i].ctx_id, fences[i].ip_type,
				 fences[i].ip_instance, fences[i].ring,
				 fences[i].seq_no, &array[i]);
		if (r)
			goto out_free;
		if (!array[i]) {
			r = 1;
			first = i;
			goto out;
		}
	}
	if (!count) {
		r = -EINVAL;
		goto out_free;
	}

	amdgpu_sched_kick();
	for (;;) {
		uint64_t wake = deadline, t;

		for (i = 0; i < count; i++) {
			if (emu_fence_is_signaled(array[i])) {
				first = i;
				break;
			}
			t = emu_fence_completion_ns(array[i]);
			if (t < wake)
				wake = t;
		}
		if (first != ~0u) {
			r = 1;
			break;
		}
		if (deadline != EMU_TIME_INFINITE && emu_now_ns() >= deadline) {
			r = 0;
			break;
		}
		emu_cond_wait_until(wake);
	}
out:
	memset(wait, 0, sizeof(*wait));
	wait->out.status = r > 0;
	wait->out.first_signaled = first;
	r = first < count && array[first] ? array[first]->error : 0;
out_free:
	for (i = 0; i < count; i++)
		emu_fence_put(array[i]);
	free(array);
	return r;
}

int amdgpu_cs_wait_fences_ioctl(struct emu_file *file, void *data)
{
	union drm_amdgpu_wait_fences *wait = data;
	struct drm_amdgpu_fence *fences;
	size_t bytes;
	int r;

	/* amdgpu_cs_wait_fences_ioctl: kmalloc_array, then copy_from_user */
	bytes = (size_t)wait->in.fence_count * sizeof(*fences);
	if (bytes > (4ul << 20))
		return -ENOMEM;
	fences = malloc(bytes ? bytes : 1);
	if (!fences)
		return -ENOMEM;
	r = emu_copy_from_user(fences, wait->in.fences, bytes);
	if (!r) {
		if (wait->in.wait_all)
			r = cs_wait_all_fences(file, wait, fences);
		else
			r = cs_wait_any_fence(file, wait, fences);
	}
	free(fences);
	return r;
}
