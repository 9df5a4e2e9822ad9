/* SPDX-License-Identifier: MIT */
/*
 * The text parsers of fence-driver accounting (src/fence/parse.c) on what
 * the kernel files could hold: tracefs kprobe_profile and kprobe_events,
 * /proc/slabinfo and /sys/kernel/slab/.../objects, a DRM fd's fdinfo, a
 * file:PATH counter, debugfs directory names and /proc/kallsyms. The whole
 * input goes to the whole-file parsers, each of its lines to the line
 * parsers (split as the sources split them); the first byte picks the
 * size of the output buffers, so that truncation at every length is tried.
 */
#include <errno.h>
#include <string.h>

#include "fence/parse.h"
#include "fuzz.h"

/* Is @s a NUL-terminated string of fewer than @len bytes, with no blank? */
static void check_word(const char *s, size_t len)
{
	size_t n = strnlen(s, len);

	FUZZ_ASSERT(n > 0 && n < len);
	FUZZ_ASSERT(!strpbrk(s, " \t\n"));
}

static void whole_text(const char *text, size_t len)
{
	char why[64];
	int64_t count;
	uint64_t v;
	int ret;

	ret = uq_parse_fdinfo_client_id(text, &v);
	FUZZ_ASSERT(ret == 0 || ret == -ENOENT || ret == -EINVAL);
	FUZZ_ASSERT(uq_parse_slab_objects(text, &v) <= 0);
	/* @why is always a string, also when it is too short. */
	memset(why, 'x', sizeof(why));
	ret = uq_parse_counter_file(text, &count, why, len);
	FUZZ_ASSERT(ret == 0 || ret == -ENOENT || ret == -EINVAL);
	if (ret)
		FUZZ_ASSERT(strnlen(why, len) < len);
}

static void one_line(const char *line, size_t len)
{
	char group[256], event[256], name[256];
	struct uq_tp_record tp;
	uint64_t v, w;
	pid_t pid;
	int ret;

	ret = uq_parse_kprobe_profile_line(line, "uqb_1_create", &v);
	FUZZ_ASSERT(ret == 0 || ret == -ENOENT || ret == -EINVAL);
	if (!uq_parse_kprobe_event_line(line, group, event, len)) {
		check_word(group, len);
		check_word(event, len);
		/* names as the kernel prints them, nothing to split */
		FUZZ_ASSERT(!strpbrk(group, "/:") && !strpbrk(event, "/:"));
		if (!uq_parse_kprobe_owner(event, &pid))
			FUZZ_ASSERT(pid > 0);
	}
	if (!uq_parse_kprobe_owner(line, &pid))
		FUZZ_ASSERT(pid > 0);
	ret = uq_parse_slabinfo_line(line, "amdgpu_userq_fence", &v);
	FUZZ_ASSERT(ret == 0 || ret == -ENOENT || ret == -EINVAL);
	if (!uq_parse_kallsyms_line(line, name, len))
		check_word(name, len);
	ret = uq_parse_tp_line(line, &tp);
	FUZZ_ASSERT(ret == 0 || ret == -ENOENT || ret == -EINVAL);
	if (!ret)
		FUZZ_ASSERT(tp.event < UQ_TP_EVENTS);
	ret = uq_parse_trace_entries(line, &v, &w);
	FUZZ_ASSERT(ret == 0 || ret == -ENOENT);
	if (uq_is_queue_dir(line))
		FUZZ_ASSERT(!strncmp(line, "queue", 5) && line[6]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *line, *save = NULL;
	size_t len;

	if (!size)
		return 0;
	/* 1..256 bytes: every output buffer is at least that large. */
	len = (size_t)data[0] + 1;
	text = fuzz_cstr(data + 1, size - 1);
	if (!text)
		return 0;
	whole_text(text, len > 64 ? 64 : len);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		one_line(line, len);
	free(text);
	return 0;
}
