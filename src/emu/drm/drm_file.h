/* SPDX-License-Identifier: MIT */
/*
 * DRM files, the fd table and ioctl dispatch (the DRM core's drm_file,
 * drm_open/drm_release and drm_ioctl()).
 *
 * Every open() of the emulated node makes one struct emu_file; dup, dup2,
 * dup3 and F_DUPFD* make more fds for the same file. The file is released
 * (drm_release -> driver postclose) when its last fd is closed.
 */
#ifndef UQ_EMU_DRM_FILE_H
#define UQ_EMU_DRM_FILE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "emu/lib/idr.h"

struct emu_file {
	unsigned int fd_refs; /* fds + ioctls in flight (struct file f_count) */
	uint64_t client_id; /* drm_file->client_id: device-wide, from 1 */
	struct emu_idr gem_handles; /* -> struct emu_gem_object */
	struct emu_idr syncobjs; /* -> struct emu_syncobj */
	void *driver_priv; /* amdgpu: struct amdgpu_fpriv */
};

/* The DRM core's files and fd table: emu_dev.drm, owned by drm_file.c. */
struct emu_drm_files {
	struct emu_file **fd_table; /* indexed by fd */
	size_t fd_cap;
	atomic_uint nfds; /* emulated fds: a lock-free "none" check */
	struct emu_file **files; /* open files, in open order */
	size_t nfiles, files_cap;
	uint64_t last_client_id;
};

/*
 * A kernel ioctl table entry. cmd is the kernel's request value: its
 * direction bits and size decide the copy (drm_ioctl(): copy in only if
 * both the caller's and this cmd have IOC_IN, copy out only if both have
 * IOC_OUT; the kernel buffer is max(user size, kernel size), zero-filled).
 * name is the ioctl's name without "DRM_IOCTL_", as USERQ_EMU_FAULT uses.
 * fn returns 0 or -errno.
 */
struct emu_file;
typedef int (*emu_ioctl_fn)(struct emu_file *file, void *data);
struct emu_ioctl_desc {
	unsigned long cmd;
	emu_ioctl_fn fn;
	const char *name;
};

/* Called by the libc layer. All return -errno on failure. */
int emu_drm_open(int flags); /* a new fd on a new file */
bool emu_drm_is_fd(int fd);
/* drm_poll(): false when fd is not a DRM fd; else *mask. Needs the device
 * lock. */
bool emu_drm_fd_poll(int fd, short *mask);
/* newfd is already open (a real dup of the backing fd): register it. */
void emu_drm_fd_dup(int oldfd, int newfd);
/* Forget fd (the caller closes the backing fd); release the file if this
 * was its last fd. Called before the real close. */
void emu_drm_fd_close(int fd);
/* The ioctl on fd if it is a DRM fd (*ret: its result or -errno); false,
 * and nothing done, for any other fd. */
bool emu_drm_try_ioctl(int fd, unsigned long request, void *arg, int *ret);
/* mmap of a GEM object at the fake offset returned by GEM_MMAP. */
void *emu_drm_mmap(int fd, void *addr, size_t len, int prot, int flags,
		   off_t offset);

/*
 * The DRM core's own table (drm_ioctls[] in drm_ioctl.c): the
 * entry for a core ioctl number (outside DRM_COMMAND_BASE..END), or NULL
 * if the kernel has none. *render_allow: the kernel marks it
 * DRM_RENDER_ALLOW; without it a render client gets -EACCES
 * (drm_ioctl_permit()). An entry with fn NULL exists in the kernel but is
 * not emulated.
 */
const struct emu_ioctl_desc *emu_drm_core_ioctl(unsigned int nr,
						bool *render_allow);

/* For USERQ_EMU_REPORT: visit every open file. */
void emu_drm_for_each_file(void (*fn)(struct emu_file *file, void *arg),
			   void *arg);

#endif
