// SPDX-License-Identifier: MIT
/*
 * Split out of amdgpu_gem.c: DRM_IOCTL_AMDGPU_GEM_VA (amdgpu_gem_va_ioctl
 * and amdgpu_gem_va_update_vm), with the validation order and errno of gem-va-prt.md §4 (emulator-notes rules
 * 19-43). The DRM core hands over the 64-byte struct, zero-extended from a
 * 40-byte (pre-6.16) request, and copies nothing back (DRM_IOW).
 */
#include <errno.h>
#include <stdlib.h>

#include "amdgpu_priv.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "emu/dma-buf/dma-fence.h"
#include "emu/profile.h"
#include "emu/drm/drm_syncobj.h"
#include "uapi/experimental/amdgpu_vm_explicit_sync.h"

/* memdup_user allocates with kmalloc: KMALLOC_MAX_SIZE on x86-64 (order-10
 * pages) is 4 MiB, anything larger is -ENOMEM before the copy. */
#define KMALLOC_MAX_SIZE (4ull << 20)

struct input_fences {
	struct emu_fence **fences;
	unsigned int count;
};

static void input_fences_put(struct input_fences *in)
{
	unsigned int i;

	for (i = 0; i < in->count; i++)
		emu_fence_put(in->fences[i]);
	free(in->fences);
	in->fences = NULL;
	in->count = 0;
}

/*
 * amdgpu_gem_add_input_fence: each handle must be non-zero and resolve to
 * a fence; each fence is then waited for, uninterruptibly, in the ioctl
 * ("TODO: optimize async handling"). With NV1 the fences become
 * dependencies of this operation's page-table jobs instead (kept in *in).
 */
static int add_input_fences(struct emu_file *file,
			    const struct uapi_amdgpu_gem_va *args, bool async,
			    struct input_fences *in)
{
	uint32_t n = args->num_syncobj_handles;
	uint32_t *handles = NULL;
	uint32_t i;
	int r;

	if (!n)
		return 0;
	/* memdup_user(size_mul(4, n)): kmalloc limit, then the copy */
	if ((uint64_t)n * sizeof(uint32_t) > KMALLOC_MAX_SIZE)
		return -ENOMEM;
	r = emu_memdup_array_user((void **)&handles,
				  args->input_fence_syncobj_handles, n,
				  sizeof(uint32_t));
	if (r)
		return r;
	if (async) {
		in->fences = calloc(n, sizeof(*in->fences));
		if (!in->fences) {
			free(handles);
			return -ENOMEM;
		}
	}

	for (i = 0; i < n; i++) {
		struct emu_fence *fence;

		/* a zero handle */
		if (!handles[i]) {
			r = -EINVAL;
			break;
		}
		/* drm_syncobj_find_fence(handle, point 0, flags 0) */
		r = emu_syncobj_find_fence(file, handles[i], 0, &fence);
		if (r)
			break;
		if (async) {
			in->fences[in->count++] = fence;
			continue;
		}
		/* dma_fence_wait(fence, false): no timeout; the device lock
		 * is released while waiting */
		emu_fence_wait(fence, EMU_TIME_INFINITE);
		emu_fence_put(fence);
	}
	free(handles);
	return r;
}

/*
 * amdgpu_gem_va_update_vm: clear the freed list, write the PTEs of the
 * mapped bo_va. Errors are not returned to userspace ("Couldn't update
 * BO_VA"). Returns the last PT-clear job, or NULL when nothing was freed.
 */
static struct emu_fence *gem_va_update_vm(struct amdgpu_vm *vm,
					  struct amdgpu_bo_va *bo_va,
					  uint32_t operation,
					  const struct amdgpu_vm_sync *sync)
{
	struct emu_fence *fence = NULL;
	int r;

	r = amdgpu_vm_clear_freed(vm, sync, &fence);
	if (!r && (operation == AMDGPU_VA_OP_MAP ||
		   operation == AMDGPU_VA_OP_REPLACE))
		r = amdgpu_vm_bo_update(bo_va, sync);
	if (r) {
		emu_log("amdgpu: Couldn't update BO_VA (%d)", r);
		emu_fence_put(fence);
		return emu_fence_get_stub();
	}
	return fence;
}

/*
 * The fence exported to the VM timeline syncobj (gem-va-prt.md §6.4).
 * Consumes the reference on `fence` (the update's result); returns a new
 * reference.
 */
static struct emu_fence *gem_va_export_fence(struct amdgpu_vm *vm,
					     struct amdgpu_bo_va *bo_va,
					     uint32_t operation,
					     struct emu_fence *fence)
{
	bool map = operation == AMDGPU_VA_OP_MAP ||
		   operation == AMDGPU_VA_OP_REPLACE;
	struct emu_fence *pair[2], *f;

	if (!emu_active_profile()->va_delay_update_timeline_einval) {
		/* v6.16-v6.18, amdgpu_gem_update_bo_mapping: MAP/REPLACE
		 * export vm->last_update for a per-VM BO, else the bo_va's
		 * last PT update; UNMAP/CLEAR export the last PT-clear job,
		 * or a signalled stub if nothing needed clearing. */
		if (!map)
			return fence ? fence : emu_fence_get_stub();
		emu_fence_put(fence);
		if (amdgpu_bo_always_valid(vm, bo_va->bo))
			return emu_fence_get(vm->last_update);
		return emu_fence_get(bo_va->last_pt_update);
	}

	/* CK7: UNMAP/CLEAR export vm->last_update (clear_freed updates it);
	 * MAP/REPLACE of a per-VM BO too, other BOs the merge of
	 * vm->last_update and bo_va->last_pt_update. */
	emu_fence_put(fence);
	if (!map || amdgpu_bo_always_valid(vm, bo_va->bo))
		return emu_fence_get(vm->last_update);
	pair[0] = vm->last_update;
	pair[1] = bo_va->last_pt_update;
	f = emu_fence_unwrap_merge(pair, 2);
	if (!f) {
		/* CK7's OOM fallback waits for both instead */
		emu_fence_wait(pair[0], EMU_TIME_INFINITE);
		emu_fence_wait(pair[1], EMU_TIME_INFINITE);
		f = emu_fence_get_stub();
	}
	return f;
}

int amdgpu_gem_va_ioctl(struct emu_file *file, void *data)
{
	const struct uapi_amdgpu_gem_va *args = data;
	const struct emu_profile *p = emu_active_profile();
	struct amdgpu_fpriv *fpriv = amdgpu_fpriv(file);
	uint32_t valid_flags =
		AMDGPU_VM_DELAY_UPDATE | AMDGPU_VM_PAGE_READABLE |
		AMDGPU_VM_PAGE_WRITEABLE | AMDGPU_VM_PAGE_EXECUTABLE |
		AMDGPU_VM_MTYPE_MASK | AMDGPU_VM_PAGE_NOALLOC;
	uint32_t prt_flags = AMDGPU_VM_DELAY_UPDATE | AMDGPU_VM_PAGE_PRT;
	uint64_t va = args->va_address;
	struct emu_gem_object *gobj = NULL;
	struct amdgpu_bo *abo = NULL;
	struct amdgpu_bo_va *bo_va;
	struct emu_syncobj *timeline = NULL;
	struct input_fences in = { NULL, 0 };
	struct amdgpu_vm_sync sync;
	uint64_t vm_size;
	int r;

	/* 1. amdgpu_gem_va_ioctl: reserved bottom */
	if (va < UAPI_AMDGPU_VA_RESERVED_BOTTOM) {
		emu_dbg("amdgpu: va_address 0x%llx is in the reserved area",
			(unsigned long long)va);
		return -EINVAL;
	}
	/* 2. the VA hole */
	if (va >= UAPI_AMDGPU_GMC_HOLE_START && va < UAPI_AMDGPU_GMC_HOLE_END) {
		emu_dbg("amdgpu: va_address 0x%llx is in the VA hole",
			(unsigned long long)va);
		return -EINVAL;
	}
	/* 3. high-half addresses lose their sign extension (kernel-internal) */
	va &= UAPI_AMDGPU_GMC_HOLE_MASK;
	/* 4. top reserved area, for every op. cd7cfcdb4dd4 (7.1) adds
	 * check_add_overflow; before it a sum that wraps past 2^64 passes */
	vm_size = emu_dev.adev.board->max_pfn * UAPI_AMDGPU_GPU_PAGE_SIZE -
		  UAPI_AMDGPU_VA_RESERVED_TOP;
	if ((p->gem_va_overflow_check && va + args->map_size < va) ||
	    va + args->map_size > vm_size) {
		emu_dbg("amdgpu: va_address 0x%llx + size 0x%llx beyond the VM",
			(unsigned long long)va,
			(unsigned long long)args->map_size);
		return -EINVAL;
	}
	/* 5. flags: a subset of the normal set or of the PRT set. NV2 adds
	 * AMDGPU_VM_EXPLICIT_SYNC to both. */
	if (p->vm_explicit_sync) {
		valid_flags |= AMDGPU_VM_EXPLICIT_SYNC;
		prt_flags |= AMDGPU_VM_EXPLICIT_SYNC;
	}
	if ((args->flags & ~valid_flags) && (args->flags & ~prt_flags)) {
		emu_dbg("amdgpu: invalid flags combination 0x%x", args->flags);
		return -EINVAL;
	}
	/* 6. CK7: DELAY_UPDATE would never update a timeline out-fence */
	if (p->va_delay_update_timeline_einval &&
	    (args->flags & AMDGPU_VM_DELAY_UPDATE) &&
	    args->vm_timeline_syncobj_out)
		return -EINVAL;
	/* 7. operation */
	switch (args->operation) {
	case AMDGPU_VA_OP_MAP:
	case AMDGPU_VA_OP_UNMAP:
	case AMDGPU_VA_OP_CLEAR:
	case AMDGPU_VA_OP_REPLACE:
		break;
	default:
		emu_dbg("amdgpu: unsupported operation %u", args->operation);
		return -EINVAL;
	}
	/* 8. the GEM handle, ignored for CLEAR and PRT ops */
	if (args->operation != AMDGPU_VA_OP_CLEAR &&
	    !(args->flags & AMDGPU_VM_PAGE_PRT)) {
		gobj = emu_gem_lookup(file, args->handle);
		if (!gobj)
			return -ENOENT;
		abo = gem_to_amdgpu_bo(gobj);
	}
	/* 9. input syncobjs (6.16 fields): waited for, or NV1 deps */
	r = add_input_fences(file, args, p->va_async_input_fences, &in);
	if (r)
		goto out;
	/* 10. drm_exec locking of the BO and the root PD: the device lock */

	/* 11. the bo_va: the BO's in this VM, else the PRT bo_va; none for
	 * CLEAR */
	if (abo) {
		bo_va = amdgpu_vm_bo_find(&fpriv->vm, abo);
		if (!bo_va) {
			r = -ENOENT;
			goto out;
		}
	} else if (args->operation != AMDGPU_VA_OP_CLEAR) {
		bo_va = fpriv->prt_va;
	} else {
		bo_va = NULL;
	}
	/* 12. amdgpu_gem_update_timeline_node: the out syncobj must exist */
	if (args->vm_timeline_syncobj_out) {
		timeline =
			emu_syncobj_find(file, args->vm_timeline_syncobj_out);
		if (!timeline) {
			r = -ENOENT;
			goto out;
		}
	}

	/* 13. the operation (amdgpu_vm.c) */
	switch (args->operation) {
	case AMDGPU_VA_OP_MAP:
		r = amdgpu_vm_bo_map(bo_va, va, args->offset_in_bo,
				     args->map_size, args->flags);
		break;
	case AMDGPU_VA_OP_UNMAP:
		r = amdgpu_vm_bo_unmap(bo_va, va);
		break;
	case AMDGPU_VA_OP_CLEAR:
		r = amdgpu_vm_bo_clear_mappings(&fpriv->vm, va, args->map_size);
		break;
	case AMDGPU_VA_OP_REPLACE:
		r = amdgpu_vm_bo_replace_map(bo_va, va, args->offset_in_bo,
					     args->map_size, args->flags);
		break;
	}

	/* 14. page-table update and timeline export, unless DELAY_UPDATE
	 * (which exports nothing: the syncobj is left as it was) */
	if (!r && !(args->flags & AMDGPU_VM_DELAY_UPDATE)) {
		struct emu_fence *fence;

		sync.deps = in.fences;
		sync.ndeps = in.count;
		/* NV2: update_ctx.explicit_sync_unmap */
		sync.explicit_sync = p->vm_explicit_sync &&
				     (args->flags & AMDGPU_VM_EXPLICIT_SYNC);
		fence = gem_va_update_vm(&fpriv->vm, bo_va, args->operation,
					 &sync);
		if (timeline) {
			fence = gem_va_export_fence(&fpriv->vm, bo_va,
						    args->operation, fence);
			/* point N: a chain node at N (drm_syncobj_add_point);
			 * point 0: binary replace */
			if (args->vm_timeline_point)
				emu_syncobj_add_point(timeline, fence,
						      args->vm_timeline_point);
			else
				emu_syncobj_replace_fence(timeline, fence);
		}
		emu_fence_put(fence);
	}

out:
	if (timeline)
		emu_syncobj_put(timeline);
	input_fences_put(&in);
	if (gobj)
		emu_gem_object_put(gobj);
	return r;
}
