/* SPDX-License-Identifier: MIT */
/*
 * AMDGPU_INFO queries (gem-va-prt.md §9, userq.md §3), one thin wrapper per
 * query, with the project's own result structs where libdrm 2.4.114's are
 * shorter. Each fills struct drm_amdgpu_info, issues one drmCommandWrite()
 * and returns 0 or -errno.
 *
 * Errno the kernel documents for every query (amdgpu_info_ioctl): -EINVAL
 * for an unknown query, a zero return size or pointer, or an out-of-range
 * IP type or instance; -EFAULT when the result cannot be copied out. The
 * kernel copies min(return_size, its struct size) bytes, so every result
 * struct is zeroed first: an older kernel leaves newer fields 0.
 */
#ifndef UQ_SRC_DRM_INFO_H
#define UQ_SRC_DRM_INFO_H

#include <stdint.h>

#include "uapi/amdgpu_info.h"

/* AMDGPU_HW_IP_GFX .. AMDGPU_HW_IP_VPE: libdrm 2.4.114 stops before VPE. */
#define UQ_HW_IP_COUNT (AMDGPU_HW_IP_VPE + 1)

/**
 * uq_info_dev_info - AMDGPU_INFO_DEV_INFO, 448 bytes (userq_ip_mask,
 * KMS 3.64; libdrm 2.4.114's cached copy is 368 bytes and lacks it).
 * @fd: render node fd.
 * @out: result; zeroed first.
 */
int uq_info_dev_info(int fd, struct uapi_amdgpu_info_device *out);

/**
 * uq_info_hw_ip_count - AMDGPU_INFO_HW_IP_COUNT: instances of one IP type.
 * @ip: AMDGPU_HW_IP_*; -EINVAL for a type the kernel does not know.
 * @count: result.
 */
int uq_info_hw_ip_count(int fd, uint32_t ip, uint32_t *count);

/**
 * uq_info_hw_ip - AMDGPU_INFO_HW_IP_INFO, 40 bytes (userq_num_slots at
 * offset 32; kernels before ~6.17 fill only 32 bytes, leaving it 0).
 * @ip: AMDGPU_HW_IP_*.
 * @instance: IP instance; -EINVAL when >= the HW_IP_COUNT result.
 * @out: result; zeroed first.
 */
int uq_info_hw_ip(int fd, uint32_t ip, uint32_t instance,
		  struct uapi_amdgpu_info_hw_ip *out);

/**
 * uq_info_uq_fw_areas - AMDGPU_INFO_UQ_FW_AREAS (0x24, kernel 90c448fef312):
 * the firmware areas a user queue of @ip needs (GFX shadow and CSA,
 * COMPUTE EOP, SDMA CSA).
 * @ip: AMDGPU_HW_IP_GFX, _COMPUTE or _DMA.
 * @instance: IP instance.
 * @out: result; zeroed first.
 *
 * Besides the common errno: -ENOTSUPP (524) for an IP type the query does
 * not handle (the original GFX-only version), -EOPNOTSUPP when the IP has
 * no callback for it; -EINVAL on kernels without the query.
 */
int uq_info_uq_fw_areas(int fd, uint32_t ip, uint32_t instance,
			struct uapi_amdgpu_info_uq_metadata *out);

/**
 * uq_info_fw_version - AMDGPU_INFO_FW_VERSION of one firmware.
 * @fw_type: AMDGPU_INFO_FW_* (GFX_ME, GFX_PFP, GFX_MEC, MES...).
 * @ip_instance: IP instance (0).
 * @index: firmware index (MEC: pipe 0).
 * @version: result.
 * @feature: result (feature version).
 *
 * -EINVAL for a firmware type or index the kernel does not know.
 */
int uq_info_fw_version(int fd, uint32_t fw_type, uint32_t ip_instance,
		       uint32_t index, uint32_t *version, uint32_t *feature);

/**
 * uq_info_query - any AMDGPU_INFO query, for the raw answers a board file
 * is made from (SENSOR, VIDEO_CAPS, MEMORY, GDS_CONFIG, READ_MMR_REG...).
 * @query: AMDGPU_INFO_*.
 * @args: the 16 bytes of the request's union (query_hw_ip, query_fw,
 *        read_mmr_reg, sensor_info, video_cap), or NULL for zeros.
 * @out: result, @size bytes; zeroed first.
 */
int uq_info_query(int fd, uint32_t query, const uint32_t args[4], void *out,
		  uint32_t size);

#endif
