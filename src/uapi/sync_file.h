/* SPDX-License-Identifier: MIT */
/*
 * sync_file ioctls (include/uapi/linux/sync_file.h). Debian 12's kernel
 * headers (6.1) lack SYNC_IOC_SET_DEADLINE, which came with 6.3; the
 * emulator's profiles are all newer.
 */
#ifndef UQ_UAPI_SYNC_FILE_H
#define UQ_UAPI_SYNC_FILE_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include "uq_assert.h"

#define UAPI_SYNC_IOC_MAGIC '>'

struct uapi_sync_merge_data {
	char name[32];
	__s32 fd2;
	__s32 fence; /* out: the new sync_file */
	__u32 flags;
	__u32 pad;
};
UQ_ASSERT_SIZE(struct uapi_sync_merge_data, 48);
UQ_ASSERT_OFF(struct uapi_sync_merge_data, fd2, 32);
UQ_ASSERT_OFF(struct uapi_sync_merge_data, fence, 36);
UQ_ASSERT_OFF(struct uapi_sync_merge_data, flags, 40);
UQ_ASSERT_OFF(struct uapi_sync_merge_data, pad, 44);

struct uapi_sync_file_info {
	char name[32];
	__s32 status;
	__u32 flags;
	__u32 num_fences;
	__u32 pad;
	__u64 sync_fence_info;
};
UQ_ASSERT_SIZE(struct uapi_sync_file_info, 56);
UQ_ASSERT_OFF(struct uapi_sync_file_info, status, 32);
UQ_ASSERT_OFF(struct uapi_sync_file_info, flags, 36);
UQ_ASSERT_OFF(struct uapi_sync_file_info, num_fences, 40);
UQ_ASSERT_OFF(struct uapi_sync_file_info, pad, 44);
UQ_ASSERT_OFF(struct uapi_sync_file_info, sync_fence_info, 48);

struct uapi_sync_set_deadline {
	__u64 deadline_ns;
	__u64 pad;
};
UQ_ASSERT_SIZE(struct uapi_sync_set_deadline, 16);
UQ_ASSERT_OFF(struct uapi_sync_set_deadline, pad, 8);

#define UAPI_SYNC_IOC_MERGE \
	_IOWR(UAPI_SYNC_IOC_MAGIC, 3, struct uapi_sync_merge_data)
#define UAPI_SYNC_IOC_FILE_INFO \
	_IOWR(UAPI_SYNC_IOC_MAGIC, 4, struct uapi_sync_file_info)
#define UAPI_SYNC_IOC_SET_DEADLINE \
	_IOW(UAPI_SYNC_IOC_MAGIC, 5, struct uapi_sync_set_deadline)

#endif
