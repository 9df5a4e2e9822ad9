/* SPDX-License-Identifier: MIT */
/*
 * The emulator's core (no kernel file): the device instance (emu_dev),
 * initialisation, messages, user-memory copies and the real libc entry
 * points. The device lock is in lockdep.c.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "emu/amdgpu/amdgpu.h"
#include "audit.h"
#include "device.h"
#include "emu.h"
#include "fault.h"
#include "lib/kmalloc.h"
#include "profile.h"
#include "trace.h"
#include "uaccess.h"

/*
 * KMALLOC_MAX_SIZE on x86-64 (MAX_PAGE_ORDER 10, 4 KiB pages): the largest
 * buffer memdup_user() can kmalloc; anything larger fails with -ENOMEM.
 */
#define EMU_KMALLOC_MAX_SIZE (4ul << 20)

/*
 * The one emulated device. The locks and the once flag need their static
 * initialisers: the libc layer may call in before emu_init() has run (from
 * another library's constructor); everything else starts zeroed and is set
 * up by its layer.
 */
struct emu_device emu_dev = {
	.init_once = PTHREAD_ONCE_INIT,
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
	.vfs.lock = PTHREAD_MUTEX_INITIALIZER,
};

/* Per thread: inside emu_init(), and inside a dlsym() lookup. */
static __thread bool emu_in_init;
static __thread unsigned int emu_sym_depth;

/* --- the real libc --- */

void *emu_libc_sym(const char *name)
{
	void *p;

	/* dlsym() may call back into a wrapper (it can allocate, and an
	 * instrumented runtime may open files): that inner call must not
	 * resolve again. */
	if (emu_sym_depth)
		return NULL;
	emu_sym_depth++;
	p = dlsym(RTLD_NEXT, name);
	emu_sym_depth--;
	return p;
}

/*
 * Each libc entry point below caches its address in a function-scope
 * slot: the process's libc, the same for any device, and needed before
 * emu_init() has run, so not device state.
 */
static void *emu_sym_cached(void *_Atomic *slot, const char *name)
{
	void *p = atomic_load(slot);

	if (!p) {
		p = emu_libc_sym(name);
		if (p)
			atomic_store(slot, p);
	}
	return p;
}

int emu_libc_open(const char *path, int flags, mode_t mode)
{
	static void *_Atomic slot;
	int (*fn)(int, const char *, int, ...) =
		emu_sym_cached(&slot, "openat");

	if (!fn)
		return (int)syscall(SYS_openat, AT_FDCWD, path, flags, mode);
	return fn(AT_FDCWD, path, flags, mode);
}

int emu_libc_close(int fd)
{
	static void *_Atomic slot;
	int (*fn)(int) = emu_sym_cached(&slot, "close");

	return fn ? fn(fd) : (int)syscall(SYS_close, fd);
}

void *emu_libc_mmap(void *addr, size_t len, int prot, int flags, int fd,
		    off_t off)
{
	static void *_Atomic slot;
	void *(*fn)(void *, size_t, int, int, int, off_t) =
		emu_sym_cached(&slot, "mmap");

	if (!fn)
		return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd,
				       off);
	return fn(addr, len, prot, flags, fd, off);
}

/* --- messages --- */

static void emu_vlog(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

static void emu_vlog(const char *fmt, va_list ap)
{
	char buf[1024];
	int n = snprintf(buf, sizeof(buf), "userq-emu: ");

	n += vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
	if (n > (int)sizeof(buf) - 2)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	/* One write per message, past any interposition (ours included). */
	(void)!syscall(SYS_write, STDERR_FILENO, buf, (size_t)n);
}

void emu_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emu_vlog(fmt, ap);
	va_end(ap);
}

void emu_kernel_warn(const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	emu_log("WARNING: %s", line);
}

void emu_dbg(const char *fmt, ...)
{
	va_list ap;

	if (!emu_dev.debug)
		return;
	va_start(ap, fmt);
	emu_vlog(fmt, ap);
	va_end(ap);
}

/* --- the process id --- */

/*
 * getpid() is a system call (glibc stopped caching it); the emulator
 * asks for it on hot paths (is the engine thread ours, or the parent's?),
 * so it is cached here and re-read in the child of a fork.
 */
static pid_t emu_pid;

static void emu_pid_atfork_child(void)
{
	emu_pid = (pid_t)syscall(SYS_getpid);
	emu_uaccess_atfork_child();
}

pid_t emu_getpid(void)
{
	pid_t pid = __atomic_load_n(&emu_pid, __ATOMIC_RELAXED);

	if (!pid) {
		pid = (pid_t)syscall(SYS_getpid);
		__atomic_store_n(&emu_pid, pid, __ATOMIC_RELAXED);
	}
	return pid;
}

/* --- initialisation --- */

static bool env_is_one(const char *name)
{
	const char *v = getenv(name);

	return v && !strcmp(v, "1");
}

static void emu_choose_profile(void)
{
	const char *name = getenv("USERQ_EMU_PROFILE");
	const struct emu_profile *const *all = emu_profile_list();
	char known[256] = "";

	if (!name || !*name)
		name = EMU_PROFILE_DEFAULT;
	emu_dev.profile = emu_profile_find(name);
	if (emu_dev.profile)
		return;
	for (size_t i = 0; all[i]; i++) {
		if (i)
			strncat(known, ", ", sizeof(known) - strlen(known) - 1);
		strncat(known, all[i]->name, sizeof(known) - strlen(known) - 1);
	}
	emu_log("unknown profile '%s' (known: %s)", name, known);
	_exit(64);
}

static void emu_do_init(void)
{
	emu_in_init = true;
	if (pthread_atfork(NULL, NULL, emu_pid_atfork_child))
		emu_log("pthread_atfork failed: a forked child reports its "
			"parent's pid");
	emu_dev.debug = env_is_one("USERQ_EMU_DEBUG");
	emu_dev.unprivileged = env_is_one("USERQ_EMU_UNPRIVILEGED");
	emu_choose_profile();
	amdgpu_board_init();
	emu_sysfs_init();
	amdgpu_device_init();
	emu_trace_init();
	emu_fault_init();
	emu_audit_init();
	emu_dbg("profile %s, node %s (%04x:%04x at %s)", emu_dev.profile->name,
		EMU_RENDER_NODE, emu_pci.vendor,
		emu_dev.board.dev_info.device_id, emu_pci.slot_name);
	emu_in_init = false;
}

void emu_init(void)
{
	/* A libc call made by the initialisation itself must not wait for
	 * the initialisation to finish. */
	if (emu_in_init)
		return;
	pthread_once(&emu_dev.init_once, emu_do_init);
}

/* At load, so that a bad USERQ_EMU_PROFILE or USERQ_EMU_FAULT stops the
 * process before it does anything. */
__attribute__((constructor)) static void emu_ctor(void)
{
	emu_init();
}

const struct emu_profile *emu_active_profile(void)
{
	if (!emu_dev.profile)
		emu_init();
	if (!emu_dev.profile) /* asked from inside the initialisation */
		emu_choose_profile();
	return emu_dev.profile;
}

bool emu_unprivileged(void)
{
	return emu_dev.unprivileged;
}

/* --- user memory --- */

int emu_copy_from_user(void *dst, uint64_t uptr, size_t n)
{
	return emu_uaccess_copy(false, dst, uptr, n);
}

int emu_copy_to_user(uint64_t uptr, const void *src, size_t n)
{
	return emu_uaccess_copy(true, (void *)src, uptr, n);
}

int emu_memdup_array_user(void **out, uint64_t uptr, size_t count,
			  size_t elem_size)
{
	size_t n;
	void *p;
	int ret;

	*out = NULL;
	/* memdup_array_user(): check_mul_overflow() -> -EOVERFLOW. */
	if (__builtin_mul_overflow(count, elem_size, &n))
		return -EOVERFLOW;
	if (!n)
		return 0;
	/* memdup_user(): kmalloc() cannot serve more than
	 * KMALLOC_MAX_SIZE. */
	if (n > EMU_KMALLOC_MAX_SIZE)
		return -ENOMEM;
	p = emu_kmalloc(n);
	if (!p)
		return -ENOMEM;
	ret = emu_copy_from_user(p, uptr, n);
	if (ret) {
		emu_kfree(p);
		return ret;
	}
	*out = p;
	return 0;
}
