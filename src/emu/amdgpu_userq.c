/* SPDX-License-Identifier: MIT */
/* Placeholder until user queues are emulated: the ioctls are not there. */
#include <errno.h>

#include "amdgpu_userq.h"
#include "audit.h"

int amdgpu_userq_ioctl(struct emu_file *file, void *data)
{
	(void)file;
	(void)data;
	return -EINVAL;
}

int amdgpu_userq_signal_ioctl(struct emu_file *file, void *data)
{
	(void)file;
	(void)data;
	return -EINVAL;
}

int amdgpu_userq_wait_ioctl(struct emu_file *file, void *data)
{
	(void)file;
	(void)data;
	return -EINVAL;
}

int amdgpu_userq_mgr_init(struct emu_file *file)
{
	(void)file;
	return 0;
}

void amdgpu_userq_mgr_fini(struct emu_file *file)
{
	(void)file;
}

void amdgpu_userq_audit_file(struct emu_file *file, struct emu_audit *audit)
{
	(void)file;
	(void)audit;
}

void amdgpu_userq_audit_device(struct emu_audit *audit)
{
	(void)audit;
}
