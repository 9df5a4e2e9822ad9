// SPDX-License-Identifier: MIT
/*
 * amdgpu_userq.c + mes_userqueue.c: DRM_IOCTL_AMDGPU_USERQ (queue creation
 * and destruction, with the MES MQD checks), the per-file queue manager and
 * the device's doorbell table. userq.md §5 and
 * emulator-notes rules 50-74 give the order of the checks.
 *
 * Queues are reference counted as in the newest kernel (amdgpu_userq_get
 * and _put): the id holds one reference, SIGNAL and WAIT hold one while
 * they run, and the last put destroys the queue. Older kernels destroyed
 * inline under the manager's mutex; with the device lock that makes no
 * observable difference.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emu/fs/debugfs.h"
#include "amdgpu_priv.h"
#include "amdgpu_trace.h"
#include "amdgpu_userq.h"
#include "amdgpu_userq_priv.h"
#include "emu/audit.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "emu/drm/drm_gem.h"
#include "emu/profile.h"
#include "emu/fs/tracefs.h"
#include "uapi/amdgpu_userq.h"

#define GPU_PAGE_SHIFT 12
#define GPU_PAGE_SIZE (1ull << GPU_PAGE_SHIFT)
/* AMDGPU_BO_INVALID_OFFSET (amdgpu_object.h): LONG_MAX */
#define BO_INVALID_OFFSET 0x7fffffffffffffffull
#define PAGE_SIZE 4096ull

/* amdgpu_userq_wait_for_last_fence of older kernels: 100 ms */
#define LAST_FENCE_TIMEOUT_NS (100ull * 1000000)
/* The GART aperture of a Navi 31 ("GART: 512M 0x00007FFF00000000"), where
 * the kernel's MQD BOs live; the emulator hands out 8 KiB per queue. */
#define GART_START 0x00007fff00000000ull
#define GART_SIZE (512ull << 20)
#define MQD_STRIDE 0x2000ull
/* The MES MQD sizes of sizeof(struct drm_amdgpu_userq_mqd_*_gfx11) */
#define MQD_SIZE_GFX 16
#define MQD_SIZE_COMPUTE 8
#define MQD_SIZE_SDMA 8
/* mes_userq_mqd_create: bytes of eop_va / SDMA csa_va to validate */
#define EOP_VA_SIZE 2048
#define SDMA_CSA_VA_SIZE 32

/* --- the device's doorbell table (adev->userq_doorbell_xa) --------------- */

/*
 * The absolute doorbell of a queue is its doorbell BO's place in the
 * doorbell BAR plus the offset. Live doorbell BOs never overlap and a live
 * queue keeps its BO pinned, so (BO, offset) identifies it.
 */
#define DB_BUCKETS AMDGPU_USERQ_DB_BUCKETS

struct db_entry {
	struct emu_gem_object *bo;
	uint32_t offset;
	struct db_entry *next;
};

void amdgpu_userq_dev_init(struct amdgpu_userq_dev *uq)
{
	memset(uq, 0, sizeof(*uq));
	emu_list_init(&uq->queues);
	emu_list_init(&uq->fence_drivers);
	emu_list_init(&uq->fences);
}

static unsigned int db_hash(const struct emu_gem_object *bo, uint32_t offset)
{
	uint64_t h = (uint64_t)(uintptr_t)bo * 0x9e3779b97f4a7c15ull + offset;

	return (unsigned int)(h >> 40) % DB_BUCKETS;
}

static struct db_entry **db_find(struct emu_gem_object *bo, uint32_t offset)
{
	struct db_entry **pp = &emu_dev.userq.db_table[db_hash(bo, offset)];

	for (; *pp; pp = &(*pp)->next)
		if ((*pp)->bo == bo && (*pp)->offset == offset)
			return pp;
	return pp;
}

/* xa_insert_irq: -EBUSY if taken, -ENOMEM */
static int db_insert(struct emu_gem_object *bo, uint32_t offset)
{
	struct db_entry **pp = db_find(bo, offset), *e;

	if (*pp)
		return -EBUSY;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->bo = bo;
	e->offset = offset;
	*pp = e;
	return 0;
}

static void db_erase(struct emu_gem_object *bo, uint32_t offset)
{
	struct db_entry **pp = db_find(bo, offset), *e = *pp;

	if (e) {
		*pp = e->next;
		free(e);
	}
}

/* --- lookup and lifetime ------------------------------------------------- */

static struct amdgpu_userq_mgr *userq_mgr(struct emu_file *file)
{
	struct amdgpu_fpriv *fpriv = amdgpu_fpriv(file);

	return fpriv ? fpriv->userq_mgr : NULL;
}

struct amdgpu_usermode_queue *amdgpu_userq_get(struct emu_file *file,
					       uint32_t qid)
{
	struct amdgpu_userq_mgr *mgr = userq_mgr(file);
	struct amdgpu_usermode_queue *queue;

	emu_lockdep_assert_held();
	if (!mgr)
		return NULL;
	queue = emu_idr_find(&mgr->queues, qid);
	if (queue)
		queue->refs++;
	return queue;
}

int amdgpu_userq_mqd_info(uint64_t serial, uint32_t *queue_type,
			  uint64_t *mqd_gpu_addr)
{
	struct amdgpu_usermode_queue *q;

	emu_lockdep_assert_held();
	emu_list_for_each_entry(q, &emu_dev.userq.queues, link) {
		if (q->serial == serial) {
			*queue_type = q->queue_type;
			*mqd_gpu_addr = q->mqd_gpu_addr;
			return 0;
		}
	}
	return -ENOENT;
}

void amdgpu_userq_wait_last_fence(struct amdgpu_usermode_queue *queue,
				  bool bounded, const char *who,
				  const char *timeout_msg)
{
	struct emu_fence *f = queue->last_fence;

	emu_lockdep_assert_held();
	if (!f || emu_fence_is_signaled(f))
		return;
	if (bounded) {
		if (emu_fence_wait(f, emu_now_ns() + LAST_FENCE_TIMEOUT_NS))
			emu_log("amdgpu: %s", timeout_msg);
		return;
	}
	/*
	 * Without a timeout, only the GPU or a reset can signal the fence
	 * (FREE cancels hang detection first), and the emulated GPU never
	 * reaches a wptr nobody executes: the kernel would block here for
	 * ever. The emulator says so and goes on.
	 */
	emu_log("%s: the kernel would wait for ever for fence=%llu:%llu (the "
		"GPU never reaches it); continuing",
		who, (unsigned long long)f->context,
		(unsigned long long)f->seqno);
}

/* amdgpu_userq_wait_for_last_fence: 6.16..6.18.y wait at most 100 ms and
 * say "Timed out waiting for fence"; from 6.19 there is no timeout
 * (interruptible on 6.19/7.0, which then mark the queue HUNG and go on). */
static void userq_wait_for_last_fence(struct amdgpu_usermode_queue *queue)
{
	amdgpu_userq_wait_last_fence(
		queue,
		emu_active_profile()->userq_free_wait == EMU_FREE_WAIT_100MS,
		"USERQ FREE", "Timed out waiting for fence");
}

/* amdgpu_userq_destroy (the kref release in newest code) */
static void userq_destroy(struct amdgpu_usermode_queue *queue)
{
	/* 7.3: cancel_delayed_work_sync(&queue->hang_detect_work) comes
	 * before the wait for the last fence */
	if (queue->fence_drv)
		queue->fence_drv->hang_detect_ns = EMU_TIME_INFINITE;
	trace_amdgpu_userq_destroy_start(queue, AMDGPU_USERQ_STATE_MAPPED);
	userq_wait_for_last_fence(queue);
	/* debugfs_remove_recursive before the unmap */
	if (queue->debugfs)
		amdgpu_debugfs_userq_remove(queue->client_id, queue->queue_id,
					    queue->serial);
	/* amdgpu_userq_unmap_helper: the MES unmap, which cannot fail here */
	trace_amdgpu_userq_state_start(queue, AMDGPU_USERQ_STATE_MAPPED);
	trace_amdgpu_userq_state_changed(queue, AMDGPU_USERQ_STATE_UNMAPPED);
	trace_amdgpu_userq_destroy_end(queue, AMDGPU_USERQ_STATE_UNMAPPED, 0);
	emu_list_del(&queue->link);
	/* amdgpu_userq_cleanup: the doorbell xa entry, the fence driver */
	if (queue->doorbell_registered)
		db_erase(queue->db_obj, queue->doorbell_offset);
	/* amdgpu_userq_buffer_vas_list_cleanup (6.19/7.0) */
	amdgpu_userq_va_marks_cleanup(queue, queue->vm);
	amdgpu_userq_fence_driver_free(queue);
	/* mqd_destroy: the GART-pinned wptr BO */
	emu_gem_object_put(queue->wptr_obj);
	/* unpin and unref the doorbell BO */
	emu_gem_object_put(queue->db_obj);
	free(queue);
}

void amdgpu_userq_put(struct amdgpu_usermode_queue *queue)
{
	emu_lockdep_assert_held();

	if (queue && !EMU_WARN_ON(!queue->refs) && --queue->refs == 0)
		userq_destroy(queue);
}

/* --- create -------------------------------------------------------------- */

/* amdgpu_userq_input_args_validate: every failure is -EINVAL. */
static int userq_input_args_validate(const struct uapi_amdgpu_userq_in *in)
{
	const struct emu_profile *prof = emu_active_profile();

	switch (in->op) {
	case UAPI_AMDGPU_USERQ_OP_CREATE:
		if (in->flags &
		    ~(UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_PRIORITY_MASK |
		      UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_SECURE))
			return -EINVAL;
		if (in->ip_type != AMDGPU_HW_IP_GFX &&
		    in->ip_type != AMDGPU_HW_IP_DMA &&
		    in->ip_type != AMDGPU_HW_IP_COMPUTE)
			return -EINVAL;
		/* as written: rejects SECURE only for DMA without TMZ */
		if ((in->flags & UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_SECURE) &&
		    in->ip_type != AMDGPU_HW_IP_GFX &&
		    in->ip_type != AMDGPU_HW_IP_COMPUTE &&
		    !emu_dev.adev.board->tmz)
			return -EINVAL;
		if (in->queue_va == BO_INVALID_OFFSET || in->queue_va == 0 ||
		    in->queue_size == 0)
			return -EINVAL;
		/* 8079b87c02e5: a power of two, at least a GPU page */
		if (prof->userq_queue_size_check &&
		    ((in->queue_size & (in->queue_size - 1)) ||
		     in->queue_size < GPU_PAGE_SIZE))
			return -EINVAL;
		if (!in->wptr_va || !in->rptr_va)
			return -EINVAL;
		return 0;
	case UAPI_AMDGPU_USERQ_OP_FREE:
		if (in->ip_type || in->doorbell_handle || in->doorbell_offset ||
		    in->flags || in->queue_va || in->queue_size ||
		    in->rptr_va || in->wptr_va || in->mqd || in->mqd_size)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

/* amdgpu_userq_enabled: some IP has userq_funcs */
static bool userq_enabled(void)
{
	return emu_dev.adev.dev_info.userq_ip_mask != 0;
}

/* b6dff005fcf3: each of the three userq ioctls starts with
 * amdgpu_userq_enabled() and answers -ENOTSUPP without user queues (older
 * kernels go on to their ordinary checks). */
int amdgpu_userq_gate(void)
{
	emu_lockdep_assert_held();

	if (emu_active_profile()->userq_enotsupp_gate && !userq_enabled())
		return -EMU_ENOTSUPP;
	return 0;
}

/*
 * amdgpu_userq_input_va_validate. 9e46b8bb0539 (6.18): the GPU page of
 * addr must be mapped, and the mapping must cover expected_size >> 12
 * pages from there (a page count: sizes below a page only need the first
 * page). Newest mainline (releases.md §5.5): a zero size or an end address
 * past 2^64 is -EINVAL, and the page of the last byte must lie in the same
 * mapping, so an unaligned rptr reaches into the next page.
 */
static int userq_input_va_validate(struct amdgpu_vm *vm,
				   struct amdgpu_usermode_queue *queue,
				   uint64_t addr, uint64_t expected_size)
{
	uint64_t start = addr & UAPI_AMDGPU_GMC_HOLE_MASK;
	uint64_t user_addr = start >> GPU_PAGE_SHIFT;
	uint64_t size = expected_size >> GPU_PAGE_SHIFT;
	struct amdgpu_bo_va_mapping *m = NULL;
	uint64_t end;

	switch (emu_active_profile()->userq_va_check) {
	case EMU_VA_CHECK_NONE:
		return 0;
	case EMU_VA_CHECK_END_ADDR:
		if (!expected_size ||
		    __builtin_add_overflow(start, expected_size - 1, &end))
			return -EINVAL;
		m = amdgpu_vm_bo_lookup_mapping(vm, user_addr);
		if (!m || (end >> GPU_PAGE_SHIFT) > m->last)
			return -EINVAL;
		break;
	case EMU_VA_CHECK_PAGE_COUNT:
		m = amdgpu_vm_bo_lookup_mapping(vm, user_addr);
		if (!m || user_addr < m->start ||
		    m->last - user_addr + 1 < size)
			return -EINVAL;
		break;
	}
	/* 6f3c8a5fe6: amdgpu_userq_buffer_va_list_add marks the bo_va */
	amdgpu_userq_va_mark(queue, m, start);
	return 0;
}

/* amdgpu_userq_get_doorbell_index: the BO is referenced and pinned in the
 * DOORBELL domain until the queue is destroyed. */
static int userq_get_doorbell(struct emu_file *file,
			      struct amdgpu_usermode_queue *queue,
			      const struct uapi_amdgpu_userq_in *in)
{
	struct emu_gem_object *obj;

	/* drm_gem_object_lookup: an unknown handle is -EINVAL here */
	obj = emu_gem_lookup(file, in->doorbell_handle);
	if (!obj)
		return -EINVAL;
	/*
	 * amdgpu_bo_pin(DOORBELL) refuses only userptr BOs (-EPERM), which
	 * the emulator cannot create; a BO of another domain is moved (a
	 * null move for the doorbell domain, UNVERIFIED on hardware).
	 * a018d1819f15: the 8-byte doorbell must lie inside the BO.
	 */
	if (emu_active_profile()->userq_doorbell_bound &&
	    (uint64_t)in->doorbell_offset * 8 + 8 > obj->size) {
		emu_gem_object_put(obj);
		return -EINVAL;
	}
	queue->db_obj = obj;
	queue->doorbell_offset = in->doorbell_offset;
	return 0;
}

/* mes_userq_create_wptr_mapping: the BO behind wptr_va, at most one page,
 * GART-bound (0ec7535f5ba1 and every later version). */
static int userq_create_wptr_mapping(struct amdgpu_vm *vm,
				     struct amdgpu_usermode_queue *queue)
{
	uint64_t wptr = queue->wptr_va & UAPI_AMDGPU_GMC_HOLE_MASK;
	struct amdgpu_bo_va_mapping *m;
	struct amdgpu_bo *bo;

	m = amdgpu_vm_bo_lookup_mapping(vm, wptr >> GPU_PAGE_SHIFT);
	if (!m)
		return -EINVAL;
	bo = m->bo_va ? m->bo_va->bo : NULL;
	if (!bo) {
		/* a PRT mapping: the kernel dereferences a NULL BO */
		emu_log("USERQ CREATE: wptr_va 0x%llx is a PRT mapping; the "
			"kernel would oops here, the emulator says -EINVAL",
			(unsigned long long)queue->wptr_va);
		return -EINVAL;
	}
	if (bo->base.size > PAGE_SIZE)
		return -EINVAL;
	emu_gem_object_get(&bo->base);
	queue->wptr_obj = &bo->base;
	return 0;
}

/* mes_userq_mqd_create: the per-IP MQD and its checks. */
static int userq_mqd_create(struct amdgpu_vm *vm,
			    struct amdgpu_usermode_queue *queue,
			    const struct uapi_amdgpu_userq_in *in)
{
	/* a0559012a18a + 5cfa33fabf01 (6.18.y, 6.19): the MQD VAs are
	 * validated and a failure is returned. 6.18 itself checked a part
	 * and returned 0 after freeing the MQD; no profile models that. */
	bool strict = emu_active_profile()->userq_mqd_va_checks;
	struct uapi_amdgpu_userq_mqd_compute_gfx11 compute;
	struct uapi_amdgpu_userq_mqd_gfx11 gfx;
	struct uapi_amdgpu_userq_mqd_sdma_gfx11 sdma;
	int r = 0;

	switch (queue->queue_type) {
	case AMDGPU_HW_IP_COMPUTE:
		if (in->mqd_size != MQD_SIZE_COMPUTE)
			return -EINVAL;
		/* a NULL mqd is not checked; every copy failure -> -ENOMEM */
		if (emu_copy_from_user(&compute, in->mqd, sizeof(compute)))
			return -ENOMEM;
		/* eop_va mapped for 2048 bytes */
		if (strict)
			r = userq_input_va_validate(vm, queue, compute.eop_va,
						    EOP_VA_SIZE);
		break;
	case AMDGPU_HW_IP_GFX:
		if (in->mqd_size != MQD_SIZE_GFX || !in->mqd)
			return -EINVAL;
		if (emu_copy_from_user(&gfx, in->mqd, sizeof(gfx)))
			return -ENOMEM;
		/* shadow and CSA mapped, with the UQ_FW_AREAS sizes */
		if (strict)
			r = userq_input_va_validate(
				vm, queue, gfx.shadow_va,
				emu_dev.adev.board->shadow_size);
		if (strict && !r)
			r = userq_input_va_validate(
				vm, queue, gfx.csa_va,
				emu_dev.adev.board->csa_size);
		break;
	case AMDGPU_HW_IP_DMA:
		if (in->mqd_size != MQD_SIZE_SDMA || !in->mqd)
			return -EINVAL;
		if (emu_copy_from_user(&sdma, in->mqd, sizeof(sdma)))
			return -ENOMEM;
		/* the SDMA CSA mapped for 32 bytes */
		if (strict)
			r = userq_input_va_validate(vm, queue, sdma.csa_va,
						    SDMA_CSA_VA_SIZE);
		break;
	default:
		return -EINVAL;
	}
	if (r)
		return r;
	r = userq_create_wptr_mapping(vm, queue);
	if (r)
		return r;
	/* amdgpu_bo_create_kernel of the MQD in GTT */
	queue->mqd_gpu_addr =
		GART_START + (queue->serial * MQD_STRIDE) % GART_SIZE;
	return 0;
}

/*
 * amdgpu_userq_create. Newest code allocates the fence driver first and
 * numbers the queue last (xa_alloc, 1..512, -EBUSY); older code validated
 * VAs and the doorbell first and numbered with idr_alloc(1, 512), 1..511,
 * answering -ENOMEM. Both orders follow userq_refcounted (7.1 cycle).
 */
static int userq_create(struct emu_file *file, struct amdgpu_userq_mgr *mgr,
			union uapi_amdgpu_userq *args)
{
	const struct emu_profile *prof = emu_active_profile();
	const struct uapi_amdgpu_userq_in *in = &args->in;
	struct amdgpu_vm *vm = amdgpu_file_vm(file);
	struct amdgpu_usermode_queue *queue;
	uint32_t priority;
	int r, qid;

	priority = (in->flags &
		    UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_PRIORITY_MASK) >>
		   UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_PRIORITY_SHIFT;
	/* amdgpu_userq_priority_permit: HIGH needs CAP_SYS_NICE (or DRM
	 * master, which a render client never is) */
	if (priority >= UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_PRIORITY_HIGH &&
	    emu_unprivileged())
		return -EACCES;
	/* adev->userq_funcs[ip_type] == NULL */
	if (!(emu_dev.adev.dev_info.userq_ip_mask & (1u << in->ip_type)))
		return -EINVAL;

	queue = calloc(1, sizeof(*queue));
	if (!queue)
		return -ENOMEM;
	queue->refs = 1;
	queue->mgr = mgr;
	queue->vm = vm;
	queue->client_id = file->client_id;
	queue->queue_type = in->ip_type;
	queue->priority = priority;
	queue->queue_va = in->queue_va;
	queue->queue_size = in->queue_size;
	queue->rptr_va = in->rptr_va;
	queue->wptr_va = in->wptr_va;
	queue->serial = ++emu_dev.userq.last_serial;
	emu_list_init(&queue->link);

	if (prof->userq_refcounted) {
		r = amdgpu_userq_fence_driver_alloc(&queue->fence_drv);
		if (r)
			goto err_free;
	}
	/* amdgpu_userq_input_va_validate of ring, rptr and wptr */
	if (userq_input_va_validate(vm, queue, in->queue_va, in->queue_size) ||
	    userq_input_va_validate(vm, queue, in->rptr_va, GPU_PAGE_SIZE) ||
	    userq_input_va_validate(vm, queue, in->wptr_va, GPU_PAGE_SIZE)) {
		r = -EINVAL;
		goto err_free;
	}
	r = userq_get_doorbell(file, queue, in);
	if (r)
		goto err_free;
	trace_amdgpu_userq_create_start(queue, AMDGPU_USERQ_STATE_UNMAPPED);
	if (!prof->userq_refcounted) {
		r = amdgpu_userq_fence_driver_alloc(&queue->fence_drv);
		if (r)
			goto err_doorbell;
	}
	r = userq_mqd_create(vm, queue, in);
	if (r)
		goto err_doorbell;
	/* CVE-2026-68103 fix (7.1.6, 7.3): xa_insert_irq(userq_doorbell_xa)
	 * -> -EBUSY; older code overwrote the entry silently */
	if (prof->userq_doorbell_busy) {
		r = db_insert(queue->db_obj, queue->doorbell_offset);
		if (r)
			goto err_mqd;
		queue->doorbell_registered = true;
	}
	/* amdgpu_userq_map_helper: the MES map, which cannot fail here */
	trace_amdgpu_userq_state_start(queue, AMDGPU_USERQ_STATE_UNMAPPED);
	trace_amdgpu_userq_state_changed(queue, AMDGPU_USERQ_STATE_MAPPED);

	if (prof->userq_refcounted) {
		/* xa_alloc(XA_LIMIT(1, AMDGPU_MAX_USERQ_COUNT)): -EBUSY when
		 * full; the last put tears the new queue down */
		qid = emu_idr_alloc(&mgr->queues, queue, 1,
				    UAPI_AMDGPU_MAX_USERQ_COUNT + 1);
		if (qid < 0) {
			r = qid == -ENOSPC ? -EBUSY : qid;
			trace_amdgpu_userq_create_end(
				queue, AMDGPU_USERQ_STATE_MAPPED, r);
			emu_list_add_tail(&queue->link, &emu_dev.userq.queues);
			amdgpu_userq_put(queue);
			return r;
		}
	} else {
		/* a03c6ed8be (6.19): xa_alloc(XA_LIMIT(1, 512)), ids 1..512;
		 * before it idr_alloc(1, 512), ids 1..511. Both report any
		 * failure as -ENOMEM. */
		qid = emu_idr_alloc(&mgr->queues, queue, 1,
				    UAPI_AMDGPU_MAX_USERQ_COUNT +
					    (prof->userq_ids_xarray ? 1 : 0));
		if (qid < 0) {
			r = -ENOMEM;
			goto err_mqd;
		}
	}
	queue->queue_id = (uint32_t)qid;
	emu_list_add_tail(&queue->link, &emu_dev.userq.queues);
	amdgpu_debugfs_userq_add(file->client_id, queue->queue_id,
				 queue->serial);
	queue->debugfs = true;
	/* only out.queue_id is written; the rest goes back as it came */
	args->out.queue_id = queue->queue_id;
	trace_amdgpu_userq_create_end(queue, AMDGPU_USERQ_STATE_MAPPED, 0);
	return 0;

err_mqd:
	if (queue->doorbell_registered)
		db_erase(queue->db_obj, queue->doorbell_offset);
	emu_gem_object_put(queue->wptr_obj);
err_doorbell:
	if (prof->userq_refcounted)
		emu_gem_object_put(queue->db_obj);
	else if (queue->db_obj)
		/* a107aeb6 error paths after the pin leave the doorbell BO
		 * pinned and referenced for ever */
		emu_dbg("userq: doorbell BO left pinned by a failed CREATE");
err_free:
	trace_amdgpu_userq_create_end(queue, AMDGPU_USERQ_STATE_UNMAPPED, r);
	/* the marks of a failed CREATE go as at destroy (UNVERIFIED) */
	amdgpu_userq_va_marks_cleanup(queue, vm);
	amdgpu_userq_fence_driver_free(queue);
	free(queue);
	return r;
}

/* --- the ioctl ----------------------------------------------------------- */

/* amdgpu_userq_ioctl */
int amdgpu_userq_ioctl(struct emu_file *file, void *data)
{
	union uapi_amdgpu_userq *args = data;
	struct amdgpu_userq_mgr *mgr = userq_mgr(file);
	struct amdgpu_usermode_queue *queue;
	int r;

	emu_tracefs_kprobe_hit("amdgpu_userq_ioctl");
	r = amdgpu_userq_gate();
	if (r)
		return r;
	if (userq_input_args_validate(&args->in) < 0)
		return -EINVAL;
	if (!mgr)
		return -EINVAL;

	switch (args->in.op) {
	case UAPI_AMDGPU_USERQ_OP_CREATE:
		return userq_create(file, mgr, args);
	case UAPI_AMDGPU_USERQ_OP_FREE:
		queue = emu_idr_remove(&mgr->queues, args->in.queue_id);
		/* refcounted queues: xa erase, -ENOENT for an unknown id;
		 * older code: "Invalid queue id to destroy", -EINVAL */
		if (!queue)
			return emu_active_profile()->userq_refcounted ?
				       -ENOENT :
				       -EINVAL;
		amdgpu_userq_put(queue);
		return 0;
	default:
		return -EINVAL;
	}
}

/* --- the manager --------------------------------------------------------- */

int amdgpu_userq_mgr_init(struct emu_file *file)
{
	struct amdgpu_fpriv *fpriv = amdgpu_fpriv(file);
	struct amdgpu_userq_mgr *mgr = calloc(1, sizeof(*mgr));

	emu_tracefs_kprobe_hit("amdgpu_userq_mgr_init");
	if (!mgr)
		return -ENOMEM;
	mgr->file = file;
	emu_idr_init(&mgr->queues);
	fpriv->userq_mgr = mgr;
	/* drm_debugfs_clients_add (the DRM core's per-client directory) */
	amdgpu_debugfs_client_add(file->client_id);
	return 0;
}

/* amdgpu_userq_mgr_fini: every queue goes as on FREE, lowest id first. */
void amdgpu_userq_mgr_fini(struct emu_file *file)
{
	struct amdgpu_fpriv *fpriv = amdgpu_fpriv(file);
	struct amdgpu_userq_mgr *mgr = fpriv ? fpriv->userq_mgr : NULL;
	struct amdgpu_usermode_queue *queue;
	uint32_t id;

	emu_tracefs_kprobe_hit("amdgpu_userq_mgr_fini");
	if (!mgr)
		return;
	emu_idr_for_each(&mgr->queues, id, queue) {
		emu_idr_remove(&mgr->queues, id);
		amdgpu_userq_put(queue);
	}
	emu_idr_fini(&mgr->queues);
	amdgpu_debugfs_client_remove(file->client_id);
	fpriv->userq_mgr = NULL;
	free(mgr);
}

void amdgpu_userq_audit_file(struct emu_file *file, struct emu_audit *audit)
{
	struct amdgpu_userq_mgr *mgr = userq_mgr(file);

	if (mgr)
		audit->queues += mgr->queues.count;
}
