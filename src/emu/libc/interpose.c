/* SPDX-License-Identifier: MIT */
/*
 * The libc functions the emulated process (userq-bench and libdrm 2.4.114)
 * reaches the kernel through, interposed by LD_PRELOAD. Each wrapper asks
 * the vfs or the DRM fd table first; anything that is not the emulator's
 * path or fd goes to the real function unchanged.
 *
 * glibc-internal paths bypass the PLT (fopen and opendir do not call the
 * exported open, the stat family changed symbol names in 2.33, fortified
 * builds call __open_2), so each entry point has its own wrapper. Real
 * functions are resolved lazily with dlsym(RTLD_NEXT); dlsym itself may
 * re-enter a wrapper, which then falls back to the raw system call.
 */
#undef _FORTIFY_SOURCE
#undef _FILE_OFFSET_BITS

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "emu/device.h"
#include "emu/drm/drm_file.h"
#include "emu/emu.h"
#include "emu/fs/anon_inode.h"
#include "emu/fs/select.h"
#include "emu/fs/vfs.h"
#include "emu/profile.h"
#include "emu/uaccess.h"

#define EMU_EXPORT __attribute__((visibility("default")))

_Static_assert(sizeof(struct stat) == sizeof(struct stat64),
	       "struct stat and stat64 differ on this ABI");
_Static_assert(sizeof(off_t) == sizeof(off64_t),
	       "off_t and off64_t differ on this ABI");

/* glibc-internal entry points: no prototypes in the headers we use. */
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);
int __xstat(int ver, const char *path, struct stat *st);
int __xstat64(int ver, const char *path, struct stat64 *st);
int __lxstat(int ver, const char *path, struct stat *st);
int __lxstat64(int ver, const char *path, struct stat64 *st);
int __fxstat(int ver, int fd, struct stat *st);
int __fxstat64(int ver, int fd, struct stat64 *st);
int __fxstatat(int ver, int dirfd, const char *path, struct stat *st,
	       int flags);
int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *st,
		 int flags);
ssize_t __readlink_chk(const char *path, char *buf, size_t len, size_t buflen);
char *__realpath_chk(const char *path, char *resolved, size_t resolvedlen);
int __poll_chk(struct pollfd *fds, nfds_t n, int timeout_ms, size_t fdslen);
int __ppoll_chk(struct pollfd *fds, nfds_t n, const struct timespec *tmo,
		const sigset_t *sigmask, size_t fdslen);
ssize_t __read_chk(int fd, void *buf, size_t len, size_t buflen);
void __chk_fail(void) __attribute__((noreturn));

/* The real function `name`, cached; NULL while dlsym is re-entering us. */
#define REAL(type, name)                                       \
	({                                                     \
		static void *_Atomic real_slot_;               \
		void *p_ = atomic_load(&real_slot_);           \
		if (!p_) {                                     \
			p_ = emu_libc_sym(name);               \
			if (p_)                                \
				atomic_store(&real_slot_, p_); \
		}                                              \
		(type) p_;                                     \
	})

typedef int (*openat_fn)(int, const char *, int, ...);
typedef int (*fd_fn)(int);
typedef int (*dup2_fn)(int, int);
typedef int (*dup3_fn)(int, int, int);
typedef int (*fcntl_fn)(int, int, ...);
typedef int (*ioctl_fn)(int, unsigned long, ...);
typedef void *(*mmap_fn)(void *, size_t, int, int, int, off_t);
typedef int (*munmap_fn)(void *, size_t);
typedef int (*mprotect_fn)(void *, size_t, int);
typedef void *(*mremap_fn)(void *, size_t, size_t, int, ...);
typedef int (*fstatat_fn)(int, const char *, struct stat *, int);
typedef int (*statx_fn)(int, const char *, int, unsigned int, struct statx *);
typedef int (*faccessat_fn)(int, const char *, int, int);
typedef int (*access_fn)(const char *, int);
typedef ssize_t (*readlinkat_fn)(int, const char *, char *, size_t);
typedef char *(*realpath_fn)(const char *, char *);
typedef FILE *(*fopen_fn)(const char *, const char *);
typedef DIR *(*opendir_fn)(const char *);
typedef struct dirent *(*readdir_fn)(DIR *);
typedef struct dirent64 *(*readdir64_fn)(DIR *);
typedef int (*closedir_fn)(DIR *);
typedef void (*rewinddir_fn)(DIR *);
typedef int (*dirfd_fn)(DIR *);
typedef ssize_t (*write_fn)(int, const void *, size_t);

static int fail(int err)
{
	errno = err;
	return -1;
}

/* Path-based calls need the vfs table; fd-based calls on a tracked fd
 * imply it already exists. */
static void enter(void)
{
	emu_init();
}

/*
 * The path an *at() call names: absolute or cwd-relative as given, else
 * relative to dirfd's directory (via /proc/self/fd). NULL when that
 * cannot be told; the call then goes to the real function.
 */
static const char *at_path(int dirfd, const char *path, char *buf)
{
	char proc[64];
	size_t len;
	ssize_t n;

	if (!path)
		return NULL;
	if (path[0] == '/' || dirfd == AT_FDCWD)
		return path;
	if (!*path)
		return NULL;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", dirfd);
	n = (ssize_t)syscall(SYS_readlinkat, AT_FDCWD, proc, buf, PATH_MAX - 1);
	if (n <= 0 || buf[0] != '/')
		return NULL;
	len = (size_t)n;
	if (len + 1 + strlen(path) >= PATH_MAX)
		return NULL;
	buf[len] = '/';
	strcpy(buf + len + 1, path);
	return buf;
}

/* A fresh real fd can only be in our tables if something closed the old
 * one behind our back (e.g. fclose of an fdopen()ed DRM fd): forget it. */
static void forget_stale(int fd)
{
	if (fd < 0)
		return;
	emu_drm_fd_close(fd);
	emu_vfs_fd_close(fd);
	emu_anon_fd_close(fd);
}

/* --- open --- */

static int real_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	openat_fn fn = REAL(openat_fn, "openat");
	int fd;

	if (fn)
		fd = fn(dirfd, path, flags, mode);
	else
		fd = (int)syscall(SYS_openat, dirfd, path, flags, mode);
	if (fd >= 0)
		forget_stale(fd);
	return fd;
}

static int emu_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	char buf[PATH_MAX];
	const char *vpath;
	int fd, ret;

	enter();
	vpath = at_path(dirfd, path, buf);
	if (vpath) {
		ret = emu_vfs_open(vpath, flags, &fd);
		if (ret == 0)
			return fd;
		if (ret == EMU_VFS_DEVICE) {
			fd = emu_drm_open(flags);
			return fd >= 0 ? fd : fail(-fd);
		}
		if (ret < 0)
			return fail(-ret);
	}
	return real_openat(dirfd, path, flags, mode);
}

static mode_t open_mode(int flags, va_list ap)
{
	/* The mode argument exists only with O_CREAT or O_TMPFILE. */
	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
		return (mode_t)va_arg(ap, int);
	return 0;
}

EMU_EXPORT int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return emu_openat(AT_FDCWD, path, flags, mode);
}

EMU_EXPORT int open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return emu_openat(AT_FDCWD, path, flags | O_LARGEFILE, mode);
}

EMU_EXPORT int __open_2(const char *path, int flags)
{
	return emu_openat(AT_FDCWD, path, flags, 0);
}

EMU_EXPORT int __open64_2(const char *path, int flags)
{
	return emu_openat(AT_FDCWD, path, flags | O_LARGEFILE, 0);
}

EMU_EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return emu_openat(dirfd, path, flags, mode);
}

EMU_EXPORT int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return emu_openat(dirfd, path, flags | O_LARGEFILE, mode);
}

EMU_EXPORT int __openat_2(int dirfd, const char *path, int flags)
{
	return emu_openat(dirfd, path, flags, 0);
}

EMU_EXPORT int __openat64_2(int dirfd, const char *path, int flags)
{
	return emu_openat(dirfd, path, flags | O_LARGEFILE, 0);
}

/* --- close and dup --- */

EMU_EXPORT int close(int fd)
{
	fd_fn fn;

	emu_drm_fd_close(fd);
	emu_vfs_fd_close(fd);
	emu_anon_fd_close(fd);
	fn = REAL(fd_fn, "close");
	return fn ? fn(fd) : (int)syscall(SYS_close, fd);
}

/* newfd now refers to what oldfd refers to; whatever newfd named before
 * was closed by the dup. */
static void after_dup(int oldfd, int newfd)
{
	if (newfd < 0 || newfd == oldfd)
		return;
	if (emu_drm_is_fd(oldfd))
		emu_drm_fd_dup(oldfd, newfd);
	else
		emu_drm_fd_close(newfd);
	emu_vfs_fd_dup(oldfd, newfd);
	emu_anon_fd_dup(oldfd, newfd);
}

EMU_EXPORT int dup(int oldfd)
{
	fd_fn fn = REAL(fd_fn, "dup");
	int fd = fn ? fn(oldfd) : (int)syscall(SYS_dup, oldfd);

	after_dup(oldfd, fd);
	return fd;
}

EMU_EXPORT int dup2(int oldfd, int newfd)
{
	dup2_fn fn = REAL(dup2_fn, "dup2");
	int fd;

	if (fn)
		fd = fn(oldfd, newfd);
	else
		fd = (int)syscall(SYS_dup3, oldfd, newfd, 0);
	after_dup(oldfd, fd);
	return fd;
}

EMU_EXPORT int dup3(int oldfd, int newfd, int flags)
{
	dup3_fn fn = REAL(dup3_fn, "dup3");
	int fd = fn ? fn(oldfd, newfd, flags) :
		      (int)syscall(SYS_dup3, oldfd, newfd, flags);

	after_dup(oldfd, fd);
	return fd;
}

static int emu_fcntl(fcntl_fn fn, int fd, int cmd, void *arg)
{
	int ret = fn ? fn(fd, cmd, arg) : (int)syscall(SYS_fcntl, fd, cmd, arg);

	/* libdrm keeps its own F_DUPFD_CLOEXEC dup of the device fd. */
	if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC)
		after_dup(fd, ret);
	return ret;
}

EMU_EXPORT int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	return emu_fcntl(REAL(fcntl_fn, "fcntl"), fd, cmd, arg);
}

EMU_EXPORT int fcntl64(int fd, int cmd, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	return emu_fcntl(REAL(fcntl_fn, "fcntl64"), fd, cmd, arg);
}

/* --- ioctl and mmap --- */

EMU_EXPORT int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	void *arg;
	ioctl_fn fn;
	int ret;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	/* one lookup under the device lock, which the ioctl then keeps */
	if (emu_drm_try_ioctl(fd, request, arg, &ret) ||
	    emu_anon_try_ioctl(fd, request, arg, &ret))
		return ret < 0 ? fail(-ret) : ret;
	fn = REAL(ioctl_fn, "ioctl");
	return fn ? fn(fd, request, arg) :
		    (int)syscall(SYS_ioctl, fd, request, arg);
}

static void *emu_mmap(mmap_fn fn, void *addr, size_t len, int prot, int flags,
		      int fd, off_t off)
{
	if (fd >= 0 && !(flags & MAP_ANONYMOUS) && emu_drm_is_fd(fd))
		return emu_drm_mmap(fd, addr, len, prot, flags, off);
	/* a fixed mapping may replace an accessible one */
	if (flags & MAP_FIXED)
		emu_uaccess_invalidate();
	if (!fn)
		return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd,
				       off);
	return fn(addr, len, prot, flags, fd, off);
}

EMU_EXPORT void *mmap(void *addr, size_t len, int prot, int flags, int fd,
		      off_t off)
{
	return emu_mmap(REAL(mmap_fn, "mmap"), addr, len, prot, flags, fd, off);
}

EMU_EXPORT void *mmap64(void *addr, size_t len, int prot, int flags, int fd,
			off64_t off)
{
	return emu_mmap(REAL(mmap_fn, "mmap64"), addr, len, prot, flags, fd,
			(off_t)off);
}

/*
 * Calls that can take access to memory away: the user-copy table
 * (uaccess.c) must not trust what it read before them. glibc's internal
 * calls (malloc's) do not come through here; uaccess.c says what that
 * leaves.
 */
EMU_EXPORT int munmap(void *addr, size_t len)
{
	munmap_fn fn = REAL(munmap_fn, "munmap");
	int ret = fn ? fn(addr, len) : (int)syscall(SYS_munmap, addr, len);

	emu_uaccess_invalidate();
	return ret;
}

EMU_EXPORT int mprotect(void *addr, size_t len, int prot)
{
	mprotect_fn fn = REAL(mprotect_fn, "mprotect");
	int ret = fn ? fn(addr, len, prot) :
		       (int)syscall(SYS_mprotect, addr, len, prot);

	emu_uaccess_invalidate();
	return ret;
}

EMU_EXPORT void *mremap(void *old, size_t old_len, size_t new_len, int flags,
			...)
{
	mremap_fn fn = REAL(mremap_fn, "mremap");
	void *new_addr = NULL;
	va_list ap;
	void *p;

	if (flags & MREMAP_FIXED) {
		va_start(ap, flags);
		new_addr = va_arg(ap, void *);
		va_end(ap);
	}
	p = fn ? fn(old, old_len, new_len, flags, new_addr) :
		 (void *)syscall(SYS_mremap, old, old_len, new_len, flags,
				 new_addr);
	emu_uaccess_invalidate();
	return p;
}

/* --- write --- */

EMU_EXPORT ssize_t write(int fd, const void *buf, size_t len)
{
	write_fn fn;
	long ret;

	if (emu_vfs_fd_write(fd, buf, len, &ret) == 0)
		return ret < 0 ? fail((int)-ret) : (ssize_t)ret;
	/* the stand-in eventfd would take 8 bytes */
	if (emu_anon_is_fd(fd))
		return fail(EINVAL);
	fn = REAL(write_fn, "write");
	return fn ? fn(fd, buf, len) :
		    (ssize_t)syscall(SYS_write, fd, buf, len);
}

/* The anon files (dma-buf, syncobj file, sync_file) have no read: the
 * stand-in eventfd would block until written. */
typedef ssize_t (*read_fn)(int, void *, size_t);

EMU_EXPORT ssize_t read(int fd, void *buf, size_t len)
{
	read_fn fn;

	if (emu_anon_is_fd(fd))
		return fail(EINVAL);
	fn = REAL(read_fn, "read");
	return fn ? fn(fd, buf, len) : (ssize_t)syscall(SYS_read, fd, buf, len);
}

/* glibc's own __read_chk calls its internal read, not this one */
EMU_EXPORT ssize_t __read_chk(int fd, void *buf, size_t len, size_t buflen)
{
	if (len > buflen)
		__chk_fail();
	return read(fd, buf, len);
}

/* --- the stat family --- */

/* fstat of an fd: the render node for a DRM fd, a stand-in for a vfs
 * directory fd; EMU_VFS_PASS otherwise. */
static int emu_fd_stat(int fd, struct stat *st)
{
	if (emu_drm_is_fd(fd))
		return emu_vfs_stat(EMU_RENDER_NODE, true, st);
	return emu_vfs_fd_stat(fd, st);
}

/* fstatat() semantics; EMU_VFS_PASS when it is not ours. */
static int emu_statat(int dirfd, const char *path, struct stat *st, int flags)
{
	char buf[PATH_MAX];
	const char *vpath;

	if (path && !*path && (flags & AT_EMPTY_PATH))
		return emu_fd_stat(dirfd, st);
	enter();
	vpath = at_path(dirfd, path, buf);
	if (!vpath)
		return EMU_VFS_PASS;
	return emu_vfs_stat(vpath, !(flags & AT_SYMLINK_NOFOLLOW), st);
}

static int real_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	fstatat_fn fn = REAL(fstatat_fn, "fstatat");

	if (fn)
		return fn(dirfd, path, st, flags);
	return (int)syscall(SYS_newfstatat, dirfd, path, st, flags);
}

static int do_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	int ret = emu_statat(dirfd, path, st, flags);

	if (ret == EMU_VFS_PASS)
		return real_fstatat(dirfd, path, st, flags);
	return ret < 0 ? fail(-ret) : 0;
}

EMU_EXPORT int stat(const char *path, struct stat *st)
{
	return do_fstatat(AT_FDCWD, path, st, 0);
}

EMU_EXPORT int stat64(const char *path, struct stat64 *st)
{
	return do_fstatat(AT_FDCWD, path, (struct stat *)st, 0);
}

EMU_EXPORT int lstat(const char *path, struct stat *st)
{
	return do_fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

EMU_EXPORT int lstat64(const char *path, struct stat64 *st)
{
	return do_fstatat(AT_FDCWD, path, (struct stat *)st,
			  AT_SYMLINK_NOFOLLOW);
}

EMU_EXPORT int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	return do_fstatat(dirfd, path, st, flags);
}

EMU_EXPORT int fstatat64(int dirfd, const char *path, struct stat64 *st,
			 int flags)
{
	return do_fstatat(dirfd, path, (struct stat *)st, flags);
}

EMU_EXPORT int fstat(int fd, struct stat *st)
{
	int ret = emu_fd_stat(fd, st);

	if (ret == EMU_VFS_PASS)
		return real_fstatat(fd, "", st, AT_EMPTY_PATH);
	return ret < 0 ? fail(-ret) : 0;
}

EMU_EXPORT int fstat64(int fd, struct stat64 *st)
{
	return fstat(fd, (struct stat *)st);
}

/*
 * glibc < 2.33 binaries call the versioned __xstat family. On x86-64 every
 * _STAT_VER has the layout of struct stat, so the real call can be made
 * with fstatat.
 */
static int do_xstat(int dirfd, const char *path, struct stat *st, int flags)
{
	return do_fstatat(dirfd, path, st, flags);
}

EMU_EXPORT int __xstat(int ver, const char *path, struct stat *st)
{
	(void)ver;
	return do_xstat(AT_FDCWD, path, st, 0);
}

EMU_EXPORT int __xstat64(int ver, const char *path, struct stat64 *st)
{
	(void)ver;
	return do_xstat(AT_FDCWD, path, (struct stat *)st, 0);
}

EMU_EXPORT int __lxstat(int ver, const char *path, struct stat *st)
{
	(void)ver;
	return do_xstat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

EMU_EXPORT int __lxstat64(int ver, const char *path, struct stat64 *st)
{
	(void)ver;
	return do_xstat(AT_FDCWD, path, (struct stat *)st, AT_SYMLINK_NOFOLLOW);
}

EMU_EXPORT int __fxstatat(int ver, int dirfd, const char *path, struct stat *st,
			  int flags)
{
	(void)ver;
	return do_xstat(dirfd, path, st, flags);
}

EMU_EXPORT int __fxstatat64(int ver, int dirfd, const char *path,
			    struct stat64 *st, int flags)
{
	(void)ver;
	return do_xstat(dirfd, path, (struct stat *)st, flags);
}

EMU_EXPORT int __fxstat(int ver, int fd, struct stat *st)
{
	(void)ver;
	return fstat(fd, st);
}

EMU_EXPORT int __fxstat64(int ver, int fd, struct stat64 *st)
{
	(void)ver;
	return fstat(fd, (struct stat *)st);
}

static void stat_to_statx(const struct stat *st, struct statx *stx)
{
	memset(stx, 0, sizeof(*stx));
	stx->stx_mask = STATX_BASIC_STATS;
	stx->stx_blksize = (uint32_t)st->st_blksize;
	stx->stx_nlink = (uint32_t)st->st_nlink;
	stx->stx_uid = st->st_uid;
	stx->stx_gid = st->st_gid;
	stx->stx_mode = (uint16_t)st->st_mode;
	stx->stx_ino = st->st_ino;
	stx->stx_size = (uint64_t)st->st_size;
	stx->stx_blocks = (uint64_t)st->st_blocks;
	stx->stx_atime.tv_sec = st->st_atim.tv_sec;
	stx->stx_atime.tv_nsec = (uint32_t)st->st_atim.tv_nsec;
	stx->stx_mtime.tv_sec = st->st_mtim.tv_sec;
	stx->stx_mtime.tv_nsec = (uint32_t)st->st_mtim.tv_nsec;
	stx->stx_ctime.tv_sec = st->st_ctim.tv_sec;
	stx->stx_ctime.tv_nsec = (uint32_t)st->st_ctim.tv_nsec;
	stx->stx_rdev_major = major(st->st_rdev);
	stx->stx_rdev_minor = minor(st->st_rdev);
	stx->stx_dev_major = major(st->st_dev);
	stx->stx_dev_minor = minor(st->st_dev);
}

EMU_EXPORT int statx(int dirfd, const char *path, int flags, unsigned int mask,
		     struct statx *stx)
{
	statx_fn fn;
	struct stat st;
	int ret;

	ret = emu_statat(dirfd, path, &st,
			 flags & (AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
	if (ret == 0)
		stat_to_statx(&st, stx);
	if (ret != EMU_VFS_PASS)
		return ret < 0 ? fail(-ret) : 0;
	fn = REAL(statx_fn, "statx");
	return fn ? fn(dirfd, path, flags, mask, stx) :
		    (int)syscall(SYS_statx, dirfd, path, flags, mask, stx);
}

/* --- access --- */

static int emu_accessat(int dirfd, const char *path, int mode)
{
	char buf[PATH_MAX];
	const char *vpath;

	enter();
	vpath = at_path(dirfd, path, buf);
	return vpath ? emu_vfs_access(vpath, mode) : EMU_VFS_PASS;
}

EMU_EXPORT int access(const char *path, int mode)
{
	access_fn fn;
	int ret = emu_accessat(AT_FDCWD, path, mode);

	if (ret != EMU_VFS_PASS)
		return ret < 0 ? fail(-ret) : 0;
	fn = REAL(access_fn, "access");
	return fn ? fn(path, mode) :
		    (int)syscall(SYS_faccessat, AT_FDCWD, path, mode);
}

EMU_EXPORT int faccessat(int dirfd, const char *path, int mode, int flags)
{
	faccessat_fn fn;
	int ret = emu_accessat(dirfd, path, mode);

	if (ret != EMU_VFS_PASS)
		return ret < 0 ? fail(-ret) : 0;
	fn = REAL(faccessat_fn, "faccessat");
	return fn ? fn(dirfd, path, mode, flags) :
		    (int)syscall(SYS_faccessat, dirfd, path, mode);
}

EMU_EXPORT int euidaccess(const char *path, int mode)
{
	access_fn fn;
	int ret = emu_accessat(AT_FDCWD, path, mode);

	if (ret != EMU_VFS_PASS)
		return ret < 0 ? fail(-ret) : 0;
	fn = REAL(access_fn, "euidaccess");
	return fn ? fn(path, mode) : fail(ENOSYS);
}

EMU_EXPORT int eaccess(const char *path, int mode)
{
	return euidaccess(path, mode);
}

/* --- mkdir, rmdir (tracefs instances) --- */

typedef int (*mkdir_fn)(const char *, mode_t);
typedef int (*mkdirat_fn)(int, const char *, mode_t);
typedef int (*rmdir_fn)(const char *);

static int emu_mkdirat(int dirfd, const char *path)
{
	char buf[PATH_MAX];
	const char *vpath;

	enter();
	vpath = at_path(dirfd, path, buf);
	return vpath ? emu_vfs_mkdir(vpath) : EMU_VFS_PASS;
}

EMU_EXPORT int mkdir(const char *path, mode_t mode)
{
	int ret = emu_mkdirat(AT_FDCWD, path);
	mkdir_fn fn;

	if (ret != EMU_VFS_PASS)
		return ret < 0 ? fail(-ret) : 0;
	fn = REAL(mkdir_fn, "mkdir");
	return fn ? fn(path, mode) :
		    (int)syscall(SYS_mkdirat, AT_FDCWD, path, mode);
}

EMU_EXPORT int mkdirat(int dirfd, const char *path, mode_t mode)
{
	int ret = emu_mkdirat(dirfd, path);
	mkdirat_fn fn;

	if (ret != EMU_VFS_PASS)
		return ret < 0 ? fail(-ret) : 0;
	fn = REAL(mkdirat_fn, "mkdirat");
	return fn ? fn(dirfd, path, mode) :
		    (int)syscall(SYS_mkdirat, dirfd, path, mode);
}

EMU_EXPORT int rmdir(const char *path)
{
	rmdir_fn fn;
	int ret;

	enter();
	ret = emu_vfs_rmdir(path);
	if (ret != EMU_VFS_PASS)
		return ret < 0 ? fail(-ret) : 0;
	fn = REAL(rmdir_fn, "rmdir");
	return fn ? fn(path) :
		    (int)syscall(SYS_unlinkat, AT_FDCWD, path, AT_REMOVEDIR);
}

/* --- extended attributes (ls -l asks for ACLs) --- */

typedef ssize_t (*getxattr_fn)(const char *, const char *, void *, size_t);
typedef ssize_t (*listxattr_fn)(const char *, char *, size_t);

/* Emulated nodes carry no extended attributes: 0 when the node exists,
 * -errno when it does not, EMU_VFS_PASS when it is not ours. */
static int emu_xattr_node(const char *path, bool follow)
{
	struct stat st;

	enter();
	return emu_vfs_stat(path, follow, &st);
}

static ssize_t emu_getxattr(getxattr_fn fn, const char *path, const char *attr,
			    void *value, size_t size, bool follow)
{
	int ret = emu_xattr_node(path, follow);

	if (ret != EMU_VFS_PASS)
		return fail(ret < 0 ? -ret : ENODATA);
	return fn ? fn(path, attr, value, size) : fail(ENOSYS);
}

static ssize_t emu_listxattr(listxattr_fn fn, const char *path, char *list,
			     size_t size, bool follow)
{
	int ret = emu_xattr_node(path, follow);

	if (ret != EMU_VFS_PASS)
		return ret < 0 ? fail(-ret) : 0;
	return fn ? fn(path, list, size) : fail(ENOSYS);
}

EMU_EXPORT ssize_t getxattr(const char *path, const char *attr, void *value,
			    size_t size)
{
	return emu_getxattr(REAL(getxattr_fn, "getxattr"), path, attr, value,
			    size, true);
}

EMU_EXPORT ssize_t lgetxattr(const char *path, const char *attr, void *value,
			     size_t size)
{
	return emu_getxattr(REAL(getxattr_fn, "lgetxattr"), path, attr, value,
			    size, false);
}

EMU_EXPORT ssize_t listxattr(const char *path, char *list, size_t size)
{
	return emu_listxattr(REAL(listxattr_fn, "listxattr"), path, list, size,
			     true);
}

EMU_EXPORT ssize_t llistxattr(const char *path, char *list, size_t size)
{
	return emu_listxattr(REAL(listxattr_fn, "llistxattr"), path, list, size,
			     false);
}

/* --- links and canonical paths --- */

/* /proc/self/fd/N of a DRM fd names the node, not the /dev/null behind
 * it. */
static bool drm_fd_link(const char *path)
{
	char self[64];
	size_t n;
	char *end;
	long fd;

	if (!strncmp(path, "/proc/self/fd/", 14)) {
		n = 14;
	} else {
		snprintf(self, sizeof(self), "/proc/%ld/fd/", (long)getpid());
		n = strlen(self);
		if (strncmp(path, self, n))
			return false;
	}
	fd = strtol(path + n, &end, 10);
	return end != path + n && !*end && fd >= 0 && fd <= INT_MAX &&
	       emu_drm_is_fd((int)fd);
}

static ssize_t emu_readlinkat(int dirfd, const char *path, char *buf,
			      size_t size)
{
	char pbuf[PATH_MAX];
	readlinkat_fn fn;
	const char *vpath;
	size_t len;
	int ret;

	enter();
	vpath = at_path(dirfd, path, pbuf);
	if (vpath && drm_fd_link(vpath)) {
		len = strlen(EMU_RENDER_NODE);
		len = len < size ? len : size;
		memcpy(buf, EMU_RENDER_NODE, len);
		return (ssize_t)len;
	}
	ret = vpath ? emu_vfs_readlink(vpath, buf, size, &len) : EMU_VFS_PASS;
	if (ret == 0)
		return (ssize_t)len;
	if (ret < 0)
		return fail(-ret);
	fn = REAL(readlinkat_fn, "readlinkat");
	return fn ? fn(dirfd, path, buf, size) :
		    (ssize_t)syscall(SYS_readlinkat, dirfd, path, buf, size);
}

EMU_EXPORT ssize_t readlink(const char *path, char *buf, size_t size)
{
	return emu_readlinkat(AT_FDCWD, path, buf, size);
}

EMU_EXPORT ssize_t readlinkat(int dirfd, const char *path, char *buf,
			      size_t size)
{
	return emu_readlinkat(dirfd, path, buf, size);
}

EMU_EXPORT ssize_t __readlink_chk(const char *path, char *buf, size_t len,
				  size_t buflen)
{
	/* The fortify check glibc makes before the call. */
	if (len > buflen)
		abort();
	return emu_readlinkat(AT_FDCWD, path, buf, len);
}

EMU_EXPORT char *realpath(const char *path, char *resolved)
{
	char out[PATH_MAX];
	realpath_fn fn;
	int ret;

	if (!path)
		return (errno = EINVAL, NULL);
	enter();
	if (drm_fd_link(path)) {
		snprintf(out, sizeof(out), "%s", EMU_RENDER_NODE);
		ret = 0;
	} else {
		ret = emu_vfs_realpath(path, out);
	}
	if (ret == 0) {
		if (resolved)
			return strcpy(resolved, out);
		resolved = strdup(out);
		return resolved ? resolved : (errno = ENOMEM, NULL);
	}
	if (ret < 0)
		return (errno = -ret, NULL);
	fn = REAL(realpath_fn, "realpath");
	return fn ? fn(path, resolved) : (errno = ENOSYS, NULL);
}

EMU_EXPORT char *__realpath_chk(const char *path, char *resolved,
				size_t resolvedlen)
{
	if (resolvedlen < PATH_MAX)
		abort();
	return realpath(path, resolved);
}

/* --- stdio --- */

/* fopen() mode string to open(2) flags, as glibc reads it. */
static int fopen_flags(const char *mode)
{
	int flags;

	switch (mode[0]) {
	case 'r':
		flags = O_RDONLY;
		break;
	case 'w':
		flags = O_WRONLY | O_CREAT | O_TRUNC;
		break;
	case 'a':
		flags = O_WRONLY | O_CREAT | O_APPEND;
		break;
	default:
		return -1;
	}
	for (const char *m = mode + 1; *m && *m != ','; m++) {
		if (*m == '+')
			flags = (flags & ~O_ACCMODE) | O_RDWR;
		else if (*m == 'e')
			flags |= O_CLOEXEC;
		else if (*m == 'x')
			flags |= O_EXCL;
	}
	return flags;
}

/* A FILE over a writable vfs fd: its writes must reach the handler, which
 * stdio's internal write would bypass. */
static ssize_t cookie_read(void *c, char *buf, size_t size)
{
	return read((int)(intptr_t)c, buf, size);
}

static ssize_t cookie_write(void *c, const char *buf, size_t size)
{
	return write((int)(intptr_t)c, buf, size);
}

static int cookie_seek(void *c, off64_t *off, int whence)
{
	off_t r = lseek((int)(intptr_t)c, (off_t)*off, whence);

	if (r < 0)
		return -1;
	*off = r;
	return 0;
}

static int cookie_close(void *c)
{
	return close((int)(intptr_t)c);
}

static FILE *emu_fopen(fopen_fn fn, const char *path, const char *mode)
{
	static const cookie_io_functions_t io = {
		.read = cookie_read,
		.write = cookie_write,
		.seek = cookie_seek,
		.close = cookie_close,
	};
	int flags, fd, ret;
	FILE *f;

	enter();
	flags = path && mode ? fopen_flags(mode) : -1;
	ret = flags < 0 ? EMU_VFS_PASS : emu_vfs_open(path, flags, &fd);
	if (ret == EMU_VFS_DEVICE) {
		fd = emu_drm_open(flags);
		if (fd < 0)
			return (errno = -fd, NULL);
		ret = 0;
	}
	if (ret < 0)
		return (errno = -ret, NULL);
	if (ret == 0) {
		if (emu_vfs_fd_writable(fd))
			f = fopencookie((void *)(intptr_t)fd, mode, io);
		else
			f = fdopen(fd, mode);
		if (!f) {
			int err = errno;

			close(fd);
			errno = err;
		}
		return f;
	}
	return fn ? fn(path, mode) : (errno = ENOSYS, NULL);
}

EMU_EXPORT FILE *fopen(const char *path, const char *mode)
{
	return emu_fopen(REAL(fopen_fn, "fopen"), path, mode);
}

EMU_EXPORT FILE *fopen64(const char *path, const char *mode)
{
	return emu_fopen(REAL(fopen_fn, "fopen64"), path, mode);
}

/* --- directories --- */

EMU_EXPORT DIR *opendir(const char *path)
{
	opendir_fn fn;
	void *dir;
	int ret;

	enter();
	ret = emu_vfs_opendir(path, &dir);
	if (ret == 0)
		return dir;
	if (ret < 0)
		return (errno = -ret, NULL);
	fn = REAL(opendir_fn, "opendir");
	return fn ? fn(path) : (errno = ENOSYS, NULL);
}

EMU_EXPORT struct dirent *readdir(DIR *dir)
{
	readdir_fn fn;

	if (emu_vfs_is_dir_stream(dir))
		return emu_vfs_readdir(dir);
	fn = REAL(readdir_fn, "readdir");
	return fn ? fn(dir) : (errno = ENOSYS, NULL);
}

EMU_EXPORT struct dirent64 *readdir64(DIR *dir)
{
	readdir64_fn fn;

	if (emu_vfs_is_dir_stream(dir))
		return emu_vfs_readdir64(dir);
	fn = REAL(readdir64_fn, "readdir64");
	return fn ? fn(dir) : (errno = ENOSYS, NULL);
}

EMU_EXPORT int closedir(DIR *dir)
{
	closedir_fn fn;

	if (emu_vfs_is_dir_stream(dir))
		return emu_vfs_closedir(dir);
	fn = REAL(closedir_fn, "closedir");
	return fn ? fn(dir) : fail(ENOSYS);
}

EMU_EXPORT void rewinddir(DIR *dir)
{
	rewinddir_fn fn;

	if (emu_vfs_is_dir_stream(dir)) {
		emu_vfs_rewinddir(dir);
		return;
	}
	fn = REAL(rewinddir_fn, "rewinddir");
	if (fn)
		fn(dir);
}

EMU_EXPORT int dirfd(DIR *dir)
{
	dirfd_fn fn;
	int ret;

	if (emu_vfs_is_dir_stream(dir)) {
		ret = emu_vfs_dirfd(dir);
		return ret < 0 ? fail(-ret) : ret;
	}
	fn = REAL(dirfd_fn, "dirfd");
	return fn ? fn(dir) : fail(ENOSYS);
}

/* --- poll --- */

/*
 * A set that names an emulated fd is polled by fs/select.c, which gives
 * those fds their emulated file's mask; any other set goes to the real
 * call untouched (so do sets with a bad timeout, for its errors). The
 * fortified entry points are covered too: glibc's own __poll_chk calls
 * its internal poll, not this one.
 */
typedef int (*poll_fn)(struct pollfd *, nfds_t, int);
typedef int (*ppoll_fn)(struct pollfd *, nfds_t, const struct timespec *,
			const sigset_t *);

EMU_EXPORT int poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
	struct timespec tmo = { timeout_ms / 1000,
				timeout_ms % 1000 * 1000000L };
	poll_fn fn;
	bool handled;
	int ret;

	ret = emu_do_sys_poll(fds, n, timeout_ms < 0 ? NULL : &tmo, NULL,
			      &handled);
	if (handled)
		return ret < 0 ? fail(-ret) : ret;
	fn = REAL(poll_fn, "poll");
	return fn ? fn(fds, n, timeout_ms) :
		    (int)syscall(SYS_poll, fds, n, timeout_ms);
}

EMU_EXPORT int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *tmo,
		     const sigset_t *sigmask)
{
	ppoll_fn fn;
	bool handled;
	int ret;

	ret = emu_do_sys_poll(fds, n, tmo, sigmask, &handled);
	if (handled)
		return ret < 0 ? fail(-ret) : ret;
	fn = REAL(ppoll_fn, "ppoll");
	return fn ? fn(fds, n, tmo, sigmask) :
		    (int)syscall(SYS_ppoll, fds, n, tmo, sigmask, _NSIG / 8);
}

EMU_EXPORT int __poll_chk(struct pollfd *fds, nfds_t n, int timeout_ms,
			  size_t fdslen)
{
	if (fdslen / sizeof(*fds) < n)
		__chk_fail();
	return poll(fds, n, timeout_ms);
}

EMU_EXPORT int __ppoll_chk(struct pollfd *fds, nfds_t n,
			   const struct timespec *tmo, const sigset_t *sigmask,
			   size_t fdslen)
{
	if (fdslen / sizeof(*fds) < n)
		__chk_fail();
	return ppoll(fds, n, tmo, sigmask);
}

/* --- uname --- */

/*
 * The kernel a profile stands for reaches userspace as it would on that
 * kernel: utsname.release is the profile's uname_release (e.g.
 * "6.18.33-emu", the "-emu" local version saying what it is), so that
 * `uname -r`, Mesa's driver info and the tool's host report name the
 * emulated release. Everything else is the host's.
 */
typedef int (*uname_fn)(struct utsname *);

EMU_EXPORT int uname(struct utsname *buf)
{
	uname_fn fn = REAL(uname_fn, "uname");
	int ret;

	ret = fn ? fn(buf) : (int)syscall(SYS_uname, buf);
	if (ret)
		return ret;
	snprintf(buf->release, sizeof(buf->release), "%s",
		 emu_active_profile()->uname_release);
	return 0;
}
