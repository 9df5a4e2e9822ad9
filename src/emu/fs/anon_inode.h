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

/* libc hooks, without the device lock held. */
void emu_anon_fd_close(int fd);
void emu_anon_fd_dup(int oldfd, int newfd);

/*
 * vfs_poll(): false when fd is not an anon fd; else *mask is its file's
 * ready mask. Needs the device lock.
 */
bool emu_anon_fd_poll(int fd, short *mask);

#endif
