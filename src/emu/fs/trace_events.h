/* SPDX-License-Identifier: MIT */
/*
 * tracefs static trace events (kernel/trace/trace_events.c) and the ring
 * buffers they are recorded in: the global one (/sys/kernel/tracing/trace)
 * and one per instance made with mkdir in instances/ (instance_mkdir,
 * kernel/trace/trace.c). Each buffer has its own events/SYSTEM/EVENT/enable
 * switches, so a tool can trace into its own instance without touching the
 * global buffer. A driver registers its events at initialisation and
 * records them through a thin trace_*() function (amdgpu/amdgpu_trace.c).
 */
#ifndef UQ_EMU_TRACE_EVENTS_H
#define UQ_EMU_TRACE_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#define EMU_TRACE_MAX_EVENTS 16

/* One field of an event's record, as its format file lists it. */
struct emu_trace_field {
	const char *type; /* "u64", "int", "void *" */
	const char *name;
	unsigned int size; /* 0: a __string(), "__data_loc char[]" */
	bool is_signed;
};

/* A static event (TRACE_EVENT / DEFINE_EVENT). */
struct emu_trace_event {
	const char *system; /* TRACE_SYSTEM */
	const char *name;
	const struct emu_trace_field *fields;
	unsigned int nfields;
	const char *print_fmt; /* the TP_printk format */
	const char *print_args; /* and its arguments, for the format file */
};

struct emu_trace_buffer;

/* emu_dev.trace_events, owned by trace_events.c. */
struct emu_trace_events {
	const struct emu_trace_event *events[EMU_TRACE_MAX_EVENTS];
	char *formats[EMU_TRACE_MAX_EVENTS]; /* the format files' text */
	unsigned int nevents;
	struct emu_trace_buffer *buffers; /* the global one, then instances */
	uint64_t last_id;
	unsigned int nenabled; /* enable switches on, in every buffer */
};

/* Register @ev (static: it is known by its address) in every buffer's
 * events/. 0 or -errno. At initialisation only. */
int emu_trace_event_register(const struct emu_trace_event *ev);
/* Is @ev registered and enabled in some buffer? Needs the device lock. */
bool emu_trace_event_enabled(const struct emu_trace_event *ev);
/* Record @ev, its TP_printk output formatted from @fmt, in every buffer
 * where it is enabled. Needs the device lock. */
void emu_trace_event_printf(const struct emu_trace_event *ev, const char *fmt,
			    ...) __attribute__((format(printf, 2, 3)));

/* For the audit: instances, and enable switches that are on. Need the
 * device lock. */
unsigned int emu_trace_instance_count(void);
unsigned int emu_trace_enabled_count(void);

#endif
