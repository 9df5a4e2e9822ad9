/* SPDX-License-Identifier: MIT */
/*
 * Common internals of the amdgpu kernel emulator (libuserq-emu.so).
 *
 * Layers, as in Mesa's drm-shim, top (the process) to bottom (the
 * hardware); each folder is named after the kernel tree it models:
 *   libc/interpose.c  catches libc calls, routes emulated paths and fds;
 *   fs/               the fake files: vfs.c (the table), sysfs.c
 *                     (/dev/dri, /sys), debugfs.c, tracefs.c (kprobes),
 *                     kallsyms.c, slab.c;
 *   drm/              the DRM core: drm_file.c (files, fd table, ioctl
 *                     dispatch), drm_ioctl.c (the core ioctl table),
 *                     drm_gem.c, drm_syncobj.c, sched_main.c (drm_sched,
 *                     the job timeout and the engine thread);
 *   dma-buf/          dma-fence.c: plain, job, chain and array fences;
 *   amdgpu/           the driver, files named as in drivers/gpu/drm/amd/
 *                     amdgpu (INFO, GEM, VM, CS, contexts, user queues);
 *                     amdgpu_board.c reads the board file (boards/,
 *                     the INFO data, USERQ_EMU_BOARD);
 *   hw/cp.c           the command processor: the hardware, no kernel file;
 *   lib/              kernel library pieces (idr, list_head);
 *   core.c            the device instance and initialisation, messages,
 *                     user copies; lockdep.c the device lock, EMU_WARN_ON;
 *   profile.c         what differs per kernel version;
 *   fault.c, audit.c  test hooks and accounting, no kernel file.
 *
 * All mutable state is in one object, emu_dev (device.h), one part per
 * layer, each written only by the file that owns it.
 *
 * Every ioctl handler runs with the device lock held (the kernel serialises
 * per file and per device; one lock is a simplification that changes no
 * observable result). Blocking waits release it through emu_cond_wait_until().
 * Functions that need it assert so (emu_lockdep_assert_held()).
 */
#ifndef UQ_EMU_H
#define UQ_EMU_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Kernel-internal errno, visible to userspace from some amdgpu paths. */
#define EMU_ENOTSUPP 524

#define EMU_NSEC_PER_SEC 1000000000ull
#define EMU_TIME_INFINITE UINT64_MAX

/* One-time initialisation of every layer; idempotent and thread-safe. */
void emu_init(void);

struct emu_profile;
/* The active kernel behaviour profile (USERQ_EMU_PROFILE, default "6.18"),
 * chosen when the library loads; never NULL. */
const struct emu_profile *emu_active_profile(void);

/*
 * The emulator's own invariants (lockdep.c), kernel-style: EMU_WARN_ON(c)
 * evaluates to c; when c holds it prints one line
 * "userq-emu: WARNING: <file>:<line>: <c>" to stderr and, under the test
 * suite (USERQ_EMU_WARN_FATAL=1), aborts. For refcount underflows and
 * states that cannot happen: a bug of the emulator, never a behaviour of
 * the modelled kernel (that is emu_kernel_warn()).
 */
bool emu_warn(const char *file, int line, const char *cond);
#define EMU_WARN_ON(cond)                                    \
	({                                                   \
		bool emu_warn_on_ = !!(cond);                \
		if (__builtin_expect(emu_warn_on_, 0))       \
			emu_warn(__FILE__, __LINE__, #cond); \
		emu_warn_on_;                                \
	})

/*
 * A warning the modelled kernel prints (its dmesg WARN line, e.g. a
 * WARN_ON_ONCE that tests provoke on purpose): a behaviour under test,
 * printed as "userq-emu: WARNING: ..." and never fatal.
 */
void emu_kernel_warn(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* The device lock (lockdep.c). */
void emu_lock(void);
void emu_unlock(void);
bool emu_lock_held(void);
/* lockdep_assert_held(): functions that need the device lock say so. */
#define emu_lockdep_assert_held() ((void)EMU_WARN_ON(!emu_lock_held()))
/*
 * The one "lock unless held" helper: for paths that run both from the
 * process's own calls (lock not held) and from the emulator's own libc
 * calls under the lock (fake files that read device state, fd lookups,
 * the audit). Returns whether the lock was taken, for emu_unlock_taken().
 */
bool emu_lock_unless_held(void);
void emu_unlock_taken(bool took);

/* Broadcast whenever any fence signals or a syncobj gets a new fence. */
void emu_wake_all(void);
/*
 * Sleep with the device lock released until woken or until deadline_ns
 * (CLOCK_MONOTONIC; EMU_TIME_INFINITE for none). Returns -ETIME once the
 * deadline has passed, else 0 (the caller re-checks its condition). Needs
 * the device lock.
 */
int emu_cond_wait_until(uint64_t deadline_ns);
/* The same on another condition of the device lock. */
int emu_cond_wait_on(pthread_cond_t *cond, uint64_t deadline_ns);

/* getpid(), cached (re-read in a forked child). */
pid_t emu_getpid(void);

/* CLOCK_MONOTONIC in ns. */
uint64_t emu_now_ns(void);

/* Loud messages go to stderr always; debug ones with USERQ_EMU_DEBUG=1. */
void emu_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void emu_dbg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * copy_from_user/copy_to_user: fail with -EFAULT on a bad user pointer as
 * the kernel does, without a system call per copy (uaccess.c says which
 * pointers still crash). A NULL (0) pointer with n > 0 is -EFAULT.
 */
int emu_copy_from_user(void *dst, uint64_t uptr, size_t n);
int emu_copy_to_user(uint64_t uptr, const void *src, size_t n);
/* memdup_array_user: -EFAULT on a bad pointer, -EOVERFLOW when
 * count * elem_size overflows, -ENOMEM above kmalloc's 4 MiB limit
 * (memdup_user). *out is malloc'd (NULL for 0 bytes); free() it. */
int emu_memdup_array_user(void **out, uint64_t uptr, size_t count,
			  size_t elem_size);

/* Real libc entry points, for the emulator's own use (never interposed). */
int emu_libc_open(const char *path, int flags, mode_t mode);
int emu_libc_close(int fd);
void *emu_libc_mmap(void *addr, size_t len, int prot, int flags, int fd,
		    off_t off);
/* Any real libc function by name (dlsym(RTLD_NEXT)); NULL while that
 * lookup is already in progress on this thread (dlsym re-entering us). */
void *emu_libc_sym(const char *name);

/* Is the calling process to be treated as unprivileged
 * (USERQ_EMU_UNPRIVILEGED=1)? */
bool emu_unprivileged(void);

#endif
