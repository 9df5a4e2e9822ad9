/* SPDX-License-Identifier: MIT */
/*
 * drm_prime.c: GEM objects shared as dma-buf fds (PRIME), within the
 * process: a dma-buf of the emulated device imported into any of its DRM
 * files is the same GEM object again (amdgpu_gem_prime_import's shortcut
 * for its own dma-bufs), with a handle and a bo_va in the importing file.
 * No dma-buf of another exporter exists here, and a dma-buf fd cannot be
 * mmap()ed or polled.
 */
#ifndef UQ_EMU_DRM_PRIME_H
#define UQ_EMU_DRM_PRIME_H

struct emu_file;

/* DRM core ioctl handlers, listed in drm_ioctl.c's table. */
int emu_prime_handle_to_fd_ioctl(struct emu_file *file, void *data);
int emu_prime_fd_to_handle_ioctl(struct emu_file *file, void *data);

#endif
