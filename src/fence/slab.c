/* SPDX-License-Identifier: MIT */
/*
 * slab source (userq.md §11.4): live objects of the amdgpu_userq_fence
 * cache. It counts user-queue fences, not fence drivers: it shows the
 * teardown (8e051e38) and WAIT overflow (49abfa81) leaks, which leave
 * fences behind, and not dd88d42d, where the fences are freed. With SLUB
 * cache merging the count includes the merged cache's objects.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"

#define CACHE "amdgpu_userq_fence"

static int read_slabinfo(const char *text, uint64_t *active)
{
	for (const char *line = text; line && *line;) {
		int ret = uq_parse_slabinfo_line(line, CACHE, active);

		if (ret != -ENOENT)
			return ret;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -ENOENT;
}

static int slab_read(struct uq_fence_src *s, const struct uq_fence_ctx *ctx,
		     enum uq_fence_phase phase)
{
	bool slabinfo = !strcmp(s->path, "/proc/slabinfo");
	uint64_t objects;
	char *text;
	int ret;

	(void)ctx;
	ret = uq_fence_src_read_text(s, s->path, &text);
	if (ret)
		return 0;
	ret = slabinfo ? read_slabinfo(text, &objects) :
			 uq_parse_slab_objects(text, &objects);
	free(text);
	if (ret) {
		uq_fence_src_unavailable(s, "%s: %s", s->path,
					 ret == -ENOENT ? "no " CACHE
							  " line any more" :
							  "unexpected format");
		return 0;
	}
	uq_fence_src_set(s, phase, (int64_t)objects);
	return 0;
}

const struct uq_fence_ops uq_fence_slab_ops = {
	.counts = "fences",
	.read = slab_read,
};
