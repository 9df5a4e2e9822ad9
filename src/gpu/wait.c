// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdbool.h>

#include <xf86drm.h>

#include "ioctl/drm_syncobj.h"
#include "measure/measure.h"
#include "wait.h"

static int wait_until(int fd, uint32_t *handles, uint64_t *points,
		      uint32_t count, uint64_t deadline)
{
	const uint32_t flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL |
			       DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT;

	if (points)
		return uq_drm_syncobj_timeline_wait(fd, handles, points, count,
						    (int64_t)deadline, flags);
	return uq_drm_syncobj_wait(fd, handles, count, (int64_t)deadline,
				   flags);
}

/* When a wait first saw the stop: every later wait shares one budget. */
static uint64_t stop_seen_ns;

int uq_syncobj_wait_all(int fd, uint32_t *handles, uint64_t *points,
			uint32_t count, uint64_t timeout_ns)
{
	uint64_t now = uq_now_ns(), deadline = now + timeout_ns, slice;
	bool cut = false;
	int ret;

	for (;;) {
		if (uq_stopped()) {
			if (!stop_seen_ns)
				stop_seen_ns = now;
			if (deadline > stop_seen_ns + UQ_WAIT_AFTER_STOP_NS) {
				deadline = stop_seen_ns + UQ_WAIT_AFTER_STOP_NS;
				cut = true;
			}
		}
		slice = now + UQ_WAIT_SLICE_NS < deadline ?
				now + UQ_WAIT_SLICE_NS :
				deadline;
		ret = wait_until(fd, handles, points, count, slice);
		/* the clock is read only after a slice ran out, not in the
		 * unmap timings' common case */
		if (ret != -ETIME)
			return ret;
		now = uq_now_ns();
		/* an ETIME before the slice's deadline is not the slice
		 * running out: the kernel says the wait failed */
		if (now < slice)
			return ret;
		if (now >= deadline)
			return cut ? -EINTR : ret;
	}
}
