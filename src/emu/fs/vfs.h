/* SPDX-License-Identifier: MIT */
/*
 * The emulator's fake files: the render node, the sysfs device directory,
 * module parameters, and (later) /proc/self/fdinfo, debugfs, tracefs and
 * slab files. The libc layer asks this table before touching the real
 * filesystem. Real DRM devices are hidden behind it.
 *
 * File contents are produced when the file is opened (read) and served from
 * a memfd, so read/fstat/mmap behave like a real file. Writable files pass
 * each write() to a handler, which can refuse it with an errno as a kernel
 * file would (tracefs kprobe_events does).
 */
#ifndef UQ_EMU_VFS_H
#define UQ_EMU_VFS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

enum emu_vfs_type {
	EMU_VFS_NONE, /* hidden: behaves as ENOENT */
	EMU_VFS_FILE,
	EMU_VFS_DIR,
	EMU_VFS_LINK,
	EMU_VFS_CHR, /* the render node */
};

struct emu_seq_file;

/*
 * Produce the whole content of a file at open, printed into m (a seq_file
 * show()). 0 or -errno (-EACCES for an unprivileged reader); an allocation
 * failure in m fails the open with -ENOMEM.
 */
typedef int (*emu_vfs_read_fn)(const char *path, void *arg,
			       struct emu_seq_file *m);
/* One write() to the file: bytes accepted, or -errno. */
typedef long (*emu_vfs_write_fn)(const char *path, void *arg, const char *buf,
				 size_t len);
/* Gate on open/stat/opendir: 0, or -errno (e.g. -EACCES for debugfs when
 * unprivileged). NULL means always allowed. */
typedef int (*emu_vfs_access_fn)(const char *path, void *arg);
/* mkdir(2) or rmdir(2) of the entry @name of the directory @path (tracefs
 * instances/): 0 or -errno. The handler registers or removes the nodes. */
typedef int (*emu_vfs_dirop_fn)(const char *path, void *arg, const char *name);

struct emu_vfs_ops {
	emu_vfs_read_fn read;
	emu_vfs_write_fn write; /* NULL: read-only (open for write: EACCES) */
	emu_vfs_access_fn access;
	/* On a directory: mkdir/rmdir of its entries. NULL: -EPERM, as for
	 * an inode without ->mkdir/->rmdir. */
	emu_vfs_dirop_fn mkdir;
	emu_vfs_dirop_fn rmdir;
};

/* A node of the table (vfs.c's own; here because the device holds the
 * root by value). */
struct vfs_node {
	char *path;
	const char *name; /* last component, inside path */
	enum emu_vfs_type type;
	bool implicit; /* parent created on the way: the real fs rules */
	mode_t mode;
	struct emu_vfs_ops ops;
	void *arg;
	char *content; /* emu_vfs_add_static() */
	size_t content_len;
	char *target; /* links */
	dev_t rdev;
	uint64_t ino;
	struct vfs_node *parent;
	struct vfs_node *children, *last_child, *next_sibling;
	struct vfs_node *hash_next;
};

#define EMU_VFS_HASH_SIZE 512

struct vfs_fd;
struct vfs_dir;

/* The table and the open vfs fds and directories: emu_dev.vfs, owned by
 * vfs.c. */
struct emu_vfs {
	/* The table's own lock, apart from the device lock: the libc layer
	 * asks the table on every path call, with or without the device
	 * lock, and handlers run without it (they may take the device
	 * lock). */
	pthread_mutex_t lock;
	struct vfs_node *hash[EMU_VFS_HASH_SIZE];
	struct vfs_node root; /* "/", set up at its first use */
	char **hidden; /* emu_vfs_hide() prefixes */
	size_t nhidden;
	uint64_t inos_used; /* inode numbers of the nodes made on the way */
	struct timespec time; /* every node's timestamps: first register */
	struct vfs_fd **fds; /* indexed by fd */
	size_t fds_cap;
	atomic_uint nfds; /* a lock-free "none open" check */
	struct vfs_dir *dirs; /* open directory streams */
	atomic_uint ndirs;
};

/* Register nodes. Parent directories are created as needed. A registered
 * directory lists exactly its registered children. */
void emu_vfs_add_file(const char *path, mode_t mode,
		      const struct emu_vfs_ops *ops, void *arg);
void emu_vfs_add_static(const char *path, const char *content);
/* A static file whose content is formatted once, at registration. */
void emu_vfs_add_staticf(const char *path, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void emu_vfs_add_dir(const char *path, const struct emu_vfs_ops *ops,
		     void *arg);
void emu_vfs_add_link(const char *path, const char *target);
void emu_vfs_add_chr(const char *path, unsigned int major, unsigned int minor);
/* Remove a node and everything below it. */
void emu_vfs_remove(const char *path);
/* Everything under prefix that is not registered is hidden (ENOENT). */
void emu_vfs_hide(const char *prefix);

/*
 * --- The libc layer's entry points (libc/interpose.c) ---
 *
 * Each returns EMU_VFS_PASS when the path (or fd, or DIR) is not the
 * emulator's business: the caller then makes the real call, untouched.
 * Otherwise 0 (or a count) or -errno. Symbolic links registered with
 * emu_vfs_add_link() are followed as the kernel would (relative targets
 * from the link's directory). A registered directory's unregistered
 * descendants are hidden; parent directories created implicitly defer to
 * the real filesystem and only add their registered children to it.
 */
#define EMU_VFS_PASS 1
/* emu_vfs_open(): the path is the render node, open a DRM file instead. */
#define EMU_VFS_DEVICE 2

struct dirent;
struct dirent64;

int emu_vfs_stat(const char *path, bool follow, struct stat *st);
/* *fd: a memfd holding the content (O_CLOEXEC honoured), tracked so that
 * writes reach the write handler. */
int emu_vfs_open(const char *path, int flags, int *fd);
int emu_vfs_access(const char *path, int mode);
/* *len: bytes stored (no NUL), as readlink(2). */
int emu_vfs_readlink(const char *path, char *buf, size_t size, size_t *len);
/* out: PATH_MAX bytes. */
int emu_vfs_realpath(const char *path, char *out);
/* mkdir(2) and rmdir(2): the parent directory's handler, else -EPERM;
 * -EEXIST / -ENOENT / -ENOTDIR as the kernel's vfs_mkdir/vfs_rmdir. */
int emu_vfs_mkdir(const char *path);
int emu_vfs_rmdir(const char *path);

/* Opened vfs files: write() routing, dup and close bookkeeping. */
int emu_vfs_fd_write(int fd, const void *buf, size_t len, long *ret);
bool emu_vfs_fd_writable(int fd);
int emu_vfs_fd_stat(int fd, struct stat *st);
void emu_vfs_fd_dup(int oldfd, int newfd);
void emu_vfs_fd_close(int fd);

/* Directory streams: *dir is an opaque handle the libc layer returns as
 * its DIR *. */
int emu_vfs_opendir(const char *path, void **dir);
bool emu_vfs_is_dir_stream(const void *dir);
struct dirent *emu_vfs_readdir(void *dir);
struct dirent64 *emu_vfs_readdir64(void *dir);
void emu_vfs_rewinddir(void *dir);
int emu_vfs_closedir(void *dir);
int emu_vfs_dirfd(void *dir);

#endif
