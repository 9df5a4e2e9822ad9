/* SPDX-License-Identifier: MIT */
/*
 * fs/anon_inodes.c, as far as the emulator needs it: the fds of kernel
 * files that are not DRM files, handed out by ioctls (a dma-buf from
 * PRIME_HANDLE_TO_FD, a syncobj file or a sync_file from
 * SYNCOBJ_HANDLE_TO_FD). Each is a real eventfd, so its number is real
 * and unique and close/dup behave naturally; this table maps it to the
 * emulated file, which holds a reference on its object until the last fd
 * naming it is closed (libc/interpose.c calls emu_anon_fd_close/_dup).
 *
 * Within one process: the table is the emulator's, a child sees the fds
 * but not their files after exec.
 */
#ifndef UQ_EMU_ANON_INODE_H
#define UQ_EMU_ANON_INODE_H

#include <stdbool.h>
#include <stddef.h>

/* What kind of file an anon fd is (the kernel's file->f_op) and how its
 * object goes at the last close (file_operations.release). */
struct emu_anon_ops {
	const char *name; /* "dmabuf", "syncobj_file", "sync_file" */
	void (*release)(void *priv);
	/* file_operations.poll: the object's ready mask (POLLIN...), under
	 * the device lock. NULL: a file without ->poll, for which vfs_poll
	 * gives DEFAULT_POLLMASK. */
	short (*poll)(void *priv);
	/* file_operations.unlocked_ioctl for the requests of _IOC_TYPE
	 * ioctl_type (the others, FIONBIO and such included, are the
	 * stand-in's: the VFS answers those the same, and ENOTTY the rest).
	 * 0 or -errno, under the device lock. NULL: none of its own. */
	unsigned int ioctl_type;
	long (*ioctl)(void *priv, unsigned int cmd, void *uarg);
};

struct emu_anon_file;

/* The fds: emu_dev.anon, owned by anon_inode.c. */
struct emu_anon_files {
	struct emu_anon_file **fd_table;
	size_t fd_cap;
	unsigned int nfds; /* fast path for close() of other fds */
	unsigned int nfiles; /* live files, for the audit */
};

/*
 * anon_inode_getfile + get_unused_fd_flags + fd_install: a new fd for
 * priv (whose reference the file takes over), O_CLOEXEC if flags has it.
 * The fd, or -errno (priv is then not taken). Needs the device lock.
 */
int emu_anon_fd_install(const struct emu_anon_ops *ops, void *priv, int flags);

/*
 * fget + a check of file->f_op: priv of fd if it is an open anon fd of
 * this kind. Otherwise NULL and *err: -EBADF for an fd that is not open,
 * -EINVAL for an open fd of another kind (any other file). Needs the
 * device lock; the caller takes its own reference on priv.
 */
void *emu_anon_fd_get(int fd, const struct emu_anon_ops *ops, int *err);

/* put_unused_fd + fput of an fd just installed that the caller could not
 * hand out: the file goes, and the real fd is closed. Needs the device
 * lock. */
void emu_anon_fd_drop(int fd);

/* libc hooks, without the device lock held. */
void emu_anon_fd_close(int fd);
void emu_anon_fd_dup(int oldfd, int newfd);

/*
 * vfs_poll(): false when fd is not an anon fd; else *mask is its file's
 * ready mask. Needs the device lock.
 */
bool emu_anon_fd_poll(int fd, short *mask);

/* The ioctl syscall on an anon fd of its file's ioctl family: true and
 * *ret (0 or -errno); false, and nothing done, for any other fd or
 * request. Without the device lock held. */
bool emu_anon_try_ioctl(int fd, unsigned long request, void *arg, int *ret);

/* read(2)/write(2): true for an anon fd, whose files have neither
 * (vfs_read/vfs_write without FMODE_CAN_READ/WRITE: -EINVAL). */
bool emu_anon_is_fd(int fd);

#endif
