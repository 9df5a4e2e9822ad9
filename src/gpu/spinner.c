/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <amdgpu_drm.h>
#include <xf86drm.h>

#include "device.h"
#include "ioctl/drm_cs.h"
#include "pm4.h"
#include "spinner.h"
#include "wait.h"
#include "ioctl/drm_syncobj.h"

#define PAGE_4K 4096u
/* When HW_IP_INFO did not answer: 32 bytes is what GFX and compute rings
 * report on GFX9+ (amdgpu_hw_ip_info: ib_size_alignment). */
#define IB_SIZE_ALIGN_DEFAULT 32u

static bool has_ring0(const struct uq_device *dev, uint32_t ip)
{
	const struct uq_ip *p = &dev->ip[ip];

	return !p->count_err && p->count && !p->info_err &&
	       (p->info.available_rings & 1);
}

int uq_spinner_ring(const struct uq_device *dev, int want, uint32_t *ip)
{
	if (want >= 0)
		*ip = (uint32_t)want;
	else if (has_ring0(dev, AMDGPU_HW_IP_GFX))
		*ip = AMDGPU_HW_IP_GFX;
	else
		*ip = AMDGPU_HW_IP_COMPUTE;
	return has_ring0(dev, *ip) ? 0 : -ENODEV;
}

/* IB size alignment in dwords: a power of two, at least 1. */
static size_t ib_align_dw(const struct uq_device *dev, uint32_t ip)
{
	uint32_t bytes = dev->ip[ip].info.ib_size_alignment;

	if (bytes < 4 || (bytes & (bytes - 1)))
		bytes = IB_SIZE_ALIGN_DEFAULT;
	return bytes / 4;
}

/*
 * The IB: WAIT_REG_MEM on the flag dword in memory, function ">=" against
 * the submission's sequence value (the REFERENCE dword, rewritten before
 * each submission), full mask, engine ME (valid on GFX and compute rings),
 * then NOPs up to the IP's IB size alignment.
 */
static void write_ib(struct uq_spinner *sp, size_t align_dw)
{
	uint32_t *ib = sp->ib.cpu;
	size_t n;

	n = uq_pm4_wait_reg_mem(ib, sp->flag.va, 0, 0xffffffffu, UQ_PM4_FUNC_GE,
				UQ_PM4_ENGINE_ME, UQ_PM4_POLL_INTERVAL_DEFAULT);
	sp->ref = &ib[UQ_PM4_WAIT_REG_MEM_REF];
	n += uq_pm4_pad(ib + n, n, align_dw);
	sp->ib_bytes = (uint32_t)(n * 4);
}

int uq_spinner_create(struct uq_vm *vm, int want, struct uq_spinner *sp,
		      struct uq_errors *errs)
{
	struct uq_device *dev = vm->dev;
	const struct uq_bo_desc flag_desc = {
		.size = PAGE_4K,
		.domain = AMDGPU_GEM_DOMAIN_GTT,
		.cpu_map = true,
		/* Uncached in the GPU caches, so every poll sees the CPU's
		 * write (RADV maps uncached memory MTYPE_UC on GFX9+). */
		.va_flags = AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE |
			    AMDGPU_VM_MTYPE_UC,
		.what = "spinner flag",
	};
	struct uq_bo_desc ib_desc = {
		.size = PAGE_4K,
		.domain = AMDGPU_GEM_DOMAIN_GTT,
		.cpu_map = true,
		.va_flags = AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_EXECUTABLE,
		.what = "spinner IB",
	};
	struct drm_amdgpu_bo_list_entry list[2];
	int ret;

	memset(sp, 0, sizeof(*sp));
	sp->vm = vm;
	ret = uq_spinner_ring(dev, want, &sp->ip);
	if (ret) {
		uq_error_add(
			errs, "AMDGPU_INFO(HW_IP_INFO)", -ret,
			"%s: no %s ring for the busy-VM CS; choose another with --busy-ip, or run with --busy=none",
			dev->node,
			want >= 0 ? uq_ip_name(sp->ip) : "GFX or compute");
		return ret;
	}
	ret = amdgpu_cs_ctx_create2(dev->adev, AMDGPU_CTX_PRIORITY_NORMAL,
				    &sp->ctx);
	if (ret) {
		uq_error_add(
			errs, "AMDGPU_CTX", -ret,
			"%s: AMDGPU_CTX (create) for the busy-VM CS failed: %s; check dmesg, or run with --busy=none",
			dev->node, uq_errno_name(-ret));
		sp->ctx = NULL;
		return ret;
	}
	ret = uq_bo_create(vm, &flag_desc, &sp->flag, errs);
	if (ret)
		goto err;
	if (dev->ip[sp->ip].info.ib_start_alignment > PAGE_4K)
		ib_desc.alignment = dev->ip[sp->ip].info.ib_start_alignment;
	ret = uq_bo_create(vm, &ib_desc, &sp->ib, errs);
	if (ret)
		goto err;
	write_ib(sp, ib_align_dw(dev, sp->ip));

	list[0].bo_handle = sp->flag.handle;
	list[0].bo_priority = 0;
	list[1].bo_handle = sp->ib.handle;
	list[1].bo_priority = 0;
	ret = amdgpu_bo_list_create_raw(dev->adev, 2, list, &sp->bo_list);
	if (ret) {
		uq_error_add(
			errs, "AMDGPU_BO_LIST", -ret,
			"%s: AMDGPU_BO_LIST (create) for the busy-VM CS failed: %s; check dmesg, or run with --busy=none",
			dev->node, uq_errno_name(-ret));
		sp->bo_list = 0;
		goto err;
	}
	ret = uq_drm_syncobj_create(dev->fd, &sp->fence);
	if (ret) {
		uq_error_add(
			errs, "SYNCOBJ_CREATE", -ret,
			"%s: SYNCOBJ_CREATE for the busy-VM CS fence failed: %s",
			dev->node, uq_errno_name(-ret));
		sp->fence = 0;
		goto err;
	}
	ret = uq_release_timer_start(&sp->timer, sp->flag.cpu);
	if (ret) {
		uq_error_add(
			errs, "timerfd_create", -ret,
			"cannot start the release thread of the busy-VM CS: %s",
			uq_errno_name(-ret));
		goto err;
	}
	return 0;

err:
	uq_spinner_destroy(sp, NULL);
	return ret;
}

int uq_spinner_submit(struct uq_spinner *sp, struct uq_errors *errs)
{
	struct uq_device *dev = sp->vm->dev;
	int ret;

	/* The option limits keep the submissions of one run far below 2^32,
	 * so the sequence never wraps. */
	sp->seq++;
	__atomic_store_n(sp->ref, sp->seq, __ATOMIC_SEQ_CST);
	ret = uq_cs_submit_ib(dev->adev, sp->ctx, sp->bo_list, sp->ip, 0,
			      sp->ib.va, sp->ib_bytes, sp->fence, NULL);
	if (ret) {
		uq_error_add(
			errs, "AMDGPU_CS", -ret,
			"%s: AMDGPU_CS of the busy-VM spinner (%s ring 0) failed: %s%s",
			dev->node, uq_ip_name(sp->ip), uq_errno_name(-ret),
			ret == -ECANCELED ?
				" (the context was lost in a GPU reset; check dmesg)" :
				"; check dmesg, or run with --busy=none");
		return ret;
	}
	sp->in_flight = true;
	return 0;
}

void uq_spinner_release(struct uq_spinner *sp)
{
	if (sp->flag.cpu)
		__atomic_store_n((uint32_t *)sp->flag.cpu, sp->seq,
				 __ATOMIC_SEQ_CST);
}

int uq_spinner_release_at(struct uq_spinner *sp, uint64_t deadline_ns,
			  struct uq_errors *errs)
{
	int ret = uq_release_timer_arm(&sp->timer, sp->seq, deadline_ns);

	if (ret) {
		uq_spinner_release(sp);
		uq_error_add(errs, "timerfd_settime", -ret,
			     "cannot arm the release of the busy-VM CS: %s",
			     uq_errno_name(-ret));
	}
	return ret;
}

int uq_spinner_wait(struct uq_spinner *sp, uint64_t timeout_ns,
		    struct uq_errors *errs)
{
	struct uq_device *dev = sp->vm->dev;
	int ret;

	if (!sp->in_flight)
		return 0;
	ret = uq_syncobj_wait_all(dev->fd, &sp->fence, NULL, 1, timeout_ns);
	if (ret) {
		/* a stop cut it short: the stop is the error recorded */
		if (errs && ret != -EINTR)
			uq_error_add(
				errs, "SYNCOBJ_WAIT", -ret,
				"%s: waiting for the busy-VM CS fence: %s%s",
				dev->node, uq_errno_name(-ret),
				ret == -ETIME ?
					" (the CS did not finish after its release; GPU hung? check dmesg)" :
					"");
		return ret;
	}
	sp->in_flight = false;
	return 0;
}

void uq_spinner_destroy(struct uq_spinner *sp, struct uq_errors *errs)
{
	struct uq_device *dev = sp->vm ? sp->vm->dev : NULL;
	int ret;

	if (!dev)
		return;
	/* Never leave the CS spinning: release it, and wait for it before
	 * its BOs go (a timeout is recorded; the kernel keeps the BOs of a
	 * running job alive). */
	uq_spinner_release(sp);
	uq_spinner_wait(sp, UQ_VM_WAIT_TIMEOUT_NS, errs);
	uq_release_timer_stop(&sp->timer);
	if (sp->fence)
		uq_syncobj_destroy(dev, sp->fence, "the spinner's fence", errs);
	if (sp->bo_list) {
		ret = amdgpu_bo_list_destroy_raw(dev->adev, sp->bo_list);
		if (ret)
			uq_error_add(
				errs, "AMDGPU_BO_LIST(DESTROY)", -ret,
				"%s: AMDGPU_BO_LIST(DESTROY) of the spinner's list failed: %s (%s); the kernel frees it when the file is closed",
				dev->node, uq_errno_name(-ret),
				uq_errno_desc(-ret));
	}
	uq_bo_destroy(sp->vm, &sp->ib, errs);
	uq_bo_destroy(sp->vm, &sp->flag, errs);
	if (sp->ctx) {
		ret = amdgpu_cs_ctx_free(sp->ctx);
		if (ret)
			uq_error_add(
				errs, "AMDGPU_CTX(FREE_CTX)", -ret,
				"%s: AMDGPU_CTX(FREE_CTX) of the spinner's context failed: %s (%s); the kernel frees it when the file is closed",
				dev->node, uq_errno_name(-ret),
				uq_errno_desc(-ret));
	}
	memset(sp, 0, sizeof(*sp));
}
