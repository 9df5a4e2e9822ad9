/* SPDX-License-Identifier: MIT */
/*
 * Fence-driver accounting (SPEC §6, userq.md §11): the sources chosen with
 * --fence-source, read before and after a workload, and the verdict.
 *
 * The order matters, and is this:
 *
 *	uq_fence_acct_init()    kprobes created and enabled
 *	uq_fence_acct_before()  seq64 probed twice, then the others read
 *	  workload: queues created
 *	uq_fence_acct_during()  the others read (debugfs sees the queues)
 *	  workload: loop; syncobjs destroyed, then the queues freed
 *	uq_fence_acct_after()   the others read, then seq64 probed
 *	uq_fence_acct_fini()    kprobes disabled and removed
 *
 * so that the seq64 probe queues stay outside the window of the other
 * sources, and the window of each source holds exactly the workload.
 * A source that cannot be used is reported "unavailable" with the reason,
 * never as an error; only a failing USERQ ioctl of the seq64 probe fails
 * the run.
 */
#ifndef UQ_SRC_FENCE_ACCT_H
#define UQ_SRC_FENCE_ACCT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "gpu/caps.h"
#include "report/errors.h"
#include "parse.h"

struct uq_device;
struct uq_vm;
struct uq_doorbell;

/* The sources: the probed ones of caps.h, and file:PATH. */
#define UQ_FENCE_FILE UQ_FENCE_METHODS
#define UQ_FENCE_KINDS (UQ_FENCE_METHODS + 1)
#define UQ_FENCE_MAX_FILES 4
#define UQ_FENCE_MAX_SOURCES (UQ_FENCE_METHODS + UQ_FENCE_MAX_FILES)

/* What --fence-source asked for. Zeroed = nothing yet (= auto). */
struct uq_fence_sel {
	bool given; /* any --fence-source */
	bool none;
	bool all; /* auto */
	bool method[UQ_FENCE_METHODS];
	const char *file[UQ_FENCE_MAX_FILES];
	unsigned int nfiles;
};

/**
 * uq_fence_sel_add - one --fence-source value: auto, seq64, kprobe,
 * debugfs, slab, tracepoint, file:PATH or none.
 * Returns 0; -EINVAL for an unknown value or an empty PATH; -E2BIG for
 * more than UQ_FENCE_MAX_FILES files; -EEXIST when "none" is mixed with
 * a source.
 */
int uq_fence_sel_add(struct uq_fence_sel *sel, const char *arg);

/* What a workload gives the sources: the seq64 probe creates its queues
 * like the workload's, on the same VM, doorbell page and IP. */
struct uq_fence_ctx {
	struct uq_device *dev;
	struct uq_vm *vm;
	struct uq_doorbell *db;
	unsigned int ip;
	unsigned int probe_slot; /* doorbell slot no workload queue uses */
	struct uq_errors *errs;
	/* What the workload will do, for sources that record events
	 * (tracepoint sizes its trace buffer): iterations including
	 * warm-up, and queues. 0: a few (the default size is enough);
	 * UINT64_MAX: no bound (a --duration run). */
	uint64_t iterations;
	unsigned int queues;
};

enum uq_fence_phase {
	UQ_PHASE_BEFORE,
	UQ_PHASE_DURING,
	UQ_PHASE_AFTER,
	UQ_PHASES,
};

struct uq_fence_src {
	unsigned int kind; /* enum uq_fence_method, or UQ_FENCE_FILE */
	bool ok;
	char reason[UQ_REASON_LEN]; /* why not, when !ok */
	char path[256]; /* file, slab file, tracefs or debugfs directory */
	bool have[UQ_PHASES];
	int64_t value[UQ_PHASES];
	union {
		struct {
			int64_t first; /* index of the first probe cycle */
			unsigned int cycles;
		} seq64;
		struct {
			char event[2][48]; /* alloc, destroy */
			bool created[2], enabled[2];
			uint64_t hits[UQ_PHASES][2];
		} kprobe;
		struct {
			uint64_t client_id;
		} debugfs;
		struct {
			char instance[48]; /* tracefs instances/NAME */
			bool created;
			bool enabled[UQ_TP_EVENTS];
			/* events written to the instance at each phase */
			uint64_t written[UQ_PHASES];
			uint64_t lost; /* overwritten before they were read */
			/* in the window (before to after) */
			uint64_t count[UQ_TP_EVENTS];
			uint64_t created_ok; /* create_end with result 0 */
			unsigned int emitting; /* distinct emit_fence contexts */
			unsigned int referenced; /* distinct wait_deps fences */
			/* every referenced context emitted in the window from
			 * a queue created in it; -1 unknown */
			int attributable;
			unsigned long buffer_kb; /* set per CPU; 0: left */
		} tracepoint;
	};
};

struct uq_fence_acct {
	struct uq_fence_ctx ctx;
	struct uq_fence_src src[UQ_FENCE_MAX_SOURCES];
	unsigned int n;
};

/**
 * uq_fence_acct_init - the sources of @sel (auto: all four probed ones,
 * unavailable ones with their reason from dev->caps, plus the files),
 * and the kprobes created (stale ones of dead earlier runs removed first).
 */
void uq_fence_acct_init(struct uq_fence_acct *a, const struct uq_fence_sel *sel,
			const struct uq_fence_ctx *ctx);

/**
 * uq_fence_acct_before - seq64 probes (two cycles: the second shows the
 * teardown leak of the probe's own queue), then the other sources.
 * Returns 0, or the -errno of a USERQ/syncobj ioctl of the seq64 probe
 * (recorded in ctx->errs).
 */
int uq_fence_acct_before(struct uq_fence_acct *a);
/* The other sources, while the workload's queues live. */
void uq_fence_acct_during(struct uq_fence_acct *a);
/* The other sources, then the seq64 probe; as uq_fence_acct_before(). */
int uq_fence_acct_after(struct uq_fence_acct *a);

/* Remove the kprobes (disable, then "-:" them). Idempotent. */
void uq_fence_acct_fini(struct uq_fence_acct *a);

/* The verdict of the sources read so far; @leaked as uq_fence_verdict(). */
enum uq_verdict uq_fence_acct_verdict(const struct uq_fence_acct *a,
				      int64_t *leaked);

/* results.signal_wait.fence_drv: {sources, leaked, verdict}. NULL when out
 * of memory. */
json_t *uq_fence_acct_json(const struct uq_fence_acct *a);

/**
 * uq_fence_acct_describe - for the one stderr line of --fail-on-leak: with
 * @leak, the sources that saw the leak and how many each ("seq64 1,
 * kprobe 1"); else why each source could not tell.
 */
void uq_fence_acct_describe(const struct uq_fence_acct *a, bool leak, char *buf,
			    size_t len);

#endif
