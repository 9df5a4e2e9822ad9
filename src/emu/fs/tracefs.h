/* SPDX-License-Identifier: MIT */
/*
 * The emulated tracefs (/sys/kernel/tracing, root only): dynamic kprobes
 * through kprobe_events, their hit counts in kprobe_profile and their
 * events/<group>/<event>/enable switches (kernel/trace/trace_kprobe.c).
 * Probes can be put on the symbols of /proc/kallsyms (kallsyms.c).
 */
#ifndef UQ_EMU_TRACEFS_H
#define UQ_EMU_TRACEFS_H

#include <stdint.h>

struct kprobe;

/* The dynamic kprobes: emu_dev.trace, owned by tracefs.c. */
struct emu_tracefs {
	struct kprobe *kprobes; /* in definition order */
	unsigned int nkprobes;
	uint64_t last_id; /* ids for the enable files' handlers */
};

/* The emulated function `symbol` was entered: every enabled probe on it
 * counts a hit. Needs the device lock. */
void emu_tracefs_kprobe_hit(const char *symbol);
/* Probes defined in kprobe_events (for the audit). Needs the device
 * lock. */
unsigned int emu_tracefs_kprobe_count(void);

#endif
