/* SPDX-License-Identifier: MIT */
/*
 * USERQ_EMU_TRACE=FILE: one line per emulated ioctl, like strace for the
 * ioctls strace cannot see (they never reach the kernel). Not a kernel
 * behaviour: a test and debugging hook, as fault.c is.
 *
 * Line format:
 *   SEQ NAME#N ARGS = 0 [-> OUTPUTS]
 *   SEQ NAME#N ARGS = -1 ERRNO [(injected)]
 * SEQ is the call's number among all counted ioctls and N its number among
 * the calls of NAME, both as USERQ_EMU_FAULT counts them (any:SEQ and
 * NAME:N select this call); a call that fails before it is counted (bad
 * argument pointer, not permitted on a render node, unknown number) shows
 * "-" for both. "(injected)" marks an error USERQ_EMU_FAULT injected.
 */
#ifndef UQ_EMU_TRACE_H
#define UQ_EMU_TRACE_H

#include <stdbool.h>
#include <stddef.h>

/* emu_dev.ioctl_trace, owned by trace.c. */
struct emu_ioctl_trace {
	bool on;
	int fd; /* O_APPEND: every process of a run appends to one file */
};

/* Open USERQ_EMU_TRACE if set; a file that cannot be opened prints why and
 * _exit(64)s, like a bad USERQ_EMU_FAULT. */
void emu_trace_init(void);
/* Whether a trace is being written: the only cost when it is not. */
bool emu_trace_enabled(void);

/*
 * One call of ioctl `name` (NULL: an unknown number, shown as hex by the
 * caller's name): what emu_fault_check() counted (NULL or seq 0: not
 * counted), a copy of the kernel's argument buffer as the handler got it
 * (`in`, NULL if not kept), the buffer after the handler (`out`), the
 * result, and whether USERQ_EMU_FAULT injected it. One write() per line.
 * Needs the device lock. A line is written when its call returns, so a
 * call that sleeps with the lock released (a syncobj wait) may follow
 * calls numbered after it.
 */
struct emu_fault_count;
void emu_trace_ioctl(const char *name, const struct emu_fault_count *count,
		     const void *in, const void *out, int ret, bool injected);

#endif
