/* SPDX-License-Identifier: MIT */
/*
 * copy_from_user/copy_to_user without a system call per copy (no kernel
 * file: the kernel's access_ok() plus its exception table, reduced to a
 * table of the process's accessible ranges).
 *
 * The kernel copies with the CPU and turns a fault into -EFAULT through
 * the exception table. The emulator cannot take a fault inside its own
 * process, so it decides beforehand: a sorted table of the readable and
 * the writable ranges, read from /proc/self/maps, answers whether the
 * whole range is accessible; a copy that the table cannot cover re-reads
 * the maps once (a range mapped since the last read) and only then gets
 * -EFAULT. The table is marked stale by the interposed munmap, mremap,
 * mprotect and fixed mmap (libc/interpose.c), which can take access away.
 *
 * The gap that remains: memory whose access is taken away behind the
 * interposer's back is still in the table, and a copy from it faults
 * instead of returning -EFAULT. That is glibc's own munmap and mprotect
 * (malloc releasing a large chunk or trimming an arena, thread stacks),
 * a raw syscall, or another thread unmapping between the check and the
 * copy. Only a pointer into memory the program already freed gets there,
 * which is a bug in the program the kernel would not have crashed on.
 * A file mapping past the end of its file (SIGBUS) is the same case.
 *
 * A process that cannot read /proc/self/maps falls back to
 * process_vm_readv/writev, which ask the kernel for each copy.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define EMU_HAVE_MEMCHECK 1
#endif
#endif

#include "device.h"
#include "emu.h"
#include "uaccess.h"

#ifndef EMU_HAVE_MEMCHECK
#define VALGRIND_MAKE_MEM_DEFINED(addr, len) ((void)(addr), (void)(len))
#endif

#if defined(__SANITIZE_ADDRESS__)
#define EMU_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EMU_ASAN 1
#endif
#endif

/*
 * x86-64 TASK_SIZE_MAX with 4-level paging: access_ok() refuses anything
 * above, so [vsyscall] never counts as user memory.
 */
#define EMU_TASK_SIZE_MAX 0x7ffffffff000ull

/* Lines of /proc/self/maps kept; a process with more falls back to the
 * system calls. A sanitized tool has a few hundred. */
#define EMU_UACCESS_MAX_RANGES 4096

struct emu_uaccess_range {
	uint64_t start, end;
	uint8_t prot; /* EMU_UACCESS_READ | EMU_UACCESS_WRITE */
};

#define EMU_UACCESS_READ 1u
#define EMU_UACCESS_WRITE 2u

/*
 * The table: written by refresh under its mutex, read without a lock under
 * a sequence count (odd while a refresh writes; a reader that saw it
 * change looks again). Static storage, so a reader never follows a freed
 * pointer; only the pages the entries use count towards the RSS.
 */
static struct {
	pthread_mutex_t lock;
	atomic_uint seq;
	atomic_bool stale;
	atomic_bool broken; /* no /proc/self/maps: system calls */
	size_t n;
	struct emu_uaccess_range r[EMU_UACCESS_MAX_RANGES];
} ua = { .lock = PTHREAD_MUTEX_INITIALIZER, .stale = true };

/* fork(): the child may have been forked during a refresh. */
void emu_uaccess_atfork_child(void)
{
	pthread_mutex_init(&ua.lock, NULL);
	atomic_store(&ua.seq, 0);
	emu_uaccess_invalidate();
}

/* The range this thread's last check started in (an index; a stale one
 * is only a wrong guess, checked like any other). */
static __thread size_t ua_hint;

void emu_uaccess_invalidate(void)
{
	atomic_store_explicit(&ua.stale, true, memory_order_release);
}

static bool parse_hex(const char **p, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;

	for (; *s; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else
			break;
		x = x << 4 | d;
	}
	if (s == *p)
		return false;
	*p = s;
	*v = x;
	return true;
}

/* One "start-end perms ..." line into the table; adjacent ranges with
 * the same access merge. */
static void add_line(const char *line)
{
	uint64_t start, end;
	uint8_t prot = 0;

	if (!parse_hex(&line, &start) || *line++ != '-' ||
	    !parse_hex(&line, &end) || *line++ != ' ')
		return;
	if (line[0] == 'r')
		prot |= EMU_UACCESS_READ;
	if (line[1] == 'w')
		prot |= EMU_UACCESS_WRITE;
	if (!prot || start >= EMU_TASK_SIZE_MAX)
		return;
	if (end > EMU_TASK_SIZE_MAX)
		end = EMU_TASK_SIZE_MAX;
	if (ua.n && ua.r[ua.n - 1].end == start &&
	    ua.r[ua.n - 1].prot == prot) {
		ua.r[ua.n - 1].end = end;
		return;
	}
	if (ua.n == EMU_UACCESS_MAX_RANGES) {
		atomic_store(&ua.broken, true);
		return;
	}
	ua.r[ua.n++] = (struct emu_uaccess_range){ start, end, prot };
}

/*
 * Re-read /proc/self/maps, with raw system calls: past our own open and
 * read interposers, and without allocating (the caller may be inside
 * malloc's fork handlers or hold the device lock). The kernel lists the
 * mappings in address order.
 */
static void refresh(void)
{
	char buf[4096], line[512];
	size_t len = 0;
	ssize_t got;
	unsigned int seq;
	int fd;

	pthread_mutex_lock(&ua.lock);
	fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/maps",
			  O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		atomic_store(&ua.broken, true);
		pthread_mutex_unlock(&ua.lock);
		return;
	}
	seq = atomic_load_explicit(&ua.seq, memory_order_relaxed);
	atomic_store_explicit(&ua.seq, seq + 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
	/* cleared before the read: an unmap during it marks it stale again */
	atomic_store(&ua.stale, false);
	ua.n = 0;
	while ((got = syscall(SYS_read, fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < got; i++) {
			if (buf[i] != '\n') {
				if (len < sizeof(line) - 1)
					line[len++] = buf[i];
				continue;
			}
			line[len] = '\0';
			add_line(line);
			len = 0;
		}
	}
	/* a table cut short would turn good pointers into -EFAULT */
	if (got < 0)
		atomic_store(&ua.broken, true);
	(void)syscall(SYS_close, fd);
	atomic_thread_fence(memory_order_release);
	atomic_store_explicit(&ua.seq, seq + 2, memory_order_release);
	pthread_mutex_unlock(&ua.lock);
}

/* Whether [a, a + n) lies in ranges that all allow prot. */
static bool covered(uint64_t start, size_t n, uint8_t prot)
{
	uint64_t a, end = start + n;
	size_t lo = 0, hi;
	unsigned int seq;
	bool ok;

	if (end < start || end > EMU_TASK_SIZE_MAX)
		return false;
	do {
		a = start;
		seq = atomic_load_explicit(&ua.seq, memory_order_acquire);
		if (seq & 1) {
			/* a refresh is writing: wait for it to finish */
			pthread_mutex_lock(&ua.lock);
			pthread_mutex_unlock(&ua.lock);
			continue;
		}
		/* this thread's last hit first: the stack, or the heap */
		lo = ua_hint;
		if (lo < ua.n && ua.r[lo].start <= a && end <= ua.r[lo].end &&
		    (ua.r[lo].prot & prot) == prot) {
			ok = true;
			atomic_thread_fence(memory_order_acquire);
			continue;
		}
		/* the last range starting at or below a */
		lo = 0;
		hi = ua.n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (ua.r[mid].start <= a)
				lo = mid + 1;
			else
				hi = mid;
		}
		ok = lo > 0;
		for (size_t i = lo - 1; ok && a < end; i++) {
			if (i >= ua.n || ua.r[i].start > a ||
			    ua.r[i].end <= a || (ua.r[i].prot & prot) != prot)
				ok = false;
			else
				a = ua.r[i].end;
		}
		if (ok)
			ua_hint = lo - 1;
		atomic_thread_fence(memory_order_acquire);
	} while (atomic_load_explicit(&ua.seq, memory_order_relaxed) != seq ||
		 (seq & 1));
	return ok;
}

/*
 * access_ok() and the exception table's verdict together: the table
 * first, then once more after a refresh (a new mapping, or one the
 * interposer saw change).
 */
static int check(uint64_t uptr, size_t n, uint8_t prot)
{
	if (atomic_load_explicit(&ua.stale, memory_order_acquire))
		refresh();
	if (atomic_load_explicit(&ua.broken, memory_order_relaxed))
		return -ENOSYS;
	if (covered(uptr, n, prot))
		return 0;
	refresh();
	if (atomic_load_explicit(&ua.broken, memory_order_relaxed))
		return -ENOSYS;
	return covered(uptr, n, prot) ? 0 : -EFAULT;
}

/*
 * The copy itself. Under AddressSanitizer the user memory is the
 * program's, which may hold it poisoned (a redzone past a short
 * argument): the kernel would copy it anyway, so the copy is not
 * instrumented, and a plain loop keeps the compiler from turning it back
 * into an intercepted memcpy.
 */
#ifdef EMU_ASAN
__attribute__((no_sanitize_address, noinline)) static void
raw_copy(void *dst, const void *src, size_t n)
{
	volatile unsigned char *d = dst;
	const volatile unsigned char *s = src;

	while (n--)
		*d++ = *s++;
}
#else
static inline void raw_copy(void *dst, const void *src, size_t n)
{
	memcpy(dst, src, n);
}
#endif

/* process_vm_{readv,writev} on our own pid: the fallback, one system call
 * per copy, EFAULT from the kernel. */
static int pvm_copy(bool write, void *local, uint64_t uptr, size_t n)
{
	struct iovec l = { .iov_base = local, .iov_len = n };
	struct iovec r = { .iov_base = (void *)(uintptr_t)uptr, .iov_len = n };
	ssize_t done;

	if (!atomic_load(&emu_dev.pvm_broken)) {
		done = write ? process_vm_writev(emu_getpid(), &l, 1, &r, 1,
						 0) :
			       process_vm_readv(emu_getpid(), &l, 1, &r, 1, 0);
		if (done == (ssize_t)n) {
			/* memcheck does not count a process_vm_writev into
			 * our own memory as a definition: store the same
			 * bytes once more through the CPU */
			if (write)
				memcpy(r.iov_base, local, n);
			return 0;
		}
		if (done >= 0 || errno == EFAULT)
			return -EFAULT;
		if (errno != ENOSYS && errno != EPERM)
			return -EFAULT;
		atomic_store(&emu_dev.pvm_broken, true);
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

int emu_uaccess_copy(bool write, void *local, uint64_t uptr, size_t n)
{
	int ret;

	if (!n)
		return 0;
	if (!uptr)
		return -EFAULT;
	ret = check(uptr, n, write ? EMU_UACCESS_WRITE : EMU_UACCESS_READ);
	if (ret == -ENOSYS)
		ret = pvm_copy(write, local, uptr, n);
	else if (!ret && write)
		raw_copy((void *)(uintptr_t)uptr, local, n);
	else if (!ret)
		raw_copy(local, (const void *)(uintptr_t)uptr, n);
	/*
	 * memcheck: the kernel's copy_from_user hands the driver bytes that
	 * valgrind's ioctl wrapper has already checked; ours bypass the
	 * syscall, so the argument's uninitialised padding would show up as
	 * errors inside the emulator. What the emulator read counts as
	 * defined, as it did with process_vm_readv. A copy_to_user is a
	 * CPU store: memcheck sees the output as the driver wrote it.
	 */
	if (!ret && !write)
		VALGRIND_MAKE_MEM_DEFINED(local, n);
	return ret;
}
