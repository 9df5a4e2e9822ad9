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
	/*
	 * A fence that a kernel timer (not the GPU) may complete, such as
	 * userq hang detection: when the timer fires, EMU_TIME_INFINITE for
	 * none. Looks at the fence after that time call timer_fire(), which
	 * completes it (and what the timer completes with it).
	 */
	uint64_t (*timer_ns)(struct emu_fence *fence);
	void (*timer_fire)(struct emu_fence *fence);
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
	/* dma-fence.c internal: a job's completion time once it is final */
	bool done_known;
	uint64_t done_ns;
	uint64_t eval_pass; /* last evaluation that found it unknown */
};

/* The DMA-buf core's device-wide state: emu_dev.fence, owned by
 * dma-fence.c. */
struct emu_fence_state {
	struct emu_fence stub; /* dma_fence_stub, set up at first use */
	uint64_t contexts_used; /* dma_fence_context_alloc: from 1 */
	uint64_t eval_passes; /* job_eval(): one number per evaluation */
};

/* dma_fence_context_alloc */
uint64_t emu_fence_context_alloc(unsigned int num);

/* dma_fence_init: refs 1, pending. ops may be NULL (plain fence). */
void emu_fence_init(struct emu_fence *fence, const struct emu_fence_ops *ops,
		    uint64_t context, uint64_t seqno);
/*
 * A job fence: completes duration_ns after submit_ns and after every
 * dependency. Takes its own references on deps (NULL entries are skipped).
 */
struct emu_fence *emu_fence_create_job(uint64_t context, uint64_t seqno,
				       uint64_t submit_ns, uint64_t duration_ns,
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

/*
 * Additions (syncobj issue): the DMA-buf core containers the syncobj model
 * and USERQ_WAIT need; their fences carry these ops (the global stub of
 * emu_fence_get_stub() too).
 */
extern const struct emu_fence_ops emu_fence_stub_ops; /* private stubs */
extern const struct emu_fence_ops emu_fence_chain_ops; /* dma_fence_chain */
extern const struct emu_fence_ops emu_fence_array_ops; /* dma_fence_array */

/* dma_fence_allocate_private_stub: signalled at timestamp_ns, own context. */
struct emu_fence *emu_fence_allocate_private_stub(uint64_t timestamp_ns);
/* dma_fence_is_later for two fences of one context (64-bit seqnos). */
bool emu_fence_is_later(const struct emu_fence *a, const struct emu_fence *b);

/*
 * dma_fence_chain_init: a timeline node for `fence` at `seqno` after `prev`
 * (NULL, a chain node or any fence). Takes its own references. Reuses
 * prev's context when prev is a chain node with a lower seqno, else starts
 * a new context (seqno = max(prev's, seqno) if prev is a chain node).
 * NULL on allocation failure.
 */
struct emu_fence *emu_fence_chain_create(struct emu_fence *prev,
					 struct emu_fence *fence,
					 uint64_t seqno);
bool emu_fence_is_chain(const struct emu_fence *fence);
/* The seqno of the node this one followed when it was added (0 if none). */
uint64_t emu_fence_chain_prev_seqno(const struct emu_fence *fence);
/*
 * dma_fence_chain_walk: consumes the reference on `fence`, returns a new
 * reference to the next older node whose fence is unsignalled (NULL at the
 * end), unlinking signalled nodes on the way (garbage collection).
 */
struct emu_fence *emu_fence_chain_walk(struct emu_fence *fence);
/*
 * dma_fence_chain_find_seqno: move *pfence (a reference) to the node that
 * signals point `seqno`; *pfence becomes NULL when that point is already
 * signalled and collected. -EINVAL (*pfence untouched) when *pfence is not
 * a chain node or the point is not submitted yet. seqno 0: no-op.
 */
int emu_fence_chain_find_seqno(struct emu_fence **pfence, uint64_t seqno);

/*
 * dma_fence_unwrap_for_each: call fn for every fence inside the chain
 * nodes and arrays of head (signalled chain nodes are collected first, as
 * the kernel's walk does). fn borrows the fence (take a reference to keep
 * it) and must not sleep; a non-zero return stops the walk and is
 * returned. head may be NULL (no calls).
 */
int emu_fence_unwrap_for_each(struct emu_fence *head,
			      int (*fn)(struct emu_fence *fence, void *arg),
			      void *arg);
/*
 * dma_fence_unwrap_merge: one fence for the unsignalled fences inside
 * fences[0..count): a private stub if none, the fence itself if one, else
 * an array of the newest fence per context. New reference, NULL on ENOMEM.
 */
struct emu_fence *emu_fence_unwrap_merge(struct emu_fence *const *fences,
					 unsigned int count);
/* dma_fence_dedup_array: sort by context, keep the newest per context
 * (dropping the references of the others); returns the new count. */
unsigned int emu_fence_dedup_array(struct emu_fence **fences,
				   unsigned int count);

#endif
