/* SPDX-License-Identifier: MIT */
/*
 * amdgpu_trace.h: the amdgpu_userq_* tracepoints of 7.3 (f41e74f2111c,
 * f8c38071b96e; releases.md §5.4), on the profiles with
 * userq_tracepoints. Each call site is one trace_*() call; the records
 * and their formats are in amdgpu_trace.c, the buffers in
 * fs/trace_events.c. Without the flag the events do not exist and the
 * calls do nothing.
 *
 * Every function needs the device lock.
 */
#ifndef UQ_EMU_AMDGPU_TRACE_H
#define UQ_EMU_AMDGPU_TRACE_H

struct amdgpu_usermode_queue;
struct emu_fence;

/* enum amdgpu_userq_state (pr/7.0-deprecated amdgpu_userq.h) */
enum amdgpu_userq_state {
	AMDGPU_USERQ_STATE_UNMAPPED = 0,
	AMDGPU_USERQ_STATE_MAPPED,
	AMDGPU_USERQ_STATE_PREEMPTED,
	AMDGPU_USERQ_STATE_HUNG,
	AMDGPU_USERQ_STATE_INVALID_VA,
};

void trace_amdgpu_userq_create_start(const struct amdgpu_usermode_queue *q,
				     int state);
void trace_amdgpu_userq_create_end(const struct amdgpu_usermode_queue *q,
				   int state, int result);
void trace_amdgpu_userq_destroy_start(const struct amdgpu_usermode_queue *q,
				      int state);
void trace_amdgpu_userq_destroy_end(const struct amdgpu_usermode_queue *q,
				    int state, int result);
/* Around a map, unmap, preempt or restore. */
void trace_amdgpu_userq_state_start(const struct amdgpu_usermode_queue *q,
				    int from);
void trace_amdgpu_userq_state_changed(const struct amdgpu_usermode_queue *q,
				      int to);
/* SIGNAL: @f, the new fence on @q's fence driver. */
void trace_amdgpu_userq_emit_fence(const struct amdgpu_usermode_queue *q,
				   const struct emu_fence *f);
/* WAIT fill: @waitq parked a reference on the driver of userq fence @f. */
void trace_amdgpu_userq_wait_deps(const struct amdgpu_usermode_queue *waitq,
				  const struct emu_fence *f);

#endif
