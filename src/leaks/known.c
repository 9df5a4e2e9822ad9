// SPDX-License-Identifier: MIT
/*
 * The known userq fence leaks, from releases.md §3.1 (ids, titles,
 * mechanisms, releases and backports as recorded there, December 2026).
 */
#include "known.h"

static const char *const drivers_and_fences[] = { "fence_drivers", "fences",
						  NULL };
static const char *const drivers_only[] = { "fence_drivers", NULL };

static const char *const dd88_backports[] = {
	"offered by AUTOSEL for 7.0.y and 6.18.y (2026-04-28); not in 6.18.y as of 2026-06-26",
	NULL
};
static const char *const teardown_backports[] = {
	"6.19 (efef666943)", "6.18.y (664423109d, b2426a211dba; Jan 2026)", NULL
};
static const char *const overflow_backports[] = {
	"6.18.y (92f65597dc; authored 2026-02-23)",
	"6.19.y and 7.0.y unverified", NULL
};

const struct uq_leak_fix uq_leak_fixes[] = {
	{
		.commit = "dd88d42d9ca0",
		.name = "signalled-at-creation",
		.title =
			"drm/amdgpu: drop userq fence driver refs out of fence process()",
		.mechanism =
			"USERQ_WAIT (fill) on queue W parks a reference to each producer's fence driver on W; "
			"W's next USERQ_SIGNAL creates a fence that is signalled at creation, the parked "
			"references move into it and are never put: each producer's fence driver outlives its queue",
		.first_release = "7.1",
		.backports = dd88_backports,
		.scenario =
			"producer SIGNAL, waiter WAIT count+fill, waiter SIGNAL",
		.run = leak_signalled,
		.slots = leak_signalled_slots,
		.iterations = 4,
		.control = true,
		/* the fences are freed: only fence-driver counts see it */
		.seen_as = drivers_only,
		/* 8e051e38a8d4: 6.19 and 6.18.y (Jan 2026); dd88d42d9ca0:
		 * 7.1, in no 6.18.y */
		.masked_by = "8e051e38a8d4",
	},
	{
		.commit = "8e051e38a8d4",
		.name = "queue-teardown",
		.title =
			"drm/amdgpu/userq: Fix fence reference leak on queue teardown v2",
		.mechanism =
			"USERQ(CREATE), USERQ_SIGNAL, USERQ(FREE) or close: the queue's last_fence is never put; "
			"per freed queue that signalled, one fence and the queue's fence driver (and its seq64 slot) leak",
		.first_release = "6.19",
		.backports = teardown_backports,
		.scenario = "queue CREATE, SIGNAL once, FREE",
		.run = leak_teardown,
		.slots = leak_teardown_slots,
		.iterations = 4,
		.seen_as = drivers_and_fences,
	},
	{
		.commit = "49abfa812617",
		.name = "wait-overflow",
		.title =
			"drm/amdgpu/userq: Fix reference leak in amdgpu_userq_wait_ioctl",
		.mechanism =
			"USERQ_WAIT (fill) whose syncobjs yield more fences than num_fences fails with EINVAL "
			"and does not put the reference it took on the fence that did not fit: the fence and "
			"its producer's fence driver leak",
		.first_release = "7.0-rc or the 7.1 window (unverified)",
		.backports = overflow_backports,
		.scenario =
			"two producers SIGNAL, waiter WAIT fill with room for one",
		.run = leak_wait_overflow,
		.slots = leak_wait_overflow_slots,
		.iterations = 4,
		.control = true,
		.seen_as = drivers_and_fences,
		/* 8e051e38a8d4: 6.19 and 6.18.y (Jan 2026); 49abfa812617:
		 * 6.18.y (Feb 2026), absent from the drm-kmod 6.19 and 7.0
		 * branches */
		.masked_by = "8e051e38a8d4",
		.unreachable_reason =
			"an undersized USERQ_WAIT (fill) succeeds on this kernel: it waits for the surplus fences in the ioctl (1cc16538402a, 7.1)",
	},
};

const size_t uq_leak_nfixes = sizeof(uq_leak_fixes) / sizeof(uq_leak_fixes[0]);
