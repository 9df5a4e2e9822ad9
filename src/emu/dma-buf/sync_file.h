/* SPDX-License-Identifier: MIT */
/*
 * sync_file (drivers/dma-buf/sync_file.c): an fd holding one fence, as
 * SYNCOBJ_HANDLE_TO_FD with EXPORT_SYNC_FILE makes it. Needs the device
 * lock.
 */
#ifndef UQ_EMU_SYNC_FILE_H
#define UQ_EMU_SYNC_FILE_H

struct emu_fence;

/* sync_file_create + fd_install: a new O_CLOEXEC fd for fence, whose
 * reference the file takes over. The fd, or -errno (the reference is
 * then still the caller's). */
int emu_sync_file_install(struct emu_fence *fence);

/* sync_file_get_fence, borrowed: the fence of fd while the lock is held,
 * or NULL when fd is not a sync_file. */
struct emu_fence *emu_sync_file_fence(int fd);

#endif
