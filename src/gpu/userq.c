/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include "device.h"
#include "ioctl/drm_userq.h"
#include "measure/measure.h"
#include "userq.h"

#define PAGE_4K 4096u
/* Mesa's AMDGPU_USERQ_RING_SIZE: a power of two >= 4 KiB, as the newest
 * kernels require. */
#define RING_SIZE (64u * 1024u)
/* The newest MES code validates 2048 bytes of EOP from eop_va. */
#define EOP_MIN_SIZE 2048u

#define QUEUE_VA_FLAGS                                        \
	(AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE | \
	 AMDGPU_VM_PAGE_EXECUTABLE | AMDGPU_VM_MTYPE_UC)

static int doorbell_page_create(struct uq_vm *vm, struct uq_bo *bo,
				struct uq_errors *errs)
{
	const struct uq_bo_desc desc = {
		.size = PAGE_4K,
		.domain = AMDGPU_GEM_DOMAIN_DOORBELL,
		.what = "doorbell",
	};

	return uq_bo_create(vm, &desc, bo, errs);
}

int uq_doorbell_create(struct uq_vm *vm, struct uq_doorbell *db,
		       struct uq_errors *errs)
{
	int ret;

	memset(db, 0, sizeof(*db));
	ret = doorbell_page_create(vm, &db->page[0], errs);
	if (!ret)
		db->npages = 1;
	return ret;
}

void uq_doorbell_destroy(struct uq_vm *vm, struct uq_doorbell *db,
			 struct uq_errors *errs)
{
	for (unsigned int i = db->npages; i-- > 0;)
		uq_bo_destroy(vm, &db->page[i], errs);
	db->npages = 0;
}

/*
 * Each queue rings a doorbell the hardware listens to: its engine's window
 * of the doorbell page (releases.md §6.1). Queues of one file share a page
 * until a window is full, then take a new page, rather than one page per
 * queue as IGT does: a page serves up to 115 GFX, 126 COMPUTE and 10 SDMA
 * queues per engine at once, and every page is a pinned piece of the
 * device's small doorbell aperture. The kernel checks only that the slot
 * lies in the BO (and, from 7.1.6, that no live queue uses it).
 */
int uq_doorbell_slot(unsigned int ip, unsigned int sdma_engines,
		     unsigned int slot, unsigned int *page, uint32_t *offset)
{
	uint32_t first, n;

	switch (ip) {
	case AMDGPU_HW_IP_GFX:
		first = UQ_DB_GFX_FIRST;
		n = UQ_DB_GFX_LAST - UQ_DB_GFX_FIRST + 1;
		break;
	case AMDGPU_HW_IP_COMPUTE:
		first = UQ_DB_COMPUTE_FIRST;
		n = UQ_DB_COMPUTE_LAST - UQ_DB_COMPUTE_FIRST + 1;
		break;
	case AMDGPU_HW_IP_DMA:
		first = UQ_DB_SDMA_FIRST;
		n = UQ_DB_SDMA_PER_ENGINE * (sdma_engines ? sdma_engines : 1);
		break;
	default:
		return -ERANGE;
	}
	if (slot / n >= UQ_DOORBELL_MAX_PAGES)
		return -ERANGE;
	*page = slot / n;
	*offset = first + slot % n;
	return 0;
}

unsigned int uq_sdma_engines(const struct uq_device *dev)
{
	const struct uq_ip *p = &dev->ip[AMDGPU_HW_IP_DMA];

	return !p->count_err && p->count ? p->count : 1;
}

bool uq_userq_missing(const struct uq_device *dev, int ret)
{
	if (ret == -UQ_ENOTSUPP)
		return true;
	return ret == -EINVAL && (dev->drm_major < 3 ||
				  (dev->drm_major == 3 && dev->drm_minor < 64));
}

unsigned int uq_queue_areas(const struct uq_device *dev, unsigned int ip,
			    struct uq_area *a)
{
	const struct uq_ip *p = &dev->ip[ip];
	const struct uapi_amdgpu_info_uq_metadata *fw =
		p->fw_areas_asked && !p->fw_areas_err ? &p->fw_areas : NULL;
	const struct uapi_amdgpu_info_device *info = &dev->info;

	switch (ip) {
	case AMDGPU_HW_IP_GFX:
		a[0] = (struct uq_area){ "shadow", info->shadow_size,
					 info->shadow_alignment };
		a[1] = (struct uq_area){ "CSA", info->csa_size,
					 info->csa_alignment };
		if (fw && fw->gfx.shadow_size)
			a[0] = (struct uq_area){ "shadow", fw->gfx.shadow_size,
						 fw->gfx.shadow_alignment };
		if (fw && fw->gfx.csa_size)
			a[1] = (struct uq_area){ "CSA", fw->gfx.csa_size,
						 fw->gfx.csa_alignment };
		return 2;
	case AMDGPU_HW_IP_COMPUTE:
		a[0] = (struct uq_area){ "EOP", EOP_MIN_SIZE, 256 };
		if (fw && fw->compute.eop_size)
			a[0] = (struct uq_area){ "EOP", fw->compute.eop_size,
						 fw->compute.eop_alignment };
		return 1;
	default:
		a[0] = (struct uq_area){ "SDMA CSA", info->csa_size,
					 info->csa_alignment };
		if (fw && fw->sdma.csa_size)
			a[0] = (struct uq_area){ "SDMA CSA", fw->sdma.csa_size,
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
		/* the BO's and its GPU VA's (bo.c) */
		.alignment = alignment,
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

/*
 * A GFX queue's shadow and CSA sizes come from UQ_FW_AREAS; DEV_INFO has
 * them only under SR-IOV (gfx_v11_0_get_gfx_shadow_info needs cp_gfx_shadow)
 * and reports 0 on bare metal. With the query failed and DEV_INFO silent
 * the sizes are unknown: say so, rather than let CREATE refuse
 * undersized areas with an EINVAL that names neither.
 */
static int areas_known(const struct uq_device *dev, unsigned int ip,
		       struct uq_errors *errs)
{
	const struct uq_ip *p = &dev->ip[ip];

	if (ip != AMDGPU_HW_IP_GFX || !p->fw_areas_asked || !p->fw_areas_err ||
	    (dev->info.shadow_size && dev->info.csa_size))
		return 0;
	uq_error_add(
		errs, "AMDGPU_INFO(UQ_FW_AREAS)", p->fw_areas_err,
		"%s: the gfx queue's shadow and CSA sizes are unknown: AMDGPU_INFO(UQ_FW_AREAS) failed with %s (%s) and DEV_INFO has none (bare metal); check dmesg",
		dev->node, uq_errno_name(p->fw_areas_err),
		uq_errno_desc(p->fw_areas_err));
	return -p->fw_areas_err;
}

int uq_queue_create(struct uq_vm *vm, struct uq_doorbell *db, unsigned int ip,
		    unsigned int slot, struct uq_queue *q,
		    struct uq_errors *errs)
{
	struct uapi_amdgpu_userq_mqd_gfx11 gfx = { 0 };
	struct uapi_amdgpu_userq_mqd_compute_gfx11 compute = { 0 };
	struct uapi_amdgpu_userq_mqd_sdma_gfx11 sdma = { 0 };
	struct uq_device *dev = vm->dev;
	struct uq_area areas[UQ_QUEUE_AREAS];
	unsigned int n, page;
	const void *mqd;
	uint64_t mqd_size;
	int ret;

	memset(q, 0, sizeof(*q));
	q->ip = ip;
	ret = uq_doorbell_slot(ip, uq_sdma_engines(dev), slot, &page,
			       &q->doorbell_offset);
	if (ret) {
		uq_error_add(
			errs, "AMDGPU_USERQ(CREATE)", ERANGE,
			"%s: no doorbell slot %u for a %s queue (%u pages)",
			dev->node, slot, uq_ip_name(ip), UQ_DOORBELL_MAX_PAGES);
		return ret;
	}
	ret = areas_known(dev, ip, errs);
	if (ret)
		return ret;
	/* the windows of the pages so far are full: one more page */
	while (db->npages <= page) {
		ret = doorbell_page_create(vm, &db->page[db->npages], errs);
		if (ret)
			return ret;
		db->npages++;
	}

	ret = create_bo(vm, "ring", RING_SIZE, 0, false, &q->ring, errs);
	if (!ret)
		ret = create_bo(vm, "wptr", PAGE_4K, 0, true, &q->wptr, errs);
	if (!ret)
		ret = create_bo(vm, "rptr", PAGE_4K, 0, true, &q->rptr, errs);
	n = uq_queue_areas(dev, ip, areas);
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

	ret = uq_userq_create(dev->fd, ip, db->page[page].handle,
			      q->doorbell_offset, 0, q->ring.va, q->ring.size,
			      q->rptr.va, q->wptr.va, mqd, mqd_size, &q->id);
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

int uq_queue_free(struct uq_vm *vm, struct uq_queue *q, struct uq_teardown *td,
		  struct uq_errors *errs)
{
	uint64_t t0;
	int ret;

	if (!q->id)
		return 0;
	t0 = uq_now_ns();
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
	if (td) {
		td->free_ns += uq_now_ns() - t0;
		td->queues++;
	}
	q->id = 0;
	return 0;
}

static void release_bo(struct uq_vm *vm, struct uq_bo *bo,
		       struct uq_teardown *td, struct uq_errors *errs)
{
	uint64_t ns = 0;

	if (uq_bo_destroy_timed(vm, bo, errs, &ns) && td) {
		td->unmap_ns += ns;
		td->unmaps++;
	}
}

void uq_queue_release(struct uq_vm *vm, struct uq_queue *q,
		      struct uq_teardown *td, struct uq_errors *errs)
{
	if (q->id)
		return;
	for (int i = UQ_QUEUE_AREAS - 1; i >= 0; i--)
		release_bo(vm, &q->area[i], td, errs);
	release_bo(vm, &q->rptr, td, errs);
	release_bo(vm, &q->wptr, td, errs);
	release_bo(vm, &q->ring, td, errs);
}

int uq_queue_destroy(struct uq_vm *vm, struct uq_queue *q,
		     struct uq_errors *errs)
{
	int ret = uq_queue_free(vm, q, NULL, errs);

	if (!ret)
		uq_queue_release(vm, q, NULL, errs);
	return ret;
}
