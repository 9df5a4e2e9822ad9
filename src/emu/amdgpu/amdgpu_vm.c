// SPDX-License-Identifier: MIT
/*
 * The per-file GPU VM: mappings, bo_va, the freed list and page-table jobs
 * (amdgpu_vm.c). See amdgpu_vm.h for the model.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "amdgpu_priv.h"
#include "amdgpu_userq.h"
#include "amdgpu_vm.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "emu/dma-buf/dma-fence.h"
#include "emu/profile.h"

#define GPU_PAGE_SHIFT 12
#define GPU_PAGE_MASK (UAPI_AMDGPU_GPU_PAGE_SIZE - 1)

/* --- the address space (amdgpu_vm_it_*: an interval tree) ---------------- */

/* First mapping whose last page is >= pfn (mappings never overlap, so they
 * are sorted by last as well as by start). */
static size_t va_first_ending_at_or_after(const struct amdgpu_vm *vm,
					  uint64_t pfn)
{
	size_t lo = 0, hi = vm->nva;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (vm->va[mid]->last < pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* amdgpu_vm_it_iter_first: index of the first mapping overlapping
 * [start, last], or vm->nva. */
static size_t va_iter_first(const struct amdgpu_vm *vm, uint64_t start,
			    uint64_t last)
{
	size_t i = va_first_ending_at_or_after(vm, start);

	return i < vm->nva && vm->va[i]->start <= last ? i : vm->nva;
}

static int va_insert(struct amdgpu_vm *vm, struct amdgpu_bo_va_mapping *m)
{
	size_t i = va_first_ending_at_or_after(vm, m->start);

	if (vm->nva == vm->va_cap) {
		size_t cap = vm->va_cap ? vm->va_cap * 2 : 16;
		void *p = realloc(vm->va, cap * sizeof(*vm->va));

		if (!p)
			return -ENOMEM;
		vm->va = p;
		vm->va_cap = cap;
	}
	memmove(&vm->va[i + 1], &vm->va[i], (vm->nva - i) * sizeof(*vm->va));
	vm->va[i] = m;
	vm->nva++;
	return 0;
}

/* Make room up front so that inserting never fails half-way. */
static int va_reserve(struct amdgpu_vm *vm, size_t extra)
{
	size_t cap = vm->va_cap ? vm->va_cap : 16;
	void *p;

	while (cap < vm->nva + extra)
		cap *= 2;
	if (cap == vm->va_cap)
		return 0;
	p = realloc(vm->va, cap * sizeof(*vm->va));
	if (!p)
		return -ENOMEM;
	vm->va = p;
	vm->va_cap = cap;
	return 0;
}

static void va_remove_range(struct amdgpu_vm *vm, size_t i, size_t n)
{
	memmove(&vm->va[i], &vm->va[i + n],
		(vm->nva - i - n) * sizeof(*vm->va));
	vm->nva -= n;
}

static void va_remove(struct amdgpu_vm *vm, struct amdgpu_bo_va_mapping *m)
{
	size_t i = va_first_ending_at_or_after(vm, m->start);

	/* every mapping being removed is in its VM's tree */
	if (!EMU_WARN_ON(i >= vm->nva || vm->va[i] != m))
		va_remove_range(vm, i, 1);
}

struct amdgpu_bo_va_mapping *amdgpu_vm_bo_lookup_mapping(struct amdgpu_vm *vm,
							 uint64_t pfn)
{
	size_t i = va_iter_first(vm, pfn, pfn);

	emu_lockdep_assert_held();
	return i < vm->nva ? vm->va[i] : NULL;
}

size_t amdgpu_vm_mapping_count(const struct amdgpu_vm *vm)
{
	emu_lockdep_assert_held();

	return vm->nva;
}

/* --- page-table jobs ----------------------------------------------------- */

static void resv_prune(struct amdgpu_vm *vm)
{
	unsigned int i, n = 0;

	for (i = 0; i < vm->nresv; i++) {
		if (emu_fence_is_signaled(vm->resv[i]))
			emu_fence_put(vm->resv[i]);
		else
			vm->resv[n++] = vm->resv[i];
	}
	vm->nresv = n;
}

void amdgpu_vm_add_resv_fence(struct amdgpu_vm *vm, struct emu_fence *f)
{
	emu_lockdep_assert_held();

	resv_prune(vm);
	if (!f || emu_fence_is_signaled(f))
		return;
	if (vm->nresv == vm->resv_cap) {
		unsigned int cap = vm->resv_cap ? vm->resv_cap * 2 : 8;
		void *p = realloc(vm->resv, cap * sizeof(*vm->resv));

		if (!p) {
			/* dma_resv_reserve_fences failed: the CS would fail
			 * before submitting; nothing to sync to then. */
			emu_log("amdgpu_vm: out of memory for a resv fence");
			return;
		}
		vm->resv = p;
		vm->resv_cap = cap;
	}
	vm->resv[vm->nresv++] = emu_fence_get(f);
}

/*
 * amdgpu_vm_sdma_commit: one SDMA job on the VM's delayed entity. It
 * depends on the job queued before it (entity FIFO), on sync->deps (NV1
 * input fences) and, with implicit sync, on the root reservation
 * (amdgpu_sync_resv EQ_OWNER). New reference, NULL on ENOMEM.
 */
static struct emu_fence *vm_submit_job(struct amdgpu_vm *vm, bool implicit,
				       const struct amdgpu_vm_sync *sync)
{
	unsigned int n = 0, max = 1, i;
	struct emu_fence **deps, *job;

	if (implicit)
		max += vm->nresv;
	if (sync)
		max += sync->ndeps;
	deps = calloc(max, sizeof(*deps));
	if (!deps)
		return NULL;
	deps[n++] = vm->last_job;
	for (i = 0; implicit && i < vm->nresv; i++)
		deps[n++] = vm->resv[i];
	for (i = 0; sync && i < sync->ndeps; i++)
		deps[n++] = sync->deps[i];
	job = emu_fence_create_job(vm->context, ++vm->seqno, emu_now_ns(),
				   emu_dev.adev.sdma_job_ns, deps, n);
	free(deps);
	if (!job)
		return NULL;
	emu_fence_put(vm->last_job);
	vm->last_job = emu_fence_get(job);
	return job;
}

int amdgpu_vm_clear_freed(struct amdgpu_vm *vm,
			  const struct amdgpu_vm_sync *sync,
			  struct emu_fence **fence)
{
	struct emu_fence *f = NULL;
	bool implicit = true;
	struct amdgpu_bo_va_mapping *m;
	int r = 0;

	emu_lockdep_assert_held();
	/* NV2: amdgpu_vm_clear_freed returns early when nothing was freed;
	 * older kernels queue no job then either. */
	if (emu_list_empty(&vm->freed))
		return 0;

	/* NV2, amdgpu_vm_update_ctx_ensure_unmap_synced: AMDGPU_SYNC_EXPLICIT
	 * only if every freed mapping is PRT or of an always-valid BO, else
	 * a silent fallback to EQ_OWNER for the whole operation. */
	if (sync && sync->explicit_sync) {
		implicit = false;
		emu_list_for_each_entry(m, &vm->freed, list)
			if (!m->explicit_ok)
				implicit = true;
	}
	resv_prune(vm);

	/* amdgpu_vm_clear_freed: one amdgpu_vm_update_range per mapping */
	while (!emu_list_empty(&vm->freed)) {
		struct emu_fence *job;

		m = emu_list_first_entry(&vm->freed,
					 struct amdgpu_bo_va_mapping, list);
		emu_list_del(&m->list);
		free(m);
		job = vm_submit_job(vm, implicit, sync);
		if (!job) {
			r = -ENOMEM;
			break;
		}
		emu_fence_put(f);
		f = job;
	}

	/* CK7: clear_freed updates vm->last_update directly, so that the
	 * timeline export of UNMAP/CLEAR can use it. */
	if (f && emu_active_profile()->va_delay_update_timeline_einval) {
		emu_fence_put(vm->last_update);
		vm->last_update = emu_fence_get(f);
	}

	if (fence && f) {
		emu_fence_put(*fence);
		*fence = f;
	} else {
		emu_fence_put(f);
	}
	return r;
}

int amdgpu_vm_bo_update(struct amdgpu_bo_va *bo_va,
			const struct amdgpu_vm_sync *sync)
{
	struct amdgpu_vm *vm = bo_va->vm;
	struct emu_fence **last_update;

	emu_lockdep_assert_held();
	/* amdgpu_vm_bo_update: the PTEs of a VM_ALWAYS_VALID BO are tracked
	 * by vm->last_update, all others by bo_va->last_pt_update. */
	if (amdgpu_bo_always_valid(vm, bo_va->bo))
		last_update = &vm->last_update;
	else
		last_update = &bo_va->last_pt_update;

	/* Only the invalid mappings are written, one job each. A PRT bo_va
	 * syncs to nothing ("Don't implicit sync PRT maps"); a BO only to
	 * its move fences (AMDGPU_SYNC_EXPLICIT), which the emulator never
	 * has. */
	while (!emu_list_empty(&bo_va->invalids)) {
		struct amdgpu_bo_va_mapping *m = emu_list_first_entry(
			&bo_va->invalids, struct amdgpu_bo_va_mapping, list);
		struct emu_fence *job = vm_submit_job(vm, false, sync);

		if (!job)
			return -ENOMEM;
		emu_list_move_tail(&m->list, &bo_va->valids);
		m->valid = true;
		emu_fence_put(*last_update);
		*last_update = job;
	}
	return 0;
}

/* --- bo_va --------------------------------------------------------------- */

struct amdgpu_bo_va *amdgpu_vm_bo_add(struct amdgpu_vm *vm,
				      struct amdgpu_bo *bo)
{
	struct amdgpu_bo_va *bo_va = calloc(1, sizeof(*bo_va));

	emu_lockdep_assert_held();
	if (!bo_va)
		return NULL;
	bo_va->vm = vm;
	bo_va->bo = bo;
	bo_va->ref_count = 1;
	emu_list_init(&bo_va->valids);
	emu_list_init(&bo_va->invalids);
	bo_va->last_pt_update = emu_fence_get_stub();
	emu_list_add_tail(&bo_va->vm_link, &vm->bo_vas);
	if (bo) {
		bo_va->bo_next = bo->vm_bo;
		bo->vm_bo = bo_va;
	}
	return bo_va;
}

struct amdgpu_bo_va *amdgpu_vm_bo_find(struct amdgpu_vm *vm,
				       struct amdgpu_bo *bo)
{
	struct amdgpu_bo_va *bo_va;

	emu_lockdep_assert_held();
	for (bo_va = bo->vm_bo; bo_va; bo_va = bo_va->bo_next)
		if (bo_va->vm == vm)
			return bo_va;
	return NULL;
}

/* NV2, amdgpu_vm_update_ctx_add_freed_mapping: may this freed mapping be
 * cleared with explicit sync? */
static bool mapping_explicit_ok(struct amdgpu_vm *vm,
				const struct amdgpu_bo_va_mapping *m)
{
	return (m->flags & AMDGPU_VM_PAGE_PRT) ||
	       amdgpu_bo_always_valid(vm, m->bo_va->bo);
}

/* A mapping leaves the address space; valid ones wait on vm->freed for
 * their PT clear, invalid ones have no PTEs to clear and are freed. */
static void mapping_remove(struct amdgpu_vm *vm, struct amdgpu_bo_va_mapping *m)
{
	emu_list_del(&m->list);
	va_remove(vm, m);
	if (m->valid) {
		m->explicit_ok = mapping_explicit_ok(vm, m);
		m->bo_va = NULL;
		emu_list_add_tail(&m->list, &vm->freed);
	} else {
		free(m);
	}
}

void amdgpu_vm_bo_del(struct amdgpu_bo_va *bo_va)
{
	struct amdgpu_vm *vm = bo_va->vm;
	struct amdgpu_bo_va **pp;

	emu_lockdep_assert_held();
	if (bo_va->bo) {
		for (pp = &bo_va->bo->vm_bo; *pp; pp = &(*pp)->bo_next) {
			if (*pp == bo_va) {
				*pp = bo_va->bo_next;
				break;
			}
		}
	}
	emu_list_del(&bo_va->vm_link);
	/* amdgpu_vm_bo_del: valids to vm->freed, invalids freed directly */
	while (!emu_list_empty(&bo_va->valids))
		mapping_remove(vm, emu_list_first_entry(
					   &bo_va->valids,
					   struct amdgpu_bo_va_mapping, list));
	while (!emu_list_empty(&bo_va->invalids))
		mapping_remove(vm, emu_list_first_entry(
					   &bo_va->invalids,
					   struct amdgpu_bo_va_mapping, list));
	emu_fence_put(bo_va->last_pt_update);
	free(bo_va);
}

/* --- mapping operations -------------------------------------------------- */

/* amdgpu_vm_verify_parameters ("Verify the parameters of
 * amdgpu_vm_bo_(map/replace_map/clearing_mappings) in one common place") */
static int verify_parameters(const struct amdgpu_bo *bo, uint64_t start,
			     uint64_t offset, uint64_t size)
{
	uint64_t tmp, lpfn;

	/* 4 KiB alignment of va, offset and size */
	if ((start | offset | size) & GPU_PAGE_MASK)
		return -EINVAL;
	/* u64 overflow, and size 0 */
	if (__builtin_add_overflow(start, size, &tmp) ||
	    __builtin_add_overflow(offset, size, &tmp) || size == 0)
		return -EINVAL;
	/* the range must fit in the BO */
	if (bo && offset + size > bo->base.size)
		return -EINVAL;
	/* last page below max_pfn */
	lpfn = (start + size - 1) >> GPU_PAGE_SHIFT;
	if (lpfn >= emu_dev.adev.board->max_pfn)
		return -EINVAL;
	return 0;
}

static struct amdgpu_bo_va_mapping *
mapping_alloc(uint64_t saddr, uint64_t offset, uint64_t size, uint32_t flags)
{
	struct amdgpu_bo_va_mapping *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	emu_list_init(&m->list);
	m->start = saddr >> GPU_PAGE_SHIFT;
	m->last = m->start + ((size - 1) >> GPU_PAGE_SHIFT);
	m->offset = offset;
	m->flags = flags;
	return m;
}

/* amdgpu_vm_bo_insert_map: new mappings start invalid (no PTEs yet). */
static void insert_map(struct amdgpu_bo_va *bo_va,
		       struct amdgpu_bo_va_mapping *m)
{
	m->bo_va = bo_va;
	m->valid = false;
	emu_list_add_tail(&m->list, &bo_va->invalids);
	/* va_reserve() made room: cannot fail */
	va_insert(bo_va->vm, m);
}

int amdgpu_vm_bo_map(struct amdgpu_bo_va *bo_va, uint64_t saddr,
		     uint64_t offset, uint64_t size, uint32_t flags)
{
	struct amdgpu_vm *vm = bo_va->vm;
	struct amdgpu_bo_va_mapping *m;
	uint64_t start, last;
	int r;

	emu_lockdep_assert_held();
	r = verify_parameters(bo_va->bo, saddr, offset, size);
	if (r)
		return r;
	start = saddr >> GPU_PAGE_SHIFT;
	last = start + ((size - 1) >> GPU_PAGE_SHIFT);

	/* amdgpu_vm_bo_map: any overlap with an existing mapping of this VM
	 * (any bo_va, PRT included) is a conflict */
	if (va_iter_first(vm, start, last) < vm->nva) {
		emu_dbg("amdgpu_vm: va 0x%llx-0x%llx conflicts",
			(unsigned long long)start, (unsigned long long)last);
		return -EINVAL;
	}
	m = mapping_alloc(saddr, offset, size, flags);
	if (!m || va_reserve(vm, 1)) {
		free(m);
		return -ENOMEM;
	}
	insert_map(bo_va, m);
	return 0;
}

int amdgpu_vm_bo_replace_map(struct amdgpu_bo_va *bo_va, uint64_t saddr,
			     uint64_t offset, uint64_t size, uint32_t flags)
{
	struct amdgpu_bo_va_mapping *m;
	int r;

	emu_lockdep_assert_held();
	/* amdgpu_vm_bo_replace_map: the MAP checks, then clear the range
	 * (never a conflict), then map */
	r = verify_parameters(bo_va->bo, saddr, offset, size);
	if (r)
		return r;
	m = mapping_alloc(saddr, offset, size, flags);
	if (!m)
		return -ENOMEM;
	r = amdgpu_vm_bo_clear_mappings(bo_va->vm, saddr, size);
	if (!r)
		r = va_reserve(bo_va->vm, 1);
	if (r) {
		free(m);
		return r;
	}
	insert_map(bo_va, m);
	return 0;
}

int amdgpu_vm_bo_unmap(struct amdgpu_bo_va *bo_va, uint64_t saddr)
{
	struct amdgpu_bo_va_mapping *m;
	uint64_t start = saddr >> GPU_PAGE_SHIFT; /* truncates, no checks */

	emu_lockdep_assert_held();
	/* amdgpu_vm_bo_unmap: a mapping of this bo_va starting exactly at
	 * that page (valids first, then invalids: at most one exists) */
	m = amdgpu_vm_bo_lookup_mapping(bo_va->vm, start);
	if (!m || m->start != start || m->bo_va != bo_va)
		return -ENOENT;
	/* 6f3c8a5fe6 (6.19): a bo_va a userq CREATE validated waits on the
	 * eviction fence first; only UNMAP does (not CLEAR, REPLACE or GEM
	 * close), and the result is unchanged. The wait drops the device
	 * lock, so the mapping is looked up again. */
	if (bo_va->userq_va_mapped) {
		amdgpu_userq_gem_va_unmap_validate(bo_va->vm, saddr);
		m = amdgpu_vm_bo_lookup_mapping(bo_va->vm, start);
		if (!m || m->start != start || m->bo_va != bo_va)
			return -ENOENT;
	}
	mapping_remove(bo_va->vm, m);
	return 0;
}

int amdgpu_vm_bo_clear_mappings(struct amdgpu_vm *vm, uint64_t saddr,
				uint64_t size)
{
	struct amdgpu_bo_va_mapping *before, *after;
	uint64_t start, last;
	size_t first, i, n;
	int r;

	emu_lockdep_assert_held();
	/* amdgpu_vm_bo_clear_mappings: verify_parameters(bo = NULL, offset 0) */
	r = verify_parameters(NULL, saddr, 0, size);
	if (r)
		return r;
	start = saddr >> GPU_PAGE_SHIFT;
	last = start + ((size - 1) >> GPU_PAGE_SHIFT);

	/* Allocate everything up front: the split pieces and room in the
	 * address space for them. */
	before = calloc(1, sizeof(*before));
	after = calloc(1, sizeof(*after));
	if (!before || !after || va_reserve(vm, 2)) {
		free(before);
		free(after);
		return -ENOMEM;
	}
	emu_list_init(&before->list);
	emu_list_init(&after->list);

	first = va_iter_first(vm, start, last);
	for (n = 0; first + n < vm->nva && vm->va[first + n]->start <= last;
	     n++) {
		struct amdgpu_bo_va_mapping *tmp = vm->va[first + n];
		struct amdgpu_bo_va *bo_va = tmp->bo_va;

		/* Remember the piece before the range: it stays mapped, but
		 * as an invalid mapping of the same bo_va. */
		if (tmp->start < start) {
			before->start = tmp->start;
			before->last = start - 1;
			before->offset = tmp->offset;
			before->flags = tmp->flags;
			before->bo_va = bo_va;
			emu_list_add_tail(&before->list, &bo_va->invalids);
		}
		/* ... and the piece after it */
		if (tmp->last > last) {
			after->start = last + 1;
			after->last = tmp->last;
			after->offset =
				tmp->offset +
				((after->start - tmp->start) << GPU_PAGE_SHIFT);
			after->flags = tmp->flags;
			after->bo_va = bo_va;
			emu_list_add_tail(&after->list, &bo_va->invalids);
		}
	}

	/* The covered parts go to vm->freed, valid or not: the range is
	 * cleared by a PT job in any case. */
	for (i = first; i < first + n; i++) {
		struct amdgpu_bo_va_mapping *tmp = vm->va[i];

		emu_list_del(&tmp->list);
		if (tmp->start < start)
			tmp->start = start;
		if (tmp->last > last)
			tmp->last = last;
		tmp->explicit_ok = mapping_explicit_ok(vm, tmp);
		tmp->bo_va = NULL;
		tmp->valid = false;
		emu_list_add_tail(&tmp->list, &vm->freed);
	}
	va_remove_range(vm, first, n);

	if (!emu_list_empty(&before->list))
		va_insert(vm, before);
	else
		free(before);
	if (!emu_list_empty(&after->list))
		va_insert(vm, after);
	else
		free(after);
	return 0;
}

/* --- init / fini --------------------------------------------------------- */

int amdgpu_vm_init(struct amdgpu_vm *vm)
{
	emu_lockdep_assert_held();

	memset(vm, 0, sizeof(*vm));
	vm->id = ++emu_dev.adev.next_vm_id;
	vm->context = emu_fence_context_alloc(1);
	emu_list_init(&vm->freed);
	emu_list_init(&vm->bo_vas);
	/* amdgpu_vm_init: last_update starts as the signalled stub */
	vm->last_update = emu_fence_get_stub();
	return 0;
}

void amdgpu_vm_fini(struct amdgpu_vm *vm)
{
	unsigned int i;

	emu_lockdep_assert_held();
	/* Normally empty: GEM handles are released and prt_va deleted
	 * before (amdgpu_driver_postclose_kms). */
	while (!emu_list_empty(&vm->bo_vas))
		amdgpu_vm_bo_del(emu_list_first_entry(
			&vm->bo_vas, struct amdgpu_bo_va, vm_link));
	/*
	 * amdgpu_vm_fini: freed mappings are dropped without PT work (the
	 * page tables go away). The kernel also waits for the last TLB flush
	 * here; nothing observable depends on that wait, and the job fences
	 * stay valid through their own references.
	 */
	while (!emu_list_empty(&vm->freed)) {
		struct amdgpu_bo_va_mapping *m = emu_list_first_entry(
			&vm->freed, struct amdgpu_bo_va_mapping, list);

		emu_list_del(&m->list);
		free(m);
	}
	for (i = 0; i < vm->nva; i++)
		free(vm->va[i]);
	free(vm->va);
	for (i = 0; i < vm->nresv; i++)
		emu_fence_put(vm->resv[i]);
	free(vm->resv);
	emu_fence_put(vm->last_update);
	emu_fence_put(vm->last_job);
	memset(vm, 0, sizeof(*vm));
}
