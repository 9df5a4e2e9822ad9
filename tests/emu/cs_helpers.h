/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the kernel CS conformance tests (test_cs*.c): contexts, CS
 * requests built chunk by chunk, WAIT_CS, BOs mapped in the VM, and PM4
 * encoders of their own (Mesa sid.h / the kernel's nvd.h encodings).
 */
#ifndef UQ_TESTS_CS_HELPERS_H
#define UQ_TESTS_CS_HELPERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "conformance.h"

#define CS_PAGE 4096ull
/* A deadline that only a hang reaches (absolute, from now). */
#define CS_LONG_NS (30ll * 1000000000)
/* now + CS_LONG_NS: the absolute deadline of a wait that must not time out */
int64_t cs_far_deadline(void);
/* WAIT_CS / SYNCOBJ timeouts meaning "just look" */
#define CS_LOOK 0

/* --- contexts --- */
int cs_ctx_op(int fd, uint32_t op, uint32_t ctx_id, uint32_t flags,
	      int32_t priority, union drm_amdgpu_ctx *out);
/* a NORMAL priority context that must be created */
uint32_t cs_ctx(int fd);
void cs_ctx_free(int fd, uint32_t ctx);

/* --- BOs in the VM --- */
struct cs_bo {
	uint32_t handle;
	uint64_t va; /* 0: not mapped */
	uint64_t size;
	void *cpu;
};

/* GEM_VA: 0 or -errno (64-byte struct). */
int cs_gem_va(int fd, uint32_t handle, uint32_t op, uint32_t flags, uint64_t va,
	      uint64_t size, uint32_t syncobj, uint64_t point);
/* A GTT BO, CPU-mapped, mapped RW|EXEC (plus va_flags) at va unless 0. */
void cs_bo_new(int fd, uint64_t size, uint64_t va, uint32_t va_flags,
	       struct cs_bo *bo);
void cs_bo_unmap_cpu(struct cs_bo *bo);

/* --- CS requests --- */
#define CS_MAX_CHUNKS 16
struct cs_req {
	uint32_t ctx;
	uint32_t bo_list;
	uint32_t n;
	struct drm_amdgpu_cs_chunk chunks[CS_MAX_CHUNKS];
	uint64_t ptrs[CS_MAX_CHUNKS];
	/* storage for chunk_ib() and chunk_bos() */
	struct drm_amdgpu_cs_chunk_ib ibs[CS_MAX_CHUNKS];
	struct drm_amdgpu_bo_list_in bo_in;
	struct drm_amdgpu_bo_list_entry bos[8];
};

void cs_req_init(struct cs_req *req, uint32_t ctx);
/* data must live until the submission */
void cs_req_chunk(struct cs_req *req, uint32_t id, const void *data,
		  uint32_t length_dw);
void cs_req_ib(struct cs_req *req, uint32_t ip, uint32_t ring, uint64_t va,
	       uint32_t bytes, uint32_t flags);
void cs_req_bos(struct cs_req *req, const uint32_t *handles, unsigned int n);
int cs_req_submit(int fd, struct cs_req *req, uint64_t *seq);

/* WAIT_CS: 0 with *busy set, or -errno. timeout_abs is absolute. */
int cs_wait(int fd, uint32_t ctx, uint32_t ip, uint32_t ring, uint64_t handle,
	    uint64_t timeout_abs, uint64_t *busy);
/* WAIT_CS with a generous deadline: the return value (0 done, -errno). */
int cs_wait_done(int fd, uint32_t ctx, uint32_t ip, uint32_t ring,
		 uint64_t handle);
/* WAIT_CS without waiting: true while the job has not finished. */
bool cs_busy(int fd, uint32_t ctx, uint32_t ip, uint32_t ring, uint64_t handle);
/*
 * WAIT_CS with a deadline a little ahead (CS_SETTLE_NS): true if the job
 * has still not finished then. For "must not finish yet" checks: a job
 * that is truly blocked never finishes, so this cannot fail spuriously,
 * while a job that wrongly runs gets the time to finish.
 */
#define CS_SETTLE_NS (20ll * 1000000)
bool cs_still_busy(int fd, uint32_t ctx, uint32_t ip, uint32_t ring,
		   uint64_t handle);

/* --- BO lists --- */
/* DRM_IOCTL_AMDGPU_BO_LIST: 0 or -errno, *out the list handle. */
int cs_bo_list_op(int fd, uint32_t op, uint32_t handle, const void *entries,
		  uint32_t n, uint32_t info_size, uint32_t *out);

/* --- syncobjs --- */
int cs_syncobj_wait(int fd, uint32_t handle, uint64_t point, int64_t deadline);
uint64_t cs_syncobj_query(int fd, uint32_t handle);

/* --- PM4 --- */
#define PM4_NOP 0x10u
#define PM4_WRITE_DATA 0x37u
#define PM4_WAIT_REG_MEM 0x3cu
#define PM4_EVENT_WRITE_EOP 0x47u
#define PM4_RELEASE_MEM 0x49u
#define PM4_INDIRECT_BUFFER 0x3fu
#define PM4_DMA_DATA 0x50u
#define PM4_COPY_DATA 0x40u
#define PM4_COND_EXEC 0x22u

enum { FUNC_ALWAYS, FUNC_LT, FUNC_LE, FUNC_EQ, FUNC_NE, FUNC_GE, FUNC_GT };

uint32_t pm4_hdr(uint32_t opcode, uint32_t body_dw);
/* one NOP of n dwords (n == 1: the header-only form) */
size_t pm4_nop(uint32_t *dw, size_t n);
size_t pm4_write_data(uint32_t *dw, uint32_t dst_sel, bool one_addr,
		      uint64_t va, const uint32_t *data, size_t n);
size_t pm4_wait_reg_mem(uint32_t *dw, uint32_t func, uint32_t mem_space,
			uint64_t va, uint32_t ref, uint32_t mask);
size_t pm4_release_mem(uint32_t *dw, uint32_t data_sel, uint64_t va,
		       uint64_t data);
size_t pm4_event_write_eop(uint32_t *dw, uint32_t data_sel, uint64_t va,
			   uint64_t data);
/* INDIRECT_BUFFER to size_dw dwords at va: a call, or a chain */
size_t pm4_indirect_buffer(uint32_t *dw, uint64_t va, uint32_t size_dw,
			   bool chain);
/* DMA_DATA (gfx9+ form): CONTROL ctl, src (or the DATA dword), dst,
 * COMMAND cmd (BYTE_COUNT in bits 25:0) */
size_t pm4_dma_data(uint32_t *dw, uint32_t ctl, uint64_t src, uint64_t dst,
		    uint32_t cmd);
/* COPY_DATA: CONTROL ctl, src (or the immediate), dst */
size_t pm4_copy_data(uint32_t *dw, uint32_t ctl, uint64_t src, uint64_t dst);
/* COND_EXEC (gfx9+ form): discard the next exec_count dwords when the
 * dword at va is 0 */
size_t pm4_cond_exec(uint32_t *dw, uint64_t va, uint32_t exec_count);

/* --- a rig: one file, a context, an IB BO and a data BO in the VM --- */
#define RIG_IB_VA 0x100000ull
#define RIG_DATA_VA 0x200000ull
#define RIG_SIZE (64 * 1024ull)
struct cs_rig {
	int fd;
	uint32_t ctx;
	struct cs_bo ib, data;
	uint32_t ib_used; /* bytes of the IB BO handed out */
};

void cs_rig_init(struct cs_rig *rig);
void cs_rig_fini(struct cs_rig *rig);
/* A new IB in the IB BO holding these dwords: its GPU address. */
uint64_t cs_rig_ib(struct cs_rig *rig, const uint32_t *dw, size_t n);
/* Submit dw as one IB (BO_HANDLES: the IB and data BOs). */
int cs_rig_submit(struct cs_rig *rig, uint32_t ctx, uint32_t ip, uint32_t ring,
		  const uint32_t *dw, size_t n, uint64_t *seq);
/* The data BO: GPU address and CPU view of byte offset off. */
uint64_t cs_rig_va(const struct cs_rig *rig, uint64_t off);
volatile uint32_t *cs_rig_cpu(const struct cs_rig *rig, uint64_t off);

/* The spinner of the busy-VM recipe: WAIT_REG_MEM until the dword at
 * data offset flag_off equals 1, then WRITE_DATA marker at mark_off. */
int cs_rig_spin(struct cs_rig *rig, uint32_t ctx, uint32_t ip, uint32_t ring,
		uint64_t flag_off, uint64_t mark_off, uint32_t marker,
		uint64_t *seq);

/* Test cases of the other files, added to suite "cs". */
void cs_add_exec_tests(Suite *s);
void cs_add_sync_tests(Suite *s);
void cs_add_packet_tests(Suite *s);

#endif
