/* SPDX-License-Identifier: MIT */
/*
 * Process-wide emulator state: initialisation, the device lock and its
 * condition variable, time, messages, user-memory copies and the real libc
 * entry points.
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
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "emu/amdgpu/amdgpu.h"
#include "audit.h"
#include "device.h"
#include "emu.h"
#include "fault.h"
#include "profile.h"

/*
 * KMALLOC_MAX_SIZE on x86-64 (MAX_PAGE_ORDER 10, 4 KiB pages): the largest
 * buffer memdup_user() can kmalloc; anything larger fails with -ENOMEM.
 */
#define EMU_KMALLOC_MAX_SIZE (4ul << 20)

static pthread_once_t emu_once = PTHREAD_ONCE_INIT;
static __thread bool emu_in_init;
static const struct emu_profile *emu_profile_active;
static bool emu_debug_on;
static bool emu_unpriv;

static pthread_mutex_t emu_dev_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t emu_dev_cond = PTHREAD_COND_INITIALIZER;
static __thread bool emu_lock_mine;

static __thread unsigned int emu_sym_depth;
static atomic_bool emu_pvm_broken;

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

int emu_libc_ioctl(int fd, unsigned long request, void *arg)
{
	static void *_Atomic slot;
	int (*fn)(int, unsigned long, ...) = emu_sym_cached(&slot, "ioctl");

	return fn ? fn(fd, request, arg) :
		    (int)syscall(SYS_ioctl, fd, request, arg);
}

/* --- messages --- */

static __attribute__((format(printf, 1, 0))) void emu_vlog(const char *fmt,
							   va_list ap)
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

void emu_dbg(const char *fmt, ...)
{
	va_list ap;

	if (!emu_debug_on)
		return;
	va_start(ap, fmt);
	emu_vlog(fmt, ap);
	va_end(ap);
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
	emu_profile_active = emu_profile_find(name);
	if (emu_profile_active)
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
	emu_debug_on = env_is_one("USERQ_EMU_DEBUG");
	emu_unpriv = env_is_one("USERQ_EMU_UNPRIVILEGED");
	emu_choose_profile();
	emu_sysfs_init();
	amdgpu_device_init();
	emu_fault_init();
	emu_audit_init();
	emu_dbg("profile %s, node %s (%04x:%04x at %s)",
		emu_profile_active->name, EMU_RENDER_NODE, emu_pci.vendor,
		emu_pci.device, emu_pci.slot_name);
	emu_in_init = false;
}

void emu_init(void)
{
	/* A libc call made by the initialisation itself must not wait for
	 * the initialisation to finish. */
	if (emu_in_init)
		return;
	pthread_once(&emu_once, emu_do_init);
}

/* At load, so that a bad USERQ_EMU_PROFILE or USERQ_EMU_FAULT stops the
 * process before it does anything. */
__attribute__((constructor)) static void emu_ctor(void)
{
	emu_init();
}

const struct emu_profile *emu_active_profile(void)
{
	if (!emu_profile_active)
		emu_init();
	if (!emu_profile_active) /* asked from inside the initialisation */
		emu_choose_profile();
	return emu_profile_active;
}

bool emu_unprivileged(void)
{
	return emu_unpriv;
}

/* --- the device lock --- */

void emu_lock(void)
{
	pthread_mutex_lock(&emu_dev_lock);
	emu_lock_mine = true;
}

void emu_unlock(void)
{
	emu_lock_mine = false;
	pthread_mutex_unlock(&emu_dev_lock);
}

bool emu_lock_held(void)
{
	return emu_lock_mine;
}

bool emu_lock_unless_held(void)
{
	if (emu_lock_held())
		return false;
	emu_lock();
	return true;
}

void emu_unlock_taken(bool took)
{
	if (took)
		emu_unlock();
}

void emu_wake_all(void)
{
	pthread_cond_broadcast(&emu_dev_cond);
}

uint64_t emu_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * EMU_NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

int emu_cond_wait_until(uint64_t deadline_ns)
{
	struct timespec ts;

	if (deadline_ns != EMU_TIME_INFINITE && emu_now_ns() >= deadline_ns)
		return -ETIME;
	emu_lock_mine = false;
	if (deadline_ns == EMU_TIME_INFINITE) {
		pthread_cond_wait(&emu_dev_cond, &emu_dev_lock);
	} else {
		ts.tv_sec = (time_t)(deadline_ns / EMU_NSEC_PER_SEC);
		ts.tv_nsec = (long)(deadline_ns % EMU_NSEC_PER_SEC);
		pthread_cond_clockwait(&emu_dev_cond, &emu_dev_lock,
				       CLOCK_MONOTONIC, &ts);
	}
	emu_lock_mine = true;
	if (deadline_ns != EMU_TIME_INFINITE && emu_now_ns() >= deadline_ns)
		return -ETIME;
	return 0;
}

/* --- user memory --- */

/*
 * copy_{from,to}_user: process_vm_{readv,writev} on our own pid fail with
 * EFAULT on an unmapped or protected range instead of faulting. A process
 * that may not use them (seccomp) falls back to plain copies.
 */
static int emu_pvm(bool write, void *local, uint64_t uptr, size_t n)
{
	struct iovec l = { .iov_base = local, .iov_len = n };
	struct iovec r = { .iov_base = (void *)(uintptr_t)uptr, .iov_len = n };
	ssize_t done;

	if (!n)
		return 0;
	if (!uptr)
		return -EFAULT;
	if (!atomic_load(&emu_pvm_broken)) {
		done = write ? process_vm_writev(getpid(), &l, 1, &r, 1, 0) :
			       process_vm_readv(getpid(), &l, 1, &r, 1, 0);
		if (done == (ssize_t)n)
			return 0;
		if (done >= 0 || errno == EFAULT)
			return -EFAULT;
		if (errno != ENOSYS && errno != EPERM)
			return -EFAULT;
		atomic_store(&emu_pvm_broken, true);
		emu_log("process_vm_readv unavailable (%s): bad user pointers "
			"will crash instead of returning EFAULT",
			strerror(errno));
	}
	if (write)
		memcpy(r.iov_base, local, n);
	else
		memcpy(local, r.iov_base, n);
	return 0;
}

int emu_copy_from_user(void *dst, uint64_t uptr, size_t n)
{
	return emu_pvm(false, dst, uptr, n);
}

int emu_copy_to_user(uint64_t uptr, const void *src, size_t n)
{
	int ret = emu_pvm(true, (void *)src, uptr, n);

	/*
	 * The kernel's writes into an ioctl argument are known to valgrind
	 * through its ioctl syscall wrapper; ours bypass the syscall, and
	 * memcheck does not treat a process_vm_writev into our own memory as
	 * a definition. Once the write has proven the range writable, store
	 * the same bytes once more through the CPU so that memcheck sees the
	 * output as defined, as it would from the real driver.
	 */
	if (!ret && n)
		memcpy((void *)(uintptr_t)uptr, src, n);
	return ret;
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
	p = malloc(n);
	if (!p)
		return -ENOMEM;
	ret = emu_copy_from_user(p, uptr, n);
	if (ret) {
		free(p);
		return ret;
	}
	*out = p;
	return 0;
}
