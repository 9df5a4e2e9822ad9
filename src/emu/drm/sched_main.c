// SPDX-License-Identifier: MIT
/*
 * drivers/gpu/drm/scheduler/sched_main.c + sched_entity.c, plus the job
 * timeout (amdgpu_job_timedout) and the engine thread that drives the
 * command processor (see gpu_scheduler.h): drm_sched entities and run
 * queues, and the hardware rings.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "emu/hw/cp.h"
#include "emu/amdgpu/amdgpu_job.h"
#include "emu/amdgpu/amdgpu_priv.h"
#include "gpu_scheduler.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "emu/dma-buf/dma-fence.h"

/* amdgpu_sched_hw_submission (default 2): jobs a ring may have in flight,
 * the drm_sched credit limit of gfx and compute rings (amdgpu_ring_init) */
#define HW_SUBMISSION 2u
/*
 * WAIT_REG_MEM polling. A polled dword changes either through the emulator
 * (an ioctl, a fence, another ring's packets: each of them signals the
 * engine's condition, see emu_wake_all()) or by a CPU store into a mapped
 * BO, which the emulator cannot observe. Only the latter needs polling:
 * the engine re-reads after CP_POLL_MIN_NS, doubles the interval while
 * nothing changes, up to CP_POLL_MAX_NS, and starts again at the minimum
 * after any wake-up or progress. So a CPU store is seen within 1 ms
 * (the emulated latency stays sane), and a ring that waits for minutes
 * costs about 1 000 short wake-ups per second (measured: 3 % of a core
 * during unmap --busy=cs) instead of a busy core.
 * The packet's POLL_INTERVAL is not used: it counts GPU clocks of an
 * engine that polls in well under a microsecond, which no CPU thread
 * can or should imitate.
 */
#define CP_POLL_MIN_NS 5000ull
#define CP_POLL_MAX_NS 1000000ull
/*
 * The engine's stack: it runs packets, signals fences and logs (a few KiB
 * deep: the conformance suite passes with 16 KiB, so 64 KiB leaves four
 * times that); the default 8 MiB would be pinned by a tool's mlockall.
 * Sanitizers need several times more for their redzones.
 */
#if defined(__SANITIZE_ADDRESS__)
#define ENGINE_STACK (512u << 10)
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ENGINE_STACK (512u << 10)
#endif
#endif
#ifndef ENGINE_STACK
#define ENGINE_STACK (64u << 10)
#endif
/* Packets the CP runs per ring before the engine looks at other work. */
#define CP_BUDGET 256u
#define MAX_RINGS AMDGPU_SCHED_MAX_RINGS

/* pthread_atfork() handlers belong to the process, not to the device: a
 * child inherits them, and the once flag needs its static initialiser. */
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

/* --- fences ---------------------------------------------------------- */

static void sched_fence_release(struct emu_fence *f);

static const struct emu_fence_ops scheduled_ops = {
	.driver_name = "drm_sched",
	.release = sched_fence_release,
};

static const struct emu_fence_ops finished_ops = {
	.driver_name = "drm_sched",
	.release = sched_fence_release,
};

/*
 * drm_sched_fence_release_scheduled / _finished: "finished" holds a
 * reference on "scheduled" (the kernel's scheduled fence lives in the
 * finished one's allocation), so the allocation goes with "scheduled".
 */
static void sched_fence_release(struct emu_fence *f)
{
	struct amdgpu_sched_fence *s;

	if (f->ops == &finished_ops) {
		s = (struct amdgpu_sched_fence
			     *)((char *)f -
				offsetof(struct amdgpu_sched_fence, finished));
		emu_fence_put(&s->scheduled);
		return;
	}
	s = (struct amdgpu_sched_fence *)((char *)f -
					  offsetof(struct amdgpu_sched_fence,
						   scheduled));
	free(s);
}

struct amdgpu_sched_fence *amdgpu_sched_fence_of(struct emu_fence *fence)
{
	emu_lockdep_assert_held();

	if (!fence || fence->ops != &finished_ops)
		return NULL;
	return (struct amdgpu_sched_fence *)((char *)fence -
					     offsetof(struct amdgpu_sched_fence,
						      finished));
}

unsigned int amdgpu_sched_gpu_reset_counter(void)
{
	emu_lockdep_assert_held();

	return emu_dev.sched.gpu_reset_counter;
}

/* --- rings ----------------------------------------------------------- */

/* The rings of one IP the ASIC has, named "<pre><ring><post>". */
static unsigned int rings_init_ip(struct amdgpu_hw_ring *rings, uint32_t hw_ip,
				  const char *pre, const char *post)
{
	unsigned int i, n = emu_dev.adev.hw_ip[hw_ip].num_rings;

	if (n > MAX_RINGS)
		n = MAX_RINGS;
	for (i = 0; i < n; i++) {
		snprintf(rings[i].name, sizeof(rings[i].name), "%s%u%s", pre, i,
			 post);
		rings[i].hw_ip = hw_ip;
	}
	return n;
}

void amdgpu_sched_dev_init(void)
{
	pthread_condattr_t attr;

	emu_list_init(&emu_dev.sched.submitted);
	/* the engine's deadlines are CLOCK_MONOTONIC (emu_now_ns()) */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&emu_dev.sched.cond, &attr);
	pthread_condattr_destroy(&attr);
	emu_dev.sched.poll_ns = CP_POLL_MIN_NS;
}

static void rings_init(void)
{
	if (emu_dev.sched.rings_ready)
		return;
	emu_dev.sched.rings_ready = true;
	/* gfx_v11_0: the gfx rings "gfx_0.0.0", compute rings
	 * "comp_1.<pipe>.<queue>" spread over the MEC pipes */
	emu_dev.sched.ngfx = rings_init_ip(emu_dev.sched.gfx, AMDGPU_HW_IP_GFX,
					   "gfx_0.0.", "");
	emu_dev.sched.ncompute = rings_init_ip(
		emu_dev.sched.compute, AMDGPU_HW_IP_COMPUTE, "comp_1.", ".0");
}

/* Does the device have a scheduler (and ring) for this IP? */
static bool amdgpu_sched_ip_has_rings(uint32_t hw_ip)
{
	emu_lockdep_assert_held();

	/* amdgpu_ctx_init_entity: adev->gpu_sched[hw_ip][prio].num_scheds,
	 * 0 for IPs the ASIC lacks (UVD, VCE, VPE on Navi 31) and for VCN
	 * decode, which VCN 4's unified ring serves as VCN_ENC */
	return hw_ip < AMDGPU_EMU_HW_IP_NUM &&
	       emu_dev.adev.hw_ip[hw_ip].present &&
	       emu_dev.adev.hw_ip[hw_ip].num_rings > 0;
}

bool amdgpu_sched_ip_emulated(uint32_t hw_ip)
{
	emu_lockdep_assert_held();

	/* The CP model speaks PM4: SDMA, VCN and JPEG rings are not run. */
	rings_init();
	return (hw_ip == AMDGPU_HW_IP_GFX && emu_dev.sched.ngfx) ||
	       (hw_ip == AMDGPU_HW_IP_COMPUTE && emu_dev.sched.ncompute);
}

/* drm_sched_pick_best: the ring with the lowest score. */
static struct amdgpu_hw_ring *pick_best(uint32_t hw_ip)
{
	struct amdgpu_hw_ring *rings, *best;
	unsigned int i, n;

	rings_init();
	if (hw_ip == AMDGPU_HW_IP_GFX) {
		rings = emu_dev.sched.gfx;
		n = emu_dev.sched.ngfx;
	} else {
		rings = emu_dev.sched.compute;
		n = emu_dev.sched.ncompute;
	}
	best = n ? &rings[0] : NULL;
	for (i = 1; i < n; i++)
		if (rings[i].score < best->score)
			best = &rings[i];
	return best;
}

static bool rings_busy(void)
{
	unsigned int i;

	for (i = 0; i < emu_dev.sched.ngfx; i++)
		if (emu_dev.sched.gfx[i].head)
			return true;
	for (i = 0; i < emu_dev.sched.ncompute; i++)
		if (emu_dev.sched.compute[i].head)
			return true;
	return false;
}

/* --- entities -------------------------------------------------------- */

void amdgpu_sched_entity_init(struct amdgpu_sched_entity *entity,
			      uint32_t hw_ip)
{
	emu_lockdep_assert_held();

	memset(entity, 0, sizeof(*entity));
	entity->hw_ip = hw_ip;
	entity->has_rq = amdgpu_sched_ip_has_rings(hw_ip);
	/* drm_sched_entity_init: dma_fence_context_alloc(2) */
	entity->fence_context = emu_fence_context_alloc(2);
}

/* The job is done: its error (dma_fence_set_error), then the signal. */
static void job_finish(struct amdgpu_job *job, int error)
{
	if (error)
		job->s_fence->finished.error = error;
	emu_fence_signal(&job->s_fence->finished);
	amdgpu_job_free(job);
}

void amdgpu_sched_entity_flush(struct amdgpu_sched_entity *entity)
{
	emu_lockdep_assert_held();

	/* drm_sched_entity_flush, for a process that is not exiting:
	 * wait_event_killable until drm_sched_entity_is_idle */
	while (entity->queued) {
		amdgpu_sched_kick();
		emu_cond_wait_until(EMU_TIME_INFINITE);
	}
}

void amdgpu_sched_entity_fini(struct amdgpu_sched_entity *entity)
{
	struct amdgpu_job *job;

	emu_lockdep_assert_held();
	/* drm_sched_entity_kill: whatever is still queued never runs; its
	 * fences signal with -ESRCH (the kernel does so once each job's
	 * dependencies signalled; here at once) */
	while ((job = entity->queue_head)) {
		entity->queue_head = job->queue_next;
		entity->queued--;
		emu_list_del(&job->sub_link);
		job->ring->score--;
		emu_fence_signal(&job->s_fence->scheduled);
		job_finish(job, -ESRCH);
	}
	entity->queue_tail = NULL;
	emu_fence_put(entity->last_scheduled);
	entity->last_scheduled = NULL;
}

int amdgpu_sched_job_arm(struct amdgpu_job *job,
			 struct amdgpu_sched_entity *entity)
{
	struct amdgpu_sched_fence *s = calloc(1, sizeof(*s));
	uint64_t seq;

	emu_lockdep_assert_held();
	if (!s)
		return -ENOMEM;
	/* drm_sched_fence_init: seq = ++entity->fence_seq on the entity's
	 * two fence contexts */
	seq = ++entity->fence_seq;
	emu_fence_init(&s->scheduled, &scheduled_ops, entity->fence_context,
		       seq);
	emu_fence_init(&s->finished, &finished_ops, entity->fence_context + 1,
		       seq);
	emu_fence_get(&s->scheduled); /* the finished fence's */
	job->s_fence = s;
	job->entity = entity;

	/* drm_sched_entity_select_rq: an entity moves to the least loaded
	 * ring only when it has nothing queued and its last job is done */
	if (!entity->ring || (!entity->queued &&
			      (!entity->last_scheduled ||
			       emu_fence_is_signaled(entity->last_scheduled))))
		entity->ring = pick_best(entity->hw_ip);
	job->ring = entity->ring;
	return 0;
}

void amdgpu_sched_entity_push_job(struct amdgpu_job *job)
{
	struct amdgpu_sched_entity *entity = job->entity;

	emu_lockdep_assert_held();
	if (entity->queue_tail)
		entity->queue_tail->queue_next = job;
	else
		entity->queue_head = job;
	entity->queue_tail = job;
	entity->queued++;

	emu_list_add_tail(&job->sub_link, &emu_dev.sched.submitted);
	job->ring->score++;
	amdgpu_sched_kick();
}

/* --- the engine ------------------------------------------------------ */

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/*
 * drm_sched_entity_pop_job + drm_sched_run_job_work: the job leaves its
 * entity; amdgpu_job_prepare_job fails it with the entity's error
 * (drm_sched_entity_error: the error of the entity's last popped job),
 * then "scheduled" signals and amdgpu_job_run hands the IBs to the ring,
 * or skips them for a job that already has an error.
 */
static void pop(struct amdgpu_job *job)
{
	struct amdgpu_sched_entity *entity = job->entity;
	struct amdgpu_hw_ring *ring = job->ring;
	int error;

	emu_list_del(&job->sub_link);
	entity->queue_head = job->queue_next;
	if (!entity->queue_head)
		entity->queue_tail = NULL;
	entity->queued--;
	job->queue_next = NULL;

	error = entity->last_scheduled ? entity->last_scheduled->error : 0;
	emu_fence_put(entity->last_scheduled);
	entity->last_scheduled = emu_fence_get(&job->s_fence->finished);
	job->entity = NULL;
	emu_fence_signal(&job->s_fence->scheduled);

	if (error) {
		ring->score--;
		job_finish(job, error);
		return;
	}
	if (ring->tail)
		ring->tail->queue_next = job;
	else
		ring->head = job;
	ring->tail = job;
	ring->inflight++;
	ring->emitted++;
}

static bool pop_jobs(uint64_t *wake)
{
	struct amdgpu_job *job, *next;
	bool progress = false;
	uint64_t t;

	emu_list_for_each_entry_safe(job, next, &emu_dev.sched.submitted,
				     sub_link) {
		/* entities run their jobs in order */
		if (job->entity->queue_head != job)
			continue;
		t = amdgpu_job_deps_pending(job);
		if (t) {
			*wake = min_u64(*wake, t);
			continue;
		}
		if (job->ring->inflight >= HW_SUBMISSION)
			continue;
		pop(job);
		progress = true;
	}
	return progress;
}

/* The ring's running job left it, done or failed. */
static void ring_retire(struct amdgpu_hw_ring *ring, int error)
{
	struct amdgpu_job *job = ring->head;

	ring->head = job->queue_next;
	if (!ring->head)
		ring->tail = NULL;
	/* a job on the ring counts in both */
	EMU_WARN_ON(!ring->inflight || !ring->score);
	ring->inflight--;
	ring->score--;
	ring->signaled++;
	job_finish(job, error);
}

/*
 * amdgpu_job_timedout on GFX11 with MES (per-queue reset supported since
 * the gfx11 kernel-queue reset work): soft recovery only kills shader
 * waves, which does not end a CP wait, so the ring is reset; the guilty
 * job's fence gets -ETIME, gpu_reset_counter goes up (so CTX_QUERY2 shows
 * AMDGPU_CTX_QUERY2_FLAGS_RESET), the context is not marked guilty (only
 * a full GPU reset does that, drm_sched_increase_karma) and the other
 * jobs of the ring run on.
 */
static void job_timedout(struct amdgpu_hw_ring *ring)
{
	emu_log("amdgpu: ring %s timeout, signaled seq=%llu, emitted seq=%llu",
		ring->name, (unsigned long long)ring->signaled,
		(unsigned long long)ring->emitted);
	emu_log("amdgpu: Starting %s ring reset", ring->name);
	emu_dev.sched.gpu_reset_counter++;
	ring_retire(ring, -ETIME);
	emu_log("amdgpu: Ring %s reset succeeded", ring->name);
}

static bool run_ring(struct amdgpu_hw_ring *ring, uint64_t now, uint64_t *wake)
{
	struct amdgpu_job *job = ring->head;
	bool progress = false;
	uint64_t deadline;

	if (!job)
		return false;
	if (!job->started) {
		/* drm_sched_start_timeout: the TDR timer runs from when the
		 * job became the oldest one on the ring */
		job->started = true;
		job->start_ns = now;
	}
	switch (amdgpu_cp_run(job, ring->name, CP_BUDGET)) {
	case AMDGPU_CP_DONE:
		amdgpu_cp_write_user_fence(job, ring->name);
		ring_retire(ring, 0);
		return true;
	case AMDGPU_CP_ERROR:
		/* the CP stops on a packet it cannot run and raises the
		 * bad-opcode interrupt: gfx_v11_0_bad_op_irq ->
		 * gfx_v11_0_handle_priv_fault -> drm_sched_fault runs the
		 * timeout handler at once */
		job_timedout(ring);
		return true;
	case AMDGPU_CP_YIELD:
		/* a job that never ends (an IB chained to itself) times out */
		progress = true;
		break;
	case AMDGPU_CP_WAIT:
		break;
	}
	*wake = min_u64(*wake, now + emu_dev.sched.poll_ns);
	if (job->timeout_ns == EMU_TIME_INFINITE ||
	    job->start_ns > EMU_TIME_INFINITE - 1 - job->timeout_ns)
		return progress;
	deadline = job->start_ns + job->timeout_ns;
	if (now >= deadline) {
		job_timedout(ring);
		return true;
	}
	*wake = min_u64(*wake, deadline);
	return progress;
}

static bool run_rings(uint64_t *wake)
{
	uint64_t now = emu_now_ns();
	bool progress = false;
	unsigned int i;

	for (i = 0; i < emu_dev.sched.ngfx; i++)
		progress |= run_ring(&emu_dev.sched.gfx[i], now, wake);
	for (i = 0; i < emu_dev.sched.ncompute; i++)
		progress |= run_ring(&emu_dev.sched.compute[i], now, wake);
	return progress;
}

/*
 * The engine thread: one per process, started by the first job and kept
 * for the life of the process. It sleeps on its own condition (no other
 * thread waits there) until a job, a fence or an ioctl can have changed
 * what it waits for, or until the next poll of a WAIT_REG_MEM or the next
 * job deadline.
 */
static void *engine_main(void *arg)
{
	(void)arg;
	/* sleep close to the polling interval, not the default 50 us slack */
	prctl(PR_SET_TIMERSLACK, 1000ul, 0, 0, 0);
	emu_lock();
	for (;;) {
		uint64_t wake = EMU_TIME_INFINITE;
		bool progress;

		if (atomic_load(&emu_dev.sched.fork_quiesce)) {
			atomic_store(&emu_dev.sched.engine_parked, true);
			while (atomic_load(&emu_dev.sched.fork_quiesce)) {
				emu_unlock();
				sched_yield();
				emu_lock();
			}
			atomic_store(&emu_dev.sched.engine_parked, false);
		}
		if (emu_list_empty(&emu_dev.sched.submitted) && !rings_busy()) {
			emu_dev.sched.poll_ns = CP_POLL_MIN_NS;
			emu_cond_wait_on(&emu_dev.sched.cond,
					 EMU_TIME_INFINITE);
			continue;
		}
		progress = pop_jobs(&wake);
		progress |= run_rings(&wake);
		if (progress) {
			emu_dev.sched.poll_ns = CP_POLL_MIN_NS;
			/* let ioctls and waiters at the device lock */
			emu_unlock();
			sched_yield();
			emu_lock();
			continue;
		}
		if (!emu_cond_wait_on(&emu_dev.sched.cond, wake))
			emu_dev.sched.poll_ns = CP_POLL_MIN_NS; /* woken */
		else if (emu_dev.sched.poll_ns < CP_POLL_MAX_NS / 2)
			emu_dev.sched.poll_ns *= 2;
		else
			emu_dev.sched.poll_ns = CP_POLL_MAX_NS;
	}
	emu_unlock();
	return NULL;
}

/*
 * fork() must not copy the device lock while the engine holds it, nor the
 * device condition while the engine waits on it (a condition variable
 * with a waiter that does not exist in the child is undefined there):
 * the engine is first moved off the condition, parked outside the lock,
 * then the lock is held across fork.
 */
static void atfork_prepare(void)
{
	emu_lock();
	if (!emu_dev.sched.running || emu_dev.sched.pid != emu_getpid())
		return;
	atomic_store(&emu_dev.sched.fork_quiesce, true);
	emu_wake_all();
	emu_unlock();
	while (!atomic_load(&emu_dev.sched.engine_parked))
		sched_yield();
	emu_lock();
}

static void atfork_release(void)
{
	atomic_store(&emu_dev.sched.fork_quiesce, false);
	emu_unlock();
}

static void atfork_child(void)
{
	atomic_store(&emu_dev.sched.engine_parked, false);
	atfork_release();
}

static void atfork_register(void)
{
	if (pthread_atfork(atfork_prepare, atfork_release, atfork_child))
		emu_log("amdgpu: pthread_atfork failed: the engine thread may "
			"deadlock a forked child");
}

void amdgpu_sched_kick(void)
{
	emu_lockdep_assert_held();

	pthread_attr_t attr;
	pthread_t thread;
	int r;

	if (emu_list_empty(&emu_dev.sched.submitted) && !rings_busy())
		return;
	if (emu_dev.sched.running && emu_dev.sched.pid == emu_getpid()) {
		pthread_cond_signal(&emu_dev.sched.cond);
		return;
	}
	pthread_once(&atfork_once, atfork_register);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, ENGINE_STACK);
	r = pthread_create(&thread, &attr, engine_main, NULL);
	pthread_attr_destroy(&attr);
	if (r) {
		emu_log("amdgpu: cannot start the command processor thread "
			"(%s): jobs do not run",
			strerror(r));
		return;
	}
	emu_dev.sched.running = true;
	emu_dev.sched.pid = emu_getpid();
}
