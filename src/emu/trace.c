/* SPDX-License-Identifier: MIT */
/*
 * USERQ_EMU_TRACE (trace.h): the ioctl trace. Each ioctl the tool uses has
 * a formatter for its key arguments; any other prints its name alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "device.h"
#include "emu.h"
#include "fault.h"
#include "trace.h"
#include "uapi/amdgpu_gem_va.h"
#include "uapi/amdgpu_info.h"
#include "uapi/amdgpu_userq.h"
#include "uapi/drm_syncobj.h"
#include "uapi/experimental/amdgpu_vm_explicit_sync.h"

/* Handles of an array argument shown before "...". */
#define TRACE_MAX_HANDLES 4

void emu_trace_init(void)
{
	const char *path = getenv("USERQ_EMU_TRACE");
	int fd;

	if (!path || !*path)
		return;
	/* O_APPEND: the --emulate re-exec and any child append to the same
	 * file, each line one write(). */
	fd = emu_libc_open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
			   0644);
	if (fd < 0) {
		emu_log("USERQ_EMU_TRACE: cannot open '%s': %s", path,
			strerror(errno));
		_exit(64);
	}
	emu_dev.ioctl_trace.fd = fd;
	emu_dev.ioctl_trace.on = true;
}

bool emu_trace_enabled(void)
{
	return emu_dev.ioctl_trace.on;
}

/* --- a bounded line buffer --- */

struct trace_buf {
	char *p;
	size_t len, used;
};

static void tb_printf(struct trace_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void tb_printf(struct trace_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->used + 1 >= b->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->used, b->len - b->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->used += (size_t)n;
	if (b->used >= b->len)
		b->used = b->len - 1;
}

struct flag_name {
	uint64_t bit;
	const char *name;
};

/* flags as A|B|0x40 ("0" when none). */
static void tb_flags(struct trace_buf *b, uint64_t flags,
		     const struct flag_name *names, size_t n)
{
	bool first = true;

	if (!flags) {
		tb_printf(b, "0");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (!(flags & names[i].bit))
			continue;
		tb_printf(b, "%s%s", first ? "" : "|", names[i].name);
		flags &= ~names[i].bit;
		first = false;
	}
	if (flags)
		tb_printf(b, "%s0x%llx", first ? "" : "|",
			  (unsigned long long)flags);
}

static const char *table_name(const char *const *names, size_t n, uint64_t v)
{
	return v < n && names[v] ? names[v] : NULL;
}

#define TABLE_NAME(t, v) table_name(t, sizeof(t) / sizeof(t[0]), v)

/* A u32 array in user memory: [1,2,3,4,...]; [?] when unreadable. The
 * copy is the emulator's own read; the handler reads the array again. */
static void tb_u32_array(struct trace_buf *b, uint64_t uptr, uint64_t count)
{
	uint32_t v[TRACE_MAX_HANDLES];
	size_t n = count < TRACE_MAX_HANDLES ? (size_t)count :
					       TRACE_MAX_HANDLES;

	if (!count) {
		tb_printf(b, "[]");
		return;
	}
	if (emu_copy_from_user(v, uptr, n * sizeof(v[0]))) {
		tb_printf(b, "[?]");
		return;
	}
	tb_printf(b, "[");
	for (size_t i = 0; i < n; i++)
		tb_printf(b, "%s%u", i ? "," : "", v[i]);
	tb_printf(b, "%s]", count > n ? ",..." : "");
}

/* Handle/point pairs of a timeline array: [1:5,2:7,...]. */
static void tb_points(struct trace_buf *b, uint64_t handles, uint64_t points,
		      uint64_t count)
{
	uint32_t h[TRACE_MAX_HANDLES];
	uint64_t p[TRACE_MAX_HANDLES];
	size_t n = count < TRACE_MAX_HANDLES ? (size_t)count :
					       TRACE_MAX_HANDLES;

	if (!count) {
		tb_printf(b, "[]");
		return;
	}
	if (emu_copy_from_user(h, handles, n * sizeof(h[0])) ||
	    (points && emu_copy_from_user(p, points, n * sizeof(p[0])))) {
		tb_printf(b, "[?]");
		return;
	}
	tb_printf(b, "[");
	for (size_t i = 0; i < n; i++)
		tb_printf(b, "%s%u:%llu", i ? "," : "", h[i],
			  points ? (unsigned long long)p[i] : 0ull);
	tb_printf(b, "%s]", count > n ? ",..." : "");
}

static const char *const hw_ip_names[] = {
	[AMDGPU_HW_IP_GFX] = "GFX",
	[AMDGPU_HW_IP_COMPUTE] = "COMPUTE",
	[AMDGPU_HW_IP_DMA] = "DMA",
	[AMDGPU_HW_IP_UVD] = "UVD",
	[AMDGPU_HW_IP_VCE] = "VCE",
	[AMDGPU_HW_IP_UVD_ENC] = "UVD_ENC",
	[AMDGPU_HW_IP_VCN_DEC] = "VCN_DEC",
	[AMDGPU_HW_IP_VCN_ENC] = "VCN_ENC",
	[AMDGPU_HW_IP_VCN_JPEG] = "VCN_JPEG",
};

static void tb_ip(struct trace_buf *b, uint32_t ip)
{
	const char *name = TABLE_NAME(hw_ip_names, ip);

	if (name)
		tb_printf(b, "ip=%s", name);
	else
		tb_printf(b, "ip=%u", ip);
}

/* --- the formatters: args before the handler, outputs after --- */

struct trace_fmt {
	const char *name;
	void (*args)(struct trace_buf *b, const void *kdata);
	void (*out)(struct trace_buf *b, const void *in, const void *out);
};

static void get_cap_args(struct trace_buf *b, const void *kdata)
{
	const struct drm_get_cap *a = kdata;

	tb_printf(b, "cap=0x%llx", (unsigned long long)a->capability);
}

static void get_cap_out(struct trace_buf *b, const void *in, const void *kdata)
{
	const struct drm_get_cap *a = kdata;

	(void)in;
	tb_printf(b, "value=%llu", (unsigned long long)a->value);
}

static void gem_close_args(struct trace_buf *b, const void *kdata)
{
	const struct drm_gem_close *a = kdata;

	tb_printf(b, "handle=%u", a->handle);
}

static void syncobj_create_args(struct trace_buf *b, const void *kdata)
{
	static const struct flag_name f[] = {
		{ DRM_SYNCOBJ_CREATE_SIGNALED, "SIGNALED" },
	};
	const struct drm_syncobj_create *a = kdata;

	tb_printf(b, "flags=");
	tb_flags(b, a->flags, f, sizeof(f) / sizeof(f[0]));
}

static void syncobj_create_out(struct trace_buf *b, const void *in,
			       const void *kdata)
{
	const struct drm_syncobj_create *a = kdata;

	(void)in;
	tb_printf(b, "handle=%u", a->handle);
}

static void syncobj_destroy_args(struct trace_buf *b, const void *kdata)
{
	const struct drm_syncobj_destroy *a = kdata;

	tb_printf(b, "handle=%u", a->handle);
}

static const struct flag_name syncobj_wait_flags[] = {
	{ DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, "WAIT_ALL" },
	{ DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, "WAIT_FOR_SUBMIT" },
	{ DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE, "WAIT_AVAILABLE" },
	{ DRM_SYNCOBJ_WAIT_FLAGS_WAIT_DEADLINE, "WAIT_DEADLINE" },
};

static void syncobj_wait_args(struct trace_buf *b, const void *kdata)
{
	const struct uapi_drm_syncobj_wait *a = kdata;

	tb_printf(b, "count=%u handles=", a->count_handles);
	tb_u32_array(b, a->handles, a->count_handles);
	tb_printf(b, " flags=");
	tb_flags(b, a->flags, syncobj_wait_flags,
		 sizeof(syncobj_wait_flags) / sizeof(syncobj_wait_flags[0]));
}

static void syncobj_timeline_wait_args(struct trace_buf *b, const void *kdata)
{
	const struct uapi_drm_syncobj_timeline_wait *a = kdata;

	tb_printf(b, "count=%u points=", a->count_handles);
	tb_points(b, a->handles, a->points, a->count_handles);
	tb_printf(b, " flags=");
	tb_flags(b, a->flags, syncobj_wait_flags,
		 sizeof(syncobj_wait_flags) / sizeof(syncobj_wait_flags[0]));
}

static void syncobj_wait_out(struct trace_buf *b, const void *in,
			     const void *kdata)
{
	const struct uapi_drm_syncobj_wait *a = kdata;

	(void)in;
	tb_printf(b, "first_signaled=%u", a->first_signaled);
}

static void syncobj_timeline_wait_out(struct trace_buf *b, const void *in,
				      const void *kdata)
{
	const struct uapi_drm_syncobj_timeline_wait *a = kdata;

	(void)in;
	tb_printf(b, "first_signaled=%u", a->first_signaled);
}

static void syncobj_array_args(struct trace_buf *b, const void *kdata)
{
	const struct drm_syncobj_array *a = kdata;

	tb_printf(b, "count=%u handles=", a->count_handles);
	tb_u32_array(b, a->handles, a->count_handles);
}

static void syncobj_timeline_array_args(struct trace_buf *b, const void *kdata)
{
	const struct drm_syncobj_timeline_array *a = kdata;

	tb_printf(b, "count=%u points=", a->count_handles);
	tb_points(b, a->handles, a->points, a->count_handles);
	tb_printf(b, " flags=0x%x", a->flags);
}

/* SYNCOBJ_QUERY writes the points: the array as it is after the call. */
static void syncobj_query_args(struct trace_buf *b, const void *kdata)
{
	const struct drm_syncobj_timeline_array *a = kdata;

	tb_printf(b, "count=%u handles=", a->count_handles);
	tb_u32_array(b, a->handles, a->count_handles);
	tb_printf(b, " flags=0x%x", a->flags);
}

static void syncobj_query_out(struct trace_buf *b, const void *in,
			      const void *kdata)
{
	const struct drm_syncobj_timeline_array *a = kdata;

	(void)in;
	tb_printf(b, "points=");
	tb_points(b, a->handles, a->points, a->count_handles);
}

static void syncobj_transfer_args(struct trace_buf *b, const void *kdata)
{
	const struct drm_syncobj_transfer *a = kdata;

	tb_printf(b, "src=%u:%llu dst=%u:%llu flags=0x%x", a->src_handle,
		  (unsigned long long)a->src_point, a->dst_handle,
		  (unsigned long long)a->dst_point, a->flags);
}

static void gem_create_args(struct trace_buf *b, const void *kdata)
{
	static const struct flag_name domains[] = {
		{ AMDGPU_GEM_DOMAIN_CPU, "CPU" },
		{ AMDGPU_GEM_DOMAIN_GTT, "GTT" },
		{ AMDGPU_GEM_DOMAIN_VRAM, "VRAM" },
		{ AMDGPU_GEM_DOMAIN_GDS, "GDS" },
		{ AMDGPU_GEM_DOMAIN_GWS, "GWS" },
		{ AMDGPU_GEM_DOMAIN_OA, "OA" },
		{ AMDGPU_GEM_DOMAIN_DOORBELL, "DOORBELL" },
		{ AMDGPU_GEM_DOMAIN_MMIO_REMAP, "MMIO_REMAP" },
	};
	const union drm_amdgpu_gem_create *a = kdata;

	tb_printf(b, "size=0x%llx domains=", (unsigned long long)a->in.bo_size);
	tb_flags(b, a->in.domains, domains,
		 sizeof(domains) / sizeof(domains[0]));
	tb_printf(b, " flags=0x%llx", (unsigned long long)a->in.domain_flags);
}

static void gem_create_out(struct trace_buf *b, const void *in,
			   const void *kdata)
{
	const union drm_amdgpu_gem_create *a = kdata;

	(void)in;
	tb_printf(b, "handle=%u", a->out.handle);
}

static void gem_mmap_args(struct trace_buf *b, const void *kdata)
{
	const union drm_amdgpu_gem_mmap *a = kdata;

	tb_printf(b, "handle=%u", a->in.handle);
}

static void gem_mmap_out(struct trace_buf *b, const void *in, const void *kdata)
{
	const union drm_amdgpu_gem_mmap *a = kdata;

	(void)in;
	tb_printf(b, "offset=0x%llx", (unsigned long long)a->out.addr_ptr);
}

static void ctx_args(struct trace_buf *b, const void *kdata)
{
	static const char *const ops[] = {
		[AMDGPU_CTX_OP_ALLOC_CTX] = "ALLOC",
		[AMDGPU_CTX_OP_FREE_CTX] = "FREE",
		[AMDGPU_CTX_OP_QUERY_STATE] = "QUERY_STATE",
		[AMDGPU_CTX_OP_QUERY_STATE2] = "QUERY_STATE2",
		[AMDGPU_CTX_OP_GET_STABLE_PSTATE] = "GET_STABLE_PSTATE",
		[AMDGPU_CTX_OP_SET_STABLE_PSTATE] = "SET_STABLE_PSTATE",
	};
	const union drm_amdgpu_ctx *a = kdata;
	const char *op = TABLE_NAME(ops, a->in.op);

	if (op)
		tb_printf(b, "op=%s", op);
	else
		tb_printf(b, "op=%u", a->in.op);
	if (a->in.op == AMDGPU_CTX_OP_ALLOC_CTX)
		tb_printf(b, " priority=%d", a->in.priority);
	else
		tb_printf(b, " ctx=%u", a->in.ctx_id);
}

static void ctx_out(struct trace_buf *b, const void *in, const void *kdata)
{
	const union drm_amdgpu_ctx *req = in;
	const union drm_amdgpu_ctx *a = kdata;

	if (req->in.op == AMDGPU_CTX_OP_ALLOC_CTX)
		tb_printf(b, "ctx=%u", a->out.alloc.ctx_id);
	else if (req->in.op == AMDGPU_CTX_OP_QUERY_STATE2)
		tb_printf(b, "flags=0x%llx",
			  (unsigned long long)a->out.state.flags);
}

static void bo_list_args(struct trace_buf *b, const void *kdata)
{
	static const char *const ops[] = {
		[AMDGPU_BO_LIST_OP_CREATE] = "CREATE",
		[AMDGPU_BO_LIST_OP_DESTROY] = "DESTROY",
		[AMDGPU_BO_LIST_OP_UPDATE] = "UPDATE",
	};
	const union drm_amdgpu_bo_list *a = kdata;
	const char *op = TABLE_NAME(ops, a->in.operation);

	if (op)
		tb_printf(b, "op=%s", op);
	else
		tb_printf(b, "op=%u", a->in.operation);
	tb_printf(b, " list=%u bos=%u", a->in.list_handle, a->in.bo_number);
}

static void bo_list_out(struct trace_buf *b, const void *in, const void *kdata)
{
	const union drm_amdgpu_bo_list *req = in;
	const union drm_amdgpu_bo_list *a = kdata;

	if (req->in.operation != AMDGPU_BO_LIST_OP_CREATE)
		return;
	tb_printf(b, "list=%u", a->out.list_handle);
}

static void cs_args(struct trace_buf *b, const void *kdata)
{
	const union drm_amdgpu_cs *a = kdata;

	tb_printf(b, "ctx=%u bo_list=%u chunks=%u", a->in.ctx_id,
		  a->in.bo_list_handle, a->in.num_chunks);
}

static void cs_out(struct trace_buf *b, const void *in, const void *kdata)
{
	const union drm_amdgpu_cs *a = kdata;

	(void)in;
	tb_printf(b, "seq=%llu", (unsigned long long)a->out.handle);
}

static void info_args(struct trace_buf *b, const void *kdata)
{
	static const char *const queries[] = {
		[AMDGPU_INFO_ACCEL_WORKING] = "ACCEL_WORKING",
		[AMDGPU_INFO_HW_IP_INFO] = "HW_IP_INFO",
		[AMDGPU_INFO_HW_IP_COUNT] = "HW_IP_COUNT",
		[AMDGPU_INFO_TIMESTAMP] = "TIMESTAMP",
		[AMDGPU_INFO_FW_VERSION] = "FW_VERSION",
		[AMDGPU_INFO_GDS_CONFIG] = "GDS_CONFIG",
		[AMDGPU_INFO_VRAM_GTT] = "VRAM_GTT",
		[AMDGPU_INFO_DEV_INFO] = "DEV_INFO",
		[AMDGPU_INFO_MEMORY] = "MEMORY",
		[AMDGPU_INFO_VBIOS] = "VBIOS",
		[AMDGPU_INFO_NUM_HANDLES] = "NUM_HANDLES",
		[AMDGPU_INFO_SENSOR] = "SENSOR",
		[AMDGPU_INFO_READ_MMR_REG] = "READ_MMR_REG",
		[AMDGPU_INFO_VIDEO_CAPS] = "VIDEO_CAPS",
		[AMDGPU_INFO_UQ_FW_AREAS] = "UQ_FW_AREAS",
	};
	const struct drm_amdgpu_info *a = kdata;
	const char *q = TABLE_NAME(queries, a->query);

	if (q)
		tb_printf(b, "query=%s", q);
	else
		tb_printf(b, "query=0x%x", a->query);
	switch (a->query) {
	case AMDGPU_INFO_HW_IP_INFO:
	case AMDGPU_INFO_HW_IP_COUNT:
	case AMDGPU_INFO_UQ_FW_AREAS:
		tb_printf(b, " ");
		tb_ip(b, a->query_hw_ip.type);
		tb_printf(b, " instance=%u", a->query_hw_ip.ip_instance);
		break;
	case AMDGPU_INFO_FW_VERSION:
		tb_printf(b, " fw=%u", a->query_fw.fw_type);
		break;
	}
	tb_printf(b, " size=%u", a->return_size);
}

static void gem_va_args(struct trace_buf *b, const void *kdata)
{
	static const char *const ops[] = {
		[AMDGPU_VA_OP_MAP] = "MAP",
		[AMDGPU_VA_OP_UNMAP] = "UNMAP",
		[AMDGPU_VA_OP_CLEAR] = "CLEAR",
		[AMDGPU_VA_OP_REPLACE] = "REPLACE",
	};
	static const struct flag_name flags[] = {
		{ AMDGPU_VM_DELAY_UPDATE, "DELAY_UPDATE" },
		{ AMDGPU_VM_PAGE_READABLE, "READABLE" },
		{ AMDGPU_VM_PAGE_WRITEABLE, "WRITEABLE" },
		{ AMDGPU_VM_PAGE_EXECUTABLE, "EXECUTABLE" },
		{ AMDGPU_VM_PAGE_PRT, "PRT" },
		{ AMDGPU_VM_PAGE_NOALLOC, "NOALLOC" },
		{ AMDGPU_VM_EXPLICIT_SYNC, "EXPLICIT_SYNC" },
	};
	const struct uapi_amdgpu_gem_va *a = kdata;
	const char *op = TABLE_NAME(ops, a->operation);

	if (op)
		tb_printf(b, "op=%s", op);
	else
		tb_printf(b, "op=%u", a->operation);
	tb_printf(b, " flags=");
	tb_flags(b, a->flags, flags, sizeof(flags) / sizeof(flags[0]));
	tb_printf(b, " handle=%u va=0x%llx size=0x%llx", a->handle,
		  (unsigned long long)a->va_address,
		  (unsigned long long)a->map_size);
	if (a->vm_timeline_syncobj_out)
		tb_printf(b, " timeline=%u:%llu", a->vm_timeline_syncobj_out,
			  (unsigned long long)a->vm_timeline_point);
	if (a->num_syncobj_handles) {
		tb_printf(b, " in_fences=");
		tb_u32_array(b, a->input_fence_syncobj_handles,
			     a->num_syncobj_handles);
	}
}

static void wait_cs_args(struct trace_buf *b, const void *kdata)
{
	const union drm_amdgpu_wait_cs *a = kdata;

	tb_printf(b, "ctx=%u ", a->in.ctx_id);
	tb_ip(b, a->in.ip_type);
	tb_printf(b, " seq=%llu", (unsigned long long)a->in.handle);
}

static void wait_cs_out(struct trace_buf *b, const void *in, const void *kdata)
{
	const union drm_amdgpu_wait_cs *a = kdata;

	(void)in;
	tb_printf(b, "busy=%llu", (unsigned long long)a->out.status);
}

static void wait_fences_args(struct trace_buf *b, const void *kdata)
{
	const union drm_amdgpu_wait_fences *a = kdata;

	tb_printf(b, "count=%u wait_all=%u", a->in.fence_count, a->in.wait_all);
}

static void userq_args(struct trace_buf *b, const void *kdata)
{
	const union uapi_amdgpu_userq *a = kdata;

	switch (a->in.op) {
	case UAPI_AMDGPU_USERQ_OP_CREATE:
		tb_printf(b, "op=CREATE ");
		tb_ip(b, a->in.ip_type);
		tb_printf(b,
			  " doorbell=%u:%u flags=0x%x queue_va=0x%llx "
			  "size=0x%llx",
			  a->in.doorbell_handle, a->in.doorbell_offset,
			  a->in.flags, (unsigned long long)a->in.queue_va,
			  (unsigned long long)a->in.queue_size);
		break;
	case UAPI_AMDGPU_USERQ_OP_FREE:
		tb_printf(b, "op=FREE queue=%u", a->in.queue_id);
		break;
	default:
		tb_printf(b, "op=%u", a->in.op);
	}
}

static void userq_out(struct trace_buf *b, const void *in, const void *kdata)
{
	const union uapi_amdgpu_userq *req = in;
	const union uapi_amdgpu_userq *a = kdata;

	if (req->in.op == UAPI_AMDGPU_USERQ_OP_CREATE)
		tb_printf(b, "queue=%u", a->out.queue_id);
}

static void userq_signal_args(struct trace_buf *b, const void *kdata)
{
	const struct uapi_amdgpu_userq_signal *a = kdata;

	tb_printf(b, "queue=%u syncobjs=", a->queue_id);
	tb_u32_array(b, a->syncobj_handles, a->num_syncobj_handles);
	tb_printf(b, " bo_read=%u bo_write=%u", a->num_bo_read_handles,
		  a->num_bo_write_handles);
}

static void userq_wait_args(struct trace_buf *b, const void *kdata)
{
	const struct uapi_amdgpu_userq_wait *a = kdata;

	tb_printf(b, "waitq=%u syncobjs=", a->waitq_id);
	tb_u32_array(b, a->syncobj_handles, a->num_syncobj_handles);
	tb_printf(b, " timeline=");
	tb_points(b, a->syncobj_timeline_handles, a->syncobj_timeline_points,
		  a->num_syncobj_timeline_handles);
	tb_printf(b, " bo_read=%u bo_write=%u num_fences=%u",
		  a->num_bo_read_handles, a->num_bo_write_handles,
		  a->num_fences);
}

static void userq_wait_out(struct trace_buf *b, const void *in,
			   const void *kdata)
{
	const struct uapi_amdgpu_userq_wait *a = kdata;

	(void)in;
	tb_printf(b, "num_fences=%u", a->num_fences);
}

static const struct trace_fmt trace_fmts[] = {
	{ "GET_CAP", get_cap_args, get_cap_out },
	{ "GEM_CLOSE", gem_close_args, NULL },
	{ "SYNCOBJ_CREATE", syncobj_create_args, syncobj_create_out },
	{ "SYNCOBJ_DESTROY", syncobj_destroy_args, NULL },
	{ "SYNCOBJ_WAIT", syncobj_wait_args, syncobj_wait_out },
	{ "SYNCOBJ_TIMELINE_WAIT", syncobj_timeline_wait_args,
	  syncobj_timeline_wait_out },
	{ "SYNCOBJ_RESET", syncobj_array_args, NULL },
	{ "SYNCOBJ_SIGNAL", syncobj_array_args, NULL },
	{ "SYNCOBJ_TIMELINE_SIGNAL", syncobj_timeline_array_args, NULL },
	{ "SYNCOBJ_QUERY", syncobj_query_args, syncobj_query_out },
	{ "SYNCOBJ_TRANSFER", syncobj_transfer_args, NULL },
	{ "AMDGPU_GEM_CREATE", gem_create_args, gem_create_out },
	{ "AMDGPU_GEM_MMAP", gem_mmap_args, gem_mmap_out },
	{ "AMDGPU_CTX", ctx_args, ctx_out },
	{ "AMDGPU_BO_LIST", bo_list_args, bo_list_out },
	{ "AMDGPU_CS", cs_args, cs_out },
	{ "AMDGPU_INFO", info_args, NULL },
	{ "AMDGPU_GEM_VA", gem_va_args, NULL },
	{ "AMDGPU_WAIT_CS", wait_cs_args, wait_cs_out },
	{ "AMDGPU_WAIT_FENCES", wait_fences_args, NULL },
	{ "AMDGPU_USERQ", userq_args, userq_out },
	{ "AMDGPU_USERQ_SIGNAL", userq_signal_args, NULL },
	{ "AMDGPU_USERQ_WAIT", userq_wait_args, userq_wait_out },
};

static const struct trace_fmt *trace_fmt(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(trace_fmts) / sizeof(trace_fmts[0]); i++)
		if (!strcmp(trace_fmts[i].name, name))
			return &trace_fmts[i];
	return NULL;
}

void emu_trace_ioctl(const char *name, const struct emu_fault_count *count,
		     const void *in, const void *out, int ret, bool injected)
{
	const struct trace_fmt *f = trace_fmt(name);
	char line[1024];
	struct trace_buf b = { line, sizeof(line) - 1, 0 };
	const char *err;

	emu_lockdep_assert_held();
	if (count && count->seq)
		tb_printf(&b, "%lu %s#%lu", count->seq, name, count->nth);
	else
		tb_printf(&b, "- %s#-", name);
	if (f && f->args && in) {
		tb_printf(&b, " ");
		f->args(&b, in);
	}
	if (ret >= 0) {
		tb_printf(&b, " = %d", ret);
		if (f && f->out && in && out) {
			size_t mark = b.used;

			tb_printf(&b, " -> ");
			f->out(&b, in, out);
			if (b.used == mark + 4) /* nothing to show */
				b.used = mark;
		}
	} else {
		err = emu_errno_name(-ret);
		if (err)
			tb_printf(&b, " = -1 %s", err);
		else
			tb_printf(&b, " = -1 errno %d", -ret);
		if (injected)
			tb_printf(&b, " (injected)");
	}
	/* The buffer kept one byte for the newline. */
	line[b.used++] = '\n';
	(void)!syscall(SYS_write, emu_dev.ioctl_trace.fd, line, b.used);
}
