// SPDX-License-Identifier: MIT
/*
 * tracefs static events and ring buffers (kernel/trace/trace_events.c,
 * trace.c, trace_output.c).
 *
 *   trace                        the global buffer: a header, then one
 *                                line per event; a write clears it
 *   buffer_size_kb               its size per CPU
 *   events/SYS/enable            "0", "1" or "X" (mixed); 0/1 sets all
 *   events/SYS/EVENT/enable      "0" or "1"
 *   events/SYS/EVENT/format      the record layout and the print fmt
 *   instances/NAME/              mkdir makes a buffer with the same
 *                                files and its own switches; rmdir
 *                                removes it, with its switches
 *
 * The emulated machine has one CPU. A buffer keeps buffer_size_kb * 1024 /
 * ENTRY_BYTES events and overwrites the oldest when full, as the kernel's
 * overwrite mode does; the header's entries-in-buffer/entries-written
 * shows the loss.
 *
 * Not modelled: the truncation of an O_TRUNC open of trace (the vfs tells
 * write handlers nothing about open flags, so any write clears, as
 * `echo > trace` does), trace_pipe, filters and triggers, the other files
 * of an instance, and rmdir's -EBUSY for an instance with open files.
 *
 * State is protected by the device lock.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "emu/lib/kstrtox.h"
#include "emu/device.h"
#include "emu/emu.h"
#include "seq_file.h"
#include "trace_events.h"
#include "vfs.h"

#define TRACEFS "/sys/kernel/tracing"
/* TRACE_BUF_SIZE_DEFAULT: 1441792 bytes per CPU */
#define BUF_SIZE_KB_DEFAULT 1408ul
/* The ring-buffer bytes one userq event takes (event header and record,
 * about 64 bytes for the amdgpu_userq_* records); an approximation. */
#define ENTRY_BYTES 64ul
/* The first id the kernel's static events get here (register_trace_event
 * numbers them dynamically; the value is arbitrary). */
#define FIRST_EVENT_ID 1500
#define TASK_COMM_LEN 16
/* The arg of an enable file: buffer id, system flag, event index. */
#define ARG_SYSTEM 0x100u
#define ARG_SHIFT 9

struct trace_record {
	struct trace_record *next;
	uint64_t ts_ns;
	int pid;
	char comm[TASK_COMM_LEN];
	int event;
	char *text;
};

struct emu_trace_buffer {
	struct emu_trace_buffer *next;
	uint64_t id;
	char name[64]; /* "" for the global buffer */
	char dir[160];
	bool enabled[EMU_TRACE_MAX_EVENTS];
	struct trace_record *head, *tail; /* oldest first */
	unsigned long entries, written, size_kb;
};

#define EV (&emu_dev.trace_events)

static struct emu_trace_buffer *find_buffer(uint64_t id)
{
	struct emu_trace_buffer *b;

	for (b = EV->buffers; b; b = b->next)
		if (b->id == id)
			return b;
	return NULL;
}

static void drop_oldest(struct emu_trace_buffer *b)
{
	struct trace_record *r = b->head;

	b->head = r->next;
	if (!b->head)
		b->tail = NULL;
	b->entries--;
	free(r->text);
	free(r);
}

static void clear_buffer(struct emu_trace_buffer *b)
{
	while (b->head)
		drop_oldest(b);
}

static unsigned long capacity(const struct emu_trace_buffer *b)
{
	return b->size_kb * 1024 / ENTRY_BYTES;
}

/* --- the files ----------------------------------------------------------- */

static void *enable_arg(const struct emu_trace_buffer *b, unsigned int flags)
{
	return (void *)(uintptr_t)((b->id << ARG_SHIFT) | flags);
}

/* event_enable_read, system_enable_read */
static int enable_read(const char *path, void *arg, struct emu_seq_file *m)
{
	uintptr_t a = (uintptr_t)arg;
	unsigned int idx = a & 0xff, on = 0, n = 0;
	struct emu_trace_buffer *b;
	bool took;

	(void)path;
	took = emu_lock_unless_held();
	b = find_buffer(a >> ARG_SHIFT);
	for (unsigned int i = 0; b && i < EV->nevents; i++) {
		if (a & ARG_SYSTEM ? strcmp(EV->events[i]->system,
					    EV->events[idx]->system) :
				     i != idx)
			continue;
		n++;
		on += b->enabled[i];
	}
	emu_unlock_taken(took);
	if (!b)
		return -ENODEV;
	emu_seq_puts(m, !on ? "0\n" : on == n ? "1\n" : "X\n");
	return 0;
}

static void set_enabled(struct emu_trace_buffer *b, unsigned int i, bool on)
{
	if (b->enabled[i] == on)
		return;
	b->enabled[i] = on;
	if (on)
		EV->nenabled++;
	else
		EV->nenabled--;
}

/* event_enable_write, system_enable_write: kstrtoul, then 0 or 1 */
static long enable_write(const char *path, void *arg, const char *buf,
			 size_t len)
{
	uintptr_t a = (uintptr_t)arg;
	unsigned int idx = a & 0xff;
	struct emu_trace_buffer *b;
	unsigned long val;
	bool took;

	(void)path;
	if (emu_kstrtoul_user(buf, len, 0, &val) || (val != 0 && val != 1))
		return -EINVAL;
	took = emu_lock_unless_held();
	b = find_buffer(a >> ARG_SHIFT);
	for (unsigned int i = 0; b && i < EV->nevents; i++)
		if (a & ARG_SYSTEM ? !strcmp(EV->events[i]->system,
					     EV->events[idx]->system) :
				     i == idx)
			set_enabled(b, i, val);
	emu_unlock_taken(took);
	return b ? (long)len : -ENODEV;
}

/* print_trace_header (no latency format), one CPU */
static void print_header(struct emu_seq_file *m,
			 const struct emu_trace_buffer *b)
{
	emu_seq_printf(m,
		       "# tracer: nop\n"
		       "#\n"
		       "# entries-in-buffer/entries-written: %lu/%lu   #P:1\n"
		       "#\n",
		       b->entries, b->written);
	emu_seq_puts(
		m,
		"#                                _-----=> irqs-off/BH-disabled\n"
		"#                               / _----=> need-resched\n"
		"#                              | / _---=> hardirq/softirq\n"
		"#                              || / _--=> preempt-depth\n"
		"#                              ||| / _-=> migrate-disable\n"
		"#                              |||| /     delay\n"
		"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
		"#              | |         |   |||||     |         |\n");
}

/* s_show: trace_print_context, then the event's output */
static int trace_read(const char *path, void *arg, struct emu_seq_file *m)
{
	struct emu_trace_buffer *b;
	struct trace_record *r;
	bool took;

	(void)path;
	took = emu_lock_unless_held();
	b = find_buffer((uintptr_t)arg);
	if (b) {
		print_header(m, b);
		for (r = b->head; r; r = r->next)
			emu_seq_printf(
				m,
				"%16s-%-7d [000] ..... %5llu.%06llu: %s: %s\n",
				r->comm, r->pid,
				(unsigned long long)(r->ts_ns / 1000000000ull),
				(unsigned long long)(r->ts_ns % 1000000000ull /
						     1000),
				EV->events[r->event]->name, r->text);
	}
	emu_unlock_taken(took);
	return b ? 0 : -ENODEV;
}

static long trace_write(const char *path, void *arg, const char *buf,
			size_t len)
{
	struct emu_trace_buffer *b;
	bool took;

	(void)path;
	(void)buf;
	took = emu_lock_unless_held();
	b = find_buffer((uintptr_t)arg);
	if (b)
		clear_buffer(b);
	emu_unlock_taken(took);
	return b ? (long)len : -ENODEV;
}

/* tracing_entries_read: one CPU, already expanded */
static int size_read(const char *path, void *arg, struct emu_seq_file *m)
{
	struct emu_trace_buffer *b;
	unsigned long kb = 0;
	bool took;

	(void)path;
	took = emu_lock_unless_held();
	b = find_buffer((uintptr_t)arg);
	if (b)
		kb = b->size_kb;
	emu_unlock_taken(took);
	if (!b)
		return -ENODEV;
	emu_seq_printf(m, "%lu\n", kb);
	return 0;
}

/* tracing_entries_write: 0 is -EINVAL; shrinking drops the oldest */
static long size_write(const char *path, void *arg, const char *buf, size_t len)
{
	struct emu_trace_buffer *b;
	unsigned long kb;
	bool took;

	(void)path;
	if (emu_kstrtoul_user(buf, len, 10, &kb) || !kb || kb > (1ul << 22))
		return -EINVAL;
	took = emu_lock_unless_held();
	b = find_buffer((uintptr_t)arg);
	if (b) {
		b->size_kb = kb;
		while (b->entries > capacity(b))
			drop_oldest(b);
	}
	emu_unlock_taken(took);
	return b ? (long)len : -ENODEV;
}

static void add_event_files(const struct emu_trace_buffer *b, unsigned int i)
{
	static const struct emu_vfs_ops enable_ops = {
		.read = enable_read,
		.write = enable_write,
	};
	const struct emu_trace_event *ev = EV->events[i];
	char path[320];

	snprintf(path, sizeof(path), "%s/events/%s/enable", b->dir, ev->system);
	emu_vfs_add_file(path, 0644, &enable_ops,
			 enable_arg(b, ARG_SYSTEM | i));
	snprintf(path, sizeof(path), "%s/events/%s/%s/enable", b->dir,
		 ev->system, ev->name);
	emu_vfs_add_file(path, 0644, &enable_ops, enable_arg(b, i));
	snprintf(path, sizeof(path), "%s/events/%s/%s/format", b->dir,
		 ev->system, ev->name);
	emu_vfs_add_static(path, EV->formats[i]);
}

/* The buffer's files; the global one keeps the existing tracefs root. */
static void add_buffer_files(const struct emu_trace_buffer *b)
{
	static const struct emu_vfs_ops trace_ops = {
		.read = trace_read,
		.write = trace_write,
	};
	static const struct emu_vfs_ops size_ops = {
		.read = size_read,
		.write = size_write,
	};
	void *arg = (void *)(uintptr_t)b->id;
	char path[320];

	if (b->name[0])
		emu_vfs_add_dir(b->dir, NULL, NULL);
	snprintf(path, sizeof(path), "%s/trace", b->dir);
	emu_vfs_add_file(path, 0644, &trace_ops, arg);
	snprintf(path, sizeof(path), "%s/buffer_size_kb", b->dir);
	emu_vfs_add_file(path, 0644, &size_ops, arg);
	if (b->name[0]) {
		snprintf(path, sizeof(path), "%s/events", b->dir);
		emu_vfs_add_dir(path, NULL, NULL);
	}
	for (unsigned int i = 0; i < EV->nevents; i++)
		add_event_files(b, i);
}

static struct emu_trace_buffer *new_buffer(const char *name)
{
	struct emu_trace_buffer *b = calloc(1, sizeof(*b)), **tail;

	if (!b)
		return NULL;
	b->id = ++EV->last_id;
	snprintf(b->name, sizeof(b->name), "%s", name);
	if (*name)
		snprintf(b->dir, sizeof(b->dir), TRACEFS "/instances/%s", name);
	else
		snprintf(b->dir, sizeof(b->dir), TRACEFS);
	b->size_kb = BUF_SIZE_KB_DEFAULT;
	for (tail = &EV->buffers; *tail; tail = &(*tail)->next)
		;
	*tail = b;
	return b;
}

/* instance_mkdir: a new buffer with every event's files, all disabled */
static int instance_mkdir(const char *path, void *arg, const char *name)
{
	struct emu_trace_buffer *b;
	bool took;
	int r = 0;

	(void)path;
	(void)arg;
	if (strlen(name) >= sizeof(b->name))
		return -ENAMETOOLONG;
	took = emu_lock_unless_held();
	for (b = EV->buffers; b; b = b->next)
		if (!strcmp(b->name, name))
			break;
	if (b) {
		r = -EEXIST;
	} else {
		b = new_buffer(name);
		if (b)
			add_buffer_files(b);
		else
			r = -ENOMEM;
	}
	emu_unlock_taken(took);
	return r;
}

/* instance_rmdir: __remove_instance disables its events and frees it */
static int instance_rmdir(const char *path, void *arg, const char *name)
{
	struct emu_trace_buffer **pp, *b;
	bool took;

	(void)path;
	(void)arg;
	took = emu_lock_unless_held();
	for (pp = &EV->buffers; (b = *pp); pp = &b->next)
		if (b->name[0] && !strcmp(b->name, name))
			break;
	if (b) {
		*pp = b->next;
		for (unsigned int i = 0; i < EV->nevents; i++)
			set_enabled(b, i, false);
		clear_buffer(b);
		emu_vfs_remove(b->dir);
		free(b);
	}
	emu_unlock_taken(took);
	return b ? 0 : -ENOENT;
}

/* The global buffer and instances/, once. Needs the device lock. */
static void trace_events_setup(void)
{
	static const struct emu_vfs_ops instances_ops = {
		.mkdir = instance_mkdir,
		.rmdir = instance_rmdir,
	};
	struct emu_trace_buffer *b;

	if (EV->buffers)
		return;
	b = new_buffer("");
	if (!b)
		return;
	add_buffer_files(b);
	emu_vfs_add_dir(TRACEFS "/instances", &instances_ops, NULL);
}

/* --- events -------------------------------------------------------------- */

/* The format file (event_format_show / trace_format_open) */
static char *format_text(const struct emu_trace_event *ev, int id)
{
	struct emu_seq_file m;
	unsigned int offset = 8; /* after struct trace_entry */
	char *text = NULL;

	emu_seq_init(&m);
	emu_seq_printf(
		&m,
		"name: %s\nID: %d\nformat:\n"
		"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
		"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
		"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
		"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n",
		ev->name, FIRST_EVENT_ID + id);
	for (unsigned int i = 0; i < ev->nfields; i++) {
		const struct emu_trace_field *f = &ev->fields[i];
		unsigned int size = f->size ? f->size : 4;

		offset = (offset + size - 1) / size * size;
		if (f->size)
			emu_seq_printf(
				&m,
				"\tfield:%s %s;\toffset:%u;\tsize:%u;\tsigned:%d;\n",
				f->type, f->name, offset, size, f->is_signed);
		else
			emu_seq_printf(
				&m,
				"\tfield:__data_loc char[] %s;\toffset:%u;\tsize:4;\tsigned:0;\n",
				f->name, offset);
		offset += size;
	}
	emu_seq_printf(&m, "\nprint fmt: \"%s\", %s\n", ev->print_fmt,
		       ev->print_args);
	if (m.buf && !m.error)
		text = strdup(m.buf);
	emu_seq_release(&m);
	return text;
}

int emu_trace_event_register(const struct emu_trace_event *ev)
{
	struct emu_trace_buffer *b;
	bool took = emu_lock_unless_held();
	int id = (int)EV->nevents;

	trace_events_setup();
	if (id == EMU_TRACE_MAX_EVENTS) {
		id = -ENOSPC;
	} else {
		EV->events[id] = ev;
		EV->formats[id] = format_text(ev, id);
		if (!EV->formats[id]) {
			id = -ENOMEM;
		} else {
			EV->nevents++;
			for (b = EV->buffers; b; b = b->next)
				add_event_files(b, (unsigned int)id);
		}
	}
	emu_unlock_taken(took);
	return id < 0 ? id : 0;
}

/* The index of a registered event, -1 if not registered. */
static int event_index(const struct emu_trace_event *ev)
{
	for (unsigned int i = 0; i < EV->nevents; i++)
		if (EV->events[i] == ev)
			return (int)i;
	return -1;
}

static bool index_enabled(int id)
{
	struct emu_trace_buffer *b;

	if (id < 0)
		return false;
	for (b = EV->buffers; b; b = b->next)
		if (b->enabled[id])
			return true;
	return false;
}

bool emu_trace_event_enabled(const struct emu_trace_event *ev)
{
	emu_lockdep_assert_held();
	/* the common case: nothing traced at all */
	return EV->nenabled && index_enabled(event_index(ev));
}

static void record(struct emu_trace_buffer *b, int id, const char *text,
		   uint64_t ts, int pid, const char *comm)
{
	struct trace_record *r = calloc(1, sizeof(*r));

	if (!r || !(r->text = strdup(text))) {
		free(r);
		return; /* a lost event, as on a full non-overwrite buffer */
	}
	r->ts_ns = ts;
	r->pid = pid;
	memcpy(r->comm, comm, TASK_COMM_LEN);
	r->event = id;
	if (b->tail)
		b->tail->next = r;
	else
		b->head = r;
	b->tail = r;
	b->entries++;
	b->written++;
	while (b->entries > capacity(b))
		drop_oldest(b);
}

void emu_trace_event_printf(const struct emu_trace_event *ev, const char *fmt,
			    ...)
{
	char comm[TASK_COMM_LEN] = "", *text;
	struct emu_trace_buffer *b;
	int pid, n, id;
	uint64_t ts;
	va_list ap;

	emu_lockdep_assert_held();
	if (!EV->nenabled)
		return;
	id = event_index(ev);
	if (!index_enabled(id))
		return;
	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	ts = emu_now_ns();
	pid = (int)syscall(SYS_gettid);
	prctl(PR_GET_NAME, comm);
	comm[TASK_COMM_LEN - 1] = '\0';
	for (b = EV->buffers; b; b = b->next)
		if (b->enabled[id])
			record(b, id, text, ts, pid, comm);
	free(text);
}

unsigned int emu_trace_instance_count(void)
{
	struct emu_trace_buffer *b;
	unsigned int n = 0;

	emu_lockdep_assert_held();
	for (b = EV->buffers; b; b = b->next)
		n += b->name[0] != '\0';
	return n;
}

unsigned int emu_trace_enabled_count(void)
{
	emu_lockdep_assert_held();
	return EV->nenabled;
}

__attribute__((constructor)) static void trace_events_init(void)
{
	bool took;

	emu_init();
	took = emu_lock_unless_held();
	trace_events_setup();
	emu_unlock_taken(took);
}
