/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include <amdgpu_drm.h>

#include "device.h"
#include "prt.h"

#define PAGE_4K 4096ull
#define FRAGMENT_2M (2ull << 20)

static const struct {
	const char *name;
	uint32_t operation;
	uint32_t flags;
} ops[] = {
	[UQ_PRT_UNMAP] = { "unmap", AMDGPU_VA_OP_UNMAP, AMDGPU_VM_PAGE_PRT },
	[UQ_PRT_CLEAR] = { "clear", AMDGPU_VA_OP_CLEAR, 0 },
	[UQ_PRT_REPLACE] = { "replace", AMDGPU_VA_OP_REPLACE,
			     AMDGPU_VM_PAGE_PRT },
};

const char *uq_prt_op_name(enum uq_prt_op op)
{
	return ops[op].name;
}

static const char *va_op_name(uint32_t operation)
{
	switch (operation) {
	case AMDGPU_VA_OP_MAP:
		return "MAP";
	case AMDGPU_VA_OP_UNMAP:
		return "UNMAP";
	case AMDGPU_VA_OP_CLEAR:
		return "CLEAR";
	case AMDGPU_VA_OP_REPLACE:
		return "REPLACE";
	default:
		return "?";
	}
}

int uq_prt_create(struct uq_vm *vm, uint64_t size, unsigned int n,
		  struct uq_prt *p, struct uq_errors *errs)
{
	uint64_t align = size & -size;
	int ret;

	memset(p, 0, sizeof(*p));
	p->vm = vm;
	p->size = size;
	p->n = n;
	if (align > FRAGMENT_2M)
		align = FRAGMENT_2M;
	if (align < PAGE_4K)
		align = PAGE_4K;
	ret = amdgpu_va_range_alloc(vm->dev->adev, amdgpu_gpu_va_range_general,
				    size * n, align, 0, &p->va, &p->va_range,
				    0);
	if (ret) {
		uq_error_add(
			errs, "va_range_alloc", -ret,
			"%s: no GPU VA region for %u PRT range(s) of %llu bytes: %s; use fewer or smaller ranges",
			vm->dev->node, n, (unsigned long long)size,
			uq_errno_name(-ret));
		p->va_range = NULL;
		return ret;
	}
	return 0;
}

static int va_op(struct uq_prt *p, uint32_t operation, uint32_t flags,
		 uint64_t va, uint64_t size, uint64_t *point,
		 struct uq_errors *errs)
{
	int ret =
		uq_vm_va_op(p->vm, 0, operation, flags, va, size, point, NULL);

	if (ret && errs)
		uq_error_add(
			errs, "GEM_VA", -ret,
			"%s: GEM_VA %s (flags 0x%x) of the PRT range 0x%llx+0x%llx failed: %s (%s)%s",
			p->vm->dev->node, va_op_name(operation), flags,
			(unsigned long long)va, (unsigned long long)size,
			uq_errno_name(-ret), uq_errno_desc(-ret),
			ret == -ENOMEM ?
				"; free GPU or system memory and retry" :
				"; with drm.debug=0x2 dmesg says which argument amdgpu_gem_va_ioctl refused");
	return ret;
}

int uq_prt_map(struct uq_prt *p, uint64_t *point, struct uq_errors *errs)
{
	int ret;

	p->mapped = true;
	for (unsigned int i = 0; i < p->n; i++) {
		ret = va_op(p, AMDGPU_VA_OP_MAP, AMDGPU_VM_PAGE_PRT,
			    p->va + i * p->size, p->size, point, errs);
		if (ret)
			return ret;
	}
	return 0;
}

int uq_prt_op(struct uq_prt *p, enum uq_prt_op op, uint32_t flags,
	      uint64_t *point, struct uq_errors *errs)
{
	int ret;

	for (unsigned int i = 0; i < p->n; i++) {
		ret = va_op(p, ops[op].operation, ops[op].flags | flags,
			    p->va + i * p->size, p->size, point, errs);
		if (ret)
			return ret;
	}
	p->mapped = op == UQ_PRT_REPLACE;
	return 0;
}

void uq_prt_destroy(struct uq_prt *p, struct uq_errors *errs)
{
	uint64_t point = 0;

	if (p->mapped && !va_op(p, AMDGPU_VA_OP_CLEAR, 0, p->va, p->size * p->n,
				&point, errs))
		uq_vm_wait(p->vm, point, UQ_VM_WAIT_TIMEOUT_NS, errs);
	p->mapped = false;
	if (p->va_range)
		amdgpu_va_range_free(p->va_range);
	memset(p, 0, sizeof(*p));
}
