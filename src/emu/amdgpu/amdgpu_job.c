// SPDX-License-Identifier: MIT
/*
 * Kernel CS jobs (amdgpu_job.c, drm_sched_job): allocation, dependencies
 * and the VM view the command processor runs with. See amdgpu_job.h.
 */
#include <errno.h>
#include <stdlib.h>

#include "amdgpu_job.h"
#include "amdgpu_priv.h"
#include "emu/emu.h"
#include "emu/dma-buf/dma-fence.h"
#include "emu/drm/drm_gem.h"

struct amdgpu_job *amdgpu_job_alloc(unsigned int num_ibs)
{
	struct amdgpu_job *job;

	emu_lockdep_assert_held();
	/* amdgpu_job_alloc: "if (num_ibs == 0) return -EINVAL" never
	 * happens from the CS ioctl, which counts the IBs of each job */
	if (!num_ibs)
		return NULL;
	job = calloc(1, sizeof(*job));
	if (!job)
		return NULL;
	job->ibs = calloc(num_ibs, sizeof(*job->ibs));
	if (!job->ibs) {
		free(job);
		return NULL;
	}
	job->timeout_ns = EMU_TIME_INFINITE;
	return job;
}

int amdgpu_job_add_dep(struct amdgpu_job *job, struct emu_fence *fence)
{
	emu_lockdep_assert_held();

	/* drm_sched_job_add_dependency / amdgpu_sync_fence: a fence that
	 * already signalled adds nothing */
	if (!fence || emu_fence_is_signaled(fence))
		return 0;
	if (job->ndeps == job->deps_cap) {
		unsigned int cap = job->deps_cap ? job->deps_cap * 2 : 4;
		void *p = realloc(job->deps, cap * sizeof(*job->deps));

		if (!p)
			return -ENOMEM;
		job->deps = p;
		job->deps_cap = cap;
	}
	job->deps[job->ndeps++] = emu_fence_get(fence);
	return 0;
}

uint64_t amdgpu_job_deps_pending(struct amdgpu_job *job)
{
	unsigned int i, n = 0;
	uint64_t first = 0;

	emu_lockdep_assert_held();
	/* drm_sched_job_dependency: one dependency at a time; the
	 * signalled ones are dropped (drm_sched_entity_clear_dep) */
	for (i = 0; i < job->ndeps; i++) {
		struct emu_fence *f = job->deps[i];

		if (!first && emu_fence_is_signaled(f)) {
			emu_fence_put(f);
			continue;
		}
		if (!first)
			first = emu_fence_completion_ns(f);
		job->deps[n++] = f;
	}
	job->ndeps = n;
	return first;
}

static void maps_put(struct amdgpu_cp_map *maps, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (maps[i].bo)
			emu_gem_object_put(maps[i].bo);
	free(maps);
}

int amdgpu_job_snapshot_vm(struct amdgpu_job *job, struct amdgpu_vm *vm)
{
	struct amdgpu_cp_map *maps;
	size_t i, n = 0;

	emu_lockdep_assert_held();
	maps = calloc(vm->nva ? vm->nva : 1, sizeof(*maps));
	if (!maps)
		return -ENOMEM;
	/* The PTEs the hardware walks: mappings whose page-table update was
	 * queued (amdgpu_vm_bo_update moved them to bo_va->valids). A
	 * mapping never updated (DELAY_UPDATE, not in the BO list) has no
	 * PTEs: an access to it is a GPU page fault. */
	for (i = 0; i < vm->nva; i++) {
		const struct amdgpu_bo_va_mapping *m = vm->va[i];

		if (!m->valid || !m->bo_va)
			continue;
		maps[n].start = m->start;
		maps[n].last = m->last;
		maps[n].offset = m->offset;
		if (m->bo_va->bo) {
			maps[n].bo = &m->bo_va->bo->base;
			emu_gem_object_get(maps[n].bo);
		}
		n++;
	}
	maps_put(job->maps, job->nmaps);
	job->maps = maps;
	job->nmaps = n;
	return 0;
}

void amdgpu_job_free(struct amdgpu_job *job)
{
	unsigned int i;

	emu_lockdep_assert_held();
	if (!job)
		return;
	for (i = 0; i < job->ndeps; i++)
		emu_fence_put(job->deps[i]);
	free(job->deps);
	if (job->s_fence) {
		emu_fence_put(&job->s_fence->scheduled);
		emu_fence_put(&job->s_fence->finished);
	}
	maps_put(job->maps, job->nmaps);
	if (job->uf_bo)
		emu_gem_object_put(job->uf_bo);
	free(job->ibs);
	free(job);
}
