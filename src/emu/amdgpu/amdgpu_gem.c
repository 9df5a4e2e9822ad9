// SPDX-License-Identifier: MIT
/*
 * amdgpu_gem.c (without GEM_VA, in amdgpu_gem_va.c) + amdgpu_object.c:
 * DRM_IOCTL_AMDGPU_GEM_CREATE and _GEM_MMAP, and the GEM object hooks that
 * keep each file's VM in step with its handles.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "amdgpu_priv.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "emu/dma-buf/dma-fence.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1ull << PAGE_SHIFT)

/* The flags amdgpu_gem_create_ioctl accepts from userspace. */
#define GEM_CREATE_SETTABLE                                                   \
	(AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED |                              \
	 AMDGPU_GEM_CREATE_NO_CPU_ACCESS | AMDGPU_GEM_CREATE_CPU_GTT_USWC |   \
	 AMDGPU_GEM_CREATE_VRAM_CLEARED | AMDGPU_GEM_CREATE_VM_ALWAYS_VALID | \
	 AMDGPU_GEM_CREATE_EXPLICIT_SYNC | AMDGPU_GEM_CREATE_ENCRYPTED |      \
	 AMDGPU_GEM_CREATE_GFX12_DCC | AMDGPU_GEM_CREATE_DISCARDABLE)

/* AMDGPU_GEM_DOMAIN_MASK of current kernels (DOORBELL since 6.6,
 * MMIO_REMAP since 6.18). */
#define GEM_DOMAIN_MASK                                   \
	(AMDGPU_GEM_DOMAIN_CPU | AMDGPU_GEM_DOMAIN_GTT |  \
	 AMDGPU_GEM_DOMAIN_VRAM | AMDGPU_GEM_DOMAIN_GDS | \
	 AMDGPU_GEM_DOMAIN_GWS | AMDGPU_GEM_DOMAIN_OA |   \
	 AMDGPU_GEM_DOMAIN_DOORBELL | AMDGPU_GEM_DOMAIN_MMIO_REMAP)

#define GEM_DOMAIN_ON_CHIP \
	(AMDGPU_GEM_DOMAIN_GDS | AMDGPU_GEM_DOMAIN_GWS | AMDGPU_GEM_DOMAIN_OA)

/* --- GEM object hooks ---------------------------------------------------- */

/* amdgpu_gem_object_open: a handle in this file gets a bo_va in its VM. */
static int amdgpu_gem_object_open(struct emu_gem_object *obj,
				  struct emu_file *file)
{
	struct amdgpu_bo *abo = gem_to_amdgpu_bo(obj);
	struct amdgpu_vm *vm = amdgpu_file_vm(file);
	struct amdgpu_bo_va *bo_va;

	/* a per-VM BO cannot be opened in another VM */
	if ((abo->flags & AMDGPU_GEM_CREATE_VM_ALWAYS_VALID) &&
	    !amdgpu_bo_always_valid(vm, abo))
		return -EPERM;

	bo_va = amdgpu_vm_bo_find(vm, abo);
	if (!bo_va) {
		/* the kernel does not check amdgpu_vm_bo_add either: a later
		 * GEM_VA then finds no bo_va (-ENOENT) */
		if (!amdgpu_vm_bo_add(vm, abo))
			emu_log("amdgpu: out of memory for a bo_va");
	} else {
		++bo_va->ref_count;
	}
	return 0;
}

/*
 * amdgpu_gem_object_close: the last handle of the BO in this file removes
 * its bo_va: its valid mappings go to the freed list and are cleared right
 * away by PT jobs that implicitly sync to the VM (amdgpu_vm_clear_freed).
 */
static void amdgpu_gem_object_close(struct emu_gem_object *obj,
				    struct emu_file *file)
{
	struct amdgpu_bo *bo = gem_to_amdgpu_bo(obj);
	struct amdgpu_vm *vm = amdgpu_file_vm(file);
	struct amdgpu_bo_va *bo_va = amdgpu_vm_bo_find(vm, bo);
	struct emu_fence *fence = NULL;

	if (!bo_va || --bo_va->ref_count)
		return;
	amdgpu_vm_bo_del(bo_va);
	if (amdgpu_vm_clear_freed(vm, NULL, &fence) < 0)
		emu_log("amdgpu: failed to clear page tables on GEM close");
	/* the kernel adds the fence to the BO's reservation (amdgpu_bo_fence);
	 * the emulator keeps no per-BO reservation yet */
	emu_fence_put(fence);
}

/* amdgpu_gem_prime_export (amdgpu_dma_buf.c): a userptr BO and a per-VM
 * BO cannot be shared. */
static int amdgpu_gem_prime_export(struct emu_gem_object *obj)
{
	struct amdgpu_bo *bo = gem_to_amdgpu_bo(obj);

	if (bo->userptr || (bo->flags & AMDGPU_GEM_CREATE_VM_ALWAYS_VALID))
		return -EPERM;
	return 0;
}

/* amdgpu_gem_object_free / amdgpu_bo_destroy */
static void amdgpu_gem_object_free(struct emu_gem_object *obj)
{
	struct amdgpu_bo *bo = gem_to_amdgpu_bo(obj);
	struct amdgpu_bo_va *bo_va;

	if (bo->placement == AMDGPU_GEM_DOMAIN_VRAM &&
	    !EMU_WARN_ON(emu_dev.adev.vram_usage < bo->base.size))
		emu_dev.adev.vram_usage -= bo->base.size;
	else if (bo->placement == AMDGPU_GEM_DOMAIN_GTT &&
		 !EMU_WARN_ON(emu_dev.adev.gtt_usage < bo->base.size))
		emu_dev.adev.gtt_usage -= bo->base.size;
	/* every handle is gone, so every bo_va is too */
	if (EMU_WARN_ON(bo->vm_bo))
		for (bo_va = bo->vm_bo; bo_va; bo_va = bo_va->bo_next)
			bo_va->bo = NULL;
	free(bo);
}

/* --- creation ------------------------------------------------------------ */

/* amdgpu_bo_validate_size: a BO must fit in its (first) TTM domain. */
static bool bo_validate_size(uint64_t size, uint32_t domain)
{
	if (domain & AMDGPU_GEM_DOMAIN_GTT)
		return size < emu_dev.adev.board->gtt_size;
	if (domain & AMDGPU_GEM_DOMAIN_VRAM)
		return size < emu_dev.adev.board->real_vram_size;
	return true;
}

/* amdgpu_gem_object_create -> amdgpu_bo_create; a new reference. */
static int amdgpu_gem_object_create(uint64_t size, uint64_t alignment,
				    uint32_t domain, uint64_t flags,
				    uint64_t vm_id, struct amdgpu_bo **out)
{
	struct amdgpu_bo *bo;
	int r;

	/* amdgpu_bo_create: on-chip domains count in units, the others are
	 * rounded up to pages */
	if (domain & (AMDGPU_GEM_DOMAIN_GWS | AMDGPU_GEM_DOMAIN_OA)) {
		uint64_t cap = domain & AMDGPU_GEM_DOMAIN_GWS ?
				       emu_dev.adev.board->gws_size :
				       emu_dev.adev.board->oa_size;

		/* the on-chip range manager has no room (errno UNVERIFIED) */
		if (size > cap)
			return -ENOMEM;
		size <<= PAGE_SHIFT;
	} else if (domain & AMDGPU_GEM_DOMAIN_GDS) {
		size = (size + 3) & ~3ull;
		if (size > emu_dev.adev.board->gds_size)
			return -ENOMEM;
		size <<= PAGE_SHIFT;
	} else {
		size = (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	}
	if (!bo_validate_size(size, domain))
		return -ENOMEM;
	/* ttm_bo_init_reserved -> drm_vma_offset_add: drm_mm refuses a
	 * zero-page node (derived from the code, UNVERIFIED on hardware) */
	if (!size)
		return -ENOSPC;

	bo = calloc(1, sizeof(*bo));
	if (!bo)
		return -ENOMEM;
	r = emu_gem_object_init(&bo->base, size);
	if (r) {
		free(bo);
		return r;
	}
	bo->base.open = amdgpu_gem_object_open;
	bo->base.export = amdgpu_gem_prime_export;
	bo->base.close = amdgpu_gem_object_close;
	bo->base.free = amdgpu_gem_object_free;
	bo->preferred_domains = domain;
	bo->allowed_domains = domain == AMDGPU_GEM_DOMAIN_VRAM ?
				      domain | AMDGPU_GEM_DOMAIN_GTT :
				      domain;
	bo->flags = flags;
	bo->alignment = alignment;
	bo->vm_id = vm_id;
	/* TTM usage: VRAM first when allowed, else GTT */
	if (domain & AMDGPU_GEM_DOMAIN_VRAM) {
		bo->placement = AMDGPU_GEM_DOMAIN_VRAM;
		emu_dev.adev.vram_usage += size;
	} else if (domain & AMDGPU_GEM_DOMAIN_GTT) {
		bo->placement = AMDGPU_GEM_DOMAIN_GTT;
		emu_dev.adev.gtt_usage += size;
	}
	*out = bo;
	return 0;
}

int amdgpu_gem_create_ioctl(struct emu_file *file, void *data)
{
	union drm_amdgpu_gem_create *args = data;
	struct amdgpu_vm *vm = amdgpu_file_vm(file);
	uint64_t flags = args->in.domain_flags;
	uint64_t size = args->in.bo_size;
	uint32_t initial_domain, handle;
	struct amdgpu_bo *bo;
	int r;

	/* amdgpu_gem_create_ioctl: reject invalid gem flags */
	if (flags & ~(uint64_t)GEM_CREATE_SETTABLE)
		return -EINVAL;
	/* reject invalid gem domains (DOORBELL is valid) */
	if (args->in.domains & ~(uint64_t)GEM_DOMAIN_MASK)
		return -EINVAL;
	/* secure BOs need TMZ */
	if (!emu_dev.adev.board->tmz && (flags & AMDGPU_GEM_CREATE_ENCRYPTED))
		return -EINVAL;
	/* always clear VRAM */
	flags |= AMDGPU_GEM_CREATE_VRAM_CLEARED;
	/* 6.18: userspace cannot allocate the MMIO_REMAP singleton */
	if (args->in.domains & AMDGPU_GEM_DOMAIN_MMIO_REMAP)
		return -EINVAL;
	if (args->in.domains & GEM_DOMAIN_ON_CHIP) {
		/* "GDS bo cannot be per-vm-bo" */
		if (flags & AMDGPU_GEM_CREATE_VM_ALWAYS_VALID)
			return -EINVAL;
		flags |= AMDGPU_GEM_CREATE_NO_CPU_ACCESS;
	}

	initial_domain = (uint32_t)args->in.domains;
	for (;;) {
		r = amdgpu_gem_object_create(
			size, args->in.alignment, initial_domain, flags,
			flags & AMDGPU_GEM_CREATE_VM_ALWAYS_VALID ? vm->id : 0,
			&bo);
		if (!r)
			break;
		/* the retry ladder: without CPU access, then VRAM|GTT */
		if (flags & AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED) {
			flags &= ~(
				uint64_t)AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED;
			continue;
		}
		if (initial_domain == AMDGPU_GEM_DOMAIN_VRAM) {
			initial_domain |= AMDGPU_GEM_DOMAIN_GTT;
			continue;
		}
		emu_dbg("amdgpu: GEM_CREATE of %llu bytes in 0x%x failed: %d",
			(unsigned long long)size, initial_domain, r);
		return r;
	}

	/* the handle takes over the creation reference */
	r = emu_gem_handle_create(file, &bo->base, &handle);
	emu_gem_object_put(&bo->base);
	if (r)
		return r;

	memset(args, 0, sizeof(*args));
	args->out.handle = handle;
	return 0;
}

/* --- CPU mapping --------------------------------------------------------- */

/* amdgpu_gem_mmap_ioctl -> amdgpu_mode_dumb_mmap */
int amdgpu_gem_mmap_ioctl(struct emu_file *file, void *data)
{
	union drm_amdgpu_gem_mmap *args = data;
	uint32_t handle = args->in.handle;
	struct emu_gem_object *gobj;
	struct amdgpu_bo *bo;
	uint64_t offset;
	int r;

	memset(args, 0, sizeof(*args));
	gobj = emu_gem_lookup(file, handle);
	if (!gobj)
		return -ENOENT;
	bo = gem_to_amdgpu_bo(gobj);
	/* userptr BOs and BOs without CPU access have no CPU mapping */
	if (bo->userptr || (bo->flags & AMDGPU_GEM_CREATE_NO_CPU_ACCESS)) {
		emu_gem_object_put(gobj);
		return -EPERM;
	}
	r = emu_gem_mmap_offset(gobj, &offset);
	emu_gem_object_put(gobj);
	if (r)
		return r;
	args->out.addr_ptr = offset;
	return 0;
}
