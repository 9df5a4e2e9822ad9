/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include "device.h"
#include "ioctl/drm_userq.h"
#include "userq.h"

#define PAGE_4K 4096u
/* Mesa's AMDGPU_USERQ_RING_SIZE: a power of two >= 4 KiB, as the newest
 * kernels require. */
#define RING_SIZE (64u * 1024u)
#define DOORBELL_SLOTS (PAGE_4K / 8u)
/* The newest MES code validates 2048 bytes of EOP from eop_va. */
#define EOP_MIN_SIZE 2048u

#define QUEUE_VA_FLAGS                                        \
	(AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE | \
	 AMDGPU_VM_PAGE_EXECUTABLE | AMDGPU_VM_MTYPE_UC)

/* [first, end) doorbell slots per IP in the shared page. */
static const struct {
	uint32_t first, end;
} doorbell_range[3] = {
	[AMDGPU_HW_IP_GFX] = { 0x8d, 0x100 },
	[AMDGPU_HW_IP_COMPUTE] = { 4, 0x8d },
	[AMDGPU_HW_IP_DMA] = { 0x100, DOORBELL_SLOTS },
};

int uq_doorbell_create(struct uq_vm *vm, struct uq_doorbell *db,
		       struct uq_errors *errs)
{
	const struct uq_bo_desc desc = {
		.size = PAGE_4K,
		.domain = AMDGPU_GEM_DOMAIN_DOORBELL,
		.what = "doorbell",
	};

	return uq_bo_create(vm, &desc, &db->bo, errs);
}

void uq_doorbell_destroy(struct uq_vm *vm, struct uq_doorbell *db,
			 struct uq_errors *errs)
{
	uq_bo_destroy(vm, &db->bo, errs);
}

/* How many queue slots doorbell_offset() has for @ip. */
static unsigned int doorbell_slots(unsigned int ip)
{
	if (ip > AMDGPU_HW_IP_DMA)
		return 0;
	return doorbell_range[ip].end - doorbell_range[ip].first;
}

/**
 * doorbell_offset - the doorbell offset (8-byte units) of queue slot
 * @index of @ip: GFX from 0x8d, COMPUTE from 4 and SDMA from 0x100, the
 * places newer IGT uses, so that queues of different IPs never share a
 * doorbell (the newest kernels refuse a doorbell in use with -EBUSY).
 *
 * Returns 0, or -ERANGE when @index is past the IP's range in the page.
 */
static int doorbell_offset(unsigned int ip, unsigned int index,
			   uint32_t *offset)
{
	if (index >= doorbell_slots(ip))
		return -ERANGE;
	*offset = doorbell_range[ip].first + index;
	return 0;
}

bool uq_userq_missing(const struct uq_device *dev, int ret)
{
	if (ret == -UQ_ENOTSUPP)
		return true;
	return ret == -EINVAL && (dev->drm_major < 3 ||
				  (dev->drm_major == 3 && dev->drm_minor < 64));
}

struct area {
	const char *what;
	uint32_t size, alignment;
};

/* UQ_FW_AREAS answer if the kernel gave one, else DEV_INFO (GFX shadow and
 * CSA, which IGT also uses for the SDMA CSA), else the kernel's minimum. */
static unsigned int queue_areas(const struct uq_device *dev, unsigned int ip,
				struct area *a)
{
	const struct uq_ip *p = &dev->ip[ip];
	const struct uapi_amdgpu_info_uq_metadata *fw =
		p->fw_areas_asked && !p->fw_areas_err ? &p->fw_areas : NULL;
	const struct uapi_amdgpu_info_device *info = &dev->info;

	switch (ip) {
	case AMDGPU_HW_IP_GFX:
		a[0] = (struct area){ "shadow", info->shadow_size,
				      info->shadow_alignment };
		a[1] = (struct area){ "CSA", info->csa_size,
				      info->csa_alignment };
		if (fw && fw->gfx.shadow_size)
			a[0] = (struct area){ "shadow", fw->gfx.shadow_size,
					      fw->gfx.shadow_alignment };
		if (fw && fw->gfx.csa_size)
			a[1] = (struct area){ "CSA", fw->gfx.csa_size,
					      fw->gfx.csa_alignment };
		return 2;
	case AMDGPU_HW_IP_COMPUTE:
		a[0] = (struct area){ "EOP", EOP_MIN_SIZE, 256 };
		if (fw && fw->compute.eop_size)
			a[0] = (struct area){ "EOP", fw->compute.eop_size,
					      fw->compute.eop_alignment };
		return 1;
	default:
		a[0] = (struct area){ "SDMA CSA", info->csa_size,
				      info->csa_alignment };
		if (fw && fw->sdma.csa_size)
			a[0] = (struct area){ "SDMA CSA", fw->sdma.csa_size,
					      fw->sdma.csa_alignment };
		return 1;
	}
}

static int create_bo(struct uq_vm *vm, const char *what, uint32_t size,
		     uint32_t alignment, bool cpu_map, struct uq_bo *bo,
		     struct uq_errors *errs)
{
	const struct uq_bo_desc desc = {
		/* bo.c rounds up to a page: rptr and wptr get the 4 KiB of
		 * mapping the kernel checks, the wptr BO is one page. */
		.size = size ? size : PAGE_4K,
		.alignment = alignment > PAGE_4K ? alignment : 0,
		.domain = AMDGPU_GEM_DOMAIN_GTT,
		.cpu_map = cpu_map,
		.va_flags = QUEUE_VA_FLAGS,
		.what = what,
	};

	return uq_bo_create(vm, &desc, bo, errs);
}

static const char *create_hint(int ret)
{
	switch (-ret) {
	case UQ_ENOTSUPP:
		return "user queues are disabled: load amdgpu with user_queue=1 or 2 (Linux 6.16+, GFX11/GFX12)";
	case EACCES:
		return "the priority needs CAP_SYS_NICE";
	case ENOSPC:
		return "the device's seq64 fence slots are used up (leaked fence drivers?); reload amdgpu";
	case EBUSY:
		return "the doorbell is in use or the file has 512 queues";
	default:
		return "check dmesg for amdgpu errors";
	}
}

int uq_queue_create(struct uq_vm *vm, struct uq_doorbell *db, unsigned int ip,
		    unsigned int slot, struct uq_queue *q,
		    struct uq_errors *errs)
{
	struct uapi_amdgpu_userq_mqd_gfx11 gfx = { 0 };
	struct uapi_amdgpu_userq_mqd_compute_gfx11 compute = { 0 };
	struct uapi_amdgpu_userq_mqd_sdma_gfx11 sdma = { 0 };
	struct uq_device *dev = vm->dev;
	struct area areas[UQ_QUEUE_AREAS];
	unsigned int n;
	const void *mqd;
	uint64_t mqd_size;
	int ret;

	memset(q, 0, sizeof(*q));
	q->ip = ip;
	ret = doorbell_offset(ip, slot, &q->doorbell_offset);
	if (ret) {
		uq_error_add(
			errs, "AMDGPU_USERQ(CREATE)", ERANGE,
			"%s: no doorbell slot %u for a %s queue (%u slots)",
			dev->node, slot, uq_ip_name(ip), doorbell_slots(ip));
		return ret;
	}

	ret = create_bo(vm, "ring", RING_SIZE, 0, false, &q->ring, errs);
	if (!ret)
		ret = create_bo(vm, "wptr", PAGE_4K, 0, true, &q->wptr, errs);
	if (!ret)
		ret = create_bo(vm, "rptr", PAGE_4K, 0, true, &q->rptr, errs);
	n = queue_areas(dev, ip, areas);
	for (unsigned int i = 0; !ret && i < n; i++)
		ret = create_bo(vm, areas[i].what, areas[i].size,
				areas[i].alignment, false, &q->area[i], errs);
	if (ret)
		goto err;

	switch (ip) {
	case AMDGPU_HW_IP_GFX:
		gfx.shadow_va = q->area[0].va;
		gfx.csa_va = q->area[1].va;
		mqd = &gfx;
		mqd_size = sizeof(gfx);
		break;
	case AMDGPU_HW_IP_COMPUTE:
		compute.eop_va = q->area[0].va;
		mqd = &compute;
		mqd_size = sizeof(compute);
		break;
	default:
		sdma.csa_va = q->area[0].va;
		mqd = &sdma;
		mqd_size = sizeof(sdma);
		break;
	}

	ret = uq_userq_create(dev->fd, ip, db->bo.handle, q->doorbell_offset, 0,
			      q->ring.va, q->ring.size, q->rptr.va, q->wptr.va,
			      mqd, mqd_size, &q->id);
	if (ret) {
		q->id = 0;
		uq_error_add(
			errs, "AMDGPU_USERQ(CREATE)", -ret,
			"%s: creating a %s user queue (AMDGPU_USERQ CREATE, doorbell offset 0x%x): %s; %s",
			dev->node, uq_ip_name(ip), q->doorbell_offset,
			uq_errno_name(-ret), create_hint(ret));
		goto err;
	}
	return 0;

err:
	uq_queue_destroy(vm, q, NULL);
	return ret;
}

int uq_queue_destroy(struct uq_vm *vm, struct uq_queue *q,
		     struct uq_errors *errs)
{
	int ret;

	if (q->id) {
		ret = uq_userq_free(vm->dev->fd, q->id);
		if (ret) {
			if (errs)
				uq_error_add(
					errs, "AMDGPU_USERQ(FREE)", -ret,
					"%s: freeing %s user queue %u (AMDGPU_USERQ FREE): %s; its buffers are left to the kernel's cleanup at close",
					vm->dev->node, uq_ip_name(q->ip), q->id,
					uq_errno_name(-ret));
			return ret;
		}
		q->id = 0;
	}
	for (int i = UQ_QUEUE_AREAS - 1; i >= 0; i--)
		uq_bo_destroy(vm, &q->area[i], errs);
	uq_bo_destroy(vm, &q->rptr, errs);
	uq_bo_destroy(vm, &q->wptr, errs);
	uq_bo_destroy(vm, &q->ring, errs);
	return 0;
}
