/* SPDX-License-Identifier: MIT */
/*
 * tracepoint source (releases.md §5.4, §3.3): the amdgpu_userq_* events of
 * 7.3 (f41e74f2111c, f8c38071b96e), recorded in a tracefs instance of this
 * process's own ("uqb_<pid>_userq"), so that the global buffer and its
 * switches are not touched. Enabled: wait_deps (one event per fence-driver
 * reference WAIT parks), emit_fence (one per SIGNAL, with the producer's
 * fence context) and create_end/destroy_end (the queues' lifetime).
 *
 * The value is the number of references parked so far; the window (before
 * to after) gives the references the workload parked, the fence drivers
 * that emitted fences and those that were referenced. No tracepoint covers
 * fence-driver allocation or destruction: whether every referenced driver
 * was destroyed needs the kprobe source too (uq_fence_tracepoint_
 * destroyed()). What the source itself can show outliving the run is a
 * queue created in the window and never destroyed.
 *
 * The instance is always removed (its events disabled first); those of an
 * earlier run that died before removing its own are removed first.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"

#define SYSTEM "amdgpu"

#define TP (&s->tracepoint)

static void instance_path(char *buf, size_t len, const char *dir,
			  const char *instance, const char *file)
{
	snprintf(buf, len, "%s/instances/%s%s%s", dir, instance,
		 file ? "/" : "", file ? file : "");
}

static int set_enable(const char *dir, const char *instance, const char *event,
		      bool on)
{
	char path[1024], file[128];

	snprintf(file, sizeof(file), "events/" SYSTEM "/%s/enable", event);
	instance_path(path, sizeof(path), dir, instance, file);
	return uq_fence_write_text(path, on ? "1" : "0");
}

static int remove_instance(const char *dir, const char *instance)
{
	char path[1024];

	instance_path(path, sizeof(path), dir, instance, NULL);
	return rmdir(path) ? -errno : 0;
}

/* Instances of this tool whose process is gone (SIGKILL, a crash, the
 * --timeout backstop): disable their events and remove them. */
static void remove_stale(const char *dir)
{
	char path[1024];
	struct dirent *de;
	pid_t pid;
	DIR *d;

	snprintf(path, sizeof(path), "%s/instances", dir);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (uq_parse_kprobe_owner(de->d_name, &pid) ||
		    pid == getpid() || !kill(pid, 0) || errno != ESRCH)
			continue;
		for (int i = 0; i < UQ_TP_EVENTS; i++)
			set_enable(dir, de->d_name, uq_tp_event_names[i],
				   false);
		remove_instance(dir, de->d_name);
	}
	closedir(d);
}

/*
 * The instance's buffer_size_kb (per CPU), grown to hold every event of
 * the run: each iteration makes about one wait_deps and one emit_fence
 * per queue. A full buffer overwrites the oldest events, which the read
 * reports. At most MAX_TOTAL_KB over all CPUs (the kernel allocates the
 * size for each); a run without a bound gets that much, a run of a few
 * iterations (ctx->iterations 0) the default.
 */
#define EVENT_BYTES 128ull /* a generous ring-buffer event size */
#define MAX_TOTAL_KB (256ull << 10)

static void size_buffer(struct uq_fence_src *s, const struct uq_fence_ctx *ctx)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	unsigned long long have, want, max;
	char path[1024], *text, num[32];

	if (!ctx->iterations)
		return;
	if (ncpu < 1)
		ncpu = 1;
	max = MAX_TOTAL_KB / (unsigned long long)ncpu;
	want = max;
	if (ctx->iterations && ctx->iterations < (1ull << 40))
		want = ((ctx->iterations + 64) * 2 * (ctx->queues + 1ull) +
			1024) * EVENT_BYTES /
			       1024 +
		       1;
	if (want > max)
		want = max;
	instance_path(path, sizeof(path), s->path, TP->instance,
		      "buffer_size_kb");
	if (uq_fence_read_text(path, &text))
		return;
	have = strtoull(text, NULL, 10);
	free(text);
	if (want <= have)
		return;
	snprintf(num, sizeof(num), "%llu", want);
	if (!uq_fence_write_text(path, num))
		TP->buffer_kb = (unsigned long)want;
}

static void tp_start(struct uq_fence_src *s, const struct uq_fence_ctx *ctx)
{
	char path[1024];
	int ret;

	TP->attributable = -1;
	remove_stale(s->path);
	snprintf(TP->instance, sizeof(TP->instance),
		 UQ_KPROBE_PREFIX "%d_userq", (int)getpid());
	instance_path(path, sizeof(path), s->path, TP->instance, NULL);
	if (mkdir(path, 0755)) {
		uq_fence_src_unavailable(
			s, "cannot create tracefs instance %s: %s", path,
			uq_errno_name(errno));
		return;
	}
	TP->created = true;
	size_buffer(s, ctx);
	for (int i = 0; i < UQ_TP_EVENTS; i++) {
		ret = set_enable(s->path, TP->instance, uq_tp_event_names[i],
				 true);
		if (ret) {
			uq_fence_src_unavailable(
				s,
				"cannot enable %s in tracefs instance %s: %s",
				uq_tp_event_names[i], TP->instance,
				uq_errno_name(-ret));
			return;
		}
		TP->enabled[i] = true;
	}
}

/* Small sets of fence contexts (one per queue of the run). */
struct ctx_set {
	uint64_t *ctx, *doorbell;
	size_t n, cap;
};

static ssize_t set_find(const struct ctx_set *set, uint64_t ctx)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->ctx[i] == ctx)
			return (ssize_t)i;
	return -1;
}

static int set_add(struct ctx_set *set, uint64_t ctx, uint64_t doorbell)
{
	if (set_find(set, ctx) >= 0)
		return 0;
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;
		uint64_t *c = realloc(set->ctx, cap * sizeof(*c)), *d;

		if (!c)
			return -ENOMEM;
		set->ctx = c;
		d = realloc(set->doorbell, cap * sizeof(*d));
		if (!d)
			return -ENOMEM;
		set->doorbell = d;
		set->cap = cap;
	}
	set->ctx[set->n] = ctx;
	set->doorbell[set->n++] = doorbell;
	return 0;
}

static void set_free(struct ctx_set *set)
{
	free(set->ctx);
	free(set->doorbell);
}

/* What the window holds: emitters (context -> doorbell), referenced
 * contexts, doorbells of the queues created. */
struct window {
	struct ctx_set emit, ref, created;
};

static int window_add(struct uq_fence_src *s, struct window *w,
		      const struct uq_tp_record *r)
{
	TP->count[r->event]++;
	switch (r->event) {
	case UQ_TP_CREATE_END:
		if (r->result)
			return 0;
		TP->created_ok++;
		return set_add(&w->created, r->doorbell, 0);
	case UQ_TP_EMIT_FENCE:
		return set_add(&w->emit, r->context, r->doorbell);
	case UQ_TP_WAIT_DEPS:
		return set_add(&w->ref, r->fence_context, 0);
	default:
		return 0;
	}
}

/* Every referenced driver emitted in the window from a queue created in
 * it (so it was allocated in the window). */
static void window_done(struct uq_fence_src *s, const struct window *w)
{
	TP->emitting = (unsigned int)w->emit.n;
	TP->referenced = (unsigned int)w->ref.n;
	TP->attributable = 1;
	for (size_t i = 0; i < w->ref.n; i++) {
		ssize_t e = set_find(&w->emit, w->ref.ctx[i]);

		if (e < 0 || set_find(&w->created, w->emit.doorbell[e]) < 0)
			TP->attributable = 0;
	}
}

static int tp_read(struct uq_fence_src *s, const struct uq_fence_ctx *ctx,
		   enum uq_fence_phase phase)
{
	uint64_t in = 0, written = 0, idx = 0, parked = 0;
	bool window = phase == UQ_PHASE_AFTER, header = false;
	struct window w = { 0 };
	struct uq_tp_record r;
	char path[1024], *line = NULL;
	size_t cap = 0;
	int ret = 0;
	FILE *f;

	(void)ctx;
	instance_path(path, sizeof(path), s->path, TP->instance, "trace");
	f = fopen(path, "re");
	if (!f) {
		uq_fence_src_unavailable(s, "cannot read %s: %s", path,
					 uq_errno_name(errno));
		return 0;
	}
	if (window)
		memset(TP->count, 0, sizeof(TP->count));
	while (!ret && getline(&line, &cap, f) > 0) {
		if (!header && !uq_parse_trace_entries(line, &in, &written)) {
			header = true;
			idx = written - in; /* the first record's number */
			continue;
		}
		ret = uq_parse_tp_line(line, &r);
		if (ret == -ENOENT) {
			ret = 0;
			continue;
		}
		if (ret) {
			line[strcspn(line, "\n")] = '\0';
			uq_fence_src_unavailable(
				s, "%s: unexpected line: %.80s", path, line);
			break;
		}
		parked += r.event == UQ_TP_WAIT_DEPS;
		if (window && idx >= TP->written[UQ_PHASE_BEFORE])
			ret = window_add(s, &w, &r);
		idx++;
	}
	free(line);
	fclose(f);
	if (window && !ret && s->ok)
		window_done(s, &w);
	set_free(&w.emit);
	set_free(&w.ref);
	set_free(&w.created);
	if (ret == -ENOMEM)
		uq_fence_src_unavailable(s, "out of memory reading %s", path);
	if (!s->ok)
		return 0;
	if (!header) {
		uq_fence_src_unavailable(s, "%s: no entries-written line",
					 path);
		return 0;
	}
	/* the kernel overwrites the oldest events of a full buffer */
	TP->lost = written - in;
	if (TP->lost) {
		uq_fence_src_unavailable(
			s,
			"the trace buffer of %s overran: %llu of %llu events lost (buffer_size_kb too small for this run)",
			TP->instance, (unsigned long long)TP->lost,
			(unsigned long long)written);
		return 0;
	}
	TP->written[phase] = written;
	uq_fence_src_set(s, phase, (int64_t)parked);
	return 0;
}

static void tp_stop(struct uq_fence_src *s, const struct uq_fence_ctx *ctx)
{
	int ret;

	for (int i = 0; i < UQ_TP_EVENTS; i++) {
		if (!TP->enabled[i])
			continue;
		set_enable(s->path, TP->instance, uq_tp_event_names[i], false);
		TP->enabled[i] = false;
	}
	if (!TP->created)
		return;
	TP->created = false;
	ret = remove_instance(s->path, TP->instance);
	if (ret)
		uq_error_add(
			ctx->errs, "tracefs", -ret,
			"cannot remove tracefs instance %s: %s; remove it by hand: rmdir %s/instances/%s",
			TP->instance, uq_errno_name(-ret), s->path,
			TP->instance);
}

/* Queues created in the window and not destroyed in it. */
static int64_t tp_leaked(const struct uq_fence_src *s)
{
	int64_t d =
		(int64_t)TP->created_ok - (int64_t)TP->count[UQ_TP_DESTROY_END];

	return d > 0 ? d : 0;
}

int uq_fence_tracepoint_destroyed(const struct uq_fence_src *s,
				  const struct uq_fence_src *kprobe)
{
	const uint64_t(*h)[2];
	uint64_t alloc, destroy;

	if (!s->ok || !s->have[UQ_PHASE_BEFORE] || !s->have[UQ_PHASE_AFTER])
		return -1;
	if (!TP->referenced)
		return 1;
	if (!kprobe || !kprobe->ok || !kprobe->have[UQ_PHASE_BEFORE] ||
	    !kprobe->have[UQ_PHASE_AFTER])
		return -1;
	h = kprobe->kprobe.hits;
	alloc = h[UQ_PHASE_AFTER][0] - h[UQ_PHASE_BEFORE][0];
	destroy = h[UQ_PHASE_AFTER][1] - h[UQ_PHASE_BEFORE][1];
	/* a driver allocated in the run outlived it: which one the counts
	 * cannot tell, but every referenced one was allocated in the run */
	if (alloc > destroy)
		return TP->attributable == 1 ? 0 : -1;
	/* as many destroyed as allocated, and the referenced ones among
	 * the allocated */
	return alloc == destroy && TP->attributable == 1 ? 1 : -1;
}

static int tp_json(const struct uq_fence_src *s, json_t *o)
{
	json_t *extra, *events;

	if (!TP->instance[0])
		return 0;
	events = json_array();
	for (int i = 0; events && i < UQ_TP_EVENTS; i++)
		if (json_array_append_new(events,
					  json_string(uq_tp_event_names[i]))) {
			json_decref(events);
			events = NULL;
		}
	extra = json_pack("{s:s, s:o, s:o}", "instance", TP->instance, "events",
			  events, "buffer_size_kb",
			  TP->buffer_kb ?
				  json_integer((json_int_t)TP->buffer_kb) :
				  json_null());
	if (!extra)
		return -ENOMEM;
	if (s->ok && s->have[UQ_PHASE_BEFORE] && s->have[UQ_PHASE_AFTER]) {
		json_t *w = json_pack(
			"{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "parked_refs",
			(json_int_t)TP->count[UQ_TP_WAIT_DEPS],
			"fences_emitted",
			(json_int_t)TP->count[UQ_TP_EMIT_FENCE],
			"emitting_drivers", (json_int_t)TP->emitting,
			"referenced_drivers", (json_int_t)TP->referenced,
			"queues_created", (json_int_t)TP->created_ok,
			"queues_destroyed",
			(json_int_t)TP->count[UQ_TP_DESTROY_END], "events_lost",
			(json_int_t)TP->lost);

		if (!w || json_object_update(extra, w)) {
			json_decref(w);
			json_decref(extra);
			return -ENOMEM;
		}
		json_decref(w);
	}
	json_object_update(o, extra);
	json_decref(extra);
	return 0;
}

const struct uq_fence_ops uq_fence_tracepoint_ops = {
	.counts = "fence_driver_refs",
	.start = tp_start,
	.read = tp_read,
	.stop = tp_stop,
	.leaked = tp_leaked,
	.json = tp_json,
};
