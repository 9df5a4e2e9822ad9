// SPDX-License-Identifier: MIT
/*
 * Anon-inode fds of the emulator (see anon_inode.h): dma-bufs, syncobj
 * files and sync_files as real eventfds. All state is under the device
 * lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "anon_inode.h"
#include "emu/device.h"
#include "emu/emu.h"

/* struct file: its kind, its object, and the fds naming it (dup). */
struct emu_anon_file {
	const struct emu_anon_ops *ops;
	void *priv;
	unsigned int fd_refs;
};

static struct emu_anon_file *fd_lookup(int fd)
{
	const struct emu_anon_files *af = &emu_dev.anon;

	if (fd < 0 || (size_t)fd >= af->fd_cap)
		return NULL;
	return af->fd_table[fd];
}

static int fd_table_set(int fd, struct emu_anon_file *file)
{
	struct emu_anon_files *af = &emu_dev.anon;

	if ((size_t)fd >= af->fd_cap) {
		size_t cap = af->fd_cap ? af->fd_cap : 64;
		struct emu_anon_file **t;

		while (cap <= (size_t)fd)
			cap *= 2;
		t = realloc(af->fd_table, cap * sizeof(*t));
		if (!t)
			return -ENOMEM;
		memset(t + af->fd_cap, 0, (cap - af->fd_cap) * sizeof(*t));
		af->fd_table = t;
		af->fd_cap = cap;
	}
	if (!af->fd_table[fd] && file)
		__atomic_add_fetch(&af->nfds, 1, __ATOMIC_RELAXED);
	else if (af->fd_table[fd] && !file)
		__atomic_sub_fetch(&af->nfds, 1, __ATOMIC_RELAXED);
	af->fd_table[fd] = file;
	return 0;
}

/* fput: the last fd releases the file and its object. */
static void fd_drop(int fd)
{
	struct emu_anon_file *file = fd_lookup(fd);

	emu_lockdep_assert_held();
	if (!file)
		return;
	fd_table_set(fd, NULL);
	if (EMU_WARN_ON(!file->fd_refs) || --file->fd_refs)
		return;
	emu_dev.anon.nfiles--;
	file->ops->release(file->priv);
	free(file);
}

int emu_anon_fd_install(const struct emu_anon_ops *ops, void *priv, int flags)
{
	struct emu_anon_file *file;
	int fd, ret;

	emu_lockdep_assert_held();
	file = calloc(1, sizeof(*file));
	if (!file)
		return -ENOMEM;
	/* get_unused_fd_flags: only O_CLOEXEC matters to the fd itself */
	fd = eventfd(0, (flags & O_CLOEXEC) ? EFD_CLOEXEC : 0);
	if (fd < 0) {
		ret = -errno;
		free(file);
		return ret;
	}
	/* a stale entry: the fd was closed behind the emulator's back */
	fd_drop(fd);
	file->ops = ops;
	file->priv = priv;
	file->fd_refs = 1;
	ret = fd_table_set(fd, file);
	if (ret) {
		free(file);
		emu_libc_close(fd);
		return ret;
	}
	emu_dev.anon.nfiles++;
	return fd;
}

void *emu_anon_fd_get(int fd, const struct emu_anon_ops *ops, int *err)
{
	struct emu_anon_file *file = fd_lookup(fd);

	emu_lockdep_assert_held();
	if (file && file->ops == ops)
		return file->priv;
	/* fget: is anything open at fd? */
	if (!file && (fd < 0 || syscall(SYS_fcntl, fd, F_GETFD) < 0))
		*err = -EBADF;
	else
		*err = -EINVAL;
	return NULL;
}

void emu_anon_fd_drop(int fd)
{
	emu_lockdep_assert_held();
	fd_drop(fd);
	emu_libc_close(fd);
}

void emu_anon_fd_close(int fd)
{
	if (!__atomic_load_n(&emu_dev.anon.nfds, __ATOMIC_RELAXED))
		return;
	/* a libc call of the emulator itself, under the lock, never closes
	 * an anon fd it handed out (see emu_drm_fd_close) */
	if (emu_lock_held())
		return;
	emu_lock();
	fd_drop(fd);
	emu_unlock();
}

void emu_anon_fd_dup(int oldfd, int newfd)
{
	struct emu_anon_file *file;

	if (oldfd == newfd || newfd < 0 ||
	    !__atomic_load_n(&emu_dev.anon.nfds, __ATOMIC_RELAXED))
		return;
	if (emu_lock_held())
		return;
	emu_lock();
	/* newfd may still name a file that dup2() just closed */
	fd_drop(newfd);
	file = fd_lookup(oldfd);
	if (file && !fd_table_set(newfd, file))
		file->fd_refs++;
	emu_unlock();
}

/* vfs_poll of a file without ->poll */
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

bool emu_anon_fd_poll(int fd, short *mask)
{
	struct emu_anon_file *file = fd_lookup(fd);

	emu_lockdep_assert_held();
	if (!file)
		return false;
	*mask = file->ops->poll ? file->ops->poll(file->priv) :
				  DEFAULT_POLLMASK;
	return true;
}

bool emu_anon_try_ioctl(int fd, unsigned long request, void *arg, int *ret)
{
	struct emu_anon_file *file;
	bool mine = false;

	/* the emulator's own calls, under the lock, are never on anon fds */
	if (!__atomic_load_n(&emu_dev.anon.nfds, __ATOMIC_RELAXED) ||
	    emu_lock_held())
		return false;
	emu_lock();
	file = fd_lookup(fd);
	if (file && file->ops->ioctl &&
	    _IOC_TYPE(request) == file->ops->ioctl_type) {
		mine = true;
		*ret = (int)file->ops->ioctl(file->priv, (unsigned int)request,
					     arg);
	}
	emu_unlock();
	return mine;
}

bool emu_anon_is_fd(int fd)
{
	bool ret;

	if (!__atomic_load_n(&emu_dev.anon.nfds, __ATOMIC_RELAXED) ||
	    emu_lock_held())
		return false;
	emu_lock();
	ret = fd_lookup(fd) != NULL;
	emu_unlock();
	return ret;
}
