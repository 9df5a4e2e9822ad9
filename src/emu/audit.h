/* SPDX-License-Identifier: MIT */
/*
 * USERQ_EMU_REPORT: a JSON audit of the kernel objects the process still
 * held when each DRM file was released (before the implicit close-time
 * cleanup), summed over every file the process released, plus what files
 * still open at exit held, plus the device-wide fence-driver state at the
 * time of writing. Written atomically at each file release and at exit.
 */
#ifndef UQ_EMU_AUDIT_H
#define UQ_EMU_AUDIT_H

struct emu_audit {
	unsigned long queues;
	unsigned long bos; /* GEM handles */
	unsigned long va_mappings; /* BO and PRT mappings */
	unsigned long syncobjs;
	unsigned long ctxs;
	unsigned long kprobes; /* left in kprobe_events */
	unsigned long trace_instances; /* tracefs instances/ left */
	unsigned long trace_events; /* event enable switches left on */
	unsigned long fence_drv_live;
	unsigned long fence_drv_leaked;
	unsigned long fences_live;
	unsigned long seq64_slots_used;
	/* device-wide: user-queue evictions by GEM_VA UNMAP of a VA a
	 * CREATE validated (6f3c8a5fe6), the restores after them, and the
	 * emulated time the evictions took in those UNMAPs */
	unsigned long userq_evictions;
	unsigned long userq_restores;
	unsigned long userq_evict_ns;
};

/* The report's own state: emu_dev.audit, owned by audit.c. */
struct emu_audit_state {
	char *path; /* USERQ_EMU_REPORT, NULL when off */
	struct emu_audit released; /* summed over released files */
};

struct emu_file;
/* Called by the DRM core at file release, before the cleanup. */
void emu_audit_file_release(struct emu_file *file);
/* Installed by emu_init(): write at exit. */
void emu_audit_init(void);
/* Write the report now (the DRM core calls it after a file's close-time
 * cleanup, so that the device-wide counts show what the cleanup left). */
void emu_audit_write(void);

#endif
