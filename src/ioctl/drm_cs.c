/* SPDX-License-Identifier: MIT */
#include <string.h>

#include <amdgpu_drm.h>

#include "drm_cs.h"

int uq_cs_submit_ib(amdgpu_device_handle adev, amdgpu_context_handle ctx,
		    uint32_t bo_list, uint32_t ip_type, uint32_t ring,
		    uint64_t ib_va, uint32_t ib_bytes, uint32_t syncobj_out,
		    uint64_t *seq)
{
	struct drm_amdgpu_cs_chunk_ib ib;
	struct drm_amdgpu_cs_chunk_sem out;
	struct drm_amdgpu_cs_chunk chunks[2];
	uint64_t seq_no = 0;
	int ret;

	memset(&ib, 0, sizeof(ib));
	ib.va_start = ib_va;
	ib.ib_bytes = ib_bytes;
	ib.ip_type = ip_type;
	ib.ring = ring;
	memset(&out, 0, sizeof(out));
	out.handle = syncobj_out;

	chunks[0].chunk_id = AMDGPU_CHUNK_ID_IB;
	chunks[0].length_dw = sizeof(ib) / 4;
	chunks[0].chunk_data = (uintptr_t)&ib;
	chunks[1].chunk_id = AMDGPU_CHUNK_ID_SYNCOBJ_OUT;
	chunks[1].length_dw = sizeof(out) / 4;
	chunks[1].chunk_data = (uintptr_t)&out;

	ret = amdgpu_cs_submit_raw2(adev, ctx, bo_list, 2, chunks, &seq_no);
	if (!ret && seq)
		*seq = seq_no;
	return ret;
}
