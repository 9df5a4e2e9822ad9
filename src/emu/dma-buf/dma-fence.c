/* SPDX-License-Identifier: MIT */
/*
 * drivers/dma-buf/dma-fence.c + dma-fence-chain.c + dma-fence-array.c +
 * dma-fence-unwrap.c: plain, job, stub, chain and array fences, and the
 * unwrap iterator and merge.
 *
 * Job fences complete lazily: whoever looks at one (is_signaled, wait,
 * completion_ns) completes it once its completion time has passed and
 * records that time, not the time of the look. Chains and arrays are
 * signalled when everything inside them is, like dma_fence_chain_signaled()
 * and dma_fence_array's signal-on-all mode.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emu/lib/kmalloc.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "dma-fence.h"

struct emu_fence_chain {
	struct emu_fence base;
	struct emu_fence *prev; /* NULL once everything older is collected */
	struct emu_fence *fence;
	uint64_t prev_seqno;
	/* latest signal time of the older fences already collected */
	uint64_t collected_ns;
};

struct emu_fence_array {
	struct emu_fence base;
	unsigned int count;
	struct emu_fence **fences;
};

const struct emu_fence_ops emu_fence_stub_ops = { .driver_name = "stub" };
const struct emu_fence_ops emu_fence_chain_ops = {
	.driver_name = "dma_fence_chain",
};
const struct emu_fence_ops emu_fence_array_ops = {
	.driver_name = "dma_fence_array",
};

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static struct emu_fence_chain *to_chain(const struct emu_fence *f)
{
	if (!f || f->ops != &emu_fence_chain_ops)
		return NULL;
	return (struct emu_fence_chain *)f;
}

static struct emu_fence_array *to_array(const struct emu_fence *f)
{
	if (!f || f->ops != &emu_fence_array_ops)
		return NULL;
	return (struct emu_fence_array *)f;
}

bool emu_fence_is_chain(const struct emu_fence *fence)
{
	emu_lockdep_assert_held();

	return to_chain(fence) != NULL;
}

uint64_t emu_fence_context_alloc(unsigned int num)
{
	/* Contexts start at 1; 0 is the stub's. */
	uint64_t first = emu_dev.fence.contexts_used + 1;

	emu_lockdep_assert_held();
	emu_dev.fence.contexts_used += num;
	return first;
}

void emu_fence_init(struct emu_fence *fence, const struct emu_fence_ops *ops,
		    uint64_t context, uint64_t seqno)
{
	emu_lockdep_assert_held();

	memset(fence, 0, sizeof(*fence));
	fence->refs = 1;
	fence->ops = ops;
	fence->context = context;
	fence->seqno = seqno;
}

struct emu_fence *emu_fence_create_job(uint64_t context, uint64_t seqno,
				       uint64_t submit_ns, uint64_t duration_ns,
				       struct emu_fence *const *deps,
				       unsigned int ndeps)
{
	struct emu_fence *f = emu_kmalloc(sizeof(*f));
	unsigned int i;

	emu_lockdep_assert_held();
	if (!f)
		return NULL;
	emu_fence_init(f, NULL, context, seqno);
	f->is_job = true;
	f->submit_ns = submit_ns;
	f->duration_ns = duration_ns;
	if (ndeps) {
		f->deps = emu_kcalloc(ndeps, sizeof(*f->deps));
		if (!f->deps) {
			emu_fence_put(f);
			return NULL;
		}
		for (i = 0; i < ndeps; i++)
			if (deps[i])
				f->deps[f->ndeps++] = emu_fence_get(deps[i]);
	}
	return f;
}

struct emu_fence *emu_fence_get_stub(void)
{
	struct emu_fence *stub = &emu_dev.fence.stub;

	emu_lockdep_assert_held();
	/* dma_fence_stub: context 0, seqno 0, signalled at boot (time 0),
	 * set up at its first use; its own reference keeps it for ever. */
	if (!stub->ops) {
		stub->refs = 1;
		stub->ops = &emu_fence_stub_ops;
		stub->signaled = true;
	}
	return emu_fence_get(stub);
}

struct emu_fence *emu_fence_allocate_private_stub(uint64_t timestamp_ns)
{
	struct emu_fence *f = emu_kmalloc(sizeof(*f));

	emu_lockdep_assert_held();
	if (!f)
		return NULL;
	emu_fence_init(f, &emu_fence_stub_ops, emu_fence_context_alloc(1), 0);
	f->signaled = true;
	f->signal_ns = timestamp_ns;
	return f;
}

struct emu_fence *emu_fence_get(struct emu_fence *fence)
{
	emu_lockdep_assert_held();

	if (fence)
		fence->refs++;
	return fence;
}

/* A growable stack of fences, on the C stack while it stays small. */
struct fence_stack {
	struct emu_fence **items;
	unsigned int count, cap;
	struct emu_fence *local[16];
};

static void stack_init(struct fence_stack *st)
{
	st->items = st->local;
	st->count = 0;
	st->cap = sizeof(st->local) / sizeof(st->local[0]);
}

static bool stack_push(struct fence_stack *st, struct emu_fence *f)
{
	struct emu_fence **grown;

	if (st->count == st->cap) {
		grown = emu_kmalloc(2 * st->cap * sizeof(*grown));
		if (!grown)
			return false;
		memcpy(grown, st->items, st->count * sizeof(*grown));
		if (st->items != st->local)
			emu_kfree(st->items);
		st->items = grown;
		st->cap *= 2;
	}
	st->items[st->count++] = f;
	return true;
}

static void stack_fini(struct fence_stack *st)
{
	if (st->items != st->local)
		emu_kfree(st->items);
}

/*
 * Fences whose last reference went are freed one at a time: a fence drops
 * the references it holds (job dependencies, a chain node's fence and
 * predecessor, an array's members) onto the stack instead of recursing,
 * so releasing a long timeline or a long queue of jobs takes constant
 * C stack.
 */
static void put_into(struct fence_stack *list, struct emu_fence *f)
{
	if (!f)
		return;
	if (EMU_WARN_ON(!f->refs)) /* put of a fence without references */
		return;
	if (--f->refs)
		return;
	if (!stack_push(list, f))
		emu_log("fence: out of memory freeing fences, leaking");
}

static void fence_free(struct fence_stack *list, struct emu_fence *f)
{
	struct emu_fence_chain *chain = to_chain(f);
	struct emu_fence_array *array = to_array(f);
	unsigned int i;

	for (i = 0; i < f->ndeps; i++)
		put_into(list, f->deps[i]);
	emu_kfree(f->deps);
	f->deps = NULL;
	f->ndeps = 0;
	if (chain) {
		put_into(list, chain->fence);
		put_into(list, chain->prev);
		emu_kfree(chain);
	} else if (array) {
		for (i = 0; i < array->count; i++)
			put_into(list, array->fences[i]);
		emu_kfree(array->fences);
		emu_kfree(array);
	} else if (f->ops && f->ops->release) {
		f->ops->release(f);
	} else {
		emu_kfree(f);
	}
}

void emu_fence_put(struct emu_fence *fence)
{
	struct fence_stack list;

	emu_lockdep_assert_held();
	stack_init(&list);
	put_into(&list, fence);
	while (list.count)
		fence_free(&list, list.items[--list.count]);
	stack_fini(&list);
}

static void signal_at(struct emu_fence *f, uint64_t when)
{
	unsigned int i;

	f->signaled = true;
	f->signal_ns = when;
	/* a finished job holds nothing (drm_sched_job_cleanup) */
	for (i = 0; i < f->ndeps; i++)
		emu_fence_put(f->deps[i]);
	emu_kfree(f->deps);
	f->deps = NULL;
	f->ndeps = 0;
	if (f->ops && f->ops->signaled)
		f->ops->signaled(f);
	emu_wake_all();
}

void emu_fence_signal(struct emu_fence *fence)
{
	emu_lockdep_assert_held();

	if (!fence || fence->signaled)
		return;
	signal_at(fence, emu_now_ns());
}

/*
 * dma_fence_chain_walk(): the caller's reference on f is consumed. A
 * collected node's signal time is kept in the node that skips it, so a
 * chain still knows when it completed.
 */
struct emu_fence *emu_fence_chain_walk(struct emu_fence *fence)
{
	struct emu_fence_chain *chain = to_chain(fence), *prev_chain;
	struct emu_fence *prev, *replacement;

	emu_lockdep_assert_held();
	if (!chain) {
		emu_fence_put(fence);
		return NULL;
	}
	while ((prev = emu_fence_get(chain->prev))) {
		prev_chain = to_chain(prev);
		if (prev_chain) {
			if (!emu_fence_is_signaled(prev_chain->fence))
				break;
			chain->collected_ns =
				max_u64(chain->collected_ns,
					max_u64(prev_chain->fence->signal_ns,
						prev_chain->collected_ns));
			replacement = emu_fence_get(prev_chain->prev);
		} else {
			if (!emu_fence_is_signaled(prev))
				break;
			chain->collected_ns =
				max_u64(chain->collected_ns, prev->signal_ns);
			replacement = NULL;
		}
		chain->prev = replacement;
		emu_fence_put(prev); /* the link's reference */
		emu_fence_put(prev); /* ours */
	}
	emu_fence_put(fence);
	return prev;
}

static uint64_t fence_eval(struct emu_fence *f);

/*
 * dma_fence_chain_signaled() with times: the latest completion along the
 * walk (which collects the signalled nodes), EMU_TIME_INFINITE as soon as
 * one is unknown.
 */
static uint64_t chain_eval(struct emu_fence *head)
{
	struct emu_fence *iter;
	uint64_t t = 0, c;

	for (iter = emu_fence_get(head); iter;
	     iter = emu_fence_chain_walk(iter)) {
		struct emu_fence_chain *chain = to_chain(iter);

		c = fence_eval(chain ? chain->fence : iter);
		if (c == EMU_TIME_INFINITE) {
			emu_fence_put(iter);
			return EMU_TIME_INFINITE;
		}
		t = max_u64(t, c);
		if (chain)
			t = max_u64(t, chain->collected_ns);
	}
	return t;
}

static uint64_t array_eval(struct emu_fence_array *array)
{
	uint64_t t = 0, c;
	unsigned int i;

	for (i = 0; i < array->count; i++) {
		c = fence_eval(array->fences[i]);
		if (c == EMU_TIME_INFINITE)
			return EMU_TIME_INFINITE;
		t = max_u64(t, c);
	}
	return t;
}

static uint64_t job_end(const struct emu_fence *job, uint64_t start)
{
	if (start > EMU_TIME_INFINITE - 1 - job->duration_ns)
		return EMU_TIME_INFINITE;
	return start + job->duration_ns;
}

/*
 * A job's completion time: max(submit, every dependency's) + duration.
 * Once finite it is final and cached. Jobs waiting on jobs are evaluated
 * with an explicit stack, so a long queue of page-table jobs neither
 * recurses once per job nor evaluates a job twice per look.
 */
static uint64_t job_eval(struct emu_fence *job)
{
	struct emu_fence *top, *dep;
	struct fence_stack st;
	bool pushed, unknown;
	uint64_t t, c, now, pass;
	unsigned int i;

	if (job->done_known)
		return job->done_ns;
	now = emu_now_ns();
	pass = ++emu_dev.fence
			 .eval_passes; /* nested evaluations get passes of their own */
	stack_init(&st);
	stack_push(&st, job);
	while (st.count) {
		top = st.items[st.count - 1];
		t = top->submit_ns;
		pushed = unknown = false;
		for (i = 0; i < top->ndeps && !pushed && !unknown; i++) {
			dep = top->deps[i];
			if (dep->signaled) {
				c = dep->signal_ns;
			} else if (dep->is_job && dep->done_known) {
				c = dep->done_ns;
			} else if (dep->is_job) {
				/* unknown if already found so this pass,
				 * else evaluate it first */
				if (dep->eval_pass == pass)
					c = EMU_TIME_INFINITE;
				else if (stack_push(&st, dep))
					pushed = true;
				else
					c = EMU_TIME_INFINITE; /* no memory */
				if (pushed)
					break;
			} else {
				c = fence_eval(dep); /* chains, arrays, plain */
			}
			if (c == EMU_TIME_INFINITE)
				unknown = true;
			else
				t = max_u64(t, c);
		}
		if (pushed)
			continue;
		st.count--;
		if (!unknown)
			t = job_end(top, t);
		if (unknown || t == EMU_TIME_INFINITE) {
			top->eval_pass = pass;
			continue;
		}
		top->done_known = true;
		top->done_ns = t;
		/* off the stack, so dropping its dependencies is safe */
		if (top != job && t <= now)
			signal_at(top, t);
	}
	stack_fini(&st);
	return job->done_known ? job->done_ns : EMU_TIME_INFINITE;
}

/* A fence a kernel timer completes: fire the timer once its time has
 * come; until then the time is the fence's completion time, so that a
 * waiter sleeps until it. */
static uint64_t timer_eval(struct emu_fence *f)
{
	uint64_t when = f->ops->timer_ns(f);

	if (when == EMU_TIME_INFINITE || when > emu_now_ns())
		return when;
	f->ops->timer_fire(f);
	return f->signaled ? f->signal_ns : EMU_TIME_INFINITE;
}

/*
 * Look at a fence: complete it if its time has come, and return when it
 * signalled or will signal (EMU_TIME_INFINITE: not known yet).
 */
static uint64_t fence_eval(struct emu_fence *f)
{
	struct emu_fence_array *array;
	uint64_t when;
	unsigned int i;

	if (f->signaled)
		return f->signal_ns;
	array = to_array(f);
	if (f->is_job)
		when = job_eval(f);
	else if (to_chain(f))
		when = chain_eval(f);
	else if (array)
		when = array_eval(array);
	else if (f->ops && f->ops->timer_ns)
		return timer_eval(f);
	else
		return EMU_TIME_INFINITE; /* signalled explicitly, some day */
	if (when == EMU_TIME_INFINITE || when > emu_now_ns())
		return when;
	/* dma_fence_array_cb_func: the first error of a member wins */
	for (i = 0; array && i < array->count && !f->error; i++)
		f->error = array->fences[i]->error;
	signal_at(f, when);
	return when;
}

bool emu_fence_is_signaled(struct emu_fence *fence)
{
	emu_lockdep_assert_held();

	if (!fence)
		return true;
	fence_eval(fence);
	return fence->signaled;
}

uint64_t emu_fence_completion_ns(struct emu_fence *fence)
{
	emu_lockdep_assert_held();

	return fence ? fence_eval(fence) : 0;
}

int emu_fence_wait(struct emu_fence *fence, uint64_t deadline_ns)
{
	uint64_t wake;
	int ret;

	emu_lockdep_assert_held();
	if (!fence)
		return 0;
	emu_fence_get(fence); /* the lock is dropped while sleeping */
	for (;;) {
		if (emu_fence_is_signaled(fence)) {
			ret = 0;
			break;
		}
		if (deadline_ns != EMU_TIME_INFINITE &&
		    emu_now_ns() >= deadline_ns) {
			ret = -ETIME;
			break;
		}
		wake = emu_fence_completion_ns(fence);
		if (wake > deadline_ns)
			wake = deadline_ns;
		emu_cond_wait_until(wake);
	}
	emu_fence_put(fence);
	return ret;
}

/* dma_fence_is_later(); the emulator's fences all use 64-bit seqnos. */
bool emu_fence_is_later(const struct emu_fence *a, const struct emu_fence *b)
{
	emu_lockdep_assert_held();

	return a->seqno > b->seqno;
}

/* dma_fence_chain_init() */
struct emu_fence *emu_fence_chain_create(struct emu_fence *prev,
					 struct emu_fence *fence,
					 uint64_t seqno)
{
	struct emu_fence_chain *chain = emu_kcalloc(1, sizeof(*chain));
	struct emu_fence_chain *prev_chain = to_chain(prev);
	uint64_t context;

	emu_lockdep_assert_held();
	if (!chain)
		return NULL;
	chain->prev = emu_fence_get(prev);
	chain->fence = emu_fence_get(fence);
	if (prev_chain && seqno > prev->seqno) {
		/* the next point of the same timeline */
		context = prev->context;
		chain->prev_seqno = prev->seqno;
	} else {
		/* out of order (or a new timeline): a context of its own,
		 * and never a seqno below the previous node's */
		context = emu_fence_context_alloc(1);
		if (prev_chain)
			seqno = max_u64(prev->seqno, seqno);
	}
	emu_fence_init(&chain->base, &emu_fence_chain_ops, context, seqno);
	return &chain->base;
}

/* dma_fence_chain_contained: the node's fence, or `fence` itself. */
static struct emu_fence *emu_fence_chain_contained(struct emu_fence *fence)
{
	struct emu_fence_chain *chain = to_chain(fence);

	emu_lockdep_assert_held();
	return chain ? chain->fence : fence;
}

uint64_t emu_fence_chain_prev_seqno(const struct emu_fence *fence)
{
	struct emu_fence_chain *chain = to_chain(fence);

	emu_lockdep_assert_held();
	return chain ? chain->prev_seqno : 0;
}

/* dma_fence_chain_find_seqno() */
int emu_fence_chain_find_seqno(struct emu_fence **pfence, uint64_t seqno)
{
	struct emu_fence *head = *pfence, *iter;

	emu_lockdep_assert_held();
	if (!seqno)
		return 0;
	if (!to_chain(head) || head->seqno < seqno)
		return -EINVAL;
	for (iter = emu_fence_get(head); iter;
	     iter = emu_fence_chain_walk(iter)) {
		/* the oldest node of this timeline still covering seqno */
		if (iter->context != head->context || !to_chain(iter) ||
		    to_chain(iter)->prev_seqno < seqno)
			break;
	}
	emu_fence_put(head);
	*pfence = iter;
	return 0;
}

/* dma_fence_array_create(count, fences, context, 1, false) */
static struct emu_fence *emu_fence_array_create(struct emu_fence *const *fences,
						unsigned int count)
{
	struct emu_fence_array *array = emu_kcalloc(1, sizeof(*array));
	unsigned int i;

	emu_lockdep_assert_held();
	if (!array)
		return NULL;
	array->fences = emu_kcalloc(count ? count : 1, sizeof(*array->fences));
	if (!array->fences) {
		emu_kfree(array);
		return NULL;
	}
	for (i = 0; i < count; i++)
		array->fences[i] = emu_fence_get(fences[i]);
	array->count = count;
	emu_fence_init(&array->base, &emu_fence_array_ops,
		       emu_fence_context_alloc(1), 1);
	return &array->base;
}

/*
 * dma_fence_unwrap_first()/_next(): the cursor holds the current chain
 * node; its contained fence, or each member of a contained array, is
 * visited, then the walk moves to the next unsignalled node.
 */
int emu_fence_unwrap_for_each(struct emu_fence *head,
			      int (*fn)(struct emu_fence *fence, void *arg),
			      void *arg)
{
	struct emu_fence *cursor, *contained;
	struct emu_fence_array *array;
	unsigned int i;
	int ret = 0;

	emu_lockdep_assert_held();
	for (cursor = emu_fence_get(head); cursor;
	     cursor = emu_fence_chain_walk(cursor)) {
		contained = emu_fence_chain_contained(cursor);
		array = to_array(contained);
		if (array) {
			/* dma_fence_array_first() of an empty array ends
			 * the iteration */
			if (!array->count)
				break;
			for (i = 0; i < array->count && !ret; i++)
				ret = fn(array->fences[i], arg);
		} else {
			ret = fn(contained, arg);
		}
		if (ret)
			break;
	}
	emu_fence_put(cursor);
	return ret;
}

struct merge_state {
	struct emu_fence **array; /* NULL: count only */
	unsigned int cap;
	unsigned int count;
	struct emu_fence *unsignaled;
	uint64_t timestamp;
};

static int merge_visit(struct emu_fence *f, void *arg)
{
	struct merge_state *st = arg;

	if (!emu_fence_is_signaled(f)) {
		if (st->array) {
			/* fences only ever become signalled, so the second
			 * pass never finds more than the first */
			if (st->count >= st->cap)
				return 0;
			st->array[st->count] = emu_fence_get(f);
		} else {
			emu_fence_put(st->unsignaled);
			st->unsignaled = emu_fence_get(f);
		}
		st->count++;
	} else if (f->signal_ns > st->timestamp) {
		st->timestamp = f->signal_ns;
	}
	return 0;
}

static int fence_cmp(const void *pa, const void *pb)
{
	const struct emu_fence *a = *(struct emu_fence *const *)pa;
	const struct emu_fence *b = *(struct emu_fence *const *)pb;

	if (a->context != b->context)
		return a->context < b->context ? -1 : 1;
	if (emu_fence_is_later(b, a))
		return 1;
	if (emu_fence_is_later(a, b))
		return -1;
	return 0;
}

unsigned int emu_fence_dedup_array(struct emu_fence **fences,
				   unsigned int count)
{
	unsigned int i, j;

	emu_lockdep_assert_held();
	if (!count)
		return 0;
	qsort(fences, count, sizeof(*fences), fence_cmp);
	for (i = 1, j = 0; i < count; i++) {
		if (fences[i]->context == fences[j]->context)
			emu_fence_put(fences[i]);
		else
			fences[++j] = fences[i];
	}
	return j + 1;
}

/* __dma_fence_unwrap_merge() */
struct emu_fence *emu_fence_unwrap_merge(struct emu_fence *const *fences,
					 unsigned int count)
{
	struct merge_state st = { 0 };
	struct emu_fence *result;
	unsigned int i, n;

	emu_lockdep_assert_held();
	for (i = 0; i < count; i++)
		emu_fence_unwrap_for_each(fences[i], merge_visit, &st);
	if (st.count == 0)
		return emu_fence_allocate_private_stub(st.timestamp);
	if (st.count == 1)
		return st.unsignaled;
	emu_fence_put(st.unsignaled);

	n = st.count;
	st.array = emu_kcalloc(n, sizeof(*st.array));
	if (!st.array)
		return NULL;
	st.cap = n;
	st.count = 0;
	/* Fences may have signalled since the first pass: count again. */
	for (i = 0; i < count; i++)
		emu_fence_unwrap_for_each(fences[i], merge_visit, &st);
	n = emu_fence_dedup_array(st.array, st.count);
	if (n == 0)
		result = emu_fence_allocate_private_stub(st.timestamp);
	else if (n == 1)
		result = emu_fence_get(st.array[0]);
	else
		result = emu_fence_array_create(st.array, n);
	for (i = 0; i < n; i++)
		emu_fence_put(st.array[i]);
	emu_kfree(st.array);
	return result;
}
