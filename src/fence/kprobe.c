/* SPDX-License-Identifier: MIT */
/*
 * kprobe source (userq.md §11.6): tracefs kprobes on the fence driver's
 * alloc and its kref release, hit counts from kprobe_profile; live fence
 * drivers = alloc hits - destroy hits. The probes are this process's own
 * ("uqb_<pid>_alloc", "uqb_<pid>_destroy") and are always removed; those of
 * an earlier run that died before removing its own are removed first.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gpu/device.h"
#include "source.h"

#define GROUP "kprobes"

static const char *const symbols[2] = {
	"amdgpu_userq_fence_driver_alloc",
	"amdgpu_userq_fence_driver_destroy",
};
static const char *const suffixes[2] = { "alloc", "destroy" };

static void path_of(char *buf, size_t len, const char *dir, const char *file)
{
	snprintf(buf, len, "%s/%s", dir, file);
}

static int set_enable(const char *dir, const char *event, bool on)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/events/" GROUP "/%s/enable", dir,
		 event);
	return uq_fence_write_text(path, on ? "1" : "0");
}

static int remove_event(const char *dir, const char *group, const char *event)
{
	char path[512], cmd[256];

	path_of(path, sizeof(path), dir, "kprobe_events");
	snprintf(cmd, sizeof(cmd), "-:%s/%s\n", group, event);
	return uq_fence_write_text(path, cmd);
}

static bool pid_dead(pid_t pid)
{
	return kill(pid, 0) && errno == ESRCH;
}

/* Probes of this tool whose process is gone: a run killed before it could
 * remove them (SIGKILL, a crash, the --timeout backstop). */
static void remove_stale(const char *dir)
{
	char path[512], group[64], event[64], *text, *line, *save = NULL;
	pid_t pid;

	path_of(path, sizeof(path), dir, "kprobe_events");
	if (uq_fence_read_text(path, &text))
		return;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (uq_parse_kprobe_event_line(line, group, event,
					       sizeof(event)) ||
		    uq_parse_kprobe_owner(event, &pid) || pid == getpid() ||
		    !pid_dead(pid))
			continue;
		if (!strcmp(group, GROUP))
			set_enable(dir, event, false);
		remove_event(dir, group, event);
	}
	free(text);
}

static void kprobe_start(struct uq_fence_src *s, const struct uq_fence_ctx *ctx)
{
	const char *dir = s->path;
	char path[512], cmd[256];
	int ret;

	(void)ctx;
	remove_stale(dir);
	path_of(path, sizeof(path), dir, "kprobe_events");
	for (int i = 0; i < 2; i++) {
		snprintf(s->kprobe.event[i], sizeof(s->kprobe.event[i]),
			 UQ_KPROBE_PREFIX "%d_%s", (int)getpid(), suffixes[i]);
		snprintf(cmd, sizeof(cmd), "p:" GROUP "/%s %s\n",
			 s->kprobe.event[i], symbols[i]);
		ret = uq_fence_write_text(path, cmd);
		if (ret) {
			uq_fence_src_unavailable(
				s, "cannot add a kprobe on %s (%s: %s)",
				symbols[i], path, uq_errno_name(-ret));
			return;
		}
		s->kprobe.created[i] = true;
		ret = set_enable(dir, s->kprobe.event[i], true);
		if (ret) {
			uq_fence_src_unavailable(s,
						 "cannot enable kprobe %s: %s",
						 s->kprobe.event[i],
						 uq_errno_name(-ret));
			return;
		}
		s->kprobe.enabled[i] = true;
	}
}

static int kprobe_read(struct uq_fence_src *s, const struct uq_fence_ctx *ctx,
		       enum uq_fence_phase phase)
{
	char path[512], *text, *line, *save = NULL;
	bool found[2] = { false, false };
	uint64_t hits[2] = { 0, 0 };
	int ret;

	(void)ctx;
	path_of(path, sizeof(path), s->path, "kprobe_profile");
	ret = uq_fence_src_read_text(s, path, &text);
	if (ret)
		return 0;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		for (int i = 0; i < 2; i++)
			if (!uq_parse_kprobe_profile_line(
				    line, s->kprobe.event[i], &hits[i]))
				found[i] = true;
	free(text);
	for (int i = 0; i < 2; i++) {
		if (!found[i]) {
			uq_fence_src_unavailable(s, "kprobe %s is not in %s",
						 s->kprobe.event[i], path);
			return 0;
		}
		s->kprobe.hits[phase][i] = hits[i];
	}
	uq_fence_src_set(s, phase, (int64_t)(hits[0] - hits[1]));
	return 0;
}

static void kprobe_stop(struct uq_fence_src *s, const struct uq_fence_ctx *ctx)
{
	int ret;

	for (int i = 0; i < 2; i++) {
		const char *event = s->kprobe.event[i];

		if (s->kprobe.enabled[i]) {
			set_enable(s->path, event, false);
			s->kprobe.enabled[i] = false;
		}
		if (!s->kprobe.created[i])
			continue;
		ret = remove_event(s->path, GROUP, event);
		s->kprobe.created[i] = false;
		if (ret)
			uq_error_add(
				ctx->errs, "kprobe_events", -ret,
				"cannot remove kprobe %s: %s; remove it by hand: echo '-:" GROUP
				"/%s' >> %s/kprobe_events",
				event, uq_errno_name(-ret), event, s->path);
	}
}

static int kprobe_json(const struct uq_fence_src *s, json_t *o)
{
	const uint64_t(*h)[2] = s->kprobe.hits;
	json_t *extra;

	if (!s->kprobe.event[0][0])
		return 0;
	extra = json_pack("{s:[s,s]}", "events", s->kprobe.event[0],
			  s->kprobe.event[1]);
	if (!extra)
		return -ENOMEM;
	if (s->have[UQ_PHASE_BEFORE] && s->have[UQ_PHASE_AFTER]) {
		json_object_set_new(
			extra, "alloc",
			json_integer((json_int_t)(h[UQ_PHASE_AFTER][0] -
						  h[UQ_PHASE_BEFORE][0])));
		json_object_set_new(
			extra, "destroy",
			json_integer((json_int_t)(h[UQ_PHASE_AFTER][1] -
						  h[UQ_PHASE_BEFORE][1])));
	}
	json_object_update(o, extra);
	json_decref(extra);
	return 0;
}

const struct uq_fence_ops uq_fence_kprobe_ops = {
	.counts = "fence_drivers",
	.counts_fence_drivers = true,
	.start = kprobe_start,
	.read = kprobe_read,
	.stop = kprobe_stop,
	.json = kprobe_json,
};
