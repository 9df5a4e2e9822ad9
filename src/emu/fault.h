/* SPDX-License-Identifier: MIT */
/*
 * Fault injection (USERQ_EMU_FAULT, SPEC §5): a comma list of
 * IOCTL:N:ERRNO (the N-th call of that ioctl fails) or IOCTL:N+:ERRNO
 * (every call from the N-th on). IOCTL is the kernel name without
 * "DRM_IOCTL_" or "any"; ERRNO a name (ENOMEM, ENOTSUPP...) or a number.
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
	struct fault_counter *counters; /* one per ioctl name in a rule */
	unsigned int ncounters;
	struct fault_rule *rules;
	unsigned int nrules;
};

/* Parse USERQ_EMU_FAULT; a bad spec prints why and _exit(64)s. */
void emu_fault_init(void);
/* Count one call of ioctl `name`: 0, or -errno to fail it with. Needs the
 * device lock. */
int emu_fault_check(const char *name);

#endif
