/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>

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
