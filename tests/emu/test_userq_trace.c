// SPDX-License-Identifier: MIT
/*
 * The amdgpu_userq_* tracepoints of 7.3 (f41e74f2111c, f8c38071b96e;
 * releases.md §5.4) and the tracefs they live in: the events and their
 * format files exist exactly on the profiles with userq_tracepoints; a
 * tracefs instance made with mkdir has its own buffer and switches; and
 * the events fire where the kernel fires them: wait_deps once per
 * fence-driver reference WAIT parks, emit_fence once per SIGNAL with the
 * producer's fence, create/destroy and the map/unmap state changes once
 * per queue.
 */
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

#define TRACING "/sys/kernel/tracing"
#define INSTANCE TRACING "/instances/uqt_trace"
#define NEEDS_TRACEPOINTS \
	"no amdgpu_userq_* tracepoints before 7.3 (f41e74f2111c)"

static const char *const events[] = {
	"amdgpu_userq_create_start",  "amdgpu_userq_create_end",
	"amdgpu_userq_destroy_start", "amdgpu_userq_destroy_end",
	"amdgpu_userq_emit_fence",    "amdgpu_userq_wait_deps",
	"amdgpu_userq_state_start",   "amdgpu_userq_state_changed",
};

#define NEVENTS (sizeof(events) / sizeof(events[0]))

/* The printk formats of the v3 patches (releases.md §5.4). */
static const char *const formats[NEVENTS] = {
	"queue=%p, doorbell=%llu, type=%d, state=%d, xcp_id=%u",
	"queue=%p, doorbell=%llu, type=%d, state=%d, xcp_id=%u, result=%d",
	"queue=%p, doorbell=%llu, type=%d, state=%d, xcp_id=%u",
	"queue=%p, doorbell=%llu, type=%d, state=%d, xcp_id=%u, result=%d",
	"dev=%s, client_id=%llu, type=%u, doorbell=%llu, fence=%llu:%llu",
	("dev=%s, client_id=%llu, type=%u, doorbell=%llu, context=%llu "
	 "depends on fence=%llu:%llu"),
	"client_id=%llu, type=%u, doorbell=%llu, from=%d",
	"client_id=%llu, type=%u, doorbell=%llu, to=%d",
};

static char buf[1 << 18];

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -errno : 0;
}

static void event_path(char *out, size_t n, const char *root, const char *event,
		       const char *file)
{
	snprintf(out, n, "%s/events/amdgpu/%s/%s", root, event, file);
}

/* Lines of event @event in the trace file @path that contain @what. */
static unsigned int count(const char *path, const char *event, const char *what)
{
	char tag[96];
	unsigned int n = 0;
	const char *line;

	ck_assert_int_ge(uq_read_file(path, buf, sizeof(buf)), 0);
	snprintf(tag, sizeof(tag), ": %s: ", event);
	for (line = buf; line && *line; line = strchr(line, '\n')) {
		const char *end;

		if (*line == '\n')
			line++;
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		if (memmem(line, (size_t)(end - line), tag, strlen(tag)) &&
		    (!what ||
		     memmem(line, (size_t)(end - line), what, strlen(what))))
			n++;
	}
	return n;
}

/* The context:seqno of the nth (0-based) event line, after @key. */
static void field_of(const char *path, const char *event, const char *key,
		     unsigned int nth, char *out, size_t n)
{
	char tag[96];
	const char *p;

	ck_assert_int_ge(uq_read_file(path, buf, sizeof(buf)), 0);
	snprintf(tag, sizeof(tag), ": %s: ", event);
	for (p = strstr(buf, tag); p && nth; nth--)
		p = strstr(p + 1, tag);
	ck_assert_ptr_nonnull(p);
	p = strstr(p, key);
	ck_assert_ptr_nonnull(p);
	p += strlen(key);
	snprintf(out, n, "%.*s", (int)strcspn(p, ", \n"), p);
}

/* Every event and its files exist on the profiles from 7.3, none before
 * (f41e74f2111c, f8c38071b96e). */
START_TEST(tracepoints_exist_per_profile)
{
	bool tp = conf_flags()->userq_tracepoints;
	char path[256];

	for (unsigned int i = 0; i < NEVENTS; i++) {
		event_path(path, sizeof(path), TRACING, events[i], "enable");
		ck_assert_msg(exists(path) == (tp ? 0 : -ENOENT), "%s", path);
		event_path(path, sizeof(path), TRACING, events[i], "format");
		ck_assert_msg(exists(path) == (tp ? 0 : -ENOENT), "%s", path);
	}
	ck_assert_int_eq(exists(TRACING "/events/amdgpu/enable"),
			 tp ? 0 : -ENOENT);
	/* the global buffer and instances/ exist on every kernel */
	ck_assert_int_eq(exists(TRACING "/trace"), 0);
	ck_assert_int_eq(exists(TRACING "/instances"), 0);
}
END_TEST

/* The format files: name, an ID, and the print fmt of §5.4. */
START_TEST(tracepoint_format_files)
{
	char path[256], want[256];
	int id;

	if (!conf_require(conf_flags()->userq_tracepoints, NEEDS_TRACEPOINTS))
		return;
	for (unsigned int i = 0; i < NEVENTS; i++) {
		event_path(path, sizeof(path), TRACING, events[i], "format");
		ck_assert_int_gt(uq_read_file(path, buf, sizeof(buf)), 0);
		snprintf(want, sizeof(want), "name: %s\nID: ", events[i]);
		ck_assert_msg(!strncmp(buf, want, strlen(want)), "%s", buf);
		ck_assert_int_eq(sscanf(buf + strlen(want), "%d", &id), 1);
		ck_assert_int_gt(id, 0);
		ck_assert_ptr_nonnull(strstr(buf, "\tfield:int common_pid;"));
		snprintf(want, sizeof(want), "\nprint fmt: \"%s\", ",
			 formats[i]);
		ck_assert_msg(strstr(buf, want) != NULL, "%s: %s", events[i],
			      buf);
		/* read-only */
		ck_assert_int_eq(uq_write_file(path, "1"), -EACCES);
	}
}
END_TEST

/* instance_mkdir / instance_rmdir: a buffer of its own, with the same
 * events, removed with its switches; mkdir elsewhere in tracefs is EPERM. */
START_TEST(tracefs_instances)
{
	bool tp = conf_flags()->userq_tracepoints;
	char path[256];

	ck_assert_int_eq(mkdir(INSTANCE, 0755), 0);
	ck_assert_int_eq(mkdir(INSTANCE, 0755), -1);
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_int_eq(exists(INSTANCE "/trace"), 0);
	ck_assert_int_gt(
		uq_read_file(INSTANCE "/buffer_size_kb", buf, sizeof(buf)), 0);
	ck_assert_uint_gt(strtoul(buf, NULL, 10), 0);
	ck_assert_int_gt(uq_read_file(INSTANCE "/trace", buf, sizeof(buf)), 0);
	ck_assert_ptr_nonnull(
		strstr(buf, "# entries-in-buffer/entries-written: 0/0"));
	for (unsigned int i = 0; i < NEVENTS; i++) {
		event_path(path, sizeof(path), INSTANCE, events[i], "enable");
		ck_assert_int_eq(exists(path), tp ? 0 : -ENOENT);
	}
	if (tp) {
		/* the system switch: all, then mixed */
		ck_assert_int_eq(uq_write_file(INSTANCE "/events/amdgpu/enable",
					       "1"),
				 0);
		event_path(path, sizeof(path), INSTANCE, events[0], "enable");
		ck_assert_int_gt(uq_read_file(path, buf, sizeof(buf)), 0);
		ck_assert_str_eq(buf, "1\n");
		ck_assert_int_eq(uq_write_file(path, "0"), 0);
		ck_assert_int_gt(uq_read_file(INSTANCE "/events/amdgpu/enable",
					      buf, sizeof(buf)),
				 0);
		ck_assert_str_eq(buf, "X\n");
		ck_assert_int_eq(uq_write_file(path, "2"), -EINVAL);
		/* the global switches are the global buffer's own */
		event_path(path, sizeof(path), TRACING, events[0], "enable");
		ck_assert_int_gt(uq_read_file(path, buf, sizeof(buf)), 0);
		ck_assert_str_eq(buf, "0\n");
	}
	ck_assert_int_eq(rmdir(INSTANCE), 0);
	ck_assert_int_eq(exists(INSTANCE), -ENOENT);
	ck_assert_int_eq(rmdir(INSTANCE), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(mkdir(TRACING "/events/uqt_x", 0755), -1);
	ck_assert_int_eq(errno, EPERM);
	ck_assert_int_eq(rmdir(TRACING "/events"), -1);
	ck_assert_int_eq(errno, EPERM);
}
END_TEST

/*
 * The counts the tracepoint source relies on (f41e74f2111c,
 * f8c38071b96e): one emit_fence per SIGNAL, carrying the producer's fence
 * context:seqno; one wait_deps per userq fence a WAIT fill returns, i.e.
 * per fence-driver reference parked in the waiter's fence_drv_xa, with
 * the waiter's context; none for WAIT count mode. Create, destroy and the
 * map/unmap state changes once per queue. Only the instance's enabled
 * events are recorded, and nothing reaches the global buffer.
 */
START_TEST(tracepoint_counts)
{
	const struct emu_profile *p = conf_flags();
	struct uapi_amdgpu_userq_fence_info info[2];
	const char *trace = INSTANCE "/trace";
	char ctx_w[32], ctx_p[32], fence[48], want[160];
	unsigned int i, parked = 0, signals = 0;
	uint32_t w, prod, s[2];
	struct uq_recipe rw, rp;
	int fd;
	uint16_t n;

	if (!conf_require(p->userq_tracepoints, NEEDS_TRACEPOINTS) ||
	    !conf_require(p->userq, UQ_NEEDS_USERQ))
		return;
	fd = conf_open();
	ck_assert_int_eq(mkdir(INSTANCE, 0755), 0);
	ck_assert_int_eq(uq_write_file(INSTANCE "/events/amdgpu/enable", "1"),
			 0);
	uq_recipe_init(&rw, fd, AMDGPU_HW_IP_COMPUTE);
	uq_recipe_init(&rp, fd, AMDGPU_HW_IP_COMPUTE);
	rp.args.in.doorbell_offset = 2;
	w = uq_create_ok(&rw);
	prod = uq_create_ok(&rp);
	s[0] = conf_syncobj(fd, 0);
	s[1] = conf_syncobj(fd, 0);

	/* the self loop: {SIGNAL, WAIT count, WAIT fill} */
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(uq_signal(fd, w, &s[0], 1), 0);
		signals++;
		n = 0;
		ck_assert_int_eq(uq_wait(fd, w, &s[0], 1, NULL, &n), 0);
		ck_assert_uint_eq(n, 1);
		n = 1;
		ck_assert_int_eq(uq_wait(fd, w, &s[0], 1, info, &n), 0);
		parked += n;
	}
	/* two producers' fences in one fill: two references, two events */
	ck_assert_int_eq(uq_signal(fd, prod, &s[1], 1), 0);
	signals++;
	n = 2;
	ck_assert_int_eq(uq_wait(fd, w, s, 2, info, &n), 0);
	ck_assert_uint_eq(n, 2);
	parked += n;

	ck_assert_uint_eq(count(trace, "amdgpu_userq_emit_fence", NULL),
			  signals);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_wait_deps", NULL), parked);
	ck_assert_uint_eq(parked, 6);
	/* the waiter's context is its own fence driver's: the one its
	 * SIGNALs emit on; each dependency is the producer's fence */
	field_of(trace, "amdgpu_userq_emit_fence", "fence=", 0, fence,
		 sizeof(fence));
	snprintf(ctx_w, sizeof(ctx_w), "%.*s", (int)strcspn(fence, ":"), fence);
	snprintf(want, sizeof(want), "context=%s depends on fence=%s:", ctx_w,
		 ctx_w);
	/* four self fills, and the waiter's own fence in the last one */
	ck_assert_uint_eq(count(trace, "amdgpu_userq_wait_deps", want), 5);
	snprintf(want, sizeof(want), "context=%s depends on", ctx_w);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_wait_deps", want), 6);
	field_of(trace, "amdgpu_userq_emit_fence", "fence=", 4, fence,
		 sizeof(fence));
	snprintf(ctx_p, sizeof(ctx_p), "%.*s", (int)strcspn(fence, ":"), fence);
	ck_assert_str_ne(ctx_p, ctx_w);
	snprintf(want, sizeof(want), "depends on fence=%s", fence);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_wait_deps", want), 1);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_emit_fence",
				"dev=0000:03:00.0, client_id="),
			  signals);

	ck_assert_int_eq(uq_syncobj_destroy(fd, s[0]), 0);
	ck_assert_int_eq(uq_syncobj_destroy(fd, s[1]), 0);
	ck_assert_int_eq(uq_free(fd, w), 0);
	ck_assert_int_eq(uq_free(fd, prod), 0);
	close(fd);
	/* per queue: create, map (0 -> 1), unmap (1 -> 0), destroy */
	ck_assert_uint_eq(count(trace, "amdgpu_userq_create_start", "state=0"),
			  2);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_create_end",
				"state=1, xcp_id=4294967295, result=0"),
			  2);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_destroy_start", "state=1"),
			  2);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_destroy_end",
				"state=0, xcp_id=4294967295, result=0"),
			  2);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_state_start", "from=0"),
			  2);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_state_start", "from=1"),
			  2);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_state_changed", "to=1"),
			  2);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_state_changed", "to=0"),
			  2);
	ck_assert_uint_eq(
		count(TRACING "/trace", "amdgpu_userq_emit_fence", NULL), 0);
	ck_assert_int_eq(rmdir(INSTANCE), 0);
}
END_TEST

/* Only enabled events are recorded; a CREATE that fails its VA checks
 * ends with create_end and the errno, without create_start (04b48274e985
 * fires create_end on every exit, create_start only once the doorbell is
 * resolved). */
START_TEST(tracepoint_enable_and_failed_create)
{
	const struct emu_profile *p = conf_flags();
	const char *trace = INSTANCE "/trace";
	char path[256];
	struct uq_recipe r;
	uint32_t q, s;
	int fd;

	if (!conf_require(p->userq_tracepoints, NEEDS_TRACEPOINTS) ||
	    !conf_require(p->userq, UQ_NEEDS_USERQ))
		return;
	fd = conf_open();
	ck_assert_int_eq(mkdir(INSTANCE, 0755), 0);
	event_path(path, sizeof(path), INSTANCE, "amdgpu_userq_create_end",
		   "enable");
	ck_assert_int_eq(uq_write_file(path, "1"), 0);
	event_path(path, sizeof(path), INSTANCE, "amdgpu_userq_create_start",
		   "enable");
	ck_assert_int_eq(uq_write_file(path, "1"), 0);
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	r.args.in.queue_va = uq_next_va(UQ_RING_SIZE); /* not mapped */
	ck_assert_int_eq(uq_create(&r, &q), -EINVAL);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_create_end",
				"state=0, xcp_id=4294967295, result=-22"),
			  1);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_create_start", NULL), 0);
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_GFX);
	q = uq_create_ok(&r);
	s = conf_syncobj(fd, 0);
	ck_assert_int_eq(uq_signal(fd, q, &s, 1), 0);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_create_start", NULL), 1);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_create_end", "result=0"),
			  1);
	/* emit_fence is not enabled here */
	ck_assert_uint_eq(count(trace, "amdgpu_userq_emit_fence", NULL), 0);
	ck_assert_int_gt(uq_read_file(trace, buf, sizeof(buf)), 0);
	ck_assert_ptr_nonnull(
		strstr(buf, "# entries-in-buffer/entries-written: 3/3"));
	/* a write clears the buffer */
	ck_assert_int_eq(uq_write_file(trace, "\n"), 0);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_create_end", NULL), 0);
	ck_assert_int_eq(uq_syncobj_destroy(fd, s), 0);
	ck_assert_int_eq(uq_free(fd, q), 0);
	close(fd);
	ck_assert_int_eq(rmdir(INSTANCE), 0);
}
END_TEST

/* A full buffer overwrites its oldest events (the ring buffer's overwrite
 * mode), and the header's entries-in-buffer/entries-written shows it. */
START_TEST(trace_buffer_overwrites_oldest)
{
	const struct emu_profile *p = conf_flags();
	const char *trace = INSTANCE "/trace";
	unsigned long in, written;
	struct uq_recipe r;
	uint32_t q, s;
	const char *h;
	int fd, i;

	if (!conf_require(p->userq_tracepoints, NEEDS_TRACEPOINTS) ||
	    !conf_require(p->userq, UQ_NEEDS_USERQ))
		return;
	fd = conf_open();
	ck_assert_int_eq(mkdir(INSTANCE, 0755), 0);
	ck_assert_int_eq(uq_write_file(INSTANCE "/buffer_size_kb", "1"), 0);
	ck_assert_int_eq(uq_write_file(INSTANCE "/buffer_size_kb", "0"),
			 -EINVAL);
	ck_assert_int_eq(uq_write_file(INSTANCE
				       "/events/amdgpu/"
				       "amdgpu_userq_emit_fence/enable",
				       "1"),
			 0);
	uq_recipe_init(&r, fd, AMDGPU_HW_IP_DMA);
	q = uq_create_ok(&r);
	s = conf_syncobj(fd, 0);
	for (i = 0; i < 100; i++)
		ck_assert_int_eq(uq_signal(fd, q, &s, 1), 0);
	ck_assert_int_gt(uq_read_file(trace, buf, sizeof(buf)), 0);
	h = strstr(buf, "# entries-in-buffer/entries-written: ");
	ck_assert_ptr_nonnull(h);
	ck_assert_int_eq(sscanf(h,
				"# entries-in-buffer/entries-written: "
				"%lu/%lu",
				&in, &written),
			 2);
	ck_assert_uint_eq(written, 100);
	ck_assert_uint_lt(in, written);
	ck_assert_uint_gt(in, 0);
	ck_assert_uint_eq(count(trace, "amdgpu_userq_emit_fence", NULL), in);
	ck_assert_int_eq(uq_syncobj_destroy(fd, s), 0);
	ck_assert_int_eq(uq_free(fd, q), 0);
	close(fd);
	ck_assert_int_eq(rmdir(INSTANCE), 0);
}
END_TEST

Suite *suite_userq_trace(void)
{
	Suite *s = suite_create("userq_trace");
	TCase *tc = tcase_create("tracepoints");

	conf_add_test(tc, tracepoints_exist_per_profile);
	conf_add_test(tc, tracepoint_format_files);
	conf_add_test(tc, tracefs_instances);
	conf_add_test(tc, tracepoint_counts);
	conf_add_test(tc, tracepoint_enable_and_failed_create);
	conf_add_test(tc, trace_buffer_overwrites_oldest);
	suite_add_tcase(s, tc);
	return s;
}
