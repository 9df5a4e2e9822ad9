// SPDX-License-Identifier: MIT
/*
 * Kernel CS conformance, part 1: contexts (amdgpu_ctx_ioctl) and the
 * validation of DRM_IOCTL_AMDGPU_CS in amdgpu_cs_ioctl's order
 * (amdgpu_cs_parser_init, amdgpu_cs_pass1, amdgpu_cs_pass2,
 * amdgpu_cs_parser_bos). Execution, waits and the job timeout are in
 * test_cs_exec.c, implicit sync in test_cs_sync.c; suite_cs() gathers all.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_helpers.h"

#define BAD_PTR 0x10ull

/* --- contexts (amdgpu_ctx.c) --- */

START_TEST(ctx_ids_lowest_free_from_1)
{
	int fd = conf_open(), fd2 = conf_open();

	/* idr_alloc(1, AMDGPU_VM_MAX_NUM_CTX): per file, lowest free */
	ck_assert_uint_eq(cs_ctx(fd), 1);
	ck_assert_uint_eq(cs_ctx(fd), 2);
	ck_assert_uint_eq(cs_ctx(fd), 3);
	cs_ctx_free(fd, 2);
	ck_assert_uint_eq(cs_ctx(fd), 2);
	ck_assert_uint_eq(cs_ctx(fd2), 1);
	close(fd);
	close(fd2);
}
END_TEST

START_TEST(ctx_free_unknown_einval)
{
	int fd = conf_open();
	uint32_t ctx = cs_ctx(fd);

	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_FREE_CTX, 7, 0, 0, NULL),
			 -EINVAL);
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_FREE_CTX, 0, 0, 0, NULL),
			 -EINVAL);
	cs_ctx_free(fd, ctx);
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_FREE_CTX, ctx, 0, 0, NULL),
			 -EINVAL);
	close(fd);
}
END_TEST

START_TEST(ctx_unknown_op_einval)
{
	int fd = conf_open();

	ck_assert_int_eq(cs_ctx_op(fd, 0, 0, 0, 0, NULL), -EINVAL);
	ck_assert_int_eq(cs_ctx_op(fd, 7, 0, 0, 0, NULL), -EINVAL);
	ck_assert_int_eq(cs_ctx_op(fd, ~0u, 0, 0, 0, NULL), -EINVAL);
	close(fd);
}
END_TEST

START_TEST(ctx_query_unknown_einval)
{
	int fd = conf_open();

	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_QUERY_STATE, 1, 0, 0,
				   NULL),
			 -EINVAL);
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_QUERY_STATE2, 1, 0, 0,
				   NULL),
			 -EINVAL);
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_GET_STABLE_PSTATE, 1, 0, 0,
				   NULL),
			 -EINVAL);
	close(fd);
}
END_TEST

START_TEST(ctx_query_fresh_context)
{
	int fd = conf_open();
	uint32_t ctx = cs_ctx(fd);
	union drm_amdgpu_ctx out;

	ck_assert_int_eq(
		cs_ctx_op(fd, AMDGPU_CTX_OP_QUERY_STATE, ctx, 0, 0, &out), 0);
	ck_assert_uint_eq(out.out.state.flags, 0);
	ck_assert_uint_eq(out.out.state.hangs, 0);
	ck_assert_uint_eq(out.out.state.reset_status, AMDGPU_CTX_NO_RESET);
	ck_assert_int_eq(
		cs_ctx_op(fd, AMDGPU_CTX_OP_QUERY_STATE2, ctx, 0, 0, &out), 0);
	ck_assert_uint_eq(out.out.state.flags, 0);
	close(fd);
}
END_TEST

/* "For backwards compatibility reasons, we need to accept ioctls with
 * garbage in the priority field" */
START_TEST(ctx_priority_garbage_is_normal)
{
	int fd = conf_open();
	union drm_amdgpu_ctx out;

	ck_assert_int_eq(
		cs_ctx_op(fd, AMDGPU_CTX_OP_ALLOC_CTX, 0, 0, 12345, &out), 0);
	ck_assert_uint_eq(out.out.alloc.ctx_id, 1);
	ck_assert_int_eq(
		cs_ctx_op(fd, AMDGPU_CTX_OP_ALLOC_CTX, 0, 0, -5000, &out), 0);
	close(fd);
}
END_TEST

START_TEST(ctx_priority_high_privileged)
{
	int fd = conf_open();
	union drm_amdgpu_ctx out;

	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_ALLOC_CTX, 0, 0,
				   AMDGPU_CTX_PRIORITY_HIGH, &out),
			 0);
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_ALLOC_CTX, 0, 0,
				   AMDGPU_CTX_PRIORITY_VERY_HIGH, &out),
			 0);
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_ALLOC_CTX, 0, 0,
				   AMDGPU_CTX_PRIORITY_VERY_LOW, &out),
			 0);
	close(fd);
}
END_TEST

/* amdgpu_ctx_priority_permit: above NORMAL needs CAP_SYS_NICE (or DRM
 * master, which a render node never is); the id allocated first is given
 * back */
START_TEST(ctx_priority_high_unprivileged_eacces)
{
	union drm_amdgpu_ctx out;
	int fd;

	if (!conf_in_rerun()) {
		static const char *const env[] = { "USERQ_EMU_UNPRIVILEGED=1",
						   NULL };

		conf_rerun_must_pass("cs", "ctx_unpriv", env);
		return;
	}
	fd = conf_open();
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_ALLOC_CTX, 0, 0,
				   AMDGPU_CTX_PRIORITY_HIGH, &out),
			 -EACCES);
	ck_assert_uint_eq(out.out.alloc.ctx_id, 0);
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_ALLOC_CTX, 0, 0,
				   AMDGPU_CTX_PRIORITY_VERY_HIGH, &out),
			 -EACCES);
	/* NORMAL and below for everyone; garbage is NORMAL */
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_ALLOC_CTX, 0, 0,
				   AMDGPU_CTX_PRIORITY_NORMAL, &out),
			 0);
	ck_assert_uint_eq(out.out.alloc.ctx_id, 1);
	ck_assert_int_eq(
		cs_ctx_op(fd, AMDGPU_CTX_OP_ALLOC_CTX, 0, 0, 777, &out), 0);
	ck_assert_uint_eq(out.out.alloc.ctx_id, 2);
	close(fd);
	conf_rerun_ok();
}
END_TEST

/* amdgpu_ctx_stable_pstate: one context at a time forces a level */
START_TEST(ctx_stable_pstate)
{
	int fd = conf_open();
	uint32_t a = cs_ctx(fd), b = cs_ctx(fd);
	union drm_amdgpu_ctx out;

	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_GET_STABLE_PSTATE, a, 0, 0,
				   &out),
			 0);
	ck_assert_uint_eq(out.out.pstate.flags, AMDGPU_CTX_STABLE_PSTATE_NONE);
	/* flags on GET, unknown bits or a level above PEAK on SET */
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_GET_STABLE_PSTATE, a, 1, 0,
				   NULL),
			 -EINVAL);
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_SET_STABLE_PSTATE, a, 0x10,
				   0, NULL),
			 -EINVAL);
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_SET_STABLE_PSTATE, a, 5, 0,
				   NULL),
			 -EINVAL);
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_SET_STABLE_PSTATE, a,
				   AMDGPU_CTX_STABLE_PSTATE_PEAK, 0, NULL),
			 0);
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_GET_STABLE_PSTATE, b, 0, 0,
				   &out),
			 0);
	ck_assert_uint_eq(out.out.pstate.flags, AMDGPU_CTX_STABLE_PSTATE_PEAK);
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_SET_STABLE_PSTATE, b,
				   AMDGPU_CTX_STABLE_PSTATE_STANDARD, 0, NULL),
			 -EBUSY);
	/* amdgpu_ctx_fini puts back the level the device had at creation */
	cs_ctx_free(fd, a);
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_GET_STABLE_PSTATE, b, 0, 0,
				   &out),
			 0);
	ck_assert_uint_eq(out.out.pstate.flags, AMDGPU_CTX_STABLE_PSTATE_NONE);
	ck_assert_int_eq(cs_ctx_op(fd, AMDGPU_CTX_OP_SET_STABLE_PSTATE, b,
				   AMDGPU_CTX_STABLE_PSTATE_STANDARD, 0, NULL),
			 0);
	close(fd);
}
END_TEST

/* USERQ_EMU_REPORT "ctxs": the contexts the file still held at close */
START_TEST(audit_ctxs)
{
	char buf[4096] = "", path[64];
	const char *report;
	FILE *f;
	size_t n;
	int fd;

	snprintf(path, sizeof(path), "/tmp/uq-cs-audit-%ld.json",
		 (long)getpid());
	if (!conf_in_rerun()) {
		char var[sizeof(path) + 20];
		const char *env[] = { var, NULL };

		snprintf(var, sizeof(var), "USERQ_EMU_REPORT=%s", path);
		conf_rerun_must_pass("cs", "audit_ctxs", env);
		unlink(path); /* the child's exit wrote it once more */
		return;
	}
	report = getenv("USERQ_EMU_REPORT");
	fd = conf_open();
	cs_ctx(fd);
	cs_ctx(fd);
	cs_ctx_free(fd, cs_ctx(fd));
	cs_ctx(fd);
	close(fd);
	f = fopen(report, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	ck_assert_msg(strstr(buf, "\"ctxs\": 3") != NULL, "report: %s", buf);
	conf_rerun_ok();
}
END_TEST

/* --- BO lists (amdgpu_bo_list_ioctl) --- */

START_TEST(bo_list_ops)
{
	int fd = conf_open();
	uint32_t a = conf_bo(fd, CS_PAGE), b = conf_bo(fd, CS_PAGE), h;
	struct drm_amdgpu_bo_list_entry e[2] = { { a, 0 }, { b, 40 } };
	uint32_t wide[8] = { a, 1, 0xdead, 0xbeef, b, 2, 0xdead, 0xbeef };

	/* handles from 1, lowest free first */
	ck_assert_int_eq(
		cs_bo_list_op(fd, AMDGPU_BO_LIST_OP_CREATE, 0, e, 2, 8, &h), 0);
	ck_assert_uint_eq(h, 1);
	ck_assert_int_eq(
		cs_bo_list_op(fd, AMDGPU_BO_LIST_OP_CREATE, 0, e, 1, 8, &h), 0);
	ck_assert_uint_eq(h, 2);
	ck_assert_int_eq(cs_bo_list_op(fd, AMDGPU_BO_LIST_OP_DESTROY, 1, NULL,
				       0, 8, &h),
			 0);
	ck_assert_uint_eq(h, 0);
	ck_assert_int_eq(
		cs_bo_list_op(fd, AMDGPU_BO_LIST_OP_CREATE, 0, e, 2, 8, &h), 0);
	ck_assert_uint_eq(h, 1);
	/* UPDATE replaces a list; an unknown one is -ENOENT, an unknown
	 * DESTROY is no error */
	ck_assert_int_eq(cs_bo_list_op(fd, AMDGPU_BO_LIST_OP_UPDATE, 2, e + 1,
				       1, 8, &h),
			 0);
	ck_assert_uint_eq(h, 2);
	ck_assert_int_eq(cs_bo_list_op(fd, AMDGPU_BO_LIST_OP_UPDATE, 9, e, 1, 8,
				       NULL),
			 -ENOENT);
	ck_assert_int_eq(cs_bo_list_op(fd, AMDGPU_BO_LIST_OP_DESTROY, 9, NULL,
				       0, 8, NULL),
			 0);
	ck_assert_int_eq(cs_bo_list_op(fd, 3, 0, e, 1, 8, NULL), -EINVAL);
	/* the entries are read for every operation first */
	ck_assert_int_eq(cs_bo_list_op(fd, 3, 0, (void *)BAD_PTR, 1, 8, NULL),
			 -EFAULT);
	ck_assert_int_eq(cs_bo_list_op(fd, AMDGPU_BO_LIST_OP_DESTROY, 1,
				       (void *)BAD_PTR, 1, 8, NULL),
			 -EFAULT);
	e[1].bo_handle = 77;
	ck_assert_int_eq(cs_bo_list_op(fd, AMDGPU_BO_LIST_OP_CREATE, 0, e, 2, 8,
				       NULL),
			 -ENOENT);
	/* other entry sizes: the first min(size, 8) bytes of each */
	ck_assert_int_eq(cs_bo_list_op(fd, AMDGPU_BO_LIST_OP_CREATE, 0, wide, 2,
				       16, &h),
			 0);
	ck_assert_int_eq(cs_bo_list_op(fd, AMDGPU_BO_LIST_OP_CREATE, 0, wide, 1,
				       4, &h),
			 0);
	ck_assert_int_eq(cs_bo_list_op(fd, AMDGPU_BO_LIST_OP_CREATE, 0, wide, 2,
				       0, NULL),
			 -ENOENT);
	close(fd);
}
END_TEST

/* "drm/amdgpu: limit the number of BO list entries" (profile flag) */
START_TEST(bo_list_entry_limit)
{
	int fd = conf_open();

	ck_assert_int_eq(cs_bo_list_op(fd, AMDGPU_BO_LIST_OP_CREATE, 0,
				       (void *)BAD_PTR, 128 * 1024 + 1, 8,
				       NULL),
			 conf_flags()->bo_list_entry_limit ? -EINVAL : -EFAULT);
	ck_assert_int_eq(cs_bo_list_op(fd, AMDGPU_BO_LIST_OP_CREATE, 0,
				       (void *)BAD_PTR, 128 * 1024, 8, NULL),
			 -EFAULT);
	close(fd);
}
END_TEST

/* --- CS validation --- */

static uint64_t ib_va_dummy(void)
{
	return 0x100000;
}

START_TEST(cs_no_chunks_einval)
{
	int fd = conf_open();
	union drm_amdgpu_cs cs;

	/* amdgpu_cs_parser_init: before the context lookup */
	memset(&cs, 0, sizeof(cs));
	cs.in.ctx_id = 99;
	cs.in.chunks = BAD_PTR;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_AMDGPU_CS, &cs), -EINVAL);
	close(fd);
}
END_TEST

START_TEST(cs_unknown_ctx_einval)
{
	int fd = conf_open();
	union drm_amdgpu_cs cs;

	memset(&cs, 0, sizeof(cs));
	cs.in.ctx_id = 1;
	cs.in.num_chunks = 1;
	cs.in.chunks = BAD_PTR; /* not read before the context lookup */
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_AMDGPU_CS, &cs), -EINVAL);
	close(fd);
}
END_TEST

START_TEST(cs_chunk_copies_efault)
{
	int fd = conf_open();
	uint32_t ctx = cs_ctx(fd);
	struct drm_amdgpu_cs_chunk chunk;
	uint64_t ptr;
	union drm_amdgpu_cs cs;

	memset(&cs, 0, sizeof(cs));
	cs.in.ctx_id = ctx;
	cs.in.num_chunks = 1;
	/* the chunk pointer array */
	cs.in.chunks = BAD_PTR;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_AMDGPU_CS, &cs), -EFAULT);
	/* a chunk descriptor */
	ptr = BAD_PTR;
	cs.in.chunks = (uintptr_t)&ptr;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_AMDGPU_CS, &cs), -EFAULT);
	/* a chunk's data, before its id is looked at */
	memset(&chunk, 0, sizeof(chunk));
	chunk.chunk_id = 0x77;
	chunk.length_dw = 4;
	chunk.chunk_data = BAD_PTR;
	ptr = (uintptr_t)&chunk;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_AMDGPU_CS, &cs), -EFAULT);
	/* an empty chunk reads nothing */
	chunk.length_dw = 0;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_AMDGPU_CS, &cs), -EINVAL);
	close(fd);
}
END_TEST

START_TEST(cs_unknown_chunk_einval)
{
	int fd = conf_open();
	struct cs_req req;
	uint32_t data[8] = { 0 };

	cs_req_init(&req, cs_ctx(fd));
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 16, 0);
	cs_req_chunk(&req, 0x0b, data, 8);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	cs_req_init(&req, req.ctx);
	cs_req_chunk(&req, 0, data, 8);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 16, 0);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	close(fd);
}
END_TEST

START_TEST(cs_chunk_sizes_einval)
{
	int fd = conf_open();
	uint32_t ctx = cs_ctx(fd), handle = conf_bo(fd, CS_PAGE);
	struct drm_amdgpu_cs_chunk_ib ib;
	struct drm_amdgpu_cs_chunk_fence fence = { .handle = handle };
	struct drm_amdgpu_bo_list_in bos;
	struct cs_req req;

	memset(&ib, 0, sizeof(ib));
	memset(&bos, 0, sizeof(bos));
	bos.bo_info_size = 8;
	/* IB chunk shorter than drm_amdgpu_cs_chunk_ib */
	cs_req_init(&req, ctx);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_IB, &ib, sizeof(ib) / 4 - 1);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	/* FENCE chunk shorter than drm_amdgpu_cs_chunk_fence */
	cs_req_init(&req, ctx);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 16, 0);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_FENCE, &fence, 1);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	/* BO_HANDLES shorter than drm_amdgpu_bo_list_in */
	cs_req_init(&req, ctx);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 16, 0);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_BO_HANDLES, &bos, 5);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	close(fd);
}
END_TEST

/* Only dependency and syncobj chunks, no IB: gang_size 0 */
START_TEST(cs_no_ib_einval)
{
	int fd = conf_open();
	struct cs_req req;
	uint32_t none = 0;

	cs_req_init(&req, cs_ctx(fd));
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_SYNCOBJ_IN, &none, 0);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	close(fd);
}
END_TEST

static int submit_one_ib(int fd, uint32_t ctx, uint32_t ip, uint32_t inst,
			 uint32_t ring)
{
	struct cs_req req;

	cs_req_init(&req, ctx);
	cs_req_ib(&req, ip, ring, ib_va_dummy(), 0, 0);
	req.ibs[0].ip_instance = inst;
	return cs_req_submit(fd, &req, NULL);
}

/* amdgpu_ctx_get_entity and amdgpu_cs_job_idx */
START_TEST(cs_ib_entity_einval)
{
	int fd = conf_open();
	uint32_t ctx = cs_ctx(fd);

	/* unknown IP, instance other than 0, ring beyond the entities */
	ck_assert_int_eq(submit_one_ib(fd, ctx, 10, 0, 0), -EINVAL);
	ck_assert_int_eq(submit_one_ib(fd, ctx, ~0u, 0, 0), -EINVAL);
	ck_assert_int_eq(submit_one_ib(fd, ctx, AMDGPU_HW_IP_GFX, 1, 0),
			 -EINVAL);
	ck_assert_int_eq(submit_one_ib(fd, ctx, AMDGPU_HW_IP_GFX, 0, 1),
			 -EINVAL);
	ck_assert_int_eq(submit_one_ib(fd, ctx, AMDGPU_HW_IP_COMPUTE, 0, 4),
			 -EINVAL);
	/* no run queue: IPs Navi 31 lacks, VCN decode (unified ring) */
	ck_assert_int_eq(submit_one_ib(fd, ctx, AMDGPU_HW_IP_UVD, 0, 0),
			 -EINVAL);
	ck_assert_int_eq(submit_one_ib(fd, ctx, AMDGPU_HW_IP_VCE, 0, 0),
			 -EINVAL);
	ck_assert_int_eq(submit_one_ib(fd, ctx, AMDGPU_HW_IP_VCN_DEC, 0, 0),
			 -EINVAL);
	ck_assert_int_eq(submit_one_ib(fd, ctx, 9 /* VPE */, 0, 0), -EINVAL);
	/* the valid ones (an empty IB runs as nothing) */
	ck_assert_int_eq(submit_one_ib(fd, ctx, AMDGPU_HW_IP_GFX, 0, 0), 0);
	ck_assert_int_eq(submit_one_ib(fd, ctx, AMDGPU_HW_IP_COMPUTE, 0, 3), 0);
	close(fd);
}
END_TEST

/* Emulator rule: SDMA, VCN encode and JPEG rings exist, but their IBs are
 * not PM4 and are refused loudly instead of being faked. */
START_TEST(cs_ib_not_emulated_einval)
{
	int fd = conf_open();
	uint32_t ctx = cs_ctx(fd);

	ck_assert_int_eq(submit_one_ib(fd, ctx, AMDGPU_HW_IP_DMA, 0, 1),
			 -EINVAL);
	ck_assert_int_eq(submit_one_ib(fd, ctx, AMDGPU_HW_IP_VCN_ENC, 0, 0),
			 -EINVAL);
	ck_assert_int_eq(submit_one_ib(fd, ctx, AMDGPU_HW_IP_VCN_JPEG, 0, 0),
			 -EINVAL);
	close(fd);
}
END_TEST

/* amdgpu_ring_max_ibs: 192 on GFX, 125 on COMPUTE per job */
START_TEST(cs_max_ibs)
{
	int fd = conf_open();
	uint32_t ctx = cs_ctx(fd);
	static struct drm_amdgpu_cs_chunk chunks[200];
	static struct drm_amdgpu_cs_chunk_ib ibs[200];
	static uint64_t ptrs[200];
	union drm_amdgpu_cs cs;
	unsigned int i;

	for (i = 0; i < 200; i++) {
		ibs[i].ip_type = AMDGPU_HW_IP_GFX;
		chunks[i].chunk_id = AMDGPU_CHUNK_ID_IB;
		chunks[i].length_dw = sizeof(ibs[i]) / 4;
		chunks[i].chunk_data = (uintptr_t)&ibs[i];
		ptrs[i] = (uintptr_t)&chunks[i];
	}
	memset(&cs, 0, sizeof(cs));
	cs.in.ctx_id = ctx;
	cs.in.chunks = (uintptr_t)ptrs;
	cs.in.num_chunks = 193;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_AMDGPU_CS, &cs), -EINVAL);
	cs.in.num_chunks = 192;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_AMDGPU_CS, &cs), 0);
	for (i = 0; i < 200; i++)
		ibs[i].ip_type = AMDGPU_HW_IP_COMPUTE;
	cs.in.ctx_id = ctx;
	cs.in.num_chunks = 126;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_AMDGPU_CS, &cs), -EINVAL);
	cs.in.num_chunks = 125;
	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_AMDGPU_CS, &cs), 0);
	close(fd);
}
END_TEST

/* AMDGPU_CS_GANG_SIZE: at most 4 distinct entities per CS */
START_TEST(cs_gang_size)
{
	int fd = conf_open();
	uint32_t ctx = cs_ctx(fd);
	struct cs_req req;
	uint64_t seq;
	unsigned int r;

	cs_req_init(&req, ctx);
	for (r = 0; r < 4; r++)
		cs_req_ib(&req, AMDGPU_HW_IP_COMPUTE, r, ib_va_dummy(), 0, 0);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0, 0);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	/* four, the same entity twice: fine; the last IB's entity leads and
	 * its sequence number is returned */
	cs_req_init(&req, ctx);
	cs_req_ib(&req, AMDGPU_HW_IP_COMPUTE, 1, ib_va_dummy(), 0, 0);
	cs_req_ib(&req, AMDGPU_HW_IP_COMPUTE, 2, ib_va_dummy(), 0, 0);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0, 0);
	cs_req_ib(&req, AMDGPU_HW_IP_COMPUTE, 1, ib_va_dummy(), 0, 0);
	ck_assert_int_eq(cs_req_submit(fd, &req, &seq), 0);
	ck_assert_uint_eq(seq, 1);
	ck_assert_int_eq(cs_wait_done(fd, ctx, AMDGPU_HW_IP_COMPUTE, 1, 1), 0);
	/* the other members' entities got no handle */
	ck_assert_int_eq(cs_wait(fd, ctx, AMDGPU_HW_IP_GFX, 0, 1, 0, NULL),
			 -EINVAL);
	close(fd);
}
END_TEST

/* amdgpu_cs_p2_ib: one preemptible DE (and one CE) IB per GFX submit */
START_TEST(cs_preempt_einval)
{
	int fd = conf_open();
	uint32_t ctx = cs_ctx(fd);
	struct cs_req req;

	cs_req_init(&req, ctx);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0,
		  AMDGPU_IB_FLAG_PREEMPT);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0,
		  AMDGPU_IB_FLAG_PREEMPT);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	cs_req_init(&req, ctx);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0,
		  AMDGPU_IB_FLAG_PREEMPT);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0,
		  AMDGPU_IB_FLAG_PREEMPT | AMDGPU_IB_FLAG_CE);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), 0);
	/* not counted on compute */
	cs_req_init(&req, ctx);
	cs_req_ib(&req, AMDGPU_HW_IP_COMPUTE, 0, ib_va_dummy(), 0,
		  AMDGPU_IB_FLAG_PREEMPT);
	cs_req_ib(&req, AMDGPU_HW_IP_COMPUTE, 0, ib_va_dummy(), 0,
		  AMDGPU_IB_FLAG_PREEMPT);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), 0);
	close(fd);
}
END_TEST

/* amdgpu_cs_p1_user_fence */
START_TEST(cs_user_fence_chunk)
{
	int fd = conf_open();
	uint32_t ctx = cs_ctx(fd), big = conf_bo(fd, 2 * CS_PAGE);
	uint32_t page = conf_bo(fd, CS_PAGE);
	struct drm_amdgpu_cs_chunk_fence fence;
	struct cs_req req;

	cs_req_init(&req, ctx);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0, 0);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_FENCE, &fence, sizeof(fence) / 4);
	/* unknown handle */
	fence.handle = 99;
	fence.offset = 0;
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	/* not exactly one page */
	fence.handle = big;
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	/* the 8 bytes must fit */
	fence.handle = page;
	fence.offset = CS_PAGE - 4;
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	fence.offset = CS_PAGE - 8;
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), 0);
	close(fd);
}
END_TEST

START_TEST(cs_bo_handles)
{
	int fd = conf_open();
	uint32_t ctx = cs_ctx(fd), bo = conf_bo(fd, CS_PAGE), bad = 42;
	struct cs_req req;

	/* amdgpu_bo_list_create: an unknown BO */
	cs_req_init(&req, ctx);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0, 0);
	cs_req_bos(&req, &bad, 1);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -ENOENT);
	/* an unreadable entry array */
	req.bo_in.bo_info_ptr = BAD_PTR;
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EFAULT);
	cs_req_init(&req, ctx);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0, 0);
	cs_req_bos(&req, &bo, 1);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), 0);
	/* amdgpu_cs_parser_bos: a list handle besides the chunk */
	req.bo_list = 5;
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	/* an unknown list handle */
	cs_req_init(&req, ctx);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0, 0);
	req.bo_list = 5;
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -ENOENT);
	close(fd);
}
END_TEST

/* drm_syncobj_find_fence errors pass through; an unknown out syncobj is
 * -EINVAL; one out chunk per CS */
START_TEST(cs_syncobj_chunks)
{
	int fd = conf_open();
	uint32_t ctx = cs_ctx(fd), empty = conf_syncobj(fd, 0);
	uint32_t sig = conf_syncobj(fd, DRM_SYNCOBJ_CREATE_SIGNALED), bad = 77;
	struct drm_amdgpu_cs_chunk_syncobj tl = { .handle = bad, .point = 3 };
	struct cs_req req;

	cs_req_init(&req, ctx);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0, 0);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_SYNCOBJ_IN, &bad, 1);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -ENOENT);
	req.chunks[1].chunk_data = (uintptr_t)&empty;
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	req.chunks[1].chunk_data = (uintptr_t)&sig;
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), 0);

	cs_req_init(&req, ctx);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0, 0);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_SYNCOBJ_OUT, &bad, 1);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	req.chunks[1].chunk_data = (uintptr_t)&empty;
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), 0);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_SIGNAL, &tl, 4);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);

	cs_req_init(&req, ctx);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0, 0);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_SIGNAL, &tl, 4);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	tl.handle = empty;
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), 0);
	/* TIMELINE_WAIT on a point never submitted: -EINVAL without
	 * WAIT_FOR_SUBMIT */
	cs_req_init(&req, ctx);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0, 0);
	tl.point = 9;
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_SYNCOBJ_TIMELINE_WAIT, &tl, 4);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	close(fd);
}
END_TEST

/* amdgpu_cs_p2_dependencies: unknown context, entity errors, a handle not
 * submitted yet */
START_TEST(cs_dependencies_chunk)
{
	int fd = conf_open();
	uint32_t ctx = cs_ctx(fd);
	struct drm_amdgpu_cs_chunk_dep dep;
	struct cs_req req;

	memset(&dep, 0, sizeof(dep));
	cs_req_init(&req, ctx);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0, 0);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_DEPENDENCIES, &dep, sizeof(dep) / 4);
	dep.ctx_id = 9;
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	dep.ctx_id = ctx;
	dep.ring = 3;
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	dep.ring = 0;
	dep.handle = 5;
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	/* handle 1 is the CS before (the one submitted just now failed) */
	dep.handle = 0;
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), 0);
	dep.handle = 1;
	req.chunks[1].chunk_id = AMDGPU_CHUNK_ID_SCHEDULED_DEPENDENCIES;
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), 0);
	close(fd);
}
END_TEST

START_TEST(cs_cp_gfx_shadow_flags)
{
	int fd = conf_open();
	uint64_t shadow[4] = { 0, 0, 0, 2 };
	struct cs_req req;

	cs_req_init(&req, cs_ctx(fd));
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0, 0);
	cs_req_chunk(&req, 0x0a /* CP_GFX_SHADOW */, shadow, 8);
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), -EINVAL);
	shadow[3] = 1; /* INIT_SHADOW */
	ck_assert_int_eq(cs_req_submit(fd, &req, NULL), 0);
	close(fd);
}
END_TEST

/* The returned handle counts per context and entity from 1
 * (amdgpu_ctx_add_fence). */
START_TEST(cs_seqno_per_entity)
{
	int fd = conf_open();
	uint32_t a = cs_ctx(fd), b = cs_ctx(fd);
	struct cs_req req;
	uint64_t seq;

	cs_req_init(&req, a);
	cs_req_ib(&req, AMDGPU_HW_IP_GFX, 0, ib_va_dummy(), 0, 0);
	ck_assert_int_eq(cs_req_submit(fd, &req, &seq), 0);
	ck_assert_uint_eq(seq, 1);
	ck_assert_int_eq(cs_req_submit(fd, &req, &seq), 0);
	ck_assert_uint_eq(seq, 2);
	req.ibs[0].ip_type = AMDGPU_HW_IP_COMPUTE;
	ck_assert_int_eq(cs_req_submit(fd, &req, &seq), 0);
	ck_assert_uint_eq(seq, 1);
	req.ibs[0].ring = 2;
	ck_assert_int_eq(cs_req_submit(fd, &req, &seq), 0);
	ck_assert_uint_eq(seq, 1);
	req.ctx = b;
	req.ibs[0].ip_type = AMDGPU_HW_IP_GFX;
	req.ibs[0].ring = 0;
	ck_assert_int_eq(cs_req_submit(fd, &req, &seq), 0);
	ck_assert_uint_eq(seq, 1);
	/* a failed CS takes no number */
	req.ibs[0].ring = 1;
	ck_assert_int_eq(cs_req_submit(fd, &req, &seq), -EINVAL);
	req.ibs[0].ring = 0;
	ck_assert_int_eq(cs_req_submit(fd, &req, &seq), 0);
	ck_assert_uint_eq(seq, 2);
	close(fd);
}
END_TEST

Suite *suite_cs(void)
{
	Suite *s = suite_create("cs");
	TCase *tc = tcase_create("ctx");

	conf_add_test(tc, ctx_ids_lowest_free_from_1);
	conf_add_test(tc, ctx_free_unknown_einval);
	conf_add_test(tc, ctx_unknown_op_einval);
	conf_add_test(tc, ctx_query_unknown_einval);
	conf_add_test(tc, ctx_query_fresh_context);
	conf_add_test(tc, ctx_priority_garbage_is_normal);
	conf_add_test(tc, ctx_priority_high_privileged);
	conf_add_test(tc, ctx_stable_pstate);
	suite_add_tcase(s, tc);

	/* each in a case of its own: the child runs only that case */
	tc = tcase_create("ctx_unpriv");
	conf_add_test(tc, ctx_priority_high_unprivileged_eacces);
	suite_add_tcase(s, tc);
	tc = tcase_create("audit_ctxs");
	conf_add_test(tc, audit_ctxs);
	suite_add_tcase(s, tc);

	tc = tcase_create("bo_list");
	conf_add_test(tc, bo_list_ops);
	conf_add_test(tc, bo_list_entry_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("cs_validation");
	tcase_set_timeout(tc, 60);
	conf_add_test(tc, cs_no_chunks_einval);
	conf_add_test(tc, cs_unknown_ctx_einval);
	conf_add_test(tc, cs_chunk_copies_efault);
	conf_add_test(tc, cs_unknown_chunk_einval);
	conf_add_test(tc, cs_chunk_sizes_einval);
	conf_add_test(tc, cs_no_ib_einval);
	conf_add_test(tc, cs_ib_entity_einval);
	conf_add_test(tc, cs_ib_not_emulated_einval);
	conf_add_test(tc, cs_max_ibs);
	conf_add_test(tc, cs_gang_size);
	conf_add_test(tc, cs_preempt_einval);
	conf_add_test(tc, cs_user_fence_chunk);
	conf_add_test(tc, cs_bo_handles);
	conf_add_test(tc, cs_syncobj_chunks);
	conf_add_test(tc, cs_dependencies_chunk);
	conf_add_test(tc, cs_cp_gfx_shadow_flags);
	conf_add_test(tc, cs_seqno_per_entity);
	suite_add_tcase(s, tc);

	cs_add_exec_tests(s);
	cs_add_sync_tests(s);
	cs_add_packet_tests(s);
	return s;
}
