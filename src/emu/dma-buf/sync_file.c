// SPDX-License-Identifier: MIT
/*
 * sync_file: the file_operations of an fd holding one fence (see
 * sync_file.h). The rules follow drivers/dma-buf/sync_file.c as in the
 * drm-kmod trees of 6.16 to 7.0: poll, and the ioctls SYNC_IOC_MERGE and
 * SYNC_IOC_SET_DEADLINE. SYNC_IOC_FILE_INFO names each fence by driver
 * and timeline, which the emulator's fences do not carry: it is logged
 * and refused with ENOTTY rather than answered with made-up names.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "dma-fence.h"
#include "emu/emu.h"
#include "emu/fs/anon_inode.h"
#include "emu/uaccess.h"
#include "sync_file.h"
#include "uapi/sync_file.h"

static void sync_file_release(void *priv)
{
	emu_fence_put(priv);
}

/* sync_file_poll: readable once the fence has signalled (with an error
 * too), never writable */
static short sync_file_poll(void *priv)
{
	return emu_fence_is_signaled(priv) ? POLLIN : 0;
}

static long sync_file_ioctl(void *priv, unsigned int cmd, void *uarg);

/* sync_file_fops */
static const struct emu_anon_ops sync_file_ops = {
	.name = "sync_file",
	.release = sync_file_release,
	.poll = sync_file_poll,
	.ioctl_type = UAPI_SYNC_IOC_MAGIC,
	.ioctl = sync_file_ioctl,
};

int emu_sync_file_install(struct emu_fence *fence)
{
	return emu_anon_fd_install(&sync_file_ops, fence, O_CLOEXEC);
}

struct emu_fence *emu_sync_file_fence(int fd)
{
	int err;

	return emu_anon_fd_get(fd, &sync_file_ops, &err);
}

/*
 * sync_file_ioctl_merge: flags or pad -> -EINVAL, fd2 not a sync_file ->
 * -ENOENT, then a new sync_file with dma_fence_unwrap_merge() of both
 * fences, its fd written back (-EFAULT: the new file is dropped). The
 * kernel reserves the fd first, so a full fd table (-EMFILE) comes before
 * everything; here it comes at the install. The name is not kept: only
 * FILE_INFO would show it.
 */
static long sync_file_merge(struct emu_fence *fence, void *uarg)
{
	struct uapi_sync_merge_data data;
	struct emu_fence *pair[2], *merged;
	int fd;

	if (emu_uaccess_copy(false, &data, (uintptr_t)uarg, sizeof(data)))
		return -EFAULT;
	if (data.flags || data.pad)
		return -EINVAL;
	pair[0] = fence;
	pair[1] = emu_sync_file_fence(data.fd2);
	if (!pair[1])
		return -ENOENT;
	merged = emu_fence_unwrap_merge(pair, 2);
	if (!merged)
		return -ENOMEM;
	fd = emu_sync_file_install(merged);
	if (fd < 0) {
		emu_fence_put(merged);
		return fd;
	}
	data.fence = fd;
	if (emu_uaccess_copy(true, &data, (uintptr_t)uarg, sizeof(data))) {
		/* never handed out: put_unused_fd, fput */
		emu_anon_fd_drop(fd);
		return -EFAULT;
	}
	return 0;
}

/* sync_file_ioctl_set_deadline: pad -> -EINVAL; the deadline is a hint
 * (dma_fence_set_deadline) the emulated fences do not use. */
static long sync_file_set_deadline(void *uarg)
{
	struct uapi_sync_set_deadline ts;

	if (emu_uaccess_copy(false, &ts, (uintptr_t)uarg, sizeof(ts)))
		return -EFAULT;
	return ts.pad ? -EINVAL : 0;
}

/* sync_file_ioctl: any other request of the family -> -ENOTTY */
static long sync_file_ioctl(void *priv, unsigned int cmd, void *uarg)
{
	static bool logged;

	switch (cmd) {
	case UAPI_SYNC_IOC_MERGE:
		return sync_file_merge(priv, uarg);
	case UAPI_SYNC_IOC_SET_DEADLINE:
		return sync_file_set_deadline(uarg);
	case UAPI_SYNC_IOC_FILE_INFO:
		if (!logged)
			emu_log("SYNC_IOC_FILE_INFO is not emulated (fences "
				"have no timeline names): ENOTTY");
		logged = true;
		return -ENOTTY;
	default:
		return -ENOTTY;
	}
}
