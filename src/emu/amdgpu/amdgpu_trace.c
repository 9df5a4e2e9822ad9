// SPDX-License-Identifier: MIT
/*
 * amdgpu_trace.h: the amdgpu_userq_* events (releases.md §5.4; the printk
 * formats of the v3 patches, merged as f41e74f2111c and f8c38071b96e in
 * 7.3). The record layouts in the format files are the emulator's own
 * (the patches give the fields, not their order); only the names and the
 * print fmt are the kernel's.
 *
 * Field values:
 *   queue     a hashed pointer, as %p prints one (16 hex digits)
 *   doorbell  the absolute doorbell index in dwords,
 *             amdgpu_doorbell_index_on_bar(): the doorbell BO's BAR
 *             offset / 4 + doorbell_offset * 2. The emulator does not
 *             place doorbell BOs in the BAR: every one is taken to be at
 *             DB_BO_BAR_OFFSET (UNVERIFIED placement).
 *   xcp_id    fpriv->xcp_id: AMDGPU_XCP_NO_PARTITION (~0u) on a device
 *             without partitions (UNVERIFIED for 7.3)
 *   dev       dev_name(adev->dev), the PCI slot
 *   client_id drm_file->client_id; type AMDGPU_HW_IP_*
 */
#include <stdint.h>

#include "amdgpu_trace.h"
#include "amdgpu_userq_priv.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "emu/fs/trace_events.h"
#include "emu/profile.h"

#define SYSTEM "amdgpu"
#define DB_BO_BAR_OFFSET 0x2000ull
#define XCP_NO_PARTITION (~0u)

/* The kernel's TP_printk formats, for the format files... */
#define QUEUE_FMT "queue=%p, doorbell=%llu, type=%d, state=%d, xcp_id=%u"
#define RESULT_FMT QUEUE_FMT ", result=%d"
/* ...and the same output with %p as the kernel prints a hashed pointer */
#define QUEUE_OUT "queue=%016llx, doorbell=%llu, type=%d, state=%d, xcp_id=%u"
#define RESULT_OUT QUEUE_OUT ", result=%d"
#define EMIT_FMT                                           \
	"dev=%s, client_id=%llu, type=%u, doorbell=%llu, " \
	"fence=%llu:%llu"
#define WAIT_FMT                                           \
	"dev=%s, client_id=%llu, type=%u, doorbell=%llu, " \
	"context=%llu depends on fence=%llu:%llu"
#define STATE_START_FMT "client_id=%llu, type=%u, doorbell=%llu, from=%d"
#define STATE_CHANGED_FMT "client_id=%llu, type=%u, doorbell=%llu, to=%d"

#define QUEUE_ARGS \
	"REC->queue, REC->doorbell, REC->type, REC->state, REC->xcp_id"
#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct emu_trace_field queue_fields[] = {
	{ "void *", "queue", 8, false }, { "u64", "doorbell", 8, false },
	{ "int", "type", 4, true },	 { "int", "state", 4, true },
	{ "u32", "xcp_id", 4, false },
};
static const struct emu_trace_field result_fields[] = {
	{ "void *", "queue", 8, false }, { "u64", "doorbell", 8, false },
	{ "int", "type", 4, true },	 { "int", "state", 4, true },
	{ "u32", "xcp_id", 4, false },	 { "int", "result", 4, true },
};
static const struct emu_trace_field emit_fields[] = {
	{ "char", "dev", 0, false },	{ "u64", "client_id", 8, false },
	{ "u32", "type", 4, false },	{ "u64", "doorbell", 8, false },
	{ "u64", "context", 8, false }, { "u64", "seqno", 8, false },
};
static const struct emu_trace_field wait_fields[] = {
	{ "char", "dev", 0, false },
	{ "u64", "client_id", 8, false },
	{ "u32", "type", 4, false },
	{ "u64", "doorbell", 8, false },
	{ "u64", "context", 8, false },
	{ "u64", "fence_context", 8, false },
	{ "u64", "fence_seqno", 8, false },
};
static const struct emu_trace_field state_start_fields[] = {
	{ "u64", "client_id", 8, false },
	{ "u32", "type", 4, false },
	{ "u64", "doorbell", 8, false },
	{ "int", "from", 4, true },
};
static const struct emu_trace_field state_changed_fields[] = {
	{ "u64", "client_id", 8, false },
	{ "u32", "type", 4, false },
	{ "u64", "doorbell", 8, false },
	{ "int", "to", 4, true },
};

enum {
	EV_CREATE_START,
	EV_CREATE_END,
	EV_DESTROY_START,
	EV_DESTROY_END,
	EV_EMIT_FENCE,
	EV_WAIT_DEPS,
	EV_STATE_START,
	EV_STATE_CHANGED,
	NR_EVENTS,
};

#define QUEUE_EVENT(n)                                               \
	{                                                            \
		SYSTEM, n, queue_fields, N(queue_fields), QUEUE_FMT, \
			QUEUE_ARGS                                   \
	}
#define RESULT_EVENT(n)                                                 \
	{                                                               \
		SYSTEM, n, result_fields, N(result_fields), RESULT_FMT, \
			QUEUE_ARGS ", REC->result"                      \
	}

static const struct emu_trace_event events[NR_EVENTS] = {
	[EV_CREATE_START] = QUEUE_EVENT("amdgpu_userq_create_start"),
	[EV_CREATE_END] = RESULT_EVENT("amdgpu_userq_create_end"),
	[EV_DESTROY_START] = QUEUE_EVENT("amdgpu_userq_destroy_start"),
	[EV_DESTROY_END] = RESULT_EVENT("amdgpu_userq_destroy_end"),
	[EV_EMIT_FENCE] = { SYSTEM, "amdgpu_userq_emit_fence", emit_fields,
			    N(emit_fields), EMIT_FMT,
			    "__get_str(dev), REC->client_id, REC->type, "
			    "REC->doorbell, REC->context, REC->seqno" },
	[EV_WAIT_DEPS] = { SYSTEM, "amdgpu_userq_wait_deps", wait_fields,
			   N(wait_fields), WAIT_FMT,
			   "__get_str(dev), REC->client_id, REC->type, "
			   "REC->doorbell, REC->context, REC->fence_context, "
			   "REC->fence_seqno" },
	[EV_STATE_START] = { SYSTEM, "amdgpu_userq_state_start",
			     state_start_fields, N(state_start_fields),
			     STATE_START_FMT,
			     "REC->client_id, REC->type, REC->doorbell, "
			     "REC->from" },
	[EV_STATE_CHANGED] = { SYSTEM, "amdgpu_userq_state_changed",
			       state_changed_fields, N(state_changed_fields),
			       STATE_CHANGED_FMT,
			       "REC->client_id, REC->type, REC->doorbell, "
			       "REC->to" },
};

static unsigned long long doorbell(const struct amdgpu_usermode_queue *q)
{
	return DB_BO_BAR_OFFSET / 4 +
	       (unsigned long long)q->doorbell_offset * 2;
}

/* A stand-in for the hashed pointer: stable per queue, never 0. */
static unsigned long long hashed(const struct amdgpu_usermode_queue *q)
{
	return (q->serial * 0x9e3779b97f4a7c15ull) ^ 0x5bd1e995ull;
}

static void queue_event(int ev, const struct amdgpu_usermode_queue *q,
			int state)
{
	if (emu_trace_event_enabled(&events[ev]))
		emu_trace_event_printf(&events[ev], QUEUE_OUT, hashed(q),
				       doorbell(q), (int)q->queue_type, state,
				       XCP_NO_PARTITION);
}

static void result_event(int ev, const struct amdgpu_usermode_queue *q,
			 int state, int result)
{
	if (emu_trace_event_enabled(&events[ev]))
		emu_trace_event_printf(&events[ev], RESULT_OUT, hashed(q),
				       doorbell(q), (int)q->queue_type, state,
				       XCP_NO_PARTITION, result);
}

void trace_amdgpu_userq_create_start(const struct amdgpu_usermode_queue *q,
				     int state)
{
	queue_event(EV_CREATE_START, q, state);
}

void trace_amdgpu_userq_create_end(const struct amdgpu_usermode_queue *q,
				   int state, int result)
{
	result_event(EV_CREATE_END, q, state, result);
}

void trace_amdgpu_userq_destroy_start(const struct amdgpu_usermode_queue *q,
				      int state)
{
	queue_event(EV_DESTROY_START, q, state);
}

void trace_amdgpu_userq_destroy_end(const struct amdgpu_usermode_queue *q,
				    int state, int result)
{
	result_event(EV_DESTROY_END, q, state, result);
}

void trace_amdgpu_userq_state_start(const struct amdgpu_usermode_queue *q,
				    int from)
{
	if (emu_trace_event_enabled(&events[EV_STATE_START]))
		emu_trace_event_printf(&events[EV_STATE_START], STATE_START_FMT,
				       (unsigned long long)q->client_id,
				       q->queue_type, doorbell(q), from);
}

void trace_amdgpu_userq_state_changed(const struct amdgpu_usermode_queue *q,
				      int to)
{
	if (emu_trace_event_enabled(&events[EV_STATE_CHANGED]))
		emu_trace_event_printf(&events[EV_STATE_CHANGED],
				       STATE_CHANGED_FMT,
				       (unsigned long long)q->client_id,
				       q->queue_type, doorbell(q), to);
}

void trace_amdgpu_userq_emit_fence(const struct amdgpu_usermode_queue *q,
				   const struct emu_fence *f)
{
	if (emu_trace_event_enabled(&events[EV_EMIT_FENCE]))
		emu_trace_event_printf(&events[EV_EMIT_FENCE], EMIT_FMT,
				       emu_pci.slot_name,
				       (unsigned long long)q->client_id,
				       q->queue_type, doorbell(q),
				       (unsigned long long)f->context,
				       (unsigned long long)f->seqno);
}

void trace_amdgpu_userq_wait_deps(const struct amdgpu_usermode_queue *waitq,
				  const struct emu_fence *f)
{
	if (emu_trace_event_enabled(&events[EV_WAIT_DEPS]))
		emu_trace_event_printf(
			&events[EV_WAIT_DEPS], WAIT_FMT, emu_pci.slot_name,
			(unsigned long long)waitq->client_id, waitq->queue_type,
			doorbell(waitq),
			(unsigned long long)waitq->fence_drv->context,
			(unsigned long long)f->context,
			(unsigned long long)f->seqno);
}

/* The events exist from 7.3 only (userq_tracepoints). */
__attribute__((constructor)) static void amdgpu_trace_init(void)
{
	emu_init();
	if (!emu_active_profile()->userq_tracepoints)
		return;
	/* unregistered events are never enabled: the calls do nothing */
	for (int i = 0; i < NR_EVENTS; i++)
		if (emu_trace_event_register(&events[i]))
			emu_log("amdgpu: cannot register trace event %s",
				events[i].name);
}
