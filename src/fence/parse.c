/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* A decimal u64 at *s, which is advanced past it; it must end at a blank,
 * a newline or the end of the text. */
static int take_u64(const char **s, uint64_t *out)
{
	const char *p = skip_blanks(*s);
	char *end;
	uint64_t v;

	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	errno = 0;
	v = strtoull(p, &end, 10);
	if (errno || (*end && !isspace((unsigned char)*end)))
		return -EINVAL;
	*out = v;
	*s = end;
	return 0;
}

static int take_i64(const char **s, int64_t *out)
{
	const char *p = skip_blanks(*s);
	char *end;
	int64_t v;

	if (!isdigit((unsigned char)*p) &&
	    !(*p == '-' && isdigit((unsigned char)p[1])))
		return -EINVAL;
	errno = 0;
	v = strtoll(p, &end, 10);
	if (errno || (*end && !isspace((unsigned char)*end)))
		return -EINVAL;
	*out = v;
	*s = end;
	return 0;
}

static bool only_space(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return !*s;
}

static bool only_space_n(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

/* The next blank-separated word of *s, copied into @buf. */
static int take_word(const char **s, char *buf, size_t len)
{
	const char *p = skip_blanks(*s);
	size_t n = strcspn(p, " \t\n");

	if (!n || n >= len)
		return -EINVAL;
	memcpy(buf, p, n);
	buf[n] = '\0';
	*s = p + n;
	return 0;
}

int uq_parse_kprobe_profile_line(const char *line, const char *event,
				 uint64_t *hits)
{
	const char *p = line, *name;
	uint64_t h, missed;
	char word[256];

	if (take_word(&p, word, sizeof(word)))
		return -EINVAL;
	name = strrchr(word, '/');
	name = name ? name + 1 : word;
	if (strcmp(name, event))
		return -ENOENT;
	if (take_u64(&p, &h) || take_u64(&p, &missed) || !only_space(p))
		return -EINVAL;
	*hits = h;
	return 0;
}

/* A group or event name as the kernel accepts it (is_good_name() in
 * kernel/trace/trace_probe.h): a letter, '_' or '.', then letters,
 * digits, '_' or '.'. Anything else in kprobe_events is not a probe line
 * this tool could remove. */
static bool is_probe_name(const char *s, size_t n)
{
	if (!n || isdigit((unsigned char)*s))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '.')
			return false;
	return true;
}

int uq_parse_kprobe_event_line(const char *line, char *group, char *event,
			       size_t len)
{
	const char *p = skip_blanks(line), *colon, *slash, *end;

	if (*p != 'p' && *p != 'r')
		return -EINVAL;
	colon = strchr(p, ':');
	if (!colon)
		return -EINVAL;
	/* "r" may carry a maxactive number: "r10:". */
	for (const char *q = p + 1; q < colon; q++)
		if (!isdigit((unsigned char)*q))
			return -EINVAL;
	end = colon + 1 + strcspn(colon + 1, " \t\n");
	slash = memchr(colon + 1, '/', (size_t)(end - colon - 1));
	if (!slash || (size_t)(slash - colon - 1) >= len ||
	    (size_t)(end - slash - 1) >= len ||
	    !is_probe_name(colon + 1, (size_t)(slash - colon - 1)) ||
	    !is_probe_name(slash + 1, (size_t)(end - slash - 1)))
		return -EINVAL;
	memcpy(group, colon + 1, (size_t)(slash - colon - 1));
	group[slash - colon - 1] = '\0';
	memcpy(event, slash + 1, (size_t)(end - slash - 1));
	event[end - slash - 1] = '\0';
	return 0;
}

int uq_parse_kprobe_owner(const char *event, pid_t *pid)
{
	const char *p = event + strlen(UQ_KPROBE_PREFIX);
	char *end;
	long v;

	if (strncmp(event, UQ_KPROBE_PREFIX, strlen(UQ_KPROBE_PREFIX)) ||
	    !isdigit((unsigned char)*p))
		return -EINVAL;
	errno = 0;
	v = strtol(p, &end, 10);
	if (errno || *end != '_' || !end[1] || v <= 0 || v > INT32_MAX)
		return -EINVAL;
	*pid = (pid_t)v;
	return 0;
}

int uq_parse_slabinfo_line(const char *line, const char *cache,
			   uint64_t *active)
{
	const char *p = line;
	char word[256];
	uint64_t a, num;

	if (take_word(&p, word, sizeof(word)) || strcmp(word, cache))
		return -ENOENT;
	if (take_u64(&p, &a) || take_u64(&p, &num))
		return -EINVAL;
	*active = a;
	return 0;
}

int uq_parse_slab_objects(const char *text, uint64_t *objects)
{
	const char *p = text;
	uint64_t v;

	if (take_u64(&p, &v))
		return -EINVAL;
	*objects = v;
	return 0;
}

int uq_parse_fdinfo_client_id(const char *text, uint64_t *id)
{
	static const char key[] = "drm-client-id:";
	const char *line = text;

	while (line && *line) {
		if (!strncmp(line, key, sizeof(key) - 1)) {
			const char *p = line + sizeof(key) - 1;
			uint64_t v;

			if (take_u64(&p, &v))
				return -EINVAL;
			*id = v;
			return 0;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -ENOENT;
}

/* Preferred keys of a "key: value" counter file, best first. */
static const char *const counter_keys[] = { "fence_drv_live", "fence_drivers" };
#define NUM_COUNTER_KEYS (sizeof(counter_keys) / sizeof(counter_keys[0]))

int uq_parse_counter_file(const char *text, int64_t *value, char *why,
			  size_t len)
{
	int64_t best = 0, only = 0;
	size_t best_rank = NUM_COUNTER_KEYS, lines = 0;
	const char *p = text;

	if (!take_i64(&p, &best) && only_space(p)) {
		*value = best;
		return 0;
	}
	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t n = eol ? (size_t)(eol - line) : strlen(line);
		const char *colon = memchr(line, ':', n);
		char key[64];
		int64_t v;

		if (only_space_n(line, n)) {
			line = eol ? eol + 1 : NULL;
			continue;
		}
		p = colon ? colon + 1 : line;
		if (!colon || (size_t)(colon - line) >= sizeof(key) ||
		    take_i64(&p, &v) ||
		    !only_space_n(p, n - (size_t)(p - line))) {
			snprintf(
				why, len,
				"line %zu is neither a number nor 'key: value'",
				lines + 1);
			return -EINVAL;
		}
		memcpy(key, line, (size_t)(colon - line));
		key[colon - line] = '\0';
		for (size_t i = 0; i < best_rank; i++) {
			if (!strcmp(key, counter_keys[i])) {
				best = v;
				best_rank = i;
			}
		}
		only = v;
		lines++;
		line = eol ? eol + 1 : NULL;
	}
	if (best_rank < NUM_COUNTER_KEYS) {
		*value = best;
		return 0;
	}
	if (lines == 1) {
		*value = only;
		return 0;
	}
	if (!lines) {
		snprintf(why, len, "the file is empty");
		return -EINVAL;
	}
	snprintf(why, len,
		 "%zu keys and none is fence_drv_live or fence_drivers", lines);
	return -ENOENT;
}

int uq_parse_kallsyms_line(const char *line, char *name, size_t len)
{
	const char *p = strchr(line, ' ');

	if (!p || !(p = strchr(p + 1, ' ')))
		return -EINVAL;
	p++;
	return take_word(&p, name, len);
}

bool uq_is_queue_dir(const char *name)
{
	const char *p;

	if (strncmp(name, "queue", 5) || (name[5] != '-' && name[5] != '_'))
		return false;
	p = name + 6;
	if (!*p)
		return false;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return true;
}

const char *uq_verdict_name(enum uq_verdict v)
{
	switch (v) {
	case UQ_VERDICT_LEAK:
		return "leak";
	case UQ_VERDICT_NO_LEAK:
		return "no-leak";
	default:
		return "unknown";
	}
}

enum uq_verdict uq_fence_verdict(const struct uq_fence_view *v, size_t n,
				 int64_t *leaked)
{
	bool seen = false, could_see = false;
	int64_t count = -1;

	for (size_t i = 0; i < n; i++) {
		if (!v[i].ok)
			continue;
		if (v[i].leaked > 0)
			seen = true;
		if (v[i].counts_fence_drivers) {
			could_see = true;
			if (v[i].leaked > count)
				count = v[i].leaked;
		}
	}
	if (seen) {
		/* A leak only slab or debugfs saw has no fence-driver count;
		 * counters that saw 0 then do not make it 0. */
		*leaked = count > 0 ? count : -1;
		return UQ_VERDICT_LEAK;
	}
	*leaked = could_see ? 0 : -1;
	return could_see ? UQ_VERDICT_NO_LEAK : UQ_VERDICT_UNKNOWN;
}

const char *const uq_tp_event_names[UQ_TP_EVENTS] = {
	[UQ_TP_WAIT_DEPS] = "amdgpu_userq_wait_deps",
	[UQ_TP_EMIT_FENCE] = "amdgpu_userq_emit_fence",
	[UQ_TP_CREATE_END] = "amdgpu_userq_create_end",
	[UQ_TP_DESTROY_END] = "amdgpu_userq_destroy_end",
};

/* The output of one event, after "EVENT: ", per its TP_printk. */
static int parse_tp_output(const char *out, struct uq_tp_record *r)
{
	int n = -1;

	switch (r->event) {
	case UQ_TP_WAIT_DEPS:
		/* dev=%s, client_id=%llu, type=%u, doorbell=%llu,
		 * context=%llu depends on fence=%llu:%llu */
		if (sscanf(out,
			   "dev=%*[^,], client_id=%" SCNu64
			   ", type=%*u, doorbell=%" SCNu64 ", context=%" SCNu64
			   " depends on fence=%" SCNu64 ":%" SCNu64 "%n",
			   &r->client_id, &r->doorbell, &r->context,
			   &r->fence_context, &r->fence_seqno, &n) != 5)
			return -EINVAL;
		break;
	case UQ_TP_EMIT_FENCE:
		/* dev=%s, client_id=%llu, type=%u, doorbell=%llu,
		 * fence=%llu:%llu */
		if (sscanf(out,
			   "dev=%*[^,], client_id=%" SCNu64
			   ", type=%*u, doorbell=%" SCNu64 ", fence=%" SCNu64
			   ":%" SCNu64 "%n",
			   &r->client_id, &r->doorbell, &r->fence_context,
			   &r->fence_seqno, &n) != 4)
			return -EINVAL;
		r->context = r->fence_context;
		break;
	default:
		/* queue=%p, doorbell=%llu, type=%d, state=%d, xcp_id=%u,
		 * result=%d */
		if (sscanf(out,
			   "queue=%*[^,], doorbell=%" SCNu64
			   ", type=%*d, state=%*d, xcp_id=%*u, result=%d%n",
			   &r->doorbell, &r->result, &n) != 2)
			return -EINVAL;
		break;
	}
	if (n < 0 || (out[n] && out[n] != '\n'))
		return -EINVAL;
	return 0;
}

int uq_parse_tp_line(const char *line, struct uq_tp_record *r)
{
	struct uq_tp_record rec = { 0 };
	const char *p;
	size_t len;
	int ret;

	if (*line == '#')
		return -ENOENT;
	/* the context ends with the timestamp's ": " */
	p = strstr(line, ": amdgpu_userq_");
	if (!p)
		return -ENOENT;
	p += 2;
	len = strcspn(p, ":");
	if (p[len] != ':' || p[len + 1] != ' ')
		return -ENOENT;
	for (rec.event = 0; rec.event < UQ_TP_EVENTS; rec.event++)
		if (strlen(uq_tp_event_names[rec.event]) == len &&
		    !strncmp(p, uq_tp_event_names[rec.event], len))
			break;
	if (rec.event == UQ_TP_EVENTS)
		return -ENOENT;
	ret = parse_tp_output(p + len + 2, &rec);
	if (ret)
		return ret;
	*r = rec;
	return 0;
}

int uq_parse_trace_entries(const char *line, uint64_t *in_buffer,
			   uint64_t *written)
{
	uint64_t in, wr;

	if (sscanf(line,
		   "# entries-in-buffer/entries-written: %" SCNu64 "/%" SCNu64,
		   &in, &wr) != 2)
		return -ENOENT;
	*in_buffer = in;
	*written = wr;
	return 0;
}
