/* SPDX-License-Identifier: MIT */
/*
 * The pure parts of fence-driver accounting (SPEC §6, userq.md §11): the
 * text formats of the kernel files the sources read, the seq64 slot
 * formula and the verdict. No I/O, no global state: unit-tested directly
 * (tests/unit/test_fence_acct.c). Parsers return 0 or -EINVAL/-ENOENT and
 * leave their outputs untouched on failure.
 */
#ifndef UQ_SRC_FENCE_PARSE_H
#define UQ_SRC_FENCE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* AMDGPU_VA_RESERVED_SEQ64_SIZE is 2 MiB with a 2 MiB-aligned base, and
 * every fence driver owns one u64 slot in it (amdgpu_seq64.c). */
#define UQ_SEQ64_VA_MASK 0x1fffffull

/* The seq64 slot of a fence_info.va from a USERQ_WAIT fill (userq.md
 * §11.1): the slot index inside the 2 MiB area. */
static inline uint32_t uq_seq64_slot(uint64_t va)
{
	return (uint32_t)((va & UQ_SEQ64_VA_MASK) >> 3);
}

/**
 * uq_parse_kprobe_profile_line - one line of tracefs kprobe_profile,
 * "  EVENT   HITS   MISSES" (older kernels may print "GROUP/EVENT").
 * @event: the event name to look for.
 * @hits: its hit count.
 *
 * Returns 0, -ENOENT for a line of another event, -EINVAL for a line
 * that is not "name number number".
 */
int uq_parse_kprobe_profile_line(const char *line, const char *event,
				 uint64_t *hits);

/**
 * uq_parse_kprobe_event_line - one line of tracefs kprobe_events,
 * "p:GROUP/EVENT SYMBOL ..." or "r[N]:GROUP/EVENT ...", each name as the
 * kernel accepts one (letters, digits, '_', '.'; not a digit first).
 * @group, @event: outputs of @len bytes each.
 *
 * Returns 0 or -EINVAL.
 */
int uq_parse_kprobe_event_line(const char *line, char *group, char *event,
			       size_t len);

/* The kprobe event names of this tool: "uqb_<pid>_<what>". */
#define UQ_KPROBE_PREFIX "uqb_"

/**
 * uq_parse_kprobe_owner - the pid in one of this tool's event names.
 * Returns 0, or -EINVAL for a name that is not "uqb_<pid>_<what>".
 */
int uq_parse_kprobe_owner(const char *event, pid_t *pid);

/**
 * uq_parse_slabinfo_line - a /proc/slabinfo line of @cache:
 * "NAME ACTIVE_OBJS NUM_OBJS OBJSIZE ...".
 * @active: ACTIVE_OBJS, the live objects.
 *
 * Returns 0, -ENOENT for another cache (or the header), -EINVAL for a
 * malformed line of @cache.
 */
int uq_parse_slabinfo_line(const char *line, const char *cache,
			   uint64_t *active);

/**
 * uq_parse_slab_objects - /sys/kernel/slab/CACHE/objects: "N" or
 * "N N0=a N1=b" (per NUMA node).
 * Returns 0 or -EINVAL.
 */
int uq_parse_slab_objects(const char *text, uint64_t *objects);

/**
 * uq_parse_fdinfo_client_id - the "drm-client-id:" value of a DRM fd's
 * /proc/PID/fdinfo/FD text (drm_show_fdinfo()).
 * Returns 0, -ENOENT without the key, -EINVAL for a bad value.
 */
int uq_parse_fdinfo_client_id(const char *text, uint64_t *id);

/**
 * uq_parse_counter_file - the count in a file:PATH source: either one
 * integer, or "key: value" lines, of which the key "fence_drv_live" is
 * taken, else "fence_drivers", else the only line.
 * @why: on failure, why (@len bytes).
 *
 * Returns 0, -ENOENT when no line is the count, -EINVAL for text that is
 * neither form.
 */
int uq_parse_counter_file(const char *text, int64_t *value, char *why,
			  size_t len);

/**
 * uq_parse_kallsyms_line - the symbol name of one /proc/kallsyms line,
 * "ADDR TYPE NAME" or "ADDR TYPE NAME\t[MODULE]".
 * @name: output of @len bytes.
 *
 * Returns 0, or -EINVAL for a line without a name or with a name of
 * @len bytes or more.
 */
int uq_parse_kallsyms_line(const char *line, char *name, size_t len);

/* The amdgpu_userq_* events of 7.3 (f41e74f2111c, f8c38071b96e;
 * releases.md §5.4) the tracepoint source reads. */
enum uq_tp_event {
	UQ_TP_WAIT_DEPS,
	UQ_TP_EMIT_FENCE,
	UQ_TP_CREATE_END,
	UQ_TP_DESTROY_END,
	UQ_TP_EVENTS,
};

/* "amdgpu_userq_wait_deps", ... */
extern const char *const uq_tp_event_names[UQ_TP_EVENTS];

/* One of those events, from a line of a tracefs trace file. */
struct uq_tp_record {
	enum uq_tp_event event;
	uint64_t client_id; /* emit_fence, wait_deps */
	uint64_t doorbell;
	/* emit_fence: the producer's fence context and seqno; wait_deps:
	 * the waiter's context, and the fence it depends on */
	uint64_t context, fence_context, fence_seqno;
	int result; /* create_end, destroy_end */
};

/**
 * uq_parse_tp_line - one line of tracefs `trace`,
 * "COMM-PID [CPU] FLAGS TIMESTAMP: EVENT: OUTPUT", for the events of
 * enum uq_tp_event with their printk formats.
 *
 * Returns 0, -ENOENT for a comment or another event, -EINVAL for one of
 * ours whose output does not parse.
 */
int uq_parse_tp_line(const char *line, struct uq_tp_record *r);

/**
 * uq_parse_trace_entries - the header line of `trace`,
 * "# entries-in-buffer/entries-written: IN/WRITTEN   #P:N".
 * Returns 0, or -ENOENT for another line.
 */
int uq_parse_trace_entries(const char *line, uint64_t *in_buffer,
			   uint64_t *written);

/* Is a debugfs entry a user-queue directory, "queue-N" (6.17/6.18 era)
 * or "queue_N" (2026)? */
bool uq_is_queue_dir(const char *name);

enum uq_verdict {
	UQ_VERDICT_UNKNOWN,
	UQ_VERDICT_NO_LEAK,
	UQ_VERDICT_LEAK,
};

/* "unknown", "no-leak", "leak". */
const char *uq_verdict_name(enum uq_verdict v);

/* What one source saw, for the verdict. */
struct uq_fence_view {
	bool ok; /* status ok, before and after read */
	/* It counts fence drivers (seq64, kprobe, file), so it can also
	 * tell that none leaked. slab (fences) and debugfs (queues) can
	 * only show that something outlived the queues. */
	bool counts_fence_drivers;
	int64_t leaked; /* what outlived the queues (>= 0) */
};

/**
 * uq_fence_verdict - SPEC §6: "leak" when an ok source shows something that
 * outlived the queues, "no-leak" when a source that counts fence drivers
 * could see and none did, else "unknown".
 * @leaked: the number of leaked fence drivers: the largest count of the
 *          sources that count them (seq64 is a lower bound, kprobe exact);
 *          -1 (null) when unknown, also for a leak that only slab or
 *          debugfs saw.
 */
enum uq_verdict uq_fence_verdict(const struct uq_fence_view *v, size_t n,
				 int64_t *leaked);

#endif
