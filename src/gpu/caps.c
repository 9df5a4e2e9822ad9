/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "fence/parse.h"
#include "ioctl/drm_gem.h"
#include "report/errors.h"
#include "uapi/experimental/amdgpu_vm_explicit_sync.h"

#define PROBE_VA_SIZE (64 * 1024)

static const char *const fence_method_names[UQ_FENCE_METHODS] = {
	[UQ_FENCE_SEQ64] = "seq64",	      [UQ_FENCE_KPROBE] = "kprobe",
	[UQ_FENCE_DEBUGFS] = "debugfs",	      [UQ_FENCE_SLAB] = "slab",
	[UQ_FENCE_TRACEPOINT] = "tracepoint",
};

/* The functions userq.md §11.6 probes; 34f31fe40f3a reworked them in 7.1,
 * so they are looked up rather than assumed. */
static const char *const kprobe_symbols[] = {
	"amdgpu_userq_fence_driver_alloc",
	"amdgpu_userq_fence_driver_destroy",
};

static const char *const tracefs_dirs[] = {
	"/sys/kernel/tracing",
	"/sys/kernel/debug/tracing",
};

const char *uq_fence_method_name(enum uq_fence_method m)
{
	return m < UQ_FENCE_METHODS ? fence_method_names[m] : "?";
}

const char *uq_tristate_name(enum uq_tristate t)
{
	switch (t) {
	case UQ_SUPPORTED:
		return "supported";
	case UQ_UNSUPPORTED:
		return "unsupported";
	default:
		return "unknown";
	}
}

static void set_reason(char *reason, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_reason(char *reason, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, UQ_REASON_LEN, fmt, ap);
	va_end(ap);
}

void uq_caps_probe_explicit_sync(int fd, amdgpu_device_handle adev,
				 struct uq_caps *caps)
{
	const uint32_t unmap_prt = AMDGPU_VM_PAGE_PRT;
	struct uapi_amdgpu_gem_va unmap;
	amdgpu_va_handle range;
	uint64_t va;
	int ret;

	caps->explicit_sync_unmap = UQ_UNKNOWN;
	caps->explicit_sync_reason[0] = '\0';

	/* A fresh range: valid, 4 KiB aligned, and no PRT mapping starts
	 * there, so a kernel that accepts the flag reaches the mapping lookup
	 * and fails it with -ENOENT. */
	ret = amdgpu_va_range_alloc(adev, amdgpu_gpu_va_range_general,
				    PROBE_VA_SIZE, UAPI_AMDGPU_GPU_PAGE_SIZE, 0,
				    &va, &range, 0);
	if (ret) {
		set_reason(
			caps->explicit_sync_reason,
			"no free VA range for the probe (amdgpu_va_range_alloc: %s)",
			uq_errno_name(-ret));
		return;
	}

	unmap = (struct uapi_amdgpu_gem_va){
		.operation = AMDGPU_VA_OP_UNMAP,
		.flags = unmap_prt,
		.va_address = va,
	};
	ret = uq_gem_va(fd, &unmap);
	if (ret != -ENOENT) {
		set_reason(
			caps->explicit_sync_reason,
			"control GEM_VA UNMAP|PRT at 0x%llx returned %s, expected ENOENT",
			(unsigned long long)va,
			ret ? uq_errno_name(-ret) : "success");
		goto out;
	}

	unmap.flags = unmap_prt | AMDGPU_VM_EXPLICIT_SYNC;
	ret = uq_gem_va(fd, &unmap);
	if (ret == -EINVAL) {
		caps->explicit_sync_unmap = UQ_UNSUPPORTED;
	} else if (ret == -ENOENT) {
		caps->explicit_sync_unmap = UQ_SUPPORTED;
	} else {
		set_reason(
			caps->explicit_sync_reason,
			"GEM_VA UNMAP|PRT|EXPLICIT_SYNC at 0x%llx returned %s, expected EINVAL or ENOENT",
			(unsigned long long)va,
			ret ? uq_errno_name(-ret) : "success");
	}
out:
	amdgpu_va_range_free(range);
}

static void probe_seq64(const struct uq_caps *caps, struct uq_fence_source *s)
{
	/* The probe reads slot addresses from USERQ_WAIT, so it needs a
	 * queue of some IP (userq.md §11.1). */
	if (!caps->userq_ip_mask) {
		set_reason(s->reason,
			   "no user queues on this device (userq_ip_mask 0)");
		return;
	}
	s->ok = true;
}

/* The longest symbol name plus its NUL (include/linux/kallsyms.h, 512
 * since v5.19); a longer name is none of ours. */
#define KSYM_NAME_LEN 512

#define NUM_KPROBE_SYMBOLS (sizeof(kprobe_symbols) / sizeof(kprobe_symbols[0]))

/* 0 if every kprobe symbol is a symbol name in /proc/kallsyms, -ENOENT
 * with *missing set if one is not, else -errno. Lines are
 * "addr type name[\t[module]]". */
static int kallsyms_find(size_t *missing)
{
	const char *const *syms = kprobe_symbols;
	FILE *f = fopen("/proc/kallsyms", "re");
	bool found[NUM_KPROBE_SYMBOLS] = { false };
	const size_t n = NUM_KPROBE_SYMBOLS;
	char *line = NULL;
	size_t cap = 0;
	int ret = 0;

	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		char name[KSYM_NAME_LEN];

		if (uq_parse_kallsyms_line(line, name, sizeof(name)))
			continue;
		for (size_t i = 0; i < n; i++)
			if (!strcmp(name, syms[i]))
				found[i] = true;
	}
	if (ferror(f))
		ret = -EIO;
	free(line);
	fclose(f);
	if (ret)
		return ret;
	for (size_t i = 0; i < n; i++) {
		if (!found[i]) {
			*missing = i;
			return -ENOENT;
		}
	}
	return 0;
}

/* 0 if every kprobe symbol is listed in tracefs available_filter_functions
 * ("name" or "name [module]" per line), the fallback when /proc/kallsyms
 * cannot be read or hides module symbols. -ENOENT with *missing set, or
 * -errno. */
static int filter_functions_find(const char *dir, size_t *missing)
{
	bool found[NUM_KPROBE_SYMBOLS] = { false };
	char path[96], *line = NULL;
	size_t cap = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/available_filter_functions", dir);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, " \t\n")] = '\0';
		for (size_t i = 0; i < NUM_KPROBE_SYMBOLS; i++)
			if (!strcmp(line, kprobe_symbols[i]))
				found[i] = true;
	}
	free(line);
	fclose(f);
	for (size_t i = 0; i < NUM_KPROBE_SYMBOLS; i++) {
		if (!found[i]) {
			*missing = i;
			return -ENOENT;
		}
	}
	return 0;
}

static void probe_kprobe(struct uq_fence_source *s)
{
	const char *dir = NULL;
	size_t missing = 0, filter_missing;
	int denied = 0, ret;

	if (geteuid()) {
		set_reason(s->reason,
			   "not root (tracefs kprobe_events needs root)");
		return;
	}
	for (size_t i = 0; i < 2 && !dir && !denied; i++) {
		char path[64];

		snprintf(path, sizeof(path), "%s/kprobe_events",
			 tracefs_dirs[i]);
		if (!access(path, W_OK))
			dir = tracefs_dirs[i];
		else if (errno == EACCES || errno == EPERM || errno == EROFS)
			denied = errno;
	}
	if (denied) {
		set_reason(s->reason, "cannot write tracefs kprobe_events: %s",
			   uq_errno_name(denied));
		return;
	}
	if (!dir) {
		set_reason(s->reason,
			   "tracefs not mounted (no kprobe_events in %s or %s)",
			   tracefs_dirs[0], tracefs_dirs[1]);
		return;
	}
	ret = kallsyms_find(&missing);
	if (ret && !filter_functions_find(dir, &filter_missing))
		ret = 0;
	if (ret == -ENOENT) {
		set_reason(
			s->reason,
			"symbol %s not in /proc/kallsyms (amdgpu not loaded, or the function is inlined)",
			kprobe_symbols[missing]);
		return;
	}
	if (ret) {
		set_reason(s->reason, "cannot read /proc/kallsyms: %s",
			   uq_errno_name(-ret));
		return;
	}
	snprintf(s->path, sizeof(s->path), "%s", dir);
	s->ok = true;
}

static void probe_debugfs(struct uq_fence_source *s)
{
	const char *path = "/sys/kernel/debug/dri";
	DIR *d;

	if (geteuid()) {
		set_reason(s->reason, "not root (debugfs is root-only)");
		return;
	}
	d = opendir(path);
	if (!d) {
		if (errno == ENOENT)
			set_reason(s->reason, "debugfs not mounted (no %s)",
				   path);
		else
			set_reason(s->reason, "cannot read %s: %s", path,
				   uq_errno_name(errno));
		return;
	}
	closedir(d);
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->ok = true;
}

/* tracefs with the amdgpu_userq_* events (7.3, f41e74f2111c) and
 * instances/, where the source makes its own buffer. */
static void probe_tracepoint(struct uq_fence_source *s)
{
	const char *dir = NULL;
	char path[160];
	struct stat st;
	int denied = 0;

	if (geteuid()) {
		set_reason(s->reason, "not root (tracefs is root-only)");
		return;
	}
	for (size_t i = 0; i < 2 && !dir && !denied; i++) {
		snprintf(path, sizeof(path), "%s/events", tracefs_dirs[i]);
		if (!stat(path, &st) && S_ISDIR(st.st_mode))
			dir = tracefs_dirs[i];
		else if (errno == EACCES || errno == EPERM)
			denied = errno;
	}
	if (denied) {
		set_reason(s->reason, "cannot read tracefs events: %s",
			   uq_errno_name(denied));
		return;
	}
	if (!dir) {
		set_reason(s->reason,
			   "tracefs not mounted (no events in %s or %s)",
			   tracefs_dirs[0], tracefs_dirs[1]);
		return;
	}
	for (size_t i = 0; i < UQ_TP_EVENTS; i++) {
		snprintf(path, sizeof(path), "%s/events/amdgpu/%s/enable", dir,
			 uq_tp_event_names[i]);
		if (!stat(path, &st))
			continue;
		if (errno != ENOENT)
			set_reason(s->reason, "cannot read %s: %s", path,
				   uq_errno_name(errno));
		else if (!i)
			set_reason(
				s->reason,
				"no amdgpu_userq_* tracepoints in tracefs (added in 7.3, f41e74f2111c)");
		else
			set_reason(s->reason, "no %s event in %s/events/amdgpu",
				   uq_tp_event_names[i], dir);
		return;
	}
	snprintf(path, sizeof(path), "%s/instances", dir);
	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		set_reason(
			s->reason,
			"no %s (tracefs without instances: the source needs its own buffer)",
			path);
		return;
	}
	snprintf(s->path, sizeof(s->path), "%s", dir);
	s->ok = true;
}

/* 0 if /proc/slabinfo has an amdgpu_userq_fence line, else -errno. */
static int slabinfo_has_cache(void)
{
	FILE *f = fopen("/proc/slabinfo", "re");
	char *line = NULL;
	size_t cap = 0;
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		if (!strncmp(line, "amdgpu_userq_fence ", 19)) {
			ret = 0;
			break;
		}
	}
	free(line);
	fclose(f);
	return ret;
}

static void probe_slab(const struct uq_caps *caps, struct uq_fence_source *s)
{
	const char *sysfs = "/sys/kernel/slab/amdgpu_userq_fence/objects";
	FILE *f;
	int ret;

	f = fopen(sysfs, "re");
	if (f) {
		fclose(f);
		snprintf(s->path, sizeof(s->path), "%s", sysfs);
		s->ok = true;
		return;
	}
	/* SLUB may have merged the cache with a same-sized one; slabinfo
	 * then still names it (userq.md §11.4). */
	ret = slabinfo_has_cache();
	if (!ret) {
		snprintf(s->path, sizeof(s->path), "/proc/slabinfo");
		s->ok = true;
	} else if (ret == -ENOENT && caps->userq_ip_mask) {
		/* user queues without their fence cache: 7.2+ */
		set_reason(
			s->reason,
			"no amdgpu_userq_fence slab (removed in 7.2, 0d831487b5be)");
	} else if (ret == -ENOENT) {
		set_reason(
			s->reason,
			"no amdgpu_userq_fence slab cache (not in /sys/kernel/slab or /proc/slabinfo; kernel without the cache)");
	} else {
		set_reason(s->reason,
			   "no %s, and cannot read /proc/slabinfo: %s%s", sysfs,
			   uq_errno_name(-ret),
			   ret == -EACCES && geteuid() ? " (not root)" : "");
	}
}

void uq_caps_probe_fence_sources(struct uq_caps *caps)
{
	memset(caps->fence, 0, sizeof(caps->fence));
	probe_seq64(caps, &caps->fence[UQ_FENCE_SEQ64]);
	probe_kprobe(&caps->fence[UQ_FENCE_KPROBE]);
	probe_debugfs(&caps->fence[UQ_FENCE_DEBUGFS]);
	probe_slab(caps, &caps->fence[UQ_FENCE_SLAB]);
	probe_tracepoint(&caps->fence[UQ_FENCE_TRACEPOINT]);
}
