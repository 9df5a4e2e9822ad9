/* SPDX-License-Identifier: MIT */
/*
 * The GPU scheduler (drm_sched) in front of the emulated command
 * processor, and the engine thread that runs both.
 *
 * Model:
 *  - A scheduler entity (one per context, IP and ring index) queues its
 *    jobs in submission order. A job is popped when it is the head of its
 *    entity, every dependency has signalled and its hardware ring has a
 *    free slot (amdgpu_sched_hw_submission = 2 jobs in flight per ring).
 *    Popping checks the entity's error (drm_sched_entity_error): after a
 *    job of the entity failed, its later jobs fail the same way without
 *    running. Then "scheduled" signals and the job joins the ring.
 *  - A hardware ring runs its popped jobs one after the other through the
 *    command processor (hw/cp.c). GFX has one ring, COMPUTE as many as
 *    HW_IP_INFO reports; a compute entity picks the least loaded ring when
 *    it has nothing in flight (drm_sched_entity_select_rq).
 *  - A job running longer than its timeout (USERQ_EMU_JOB_TIMEOUT_MS when
 *    it was submitted, default 2000, the amdgpu lockup_timeout) is killed
 *    by a per-queue ring reset (amdgpu_job_timedout): "finished" gets
 *    -ETIME, the device's GPU reset counter goes up, the ring moves on.
 *
 * One engine thread per process does all of this. It takes the device
 * lock for its bookkeeping and sleeps with it released (on the device
 * condition, woken by every fence signal and submission, or after the
 * command processor's polling interval). It starts on demand, also in a
 * child after fork(), and ends when it has nothing left to do; it is
 * detached, so it neither keeps the process alive at exit nor needs to be
 * joined.
 *
 * All functions need the device lock.
 */
#ifndef UQ_EMU_AMDGPU_SCHED_H
#define UQ_EMU_AMDGPU_SCHED_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "emu/lib/list.h"

struct amdgpu_job;
struct emu_fence;

/* Rings per IP the model keeps at most. */
#define AMDGPU_SCHED_MAX_RINGS 8u

/* A ring and its drm_gpu_scheduler (sched_main.c). */
struct amdgpu_hw_ring {
	char name[24]; /* the kernel's ring name, for the logs */
	uint32_t hw_ip;
	struct amdgpu_job *head, *tail; /* pending list; head runs */
	unsigned int inflight;
	unsigned int score; /* jobs queued for or running on it */
	uint64_t emitted, signaled; /* for the timeout message */
};

/* The schedulers, their rings and the engine thread: emu_dev.sched,
 * owned by sched_main.c. */
struct amdgpu_sched_dev {
	bool rings_ready;
	struct amdgpu_hw_ring gfx[AMDGPU_SCHED_MAX_RINGS];
	struct amdgpu_hw_ring compute[AMDGPU_SCHED_MAX_RINGS];
	unsigned int ngfx, ncompute;
	/* jobs pushed and not popped yet, in submission order: walking it
	 * pops in drm_sched's FIFO policy order */
	struct emu_list submitted;
	bool running; /* an engine thread of process `pid` runs */
	pid_t pid;
	/* the engine sleeps here: signalled by amdgpu_sched_kick() and by
	 * emu_wake_all() (whatever wakes fence waiters can unblock a job) */
	pthread_cond_t cond;
	uint64_t poll_ns; /* the WAIT_REG_MEM poll interval, backing off */
	unsigned int gpu_reset_counter; /* adev->gpu_reset_counter */
	/* fork() in progress: the engine leaves the device condition (see
	 * atfork_prepare) and says so */
	atomic_bool fork_quiesce, engine_parked;
};

/* struct drm_sched_entity */
struct amdgpu_sched_entity {
	uint32_t hw_ip;
	bool has_rq; /* entity->rq: the IP has a scheduler on this device */
	uint64_t fence_context; /* scheduled: +0, finished: +1 */
	uint64_t fence_seq;
	struct amdgpu_job *queue_head, *queue_tail; /* not popped yet */
	unsigned int queued;
	struct amdgpu_hw_ring *ring; /* the run queue it currently feeds */
	struct emu_fence *last_scheduled; /* the last popped job's fence */
};

/* Set up emu_dev.sched at device initialisation. */
void amdgpu_sched_dev_init(void);

/* drm_sched_entity_init */
void amdgpu_sched_entity_init(struct amdgpu_sched_entity *entity,
			      uint32_t hw_ip);
/*
 * drm_sched_entity_flush: wait, with the device lock released, until the
 * entity has handed every job to the hardware (not until they finish).
 */
void amdgpu_sched_entity_flush(struct amdgpu_sched_entity *entity);
/* drm_sched_entity_fini: jobs still queued are killed (-ESRCH). */
void amdgpu_sched_entity_fini(struct amdgpu_sched_entity *entity);

/* Can the emulated command processor run this IP's IBs (GFX, COMPUTE)? */
bool amdgpu_sched_ip_emulated(uint32_t hw_ip);

/*
 * drm_sched_job_arm: the job's fences, on the entity's contexts with its
 * next sequence number, and the ring it will run on. 0 or -ENOMEM.
 */
int amdgpu_sched_job_arm(struct amdgpu_job *job,
			 struct amdgpu_sched_entity *entity);
/* drm_sched_entity_push_job: hands the job (armed) to the scheduler. */
void amdgpu_sched_entity_push_job(struct amdgpu_job *job);
/* The drm_sched_fence of a "finished" fence, or NULL for other fences. */
struct amdgpu_sched_fence *amdgpu_sched_fence_of(struct emu_fence *fence);

/* adev->gpu_reset_counter */
unsigned int amdgpu_sched_gpu_reset_counter(void);

/*
 * Make sure the engine thread of this process runs if there is work (a
 * child after fork() inherits the jobs but not the thread).
 */
void amdgpu_sched_kick(void);

#endif
