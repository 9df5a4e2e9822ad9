/* SPDX-License-Identifier: MIT */
/*
 * The emulated command processor (CP): runs the PM4 packets of a job's
 * IBs from BO memory, through the job's view of the VM (amdgpu_job.h).
 *
 * Packets (type 3 only; encodings from Mesa src/amd/common/sid.h and the
 * kernel's nvd.h / soc15d.h):
 *   NOP (0x10)              skipped; COUNT 0x3fff is the header-only form
 *   WRITE_DATA (0x37)       DST_SEL 1, 2 or 5 (memory): dwords to memory,
 *                           incrementing unless WR_ONE_ADDR
 *   WAIT_REG_MEM (0x3c)     MEM_SPACE 1 (memory), OPERATION 0: polls
 *                           (*addr & mask) FUNCTION reference until true
 *   INDIRECT_BUFFER (0x3f)  CHAIN: the IB being run is replaced; else a
 *                           call from the kernel IB to an IB2 (two levels)
 *   EVENT_WRITE_EOP (0x47)  DATA_SEL 0..4 to memory
 *   RELEASE_MEM (0x49)      DATA_SEL 0..4 to memory (DST_SEL 0 or 1)
 *   DMA_DATA (0x50)         CP DMA: fill (SRC_SEL DATA) or copy, memory to
 *                           memory; zero bytes or DST_SEL nowhere: nothing
 *   COPY_DATA (0x40)        32 or 64 bits from memory, an immediate or the
 *                           GPU clock counter to memory
 *   COND_EXEC (0x22)        a zero dword at the address discards the next
 *                           EXEC_COUNT dwords of the IB
 *   no-ops                  SET_{CONTEXT,SH,UCONFIG,CONFIG}_REG(_INDEX),
 *                           EVENT_WRITE without data, ACQUIRE_MEM,
 *                           CONTEXT_CONTROL, CLEAR_STATE, PREAMBLE_CNTL,
 *                           PFP_SYNC_ME (the graphics-pipe ones on GFX
 *                           rings only)
 * Anything else (other opcodes such as draws and dispatches, type 0/1/2
 * packets, register space, GDS, a packet running past the end of its IB,
 * an IB2 calling further, a COND_EXEC discarding past its IB) stops the
 * CP: the job fails as a hang (AMDGPU_CP_ERROR; sched_main.c resets the
 * ring at once).

 * A GPU page fault (an address no valid mapping covers) is logged once per
 * job and, as with the hardware's default page, reads return 0 and writes
 * are dropped; a PRT mapping reads 0 and drops writes without a fault.
 *
 * Needs the device lock; BO memory is read and written through the BOs'
 * kmaps, which the job keeps referenced.
 */
#ifndef UQ_EMU_AMDGPU_CP_H
#define UQ_EMU_AMDGPU_CP_H

struct amdgpu_job;

enum amdgpu_cp_status {
	AMDGPU_CP_DONE, /* every IB ran to its end */
	AMDGPU_CP_WAIT, /* a WAIT_REG_MEM condition is false: poll again */
	AMDGPU_CP_YIELD, /* budget used up, more to run */
	AMDGPU_CP_ERROR, /* a packet the CP cannot run: the job hangs */
};

/* Run at most `budget` packets of the job; ring names the ring in logs. */
enum amdgpu_cp_status amdgpu_cp_run(struct amdgpu_job *job, const char *ring,
				    unsigned int budget);

/* amdgpu_ring_emit_fence with the job's user fence: the 64-bit sequence
 * number to the FENCE chunk's BO, after the IBs. */
void amdgpu_cp_write_user_fence(struct amdgpu_job *job, const char *ring);

#endif
