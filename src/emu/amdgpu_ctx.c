/* SPDX-License-Identifier: MIT */
/* Placeholder until kernel command submission is emulated. */
#include <errno.h>

#include "amdgpu_ctx.h"
#include "audit.h"

int amdgpu_ctx_ioctl(struct emu_file *file, void *data)
{
	(void)file;
	(void)data;
	return -EINVAL;
}

int amdgpu_cs_ioctl(struct emu_file *file, void *data)
{
	(void)file;
	(void)data;
	return -EINVAL;
}

int amdgpu_cs_wait_ioctl(struct emu_file *file, void *data)
{
	(void)file;
	(void)data;
	return -EINVAL;
}

int amdgpu_cs_wait_fences_ioctl(struct emu_file *file, void *data)
{
	(void)file;
	(void)data;
	return -EINVAL;
}

int amdgpu_ctx_mgr_init(struct emu_file *file)
{
	(void)file;
	return 0;
}

void amdgpu_ctx_mgr_fini(struct emu_file *file)
{
	(void)file;
}

void amdgpu_ctx_audit_file(struct emu_file *file, struct emu_audit *audit)
{
	(void)file;
	(void)audit;
}
