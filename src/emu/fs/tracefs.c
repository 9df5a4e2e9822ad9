// SPDX-License-Identifier: MIT
/*
 * tracefs kprobes (kernel/trace/trace_kprobe.c, trace_dynevent.c).
 *
 *   kprobe_events   write "p[:[GRP/]EVENT] [MOD:]SYM[+offs] [args]", an
 *                   "r..." return probe, or "-:[GRP/]EVENT"; read lists
 *                   them ("p:GRP/EVENT SYM").
 *   kprobe_profile  "  %-44s %15lu %15lu" event, hits, misses.
 *   events/GRP/EVENT/enable   "0" or "1".
 *
 * A kprobe is registered disabled (KPROBE_FLAG_DISABLED) and only counts
 * hits while its event is enabled. Errors as the kernel gives them: an
 * unknown symbol of a loaded module -ENOENT, bad syntax or names -EINVAL,
 * an existing event -EEXIST, removing an unknown event -ENOENT and an
 * enabled one -EBUSY.
 *
 * Not modelled: multi-probe events (a second probe under an existing
 * event name is refused with -EEXIST), fetch arguments (accepted and
 * ignored), and the truncation of an O_TRUNC open (which clears every
 * probe): the vfs tells write handlers nothing about the open flags.
 *
 * State is protected by the device lock.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/lib/kstrtox.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "kallsyms.h"
#include "seq_file.h"
#include "tracefs.h"
#include "vfs.h"

#define TRACEFS "/sys/kernel/tracing"
/* MAX_EVENT_NAME_LEN */
#define MAX_EVENT_NAME_LEN 64
#define KPROBE_EVENT_SYSTEM "kprobes"
#define SYMBOL_LEN 128

struct kprobe {
	char group[MAX_EVENT_NAME_LEN];
	char event[MAX_EVENT_NAME_LEN];
	char symbol[SYMBOL_LEN]; /* as given, "MOD:" prefix included */
	unsigned long offset;
	bool is_return;
	bool registered; /* the symbol exists (else: a module to come) */
	bool enabled;
	unsigned long nhit;
	uint64_t id; /* for the enable file's handler */
	struct kprobe *next;
};

static int tracefs_gate(const char *path, void *arg)
{
	(void)path;
	(void)arg;
	/* tracefs is mode 0700, root only */
	return emu_unprivileged() ? -EACCES : 0;
}

void emu_tracefs_kprobe_hit(const char *symbol)
{
	struct kprobe *k;
	const char *s;

	emu_lockdep_assert_held();
	for (k = emu_dev.trace.kprobes; k; k = k->next) {
		s = strchr(k->symbol, ':');
		s = s ? s + 1 : k->symbol;
		/* kprobe_dispatcher: only armed (enabled) probes fire */
		if (k->registered && k->enabled && !strcmp(s, symbol))
			k->nhit++;
	}
}

unsigned int emu_tracefs_kprobe_count(void)
{
	emu_lockdep_assert_held();

	return emu_dev.trace.nkprobes;
}

static struct kprobe *find_event(const char *group, const char *event)
{
	struct kprobe *k;

	for (k = emu_dev.trace.kprobes; k; k = k->next)
		if (!strcmp(k->group, group) && !strcmp(k->event, event))
			return k;
	return NULL;
}

/* is_good_name: [A-Za-z_][A-Za-z0-9_]* (trace_probe.c) */
static bool is_good_name(const char *name)
{
	if (!isalpha((unsigned char)*name) && *name != '_')
		return false;
	while (*++name)
		if (!isalnum((unsigned char)*name) && *name != '_')
			return false;
	return true;
}

/* traceprobe_parse_event_name: "[GRP/]EVENT" */
static int parse_event_name(const char *spec, char *group, char *event)
{
	const char *slash = strchr(spec, '/');
	size_t glen;

	strcpy(group, KPROBE_EVENT_SYSTEM);
	if (slash) {
		glen = (size_t)(slash - spec);
		if (!glen || glen >= MAX_EVENT_NAME_LEN)
			return -EINVAL;
		memcpy(group, spec, glen);
		group[glen] = '\0';
		if (!is_good_name(group))
			return -EINVAL;
		spec = slash + 1;
	}
	if (!*spec) /* "GRP/": the event name comes from the symbol */
		return 0;
	if (strlen(spec) >= MAX_EVENT_NAME_LEN || !is_good_name(spec))
		return -EINVAL;
	strcpy(event, spec);
	return 0;
}

static void event_dir(char *buf, size_t n, const struct kprobe *k)
{
	snprintf(buf, n, TRACEFS "/events/%s/%s", k->group, k->event);
}

static int enable_read(const char *path, void *arg, struct emu_seq_file *m);
static long enable_write(const char *path, void *arg, const char *buf,
			 size_t len);

static void add_event_files(const struct kprobe *k)
{
	static const struct emu_vfs_ops ops = {
		.read = enable_read,
		.write = enable_write,
	};
	char dir[256], path[280];

	snprintf(dir, sizeof(dir), TRACEFS "/events/%s", k->group);
	emu_vfs_add_dir(dir, NULL, NULL);
	event_dir(dir, sizeof(dir), k);
	emu_vfs_add_dir(dir, NULL, NULL);
	snprintf(path, sizeof(path), "%s/enable", dir);
	emu_vfs_add_file(path, 0644, &ops, (void *)(uintptr_t)k->id);
}

/* trace_kprobe_create: "p|r[:[GRP/]EVENT] [MOD:]SYM[+offs] [args]" */
static int kprobe_create(char **argv, int argc)
{
	char group[MAX_EVENT_NAME_LEN], event[MAX_EVENT_NAME_LEN] = "";
	char symbol[SYMBOL_LEN], *plus, *end;
	bool is_return = argv[0][0] == 'r', module_known;
	unsigned long offset = 0;
	const char *name;
	struct kprobe *k, **tail;
	uint64_t addr;
	int r;

	/* "p" or "r[MAXACTIVE]", then an optional ":name" */
	name = argv[0] + 1;
	if (is_return)
		while (isdigit((unsigned char)*name))
			name++;
	if (*name == ':') {
		r = parse_event_name(name + 1, group, event);
		if (r)
			return r;
	} else if (*name) {
		return -EINVAL;
	} else {
		strcpy(group, KPROBE_EVENT_SYSTEM);
	}
	if (argc < 2) /* -ECANCELED, reported as -EINVAL */
		return -EINVAL;
	if (strlen(argv[1]) >= SYMBOL_LEN)
		return -EINVAL;
	strcpy(symbol, argv[1]);
	/* a raw address: only the module's own symbols exist here */
	if (!strncmp(symbol, "0x", 2)) {
		const char *s = emu_kallsyms_name(strtoull(symbol, NULL, 16));

		if (!s || strlen(s) >= SYMBOL_LEN)
			return -EINVAL;
		strcpy(symbol, s);
	}
	plus = strchr(symbol, '+');
	if (plus) {
		*plus = '\0';
		offset = strtoul(plus + 1, &end, 0);
		if (end == plus + 1 || *end)
			return -EINVAL;
	}
	if (!*symbol)
		return -EINVAL;
	if (!*event) {
		/* the generated name: "%c_%s_%ld", ':' and '.' as '_' */
		char *c;

		snprintf(event, sizeof(event), "%c_%s_%lu",
			 is_return ? 'r' : 'p', symbol, offset);
		for (c = event; *c; c++)
			if (*c == ':' || *c == '.')
				*c = '_';
	}
	if (find_event(group, event))
		return -EEXIST;
	/* register_trace_kprobe: an unknown symbol of a loaded module is
	 * -ENOENT; a module not loaded yet is accepted, unregistered */
	if (!emu_kallsyms_lookup(symbol, &addr, &module_known) && module_known)
		return -ENOENT;

	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	strcpy(k->group, group);
	strcpy(k->event, event);
	strcpy(k->symbol, symbol);
	k->offset = offset;
	k->is_return = is_return;
	k->registered = module_known;
	k->id = ++emu_dev.trace.last_id;
	for (tail = &emu_dev.trace.kprobes; *tail; tail = &(*tail)->next)
		; /* definition order, as kprobe_events lists them */
	*tail = k;
	emu_dev.trace.nkprobes++;
	add_event_files(k);
	return 0;
}

static bool group_in_use(const char *group)
{
	struct kprobe *k;

	for (k = emu_dev.trace.kprobes; k; k = k->next)
		if (!strcmp(k->group, group))
			return true;
	return false;
}

/* "-:[GRP/]EVENT" (trace_kprobe_match: without GRP, any group) */
static int kprobe_delete(const char *spec)
{
	char group[MAX_EVENT_NAME_LEN], event[MAX_EVENT_NAME_LEN] = "";
	bool any_group = !strchr(spec, '/');
	struct kprobe **pp, *k;
	char dir[256];
	int r;

	if (*spec != ':')
		return -EINVAL;
	r = parse_event_name(spec + 1, group, event);
	if (r || !*event)
		return -EINVAL;
	for (pp = &emu_dev.trace.kprobes; (k = *pp); pp = &k->next)
		if ((any_group || !strcmp(k->group, group)) &&
		    !strcmp(k->event, event))
			break;
	if (!k)
		return -ENOENT;
	/* unregister_trace_kprobe: an enabled event is busy */
	if (k->enabled)
		return -EBUSY;
	*pp = k->next;
	emu_dev.trace.nkprobes--;
	event_dir(dir, sizeof(dir), k);
	emu_vfs_remove(dir);
	/* the group's directory goes with its last event */
	if (!group_in_use(k->group)) {
		snprintf(dir, sizeof(dir), TRACEFS "/events/%s", k->group);
		emu_vfs_remove(dir);
	}
	free(k);
	return 0;
}

/* One command line (create_or_delete_trace_kprobe). */
static int kprobe_command(char *line)
{
	char *argv[16];
	int argc = 0;
	char *tok, *save = NULL;

	for (tok = strtok_r(line, " \t", &save); tok && argc < 16;
	     tok = strtok_r(NULL, " \t", &save))
		argv[argc++] = tok;
	if (!argc)
		return 0;
	if (argv[0][0] == '-') {
		if (argc != 1)
			return -EINVAL;
		return kprobe_delete(argv[0] + 1);
	}
	if (argv[0][0] != 'p' && argv[0][0] != 'r')
		return -EINVAL;
	return kprobe_create(argv, argc);
}

/* trace_parse_run_command: one command per line, '#' comments; the
 * first failing line fails the write, earlier lines stay applied. */
static long kprobe_events_write(const char *path, void *arg, const char *buf,
				size_t len)
{
	char *copy, *line, *next, *hash;
	long ret = (long)len;
	bool took;
	int r;

	(void)path;
	(void)arg;
	copy = malloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, len);
	copy[len] = '\0';
	took = emu_lock_unless_held();
	for (line = copy; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		r = kprobe_command(line);
		if (r) {
			ret = r;
			break;
		}
	}
	emu_unlock_taken(took);
	free(copy);
	return ret;
}

/* trace_kprobe_show */
static int kprobe_events_read(const char *path, void *arg,
			      struct emu_seq_file *m)
{
	struct kprobe *k;
	bool took;

	(void)path;
	(void)arg;
	took = emu_lock_unless_held();
	for (k = emu_dev.trace.kprobes; k; k = k->next) {
		emu_seq_printf(m, "%c:%s/%s %s", k->is_return ? 'r' : 'p',
			       k->group, k->event, k->symbol);
		if (k->offset)
			emu_seq_printf(m, "+%lu", k->offset);
		emu_seq_putc(m, '\n');
	}
	emu_unlock_taken(took);
	return 0;
}

/* probes_profile_seq_show */
static int kprobe_profile_read(const char *path, void *arg,
			       struct emu_seq_file *m)
{
	struct kprobe *k;
	bool took;

	(void)path;
	(void)arg;
	took = emu_lock_unless_held();
	for (k = emu_dev.trace.kprobes; k; k = k->next)
		emu_seq_printf(m, "  %-44s %15lu %15lu\n", k->event, k->nhit,
			       0ul);
	emu_unlock_taken(took);
	return 0;
}

static struct kprobe *find_id(uint64_t id)
{
	struct kprobe *k;

	for (k = emu_dev.trace.kprobes; k; k = k->next)
		if (k->id == id)
			return k;
	return NULL;
}

/* event_enable_read */
static int enable_read(const char *path, void *arg, struct emu_seq_file *m)
{
	struct kprobe *k;
	bool took, on = false;

	(void)path;
	took = emu_lock_unless_held();
	k = find_id((uint64_t)(uintptr_t)arg);
	if (k)
		on = k->enabled;
	emu_unlock_taken(took);
	if (!k)
		return -ENODEV;
	emu_seq_puts(m, on ? "1\n" : "0\n");
	return 0;
}

/* event_enable_write: kstrtoul_from_user, then 0 or 1 */
static long enable_write(const char *path, void *arg, const char *buf,
			 size_t len)
{
	unsigned long val;
	struct kprobe *k;
	bool took;

	(void)path;
	if (emu_kstrtoul_user(buf, len, 0, &val) || (val != 0 && val != 1))
		return -EINVAL;
	took = emu_lock_unless_held();
	k = find_id((uint64_t)(uintptr_t)arg);
	if (k)
		k->enabled = val;
	emu_unlock_taken(took);
	return k ? (long)len : -ENODEV;
}

__attribute__((constructor)) static void tracefs_init(void)
{
	static const struct emu_vfs_ops root_ops = { .access = tracefs_gate };
	static const struct emu_vfs_ops events_ops = {
		.read = kprobe_events_read,
		.write = kprobe_events_write,
	};
	static const struct emu_vfs_ops profile_ops = {
		.read = kprobe_profile_read,
	};

	emu_init();
	emu_vfs_add_dir(TRACEFS, &root_ops, NULL);
	emu_vfs_add_file(TRACEFS "/kprobe_events", 0644, &events_ops, NULL);
	emu_vfs_add_file(TRACEFS "/kprobe_profile", 0444, &profile_ops, NULL);
	emu_vfs_add_dir(TRACEFS "/events", NULL, NULL);
}
