// SPDX-License-Identifier: MIT
/*
 * Conformance: sharing through fds within one process (emulator-notes
 * §8.1; issue 13 difference 8). PRIME (drm_prime.c): a BO exported as a
 * dma-buf fd and imported into another DRM file is the same BO, with its
 * own handle and bo_va there (rule 31). Syncobjs (drm_syncobj.c): a
 * syncobj file fd names the same syncobj; a sync_file carries one fence.
 * poll(2) over those fds answers as each file's ->poll does. Each rule
 * names the kernel function it follows.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "uapi/drm_syncobj.h"
#include "uapi/sync_file.h"
#include "conformance.h"
#include "cs_helpers.h"

#define PAGE 4096u
#define IOCTL_SYNCOBJ_HANDLE_TO_FD \
	DRM_IOWR(0xC1, struct uapi_drm_syncobj_handle)
#define IOCTL_SYNCOBJ_FD_TO_HANDLE \
	DRM_IOWR(0xC2, struct uapi_drm_syncobj_handle)
#define EXPORT_SYNC_FILE DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE
#define IMPORT_SYNC_FILE DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE
#define TO_FD_TIMELINE DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_TIMELINE
#define TO_HANDLE_TIMELINE DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_TIMELINE
#define VA_A 0x400000ull

static int prime_to_fd(int fd, uint32_t handle, uint32_t flags, int *out)
{
	struct drm_prime_handle args = { .handle = handle, .flags = flags };
	int r = conf_ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &args);

	*out = r ? -1 : args.fd;
	return r;
}

static int prime_to_handle(int fd, int prime_fd, uint32_t *out)
{
	struct drm_prime_handle args = { .fd = prime_fd };
	int r = conf_ioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &args);

	*out = r ? 0 : args.handle;
	return r;
}

static int sobj_to_fd(int fd, uint32_t handle, uint32_t flags, uint64_t point,
		      int *out)
{
	struct uapi_drm_syncobj_handle args = { .handle = handle,
						.flags = flags,
						.point = point };
	int r = conf_ioctl(fd, IOCTL_SYNCOBJ_HANDLE_TO_FD, &args);

	*out = r ? -1 : args.fd;
	return r;
}

static int sobj_from_fd(int fd, int sfd, uint32_t flags, uint64_t point,
			uint32_t *handle)
{
	struct uapi_drm_syncobj_handle args = {
		.handle = *handle, .flags = flags, .fd = sfd, .point = point
	};
	int r = conf_ioctl(fd, IOCTL_SYNCOBJ_FD_TO_HANDLE, &args);

	if (!r)
		*handle = args.handle;
	return r;
}

/* SYNCOBJ_WAIT on one handle that must not block: 0 or -errno. */
static int sobj_ready(int fd, uint32_t handle)
{
	struct drm_syncobj_wait w = {
		.handles = (uintptr_t)&handle,
		.count_handles = 1,
	};

	return conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w);
}

static bool cloexec(int fd)
{
	return fcntl(fd, F_GETFD) & FD_CLOEXEC;
}

static volatile uint32_t *map_bo(int fd, uint32_t handle)
{
	uint64_t off;
	void *p;

	ck_assert_int_eq(conf_gem_mmap(fd, handle, &off), 0);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 (off_t)off);
	ck_assert(p != MAP_FAILED);
	return p;
}

static int gem_va(int fd, uint32_t handle, uint32_t op, uint64_t va)
{
	struct drm_amdgpu_gem_va args = {
		.handle = handle,
		.operation = op,
		.flags = AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE,
		.va_address = va,
		.map_size = PAGE,
	};

	return conf_ioctl(fd, DRM_IOCTL_AMDGPU_GEM_VA, &args);
}

/* --- PRIME --- */

/*
 * drm_gem_prime_handle_to_fd / drm_gem_prime_fd_to_handle with
 * amdgpu_gem_prime_import's own-device path: the importer gets the same
 * object (the memory is shared); the exporter importing back gets its
 * handle (drm_prime_add_buf_handle at export); a second import into the
 * same file gives the same handle; DRM_CLOEXEC reaches the fd.
 */
START_TEST(prime_export_import_same_bo)
{
	int a = conf_open(), b = conf_open(), pfd, pfd2;
	uint32_t ha = conf_bo(a, PAGE), hb, hb2, back;
	volatile uint32_t *ma, *mb;

	ck_assert_int_eq(prime_to_fd(a, ha, 0, &pfd), 0);
	ck_assert(!cloexec(pfd));
	ck_assert_int_eq(prime_to_handle(a, pfd, &back), 0);
	ck_assert_uint_eq(back, ha);
	ck_assert_int_eq(prime_to_handle(b, pfd, &hb), 0);
	ck_assert_int_eq(prime_to_handle(b, pfd, &hb2), 0);
	ck_assert_uint_eq(hb2, hb);

	ma = map_bo(a, ha);
	mb = map_bo(b, hb);
	ma[7] = 0x5ca1ab1e;
	ck_assert_uint_eq(mb[7], 0x5ca1ab1e);

	/* a second export, close-on-exec, names the same BO */
	ck_assert_int_eq(prime_to_fd(a, ha, DRM_CLOEXEC | DRM_RDWR, &pfd2), 0);
	ck_assert(cloexec(pfd2));
	ck_assert_int_eq(prime_to_handle(b, pfd2, &hb2), 0);
	ck_assert_uint_eq(hb2, hb);

	munmap((void *)ma, PAGE);
	munmap((void *)mb, PAGE);
	close(pfd);
	close(pfd2);
	close(a);
	close(b);
}
END_TEST

/*
 * drm_prime_handle_to_fd_ioctl: flags beyond DRM_CLOEXEC | DRM_RDWR
 * -EINVAL; drm_gem_prime_handle_to_dmabuf: unknown handle -ENOENT;
 * amdgpu_gem_prime_export: a per-VM BO -EPERM. dma_buf_get: an fd that is
 * not open -EBADF, an open fd that is not a dma-buf -EINVAL.
 */
START_TEST(prime_errno_rules)
{
	int fd = conf_open(), pfd, efd, sfd, closed;
	uint32_t h = conf_bo(fd, PAGE), pervm, out;

	ck_assert_int_eq(prime_to_fd(fd, h, 0x4, &pfd), -EINVAL);
	ck_assert_int_eq(prime_to_fd(fd, h, O_NONBLOCK, &pfd), -EINVAL);
	ck_assert_int_eq(prime_to_fd(fd, 777, 0, &pfd), -ENOENT);
	ck_assert_int_eq(prime_to_fd(fd, 0, 0, &pfd), -ENOENT);
	ck_assert_int_eq(conf_gem_create(fd, PAGE, AMDGPU_GEM_DOMAIN_GTT,
					 AMDGPU_GEM_CREATE_VM_ALWAYS_VALID,
					 &pervm),
			 0);
	ck_assert_int_eq(prime_to_fd(fd, pervm, 0, &pfd), -EPERM);

	ck_assert_int_eq(prime_to_handle(fd, -1, &out), -EBADF);
	closed = eventfd(0, 0);
	ck_assert_int_ge(closed, 0);
	close(closed);
	ck_assert_int_eq(prime_to_handle(fd, closed, &out), -EBADF);
	efd = eventfd(0, 0);
	ck_assert_int_eq(prime_to_handle(fd, efd, &out), -EINVAL);
	ck_assert_int_eq(prime_to_handle(fd, fd, &out), -EINVAL);
	ck_assert_int_eq(sobj_to_fd(fd, conf_syncobj(fd, 0), 0, 0, &sfd), 0);
	ck_assert_int_eq(prime_to_handle(fd, sfd, &out), -EINVAL);
	close(efd);
	close(sfd);
	close(fd);
}
END_TEST

/*
 * The dma-buf holds the BO: it outlives the exporter's handle and file,
 * a dup()ed fd names the same dma-buf, and close() of the last fd
 * releases it (an fd no longer open is -EBADF).
 */
START_TEST(prime_fd_lifetime)
{
	int a = conf_open(), b = conf_open(), pfd, dfd;
	uint32_t ha = conf_bo(a, PAGE), hb, gone;
	volatile uint32_t *ma, *mb;

	ma = map_bo(a, ha);
	ma[3] = 0xfeedf00d;
	munmap((void *)ma, PAGE);
	ck_assert_int_eq(prime_to_fd(a, ha, 0, &pfd), 0);
	ck_assert_int_eq(conf_gem_close(a, ha), 0);
	close(a);
	dfd = dup(pfd);
	ck_assert_int_ge(dfd, 0);
	close(pfd);
	ck_assert_int_eq(prime_to_handle(b, pfd, &gone), -EBADF);
	ck_assert_int_eq(prime_to_handle(b, dfd, &hb), 0);
	mb = map_bo(b, hb);
	ck_assert_uint_eq(mb[3], 0xfeedf00d);
	munmap((void *)mb, PAGE);
	close(dfd);
	ck_assert_int_eq(prime_to_handle(b, dfd, &gone), -EBADF);
	ck_assert_int_eq(conf_gem_close(b, hb), 0);
	close(b);
}
END_TEST

/*
 * Rule 31 (GEM_VA: a resolved BO without a bo_va in this VM -> -ENOENT)
 * is not reached by a PRIME import either: drm_gem_handle_create_tail
 * runs amdgpu_gem_object_open for the imported handle, which adds the
 * BO's bo_va to the importer's VM. Only a failed bo_va allocation there
 * (amdgpu_vm_bo_add, unchecked) leaves a handle without one. What the
 * import shows instead: the importer's bo_va is its own, empty of the
 * exporter's mappings (UNMAP there: -ENOENT, rule 35), and mapping the BO
 * in the importer's VM works.
 */
START_TEST(rule31_import_has_its_own_bo_va)
{
	int a = conf_open(), b = conf_open(), pfd;
	uint32_t ha = conf_bo(a, PAGE), hb;

	ck_assert_int_eq(gem_va(a, ha, AMDGPU_VA_OP_MAP, VA_A), 0);
	ck_assert_int_eq(prime_to_fd(a, ha, 0, &pfd), 0);
	ck_assert_int_eq(prime_to_handle(b, pfd, &hb), 0);
	ck_assert_int_eq(gem_va(b, hb, AMDGPU_VA_OP_UNMAP, VA_A), -ENOENT);
	ck_assert_int_eq(gem_va(b, hb, AMDGPU_VA_OP_MAP, VA_A), 0);
	ck_assert_int_eq(gem_va(b, hb, AMDGPU_VA_OP_UNMAP, VA_A), 0);
	ck_assert_int_eq(gem_va(a, ha, AMDGPU_VA_OP_UNMAP, VA_A), 0);
	close(pfd);
	close(a);
	close(b);
}
END_TEST

/* --- syncobj files and sync_files --- */

/*
 * drm_syncobj_handle_to_fd: an O_CLOEXEC fd naming the syncobj;
 * drm_syncobj_fd_to_handle: a new handle to the same syncobj in any file,
 * a new one even in the exporting file.
 */
START_TEST(syncobj_fd_names_the_syncobj)
{
	int a = conf_open(), b = conf_open(), sfd;
	uint32_t s = conf_syncobj(a, DRM_SYNCOBJ_CREATE_SIGNALED), hb = 0,
		 ha2 = 0;
	struct drm_syncobj_array reset = { .handles = (uintptr_t)&hb,
					   .count_handles = 1 };

	ck_assert_int_eq(sobj_to_fd(a, s, 0, 0, &sfd), 0);
	ck_assert(cloexec(sfd));
	ck_assert_int_eq(sobj_from_fd(b, sfd, 0, 0, &hb), 0);
	ck_assert_int_eq(sobj_ready(b, hb), 0);
	ck_assert_int_eq(sobj_from_fd(a, sfd, 0, 0, &ha2), 0);
	ck_assert_uint_ne(ha2, s);
	/* a reset through b's handle is seen through a's */
	ck_assert_int_eq(conf_ioctl(b, DRM_IOCTL_SYNCOBJ_RESET, &reset), 0);
	ck_assert_int_eq(sobj_ready(a, s), -EINVAL);
	close(sfd);
	ck_assert_int_eq(sobj_from_fd(b, sfd, 0, 0, &hb), -EINVAL);
	close(a);
	close(b);
}
END_TEST

/*
 * drm_syncobj_handle_to_fd_ioctl / drm_syncobj_fd_to_handle_ioctl: pad
 * -EINVAL; unknown flags -EINVAL; a point without the sync_file flag
 * -EINVAL; HANDLE_TO_FD of an unknown handle -EINVAL
 * (drm_syncobj_handle_to_fd), EXPORT_SYNC_FILE of one -ENOENT and of a
 * syncobj without a fence -EINVAL (drm_syncobj_find_fence);
 * FD_TO_HANDLE of an fd that is not open or not a syncobj file -EINVAL
 * (no -EBADF here); IMPORT_SYNC_FILE checks the fd (sync_file_get_fence,
 * -EINVAL) before the handle (-ENOENT).
 */
START_TEST(syncobj_fd_errno_rules)
{
	int fd = conf_open(), sfd, syncfd, efd;
	uint32_t s = conf_syncobj(fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	uint32_t empty = conf_syncobj(fd, 0), h;
	struct uapi_drm_syncobj_handle args = { .handle = s, .pad = 1 };

	ck_assert_int_eq(conf_ioctl(fd, IOCTL_SYNCOBJ_HANDLE_TO_FD, &args),
			 -EINVAL);
	ck_assert_int_eq(sobj_to_fd(fd, s, 1u << 2, 0, &sfd), -EINVAL);
	ck_assert_int_eq(sobj_to_fd(fd, s, 0, 1, &sfd), -EINVAL);
	ck_assert_int_eq(sobj_to_fd(fd, s, TO_FD_TIMELINE, 1, &sfd), -EINVAL);
	ck_assert_int_eq(sobj_to_fd(fd, 777, 0, 0, &sfd), -EINVAL);
	ck_assert_int_eq(sobj_to_fd(fd, 777, EXPORT_SYNC_FILE, 0, &sfd),
			 -ENOENT);
	ck_assert_int_eq(sobj_to_fd(fd, empty, EXPORT_SYNC_FILE, 0, &sfd),
			 -EINVAL);

	ck_assert_int_eq(sobj_to_fd(fd, s, 0, 0, &sfd), 0);
	ck_assert_int_eq(sobj_to_fd(fd, s, EXPORT_SYNC_FILE, 0, &syncfd), 0);
	ck_assert(cloexec(syncfd));
	efd = eventfd(0, 0);
	args = (struct uapi_drm_syncobj_handle){ .fd = sfd, .pad = 1 };
	ck_assert_int_eq(conf_ioctl(fd, IOCTL_SYNCOBJ_FD_TO_HANDLE, &args),
			 -EINVAL);
	h = 0;
	ck_assert_int_eq(sobj_from_fd(fd, sfd, 1u << 2, 0, &h), -EINVAL);
	ck_assert_int_eq(sobj_from_fd(fd, sfd, 0, 1, &h), -EINVAL);
	ck_assert_int_eq(sobj_from_fd(fd, -1, 0, 0, &h), -EINVAL);
	ck_assert_int_eq(sobj_from_fd(fd, efd, 0, 0, &h), -EINVAL);
	ck_assert_int_eq(sobj_from_fd(fd, fd, 0, 0, &h), -EINVAL);
	ck_assert_int_eq(sobj_from_fd(fd, syncfd, 0, 0, &h), -EINVAL);
	h = empty;
	ck_assert_int_eq(sobj_from_fd(fd, sfd, IMPORT_SYNC_FILE, 0, &h),
			 -EINVAL);
	ck_assert_int_eq(sobj_from_fd(fd, -1, IMPORT_SYNC_FILE, 0, &h),
			 -EINVAL);
	h = 777;
	ck_assert_int_eq(sobj_from_fd(fd, efd, IMPORT_SYNC_FILE, 0, &h),
			 -EINVAL);
	ck_assert_int_eq(sobj_from_fd(fd, syncfd, IMPORT_SYNC_FILE, 0, &h),
			 -ENOENT);
	close(efd);
	close(sfd);
	close(syncfd);
	close(fd);
}
END_TEST

/*
 * drm_syncobj_export_sync_file / drm_syncobj_import_sync_file_fence: the
 * fence goes through the sync_file into another file's syncobj,
 * replacing its fence, or as a timeline point with the TIMELINE flag.
 */
START_TEST(sync_file_carries_the_fence)
{
	int a = conf_open(), b = conf_open(), syncfd, tfd;
	uint32_t s = conf_syncobj(a, DRM_SYNCOBJ_CREATE_SIGNALED);
	uint32_t tl = conf_syncobj(a, 0), dst = conf_syncobj(b, 0), h;
	uint32_t tdst = conf_syncobj(b, 0);
	uint64_t point = 5;
	struct drm_syncobj_timeline_array sig = { .handles = (uintptr_t)&tl,
						  .points = (uintptr_t)&point,
						  .count_handles = 1 };

	ck_assert_int_eq(sobj_ready(b, dst), -EINVAL);
	ck_assert_int_eq(sobj_to_fd(a, s, EXPORT_SYNC_FILE, 0, &syncfd), 0);
	h = dst;
	ck_assert_int_eq(sobj_from_fd(b, syncfd, IMPORT_SYNC_FILE, 0, &h), 0);
	ck_assert_int_eq(sobj_ready(b, dst), 0);

	ck_assert_int_eq(conf_ioctl(a, DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, &sig),
			 0);
	ck_assert_int_eq(sobj_to_fd(a, tl, EXPORT_SYNC_FILE | TO_FD_TIMELINE, 9,
				    &tfd),
			 -EINVAL);
	ck_assert_int_eq(sobj_to_fd(a, tl, EXPORT_SYNC_FILE | TO_FD_TIMELINE, 5,
				    &tfd),
			 0);
	h = tdst;
	ck_assert_int_eq(sobj_from_fd(b, tfd,
				      IMPORT_SYNC_FILE | TO_HANDLE_TIMELINE, 2,
				      &h),
			 0);
	ck_assert_int_eq(conf_timeline_wait(b, tdst, 2, 0, 0), 0);
	close(syncfd);
	close(tfd);
	close(a);
	close(b);
}
END_TEST

/* --- poll (fs/select.c over the emulated files' ->poll) --- */

#define GFX AMDGPU_HW_IP_GFX
#define FLAG_OFF 0x100
#define MARK_OFF 0x104

int __poll_chk(struct pollfd *fds, nfds_t n, int timeout, size_t fdslen);

/* A GFX job that spins until the data dword at FLAG_OFF is 1, its fence
 * in a new binary syncobj exported as a sync_file (*syncfd). */
static uint64_t spin_to_sync_file(struct cs_rig *rig, int *syncfd)
{
	uint32_t dw[16], bos[2] = { rig->ib.handle, rig->data.handle };
	uint32_t out = conf_syncobj(rig->fd, 0), marker = 0x5a;
	struct cs_req req;
	uint64_t seq;
	size_t n;

	n = pm4_wait_reg_mem(dw, FUNC_EQ, 1, cs_rig_va(rig, FLAG_OFF), 1, ~0u);
	n += pm4_write_data(dw + n, 5, false, cs_rig_va(rig, MARK_OFF), &marker,
			    1);
	cs_req_init(&req, rig->ctx);
	cs_req_ib(&req, GFX, 0, cs_rig_ib(rig, dw, n), (uint32_t)(4 * n), 0);
	cs_req_bos(&req, bos, 2);
	cs_req_chunk(&req, AMDGPU_CHUNK_ID_SYNCOBJ_OUT, &out, 1);
	ck_assert_int_eq(cs_req_submit(rig->fd, &req, &seq), 0);
	ck_assert_int_eq(sobj_to_fd(rig->fd, out, EXPORT_SYNC_FILE, 0, syncfd),
			 0);
	return seq;
}

/*
 * sync_file_poll: POLLIN once the fence has signalled, nothing before
 * and never POLLOUT. A poll that waits wakes when the job ends (the CPU
 * releases the spinner after the first look), through the fortified
 * entry too.
 */
START_TEST(poll_sync_file_follows_its_fence)
{
	struct cs_rig rig;
	struct pollfd p;
	int syncfd;

	cs_rig_init(&rig);
	spin_to_sync_file(&rig, &syncfd);
	p = (struct pollfd){ .fd = syncfd, .events = POLLIN | POLLOUT };
	ck_assert_int_eq(poll(&p, 1, 0), 0);
	ck_assert_int_eq(p.revents, 0);
	/* not ready after a wait either: the job is truly blocked */
	ck_assert_int_eq(poll(&p, 1, 20), 0);

	*cs_rig_cpu(&rig, FLAG_OFF) = 1;
	p.revents = -1;
	ck_assert_int_eq(poll(&p, 1, (int)(CS_LONG_NS / 1000000)), 1);
	ck_assert_int_eq(p.revents, POLLIN);
	ck_assert_uint_eq(*cs_rig_cpu(&rig, MARK_OFF), 0x5a);
	p.revents = 0;
	ck_assert_int_eq(__poll_chk(&p, 1, 0, sizeof(p)), 1);
	ck_assert_int_eq(p.revents, POLLIN);
	close(syncfd);
	cs_rig_fini(&rig);
}
END_TEST

/*
 * A set of emulated and real fds: each answers as its file would on the
 * kernel. drm_poll: nothing without an event queued; a syncobj
 * file has no ->poll (DEFAULT_POLLMASK); a pending sync_file nothing; a
 * pipe with data POLLIN, polled for real; a negative fd is skipped;
 * POLLNVAL for a closed fd. ppoll gives the same.
 */
START_TEST(poll_mixed_set_answers_per_file)
{
	struct cs_rig rig;
	struct pollfd p[6];
	int syncfd, sobjfd, pipefd[2];
	struct timespec zero = { 0, 0 };

	cs_rig_init(&rig);
	spin_to_sync_file(&rig, &syncfd);
	ck_assert_int_eq(
		sobj_to_fd(rig.fd, conf_syncobj(rig.fd, 0), 0, 0, &sobjfd), 0);
	ck_assert_int_eq(pipe(pipefd), 0);
	ck_assert_int_eq(write(pipefd[1], "x", 1), 1);
	p[0] = (struct pollfd){ .fd = rig.fd, .events = POLLIN | POLLOUT };
	p[1] = (struct pollfd){ .fd = sobjfd, .events = POLLIN | POLLOUT };
	p[2] = (struct pollfd){ .fd = syncfd, .events = POLLIN | POLLOUT };
	p[3] = (struct pollfd){ .fd = pipefd[0], .events = POLLIN };
	p[4] = (struct pollfd){ .fd = -1, .events = POLLIN };
	p[5] = (struct pollfd){ .fd = dup(pipefd[1]), .events = POLLIN };
	close(p[5].fd);
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < 6; i++)
			p[i].revents = -1;
		if (pass)
			ck_assert_int_eq(ppoll(p, 6, &zero, NULL), 3);
		else
			ck_assert_int_eq(poll(p, 6, 0), 3);
		ck_assert_int_eq(p[0].revents, 0);
		ck_assert_int_eq(p[1].revents, POLLIN | POLLOUT);
		ck_assert_int_eq(p[2].revents, 0);
		ck_assert_int_eq(p[3].revents, POLLIN);
		ck_assert_int_eq(p[4].revents, 0);
		ck_assert_int_eq(p[5].revents, POLLNVAL);
	}
	*cs_rig_cpu(&rig, FLAG_OFF) = 1;
	close(pipefd[0]);
	close(pipefd[1]);
	close(sobjfd);
	close(syncfd);
	cs_rig_fini(&rig);
}
END_TEST

/*
 * do_sys_poll copies the set in first: a bad array is -EFAULT even when
 * it would name an emulated fd. A dma-buf, whose reservation the
 * emulator does not keep, answers POLLERR (reported unasked) rather than
 * idle.
 */
START_TEST(poll_efault_and_dma_buf)
{
	int fd = conf_open(), dmabuf;
	uint32_t bo = conf_bo(fd, PAGE);
	struct pollfd p, *none;

	/* an unreadable page, which sanitizers' poll interceptors let by */
	none = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert(none != MAP_FAILED);
	errno = 0;
	ck_assert_int_eq(poll(none, 1, 0), -1);
	ck_assert_int_eq(errno, EFAULT);
	munmap(none, PAGE);
	ck_assert_int_eq(prime_to_fd(fd, bo, DRM_CLOEXEC, &dmabuf), 0);
	p = (struct pollfd){ .fd = dmabuf, .events = 0 };
	ck_assert_int_eq(poll(&p, 1, 0), 1);
	ck_assert_int_eq(p.revents, POLLERR);
	close(dmabuf);
	close(fd);
}
END_TEST

/*
 * sync_file_ioctl_merge: flags or pad -EINVAL, an fd2 that is not a
 * sync_file -ENOENT; the merged file signals when both fences have
 * (dma_fence_unwrap_merge). SET_DEADLINE: pad -EINVAL. Other requests
 * of the family -ENOTTY, and FIONBIO still works on the fd.
 */
START_TEST(sync_file_merge_and_deadline)
{
	struct uapi_sync_merge_data m;
	struct uapi_sync_set_deadline dl = { .deadline_ns = 1 };
	struct cs_rig rig;
	struct pollfd p;
	int pending, done, efd, on = 1;
	uint32_t s;

	cs_rig_init(&rig);
	spin_to_sync_file(&rig, &pending);
	s = conf_syncobj(rig.fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	ck_assert_int_eq(sobj_to_fd(rig.fd, s, EXPORT_SYNC_FILE, 0, &done), 0);
	efd = eventfd(0, EFD_CLOEXEC);

	m = (struct uapi_sync_merge_data){ .fd2 = done, .flags = 1 };
	ck_assert_int_eq(ioctl(pending, UAPI_SYNC_IOC_MERGE, &m), -1);
	ck_assert_int_eq(errno, EINVAL);
	m = (struct uapi_sync_merge_data){ .fd2 = efd };
	ck_assert_int_eq(ioctl(pending, UAPI_SYNC_IOC_MERGE, &m), -1);
	ck_assert_int_eq(errno, ENOENT);
	m = (struct uapi_sync_merge_data){ .name = "both", .fd2 = done };
	ck_assert_int_eq(ioctl(pending, UAPI_SYNC_IOC_MERGE, &m), 0);
	ck_assert_int_gt(m.fence, 2);
	ck_assert(cloexec(m.fence));
	p = (struct pollfd){ .fd = m.fence, .events = POLLIN };
	ck_assert_int_eq(poll(&p, 1, 0), 0);

	dl.pad = 1;
	ck_assert_int_eq(ioctl(done, UAPI_SYNC_IOC_SET_DEADLINE, &dl), -1);
	ck_assert_int_eq(errno, EINVAL);
	dl.pad = 0;
	ck_assert_int_eq(ioctl(done, UAPI_SYNC_IOC_SET_DEADLINE, &dl), 0);
	ck_assert_int_eq(ioctl(done, _IO(UAPI_SYNC_IOC_MAGIC, 9)), -1);
	ck_assert_int_eq(errno, ENOTTY);
	ck_assert_int_eq(ioctl(done, FIONBIO, &on), 0);

	*cs_rig_cpu(&rig, FLAG_OFF) = 1;
	ck_assert_int_eq(poll(&p, 1, (int)(CS_LONG_NS / 1000000)), 1);
	ck_assert_int_eq(p.revents, POLLIN);
	close(m.fence);
	close(efd);
	close(done);
	close(pending);
	cs_rig_fini(&rig);
}
END_TEST

/* vfs_read/vfs_write: the anon files have neither (-EINVAL), where the
 * stand-in eventfd would block in read and take an 8-byte write. */
START_TEST(anon_fds_have_no_read_or_write)
{
	int fd = conf_open(), sobjfd, syncfd, dmabuf;
	uint32_t s = conf_syncobj(fd, DRM_SYNCOBJ_CREATE_SIGNALED);
	uint64_t v = 1;
	int fds[3];

	ck_assert_int_eq(sobj_to_fd(fd, s, 0, 0, &sobjfd), 0);
	ck_assert_int_eq(sobj_to_fd(fd, s, EXPORT_SYNC_FILE, 0, &syncfd), 0);
	ck_assert_int_eq(prime_to_fd(fd, conf_bo(fd, PAGE), 0, &dmabuf), 0);
	fds[0] = sobjfd;
	fds[1] = syncfd;
	fds[2] = dmabuf;
	for (int i = 0; i < 3; i++) {
		errno = 0;
		ck_assert_int_eq(read(fds[i], &v, sizeof(v)), -1);
		ck_assert_int_eq(errno, EINVAL);
		errno = 0;
		ck_assert_int_eq(write(fds[i], &v, sizeof(v)), -1);
		ck_assert_int_eq(errno, EINVAL);
		close(fds[i]);
	}
	close(fd);
}
END_TEST

Suite *suite_prime(void)
{
	Suite *s = suite_create("prime");
	TCase *tc = tcase_create("fds");

	conf_add_test(tc, prime_export_import_same_bo);
	conf_add_test(tc, prime_errno_rules);
	conf_add_test(tc, prime_fd_lifetime);
	conf_add_test(tc, rule31_import_has_its_own_bo_va);
	conf_add_test(tc, syncobj_fd_names_the_syncobj);
	conf_add_test(tc, syncobj_fd_errno_rules);
	conf_add_test(tc, sync_file_carries_the_fence);
	suite_add_tcase(s, tc);

	tc = tcase_create("poll");
	conf_add_test(tc, poll_sync_file_follows_its_fence);
	conf_add_test(tc, poll_mixed_set_answers_per_file);
	conf_add_test(tc, poll_efault_and_dma_buf);
	suite_add_tcase(s, tc);

	tc = tcase_create("sync_file");
	conf_add_test(tc, sync_file_merge_and_deadline);
	conf_add_test(tc, anon_fds_have_no_read_or_write);
	suite_add_tcase(s, tc);
	return s;
}
