/* SPDX-License-Identifier: MIT */
/*
 * file:PATH source: a counter of live fence drivers in a file of a patched
 * kernel (no upstream kernel has one, userq.md §11): one number, or
 * "key: value" lines of which fence_drv_live is taken.
 */
#include <errno.h>
#include <stdlib.h>

#include "source.h"

static int file_read(struct uq_fence_src *s, const struct uq_fence_ctx *ctx,
		     enum uq_fence_phase phase)
{
	char *text, why[128];
	int64_t value;
	int ret;

	(void)ctx;
	ret = uq_fence_src_read_text(s, s->path, &text);
	if (ret)
		return 0;
	ret = uq_parse_counter_file(text, &value, why, sizeof(why));
	free(text);
	if (ret) {
		uq_fence_src_unavailable(s, "%s: %s", s->path, why);
		return 0;
	}
	uq_fence_src_set(s, phase, value);
	return 0;
}

const struct uq_fence_ops uq_fence_file_ops = {
	.counts = "fence_drivers",
	.counts_fence_drivers = true,
	.read = file_read,
};
