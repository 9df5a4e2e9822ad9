/* SPDX-License-Identifier: MIT */
/*
 * drm_file.c + the dispatch of drm_ioctl.c (drm_ioctl(): argument copying;
 * the table is in drm_ioctl.c): DRM files and the fd table, and mmap of
 * GEM objects (drm_gem_mmap()).
 *
 * An emulated fd is a real /dev/null fd, so its number is real and unique
 * and close/dup behave naturally; this table maps it to the emulated file.
 * All file state is under the device lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "emu/amdgpu/amdgpu.h"
#include "emu/audit.h"
#include "emu/device.h"
#include "drm_file.h"
#include "emu/emu.h"
#include "emu/fault.h"
#include "emu/trace.h"
#include "drm_gem.h"
#include "drm_syncobj.h"
#include "emu/fs/seq_file.h"
#include "emu/fs/vfs.h"

/* drm.h: driver ioctls live in [DRM_COMMAND_BASE, DRM_COMMAND_END). */
#define EMU_DRM_COMMAND_BASE 0x40
#define EMU_DRM_COMMAND_END 0xA0

static struct emu_file *fd_lookup(int fd)
{
	const struct emu_drm_files *df = &emu_dev.drm;

	emu_lockdep_assert_held();
	if (fd < 0 || (size_t)fd >= df->fd_cap)
		return NULL;
	return df->fd_table[fd];
}

static int fd_table_set(int fd, struct emu_file *file)
{
	struct emu_drm_files *df = &emu_dev.drm;

	emu_lockdep_assert_held();
	if ((size_t)fd >= df->fd_cap) {
		size_t cap = df->fd_cap ? df->fd_cap : 64;
		struct emu_file **t;

		while (cap <= (size_t)fd)
			cap *= 2;
		t = realloc(df->fd_table, cap * sizeof(*t));
		if (!t)
			return -ENOMEM;
		memset(t + df->fd_cap, 0, (cap - df->fd_cap) * sizeof(*t));
		df->fd_table = t;
		df->fd_cap = cap;
	}
	if (!df->fd_table[fd] && file)
		atomic_fetch_add(&df->nfds, 1);
	else if (df->fd_table[fd] && !file)
		atomic_fetch_sub(&df->nfds, 1);
	df->fd_table[fd] = file;
	return 0;
}

static int files_add(struct emu_file *file)
{
	struct emu_drm_files *df = &emu_dev.drm;

	emu_lockdep_assert_held();
	if (df->nfiles == df->files_cap) {
		size_t cap = df->files_cap ? df->files_cap * 2 : 16;
		struct emu_file **t = realloc(df->files, cap * sizeof(*t));

		if (!t)
			return -ENOMEM;
		df->files = t;
		df->files_cap = cap;
	}
	df->files[df->nfiles++] = file;
	return 0;
}

static void files_remove(struct emu_file *file)
{
	struct emu_drm_files *df = &emu_dev.drm;

	emu_lockdep_assert_held();
	for (size_t i = 0; i < df->nfiles; i++) {
		if (df->files[i] == file) {
			memmove(&df->files[i], &df->files[i + 1],
				(df->nfiles - i - 1) * sizeof(df->files[0]));
			df->nfiles--;
			return;
		}
	}
}

/* --- /proc/self/fdinfo/<fd> (drm_show_fdinfo()) --- */

static int fdinfo_read(const char *path, void *arg, struct emu_seq_file *m)
{
	int fd = (int)(intptr_t)arg;
	struct emu_file *file;
	uint64_t client_id = 0;
	char proc[64];

	(void)path;
	emu_lock();
	file = fd_lookup(fd);
	if (file)
		client_id = file->client_id;
	emu_unlock();
	if (!file)
		return -ENOENT;

	/* pos/flags/mnt_id/ino: the VFS part, from the backing fd. */
	snprintf(proc, sizeof(proc), "/proc/self/fdinfo/%d", fd);
	/* unreadable: the DRM part alone */
	emu_seq_copy_file(m, proc);
	emu_seq_printf(m,
		       "drm-driver:\tamdgpu\n"
		       "drm-client-id:\t%llu\n"
		       "drm-pdev:\t%s\n",
		       (unsigned long long)client_id, emu_pci.slot_name);
	return 0;
}

static void fdinfo_add(int fd)
{
	static const struct emu_vfs_ops ops = { .read = fdinfo_read };
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	emu_vfs_add_file(path, 0444, &ops, (void *)(intptr_t)fd);
}

static void fdinfo_remove(int fd)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	emu_vfs_remove(path);
}

/* --- open and release --- */

/*
 * drm_file_free(), after amdgpu_drm_release(): the audit sees the file as
 * the process left it, then the driver's userq teardown, the syncobjs,
 * the GEM handles and the driver's postclose, in the kernel's order.
 */
static void file_release(struct emu_file *file)
{
	struct emu_gem_object *obj;
	uint32_t id;

	files_remove(file);
	emu_audit_file_release(file);
	amdgpu_driver_preclose(file);
	emu_syncobj_file_release(file);
	/* drm_gem_release() */
	emu_idr_for_each(&file->gem_handles, id, obj)
		emu_gem_handle_delete(file, id);
	amdgpu_driver_postclose(file);
	emu_idr_fini(&file->gem_handles);
	emu_idr_fini(&file->syncobjs);
	free(file);
	emu_audit_write();
}

int emu_drm_open(int flags)
{
	struct emu_file *file;
	int fd, ret;

	emu_init();
	fd = emu_libc_open("/dev/null", O_RDWR | (flags & O_CLOEXEC), 0);
	if (fd < 0)
		return -errno;
	file = calloc(1, sizeof(*file));
	if (!file) {
		emu_libc_close(fd);
		return -ENOMEM;
	}

	emu_lock();
	/* drm_file_alloc(): client ids count up device-wide, from 1. */
	file->client_id = ++emu_dev.drm.last_client_id;
	file->fd_refs = 1;
	emu_idr_init(&file->gem_handles); /* drm_gem_open() */
	emu_idr_init(&file->syncobjs);
	emu_syncobj_file_init(file); /* drm_syncobj_open() */
	ret = amdgpu_driver_open(file);
	if (!ret)
		ret = files_add(file);
	if (!ret) {
		ret = fd_table_set(fd, file);
		if (ret) {
			files_remove(file);
			amdgpu_driver_postclose(file);
		}
	}
	if (ret) {
		/* drm_file_alloc() error path */
		emu_syncobj_file_release(file);
		emu_idr_fini(&file->gem_handles);
		emu_idr_fini(&file->syncobjs);
		emu_unlock();
		free(file);
		emu_libc_close(fd);
		return ret;
	}
	emu_dbg("open: fd %d, client %llu", fd,
		(unsigned long long)file->client_id);
	emu_unlock();
	fdinfo_add(fd);
	return fd;
}

bool emu_drm_is_fd(int fd)
{
	bool ret, took;

	if (!atomic_load(&emu_dev.drm.nfds))
		return false;
	took = emu_lock_unless_held();
	ret = fd_lookup(fd) != NULL;
	emu_unlock_taken(took);
	return ret;
}

/* drm_poll(): POLLIN | POLLRDNORM with an event queued (vblank, page
 * flip), which a render node never has here; nothing otherwise, not even
 * POLLOUT. */
bool emu_drm_fd_poll(int fd, short *mask)
{
	emu_lockdep_assert_held();
	if (!fd_lookup(fd))
		return false;
	*mask = 0;
	return true;
}

/* fput(): the last reference (fd or ioctl in flight) releases the file. */
static void file_put(struct emu_file *file)
{
	if (!EMU_WARN_ON(!file->fd_refs) && --file->fd_refs == 0)
		file_release(file);
}

/* Forget fd; release its file at the last reference. Needs the lock. */
static void fd_drop(int fd)
{
	struct emu_file *file = fd_lookup(fd);

	emu_lockdep_assert_held();
	if (!file)
		return;
	fd_table_set(fd, NULL);
	file_put(file);
}

void emu_drm_fd_dup(int oldfd, int newfd)
{
	struct emu_file *file;
	bool added = false;

	if (oldfd == newfd || !atomic_load(&emu_dev.drm.nfds))
		return;
	emu_lock();
	file = fd_lookup(oldfd);
	if (file) {
		/* newfd may still name a file that dup2() just closed. */
		fd_drop(newfd);
		if (!fd_table_set(newfd, file)) {
			file->fd_refs++;
			added = true;
		}
	}
	emu_unlock();
	if (added)
		fdinfo_add(newfd);
}

void emu_drm_fd_close(int fd)
{
	bool found;

	if (!atomic_load(&emu_dev.drm.nfds))
		return;
	/*
	 * A libc call made by the emulator itself while it holds the lock
	 * (jansson opening /dev/urandom, a vfs file) must not re-enter the
	 * DRM core: it cannot have closed a DRM fd, and taking the lock again
	 * would deadlock.
	 */
	if (emu_lock_held())
		return;
	emu_lock();
	found = fd_lookup(fd) != NULL;
	fd_drop(fd);
	emu_unlock();
	if (found)
		fdinfo_remove(fd);
}

void emu_drm_for_each_file(void (*fn)(struct emu_file *file, void *arg),
			   void *arg)
{
	emu_lockdep_assert_held();
	for (size_t i = 0; i < emu_dev.drm.nfiles; i++)
		fn(emu_dev.drm.files[i], arg);
}

/* --- ioctl --- */

static const struct emu_ioctl_desc *ioctl_desc(unsigned int nr,
					       bool *render_allow)
{
	if (nr >= EMU_DRM_COMMAND_BASE && nr < EMU_DRM_COMMAND_END) {
		unsigned int index = nr - EMU_DRM_COMMAND_BASE;

		/* Every amdgpu ioctl is DRM_AUTH | DRM_RENDER_ALLOW. */
		*render_allow = true;
		if (index >= amdgpu_num_ioctls || !amdgpu_ioctls[index].cmd)
			return NULL;
		return &amdgpu_ioctls[index];
	}
	return emu_drm_core_ioctl(nr, render_allow);
}

/*
 * drm_ioctl(): look the command up by number, size the kernel buffer as
 * max(user size, kernel size), copy in only what both the caller's and
 * the kernel's request say is input, zero the rest, run the handler, copy
 * out only what both say is output (even when the handler failed).
 */
static int drm_ioctl(struct emu_file *file, unsigned long request, void *arg)
{
	unsigned int nr = _IOC_NR(request);
	unsigned int in_size, out_size, drv_size, ksize;
	const struct emu_ioctl_desc *desc;
	struct emu_fault_count count = { 0 };
	bool render_allow = false, traced = false;
	uint64_t uptr = (uint64_t)(uintptr_t)arg;
	char stack_kdata[128], trace_in[128];
	char *kdata = stack_kdata;
	int ret, fault = 0;

	desc = ioctl_desc(nr, &render_allow);
	if (!desc || (!desc->fn && render_allow)) {
		emu_log("unhandled ioctl 0x%08lx (nr 0x%02x%s%s, size %u): "
			"-EINVAL",
			request, nr, desc ? ", " : "",
			desc && desc->name ? desc->name : "",
			(unsigned int)_IOC_SIZE(request));
		if (emu_trace_enabled()) {
			char name[32];

			snprintf(name, sizeof(name), "nr_0x%02x", nr);
			emu_trace_ioctl(desc && desc->name ? desc->name : name,
					NULL, NULL, NULL, -EINVAL, false);
		}
		return -EINVAL;
	}

	drv_size = _IOC_SIZE(desc->cmd);
	in_size = out_size = _IOC_SIZE(request);
	if (!(request & desc->cmd & IOC_IN))
		in_size = 0;
	if (!(request & desc->cmd & IOC_OUT))
		out_size = 0;
	ksize = in_size > out_size ? in_size : out_size;
	if (drv_size > ksize)
		ksize = drv_size;

	if (ksize > sizeof(stack_kdata)) {
		kdata = malloc(ksize);
		if (!kdata) {
			ret = -ENOMEM;
			goto out;
		}
	}
	ret = emu_copy_from_user(kdata, uptr, in_size);
	if (ret)
		goto out; /* no copy back: err_i1 in drm_ioctl() */
	if (ksize > in_size)
		memset(kdata + in_size, 0, ksize - in_size);
	/* The trace decodes the arguments as the handler got them: in/out
	 * unions are overwritten by the handler. */
	if (emu_trace_enabled() && ksize <= sizeof(trace_in)) {
		memcpy(trace_in, kdata, ksize);
		traced = true;
	}

	/* drm_ioctl_kernel(): drm_ioctl_permit(), then the handler. */
	if (!render_allow)
		ret = -EACCES;
	else
		ret = fault = emu_fault_check(desc->name, &count);
	if (!ret)
		ret = desc->fn(file, kdata);
	if (emu_copy_to_user(uptr, kdata, out_size))
		ret = -EFAULT;
	if (ret == -EINTR || ret == -EAGAIN || ret == -512 /* ERESTARTSYS */)
		emu_dbg("%s returned %d: libdrm will retry", desc->name, ret);
out:
	if (emu_trace_enabled())
		emu_trace_ioctl(desc->name, &count, traced ? trace_in : NULL,
				kdata, ret, fault && ret == fault);
	if (kdata != stack_kdata)
		free(kdata);
	return ret;
}

/*
 * The ioctl syscall for a DRM fd: fdget(), then drm_ioctl(). false when
 * fd is not a DRM file (the caller passes the call on), after one lookup
 * under the device lock, which the ioctl then keeps.
 */
bool emu_drm_try_ioctl(int fd, unsigned long request, void *arg, int *ret)
{
	struct emu_file *file;
	bool took;

	if (!atomic_load(&emu_dev.drm.nfds))
		return false;
	took = emu_lock_unless_held();
	file = fd_lookup(fd);
	if (!file) {
		emu_unlock_taken(took);
		return false;
	}
	/* an ioctl on a DRM fd from inside the emulator would deadlock */
	if (EMU_WARN_ON(!took)) {
		*ret = -EDEADLK;
		return true;
	}
	/*
	 * fdget() in the ioctl syscall: the file stays alive while the
	 * handler runs, even if it sleeps with the lock released (syncobj
	 * and GEM_VA input-fence waits) and another thread closes the last
	 * fd meanwhile; the release then happens here.
	 */
	file->fd_refs++;
	*ret = drm_ioctl(file, request, arg);
	file_put(file);
	emu_unlock();
	return true;
}

/* --- mmap --- */

void *emu_drm_mmap(int fd, void *addr, size_t len, int prot, int flags,
		   off_t offset)
{
	struct emu_gem_object *obj = NULL;
	struct emu_file *file;
	void *p = MAP_FAILED;
	int ret;

	/* The mmap syscall's own checks come before the driver's. */
	if (!len || (offset & 4095)) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	emu_lock();
	file = fd_lookup(fd);
	ret = file ? emu_gem_mmap_lookup(file, (uint64_t)offset, len, &obj) :
		     -EBADF;
	/* ttm_bo_mmap_obj() refuses copy-on-write (private, writable-able)
	 * mappings; UNVERIFIED that amdgpu never lets one through. */
	if (!ret && (flags & MAP_TYPE) == MAP_PRIVATE)
		ret = -EINVAL;
	if (!ret) {
		p = emu_libc_mmap(addr, len, prot, flags, obj->memfd, 0);
		if (p == MAP_FAILED)
			ret = -errno;
	}
	if (obj)
		emu_gem_object_put(obj);
	emu_unlock();
	if (ret) {
		errno = -ret;
		return MAP_FAILED;
	}
	return p;
}
