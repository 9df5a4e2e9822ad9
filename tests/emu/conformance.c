/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include <drm.h>
#include <amdgpu_drm.h>

#include "conformance.h"

int conf_open(void)
{
	int fd = open("/dev/dri/renderD128", O_RDWR | O_CLOEXEC);

	ck_assert_msg(fd >= 0, "open of the emulated render node: errno %d",
		      errno);
	return fd;
}

int conf_ioctl(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg) == 0 ? 0 : -errno;
}

const char *conf_profile(void)
{
	const char *p = getenv("USERQ_EMU_PROFILE");

	return p && *p ? p : "6.18";
}

const struct emu_profile *conf_flags(void)
{
	const struct emu_profile *p = emu_profile_find(conf_profile());

	ck_assert_msg(p != NULL, "unknown profile %s", conf_profile());
	return p;
}

int64_t conf_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int conf_gem_create(int fd, uint64_t size, uint64_t domains, uint64_t flags,
		    uint32_t *handle)
{
	union drm_amdgpu_gem_create args;
	int r;

	memset(&args, 0, sizeof(args));
	args.in.bo_size = size;
	args.in.alignment = 4096;
	args.in.domains = domains;
	args.in.domain_flags = flags;
	r = conf_ioctl(fd, DRM_IOCTL_AMDGPU_GEM_CREATE, &args);
	if (!r) {
		ck_assert_uint_ne(args.out.handle, 0);
		ck_assert_uint_eq(args.out._pad, 0);
	}
	if (handle)
		*handle = r ? 0 : args.out.handle;
	return r;
}

uint32_t conf_bo(int fd, uint64_t size)
{
	uint32_t h;

	ck_assert_int_eq(
		conf_gem_create(fd, size, AMDGPU_GEM_DOMAIN_GTT, 0, &h), 0);
	return h;
}

int conf_gem_mmap(int fd, uint32_t handle, uint64_t *offset)
{
	union drm_amdgpu_gem_mmap args;
	int r;

	memset(&args, 0, sizeof(args));
	args.in.handle = handle;
	r = conf_ioctl(fd, DRM_IOCTL_AMDGPU_GEM_MMAP, &args);
	*offset = args.out.addr_ptr;
	return r;
}

int conf_gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close args = { .handle = handle };

	return conf_ioctl(fd, DRM_IOCTL_GEM_CLOSE, &args);
}

uint32_t conf_syncobj(int fd, uint32_t flags)
{
	struct drm_syncobj_create args = { .flags = flags };

	ck_assert_int_eq(conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_CREATE, &args), 0);
	ck_assert_uint_ne(args.handle, 0);
	return args.handle;
}

int conf_timeline_wait(int fd, uint32_t handle, uint64_t point, uint32_t flags,
		       int64_t deadline)
{
	struct drm_syncobj_timeline_wait args = {
		.handles = (uintptr_t)&handle,
		.points = (uintptr_t)&point,
		.timeout_nsec = deadline,
		.count_handles = 1,
		.flags = flags,
	};

	return conf_ioctl(fd, DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, &args);
}

#define RERUN_FD_ENV "UQ_CONF_RERUN_FD"

bool conf_in_rerun(void)
{
	return getenv(RERUN_FD_ENV) != NULL;
}

void conf_rerun_ok(void)
{
	const char *fd = getenv(RERUN_FD_ENV);

	if (fd)
		ck_assert_int_eq(write(atoi(fd), "ok", 2), 2);
}

int conf_rerun(const char *suite, const char *tcase, const char *const *env,
	       bool *passed)
{
	char fdbuf[16], buf[8] = "";
	int pipefd[2], status, nul;
	pid_t pid;

	ck_assert_int_eq(pipe(pipefd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(pipefd[0]);
		snprintf(fdbuf, sizeof(fdbuf), "%d", pipefd[1]);
		setenv(RERUN_FD_ENV, fdbuf, 1);
		setenv("CK_RUN_SUITE", suite, 1);
		setenv("CK_RUN_CASE", tcase, 1);
		setenv("CK_FORK", "no", 1);
		/* the case is chosen above, not by the parent's selection */
		unsetenv("UQ_CONF_ONLY");
		for (; env && *env; env++)
			putenv((char *)*env);
		/* the child's TAP must not land in the parent's TAP stream */
		nul = open("/dev/null", O_WRONLY);
		dup2(nul, STDOUT_FILENO);
		execl("/proc/self/exe", "test_conformance", (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	*passed = read(pipefd[0], buf, sizeof(buf) - 1) == 2 &&
		  !strcmp(buf, "ok");
	close(pipefd[0]);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

void conf_rerun_must_pass(const char *suite, const char *tcase,
			  const char *const *env)
{
	bool passed;
	int status = conf_rerun(suite, tcase, env, &passed);

	ck_assert_msg(status == 0 && passed, "re-run of %s/%s: exit %d, %s",
		      suite, tcase, status,
		      passed ? "ran to the end" : "did not run to the end");
}
