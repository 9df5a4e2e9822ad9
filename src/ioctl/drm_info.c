/* SPDX-License-Identifier: MIT */
#include <string.h>

#include <xf86drm.h>

#include "drm_info.h"
#include "drm_ioctl.h"

static int info_query(int fd, struct drm_amdgpu_info *req)
{
	return uq_drm_command_write(fd, DRM_AMDGPU_INFO, req, sizeof(*req));
}

int uq_info_dev_info(int fd, struct uapi_amdgpu_info_device *out)
{
	struct drm_amdgpu_info req;

	memset(out, 0, sizeof(*out));
	memset(&req, 0, sizeof(req));
	req.return_pointer = (uintptr_t)out;
	req.return_size = sizeof(*out);
	req.query = AMDGPU_INFO_DEV_INFO;
	return info_query(fd, &req);
}

int uq_info_hw_ip_count(int fd, uint32_t ip, uint32_t *count)
{
	struct drm_amdgpu_info req;
	uint32_t result = 0;
	int ret;

	memset(&req, 0, sizeof(req));
	req.return_pointer = (uintptr_t)&result;
	req.return_size = sizeof(result);
	req.query = AMDGPU_INFO_HW_IP_COUNT;
	req.query_hw_ip.type = ip;
	ret = info_query(fd, &req);
	if (!ret)
		*count = result;
	return ret;
}

int uq_info_hw_ip(int fd, uint32_t ip, uint32_t instance,
		  struct uapi_amdgpu_info_hw_ip *out)
{
	struct drm_amdgpu_info req;

	memset(out, 0, sizeof(*out));
	memset(&req, 0, sizeof(req));
	req.return_pointer = (uintptr_t)out;
	req.return_size = sizeof(*out);
	req.query = AMDGPU_INFO_HW_IP_INFO;
	req.query_hw_ip.type = ip;
	req.query_hw_ip.ip_instance = instance;
	return info_query(fd, &req);
}

int uq_info_uq_fw_areas(int fd, uint32_t ip, uint32_t instance,
			struct uapi_amdgpu_info_uq_metadata *out)
{
	struct drm_amdgpu_info req;

	memset(out, 0, sizeof(*out));
	memset(&req, 0, sizeof(req));
	req.return_pointer = (uintptr_t)out;
	req.return_size = sizeof(*out);
	req.query = AMDGPU_INFO_UQ_FW_AREAS;
	req.query_hw_ip.type = ip;
	req.query_hw_ip.ip_instance = instance;
	return info_query(fd, &req);
}

int uq_info_fw_version(int fd, uint32_t fw_type, uint32_t ip_instance,
		       uint32_t index, uint32_t *version, uint32_t *feature)
{
	struct drm_amdgpu_info_firmware fw;
	struct drm_amdgpu_info req;
	int ret;

	memset(&fw, 0, sizeof(fw));
	memset(&req, 0, sizeof(req));
	req.return_pointer = (uintptr_t)&fw;
	req.return_size = sizeof(fw);
	req.query = AMDGPU_INFO_FW_VERSION;
	req.query_fw.fw_type = fw_type;
	req.query_fw.ip_instance = ip_instance;
	req.query_fw.index = index;
	ret = info_query(fd, &req);
	if (!ret) {
		*version = fw.ver;
		*feature = fw.feature;
	}
	return ret;
}

int uq_info_query(int fd, uint32_t query, const uint32_t args[4], void *out,
		  uint32_t size)
{
	struct drm_amdgpu_info req;

	memset(out, 0, size);
	memset(&req, 0, sizeof(req));
	req.return_pointer = (uintptr_t)out;
	req.return_size = size;
	req.query = query;
	if (args)
		memcpy(&req.read_mmr_reg, args, 4 * sizeof(uint32_t));
	return info_query(fd, &req);
}
