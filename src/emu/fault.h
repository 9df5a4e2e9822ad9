/* SPDX-License-Identifier: MIT */
/*
 * Fault injection (USERQ_EMU_FAULT, SPEC §5): a comma list of
 * IOCTL:N:ERRNO (the N-th call of that ioctl fails) or IOCTL:N+:ERRNO
 * (every call from the N-th on). IOCTL is the kernel name without
 * "DRM_IOCTL_" or "any"; ERRNO a name (ENOMEM, ENOTSUPP...) or a number,
 * or a signal (SIGINT, SIGTERM): the process gets that signal as the call
 * starts, and the call then runs normally (a deterministic point for the
 * tool's interruption tests).
 * Calls are counted per ioctl name when the DRM core is about to run the
 * handler, so a call that fails earlier (bad pointer, unknown number) is
 * not counted.
 */
#ifndef UQ_EMU_FAULT_H
#define UQ_EMU_FAULT_H

struct fault_counter;
struct fault_rule;

/* The parsed USERQ_EMU_FAULT and its call counters: emu_dev.fault, owned
 * by fault.c. */
struct emu_fault {
	unsigned long seq; /* counted calls of any ioctl */
	struct fault_counter *counters; /* per ioctl name (traced or in a rule) */
	unsigned int ncounters;
	struct fault_rule *rules;
	unsigned int nrules;
};

/* Parse USERQ_EMU_FAULT; a bad spec prints why and _exit(64)s. */
void emu_fault_init(void);
/* A call as counted: its number among all ioctls (what any:N selects) and
 * among those of its name (NAME:N); 0 when not counted. */
struct emu_fault_count {
	unsigned long seq;
	unsigned long nth;
};

/* Count one call of ioctl `name` into *count: 0, or -errno to fail it
 * with. Calls are counted only when a rule or the trace (trace.h) needs
 * them. Needs the device lock. */
int emu_fault_check(const char *name, struct emu_fault_count *count);
/* "ENOMEM" for ENOMEM, "ENOTSUPP" for 524; NULL if not known. */
const char *emu_errno_name(int err);

#endif
