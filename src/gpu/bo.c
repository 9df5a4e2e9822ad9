/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <xf86drm.h>

#include "bo.h"
#include "wait.h"
#include "device.h"
#include "ioctl/drm_gem.h"
#include "ioctl/drm_syncobj.h"
#include "measure/measure.h"

#define PAGE_4K 4096ull

int uq_vm_init(struct uq_vm *vm, struct uq_device *dev, struct uq_errors *errs)
{
	int ret;

	memset(vm, 0, sizeof(*vm));
	vm->dev = dev;
	ret = uq_drm_syncobj_create(dev->fd, &vm->timeline);
	if (ret) {
		uq_error_add(
			errs, "SYNCOBJ_CREATE", -ret,
			"%s: SYNCOBJ_CREATE for the VM timeline failed: %s",
			dev->node, uq_errno_name(-ret));
		vm->timeline = 0;
		return ret;
	}
	return 0;
}

int uq_syncobj_destroy(struct uq_device *dev, uint32_t handle, const char *what,
		       struct uq_errors *errs)
{
	int ret = uq_drm_syncobj_destroy(dev->fd, handle);

	if (ret)
		uq_error_add(
			errs, "SYNCOBJ_DESTROY", -ret,
			"%s: SYNCOBJ_DESTROY of %s (syncobj %u) failed: %s (%s); the kernel frees it when the file is closed",
			dev->node, what, handle, uq_errno_name(-ret),
			uq_errno_desc(-ret));
	return ret;
}

int uq_vm_fini(struct uq_vm *vm, struct uq_errors *errs)
{
	int ret = 0;

	if (vm->timeline)
		ret = uq_syncobj_destroy(vm->dev, vm->timeline,
					 "the VM timeline", errs);
	vm->timeline = 0;
	return ret;
}

int uq_vm_wait(struct uq_vm *vm, uint64_t point, uint64_t timeout_ns,
	       struct uq_errors *errs)
{
	int ret;

	if (!point)
		return 0;
	ret = uq_syncobj_wait_all(vm->dev->fd, &vm->timeline, &point, 1,
				  timeout_ns);
	/* a stop cut it short: the stop itself is the error recorded */
	if (ret && errs && ret != -EINTR)
		uq_error_add(
			errs, "SYNCOBJ_TIMELINE_WAIT", -ret,
			"%s: waiting for VM timeline point %llu: %s%s",
			vm->dev->node, (unsigned long long)point,
			uq_errno_name(-ret),
			ret == -ETIME ?
				" (page-table update did not finish; GPU hung?)" :
				"");
	return ret;
}

int uq_vm_va_op(struct uq_vm *vm, uint32_t handle, uint32_t operation,
		uint32_t flags, uint64_t va, uint64_t size, uint64_t *point,
		struct uq_errors *errs)
{
	bool delay = flags & AMDGPU_VM_DELAY_UPDATE;
	uint64_t p = delay ? 0 : vm->point + 1;
	struct uapi_amdgpu_gem_va args = {
		.handle = handle,
		.operation = operation,
		.flags = flags,
		.va_address = va,
		.map_size = size,
		.vm_timeline_syncobj_out = delay ? 0 : vm->timeline,
		.vm_timeline_point = p,
	};
	int ret;

	ret = uq_gem_va(vm->dev->fd, &args);
	if (ret) {
		if (errs)
			uq_error_add(
				errs, "GEM_VA", -ret,
				"%s: GEM_VA op %u flags 0x%x at 0x%llx+0x%llx: %s",
				vm->dev->node, operation, flags,
				(unsigned long long)va,
				(unsigned long long)size, uq_errno_name(-ret));
		return ret;
	}
	if (!delay)
		vm->point = p;
	if (point)
		*point = p;
	return 0;
}

/*
 * The BO is the tool's own GEM handle, not a libdrm amdgpu_bo: libdrm
 * 2.4.114's amdgpu_bo_free() ignores the result of DRM_IOCTL_GEM_CLOSE,
 * and a failed destroy must be recorded (teardown failures are never
 * ignored). The ioctls are the ones libdrm would make: GEM_CREATE,
 * GEM_MMAP and mmap of the render node, munmap and GEM_CLOSE.
 */
static int bo_cpu_map(struct uq_device *dev, struct uq_bo *bo)
{
	union drm_amdgpu_gem_mmap args = { .in.handle = bo->handle };
	void *p;
	int ret;

	ret = uq_gem_mmap(dev->fd, &args);
	if (ret)
		return ret;
	p = mmap(NULL, bo->size, PROT_READ | PROT_WRITE, MAP_SHARED, dev->fd,
		 (off_t)args.out.addr_ptr);
	if (p == MAP_FAILED)
		return -errno;
	bo->cpu = p;
	return 0;
}

uint64_t uq_va_alignment(uint64_t alignment)
{
	uint64_t a = PAGE_4K;

	while (a < alignment && a < (1ull << 63))
		a <<= 1;
	return a;
}

int uq_bo_create(struct uq_vm *vm, const struct uq_bo_desc *desc,
		 struct uq_bo *bo, struct uq_errors *errs)
{
	uint64_t align = uq_va_alignment(desc->alignment);
	union drm_amdgpu_gem_create req = {
		.in.bo_size = (desc->size + PAGE_4K - 1) & ~(PAGE_4K - 1),
		.in.alignment = align,
		.in.domains = desc->domain,
		.in.domain_flags = desc->flags,
	};
	struct uq_device *dev = vm->dev;
	uint64_t point;
	int ret;

	memset(bo, 0, sizeof(*bo));
	bo->what = desc->what;
	bo->size = req.in.bo_size;
	ret = uq_gem_create(dev->fd, &req);
	if (ret) {
		uq_error_add(
			errs, "AMDGPU_GEM_CREATE", -ret,
			"%s: allocating the %s BO (%llu bytes, domain 0x%x): %s",
			dev->node, desc->what, (unsigned long long)bo->size,
			desc->domain, uq_errno_name(-ret));
		return ret;
	}
	bo->handle = req.out.handle;

	if (desc->cpu_map) {
		ret = bo_cpu_map(dev, bo);
		if (ret) {
			uq_error_add(errs, "AMDGPU_GEM_MMAP", -ret,
				     "%s: CPU mapping of the %s BO: %s",
				     dev->node, desc->what,
				     uq_errno_name(-ret));
			bo->cpu = NULL;
			goto err;
		}
		memset(bo->cpu, 0, bo->size);
	}

	if (desc->va_flags) {
		ret = amdgpu_va_range_alloc(dev->adev,
					    amdgpu_gpu_va_range_general,
					    bo->size, align, 0, &bo->va,
					    &bo->va_range, 0);
		if (ret) {
			uq_error_add(errs, "va_range_alloc", -ret,
				     "%s: no GPU VA range for the %s BO: %s",
				     dev->node, desc->what,
				     uq_errno_name(-ret));
			bo->va_range = NULL;
			goto err;
		}
		ret = uq_vm_va_op(vm, bo->handle, AMDGPU_VA_OP_MAP,
				  desc->va_flags, bo->va, bo->size, &point,
				  errs);
		if (ret)
			goto err;
		bo->va_flags = desc->va_flags;
		ret = uq_vm_wait(vm, point, UQ_VM_WAIT_TIMEOUT_NS, errs);
		if (ret)
			goto err;
	}
	return 0;

err:
	uq_bo_destroy(vm, bo, NULL);
	return ret;
}

void uq_bo_destroy(struct uq_vm *vm, struct uq_bo *bo, struct uq_errors *errs)
{
	uq_bo_destroy_timed(vm, bo, errs, NULL);
}

bool uq_bo_destroy_timed(struct uq_vm *vm, struct uq_bo *bo,
			 struct uq_errors *errs, uint64_t *unmap_ns)
{
	uint64_t point = 0, t0 = 0;
	bool unmapped = false;

	if (bo->va_flags) {
		t0 = uq_now_ns();
		unmapped = !uq_vm_va_op(vm, bo->handle, AMDGPU_VA_OP_UNMAP,
					bo->va_flags, bo->va, bo->size, &point,
					errs);
		if (unmapped && unmap_ns)
			*unmap_ns = uq_now_ns() - t0;
		if (unmapped)
			uq_vm_wait(vm, point, UQ_VM_WAIT_TIMEOUT_NS, errs);
	}
	bo->va_flags = 0;
	if (bo->va_range)
		amdgpu_va_range_free(bo->va_range);
	bo->va_range = NULL;
	bo->va = 0;
	if (bo->cpu)
		munmap(bo->cpu, bo->size);
	bo->cpu = NULL;
	if (bo->handle) {
		int err = -uq_gem_close(vm->dev->fd, bo->handle);

		if (err && errs)
			uq_error_add(
				errs, "GEM_CLOSE", err,
				"%s: GEM_CLOSE of the %s BO (handle %u) failed: %s (%s); the kernel frees it when the file is closed",
				vm->dev->node, bo->what, bo->handle,
				uq_errno_name(err), uq_errno_desc(err));
	}
	bo->handle = 0;
	return unmapped;
}
