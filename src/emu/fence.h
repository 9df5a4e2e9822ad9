/* SPDX-License-Identifier: MIT */
/*
 * dma_fence model.
 *
 * A fence is signalled explicitly (emu_fence_signal, e.g. by an engine
 * thread or a queue's EOP processing), or it is a job fence: a page-table
 * (SDMA) job completes at max(submit_ns, time its last dependency signalled)
 * + duration_ns, evaluated lazily whenever someone looks at it. That keeps
 * the timing exact without a thread per job: a waiter sleeps until the
 * earliest known completion time or until woken by an explicit signal.
 *
 * All functions need the device lock.
 */
#ifndef UQ_EMU_FENCE_H
#define UQ_EMU_FENCE_H

#include <stdbool.h>
#include <stdint.h>

struct emu_fence;

struct emu_fence_ops {
	const char *driver_name; /* dma_fence_ops.get_driver_name */
	/* Called once, right after the fence becomes signalled. */
	void (*signaled)(struct emu_fence *fence);
	/* Free the containing object; NULL means free(fence). */
	void (*release)(struct emu_fence *fence);
};

struct emu_fence {
	unsigned int refs;
	const struct emu_fence_ops *ops;
	uint64_t context;
	uint64_t seqno;
	int error; /* dma_fence_set_error: set before signalling */
	bool signaled;
	uint64_t signal_ns; /* when it signalled */
	/* job fences */
	bool is_job;
	uint64_t submit_ns;
	uint64_t duration_ns;
	unsigned int ndeps;
	struct emu_fence **deps; /* references held until completion */
};

/* dma_fence_context_alloc */
uint64_t emu_fence_context_alloc(unsigned int num);

/* dma_fence_init: refs 1, pending. ops may be NULL (plain fence). */
void emu_fence_init(struct emu_fence *fence, const struct emu_fence_ops *ops,
		    uint64_t context, uint64_t seqno);
/* A new plain pending fence (malloc'd), or NULL. */
struct emu_fence *emu_fence_create(uint64_t context, uint64_t seqno);
/*
 * A job fence: completes duration_ns after submit_ns and after every
 * dependency. Takes its own references on deps (NULL entries are skipped).
 */
struct emu_fence *emu_fence_create_job(uint64_t context, uint64_t seqno,
				       uint64_t submit_ns,
				       uint64_t duration_ns,
				       struct emu_fence *const *deps,
				       unsigned int ndeps);
/* dma_fence_get_stub: an already signalled fence (new reference). */
struct emu_fence *emu_fence_get_stub(void);

struct emu_fence *emu_fence_get(struct emu_fence *fence); /* NULL-safe */
void emu_fence_put(struct emu_fence *fence); /* NULL-safe */

/* dma_fence_signal: no-op if already signalled; wakes waiters. */
void emu_fence_signal(struct emu_fence *fence);
/* dma_fence_is_signaled: also completes due job fences. */
bool emu_fence_is_signaled(struct emu_fence *fence);
/* When it signalled or will signal; EMU_TIME_INFINITE if not yet known. */
uint64_t emu_fence_completion_ns(struct emu_fence *fence);
/*
 * dma_fence_wait_timeout with an absolute CLOCK_MONOTONIC deadline
 * (EMU_TIME_INFINITE: forever). 0 when signalled, -ETIME on timeout.
 * Releases the device lock while sleeping.
 */
int emu_fence_wait(struct emu_fence *fence, uint64_t deadline_ns);

/* Fences alive on the device with these ops (NULL: all). */
unsigned int emu_fence_live_count(const struct emu_fence_ops *ops);

#endif
