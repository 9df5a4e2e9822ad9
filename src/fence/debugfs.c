/* SPDX-License-Identifier: MIT */
/*
 * debugfs source (userq.md §11.2): the queue directories ("queue-N" or
 * "queue_N") of this DRM client's debugfs directory. They count live
 * queues, not fence drivers: the source checks that the workload's queues
 * are gone once freed (and, "during", that it could see them at all).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "gpu/device.h"
#include "source.h"

#define DRI_DEBUGFS "/sys/kernel/debug/dri"

static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* The client directory: dri/client-<id> (DRM core), or below the
 * device's minor or unique name (UNVERIFIED placements). */
static bool find_client_dir(struct uq_fence_src *s, const struct uq_device *dev)
{
	uint64_t id = s->debugfs.client_id;
	struct stat st;

	snprintf(s->path, sizeof(s->path), DRI_DEBUGFS "/client-%llu",
		 (unsigned long long)id);
	if (is_dir(s->path))
		return true;
	if (!fstat(dev->fd, &st) && S_ISCHR(st.st_mode)) {
		snprintf(s->path, sizeof(s->path),
			 DRI_DEBUGFS "/%u/client-%llu", minor(st.st_rdev),
			 (unsigned long long)id);
		if (is_dir(s->path))
			return true;
	}
	if (dev->pci_bus[0]) {
		snprintf(s->path, sizeof(s->path),
			 DRI_DEBUGFS "/%s/client-%llu", dev->pci_bus,
			 (unsigned long long)id);
		if (is_dir(s->path))
			return true;
	}
	return false;
}

static void debugfs_start(struct uq_fence_src *s,
			  const struct uq_fence_ctx *ctx)
{
	char fdinfo[64], *text;
	int ret;

	snprintf(fdinfo, sizeof(fdinfo), "/proc/self/fdinfo/%d", ctx->dev->fd);
	ret = uq_fence_src_read_text(s, fdinfo, &text);
	if (ret)
		return;
	ret = uq_parse_fdinfo_client_id(text, &s->debugfs.client_id);
	free(text);
	if (ret) {
		uq_fence_src_unavailable(
			s,
			"no drm-client-id in %s (kernel without DRM client ids)",
			fdinfo);
		return;
	}
	if (!find_client_dir(s, ctx->dev))
		uq_fence_src_unavailable(
			s,
			"no debugfs directory for DRM client %llu (" DRI_DEBUGFS
			"/client-%llu; per-client directories came in ~6.17)",
			(unsigned long long)s->debugfs.client_id,
			(unsigned long long)s->debugfs.client_id);
}

static int debugfs_read(struct uq_fence_src *s, const struct uq_fence_ctx *ctx,
			enum uq_fence_phase phase)
{
	struct dirent *de;
	int64_t queues = 0;
	DIR *d;

	(void)ctx;
	d = opendir(s->path);
	if (!d) {
		uq_fence_src_unavailable(s, "cannot read %s: %s", s->path,
					 uq_errno_name(errno));
		return 0;
	}
	while ((de = readdir(d)))
		if (uq_is_queue_dir(de->d_name))
			queues++;
	closedir(d);
	uq_fence_src_set(s, phase, queues);
	return 0;
}

static int debugfs_json(const struct uq_fence_src *s, json_t *o)
{
	if (!s->debugfs.client_id)
		return 0;
	return json_object_set_new(
		o, "client_id", json_integer((json_int_t)s->debugfs.client_id));
}

const struct uq_fence_ops uq_fence_debugfs_ops = {
	.counts = "queues",
	.start = debugfs_start,
	.read = debugfs_read,
	.json = debugfs_json,
};
