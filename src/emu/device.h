/* SPDX-License-Identifier: MIT */
/*
 * The one emulated GPU: a Navi 31 class (GFX 11.0.0) device at PCI
 * 1002:744c, presented as /dev/dri/renderD128 (SPEC §5), and all of the
 * emulator's mutable state in one object, as Mesa's drm-shim keeps
 * struct shim_device. Each layer keeps the type of its part in its own
 * header and owns that part: no other file writes it. The libc/sysfs
 * layer uses the PCI identity; the board's INFO data is read once from
 * the board file (amdgpu/amdgpu_board.c) and const afterwards.
 */
#ifndef UQ_EMU_DEVICE_H
#define UQ_EMU_DEVICE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "emu/amdgpu/amdgpu_priv.h"
#include "emu/amdgpu/amdgpu_seq64.h"
#include "emu/amdgpu/amdgpu_userq_priv.h"
#include "emu/audit.h"
#include "emu/dma-buf/dma-fence.h"
#include "emu/drm/drm_file.h"
#include "emu/drm/drm_gem.h"
#include "emu/drm/gpu_scheduler.h"
#include "emu/fault.h"
#include "emu/trace.h"
#include "emu/fs/anon_inode.h"
#include "emu/fs/debugfs.h"
#include "emu/fs/trace_events.h"
#include "emu/fs/tracefs.h"
#include "emu/fs/vfs.h"

struct emu_profile;

struct emu_device {
	/* core.c: initialisation and what it read from the environment */
	pthread_once_t init_once;
	const struct emu_profile *profile; /* USERQ_EMU_PROFILE */
	bool debug; /* USERQ_EMU_DEBUG=1 */
	bool unprivileged; /* USERQ_EMU_UNPRIVILEGED=1 */
	atomic_bool pvm_broken; /* process_vm_readv refused (seccomp) */
	/* lockdep.c: the device lock, and the condition broadcast whenever
	 * a fence signals or a syncobj gets a new fence */
	pthread_mutex_t lock;
	pthread_cond_t cond;

	struct emu_vfs vfs; /* fs/vfs.c: the fake-file table, vfs fds */
	struct emu_debugfs debugfs; /* fs/debugfs.c */
	struct emu_tracefs trace; /* fs/tracefs.c: kprobes */
	/* fs/trace_events.c: static events, buffers, instances */
	struct emu_trace_events trace_events;
	struct emu_fault fault; /* fault.c: USERQ_EMU_FAULT */
	struct emu_ioctl_trace ioctl_trace; /* trace.c: USERQ_EMU_TRACE */
	struct emu_audit_state audit; /* audit.c: USERQ_EMU_REPORT */

	struct emu_drm_files drm; /* drm/drm_file.c: files, fd table */
	struct emu_anon_files anon; /* fs/anon_inode.c: dma-buf, sync fds */
	struct emu_gem_state gem; /* drm/drm_gem.c: GEM objects */
	struct emu_fence_state fence; /* dma-buf/dma-fence.c */
	struct amdgpu_sched_dev sched; /* drm/sched_main.c: rings, engine */

	/* amdgpu/amdgpu_board.c: the board file, read first at init (the
	 * sysfs PCI identity and the INFO answers come from it), then const */
	struct amdgpu_board board;
	struct amdgpu_device adev; /* amdgpu/: see struct amdgpu_device */
	struct amdgpu_seq64 seq64; /* amdgpu/amdgpu_seq64.c */
	struct amdgpu_userq_dev userq; /* amdgpu/amdgpu_userq*.c */
};

extern struct emu_device emu_dev;

/* What the emulator fixes of the PCI device; the device and subsystem ids
 * and the revision are the board's (emu_dev.board). */
struct emu_pci_identity {
	uint16_t vendor;
	uint32_t class_code; /* 0x030000: VGA */
	const char *slot_name; /* "0000:03:00.0" */
	const char *driver; /* "amdgpu" */
};

#define EMU_DRM_MAJOR 226
#define EMU_RENDER_MINOR 128
#define EMU_RENDER_NODE "/dev/dri/renderD128"
#define EMU_RENDER_NAME "renderD128"

extern const struct emu_pci_identity emu_pci;

/* Register /dev/dri/renderD128 and the device's sysfs files with the vfs
 * (sysfs.c; called once by emu_init()). */
void emu_sysfs_init(void);

#endif
