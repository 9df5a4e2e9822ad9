/* SPDX-License-Identifier: MIT */
/*
 * Waits on syncobjs that a stop (--timeout, SIGINT, SIGTERM) can end.
 *
 * The stop handlers set a flag and use SA_RESTART, and libdrm restarts an
 * interrupted ioctl: a single DRM_IOCTL_SYNCOBJ_(TIMELINE_)WAIT with a
 * 10 s deadline would hold the tool that long after --timeout expired.
 * So a wait is split into slices of UQ_WAIT_SLICE_NS, and the flag is
 * looked at between them; once the run is stopping, all waits together
 * get at most UQ_WAIT_AFTER_STOP_NS more. Then closing the file costs what
 * the kernel makes it cost: amdgpu_flush gives a VM with unfinished work
 * up to a second (amdgpu_vm_wait_idle(vm, HZ)).
 */
#ifndef UQ_GPU_WAIT_H
#define UQ_GPU_WAIT_H

#include <stdint.h>

#define UQ_WAIT_SLICE_NS (50ull * 1000000)
#define UQ_WAIT_AFTER_STOP_NS (250ull * 1000000)

/*
 * Wait for all of @handles (binary syncobjs when @points is NULL, else
 * timeline points) with WAIT_FOR_SUBMIT, for at most @timeout_ns.
 * Returns 0, -ETIME when the time ran out, -EINTR when a stop ended the
 * wait first, or another -errno from the ioctl.
 */
int uq_syncobj_wait_all(int fd, uint32_t *handles, uint64_t *points,
			uint32_t count, uint64_t timeout_ns);

#endif
