// SPDX-License-Identifier: MIT
/*
 * drivers/gpu/drm/drm_prime.c + dma-buf/dma-buf.c (dma_buf_get) for the
 * emulated device's own GEM objects; see drm_prime.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>

#include <drm.h>

#include "drm_file.h"
#include "drm_gem.h"
#include "drm_prime.h"
#include "emu/emu.h"
#include "emu/fs/anon_inode.h"
#include "emu/lib/idr.h"

/* struct dma_buf of an emulated GEM object: holds a reference on it. */
struct emu_dma_buf {
	unsigned int refs; /* the files (fds) naming it */
	struct emu_gem_object *obj;
};

static void dma_buf_release(void *priv);

/*
 * dma_buf_poll answers from the buffer's reservation: readable when no
 * write is pending, writable when nothing is. The emulator keeps no
 * reservation fences for CS submissions, so it cannot tell; rather than
 * call a busy buffer idle, it says POLLERR, once logged.
 */
static short dma_buf_poll(void *priv)
{
	static bool logged;

	(void)priv;
	if (!logged)
		emu_log("poll on a dma-buf is not emulated (no implicit-sync "
			"fences): POLLERR");
	logged = true;
	return POLLERR;
}

/* dma_buf_fops: what dma_buf_get's is_dma_buf_file() looks for. */
static const struct emu_anon_ops dma_buf_ops = {
	.name = "dmabuf",
	.release = dma_buf_release,
	.poll = dma_buf_poll,
};

/* dma_buf_release -> drm_gem_dmabuf_release: the object forgets its
 * dma-buf and drops the export's reference. */
static void dma_buf_release(void *priv)
{
	struct emu_dma_buf *dmabuf = priv;

	if (EMU_WARN_ON(!dmabuf->refs) || --dmabuf->refs)
		return;
	if (dmabuf->obj->dma_buf == dmabuf)
		dmabuf->obj->dma_buf = NULL;
	emu_gem_object_put(dmabuf->obj);
	free(dmabuf);
}

/*
 * drm_prime_handle_to_fd_ioctl -> drm_gem_prime_handle_to_fd: flags other
 * than DRM_CLOEXEC | DRM_RDWR -> -EINVAL; an unknown handle -> -ENOENT
 * (drm_gem_prime_handle_to_dmabuf); an object already exported gives a
 * new fd for the same dma-buf; otherwise the driver's export check runs
 * (amdgpu_gem_prime_export: -EPERM for userptr and per-VM BOs).
 */
int emu_prime_handle_to_fd_ioctl(struct emu_file *file, void *data)
{
	struct drm_prime_handle *args = data;
	struct emu_gem_object *obj;
	struct emu_dma_buf *dmabuf;
	int fd, r;

	if (args->flags & ~(uint32_t)(DRM_CLOEXEC | DRM_RDWR))
		return -EINVAL;
	obj = emu_gem_lookup(file, args->handle);
	if (!obj)
		return -ENOENT;
	dmabuf = obj->dma_buf;
	if (dmabuf) {
		dmabuf->refs++;
	} else {
		r = obj->export ? obj->export(obj) : 0;
		if (r) {
			emu_gem_object_put(obj);
			return r;
		}
		dmabuf = calloc(1, sizeof(*dmabuf));
		if (!dmabuf) {
			emu_gem_object_put(obj);
			return -ENOMEM;
		}
		/* the lookup's reference becomes the dma-buf's */
		dmabuf->obj = obj;
		dmabuf->refs = 1;
		obj->dma_buf = dmabuf;
		obj = NULL;
	}
	if (obj)
		emu_gem_object_put(obj);
	fd = emu_anon_fd_install(&dma_buf_ops, dmabuf, (int)args->flags);
	if (fd < 0) {
		dma_buf_release(dmabuf);
		return fd;
	}
	args->fd = fd;
	return 0;
}

/*
 * drm_prime_fd_to_handle_ioctl -> drm_gem_prime_fd_to_handle: dma_buf_get
 * fails with -EBADF for an fd that is not open and -EINVAL for one that
 * is not a dma-buf; a file that already has a handle for the object gets
 * it back (drm_prime_lookup_buf_handle: the exporter, or an earlier
 * import); otherwise a new handle, whose open hook gives the object a
 * bo_va in this file's VM (amdgpu_gem_object_open). No flags are checked.
 */
int emu_prime_fd_to_handle_ioctl(struct emu_file *file, void *data)
{
	struct drm_prime_handle *args = data;
	struct emu_gem_object *obj, *other;
	struct emu_dma_buf *dmabuf;
	uint32_t id;
	int r;

	dmabuf = emu_anon_fd_get(args->fd, &dma_buf_ops, &r);
	if (!dmabuf)
		return r;
	obj = dmabuf->obj;
	emu_idr_for_each(&file->gem_handles, id, other) {
		if (other == obj) {
			args->handle = id;
			return 0;
		}
	}
	return emu_gem_handle_create(file, obj, &args->handle);
}
