/* SPDX-License-Identifier: MIT */
/*
 * No kernel file: the emulator's own accounting. USERQ_EMU_REPORT: what
 * the process left for the kernel's close-time cleanup, written
 * atomically (temp file + rename) whenever a DRM file is released and at
 * exit.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu/amdgpu/amdgpu.h"
#include "audit.h"
#include "emu/drm/drm_file.h"
#include "device.h"
#include "emu.h"
#include "profile.h"
#include "emu/drm/drm_syncobj.h"

static void audit_add(struct emu_audit *sum, const struct emu_audit *a)
{
	sum->queues += a->queues;
	sum->bos += a->bos;
	sum->va_mappings += a->va_mappings;
	sum->syncobjs += a->syncobjs;
	sum->ctxs += a->ctxs;
	sum->kprobes += a->kprobes;
	sum->trace_instances += a->trace_instances;
	sum->trace_events += a->trace_events;
	sum->fence_drv_live += a->fence_drv_live;
	sum->fence_drv_leaked += a->fence_drv_leaked;
	sum->fences_live += a->fences_live;
	sum->seq64_slots_used += a->seq64_slots_used;
	sum->userq_evictions += a->userq_evictions;
	sum->userq_restores += a->userq_restores;
	sum->userq_evict_ns += a->userq_evict_ns;
}

/* What one file holds: the DRM core's objects, then the driver's. */
static void audit_file(struct emu_file *file, struct emu_audit *a)
{
	a->bos = file->gem_handles.count;
	a->syncobjs = emu_syncobj_file_count(file);
	amdgpu_audit_file(file, a);
}

static void audit_open_file(struct emu_file *file, void *arg)
{
	struct emu_audit a = { 0 };

	audit_file(file, &a);
	audit_add(arg, &a);
}

void emu_audit_file_release(struct emu_file *file)
{
	struct emu_audit a = { 0 };

	if (!emu_dev.audit.path)
		return;
	audit_file(file, &a);
	audit_add(&emu_dev.audit.released, &a);
}

static int audit_set(json_t *obj, const char *key, unsigned long v)
{
	return json_object_set_new(obj, key, json_integer((json_int_t)v));
}

/* Needs the device lock. */
static void audit_write_locked(void)
{
	struct emu_audit total = emu_dev.audit.released, dev = { 0 };
	char tmp[4096];
	json_t *root;
	int ret = 0;

	emu_lockdep_assert_held();
	emu_drm_for_each_file(audit_open_file, &total);
	amdgpu_audit_device(&dev);
	dev.trace_instances = emu_trace_instance_count();
	dev.trace_events = emu_trace_enabled_count();
	audit_add(&total, &dev);

	root = json_object();
	if (!root)
		return;
	ret |= audit_set(root, "queues", total.queues);
	ret |= audit_set(root, "bos", total.bos);
	ret |= audit_set(root, "va_mappings", total.va_mappings);
	ret |= audit_set(root, "syncobjs", total.syncobjs);
	ret |= audit_set(root, "ctxs", total.ctxs);
	ret |= audit_set(root, "kprobes", total.kprobes);
	ret |= audit_set(root, "trace_instances", total.trace_instances);
	ret |= audit_set(root, "trace_events", total.trace_events);
	ret |= audit_set(root, "fence_drv_live", total.fence_drv_live);
	ret |= audit_set(root, "fence_drv_leaked", total.fence_drv_leaked);
	ret |= audit_set(root, "fences_live", total.fences_live);
	ret |= audit_set(root, "seq64_slots_used", total.seq64_slots_used);
	ret |= audit_set(root, "userq_evictions", total.userq_evictions);
	ret |= audit_set(root, "userq_restores", total.userq_restores);
	ret |= audit_set(root, "userq_evict_ns", total.userq_evict_ns);
	ret |= json_object_set_new(root, "profile",
				   json_string(emu_active_profile()->name));
	if (ret) {
		emu_log("USERQ_EMU_REPORT: out of memory");
		json_decref(root);
		return;
	}

	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", emu_dev.audit.path,
		 (long)getpid());
	if (json_dump_file(root, tmp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ||
	    rename(tmp, emu_dev.audit.path)) {
		emu_log("cannot write USERQ_EMU_REPORT %s: %s",
			emu_dev.audit.path, strerror(errno));
		unlink(tmp);
	}
	json_decref(root);
}

void emu_audit_write(void)
{
	bool took;

	if (!emu_dev.audit.path)
		return;
	took = emu_lock_unless_held();
	audit_write_locked();
	emu_unlock_taken(took);
}

/*
 * At exit, files still open count with what they hold; they are not torn
 * down here (a queue teardown may wait for fences without limit, which
 * must not hang the exit).
 */
static void audit_at_exit(void)
{
	emu_audit_write();
}

void emu_audit_init(void)
{
	const char *path = getenv("USERQ_EMU_REPORT");

	if (!path || !*path)
		return;
	emu_dev.audit.path = strdup(path);
	if (!emu_dev.audit.path)
		return;
	/* jansson seeds its hash function from /dev/urandom on first use;
	 * do that now, not later under the device lock. */
	json_object_seed(0);
	atexit(audit_at_exit);
}
