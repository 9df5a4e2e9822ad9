// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "conformance.h"
#include "uapi/amdgpu_gem_va.h"
#include "uapi/amdgpu_info.h"
#include "userq_recipe.h"

/* 48-bit VAs below the hole, one 2 MiB-aligned window per BO */
#define VA_BASE 0x200000ull
#define VA_ALIGN (2ull << 20)
#define TIMEOUT_NS (30ll * 1000000000)

static uint64_t next_va = VA_BASE;

uint64_t uq_next_va(uint64_t size)
{
	uint64_t va = next_va;

	next_va += (size + VA_ALIGN - 1) & ~(VA_ALIGN - 1);
	return va;
}

uint64_t uq_map_bo(int fd, uint32_t handle, uint64_t size)
{
	uint32_t timeline = conf_syncobj(fd, 0);
	struct drm_syncobj_timeline_wait w;
	struct uapi_amdgpu_gem_va va;
	uint64_t point = 1, addr = uq_next_va(size);

	memset(&va, 0, sizeof(va));
	va.handle = handle;
	va.operation = AMDGPU_VA_OP_MAP;
	va.flags = AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE |
		   AMDGPU_VM_PAGE_EXECUTABLE;
	va.va_address = addr;
	va.map_size = size;
	va.vm_timeline_syncobj_out = timeline;
	va.vm_timeline_point = point;
	ck_assert_int_eq(conf_ioctl(fd, UAPI_IOCTL_AMDGPU_GEM_VA, &va), 0);

	memset(&w, 0, sizeof(w));
	w.handles = (uintptr_t)&timeline;
	w.points = (uintptr_t)&point;
	w.count_handles = 1;
	w.timeout_nsec = conf_now_ns() + TIMEOUT_NS;
	w.flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL |
		  DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &w),
			 0);
	ck_assert_int_eq(uq_syncobj_destroy(fd, timeline), 0);
	return addr;
}

void uq_dev_info(int fd, struct uapi_amdgpu_info_device *d)
{
	struct drm_amdgpu_info q;

	memset(&q, 0, sizeof(q));
	memset(d, 0, sizeof(*d));
	q.return_pointer = (uintptr_t)d;
	q.return_size = sizeof(*d);
	q.query = AMDGPU_INFO_DEV_INFO;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_AMDGPU_INFO, &q), 0);
}

/* The GFX shadow and CSA sizes: UQ_FW_AREAS, which every userq kernel
 * answers for GFX (DEV_INFO's copy is 0 on bare metal). */
static void gfx_fw_areas(int fd, struct uapi_amdgpu_info_uq_metadata *m)
{
	struct drm_amdgpu_info q;

	memset(&q, 0, sizeof(q));
	memset(m, 0, sizeof(*m));
	q.return_pointer = (uintptr_t)m;
	q.return_size = sizeof(*m);
	q.query = AMDGPU_INFO_UQ_FW_AREAS;
	q.query_hw_ip.type = AMDGPU_HW_IP_GFX;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_AMDGPU_INFO, &q), 0);
}

static uint64_t page_round(uint64_t n)
{
	return (n + UQ_PAGE - 1) & ~(UQ_PAGE - 1);
}

static uint32_t mapped_bo(int fd, uint64_t size, uint64_t *va)
{
	uint32_t h = conf_bo(fd, size);

	*va = uq_map_bo(fd, h, size);
	return h;
}

void uq_recipe_init(struct uq_recipe *r, int fd, uint32_t ip)
{
	struct uapi_amdgpu_info_uq_metadata m;
	uint64_t off;
	void *p;

	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->ip = ip;
	gfx_fw_areas(fd, &m);
	r->ring = mapped_bo(fd, UQ_RING_SIZE, &r->ring_va);
	r->rptr = mapped_bo(fd, UQ_PAGE, &r->rptr_va);
	r->wptr = mapped_bo(fd, UQ_PAGE, &r->wptr_va);
	switch (ip) {
	case AMDGPU_HW_IP_GFX:
		r->area0 = mapped_bo(fd, page_round(m.gfx.shadow_size),
				     &r->area0_va);
		r->area1 =
			mapped_bo(fd, page_round(m.gfx.csa_size), &r->area1_va);
		r->gfx.shadow_va = r->area0_va;
		r->gfx.csa_va = r->area1_va;
		r->args.in.mqd = (uintptr_t)&r->gfx;
		r->args.in.mqd_size = sizeof(r->gfx);
		break;
	case AMDGPU_HW_IP_COMPUTE:
		r->area0 = mapped_bo(fd, UQ_PAGE, &r->area0_va);
		r->compute.eop_va = r->area0_va;
		r->args.in.mqd = (uintptr_t)&r->compute;
		r->args.in.mqd_size = sizeof(r->compute);
		break;
	default:
		r->area0 = mapped_bo(fd, UQ_PAGE, &r->area0_va);
		r->sdma.csa_va = r->area0_va;
		r->args.in.mqd = (uintptr_t)&r->sdma;
		r->args.in.mqd_size = sizeof(r->sdma);
		break;
	}
	ck_assert_int_eq(conf_gem_create(fd, UQ_PAGE,
					 AMDGPU_GEM_DOMAIN_DOORBELL, 0,
					 &r->doorbell),
			 0);
	/* the wptr BO, for tests that move the write pointer */
	ck_assert_int_eq(conf_gem_mmap(fd, r->wptr, &off), 0);
	p = mmap(NULL, UQ_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 (off_t)off);
	ck_assert_ptr_ne(p, MAP_FAILED);
	r->wptr_cpu = p;

	r->args.in.op = UAPI_AMDGPU_USERQ_OP_CREATE;
	r->args.in.ip_type = ip;
	r->args.in.doorbell_handle = r->doorbell;
	r->args.in.doorbell_offset = 4;
	r->args.in.queue_va = r->ring_va;
	r->args.in.queue_size = UQ_RING_SIZE;
	r->args.in.rptr_va = r->rptr_va;
	r->args.in.wptr_va = r->wptr_va;
}

int uq_ioctl(int fd, union uapi_amdgpu_userq *args)
{
	return conf_ioctl(fd, UAPI_IOCTL_AMDGPU_USERQ, args);
}

int uq_create(struct uq_recipe *r, uint32_t *qid)
{
	union uapi_amdgpu_userq a = r->args;
	int ret = uq_ioctl(r->fd, &a);

	*qid = ret ? 0 : a.out.queue_id;
	return ret;
}

uint32_t uq_create_ok(struct uq_recipe *r)
{
	uint32_t qid;

	ck_assert_int_eq(uq_create(r, &qid), 0);
	ck_assert_uint_ne(qid, 0);
	return qid;
}

int uq_free(int fd, uint32_t qid)
{
	union uapi_amdgpu_userq a;

	memset(&a, 0, sizeof(a));
	a.in.op = UAPI_AMDGPU_USERQ_OP_FREE;
	a.in.queue_id = qid;
	return uq_ioctl(fd, &a);
}

int uq_signal_bos(int fd, uint32_t qid, const uint32_t *syncobjs,
		  unsigned int nsyncobjs, const uint32_t *read,
		  unsigned int nread, const uint32_t *write,
		  unsigned int nwrite)
{
	struct uapi_amdgpu_userq_signal s;

	memset(&s, 0, sizeof(s));
	s.queue_id = qid;
	s.syncobj_handles = (uintptr_t)syncobjs;
	s.num_syncobj_handles = nsyncobjs;
	s.bo_read_handles = (uintptr_t)read;
	s.num_bo_read_handles = nread;
	s.bo_write_handles = (uintptr_t)write;
	s.num_bo_write_handles = nwrite;
	return conf_ioctl(fd, UAPI_IOCTL_AMDGPU_USERQ_SIGNAL, &s);
}

int uq_signal(int fd, uint32_t qid, const uint32_t *syncobjs,
	      unsigned int nsyncobjs)
{
	return uq_signal_bos(fd, qid, syncobjs, nsyncobjs, NULL, 0, NULL, 0);
}

int uq_wait_raw(int fd, struct uapi_amdgpu_userq_wait *w)
{
	return conf_ioctl(fd, UAPI_IOCTL_AMDGPU_USERQ_WAIT, w);
}

int uq_wait(int fd, uint32_t waitq, const uint32_t *syncobjs,
	    unsigned int nsyncobjs, struct uapi_amdgpu_userq_fence_info *out,
	    uint16_t *num)
{
	struct uapi_amdgpu_userq_wait w;
	int r;

	memset(&w, 0, sizeof(w));
	w.waitq_id = waitq;
	w.syncobj_handles = (uintptr_t)syncobjs;
	w.num_syncobj_handles = nsyncobjs;
	w.num_fences = out ? *num : 0;
	w.out_fences = (uintptr_t)out;
	r = uq_wait_raw(fd, &w);
	*num = w.num_fences;
	return r;
}

int uq_syncobj_destroy(int fd, uint32_t handle)
{
	struct drm_syncobj_destroy d = { .handle = handle };

	return conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d);
}

uint32_t uq_probe_slot(void)
{
	struct uapi_amdgpu_userq_fence_info info;
	int fd = conf_open();
	struct uq_recipe r;
	uint32_t p, s;
	uint16_t n = 0;

	uq_recipe_init(&r, fd, AMDGPU_HW_IP_COMPUTE);
	p = uq_create_ok(&r);
	s = conf_syncobj(fd, 0);
	ck_assert_int_eq(uq_signal(fd, p, &s, 1), 0);
	ck_assert_int_eq(uq_wait(fd, p, &s, 1, NULL, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(uq_wait(fd, p, &s, 1, &info, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(uq_free(fd, p), 0);
	ck_assert_int_eq(uq_syncobj_destroy(fd, s), 0);
	close(fd);
	return uq_slot_of(info.va);
}

long uq_read_file(const char *path, char *buf, size_t size)
{
	size_t n = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while (n < size - 1 && (got = read(fd, buf + n, size - 1 - n)) > 0)
		n += (size_t)got;
	buf[n] = '\0';
	close(fd);
	return (long)n;
}

int uq_write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	ssize_t n;
	int r = 0;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0)
		r = -errno;
	close(fd);
	return r;
}
