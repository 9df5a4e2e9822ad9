// SPDX-License-Identifier: MIT
/*
 * Observing user queues and fence drivers: emulator-notes rules 95-97
 * (userq.md §11) and SPEC §5-§6. debugfs queue directories, /proc/kallsyms,
 * tracefs kprobes and their hit counts, the amdgpu_userq_fence slab, the
 * EACCES of an unprivileged process, and the USERQ_EMU_REPORT audit.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "conformance.h"
#include "userq_recipe.h"

#define DRI "/sys/kernel/debug/dri"
#define TRACING "/sys/kernel/tracing"
#define EVENTS TRACING "/kprobe_events"
#define PROFILE TRACING "/kprobe_profile"
#define SLAB_OBJECTS "/sys/kernel/slab/amdgpu_userq_fence/objects"
#define ALLOC_SYM "amdgpu_userq_fence_driver_alloc"
#define DESTROY_SYM "amdgpu_userq_fence_driver_destroy"

/* large enough for a real /proc/slabinfo */
static char buf[1 << 18];

static unsigned long client_id(int fd)
{
	char path[64];
	const char *p;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	ck_assert_int_gt(uq_read_file(path, buf, sizeof(buf)), 0);
	p = strstr(buf, "drm-client-id:");
	ck_assert_ptr_nonnull(p);
	return strtoul(p + strlen("drm-client-id:"), NULL, 10);
}

static void queue_dir(char *out, size_t n, unsigned long client, char sep,
		      uint32_t qid)
{
	snprintf(out, n, DRI "/client-%lu/queue%c%u", client, sep, qid);
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* The hit count of an event in kprobe_profile, -1 if not listed. */
static long hits(const char *event)
{
	char name[128];
	unsigned long h, m;
	const char *line;

	ck_assert_int_ge(uq_read_file(PROFILE, buf, sizeof(buf)), 0);
	for (line = buf; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (sscanf(line, " %127s %lu %lu", name, &h, &m) == 3 &&
		    !strcmp(name, event))
			return (long)h;
	}
	return -1;
}

static void set_enable(const char *event, const char *v)
{
	char path[256];

	snprintf(path, sizeof(path), TRACING "/events/kprobes/%s/enable",
		 event);
	ck_assert_int_eq(uq_write_file(path, v), 0);
}

/* rule 95: per-client queue directories with mqd_info, gone at FREE */
START_TEST(rule95_debugfs_queue_dirs)
{
	const struct emu_profile *p = conf_flags();
	char dir[256], other[256], path[300];
	unsigned long client;
	struct uq_recipe r;
	uint32_t qid;
	int fd = conf_open();

	client = client_id(fd);
	snprintf(path, sizeof(path), DRI "/client-%lu/proc_info", client);
	ck_assert_int_gt(uq_read_file(path, buf, sizeof(buf)), 0);
	ck_assert_ptr_nonnull(strstr(buf, "pid: "));
	if (!conf_require(p->userq, UQ_NEEDS_USERQ))
		return;
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_COMPUTE);
	qid = uq_create_ok(&r);
	if (!p->debugfs_queue_sep) {
		/* 6.16: no per-queue directory under either name */
		queue_dir(dir, sizeof(dir), client, '-', qid);
		queue_dir(other, sizeof(other), client, '_', qid);
		ck_assert(!exists(dir) && !exists(other));
		return;
	}
	queue_dir(dir, sizeof(dir), client, p->debugfs_queue_sep, qid);
	queue_dir(other, sizeof(other), client,
		  p->debugfs_queue_sep == '-' ? '_' : '-', qid);
	snprintf(path, sizeof(path), "%s/mqd_info", dir);
	ck_assert_int_gt(uq_read_file(path, buf, sizeof(buf)), 0);
	ck_assert_int_eq(strncmp(buf, "queue_type: 1\nmqd_gpu_address: 0x", 33),
			 0);
	ck_assert_ptr_nonnull(strchr(buf + 33, '\n'));
	ck_assert(!exists(other));
	ck_assert_int_eq(uq_free(fd, qid), 0);
	ck_assert(!exists(dir));
	/* the client directory goes with the file */
	close(fd);
	snprintf(path, sizeof(path), DRI "/client-%lu", client);
	ck_assert(!exists(path));
}
END_TEST

/* rule 97: no fence-driver counter anywhere in the client directory */
START_TEST(rule97_no_fence_driver_files)
{
	char path[128];
	struct dirent *de;
	int fd = conf_open();
	DIR *d;

	snprintf(path, sizeof(path), DRI "/client-%lu", client_id(fd));
	d = opendir(path);
	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		ck_assert_msg(!strcmp(de->d_name, "proc_info") ||
				      !strcmp(de->d_name, "device") ||
				      !strncmp(de->d_name, "queue", 5),
			      "unexpected %s", de->d_name);
	}
	closedir(d);
}
END_TEST

START_TEST(kallsyms_lists_userq_symbols)
{
	ck_assert_int_gt(uq_read_file("/proc/kallsyms", buf, sizeof(buf)), 0);
	ck_assert_ptr_nonnull(strstr(buf, " T " ALLOC_SYM "\t[amdgpu]\n"));
	ck_assert_ptr_nonnull(strstr(buf, " T " DESTROY_SYM "\t[amdgpu]\n"));
}
END_TEST

/* kprobe_events: definitions, errors as trace_kprobe.c gives them */
START_TEST(kprobe_events_round_trip)
{
	ck_assert_int_eq(uq_write_file(EVENTS, "p:uqt_a " ALLOC_SYM "\n"), 0);
	ck_assert_int_eq(
		uq_write_file(EVENTS, "p:uqgrp/uqt_d amdgpu:" DESTROY_SYM), 0);
	ck_assert_int_gt(uq_read_file(EVENTS, buf, sizeof(buf)), 0);
	ck_assert_ptr_nonnull(strstr(buf, "p:kprobes/uqt_a " ALLOC_SYM "\n"));
	ck_assert_ptr_nonnull(
		strstr(buf, "p:uqgrp/uqt_d amdgpu:" DESTROY_SYM "\n"));
	ck_assert(exists(TRACING "/events/kprobes/uqt_a/enable"));
	ck_assert(exists(TRACING "/events/uqgrp/uqt_d/enable"));
	ck_assert_int_eq(uq_read_file(TRACING "/events/kprobes/uqt_a/enable",
				      buf, sizeof(buf)),
			 2);
	ck_assert_str_eq(buf, "0\n");

	/* errors */
	ck_assert_int_eq(uq_write_file(EVENTS, "p:uqt_x no_such_symbol"),
			 -ENOENT);
	ck_assert_int_eq(uq_write_file(EVENTS, "p:uqt_a " ALLOC_SYM), -EEXIST);
	ck_assert_int_eq(uq_write_file(EVENTS, "p:9bad " ALLOC_SYM), -EINVAL);
	ck_assert_int_eq(uq_write_file(EVENTS, "p:uqt_y"), -EINVAL);
	ck_assert_int_eq(uq_write_file(EVENTS, "x:uqt_y " ALLOC_SYM), -EINVAL);
	ck_assert_int_eq(uq_write_file(EVENTS, "-:uqt_none"), -ENOENT);
	ck_assert_int_eq(uq_write_file(TRACING "/events/kprobes/uqt_a/enable",
				       "2"),
			 -EINVAL);
	/* an enabled event cannot go */
	set_enable("uqt_a", "1");
	ck_assert_int_eq(uq_write_file(EVENTS, "-:uqt_a"), -EBUSY);
	set_enable("uqt_a", "0");
	ck_assert_int_eq(uq_write_file(EVENTS, "-:uqt_a\n"), 0);
	ck_assert_int_eq(uq_write_file(EVENTS, "-:uqgrp/uqt_d"), 0);
	ck_assert_int_eq(uq_read_file(EVENTS, buf, sizeof(buf)), 0);
	ck_assert(!exists(TRACING "/events/kprobes/uqt_a"));
	ck_assert(!exists(TRACING "/events/uqgrp"));
	/* also reachable through debugfs */
	ck_assert(exists("/sys/kernel/debug/tracing/kprobe_events"));
}
END_TEST

/* kprobe_profile counts real allocations and destroys, while enabled */
START_TEST(kprobe_profile_counts_fence_drivers)
{
	const struct emu_profile *p = conf_flags();
	int fd = conf_open();
	struct uq_recipe r;
	uint32_t q[3], i;

	ck_assert_int_eq(uq_write_file(EVENTS, "p:uqt_alloc " ALLOC_SYM "\n"
					       "p:uqt_destroy " DESTROY_SYM
					       "\np:uqt_off " ALLOC_SYM "\n"),
			 0);
	ck_assert_int_eq(hits("uqt_alloc"), 0);
	set_enable("uqt_alloc", "1");
	set_enable("uqt_destroy", "1\n");
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	if (!p->userq) {
		ck_assert_int_eq(uq_create(&r, &q[0]), -UQ_ENOTSUPP);
		ck_assert_int_eq(hits("uqt_alloc"), 0);
		return;
	}
	for (i = 0; i < 3; i++) {
		r.args.in.doorbell_offset = i;
		q[i] = uq_create_ok(&r);
	}
	ck_assert_int_eq(hits("uqt_alloc"), 3);
	ck_assert_int_eq(hits("uqt_destroy"), 0);
	ck_assert_int_eq(hits("uqt_off"), 0); /* never enabled */
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(uq_free(fd, q[i]), 0);
	ck_assert_int_eq(hits("uqt_destroy"), 3);

	/* 7.1 allocates the fence driver before the VA and doorbell
	 * checks: a CREATE with an unknown doorbell handle allocates and
	 * destroys one (older kernels fail before allocating) */
	r.args.in.doorbell_handle = 0x7777;
	ck_assert_int_eq(uq_create(&r, &q[0]), -EINVAL);
	ck_assert_int_eq(hits("uqt_alloc"), p->userq_refcounted ? 4 : 3);
	ck_assert_int_eq(hits("uqt_destroy"), p->userq_refcounted ? 4 : 3);

	set_enable("uqt_alloc", "0");
	set_enable("uqt_destroy", "0");
	ck_assert_int_eq(uq_write_file(EVENTS, "-:uqt_alloc\n-:uqt_destroy\n"
					       "-:uqt_off\n"),
			 0);
}
END_TEST

/* rule 96: the amdgpu_userq_fence slab counts live userq fences */
START_TEST(rule96_slab_counts_fences)
{
	const struct emu_profile *p = conf_flags();
	int fd = conf_open();
	struct uq_recipe r;
	uint32_t q, s;
	char *line;

	ck_assert(exists(SLAB_OBJECTS) == p->slab_userq_fence);
	if (!conf_require(p->slab_userq_fence,
			  "no amdgpu_userq_fence slab cache on this profile") ||
	    !conf_require(p->userq, UQ_NEEDS_USERQ))
		return;
	ck_assert_int_gt(uq_read_file(SLAB_OBJECTS, buf, sizeof(buf)), 0);
	ck_assert_uint_eq(strtoul(buf, NULL, 10), 0);
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_DMA);
	q = uq_create_ok(&r);
	s = conf_syncobj(fd, 0);
	ck_assert_int_eq(uq_signal(fd, q, &s, 1), 0);
	ck_assert_int_eq(uq_signal(fd, q, NULL, 0), 0);
	ck_assert_int_gt(uq_read_file(SLAB_OBJECTS, buf, sizeof(buf)), 0);
	ck_assert_uint_eq(strtoul(buf, NULL, 10), 2);
	ck_assert_int_gt(uq_read_file("/proc/slabinfo", buf, sizeof(buf) - 1),
			 0);
	line = strstr(buf, "\namdgpu_userq_fence ");
	ck_assert_ptr_nonnull(line);
	ck_assert_uint_eq(
		strtoul(line + strlen("\namdgpu_userq_fence "), NULL, 10), 2);
	ck_assert_int_eq(uq_syncobj_destroy(fd, s), 0);
	ck_assert_int_gt(uq_read_file(SLAB_OBJECTS, buf, sizeof(buf)), 0);
	ck_assert_uint_eq(strtoul(buf, NULL, 10), 1);
}
END_TEST

/*
 * What a process sees with USERQ_EMU_UNPRIVILEGED=1 (rerun below) or
 * without it: debugfs, tracefs, slab, slabinfo and kallsyms are root
 * only, and so is a HIGH priority queue (rule 59).
 */
START_TEST(privilege_view)
{
	static const char *const root_only[] = {
		DRI,
		EVENTS,
		PROFILE,
		"/proc/kallsyms",
		"/proc/slabinfo",
		SLAB_OBJECTS,
		"/sys/kernel/debug/tracing/kprobe_events",
	};
	const char *env = getenv("USERQ_EMU_UNPRIVILEGED");
	bool unpriv = env && !strcmp(env, "1");
	const struct emu_profile *p = conf_flags();
	union uapi_amdgpu_userq a;
	struct uq_recipe r;
	unsigned int i;
	int fd = conf_open();

	for (i = 0; i < sizeof(root_only) / sizeof(root_only[0]); i++) {
		long n = uq_read_file(root_only[i], buf, sizeof(buf));

		if (!p->slab_userq_fence && !strcmp(root_only[i], SLAB_OBJECTS))
			continue;
		if (unpriv)
			ck_assert_msg(n == -EACCES, "%s: %ld", root_only[i], n);
		else
			ck_assert_msg(n >= 0, "%s: %ld", root_only[i], n);
	}
	ck_assert_int_eq(uq_write_file(EVENTS, "p:uqt_p " ALLOC_SYM),
			 unpriv ? -EACCES : 0);
	if (!p->userq) {
		conf_rerun_ok();
		return;
	}
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	a = r.args;
	a.in.flags = UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_PRIORITY_HIGH;
	ck_assert_int_eq(uq_ioctl(fd, &a), unpriv ? -EACCES : 0);
	a = r.args;
	a.in.flags = UAPI_AMDGPU_USERQ_CREATE_FLAGS_QUEUE_PRIORITY_NORMAL_HIGH;
	a.in.doorbell_offset = 8;
	ck_assert_int_eq(uq_ioctl(fd, &a), 0);
	conf_rerun_ok();
}
END_TEST

START_TEST(rule59_unprivileged_rerun)
{
	static const char *const env[] = { "USERQ_EMU_UNPRIVILEGED=1", NULL };

	conf_rerun_must_pass("userq_obs", "privilege", env);
}
END_TEST

/*
 * The self loop (SIGNAL, N x {WAIT count, WAIT fill, SIGNAL}, destroy the
 * syncobj, FREE) in a file of its own, closed at the end. The audit run
 * below checks what the report says about it.
 */
START_TEST(audit_self_loop)
{
	const struct emu_profile *p = conf_flags();
	struct uapi_amdgpu_userq_fence_info info;
	int fd = conf_open();
	struct uq_recipe r;
	uint32_t q, s, i;
	uint16_t n;

	/* a kprobe left behind counts in the report */
	ck_assert_int_eq(uq_write_file(EVENTS, "p:uqt_left " ALLOC_SYM), 0);
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_COMPUTE);
	if (!p->userq) {
		close(fd);
		/* the audit run checks the report of this much too */
		conf_rerun_ok();
		conf_skip(UQ_NEEDS_USERQ);
		return;
	}
	q = uq_create_ok(&r);
	s = conf_syncobj(fd, 0);
	ck_assert_int_eq(uq_signal(fd, q, &s, 1), 0);
	for (i = 0; i < 8; i++) {
		n = 0;
		ck_assert_int_eq(uq_wait(fd, q, &s, 1, NULL, &n), 0);
		n = 1;
		ck_assert_int_eq(uq_wait(fd, q, &s, 1, &info, &n), 0);
		ck_assert_uint_eq(uq_slot_of(info.va), 0);
		ck_assert_int_eq(uq_signal(fd, q, &s, 1), 0);
	}
	ck_assert_int_eq(uq_syncobj_destroy(fd, s), 0);
	ck_assert_int_eq(uq_free(fd, q), 0);
	close(fd);
	/* the probe sees the leaked driver's slot taken (the report below
	 * must agree; on 6.16 the probe's own queue leaks one more) */
	ck_assert_uint_eq(uq_probe_slot(), !p->fix_signalled_fence_refs ||
						   !p->fix_teardown_last_fence);
	conf_rerun_ok();
}
END_TEST

static long json_number(const char *json, const char *key)
{
	char pattern[64];
	const char *p;

	snprintf(pattern, sizeof(pattern), "\"%s\":", key);
	p = strstr(json, pattern);
	ck_assert_msg(p != NULL, "no %s in the report", key);
	return strtol(p + strlen(pattern), NULL, 10);
}

START_TEST(audit_report_counts_leaks)
{
	const struct emu_profile *p = conf_flags();
	char path[] = "/tmp/uq-audit-XXXXXX", env_report[64];
	const char *env[] = { env_report, NULL };
	/* the loop's queue, plus the probe's own on 6.16 */
	long leaked = !p->userq			   ? 0 :
		      !p->fix_teardown_last_fence  ? 2 :
		      !p->fix_signalled_fence_refs ? 1 :
						     0;
	int tmp = mkstemp(path);

	ck_assert_int_ge(tmp, 0);
	close(tmp);
	snprintf(env_report, sizeof(env_report), "USERQ_EMU_REPORT=%s", path);
	conf_rerun_must_pass("userq_obs", "audit_child", env);
	ck_assert_int_gt(uq_read_file(path, buf, sizeof(buf)), 0);
	unlink(path);
	ck_assert_int_eq(json_number(buf, "queues"), 0);
	ck_assert_int_eq(json_number(buf, "fence_drv_leaked"), leaked);
	ck_assert_int_eq(json_number(buf, "fence_drv_live"), leaked);
	ck_assert_int_eq(json_number(buf, "seq64_slots_used"), leaked);
	/* 6.16 also keeps each queue's last fence */
	ck_assert_int_eq(json_number(buf, "fences_live"),
			 p->userq && !p->fix_teardown_last_fence ? 2 : 0);
	ck_assert_int_eq(json_number(buf, "kprobes"), 1);
}
END_TEST

Suite *suite_userq_obs(void)
{
	Suite *s = suite_create("userq_obs");
	TCase *tc = tcase_create("observe");
	TCase *priv = tcase_create("privilege");
	TCase *child = tcase_create("audit_child");
	TCase *runs = tcase_create("reruns");

	conf_add_test(tc, rule95_debugfs_queue_dirs);
	conf_add_test(tc, rule97_no_fence_driver_files);
	conf_add_test(tc, kallsyms_lists_userq_symbols);
	conf_add_test(tc, kprobe_events_round_trip);
	conf_add_test(tc, kprobe_profile_counts_fence_drivers);
	conf_add_test(tc, rule96_slab_counts_fences);
	suite_add_tcase(s, tc);

	conf_add_test(priv, privilege_view);
	suite_add_tcase(s, priv);
	conf_add_test(child, audit_self_loop);
	suite_add_tcase(s, child);

	conf_add_test(runs, rule59_unprivileged_rerun);
	conf_add_test(runs, audit_report_counts_leaks);
	tcase_set_timeout(runs, 120);
	suite_add_tcase(s, runs);
	return s;
}
