/* SPDX-License-Identifier: MIT */
/*
 * The fence-driver accounting sources behind fence/acct.c, one file each
 * (fence/seq64.c, fence/kprobe.c, fence/debugfs.c, fence/slab.c,
 * fence/tracepoint.c, fence/file.c), and what they share.
 */
#ifndef UQ_SRC_FENCE_SRC_H
#define UQ_SRC_FENCE_SRC_H

#include <jansson.h>

#include "acct.h"

struct uq_fence_ops {
	/* What the count is: "fence_drivers", "fences" or "queues". */
	const char *counts;
	bool counts_fence_drivers;
	/* Set up; may mark the source unavailable. NULL: nothing to do. */
	void (*start)(struct uq_fence_src *s, const struct uq_fence_ctx *ctx);
	/* Set s->value[phase] and s->have[phase], or mark the source
	 * unavailable. Returns 0, or -errno for a failure of the run. */
	int (*read)(struct uq_fence_src *s, const struct uq_fence_ctx *ctx,
		    enum uq_fence_phase phase);
	/* Undo start; idempotent. NULL: nothing to do. */
	void (*stop)(struct uq_fence_src *s, const struct uq_fence_ctx *ctx);
	/* What outlived the queues, from before and after. NULL: their
	 * difference. */
	int64_t (*leaked)(const struct uq_fence_src *s);
	/* Extra members of the source's JSON object. NULL: none. */
	int (*json)(const struct uq_fence_src *s, json_t *o);
};

extern const struct uq_fence_ops uq_fence_seq64_ops;
extern const struct uq_fence_ops uq_fence_kprobe_ops;
extern const struct uq_fence_ops uq_fence_debugfs_ops;
extern const struct uq_fence_ops uq_fence_slab_ops;
extern const struct uq_fence_ops uq_fence_file_ops;
extern const struct uq_fence_ops uq_fence_tracepoint_ops;

/**
 * uq_fence_tracepoint_destroyed - the tracepoint source combined with a
 * fence-driver lifetime source (kprobe alloc/destroy): were the fence
 * drivers that WAIT referenced in the window all destroyed in it?
 * @tp: the tracepoint source; @kprobe: the kprobe source or NULL.
 * Returns 1 yes, 0 no, -1 cannot tell.
 */
int uq_fence_tracepoint_destroyed(const struct uq_fence_src *tp,
				  const struct uq_fence_src *kprobe);

/* Mark @s unavailable with the reason (the first one is kept). */
void uq_fence_src_unavailable(struct uq_fence_src *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Store the value read in @phase. */
void uq_fence_src_set(struct uq_fence_src *s, enum uq_fence_phase phase,
		      int64_t value);

/**
 * uq_fence_read_text - the whole content of a small kernel file (debugfs,
 * tracefs, procfs, sysfs), NUL-terminated, at most 1 MiB.
 * @text: malloc'd; free() it.
 * Returns 0 or -errno.
 */
int uq_fence_read_text(const char *path, char **text);

/* uq_fence_read_text() for source @s: on failure @s is marked unavailable
 * ("cannot read PATH: ERRNO"). Returns 0 or -errno. */
int uq_fence_src_read_text(struct uq_fence_src *s, const char *path,
			   char **text);

/**
 * uq_fence_write_text - one write() of @text to a kernel control file
 * (O_WRONLY | O_APPEND: kprobe_events must never be truncated, which
 * would delete every probe of the system).
 * Returns 0 or -errno.
 */
int uq_fence_write_text(const char *path, const char *text);

#endif
