/* SPDX-License-Identifier: MIT */
/* poll(2) and ppoll(2) over the emulator's fds (select.c). */
#ifndef UQ_EMU_FS_SELECT_H
#define UQ_EMU_FS_SELECT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

struct pollfd;
struct timespec;

/*
 * do_sys_poll: the count of ready fds, or -errno (-EFAULT for a bad
 * array, -EINTR, -ENOMEM). utmo is the caller's timeout (NULL: wait for
 * ever); sigmask as ppoll's (NULL: none). *handled false when the real
 * call should be made, unchanged: the set names no emulated fd, is empty
 * or too large, or its timeout is invalid. Without the device lock held.
 */
int emu_do_sys_poll(struct pollfd *ufds, unsigned long n,
		    const struct timespec *utmo, const sigset_t *sigmask,
		    bool *handled);

#endif
