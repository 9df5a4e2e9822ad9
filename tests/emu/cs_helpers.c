// SPDX-License-Identifier: MIT
/*
 * Helpers of the kernel CS conformance tests. PM4 encodings from Mesa
 * src/amd/common/sid.h and the kernel's nvd.h (see cs_helpers.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs_helpers.h"
#include "uapi/amdgpu_gem_va.h"

int64_t cs_far_deadline(void)
{
	return conf_now_ns() + CS_LONG_NS;
}

/* --- contexts --- */

int cs_ctx_op(int fd, uint32_t op, uint32_t ctx_id, uint32_t flags,
	      int32_t priority, union drm_amdgpu_ctx *out)
{
	union drm_amdgpu_ctx args;
	int r;

	memset(&args, 0, sizeof(args));
	args.in.op = op;
	args.in.ctx_id = ctx_id;
	args.in.flags = flags;
	args.in.priority = priority;
	r = conf_ioctl(fd, DRM_IOCTL_AMDGPU_CTX, &args);
	if (out)
		*out = args;
	return r;
}

uint32_t cs_ctx(int fd)
{
	union drm_amdgpu_ctx out;

	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_ALLOC_CTX, 0, 0,
				   AMDGPU_CTX_PRIORITY_NORMAL, &out),
			 0);
	ck_assert_uint_ne(out.out.alloc.ctx_id, 0);
	return out.out.alloc.ctx_id;
}

void cs_ctx_free(int fd, uint32_t ctx)
{
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_FREE_CTX, ctx, 0, 0, NULL),
			 0);
}

/* --- BOs --- */

int cs_gem_va(int fd, uint32_t handle, uint32_t op, uint32_t flags, uint64_t va,
	      uint64_t size, uint32_t syncobj, uint64_t point)
{
	struct uapi_amdgpu_gem_va args;

	memset(&args, 0, sizeof(args));
	args.handle = handle;
	args.operation = op;
	args.flags = flags;
	args.va_address = va;
	args.map_size = size;
	args.vm_timeline_syncobj_out = syncobj;
	args.vm_timeline_point = point;
	return conf_ioctl(fd, UAPI_IOCTL_AMDGPU_GEM_VA, &args);
}

void cs_bo_new(int fd, uint64_t size, uint64_t va, uint32_t va_flags,
	       struct cs_bo *bo)
{
	uint64_t off;

	memset(bo, 0, sizeof(*bo));
	bo->size = size;
	bo->handle = conf_bo(fd, size);
	ck_assert_int_eq(conf_gem_mmap(fd, bo->handle, &off), 0);
	bo->cpu = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       (off_t)off);
	ck_assert_ptr_ne(bo->cpu, MAP_FAILED);
	memset(bo->cpu, 0, size);
	if (!va)
		return;
	ck_assert_int_eq(cs_gem_va(fd, bo->handle, AMDGPU_VA_OP_MAP,
				   AMDGPU_VM_PAGE_READABLE |
					   AMDGPU_VM_PAGE_WRITEABLE |
					   AMDGPU_VM_PAGE_EXECUTABLE | va_flags,
				   va, size, 0, 0),
			 0);
	bo->va = va;
}

void cs_bo_unmap_cpu(struct cs_bo *bo)
{
	if (bo->cpu)
		munmap(bo->cpu, bo->size);
	bo->cpu = NULL;
}

/* --- CS --- */

void cs_req_init(struct cs_req *req, uint32_t ctx)
{
	memset(req, 0, sizeof(*req));
	req->ctx = ctx;
}

void cs_req_chunk(struct cs_req *req, uint32_t id, const void *data,
		  uint32_t length_dw)
{
	ck_assert_uint_lt(req->n, CS_MAX_CHUNKS);
	req->chunks[req->n].chunk_id = id;
	req->chunks[req->n].length_dw = length_dw;
	req->chunks[req->n].chunk_data = (uintptr_t)data;
	req->ptrs[req->n] = (uintptr_t)&req->chunks[req->n];
	req->n++;
}

void cs_req_ib(struct cs_req *req, uint32_t ip, uint32_t ring, uint64_t va,
	       uint32_t bytes, uint32_t flags)
{
	struct drm_amdgpu_cs_chunk_ib *ib = &req->ibs[req->n];

	memset(ib, 0, sizeof(*ib));
	ib->ip_type = ip;
	ib->ring = ring;
	ib->va_start = va;
	ib->ib_bytes = bytes;
	ib->flags = flags;
	cs_req_chunk(req, AMDGPU_CHUNK_ID_IB, ib, sizeof(*ib) / 4);
}

void cs_req_bos(struct cs_req *req, const uint32_t *handles, unsigned int n)
{
	unsigned int i;

	ck_assert_uint_le(n, 8);
	for (i = 0; i < n; i++) {
		req->bos[i].bo_handle = handles[i];
		req->bos[i].bo_priority = 0;
	}
	req->bo_in.bo_number = n;
	req->bo_in.bo_info_size = sizeof(req->bos[0]);
	req->bo_in.bo_info_ptr = (uintptr_t)req->bos;
	cs_req_chunk(req, AMDGPU_CHUNK_ID_BO_HANDLES, &req->bo_in,
		     sizeof(req->bo_in) / 4);
}

int cs_req_submit(int fd, struct cs_req *req, uint64_t *seq)
{
	union drm_amdgpu_cs cs;
	int r;

	memset(&cs, 0, sizeof(cs));
	cs.in.ctx_id = req->ctx;
	cs.in.bo_list_handle = req->bo_list;
	cs.in.num_chunks = req->n;
	cs.in.chunks = (uintptr_t)req->ptrs;
	r = conf_ioctl(fd, DRM_IOCTL_AMDGPU_CS, &cs);
	if (seq)
		*seq = r ? 0 : cs.out.handle;
	return r;
}

int cs_wait(int fd, uint32_t ctx, uint32_t ip, uint32_t ring, uint64_t handle,
	    uint64_t timeout_abs, uint64_t *busy)
{
	union drm_amdgpu_wait_cs w;
	int r;

	memset(&w, 0, sizeof(w));
	w.in.handle = handle;
	w.in.timeout = timeout_abs;
	w.in.ip_type = ip;
	w.in.ring = ring;
	w.in.ctx_id = ctx;
	r = conf_ioctl(fd, DRM_IOCTL_AMDGPU_WAIT_CS, &w);
	if (!r && busy)
		*busy = w.out.status;
	return r;
}

int cs_wait_done(int fd, uint32_t ctx, uint32_t ip, uint32_t ring,
		 uint64_t handle)
{
	uint64_t busy = 1;
	int r = cs_wait(fd, ctx, ip, ring, handle, (uint64_t)cs_far_deadline(),
			&busy);

	if (!r)
		ck_assert_msg(busy == 0, "job %llu still busy after 30 s",
			      (unsigned long long)handle);
	return r;
}

bool cs_busy(int fd, uint32_t ctx, uint32_t ip, uint32_t ring, uint64_t handle)
{
	uint64_t busy = 0;

	ck_assert_int_eq(cs_wait(fd, ctx, ip, ring, handle, CS_LOOK, &busy), 0);
	return busy != 0;
}

bool cs_still_busy(int fd, uint32_t ctx, uint32_t ip, uint32_t ring,
		   uint64_t handle)
{
	uint64_t busy = 0;

	ck_assert_int_eq(cs_wait(fd, ctx, ip, ring, handle,
				 (uint64_t)(conf_now_ns() + CS_SETTLE_NS),
				 &busy),
			 0);
	return busy != 0;
}

/* --- BO lists --- */

int cs_bo_list_op(int fd, uint32_t op, uint32_t handle, const void *entries,
		  uint32_t n, uint32_t info_size, uint32_t *out)
{
	union drm_amdgpu_bo_list args;
	int r;

	memset(&args, 0, sizeof(args));
	args.in.operation = op;
	args.in.list_handle = handle;
	args.in.bo_number = n;
	args.in.bo_info_size = info_size;
	args.in.bo_info_ptr = (uintptr_t)entries;
	r = conf_ioctl(fd, DRM_IOCTL_AMDGPU_BO_LIST, &args);
	if (out)
		*out = args.out.list_handle;
	return r;
}

/* --- syncobjs --- */

int cs_syncobj_wait(int fd, uint32_t handle, uint64_t point, int64_t deadline)
{
	struct drm_syncobj_timeline_wait w;

	memset(&w, 0, sizeof(w));
	w.handles = (uintptr_t)&handle;
	w.points = (uintptr_t)&point;
	w.timeout_nsec = deadline;
	w.count_handles = 1;
	w.flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL |
		  DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT;
	return conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &w);
}

uint64_t cs_syncobj_query(int fd, uint32_t handle)
{
	struct drm_syncobj_timeline_array a;
	uint64_t point = 0;

	memset(&a, 0, sizeof(a));
	a.handles = (uintptr_t)&handle;
	a.points = (uintptr_t)&point;
	a.count_handles = 1;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_QUERY, &a), 0);
	return point;
}

/* --- PM4 (sid.h PKT3(): type 3 in 31:30, COUNT in 29:16, opcode 15:8) --- */

uint32_t pm4_hdr(uint32_t opcode, uint32_t body_dw)
{
	return (3u << 30) | (((body_dw - 1) & 0x3fffu) << 16) |
	       ((opcode & 0xffu) << 8);
}

size_t pm4_nop(uint32_t *dw, size_t n)
{
	size_t i;

	if (n == 1) {
		dw[0] = pm4_hdr(PM4_NOP, 0x4000); /* COUNT 0x3fff */
		return 1;
	}
	dw[0] = pm4_hdr(PM4_NOP, (uint32_t)(n - 1));
	for (i = 1; i < n; i++)
		dw[i] = 0xdeadbeef;
	return n;
}

size_t pm4_write_data(uint32_t *dw, uint32_t dst_sel, bool one_addr,
		      uint64_t va, const uint32_t *data, size_t n)
{
	size_t i;

	dw[0] = pm4_hdr(PM4_WRITE_DATA, (uint32_t)(3 + n));
	dw[1] = (dst_sel << 8) | (one_addr ? 1u << 16 : 0) | (1u << 20);
	dw[2] = (uint32_t)va;
	dw[3] = (uint32_t)(va >> 32);
	for (i = 0; i < n; i++)
		dw[4 + i] = data[i];
	return 4 + n;
}

size_t pm4_wait_reg_mem(uint32_t *dw, uint32_t func, uint32_t mem_space,
			uint64_t va, uint32_t ref, uint32_t mask)
{
	dw[0] = pm4_hdr(PM4_WAIT_REG_MEM, 6);
	dw[1] = func | (mem_space << 4);
	dw[2] = (uint32_t)va;
	dw[3] = (uint32_t)(va >> 32);
	dw[4] = ref;
	dw[5] = mask;
	dw[6] = 4; /* POLL_INTERVAL */
	return 7;
}

size_t pm4_release_mem(uint32_t *dw, uint32_t data_sel, uint64_t va,
		       uint64_t data)
{
	dw[0] = pm4_hdr(PM4_RELEASE_MEM, 7);
	dw[1] = 0x14 | (5u << 8); /* CACHE_FLUSH_AND_INV_TS_EVENT, index 5 */
	dw[2] = data_sel << 29;
	dw[3] = (uint32_t)va;
	dw[4] = (uint32_t)(va >> 32);
	dw[5] = (uint32_t)data;
	dw[6] = (uint32_t)(data >> 32);
	dw[7] = 0;
	return 8;
}

size_t pm4_event_write_eop(uint32_t *dw, uint32_t data_sel, uint64_t va,
			   uint64_t data)
{
	dw[0] = pm4_hdr(PM4_EVENT_WRITE_EOP, 5);
	dw[1] = 0x14 | (5u << 8);
	dw[2] = (uint32_t)va;
	dw[3] = ((uint32_t)(va >> 32) & 0xffffu) | (data_sel << 29);
	dw[4] = (uint32_t)data;
	dw[5] = (uint32_t)(data >> 32);
	return 6;
}

/* --- the rig --- */

void cs_rig_init(struct cs_rig *rig)
{
	memset(rig, 0, sizeof(*rig));
	rig->fd = conf_open();
	rig->ctx = cs_ctx(rig->fd);
	cs_bo_new(rig->fd, RIG_SIZE, RIG_IB_VA, 0, &rig->ib);
	cs_bo_new(rig->fd, RIG_SIZE, RIG_DATA_VA, 0, &rig->data);
}

void cs_rig_fini(struct cs_rig *rig)
{
	cs_bo_unmap_cpu(&rig->ib);
	cs_bo_unmap_cpu(&rig->data);
	close(rig->fd);
}

uint64_t cs_rig_ib(struct cs_rig *rig, const uint32_t *dw, size_t n)
{
	uint64_t va = rig->ib.va + rig->ib_used;

	ck_assert_uint_le(rig->ib_used + 4 * n, rig->ib.size);
	memcpy((char *)rig->ib.cpu + rig->ib_used, dw, 4 * n);
	/* the next IB starts 256-byte aligned */
	rig->ib_used = (uint32_t)((rig->ib_used + 4 * n + 255) & ~255ull);
	return va;
}

int cs_rig_submit(struct cs_rig *rig, uint32_t ctx, uint32_t ip, uint32_t ring,
		  const uint32_t *dw, size_t n, uint64_t *seq)
{
	uint32_t bos[2] = { rig->ib.handle, rig->data.handle };
	struct cs_req req;

	cs_req_init(&req, ctx);
	cs_req_ib(&req, ip, ring, cs_rig_ib(rig, dw, n), (uint32_t)(4 * n), 0);
	cs_req_bos(&req, bos, 2);
	return cs_req_submit(rig->fd, &req, seq);
}

uint64_t cs_rig_va(const struct cs_rig *rig, uint64_t off)
{
	return rig->data.va + off;
}

volatile uint32_t *cs_rig_cpu(const struct cs_rig *rig, uint64_t off)
{
	return (volatile uint32_t *)((char *)rig->data.cpu + off);
}

int cs_rig_spin(struct cs_rig *rig, uint32_t ctx, uint32_t ip, uint32_t ring,
		uint64_t flag_off, uint64_t mark_off, uint32_t marker,
		uint64_t *seq)
{
	uint32_t dw[32];
	size_t n = 0;

	n += pm4_wait_reg_mem(dw + n, FUNC_EQ, 1, cs_rig_va(rig, flag_off), 1,
			      0xffffffffu);
	n += pm4_write_data(dw + n, 5, false, cs_rig_va(rig, mark_off), &marker,
			    1);
	return cs_rig_submit(rig, ctx, ip, ring, dw, n, seq);
}

size_t pm4_indirect_buffer(uint32_t *dw, uint64_t va, uint32_t size_dw,
			   bool chain)
{
	dw[0] = pm4_hdr(PM4_INDIRECT_BUFFER, 3);
	dw[1] = (uint32_t)va;
	dw[2] = (uint32_t)(va >> 32);
	/* IB_SIZE, CHAIN bit 20, VALID bit 23 */
	dw[3] = (size_dw & 0xfffffu) | (chain ? 1u << 20 : 0) | (1u << 23);
	return 4;
}

size_t pm4_dma_data(uint32_t *dw, uint32_t ctl, uint64_t src, uint64_t dst,
		    uint32_t cmd)
{
	dw[0] = pm4_hdr(PM4_DMA_DATA, 6);
	dw[1] = ctl;
	dw[2] = (uint32_t)src;
	dw[3] = (uint32_t)(src >> 32);
	dw[4] = (uint32_t)dst;
	dw[5] = (uint32_t)(dst >> 32);
	dw[6] = cmd;
	return 7;
}

size_t pm4_copy_data(uint32_t *dw, uint32_t ctl, uint64_t src, uint64_t dst)
{
	dw[0] = pm4_hdr(PM4_COPY_DATA, 5);
	dw[1] = ctl;
	dw[2] = (uint32_t)src;
	dw[3] = (uint32_t)(src >> 32);
	dw[4] = (uint32_t)dst;
	dw[5] = (uint32_t)(dst >> 32);
	return 6;
}

size_t pm4_cond_exec(uint32_t *dw, uint64_t va, uint32_t exec_count)
{
	dw[0] = pm4_hdr(PM4_COND_EXEC, 4);
	dw[1] = (uint32_t)va;
	dw[2] = (uint32_t)(va >> 32);
	dw[3] = 0;
	dw[4] = exec_count;
	return 5;
}
